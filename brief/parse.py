"""Turn each section's Markdown into HTML and the typed nodes the brief adds (headings).

CommonMark via markdown-it-py, raw HTML off. Straight double quotes become quotations
(``<q>``, as Pandoc's ``smart`` extension makes them ``Quoted``); the stylesheet prints the
curly marks of the document's language.
"""
from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from .model import BuildError, Diagnostic, Document, Heading, Loc, Project, Section, \
    SectionSource

# Private-use stand-ins that smartquotes puts where quotation marks open and close.
_QUOTES = "\ue000\ue001\ue002\ue003"
_Q_TAGS = {"\ue000": "<q>", "\ue001": "</q>", "\ue002": "<q>", "\ue003": "</q>"}


def _render_text(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
    text = escapeHtml(tokens[idx].content)
    return re.sub(f"[{_QUOTES}]", lambda m: _Q_TAGS[m.group()], text)


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": _QUOTES})
    md.enable(["table", "smartquotes"])  # not "replacements": keep the author's characters
    md.add_render_rule("text", _render_text)
    return md


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def parse_section(md: MarkdownIt, source: SectionSource
                  ) -> tuple[Section, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    tokens = md.parse(source.body, {})
    headings: list[Heading] = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        line = source.body_line + (token.map[0] if token.map else 0)
        level = int(token.tag[1])
        if level == 1:
            diagnostics.append(Diagnostic(
                Loc(source.loc.path, line), "error",
                "a '#' heading inside a section; the section title comes from the front "
                "matter 'title', so use '##' for a subheading"))
            continue
        text = tokens[i + 1].content
        ident = f"{source.id}-{slugify(text)}"
        token.attrSet("id", ident)
        headings.append(Heading(ident, level, text, Loc(source.loc.path, line)))
    html = md.renderer.render(tokens, md.options, {})
    return Section(source, html, tuple(headings)), diagnostics


def parse(project: Project) -> Document:
    """Parse every section; raise ``BuildError`` with all Markdown problems at once."""
    md = make_parser()
    sections, diagnostics = [], []
    for source in project.sections:
        section, found = parse_section(md, source)
        sections.append(section)
        diagnostics += found
    if diagnostics:
        raise BuildError(diagnostics)
    return Document(project, tuple(sections))
