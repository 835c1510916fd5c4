"""Helpers over a section's markdown-it token stream: the footnote definitions taken out of
it (``_split_notes``), an empty link to an id made a cross-reference token (``_xref_tokens``),
the image that is all of a paragraph (``_lone_image``), and about which line of its inline
block a token stands on (``_newlines_before``).
"""
from __future__ import annotations

from markdown_it.token import Token

from brief.markdown.contract import ID


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
