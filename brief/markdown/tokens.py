"""Helpers over a section's markdown-it token stream: the footnote definitions taken out of
it (``_split_notes``), an empty link to an id made a cross-reference token (``_xref_tokens``),
the image that is all of a paragraph (``_lone_image``), about which line of its inline
block a token stands on (``_newlines_before``), and the paragraphs kept with a figure or a
table (``_kept_with_figures``).
"""
from __future__ import annotations

from typing import Iterator

from markdown_it.token import Token

from brief.markdown.contract import ID

UNITS_LINE = 60  # characters at most of a line of units right above a table


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
            current = notes.setdefault(token.meta[ID], [])
        elif token.type not in ("footnote_close", "footnote_block_close", "footnote_anchor"):
            current.append(token)
    return tokens[:start], notes


def _figures(tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """The first and last token of each table, directive and image alone in its paragraph."""
    opened = 0
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            opened = i
        elif token.type == "table_close":
            yield opened, i
        elif token.type == "directive":
            yield i, i
        elif token.type == "paragraph_open" and i + 2 < len(tokens) and \
                _lone_image(tokens[i + 1]):
            yield i, i + 2


def _labelled(inline: Token) -> bool:
    """A paragraph that opens with a bold label and a colon: **Source:**, **Notes**: ..."""
    children = [c for c in inline.children or [] if c.type != "text" or c.content]
    if not children or children[0].type != "strong_open":
        return False
    end = next((n for n, c in enumerate(children) if c.type == "strong_close"), len(children))
    label = "".join(c.content for c in children[1:end] if c.type == "text").rstrip()
    after = children[end + 1].content if end + 1 < len(children) else ""
    return label.endswith(":") or (after.startswith(":") and children[end + 1].type == "text")


def _kept_with_figures(tokens: list[Token]) -> None:
    """The paragraphs right after a figure or a table that open with a bold label and a
    colon (its source, its notes) are kept with it (class ``figure-note``), and so is a line
    of units right above it, short and with no closing stop ("In Millions of Dollars":
    ``figure-lead``): the page never parts them."""
    for first, last in list(_figures(tokens)):
        at = last + 1
        while at + 2 < len(tokens) and tokens[at].type == "paragraph_open" and \
                _labelled(tokens[at + 1]):
            tokens[at].attrJoin("class", "figure-note")
            at += 3
        if first >= 3 and tokens[first - 3].type == "paragraph_open":
            lead = tokens[first - 2].content.strip()
            if lead and "\n" not in lead and len(lead) <= UNITS_LINE and \
                    lead[-1] not in ".:;!?" and not _lone_image(tokens[first - 2]):
                tokens[first - 3].attrJoin("class", "figure-lead")
