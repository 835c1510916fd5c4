"""A briefing book's own pages: the pack's cover and one contents listing each brief (its
title, authors and first page) and its sections with their pages, typeset in the builder's
type (``templates/book.html.j2``, ``styles/book.css``) in the book's language."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timezone

from brief.book.plan import Book
from brief.diagnostics import Diagnostic, Loc


@dataclass(frozen=True)
class Listed:
    """A section of a brief as the contents list it: its bookmark's title, level, page."""

    title: str
    level: int
    page: int


@dataclass(frozen=True)
class Entry:
    """A brief as the contents list it."""

    title: str
    byline: str
    language: str
    page: int
    sections: tuple[Listed, ...]


def book_date(book: Book) -> datetime:
    """The moment the book's PDF records: its date, never the clock."""
    date = book.date
    return datetime.fromtimestamp(calendar.timegm((date.year, date.month or 1, date.day or 1,
                                                   0, 0, 0)), timezone.utc)


def front_pdf(book: Book, language: str, entries: list[Entry], archival: bool = False
              ) -> tuple[bytes, int, list[Diagnostic]]:
    """The cover and contents as a tagged PDF, its number of pages, and what the
    typesetter said of them."""
    import jinja2

    from brief.home import TOOL_ROOT
    from brief.pdf.typeset import Sheet, typeset
    from brief.read.inputs import Reader
    from brief.read.language import language as labels
    words = labels(language)
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(TOOL_ROOT / "templates"),
                                   autoescape=True)
    html = templates.get_template("book.html.j2").render(
        language=language, title=words.typeset(book.title), publisher=book.publisher,
        subtitle=words.typeset(book.subtitle) if book.subtitle else None,
        date=words.date(book.date), contents=words["contents"], briefs=entries)
    css = TOOL_ROOT / "styles" / "book.css"
    here = Loc(str(book.out.with_suffix(".html")))
    document, pdf, found = typeset(html, [Sheet(css.as_uri(), css.read_text("utf-8"))],
                                   book.out.parent.parent, Reader(book.out.parent.parent),
                                   frozenset(), lambda _: here, "pdf/a-3a" if archival else
                                   "pdf/ua-1", dated=book_date(book))
    return pdf, len(document.pages), found
