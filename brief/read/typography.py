"""Set a text as its language prints it, wherever it was typed (Markdown, brief.yaml, a
dataset, a label, a reference): curly quotes and apostrophes, the spaces the language puts
before or after marks, and numeric ranges that never break at their dash.

The rules are data, in each language's labels (``brief/labels/LANG.yaml``, or the brief's
own ``labels/``): ``quotes`` (the marks that replace straight double quotes, then single
ones) and ``spacing`` (``before:`` and ``after:``, each mark → the space it takes: French
puts a narrow no-break space before ; ! ? and », after «, and a no-break space before :
and %). A space typed there is replaced, a missing one is added: « la liste ; » becomes
«\\u202fla liste\\u202f;\\u202f» whether typed with spaces or without.
"""
from __future__ import annotations

import re

SPACES = " \u00a0\u202f"
_DOUBLE = re.compile(r'"([^"\n]*)"')
_SINGLE = re.compile(r"(?<![\w])'([^'\n]*)'(?![\w])")
_RANGE = re.compile(r"(?<=\d)([\u2013\u2012])(?=\d)")
WORD_JOINER = "\u2060"
# Where a mark is punctuation ("Titre : sous-titre"), not part of a word or an address
# ("10:30", "https:", "?q="): followed by a space, the end, or closing punctuation.
_ENDS = r"(?=[\s)\]}»”’.,]|$)"


def curly(text: str, quotes: list[str]) -> str:
    """Straight quotes as the language's marks (``quotes``: open, close, then the inner
    pair) and apostrophes as U+2019."""
    text = _DOUBLE.sub(lambda m: f"{quotes[0]}{m[1].strip(SPACES)}{quotes[1]}", text)
    text = _SINGLE.sub(lambda m: f"{quotes[2]}{m[1]}{quotes[3]}", text)
    return text.replace("'", "\u2019")


def spaced(text: str, spacing: dict) -> str:
    """The spaces ``spacing`` asks for around marks (``before``, ``after``)."""
    for mark, space in (spacing.get("before") or {}).items():
        ends = "" if mark in "%»" else _ENDS
        text = re.sub(rf"(?<=\S)[{SPACES}]?{re.escape(mark)}{ends}", space + mark, text)
    for mark, space in (spacing.get("after") or {}).items():
        text = re.sub(rf"{re.escape(mark)}[{SPACES}]?(?=\S)", mark + space, text)
    return text


def typeset(text: str, quotes: list[str], spacing: dict) -> str:
    """``text`` with curly quotes, the language's spacing, and numeric ranges (2015–2023)
    that do not break at their dash."""
    if not text:
        return text
    if "'" in text or '"' in text:
        text = curly(text, quotes)
    if spacing:
        text = spaced(text, spacing)
    return _RANGE.sub(lambda m: m[1] + WORD_JOINER, text)
