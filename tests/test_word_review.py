"""A reviewed Word edition's changes and comments placed in the section files
(brief/word/review.py), in this process on Pandoc trees written by hand: each change with the
words around it, each comment with the words it marks, and what cannot be placed said."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_word_sections import SP, header, para, span, words

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
    found = _marked(blocks)
    assert list(found) == ["", "First", "Second"]
    assert found[""].changes == [("Before", "", "any", "")]
    first = found["First"]
    assert first.changes == [
        ("Prices ", "rose", "fell sharply", " in May 2020."),
        ("Item ", "old", "", ""),
        ("In a div", "", "!", "")]
    assert first.comments == [("May 2020", "Which year?", "Rev")]
    assert first.in_notes == 1 + 2  # (the note's change, the table's two)
    assert found["Second"].comments == [("All", "ok", "a reviewer"), ("", "", "")]
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
    marked = Marked(comments=[("May 2020", "Which year?", "Rev"), ("twice", "a", "B"),
                              ("", "b", "C"), ("absent", "c", "D")])
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
                {"t": "Space"}, span(["deletion"], "gone"), {"t": "Str", "c": "."}], marked)
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
    found = _marked([header(1, "First"), para("Prices", SP, start, "rose", end, SP, "today.")])
    assert found["First"].comments == [("rose", "Why?", "Rev")]
