"""Turn Pandoc's citation syntax and CriticMarkup comments into markdown-it tokens.

``[@key]``, ``[@key, p. 12]``, ``[see @a; @b]``, ``[-@key]`` become ``cite`` tokens holding
the bracket as written (the citation processor reads it as Pandoc does); an editor's query
``{>> text <<}`` becomes a ``query`` token that no edition prints; an HTML tag becomes a
``raw_html`` token, reported (the brief's text is Markdown only). All record how many
newlines precede them in their inline block, so that errors can name the line.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

_KEY_IN_GROUP = re.compile(r"(?:^|[\s;])-?@(\w[\w:.#$%&+?<>~/-]*)")
_GROUP = re.compile(r"\[([^\[\]]*)\](?![(\[:])")
_QUERY = re.compile(r"\{>>(.*?)<<\}", re.S)


def _cite(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or state.src.startswith("[^", state.pos):
        return False
    match = _GROUP.match(state.src, state.pos)
    if not match:
        return False
    keys = tuple(k.rstrip(".,;:?") for k in _KEY_IN_GROUP.findall(match[1]))
    if not keys:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.content = match[0]
        token.meta = {"keys": keys, "newlines": state.src.count("\n", 0, state.pos)}
    state.pos = match.end()
    return True


def _query(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{>>", state.pos):
        return False
    match = _QUERY.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("query", "", 0)
        token.content = " ".join(match[1].split())
        token.meta = {"newlines": state.src.count("\n", 0, state.pos)}
    state.pos = match.end()
    return True


def _raw_html(state: StateInline, silent: bool) -> bool:
    """A tag or comment, which the brief does not pass through (its text must be Markdown):
    a ``raw_html`` token that the parser reports and the renderer prints as written."""
    if state.src[state.pos] != "<" or state.html_terminator_last(">") < state.pos:
        return False
    match = HTML_TAG_RE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("raw_html", "", 0)
        token.content = match[0]
        token.meta = {"newlines": state.src.count("\n", 0, state.pos)}
    state.pos = match.end()
    return True


def syntax_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "cite", _cite)
    md.inline.ruler.before("link", "query", _query)
    md.inline.ruler.before("html_inline", "raw_html", _raw_html)
    for name in ("cite", "query"):
        md.add_render_rule(name, lambda *args: "")
    md.add_render_rule("raw_html", lambda self, tokens, idx, *_: escapeHtml(tokens[idx].content))
