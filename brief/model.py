"""The model every stage shares: frozen records that carry where they came from.

Prose stays as markdown-it tokens; only what the brief adds (sections, datasets,
the brief's own metadata) becomes a typed record here. Imports only the diagnostics.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from brief.diagnostics import Diagnostic, Loc
from brief.look import House, Layout


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
class Query:
    """An editor's query: kept out of every edition but the draft (and the Word edition,
    as a comment), listed by --queries."""

    text: str
    loc: Loc


@dataclass(frozen=True)
class Reference:
    """One bibliography entry (CSL data) and where it is defined."""

    key: str
    data: dict
    loc: Loc


@dataclass(frozen=True)
class Cite:
    """A citation group as written, e.g. ``[see @a, p. 3; @b]``; ``note`` names the authored
    footnote it sits in, if any."""

    id: str
    raw: str
    keys: tuple[str, ...]
    loc: Loc
    note: str | None = None


@dataclass(frozen=True)
class Publisher:
    name: str
    description: str | None = None
    address: tuple[str, ...] = ()
    url: str | None = None
    email: str | None = None
    phone: str | None = None


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
    style: str = "chicago-notes-bibliography"
    references: str = "references.yaml"
    queries: tuple[Query, ...] = ()
    unhyphenated: tuple[str, ...] = ()  # names that hyphenation must leave whole
    unhyphenated_letters: str = ""  # a word holding one of these is kept whole too
    datasets: dict = field(default_factory=dict)  # name → its declaration (a YAML node)
    house: House = field(default_factory=lambda: House())
    output: str = "brief"  # the products' file name: output/NAME[-edition].pdf
    credits: tuple[dict, ...] = ()  # each author: name, and affiliation and orcid if given
    series: dict = field(default_factory=dict)  # name, number
    report_number: str | None = None
    doi: str | None = None
    url: str | None = None  # where the web edition is published (its folder, ending in /)
    abstract: str | None = None
    layout: Layout = Layout()
    subject: str | None = None
    keywords: tuple[str, ...] = ()
    page_budget: int | None = None  # preflight warns past this many pages
    loc: Loc = Loc("content/brief.yaml", 1)
    lines: dict = field(default_factory=dict)  # field name → where brief.yaml gives it


@dataclass(frozen=True)
class Column:
    """A field of a dataset, as its Table Schema declares it."""

    name: str
    type: str = "string"  # string integer number boolean date year list
    title: str = ""
    unit: str | None = None
    role: str | None = None  # "citations": reference keys that print as notes; "query"
    categories: tuple[tuple[str | int, str, str | None], ...] = ()  # (value, label, colour)
    delimiter: str = ","  # between the items of a list in a CSV cell
    decimal: str = "."  # a number's decimal mark, as the data file writes it (decimalChar)
    group: str = ""  # and the mark between its groups of digits, if any (groupChar)

    @property
    def heading(self) -> str:
        title = self.title or self.name
        return f"{title} ({self.unit})" if self.unit else title

    def label(self, value: object) -> str:
        """A category's label (the value itself when it has none)."""
        return next((label for v, label, _ in self.categories if v == value), str(value))


@dataclass(frozen=True)
class Row:
    """One row of a dataset: typed values (dates as ``PartialDate``) by column name,
    missing values left out, and the line of each value."""

    values: dict
    loc: Loc
    lines: dict = field(default_factory=dict)  # column name → line

    def at(self, name: str) -> Loc:
        return Loc(self.loc.path, self.lines.get(name, self.loc.line))


@dataclass(frozen=True)
class Dataset:
    """A table of data of the brief, declared under ``datasets`` in brief.yaml."""

    name: str
    path: str  # relative to the project root
    loc: Loc  # where brief.yaml declares it
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    key: str | None = None  # the column whose values are the rows' ids
    title: str = ""

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def row_id(self, row: Row) -> str | None:
        return str(row.values[self.key]) if self.key and self.key in row.values else None


@dataclass(frozen=True)
class SectionSource:
    """A section file as loaded: its front matter and its Markdown body."""

    id: str
    title: str
    body: str
    body_line: int  # line of the file on which ``body`` starts (1-based)
    loc: Loc


@dataclass(frozen=True)
class Project:
    """Everything the inputs say, validated, before any Markdown is parsed."""

    root: Path
    meta: Meta
    sections: tuple[SectionSource, ...]
    datasets: dict  # name → Dataset
    references: tuple[Reference, ...] = ()
    # What reading found that does not stop parsing: warnings, and errors of data rows (the
    # rest of the dataset stays usable, so that directives over it are checked in the same run).
    findings: tuple[Diagnostic, ...] = ()
    language: Any = None  # language.Language: the labels, dates and numbers it prints
    files: Any = None  # inputs.Reader: the one reader of its files, and what it read


@dataclass(frozen=True)
class Heading:
    id: str
    level: int
    text: str
    loc: Loc
    listed: bool = True  # in the contents (not with Pandoc's {.unlisted})


@dataclass(frozen=True)
class Section:
    """A parsed section: its markdown-it tokens and the typed nodes found in them."""

    source: SectionSource
    tokens: tuple  # markdown-it tokens, footnote definitions removed
    notes: dict  # authored footnote id → tokens of its body
    headings: tuple[Heading, ...] = ()
    queries: tuple[Query, ...] = ()
    xrefs: tuple[Xref, ...] = ()
    figures: tuple[Figure, ...] = ()
    tables: tuple[Figure, ...] = ()  # captioned pipe tables, kind "table"


@dataclass(frozen=True)
class Document:
    project: Project
    sections: tuple[Section, ...]
    # Reading order of what makes notes: citations, and the key of each authored footnote
    # (a footnote's own citations follow its key).
    flow: tuple[Cite | str, ...] = ()

    @property
    def cites(self) -> tuple[Cite, ...]:
        return tuple(item for item in self.flow if isinstance(item, Cite))

    @property
    def queries(self) -> tuple[Query, ...]:
        """Every editor's query of the brief, in file and line order."""
        project = self.project
        found = [*project.meta.queries, *(q for s in self.sections for q in s.queries),
                 *(Query(str(row.values[c.name]), row.at(c.name))
                   for d in project.datasets.values() for c in d.columns if c.role == "query"
                   for row in d.rows if c.name in row.values)]
        return tuple(sorted(found, key=lambda q: q.loc))


@dataclass(frozen=True)
class Xref:
    """A cross-reference written as an empty link, ``[](#id)``."""

    target: str
    loc: Loc


FigureKind = Literal["image", "table", "dataset-table", "chart"]


@dataclass(frozen=True)
class Figure:
    """A numbered float: an image figure (kind "image"), a captioned pipe table ("table"),
    or a table or chart placed from a dataset by a directive ("dataset-table", "chart")."""

    id: str
    kind: FigureKind
    loc: Loc
    caption: str = ""  # plain text, for the list of figures
    spec: dict | None = None  # a directive's fields, checked
    rows: tuple[FigureRow, ...] = ()  # a directive's rows, filtered and sorted


class FigureRow(NamedTuple):
    """A row a directive places, with the citations its cells make (column → Cite)."""

    row: Row
    cites: dict[str, Cite]
