"""Tables and charts placed from a dataset by a fenced div whose body is YAML:

    ::: {#tbl-reservoirs .table}
    dataset: reservoirs
    columns: [name, {field: capacity, decimals: 1}]
    caption: The largest reservoirs
    :::

The fields are checked against ``brief/schemas/table.json`` or ``chart.json``, then against
the dataset (its columns exist, its rows are filtered and sorted); every problem is reported
at its line.
"""
from __future__ import annotations

import difflib
import re
import string
from typing import Any, Iterator

from markdown_it.token import Token

from brief.diagnostics import Diagnostic, Loc
from brief.markdown.chartspec import spec_problems
from brief.markdown.contract import BODY, CAPTION, FIGURE
from brief.model import Cite, Dataset, Figure, FigureRow, PartialDate, Row
from brief.read.fields import schema, validate_node
from brief.read.yamlfile import Node, plain, read_yaml

KINDS = ("table", "chart")
MAX_TABLE_ROWS = 2_000  # rows one table may print
MAX_LABEL_WIDTH = 99  # the widest field of a row-label, {column:>99}


def collapse(tokens: list[Token], body: str) -> list[Token]:
    """Replace each ``.table`` or ``.chart`` fenced div by one ``directive`` token that
    carries the div's lines (its YAML) in ``meta[BODY]`` (``contract``)."""
    lines = body.splitlines(keepends=True)
    out: list[Token] = []
    skip_to = -1
    for i, token in enumerate(tokens):
        if i <= skip_to:
            continue
        classes = [w[1:] for w in token.info.strip(" {}").split() if w.startswith(".")] \
            if token.type == "container_div_open" else []
        if len(classes) == 1 and classes[0] in KINDS and token.map:
            skip_to = next((j for j in range(i + 1, len(tokens))
                            if tokens[j].type == "container_div_close"
                            and tokens[j].level == token.level), len(tokens))
            start, end = token.map
            directive = Token("directive", "div", 0, map=token.map, info=token.info,
                              level=token.level)
            directive.meta[BODY] = "".join(lines[start + 1:end])
            out.append(directive)
        else:
            out.append(token)
    return out


class Placement:
    """One directive of a section, checked against the brief's datasets."""

    def __init__(self, kind: str, path: str, datasets: dict[str, Dataset]):
        self.kind, self.path, self.datasets = kind, path, datasets
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, message: str, code: str) -> None:  # (code: docs/errors.md)
        self.diagnostics.append(Diagnostic(Loc(self.path, line), "error", message, code=code))

    def read(self, body: str, first_line: int) -> tuple[dict, Node] | None:
        node, problems = read_yaml(body, self.path, first_line)
        self.diagnostics += problems
        if node is None:
            if not problems:
                self.error(first_line - 1, f"the {self.kind} is empty; name its dataset "
                           "inside: 'dataset: name'", "missing-field")
            return None
        if not isinstance(node.value, dict):
            self.error(node.line, f"a {self.kind} holds fields such as 'dataset: name'",
                       "wrong-kind")
            return None
        for line, message, code in validate_node(schema(self.kind), node, f"the {self.kind}"):
            self.error(line, message, code)
        if "vega-lite" in node.value and not self.diagnostics:
            for line, message, code in spec_problems(node.value["vega-lite"]):
                self.error(line, message, code)
        return (plain(node), node) if not self.diagnostics else None

    def dataset(self, spec: dict, node: Node) -> Dataset | None:
        name = spec["dataset"]
        if name not in self.datasets:
            close = difflib.get_close_matches(name, list(self.datasets), n=1)
            self.error(node.value["dataset"].line, f"unknown dataset '{name}'; " + (
                f"did you mean '{close[0]}'?" if close else "declare it under 'datasets' in "
                "content/brief.yaml"), "unknown-dataset")
            return None
        dataset = self.datasets[name]
        for name, line in self._named_columns(spec, node):
            if dataset.column(name) is None:
                names = [c.name for c in dataset.columns]
                close = difflib.get_close_matches(name, names, n=2)
                hint = f"did you mean {' or '.join(map(repr, close))}?" if close else \
                    f"its columns are: {', '.join(names)}"
                self.error(line, f"unknown column '{name}' of dataset '{dataset.name}'; {hint}",
                           "unknown-column")
        if "row-label" in spec:
            self._row_label(spec["row-label"], dataset, node.value["row-label"].line)
        return dataset if not self.diagnostics else None

    def _row_label(self, label: str, dataset: Dataset, line: int) -> None:
        """``{column}`` or ``{column:>N}`` (N up to MAX_LABEL_WIDTH) in plain text: nothing
        else of Python's format language (attributes, conversions, widths that fill memory)."""
        known = {c.name for c in dataset.columns} | {"table", "section"}
        advice = "use {table}, {section} or a column in braces, such as {name} or {number:>3}"
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion
                      in string.Formatter().parse(label) if name is not None]
        except ValueError as failure:
            self.error(line, f"row-label is not a label with fields in braces ({failure}); "
                       f"{advice}; write {{{{ for a brace", "bad-value")
            return
        for name, spec, conversion in fields:
            if name not in known:
                self.error(line, f"row-label names '{{{name}}}', which is not a column; {advice}",
                           "unknown-column")
            elif conversion or (width := re.fullmatch(r"[<>^]?([0-9]*)", spec or "")) is None \
                    or int(width[1] or 0) > MAX_LABEL_WIDTH:
                self.error(line, f"row-label's '{{{name}{'!' + conversion if conversion else ''}"
                           f"{':' + spec if spec else ''}}}' is not a field this label takes; "
                           f"{advice}", "bad-value")

    def _named_columns(self, spec: dict, node: Node) -> Iterator[tuple[str, int]]:
        """Every column the directive names, with its line (not one a transform derives)."""
        fields = node.value
        for item in fields["columns"].value if "columns" in spec else []:
            entry = item.value
            if isinstance(entry, str):
                yield entry, item.line
            else:
                yield entry["field"].value, entry["field"].line
                yield from ((a.value, a.line) for a in entry.get("append", Node([], 0)).value)
        for key, child in fields["filter"].value.items() if "filter" in spec else []:
            yield key, child.key_line
        for item in fields["sort"].value if "sort" in spec else []:
            yield item.value.lstrip("-"), item.line
        if "timeline" in spec:
            yield from ((c.value, c.line) for c in fields["timeline"].value.values())
        if "vega-lite" in spec:
            made = {name for name, _ in _values_of("as", fields["vega-lite"])}
            yield from ((name, line) for name, line in _values_of("field", fields["vega-lite"])
                        if name not in made)


def _values_of(wanted: str, node: Node) -> Iterator[tuple[str, int]]:
    """Every text value of a key ``wanted`` in a specification (Vega-Lite's ``field``)."""
    if isinstance(node.value, dict):
        for key, child in node.value.items():
            if key == wanted and isinstance(child.value, str):
                yield child.value, child.line
            else:
                yield from _values_of(wanted, child)
    elif isinstance(node.value, list):
        for child in node.value:
            yield from _values_of(wanted, child)


def rows(dataset: Dataset, spec: dict) -> list[Row]:
    """The dataset's rows the directive shows: filtered, then sorted."""
    def matches(row: Row) -> bool:
        return all(_comparable(row.values.get(name)) in (wanted if isinstance(wanted, list)
                   else [wanted]) for name, wanted in spec.get("filter", {}).items())
    chosen = [row for row in dataset.rows if matches(row)]
    for key in reversed(spec.get("sort", [])):
        name = key.lstrip("-")
        present = [r for r in chosen if name in r.values]
        present.sort(key=lambda r: _comparable(r.values[name]), reverse=key.startswith("-"))
        chosen = present + [r for r in chosen if name not in r.values]  # missing go last
    return chosen


def _comparable(value: Any) -> Any:
    return value.iso() if isinstance(value, PartialDate) else value


def row_cites(ident: str, dataset: Dataset, row: Row, number: int,
              shown: set[str]) -> dict[str, Cite]:
    """A row's citation columns that the table shows, each cited as one group."""
    cites = {}
    for column in dataset.columns:
        if column.role == "citations" and column.name in shown and row.values.get(column.name):
            keys = tuple(str(k) for k in row.values[column.name])
            raw = "[" + "; ".join(f"@{k}" for k in keys) + "]"
            cites[column.name] = Cite(f"cite-{ident}-{dataset.row_id(row) or number}"
                                      f"-{column.name}", raw, keys, row.at(column.name))
    return cites


def shown_columns(spec: dict, dataset: Dataset) -> list[dict]:
    """The directive's columns as mappings (``field`` and options), in its order; all of the
    dataset's columns but citations and queries when it names none."""
    if "columns" not in spec:
        return [{"field": c.name} for c in dataset.columns if c.role is None]
    return [{"field": c} if isinstance(c, str) else c for c in spec["columns"]]


def place(parser: Any, token: Token, notes: dict[int, list[Token]]) -> None:
    """A table or chart placed from a dataset by ``parser`` (parse's section walker):
    numbered, listed, its rows' citations in the flow of notes where it stands."""
    line = token.map[0] if token.map else 0
    words = token.info.strip(" {}").split()
    ident = next((w[1:] for w in words if w.startswith("#")), None)
    kind = next(w[1:] for w in words if w.startswith("."))
    if ident is None:
        prefix = "tbl" if kind == "table" else "fig"
        parser.error(line, f"a {kind} needs an id to be numbered and referred to: "
                     f"::: {{#{prefix}-name .{kind}}}", "missing-id")
        return
    placement = Placement(kind, parser.source.loc.path, parser.datasets)
    found = placement.read(token.meta[BODY], parser.source.body_line + line + 1)
    dataset = placement.dataset(*found) if found else None
    parser.diagnostics += placement.diagnostics
    if found is None or dataset is None:
        return
    spec, node = found
    chosen = rows(dataset, spec)
    if not chosen:
        parser.error(line, f"no row of dataset '{dataset.name}' is left to show; check "
                     "its data and the directive's 'filter'", "no-rows")
        return
    if kind == "table" and len(chosen) > MAX_TABLE_ROWS:
        parser.error(line, f"the table would print {len(chosen):,} rows, more than "
                     f"{MAX_TABLE_ROWS:,}, the limit for a table (some 60 pages); choose rows "
                     "with 'filter'", "over-limit")
        return
    caption = parser.md.parseInline(spec.get("caption", ""))[0]
    at = node.value["caption"].line if "caption" in spec else line + parser.source.body_line
    caption.map = [at - parser.source.body_line, at - parser.source.body_line + 1]
    parser.inline(caption, None, notes)
    plain = "".join(c.content for c in caption.children or []
                    if c.type in ("text", "code_inline"))
    placed = tuple(FigureRow(row, {}) for row in chosen)
    if kind == "table":
        columns = shown_columns(spec, dataset)
        shown = {c["field"] for c in columns} | {a for c in columns for a in c.get("append", [])}
        placed = tuple(FigureRow(row, row_cites(ident, dataset, row, n, shown))
                       for n, row in enumerate(chosen, start=1))
        parser.flow += [cite for _, cites in placed for cite in cites.values()]
    figure = Figure(ident, "dataset-table" if kind == "table" else "chart", parser.loc(line),
                    " ".join(plain.split()), spec, placed)
    token.meta[FIGURE], token.meta[CAPTION] = figure, caption
    (parser.tables if kind == "table" else parser.figures).append(figure)
