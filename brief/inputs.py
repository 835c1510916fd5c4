"""Read an input file of the brief: only inside the project, only so big, only clean text.

Every reader of the brief's files goes through ``read_text``: the path is resolved (symlinks
included) and must stay inside the project; the file must be UTF-8 (a byte-order mark is
dropped) and hold no control or bidirectional-override characters. Each problem is a
diagnostic at the place that named the file, or at the offending line.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from .model import Diagnostic, Loc, working_on
from .paths import inside

MAX_BYTES = 2_000_000  # per input file; a 40-page brief's longest section is ~40 kB
MAX_REPORTED = 10  # character problems reported per file
# Characters that change what the text says or how it reads without showing: errors.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# Invisible characters that are sometimes wanted: warnings.
_INVISIBLE = {"\u200b", "\u2060", "\ufeff", "\u180e"}


def confine(root: Path, rel: str, named_at: Loc, what: str = "file"
            ) -> tuple[Path | None, list[Diagnostic]]:
    path = inside(root, rel)
    if path is None:
        return None, [Diagnostic(named_at, "error", f"{what} '{rel}' is outside the project; "
                                 "only files inside the brief's folder are read")]
    return path, []


def _character_name(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def check_characters(text: str, rel: str, first_line: int = 1) -> list[Diagnostic]:
    """Control, bidirectional-override and invisible characters, one diagnostic per line."""
    problems: list[Diagnostic] = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.isprintable() and line.isascii():
            continue
        bad = [c for c in line if (unicodedata.category(c) == "Cc" and c not in "\t\r")
               or c in _BIDI or unicodedata.category(c) == "Cs" or c in "\ufffe\uffff"]
        invisible = [c for c in line if c in _INVISIBLE]
        if bad:
            problems.append(Diagnostic(Loc(rel, number), "error", f"the character "
                                       f"{_character_name(bad[0])} does not belong in text "
                                       "(it hides or reorders what prints); delete it"))
        elif invisible:
            problems.append(Diagnostic(Loc(rel, number), "warning", f"an invisible character, "
                                       f"{_character_name(invisible[0])}; delete it unless "
                                       "it is wanted"))
        if len(problems) == MAX_REPORTED:
            problems.append(Diagnostic(Loc(rel, number), "error", "more characters that do "
                                       "not belong in text follow; is this a text file?"))
            break
    return problems


def decode(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Diagnostic(Loc(rel, 1), "error", "the file is UTF-16; save it as UTF-8")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as failure:
        line = data.count(b"\n", 0, failure.start) + 1
        column = failure.start - (data.rfind(b"\n", 0, failure.start) + 1) + 1
        return None, [Diagnostic(Loc(rel, line), "error", f"not UTF-8 (byte "
                                 f"0x{data[failure.start]:02X} at column {column}); save the "
                                 "file as UTF-8")]


def read_text(root: Path, rel: str, named_at: Loc | None = None, what: str = "file"
              ) -> tuple[str | None, list[Diagnostic]]:
    """The text of ``root/rel``, checked; None with the reasons when it cannot be used."""
    working_on.set(f"reading {rel}")
    named_at = named_at or Loc(rel)
    path, problems = confine(root, rel, named_at, what)
    if path is None:
        return None, problems
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Diagnostic(named_at, "error", f"{what} '{rel}' is larger than "
                                     f"{MAX_BYTES // 1_000_000} MB, the limit for one input "
                                     "file; split it")]
        data = path.read_bytes()
    except OSError as failure:
        reason = "it is a folder" if path.is_dir() else \
            (failure.strerror or str(failure)).lower()
        return None, [Diagnostic(named_at, "error", f"cannot read {what} '{rel}': {reason}")]
    text, problems = decode(data, rel)
    if text is None:
        return None, problems
    problems = check_characters(text, rel)
    if any(p.level == "error" for p in problems):
        return None, problems
    return text, problems


LINK_SCHEMES = ("http", "https", "mailto")


def link_problem(url: str, anchors: bool = False) -> str | None:
    """Why ``url`` may not become a link in the PDF, or None: only web and mail addresses
    (and, where ``anchors``, the brief's own ``#id``)."""
    if anchors and url.startswith("#"):
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    if scheme in LINK_SCHEMES and url.strip() == url and "//" in url[:len(scheme) + 3] \
            or scheme == "mailto":
        return None
    return (f"the link '{url[:80]}' is not a web or mail address; links must start with "
            f"{', '.join(s + ':' for s in LINK_SCHEMES)}" + (" or #id" if anchors else ""))
