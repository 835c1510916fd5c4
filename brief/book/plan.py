"""The book file (``brief/schemas/book.json``): the pack's title, subtitle, date, publisher
and language, how each brief's cover prints, and the brief folders in order; every problem
at once, at its line."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from brief.diagnostics import Diagnostic, Loc
from brief.model import PartialDate


@dataclass(frozen=True)
class Book:
    """What to bind: the pack's words, the brief folders (with where each is named) and
    the PDF to write (``output/<file name>.pdf`` beside the file)."""

    title: str
    date: PartialDate
    publisher: str
    briefs: tuple[tuple[Path, Loc], ...]
    out: Path
    subtitle: str | None = None
    language: str | None = None
    title_pages: bool = False  # each brief's cover reduced to a title page


@dataclass(frozen=True)
class BookRun:
    """What ``build.py book`` asks (``commands._parse_book``): the book file, and whether
    to write its booklet too, to make the archival book, to build each brief strictly."""

    file: Path
    booklet: bool = False
    archival: bool = False
    strict: bool = False


def read_book(path: Path) -> tuple[Book | None, list[Diagnostic]]:
    """The book file at ``path``, checked against its schema; then each brief folder."""
    from brief.read.fields import Collector, schema, validate_node
    from brief.read.inputs import Reader
    from brief.read.yamlfile import plain, read_yaml
    from brief.web.site import brief_at
    text, found = Reader(path.parent).text(path.name)
    node, more = read_yaml(text, path.name) if text is not None else (None, [])
    found += more
    if node is None:
        found = found or [Diagnostic(Loc(path.name, 1), "error", "the file is empty; it "
                                     "needs title, date, publisher and briefs",
                                     code="empty-file")]
    else:
        found += [Diagnostic(Loc(path.name, line), "error", message, code=code)
                  for line, message, code in validate_node(schema("book"), node,
                                                           f"the book file {path.name}")]
    if node is None or not isinstance(node.value, dict):
        return None, [replace(d, loc=Loc(str(path), d.loc.line)) for d in found]
    found = [replace(d, loc=Loc(str(path), d.loc.line)) for d in found]
    check = Collector(str(path))  # (what the schema cannot say, all at once with the rest)
    given = node.value.get("date")
    date = check.date(given, "date") if given is not None and isinstance(given.value, str) \
        else None
    items = node.value.get("briefs")
    briefs = tuple((path.parent / item.value, Loc(str(path), item.line))
                   for item in (items.value if items and isinstance(items.value, list) else [])
                   if isinstance(item.value, str))
    found += check.diagnostics + [d for folder, at in briefs for d in brief_at(folder, at)]
    if found or date is None:
        return None, found
    fields = plain(node)
    return Book(fields["title"], date, fields["publisher"]["name"], briefs,
                path.parent / "output" / f"{path.stem}.pdf", fields.get("subtitle"),
                fields.get("language"), fields.get("covers") == "title-page"), []
