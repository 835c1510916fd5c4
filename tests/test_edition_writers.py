"""How each edition is written once its PDF is made (brief/editions.py), in this process on
the small brief prepared for real and its PDF stood in for by a small one: the PDF with its
HTML and booklet, the preflight line, the grayscale proof and the web edition made from an
edition's layout, the Word edition, and what a failed write says it kept."""
from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from helpers import append

from brief import editions, pipeline
from brief.diagnostics import BuildError, Diagnostic, Loc
from brief.handed import Prepared, Product
from brief.options import Options, Result

WARNED = Diagnostic(Loc("content/01-first.md", 3), "warning", "a warning", code="x")


def prepared(root: Path, names: str, **given: object) -> tuple[Options, Prepared]:
    options = Options(root=root, prefix="b/", editions=names, **given)
    made = pipeline.prepare(options, options.chosen(), "0")  # type: ignore[arg-type]
    assert isinstance(made, Prepared)
    return options, made


def product(made: Prepared, pages: int = 2) -> Product:
    html = "".join(f"<p style='break-before: page; color: #1f3a5f'>{n}</p>"
                   for n in range(pages))
    pdf = weasyprint.HTML(string=f"<html lang=en><body>{html}</body></html>").write_pdf()
    first = made.first[0]
    assert first is not None
    return Product(first.html, pdf, pages, [WARNED])


def test_a_pdf_edition_is_written_with_its_html_booklet_and_preflight_line(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    options, made = prepared(mini, "screen", check=True, booklet=True)
    result = editions.pdf_edition(options, made, made.editions[0], mini / "output/brief",
                                  product(made, 5))
    out = mini / "output"
    assert result.status == 0 and result.written == (
        out / "brief.html", out / "brief.pdf", out / "brief-booklet.pdf")
    said, warned = capsys.readouterr()
    assert said == (
        "preflight of b/output/brief.pdf (pdf/ua-1, 5 pages): notes on their pages, headings, "
        "table rows, line widths, page references, fonts, glyphs, links, page budget: 0 "
        "error(s), 1 warning(s)\nwrote b/output/brief.pdf (5 pages) and b/output/brief.html, "
        "and b/output/brief-booklet.pdf (2 sheets)\n")
    assert warned == f"b/{WARNED}\n"
    with pikepdf.open(out / "brief-booklet.pdf") as booklet:
        assert len(booklet.pages) == 4


def test_a_name_with_a_dot_is_the_whole_name_of_every_edition_s_files(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    """(``output: report.v2``: the PDF was written as report.pdf while the build said
    report.v2.pdf, and the Word edition as report.docx.)"""
    append(mini / "content/brief.yaml", "output: report.v2\n")
    options, made = prepared(mini, "screen,docx")
    out = mini / "output"
    result = editions.pdf_edition(options, made, made.editions[0], out / "report.v2",
                                  product(made))
    assert result.written == (out / "report.v2.html", out / "report.v2.pdf")
    assert pipeline.build_edition(options, made, 1).written == (out / "report.v2.docx",)
    assert sorted(p.name for p in out.iterdir()) == [
        "report.v2.docx", "report.v2.html", "report.v2.pdf"]
    assert editions.kept(out / "report.v2", "b/", ".docx") == \
        "b/output/report.v2.docx was left unchanged"
    assert editions.kept(out / "report.v2", "b/", "") == "no b/output/report.v2/ was written"


@pytest.mark.parametrize("strict", [False, True])
def test_an_edition_s_own_findings_are_errors_when_strict(
        mini: Path, capsys: pytest.CaptureFixture, strict: bool) -> None:
    append(mini / "content/brief.yaml", "page-budget: 1\n")
    options, made = prepared(mini, "screen", strict=strict)
    assert pipeline.build_edition(options, made, 0).status == int(strict)
    level = "error" if strict else "warning"
    assert f"{level}: brief.pdf: 6 pages, more than the page budget of 1 [page-budget]" in \
        capsys.readouterr().err
    if not strict:  # (written, and dated by the brief's date, as prepared)
        with pikepdf.open(mini / "output/brief.pdf") as pdf:
            assert str(pdf.docinfo["/CreationDate"]) == "D:202611"


def test_an_error_stops_each_edition_but_the_draft_and_those_made_from_its_layout(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    append(mini / "content/01-first.md", "\nSee [@nobody-1999].\n")
    options, made = prepared(mini, "screen,web,draft")
    capsys.readouterr()
    assert pipeline.build_edition(options, made, 0, derived=(1,)).status == 1
    said, warned = capsys.readouterr()
    assert said == "" and warned.splitlines()[-1] == (
        "build failed with 1 error(s); no b/output/brief.pdf was written; no b/output/web/ "
        "was written")
    assert "nobody-1999" in warned.splitlines()[0]
    assert pipeline.build_edition(options, made, 2).status == 1  # (written, with its error)
    assert (mini / "output/brief-draft.pdf").is_file()
    capsys.readouterr()
    monkeypatch.setattr(pipeline, "produce", None)  # (an edition with errors: never laid out)
    later = replace(made, said=tuple(made.diagnostics))  # (said by an edition before it)
    assert pipeline.build_edition(options, later, 0, derived=(1,)).status == 1
    assert capsys.readouterr().err == "build failed with 1 error(s); no b/output/brief.pdf " \
        "was written; no b/output/web/ was written\n"


def test_an_edition_is_laid_out_plain_then_made_gray_and_a_failed_write_is_said(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """(The layout and the proof stood in for.) What the grayscale proof and the web edition
    asked alone are laid out as, and what a write that fails says it kept."""
    from brief.run.outputs import WriteError
    options, made = prepared(mini, "grayscale,web", strict=True)
    laid_out, seen = product(made), []
    monkeypatch.setattr(pipeline, "produce", lambda *given: seen.append(given) or laid_out)
    monkeypatch.setattr(editions, "in_grays", lambda *given: seen.append(given) or laid_out)
    assert pipeline.build_edition(options, made, 0).status == 0
    assert pipeline.build_edition(options, made, 1).status == 0
    gray, web = made.editions
    assert seen == [
        (made.document, made.index, replace(gray, grayscale=False), True, made.dated,
         made.first[0], None), (laid_out, made.document, mini.resolve() / "output" /
                                gray.stem, True),
        (made.document, made.index, replace(web, web=False), True, made.dated, made.first[1],
         None)]

    def unwritable(*_: object) -> None:
        raise WriteError("output/brief-grayscale.pdf: disk full")
    monkeypatch.setattr(editions, "pdf_edition", unwritable)
    capsys.readouterr()
    assert pipeline.build_edition(options, made, 0, derived=(1,)).status == 1
    assert capsys.readouterr().err == (
        "build failed: output/brief-grayscale.pdf: disk full; b/output/brief-grayscale.pdf "
        "was left unchanged; b/output/web/ was left unchanged\n")


def test_an_edition_with_errors_is_not_written_but_a_draft_is_with_them_said(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    options, made = prepared(mini, "screen,draft")
    failing = replace(product(made), diagnostics=[replace(WARNED, level="error")])
    with pytest.raises(BuildError):
        editions.pdf_edition(options, made, made.editions[0], mini / "output/brief", failing)
    assert not (mini / "output/brief.pdf").exists()
    result = editions.pdf_edition(options, made, made.editions[1], mini / "output/brief-draft",
                                  failing)
    assert result.status == 1 and (mini / "output/brief-draft.pdf").is_file()
    assert capsys.readouterr().out == ("wrote b/output/brief-draft.pdf (2 pages) and "
                                       "b/output/brief-draft.html, with 1 error(s)\n")


def test_an_edition_says_what_the_brief_found_but_what_an_edition_before_it_said(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    """Each kind of edition, written or failed, given the reading's findings as the first
    edition and as a later one (``said``: counted, not said again)."""
    options, made = prepared(mini, "draft,web,docx", check=True)
    told = Diagnostic(Loc("content/01-first.md", 1), "warning", "said by the first", code="y")
    error = Diagnostic(Loc("content/02-second.md", 9), "error", "an error", code="z")
    out = mini / "output"
    for said in ((), (told,)):
        first, shown = replace(made, diagnostics=[told], said=said), "" if said else f"b/{told}\n"
        editions.web_edition(first, product(first), out / "web", options)
        assert capsys.readouterr().err == f"{shown}b/{WARNED}\n"
        editions.word_edition(first, 2, out / "brief.docx", "b/")
        assert capsys.readouterr().err == shown
        editions.pdf_edition(options, first, first.editions[0], out / "brief-draft",
                             replace(product(first), diagnostics=[WARNED, error]))
        written, warned = capsys.readouterr()
        assert written.startswith("preflight of b/output/brief-draft.pdf (pdf/ua-1, 2 pages)")
        assert ": 1 error(s), 2 warning(s)\nwrote b/output/brief-draft.pdf" in written
        assert warned == f"{shown}b/{WARNED}\nb/{error}\n"
        assert editions.failed([told, error], [(out / "none", ".pdf")], "b/", said) == 1
        assert capsys.readouterr().err == f"{shown}b/{error}\nbuild failed with 1 error(s); " \
            "no b/output/none.pdf was written\n"


def test_the_grayscale_proof_and_the_web_edition_come_from_the_edition_s_layout(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    options, made = prepared(mini, "screen,grayscale,web")
    made_pdf = product(made)
    first = Result(0, (mini / "output/brief.pdf",), ())
    result = editions.derived(options, made, made_pdf, 1, first)
    gray = mini / "output/brief-grayscale.pdf"
    assert result.status == 0 and result.written[0] == first.written[0] and \
        gray in result.written
    with pikepdf.open(gray) as proof:
        assert b"rg" not in proof.pages[0].Contents.read_bytes()
    result = editions.derived(options, made, made_pdf, 2, result)
    assert result.status == 0 and mini / "output/web/index.html" in result.written
    said, warned = capsys.readouterr()
    assert said.splitlines()[0] == ("wrote b/output/brief-grayscale.pdf (2 pages) and "
                                    "b/output/brief-grayscale.html")
    assert said.splitlines()[1].startswith("wrote b/output/web/ (") and \
        said.splitlines()[1].endswith(" files; 2-page PDF)")
    assert warned == ""  # (the edition's own warnings were said with it)


def test_a_derived_edition_says_only_its_own_findings_as_strict_asks_and_its_status_counts(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """The brief's and the layout's findings were said with the edition the proof is made
    from; the proof's own (what stays in colour) are said at its file, as errors when
    strict; a proof written with errors fails the build."""
    from brief.pdf import grayscale
    monkeypatch.setattr(grayscale, "grayscale", lambda pdf: (pdf, ["page 1: a spot colour"]))
    options, made = prepared(mini, "screen,grayscale")
    first = Result(0, (mini / "output/brief.pdf",), ())
    result = editions.derived(options, replace(made, diagnostics=[WARNED]), product(made), 1,
                              first)
    assert result.status == 0
    said, warned = capsys.readouterr()
    assert warned == ("b/output/brief-grayscale.pdf: warning: page 1: a spot colour stays in "
                      "colour in the grayscale proof: the proof cannot show how it prints in "
                      "black and white [not-gray]\n")
    strict, _ = prepared(mini, "screen,grayscale", strict=True)
    assert editions.derived(strict, made, product(made), 1, first).status == 1
    assert "error: page 1: a spot colour" in capsys.readouterr().err
    monkeypatch.setattr(editions, "pdf_edition", lambda *_: Result(1, (mini / "x.pdf",), ()))
    assert editions.derived(options, made, product(made), 1, first) == Result(
        1, (mini / "output/brief.pdf", mini / "x.pdf"), ())


def test_a_derived_edition_that_cannot_be_written_or_fails_is_said_and_fails_the_build(
        mini: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    options, made = prepared(mini, "screen,web,grayscale", strict=True)
    (mini / "output").mkdir()
    (mini / "output/web").write_text("a file where the folder goes")
    first = Result(0, (mini / "output/brief.pdf",), ())
    result = editions.derived(options, made, product(made), 1, first)
    assert result == replace(first, status=1)
    said, warned = capsys.readouterr()
    assert said == "" and warned == (
        "build failed: web/ is a link or a file, not a folder; the outputs go into a real "
        "folder web/ inside the brief: remove it; b/output/web/ was left unchanged\n")
    (mini / "output/web").unlink()
    assert editions.kept(mini / "output/web", "b/", "") == "no b/output/web/ was written"
    failing = replace(WARNED, level="error")
    monkeypatch.setattr(editions, "in_grays", lambda product, *_: replace(
        product, diagnostics=[failing]))
    assert editions.derived(options, made, product(made), 2, first) == replace(first,
                                                                             status=1)
    assert capsys.readouterr().err == (
        f"b/{failing}\nbuild failed with 1 error(s); no b/output/brief-grayscale.pdf was "
        "written\n")


def test_the_word_edition_is_the_rendered_html_with_the_brief_s_description(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    from brief import timings
    options, made = prepared(mini, "docx")
    out = mini / "output/brief.docx"
    timings.STAGES.begin()
    result = editions.word_edition(made, 0, out, "b/")
    assert timings.STAGES.label == "writing output/brief.docx"
    assert result.status == 0 and result.written == (out,)
    assert result.read == made.document.project.files.record and result.read
    assert capsys.readouterr().out == "wrote b/output/brief.docx\n"
    with zipfile.ZipFile(out) as docx:
        core = docx.read("docProps/core.xml").decode()
        body = docx.read("word/document.xml").decode()
    assert "<dc:title>A Small Brief</dc:title>" in core
    assert "November 2026" in body
    assert "Contents" not in body and "Opening paragraph" in body  # (the contents left out)


def test_a_web_edition_names_the_works_its_brief_cites_and_what_it_read(cited: Path) -> None:
    options, made = prepared(cited, "web")
    result = editions.web_edition(made, replace(product(made), diagnostics=[]),
                                  cited / "output/web", options)
    page = (cited / "output/web/index.html").read_text("utf-8")
    assert page.count('<meta name="citation_reference"') == len(made.index.bibliography) > 0
    assert result.read == made.document.project.files.record and result.read


def test_a_web_edition_with_an_error_is_not_written(mini: Path) -> None:
    options, made = prepared(mini, "web")
    failing = replace(product(made), diagnostics=[replace(WARNED, level="error")])
    with pytest.raises(BuildError) as raised:
        editions.web_edition(made, failing, mini / "output/web", options)
    assert raised.value.diagnostics == failing.diagnostics
    assert not (mini / "output/web").exists()


def test_strict_makes_what_the_web_edition_could_not_honour_an_error(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    from helpers import house_font
    house_font(mini / "content/fonts/house.ttf", "House Sans")
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house:\n  fonts: {files: [fonts/house.ttf], "
                     "headings: House Sans}\n", "utf-8")
    options, made = prepared(mini, "web", strict=True)
    with pytest.raises(BuildError) as raised:
        editions.web_edition(made, replace(product(made), diagnostics=[]),
                             mini / "output/web", options)
    assert [(d.level, d.code) for d in raised.value.diagnostics] == [("error", "font-licence")]
    options, made = prepared(mini, "web")
    result = editions.web_edition(made, replace(product(made), diagnostics=[]),
                                  mini / "output/web", options)
    assert result.status == 0 and (mini / "output/web/index.html").is_file()
    out, err = capsys.readouterr()
    assert [line.split(": ")[1] for line in err.splitlines()] == ["warning"]
    assert "house.ttf has no licence file beside it" in err
    assert out.startswith("wrote b/output/web/")


def test_the_grayscale_proof_says_what_stays_in_colour_as_strict_asks(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a black-and-white printer would lose (a finding, at its line) and what stays in
    colour: warnings, errors when strict, after the edition's own."""
    import io

    from test_grayscale import _proof_input

    from brief import timings
    from brief.diagnostics import Diagnostic, Loc
    from brief.html import lightness
    alike = Diagnostic(Loc("content/01-first.md", 3), "warning", "two alike", code="gray")
    monkeypatch.setattr(lightness, "lightness_findings", lambda document: [alike])
    _, made = prepared(mini, "screen")
    coloured = Product("<html></html>", _proof_input(), 1, [WARNED])
    out = mini / "output/brief-grayscale"
    timings.STAGES.begin()
    proof = editions.in_grays(coloured, made.document, out, strict=False)
    assert timings.STAGES.label == "making the grayscale proof"
    said = [d for d in proof.diagnostics if d.code == "not-gray"]
    assert proof.diagnostics[:2] == [WARNED, alike] and said and all(
        d.level == "warning" and d.loc == Loc("output/brief-grayscale.pdf") for d in said)
    assert said[0].message.endswith(" stays in colour in the grayscale proof: the proof "
                                    "cannot show how it prints in black and white")
    strict = editions.in_grays(coloured, made.document, out, strict=True)
    assert {d.level for d in strict.diagnostics if d.code == "not-gray"} == {"error"}
    assert strict.diagnostics[:2] == [WARNED, replace(alike, level="error")]
    with pikepdf.open(io.BytesIO(proof.pdf)) as gray:
        assert len(gray.pages) == 1


def test_a_picture_of_the_web_page_that_cannot_be_read_is_said_as_a_picture(
        mini: Path) -> None:
    from brief.read.load import load
    from brief.web.edition import _pictures
    files: dict[str, bytes] = {}
    (mini / "content/here.png").write_bytes(b"\x89PNG")
    found = _pictures(load(mini), {"gone.png": "b.png", "here.png": "a.png",
                                   "lost.png": "c.png"}, files)
    assert list(files) == ["a.png"] and [d.message for d in found] == [
        "cannot read picture 'content/gone.png': no such file or directory",
        "cannot read picture 'content/lost.png': no such file or directory"]


def test_a_picture_or_logo_of_the_web_page_is_read_as_an_image_larger_than_a_text(
        mini: Path) -> None:
    """(An image may be ten times the size of a text file: 3 MB is read whole.)"""
    from brief.read.load import load
    from brief.web.edition import _icon, _pictures
    large = b"\x89PNG" + bytes(3_000_000)
    (mini / "content/large.png").write_bytes(large)
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house: {logo: large.png}\n", "utf-8")
    project = load(mini)
    files: dict[str, bytes] = {}
    assert _pictures(project, {"large.png": "images/1-large.png"}, files) == []
    assert _icon(project, files) == "icon.png"
    assert files == {"images/1-large.png": large, "icon.png": large}


def test_the_web_page_shows_the_house_s_logo_only_when_it_could_be_read(mini: Path) -> None:
    """(A logo that could not be read leaves the page an empty icon, and no masthead.)"""
    from brief.web.edition import _index
    from brief.web.page import web_page
    _, made = prepared(mini, "web")
    project = made.document.project
    house = replace(project.meta.house, logo=mini / "content/logo.svg")
    document = replace(made.document, project=replace(project, meta=replace(
        project.meta, house=house)))
    first = made.first[0]
    assert first is not None
    page = web_page(str(first.html), project.language.printed_labels())

    def shown(icon: str) -> str:
        return _index(document, made.index, page, [("PDF", "brief.pdf")], icon,
                      "brief").decode()
    assert '<img class="masthead-logo" src="icon.svg" alt="">' in shown("icon.svg")
    assert "masthead-logo" not in shown("data:,")
    document = replace(made.document, project=replace(project, meta=replace(
        project.meta, house=replace(house, logo=None))))
    assert "masthead-logo" not in shown("data:,")


def test_the_web_page_describes_the_brief_by_its_subtitle_and_omits_parts_it_lacks(
        mini: Path) -> None:
    """Without an abstract or a subject, the subtitle describes the brief; a page without
    contents, a citation or a back page prints none; its PDF's size is said to the nearest
    kilobyte."""
    from brief.web.edition import _index, web_files
    from brief.web.page import web_page
    _, made = prepared(mini, "web")
    project = made.document.project
    document = replace(made.document, project=replace(project, meta=replace(
        project.meta, subtitle="Rivers and dams")))
    first = made.first[0]
    assert first is not None
    page = web_page(str(first.html), project.language.printed_labels())
    bare = replace(page, nav=None, citation=None, back=None)
    html = _index(document, made.index, bare, [("PDF", "brief.pdf")], "data:,",
                  "brief").decode()
    assert '<meta name="description" content="Rivers and dams">' in html
    assert "XXXX" not in html and 'class="back' not in html
    files, _ = web_files(document, made.index, str(first.html), b"%PDF" + b"x" * 1496, "brief")
    assert "PDF (2\u00a0kB)" in files["index.html"].decode()  # (1,500 bytes)


def test_the_web_edition_s_faces_are_the_house_s_over_the_builder_s_cut_to_the_page(
        mini: Path) -> None:
    """A house face of a family the builder also has takes the builder's place; the faces
    are cut to every letter of the page, its chapters' too; the house's font file and its
    licence are read as inputs of the build (a change to them is a change to the brief)."""
    import io

    from fontTools.ttLib import TTFont
    from helpers import house_font
    font = house_font(mini / "content/fonts/sans.ttf", "Source Sans Pro")
    licence = mini / "content/fonts/OFL.txt"
    licence.write_text("SIL Open Font License 1.1\n", "utf-8")
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house:\n  fonts: {files: [fonts/sans.ttf], "
                     "headings: Source Sans Pro}\n", "utf-8")
    options, made = prepared(mini, "web")
    result = editions.web_edition(made, replace(product(made), diagnostics=[]),
                                  mini / "output/web", options)
    css = (mini / "output/web/web.css").read_text("utf-8")
    assert css.count('font-family: "Source Sans Pro"') == 1  # (the house's one face)
    body = TTFont(io.BytesIO((mini / "output/web/fonts/SourceSerifPro-Regular.woff2")
                             .read_bytes()))
    assert ord("Ş") in body.getBestCmap()  # (a letter of the first section's text only)
    assert f"file:{font.resolve()}" in result.read and f"file:{licence.resolve()}" in result.read


def test_the_web_page_is_made_from_the_brief_s_own_template_when_it_has_one(
        mini: Path) -> None:
    from brief.web.edition import _index
    from brief.web.page import web_page
    _, made = prepared(mini, "web")
    first = made.first[0]
    assert first is not None
    page = web_page(str(first.html), made.document.project.language.printed_labels())
    (mini / "templates").mkdir()
    (mini / "templates/web.html.j2").write_text("<html><p>Ours: {{ title }}</p></html>\n",
                                                "utf-8")
    assert _index(made.document, made.index, page, [("PDF", "brief.pdf")], "data:,",
                  "brief") == b"<!DOCTYPE html>\n<html><p>Ours: A Small Brief</p></html>\n"


def coloured(booklet: Path) -> tuple[int, bool]:
    """A booklet's sheet sides, and whether a page on them sets a colour (``rg``)."""
    with pikepdf.open(booklet) as sheets:
        return len(sheets.pages), any(b" rg" in form.read_bytes() for side in sheets.pages
                                      for form in side.Resources.XObject.values())


def test_a_booklet_imposes_the_pages_it_is_given_in_grays_for_the_proof_with_their_findings(
        mini: Path, capsys: pytest.CaptureFixture) -> None:
    """``pdf_edition`` with the booklet's own pages (``folded``: the print layout): imposed
    instead of the edition's, counted in sheets, made gray for the grayscale proof, their
    findings said with the edition's (an error in them fails it); ``derived`` hands the
    grayscale proof those pages without their findings, which the edition said."""
    options, made = prepared(mini, "screen,grayscale", booklet=True)
    own, folded = product(made, 2), product(made, 9)
    booklet = Diagnostic(Loc("content/01-first.md", 4), "warning", "brief-booklet.pdf: late",
                         code="y")
    folded = replace(folded, diagnostics=[booklet])
    out = mini / "output"
    editions.pdf_edition(options, made, made.editions[0], out / "brief", own, folded)
    said, warned = capsys.readouterr()
    assert said.endswith("and b/output/brief-booklet.pdf (3 sheets)\n")
    assert warned == f"b/{WARNED}\nb/{booklet}\n"
    assert coloured(out / "brief-booklet.pdf") == (6, True)
    result = editions.derived(options, made, own, 1, Result(0, (), ()), folded)
    assert result.status == 0
    said, warned = capsys.readouterr()
    assert said.endswith("and b/output/brief-grayscale-booklet.pdf (3 sheets)\n")
    assert warned == ""
    assert coloured(out / "brief-grayscale-booklet.pdf") == (6, False)
    wrong = replace(booklet, level="error")
    with pytest.raises(BuildError) as failure:
        editions.pdf_edition(options, made, made.editions[0], out / "brief", own,
                             replace(folded, diagnostics=[wrong]))
    assert wrong in failure.value.diagnostics
