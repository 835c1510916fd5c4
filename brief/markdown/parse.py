"""Turn each section's Markdown into markdown-it tokens and the typed nodes the brief adds:
headings, citations, authored footnotes and editor's queries.

CommonMark via markdown-it-py, raw HTML off. Straight double quotes become quotations
(``<q>``, as Pandoc's ``smart`` extension makes them ``Quoted``); the stylesheet prints the
curly marks of the document's language.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

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

from brief.markdown.captions import fold_captions
from brief.markdown.directives import collapse, place
from brief.markdown.habits import (
    SPAN_CLASSES,
    block_problem,
    heading_attributes,
    page_breaks,
    prepared,
    size_style,
    text_problem,
)
from brief.markdown.syntax import syntax_plugin
from brief.markdown.urls import in_text, without_urls
from brief.model import (
    Cite,
    Dataset,
    Diagnostic,
    Document,
    Figure,
    Heading,
    Loc,
    Project,
    Query,
    Section,
    SectionSource,
    Xref,
)
from brief.read.inputs import (
    Reader,
    character_problem,
    hidden_character,
    link_problem,
    outside_folder,
)

# Private-use stand-ins that smartquotes puts where quotation marks open and close.
_QUOTES = "\ue000\ue001\ue002\ue003"
_Q_TAGS = {"\ue000": "<q>", "\ue001": "</q>", "\ue002": "<q>", "\ue003": "</q>"}
_DANGLING_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_LONG_WORD = re.compile(r"\S{81,}")  # no line can hold it, nor can it break (but an address)
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
        '<div class="page-break" data-loc="{}"></div>\n').format(tokens[idx].meta["loc"]))
    md.validateLink = lambda url: True  # every link is tokenized, so that a bad one is reported
    return md


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


class _SectionParser:
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

    def loc(self, line: int) -> Loc:
        return Loc(self.source.loc.path, self.source.body_line + line)

    def error(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.loc(line), "error", message))

    def inline(self, token: Token, note: str | None, notes: dict[int, list[Token]]) -> None:
        first_line = token.map[0] if token.map else 0
        token.children = _xref_tokens(token.children or [])
        calls = 0
        for child in token.children:
            line = first_line + child.meta.get("newlines", 0) if child.meta else first_line
            if child.type == "cite":
                self.next_cite += 1
                cite = Cite(f"cite-{self.next_cite}", child.content, child.meta["keys"],
                            self.loc(line), note)
                child.meta["cite"] = cite
                self.flow.append(cite)
                calls += note is None
            elif child.type == "xref":
                child.meta["xref"] = Xref(child.content, self.loc(first_line))
                self.xrefs.append(child.meta["xref"])
            elif child.type == "query":
                child.meta["loc"] = self.loc(line)
                self.queries.append(Query(child.content, self.loc(line)))
            elif child.type == "footnote_ref":
                calls += 1
                self.footnote(child, note, notes, self.loc(line))
            elif child.type == "raw_html":
                self.error(line, f"HTML ('{child.content[:40]}') is not part of a brief's "
                           "Markdown and would print as written; use Markdown, or write "
                           "'\\<' for a literal '<'")
            elif child.type in ("link_open", "image"):
                self.link(child, first_line + _newlines_before(token, child))
            elif child.type == "span_open":
                self.span(child, line)
            elif child.type == "at_word":
                self.error(line, f"'@{child.content}' is neither a citation in brackets "
                           "([@key]) nor a cross-reference (@fig-, @tbl-, @sec- and an id); "
                           "write [@key] to cite, or \\@ for an @")
            elif child.type == "text":
                self.text(child, first_line + _newlines_before(token, child))
        if calls > MAX_NOTES:
            self.error(first_line, f"{calls} notes in one paragraph, more than {MAX_NOTES}; "
                       "split the paragraph or group citations as [@a; @b]")

    def footnote(self, child: Token, note: str | None, notes: dict[int, list[Token]],
                 loc: Loc) -> None:
        key = f"{self.source.id}-note-{child.meta['id']}"
        child.meta["loc"] = loc
        if note is not None:
            self.diagnostics.append(Diagnostic(loc, "error", f"footnote [^{child.meta['label']}]"
                                               " is called inside a footnote; notes cannot "
                                               "nest: write its text into the note"))
            return
        self.flow.append(key)
        for body in notes.get(child.meta["id"], []):
            if body.type == "inline":
                self.inline(body, key, notes)

    def link(self, child: Token, line: int) -> None:
        """Only web and mail links and the brief's own ``#id``; images from the project.
        Attributes (``{...}`` after the element) only give a figure its id."""
        allowed = {"href", "title", "src", "alt"}  # a lone image's id went to its figure
        if child.type == "image":
            style, wrong = size_style(child.attrs)
            allowed |= {"width", "height"}
            if wrong:
                self.error(line, f"the image's {', '.join(wrong)} is not a size; write a "
                           "number with %, cm, mm, in, pt or px, such as width=70%")
            elif style:
                child.attrs = {k: v for k, v in child.attrs.items()
                               if k not in ("width", "height")} | {"style": style}
                allowed.add("style")
        if extra := [k for k in child.attrs if k not in allowed]:
            self.error(line, f"attributes ({', '.join(extra)}) are not used here; only an "
                       "image takes some: its id, alone in its paragraph, and its size: "
                       "![caption](file){#fig-id width=70%}")
            child.attrs = {k: v for k, v in child.attrs.items() if k in allowed}
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if problem := link_problem(href, anchors=True):
                self.error(line, problem)
                child.attrs.pop("href", None)
            return
        src = str(child.attrGet("src") or "")
        if not child.content.strip():
            self.error(line, f"image '{src}' has no alt text; describe what it shows: "
                       "![what it shows](file)")
        if src.startswith("data:") or self.files is None:
            return
        name = "content/" + unquote(src.split("#")[0])
        if re.match(r"^[a-zA-Z][\w+.-]*:|/", src) or outside_folder(name):
            self.error(line, f"image '{src[:200]}' is not a file inside the project; images "
                       "are read from the brief's folder only")
            child.attrs["src"] = ""
            return
        data, problems = self.files.read(name, self.loc(line), "image", "image",
                                         optional=True)
        self.diagnostics += problems
        if data is None and not problems:
            self.error(line, f"image '{src[:200]}' not found in content/; add the file or fix "
                       "the name")

    def span(self, child: Token, line: int) -> None:
        """A bracketed span, ``[text]{.smallcaps}``: only the classes the brief sets."""
        classes = str(child.attrs.get("class", "")).split()
        if set(child.attrs) - {"class"} or not classes or set(classes) - set(SPAN_CLASSES):
            attributes = " ".join(f"{k}={v}" for k, v in child.attrs.items())
            self.error(line, f"a span's attributes ({attributes}) are not ones the brief sets; "
                       f"a span takes one class of: {', '.join('.' + c for c in SPAN_CLASSES)}")

    def text(self, child: Token, line: int) -> None:
        if char := hidden_character(child.content, "\t\n"):  # (written as an entity: &#x202E;)
            self.error(line, character_problem(char))
        if problem := text_problem(child.content):
            self.error(line, problem)
        if dangling := _DANGLING_NOTE.search(child.content):
            self.error(line, f"footnote [^{dangling[1]}] has no definition; add "
                       f"a line '[^{dangling[1]}]: text' below the paragraph")
        if "<!--" in child.content:
            self.error(line, "an HTML comment is not closed: end it with '-->'")
        if "{>>" in child.content or "<<}" in child.content:
            self.error(line, "an editor's query is not closed: write it on one paragraph as "
                       "{>> question <<}")
        if word := _LONG_WORD.search(without_urls(child.content)):
            self.error(line, f"a word of {len(word[0])} characters ('{word[0][:30]}...') "
                       "cannot fit or break in a line; add spaces, or make it a link")

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
        paragraph.meta["figure"] = Figure(ident, "image", self.loc(line),
                                          " ".join(plain.split()))
        self.figures.append(paragraph.meta["figure"])

    def table(self, token: Token, notes: dict[int, list[Token]]) -> None:
        """A captioned pipe table: numbered, listed, and a cross-reference target."""
        caption = token.meta["caption"]
        line = token.map[0] if token.map else 0
        ident = token.meta["id"] or f"{self.source.id}-table-{len(self.tables) + 1}"
        token.meta["id"] = ident
        self.inline(caption, None, notes)
        plain = "".join(c.content for c in caption.children if c.type in ("text", "code_inline"))
        self.tables.append(Figure(ident, "table", self.loc(line), " ".join(plain.split())))

    def heading(self, tokens: list[Token], i: int) -> None:
        token = tokens[i]
        line = token.map[0] if token.map else 0
        if token.tag == "h1":
            self.error(line, "a '#' heading inside a section; the section title comes from "
                       "the front matter 'title', so use '##' for a subheading")
            return
        given, classes, problem = heading_attributes(tokens[i + 1])
        if problem:
            self.error(line, problem)
        text = tokens[i + 1].content.strip()
        if any(c.type == "query" for c in tokens[i + 1].children or []):
            self.error(line, "an editor's query in a heading would print in the contents; "
                       "put it in the paragraph below")
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
                       f"(found {' '.join(words) or 'none'})")
            return
        token.meta["class"] = classes[0]

    def directive(self, token: Token, notes: dict[int, list[Token]]) -> None:
        """A table or chart placed from a dataset (see directives.place)."""
        place(self, token, notes)


def _lone_image(inline: Token) -> Token | None:
    """The image with a caption (its alt text) that is all of a paragraph's content."""
    parts = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
             and c.type != "softbreak"]
    if len(parts) == 1 and parts[0].type == "image" and parts[0].content.strip():
        return parts[0]
    return None


def _newlines_before(token: Token, child: Token) -> int:
    """About where ``child`` sits in its inline block: the newlines before its text."""
    text = child.content or str(child.attrGet("href") or child.attrGet("src") or "")
    at = token.content.find(text) if text else -1
    return token.content.count("\n", 0, at) if at > 0 else 0


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


def parse_section(md: MarkdownIt, source: SectionSource, first_cite: int = 0,
                  files: Reader | None = None, datasets: dict[str, Dataset] | None = None,
                  ) -> tuple[Section, list[Cite | str], list[Diagnostic]]:
    """``files`` reads the brief's images; ``datasets`` are what directives place."""
    env: dict = {}
    body = prepared(source.body)
    tokens, notes = _split_notes(md.parse(body, env))
    tokens = page_breaks(collapse(fold_captions(tokens, md), body))
    walker = _SectionParser(source, first_cite, files, datasets, md)
    for label, number in env.get("footnotes", {}).get("refs", {}).items():
        if number == -1:  # defined, never called
            at = re.search(rf"^ {{0,3}}\[\^{re.escape(label[1:])}\]:", source.body, re.M)
            walker.diagnostics.append(Diagnostic(walker.loc(
                source.body.count("\n", 0, at.start()) if at else 0), "error", f"footnote "
                f"[^{label[1:]}] is never called; call it with [^{label[1:]}] or delete it"))
    for i, token in enumerate(tokens):
        if token.type == "page_break":
            token.meta["loc"] = walker.loc(token.map[0] if token.map else 0)
        elif token.type == "heading_open":
            walker.heading(tokens, i)
        elif token.type == "container_div_open":
            walker.div(tokens, i)
        elif token.type == "directive":
            walker.directive(token, notes)
        elif token.type == "table_open" and "caption" in token.meta:
            walker.table(token, notes)
        elif token.type == "paragraph_open" and (image := _lone_image(tokens[i + 1])):
            walker.image_figure(token, image, notes)
        elif token.type == "inline":
            if tokens[i - 1].type == "paragraph_open" and (
                    problem := block_problem(token.content)):
                walker.error(token.map[0] if token.map else 0, problem)
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
                                      f"{MAX_NOTES_TOTAL}, the limit for one brief"))
    return Document(project, tuple(sections), tuple(flow)), diagnostics
