#!/usr/bin/env python3
"""Mutation testing of every module of ``brief/``, and its score.

Runs mutmut (configured in pyproject.toml: which tests: all but those marked ``build`` and
``source``), then prints, module by module and in all, the share of mutants killed (by a
failing test or a time-out). A survivor, or a mutant that no test reaches, counts as not
killed. Every survivor must be listed in tests/equivalent-mutants.txt with the reason no
test can tell it from the original (``name: reason``, one line each).

    python scripts/mutation.py [--no-run] [--max-children N] [--sample N [--seed S]]
    python scripts/mutation.py --survivors [--again TESTS]
    python scripts/mutation.py --record

A full run takes most of a day on two cores (25,600 mutants); mutmut keeps each mutant's
result in ``mutants/``, so a run stopped and started again goes on where it was, running
only the mutants not yet run and those of functions changed since. ``--survivors`` runs
again, with mutmut's record of which tests reach each function made anew (one changed since
the record was made may be reached by tests it does not list), those not killed (a test
written since does not re-run a mutant already run) and
those a time-out killed: mutmut's clock runs on while the machine is busy with other work,
or while the run is paused, and a mutant that only waited is counted killed; and those
killed though named in tests/equivalent-mutants.txt (a test that failed for another reason:
the no-op build's test once did, whenever mutmut recorded a result between its two builds).
Each mutant's result is also kept in the repository, in tests/mutation-record/ (written by
``--record``, and after each run; read back into a new clone's ``mutants/`` before a run), so
that a full run spans sittings and clones: mutmut keeps a result only while its function's
hash is unchanged. ``--sample N`` runs N mutants drawn at random (seeded) from all of them
and prints the score of the sample with its 95 % interval: an estimate of the whole, in
minutes.

Exits 1 if the score is under TARGET or a survivor has no reason; 2 if mutmut failed.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REASONS = ROOT / "tests" / "equivalent-mutants.txt"
RECORD = ROOT / "tests" / "mutation-record"  # each module's results, kept between clones
STATS = ROOT / "mutants" / "mutmut-stats.json"  # mutmut's record of which tests reach what
TARGET = 0.90
KILLED = {1, 3, 24, 36, 152, 255, -24}  # a failing test, pytest's internal error, time-outs
TIMED_OUT = KILLED - {1, 3}  # (a time-out can be the machine's: one busy or paused)
NO_TESTS = {5, 33}  # pytest collected nothing; no test reaches the mutated function
NOTHING = "no-mutant-has-this-name"


def outcomes() -> dict[str, dict[str, int | None]]:
    """Module (dotted) → mutant name → exit code of its test run (None: not run)."""
    found = {}
    for meta in sorted((ROOT / "mutants" / "brief").rglob("*.py.meta")):
        module = meta.relative_to(ROOT / "mutants").as_posix().removesuffix(".py.meta")
        found[module.replace("/", ".")] = json.loads(meta.read_text())["exit_code_by_key"]
    return found


def recorded() -> None:
    """Each module's results so far into RECORD, one per line (a diff shows what changed);
    durations kept to the hundredth, mutmut's estimates (remade at each start) left out."""
    for meta in (ROOT / "mutants" / "brief").rglob("*.py.meta"):
        data = json.loads(meta.read_text())
        data["durations_by_key"] = {k: round(v, 2) for k, v in data["durations_by_key"].items()}
        data["estimated_durations_by_key"] = {}
        kept = RECORD / meta.relative_to(ROOT / "mutants")
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n")


def restored() -> None:
    """The record's results into a clone's ``mutants/`` that has none of a module's: mutmut
    keeps those of each function whose hash is unchanged when it makes the mutants."""
    for kept in RECORD.rglob("*.py.meta"):
        meta = ROOT / "mutants" / kept.relative_to(RECORD)
        if not meta.exists():
            meta.parent.mkdir(parents=True, exist_ok=True)
            meta.write_text(kept.read_text())


def reasons() -> dict[str, str]:
    lines = REASONS.read_text("utf-8").splitlines() if REASONS.exists() else []
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def verdict(code: int | None) -> str:
    return "killed" if code in KILLED else "not checked" if code is None else \
        "no tests" if code in NO_TESTS else "survived"


def interval(killed: int, total: int) -> tuple[float, float]:
    """Wilson's 95 % interval of a share ``killed / total`` of a random sample."""
    if not total:
        return 0.0, 1.0
    z, share = 1.96, killed / total
    middle = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / \
        (1 + z * z / total)
    return middle - half, middle + half


def mutmut(names: list[str], children: int) -> int:
    """mutmut's run of ``names`` (all if none); what it printed in mutants/run.log, its end
    said on failure."""
    log = ROOT / "mutants" / "run.log"
    log.parent.mkdir(exist_ok=True)
    restored()
    with log.open("w") as out:
        status = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children",
                                 str(children), *names], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT).returncode
    recorded()
    if status and names != [NOTHING]:
        print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
    return status


def sampled(size: int, seed: int, children: int) -> set[str] | None:
    """Generate every mutant and which tests reach each function (mutmut does both, then
    stops on a name that matches no mutant), draw ``size`` of them, run those; their names
    (None if mutmut failed)."""
    mutmut([NOTHING], children)  # (its status: that nothing matched)
    chosen = drawn(size, seed)
    if not chosen or not STATS.is_file():
        return None
    return set(chosen) if mutmut(chosen, children) == 0 else None


def drawn(size: int, seed: int) -> list[str]:
    """``size`` names drawn at random by ``seed`` from every mutant generated."""
    every = sorted(name for codes in outcomes().values() for name in codes)
    return sorted(random.Random(seed).sample(every, min(size, len(every))))


def to_run_again(tests: str | None) -> list[str]:
    """The mutants not killed, those a time-out killed, those killed though named (by a
    test made flaky by the run?); and, if ``tests`` (a regular expression), every mutant
    killed in a function such a test reaches (mutmut's record of which tests reach it)."""
    known, reached = reasons(), set()
    if tests:
        stats = json.loads(STATS.read_text())
        reached = {function for function, names in stats["tests_by_mangled_function_name"]
                   .items() if any(re.search(tests, name) for name in names)}
    return sorted(name for codes in outcomes().values() for name, code in codes.items()
                  if verdict(code) in ("survived", "no tests") or code in TIMED_OUT
                  or (verdict(code) == "killed" and (
                      name in known or re.sub(r"__mutmut_\d+$", "", name) in reached)))


def report(only: set[str] | None) -> int:
    total: Counter = Counter()
    survivors: list[str] = []
    for module, codes in outcomes().items():
        codes = {name: code for name, code in codes.items() if only is None or name in only}
        if not codes:
            continue
        count = Counter(map(verdict, codes.values()))
        survivors += [name for name, code in codes.items() if verdict(code) == "survived"]
        total += count
        print(f"{module:34} {count['killed']:5} of {sum(count.values()):5} killed "
              f"({count['killed'] / sum(count.values()):.1%}); {count['survived']} "
              f"survived, {count['no tests']} reached by no test, {count['not checked']} not "
              "checked")
    killed, all_ = total["killed"], sum(total.values())
    score = killed / max(1, all_)
    low, high = interval(killed, all_)
    known = reasons()
    unexplained = [name for name in survivors if name not in known]
    print(f"mutation score: {killed} of {all_} mutants killed ({score:.1%}"
          + (f"; 95 % interval of the whole {low:.1%}-{high:.1%}" if only else "")
          + f"; target {TARGET:.0%}); {total['no tests']} reached by no test; "
          f"{len(survivors) - len(unexplained)} survivors explained in "
          f"{REASONS.relative_to(ROOT)}, {len(unexplained)} not")
    for name in unexplained:
        print(f"  no reason: {name}")
    every = {name: code for codes in outcomes().values() for name, code in codes.items()}
    for name in sorted(known):  # (a name kept after a test came to kill its mutant misleads)
        if (only is None or name in only) and verdict(every.get(name, 1)) == "killed":
            print(f"  named but killed (or no longer made): {name}")
    return 0 if score >= TARGET and not unexplained else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-run", action="store_true", help="report the last run only")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, metavar="N",
                        help="run N mutants drawn at random, and estimate the whole's score")
    parser.add_argument("--seed", type=int, default=0, help="of the draw (default 0)")
    parser.add_argument("--survivors", action="store_true", help="run again the mutants "
                        "not killed in the last run (a test written since kills them), "
                        "those killed by a time-out (the machine's, perhaps) and those "
                        "killed though named as equivalent")
    parser.add_argument("--record", action="store_true", help="write the results so far "
                        f"into {RECORD.relative_to(ROOT)} (to commit), for a run stopped")
    parser.add_argument("--again", metavar="TESTS", help="with --survivors: also the mutants "
                        "killed in every function that a test whose name matches the regular "
                        "expression TESTS reaches (a test found to fail by itself under the "
                        "run may have killed them)")
    args = parser.parse_args(argv)
    only = None
    if args.record:
        recorded()
        return 0
    if args.survivors:
        again = to_run_again(args.again)
        if again:  # (mutmut keeps the record of which tests reach a function from its first
            # run: a function changed since may be reached by tests it does not list)
            STATS.unlink(missing_ok=True)
        if again and mutmut(again, args.max_children) != 0:
            print("mutmut failed", file=sys.stderr)
            return 2
    elif args.sample and not args.no_run:
        only = sampled(args.sample, args.seed, args.max_children)
        if only is None:
            print("mutmut failed", file=sys.stderr)
            return 2
    elif args.sample:
        only = set(drawn(args.sample, args.seed))
    elif not args.no_run and mutmut([], args.max_children) != 0:
        print("mutmut failed", file=sys.stderr)
        return 2
    return report(only)


if __name__ == "__main__":
    sys.exit(main())
