"""Preflight: each finding provoked by a small document with its exact message, and each one
shown to stop a real build (exit 1, the previous PDF kept) through build.py."""
from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pikepdf
import pytest
from helpers import HERE, ROOT, Built, append, edit, lay_out, run_build
from weasyprint.formatting_structure import boxes

import brief.pdf.edition
import brief.pdf.finish
from brief.diagnostics import Loc
from brief.pdf.check import _early_breaks as early_breaks
from brief.pdf.check import _first_word_width as first_word_width
from brief.pdf.check import _loc as check_loc
from brief.pdf.check import (
    check_budget,
    check_layout,
    check_notes,
    check_page_references,
    check_pages,
    front_matter_pages,
    slid_notes,
)
from brief.pdf.finish import check_fonts
from brief.pdf.typeset import Sheet, typeset
from brief.read.inputs import Reader

LAST_GOOD = b"%PDF-1.7 the last good build"


def messages(found: list) -> list[str]:  # type: ignore[type-arg]
    return [str(d) for d in found]


def refused(root: Path, monkeypatch: pytest.MonkeyPatch, css: str = "", *args: str) -> list[str]:
    """Build ``root`` (with ``css`` added to the stylesheets) over a previous PDF; the build
    must fail after typesetting, keep that PDF and write no HTML. Returns the error lines."""
    (root / "output").mkdir(exist_ok=True)
    (root / "output/brief.pdf").write_bytes(LAST_GOOD)
    html = root / "output/brief.html"
    before = html.read_bytes() if html.exists() else None
    if css:
        (root / "extra.css").write_text(css)
        stylesheets = brief.pdf.edition.stylesheets
        monkeypatch.setattr(brief.pdf.edition, "stylesheets", lambda edition, own=None: (
            [*stylesheets(edition, own)[0], Sheet((root / "extra.css").as_uri(), css)], []))
    status, _, err = run_build(root, *args)
    assert status == 1, err
    assert err.splitlines()[-1].startswith("build failed with ")
    assert (root / "output/brief.pdf").read_bytes() == LAST_GOOD
    assert (html.read_bytes() if html.exists() else None) == before  # only with the PDF
    return err.splitlines()[:-1]


def test_a_note_off_the_page_of_its_call(tmp_path: Path) -> None:
    note = "A long note. " * 120
    document, _, _ = lay_out(tmp_path, '<div style="height: 250mm"></div><p>Text'
                             f'<span class="note" data-loc="c.md:7">{note}</span> after.</p>',
                             ".note { float: footnote; footnote-policy: auto; }")
    assert messages(check_notes(document, HERE)) == [
        "c.md:7: error: note called on page 1 is printed on page(s) [2]: '1.  A long note. A "
        "long note. A long note. A long note. A lo...' [note-slid]"]


@pytest.mark.build
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
    assert "t.html: error: page 1 ends with the heading 'Stranded' [heading-at-foot]" in messages(
        check_pages(document, HERE))


def test_a_table_row_split_across_pages(tmp_path: Path) -> None:
    cell = "Row text. " * 1000
    document, _, _ = lay_out(tmp_path, f"<table><tr><td>One</td><td>{cell}</td></tr></table>")
    assert messages(check_pages(document, HERE)) == [
        "t.html: error: table row split across pages [1, 2]: 'One Row text. Row text. Row "
        "text. Row te' [row-split]"]


@pytest.mark.build
def test_a_table_row_taller_than_a_page_stops_the_build(mini: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    edit(mini / "content/treaties.yaml", "note: In force from 2021.",
         "note: " + "In force from 2021. " * 400)
    errors = refused(mini, monkeypatch)
    assert [e for e in errors if "table row split" in e] == [
        "content/treaties.yaml:13: error: brief.pdf: table row split across pages [7, 8]: "
        "'3 December 10, 2020 Third Treaty In forc' [row-split]"]


def test_a_line_past_the_text_block(tmp_path: Path) -> None:
    document, _, _ = lay_out(tmp_path, f'<p data-loc="c.md:3">{"x" * 300}</p>')
    assert messages(check_pages(document, HERE)) == [
        "c.md:3: error: page 1: a line passes the text block: '" + "x" * 50 + "' [overfull-line]"]


def test_a_page_reference_that_does_not_match(tmp_path: Path) -> None:
    """Links that print no number, or lead outside, are no page references; a wrong one
    after them is still found, at its data-loc."""
    document, _, _ = lay_out(tmp_path, '<p><a class="n">none</a> <a href="https://x.org/">'
                             'web</a> <a href="#t">T</a> See <a class="xref" href="#t" '
                             'data-loc="c.md:4">T</a>.</p><h1 id="t">Target</h1>',
                             "a.xref::after { content: ', p. 9'; } h1 { break-before: page; } "
                             "a.n::after { content: ' 7'; } a[href^=http]::after { content: "
                             "' 8'; }")
    assert messages(check_page_references(document, HERE)) == [
        "c.md:4: error: page 1: the reference to 't' prints page 9, but its target is on "
        "page 2 [page-reference]"]


def test_an_internal_link_without_target(tmp_path: Path) -> None:
    _, _, found = lay_out(tmp_path, '<p><a href="#nowhere">Somewhere</a></p>')
    assert messages(found) == ["t.html: error: internal link to '#nowhere' has no target; "
                               "the link was dropped [unknown-anchor]"]


def test_a_font_that_is_not_embedded() -> None:
    assert messages(check_fonts(unembedded_font_pdf(), HERE)) == [
        "t.html: error: page 1: font /Helvetica is not embedded [font-not-embedded]"]


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


@pytest.mark.build
def test_a_font_not_embedded_stops_the_build(mini: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    finish = brief.pdf.finish.finish
    monkeypatch.setattr(brief.pdf.finish, "finish",
                        lambda *args: unembedded_font_pdf(finish(*args)))
    errors = refused(mini, monkeypatch)
    assert errors[0] == "output/brief.html: error: brief.pdf: page 1: font /Helvetica is not " \
                        "embedded [font-not-embedded]"
    assert all(e.endswith("font /Helvetica is not embedded [font-not-embedded]") for e in errors)


@pytest.mark.build
def test_the_page_budget_warns_and_strict_fails(mini: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    append(mini / "content/brief.yaml", "page-budget: 4\n")
    status, out, err = run_build(mini, "--check")
    assert status == 0
    assert err == "content/brief.yaml:28: warning: brief.pdf: 6 pages, more than the page " \
                  "budget of 4 [page-budget]\n"
    assert out.startswith("preflight of output/brief.pdf (pdf/ua-1, 6 pages)")
    assert refused(mini, monkeypatch, "", "--strict") == [
        "content/brief.yaml:28: error: brief.pdf: 6 pages, more than the page budget of 4 "
        "[page-budget]"]


@pytest.mark.build
@pytest.mark.parametrize("stem", ["brief", "brief-letter", "brief-print", "brief-draft",
                                  "brief-archival"])
def test_the_real_brief_has_no_findings_in_any_edition(editions: Built, stem: str) -> None:
    report = editions.report(stem)
    assert f"preflight of output/{stem}.pdf" in report
    assert "0 error(s), 0 warning(s)" in report


BUGGY_ENTRY = ('Consulate General of the Republic of Azerbaijan in Istanbul '
               '(azconsulateistanbul.org.tr). “Consulate’s Message.” <a href="https://'
               'azconsulateistanbul.org.tr/en/?name=welcome">https://azconsulateistanbul.org.tr/'
               'en/?name=welcome</a>.')
BUGGY_CSS = ".bibliography .csl-entry { padding-left: 6mm; text-indent: -6mm; }"


@pytest.fixture
def unfixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The typesetter without brief/pdf/enginefixes.py's fix of lines cut after their first
    word: the fault the check must still see, should another cause bring it back."""
    import weasyprint.layout.inline
    from weasyprint.text import line_break
    original = line_break.split_first_line.original
    for module in (line_break, weasyprint.layout.inline):
        monkeypatch.setattr(module, "split_first_line", original)


def test_a_line_that_breaks_early(tmp_path: Path, unfixed: None) -> None:
    """Unfixed, WeasyPrint 70 broke this bibliography entry after its first word when the
    hanging indent equalled the padding; the check must see it."""
    html = ('<html lang="en-US"><body><section class="chapter bibliography">'
            f'<p class="csl-entry">{BUGGY_ENTRY}</p></section></body></html>')
    sheets = [Sheet((ROOT / "styles/brief.css").as_uri(),
                    (ROOT / "styles/brief.css").read_text("utf-8")),
              Sheet((tmp_path / "bug.css").as_uri(), BUGGY_CSS)]
    document, _, _ = typeset(html, sheets, tmp_path, Reader(tmp_path), frozenset(),
                             lambda _: HERE)
    assert messages(check_pages(document, HERE)) == [
        "t.html: error: page 1: a line breaks early: 'Consulate' [early-break]"]


@pytest.mark.build
def test_a_line_that_breaks_early_stops_the_build(cited: Path, monkeypatch: pytest.MonkeyPatch,
                                                  unfixed: None) -> None:
    append(cited / "content/references.yaml",
           "\n- id: consulate\n  type: webpage\n  title: Consulate's Message\n  publisher: "
           "Consulate General of the Republic of Azerbaijan in Istanbul "
           "(azconsulateistanbul.org.tr)\n  URL: https://azconsulateistanbul.org.tr/en/"
           "?name=welcome\n")
    append(cited / "content/01-notes.md", "\nThe consulate [@consulate].\n")
    errors = refused(cited, monkeypatch, BUGGY_CSS)
    assert "content/references.yaml:43: error: brief.pdf: page 5: a line breaks early: " \
        "'Consulate' [early-break]" in errors


def font_pdf() -> bytes:
    """Page 1 without fonts; page 2 with fonts embedded every way (FontFile, FontFile2,
    FontFile3, a composite font's descendant); page 3 with two fonts that are not."""
    document = pikepdf.new()

    def font(name: str, descriptor: dict | None, composite: bool = False) -> pikepdf.Object:
        fields = {"Type": pikepdf.Name.Font, "BaseFont": pikepdf.Name("/" + name)}
        if descriptor is not None:
            fields["FontDescriptor"] = document.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.FontDescriptor, **descriptor))
        if not composite:
            return document.make_indirect(pikepdf.Dictionary(Subtype=pikepdf.Name.Type1,
                                                             **fields))
        descendant = document.make_indirect(pikepdf.Dictionary(
            Subtype=pikepdf.Name.CIDFontType2, **fields))
        return document.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name("/" + name), DescendantFonts=pikepdf.Array([descendant])))

    stream = document.make_stream(b"font program")
    embedded = {"F1": font("One", {"FontFile": stream}), "F2": font("Two", {"FontFile2": stream}),
                "F3": font("Three", {"FontFile3": stream}),
                "F4": font("Four", {"FontFile2": stream}, composite=True)}
    missing = {"F5": font("Five", {}, composite=True), "F6": font("Six", None)}
    for fonts in ({}, embedded, missing):
        page = document.add_blank_page()
        page.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary({"/" + k: v for k, v in fonts.items()}))
        if not fonts:
            page.Resources = pikepdf.Dictionary()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_every_way_of_embedding_a_font_passes_and_only_missing_programs_fail() -> None:
    assert messages(check_fonts(font_pdf(), HERE)) == [
        "t.html: error: page 3: font /Five is not embedded [font-not-embedded]",
        "t.html: error: page 3: font /Six is not embedded [font-not-embedded]"]


def pages_of(*types: str) -> SimpleNamespace:
    """A stand-in for a laid-out document whose pages have these page types."""
    return SimpleNamespace(pages=[SimpleNamespace(_page_box=SimpleNamespace(
        page_type=SimpleNamespace(name=name))) for name in types])


def test_the_page_budget_is_a_warning_only_past_the_budget() -> None:
    document = pages_of(*["chapter"] * 5)
    assert check_budget(document, None, HERE) == []
    assert check_budget(document, 5, HERE) == []
    assert messages(check_budget(document, 4, HERE)) == [
        "t.html: warning: 5 pages, more than the page budget of 4 [page-budget]"]


def test_front_matter_is_the_cover_and_inside_pages_before_the_first_numbered_one() -> None:
    assert front_matter_pages(pages_of("cover", "imprint", "", "chapter", "cover")) == 2
    assert front_matter_pages(pages_of("", "cover")) == 0
    assert front_matter_pages(pages_of("cover", "imprint")) == 2


@pytest.mark.parametrize("value, loc", [
    ("c.md:7", Loc("c.md", 7)), ("a:b.md:12", Loc("a:b.md", 12)), (None, HERE),
    ("c.md", HERE), ("c.md:x", HERE), (":4", HERE)])
def test_findings_are_located_by_data_loc(value: str | None, loc: Loc) -> None:
    assert check_loc({} if value is None else {"data-loc": value}, HERE) == loc
    assert check_loc(None, HERE) == HERE


def test_slid_notes_are_named_and_the_others_are_not(tmp_path: Path) -> None:
    note = "A long note. " * 120
    document, _, _ = lay_out(
        tmp_path, '<p>Short<span class="note" data-note="fits">Fits.</span>.</p>'
        '<div style="height: 230mm"></div><p>Text<span class="note" data-note="slides">'
        f'{note}</span> after.</p><p>{"y" * 300}</p><p><a class="xref" href="#t">T</a></p>'
        '<h1 id="t">T</h1>', ".note { float: footnote; footnote-policy: auto; } "
        "a.xref::after { content: ', p. 9'; }")
    assert slid_notes(document) == frozenset({"slides"})
    found = messages(check_layout(document, HERE))
    assert len(found) == 3 and found[0].startswith("t.html: error: note called on page 1 is "
                                                   "printed on page(s) [2]: '2.  A long note.")
    assert found[1].startswith("t.html: error: page 1: a line passes the text block: 'yyy")
    assert found[2] == ("t.html: error: page 2: the reference to 't' prints page 9, but its "
                        "target is on page 2 [page-reference]")


def test_layout_checks_pass_a_document_without_faults(tmp_path: Path) -> None:
    """A heading that ends the last page, a table header repeated over pages, a forced line
    break, a short last line, a positioned mark outside the text block, matching page
    references: none of them is a finding."""
    rows = "".join(f"<tr><td>Row {n}</td></tr>" for n in range(120))
    document, _, _ = lay_out(
        tmp_path, '<p>See <a class="xref" href="#t">T</a> and <a href="#t">T</a>.</p>'
        '<p style="text-align: justify">A first line that is short,<br>then a line that is '
        'forced by the author, and a paragraph that runs on and on over the whole measure '
        'until it ends.</p><div style="position: absolute; left: -5mm; width: 400mm">'
        f'{"M" * 200}</div><div style="position: fixed; left: -5mm">{"W" * 200}</div>'
        f'<table><thead><tr><th>Head</th></tr></thead>{rows}</table>'
        '<h1 id="t">Target</h1><p>Text.</p><h2>Above a tall line</h2><p><span style="'
        'display: inline-block; height: 90mm; width: 10mm"></span></p><h2 class="p">Last</h2>',
        "a.xref::after { content: ', p. ' target-counter(attr(href), page); } "
        "h1, h2.p { break-before: page; } h2 { break-after: auto; } body { margin: 0; }")
    assert len(document.pages) >= 4  # the table runs over pages
    assert messages(check_layout(document, HERE)) == []


class Text(boxes.TextBox):
    """A laid-out piece of text of a given width, without laying anything out."""

    def __init__(self, text: str, width: float, tag: str = "p") -> None:  # noqa: D107
        self.text, self.width, self.children, self.element_tag = text, width, [], tag

    def margin_width(self) -> float:
        return self.width


def line(*parts: Text, loc: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(children=list(parts), element_tag="p",
                           element={"data-loc": loc} if loc else None)


def early(*lines: SimpleNamespace, measure: float = 100) -> list[str]:
    block = SimpleNamespace(width=measure)
    return messages(early_breaks(list(lines), {id(b): block for b in lines}, 3,
                                 lambda element: check_loc(element, HERE)))


def test_a_line_breaks_early_only_when_short_and_the_next_word_would_fit() -> None:
    full = line(Text("a full line of words", 95))
    assert early(full, line(Text("Word", 40), loc="c.md:3"), line(Text("next words", 50))) == [
        "c.md:3: error: page 3: a line breaks early: 'Word' [early-break]"]
    assert early(line(Text("Half", 50)), line(Text("w", 10))) == []  # not short
    assert early(line(Text("Word", 40)), line(Text("wide", 60))) == []  # would not fit
    assert early(line(Text("Word", 40)), line(Text("wider", 100))) == []
    assert early(line(Text("Word", 40), Text("", 0, tag="br")), line(Text("w", 5))) == []
    assert early(line(Text("Word", 40))) == []  # a last line may be short
    assert early(line(Text("x" * 60, 40)), line(Text("w", 5))) == [
        f"t.html: error: page 3: a line breaks early: '{'x' * 50}' [early-break]"]


def test_the_first_word_of_a_line_is_its_share_of_the_text_width_with_a_space() -> None:
    """(A word with the space before it: 'of All' then 'Foreign', 26.8 + 40.2 wide in a
    69.4 cell of a real report's table, was taken for an early break without the space.)"""
    assert first_word_width(line(Text("  ab cd", 70))) == 42.0
    assert first_word_width(line(Text("a", 10))) == 20.0
    assert first_word_width(line(Text(" ", 10), Text("abcd", 8))) == 10.0
    assert first_word_width(line()) == 0.0
    assert early(line(Text("of All", 26.8)), line(Text("Foreign", 40.2)), measure=69.4) == []


@pytest.mark.build
def test_layout_faults_stop_the_build_each_at_its_line_all_at_once(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A heading last on its page, a line past the text block, a reference printing the
    wrong page and a link without target, in one build: each reported at its source line,
    the previous PDF kept."""
    append(mini / "content/01-first.md", "\n## N" + "1234567890" * 7 + "\n\nText.\n"
                                         "\nSee [](#annex) and [the annex](#anex).\n")
    css = "#first-a-subheading { break-after: page !important; } " \
          "a.xref::after { content: ', p. 99' !important; }"
    assert refused(mini, monkeypatch, css) == [
        "content/01-first.md:7: error: brief.pdf: page 4 ends with the heading 'A Subheading' "
        "[heading-at-foot]",
        "content/01-first.md:11: error: brief.pdf: page 5: a line passes the text block: "
        "'N1234567890123456789012345678901234567890123456789' [overfull-line]",
        "content/01-first.md:15: error: brief.pdf: internal link to '#anex' has no target; "
        "the link was dropped [unknown-anchor]",
        "content/01-first.md:15: error: brief.pdf: page 5: the reference to 'annex' prints "
        "page 99, but its target is on page 6 [page-reference]"]


def test_each_character_a_house_font_lacks_is_said_once_at_its_place() -> None:
    """(In this process, with a stand-in for the font: its family and the characters it
    has.)"""
    from types import SimpleNamespace

    import weasyprint

    from brief.diagnostics import Loc
    from brief.pdf.check import check_glyphs
    document = weasyprint.HTML(string="<p style='font-family: House'>abc → ba</p>"
                               "<p>→ elsewhere</p>").render()
    faces = (SimpleNamespace(family="House", chars={ord("a"), ord("b")}),
             SimpleNamespace(family="House", chars={ord("c")}))
    places = {"→": Loc("content/01.md", 3)}
    assert [str(d) for d in check_glyphs(document, faces, lambda c: places[c])] == [
        "content/01.md:3: warning: the house font 'House' has no '→' (U+2192): printed in "
        "another font; use a font that has it, or change the text [font-fallback]"]


def test_a_document_whose_first_page_shows_no_element_has_no_parents() -> None:
    from types import SimpleNamespace

    from brief.pdf.check import parents_of
    blank = SimpleNamespace(_page_box=SimpleNamespace(children=[SimpleNamespace(element=None)]))
    assert parents_of(SimpleNamespace(pages=[blank])) == {}  # type: ignore[arg-type]
    assert parents_of(SimpleNamespace(pages=[])) == {}  # type: ignore[arg-type]
