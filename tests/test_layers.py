"""The shape of brief/: stage folders in the order of the pipeline, none importing a folder
after it; no import cycle; small modules and functions; no options namespace below the
command line; no state kept in modules but the session's."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import ROOT, syntax

pytestmark = pytest.mark.source  # (the mutants' copy of the source holds every mutant)

PACKAGE = ROOT / "brief"
# The pipeline's order: a module may import its own folder and those before it. The ground
# floor imports only the ground floor; the conductor (cli, building, pipeline) imports
# anything.
ORDER = ("", "read", "markdown", "resolve", "html", "pdf", "run", "word", "web", "book")
CONDUCTOR = {"brief.cli", "brief.commands", "brief.pipeline", "brief.building", "brief.editions"}
MAX_MODULE_LINES = 300
MAX_COMMAND_LINE_LINES = 220  # cli.py: options and dispatch only (issue 23)
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(path: Path, known: dict[str, Path]) -> set[str]:
    """The brief modules ``path`` imports, at its top or in a function."""
    found = set()
    for node in ast.walk(syntax(path)):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [f"{node.module}.{a.name}" for a in node.names] + [node.module or ""] \
            if isinstance(node, ast.ImportFrom) and not node.level else []
        found |= {n for n in names if n in known}
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    return len(ORDER) if module in CONDUCTOR else ORDER.index(parts[1]) \
        if len(parts) > 2 or parts[-1] in ORDER[1:] else 0


def test_no_folder_imports_one_after_it_in_the_pipeline() -> None:
    known = modules()
    wrong = [f"{module} imports {other}" for module, path in known.items()
             for other in sorted(imported(path, known)) if layer(other) > layer(module)]
    assert wrong == []


def test_brief_has_no_import_cycle() -> None:
    known = modules()
    graph = {m: imported(p, known) - {m} for m, p in known.items()}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> list[str]:
        if module in path:
            return [" → ".join(path[path.index(module):] + (module,))]
        if module in done:
            return []
        found = [c for other in sorted(graph[module]) for c in visit(other, path + (module,))]
        done.add(module)
        return found
    assert [cycle for module in known for cycle in visit(module, ())] == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_modules_and_functions_are_small(module: str) -> None:
    path = modules()[module]
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= (MAX_COMMAND_LINE_LINES if module == "brief.cli"
                                      else MAX_MODULE_LINES)
    long = [f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
            for node in ast.walk(syntax(path))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]  # type: ignore
    assert long == []


def test_the_options_namespace_stays_in_the_command_line() -> None:
    """argparse's Namespace is the command line's; the stages get a frozen record."""
    users = [m for m, p in modules().items() if m not in ("brief.cli", "brief.commands")
             and ("argparse" in p.read_text("utf-8"))]
    assert users == []


MUTATORS = {"append", "extend", "insert", "clear", "pop", "popitem", "remove", "update",
            "setdefault", "add", "discard", "__setitem__"}
# The warm state of the process, and the timings of the build under way.
ALLOWED_STATE = {("brief.session", "SESSION"), ("brief.timings", "STAGES")}


def changed_at_run_time(path: Path) -> set[str]:
    """The names a module binds at its top level and then changes while it runs: mutated
    in place, assigned into, or rebound from a function (``global``)."""
    tree = syntax(path)
    top = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
           for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
           if isinstance(t, ast.Name)}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found |= set(node.names)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in MUTATORS and isinstance(node.func.value, ast.Name):
            found.add(node.func.value.id)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else \
                [node.target]
            found |= {t.value.id for t in targets if isinstance(t, (ast.Subscript,
                                                                     ast.Attribute))
                      and isinstance(t.value, ast.Name)}
    return top & found


def test_no_module_keeps_state_but_the_session() -> None:
    kept = [f"{module}.{name}" for module, path in modules().items()
            for name in sorted(changed_at_run_time(path))
            if (module, name) not in ALLOWED_STATE]
    assert kept == []
