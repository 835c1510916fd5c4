"""Parsing: CommonMark to HTML, quotations, headings with ids and lines."""
from __future__ import annotations

import pytest

from brief.model import Loc, SectionSource
from brief.parse import make_parser, parse_section


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
        "comes from the front matter 'title', so use '##' for a subheading"]
