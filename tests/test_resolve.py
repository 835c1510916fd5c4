"""Resolving: citations formatted by the style, the citation linter, ids."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from helpers import append, edit, markup, run_build

from brief.diagnostics import BuildError, Loc
from brief.handed import Index, TocEntry
from brief.markdown.parse import parse
from brief.model import Cite, PartialDate
from brief.read.language import language
from brief.read.load import load
from brief.resolve.cite import STYLES, _Html, bundled_style, is_note_style
from brief.resolve.cite import _skeleton as cite_skeleton
from brief.resolve.index import csl_of_brief, resolve


def resolved(root: Path, strict: bool = False) -> Index:
    return resolve(parse(load(root))[0], strict)[0]


def notes_and_bibliography(index: Index) -> str:
    lines = [f"{ident}: {text}" for ident, text in index.citations.items()]
    lines += [f"bibliography {key}: {text}" for key, text in index.bibliography]
    return "\n".join(lines) + "\n"


def test_chicago_notes_first_full_then_short_and_a_sorted_bibliography(
        cited: Path, golden) -> None:  # type: ignore[no-untyped-def]
    index = resolved(cited, strict=True)
    assert index.notes_style and index.bibliography_title == "Bibliography"
    assert [key for key, _ in index.bibliography] == [
        "ataturk-1959", "mfa-az-statement", "rferl-border", "mfa-relations"]
    golden("chicago-notes.txt", notes_and_bibliography(index))


@pytest.mark.build
def test_author_date_is_one_field_away(cited: Path,
                                       golden) -> None:  # type: ignore[no-untyped-def]
    brief = cited / "content/brief.yaml"
    brief.write_text(brief.read_text() + "style: chicago-author-date\n")
    index = resolved(cited, strict=True)
    assert not index.notes_style and index.bibliography_title == "References"
    assert index.citations["cite-1"] == "(Atatürk 1959, 19)"
    golden("chicago-author-date.txt", notes_and_bibliography(index))
    status, _, _ = run_build(cited)
    html = (cited / "output/brief.html").read_text("utf-8")
    assert status == 0
    assert "A book (Atatürk 1959, 19)." in html and 'class="note"' in html  # authored note
    assert html.count('class="note"') == 1
    assert '<h1 id="bibliography">References</h1>' in html


def test_csl_json_works_as_well_as_yaml(cited: Path) -> None:
    expected = resolved(cited).citations
    content = cited / "content"
    data = yaml.safe_load((content / "references.yaml").read_text("utf-8"))
    (content / "references.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    (content / "references.yaml").unlink()
    brief = content / "brief.yaml"
    brief.write_text(brief.read_text() + "references: references.json\n")
    assert resolved(cited).citations == expected


def test_a_project_csl_file_can_be_the_style(cited: Path) -> None:
    from brief.resolve.cite import STYLES
    (cited / "styles").mkdir()
    (cited / "styles/house.csl").write_bytes((STYLES / "chicago-author-date.csl").read_bytes())
    brief = cited / "content/brief.yaml"
    brief.write_text(brief.read_text() + "style: styles/house.csl\n")
    assert resolved(cited).citations["cite-1"] == "(Atatürk 1959, 19)"


@pytest.mark.build
def test_authored_notes_share_the_numbering_and_hold_citations(
        cited: Path) -> None:
    assert run_build(cited)[0] == 0
    html = (cited / "output/brief.html").read_text("utf-8")
    notes = re.findall(r'<span class="note" data-loc="([^"]+)" data-note="[^"]+">(.*?)</span>',
                       html)
    assert len(notes) == 10
    assert notes[8] == ("content/01-notes.md:11", "The author’s aside, citing "
                        "<i>Atatürk’ün Söylev ve Demeçleri</i>, 2:21.")
    assert "A book.<span" in html  # the note call follows the punctuation
    assert "QUERY-SENTINEL-7731" not in html


def diagnostics(root: Path, strict: bool = False) -> list[str]:
    """What loading, parsing and resolving ``root`` finds, as printed, without a build."""
    try:
        document, found = parse(load(root))
    except BuildError as failure:
        return [str(d) for d in failure.diagnostics]
    return [str(d) for d in sorted(found + resolve(document, strict)[1])]


def lint(root: Path, *args: str) -> tuple[int, list[str]]:
    (root / "output").mkdir(exist_ok=True)
    (root / "output/brief.pdf").write_bytes(b"sentinel")
    status, _, err = run_build(root, *args)
    return status, err.splitlines()


@pytest.mark.build
def test_unknown_key_is_an_error_with_the_closest_keys(
        cited: Path) -> None:
    edit(cited / "content/01-notes.md", "[@rferl-border]. A document", "[@rferl-bordr]. A doc")
    status, lines = lint(cited)
    assert status == 1
    assert lines[0] == ("content/01-notes.md:6: error: unknown citation key 'rferl-bordr'; "
                        "did you mean 'rferl-border'? [unknown-citation]")
    assert (cited / "output/brief.pdf").read_bytes() == b"sentinel"


def test_duplicate_key_names_both_places(cited: Path) -> None:
    references = cited / "content/references.yaml"
    edit(references, "- id: mfa-relations", "- id: ataturk-1959")
    lines = diagnostics(cited)
    assert "content/references.yaml:15: error: duplicate reference key 'ataturk-1959' (first " \
           "defined at content/references.yaml:1) [duplicate-id]" in lines


def test_missing_title_and_malformed_date_are_errors_at_their_lines(
        cited: Path) -> None:
    references = cited / "content/references.yaml"
    edit(references, "  title: Relations between Türkiye and Azerbaijan\n", "")
    edit(references, "      - [2004, 4, 19]", "      - [2004, 14, 19]")
    lines = diagnostics(cited)
    assert lines == [
        "content/references.yaml:15: error: reference 'mfa-relations' has no title; add "
        "'title: ...' [missing-field]",
        "content/references.yaml:26: error: malformed date in 'issued': month 14 is not 1-12 "
        "[bad-date]",
    ]


def test_unknown_csl_field_suggests_the_standard_ones(
        cited: Path) -> None:
    edit(cited / "content/references.yaml", "  container-title: Radio", "  container_title: Radio")
    assert diagnostics(cited) == [("content/references.yaml:25: error: unknown CSL field "
                        "'container_title'; did you mean 'container-title' or "
                        "'container-title-short' or 'container-author'? [unknown-field]")]


@pytest.mark.build
def test_a_reference_never_cited_warns_and_strict_fails(
        cited: Path) -> None:
    with (cited / "content/references.yaml").open("a") as references:
        references.write("\n- id: unused\n  type: book\n  title: Never Cited\n")
    status, lines = lint(cited)
    assert status == 0
    assert lines == ["content/references.yaml:43: warning: reference 'unused' is never cited; "
                     "cite it or remove it [uncited-reference]"]
    assert (cited / "output/brief.pdf").read_bytes()[:5] == b"%PDF-"
    (cited / "output/brief.pdf").write_bytes(b"sentinel")
    status, lines = lint(cited, "--strict")
    assert status == 1
    assert lines[0] == ("content/references.yaml:43: error: reference 'unused' is never "
                        "cited; cite it or remove it [uncited-reference]")
    assert (cited / "output/brief.pdf").read_bytes() == b"sentinel"


def test_an_unknown_style_is_an_error_at_its_field(
        cited: Path) -> None:
    brief = cited / "content/brief.yaml"
    brief.write_text(brief.read_text() + "style: harvard-made-up\n")
    assert diagnostics(cited) == [
        "content/brief.yaml:9: error: unknown citation style 'harvard-made-up'; use "
        "chicago-notes-bibliography, chicago-author-date, or the path of a .csl file inside "
        "the project [unknown-style]"]


@pytest.mark.build
def test_queries_are_listed_with_their_lines(cited: Path) -> None:
    status, out, _ = run_build(cited, "--queries")
    assert status == 0
    assert out == ("content/01-notes.md:12: query: A query that must never be printed: "
                   "QUERY-SENTINEL-7731\n")
    assert not (cited / "output").exists()


def test_ids_share_one_namespace(mini: Path) -> None:
    edit(mini / "content/treaties.yaml", "- id: first-treaty", "- id: first")
    problems = resolve(parse(load(mini))[0])[1]
    assert [str(d) for d in problems] == [
        "content/treaties.yaml:1: error: id 'first' is already used at "
        "content/01-first.md:1; ids must be unique [duplicate-id]"]


def rendered_with_slid(root: Path, note: str) -> str:
    """The HTML of the brief at ``root`` rendered again after the note ``note`` slid away
    from its call (as ``pipeline.produce`` renders it)."""
    from brief.html.render import render
    document = parse(load(root))[0]
    return markup(render(document, resolve(document)[0], breaks=frozenset({note})))


def test_a_note_that_slid_moves_its_paragraph_to_a_new_page(cited: Path) -> None:
    """What the build does when WeasyPrint prints a note away from its call (see produce)."""
    html = rendered_with_slid(cited, "cite-5")
    assert html.count('class="starts-page"') == 1
    assert '<p class="starts-page">Again the book' in html


def test_the_build_lays_out_again_when_a_note_slid(cited: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """(Not marked ``build``, so that mutation runs have it: the repair's only test in this
    process.)"""
    import brief.pdf.check
    import brief.pipeline
    from brief.handed import Edition
    answers = iter([frozenset({"cite-5"}), frozenset({"cite-5"})])
    monkeypatch.setattr(brief.pdf.check, "slid_notes", lambda _: next(answers))
    from brief.timings import STAGES
    document = parse(load(cited))[0]
    STAGES.begin()
    product = brief.pipeline.produce(document, resolve(document)[0], Edition(), False,
                                    datetime(2026, 11, 1, tzinfo=timezone.utc))
    assert '<p class="starts-page">Again the book' in markup(product.html)
    said = [re.split(r"\s{2,}", line.strip())[0] for line in STAGES.report().splitlines()]
    assert said[-7:-1] == [  # --timings says the layout was made again: this repair adds
        "rendering the HTML (2 times)",  # a page, so that its try of laying out the changed
        "laying out the pages (2 times)",  # section alone was given up for a whole one;
        "laying out the changed sections", "drawing the PDF",  # only the last is drawn
        "checking the layout", "finishing the PDF and checking its fonts"]


def test_a_table_row_whose_note_slid_starts_a_page(mini: Path) -> None:
    """The repair for a note called from a data row moves the row, not the section."""
    from brief.html.render import render
    append(mini / "content/treaties.yaml", "  sources: [source]\n")
    (mini / "content/references.yaml").write_text("- id: source\n  type: webpage\n"
                                                  "  title: A Source\n")
    document = parse(load(mini))[0]
    html = markup(render(document, resolve(document)[0],
                         breaks=frozenset({"cite-annex-table-third-treaty-sources"})))
    assert html.count('class="starts-page"') == 1
    assert '<tr id="third-treaty" class="starts-page">' in html


def test_an_item_of_a_tight_list_whose_note_slid_starts_a_page(cited: Path) -> None:
    """A tight list's paragraphs print no tag: the repair moves the list item (found with
    a note of the real brief's key points that slid after an edit above the box)."""
    from brief.html.render import render
    append(cited / "content/01-notes.md",
           "\n- First point.\n- Second point.[@rferl-border]\n")
    document = parse(load(cited))[0]
    last = [c for c in document.flow if isinstance(c, Cite)][-1].id
    html = markup(render(document, resolve(document)[0], breaks=frozenset({last})))
    assert html.count('class="starts-page"') == 1
    assert re.search(r'<li class="starts-page">Second point\.<span class="note"', html)


def test_unknown_keys_and_targets_are_errors_with_what_to_do(cited: Path) -> None:
    append(cited / "content/01-notes.md",
           "\nSee [@atatrk-1959], [@zzz], [](#notse) and [](#qqq).\n")
    assert diagnostics(cited) == [
        "content/01-notes.md:16: error: cross-reference to unknown id 'notse'; did you mean "
        "'notes'? [unknown-xref]",
        "content/01-notes.md:16: error: cross-reference to unknown id 'qqq'; give the target "
        "an id [unknown-xref]",
        "content/01-notes.md:16: error: unknown citation key 'atatrk-1959'; did you mean "
        "'ataturk-1959'? [unknown-citation]",
        "content/01-notes.md:16: error: unknown citation key 'zzz'; add it to "
        "content/references.yaml [unknown-citation]"]


def test_strict_makes_every_warning_an_error(cited: Path) -> None:
    append(cited / "content/references.yaml", "\n- id: unused\n  type: book\n  title: U\n")
    assert diagnostics(cited) == ["content/references.yaml:43: warning: reference 'unused' is "
                                  "never cited; cite it or remove it [uncited-reference]"]
    assert diagnostics(cited, strict=True) == ["content/references.yaml:43: error: reference "
                                               "'unused' is never cited; cite it or remove it "
                                               "[uncited-reference]"]


def test_the_brief_cites_itself_by_its_authors_or_its_publisher(mini: Path) -> None:
    meta = load(mini).meta
    assert csl_of_brief(meta) == {
        "type": "report", "title": "A Small Brief", "author": [{"literal": "Test Institute"}],
        "publisher": "Test Institute", "issued": {"date-parts": [[2026, 11]]},
        "language": "en-US"}
    meta = replace(meta, subtitle="And More", authors=("Ada Lovelace", "Ludwig van Beethoven",
                                                       "The Basin Council"),
                   credits=({"name": "Ada Lovelace"}, {"name": "Ludwig van Beethoven"},
                            {"name": "The Basin Council", "organisation": True}),
                   date=PartialDate(2026, 11, 5), series={"name": "Briefs", "number": 7},
                   publisher=replace(meta.publisher, url="https://example.org"))
    assert csl_of_brief(meta, "n°") == {  # people by their names, a body by its name whole
        "type": "report", "title": "A Small Brief: And More",
        "author": [{"given": "Ada", "family": "Lovelace"},
                   {"given": "Ludwig", "family": "Beethoven", "non-dropping-particle": "van"},
                   {"literal": "The Basin Council"}], "publisher": "Test Institute",
        "issued": {"date-parts": [[2026, 11, 5]]}, "language": "en-US",
        "URL": "https://example.org", "collection-title": "Briefs",
        "collection-number": "n°\u00a07"}
    given = replace(meta, credits=({"name": "Gabriel García Márquez", "family": "García "
                                    "Márquez", "given": "Gabriel"},))  # (not split by words)
    assert csl_of_brief(given)["author"] == [{"family": "García Márquez", "given": "Gabriel"}]


def chart(ident: str, caption: str) -> str:
    """A timeline of the mini brief's treaties, as a chart directive."""
    return (f"::: {{#{ident} .chart}}\ndataset: treaties\ncaption: {caption}\n"
            "timeline: {date: date, label: number, colour: category}\n:::\n")


def test_contents_labels_and_numbers_of_a_brief(mini: Path) -> None:
    append(mini / "content/02-annex.md", "\n" + chart("fig-a", "A.") + "\n" + chart("fig-b", "B."))
    index = resolved(mini)
    assert [(e.id, e.level, e.text) for e in index.toc] == [
        ("first", 1, "First Section"), ("first-a-subheading", 2, "A Subheading"),
        ("annex", 1, "Annex")]
    assert index.figures == (("fig-a", 1, "A."), ("fig-b", 2, "B."))
    assert index.tables == (("annex-table", 1, ""),)
    assert {k: index.labels[k] for k in ("first", "first-a-subheading", "fig-b", "annex-table",
                                         "third-treaty")} == {
        "first": "First Section", "first-a-subheading": "A Subheading",
        "fig-b": "Figure\u00a02", "annex-table": "Table\u00a01",  # never split across lines
        "third-treaty": "Annex, no.\u00a03"}
    assert index.bibliography == () and index.citations == {}


def text(words: str) -> list[dict]:
    """Pandoc inlines for plain words."""
    out: list[dict] = []
    for word in words.split(" "):
        out += [{"t": "Space"}, {"t": "Str", "c": word}]
    return out[1:]


def test_pandoc_inlines_become_html_with_text_escaped() -> None:
    inlines = [
        {"t": "Str", "c": "A&B<c>"}, {"t": "SoftBreak"}, {"t": "Emph", "c": text("em")},
        {"t": "Strong", "c": text("strong")}, {"t": "SmallCaps", "c": text("sc")},
        {"t": "Superscript", "c": text("2")}, {"t": "Subscript", "c": text("i")},
        {"t": "LineBreak"}, {"t": "Quoted", "c": [{"t": "DoubleQuote"}, text("two words")]},
        {"t": "Quoted", "c": [{"t": "SingleQuote"}, text("one")]},
        {"t": "Span", "c": [["", [], []], text("span")]},
        {"t": "Link", "c": [["", [], []], text("site"), ['https://x.org/?a=1&b="2"', ""]]},
        {"t": "Code", "c": [["", [], []], "x<y"]},
        {"t": "Cite", "c": [[], text("cited")]}, {"t": "RawInline", "c": ["html", "<x>"]}]
    html = _Html(str, ("“", "”", "‘", "’"))
    assert html.inlines(inlines + [{"t": "Link", "c": [["", [], []], text("x"), [
        "javascript:alert(1)", ""]]}]) == (
        'A&amp;B&lt;c&gt; <i>em</i><b>strong</b><span class="smallcaps">sc</span><sup>2</sup>'
        '<sub>i</sub><br>“two words”‘one’span<a href="https://x.org/?a=1&amp;b=&#34;2&#34;">'
        "site</a><code>x&lt;y</code>citedx")
    assert html.refused == ["javascript:alert(1)"]
    french = _Html(language("fr").typeset, language("fr")["quotes"])  # the language's marks
    assert french.inlines([{"t": "Str", "c": "Titre"}, {"t": "Space"}, {"t": "Str", "c": ";"},
                           {"t": "Space"}, {"t": "Quoted", "c": [{"t": "DoubleQuote"},
                                                                  text("mot")]}]) == \
        "Titre\u202f; «\u202fmot\u202f»"


def test_the_skeleton_puts_each_note_in_its_own_paragraph() -> None:
    flow = (Cite("c1", "[@a]", ("a",), Loc("x")), "note-1",
            Cite("c2", "[@b, 3]", ("b",), Loc("x"), note="note-1"),
            Cite("c3", "[@c]", ("c",), Loc("x"), note="note-1"), "note-2",
            Cite("c4", "[see @d]", ("d",), Loc("x")))
    assert cite_skeleton(flow) == "[@a]\n\n^[[@b, 3] [@c]]\n\n^[.]\n\n[see @d]\n"


def test_a_style_is_a_bundled_name_or_a_csl_file_inside_the_project(cited: Path) -> None:
    assert bundled_style("chicago-author-date") == STYLES / "chicago-author-date.csl"
    assert bundled_style("no-such-style") is None
    assert bundled_style("../styles/chicago-author-date") is None
    assert is_note_style((STYLES / "chicago-notes-bibliography.csl").read_text("utf-8"))
    assert not is_note_style((STYLES / "chicago-author-date.csl").read_text("utf-8"))
    brief = cited / "content/brief.yaml"
    (cited / "house.csl").write_text((STYLES / "chicago-author-date.csl").read_text("utf-8"))
    (cited.parent / "outside.csl").write_text("<style/>")
    append(brief, "style: house.csl\n")
    assert resolved(cited).citations["cite-2"].startswith("(Republic of")
    at = len(brief.read_text().splitlines())
    for style, message in (
            ("missing.csl", "cannot read style file 'missing.csl': no such file or directory "
                            "[missing-file]"),
            ("../outside.csl", "style file '../outside.csl' is outside the project; only "
                               "files inside the brief's folder are read [outside-the-brief]"),
            ("no-such-style", "unknown citation style 'no-such-style'; use "
                              "chicago-notes-bibliography, chicago-author-date, or the path "
                              "of a .csl file inside the project [unknown-style]")):
        edit(brief, brief.read_text().splitlines()[-1], f"style: {style}")
        assert diagnostics(cited) == [f"content/brief.yaml:{at}: error: {message}"]


def test_the_suggested_citation_is_the_brief_in_its_own_style(cited: Path) -> None:
    index = resolved(cited)
    assert index.self_citation == "Test Institute. <i>Citation Fixture</i>. Test Institute, 2026."
    assert "Citation Fixture" not in " ".join(text for _, text in index.bibliography)
    assert "this-brief" not in index.citations
    brief = cited / "content/brief.yaml"
    brief.write_text(brief.read_text() + "authors: [Ada Lovelace]\nsubtitle: A Subtitle\n")
    assert resolved(cited).self_citation == ("Lovelace, Ada. <i>Citation Fixture: A Subtitle</i>. "
                                             "Test Institute, 2026.")  # a literal name


def test_a_failing_citation_processor_is_an_error_at_the_style(
        cited: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pypandoc
    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: "false")
    assert diagnostics(cited)[-1] == (
        "content/brief.yaml:1: error: the citation processor failed: exit status 1 "
        "[citations-failed]")
    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: str(tmp_path / "none"))
    assert diagnostics(cited)[-1] == (
        "content/brief.yaml:1: error: the citation processor (Pandoc) cannot run: No such "
        "file or directory; reinstall with pip install -e . [citations-failed]")
    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: "true")
    assert diagnostics(cited)[-1] == (
        "content/brief.yaml:1: error: the citation processor gave no readable answer "
        "[citations-failed]")


def test_author_date_gives_references_in_the_text_and_a_reference_list(cited: Path) -> None:
    append(cited / "content/brief.yaml", "style: chicago-author-date\n")
    index = resolved(cited)
    assert (index.notes_style, index.bibliography_title) == (False, "References")
    assert index.toc[-1] == TocEntry("bibliography", 1, "References")
    assert index.citations["cite-2"] == "(Republic of Türkiye, Ministry of Foreign Affairs, n.d.)"


def test_the_brief_language_sets_the_citation_language(cited: Path) -> None:
    edit(cited / "content/brief.yaml", "language: en-US", "language: en-GB")
    assert "19 April 2004" in resolved(cited).citations["cite-3"]
    edit(cited / "content/brief.yaml", "language: en-GB", "language: en-US")
    assert "April 19, 2004" in resolved(cited).citations["cite-3"]


def test_every_kind_of_id_is_claimed_once_with_its_place(mini: Path) -> None:
    append(mini / "content/01-first.md", "\n" + chart("fig-a", "A.") + "\n" + chart("fig-a", "B."))
    edit(mini / "content/treaties.yaml", "- id: third-treaty", "- id: annex-table")
    (mini / "content/03-more.md").write_text("---\ntitle: More\nid: first-a-subheading\n---\n")
    edit(mini / "content/brief.yaml", "  - 02-annex.md\n", "  - 02-annex.md\n  - 03-more.md\n")
    assert diagnostics(mini) == [
        "content/01-first.md:17: error: id 'fig-a' is already used at content/01-first.md:11; "
        "ids must be unique [duplicate-id]",
        "content/03-more.md:1: error: id 'first-a-subheading' is already used at "
        "content/01-first.md:7; ids must be unique [duplicate-id]",
        "content/treaties.yaml:13: error: id 'annex-table' is already used at "
        "content/02-annex.md:7; ids must be unique [duplicate-id]"]


def test_close_keys_are_suggested_three_at_most(mini: Path) -> None:
    (mini / "content/references.yaml").write_text("".join(
        f"- id: smith-200{n}\n  type: book\n  title: T{n}\n" for n in range(1, 5)))
    append(mini / "content/01-first.md", "\nAll [@smith-2001; @smith-2002; @smith-2003; "
                                         "@smith-2004] and [@smith-200].\n")
    index, found = resolve(parse(load(mini))[0])
    assert [str(d) for d in found] == [
        "content/01-first.md:11: error: unknown citation key 'smith-200'; did you mean "
        "'smith-2004' or 'smith-2003' or 'smith-2002'? [unknown-citation]"]
    assert "T1" in index.citations["cite-1"] and "T4" in index.citations["cite-1"]
    assert "cite-2" not in index.citations


def test_notes_and_entries_of_several_paragraphs_are_joined_with_spaces() -> None:
    html = _Html(str, ("“", "”", "‘", "’"))
    para = {"t": "Para", "c": text("one")}
    plain = {"t": "Plain", "c": text("two")}
    assert html.blocks([para, {"t": "Header", "c": text("no")}, plain]) == ["one", "two"]
    assert html.cite([{"t": "Note", "c": [para, plain]}]) == "one two"
    assert html.cite(text("in text")) == "in text"
    refs = {"t": "Div", "c": [["refs", [], []], [
        {"t": "Div", "c": [["ref-a", [], []], [para, plain]]}, {"t": "Para", "c": []}]]}
    assert html.bibliography([{"t": "Para", "c": []}, refs]) == (("a", "one two"),)
    assert html.bibliography([para]) == ()
    assert html.inlines([{"t": "Str", "c": "\"quoted\" and 'single'"}]) == \
        "&#34;quoted&#34; and &#39;single&#39;"  # markupsafe's escaping; the same text


def test_resolving_is_lenient_unless_asked_to_be_strict(cited: Path) -> None:
    append(cited / "content/references.yaml", "\n- id: unused\n  type: book\n  title: U\n")
    assert [d.level for d in resolve(parse(load(cited))[0])[1]] == ["warning"]



def test_formatted_citations_are_remembered_on_disk_keyed_by_every_input(
        cited: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A second process with the same inputs gets Pandoc's answer without running it; a
    changed reference, style or language runs it again; the cache can be switched off."""
    import brief.cache
    import brief.resolve.cite
    monkeypatch.setattr(brief.cache, "private_folder", lambda: tmp_path)
    runs: list[str] = []
    real = brief.resolve.cite._pandoc
    monkeypatch.setattr(brief.resolve.cite, "_pandoc", lambda *a: runs.append("pandoc") or real(*a))

    def fresh_process() -> Index:
        brief.resolve.cite._process.cache_clear()
        return resolved(cited)

    first = fresh_process()
    assert runs == ["pandoc"] and len(list(tmp_path.glob("cite-*.json"))) == 1
    assert fresh_process() == first and runs == ["pandoc"]  # the same, from the disk
    edit(cited / "content/references.yaml", "title:", "title: Revised")
    changed = fresh_process()
    assert runs == ["pandoc"] * 2 and changed != first
    append(cited / "content/brief.yaml", "style: chicago-author-date\n")
    fresh_process()
    assert runs == ["pandoc"] * 3 and len(list(tmp_path.glob("cite-*.json"))) == 3
    monkeypatch.setenv("BRIEF_BUILDER_NO_CACHE", "1")
    fresh_process()
    assert runs == ["pandoc"] * 4 and len(list(tmp_path.glob("cite-*.json"))) == 3


def test_pandoc_is_told_by_its_recorded_sha256_in_any_environment(tmp_path: Path) -> None:
    """The citation cache knows Pandoc by the SHA-256 its wheel recorded (a fresh virtual
    environment reads what another remembered), checked here against the file itself; any
    other binary by its path, size and time."""
    import base64
    import hashlib
    import os

    import pypandoc

    from brief.resolve.cite import pandoc_identity
    binary = pypandoc.get_pandoc_path()
    with open(binary, "rb") as file:
        digest = hashlib.file_digest(file, "sha256").digest()
    assert pandoc_identity(binary) == \
        f"sha256={base64.urlsafe_b64encode(digest).decode().rstrip('=')}"
    (tmp_path / "pandoc").symlink_to(binary)  # (the same file by another name)
    assert pandoc_identity(str(tmp_path / "pandoc")) == pandoc_identity(binary)
    other = tmp_path / "other"
    other.write_bytes(b"#!/bin/sh\n")
    info = os.stat(other)
    assert pandoc_identity(str(other)) == f"{other}:{info.st_size}:{info.st_mtime_ns}"
    assert pandoc_identity(str(tmp_path / "missing")) == ""


def test_what_the_citation_processor_says_when_it_fails_is_cut_to_a_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.resolve import cite
    from brief.resolve.cite import CiteError, _pandoc
    said = tmp_path / "said"
    said.write_text("x" * 150 + "\n\n  " + "y" * 200 + "\n", "utf-8")
    talker = tmp_path / "talker"
    talker.write_text(f"#!/bin/sh\ncat {said} >&2\nexit 3\n")
    talker.chmod(0o755)
    with pytest.raises(CiteError) as failed:
        _pandoc(str(talker), [], "")
    assert str(failed.value) == "the citation processor failed: " + ("x" * 150 + " " +
                                                                       "y" * 200)[:300]
    assert failed.value.code == "citations-failed"
    said.write_text("pandoc: Heap exhausted;\n", "utf-8")
    with pytest.raises(CiteError, match=r"^the citation processor failed: it ran out of "
                                        r"memory \(\d+ [GM]B\)$"):
        _pandoc(str(talker), [], "")
    sleeper = tmp_path / "sleeper"
    sleeper.write_text("#!/bin/sh\nexec sleep 10\n")
    sleeper.chmod(0o755)
    monkeypatch.setattr(cite, "TIMEOUT", 0.3)
    with pytest.raises(CiteError, match=r"^the citation processor took more than 0.3 s; is "
                                        "the style or the bibliography unusually large\\?$"):
        _pandoc(str(sleeper), [], "")
    answer = tmp_path / "answer"
    answer.write_text("#!/bin/sh\ncat >/dev/null\necho '{\"blocks\": []}'\n")
    answer.chmod(0o755)
    assert _pandoc(str(answer), [], "# x\n") == {"blocks": []}


def test_a_name_is_given_names_then_the_family_name_with_its_particles() -> None:
    from brief.resolve.index import csl_name
    assert [csl_name({"name": n}) for n in (
        "Plato", "Ada Lovelace", "Ludwig van Beethoven", "Jean de la Fontaine",
        "Mary Ann van der Berg", "Vincent van", "el Hassan bin Talal",
        "Pedro de Alcántara de Borbón")] == [
        {"literal": "Plato"}, {"given": "Ada", "family": "Lovelace"},
        {"given": "Ludwig", "family": "Beethoven", "non-dropping-particle": "van"},
        {"given": "Jean", "family": "Fontaine", "non-dropping-particle": "de la"},
        {"given": "Mary Ann", "family": "Berg", "non-dropping-particle": "van der"},
        {"given": "Vincent", "family": "van"},  # (a first word is a given name, a last the family)
        {"given": "el Hassan", "family": "Talal", "non-dropping-particle": "bin"},
        {"given": "Pedro", "family": "Alcántara de Borbón", "non-dropping-particle": "de"}]
    assert csl_name({"name": "X Y", "family": "Y"}) == {"family": "Y", "given": ""}


def test_a_dependent_style_formats_as_its_installed_parent_and_never_fetches_one() -> None:
    from brief.resolve.cite import STYLES, CiteError, independent
    dependent = ('<style><info><link href="http://www.zotero.org/styles/chicago-author-date/" '
                 'rel="independent-parent"/></info></style>')
    assert independent(dependent) == (STYLES / "chicago-author-date.csl").read_text("utf-8")
    assert independent("<style><info/></style>") == "<style><info/></style>"
    for href, shown in (('href="http://e.org/styles/no-such-style"', "http://e.org/styles/"
                                                                      "no-such-style"),
                        ("", "")):
        with pytest.raises(CiteError) as refused:
            independent(f'<style><link {href} rel="independent-parent"/></style>')
        assert (str(refused.value), refused.value.code) == (
            f"the style's parent '{shown}' is not among the installed styles, and nothing is "
            "fetched; use an independent style", "unknown-style")


def test_a_paragraph_whose_own_footnote_slid_starts_a_page(mini: Path) -> None:
    """An authored note is the section's ``<id>-note-<number>`` (its first: 0)."""
    append(mini / "content/01-first.md",
           "\nA paragraph with its own note.[^aside]\n\n[^aside]: The aside.\n")
    html = rendered_with_slid(mini, "first-note-0")
    assert html.count('class="starts-page"') == 1
    assert '<p class="starts-page">A paragraph with its own note.' in html


def test_the_layout_is_repaired_twice_at_most(cited: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Each try moves other notes: after two, the build goes on with what it has (the
    notes still off their page are then reported)."""
    import brief.pdf.check
    import brief.pipeline
    from brief.handed import Edition
    from brief.timings import STAGES
    asked: list[int] = []

    def slid(_: object) -> frozenset[str]:
        asked.append(len(asked))
        return frozenset({f"cite-{len(asked)}"})
    monkeypatch.setattr(brief.pdf.check, "slid_notes", slid)
    import brief.html.render
    document = parse(load(cited))[0]
    index = resolve(document)[0]
    STAGES.begin()
    first = brief.html.render.rendered(document, index, Edition(), {"fig-x": "<svg/>"})
    real, charts = brief.html.render.render, []
    monkeypatch.setattr(brief.html.render, "render", lambda *given: charts.append(given[5])
                        or real(*given))
    brief.pipeline.produce(document, index, Edition(), False,
                           datetime(2026, 11, 1, tzinfo=timezone.utc), first)
    assert asked == [0, 1]
    assert charts == [first.charts] * 2  # (rendered again with the charts drawn once)


def test_a_link_the_citation_style_made_is_said_at_its_citation_reference_or_style(
        cited: Path) -> None:
    from brief.resolve.index import _where
    document = parse(load(cited))[0]
    cite, reference = document.cites[0], document.project.references[0]
    assert _where(cite.raw, document) == cite.loc
    assert _where(str(reference.data)[1:20], document) == reference.loc
    assert _where("javascript:x", document) == document.project.meta.loc  # (no style line)
    append(cited / "content/brief.yaml", "style: chicago-author-date\n")
    document = parse(load(cited))[0]
    assert _where("javascript:x", document) == document.project.meta.lines["style"]
    assert document.project.meta.lines["style"] != document.project.meta.loc
