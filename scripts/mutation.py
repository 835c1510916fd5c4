#!/usr/bin/env python3
"""Mutation testing of the modules that hold the logic, and its score.

Runs mutmut (configured in pyproject.toml: which modules, and which tests: all but those
marked ``build``), then prints, module by module and in all, the share of mutants killed
(by a failing test or a time-out). A survivor, or a mutant that no test reaches, counts as
not killed. Every survivor must be listed in tests/equivalent-mutants.txt with the reason no
test can tell it from the original (``name: reason``, one line each).

    python scripts/mutation.py [--no-run] [--max-children N]

Exits 1 if the score is under 80% or a survivor has no reason; 2 if mutmut failed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REASONS = ROOT / "tests" / "equivalent-mutants.txt"
TARGET = 0.80
KILLED = {1, 3, 24, 36, 152, 255, -24}  # a failing test, pytest's internal error, time-outs


def outcomes() -> dict[str, dict[str, int | None]]:
    """Mutant name → exit code of its test run, per mutated file."""
    return {meta.name.removesuffix(".py.meta"): json.loads(meta.read_text())["exit_code_by_key"]
            for meta in sorted((ROOT / "mutants" / "brief").glob("*.py.meta"))}


def reasons() -> dict[str, str]:
    lines = REASONS.read_text("utf-8").splitlines() if REASONS.exists() else []
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-run", action="store_true", help="report the last run only")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if not args.no_run:
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children",
                              str(args.max_children)], cwd=ROOT, stdout=subprocess.DEVNULL)
        if run.returncode != 0:
            print(f"mutmut failed with status {run.returncode}", file=sys.stderr)
            return 2
    total: Counter = Counter()
    survivors: list[str] = []
    for module, codes in outcomes().items():
        count = Counter("killed" if code in KILLED else "not checked" if code is None else
                        "no tests" if code in (5, 33) else "survived" for code in codes.values())
        survivors += [name for name, code in codes.items() if code not in KILLED]
        total += count
        print(f"{module:12} {count['killed']:5} of {sum(count.values()):5} killed "
              f"({count['killed'] / max(1, sum(count.values())):.1%}); {count['survived']} "
              f"survived, {count['no tests']} reached by no test, {count['not checked']} not "
              "checked")
    score = total["killed"] / max(1, sum(total.values()))
    known = reasons()
    unexplained = [name for name in survivors if name not in known]
    print(f"mutation score: {total['killed']} of {sum(total.values())} mutants killed "
          f"({score:.1%}; target {TARGET:.0%}); {len(survivors) - len(unexplained)} survivors "
          f"explained in {REASONS.relative_to(ROOT)}, {len(unexplained)} not")
    for name in unexplained:
        print(f"  no reason: {name}")
    return 0 if score >= TARGET and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
