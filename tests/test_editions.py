"""Editions from one source: paper sizes, print marks, the draft, and layout checks."""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from helpers import (
    EDITIONS,
    ROOT,
    Built,
    append,
    join_lines,
    main_text,
    page_count,
    page_text,
    pdf_text,
    printed_numbers,
    qdf,
    queries,
    run,
    run_build,
    tool,
    xml_pages,
)

pytestmark = pytest.mark.build  # whole builds: left out of mutation runs


MM = 72 / 25.4
SIZES = {"a4": (595.28, 841.89), "letter": (612, 792)}


def boxes(pdf: Path, name: str) -> list[list[float]]:
    with pikepdf.open(pdf) as document:
        return [[float(v) for v in page.obj[name]] for page in document.pages]


@pytest.mark.parametrize("stem", EDITIONS)
def test_each_edition_has_its_trim_size(editions: Built, stem: str) -> None:
    width, height = SIZES["letter" if "letter" in stem else "a4"]
    pdf = editions.pdf(stem)
    for x0, y0, x1, y1 in boxes(pdf, "/TrimBox"):
        assert abs(x1 - x0 - width) <= 0.5 and abs(y1 - y0 - height) <= 0.5


def test_print_editions_have_bleed_slug_and_crop_marks(editions: Built, mini: Path) -> None:
    """The real brief's print edition; and the small brief's letter-print edition, checked
    clean and on letter paper (the real brief is built in every edition but that one)."""
    status, out, _ = run_build(mini, "--paper", "letter", "--print", "--check", "--strict")
    assert status == 0 and "0 error(s), 0 warning(s)" in out
    for x0, y0, x1, y1 in boxes(mini / "output/brief-letter-print.pdf", "/TrimBox"):
        assert abs(x1 - x0 - SIZES["letter"][0]) <= 0.5
        assert abs(y1 - y0 - SIZES["letter"][1]) <= 0.5
    for pdf, page in ((editions.pdf("brief-print"), 5),
                      (mini / "output/brief-letter-print.pdf", 4)):
        crop_marks_in_the_slug(pdf, page)


def test_the_print_edition_is_laid_out_for_both_sides(editions: Built) -> None:
    """Printed on both sides: each folio at its page's outer edge (the left one on a
    left-hand page), and the back page the back of the last leaf: after a blank page, with
    neither running head nor folio, when the text ends on a right-hand page (the real
    brief's does: its screen edition has an odd number of pages)."""
    pdf, screen = editions.pdf("brief-print"), editions.pdf("brief")
    total = page_count(pdf)
    assert total % 2 == 0 and page_count(screen) == total - 1
    assert page_text(pdf, total - 1).strip() == ""
    assert page_text(pdf, total) == page_text(screen, total - 1)  # (the back page)
    pages, _ = xml_pages(pdf)
    sides = {}
    for number, page in enumerate(pages, 1):
        for segment in page.iter("text"):
            if re.fullmatch(rf"Page {number} of {total}", "".join(segment.itertext())):
                sides[number] = int(segment.get("left", 0)) < float(page.get("width", 0)) / 2
    assert len(sides) >= total - 4  # (all but the cover, the imprint, the blank, the back)
    assert sides == {number: number % 2 == 0 for number in sides}


def crop_marks_in_the_slug(pdf: Path, page: int) -> None:
    trims, bleeds, medias = (boxes(pdf, n) for n in ("/TrimBox", "/BleedBox", "/MediaBox"))
    for trim, bleed, media in zip(trims, bleeds, medias):
        assert all(abs(abs(b - t) - 3 * MM) < 0.01 for t, b in zip(trim, bleed))
        assert media[0] < bleed[0] and media[1] < bleed[1]
        assert media[2] > bleed[2] and media[3] > bleed[3]
    ink = ink_outside(pdf, page=page, bleed=bleeds[page - 1], media=medias[page - 1])
    assert ink >= 8 * 3  # eight marks, each several pixels long, all in the slug


def ink_outside(pdf: Path, page: int, bleed: list[float], media: list[float]) -> int:
    """Dark pixels of the rendered page that lie outside the bleed box."""
    dpi = 72
    pgm = run([tool("pdftoppm"), "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
               str(pdf)], check=True, text=False).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)
    assert header
    width, height = int(header[1]), int(header[2])
    pixels = pgm[header.end():]
    scale = dpi / 72
    left, right = (bleed[0] - media[0]) * scale, (bleed[2] - media[0]) * scale
    top, bottom = (media[3] - bleed[3]) * scale, (media[3] - bleed[1]) * scale
    dark = 0
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        for x in range(width):
            if row[x] < 128 and not (left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1):
                dark += 1
    return dark


def test_screen_links_are_coloured_and_print_links_are_not(editions: Built) -> None:
    screen = editions.html("brief")
    printed = editions.html("brief-print")
    assert 'class="paper-a4 screen ' in screen and 'class="paper-a4 print ' in printed


def test_the_figure_is_vector_with_caption_and_listed(editions: Built) -> None:
    pdf = editions.pdf()
    with pikepdf.open(pdf) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Stream):
                assert obj.get("/Subtype") != "/Image", "a raster image in the PDF"
    printed = printed_numbers(pdf)
    contents = join_lines(page_text(pdf, 3, body_only=True))
    match = re.search(r"Figure 1\. The agreements of the table below by year and category; "
                      r"each square carries the agreement’s number\. ?[. ]*(\d+)", contents)
    assert match, contents
    page = printed[int(match[1])]
    assert "Figure 1." in page_text(pdf, page)
    html = editions.html("brief")
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Timeline of the 27 '
                     r'agreements, 1992 to 2022: ', html)


def test_cross_references_print_the_right_pages(editions: Built) -> None:
    pdf = editions.pdf()
    printed = printed_numbers(pdf)
    text = " ".join(join_lines(main_text(pdf, i)) for i in range(1, page_count(pdf) + 1))
    refs = re.findall(r"Appendix, no\. (\d+), p\. (\d+)", text)
    assert len(refs) >= 7
    for number, page in refs:
        body = join_lines(main_text(pdf, printed[int(page)]))
        assert re.search(rf"(?:^| ){number} (?:\d{{4}}|[A-Z][a-z]+ \d)", body), (number, page)


def test_draft_shows_watermark_and_queries_and_the_default_neither(
        editions: Built, tmp_path: Path) -> None:
    listed = queries(editions.root)
    draft = join_lines(pdf_text(editions.pdf("brief-draft")))
    final = join_lines(pdf_text(editions.pdf()))
    pages = page_count(editions.pdf("brief-draft"))
    raw = pdf_text(editions.pdf("brief-draft"), "-raw")  # the mark is set at an angle
    assert re.findall(r"^DRAFT$", raw, re.M) == ["DRAFT"] * pages
    assert draft.count("Draft built") == pages - 1  # all but the full-bleed cover
    assert "DRAFT" not in pdf_text(editions.pdf(), "-raw")
    assert "Draft built" not in final and "Query" not in final
    assert len(listed) == 11
    for query in listed:
        probe = " ".join(query.split()[:6])
        assert probe in draft, probe
        assert probe not in final
    raw = qdf(editions.pdf(), tmp_path)
    assert "DRAFT" not in raw and listed[0][:30] not in raw


@pytest.mark.parametrize("stem", EDITIONS)
def test_no_name_is_split_by_hyphenation(editions: Built, stem: str) -> None:
    import yaml
    names = set(yaml.safe_load((ROOT / "content/brief.yaml").read_text())["unhyphenated"])
    pdf = editions.pdf(stem)
    text = pdf_text(pdf)
    for head, tail in re.findall(r"(\w+)-\n(\w+)", text):
        word = head + tail
        assert word not in names and not re.search("[ğĞıİşŞəƏçÇöÖüÜ]", word), (stem, word)


def test_the_draft_is_written_despite_errors_and_never_touches_the_brief(
        mini: Path) -> None:
    (mini / "output").mkdir()
    (mini / "output/brief.pdf").write_bytes(b"sentinel")
    with (mini / "content/01-first.md").open("a") as section:
        section.write("\nSee [](#nowhere) and [@no-such-key].\n")
    status, out, err = run_build(mini, "--draft")
    assert status == 1
    assert "content/01-first.md:11: error: cross-reference to unknown id 'nowhere'" in err
    assert "content/01-first.md:11: error: unknown citation key 'no-such-key'" in err
    assert (mini / "output/brief.pdf").read_bytes() == b"sentinel"
    text = join_lines(pdf_text(mini / "output/brief-draft.pdf"))
    assert "[?nowhere]" in text and "[?no-such-key]" in text
    status, _, err = run_build(mini)
    assert status == 1 and (mini / "output/brief.pdf").read_bytes() == b"sentinel"


def test_editions_built_beside_a_draft_say_the_brief_s_errors_once(mini: Path) -> None:
    """Each edition in a process of its own: the reading's errors are said with the first,
    and each edition says what became of its file."""
    append(mini / "content/01-first.md", "\nSee [@no-such-key].\n")
    status, out, err = run_build(mini, "--editions", "screen,draft,print")
    assert (status, out) == (1, "wrote output/brief-draft.pdf (6 pages) and "
                                "output/brief-draft.html, with 1 error(s)\n")
    assert err.splitlines() == [
        "content/01-first.md:11: error: unknown citation key 'no-such-key'; add it to "
        "content/references.yaml [unknown-citation]",
        "build failed with 1 error(s); no output/brief.pdf was written",
        "build failed with 1 error(s); no output/brief-print.pdf was written"]


def test_every_kind_of_cross_reference(mini: Path) -> None:
    with (mini / "content/01-first.md").open("a") as section:
        section.write("\nSee [](#annex), [](#first-a-subheading), [](#fig-treaties), "
                      "[](#annex-table) and [](#second-treaty).\n")
    with (mini / "content/02-annex.md").open("a") as annex:
        annex.write("\n::: {#fig-treaties .chart}\ndataset: treaties\ncaption: The treaties by "
                    "year.\ntimeline: {date: date, label: number, colour: category}\n:::\n")
    status, _, err = run_build(mini)
    assert (status, err) == (0, "")
    pdf = mini / "output/brief.pdf"
    printed = printed_numbers(pdf)
    text = join_lines(" ".join(main_text(pdf, i) for i in range(1, page_count(pdf) + 1)))
    match = re.search(r"See Annex, p\. (\d+), A Subheading, p\. (\d+), Figure 1, p\. (\d+), "
                      r"Table 1, p\. (\d+) and Annex, no\. 2, p\. (\d+)\.", text)
    assert match, text
    annex, subheading, figure, table, row = (printed[int(n)] for n in match.groups())
    assert main_text(pdf, annex).startswith("Annex")
    assert "A Subheading" in main_text(pdf, subheading)
    assert "Figure 1." in page_text(pdf, figure)
    assert "2 April 1994" in join_lines(main_text(pdf, row)) or \
        "2 April 1994 Second Treaty" in join_lines(main_text(pdf, row))

    assert table == row
