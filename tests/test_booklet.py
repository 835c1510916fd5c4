"""Booklets for office printers (brief/pdf/booklet.py, ``--booklet``): the real brief's 17
pages imposed two-up in saddle-stitch order, read back half-sheet by half-sheet in the order
a folded booklet is read; the booklet written beside its edition, and kept when a build
fails."""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pikepdf
import pytest
from helpers import Built, fixture_copy, run, run_build, tool

from brief.pdf.booklet import booklet, saddle_order


def folded(sheets: int) -> list[tuple[int, str]]:
    """Where each page of a folded booklet of ``sheets`` sheets is, in reading order:
    (imposed page, numbered from 1, 'left' or 'right'). Worked out from the folding itself
    (the sheets stacked, fronts up, folded in the middle), not from the imposition."""
    total, places = 4 * sheets, []
    for page in range(1, total + 1):
        mirror = page <= total // 2
        q = page if mirror else total + 1 - page
        sheet, front = (q - 1) // 2, q % 2 == 1
        side = 2 * sheet + (1 if front else 2)
        places.append((side, ("right" if front else "left") if mirror
                       else ("left" if front else "right")))
    return places


def words(pdf: Path, halves: bool = False) -> list[list[str]]:
    """The words of each page (with ``halves``, of each half of each page, left then
    right), sorted: one run of pdftotext for the whole file."""
    out = run([tool("pdftotext"), "-bbox", str(pdf), "-"]).stdout
    found = []
    for page in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', out, re.S):
        middle = float(page[0]) / 2
        placed = [(float(x), html.unescape(w)) for x, w in
                  re.findall(r'<word xMin="([\d.]+)"[^>]*>(.*?)</word>', page[1])]
        parts = [[w for x, w in placed if x < middle], [w for x, w in placed if x >= middle]] \
            if halves else [[w for _, w in placed]]
        found += [sorted(part) for part in parts]
    return found


def test_the_saddle_order_puts_the_blanks_before_the_back_page() -> None:
    assert saddle_order(4) == [3, 0, 1, 2]
    assert saddle_order(8) == [7, 0, 1, 6, 5, 2, 3, 4]
    order = saddle_order(17)
    assert len(order) == 20 and order[:2] == [16, 0]  # the back page is the first sheet's
    reading = [order[2 * (side - 1) + (half == "right")] for side, half in folded(5)]
    assert reading == list(range(16)) + [None] * 3 + [16]


def folios(pdf: Path) -> list[tuple[str, int]]:
    """Where each folio ("Page N of M") of the PDF stands, in page order: the half of the
    page its first word is in (on a booklet's sheet: which page) and the quarter (1 to 4,
    from the left)."""
    out = run([tool("pdftotext"), "-bbox", str(pdf), "-"]).stdout
    found = []
    for width, page in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', out, re.S):
        for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>Page</word>', page):
            quarter = int(4 * float(x) / float(width)) + 1
            found.append(("left" if quarter <= 2 else "right", quarter))
    return found


def test_the_real_brief_folds_into_its_pages_in_order(editions: Built, tmp_path: Path) -> None:
    source = editions.pdf()
    imposed = tmp_path / "brief-booklet.pdf"
    imposed.write_bytes(booklet(source.read_bytes(), "Turkey–Azerbaijan Relations"))
    with pikepdf.open(source) as brief, pikepdf.open(imposed) as sheets:
        assert len(brief.pages) == 17 and len(sheets.pages) == 10  # (5 sheets, both sides)
        width, height = (float(v) for v in brief.pages[0].mediabox[2:])
        for side in sheets.pages:
            assert [round(float(v)) for v in side.mediabox] == [0, 0, round(2 * width),
                                                                 round(height)]
    assert (round(2 * width), round(height)) == (1191, 842)  # A3 landscape, for A4 pages
    pages, sides = words(source), words(imposed, halves=True)
    read = [sides[2 * (side - 1) + (half == "right")] for side, half in folded(5)]
    assert read == pages[:16] + [[], [], []] + pages[16:]
    assert all(read[:16]) and read[19]


def test_booklet_writes_it_beside_the_edition_and_a_failed_build_keeps_it(
        tmp_path: Path) -> None:
    mini = fixture_copy(tmp_path, "mini")
    status, out, err = run_build(mini, "--booklet", "--paper", "letter")
    assert status == 0, err
    made = mini / "output/brief-letter-booklet.pdf"
    assert "brief-letter-booklet.pdf (2 sheets)" in out
    with pikepdf.open(made) as sheets, pikepdf.open(mini / "output/brief-letter.pdf") as pdf:
        assert len(pdf.pages) == 6 and len(sheets.pages) == 4
        assert [float(v) for v in sheets.pages[0].mediabox] == [0, 0, 1224, 792]  # Tabloid
    # Each folio at its page's outer edge, as the print edition sets them (the screen
    # edition's stand at the right of every page: at the fold on a left-hand one).
    assert folios(made) == [("right", 4), ("left", 1), ("right", 4)]
    assert folios(mini / "output/brief-letter.pdf") == [("right", 4)] * 3
    before = made.read_bytes()
    section = mini / "content/01-first.md"
    section.write_text(section.read_text("utf-8") + "\nSee [@nowhere].\n", "utf-8")
    status, _, err = run_build(mini, "--booklet", "--paper", "letter")
    assert status == 1 and made.read_bytes() == before, err


def test_a_booklet_is_the_same_to_the_byte_when_imposed_twice(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(Its forms named after their pages, not at random; its file id derived from its
    content, not qpdf's clock, which within one second would not show.)"""
    import weasyprint

    from brief.pdf.booklet import booklet
    pdf = weasyprint.HTML(string="<p>One</p><p style='break-before: page'>Two</p>").write_pdf()
    saved: list[dict] = []
    save = pikepdf.Pdf.save
    monkeypatch.setattr(pikepdf.Pdf, "save", lambda self, *args, **options: saved.append(
        options) or save(self, *args, **options))
    assert booklet(pdf, "A title") == booklet(pdf, "A title")
    assert saved[0]["deterministic_id"] is True


def test_each_sheet_side_holds_two_pages_side_by_side_at_their_own_size() -> None:
    """(A four-page brief: the first side holds the back page and the first, each placed
    at the sheet's left edge or at its middle, unscaled.)"""
    import io

    import weasyprint
    pdf = weasyprint.HTML(string="".join(f"<p style='break-before: page'>{n}</p>"
                                         for n in range(4))).write_pdf()
    with pikepdf.open(io.BytesIO(pdf)) as brief:
        width = float(brief.pages[0].mediabox[2])
    with pikepdf.open(io.BytesIO(booklet(pdf, "T"))) as sheets:
        placed, operators = [], []
        for side in sheets.pages:
            matrix = None
            operators.append([str(o) for _, o in pikepdf.parse_content_stream(side)])
            for operands, operator in pikepdf.parse_content_stream(side):
                if str(operator) == "cm":
                    matrix = [round(float(v), 3) for v in operands]
                elif str(operator) == "Do":
                    placed.append((str(operands[0]), matrix))
        assert placed == [("/Page4", [1, 0, 0, 1, 0, 0]),
                          ("/Page1", [1, 0, 0, 1, round(width, 3), 0]),
                          ("/Page2", [1, 0, 0, 1, 0, 0]),
                          ("/Page3", [1, 0, 0, 1, round(width, 3), 0])]
        assert operators == [["q", "q", "cm", "Do", "Q", "Q"] * 2] * 2  # (balanced states)


def test_a_booklet_is_saved_compact() -> None:
    """Its streams compressed (the sides' placements too) and its objects packed in
    object streams."""
    import weasyprint
    pdf = weasyprint.HTML(string="<p>One</p>").write_pdf()
    data = booklet(pdf, "T")
    assert b"/ObjStm" in data
    with pikepdf.open(io.BytesIO(data)) as sheets:
        contents = sheets.pages[0].obj.Contents
        for stream in (contents if isinstance(contents, pikepdf.Array) else [contents]):
            assert stream.get("/Filter") == pikepdf.Name.FlateDecode


def test_a_page_is_measured_by_its_trim_box_wherever_it_lies() -> None:
    """(The print edition's trim box lies inside its bleed, away from the page's origin.)"""
    from brief.pdf.booklet import _size
    document = pikepdf.new()
    page = document.add_blank_page(page_size=(300, 400))
    page.trimbox = pikepdf.Array([10, 20, 110, 220])
    assert _size(page) == (100.0, 200.0)
