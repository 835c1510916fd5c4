"""Preflight: each finding provoked by a small document, with its exact message."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from brief.check import check_fonts, check_notes, check_page_references, check_pages
from brief.model import Loc
from brief.typeset import typeset
from conftest import ROOT, run_build

HERE = Loc("t.html")
PAGE = "@page { size: A4; margin: 10mm; } body { font: 10pt/14pt 'Source Serif Pro'; }"


def lay_out(tmp_path: Path, body: str, css: str = ""):  # type: ignore[no-untyped-def]
    (tmp_path / "t.css").write_text(PAGE + css)
    html = f'<html lang="en"><body>{body}</body></html>'
    return typeset(html, [tmp_path / "t.css"], tmp_path, (tmp_path,), lambda _: HERE)


def messages(found: list) -> list[str]:  # type: ignore[type-arg]
    return [str(d) for d in found]


def test_a_note_off_the_page_of_its_call(tmp_path: Path) -> None:
    note = "A long note. " * 120
    document, _, _ = lay_out(tmp_path, '<div style="height: 250mm"></div><p>Text'
                             f'<span class="note" data-loc="c.md:7">{note}</span> after.</p>',
                             ".note { float: footnote; footnote-policy: auto; }")
    assert messages(check_notes(document, HERE)) == [
        "c.md:7: error: note called on page 1 is printed on page(s) [2]: '1.  A long note. A "
        "long note. A long note. A long note. A lo...'"]


def test_a_heading_last_on_a_page(tmp_path: Path) -> None:
    document, _, _ = lay_out(tmp_path, '<div style="height: 255mm"></div><h2>Stranded</h2>'
                             '<p style="orphans: 3">' + "Text. " * 200 + "</p>",
                             "h2 { break-after: auto; }")
    assert "t.html: error: page 1 ends with the heading 'Stranded'" in messages(
        check_pages(document, HERE))


def test_a_table_row_split_across_pages(tmp_path: Path) -> None:
    cell = "Row text. " * 1000
    document, _, _ = lay_out(tmp_path, f"<table><tr><td>{cell}</td></tr></table>")
    assert messages(check_pages(document, HERE)) == [
        "t.html: error: table row split across pages [1, 2]"]


def test_a_line_past_the_text_block(tmp_path: Path) -> None:
    document, _, _ = lay_out(tmp_path, f'<p data-loc="c.md:3">{"x" * 300}</p>')
    assert messages(check_pages(document, HERE)) == [
        "c.md:3: error: page 1: a line passes the text block: '" + "x" * 50 + "'"]


def test_a_page_reference_that_does_not_match(tmp_path: Path) -> None:
    document, _, _ = lay_out(tmp_path, '<p>See <a class="xref" href="#t">T</a>.</p>'
                             '<h1 id="t">Target</h1>',
                             "a.xref::after { content: ', p. 9'; } h1 { break-before: page; }")
    assert messages(check_page_references(document, HERE)) == [
        "t.html: error: page 1: the reference to 't' prints page 9, but its target is on "
        "page 2"]


def test_an_internal_link_without_target(tmp_path: Path) -> None:
    _, _, found = lay_out(tmp_path, '<p><a href="#nowhere">Somewhere</a></p>')
    assert messages(found) == ["t.html: error: internal link to '#nowhere' has no target; "
                               "the link was dropped"]


def test_a_font_that_is_not_embedded() -> None:
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font,
                                                Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    page = pdf.add_blank_page()
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    out = io.BytesIO()
    pdf.save(out)
    assert messages(check_fonts(out.getvalue(), HERE)) == [
        "t.html: error: page 1: font /Helvetica is not embedded"]


def test_the_page_budget_warns_and_strict_fails(mini: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text() + "page-budget: 4\n")
    status, out, err = run_build(mini, capsys, "--check")
    assert status == 0
    assert err == "content/brief.yaml:11: warning: brief.pdf: 6 pages, more than the page " \
                  "budget of 4\n"
    assert out.startswith("preflight of output/brief.pdf (pdf/ua-1, 6 pages)")
    status, _, err = run_build(mini, capsys, "--strict")
    assert status == 1 and "error: brief.pdf: 6 pages, more than the page budget" in err


@pytest.mark.parametrize("args", [[], ["--paper", "letter"], ["--print"], ["--draft"],
                                  ["--archival"]])
def test_the_real_brief_has_no_findings_in_any_edition(
        real_brief: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, out, err = run_build(real_brief, capsys, "--check", "--strict", *args)
    assert (status, err) == (0, "")
    assert "0 error(s), 0 warning(s)" in out


def test_a_line_that_breaks_early(tmp_path: Path) -> None:
    """WeasyPrint 70 broke this bibliography entry after its first word when the hanging
    indent equalled the padding (see styles/brief.css); the check must see it."""
    entry = ('Consulate General of the Republic of Azerbaijan in Istanbul '
             '(azconsulateistanbul.org.tr). “Consulate’s Message.” <a href="https://'
             'azconsulateistanbul.org.tr/en/?name=welcome">https://azconsulateistanbul.org.tr/'
             'en/?name=welcome</a>.')
    (tmp_path / "bug.css").write_text(".bibliography .csl-entry { padding-left: 6mm; "
                                      "text-indent: -6mm; }")
    html = ('<html lang="en-US"><body><section class="chapter bibliography">'
            f'<p class="csl-entry">{entry}</p></section></body></html>')
    document, _, _ = typeset(html, [ROOT / "styles/brief.css", tmp_path / "bug.css"],
                             tmp_path, (tmp_path, ROOT), lambda _: HERE)
    assert messages(check_pages(document, HERE)) == [
        "t.html: error: page 1: a line breaks early: 'Consulate'"]
