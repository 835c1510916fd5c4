"""A dataset's rows as its file writes them, CSV (``_csv_rows``, in the dialect declared:
its delimiter, its quote; each cell cast to its column's type, as the column writes numbers)
or YAML (``_yaml_rows``), each with the lines its values stand on; every problem of the file
(its header, its cells, its decimal commas) at its ``file:line``.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any

from brief.diagnostics import Diagnostic, Loc
from brief.model import Column, Row
from brief.read.fields import describe
from brief.read.tableschema import _known
from brief.read.yamlfile import plain, read_yaml


def _yaml_rows(text: str, path: str, columns: tuple[Column, ...], missing: set[str]
               ) -> tuple[list[tuple[dict, Row]], list[Diagnostic]]:
    node, diagnostics = read_yaml(text, path)
    if node is None and not diagnostics:
        return [], [Diagnostic(Loc(path, 1), "error", "the data file is empty; write its rows "
                               "as '- column: value' lines", code="empty-file")]
    if node is None:
        return [], diagnostics
    if not isinstance(node.value, list):
        return [], diagnostics + [Diagnostic(Loc(path, node.line), "error", "a dataset in YAML "
                                             "is a list of rows: '- column: value' lines",
                                             code="wrong-kind")]
    rows = []
    for item in node.value:
        if not isinstance(item.value, dict):
            diagnostics.append(Diagnostic(
                Loc(path, item.line), "error", "a row is a mapping of columns to values, not "
                f"{describe(item.value, text=False)}", code="wrong-kind"))
            continue
        cells = {k: v for k, v in item.value.items() if v.value is not None
                 and not (isinstance(v.value, str) and v.value in missing)}
        values = {k: _year_as_text(plain(v), columns, k) for k, v in cells.items()}
        rows.append((values, Row({}, Loc(path, item.line), {k: v.line for k, v in cells.items()})))
    return rows, diagnostics


def _year_as_text(value: Any, columns: tuple[Column, ...], name: str) -> Any:
    """An unquoted year (``1994``) in a date column is the date '1994'."""
    column = next((c for c in columns if c.name == name), None)
    return str(value) if column and column.type == "date" and type(value) is int else value


def _csv_rows(text: str, path: str, columns: tuple[Column, ...], missing: set[str],
              dialect: dict) -> tuple[list[tuple[dict, Row]], list[Diagnostic]]:
    """The rows of a CSV file written as ``dialect`` says (its delimiter, its quote)."""
    delimiter = dialect.get("delimiter", ",")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter,
                        quotechar=dialect.get("quoteChar", '"'))
    diagnostics: list[Diagnostic] = []
    by_name = {c.name: c for c in columns}
    commas: dict[str, list[tuple[int, str]]] = {}  # decimal commas undeclared, by column
    rows, header, line = [], None, 1
    try:
        for cells in reader:
            if not cells:
                line = reader.line_num + 1
                continue
            if header is None:
                header = [c.strip() for c in cells]
                if problem := _other_delimiter(header, delimiter, by_name):
                    return [], [Diagnostic(Loc(path, line), "error", problem,
                                           code="wrong-delimiter")]
                diagnostics += _header_problems(header, Loc(path, line), columns)
            elif len(cells) != len(header):
                shown = {"\t": "a tab"}.get(delimiter, f"'{delimiter}'")
                diagnostics.append(Diagnostic(Loc(path, line), "error", f"this row has "
                                              f"{len(cells)} cells and the header {len(header)} "
                                              f"(cells are separated by {shown}); quote a cell "
                                              f"that holds one: \"a{delimiter} b\"",
                                              code="wrong-cell-count"))
            else:
                values = {name: _cast(cell, by_name[name]) for name, cell in zip(header, cells)
                          if name in by_name and cell not in missing}
                for name, value in values.items():
                    if by_name[name].type == "number" and isinstance(value, str) and \
                            _DECIMAL_COMMA.match(value.strip()):
                        commas.setdefault(name, []).append((line, value.strip()))
                rows.append((values, Row({}, Loc(path, line), {k: line for k in values})))
            line = reader.line_num + 1
    except csv.Error as exc:
        diagnostics.append(Diagnostic(Loc(path, reader.line_num), "error",
                                      f"malformed CSV: {exc}; check the quotes on this line",
                                      code="csv-syntax"))
    if header is None:
        diagnostics.append(Diagnostic(Loc(path, 1), "error", "the CSV file is empty; its first "
                                      "line names the columns", code="empty-file"))
    for name, found in commas.items():
        (at, value), more = found[0], len(found) - 1
        diagnostics.append(Diagnostic(Loc(path, at), "error", f"the column '{name}' writes "
                                      f"decimal commas ('{value}'" + (
                                          f", and {more} more row{'s' * (more > 1)}"
                                          if more else "") +
                                      "); declare it in its schema: decimalChar: ','",
                                      code="decimal-comma"))
    return ([] if commas else rows), diagnostics


def _header_problems(header: list[str], at: Loc, columns: tuple[Column, ...]
                     ) -> list[Diagnostic]:
    """A CSV header's columns named twice, and those the schema does not declare."""
    problems = []
    for number, name in enumerate(header):
        if name in header[:number]:
            problems.append(Diagnostic(at, "error", f"the column '{name}' is named twice in "
                                       "the header; keep one", code="duplicate-column"))
        elif name not in (c.name for c in columns):
            problems.append(Diagnostic(at, "error", f"unknown column '{name}' in the header; "
                                       f"{_known(name, columns)}", code="unknown-column"))
    return problems


_DECIMAL_COMMA = re.compile(r"^-?[\d .\u00a0\u202f]*\d,\d+$")


def _other_delimiter(header: list[str], delimiter: str, columns: dict) -> str | None:
    """Why a header of one cell is the file written with another delimiter, if it is."""
    if len(header) != 1 or header[0] in columns:
        return None
    words = {"\t": "a tab"}
    for other in (";", "\t", "|", ","):
        names = [n.strip() for n in header[0].split(other)]
        if other != delimiter and len(names) > 1 and \
                sum(n in columns for n in names) * 2 >= len(names):
            written = '"\\t"' if other == "\t" else f"'{other}'"  # (as YAML writes it)
            return (f"the file separates its cells with {words.get(other, repr(other))}, not "
                    f"{words.get(delimiter, repr(delimiter))} (its first line is "
                    f"'{header[0][:60]}'); declare it under the dataset in brief.yaml: "
                    f"dialect: {{delimiter: {written}}}")
    return None


def _cast(cell: str, column: Column) -> Any:
    """A CSV cell as its column's type (a number as its column writes it: its decimal mark,
    its groups); left as text when it is not one (reported later)."""
    text = cell.strip()
    try:
        if column.type in ("integer", "year"):
            return int(text.replace(column.group, "") if column.group else text)
        if column.type == "number":
            if column.group:
                text = text.replace(column.group, "")
            return float(text.replace(column.decimal, ".") if column.decimal != "." else text)
    except ValueError:
        return cell
    if column.type == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if column.type == "list":
        return [item.strip() for item in text.split(column.delimiter) if item.strip()]
    return cell
