"""Turn a ``Document`` and its ``Index`` into one HTML string through ``templates/`` (Jinja)."""
from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from markdown_it.token import Token
from markupsafe import Markup

from brief.handed import Edition, Index, Rendered
from brief.html.charts import chart_alt
from brief.html.marks import cite_html, query_html, unresolved
from brief.html.pagevalues import page_values
from brief.html.tables import table_context
from brief.html.templating import make_environment, render_template
from brief.markdown.contract import CAPTION, CITE, CLASS, FIGURE, ID, LOC
from brief.markdown.parse import make_parser
from brief.model import Document, Query, Section
from brief.timings import stage

_PUNCTUATION = re.compile(r"^[.,;:!?]+")


def _makes_note(token: Token, index: Index) -> bool:
    return token.type == "footnote_ref" or (
        token.type == "cite" and index.notes_style and token.meta[CITE].note is None)


def notes_after_punctuation(children: list[Token], index: Index) -> list[Token]:
    """Set a note call after the punctuation that follows it, as Chicago (and Pandoc) do:
    ``text [@key].`` prints ``text.¹``."""
    out = list(children)
    for i, child in enumerate(out):
        if not _makes_note(child, index):
            continue
        if i and out[i - 1].type == "text":
            out[i - 1] = out[i - 1].copy(content=out[i - 1].content.rstrip())
        after = out[i + 1] if i + 1 < len(out) else None
        if after is not None and after.type == "text" and (
                mark := _PUNCTUATION.match(after.content)):
            out[i + 1] = after.copy(content=after.content[mark.end():])
            out.insert(i, Token("text", "", 0, content=mark.group()))
    return out


def _notes_in(token: Token, section: Section) -> set[str]:
    """The notes an inline token calls: citation ids and authored note keys."""
    return {c.meta[CITE].id if c.type == "cite" else
            f"{section.source.id}-note-{c.meta[ID]}"
            for c in token.children or [] if c.type in ("cite", "footnote_ref")}


def _names_pattern(names: tuple[str, ...], letters: str) -> re.Pattern[str] | None:
    """The words hyphenation must leave whole: those listed, and those holding a letter of
    ``letters`` (both from brief.yaml)."""
    found = [re.escape(n) for n in sorted(names, key=len, reverse=True)]
    found += [rf"\w*[{re.escape(letters)}]\w*"] if letters else []
    return re.compile(rf"\b(?:{'|'.join(found)})\b") if found else None


class _SectionRenderer:
    """markdown-it rendering with what the brief adds: notes, references, boxes, figures."""

    def __init__(self, document: Document, index: Index, edition: Edition,
                 breaks: frozenset[str] = frozenset(), charts: Mapping[str, str] = {}):
        self.document, self.index, self.edition = document, index, edition
        self.breaks = breaks  # notes whose calling block must start a page
        self.charts = charts  # each chart's SVG by its id (html/charts.draw_charts)
        self.md = make_parser()
        meta = document.project.meta
        self.lang = document.project.language
        self.templates = make_environment(document.project.files)
        self.names = _names_pattern(meta.unhyphenated, meta.unhyphenated_letters)
        base_text = self.md.renderer.rules["text"]
        for name, rule in (("cite", self.cite), ("xref", self.xref), ("query", self.query),
                           ("container_div_open", self.div_open),
                           ("container_div_close", self.div_close),
                           ("table_open", self.table_open), ("directive", self.directive),
                           ("paragraph_open", self.paragraph_open),
                           ("paragraph_close", self.paragraph_close)):
            self.md.add_render_rule(name, lambda _renderer, *args, rule=rule: rule(*args))
        if self.names is not None:
            self.md.add_render_rule("text", lambda r, tokens, idx, options, env: self.names.sub(
                lambda m: f'<span class="name">{m.group()}</span>',
                base_text(tokens, idx, options, env)))

    def cite(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        text = cite_html(self.index, tokens[idx].meta[CITE])
        after = tokens[idx + 1].content if idx + 1 < len(tokens) else ""
        if text.endswith(".") and after[:1] in tuple(".,;:!?"):
            return text[:-1]  # a citation in running text ends where the sentence does
        return text

    def xref(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        target = tokens[idx].content
        if target not in self.index.labels:
            return unresolved([target])
        return Markup('<a class="xref" href="#{}" data-page="{}">{}</a>').format(
            target, f", {self.lang['page-abbreviation']}\u00a0", self.index.labels[target])

    def query(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        return query_html(Query(tokens[idx].content, tokens[idx].meta[LOC]), self.edition,
                          self.lang["query"])

    def paragraph_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        """A paragraph, or the figure an image with an id alone in it makes."""
        token = tokens[idx]
        if "figure" not in token.meta:
            return self.md.renderer.renderToken(tokens, idx, options, env)
        figure = token.meta[FIGURE]
        return Markup('<figure class="figure" id="{}" data-loc="{}">').format(figure.id,
                                                                             figure.loc)

    def paragraph_close(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        opening = next(t for t in reversed(tokens[:idx]) if t.type == "paragraph_open")
        if "figure" not in opening.meta:
            return self.md.renderer.renderToken(tokens, idx, options, env)
        image = next(c for c in tokens[idx - 1].children if c.type == "image")
        caption = self.md.renderer.renderInline(image.children, options, env)
        return Markup('<figcaption><span class="caption-label">{}.</span> {}</figcaption>'
                      '</figure>\n').format(self.index.labels[opening.meta[FIGURE].id],
                                            Markup(caption))

    def table_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        """A pipe table, styled; with a caption, numbered as "Table N." above it."""
        token = tokens[idx]
        caption = token.meta.get(CAPTION)
        attrs = {**token.attrs, "class": "data"} | ({"id": token.meta[ID]} if caption else {})
        html = Markup("<table{}>\n").format(Markup("").join(
            Markup(' {}="{}"').format(k, v) for k, v in attrs.items()))
        if caption is None:
            return html
        text = self.md.renderer.renderInline(caption.children, options, env)
        return html + Markup('<caption><span class="caption-label">{}.</span> {}</caption>\n'
                             ).format(self.index.labels[token.meta[ID]], Markup(text))

    def div_open(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        if tokens[idx].meta.get(CLASS) == "key-points":
            return Markup('<div class="key-points" role="note" aria-label="{0}">'
                          '<p class="box-title">{0}</p>\n').format(self.lang["key-points"])
        return "<div>"

    def div_close(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        opening = next(t for t in reversed(tokens[:idx])  # (its own: at its level)
                       if t.type == "container_div_open" and t.level == tokens[idx].level)
        return "</div>\n" if opening.meta.get(CLASS) == "key-points" else "</div>"

    def directive(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        """A table or chart placed from a dataset."""
        token = tokens[idx]
        figure = token.meta.get(FIGURE)
        if figure is None:  # reported when parsed
            return ""
        dataset = self.document.project.datasets[figure.spec["dataset"]]
        caption = Markup(self.md.renderer.renderInline(token.meta[CAPTION].children,
                                                       options, env))
        label = self.index.labels.get(figure.id, "")
        if figure.kind == "dataset-table":
            context = table_context(figure, dataset, lambda c: cite_html(self.index, c),
                                    lambda q: query_html(q, self.edition, self.lang["query"]),
                                    self.breaks, self.lang)
            return render_template(self.templates, "table.html.j2",
                                   {"label": label, "caption": caption, **context})
        if figure.id not in self.charts:  # (it could not be drawn: said where it stands)
            return ""
        svg = base64.b64encode(self.charts[figure.id].encode()).decode()
        return Markup('<figure class="figure" id="{}" data-loc="{}"><img src="data:image/svg+xml;'
                      'base64,{}" alt="{}"><figcaption><span class="caption-label">{}.</span> {}'
                      '</figcaption></figure>\n').format(figure.id, figure.loc, svg,
                                                        chart_alt(figure, dataset), label, caption)

    def section(self, section: Section) -> str:
        def footnote(renderer, tokens, idx, options, env):  # type: ignore[no-untyped-def]
            body = section.notes[tokens[idx].meta[ID]]
            text = " ".join(renderer.renderInline(t.children, options, env)
                            for t in body if t.type == "inline")
            key = f"{section.source.id}-note-{tokens[idx].meta[ID]}"
            return Markup('<span class="note" data-loc="{}" data-note="{}">{}</span>').format(
                tokens[idx].meta[LOC], key, Markup(text))

        self.md.add_render_rule("footnote_ref", footnote)
        tokens: list[Token] = []
        block, here = 0, str(section.source.loc)
        for token in section.tokens:
            if token.nesting == 1:  # (a key-points div prints no attributes)
                if token.map:  # the source line, for findings of the layout checks
                    here = f"{section.source.loc.path}:{section.source.body_line + token.map[0]}"
                token = token.copy(attrs={**token.attrs, "data-loc": here})
            if token.type == "list_item_open" or (token.type == "paragraph_open"
                                                  and not token.hidden):
                block = len(tokens)  # (a tight list's paragraphs print no tag: its item)
            if token.type == "inline" and token.children:
                token = token.copy(children=notes_after_punctuation(token.children,
                                                                    self.index))
                if self.breaks & _notes_in(token, section):
                    tokens[block] = tokens[block].copy(
                        attrs={**tokens[block].attrs, "class": "starts-page"})
            tokens.append(token)
        return self.md.renderer.render(tokens, self.md.options, {"typeset": self.lang.typeset})


def render(document: Document, index: Index, edition: Edition = Edition(),
           built: datetime | None = None, breaks: frozenset[str] = frozenset(),
           charts: Mapping[str, str] = {}) -> str:
    """Render the whole brief; section bodies are markdown-it HTML, escaped at parse time.
    ``breaks`` names notes whose calling paragraph must start a new page (see check);
    ``charts`` are the charts drawn, by id."""
    sections = _SectionRenderer(document, index, edition, breaks, charts)
    return render_template(sections.templates, "brief.html.j2", page_values(
        document, index, edition, built, [Markup(sections.section(s))
                                           for s in document.sections]))


def data_files(document: Document) -> tuple[tuple[str, bytes, str], ...]:
    """The brief's data as files to attach to the archival PDF: every dataset a table or
    chart uses, as its file and as JSON (dates as written), and the bibliography as
    CSL-JSON when the brief has one."""
    from brief.html.charts import values
    project = document.project
    dump = lambda data: json.dumps(data, ensure_ascii=False, indent=2).encode()  # noqa: E731
    used = sorted({f.spec["dataset"] for s in document.sections for f in s.figures + s.tables
                   if f.spec})
    files = []
    for name in used:
        dataset = project.datasets[name]
        source = Path(dataset.path)
        what = f"The dataset '{name}' ({dataset.title})"
        files.append((source.name, (project.root / source).read_bytes(), f"{what}, as written"))
        rows = values(list(dataset.rows), dataset, labels=False)
        files.append((f"{name}.json", dump(rows), f"{what}, as JSON"))
    if references := [r.data for r in project.references]:
        files.append(("references.json", dump(references), "The bibliography, CSL-JSON"))
    return tuple(files)


def parsed(first: Rendered) -> Rendered:
    """``first`` with its HTML parsed as WeasyPrint parses HTML (``typeset.ParsedHTML`` takes
    the tree), without loading WeasyPrint."""
    import tinyhtml5
    stage("parsing the HTML for the typesetter")
    return replace(first, tree=tinyhtml5.parse(first.html, namespace_html_elements=False))


def rendered(document: Document, index: Index, edition: Edition,
             charts: Mapping[str, str] = {}) -> Rendered:
    """The edition's HTML, rendered once before the layout (again only to repair it)."""
    stage("rendering the HTML")
    built = datetime.now(timezone.utc)
    return Rendered(render(document, index, edition, built, charts=charts),
                    data_files(document) if edition.archival else (), built, charts=charts)
