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
from markupsafe import Markup
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from brief.diagnostics import Diagnostic, Loc
from brief.markdown.captions import fold_captions
from brief.markdown.contract import (
    CAPTION,
    CITE,
    CLASS,
    FIGURE,
    ID,
    KEYS,
    LABEL,
    LOC,
    NEWLINES,
    XREF,
)
from brief.markdown.directives import collapse, place
from brief.markdown.habits import block_problem, heading_attributes, page_breaks, prepared
from brief.markdown.inlines import InlineChecks
from brief.markdown.syntax import syntax_plugin
from brief.markdown.tokens import (
    _kept_with_figures,
    _lone_image,
    _newlines_before,
    _split_notes,
    _xref_tokens,
)
from brief.markdown.urls import in_text
from brief.model import (
    Cite,
    Dataset,
    Document,
    Figure,
    Heading,
    Project,
    Query,
    Section,
    SectionSource,
    Xref,
)
from brief.read.inputs import Reader

# Private-use stand-ins that smartquotes puts where quotation marks open and close.
_QUOTES = "\ue000\ue001\ue002\ue003"
_Q_TAGS = {"\ue000": "<q>", "\ue001": "</q>", "\ue002": "<q>", "\ue003": "</q>"}
MAX_NOTES = 100  # notes called from one paragraph
MAX_NOTES_TOTAL = 3000  # in the whole brief (a 100-page report has some 500)
_DIV_ATTRS = re.compile(r"^\s*\{([^}]*)\}\s*$")
BLOCKS = ("key-points", "table", "chart")  # the classes a fenced div may have


def _render_text(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
    """A text as the language prints it (``env["typeset"]``, if the renderer gives one),
    its web addresses breaking only where they may, its quotations as <q>."""
    typeset = env.get("typeset", str)
    text = in_text(tokens[idx].content, lambda s: escapeHtml(typeset(s)))
    return re.sub(f"[{_QUOTES}]", lambda m: _Q_TAGS[m.group()], text)


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": _QUOTES})
    md.enable(["table", "smartquotes", "strikethrough"])  # not "replacements": keep the
    # author's characters; Pandoc's ~~strikeout~~, ^super^, ~sub~, ^[inline notes], terms
    # and their definitions, [spans]{.smallcaps}, ![caption](f.svg){#fig-id width=70%}
    md.use(footnote_plugin).use(syntax_plugin).use(superscript_plugin).use(sub_plugin)
    md.use(deflist_plugin).use(attrs_plugin, spans=True)
    # Pandoc's fenced divs, ::: {#id .class}: boxes and figures drawn from data.
    md.use(container_plugin, name="div", validate=lambda params, *_: bool(
        _DIV_ATTRS.match(params)))
    md.add_render_rule("text", _render_text)
    md.add_render_rule("page_break", lambda self, tokens, idx, *_: Markup(
        '<div class="page-break" data-loc="{}"></div>\n').format(tokens[idx].meta[LOC]))
    md.validateLink = lambda url: True  # every link is tokenized, so that a bad one is reported
    return md


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


class _SectionParser(InlineChecks):
    """Walks one section's tokens in reading order, collecting what the brief adds."""

    def __init__(self, source: SectionSource, first_cite: int, files: Reader | None = None,
                 datasets: dict[str, Dataset] | None = None, md: MarkdownIt | None = None):
        self.source, self.files, self.datasets = source, files, datasets or {}
        self.md = md or make_parser()
        self.next_cite = first_cite
        self.flow: list[Cite | str] = []
        self.queries: list[Query] = []
        self.headings: list[Heading] = []
        self.xrefs: list[Xref] = []
        self.figures: list[Figure] = []
        self.tables: list[Figure] = []
        self.diagnostics: list[Diagnostic] = []

    def inline(self, token: Token, note: str | None, notes: dict[int, list[Token]]) -> None:
        first_line = token.map[0] if token.map else 0
        token.children = _xref_tokens(token.children or [])
        calls = 0
        for child in token.children:
            line = first_line + child.meta.get(NEWLINES, 0) if child.meta else first_line
            if child.type == "cite":
                self.next_cite += 1
                cite = Cite(f"cite-{self.next_cite}", child.content, child.meta[KEYS],
                            self.loc(line), note)
                child.meta[CITE] = cite
                self.flow.append(cite)
                calls += note is None
            elif child.type == "xref":
                child.meta[XREF] = Xref(child.content, self.loc(first_line))
                self.xrefs.append(child.meta[XREF])
            elif child.type == "query":
                child.meta[LOC] = self.loc(line)
                self.queries.append(Query(child.content, self.loc(line)))
            elif child.type == "footnote_ref":
                calls += 1
                self.footnote(child, note, notes, self.loc(line))
            elif child.type == "raw_html":
                self.error(line, f"HTML ('{child.content[:40]}') is not part of a brief's "
                           "Markdown and would print as written; use Markdown, or write "
                           "'\\<' for a literal '<'", "raw-html")
            elif child.type in ("link_open", "image"):
                self.link(child, first_line + _newlines_before(token, child))
            elif child.type == "span_open":
                self.span(child, line)
            elif child.type == "at_word":
                self.error(line, f"'@{child.content}' is neither a citation in brackets "
                           "([@key]) nor a cross-reference (@fig-, @tbl-, @sec- and an id); "
                           "write [@key] to cite, or \\@ for an @", "unknown-syntax")
            elif child.type == "text":
                self.text(child, first_line + _newlines_before(token, child))
        if calls > MAX_NOTES:
            self.error(first_line, f"{calls} notes in one paragraph, more than {MAX_NOTES}; "
                       "split the paragraph or group citations as [@a; @b]", "over-limit")

    def footnote(self, child: Token, note: str | None, notes: dict[int, list[Token]],
                 loc: Loc) -> None:
        key = f"{self.source.id}-note-{child.meta[ID]}"
        child.meta[LOC] = loc
        if note is not None:
            self.diagnostics.append(Diagnostic(loc, "error", f"footnote [^{child.meta[LABEL]}]"
                                               " is called inside a footnote; notes cannot "
                                               "nest: write its text into the note",
                                               code="nested-note"))
            return
        self.flow.append(key)
        for body in notes.get(child.meta[ID], []):
            if body.type == "inline":
                self.inline(body, key, notes)

    def image_figure(self, paragraph: Token, image: Token,
                     notes: dict[int, list[Token]]) -> None:
        """An image alone in its paragraph: a numbered figure, its alt text the caption (as
        Pandoc's implicit figures), its id the image's or one of its own."""
        line = paragraph.map[0] if paragraph.map else 0
        caption = Token("inline", "", 0, content=image.content, children=image.children)
        self.inline(caption, None, notes)
        plain = "".join(c.content for c in image.children or [] if c.type == "text")
        ident = str(image.attrs.pop("id", "")) or \
            f"{self.source.id}-figure-{len(self.figures) + 1}"  # (the id is the figure's)
        paragraph.meta[FIGURE] = Figure(ident, "image", self.loc(line),
                                          " ".join(plain.split()))
        self.figures.append(paragraph.meta[FIGURE])

    def table(self, token: Token, notes: dict[int, list[Token]]) -> None:
        """A captioned pipe table: numbered, listed, and a cross-reference target."""
        caption, line = token.meta[CAPTION], token.map[0]
        ident = token.meta[ID] or f"{self.source.id}-table-{len(self.tables) + 1}"
        token.meta[ID] = ident
        self.inline(caption, None, notes)
        plain = "".join(c.content for c in caption.children if c.type in ("text", "code_inline"))
        self.tables.append(Figure(ident, "table", self.loc(line), " ".join(plain.split())))

    def heading(self, tokens: list[Token], i: int) -> None:
        token = tokens[i]
        line = token.map[0] if token.map else 0
        if token.tag == "h1":
            self.error(line, "a '#' heading inside a section; the section title comes from "
                       "the front matter 'title', so use '##' for a subheading", "heading-level")
            return
        given, classes, problem = heading_attributes(tokens[i + 1])
        if problem:
            self.error(line, problem, "unknown-attribute")
        text = tokens[i + 1].content.strip()
        if any(c.type == "query" for c in tokens[i + 1].children or []):
            self.error(line, "an editor's query in a heading would print in the contents; "
                       "put it in the paragraph below", "query-in-heading")
        ident = given or f"{self.source.id}-{slugify(text)}"
        token.attrSet("id", ident)
        self.headings.append(Heading(ident, int(token.tag[1]), text, self.loc(line),
                                     "unlisted" not in classes))


    def div(self, tokens: list[Token], i: int) -> None:
        """A fenced div: ``.key-points`` is a box (tables and charts are directives)."""
        token = tokens[i]
        line = token.map[0] if token.map else 0
        words = _DIV_ATTRS.match(token.info)[1].split()  # type: ignore[index]
        classes = [w[1:] for w in words if w.startswith(".")]
        if classes != ["key-points"]:
            self.error(line, f"a fenced div takes one class of: {', '.join(BLOCKS)} "
                       f"(found {' '.join(words) or 'none'})", "unknown-attribute")
            return
        token.meta[CLASS] = classes[0]

    def directive(self, token: Token, notes: dict[int, list[Token]]) -> None:
        """A table or chart placed from a dataset (see directives.place)."""
        place(self, token, notes)


def parse_section(md: MarkdownIt, source: SectionSource, first_cite: int = 0,
                  files: Reader | None = None, datasets: dict[str, Dataset] | None = None,
                  ) -> tuple[Section, list[Cite | str], list[Diagnostic]]:
    """``files`` reads the brief's images; ``datasets`` are what directives place."""
    env: dict = {}
    body = prepared(source.body)
    tokens, notes = _split_notes(md.parse(body, env))
    tokens = page_breaks(collapse(fold_captions(tokens, md, env), body))
    _kept_with_figures(tokens)
    walker = _SectionParser(source, first_cite, files, datasets, md)
    for label, number in env.get("footnotes", {}).get("refs", {}).items():
        if number == -1:  # defined, never called
            at = re.search(rf"^[ \t>*+\-\d.)]*\[\^{re.escape(label[1:])}\]:", source.body,
                           re.M)  # (at a line's start, in a quotation or a list too)
            walker.diagnostics.append(Diagnostic(walker.loc(
                source.body.count("\n", 0, at.start()) if at else 0), "error", f"footnote "
                f"[^{label[1:]}] is never called; call it with [^{label[1:]}] or delete it",
                code="unused-note"))
    for i, token in enumerate(tokens):
        if token.type == "page_break":
            token.meta[LOC] = walker.loc(token.map[0] if token.map else 0)
        elif token.type == "heading_open":
            walker.heading(tokens, i)
        elif token.type == "container_div_open":
            walker.div(tokens, i)
        elif token.type == "directive":
            walker.directive(token, notes)
        elif token.type == "table_open" and CAPTION in token.meta:
            walker.table(token, notes)
        elif token.type == "paragraph_open" and (image := _lone_image(tokens[i + 1])):
            walker.image_figure(token, image, notes)
        elif token.type == "inline":
            if tokens[i - 1].type == "paragraph_open" and (
                    problem := block_problem(token.content)):
                walker.error(token.map[0] if token.map else 0, problem, "unknown-syntax")
            walker.inline(token, None, notes)
    section = Section(source, tuple(tokens), notes, tuple(walker.headings),
                      tuple(walker.queries), tuple(walker.xrefs), tuple(walker.figures),
                      tuple(walker.tables))
    return section, walker.flow, walker.diagnostics


def parse(project: Project) -> tuple[Document, list[Diagnostic]]:
    """Parse every section; return the document and every Markdown problem found."""
    md = make_parser()
    sections, flow, diagnostics = [], [], list(project.findings)
    for source in project.sections:
        section, found, problems = parse_section(md, source, len(flow), project.files,
                                                 project.datasets)
        sections.append(section)
        flow += found
        diagnostics += problems
    if len(flow) > MAX_NOTES_TOTAL:
        diagnostics.append(Diagnostic(project.meta.lines.get("sections", project.meta.loc),
                                      "error", f"{len(flow)} notes and citations, more than "
                                      f"{MAX_NOTES_TOTAL}, the limit for one brief",
                                      code="over-limit"))
    return Document(project, tuple(sections), tuple(flow)), diagnostics
