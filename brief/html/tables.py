"""Typeset a dataset table: the text of each cell by its column's type, and the table's HTML
through ``templates/table.html.j2``."""
from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup

from brief.model import Cite, Column, Dataset, Figure, Query
from brief.read.language import Language, cell_text

_CLASSES = {"integer": "num", "number": "num", "date": "date"}  # a year reads as a label


def table_context(figure: Figure, dataset: Dataset, cite: Callable[[Cite], str],
                  query: Callable[[Query], str], breaks: frozenset[str],
                  lang: Language) -> dict:
    """What ``table.html.j2`` needs: headings and cells with their classes and styles."""
    columns = []
    for entry in figure.spec.get("columns") or [  # type: ignore[union-attr]
            c.name for c in dataset.columns if c.role is None]:
        entry = {"field": entry} if isinstance(entry, str) else entry
        column = dataset.column(entry["field"])
        assert column is not None  # checked when parsed
        kind = "category" if column.categories else _CLASSES.get(column.type, "")
        style = "; ".join(f"{name}: {entry[key]}" for key, name in
                          (("width", "width"), ("align", "text-align")) if key in entry)
        columns.append((entry, column, kind, style))
    rows = []
    for row, cites in figure.rows:
        cells = []
        for entry, column, kind, style in columns:
            html = Markup("{}").format(cell_text(column, row.values.get(column.name),
                                                 entry.get("decimals"), entry.get("missing", ""),
                                                 lang))
            for name in entry.get("append", []):
                html += _appended(dataset.column(name), row.values.get(name),  # type: ignore
                                  cites.get(name), row.at(name), cite, query)
            cells.append((kind, entry.get("align", ""), html))
        rows.append({"id": dataset.row_id(row), "loc": str(row.loc), "cells": cells,
                     "starts_page": any(c.id in breaks for c in cites.values())})
    headings = [(entry.get("heading", column.heading), kind, style)
                for entry, column, kind, style in columns]
    return {"figure": {"id": figure.id, "loc": str(figure.loc), "caption": figure.caption},
            "headings": headings, "rows": rows}


def _appended(column: Column, value: Any, cite_of: Cite | None, at: Any,
              cite: Callable[[Cite], str], query: Callable[[Query], str]) -> Markup:
    """A column shown inside another's cell: citations as notes, a query in the draft's
    margin, anything else as a line of small text below."""
    if value is None:
        return Markup("")
    if column.role == "citations" and cite_of is not None:
        return Markup(cite(cite_of))
    if column.role == "query":
        return Markup(query(Query(str(value), at)))
    return Markup('<span class="row-note">{}</span>').format(cell_text(column, value))
