"""Set web addresses so that they break where the Chicago Manual of Style allows (14.18):
after ``//`` or ``/``; before ``.``, ``,``, ``-``, ``_``, ``~``, ``?``, ``#`` or ``%``; before
or after ``=`` and ``&``; after ``:``. Never with a hyphen added, and never after a hyphen of
the address (a reader would take it for a hyphenation).

The address stays one run of text in one ``<span class="url">`` (``hyphens: manual``): a
zero-width space (U+200B) marks each place it may break, and a word joiner (U+2060) holds
every other pair of its characters together, since the Unicode line-breaking rules would
break after a hyphen or a question mark. Both are invisible and print nothing: the PDF's
text is the address itself, and each link is one link per line, not one per piece.
"""
from __future__ import annotations

import re
from typing import Callable

from markupsafe import Markup, escape

# An address as it stands in text: a scheme, or www.; not its closing punctuation.
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"]+|\bwww\.[^\s<>\"]+", re.I)
_TRAILING = ".,;:!?)]}'\u2019\u201d"
_BEFORE = set(".,-_~?#%=&")
_AFTER = set("/=&:")


def pieces(url: str) -> list[str]:
    """``url`` cut at each place it may break."""
    found, current = [], ""
    for i, char in enumerate(url):
        if char in _BEFORE and current:
            found.append(current)
            current = ""
        current += char
        if char in _AFTER and not url.startswith("/", i + 1):  # (after a run of / only)
            found.append(current)
            current = ""
    return [*found, current] if current else found


BREAK, JOIN = "\u200b", "\u2060"


def breakable(url: str) -> Markup:
    """``url`` as HTML that breaks only at its Chicago places."""
    return Markup('<span class="url">{}</span>').format(
        BREAK.join(JOIN.join(piece) for piece in pieces(url)))


def in_text(text: str, escaped: Callable[[str], str] = escape) -> str:
    """``text`` escaped by ``escaped``, each web address in it set ``breakable``."""
    out, end = [], 0
    for match in URL.finditer(text):
        url = match[0].rstrip(_TRAILING)
        out += [escaped(text[end:match.start()]), breakable(url)]
        end = match.start() + len(url)
    return "".join([*out, escaped(text[end:])])


def without_urls(text: str) -> str:
    """``text`` with its web addresses left out (they may be longer than a line)."""
    return URL.sub(" ", text)
