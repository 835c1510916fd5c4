"""Read the brief's datasets: YAML or CSV files in ``content/``, each with the Frictionless
Table Schema that ``brief.yaml`` declares for it, checked by jsonschema.

The declaration and the schema are checked against the builder's own JSON Schemas
(``brief/schemas/``); every row is checked against a JSON Schema made from its Table Schema.
Every problem is reported at its ``file:line`` (CSV rows included), all in one run.
"""
from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from typing import Any

import regex
from jsonschema import Draft202012Validator

from brief.model import Column, Dataset, Diagnostic, Loc, Row
from brief.read.fields import Collector, describe, plain, schema, validate, validate_node
from brief.read.inputs import Reader, link_problem
from brief.read.yamlfile import Node, read_yaml

NAME = re.compile(r"^[A-Za-z][\w-]*$")
_JSON_TYPES = {"string": {"type": "string"}, "integer": {"type": "integer"},
               "number": {"type": "number"}, "boolean": {"type": "boolean"},
               "date": {"type": "string"}, "year": {"type": "integer"},
               "list": {"type": "array", "items": {"type": ["string", "integer", "number"]}}}
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength")  # (patterns: ``Pattern``)
MAX_ROWS = 20_000  # rows of one dataset (a 1.5 MB CSV has some 30,000)
PATTERN_SECONDS = 0.5  # one value may take a column's pattern this long
_ROLES = {"citations": "list", "query": "string"}  # the type each role needs


def load_datasets(files: Reader, declared: dict[str, Node], brief: str
                  ) -> tuple[dict[str, Dataset], list[Diagnostic], list[Diagnostic]]:
    """Every dataset ``brief.yaml`` (at ``brief``) declares, by name; the problems that leave
    no dataset, and those of rows (left out) of a dataset that loaded."""
    datasets: dict[str, Dataset] = {}
    diagnostics: list[Diagnostic] = []
    of_rows: list[Diagnostic] = []
    for name, node in declared.items():
        check = Collector(brief)
        if not NAME.match(name):
            check.error(node.key_line, f"dataset name '{name}' must start with a letter and "
                        "hold only letters, digits, '_' and '-'")
        for line, message in validate_node(schema("dataset"), node, f"dataset '{name}'"):
            check.error(line, message)
        if check.diagnostics:
            diagnostics += check.diagnostics
            continue
        dataset, found = _load_one(files, name, node, Loc(brief, node.key_line))
        if dataset is not None:
            datasets[name] = dataset
            of_rows += found
        else:
            diagnostics += found
    return datasets, diagnostics, of_rows


def _load_one(files: Reader, name: str, node: Node, loc: Loc
              ) -> tuple[Dataset | None, list[Diagnostic]]:
    fields = node.value
    declared = fields["schema"]
    if isinstance(declared.value, str):  # a file of content/ holding the schema
        rel = f"content/{declared.value}"
        text, diagnostics = files.text(rel, Loc(loc.path, declared.line), "schema file")
        found = read_yaml(text, rel) if text is not None else (None, [])
        schema_node, diagnostics = found[0], diagnostics + found[1]
        if schema_node is None:
            return None, diagnostics or [Diagnostic(Loc(rel, 1), "error", "the schema file is "
                                                    "empty; give it 'fields:'")]
    else:
        rel, schema_node, diagnostics = loc.path, declared, []
    check = Collector(rel)
    for line, message in validate_node(schema("table-schema"), schema_node,
                                  f"the schema of '{name}'"):
        check.error(line, message)
    if check.diagnostics:
        return None, diagnostics + check.diagnostics
    columns, key = _columns(check, schema_node)
    patterns = _patterns(check, schema_node)
    path = f"content/{fields['path'].value}"
    text, found = files.text(path, Loc(loc.path, fields["path"].line), "data file")
    diagnostics += found + check.diagnostics
    if text is None or check.diagnostics:
        return None, diagnostics
    table = plain(schema_node)
    missing = set(table.get("missingValues", [""]))
    if path.endswith(".csv"):
        rows, found = _csv_rows(text, path, columns, missing,
                                plain(fields["dialect"]) if "dialect" in fields else {})
    else:
        rows, found = _yaml_rows(text, path, columns, missing)
    diagnostics += found
    if not rows and any(d.level == "error" for d in found):  # nothing of it is usable
        return None, diagnostics
    if len(rows) > MAX_ROWS:
        return None, diagnostics + [Diagnostic(Loc(path, rows[MAX_ROWS][1].loc.line), "error",
                                               f"more than {MAX_ROWS:,} rows, the limit for "
                                               "a dataset; split it")]
    rows, found = _check_rows(path, rows, columns, table, key, patterns)
    title = fields["title"].value if "title" in fields else name
    return Dataset(name, path, loc, columns, rows, key, title), diagnostics + found


def _columns(check: Collector, node: Node) -> tuple[tuple[Column, ...], str | None]:
    columns: list[Column] = []
    for item in node.value["fields"].value:
        field = plain(item)
        kind = field.get("type", "string")
        if field["name"] in (c.name for c in columns):
            check.error(item.line, f"column '{field['name']}' is declared twice; keep one")
        role = field.get("role")
        if role and kind != _ROLES[role]:
            check.error(item.line, f"a column with role '{role}' must have type "
                        f"'{_ROLES[role]}', not '{kind}'")
        categories = tuple((c, str(c), None) if not isinstance(c, dict) else
                           (c["value"], c.get("label", str(c["value"])), c.get("colour"))
                           for c in field.get("categories", []))
        columns.append(Column(field["name"], kind, field.get("title", ""), field.get("unit"),
                              role, categories, field.get("delimiter", ","),
                              field.get("decimalChar", "."), field.get("groupChar", "")))
    key = plain(node.value["primaryKey"]) if "primaryKey" in node.value else None
    if key is not None and key not in (c.name for c in columns):
        check.error(node.value["primaryKey"].line, f"primaryKey '{key}' is not a column; "
                    f"{_known(key, columns)}")
    return tuple(columns), key


def _patterns(check: Collector, node: Node) -> dict[str, Pattern]:
    """Each column's ``pattern`` constraint, compiled (a pattern that is not a regular
    expression is an error at its line)."""
    found = {}
    for item in node.value["fields"].value:
        constraints = item.value.get("constraints")
        pattern = constraints.value.get("pattern") if constraints else None
        if pattern is None:
            continue
        try:
            found[item.value["name"].value] = Pattern(regex.compile(pattern.value),
                                                      check.path, pattern.line)
        except (regex.error, OverflowError, RecursionError) as failure:
            check.error(pattern.line, f"the pattern '{pattern.value[:80]}' is not a regular "
                        f"expression ({failure}); fix it")
    return found


@dataclass
class Pattern:
    """A column's pattern, and the line of the schema that gives it; ``spent``: it took too
    long once, and is not tried again."""

    compiled: regex.Pattern
    schema: str  # the file that gives it
    line: int
    spent: bool = False

    def problem(self, value: str, name: str, at: int, path: str) -> Diagnostic | None:
        if self.spent:
            return None
        try:
            if self.compiled.search(value, timeout=PATTERN_SECONDS):
                return None
        except TimeoutError:
            self.spent = True
            return Diagnostic(Loc(self.schema, self.line), "error", f"the pattern of '{name}' "
                              f"took longer than {PATTERN_SECONDS} s on the value at "
                              f"{path}:{at} and was stopped (it can backtrack without end); "
                              "simplify it")
        return Diagnostic(Loc(path, at), "error", f"'{name}' in row: '{value[:80]}' does not "
                          f"match the pattern '{self.compiled.pattern[:80]}'")


def _known(name: str, columns: tuple[Column, ...] | list[Column]) -> str:
    names = [c.name for c in columns]
    close = difflib.get_close_matches(name, names, n=2)
    return f"did you mean {' or '.join(map(repr, close))}?" if close else \
        f"the columns are: {', '.join(names)}"


def _yaml_rows(text: str, path: str, columns: tuple[Column, ...], missing: set[str]
               ) -> tuple[list[tuple[dict, Row]], list[Diagnostic]]:
    node, diagnostics = read_yaml(text, path)
    if node is None and not diagnostics:
        return [], [Diagnostic(Loc(path, 1), "error", "the data file is empty; write its rows "
                               "as '- column: value' lines")]
    if node is None:
        return [], diagnostics
    if not isinstance(node.value, list):
        return [], diagnostics + [Diagnostic(Loc(path, node.line), "error", "a dataset in YAML "
                                             "is a list of rows: '- column: value' lines")]
    rows = []
    for item in node.value:
        if not isinstance(item.value, dict):
            diagnostics.append(Diagnostic(Loc(path, item.line), "error", f"a row is a mapping "
                                          f"of columns to values, not {describe(item.value)}"))
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
                    return [], [Diagnostic(Loc(path, line), "error", problem)]
                for number, name in enumerate(header):
                    if name in header[:number]:
                        diagnostics.append(Diagnostic(Loc(path, line), "error", f"the column "
                                                      f"'{name}' is named twice in the header; "
                                                      "keep one"))
                    elif name not in by_name:
                        diagnostics.append(Diagnostic(Loc(path, line), "error", f"unknown column"
                                                      f" '{name}' in the header; "
                                                      f"{_known(name, columns)}"))
            elif len(cells) != len(header):
                shown = {"\t": "a tab"}.get(delimiter, f"'{delimiter}'")
                diagnostics.append(Diagnostic(Loc(path, line), "error", f"this row has "
                                              f"{len(cells)} cells and the header {len(header)} "
                                              f"(cells are separated by {shown}); quote a cell "
                                              f"that holds one: \"a{delimiter} b\""))
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
                                      f"malformed CSV: {exc}; check the quotes on this line"))
    if header is None:
        diagnostics.append(Diagnostic(Loc(path, 1), "error", "the CSV file is empty; its first "
                                      "line names the columns"))
    for name, found in commas.items():
        (at, value), more = found[0], len(found) - 1
        diagnostics.append(Diagnostic(Loc(path, at), "error", f"the column '{name}' writes "
                                      f"decimal commas ('{value}'" + (
                                          f", and {more} more row{'s' * (more > 1)}"
                                          if more else "") +
                                      "); declare it in its schema: decimalChar: ','"))
    return ([] if commas else rows), diagnostics


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


def _row_validator(columns: tuple[Column, ...], table: dict, key: str | None
                   ) -> Draft202012Validator:
    properties, required = {}, []
    for column, field in zip(columns, table["fields"]):
        constraints = field.get("constraints", {})
        prop = dict(_JSON_TYPES[column.type])
        prop |= {k: constraints[k] for k in _CONSTRAINTS if k in constraints}
        if column.categories:
            prop["enum"] = [value for value, _, _ in column.categories]
        properties[column.name] = prop
        if constraints.get("required") or column.name == key:
            required.append(column.name)
    return Draft202012Validator({"type": "object", "properties": properties,
                                 "required": required, "additionalProperties": False})


def _check_rows(path: str, rows: list[tuple[dict, Row]], columns: tuple[Column, ...],
                table: dict, key: str | None, patterns: dict[str, Pattern]
                ) -> tuple[tuple[Row, ...], list[Diagnostic]]:
    check = Collector(path)
    validator = _row_validator(columns, table, key)
    unique = {c["name"] for c in table["fields"] if c.get("constraints", {}).get("unique")}
    seen: dict[tuple[str, Any], int] = {}
    kept: list[Row] = []
    for values, row in rows:
        def lines(at: list, row: Row = row) -> tuple[int, int]:
            line = row.lines.get(at[0], row.loc.line) if at else row.loc.line
            return line, line
        before = len(check.diagnostics)
        for line, message in validate(validator, values, "row", lines):
            check.error(line, message)
        sound = len(check.diagnostics) == before  # its values have their types
        for column in columns:
            value, line = values.get(column.name), row.lines.get(column.name, row.loc.line)
            if value is None:
                continue
            if column.name in unique | {key} and isinstance(value, (str, int, float)):
                if (column.name, value) in seen:
                    check.error(line, f"duplicate {column.name} '{value}' (first at line "
                                f"{seen[column.name, value]}); each row needs its own")
                seen.setdefault((column.name, value), line)
            if sound and column.type == "date":
                values[column.name] = check.date(Node(value, line), column.name)
            elif sound and isinstance(value, str) and (problem := _link(column, table, value)):
                check.error(line, problem)
            if sound and isinstance(value, str) and column.name in patterns and (
                    found := patterns[column.name].problem(value, column.name, line, path)):
                check.diagnostics.append(found)
        if len(check.diagnostics) == before:
            kept.append(Row(values, row.loc, row.lines))
    return tuple(kept), check.diagnostics


def _link(column: Column, table: dict, value: str) -> str | None:
    field = next(f for f in table["fields"] if f["name"] == column.name)
    return link_problem(value) if field.get("format") == "uri" else None
