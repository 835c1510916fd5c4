"""Read the brief's datasets: YAML or CSV files in ``content/``, each with the Frictionless
Table Schema that ``brief.yaml`` declares for it, checked by jsonschema.

The declaration and the schema are checked against the builder's own JSON Schemas
(``brief/schemas/``); every row is checked against a JSON Schema made from its Table Schema.
Every problem is reported at its ``file:line`` (CSV rows included), all in one run.
"""
from __future__ import annotations

import re

from brief.diagnostics import Diagnostic, Loc
from brief.model import Dataset
from brief.read.datarows import _csv_rows, _yaml_rows
from brief.read.fields import Collector, schema, validate_node
from brief.read.inputs import Reader
from brief.read.tableschema import _check_rows, _columns, _patterns
from brief.read.yamlfile import Node, plain, read_yaml

NAME = re.compile(r"^[A-Za-z][\w-]*$")
MAX_ROWS = 20_000  # rows of one dataset (a 1.5 MB CSV has some 30,000)


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
                        "hold only letters, digits, '_' and '-'", "bad-value")
        for line, message, code in validate_node(schema("dataset"), node, f"dataset '{name}'"):
            check.error(line, message, code)
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
                                                    "empty; give it 'fields:'",
                                                    code="empty-file")]
    else:
        rel, schema_node, diagnostics = loc.path, declared, []
    check = Collector(rel)
    for line, message, code in validate_node(schema("table-schema"), schema_node,
                                             f"the schema of '{name}'"):
        check.error(line, message, code)
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
                                               "a dataset; split it", code="over-limit")]
    rows, found = _check_rows(path, rows, columns, table, key, patterns)
    title = fields["title"].value if "title" in fields else name
    return Dataset(name, path, loc, columns, rows, key, title), diagnostics + found
