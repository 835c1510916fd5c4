"""What the stages after the document hand on: the index resolving makes (``Index``), which
edition to make (``Edition``), its HTML as rendered (``Rendered``), the brief prepared for
its editions (``Prepared``) and an edition's checked PDF (``Product``)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from brief.diagnostics import Diagnostic
from brief.model import Document


@dataclass(frozen=True)
class Edition:
    """Which PDF to make: paper, print or screen, final or draft."""

    paper: str = "a4"
    print: bool = False
    draft: bool = False
    archival: bool = False  # PDF/A-3a with the brief's data attached
    docx: bool = False  # not a PDF: the Word edition for reviewers (brief/word/edition.py)
    web: bool = False  # the web edition: a folder of files (brief/web/edition.py)
    grayscale: bool = False  # a proof in grays, as a black-and-white printer prints it
    variant: str = "pdf/ua-1"
    name: str = "brief"  # from brief.yaml's 'output'
    book: tuple[int, int] | None = None  # in a book: its first folio, the book's pages
    title_page: bool = False  # in a book: the cover reduced to a title page

    @property
    def suffix(self) -> str:
        """Its file's suffix after ``stem``: '' for the web edition's folder."""
        return "" if self.web else ".docx" if self.docx else ".pdf"

    @property
    def stem(self) -> str:
        """NAME[-letter][-print][-archival][-grayscale][-draft][-book]: the file name says the
        edition; the web
        edition's folder: ``web`` (NAME, if the brief names its outputs)."""
        if self.web:
            return "web" if self.name == "brief" else self.name
        parts = [self.name] + (["letter"] if self.paper == "letter" else []) + \
            (["print"] if self.print else []) + (["archival"] if self.archival else []) + \
            (["grayscale"] if self.grayscale else []) + (["draft"] if self.draft else []) + \
            (["book"] if self.book else [])
        return "-".join(parts)


@dataclass(frozen=True)
class Rendered:
    """An edition's HTML as first rendered, and what goes with it into the PDF."""
    html: str
    attachments: tuple[tuple[str, bytes, str], ...]  # the archival edition's data files
    built: datetime  # the clock's time, printed on a draft
    tree: object = None  # the HTML parsed by the typesetter's parser, if parsed ahead
    charts: Mapping[str, str] = field(default_factory=dict)  # the SVG drawn, by id


@dataclass(frozen=True)
class TocEntry:
    id: str
    level: int
    text: str


class Numbered(NamedTuple):
    """A figure or table as the lists of figures and tables print it."""

    id: str
    number: int
    caption: str


@dataclass(frozen=True)
class Index:
    """What resolving adds: the contents and every id a link may point to."""

    toc: tuple[TocEntry, ...]
    citations: dict = field(default_factory=dict)  # cite id → HTML of its note or text
    notes_style: bool = True  # citations become footnotes (else they sit in the text)
    bibliography: tuple[tuple[str, str], ...] = ()  # (key, HTML) in the style's order
    bibliography_title: str = "Bibliography"
    labels: dict = field(default_factory=dict)  # id → what a cross-reference prints
    places: dict = field(default_factory=dict)  # id or reference key → Loc, for findings
    self_citation: str = ""  # how to cite the brief itself, in its own style (HTML)
    figures: tuple[Numbered, ...] = ()
    tables: tuple[Numbered, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """The brief read, parsed and resolved, and each edition's first HTML (None for an
    edition not rendered: errors, and not a draft)."""

    editions: list[Edition]
    document: Document
    index: Index
    diagnostics: list[Diagnostic]
    dated: datetime  # the moment the PDF records
    first: list[Rendered | None]
    # Those of ``diagnostics`` that an edition built before this one says (the reading's
    # errors, when editions are built in processes of their own): counted, not said again.
    said: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Product:
    html: str
    pdf: bytes
    pages: int
    diagnostics: list[Diagnostic]  # typesetter and preflight findings
