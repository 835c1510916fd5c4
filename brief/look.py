"""How a brief looks, as records: its layout (the pages it prints around its text) and its
house style (colours, fonts, paper, logo). Imports nothing of ours."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Layout:
    """What the brief prints around its text: each section on a new page or run on, the
    cover as a page or a header, and whether it has contents, an inside page, a back page.
    ``brief.yaml``'s ``layout:`` writes the names with hyphens (``inside-page``)."""

    sections: Literal["new-page", "run-on"] = "new-page"
    cover: Literal["page", "header"] = "page"
    contents: bool = True
    inside_page: bool = True
    back_page: bool = True

    @classmethod
    def written(cls, given: dict) -> Layout:
        """The report's choices with those ``brief.yaml`` gives (checked by its schema)."""
        return cls(**{key.replace("-", "_"): value for key, value in given.items()})

    def plain(self) -> dict:
        """As brief.yaml writes it: what templates read (``layout['inside-page']``)."""
        return {"sections": self.sections, "cover": self.cover, "contents": self.contents,
                "inside-page": self.inside_page, "back-page": self.back_page}


# What each layout prints: a report's every page, or a memo's text from the first page on.
LAYOUTS = {
    "report": Layout(),
    "memo": Layout("run-on", "header", contents=False, inside_page=False, back_page=False),
    "short": Layout("run-on"),
}
# Without 'layout:', the brief's length in words chooses: fewer than each bound, that preset.
LAYOUT_BY_LENGTH = ((1000, "memo"), (2000, "short"))


@dataclass(frozen=True)
class Face:
    """One font file a brief brings: what ``@font-face`` needs and the characters it has."""

    family: str
    path: Path
    weight: int
    italic: bool
    chars: frozenset[int]
    digest: str = ""  # the SHA-256 of the file as read

    @property
    def uri(self) -> str:
        return self.path.as_uri()


@dataclass(frozen=True)
class House:
    """The brief's house style (brief/schemas/house.json), its shared house file's keys
    under its own: colours by name (``accent``, ...), the font families for ``body`` and
    ``headings``, the font files brought, the paper, the logo's file, and whether charts
    draw patterns where their categories' colours are alike in black and white."""

    colours: dict[str, str] = field(default_factory=dict)
    fonts: dict[str, str] = field(default_factory=dict)
    faces: tuple[Face, ...] = ()
    paper: str | None = None
    logo: Path | None = None
    patterns: bool = False  # charts' categories too close in lightness get patterns
