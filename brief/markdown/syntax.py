"""Turn Pandoc's citation syntax, Quarto's cross-references and CriticMarkup comments into
markdown-it tokens.

``[@key]``, ``[@key, p. 12]``, ``[see @a; @b]``, ``[-@key]`` become ``cite`` tokens holding
the bracket as written (the citation processor reads it as Pandoc does); an editor's query
``{>> text <<}`` becomes a ``query`` token that no edition prints; an HTML tag becomes a
``raw_html`` token, reported (the brief's text is Markdown only). All record how many
newlines precede them in their inline block, so that errors can name the line. A text
remembers which of its characters were written escaped, so that ``\\[^1]`` or ``\\{>>`` is
text, not a note or a query left open.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from brief.markdown.contract import ESCAPED, KEYS, NEWLINES

_KEY_IN_GROUP = re.compile(r"(?:^|[\s;])-?@(\w[\w:.#$%&+?<>~/-]*)")
_GROUP = re.compile(r"\[([^\[\]]*)\](?![(\[:])")
QUERY = re.compile(r"\{>>(.*?)<<\}", re.S)  # an editor's query (also read by word/review.py)
_AT_KEY = re.compile(r"@(\w[\w:.#$%&+?<>~/-]*)")
_XREF_PREFIXES = ("fig-", "tbl-", "sec-")  # Quarto's cross-references



def _push(state: StateInline, kind: str, content: str, keys: tuple[str, ...] | None = None
          ) -> None:
    """A token of ours, with the newlines before it in its inline block (for its line) and,
    for a citation, the keys it cites."""
    token = state.push(kind, "", 0)
    token.content = content
    token.meta = ({KEYS: keys} if keys is not None else {}) | {
        NEWLINES: state.src.count("\n", 0, state.pos)}


def _cite(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or state.src.startswith("[^", state.pos):
        return False
    match = _GROUP.match(state.src, state.pos)
    if not match:
        return False
    keys = tuple(k.rstrip(".,;:?") for k in _KEY_IN_GROUP.findall(match[1]))
    if not keys:
        return False
    if all(k.startswith(_XREF_PREFIXES) for k in keys):  # Quarto's [@fig-x; @tbl-y]
        if not silent:
            for number, key in enumerate(keys):
                if number:
                    state.push("text", "", 0).content = ", "
                _push(state, "xref", key)
        state.pos = match.end()
        return True
    if not silent:
        _push(state, "cite", match[0], keys=keys)
    state.pos = match.end()
    return True


def _query(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{>>", state.pos):
        return False
    match = QUERY.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        _push(state, "query", " ".join(match[1].split()))
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
        _push(state, "raw_html", match[0])
    state.pos = match.end()
    return True


def _at_word(state: StateInline, silent: bool) -> bool:
    """A bare ``@word``: Quarto's cross-reference (``@fig-x``, ``@tbl-x``, ``@sec-x``)
    becomes an ``xref`` token, anything else an ``at_word`` token, which the parser reports
    (Pandoc would take it for a citation in the text). An address's ``@`` is left alone."""
    if state.src[state.pos] != "@" or state.pos and (
            state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] in "_@."):
        return False
    match = _AT_KEY.match(state.src, state.pos)
    if not match:
        return False
    key = match[1].rstrip(":.#$%&+?<>~/-")  # (a key's punctuation is inside it only)
    if not silent:
        _push(state, "xref" if key.startswith(_XREF_PREFIXES) else "at_word", key)
    state.pos += 1 + len(key)
    return True


def _text_join(state: StateCore) -> None:
    """markdown-it's ``text_join``: a character written escaped or as an entity joins the
    text around it (in an image's alt text too); where in the text each such character is
    is noted (``ESCAPED``)."""
    for inline in state.tokens:
        if inline.type != "inline":
            continue
        for child in inline.children or []:
            if child.children:
                child.children = _joined(child.children)
        inline.children = _joined(inline.children or [])


def _joined(tokens: list[Token]) -> list[Token]:
    """Each run of text tokens as one, joined at once (linear in its length)."""
    joined: list[Token] = []
    run: list[Token] = []
    for token in [*tokens, None]:
        if token is not None and token.type in ("text", "text_special"):
            run.append(token)
            continue
        if run:
            escaped, at = [], 0
            for part in run:
                if part.type == "text_special" and part.content != part.markup:  # (not
                    escaped += range(at, at + len(part.content))  # a backslash as text: \n)
                at += len(part.content)
            first = run[0]
            first.type, first.content = "text", "".join(part.content for part in run)
            if escaped:
                first.meta[ESCAPED] = tuple(escaped)
            joined.append(first)
            run = []
        if token is not None:
            joined.append(token)
    return joined


def syntax_plugin(md: MarkdownIt) -> None:
    md.core.ruler.at("text_join", _text_join)
    md.inline.ruler.before("link", "cite", _cite)
    md.inline.ruler.before("link", "at_word", _at_word)
    md.inline.ruler.before("link", "query", _query)
    md.inline.ruler.before("html_inline", "raw_html", _raw_html)
    for name in ("cite", "query", "at_word"):
        md.add_render_rule(name, lambda *args: "")
    md.add_render_rule("raw_html", lambda self, tokens, idx, *_: escapeHtml(tokens[idx].content))
