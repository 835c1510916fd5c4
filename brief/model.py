"""The model every stage shares: frozen records that carry where they came from.

Prose stays as markdown-it tokens; only what the brief adds (sections, agreements,
the brief's own metadata) becomes a typed record here. Imports nothing of ours.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, order=True)
class Loc:
    """A place in an input file: a path relative to the project root and a 1-based line."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the inputs, printed as ``path:line: level: message``."""

    loc: Loc
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.level}: {self.message}"


class BuildError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, sorted(diagnostics))))
        self.diagnostics = sorted(diagnostics)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, never more precise than its source."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class Publisher:
    name: str
    description: str | None = None
    address: tuple[str, ...] = ()
    url: str | None = None


@dataclass(frozen=True)
class SectionRef:
    """An entry of ``sections`` in brief.yaml: a file name and where it was listed."""

    file: str
    loc: Loc


@dataclass(frozen=True)
class Meta:
    """The brief's own description, from ``content/brief.yaml``."""

    title: str
    publisher: Publisher
    language: str
    date: PartialDate
    sections: tuple[SectionRef, ...]
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    licence: str | None = None
    disclaimer: str | None = None
    loc: Loc = Loc("content/brief.yaml", 1)


@dataclass(frozen=True)
class Agreement:
    """One row of the appendix, from ``content/agreements.yaml``."""

    id: str
    number: int
    title: str
    date: PartialDate
    category: str
    loc: Loc
    note: str | None = None


@dataclass(frozen=True)
class SectionSource:
    """A section file as loaded: its front matter and its Markdown body."""

    id: str
    title: str
    body: str
    body_line: int  # line of the file on which ``body`` starts (1-based)
    loc: Loc
    short_title: str | None = None
    table: str | None = None  # name of the data table rendered after the prose


@dataclass(frozen=True)
class Project:
    """Everything the inputs say, validated, before any Markdown is parsed."""

    root: Path
    meta: Meta
    sections: tuple[SectionSource, ...]
    agreements: tuple[Agreement, ...]


@dataclass(frozen=True)
class Heading:
    id: str
    level: int
    text: str
    loc: Loc


@dataclass(frozen=True)
class Section:
    """A parsed section: its body as HTML and the headings it holds."""

    source: SectionSource
    html: str
    headings: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Document:
    project: Project
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class TocEntry:
    id: str
    level: int
    text: str


@dataclass(frozen=True)
class Index:
    """What resolving adds: the contents and every id a link may point to."""

    toc: tuple[TocEntry, ...]
    targets: frozenset[str] = field(default_factory=frozenset)
