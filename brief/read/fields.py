"""Checking YAML nodes against declared fields, collecting every problem with its line."""
from __future__ import annotations

import calendar
import difflib
import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator

from brief.diagnostics import Diagnostic, Loc
from brief.home import PACKAGE
from brief.model import PartialDate
from brief.read.references import DATE
from brief.read.yamlfile import Node, plain

if TYPE_CHECKING:  # (jsonschema loads when a check first runs: a process that only
    # takes a read brief from another never does; measured: 65 ms)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMAS = PACKAGE / "schemas"


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = False
    hint: str = ""


class Collector:
    """Gathers diagnostics for one file so that validation never stops at the first."""

    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, message: str, code: str) -> None:
        """An error at ``line``; ``code``: its kind (``unknown-field``, docs/errors.md)."""
        self.diagnostics.append(Diagnostic(Loc(self.path, line), "error", message, code=code))

    def fields(self, node: Node, schema: dict[str, Field], what: str,
               retired: dict[str, str] | None = None, partial: bool = False
               ) -> dict[str, Any] | None:
        """Check a mapping against ``schema``; return its plain values when it is usable
        (with ``partial``, those of its fields that are, so that the caller checks on).
        ``retired``: fields an older builder took, and what replaces each."""
        if not isinstance(node.value, dict):
            self.error(node.line, f"{what} must be a mapping of fields ({', '.join(schema)})",
                       "wrong-kind")
            return None
        ok = True
        for key, child in node.value.items():
            if key in (retired or {}):
                self.error(child.key_line, f"'{key}' in {what} is no longer read: "
                           f"{(retired or {})[key]}", "retired-field")
                ok = False
            elif key not in schema:
                close = difflib.get_close_matches(key, schema, n=2)
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
                    f"known fields: {', '.join(schema)}"
                self.error(child.key_line, f"unknown field '{key}' in {what}; {hint}",
                           "unknown-field")
                ok = False
            elif not is_kind(child.value, schema[key].kind):
                kinds = schema[key].kind if isinstance(schema[key].kind, tuple) else \
                    (schema[key].kind,)
                self.error(child.line, f"field '{key}' in {what} must be "
                           f"{kind_name(schema[key])}, not "
                           f"{describe(child.value, text=str in kinds)}", "wrong-kind")
                ok = False
        for key, spec in schema.items():
            if spec.required and key not in node.value:
                self.error(node.line, f"missing required field '{key}' in {what}", "missing-field")
                ok = False
        if partial:
            return {k: v.value for k, v in node.value.items()
                    if k in schema and is_kind(v.value, schema[k].kind)}
        return {k: v.value for k, v in node.value.items()} if ok else None

    def date(self, node: Node, field: str) -> PartialDate | None:
        text = node.value
        match = DATE.match(text)
        advice = "write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', only as precise as the source"
        if not match:
            self.error(node.line, f"bad date '{text}' in field '{field}'; {advice}", "bad-date")
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        if year == 0:
            self.error(node.line, f"impossible date '{text}' in field '{field}': there is no "
                       f"year 0; {advice}", "bad-date")
            return None
        if month is not None and not 1 <= month <= 12:
            self.error(node.line, f"impossible date '{text}' in field '{field}': "
                       f"month {month} is not 1-12; {advice}", "bad-date")
            return None
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            self.error(node.line, f"impossible date '{text}' in field '{field}': "
                       f"{calendar.month_name[month]} {year} has no day {day}; {advice}",
                       "bad-date")
            return None
        return PartialDate(year, month, day)


def is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def kind_name(spec: Field) -> str:
    """What a field takes, as a message says it: its hint, else its kinds' names."""
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             list: "a list", dict: "a mapping"}
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    return spec.hint or " or ".join(names.get(k, k.__name__) for k in kinds)


def describe(value: Any, text: bool = True) -> str:
    """The value as a message names it; ``text``: whether the value may be text, so that
    quoting a number or a truth value is the advice."""
    if isinstance(value, str):
        return f"text '{value}'"
    if value is None:
        return "empty"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return f"a mapping ({', '.join(list(value)[:3])})"
    return f"{type(value).__name__} {value!r}" + (" (quote it to make it text)" if text else "")


@functools.cache
def registry() -> Registry:
    """The builder's JSON Schemas by file name: a ``"$ref": "house.json"`` (or
    ``"credits.json#/properties/series"``) in one finds its sibling here, and nothing is
    ever fetched."""
    from referencing import Registry, Resource
    return Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text("utf-8"))))
        for path in sorted(SCHEMAS.glob("*.json")))


@functools.cache
def schema(name: str) -> Draft202012Validator:
    """The validator of one of the builder's JSON Schemas in ``brief/schemas/``."""
    return validator(registry().contents(f"{name}.json"), registry())


def validator(schema: dict, known: Registry | None = None) -> Draft202012Validator:
    """The validator of a JSON Schema (draft 2020-12); ``known``: the schemas it refers to."""
    from jsonschema import Draft202012Validator
    return Draft202012Validator(schema, registry=known) if known else \
        Draft202012Validator(schema)


_NUMBERS = {"integer": r"[+-]?[0-9]+", "number": r"[+-]?[0-9]+(\.[0-9]+)?"}
_TYPES = {"string": "text", "integer": "a whole number", "number": "a number",
          "boolean": "true or false", "array": "a list", "object": "a mapping"}


def validate_node(validator: Draft202012Validator, node: Node, what: str
                  ) -> list[tuple[int, str, str]]:
    return validate(validator, plain(node), what, lambda path: lines_in(node, path))


def validate(validator: Draft202012Validator, instance: Any, what: str,
             lines: Callable[[list], tuple[int, int]]) -> list[tuple[int, str, str]]:
    """Every way ``instance`` breaks the schema, as (line, message, code) in words an author
    reads.
    ``lines`` maps a path in the instance to (line of the value, line of its key)."""
    return [found for error in problems(validator, instance)
            for found in explain(error, what, lines)]


def problems(validator: Draft202012Validator, instance: Any) -> Iterator[ValidationError]:
    """Every way ``instance`` breaks the schema: of a value that fits no branch of ``anyOf``
    or ``oneOf``, the one problem to report (``_branch``); of the fields a mapping lacks, one
    problem (jsonschema gives one per field, each naming them all)."""
    lacking: set[tuple] = set()
    for error in validator.iter_errors(instance):
        while error.validator in ("anyOf", "oneOf") and error.context:
            error = _branch(error)
        if error.validator == "required":
            mark = (tuple(error.absolute_path), tuple(error.validator_value))
            if mark in lacking:
                continue
            lacking.add(mark)
        yield error


def expected(error: ValidationError) -> str:
    """What a value of the wrong type must be: the schema's own words ("x-expected"), else
    the kinds it names."""
    kinds = error.validator_value if isinstance(error.validator_value, list) else \
        [error.validator_value]
    return error.schema.get("x-expected") or " or ".join(_TYPES[k] for k in kinds)


def explain(error: ValidationError, what: str, lines: Callable[[list], tuple[int, int]],
            within: int = 0, field: bool = False) -> list[tuple[int, str, str]]:
    """One problem (from ``problems``) as (line, message, code): ``what`` names the part the
    first ``within`` steps of the error's path lead to, and the rest of the path is named in
    it; with ``field``, that part is a mapping of fields, and its own are called "field 'x'".
    The code is the validator's kind: a field lacking (missing-field) or unknown
    (unknown-field) or given where the builder supplies it (forbidden-field), a value of the
    wrong type (wrong-kind), any other value the schema refuses (bad-value)."""
    found: list[tuple[int, str, str]] = []
    full = list(error.absolute_path)
    path = full[within:]
    line = lines(full)[0]
    name = f"'{path[-1]}'" if path and isinstance(path[-1], str) else \
        f"item {path[-1] + 1}" if path else what
    if len(path) > 1 and isinstance(path[-1], int) and isinstance(path[-2], str):
        name += f" of '{path[-2]}'"
    if field and len(path) == 1:
        name = f"field {name}"
    where = f"{name} in {what}" if path else what
    value = error.instance
    if error.validator == "required":
        found += [(line, f"missing required field '{p}' in {where}", "missing-field")
                  for p in error.validator_value if p not in value]
    elif error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        for key in (k for k in value if k not in known):
            close = difflib.get_close_matches(key, known, n=2)
            hint = f"did you mean {' or '.join(map(repr, close))}?" if close else \
                f"known fields: {', '.join(known)}"
            found.append((lines(full + [key])[1], f"unknown field '{key}' in {where}; "
                          f"{hint}", "unknown-field"))
    elif error.validator == "type":
        kinds = set(error.validator_value) if isinstance(error.validator_value, list) else \
            {error.validator_value}
        found.append((line, f"{where} must be {expected(error)}, not "
                      f"{describe(value, text='string' in kinds)}{_unquote(value, kinds)}",
                      "wrong-kind"))
    elif error.validator == "enum":
        options = [str(o) for o in error.validator_value]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
        found.append((line, f"{where} cannot be '{value}'; {hint}", "bad-value"))
    elif error.validator == "pattern" and "description" in error.schema:
        found.append((line, f"{where} must be {error.schema['description']}, not "
                      f"{describe(value)}", "bad-value"))
    elif error.validator == "not":  # "not": {"anyOf": [{"required": [...]}, ...]}
        given = [k for rule in error.validator_value.get("anyOf", [])
                 for k in rule.get("required", []) if k in value]
        found.append((line, f"{where} may not give {', '.join(map(repr, given))}: the "
                      "builder supplies it", "forbidden-field"))
    elif error.validator in ("minimum", "maximum") and "x-expected" in error.schema:
        found.append((line, f"{where} must be {error.schema['x-expected']}, not {value}",
                      "bad-value"))
    else:  # pattern, minimum, maximum, minLength, minItems ...
        found.append((line, f"{where}: {error.message}", "bad-value"))
    return found


def _unquote(value: Any, kinds: set[str]) -> str:
    """The advice for a number written in quotes where a number belongs (a CSV cell that
    is a number of its column's kind is read as one, so it is YAML's quoted ones)."""
    kind = "number" if "number" in kinds else "integer" if "integer" in kinds else None
    if kind and isinstance(value, str) and re.fullmatch(_NUMBERS[kind], value.strip()):
        return " (write it without quotes)"
    return ""


def _branch(error: ValidationError) -> ValidationError:
    """The error to report of a value that fits none of ``anyOf`` or ``oneOf``: one of the
    first branch the value has the type of (a mapping's own wrong field, not "must be
    text"), else the best of all."""
    from jsonschema.exceptions import best_match
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for found in branches.values():
        if not any(e.validator == "type" and not e.relative_path for e in found):
            return best_match(found)
    return best_match(error.context)


def lines_in(node: Node, path: list) -> tuple[int, int]:
    """The line of the value at ``path`` in ``node`` and of its key (its own line if none)."""
    key_line = node.line
    for step in path:
        children = node.value
        if isinstance(children, dict) and step in children:
            node = children[step]
            key_line = node.key_line or node.line
        elif isinstance(children, list) and isinstance(step, int) and step < len(children):
            node = children[step]
            key_line = node.line
        else:
            break
    return node.line, key_line
