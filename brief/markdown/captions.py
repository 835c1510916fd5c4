"""Find Pandoc's table captions around pipe tables and fold them into the table's token.

A caption is a paragraph that starts with ``Table:`` or ``:``, just before or just after the
table, and may end with an id, ``: Reservoirs by capacity {#tbl-reservoirs}``. Written on
the line right below the table (no blank line), markdown-it reads it as a last row: that is
taken as the caption too. The caption paragraph leaves the token stream; the table's
``table_open`` token carries ``meta[CAPTION]`` (an inline token) and ``meta[ID]`` (``contract``).
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from brief.markdown.contract import CAPTION, ID

_CAPTION = re.compile(r"^(?:Table)?:\s+(.*?)\s*(?:\{#([A-Za-z][\w-]*)\})?\s*$", re.S)


def _match(inline: Token) -> re.Match[str] | None:
    """The caption an inline token (a paragraph's, a cell's) writes, if it is one."""
    return _CAPTION.match(inline.content)


def _paragraph_at(tokens: list[Token], start: int) -> re.Match[str] | None:
    """The caption in the paragraph starting at ``start`` (open, inline, close), if any."""
    if start < 0 or start + 2 >= len(tokens) or tokens[start].type != "paragraph_open":
        return None
    return _match(tokens[start + 1])


def _caption_row(tokens: list[Token], close: int) -> tuple[int, re.Match[str]] | None:
    """A last body row ``: caption | | ...`` (the caption written right under the table)."""
    if tokens[close - 1].type != "tbody_close" or tokens[close - 2].type != "tr_close":
        return None
    start = max(i for i in range(close) if tokens[i].type == "tr_open")
    cells = [t for t in tokens[start:close] if t.type == "inline"]
    match = _match(cells[0])  # (a row has a cell for each column)
    if match is None or any(c.content.strip() for c in cells[1:]):
        return None
    return start, match


def fold_captions(tokens: list[Token], md: MarkdownIt, env: dict) -> list[Token]:
    """``tokens`` with each table caption moved into its table's ``table_open.meta``
    (read in the section's ``env``: its notes may be called there)."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if out[i].type != "table_open":
            i += 1
            continue
        close = next(j for j in range(i, len(out)) if out[j].type == "table_close")
        found = None
        if row := _caption_row(out, close):
            start, match = row
            found = match
            del out[start:close - 1]  # the row; the tbody stays closed
            close = start + 1
        elif match := _paragraph_at(out, close + 1):
            found = match
            del out[close + 1:close + 4]
        elif match := _paragraph_at(out, i - 3):
            found = match
            del out[i - 3:i]
            i, close = i - 3, close - 3
        if found is not None:
            caption = Token("inline", "", 0, content=found[1], map=out[i].map)
            caption.children = md.parseInline(found[1], env)[0].children or []
            out[i].meta = {**out[i].meta, CAPTION: caption, ID: found[2]}
        i = close + 1
    return out
