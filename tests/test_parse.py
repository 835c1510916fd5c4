"""Parsing: CommonMark to HTML, quotations, headings with ids and lines."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import append

from brief.diagnostics import Loc
from brief.markdown.parse import make_parser, parse_section, slugify
from brief.model import Figure, SectionSource


def section(body: str) -> SectionSource:
    return SectionSource("intro", "Intro", body, 5, Loc("content/01-intro.md", 1))


def html(markdown: str) -> str:
    return make_parser().render(markdown)


@pytest.mark.parametrize("markdown, expected", [
    ('He said "one nation, two states," then left.',
     "<p>He said <q>one nation, two states,</q> then left.</p>\n"),
    ("\"outer 'inner' outer\"", "<p><q>outer <q>inner</q> outer</q></p>\n"),
    ("Curly “kept” as typed -- and (c) too.", "<p>Curly “kept” as typed -- and (c) too.</p>\n"),
    ("- **Lead-in:** text", "<ul>\n<li><strong>Lead-in:</strong> text</li>\n</ul>\n"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
    ("around $4.5 billion", "<p>around $4.5 billion</p>\n"),
])
def test_markdown_to_html(markdown: str, expected: str) -> None:
    assert html(markdown) == expected


def test_subheadings_get_ids_and_source_lines() -> None:
    parsed, _, problems = parse_section(make_parser(), section("Text.\n\n## Trade and Ağdam\n"))
    assert problems == []
    assert parsed.tokens[3].attrGet("id") == "intro-trade-and-agdam"
    assert [(h.id, h.level, str(h.loc)) for h in parsed.headings] == [
        ("intro-trade-and-agdam", 2, "content/01-intro.md:7")]


def test_a_level_one_heading_in_a_section_is_an_error() -> None:
    _, _, problems = parse_section(make_parser(), section("\n# Again\n"))
    assert [str(p) for p in problems] == [
        "content/01-intro.md:6: error: a '#' heading inside a section; the section title "
        "comes from the front matter 'title', so use '##' for a subheading [heading-level]"]


def problems(body: str) -> list[str]:
    return [str(p) for p in parse_section(make_parser(), section(body))[2]]


@pytest.mark.parametrize("fence, message", [
    ("::: {.sidebar}", "a fenced div takes one class of: key-points, table, chart "
                       "(found .sidebar) [unknown-attribute]"),
    ("::: {#x}", "a fenced div takes one class of: key-points, table, chart (found #x) "
                 "[unknown-attribute]"),
    ("::: {}", "a fenced div takes one class of: key-points, table, chart (found none) "
               "[unknown-attribute]"),
    ("::: {.key-points .chart}", "a fenced div takes one class of: key-points, table, chart "
                                 "(found .key-points .chart) [unknown-attribute]"),
    ("::: {.chart}", "a chart needs an id to be numbered and referred to: "
                     "::: {#fig-name .chart} [missing-id]"),
    ("::: {.table}", "a table needs an id to be numbered and referred to: "
                     "::: {#tbl-name .table} [missing-id]"),
])
def test_a_fenced_div_with_a_wrong_class_or_no_id_is_an_error_at_its_line(
        fence: str, message: str) -> None:
    assert problems(f"Text.\n\n{fence}\nCaption.\n:::\n") == [
        f"content/01-intro.md:7: error: {message}"]


def test_a_fenced_div_is_a_box_and_a_directive_holds_its_lines() -> None:
    parsed, _, found = parse_section(make_parser(), section(
        "::: {.key-points}\n- one\n:::\n\n::: {#fig-a .chart}\ndataset: x\n- not markdown\n"
        ":::\n\nAfter.\n"))
    assert [str(d) for d in found] == [  # the directive's YAML, read at its own lines
        "content/01-intro.md:11: error: malformed YAML: did not find expected key; "
        "fix the syntax on this line [yaml-syntax]"]
    opened = [t for t in parsed.tokens if t.type == "container_div_open"]
    assert [t.meta.get("class") for t in opened] == ["key-points"]
    directive = next(t for t in parsed.tokens if t.type == "directive")
    assert directive.meta["body"] == "dataset: x\n- not markdown\n"
    assert [t.type for t in parsed.tokens][-3:] == ["paragraph_open", "inline", "paragraph_close"]
    assert parsed.figures == ()


@pytest.mark.parametrize("text, slug", [
    ("Trade and Ağdam", "trade-and-agdam"), ("  Ends -- with!  ", "ends-with"),
    ("İzmir's 2nd Port", "izmir-s-2nd-port"), ("Հայաստան", "section"), ("A_B", "a-b")])
def test_slugs_are_lower_case_ascii_words(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_a_subheading_of_level_three_is_kept_with_its_level() -> None:
    parsed, _, found = parse_section(make_parser(), section("### Deeper\n"))
    assert found == []
    assert [(h.id, h.level, h.text) for h in parsed.headings] == [("intro-deeper", 3, "Deeper")]


@pytest.mark.parametrize("markdown, cites", [
    ("A [@a].", [("[@a]", ("a",))]),
    ("A [see @a, p. 12; @b.c-d].", [("[see @a, p. 12; @b.c-d]", ("a", "b.c-d"))]),
    ("A [-@a, 3].", [("[-@a, 3]", ("a",))]),
    ("A [@a.; @b:].", [("[@a.; @b:]", ("a", "b"))]),
    ("Mail [me at a@b.org] and [@a](https://x.org) or [@a]: and [^1] and [x].", []),
    ("Two [@a]\nlines [@b].", [("[@a]", ("a",)), ("[@b]", ("b",))]),
])
def test_citations_are_read_as_pandoc_reads_them(markdown: str, cites: list) -> None:
    _, flow, _ = parse_section(make_parser(), section(markdown + "\n"))
    assert [(c.raw, c.keys) for c in flow] == cites


def test_citations_and_queries_know_their_lines_inside_a_paragraph() -> None:
    parsed, flow, _ = parse_section(make_parser(), section(
        "First line,\nsecond [@a] {>> is this\nright? <<}\nthird [@b].\n"), first_cite=4)
    assert [(c.id, str(c.loc)) for c in flow] == [("cite-5", "content/01-intro.md:6"),
                                                  ("cite-6", "content/01-intro.md:8")]
    assert [(q.text, str(q.loc)) for q in parsed.queries] == [
        ("is this right?", "content/01-intro.md:6")]


def test_an_unclosed_query_is_text_and_queries_print_nothing() -> None:
    assert html("Text {>> open\n") == "<p>Text {&gt;&gt; open</p>\n"
    assert html("Text {>> hidden <<} more [@a].\n") == "<p>Text  more .</p>\n"


def test_footnotes_are_notes_in_the_flow_with_their_citations() -> None:
    parsed, flow, found = parse_section(make_parser(), section(
        "Text.[^n] More [@b].\n\n[^n]: An aside citing [@a].\n"))
    assert found == []
    assert [item if isinstance(item, str) else (item.id, item.keys, item.note)
            for item in flow] == ["intro-note-0", ("cite-1", ("a",), "intro-note-0"),
                                  ("cite-2", ("b",), None)]
    assert list(parsed.notes) == [0]


def test_a_footnote_without_definition_and_an_image_without_alt_are_errors() -> None:
    assert problems("Text[^x] here.\n\n![](chart.svg)\n") == [
        "content/01-intro.md:5: error: footnote [^x] has no definition; add a line '[^x]: "
        "text' below the paragraph [unknown-note]",
        "content/01-intro.md:7: error: image 'chart.svg' has no alt text; describe what it "
        "shows: ![what it shows](file) [missing-alt]"]


def test_what_is_written_escaped_is_text_not_syntax() -> None:
    """A character escaped (``\\[``) or written as an entity (``&#91;``) is text: no note
    without definition, no query or comment left open, no LaTeX command; an unescaped one
    still is each of those."""
    written = ("Literal \\[^1] and &#91;^2], \\{>> not a query <<\\}, \\<!-- not a comment, "
               "\\\\newpage and \\@smith.\n")
    assert problems(written) == []
    assert html(written) == ("<p>Literal [^1] and [^2], {&gt;&gt; not a query &lt;&lt;}, "
                             "&lt;!-- not a comment, \\newpage and @smith.</p>\n")
    assert [p.split(": error: ")[1].split(";")[0] for p in problems(
        "Literal [^1], {>> open, <!-- open and \\newpage.\n")] == [
        "the LaTeX command '\\newpage' would print as written",
        "footnote [^1] has no definition",
        "an HTML comment is not closed: end it with '-->' [unclosed-comment]",
        "an editor's query is not closed: write it on one paragraph as {>> question <<} "
        "[unclosed-query]"]


def test_only_what_is_escaped_is_text() -> None:
    """Escaped characters are placed where they are in their text: what is written before
    them is still checked, and an image's alt text joins them too."""
    assert [p.split(": error: ")[1][:31] for p in problems("Open [^1] then \\[^2].\n")] == [
        "footnote [^1] has no definition"]
    image = next(t for t in make_parser().parse("![a \\[b\\] c](x.png)\n")[1].children
                 if t.type == "image")
    assert [(t.type, t.content) for t in image.children] == [("text", "a [b] c")]


def test_the_text_s_checks_say_their_codes() -> None:
    assert problems("A &#x202E; mark, \\textbf{x}, a close <<} alone.\n\n\\q\\[x].\n") == [
        "content/01-intro.md:5: error: the character U+202E (RIGHT-TO-LEFT OVERRIDE) does "
        "not belong in text (it hides or reorders what prints); delete it [control-character]",
        "content/01-intro.md:5: error: the LaTeX command '\\textbf{x}' would print as written; "
        "write Markdown (*italic*, **bold**), or \\newpage alone in a paragraph for a page "
        "break [unknown-syntax]",
        "content/01-intro.md:5: error: an editor's query is not closed: write it on one "
        "paragraph as {>> question <<} [unclosed-query]"]


def test_an_empty_link_to_an_id_is_a_cross_reference() -> None:
    parsed, _, _ = parse_section(make_parser(), section("See [](#annex) and [the annex](#a).\n"))
    assert [(x.target, str(x.loc)) for x in parsed.xrefs] == [("annex", "content/01-intro.md:5")]


def test_citation_ids_run_on_across_sections_and_data_rows_follow_their_table() -> None:
    from helpers import ROOT

    from brief.markdown.parse import parse
    from brief.read.load import load
    document, found = parse(load(ROOT))
    ids = [c.id for c in document.cites]
    assert found == [] and len(ids) == len(set(ids)) == 34
    assert ids[:27] == [f"cite-{n}" for n in range(1, 28)]
    rows = [r.values["id"] for r in document.project.datasets["agreements"].rows
            if "sources" in r.values]
    assert ids[27:] == [f"cite-appendix-table-{row}-sources" for row in rows]
    assert [c.loc.path for c in document.cites][26:28] == [
        "content/04-education-and-culture.md", "content/agreements.yaml"]


def test_problems_of_every_section_are_reported(mini: Path) -> None:
    from brief.markdown.parse import parse
    from brief.read.load import load
    append(mini / "content/01-first.md", "\n# One\n")
    append(mini / "content/02-annex.md", "\n# Two\n")
    _, found = parse(load(mini))
    assert [str(d.loc) for d in found] == ["content/01-first.md:11", "content/02-annex.md:13"]


def test_note_bodies_and_references_keep_their_tokens_and_places() -> None:
    parsed, _, _ = parse_section(make_parser(), section("See [](#annex).[^n]\n\n[^n]: A note.\n"))
    assert [t.type for t in parsed.notes[0]] == ["paragraph_open", "inline", "paragraph_close"]
    children = parsed.tokens[1].children
    xref = next(c for c in children if c.type == "xref")
    assert (xref.tag, xref.nesting, xref.content) == ("", 0, "annex")
    assert [c.type for c in children] == ["text", "xref", "text", "footnote_ref"]
    assert children[-1].meta["loc"] == Loc("content/01-intro.md", 5)


def test_a_paragraph_that_opens_with_a_note_call_still_has_its_citations() -> None:
    _, flow, _ = parse_section(make_parser(), section(
        "[^n] opens it, then [@keyX] and [@a].\n\n[^n]: A note.\n"))
    assert [item if isinstance(item, str) else item.keys for item in flow] == [
        "intro-note-0", ("keyX",), ("a",)]


def test_citation_and_query_tokens_are_empty_inline_tokens() -> None:
    parsed, _, _ = parse_section(make_parser(), section("A [@a] {>> q <<} b.\n"))
    shapes = [(c.type, c.tag, c.nesting) for c in parsed.tokens[1].children]
    assert shapes == [("text", "", 0), ("cite", "", 0), ("text", "", 0), ("query", "", 0),
                      ("text", "", 0)]


def test_what_follows_a_citation_or_a_query_is_still_markdown() -> None:
    assert html("A [@a]*b* and {>> q <<}*c*.\n") == "<p>A <em>b</em> and <em>c</em>.</p>\n"


def test_a_note_within_a_note_is_an_error() -> None:
    parsed, flow, found = parse_section(make_parser(), section(
        "Text.[^a] {>> q <<}\n\n[^a]: See[^b].\n\n[^b]: Inner.\n"))
    assert [str(d) for d in found] == [
        "content/01-intro.md:7: error: footnote [^b] is called inside a footnote; notes cannot "
        "nest: write its text into the note [nested-note]"]
    assert flow == ["intro-note-0"]
    query = next(c for c in parsed.tokens[1].children if c.type == "query")
    assert query.meta["loc"] == Loc("content/01-intro.md", 5)


TABLE = "| Name | Capacity |\n|:-----|---------:|\n| Ilısu | 10.4 |\n| Atatürk | 48.7 |\n"


@pytest.mark.parametrize("body", [
    TABLE + "\n: Reservoirs by *capacity* [@dsi] {#tbl-dams}\n",  # after, Pandoc's ": "
    "Table: Reservoirs by *capacity* [@dsi] {#tbl-dams}\n\n" + TABLE,  # before, "Table:"
    TABLE + ": Reservoirs by *capacity* [@dsi] {#tbl-dams}\n",  # right below: a last row
])
def test_a_pipe_table_caption_is_folded_into_its_table(body: str) -> None:
    parsed, flow, found = parse_section(make_parser(), section(body))
    assert found == []
    line = 7 if body.startswith("Table") else 5  # the table's first line
    assert parsed.tables == (Figure("tbl-dams", "table", Loc("content/01-intro.md", line),
                                    "Reservoirs by capacity"),)
    table = next(t for t in parsed.tokens if t.type == "table_open")
    assert table.meta["id"] == "tbl-dams" and table.meta["caption"].content.startswith("Rese")
    assert [c.keys for c in flow] == [("dsi",)]  # a citation in a caption is cited
    rows = [t for t in parsed.tokens if t.type == "tr_open"]
    assert len(rows) == 3 and not any(t.type == "paragraph_open" for t in parsed.tokens)


def test_a_caption_without_id_gets_one_and_a_table_without_caption_none() -> None:
    parsed, _, _ = parse_section(make_parser(), section(TABLE + "\n: Dams `DSI`\n\n" + TABLE))
    assert [(t.id, t.caption) for t in parsed.tables] == [("intro-table-1", "Dams DSI")]
    second = [t for t in parsed.tokens if t.type == "table_open"][1]
    assert "caption" not in second.meta
    parsed, _, _ = parse_section(make_parser(), section(TABLE + "| : Dams | 1 |\n"))
    assert parsed.tables == ()  # (a last row that starts as a caption but has other cells)
    parsed, _, _ = parse_section(make_parser(), section("| : Dams |\n|---|\n"))
    assert parsed.tables == ()  # (nor a table's heading, when it has no body)
    assert next(t for t in parsed.tokens if t.type == "inline").content == ": Dams"


def test_an_image_with_an_id_alone_in_its_paragraph_is_a_figure() -> None:
    parsed, flow, found = parse_section(make_parser(), section(
        "Text.\n\n![The *dams* [@dsi]](dams.svg){#fig-dams}\n\nInline ![a](b.svg) image.\n"))
    assert found == []
    assert parsed.figures == (Figure("fig-dams", "image", Loc("content/01-intro.md", 7),
                                     "The dams"),)
    image = next(c for t in parsed.tokens if t.type == "inline" for c in t.children
                 if c.type == "image")
    assert "id" not in image.attrs  # the figure carries the id, not the picture
    assert [c.keys for c in flow] == [("dsi",)]
    parsed, _, found = parse_section(make_parser(), section(
        "![One](a.svg)\n\n![Two](b.svg){#fig-b}\n\n![Three](c.svg)\n"))
    assert found == [] and [f.id for f in parsed.figures] == [
        "intro-figure-1", "fig-b", "intro-figure-3"]


def test_attributes_anywhere_else_are_an_error() -> None:
    assert problems("A [link](https://a.org){.big} and ![a](b.svg){#fig-b} too.\n") \
        == [f"content/01-intro.md:5: error: attributes ({name}) are not used here; only an "
            "image takes some: its id, alone in its paragraph, and its size: "
            "![caption](file){#fig-id width=70%} [unknown-attribute]" for name in ("class", "id")]


AT = "content/01-intro.md:5: error: "


@pytest.mark.parametrize("body, said", [
    ("[small]{.smallcaps} and [u]{.underline} [m]{.mark} ![a chart](c.png){width=50%}"
     " [link](#sec) [a](mailto:a@e.org)", []),
    ("[x]{.highlight}", ["a span's attributes (class=highlight) are not ones the brief sets; "
                         "a span takes one class of: .smallcaps, .underline, .mark "
                         "[unknown-attribute]"]),
    ("[x]{#id}", ["a span's attributes (id=id) are not ones the brief sets; a span takes one "
                  "class of: .smallcaps, .underline, .mark [unknown-attribute]"]),
    ("[x]{.smallcaps lang=fr}", ["a span's attributes (lang=fr class=smallcaps) are not ones "
                                 "the brief sets; a span takes one class of: .smallcaps, "
                                 ".underline, .mark [unknown-attribute]"]),
    ("![a chart](c.png){width=wide height=2}", [
        "the image's width=wide is not a size; write a number with %, cm, mm, in, pt or px, "
        "such as width=70% [bad-value]"]),
    ("![a chart](c.png){width=wide height=tall}", [
        "the image's width=wide, height=tall are not sizes; write a number with %, cm, mm, "
        "in, pt or px, such as width=70% [bad-value]"]),
    ("![](c.png)", ["image 'c.png' has no alt text; describe what it shows: ![what it "
                    "shows](file) [missing-alt]"]),
    ("![]()", ["image '' has no alt text; describe what it shows: ![what it shows](file) "
               "[missing-alt]"]),
    ("[link](javascript:alert(1))", [
        "the link 'javascript:alert(1)' is not a web or mail address; links must start with "
        "http:, https:, mailto: or #id [link-refused]"]),
    ("[link](https://e.org){.x target=_blank}", [
        "attributes (target, class) are not used here; only an image takes some: its id, "
        "alone in its paragraph, and its size: ![caption](file){#fig-id width=70%} "
        "[unknown-attribute]"]),
    ("See [^3] here.", ["footnote [^3] has no definition; add a line '[^3]: text' below the "
                        "paragraph [unknown-note]"]),
    ("a <!-- open", ["an HTML comment is not closed: end it with '-->' [unclosed-comment]"]),
    ("{>> ask", ["an editor's query is not closed: write it on one paragraph as "
                 "{>> question <<} [unclosed-query]"]),
    ("ask <<}", ["an editor's query is not closed: write it on one paragraph as "
                 "{>> question <<} [unclosed-query]"]),
    ("w" * 81, [f"a word of 81 characters ('{'w' * 30}...') cannot fit or break in a line; "
                "add spaces, or make it a link [long-word]"]),
    ("w" * 80 + " https://e.org/" + "w" * 90, []),
    ("a &#x202E; b", ["the character U+202E (RIGHT-TO-LEFT OVERRIDE) does not belong in text "
                      "(it hides or reorders what prints); delete it [control-character]"])])
def test_each_inline_problem_is_an_error_at_its_line(body: str, said: list[str]) -> None:
    assert problems(body) == [AT + s for s in said]


def test_an_image_is_read_from_the_brief_s_folder_only(tmp_path: Path) -> None:
    from brief.read.inputs import Reader
    (tmp_path / "content").mkdir()
    (tmp_path / "content/here.png").write_bytes(b"\x89PNG")
    (tmp_path / "content/large.png").write_bytes(b"\x89PNG" + bytes(3_000_000))  # (an
    # image's limit, 20 MB, not a text's)
    body = ("![a](here.png) ![b](gone.png) ![c](/etc/passwd) ![d](../../x.png) "
            "![e](HTTP://e.org/x.png) ![f](data:image/png;base64,xx) ![g](here.png#x) "
            "![h](large.png)\n")
    parsed, _, found = parse_section(make_parser(), section(body), files=Reader(tmp_path))
    assert [str(d) for d in found] == [AT + s for s in (
        "image 'gone.png' not found in content/; add the file or fix the name [missing-file]",
        "image '/etc/passwd' is not a file inside the project; images are read from the "
        "brief's folder only [outside-the-brief]",
        "image '../../x.png' is not a file inside the project; images are read from the "
        "brief's folder only [outside-the-brief]",
        "image 'HTTP://e.org/x.png' is not a file inside the project; images are read from "
        "the brief's folder only [outside-the-brief]")]
    images = [c for t in parsed.tokens for c in t.children or [] if c.type == "image"]
    assert [c.attrGet("src") for c in images] == [
        "here.png", "gone.png", "", "", "", "data:image/png;base64,xx", "here.png#x",
        "large.png"]


def test_an_empty_directive_or_one_that_is_no_mapping_is_said_at_its_line() -> None:
    assert problems("Text.\n\n::: {#tbl-a .table}\n:::\n") == problems(
        "Text.\n\n::: {#tbl-a .table}\n\n\n:::\n") == [
        AT.replace(":5:", ":7:") + "the table is empty; name its dataset inside: 'dataset: "
        "name' [missing-field]"]
    assert problems("Text.\n\n::: {#fig-a .chart}\n- a\n- b\n:::\n") == [
        AT.replace(":5:", ":8:") + "a chart holds fields such as 'dataset: name' [wrong-kind]"]


def test_a_heading_marked_unlisted_is_left_out_of_the_contents() -> None:
    parsed, _, found = parse_section(make_parser(), section(
        "Text.\n\n## One {.unlisted}\n\n## Two {-}\n\n## Three {.unnumbered .unlisted}\n"))
    assert found == [] and [(h.text, h.listed) for h in parsed.headings] == [
        ("One", False), ("Two", True), ("Three", False)]


@pytest.mark.parametrize("body, line", [
    ("Text.\n\n[^a]: never called.\n", 7), ("Text.\n\n> [^a]: never called.\n", 7),
    ("Text.\n\n- item\n\n  [^a]: never called.\n", 9)])
def test_a_note_never_called_is_said_at_its_definition(body: str, line: int) -> None:
    assert problems(body) == [f"content/01-intro.md:{line}: error: footnote [^a] is never "
                              "called; call it with [^a] or delete it [unused-note]"]


def test_a_figure_s_caption_may_call_a_note() -> None:
    parsed, flow, found = parse_section(make_parser(), section(
        "Text.\n\n![A map[^n]](m.svg){#fig-m}\n\n[^n]: Drawn by us.\n"))
    assert found == [] and [getattr(c, "id", c) for c in flow] == ["intro-note-0"]
    assert [f.caption for f in parsed.figures] == ["A map"]
    parsed, flow, found = parse_section(make_parser(), section(  # and a table's
        TABLE + "\n: Dams[^n]\n\n[^n]: Counted by us.\n"))
    assert found == [] and [getattr(c, "id", c) for c in flow] == ["intro-note-0"]
    assert [t.caption for t in parsed.tables] == ["Dams"]


def test_an_image_without_alt_text_is_found_on_its_own_line_of_the_paragraph(
        tmp_path: Path) -> None:
    from brief.read.inputs import Reader
    (tmp_path / "content").mkdir()
    body = "A paragraph\nover lines\n![](gone.png) ends.\n"
    found = parse_section(make_parser(), section(body), files=Reader(tmp_path))[2]
    assert [str(d) for d in found] == [
        "content/01-intro.md:7: error: image 'gone.png' has no alt text; describe what it "
        "shows: ![what it shows](file) [missing-alt]",
        "content/01-intro.md:7: error: image 'gone.png' not found in content/; add the file "
        "or fix the name [missing-file]"]


STRAY = "content/01-intro.md:5: warning: '{0}' prints as written: it opens or closes no " \
    "emphasis (a space inside it, as in '_words _'?); write _words_ with no space inside, or " \
    "\\{1} for the character itself [stray-emphasis]"


@pytest.mark.parametrize("body, stray", [
    ("in the _Congressional Record _establishing it", "_"),
    ("a **bold ** claim", "**"), ("the end of emphasis_ here", "_"), ("*a start", "*"),
    ("ends*.", "*"), ("a file_name, snake_case_words and 2 * 3", None),
    ("_italic_, *italic*, __strong__ and \\_escaped\\_", None),
    ("see https://e.org/a_b/c_ and <https://e.org/x_>", None), ("a _ alone", None)])
def test_an_emphasis_that_did_not_take_is_a_warning(body: str, stray: str | None) -> None:
    """An underscore or asterisk left as text that touches a word on one side only: the
    start or the end of an emphasis the author meant (CommonMark, as Pandoc, prints it)."""
    assert problems(body) == ([STRAY.format(stray, stray[0])] if stray else [])


def test_a_table_s_notes_and_its_line_of_units_are_kept_with_it() -> None:
    """The paragraphs right after a table (or a figure) that open with a bold label and a
    colon, and a short line with no closing stop right above it; nothing else."""
    body = ("A paragraph that ends with a stop.\n\nIn Millions of Dollars\n\n"
            "| a | b |\n|---|--:|\n| 1 | 2 |\n\n: Totals {#tbl-t}\n\n**Source:** The office.\n\n"
            "**Notes**: Rounded.\n\nA plain paragraph.\n\n**Source:** not after a table.\n\n"
            "Figures in dollars.\n\n| c |\n|---|\n| 3 |\n\n: More {#tbl-m}\n\n*Source:* italic.\n\n"
            "units\n\n![A map](map.png)\n\n**Source:** The survey.\n")
    tokens = parse_section(make_parser(), section(body))[0].tokens
    kept = [(t.attrGet("class"), tokens[n + 1].content[:20]) for n, t in enumerate(tokens)
            if t.type == "paragraph_open" and t.attrGet("class")]
    assert kept == [("figure-lead", "In Millions of Dolla"),
                    ("figure-note", "**Source:** The offi"), ("figure-note", "**Notes**: Rounded."),
                    ("figure-lead", "units"), ("figure-note", "**Source:** The surv")]
