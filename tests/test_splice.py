"""Laying out again only the sections an edit changed (brief/pdf/splice.py): whenever this
process reuses pages of its last layout, the PDF is the one a whole layout gives, byte for
byte; and whatever could make reused pages wrong makes it lay out the whole instead."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import append, run_build

from brief.pdf import splice
from brief.session import SESSION
from brief.timings import STAGES

pytestmark = pytest.mark.build

SPLICED = "laying out the changed sections"
SQUARE = "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40'>" \
         "<rect width='40' height='40' fill='{}'/></svg>"


def rebuilt(root: Path, *options: str) -> tuple[bool, bytes]:
    """Build (reusing what this process may); whether pages were reused, and the PDF,
    after checking, if they were, that a whole layout gives the same bytes."""
    status, out, _ = run_build(root, "--force", *options)
    assert status == 0
    reused = SESSION.reused_pages > 0
    pdf = (root / out.split()[1]).read_bytes()
    if not reused:
        return reused, pdf
    kept, SESSION.last_layout = SESSION.last_layout, None
    assert run_build(root, "--force", *options)[0] == 0
    assert (root / out.split()[1]).read_bytes() == pdf
    assert SESSION.reused_pages == 0 and STAGES.spent.get(SPLICED) is None
    SESSION.last_layout = kept  # as if the whole layout had not happened
    return reused, pdf


def test_an_edited_section_is_laid_out_alone_and_the_pdf_is_the_same(mini: Path) -> None:
    (mini / "content/02-annex.md").write_text("---\ntitle: Annex\n---\n\nA call.[^z]\n\n"
                                              "[^z]: The annex's note.\n")  # (quick: no table)
    brief = mini / "content/brief.yaml"  # and quick pages around the sections
    brief.write_text(brief.read_text("utf-8").replace("layout: report", (
        "layout: {sections: new-page, cover: header, contents: true, inside-page: false, "
        "back-page: false}")))
    (mini / "content/square.svg").write_text(SQUARE.format("teal"))
    first = mini / "content/01-first.md"
    append(first, "\n![A square](square.svg)\n\nA call.[^a]\n\n[^a]: A note.\n")
    assert rebuilt(mini)[0] is False  # nothing to reuse yet
    append(mini / "content/02-annex.md", "\nOne sentence more.\n")
    assert rebuilt(mini)[0] is True  # the first section's pages (image, note) reused, the
    # annex's note numbered after them (a reuse after an edited section: the watch test)
    first.write_text(first.read_text("utf-8").replace("A call.[^a]", "A call.[^a] Two.[^b]")
                     + "\n[^b]: Another note.\n")
    assert rebuilt(mini)[0] is False  # a note more: every later number could move
    (mini / "content/square.svg").write_text(SQUARE.format("orange"))
    append(first, "\nAnd one more.\n")
    assert rebuilt(mini)[0] is False  # a file the reused pages show has changed
    append(first, "\n" + "A paragraph that needs room of its own. " * 100 + "\n")
    assert rebuilt(mini)[0] is False  # the first section grew a page: page numbers move


def test_no_reuse_for_a_draft_a_brief_s_own_stylesheet_or_sections_sharing_pages(
        mini: Path) -> None:
    """A draft prints the build time on every page; a brief's own stylesheet may carry
    counters or running strings from section to section; in a memo, sections share pages."""
    from weasyprint import HTML

    from brief.handed import Edition
    from brief.pdf.edition import reusable, stylesheets
    from brief.read.inputs import Reader
    assert reusable(Edition(), stylesheets(Edition(), Reader(mini))[0])
    assert not reusable(Edition(draft=True), stylesheets(Edition(draft=True), Reader(mini))[0])
    (mini / "styles").mkdir()
    (mini / "styles/screen.css").write_text("h2 { counter-increment: h2; }\n")
    assert not reusable(Edition(), stylesheets(Edition(), Reader(mini))[0])
    two = ('<body><section class="chapter"><p id="a">One.</p></section>'
           '<section class="chapter"{}><p>Two.<span style="float: footnote">A note.</span>'
           '</p></section></body>')
    apart = HTML(string=two.format(' style="break-before: page"'))
    assert splice._describe(apart, apart.render(), 2) == ([0, 1], {"a": 0}, {0: 0, 1: 1},
                                                           [0, 1])
    together = HTML(string=two.format(""))
    assert splice._describe(together, together.render(), 2) is None
