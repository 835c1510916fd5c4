"""The characters a text of the brief may not hold, and its encoding: control,
bidirectional-override and invisible characters (``check_characters``, one diagnostic per line;
``hidden_character`` and ``character_problem`` for a single value), and the decoding of a
file's bytes as UTF-8 (``decode``), each problem at its ``file:line``.
"""
from __future__ import annotations

import re
import unicodedata

from brief.diagnostics import Diagnostic, Loc

MAX_REPORTED = 10  # character problems reported per file
# Characters that change what the text says or how it reads without showing: errors.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# Invisible characters that are sometimes wanted: warnings.
_INVISIBLE = {"\u200b", "\u2060", "\ufeff", "\u180e"}


def _character_name(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def hidden_character(text: str, allowed: str = "\t\r") -> str | None:
    """The first character of ``text`` that hides or reorders what prints, if any."""
    if text.isprintable() and text.isascii():
        return None
    return next((c for c in text if (unicodedata.category(c) == "Cc" and c not in allowed)
                 or c in _BIDI or unicodedata.category(c) == "Cs" or c in "\ufffe\uffff"),
                None)


_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\"  # (an odd number of backslashes)
                     r"(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|[0-7]{1,3})")


def escaped_character(text: str, allowed: str = "\t\n\r") -> str | None:
    """The first character that hides or reorders what prints which an escape of a
    JavaScript string in ``text`` makes (``'\\x07'``, ``'\\u202E'``, ``'\\0'``): what a
    chart's expression would hand the chart engine."""
    for match in _ESCAPE.finditer(text):
        code = match[2].lstrip("xu{").rstrip("}")
        value = int(code, 8 if match[2][0] in "01234567" else 16)
        if value <= 0x10FFFF and (char := hidden_character(chr(value), allowed)):
            return char
    return None


def character_problem(char: str) -> str:
    return (f"the character {_character_name(char)} does not belong in text (it hides or "
            "reorders what prints); delete it")


def check_characters(text: str, rel: str, first_line: int = 1) -> list[Diagnostic]:
    """Control, bidirectional-override and invisible characters, one diagnostic per line."""
    problems: list[Diagnostic] = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.isprintable() and line.isascii():
            continue
        bad = hidden_character(line)
        invisible = [c for c in line if c in _INVISIBLE]
        if bad:
            problems.append(Diagnostic(Loc(rel, number), "error", character_problem(bad),
                                       code="control-character"))
        elif invisible:
            problems.append(Diagnostic(Loc(rel, number), "warning", f"an invisible character, "
                                       f"{_character_name(invisible[0])}; delete it unless "
                                       "it is wanted", code="invisible-character"))
        if len(problems) == MAX_REPORTED:
            problems.append(Diagnostic(Loc(rel, number), "error", "more characters that do "
                                       "not belong in text follow; is this a text file?",
                                       code="control-character"))
            break
    return problems


def decode(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Diagnostic(Loc(rel, 1), "error", "the file is UTF-16; save it as UTF-8",
                                 code="not-utf8")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        column = failure.start - (data.rfind(b"\n", 0, failure.start) + 1) + 1
        return None, [Diagnostic(Loc(rel, line), "error", f"not UTF-8 (byte "
                                 f"0x{data[failure.start]:02X} at column {column}); save the "
                                 "file as UTF-8", code="not-utf8")]
