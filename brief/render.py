"""Turn a ``Document`` and its ``Index`` into one HTML string through ``templates/`` (Jinja)."""
from __future__ import annotations

import calendar
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it.token import Token
from markupsafe import Markup

from .model import Cite, Document, Index, PartialDate, Section
from .parse import make_parser

TOOL_ROOT = Path(__file__).resolve().parent.parent
_PUNCTUATION = re.compile(r"^[.,;:!?]+")


def long_date(date: PartialDate) -> str:
    """'1992', 'January 1992' or 'January 2, 1992': never more precise than the data."""
    if date.month is None:
        return str(date.year)
    month = calendar.month_name[date.month]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


def cite_html(index: Index, cite: Cite) -> str:
    """A citation as the style sets it: a page-foot note, or text in the sentence."""
    text = index.citations[cite.id]
    if index.notes_style and cite.note is None:
        return f'<span class="note" data-loc="{cite.loc}">{text}</span>'
    return text


def _makes_note(token: Token, index: Index) -> bool:
    return token.type == "footnote_ref" or (
        token.type == "cite" and index.notes_style and token.meta["cite"].note is None)


def notes_after_punctuation(children: list[Token], index: Index) -> list[Token]:
    """Set a note call after the punctuation that follows it, as Chicago (and Pandoc) do:
    ``text [@key].`` prints ``text.¹``."""
    out = [child for child in children]
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


def _render_section(section: Section, index: Index) -> str:
    md = make_parser()

    def cite(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        text = cite_html(index, tokens[idx].meta["cite"])
        after = tokens[idx + 1].content if idx + 1 < len(tokens) else ""
        if text.endswith(".") and after[:1] in tuple(".,;:!?"):
            return text[:-1]  # a citation in running text ends where the sentence does
        return text

    def footnote(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        body = section.notes[tokens[idx].meta["id"]]
        text = " ".join(self.renderInline(t.children, options, env)
                        for t in body if t.type == "inline")
        return f'<span class="note" data-loc="{tokens[idx].meta["loc"]}">{text}</span>'

    md.add_render_rule("cite", cite)
    md.add_render_rule("footnote_ref", footnote)
    tokens = []
    for token in section.tokens:
        if token.type == "inline" and token.children:
            token = token.copy(children=notes_after_punctuation(token.children, index))
        tokens.append(token)
    return md.renderer.render(tokens, md.options, {})


def make_environment(templates: Path = TOOL_ROOT / "templates") -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["long_date"] = long_date
    return env


def render(document: Document, index: Index) -> str:
    """Render the whole brief; section bodies are markdown-it HTML, escaped at parse time."""
    project = document.project
    template = make_environment().get_template("brief.html.j2")
    return template.render(
        meta=project.meta, toc=index.toc, agreements=project.agreements,
        sections=[(s, Markup(_render_section(s, index))) for s in document.sections],
        cite=lambda c: Markup(cite_html(index, c)),
        bibliography=[(key, Markup(text)) for key, text in index.bibliography],
        bibliography_title=index.bibliography_title)
