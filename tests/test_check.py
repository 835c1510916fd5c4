"""Preflight: each finding provoked by a small document with its exact message, and each one
shown to stop a real build (exit 1, the previous PDF kept) through build.py."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

import brief.produce
from brief.check import check_fonts, check_notes, check_page_references, check_pages
from brief.model import Loc
from brief.typeset import typeset
from helpers import ROOT, Built, append, edit, run_build

HERE = Loc("t.html")
PAGE = "@page { size: A4; margin: 10mm; } body { font: 10pt/14pt 'Source Serif Pro'; }"
LAST_GOOD = b"%PDF-1.7 the last good build"


def lay_out(tmp_path: Path, body: str, css: str = ""):  # type: ignore[no-untyped-def]
    (tmp_path / "t.css").write_text(PAGE + css)
    html = f'<html lang="en"><body>{body}</body></html>'
    return typeset(html, [tmp_path / "t.css"], tmp_path, (tmp_path,), lambda _: HERE)


def messages(found: list) -> list[str]:  # type: ignore[type-arg]
    return [str(d) for d in found]


def refused(root: Path, monkeypatch: pytest.MonkeyPatch, css: str = "", *args: str) -> list[str]:
    """Build ``root`` (with ``css`` added to the stylesheets) over a previous PDF; the build
    must fail and keep that PDF. Returns the error lines."""
    (root / "output").mkdir(exist_ok=True)
    (root / "output/brief.pdf").write_bytes(LAST_GOOD)
    if css:
        (root / "extra.css").write_text(css)
        stylesheets = brief.produce.stylesheets
        monkeypatch.setattr(brief.produce, "stylesheets",
                            lambda edition: [*stylesheets(edition), root / "extra.css"])
    status, _, err = run_build(root, *args)
    assert status == 1, err
    assert err.splitlines()[-1].startswith("build failed with ")
    assert (root / "output/brief.pdf").read_bytes() == LAST_GOOD
    return err.splitlines()[:-1]


def test_a_note_off_the_page_of_its_call(tmp_path: Path) -> None:
    note = "A long note. " * 120
    document, _, _ = lay_out(tmp_path, '<div style="height: 250mm"></div><p>Text'
                             f'<span class="note" data-loc="c.md:7">{note}</span> after.</p>',
                             ".note { float: footnote; footnote-policy: auto; }")
    assert messages(check_notes(document, HERE)) == [
        "c.md:7: error: note called on page 1 is printed on page(s) [2]: '1.  A long note. A "
        "long note. A long note. A long note. A lo...'"]


def test_a_note_that_cannot_sit_on_its_page_stops_the_build(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even laid out again from a new page, a note longer than a page cannot be beside its
    call: the build says where it is called and keeps the previous PDF."""
    append(mini / "content/01-first.md",
           "\nA claim.[^long]\n\n[^long]: " + "A very long note. " * 500 + "\n")
    errors = refused(mini, monkeypatch)
    notes = [e for e in errors if "note called on page" in e]
    assert len(notes) == 1 and notes[0].startswith(
        "content/01-first.md:11: error: brief.pdf: note called on page 5 is printed on page(s) "
        "[6]: '1. A very long note.")


def test_a_heading_last_on_a_page(tmp_path: Path) -> None:
    document, _, _ = lay_out(tmp_path, '<div style="height: 255mm"></div><h2>Stranded</h2>'
                             '<p style="orphans: 3">' + "Text. " * 200 + "</p>",
                             "h2 { break-after: auto; }")
    assert "t.html: error: page 1 ends with the heading 'Stranded'" in messages(
        check_pages(document, HERE))


def test_a_heading_last_on_a_page_stops_the_build(mini: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    css = "#first-a-subheading { break-after: page !important; }"
    assert refused(mini, monkeypatch, css) == [
        "output/brief.html: error: brief.pdf: page 4 ends with the heading 'A Subheading'"]


def test_a_table_row_split_across_pages(tmp_path: Path) -> None:
    cell = "Row text. " * 1000
    document, _, _ = lay_out(tmp_path, f"<table><tr><td>{cell}</td></tr></table>")
    assert messages(check_pages(document, HERE)) == [
        "t.html: error: table row split across pages [1, 2]: 'Row text. Row text. Row text. "
        "Row text. '"]


def test_a_table_row_taller_than_a_page_stops_the_build(mini: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    edit(mini / "content/agreements.yaml", "note: In force from 2021.",
         "note: " + "In force from 2021. " * 400)
    errors = refused(mini, monkeypatch)
    assert [e for e in errors if "table row split" in e] == [
        "output/brief.html: error: brief.pdf: table row split across pages [6, 7, 8]: "
        "'3 December 10, 2020 Third Treaty In forc'"]


def test_a_line_past_the_text_block(tmp_path: Path) -> None:
    document, _, _ = lay_out(tmp_path, f'<p data-loc="c.md:3">{"x" * 300}</p>')
    assert messages(check_pages(document, HERE)) == [
        "c.md:3: error: page 1: a line passes the text block: '" + "x" * 50 + "'"]


def test_a_line_past_the_text_block_stops_the_build(mini: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    append(mini / "content/01-first.md", "\nA number: " + "1234567890" * 20 + ".\n")
    errors = refused(mini, monkeypatch)
    assert [e for e in errors if "passes the text block" in e] == [
        "output/brief.html: error: brief.pdf: page 4: a line passes the text block: "
        "'12345678901234567890123456789012345678901234567890'"]


def test_a_page_reference_that_does_not_match(tmp_path: Path) -> None:
    document, _, _ = lay_out(tmp_path, '<p>See <a class="xref" href="#t">T</a>.</p>'
                             '<h1 id="t">Target</h1>',
                             "a.xref::after { content: ', p. 9'; } h1 { break-before: page; }")
    assert messages(check_page_references(document, HERE)) == [
        "t.html: error: page 1: the reference to 't' prints page 9, but its target is on "
        "page 2"]


def test_a_wrong_page_reference_stops_the_build(mini: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    append(mini / "content/01-first.md", "\nSee [](#annex).\n")
    errors = refused(mini, monkeypatch, "a.xref::after { content: ', p. 99' !important; }")
    assert [e for e in errors if "prints page" in e] == [
        "output/brief.html: error: brief.pdf: page 4: the reference to 'annex' prints page "
        "99, but its target is on page 5"]


def test_an_internal_link_without_target(tmp_path: Path) -> None:
    _, _, found = lay_out(tmp_path, '<p><a href="#nowhere">Somewhere</a></p>')
    assert messages(found) == ["t.html: error: internal link to '#nowhere' has no target; "
                               "the link was dropped"]


def test_an_internal_link_without_target_stops_the_build(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    append(mini / "content/01-first.md", "\nSee [the annex](#anex).\n")
    errors = refused(mini, monkeypatch)
    assert errors == ["content/01-first.md:11: error: brief.pdf: internal link to '#anex' has "
                      "no target; the link was dropped"]


def test_a_font_that_is_not_embedded() -> None:
    assert messages(check_fonts(unembedded_font_pdf(), HERE)) == [
        "t.html: error: page 1: font /Helvetica is not embedded"]


def unembedded_font_pdf(pdf: bytes | None = None) -> bytes:
    """``pdf`` (or a blank page) with a Helvetica that is not embedded used on page 1."""
    document = pikepdf.open(io.BytesIO(pdf)) if pdf else pikepdf.new()
    if not pdf:
        document.add_blank_page()
    font = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    page = document.pages[0]
    page.Resources = page.get("/Resources", pikepdf.Dictionary())
    page.Resources.Font = page.Resources.get("/Font", pikepdf.Dictionary())
    page.Resources.Font.Unembedded = font
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_font_not_embedded_stops_the_build(mini: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    finish = brief.produce.finish
    monkeypatch.setattr(brief.produce, "finish",
                        lambda *args: unembedded_font_pdf(finish(*args)))
    errors = refused(mini, monkeypatch)
    assert errors[0] == "output/brief.html: error: brief.pdf: page 1: font /Helvetica is not " \
                        "embedded"
    assert all(e.endswith("font /Helvetica is not embedded") for e in errors)


def test_the_page_budget_warns_and_strict_fails(mini: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    append(mini / "content/brief.yaml", "page-budget: 4\n")
    status, out, err = run_build(mini, "--check")
    assert status == 0
    assert err == "content/brief.yaml:11: warning: brief.pdf: 6 pages, more than the page " \
                  "budget of 4\n"
    assert out.startswith("preflight of output/brief.pdf (pdf/ua-1, 6 pages)")
    assert refused(mini, monkeypatch, "", "--strict") == [
        "content/brief.yaml:11: error: brief.pdf: 6 pages, more than the page budget of 4"]


@pytest.mark.parametrize("stem", ["brief", "brief-letter", "brief-print", "brief-letter-print",
                                  "brief-draft", "brief-archival"])
def test_the_real_brief_has_no_findings_in_any_edition(editions: Built, stem: str) -> None:
    report = editions.report(stem)
    assert f"preflight of output/{stem}.pdf" in report
    assert "0 error(s), 0 warning(s)" in report


BUGGY_ENTRY = ('Consulate General of the Republic of Azerbaijan in Istanbul '
               '(azconsulateistanbul.org.tr). “Consulate’s Message.” <a href="https://'
               'azconsulateistanbul.org.tr/en/?name=welcome">https://azconsulateistanbul.org.tr/'
               'en/?name=welcome</a>.')
BUGGY_CSS = ".bibliography .csl-entry { padding-left: 6mm; text-indent: -6mm; }"


def test_a_line_that_breaks_early(tmp_path: Path) -> None:
    """WeasyPrint 70 broke this bibliography entry after its first word when the hanging
    indent equalled the padding (see styles/brief.css); the check must see it."""
    (tmp_path / "bug.css").write_text(BUGGY_CSS)
    html = ('<html lang="en-US"><body><section class="chapter bibliography">'
            f'<p class="csl-entry">{BUGGY_ENTRY}</p></section></body></html>')
    document, _, _ = typeset(html, [ROOT / "styles/brief.css", tmp_path / "bug.css"],
                             tmp_path, (tmp_path, ROOT), lambda _: HERE)
    assert messages(check_pages(document, HERE)) == [
        "t.html: error: page 1: a line breaks early: 'Consulate'"]


def test_a_line_that_breaks_early_stops_the_build(cited: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    append(cited / "content/references.yaml",
           "\n- id: consulate\n  type: webpage\n  title: Consulate's Message\n  publisher: "
           "Consulate General of the Republic of Azerbaijan in Istanbul "
           "(azconsulateistanbul.org.tr)\n  URL: https://azconsulateistanbul.org.tr/en/"
           "?name=welcome\n")
    append(cited / "content/01-notes.md", "\nThe consulate [@consulate].\n")
    errors = refused(cited, monkeypatch, BUGGY_CSS)
    assert "output/brief.html: error: brief.pdf: page 5: a line breaks early: 'Consulate'" \
        in errors
