"""Every diagnostic names its kind with a code (``path:line: level: message [code]``):
each ``Diagnostic`` the builder makes is given one, each code is kebab-case and listed in
docs/errors.md, and each code listed there is one the builder gives."""
from __future__ import annotations

import ast
import functools
import re

import pytest
import yaml
from helpers import ROOT, syntax

pytestmark = pytest.mark.source  # (the mutants' copy of the source holds every mutant)

CODE = re.compile(r"[a-z]+(-[a-z0-9]+)*")
DOCS = ROOT / "docs/errors.md"


@functools.cache
def calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted((ROOT / "brief").rglob("*.py")):
        for node in ast.walk(syntax(path)):
            if isinstance(node, ast.Call):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr \
        if isinstance(func, ast.Attribute) else ""


def given() -> dict[str, str]:
    """Each code written out in the builder (as ``code=``, a Diagnostic's fourth argument,
    or the code argument of a helper that makes one), with where."""
    found = {}
    for where, call in calls():
        values = [k.value for k in call.keywords if k.arg == "code"]
        if _name(call) == "Diagnostic" and len(call.args) >= 4:
            values.append(call.args[3])
        if _name(call) in ("error", "warning", "ChartError", "CiteError") and call.args:
            values.append(call.args[-1])
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.setdefault(value.value, where)
    return found


def documented() -> set[str]:
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", DOCS.read_text("utf-8"), re.M))


def test_every_diagnostic_is_made_with_a_code() -> None:
    missing = [where for where, call in calls() if _name(call) == "Diagnostic"
               and len(call.args) < 4 and not any(k.arg == "code" for k in call.keywords)
               and not any(isinstance(a, ast.Starred) for a in call.args)]
    assert missing == []


def test_every_code_is_kebab_case_and_documented_and_every_documented_one_is_given() -> None:
    codes = given()
    assert [c for c in codes if not CODE.fullmatch(c)] == []
    assert sorted(set(codes) - documented()) == []
    source = "".join(p.read_text("utf-8") for p in (ROOT / "brief").rglob("*.py"))
    assert sorted(c for c in documented() if f'"{c}"' not in source) == []


def test_the_codes_the_corpora_expect_are_documented() -> None:
    expected = [line for corpus in ("hostile", "habits") for case in yaml.safe_load(
        (ROOT / f"tests/{corpus}/cases.yaml").read_text("utf-8")) for line in
        case.get("expect", []) if isinstance(line, str)]
    printed = {m[1] for line in expected if (m := re.search(r" \[([a-z0-9-]+)\]$", line))}
    assert len(printed) > 30 and sorted(printed - documented()) == []
