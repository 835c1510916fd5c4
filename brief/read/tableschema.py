"""A dataset's Frictionless Table Schema, read and applied: its columns (``_columns``) and
their ``pattern`` constraints (``Pattern``), and the check of every row against a JSON Schema
made from it (``_check_rows``: types, constraints, categories, unique values and the primary
key, dates, web addresses), each problem at its ``file:line``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from brief.diagnostics import Diagnostic, Loc
from brief.model import Column, Row
from brief.read.fields import Collector, validate, validator

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
from brief.read.inputs import link_problem
from brief.read.yamlfile import Node, plain

_JSON_TYPES = {"string": {"type": "string"}, "integer": {"type": "integer"},
               "number": {"type": "number"}, "boolean": {"type": "boolean"},
               "date": {"type": "string"}, "year": {"type": "integer"},
               "list": {"type": "array", "items": {"type": ["string", "integer", "number"]}}}
_CONSTRAINTS = ("minimum", "maximum", "minLength", "maxLength")  # (patterns: ``Pattern``)
PATTERN_SECONDS = 0.5  # one value may take a column's pattern this long
_ROLES = {"citations": "list", "query": "string"}  # the type each role needs


def _columns(check: Collector, node: Node) -> tuple[tuple[Column, ...], str | None]:
    columns: list[Column] = []
    for item in node.value["fields"].value:
        field = plain(item)
        kind = field.get("type", "string")
        if field["name"] in (c.name for c in columns):
            check.error(item.line, f"column '{field['name']}' is declared twice; keep one",
                        "duplicate-column")
        role = field.get("role")
        if role and kind != _ROLES[role]:
            check.error(item.line, f"a column with role '{role}' must have type "
                        f"'{_ROLES[role]}', not '{kind}'", "bad-value")
        categories = tuple((c, str(c), None) if not isinstance(c, dict) else
                           (c["value"], c.get("label", str(c["value"])), c.get("colour"))
                           for c in field.get("categories", []))
        columns.append(Column(field["name"], kind, field.get("title", ""), field.get("unit"),
                              role, categories, field.get("delimiter", ","),
                              field.get("decimalChar", "."), field.get("groupChar", "")))
    key = plain(node.value["primaryKey"]) if "primaryKey" in node.value else None
    if key is not None and key not in (c.name for c in columns):
        check.error(node.value["primaryKey"].line, f"primaryKey '{key}' is not a column; "
                    f"{_known(key, columns)}", "unknown-column")
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
                        f"expression ({failure}); fix it", "bad-pattern")
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
                              "simplify it", code="over-limit")
        return Diagnostic(Loc(path, at), "error", f"'{name}' in row: '{value[:80]}' does not "
                          f"match the pattern '{self.compiled.pattern[:80]}'", code="bad-value")


def _known(name: str, columns: tuple[Column, ...] | list[Column]) -> str:
    names = [c.name for c in columns]
    close = difflib.get_close_matches(name, names, n=2)
    return f"did you mean {' or '.join(map(repr, close))}?" if close else \
        f"the columns are: {', '.join(names)}"

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
    return validator({"type": "object", "properties": properties, "required": required,
                      "additionalProperties": False})


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
        for line, message, code in validate(validator, values, "row", lines):
            check.error(line, message, code)
        sound = len(check.diagnostics) == before  # its values have their types
        for column in columns:
            value, line = values.get(column.name), row.lines.get(column.name, row.loc.line)
            if value is None:
                continue
            if column.name in unique | {key} and isinstance(value, (str, int, float)):
                if (column.name, value) in seen:
                    check.error(line, f"duplicate {column.name} '{value}' (first at line "
                                f"{seen[column.name, value]}); each row needs its own",
                                "duplicate-value")
                seen.setdefault((column.name, value), line)
            if sound and column.type == "date":
                values[column.name] = check.date(Node(value, line), column.name)
            elif sound and isinstance(value, str) and (problem := _link(column, table, value)):
                check.error(line, problem, "link-refused")
            if sound and isinstance(value, str) and column.name in patterns and (
                    found := patterns[column.name].problem(value, column.name, line, path)):
                check.diagnostics.append(found)
        if len(check.diagnostics) == before:
            kept.append(Row(values, row.loc, row.lines))
    return tuple(kept), check.diagnostics


def _link(column: Column, table: dict, value: str) -> str | None:
    field = next(f for f in table["fields"] if f["name"] == column.name)
    return link_problem(value) if field.get("format") == "uri" else None
