"""Turn each section's Markdown into markdown-it tokens and the typed nodes the brief adds:
headings, citations, authored footnotes and editor's queries.

CommonMark via markdown-it-py, raw HTML off. Straight double quotes become quotations
(``<q>``, as Pandoc's ``smart`` extension makes them ``Quoted``); the stylesheet prints the
curly marks of the document's language.
"""
from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .model import Cite, Diagnostic, Document, Figure, Heading, Loc, Project, Query, \
    Section, SectionSource, Xref
from .syntax import syntax_plugin

# Private-use stand-ins that smartquotes puts where quotation marks open and close.
_QUOTES = "\ue000\ue001\ue002\ue003"
_Q_TAGS = {"\ue000": "<q>", "\ue001": "</q>", "\ue002": "<q>", "\ue003": "</q>"}
_DANGLING_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_DIV_ATTRS = re.compile(r"^\s*\{([^}]*)\}\s*$")
BLOCKS = ("key-points", "timeline")  # the classes a fenced div may have


def _render_text(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
    text = escapeHtml(tokens[idx].content)
    return re.sub(f"[{_QUOTES}]", lambda m: _Q_TAGS[m.group()], text)


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": _QUOTES})
    md.enable(["table", "smartquotes"])  # not "replacements": keep the author's characters
    md.use(footnote_plugin).use(syntax_plugin)
    # Pandoc's fenced divs, ::: {#id .class}: boxes and figures drawn from data.
    md.use(container_plugin, name="div", validate=lambda params, *_: bool(
        _DIV_ATTRS.match(params)))
    md.add_render_rule("text", _render_text)
    return md


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


class _SectionParser:
    """Walks one section's tokens in reading order, collecting what the brief adds."""

    def __init__(self, source: SectionSource, first_cite: int):
        self.source = source
        self.next_cite = first_cite
        self.flow: list[Cite | str] = []
        self.queries: list[Query] = []
        self.headings: list[Heading] = []
        self.xrefs: list[Xref] = []
        self.figures: list[Figure] = []
        self.diagnostics: list[Diagnostic] = []

    def loc(self, line: int) -> Loc:
        return Loc(self.source.loc.path, self.source.body_line + line)

    def error(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.loc(line), "error", message))

    def inline(self, token: Token, note: str | None, notes: dict[int, list[Token]]) -> None:
        first_line = token.map[0] if token.map else 0
        token.children = _xref_tokens(token.children or [])
        for child in token.children:
            line = first_line + child.meta.get("newlines", 0) if child.meta else first_line
            if child.type == "cite":
                self.next_cite += 1
                cite = Cite(f"cite-{self.next_cite}", child.content, child.meta["keys"],
                            self.loc(line), note)
                child.meta["cite"] = cite
                self.flow.append(cite)
            elif child.type == "xref":
                child.meta["xref"] = Xref(child.content, self.loc(first_line))
                self.xrefs.append(child.meta["xref"])
            elif child.type == "query":
                child.meta["loc"] = self.loc(line)
                self.queries.append(Query(child.content, self.loc(line)))
            elif child.type == "footnote_ref":
                key = f"{self.source.id}-note-{child.meta['id']}"
                child.meta["loc"] = self.loc(line)
                self.flow.append(key)
                for body in notes.get(child.meta["id"], []):
                    if body.type == "inline":
                        self.inline(body, key, notes)
            elif child.type == "image" and not child.content.strip():
                self.error(first_line, f"image '{child.attrGet('src')}' has no alt text; "
                           "describe what it shows: ![what it shows](file)")
            elif child.type == "text" and (dangling := _DANGLING_NOTE.search(child.content)):
                self.error(first_line, f"footnote [^{dangling[1]}] has no definition; add "
                           f"a line '[^{dangling[1]}]: text' below the paragraph")

    def heading(self, tokens: list[Token], i: int) -> None:
        token = tokens[i]
        line = token.map[0] if token.map else 0
        if token.tag == "h1":
            self.error(line, "a '#' heading inside a section; the section title comes from "
                       "the front matter 'title', so use '##' for a subheading")
            return
        text = tokens[i + 1].content
        ident = f"{self.source.id}-{slugify(text)}"
        token.attrSet("id", ident)
        self.headings.append(Heading(ident, int(token.tag[1]), text, self.loc(line)))


    def div(self, tokens: list[Token], i: int) -> None:
        """A fenced div: ``.key-points`` (a box) or ``#id .timeline`` (a figure whose
        caption is the div's text)."""
        token = tokens[i]
        line = token.map[0] if token.map else 0
        words = _DIV_ATTRS.match(token.info)[1].split()  # type: ignore[index]
        ident = next((w[1:] for w in words if w.startswith("#")), None)
        classes = [w[1:] for w in words if w.startswith(".")]
        unknown = [c for c in classes if c not in BLOCKS]
        if unknown or len(classes) != 1:
            self.error(line, f"a fenced div takes one class of: {', '.join(BLOCKS)} "
                       f"(found {' '.join(words) or 'none'})")
            return
        token.meta["class"] = classes[0]
        if classes[0] == "timeline":
            if ident is None:
                self.error(line, "a figure needs an id to be listed and referred to: "
                           "::: {#fig-name .timeline}")
                return
            caption = next((t.content for t in tokens[i:] if t.type == "inline"), "")
            token.meta["figure"] = Figure(ident, classes[0], self.loc(line),
                                          re.sub(r"[*_`]", "", caption))
            self.figures.append(token.meta["figure"])


def _xref_tokens(children: list[Token]) -> list[Token]:
    """An empty link to an id, ``[](#id)``, becomes one ``xref`` token."""
    out: list[Token] = []
    for child in children:
        if child.type == "link_close" and out and out[-1].type == "link_open" and \
                str(out[-1].attrGet("href") or "").startswith("#"):
            out[-1] = Token("xref", "", 0, content=str(out[-1].attrGet("href"))[1:])
        else:
            out.append(child)
    return out


def _split_notes(tokens: list[Token]) -> tuple[list[Token], dict[int, list[Token]]]:
    """Take the footnote definitions out of the token stream: id → body tokens."""
    if not any(t.type == "footnote_block_open" for t in tokens):
        return tokens, {}
    start = next(i for i, t in enumerate(tokens) if t.type == "footnote_block_open")
    notes: dict[int, list[Token]] = {}
    current: list[Token] = []
    for token in tokens[start:]:
        if token.type == "footnote_open":
            current = notes.setdefault(token.meta["id"], [])
        elif token.type not in ("footnote_close", "footnote_block_close", "footnote_anchor"):
            current.append(token)
    return tokens[:start], notes


def parse_section(md: MarkdownIt, source: SectionSource, first_cite: int = 0
                  ) -> tuple[Section, list[Cite | str], list[Diagnostic]]:
    tokens, notes = _split_notes(md.parse(source.body, {}))
    walker = _SectionParser(source, first_cite)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            walker.heading(tokens, i)
        elif token.type == "container_div_open":
            walker.div(tokens, i)
        elif token.type == "inline":
            walker.inline(token, None, notes)
    section = Section(source, tuple(tokens), notes, tuple(walker.headings),
                      tuple(walker.queries), tuple(walker.xrefs), tuple(walker.figures))
    return section, walker.flow, walker.diagnostics


def parse(project: Project) -> tuple[Document, list[Diagnostic]]:
    """Parse every section; return the document and every Markdown problem found."""
    md = make_parser()
    sections, flow, diagnostics = [], [], []
    for source in project.sections:
        section, found, problems = parse_section(md, source, len(flow))
        sections.append(section)
        flow += found
        if source.table == "agreements":  # the table follows the section's prose
            flow += [cite for row in project.agreements for cite in row.cites]
        diagnostics += problems
    return Document(project, tuple(sections), tuple(flow)), diagnostics
