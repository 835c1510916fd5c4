"""A manuscript's Pandoc tree made the brief's sections (brief/word/sections.py), in this
process on small trees written by hand as Pandoc writes them: sections per Heading 1,
tracked changes, comments as queries, citations, notes, captions, key points, tables."""
from __future__ import annotations

from pathlib import Path

import pytest

from brief.word.pandocast import text
from brief.word.sections import CLOSE, OPEN, Sections, _tidy, _uncounted, _words

NO_ATTR = ["", [], []]
SP = {"t": "Space"}


def words(line: str) -> list:
    out: list = []
    for n, word in enumerate(line.split(" ")):
        out += [SP] * bool(n) + [{"t": "Str", "c": word}]
    return out


def para(*inlines: object, kind: str = "Para") -> dict:
    return {"t": kind, "c": [i for x in inlines for i in (words(x) if isinstance(x, str)
                                                          else [x])]}


def header(level: int, *inlines: object) -> dict:
    return {"t": "Header", "c": [level, ["word-id", ["cls"], []], para(*inlines)["c"]]}


def span(classes: list[str], inner: str, author: str | None = "Ana") -> dict:
    attrs = [["author", author]] if author else []
    return {"t": "Span", "c": [["", classes, attrs], words(inner) if inner else []]}


def cite(*ids: str, suffix: str = "", shown: str = "(Smith 2021)") -> dict:
    return {"t": "Cite", "c": [[{"citationId": i, "citationPrefix": [],
                                 "citationSuffix": words(suffix) if suffix else [],
                                 "citationMode": {"t": "NormalCitation"},
                                 "citationNoteNum": 1, "citationHash": 0} for i in ids],
                               words(shown)]}


def note(*blocks: dict) -> dict:
    return {"t": "Note", "c": list(blocks)}


def sections(blocks: list, changes: str | None = None) -> tuple[list, Sections]:
    made = Sections({"ITEM-1": "smith-2021-energy", "ITEM-2": "ng-2020-water"}, changes)
    return made.split(blocks), made


def test_each_heading_1_begins_a_section_and_what_comes_before_goes_into_the_first() -> None:
    parts, made = sections([para("Before."), header(1, "First", {"t": "LineBreak"}, "part"),
                            para("One."), header(2, "Sub"), header(1, "Second"),
                            para("Two.")])
    assert [(title, [text(b) for b in blocks]) for title, blocks in parts] == [
        ("First part", ["Before.", "One.", "Sub"]), ("Second", ["Two."])]
    assert parts[0][1][2] == {"t": "Header", "c": [2, NO_ATTR, words("Sub")]}
    assert made.found.problems == []
    assert sections([para("Only.")])[0] == [("", [para("Only.")])]
    assert sections([])[0] == [("", [])]


def test_a_note_or_comment_on_a_heading_moves_to_its_first_paragraph() -> None:
    marked = note(para("A note."))
    parts, made = sections([header(1, "Title", marked), header(2, "Sub"), para("First.")])
    assert parts[0][0] == "Title"
    assert parts[0][1][1] == {"t": "Para", "c": [{"t": "Note", "c": [para("A note.")]},
                                                 *words("First.")]}
    assert made.found.problems == ["a note or comment on the heading 'Title' moved to the "
                                   "start of its first paragraph"]
    assert made.found.notes == 1
    tight = sections([header(1, "Title", marked), para("In a list.", kind="Plain")])[0]
    assert tight[0][1][0] == {"t": "Plain", "c": [{"t": "Note", "c": [para("A note.")]},
                                                  *words("In a list.")]}  # (a tight one's)


@pytest.mark.parametrize("changes, kept", [(None, "We agreed today."),
                                           ("accept", "We agreed today."),
                                           ("reject", "We disagreed today.")])
def test_tracked_changes_are_accepted_or_rejected_and_counted_by_author(
        changes: str | None, kept: str) -> None:
    block = para("We", SP, span(["deletion"], "disagreed"), span(["insertion"], "agreed"),
                 SP, "today", span(["insertion"], "", author=None), ".",
                 span(["paragraph-insertion"], ""))
    parts, made = sections([block], changes)
    assert text(parts[0][1]) == kept
    assert made.found.changes == {"Ana": 2, "an unnamed author": 1}


def test_a_comment_is_an_editor_s_query_and_what_its_removal_leaves_is_mended() -> None:
    block = para("Costs", SP, span(["comment-start"], "Check   this <<figure>>", "Bo"),
                 "rose", SP, span(["comment-end"], ""), ", then", SP, SP,
                 span(["deletion"], "sharply"), SP, ".", SP)
    parts, made = sections([block])
    assert parts[0][1] == [{"t": "Para", "c": [
        *words("Costs"), SP,
        {"t": "RawInline", "c": ["markdown", "{>> Check this ‹‹figure>> (Bo) <<}"]},
        *words("rose"), {"t": "Str", "c": ","}, SP, *words("then"), {"t": "Str", "c": "."}]}]
    assert made.found.queries == 1 and made.found.changes == {"Ana": 1}
    assert sections([block, block])[1].found.queries == 2


def test_what_taking_out_a_change_leaves_is_mended() -> None:
    removed = {"t": "Removed"}
    assert _tidy([SP, *words("a"), SP, removed, SP, {"t": "Str", "c": "."}]) == [
        *words("a"), {"t": "Str", "c": "."}]
    assert _tidy([*words("a"), SP, {"t": "SoftBreak"}, removed, {"t": "Str", "c": "b"}]) == [
        *words("a"), SP, {"t": "Str", "c": "b"}]
    french = [*words("oui"), SP, {"t": "Str", "c": "!"}]
    assert _tidy(french) == french  # (a space the author put before punctuation stays)
    assert _tidy([*words("a"), SP, removed, {"t": "Str", "c": "b"}, SP,
                  {"t": "Str", "c": ")"}]) == [*words("a"), SP, {"t": "Str", "c": "b"}, SP,
                                              {"t": "Str", "c": ")"}]
    assert _tidy([*words("a"), removed, SP, {"t": "SoftBreak"}]) == words("a")
    assert _tidy([*words("a"), removed, SP, {"t": "Str", "c": "."}]) == [
        *words("a"), {"t": "Str", "c": "."}]  # (the space it left, before punctuation)
    assert _tidy([*words("a"), {"t": "SoftBreak"}]) == words("a")  # (none at the end)
    assert _tidy([*words("a"), {"t": "SoftBreak"}, removed, SP, {"t": "Str", "c": "b"}]) == [
        *words("a"), {"t": "SoftBreak"}, {"t": "Str", "c": "b"}]  # (no space after a break)


def test_citations_take_the_brief_s_keys_and_locators_and_unknown_ones_stay_text() -> None:
    block = para("As", SP, cite("ITEM-1", suffix=", page 12-14"), SP, "and",
                 cite("ITEM-2"), SP, cite("ITEM-9", shown="(Nobody 1900)"), ".")
    parts, made = sections([block])
    inlines = parts[0][1][0]["c"]
    first = inlines[2]["c"][0][0]
    assert (first["citationId"], first["citationSuffix"]) == (
        "smith-2021-energy", [{"t": "Str", "c": ", pp. 12–14"}])
    assert inlines[2]["c"][1] == [] and inlines[5]["c"][0][0]["citationSuffix"] == []
    assert inlines[5]["c"][0][0]["citationId"] == "ng-2020-water"
    assert inlines[7] == {"t": "Span", "c": [NO_ATTR, words("(Nobody 1900)")]}
    assert made.found.problems == ["a citation Pandoc read without its work ('(Nobody "
                                   "1900)'); kept as text"]
    assert (made.found.cites, made.found.in_text) == (3, 3)
    long = "(Nobody, Somebody and Everybody Else 1900, a work not in the manuscript)"
    made = sections([para(cite("ITEM-9", shown=long))])[1]
    assert made.found.problems == [f"a citation Pandoc read without its work ('{long[:60]}'); "
                                   "kept as text"]


def test_a_note_that_only_cites_is_the_citation_and_any_other_note_is_kept() -> None:
    only = note(para(cite("ITEM-1"), {"t": "Str", "c": ";"}, SP, cite("ITEM-2"),
                     {"t": "Str", "c": "."}))
    more = note(para(cite("ITEM-1"), SP, "shows", SP, "it."))
    two = note(para(cite("ITEM-1")), {"t": "BulletList", "c": [[para("x")]]})
    parts, made = sections([para("A", only, SP, "b", more, two)])
    inlines = parts[0][1][0]["c"]
    assert inlines[1]["t"] == "Cite" and [c["citationId"] for c in inlines[1]["c"][0]] == [
        "smith-2021-energy", "ng-2020-water"] and inlines[1]["c"][1] == []
    assert [inlines[4]["t"], inlines[5]["t"]] == ["Note", "Note"]
    kept = inlines[4]["c"][0]["c"]
    assert kept[0]["c"][0][0]["citationId"] == "smith-2021-energy"
    assert text(kept[1:]) == " shows it."
    assert (made.found.notes, made.found.cites, made.found.in_text) == (2, 4, 0)
    tight = note(para(cite("ITEM-1"), {"t": "SoftBreak"}, cite("ITEM-2"), kind="Plain"))
    parts, made = sections([para("A", tight)])  # (a list paragraph's: Pandoc's Plain)
    made_cite = parts[0][1][0]["c"][1]
    assert made_cite["t"] == "Cite" and [c["citationId"] for c in made_cite["c"][0]] == [
        "smith-2021-energy", "ng-2020-water"] and made.found.notes == 0


def test_an_at_sign_the_brief_would_read_as_a_key_is_escaped() -> None:
    parts, _ = sections([para("mail a@b.org or @handle and x.@y @@z")])
    shown = [i["c"] if i["t"] == "Str" else i["c"][1] for i in parts[0][1][0]["c"]
             if i["t"] != "Space"]
    assert shown == ["mail", "a@b.org", "or", "\\@", "handle", "and", "x.@y", "@@z"]


def test_key_points_in_their_style_are_one_box_titled_by_the_brief() -> None:
    def styled(style: str, *blocks: dict) -> dict:
        return {"t": "Div", "c": [["", [], [["custom-style", style]]], list(blocks)]}
    parts, _ = sections([styled("Key Points", para("One.")),
                         styled("key points", para("Two.")),
                         styled("Body Text", para("Three.")),
                         styled("Key points", para("Key points")),
                         {"t": "BulletList", "c": [[para("Four.", kind="Plain")]]},
                         styled("Key points", para("Key points"), para("Five."))])
    assert parts[0][1] == [OPEN, para("One."), para("Two."), CLOSE, para("Three."),
                           OPEN, {"t": "BulletList", "c": [[para("Four.", kind="Plain")]]},
                           CLOSE, OPEN, para("Five."), CLOSE]
    parts, _ = sections([styled("Key points", para("Key points"))])
    assert parts[0][1] == [OPEN, CLOSE]


def test_a_box_titled_alone_takes_the_numbered_list_after_it_and_a_loose_title_stays(
        ) -> None:
    """A key-points box holding its title alone, then a numbered list, is the list's box (as
    a bulleted one); a paragraph "Key points" outside any box is the author's text."""
    styled = {"t": "Div", "c": [["", [], [["custom-style", "Key points"]]],
                                [para("Key points")]]}
    numbered = {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}],
                                          [[para("One.", kind="Plain")]]]}
    assert sections([styled, numbered])[0][0][1] == [OPEN, numbered, CLOSE]
    assert sections([para("Before."), styled, numbered])[0][0][1] == [
        para("Before."), OPEN, numbered, CLOSE]
    boxed = {"t": "Div", "c": [["", [], [["custom-style", "Key points"]]],
                               [para("Key points"), para("Lead."), numbered]]}
    assert sections([boxed])[0][0][1] == [OPEN, para("Lead."), numbered, CLOSE]
    loose = [para("Before."), para("Key points"),
             {"t": "BulletList", "c": [[para("One.", kind="Plain")]]}]
    assert sections(loose)[0][0][1] == loose


def test_a_line_break_inside_a_heading_is_a_space() -> None:
    parts, _ = sections([header(1, "Top"), header(2, "Water", {"t": "LineBreak"}, "and",
                                                  {"t": "SoftBreak"}, "land")])
    assert parts[0][1] == [{"t": "Header", "c": [2, NO_ATTR, words("Water and land")]}]


def test_word_s_caption_numbers_are_dropped_and_an_alt_text_left_for_the_caption() -> None:
    assert text(_uncounted(words("Figure 3: Water use"))) == "Water use"
    assert text(_uncounted(words("Table 12. Flows"))) == "Flows"
    assert text(_uncounted(words("Tableau 2 Débits"))) == "Débits"
    assert text(_uncounted(words("Fig. 1 Map"))) == "Map"
    assert text(_uncounted(words("Figures of speech"))) == "Figures of speech"
    assert _uncounted(words("Table 4")) == []  # (a number and no title)
    image = {"t": "Image", "c": [["img", [], []], words("A photo"), ["media/a.png", ""]]}
    figure = {"t": "Figure", "c": [NO_ATTR, [None, [para("Figure 1: The basin")]],
                                   [para(image, kind="Plain")]]}
    parts, made = sections([figure])
    made_image = {"t": "Image", "c": [NO_ATTR, words("The basin"), ["media/a.png", ""]]}
    assert parts[0][1] == [{"t": "Para", "c": [made_image]}]
    assert made.found.figures == [made_image]
    assert made.found.problems == ["figure 1: its alt text ('A photo') was left for its "
                                   "caption (the brief's figures read the caption aloud)"]
    plain = {"t": "Figure", "c": [NO_ATTR, [None, []], [para(image, kind="Plain")]]}
    parts, made = sections([plain])
    assert parts[0][1][0]["c"][0]["c"][1] == words("A photo") and made.found.problems == []
    empty = {"t": "Figure", "c": [NO_ATTR, [None, [para("Figure 2")]], [para("No image")]]}
    assert sections([empty])[0][0][1] == [para("No image")]


def test_links_within_the_manuscript_keep_their_text_and_others_their_target() -> None:
    inside = {"t": "Link", "c": [["x", [], []], words("see above"), ["#_Ref1", ""]]}
    outside = {"t": "Link", "c": [["x", ["c"], []], words("the site"), ["https://e.org", "t"]]}
    parts, made = sections([para(inside, SP, outside)])
    assert parts[0][1][0]["c"] == [*words("see above"), SP, {"t": "Link", "c": [
        NO_ATTR, words("the site"), ["https://e.org", "t"]]}]
    assert made.found.internal == 1
    assert sections([para(inside, SP, inside)])[1].found.internal == 2


def test_an_equation_is_said_once_and_an_image_in_text_is_a_figure() -> None:
    math = {"t": "Math", "c": [{"t": "InlineMath"}, "x^2 + " + "y" * 60]}
    image = {"t": "Image", "c": [["i", [], []], words("icon"), ["media/i.png", ""]]}
    parts, made = sections([para(math, SP, math, SP, image)])
    assert parts[0][1][0]["c"][0] == math
    assert made.found.problems == [f"an equation (${('x^2 + ' + 'y' * 60)[:40]}$) prints as "
                                   "its TeX: the brief sets no mathematics; write it as text"]
    assert made.found.maths and made.found.figures == [
        {"t": "Image", "c": [NO_ATTR, words("icon"), ["media/i.png", ""]]}]


def test_other_blocks_are_walked_and_a_change_in_one_not_read_is_said() -> None:
    change = span(["insertion"], "new")
    blocks = [{"t": "BlockQuote", "c": [para("Q", change)]},
              {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}],
                                         [[para("i", change)]]]},
              {"t": "BulletList", "c": [[para("b", change)]]},
              {"t": "DefinitionList", "c": [[words("term"), [[para("def", change)]]]]},
              {"t": "LineBlock", "c": [words("line") + [SP, change]]},
              {"t": "CodeBlock", "c": [NO_ATTR, "code"]},
              {"t": "RawBlock", "c": ["html", '<p class="insertion">x</p>']},
              {"t": "FutureBlock", "c": [para("x", change)]},  # (a kind not known today)
              {"t": "HorizontalRule"},
              {"t": "Plain", "c": [span(["insertion"], "gone")]}]
    parts, made = sections(blocks, "reject")
    assert [b["t"] for b in parts[0][1]] == ["BlockQuote", "OrderedList", "BulletList",
                                             "DefinitionList", "LineBlock", "CodeBlock",
                                             "RawBlock", "FutureBlock", "HorizontalRule"]
    assert parts[0][1][0]["c"] == [para("Q")]
    assert parts[0][1][1]["c"][1] == [[para("i")]]
    assert parts[0][1][2]["c"] == [[para("b")]]
    assert parts[0][1][3]["c"] == [[words("term"), [[para("def")]]]]
    assert parts[0][1][4]["c"] == [words("line")]
    assert made.found.problems == ["a tracked change or comment in a FutureBlock was kept as "
                                   "written; check it"]
    assert made.found.changes == {"Ana": 6}  # (not the one kept as written)


def test_a_table_is_counted_and_one_made_plain_is_said() -> None:
    def cell(*blocks: dict, rows: int = 1, columns: int = 1) -> list:
        return [NO_ATTR, {"t": "AlignDefault"}, rows, columns, list(blocks)]

    def table(caption: str, *rows: list) -> dict:
        return {"t": "Table", "c": [NO_ATTR, [None, [para(caption)]],
                                    [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * 2,
                                    [NO_ATTR, [[NO_ATTR, list(rows[0])]]],
                                    [[NO_ATTR, 0, [], [[NO_ATTR, list(r)] for r in rows[1:]]]],
                                    [NO_ATTR, []]]}
    simple = table("Table 1: Flows", [cell(para("a")), cell(para("b"))],
                   [cell(para("1", {"t": "LineBreak"}, "2"), columns=2)])
    parts, made = sections([simple, table("Table 2: Plain", [cell(para("a")),
                                                            cell(para("b"))])])
    made_table = parts[0][1][0]
    assert made_table["c"][1] == [None, [{"t": "Plain", "c": words("Flows")}]]
    assert made_table["c"][0] == NO_ATTR  # (an id: Pandoc writes ': Flows {#id}')
    body = made_table["c"][4][0][3][0][1]
    assert [c[4] for c in body] == [[{"t": "Plain", "c": words("1 2")}], []]
    assert made.found.tables == 2
    assert made.found.problems == [
        "table 1 ('Flows'): merged cells, a list, a table, a line break or several "
        "paragraphs in a cell; kept as a plain table (a merged cell's text in its first "
        "cell); check it"]
    long = "Flows of the rivers of the basin, by year, in millions of cubic metres"
    made = sections([table(f"Table 3: {long}", [cell(para("a"), columns=2)])])[1]
    assert made.found.problems == [
        f"table 1 ('{long[:50]}'): merged cells, a list, a table, a line break or several "
        "paragraphs in a cell; kept as a plain table (a merged cell's text in its first "
        "cell); check it"]


def test_the_plain_text_of_pandoc_s_elements_is_as_its_stringify_says() -> None:
    from brief.word.pandocast import caption_inlines, plain
    code, maths = {"t": "Code", "c": [NO_ATTR, "x=1"]}, {"t": "Math", "c": [{}, "y^2"]}
    inlines = [*words("a"), {"t": "SoftBreak"}, {"t": "LineBreak"}, code, maths,
               {"t": "RawInline", "c": ["tex", "\\x"]}, note(para("hidden")),
               cite("ITEM-1", shown="(S)"), {"t": "Quoted", "c": [{}, words("q")]},
               {"t": "Emph", "c": words("e")}, {"t": "SmallCaps", "c": words("s")},
               {"t": "Span", "c": [NO_ATTR, words("p")]},
               {"t": "Link", "c": [NO_ATTR, words("l"), ["u", ""]]},
               {"t": "Image", "c": [NO_ATTR, words("i"), ["u", ""]]}, 7, {"t": "Unknown"}]
    assert text(inlines) == "a  x=1y^2(S)qespli"
    assert text([para("b"), header(2, "h"), {"t": "Div", "c": [NO_ATTR, [para("d")]]},
                 para("c", kind="Plain"), {"t": "Table", "c": []}]) == "bhdc"
    assert caption_inlines([para("One"), {"t": "Div", "c": [NO_ATTR, [para("Two")]]},
                            {"t": "CodeBlock", "c": [NO_ATTR, "x"]}, para("Three")]) == [
        *words("One"), SP, *words("Two"), SP, *words("Three")]
    assert plain({"t": "MetaMap", "c": {"a": {"t": "MetaList", "c": [
        {"t": "MetaInlines", "c": words("x  y")}, {"t": "MetaBool", "c": True},
        {"t": "MetaBlocks", "c": [para(" p ")]}]}}}) == {"a": ["x y", True, "p"]}


def test_a_merged_cell_s_blocks_are_in_its_first_place_and_the_rest_empty() -> None:
    from brief.word.pandocast import grid

    def cell(name: str, rows: int = 1, columns: int = 1) -> list:
        return [NO_ATTR, {}, rows, columns, [para(name)]]
    rows = [[NO_ATTR, [cell("a", rows=2), cell("b", columns=2)]],
            [NO_ATTR, [cell("c"), cell("d", rows=3)]],
            [NO_ATTR, [cell("e"), cell("f")]]]
    assert [[text(blocks) or "-" for blocks in row] for row in grid(rows, 3)] == [
        ["a", "b", "-"], ["-", "c", "d"], ["e", "f", "-"]]
    assert grid([[NO_ATTR, [cell("x", columns=5)]]], 2) == [[[para("x")], []]]
    assert grid([[NO_ATTR, [cell("x")]]], 2) == [[[para("x")], []]]
    full = [[NO_ATTR, [cell("a", rows=2), cell("b", rows=2)]], [NO_ATTR, [cell("over")]]]
    assert grid(full, 2) == [[[para("a")], [para("b")]], [[], []]]  # (no place left)


def test_a_heading_word_broke_over_two_lines_is_one_heading() -> None:
    from brief.word.pandocast import joined_headings
    broken = header(1, "Water", {"t": "LineBreak"})
    styled = {"t": "Div", "c": [["", [], [["custom-style", "Body"]]],
                                [para("and land"), para("Text.")]]}
    assert joined_headings([broken, styled]) == [
        {"t": "Header", "c": [1, broken["c"][1], [*words("Water"), SP, *words("and land")]]},
        {"t": "Div", "c": [styled["c"][0], [para("Text.")]]}]
    assert joined_headings([broken, para("Rest", kind="Plain")]) == [
        {"t": "Header", "c": [1, broken["c"][1], [*words("Water"), SP, *words("Rest")]]}]
    kept = [header(1, "Water"), para("Text.")]
    assert joined_headings(kept) == kept
    kept = [broken, {"t": "BulletList", "c": []}]
    assert joined_headings(kept) == kept
    kept = [para("a", {"t": "LineBreak"}), para("b")]
    assert joined_headings(kept) == kept


def test_a_cell_s_lists_and_tables_are_one_line_of_its_words() -> None:
    from brief.word.tables import cell_inlines

    def cell(*blocks: dict) -> list:
        return [NO_ATTR, {}, 1, 1, list(blocks)]
    inner = {"t": "Table", "c": [NO_ATTR, [None, []], [[{}, {}]] * 2,
                                 [NO_ATTR, [[NO_ATTR, [cell(para("h1")), cell(para("h2"))]]]],
                                 [[NO_ATTR, 0, [], [[NO_ATTR, [cell(para("a")),
                                                               cell()]]]]], [NO_ATTR, []]]}
    bullets = {"t": "BulletList", "c": [[para("one", kind="Plain")],
                                        [para("two"), para("more")]]}
    numbers = {"t": "OrderedList", "c": [[1, {}, {}], [[para("first")], [para("second")]]]}
    assert text(cell_inlines([para("Lead"), bullets, numbers])) == \
        "Lead one; two more first; second"
    quoted = {"t": "BlockQuote", "c": [para("quoted"), para("words")]}  # (a Quote style's
    styled = {"t": "Div", "c": [NO_ATTR, [para("styled"), para("two  words")]]}  # words
    assert text(cell_inlines([para("Lead"), quoted, styled])) == \
        "Lead quoted words styled two words"  # kept, a paragraph from the next)
    table = {"t": "Table", "c": [NO_ATTR, [None, []], [[{}, {}]],
                                 [NO_ATTR, []], [[NO_ATTR, 0, [], [[NO_ATTR, [cell(inner)]]]]],
                                 [NO_ATTR, []]]}
    parts, made = sections([table])
    [[made_cell]] = [r[1] for r in parts[0][1][0]["c"][4][0][3]]
    assert text(made_cell[4]) == "h1, h2; a"
    assert made.found.problems[0].startswith("table 1 (''): merged cells, a list, a table")


def test_styled_and_quoted_text_keeps_its_kind_and_its_changes_are_made() -> None:
    from brief.word.pandocast import caption_inlines
    change = span(["deletion"], "gone")
    styled = [{"t": kind, "c": words("in") + [SP, change]} for kind in (
        "Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")]
    quoted = {"t": "Quoted", "c": [{"t": "DoubleQuote"}, words("said") + [change]]}
    link = {"t": "Link", "c": [NO_ATTR, words("site") + [change], ["https://e.org", ""]]}
    image = {"t": "Image", "c": [NO_ATTR, [change, *words("icon")], ["i.png", ""]]}
    parts, made = sections([para(*styled, quoted, link, image)])
    assert parts[0][1][0]["c"] == [{"t": s["t"], "c": words("in") + [SP]} for s in styled] + [
        {"t": "Quoted", "c": [{"t": "DoubleQuote"}, words("said")]},
        {"t": "Link", "c": [NO_ATTR, words("site"), ["https://e.org", ""]]},
        {"t": "Image", "c": [NO_ATTR, words("icon"), ["i.png", ""]]}]
    assert made.found.changes == {"Ana": 10}
    assert "{'t': 'Removed'}" not in str(parts)  # (Pandoc would refuse the tree)
    assert OPEN == {"t": "RawBlock", "c": ["markdown", "::: {.key-points}"]}
    assert CLOSE == {"t": "RawBlock", "c": ["markdown", ":::"]}
    assert caption_inlines([para("A", kind="Plain"), para("B")]) == [*words("A"), SP,
                                                                     *words("B")]


def test_pandoc_runs_with_the_moment_it_records_dies_with_this_process_and_says_its_failures(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal
    import sys

    import pypandoc

    from brief.word import pandocast
    fake = tmp_path / "pandoc"
    asked = ("import ctypes; s = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(s)); "
             "print(s.value)")  # (PR_GET_PDEATHSIG: the signal its parent's death sends)
    fake.write_text('#!/bin/sh\nif [ "$4" = fail ]; then echo "  bad   input " >&2; exit 2; fi\n'
                    'if [ "$4" = long ]; then printf "%0400d" 7 >&2; exit 2; fi\n'
                    f'if [ "$4" = dies ]; then exec {sys.executable} -c "{asked}"; fi\n'
                    'if [ "$4" = heap ]; then echo "pandoc: Heap exhausted" >&2; exit 251; fi\n'
                    'if [ "$4" = bytes ]; then printf "bad \\377 byte\\n" >&2; exit 2; fi\n'
                    'if [ "$4" = slow ]; then exec sleep 20; fi\n'
                    'echo "epoch=$SOURCE_DATE_EPOCH"\n')
    fake.chmod(0o755)
    monkeypatch.setattr(pypandoc, "get_pandoc_path", lambda: str(fake))
    monkeypatch.setattr(pypandoc, "get_pandoc_version", lambda: "3.6.1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert pandocast.run(["x"], epoch=86400) == b"epoch=86400\n"
    assert pandocast.run(["x"]) == b"epoch=\n"
    with pytest.raises(pandocast.PandocError, match="^Pandoc cannot read it: bad input$"):
        pandocast.run(["fail"])
    with pytest.raises(pandocast.PandocError, match="^Pandoc cannot read it: 0{300}$"):
        pandocast.run(["long"])  # (what it said, to 300 characters)
    assert pandocast.run(["dies"]) == f"{int(signal.SIGKILL)}\n".encode()  # (dies with us)
    with pytest.raises(pandocast.PandocError, match=r"^Pandoc cannot read it: it ran out of "
                                                    r"memory \(\d+ [GM]B\)$"):
        pandocast.run(["heap"])
    with pytest.raises(pandocast.PandocError, match="^Pandoc cannot read it: bad \ufffd byte$"):
        pandocast.run(["bytes"])  # (words in bytes that are not UTF-8: still said)
    monkeypatch.setattr(pandocast, "SECONDS", 0.3)
    with pytest.raises(pandocast.PandocError, match=r"^Pandoc took more than 0.3 s over it$"):
        pandocast.run(["slow"])
    monkeypatch.setattr(pypandoc, "get_pandoc_version", lambda: "3.5.9")
    with pytest.raises(pandocast.PandocError, match=r"^Pandoc 3.5 reads Word citations "
                                                    r"wrongly; the importer needs 3.6 or newer"):
        pandocast.run(["x"])


def test_a_cell_spanning_rows_makes_the_table_plain_and_a_plain_box_title_is_dropped() -> None:
    from brief.word.tables import plain_table

    def cell(name: str, rows: int = 1) -> list:
        return [NO_ATTR, {}, rows, 1, [para(name)]]
    table = [NO_ATTR, [None, []], [[{}, {}]],
             [NO_ATTR, []], [[NO_ATTR, 0, [], [[NO_ATTR, [cell("a", rows=2)]],
                                               [NO_ATTR, []]]]], [NO_ATTR, []]]
    assert plain_table(table, [], lambda blocks: blocks)[1] is True
    for blocks in ([para("a"), para("b")], [para("a", {"t": "LineBreak"}, "b")]):
        one = [NO_ATTR, [None, []], [[{}, {}]], [NO_ATTR, []],
               [[NO_ATTR, 0, [], [[NO_ATTR, [[NO_ATTR, {}, 1, 1, blocks]]]]]], [NO_ATTR, []]]
        assert plain_table(one, [], lambda blocks: blocks)[1] is True  # (made one line)
    one[4][0][3][0][1][0][4] = [para("a")]
    assert plain_table(one, [], lambda blocks: blocks)[1] is False
    styled = {"t": "Div", "c": [["", [], [["custom-style", "Key points"]]],
                                [para("Key points", kind="Plain"), para("One.")]]}
    assert sections([styled])[0][0][1] == [OPEN, para("One."), CLOSE]


def test_a_div_without_a_word_style_is_its_content() -> None:
    div = {"t": "Div", "c": [["", [], [["lang", "fr"]]], [para("Inside.")]]}
    assert sections([header(1, "One"), div])[0] == [("One", [para("Inside.")])]


def test_a_span_of_a_character_style_is_its_words() -> None:
    styled = {"t": "Span", "c": [["", [], [["custom-style", "Emphasis Char"]]],
                                 words("kept words")]}
    assert sections([para("Some", SP, styled, ".")])[0][0][1] == [para("Some kept words", ".")]


def test_the_words_for_figures_are_read_from_every_language_in_any_locale() -> None:
    """(The labels files are UTF-8: Russian's "рисунок" read as ASCII would stop the import.)"""
    from helpers import in_an_ascii_locale
    with in_an_ascii_locale():
        found = _words("figure")
    assert {"figure", "abbildung", "рисунок", "şekil"} <= found
