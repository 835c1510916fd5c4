"""brief/pdf/splice.py in this process, on small documents laid out by WeasyPrint itself:
which layouts it reuses, that a reused layout's PDF is the whole layout's byte for byte, and
each condition that makes it lay out the whole instead (test_splice.py: whole builds)."""
from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from brief.pdf import splice
from brief.session import SESSION

CSS = weasyprint.CSS(string="@page { size: A7; margin: 8mm } body { font: 9pt serif } "
                     "section.chapter, .back { break-before: page } "
                     ".note { float: footnote }")
KEY = ("screen", "styles")


@pytest.fixture(autouse=True)
def forgotten() -> None:
    SESSION.last_layout, SESSION.reused_pages = None, 0
    yield
    SESSION.last_layout, SESSION.reused_pages = None, 0


def page(*sections: str, head: str = "", back: str = '<div class="back">Back</div>') -> str:
    return (f"<html><head><title>T</title>{head}</head><body>\n<div>Front</div>\n"
            + "".join(f'<section class="chapter">\n{text}\n</section>\n' for text in sections)
            + f"{back}\n</body></html>")


def render(html: str) -> tuple[weasyprint.HTML, weasyprint.Document]:
    source = weasyprint.HTML(string=html)
    return source, source.render(stylesheets=[CSS])


def pdf(document: weasyprint.Document) -> bytes:
    return document.write_pdf(uncompressed_pdf=True)


def laid(html: str, key: tuple | None = KEY, read: dict | None = None,
         logged: list[str] | None = None, drawn: list[str] | None = None
         ) -> weasyprint.Document:
    def counting(text: str) -> tuple[weasyprint.HTML, weasyprint.Document]:
        (drawn if drawn is not None else []).append(text)
        return render(text)
    return splice.lay_out(html, counting, key, {} if read is None else read,
                          [] if logged is None else logged)


ONE = '<h1 id="one">One</h1><p>First.<span class="note">A note.</span></p>'
TWO = '<h1 id="two">Two</h1><p>Second, see <a href="#one">one</a>.</p>'
THREE = '<h1 id="three">Three</h1><p>Third.<span class="note">Its note.</span></p>'


def test_the_sections_are_cut_out_of_the_page() -> None:
    html = page("a", "b")
    parts = splice.split(html)
    assert parts is not None and "".join(parts) == html
    assert parts[1:3] == ['<section class="chapter">\na\n</section>\n',
                          '<section class="chapter">\nb\n</section>\n']
    assert parts[0].endswith("<div>Front</div>\n") and parts[3].startswith('<div class="back"')
    assert splice.split("<html><body><p>No sections</p></body></html>") is None
    assert splice.split(page("a", "b").replace("</section>\n<section",
                                               "</section>\n<hr>\n<section")) is None


def test_an_unchanged_section_s_pages_are_reused_and_the_pdf_is_the_whole_one() -> None:
    drawn: list[str] = []
    first = laid(page(ONE, TWO, THREE), drawn=drawn)
    assert isinstance(SESSION.last_layout, splice.Whole) and SESSION.reused_pages == 0
    assert len(first.pages) == 5 and len(drawn) == 1
    edited = page(ONE, TWO.replace("Second", "The second"), THREE)
    spliced = laid(edited, drawn=drawn)
    assert len(drawn) == 2 and "counter-increment: footnote 1" in drawn[1]
    assert '<span id="one"></span>' in drawn[1] and "First." not in drawn[1]
    assert SESSION.reused_pages == 2  # sections one and three
    assert isinstance(SESSION.last_layout, splice.Layout)
    assert pdf(spliced) == pdf(render(edited)[1])
    again = page(ONE.replace("First", "The first"), TWO.replace("Second", "The second"), THREE)
    assert pdf(laid(again, drawn=drawn)) == pdf(render(again)[1])  # reusing a reuse
    assert SESSION.reused_pages == 2 and len(drawn) == 3


@pytest.mark.parametrize("edit", [
    lambda html: html.replace("Its note.", "Its note.</span><span class='note'>Another."),
    lambda html: html.replace("Third.", "Third. " * 200),  # a page more: pages move
    lambda html: html.replace('id="three"', 'id="third"'),  # an anchor gone
    lambda html: html.replace("Front", "Front" + "<br>" * 80),  # the front grows a page
], ids=["a note more", "a page more", "an anchor renamed", "a page more before"])
def test_a_changed_section_that_moves_what_follows_gives_the_whole_layout(edit) -> None:
    laid(page(ONE, TWO, THREE))
    edited = edit(page(ONE, TWO, THREE))
    drawn: list[str] = []
    assert pdf(laid(edited, drawn=drawn)) == pdf(render(edited)[1])
    assert SESSION.reused_pages == 0 and len(drawn) == 2  # tried, then the whole
    assert isinstance(SESSION.last_layout, splice.Whole)


@pytest.mark.parametrize("second", [
    dict(html=page(ONE, TWO, THREE, head="<style>p { color: red }</style>")),
    dict(html=page(ONE, TWO)),  # a section fewer
    dict(html=page(TWO, THREE, ONE)),  # nothing unchanged in its place
    dict(html=page(ONE, TWO, THREE), key=("print", "styles")),
    dict(html=page(ONE, TWO, THREE), key=None),
], ids=["the head", "the sections", "every section", "the edition", "no key"])
def test_nothing_is_reused_across_another_head_sections_edition_or_without_a_key(
        second: dict) -> None:
    laid(page(ONE, TWO, THREE))
    drawn: list[str] = []
    laid(second["html"], key=second.get("key", KEY), drawn=drawn)
    assert SESSION.reused_pages == 0 and drawn == [second["html"]]
    assert SESSION.last_layout is None if second.get("key", KEY) is None else \
        isinstance(SESSION.last_layout, splice.Whole)


def test_a_file_read_since_changed_or_a_logged_layout_is_not_reused(tmp_path: Path) -> None:
    image = tmp_path / "a.svg"
    image.write_text("<svg/>")
    laid(page(ONE, TWO, THREE), read={f"file:{image}": "not its digest"})
    drawn: list[str] = []
    laid(page(ONE, TWO + " ", THREE), drawn=drawn)
    assert SESSION.reused_pages == 0 and len(drawn) == 1
    laid(page(ONE, TWO, THREE), logged=["WARNING: something"])
    assert SESSION.last_layout is None  # a layout that logged is never kept
    assert splice.split("<p>x</p>") is None
    laid("<html><body><p>No sections</p></body></html>")
    assert SESSION.last_layout is None


def test_what_a_given_up_skeleton_logged_is_forgotten() -> None:
    laid(page(ONE, TWO, THREE))
    logged = ["before"]

    def complaining(html: str) -> tuple[weasyprint.HTML, weasyprint.Document]:
        if "counter-increment" in html:
            logged.append("the skeleton's complaint")
        return render(html)
    edited = page(ONE, TWO + " ", THREE)
    splice.lay_out(edited, complaining, KEY, {}, logged)
    assert logged == ["before"] and SESSION.reused_pages == 0


def test_pages_shared_by_two_parts_are_never_reused() -> None:
    shared = page(ONE, TWO, THREE, back="<div>Back on the last section's page</div>")
    laid(shared)
    assert isinstance(SESSION.last_layout, splice.Whole)
    assert SESSION.last_layout.described() is None
    drawn: list[str] = []
    laid(shared.replace("Second", "The second"), drawn=drawn)
    assert SESSION.reused_pages == 0 and len(drawn) == 1


def test_a_description_names_each_page_s_part_its_anchors_and_notes() -> None:
    html = page(ONE, TWO, THREE)
    source, document = render(html)
    owners, anchors, notes, sections = splice._describe(source, document, 3)
    assert owners == [0, 1, 2, 3, 4] and sections == [1, 2, 3]
    assert anchors == {"one": 1, "two": 2, "three": 3}
    assert notes == {0: 0, 1: 1, 2: 0, 3: 1, 4: 0}
    assert splice._describe(source, document, 2) is None
    layout = splice.Layout(KEY, splice.split(html), document, owners, anchors, notes,
                           sections, {}, [document] * 5)
    assert splice._placeholder(splice.split(html)[3], layout, 3, {3: ["three", "x&y"]}) == (
        '<section class="chapter" style="counter-increment: footnote 1">'
        '<div style="break-before: auto"><span id="three"></span><span id="x&amp;y"></span>'
        "</div></section>\n")
    layout.notes = {}  # (a part whose calls were not counted: none, not an invalid count)
    assert 'style="counter-increment: footnote 0"' in splice._placeholder(
        splice.split(html)[3], layout, 3, {})
    long = page(ONE, TWO, THREE + "<p>" + "More. " * 300  # (a note on its first page, one
                + '<span class="note">Last note.</span></p>')  # on its last)
    source, document = render(long)
    owners, anchors, notes, sections = splice._describe(source, document, 3)
    assert owners.count(3) == 3 and anchors["three"] == 3 and notes[3] == 2
    layout = splice.Layout(KEY, splice.split(long), document, owners, anchors, notes,
                           sections, {}, [document] * len(owners))
    assert splice._placeholder(splice.split(long)[3], layout, 3, {3: ["three"]}) == (
        '<section class="chapter" style="counter-increment: footnote 2">'
        '<div style="break-before: auto"><span id="three"></span></div>'
        + '<div style="break-before: page"></div>' * 2 + "</section>\n")


def test_the_stages_say_whether_the_changed_sections_or_the_whole_were_laid_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The stage under way when the layout begins is renamed 'laying out the changed
    sections' when pages are reused; a reuse given up lays out 'the pages' again."""
    from brief import timings
    monkeypatch.setattr(timings, "STAGES", timings.Stages())
    timings.stage("laying out the pages")
    laid(page(ONE, TWO, THREE))
    timings.stage("laying out the pages")
    laid(page(ONE, TWO.replace("Second", "The second"), THREE))
    assert timings.STAGES.times == {"laying out the pages": 1,
                                    "laying out the changed sections": 1}
    timings.stage("laying out the pages")
    laid(page(ONE, TWO, THREE.replace("Third.", "Third. " * 200)))
    assert timings.STAGES.times == {"laying out the pages": 2,
                                    "laying out the changed sections": 2}
    assert timings.STAGES.label == "laying out the pages"


def test_each_page_of_a_reuse_keeps_the_layout_that_made_it() -> None:
    """(A reused page is drawn with its own layout's fonts, which live as long as that
    layout does; a page laid out anew keeps the new layout.)"""
    made: list[weasyprint.Document] = []

    def recording(html: str) -> tuple[weasyprint.HTML, weasyprint.Document]:
        source, document = render(html)
        made.append(document)
        return source, document
    splice.lay_out(page(ONE, TWO, THREE), recording, KEY, {}, [])
    splice.lay_out(page(ONE, TWO.replace("Second", "The second"), THREE), recording, KEY,
                   {}, [])
    assert isinstance(SESSION.last_layout, splice.Layout) and SESSION.reused_pages == 2
    assert [[m is d for d in made].index(True) for m in SESSION.last_layout.made_by] == [
        1, 0, 1, 0, 1]  # (the front, two and the back laid out anew)


def test_a_changed_section_that_shows_nothing_lets_the_others_be_reused() -> None:
    """A section hidden by the stylesheet owns no page and calls no note, before and after
    its edit: nothing moves, so the sections around it are reused."""
    hidden = weasyprint.CSS(string="section.chapter:nth-of-type(2) { display: none }")

    def hiding(html: str) -> tuple[weasyprint.HTML, weasyprint.Document]:
        source = weasyprint.HTML(string=html)
        return source, source.render(stylesheets=[CSS, hidden])
    splice.lay_out(page(ONE, TWO, THREE), hiding, KEY, {}, [])
    edited = page(ONE, TWO.replace("Second", "The second"), THREE)
    spliced = splice.lay_out(edited, hiding, KEY, {}, [])
    assert SESSION.reused_pages == 2
    assert pdf(spliced) == pdf(hiding(edited)[1])
