"""The briefing book (``python build.py book BOOK.yaml``, brief/book/): the real brief, the
French fixture and a memo bound into one PDF, built in the background (the archival book:
the same pages as the plain one, and every brief's data attached): its contents against
its pages and page labels, its bookmarks, each brief's notes and bibliography, its
attachments; its booklet; then a brief broken, and the book kept."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pikepdf
import pytest
from helpers import (
    ENVIRONMENT,
    ROOT,
    bibliography_entries,
    edit,
    fixture_copy,
    letters,
    note_calls,
    page_text,
    printed_notes,
    python,
    run,
    tool,
)

BOOK = """title: Briefing pack for the delegation
subtitle: Three briefs for the meeting of 12 December
date: '2026-12'
publisher:
  name: Institute of Armenian Studies
covers: title-page
briefs:
  - real
  - french
  - memo
"""
TITLES = ["Turkey–Azerbaijan Relations", "L’eau du bassin : un enjeu partagé", "A Small Brief"]


def bound(folder: Path) -> dict:
    """The book built with its booklet; then its memo given an unknown citation on its last
    line and the book built again. (Started by tests/conftest.py in the background; its
    first build of the real brief's archival edition is that edition's rebuild for
    tests/test_distribution.py, in a fresh process, with the brief's own date.)"""
    import shutil
    env = {k: v for k, v in ENVIRONMENT.items() if k != "SOURCE_DATE_EPOCH"}
    shutil.copytree(ROOT / "content", folder / "real" / "content")
    fixture_copy(folder, "french")
    memo = fixture_copy(folder, "mini")
    memo.rename(folder / "memo")
    edit(folder / "memo/content/brief.yaml", "layout: report", "layout: memo")
    (folder / "pack.yaml").write_text(BOOK, "utf-8")
    built = python(str(ROOT / "build.py"), "book", str(folder / "pack.yaml"), "--archival",
                   "--booklet", env=env)
    pdf = folder / "output/pack-archival.pdf"
    made = pdf.read_bytes() if pdf.exists() else b""
    section = folder / "memo/content/01-first.md"
    lines = section.read_text("utf-8").splitlines() + ["", "As [@nobody-wrote-this] says."]
    section.write_text("\n".join(lines) + "\n", "utf-8")
    broken = python(str(ROOT / "build.py"), "book", str(folder / "pack.yaml"), "--archival",
                    env=env)
    return {"folder": folder, "built": built, "made": made, "broken": broken,
            "line": len(lines),
            "kept": pdf.read_bytes() if pdf.exists() else b""}


def listed(contents: str) -> dict[str, int]:
    """The contents' entries: the letters of each title → the page printed after it."""
    return {letters(m[1]): int(m[2]) for m in re.finditer(r"(?m)^\s*(.*?)[ .]*?(\d+)$",
                                                          contents)}


def outline(pdf: Path) -> list[tuple[str, int, list]]:
    """The bookmarks: (title, page from 1, the bookmarks under it)."""
    with pikepdf.open(pdf) as document:
        pages = {page.objgen: n for n, page in enumerate(document.pages, start=1)}

        def walk(items: list) -> list[tuple[str, int, list]]:
            return [(str(i.title), pages[i.destination[0].objgen], walk(i.children))
                    for i in items]
        with document.open_outline() as found:
            return walk(found.root)


def labels(pdf: Path) -> list[str]:
    """Each page's label as a viewer shows it (pikepdf: the page label dictionary)."""
    with pikepdf.open(pdf) as document:
        return [pikepdf.Page(page).label for page in document.pages]


def part(book: Path, first: int, last: int, folder: Path) -> Path:
    """The book's pages ``first`` to ``last`` as a PDF of their own."""
    out = folder / f"part-{first}.pdf"
    run([tool("qpdf"), str(book), "--pages", str(book), f"{first}-{last}", "--", str(out)])
    return out


def test_a_book_of_three_briefs_lists_each_at_its_page(packed: dict) -> None:
    assert packed["built"].returncode == 0, packed["built"].stderr
    book = packed["folder"] / "output/pack-archival.pdf"
    marks = outline(book)
    assert [title for title, _, _ in marks] == ["Briefing pack for the delegation"]
    briefs = marks[0][2]
    assert [letters(title) for title, _, _ in briefs] == [letters(t) for t in TITLES]
    contents = listed(page_text(book, 2))
    shown = labels(book)
    assert shown[:2] == ["i", "ii"]
    for (title, first, sections), folder in zip(briefs, ("real", "french", "memo")):
        assert contents[letters(title)] == first, (title, contents)
        assert shown[first - 1] == str(first)  # the page label agrees with the contents
        assert letters(title) in letters(page_text(book, first))
        alone = outline(packed["folder"] / folder / "output/brief-archival.pdf")
        assert [(t, p + first - 1) for t, p, _ in alone] == [(t, p) for t, p, _ in sections]
        for name, page, _ in sections:  # listed with its page, which prints that folio
            assert contents[letters(name)] == page
            if (folio := re.search(r"Page (\d+) (?:of|sur) (\d+)", page_text(book, page))):
                assert folio.groups() == (str(page), str(len(shown)))


def test_each_brief_in_the_book_keeps_its_notes_and_its_own_bibliography(
        packed: dict, tmp_path: Path) -> None:
    book = packed["folder"] / "output/pack-archival.pdf"
    briefs = outline(book)[0][2]
    ends = [first - 1 for _, first, _ in briefs[1:]] + [len(labels(book))]
    lists = []
    for (title, first, sections), last in zip(briefs, ends):
        pages = part(book, first, last, tmp_path)
        notes, calls = printed_notes(pages), note_calls(pages)
        assert notes or title == "A Small Brief"
        assert {n: page for n, (page, _) in notes.items()} == \
            {n: page for n, page in calls.items() if n in notes}, title
        where = [page for name, page, _ in sections if name in ("Bibliography", "Bibliographie")]
        if where:
            lists.append(bibliography_entries(pages, where[0] - first + 1, last - first + 1))
    alone = [packed["folder"] / name / "output/brief-archival.pdf" for name in ("real", "french")]
    for entries, pdf in zip(lists, alone):
        start = [page for name, page, _ in outline(pdf)
                 if name in ("Bibliography", "Bibliographie")][0]
        assert entries == bibliography_entries(pdf, start, len(labels(pdf)))
    assert len(lists) == 2 and not set(lists[0]) & set(lists[1])


def test_every_link_of_the_book_leads_into_its_own_brief_or_from_the_contents(
        packed: dict) -> None:
    with pikepdf.open(packed["folder"] / "output/pack-archival.pdf") as book:
        pages = {page.objgen: n for n, page in enumerate(book.pages, start=1)}
        tree = book.Root.Names.Dests.Names
        dests = {str(tree[n]): pages[tree[n + 1][0].objgen] for n in range(0, len(tree), 2)}
        starts = [first for _, first, _ in outline(packed["folder"] /
                                                   "output/pack-archival.pdf")[0][2]]
        brief = lambda page: sum(page >= first for first in starts)  # noqa: E731 (0: the book's)
        links = [(n, dests[str(a.Dest)]) for n, page in enumerate(book.pages, start=1)
                 for a in page.obj.get("/Annots", []) if "/Dest" in a]
    assert len(links) > 50
    assert all(brief(here) == brief(there) for here, there in links if brief(here))
    assert sorted({there for here, there in links if not brief(here)}) == sorted(
        set(starts) | {page for title, first, sections in outline(
            packed["folder"] / "output/pack-archival.pdf")[0][2] for _, page, _ in sections})


def ink(pdf: Path, page: int, folder: Path) -> float:
    """How dark a page is on average (0 white, 1 black), drawn at 20 dpi."""
    folder.mkdir()
    run([tool("pdftoppm"), "-r", "20", "-gray", "-f", str(page), "-l", str(page), str(pdf),
         str(folder / "page")], check=True)
    drawn = next(folder.glob("page*.pgm")).read_bytes()
    pixels = drawn[drawn.index(b"255\n") + 4:]
    return 1 - sum(pixels) / (255 * len(pixels))


def test_covers_reduced_to_title_pages_print_their_words_on_white(
        packed: dict, tmp_path: Path) -> None:
    book = packed["folder"] / "output/pack-archival.pdf"
    first = outline(book)[0][2][0][1]  # the real brief's cover: a panel of its accent alone
    alone = ink(packed["folder"] / "real/output/brief-archival.pdf", 1, tmp_path / "a")
    assert alone > 0.15 and ink(book, first, tmp_path / "b") < 0.05
    assert "Turkey" in page_text(book, first)


def test_a_book_folds_as_a_booklet(packed: dict) -> None:
    folder = packed["folder"] / "output"
    with pikepdf.open(folder / "pack-archival.pdf") as book, \
            pikepdf.open(folder / "pack-archival-booklet.pdf") as sheets:
        assert len(sheets.pages) == -(-len(book.pages) // 4) * 2


def test_the_archival_book_attaches_every_brief_s_data(packed: dict) -> None:
    folder = packed["folder"]
    with pikepdf.open(folder / "output/pack-archival.pdf") as book:
        names = [str(name) for name in book.Root.Names.EmbeddedFiles.Names[::2]]
        attached = {name: bytes(book.Root.Names.EmbeddedFiles.Names[2 * n + 1].EF.F.read_bytes())
                    for n, name in enumerate(names)}
        assert len(book.Root.AF) == len(names)
        assert book.open_metadata().get("pdfaid:part") == "3"
    for slug in ("real", "french", "memo"):
        with pikepdf.open(folder / slug / "output/brief-archival.pdf") as alone:
            own = alone.Root.Names.EmbeddedFiles.Names
            for n in range(0, len(own), 2):
                assert attached[f"{slug}-{own[n]}"] == own[n + 1].EF.F.read_bytes()


def test_a_failing_brief_fails_the_book_by_its_line_and_keeps_the_last(packed: dict) -> None:
    broken = packed["broken"]
    assert broken.returncode == 1
    assert re.search(rf"memo/content/01-first\.md:{packed['line']}: error: .*nobody-wrote-this",
                     broken.stderr)
    assert "pack-archival.pdf was left unchanged" in broken.stderr
    assert packed["kept"] == packed["made"] != b""


def test_a_bad_book_file_is_said_whole_at_its_lines(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    import build
    fixture_copy(tmp_path, "mini")
    book = tmp_path / "pack.yaml"
    book.write_text("title: Pack\ndate: 2026-13\npublisher: {name: P}\ncovers: maybe\n"
                    "briefs: [mini, nowhere]\ncolour: red\n", "utf-8")
    assert build.main(["book", str(book)]) == 1
    said = capsys.readouterr().err.splitlines()
    assert [re.sub(r" .*\[", " [", line.replace(str(tmp_path), "")) for line in said] == [
        "/pack.yaml:2: [bad-date]", "/pack.yaml:4: [bad-value]", "/pack.yaml:5: [no-brief]",
        "/pack.yaml:6: [unknown-field]", "book failed; no /output/pack.pdf was written"]
    assert not (tmp_path / "output").exists()


def _stand_in(pages: int, titles: tuple[str, ...], attached: bool = False) -> bytes:
    """A brief's PDF as its build writes it, stood in for: ``pages`` pages, a bookmark for
    each heading of ``titles`` (one a page); ``attached``: its data attached, as the
    archival edition's."""
    import weasyprint
    body = "".join(f"<h1 style='break-before: page'>{t}</h1>" for t in titles)
    body += "<p style='break-before: page'>more</p>" * (pages - len(titles))
    data = [weasyprint.Attachment(string="{}", name="data.json")] if attached else []
    return weasyprint.HTML(string=f"<html lang=en><title>x</title><body>{body}</body></html>"
                           ).write_pdf(pdf_variant="pdf/ua-1", attachments=data)


def _briefs_for_a_book(folder: Path) -> tuple[Path, list[tuple[Path, list[str]]], Callable]:
    """The mini and French fixtures and a book file naming them; a stand-in for the
    builds, which writes each brief's PDF where its build would (2 and 3 pages, one more
    in the book for the briefs ``grow`` names; its data attached where ``attached``) and
    records what it was asked."""
    from brief.handed import Edition
    from brief.read.inputs import Reader
    from brief.read.load import output_options
    for name in ("mini", "french"):
        fixture_copy(folder, name)
    (folder / "pack.yaml").write_text(
        "title: The pack\nsubtitle: Two \"briefs\"\ndate: '2026-12'\npublisher:\n  name: An "
        "Institute\ncovers: title-page\nbriefs: [mini, french]\n", "utf-8")
    asked: list[tuple[Path, list[str]]] = []

    def builds(jobs: list[tuple[Path, list[str]]], grow: tuple[str, ...] = (),
               fail: bool = False, attached: bool = False) -> int:
        asked.extend(jobs)
        for brief, given in jobs:
            name, paper = output_options(Reader(brief.resolve()))
            book = (1, 1) if "--in-book" in given else None
            stem = Edition(paper or "a4", archival="--archival" in given, name=name,
                           book=book).stem
            pages = (2 if brief.name == "mini" else 3) + (book is not None and brief.name in grow)
            (brief / "output").mkdir(exist_ok=True)
            (brief / "output" / f"{stem}.pdf").write_bytes(_stand_in(pages, ("One", "Two"),
                                                                     attached))
        return int(fail)
    return folder / "pack.yaml", asked, builds


def test_a_book_is_bound_from_its_briefs_builds_at_the_pages_it_gives_them(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The book's conductor (brief/book/make.py) in this process, the briefs' builds stood
    in for: each brief built alone, then again at its first page in the book; the book's
    pages, bookmarks and message; then a brief that takes another number of pages in the
    book, and a brief that fails: the book not written, said."""
    import functools

    from brief.book.make import make_book
    from brief.book.plan import BookRun
    path, asked, builds = _briefs_for_a_book(tmp_path)
    options = BookRun(path, strict=True)
    assert make_book(options, builds) == 0, capsys.readouterr().err
    folders = [tmp_path / "mini", tmp_path / "french"]
    book = tmp_path / "output/pack.pdf"
    with pikepdf.open(book) as document:
        front = len(document.pages) - 5
        lang = str(document.Root.get("/Lang"))
    assert front >= 1 and lang == "en-US"  # (the first brief's: the front's language)
    assert asked == [(folders[0], ["--strict"]), (folders[1], ["--strict"]),
                     (folders[0], ["--strict", "--in-book", f"{front + 1},{front + 5},title-page"]),
                     (folders[1], ["--strict", "--in-book", f"{front + 3},{front + 5},title-page"])]
    mini, french = TITLES[2], TITLES[1]
    assert [(letters(t), p, [(s, q) for s, q, _ in c]) for t, p, c in outline(book)[0][2]] == [
        (letters(mini), front + 1, [("One", front + 1), ("Two", front + 2)]),
        (letters(french), front + 3, [("One", front + 3), ("Two", front + 4)])]
    assert outline(book)[0][:2] == ("The pack", 1)
    assert capsys.readouterr().out == f"wrote {book} ({front + 5} pages)\n"
    from helpers import pdf_text
    front_text = pdf_text(book, "-f", "1", "-l", str(front))
    assert "Contents" in front_text and "Two \u201cbriefs\u201d" in front_text
    assert "December 2026" in front_text
    made = book.read_bytes()
    asked.clear()
    assert make_book(options, functools.partial(builds, grow=("mini", "french"))) == 1
    assert capsys.readouterr().err.endswith(
        f"book failed: {folders[0]}, {folders[1]} took another number of pages with the "
        f"book's folios; build the book again; {book} was left unchanged\n")
    assert make_book(options, functools.partial(builds, fail=True)) == 1
    assert capsys.readouterr().err == "book failed: a brief failed (its messages are above)" \
                                      f"; {book} was left unchanged\n"
    assert book.read_bytes() == made and len(asked) == 6  # (2 and 2, then 2: none more)

    def fail_in_the_book(jobs: list[tuple[Path, list[str]]]) -> int:
        return builds(jobs) or int(any("--in-book" in given for _, given in jobs))
    assert make_book(options, fail_in_the_book) == 1
    assert capsys.readouterr().err == "book failed: a brief failed in the book (its " \
                                      f"messages are above); {book} was left unchanged\n"
    archival = BookRun(path, archival=True)
    assert make_book(archival, builds) == 0
    with pikepdf.open(tmp_path / "output/pack-archival.pdf") as document:
        assert document.open_metadata().get("pdfaid:part") == "3"  # (its front: PDF/A-3)
    assert asked[-1] == (folders[1], ["--archival", "--in-book",
                                      f"{front + 3},{front + 5},title-page"])
    capsys.readouterr()
    from brief.book.make import _write
    from brief.diagnostics import Diagnostic, Loc
    said = Diagnostic(Loc("output/pack.html", 3), "warning", "a word runs long")
    assert _write(book, _stand_in(5, ()), [said], True, "The pack") == 0
    folded = tmp_path / "output/pack-booklet.pdf"
    assert capsys.readouterr() == (f"wrote {book} (5 pages) and {folded}\n", f"{said}\n")
    with pikepdf.open(folded) as document:
        assert len(document.pages) == 4  # (two sheets: two pages a side, both sides)
        assert str(document.docinfo["/Title"]) == "The pack"


def test_a_book_file_is_read_into_what_to_bind_and_its_problems_are_at_its_lines(
        tmp_path: Path) -> None:
    from brief.book.plan import Book, read_book
    from brief.diagnostics import Loc
    from brief.model import PartialDate
    fixture_copy(tmp_path, "mini")
    path = tmp_path / "pack.yaml"
    path.write_text("title: Pack\nsubtitle: Four briefs\ndate: '2026-12'\npublisher: {name: "
                    "P}\nlanguage: fr\ncovers: title-page\nbriefs:\n  - mini\n", "utf-8")
    assert read_book(path) == (Book("Pack", PartialDate(2026, 12), "P", (
        (tmp_path / "mini", Loc(str(path), 8)),), tmp_path / "output/pack.pdf",
        "Four briefs", "fr", True), [])
    path.write_text("title: Pack\ndate: '2026'\npublisher: {name: P}\ncovers: keep\n"
                    "briefs: [mini]\n", "utf-8")
    book, found = read_book(path)
    assert found == [] and book is not None and (book.subtitle, book.language,
                                                 book.title_pages) == (None, None, False)

    def said(text: str) -> list[tuple[str, str, str]]:
        path.write_text(text, "utf-8")
        book, found = read_book(path)
        assert book is None and all(d.level == "error" for d in found)
        return [(str(d.loc), d.code, d.message) for d in found]
    assert said("") == [(f"{path}:1", "empty-file", "the file is empty; it needs title, "
                         "date, publisher and briefs")]
    assert [(loc, code) for loc, code, _ in said("- a\n")] == [(f"{path}:1", "wrong-kind")]
    assert [(loc, code) for loc, code, _ in said("title: [\n")] == [(f"{path}:2",
                                                                      "yaml-syntax")]
    assert [(loc, code) for loc, code, _ in said(
        "title: Pack\ndate: 2026\npublisher: {name: P}\nbriefs: mini\n")] == [
        (f"{path}:2", "wrong-kind"), (f"{path}:4", "wrong-kind")]
    assert said("title: Pack\ndate: '2026-13'\npublisher: {name: P}\nbriefs: [mini, 3]\n") == [
        (f"{path}:4", "wrong-kind", "item 2 of 'briefs' in the book file pack.yaml must be "
                                    "text, not int 3 (quote it to make it text)"),
        (f"{path}:2", "bad-date", "impossible date '2026-13' in field 'date': month 13 is not "
                                  "1-12; write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', only as "
                                  "precise as the source")]
    assert said("title: Pack\ndate: '2026'\npublisher: {name: P}\nbriefs: [mini]\n"
                "title: Again\n") == [(f"{path}:5", "duplicate-key", "duplicate key 'title' "
                                       "(first given at line 1); keep one")]
    path.unlink()
    book, found = read_book(path)
    assert book is None and [(str(d.loc), d.code, d.message) for d in found] == [
        (f"{path}", "missing-file", "cannot read file 'pack.yaml': no such file or directory")]


def test_each_brief_is_listed_with_its_sections_at_their_pages_in_the_book() -> None:
    from dataclasses import replace
    from types import SimpleNamespace

    from brief.book.front import Entry, Listed, book_date
    from brief.book.make import _entries
    from brief.book.plan import Book
    from brief.model import PartialDate
    meta = SimpleNamespace(title='Water "now"', authors=("A B", "C D"))
    assert _entries([(_stand_in(3, ("One", "Two")), "fr", meta)], [7]) == [Entry(
        "Water «\u202fnow\u202f»", "A B, C D", "fr", 7,
        (Listed("One", 1, 7), Listed("Two", 1, 8)))]
    book = Book("T", PartialDate(2026, 3, 5), "P", (), Path("out.pdf"))
    assert book_date(book).isoformat() == "2026-03-05T00:00:00+00:00"
    assert book_date(replace(book, date=PartialDate(2026))).isoformat() == \
        "2026-01-01T00:00:00+00:00"


def test_a_brief_s_bookmarks_at_every_depth_move_to_its_pages_in_the_book(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from brief.book import make
    from brief.book.bind import Mark
    monkeypatch.setattr(make, "bookmarks", lambda pdf: [
        Mark("One", 0, (Mark("One, first part", 1, (Mark("Deeper", 2, ()),)),))])
    marks, targets = make._marks(SimpleNamespace(title="The pack"),
                                 [(b"", "en", SimpleNamespace(title="A brief"))], [5])
    [(title, page, [brief])] = [(m.title, m.page, list(m.children)) for m in marks]
    section = brief.children[0]
    assert (title, page, brief.title, brief.page, section.page) == ("The pack", 0, "A brief",
                                                                    4, 4)
    assert [(m.title, m.page) for m in (section.children[0], section.children[0].children[0])] \
        == [("One, first part", 5), ("Deeper", 6)]
    assert targets == {"book-1": 4, "book-1-1": 4}


def test_the_book_s_front_prints_its_words_as_written_and_says_problems_at_its_html(
        tmp_path: Path) -> None:
    from helpers import pdf_text

    from brief.book.front import front_pdf
    from brief.book.plan import Book
    from brief.model import PartialDate
    book = Book("A <b>bold</b> & pack", PartialDate(2026, 12), "The Publisher", (),
                tmp_path / "output/pack.pdf", "Sub 中")
    pdf, pages, found = front_pdf(book, "en", [])
    (tmp_path / "front.pdf").write_bytes(pdf)
    words = pdf_text(tmp_path / "front.pdf")
    assert pages == 2 and "A <b>bold</b> & pack" in words and "THE PUBLISHER" in words
    assert [str(d) for d in found] == [
        f"{tmp_path}/output/pack.html: error: no bundled font has '中' (U+4E2D); the layout "
        "itself prints it, not the brief's text; change that style [missing-glyph]"]


def test_a_book_whose_contents_take_another_number_of_pages_is_not_written(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.book import make
    from brief.book.plan import BookRun
    path, _, builds = _briefs_for_a_book(tmp_path)
    real, made = make.front_pdf, []

    def longer_the_second_time(*given: object) -> tuple:
        pdf, pages, found = real(*given)  # type: ignore[arg-type]
        made.append(pages)
        return pdf, pages + len(made) - 1, found
    monkeypatch.setattr(make, "front_pdf", longer_the_second_time)
    assert make.make_book(BookRun(path), builds) == 1
    book = tmp_path / "output/pack.pdf"
    assert capsys.readouterr().err.endswith(
        "book failed: the contents took another number of pages; build the book again; no "
        f"{book} was written\n") and not book.exists()


def test_a_book_that_cannot_be_written_says_why_and_keeps_the_last(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.book.make import _write
    from brief.run import outputs

    def full(files: dict) -> None:
        raise outputs.WriteError("cannot write output/pack.pdf: no space left on device")
    monkeypatch.setattr(outputs, "write_together", full)
    book = tmp_path / "output/pack.pdf"
    assert _write(book, _stand_in(1, ()), [], False, "The pack") == 1
    assert capsys.readouterr().err == ("book failed: cannot write output/pack.pdf: no space "
                                       f"left on device; no {book} was written\n")


def test_a_book_keeps_each_brief_s_cover_unless_asked_and_binds_the_archival_alone(
        tmp_path: Path) -> None:
    """(The briefs' builds stood in for: only the archival ones are made here.) Each
    brief's attached data is named in the book by its folder; the archival book's booklet
    is written beside it, titled by the book."""
    import functools

    from brief.book.make import make_book
    from brief.book.plan import BookRun
    path, asked, builds = _briefs_for_a_book(tmp_path)
    path.write_text(path.read_text("utf-8").replace("covers: title-page\n", ""), "utf-8")
    assert make_book(BookRun(path, booklet=True, archival=True),
                     functools.partial(builds, attached=True)) == 0
    with pikepdf.open(tmp_path / "output/pack-archival.pdf") as document:
        front = len(document.pages) - 5
        assert sorted(document.attachments) == ["french-data.json", "mini-data.json"]
    assert [given[-1] for _, given in asked if "--in-book" in given] == [
        f"{front + 1},{front + 5}", f"{front + 3},{front + 5}"]
    assert all("--archival" in given for _, given in asked)
    assert not (tmp_path / "mini/output/brief.pdf").exists()  # (only the archival ones)
    with pikepdf.open(tmp_path / "output/pack-archival-booklet.pdf") as folded:
        assert str(folded.docinfo["/Title"]) == "The pack"


def test_a_book_file_that_cannot_be_read_writes_no_archival_book(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from brief.book.make import make_book
    from brief.book.plan import BookRun
    path = tmp_path / "pack.yaml"
    path.write_text("", "utf-8")
    assert make_book(BookRun(path, archival=True), lambda jobs: 0) == 1
    assert capsys.readouterr().err.endswith(
        f"book failed; no {tmp_path}/output/pack-archival.pdf was written\n")


def test_each_brief_s_pdf_is_read_from_the_file_its_own_build_names(tmp_path: Path) -> None:
    """Its output name and paper, the archival and book editions: the file its build of
    those editions wrote."""
    from helpers import fixture_copy

    from brief.book.make import _read
    folder = fixture_copy(tmp_path, "mini")
    brief = folder / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "output: water\nhouse: {paper: letter}\n",
                     "utf-8")
    (folder / "output").mkdir()
    for stem in ("water-letter-archival-book", "water-letter-book", "water-letter"):
        (folder / f"output/{stem}.pdf").write_bytes(stem.encode())
    assert [_read(folder, archival, book)[0] for archival, book in (
        (True, True), (False, True), (False, False))] == [
        b"water-letter-archival-book", b"water-letter-book", b"water-letter"]


def test_the_book_s_front_lists_its_briefs_is_dated_by_the_book_and_archival_when_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A front without a subtitle prints none; its contents list each brief and its
    sections at their pages; it is typeset in the book's stylesheet, at the book's date
    (what fontTools stamps its fonts with) and, for an archival book, as PDF/A-3a."""
    import io

    import pikepdf
    from helpers import pdf_text

    from brief.book.front import Entry, Listed, book_date, front_pdf
    from brief.book.plan import Book
    from brief.model import PartialDate
    book = Book("Pack", PartialDate(2026, 12), "The Publisher", (),
                tmp_path / "output/pack.pdf")
    entries = [Entry("Water brief", "A. Author", "en", 3, (Listed("Rivers", 1, 4),))]
    from brief.pdf import typeset
    asked: list[tuple] = []
    real = typeset.typeset
    monkeypatch.setattr(typeset, "typeset", lambda html, sheets, *rest, **options: asked.append(
        (sheets, options)) or real(html, sheets, *rest, **options))
    pdf, pages, found = front_pdf(book, "en", entries)
    (tmp_path / "front.pdf").write_bytes(pdf)
    words = pdf_text(tmp_path / "front.pdf")
    assert found == [] and "Water brief" in words and "Rivers" in words and "None" not in words
    [(sheets, options)] = asked
    assert options == {"dated": book_date(book)} and book_date(book).year == 2026
    assert [s.url for s in sheets] == [(ROOT / "styles/book.css").as_uri()]  # (its fonts' base)
    with pikepdf.open(io.BytesIO(pdf)) as front:
        assert "pdfaid" not in str(front.open_metadata())
    archival, _, _ = front_pdf(book, "en", entries, archival=True)
    with pikepdf.open(io.BytesIO(archival)) as front:
        assert front.open_metadata().pdfa_status == "3A"
