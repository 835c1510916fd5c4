"""What the typesetter said, as diagnostics at the source line they are about: a
stylesheet's line, the input that holds a missing glyph, an image or a link target."""
from __future__ import annotations

import re
from typing import Callable
from urllib.parse import unquote, urlsplit

from brief.diagnostics import Diagnostic, Loc

# WeasyPrint warnings that say nothing about the brief.
IGNORED = re.compile(r"Using fontTools instead of HarfBuzz-Subset")
_NO_ANCHOR = re.compile(r"No anchor #(\S+) for internal URI reference")
_IMAGE = re.compile(r"Failed to load image at '([^']*)'(?:: (?:\w+: )?(.*))?")
_NOTDEF = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+)"')


_CSS_PLACE = re.compile(r",? at (\d+):\d+")


def css_finding(url: str, message: str) -> Diagnostic:
    """What the typesetter said of a stylesheet, at its line ("... at 12:5 ...")."""
    name = "styles/" + url.rsplit("/", 1)[-1]
    found = _CSS_PLACE.search(message)
    text = _CSS_PLACE.sub("", message).rstrip(".")
    return Diagnostic(Loc(name, int(found[1]) if found else 0), "error",
                      f"the typesetter cannot use this: {text}; fix or remove it",
                      code="css-refused")


def diagnose(messages: list[str], locate: Callable[[str], Loc]) -> list[Diagnostic]:
    """One diagnostic per place with missing glyphs (WeasyPrint logs each character)."""
    missing: dict[Loc, dict[str, None]] = {}
    others = []
    for message in messages:
        if match := _NOTDEF.search(message):
            for char in match[1]:
                missing.setdefault(locate(char), {})[char] = None
        elif match := _IMAGE.search(message):
            name = unquote(urlsplit(match[1]).path).rsplit("/", 1)[-1]
            where = locate(match[1]) if "://" in match[1] and not match[1].startswith(
                "file:") else locate(name)
            others.append(Diagnostic(where, "error", f"image '{name}' cannot be used: "
                                     f"{match[2] or 'it is not an image the typesetter reads'}",
                                     code="bad-image"))
        elif match := _NO_ANCHOR.search(message):
            others.append(Diagnostic(locate(f"#{match[1]}"), "error", f"internal link to "
                                     f"'#{match[1]}' has no target; the link was dropped",
                                     code="unknown-anchor"))
        else:
            others.append(Diagnostic(locate(""), "error", f"typesetter: {message}",
                                     code="typesetter"))
    for loc, chars in missing.items():
        listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)
        advice = "remove or replace it" if loc.path.startswith("content/") else \
            "the layout itself prints it, not the brief's text; change that style"
        others.append(Diagnostic(loc, "error", f"no bundled font has {listed}; {advice}",
                                 code="missing-glyph"))
    return others
