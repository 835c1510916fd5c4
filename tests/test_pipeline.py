"""brief/pipeline.py's first level in this process: ``prepare`` reads, parses and resolves
the brief and renders each edition's HTML once, or says what failed and keeps the outputs;
and the moment a PDF records (``edition_date``)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from helpers import append

from brief import pipeline
from brief.handed import Prepared
from brief.options import Options


def prepared(root: Path, capsys: pytest.CaptureFixture, editions: str | None = None,
             epoch: str | None = None, **given: object) -> tuple[Prepared | int, str, str]:
    options = Options(root=root, prefix="b/", editions=editions, **given)
    result = pipeline.prepare(options, options.chosen(), epoch)  # type: ignore[arg-type]
    out, err = capsys.readouterr()
    return result, out, err


def test_the_date_a_pdf_records_is_the_callers_else_the_briefs() -> None:
    assert pipeline.edition_date(2026, 11, None) == datetime(2026, 11, 1, tzinfo=timezone.utc)
    assert pipeline.edition_date(2026, None, None) == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert pipeline.edition_date(2026, 11, "86400") == datetime(1970, 1, 2,
                                                                tzinfo=timezone.utc)
    assert pipeline.edition_date(1, 1, str(pipeline.LAST_SECOND)) == datetime(
        9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


def test_each_edition_s_html_is_rendered_once_from_one_reading(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    result, out, err = prepared(mini, capsys, "screen,letter-print,draft", epoch="0")
    assert isinstance(result, Prepared) and (out, err) == ("", "")
    assert [(e.paper, e.print, e.draft, e.stem) for e in result.editions] == [
        ("a4", False, False, "brief"), ("letter", True, False, "brief-letter-print"),
        ("a4", False, True, "brief-draft")]
    assert all(first is not None and "A Small Brief" in first.html for first in result.first)
    assert result.dated == datetime(1970, 1, 1, tzinfo=timezone.utc)
    assert result.diagnostics == [] and result.document.project.meta.title == "A Small Brief"
    assert pipeline.prepare(Options(root=mini), [Options(root=mini)], None).dated == \
        datetime(2026, 11, 1, tzinfo=timezone.utc)


def test_an_error_stops_every_edition_but_the_draft(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    append(mini / "content/01-first.md", "\nSee [@nobody-1999].\n")
    result, out, err = prepared(mini, capsys)
    assert result == 1 and out == ""
    assert err.startswith("b/content/01-first.md:") and "nobody-1999" in err
    assert err.rstrip().endswith("build failed with 1 error(s); no b/output/brief.pdf was "
                                 "written")
    result, out, err = prepared(mini, capsys, "screen,draft")
    assert isinstance(result, Prepared) and err == ""
    assert result.first[0] is None and result.first[1] is not None
    assert [d.level for d in result.diagnostics] == ["error"]


def test_strict_makes_a_warning_an_error(mini: Path, capsys: pytest.CaptureFixture) -> None:
    append(mini / "content/01-first.md", "\n{>> Is this right? <<}\n")
    (mini / "content/references.yaml").write_text(
        "- id: unused-2020\n  type: book\n  title: Never Cited\n  issued: {date-parts: [[2020]]}"
        "\n  author: [{family: Doe, given: Jane}]\n", "utf-8")
    result, _, err = prepared(mini, capsys)
    assert isinstance(result, Prepared) and err == ""
    assert [d.level for d in result.diagnostics] == ["warning"]
    result, _, err = prepared(mini, capsys, strict=True)
    assert result == 1 and ": error: " in err and "unused-2020" in err
    result, out, err = prepared(mini, capsys, queries=True)
    assert (result, err) == (0, "")
    assert out == "b/content/01-first.md:11: query: Is this right?\n"


def test_an_output_folder_that_cannot_be_written_is_said_before_reading(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    (mini / "output").write_text("a file where the folder goes")
    result, out, err = prepared(mini, capsys, "screen,web")
    assert (result, out) == (1, "")
    assert err.startswith("build failed: ") and err.rstrip().endswith(
        "; no b/output/brief.pdf was written; no b/output/web/ was written")
    result, out, err = prepared(mini, capsys, queries=True)  # (writes nothing)
    assert (result, err) == (0, "")


def test_an_edition_and_those_made_from_its_layout_are_written_by_one_call(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    """``build_edition``: the PDF edition laid out once, then the web edition from it."""
    made, _, _ = prepared(mini, capsys, "screen,web", epoch="0")
    assert isinstance(made, Prepared)
    options = Options(root=mini, prefix="b/", editions="screen,web")
    result = pipeline.build_edition(options, made, 0, derived=(1,))
    out = mini.resolve() / "output"
    assert result.status == 0 and {out / "brief.pdf", out / "brief.html",
                                   out / "web/index.html"} <= set(result.written)
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("wrote b/output/brief.pdf (") and \
        said[1].startswith("wrote b/output/web/ (")


def test_a_brief_in_a_book_is_an_edition_at_its_pages_with_its_title_page(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    for in_book, expected in (("5,20,title-page", ((5, 20), True)), ("3,9", ((3, 9), False))):
        result, _, err = prepared(mini, capsys, in_book=in_book)
        assert isinstance(result, Prepared) and err == ""
        assert [(e.book, e.title_page) for e in result.editions] == [expected]


def test_in_a_book_the_pages_a_reference_prints_are_the_book_s(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    """The contents print the book's folios (from 11 here): checked against the pages
    counted from 11 too, they are right."""
    from brief.timings import STAGES
    result, _, _ = prepared(mini, capsys, in_book="11,30")
    assert isinstance(result, Prepared)
    STAGES.begin()
    product = pipeline.produce(result.document, result.index, result.editions[0], True,
                               result.dated, result.first[0])
    assert [d for d in product.diagnostics if d.level == "error"] == []
    assert 'href="#' in product.html and "toc" in product.html


def test_an_edition_s_findings_are_named_by_its_file_and_errors_when_strict(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    """(The page budget's, at its line of brief.yaml.)"""
    from brief.timings import STAGES
    lines = (mini / "content/brief.yaml").read_text("utf-8").count("\n")
    append(mini / "content/brief.yaml", "page-budget: 1\n")
    result, _, _ = prepared(mini, capsys)
    assert isinstance(result, Prepared)
    STAGES.begin()
    for strict, level in ((False, "warning"), (True, "error")):
        product = pipeline.produce(result.document, result.index, result.editions[0],
                                   strict, result.dated, result.first[0])
        assert [str(d) for d in product.diagnostics] == [
            f"content/brief.yaml:{lines + 1}: {level}: brief.pdf: {product.pages} pages, more "
            "than the page budget of 1 [page-budget]"]


def test_each_kind_of_edition_is_written_in_its_named_stages(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """(The Word file and the web folder stood in for; the booklet imposed for real.)"""
    import weasyprint

    import brief.html.charts
    import brief.web.edition
    import brief.word.edition
    from brief import editions
    from brief.handed import Product
    stages: list[str] = []
    asked: list[dict] = []
    monkeypatch.setattr(editions, "stage", stages.append)
    monkeypatch.setattr(brief.word.edition, "word_edition", lambda html, folder, meta, look,
                        _, queries, label, png: (asked.append({
                            **meta, "paper": look["paper"], "queries": queries,
                            "label": label, "png": png("<svg/>")}) or b"docx"))
    monkeypatch.setattr(brief.web.edition, "web_files", lambda *_: ({"index.html": b"x"}, []))
    yaml = mini / "content/brief.yaml"
    yaml.write_text(yaml.read_text().replace("language: en-US", "language: de"))
    append(yaml, "subtitle: Its subtitle\nauthors: [A. Writer]\nqueries: [Whose date?]\n"
           "house: {colours: {accent: '#123456'}}\n")
    drawn: list[tuple] = []
    monkeypatch.setattr(brief.html.charts.Charts, "png", lambda self, svg: drawn.append(
        (self.files, self.house)) or b"PNG")
    result, _, _ = prepared(mini, capsys, "docx")
    assert isinstance(result, Prepared)
    editions.word_edition(result, 0, mini / "output/brief.docx", "")
    project = result.document.project  # (the PNGs drawn in the house's fonts, as read)
    assert drawn == [(project.files, project.meta.house)]
    assert asked == [{"title": "A Small Brief", "subtitle": "Its subtitle",
                      "author": ["A. Writer"], "date": "November 2026", "lang": "de",
                      "paper": "a4", "queries": ("Whose date?",), "label": "Rückfrage",
                      "png": b"PNG"}]
    pdf = weasyprint.HTML(string="<p>One</p>").write_pdf()
    product = Product("<p>One</p>", pdf, 1, [])
    editions.pdf_edition(Options(root=mini, booklet=True), result, result.editions[0],
                         mini / "output/brief", product)
    editions.web_edition(result, product, mini / "output/web", Options(root=mini))
    assert stages == ["writing output/brief.docx", "imposing the booklet",
                      "writing output/brief.pdf", "writing output/web/"]


def test_the_last_second_of_9999_is_a_source_date_and_the_next_is_refused(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.building import build
    said: list[str] = []
    options = Options(root=mini, queries=True)  # (what the text asks: nothing typeset)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(pipeline.LAST_SECOND))
    assert build(options, said.append).status == 0 and said == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(pipeline.LAST_SECOND + 1))
    assert build(options, said.append).status == 2
    assert said == [f"SOURCE_DATE_EPOCH must be whole seconds since 1970, up to "
                    f"{pipeline.LAST_SECOND} (the last of the year 9999), not "
                    f"'{pipeline.LAST_SECOND + 1}'; unset it to date the PDF by the brief's date"]


def test_a_booklet_is_imposed_from_the_edition_laid_out_as_the_print_edition(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--booklet`` of an edition that is not the print edition lays it out once more as
    the print edition (in colour, its charts as drawn, in the reading's index, at its date),
    in a stage of that name, and says only what that layout found that the edition's own
    did not (a place in either edition's own HTML is the same place), named after the
    booklet; the print edition's booklet, a web or a Word edition, or no ``--booklet``:
    nothing laid out again."""
    from dataclasses import replace

    from brief.diagnostics import Diagnostic, Loc
    from brief.handed import Product
    result, _, _ = prepared(mini, capsys, "screen,grayscale,print,web")
    assert isinstance(result, Prepared)
    result = replace(result, first=[replace(f, charts={"fig-a": "<svg/>"}) if f else f
                                    for f in result.first])
    asked: list[tuple] = []
    stages: list[str] = []
    here = Loc("content/01-first.md", 3)
    same = Diagnostic(here, "warning", "brief.pdf: a widow: here", code="widow")
    html = Diagnostic(Loc("output/brief.html"), "warning", "brief.pdf: a link", code="link")
    moved = replace(same, loc=Loc("content/01-first.md", 4))
    new = Diagnostic(here, "warning", "brief-print.pdf: an orphan: here", code="orphan")
    monkeypatch.setattr(pipeline, "stage", stages.append)
    monkeypatch.setattr(pipeline, "produce", lambda document, index, edition, strict, dated,
                        first, worker: asked.append((
                            document, index, edition, strict, dated, first.charts, worker))
                        or Product("h", b"%PDF", 7, [
                            replace(same, message="brief-print.pdf: a widow: here"),
                            replace(html, loc=Loc("output/brief-print.html"),
                                    message="brief-print.pdf: a link"), moved, new]))
    mine = Product("h", b"%PDF-own", 6, [same, html])
    booklet = Options(root=mini, booklet=True, strict=True)
    made = pipeline.booklet_pages(booklet, result, 0, mine, "worker")  # type: ignore[arg-type]
    assert made == Product("h", b"%PDF", 7, [
        replace(moved, message="brief-booklet.pdf: a widow: here"),
        replace(new, message="brief-booklet.pdf: an orphan: here")])
    [(document, index, edition, strict, dated, charts, worker)] = asked
    assert (document, index, dated) == (result.document, result.index, result.dated)
    assert edition == replace(result.editions[0], print=True)
    assert (strict, charts, worker) == (True, {"fig-a": "<svg/>"}, "worker")
    assert stages == ["laying out the booklet's pages as the print edition's"]
    gray = pipeline.booklet_pages(booklet, result, 1, mine)
    assert asked[1][2] == replace(result.editions[1], print=True, grayscale=False)
    assert gray is not None and gray.diagnostics[0].message.startswith(
        "brief-grayscale-booklet.pdf: ")
    assert [pipeline.booklet_pages(options, result, n, mine) for options, n in (
        (booklet, 2), (booklet, 3), (Options(root=mini), 0))] == [None, None, None]
    assert len(asked) == 2


def test_an_edition_s_booklet_pages_are_laid_out_beside_it_and_handed_to_those_from_it(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """``build_edition`` asks for the booklet's pages with the reading process's worker, and
    gives them to the edition and to those made from its layout."""
    from brief import editions
    from brief.handed import Product
    from brief.options import Result
    result, _, _ = prepared(mini, capsys, "screen,grayscale")
    assert isinstance(result, Prepared)
    laid = Product("h", b"%PDF", 2, [])
    folded = Product("f", b"%PDF-f", 3, [])
    given: list[tuple] = []
    monkeypatch.setattr(pipeline, "produce", lambda *_: laid)
    monkeypatch.setattr(pipeline, "booklet_pages", lambda options, made, number, product,
                        worker: given.append(("pages", number, product, worker)) or folded)
    monkeypatch.setattr(editions, "pdf_edition", lambda options, made, edition, out, product,
                        pages: given.append(("pdf", pages)) or Result(0, (), ()))
    monkeypatch.setattr(editions, "derived", lambda options, made, product, number, done,
                        pages: given.append(("derived", number, pages)) or done)
    options = Options(root=mini, booklet=True)
    assert pipeline.build_edition(options, result, 0, "worker", (1,)).status == 0  # type: ignore[arg-type]
    assert given == [("pages", 0, laid, "worker"), ("pdf", folded), ("derived", 1, folded)]
