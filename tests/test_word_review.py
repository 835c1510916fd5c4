"""A reviewed Word edition's changes and comments placed in the section files
(brief/word/review.py), in this process on Pandoc trees written by hand: each change with the
words around it, each comment with the words it marks, and what cannot be placed said."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import in_an_ascii_locale
from test_word_sections import SP, header, para, span, words

from brief.diagnostics import Loc
from brief.word.review import Marked, _changed, _head, _marked, _place, _queried, _tail


def comment(edge: str, ident: str, said: str = "", author: str | None = "Rev") -> dict:
    attrs = [["id", ident]] + ([["author", author]] if author else [])
    return {"t": "Span", "c": [["", [f"comment-{edge}"], attrs], words(said) if said else []]}


def test_each_change_is_kept_with_the_words_around_it_and_each_comment_with_its_own() -> None:
    note = {"t": "Note", "c": [para("n", span(["insertion"], "x"))]}
    blocks = [para("Before", span(["insertion"], "any")),
              header(1, "First"),
              para("Prices", SP, span(["deletion"], "rose"), span(["insertion"], "fell"),
                   span(["insertion"], " sharply"), SP, "in", SP,
                   comment("start", "1", "Which  year?"), "May", SP, "2020",
                   comment("end", "1"), ".", note),
              {"t": "BulletList", "c": [[para("Item", SP, span(["deletion"], "old"),
                                              kind="Plain")]]},
              {"t": "Div", "c": [["", [], []], [para("In", SP, "a", SP, "div",
                                                     span(["insertion"], "!"))]]},
              {"t": "Table", "c": [span(["insertion"], "t"), span(["deletion"], "u")]},
              header(1, "Second"),
              para(comment("start", "2", "ok", author=None), "All", comment("end", "2"),
                   comment("end", "9"))]
    found = _marked(blocks, set())
    assert list(found) == ["", "First", "Second"]
    assert found[""].changes == [("Before", "", "any", "")]
    first = found["First"]
    assert first.changes == [
        ("Prices ", "rose", "fell sharply", " in May 2020."),
        ("Item ", "old", "", ""),
        ("In a div", "", "!", "")]
    assert first.comments == [("May 2020", "Which year?", "Rev", "")]
    assert first.in_notes == 1 + 2  # (the note's change, the table's two)
    assert found["Second"].comments == [("All", "ok", "a reviewer", ""), ("", "", "", "")]
    assert found["Second"].changes == []


def test_the_words_around_a_change_are_taken_whole_with_their_spaces() -> None:
    assert [_tail("  one two  three ", n) for n in (0, 2, 3, 4)] == [
        "", "two  three ", "  one two  three ", "  one two  three "]
    assert [_head(" one two  three  ", n) for n in (0, 2, 3, 4)] == [
        "", " one two", " one two  three  ", " one two  three  "]


def test_a_change_is_placed_where_its_words_occur_once_and_said_where_they_do_not() -> None:
    source = "a b c d X e f g h. a b c d X e f g i.\n"
    assert _place(source, "a b c d ", "X", " e f g h.") == (8, 9)
    assert _place(source, "a b c d ", "X", " e f g") is None  # (twice, and no more words)
    assert _place(source, "z ", "X", " e") is None
    long = "w1 w2 w3 w4 w5 w6 X y. " * 2 + "v1 w2 w3 w4 w5 w6 X y.\n"
    assert _place(long, "v1 w2 w3 w4 w5 w6 ", "X", " y.") == (len(long) - 5, len(long) - 4)
    marked = Marked(changes=[("Prices ", "rose", "fell", " in May."),
                             ("nowhere ", "x", "", " at all")])
    unplaced: list[str] = []
    assert _changed("Old.\nPrices rose in May.\n", marked, unplaced, "First") == \
        "Old.\nPrices fell in May.\n"
    assert unplaced == ["under 'First': 'x' → '…' cannot be placed in the section's text"]


def test_a_comment_is_a_query_after_the_words_it_marks_or_said_where_it_cannot_be() -> None:
    marked = Marked(comments=[("May 2020", "Which year?", "Rev", ""), ("twice", "a", "B", ""),
                              ("", "b", "C", ""), ("absent", "c", "D", "")])
    unplaced: list[str] = []
    source = "One.\nIn May 2020 twice, twice.\n"
    made, lines = _queried(source, marked, unplaced, "First", apply=True)
    assert made == "One.\nIn May 2020{>> Which year? (Rev) <<} twice, twice.\n"
    assert lines == [(2, "Which year? (Rev)")]
    assert unplaced == [
        "under 'First': the comment 'a' (B) on 'twice' cannot be placed in the section's text",
        "under 'First': the comment 'b' (C) on '' cannot be placed in the section's text",
        "under 'First': the comment 'c' (D) on 'absent' cannot be placed in the section's "
        "text"]
    assert _queried(source, marked, [], "First", apply=False) == (source, lines)


def test_a_change_that_only_adds_or_only_removes_is_said_with_an_ellipsis() -> None:
    unplaced: list[str] = []
    marked = Marked(changes=[("nowhere ", "", "added", " at all"),
                             ("nowhere ", "gone", "", " at all")])
    assert _changed("Text.\n", marked, unplaced, "First") == "Text.\n"
    assert unplaced == [
        "under 'First': '…' → 'added' cannot be placed in the section's text",
        "under 'First': 'gone' → '…' cannot be placed in the section's text"]


def test_a_review_that_cannot_be_read_is_said_in_the_command_s_name(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from brief.word.review import review
    assert review(tmp_path / "x.docx", tmp_path, False, "brief-builder") == 1
    assert capsys.readouterr().err == ("brief-builder import --review: error: x.docx is not a "
                                       "file; name a Word document (.docx)\n")
    assert review(tmp_path / "x.docx", tmp_path, False) == 1
    assert capsys.readouterr().err.startswith("build.py import --review: error: x.docx ")


def test_the_paragraphs_of_a_quotation_a_div_and_a_list_are_found_in_order() -> None:
    from brief.word.review import _paragraphs
    para = lambda word: {"t": "Para", "c": [{"t": "Str", "c": word}]}  # noqa: E731
    blocks = [para("a"), {"t": "BlockQuote", "c": [para("b"), para("c")]},
              {"t": "Div", "c": [["", [], []], [para("d")]]},
              {"t": "BulletList", "c": [[para("e")], [para("f")]]},
              {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}], [[para("g")]]]}]
    assert [p["c"][0]["c"] for p in _paragraphs(blocks)] == list("abcdefg")


def test_a_span_that_is_neither_change_nor_comment_is_the_same_text() -> None:
    from brief.word.review import Marked, _paragraph
    span = lambda classes, words: {"t": "Span", "c": [["", classes, []], [  # noqa: E731
        {"t": "Str", "c": words}]]}
    marked = Marked()
    _paragraph([{"t": "Str", "c": "Kept"}, {"t": "Space"}, span(["smallcaps"], "small"),
                {"t": "Space"}, span(["deletion"], "gone"), {"t": "Str", "c": "."}], marked,
               set())
    assert [change[1:3] for change in marked.changes] == [("gone", "")]
    assert marked.changes[0][0] == "Kept small "  # (the span's words: text before the change)


def test_a_review_says_the_comments_it_cannot_place_and_reads_no_image(
        mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """(The manuscript as Pandoc would read it, written by hand: no file is read.)"""
    from brief.word import review as module
    asked: list[tuple] = []
    blocks = [header(1, "First Section"),
              para(comment("start", "1", "Which year?"), "Nowhere", SP, "in", SP, "the",
                   SP, "text", comment("end", "1")),
              header(1, "Not a Section"), para("A", SP, span(["insertion"], "new"), SP, "word"),
              header(1, "Nor This"), para("Untouched.")]
    monkeypatch.setattr(module, "check", lambda path: None)
    monkeypatch.setattr(module, "read_docx", lambda *given: asked.append(given) or {
        "blocks": blocks})
    before = (mini / "content/01-first.md").read_text("utf-8")
    assert module.review(mini / "r.docx", mini, apply=True) == 0
    assert asked == [(mini / "r.docx",)]  # (its images: not saved anywhere)
    assert capsys.readouterr().err == (
        "r.docx: warning: under 'First Section': the comment 'Which year?' (Rev) on 'Nowhere "
        "in the text' cannot be placed in the section's text; make it by hand\n"
        "r.docx: warning: a change or comment under 'Not a Section', which is no section of "
        "the brief; make it by hand\n")
    assert (mini / "content/01-first.md").read_text("utf-8") == before


def test_a_comment_without_an_id_ends_where_its_end_is() -> None:
    start = {"t": "Span", "c": [["", ["comment-start"], [["author", "Rev"]]], words("Why?")]}
    end = {"t": "Span", "c": [["", ["comment-end"], []], []]}
    found = _marked([header(1, "First"), para("Prices", SP, start, "rose", end, SP,
                                              "today.")], set())
    assert found["First"].comments == [("rose", "Why?", "Rev", "")]


def test_a_review_applies_what_it_places_in_every_section_it_names(
        mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """A section that is none of the brief's, then one that is: its change made, a change
    that cannot be placed said with its section's name, a table's change counted for the
    hand; the summary says it was applied. (The review as Pandoc would read it.)"""
    from brief.word import review as module
    blocks = [header(1, "Not a Section"), para("A", SP, span(["insertion"], "new")),
              header(1, "First Section"),
              {"t": "Table", "c": [span(["insertion"], "t")]},
              para("Opening paragraph about", SP, span(["deletion"], "Şuşa,"),
                   span(["insertion"], "Shusha,"), SP, "Gəncə and İzmir, with a"),
              para("Nowhere", SP, "at", SP, "all", SP, "in", SP, span(["deletion"], "x"),
                   SP, "this", SP, "text", SP, "here", SP, "now")]
    monkeypatch.setattr(module, "check", lambda path: None)
    monkeypatch.setattr(module, "read_docx", lambda path: {"blocks": blocks})
    section = mini / "content/01-first.md"
    before = section.read_text("utf-8")
    with in_an_ascii_locale():  # (the sections are read and written in UTF-8 all the same)
        assert module.review(mini / "r.docx", mini, apply=True) == 0
    assert section.read_text("utf-8") == before.replace("about Şuşa,", "about Shusha,")
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == ("r.docx: 3 change(s) in 1 section file(s), 0 comment(s); "
                                    "applied")
    assert err.splitlines() == [
        "r.docx: warning: a change or comment under 'Not a Section', which is no section of "
        "the brief; make it by hand",
        "r.docx: warning: under 'First Section': 1 change(s) or comment(s) in its notes, "
        "tables, captions or headings, which the brief makes from its citations, notes, data "
        "and front matter; make it by hand",
        "r.docx: warning: under 'First Section': 'x' → '…' cannot be placed in the section's "
        "text; make it by hand"]
    assert not list(section.parent.glob(".*.review"))  # (written whole, then renamed)


def test_a_review_of_a_brief_that_does_not_load_says_so_and_a_bug_is_raised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from brief.diagnostics import BuildError, Diagnostic, Loc
    from brief.read import load
    from brief.word import review as module
    monkeypatch.setattr(module, "check", lambda path: None)
    wrong = Diagnostic(Loc("content/brief.yaml", 1), "error", "no title", code="x")

    def broken(root: Path, files: object = None) -> None:
        raise BuildError([wrong])
    monkeypatch.setattr(load, "load", broken)
    assert module.review(tmp_path / "r.docx", tmp_path / "b", False, "brief-builder") == 1
    assert capsys.readouterr().err == (
        f"brief-builder import --review: error: the brief in {tmp_path / 'b'} does not load; "
        f"build it first:\n{BuildError([wrong])}\n")

    def bug(root: Path, files: object = None) -> None:
        raise ZeroDivisionError
    monkeypatch.setattr(load, "load", bug)
    with pytest.raises(ZeroDivisionError):
        module.review(tmp_path / "r.docx", tmp_path / "b", False)


def test_each_change_in_a_paragraph_reads_the_others_as_the_reviewed_text_has_them() -> None:
    """Around a change, another change's insertions are not the section's words (they are
    not in it yet), its deletions are; deletions side by side are one change; a comment
    marks the words of the section, not what was inserted in them; two notes count two."""
    from brief.word.review import _paragraph
    note = {"t": "Note", "c": [para("n", span(["insertion"], "x"))]}
    marked = Marked()
    _paragraph(para("A", SP, span(["insertion"], "new"), SP, "b", SP, "c", SP, "d", SP,
                    span(["deletion"], "old"), span(["deletion"], " more"), SP, "e",
                    comment("start", "1", "Why?"), "f", span(["insertion"], "g"), "h",
                    comment("end", "1"), note, note)["c"], marked, set())
    assert marked.changes == [
        ("A ", "", "new", " b c d old more efh"),
        ("A  b c d ", "old more", "", " efh"),
        ("A  b c d old more ef", "", "g", "h")]
    assert marked.comments == [("fh", "Why?", "Rev", "")]
    assert marked.in_notes == 2


def test_a_change_takes_up_to_twelve_words_each_side_and_more_after_when_before_is_all(
        ) -> None:
    before, after = (" ".join(f"{c}{n}" for n in range(12)) for c in "wz")
    source = f"u {before} X {after} end. v {before} X {after} fin.\n"
    assert _place(source, f"v {before} ", "X", f" {after} fin.") is None  # (13 would tell)
    other = source.replace("u w0", "u w9")  # (now twelve words before tell it)
    at = other.index(f"v {before} X") + len(f"v {before} ")
    assert _place(other, f"v {before} ", "X", f" {after} fin.") == (at, at + 1)
    short = "a X b c d e f. a X b c d e g.\n"
    assert _place(short, "a ", "X", " b c d e g.") == (len(short) - 13, len(short) - 12)
    assert _head("  ", 0) == _tail("  ", 0) == ""


def test_a_comment_at_the_file_s_start_is_placed_and_its_line_counted_from_one() -> None:
    marked = Marked(comments=[("May 2020", "Which?", "Rev", "")])
    assert _queried("May 2020 was.\n", marked, [], "First", apply=False)[1] == [(1, "Which?"
                                                                                 " (Rev)")]
    assert _queried("\n\nIn May 2020.\n", marked, [], "First", apply=False)[1] == [
        (3, "Which? (Rev)")]
    unplaced: list[str] = []
    long = Marked(comments=[("a" * 50, "Too long?", "Rev", "")])
    _queried("Text.\n", long, unplaced, "First", apply=False)
    assert unplaced == [f"under 'First': the comment 'Too long?' (Rev) on '{'a' * 40}' cannot "
                        "be placed in the section's text"]


def test_the_brief_s_own_queries_are_kept_apart_and_a_reply_placed_beside_its_query() -> None:
    """A comment that is one of the brief's own queries (as the Word edition writes it,
    signed 'Query', or as a review writes it, ``said (who)``) is kept apart, in a paragraph,
    a note or a table; a comment at its place marking no words replies to it, one marking
    words does not; Pandoc nests a reply's end in its query's."""
    own = {"Which source?", "Old one (Rev)", "In a note? (Rev)", "In a cell?", "Seen (Ed)"}
    note = {"t": "Note", "c": [para("n", comment("start", "5", "In a note?"),
                                    comment("end", "5"), span(["insertion"], "x"))]}
    end = comment("end", "1")
    end["c"][1] = [comment("end", "2")]
    found = _marked([header(1, "First"),
                     para("A", comment("start", "1", "Which  source?", "Query"),
                          comment("start", "2", "Table 2."), comment("start", "8", "On b"),
                          end, SP, "b", comment("end", "8"),
                          comment("start", "3", "Old", "Rev"), comment("start", "4", "New"),
                          "c", comment("end", "3"), comment("end", "4"), note,
                          comment("start", "9", "Seen", "Ed"), comment("start", "10", "Yes"),
                          comment("end", "9"), comment("end", "10")),
                     {"t": "Table", "c": [comment("start", "6", "In a cell?", "Query"),
                                          comment("end", "6"), comment("start", "7", "Mine"),
                                          comment("end", "7"),
                                          span(["insertion"], "In a cell?")]}], own)["First"]
    assert found.kept == ["In a note? (Rev)", "Which source?", "Seen (Ed)", "In a cell?"]
    assert found.comments == [("", "Table 2.", "Rev", "Which source?"), (
        "b", "On b", "Rev", ""), ("c", "Old", "Rev", ""), ("c", "New", "Rev", ""),
        ("", "Yes", "Rev", "Seen (Ed)")]
    assert found.in_notes == 1 + 2  # (the note's insertion, the cell's own comment, its
    # insertion, though its words are a query's)
    assert _marked([para(comment("start", "1", "Old", "Rev"), comment("end", "1"))],
                   {"Old (Rev)"})[""].kept == ["Old (Rev)"]


def test_a_reply_is_placed_after_its_query_however_spaced_and_said_where_it_is_not_once(
        ) -> None:
    reply = Marked(comments=[("", "Table 2.", "Rev", "Which source?")])
    source = "One.\nA claim{>>Which   source?  <<} here.\n"
    made, lines = _queried(source, reply, [], "First", apply=True)
    assert made == "One.\nA claim{>>Which   source?  <<}{>> Table 2. (Rev) <<} here.\n"
    assert lines == [(2, "Table 2. (Rev)")]
    unplaced: list[str] = []
    twice = source + "{>> Which source? <<}\n"
    assert _queried(twice, reply, unplaced, "First", apply=True)[0] == twice
    assert unplaced == ["under 'First': the comment 'Table 2.' (Rev) on 'Which source?' "
                        "cannot be placed in the section's text"]


def test_a_query_the_review_no_longer_holds_is_said_at_its_line() -> None:
    from brief.word.review import _removed
    source = "\n---\ntitle: T\n---\n\nA{>> Kept? <<} b.\n\nC{>>  Gone,\nthen? <<}.\n"
    assert _removed(source, ["Kept?"]) == [(8, "Gone, then?")]
    assert _removed(source, ["Kept?", "Gone, then?"]) == []


def test_the_brief_s_own_queries_are_those_of_its_yaml_its_sections_and_its_query_columns(
        ) -> None:
    """Each spaced once, as the Word edition's comment carries it; a dataset's query column
    only, and only the rows that fill it."""
    from types import SimpleNamespace as Thing

    from brief.model import Query
    from brief.word.review import _own_queries
    column = lambda name, role: Thing(name=name, role=role)  # noqa: E731
    rows = [Thing(values={"note": "Check  the\nyear?", "year": 1992}), Thing(values={})]
    project = Thing(
        meta=Thing(queries=(Query("Whole  brief?", Loc("content/brief.yaml", 3)),)),
        sections=[Thing(body="A{>> In\ntext? <<} b."), Thing(body="None here.")],
        datasets={"d": Thing(columns=(column("year", None), column("note", "query")),
                             rows=rows)})
    assert _own_queries(project) == {"Whole brief?", "In text?", "Check the year?"}
