"""The invariants the two-process build rests on: the process that reads the brief never
loads the typesetter (the building process loads it meanwhile and then hardly waits), and
whatever that process raises is said as a build in one process says it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from helpers import ENVIRONMENT, FIXTURES, ROOT, fixture_copy

pytestmark = pytest.mark.build

SPY = """
import sys
import brief.building
import brief.pipeline
real = brief.building.for_the_builder
def spy(*args):
    prepared = real(*args)
    print(f"the reading process loaded weasyprint: {'weasyprint' in sys.modules}",
          file=sys.stderr)
    return prepared
brief.building.for_the_builder = spy
from brief.cli import main
status = main(sys.argv[1:])
print(f"the building process loaded jsonschema: {'jsonschema' in sys.modules}",
      file=sys.stderr)
sys.exit(status)
"""


def waited(done: subprocess.CompletedProcess) -> float:
    """The share of the build's time that the building process waited for the reading
    one (a ratio of two times measured in one run: a loaded machine slows both)."""
    found = re.search(r"waiting for the brief to be read +(\d+\.\d\d) s", done.stderr)
    total = re.search(r"\n +total +(\d+\.\d\d) s", done.stderr)
    assert found and total, done.stderr
    return float(found[1]) / float(total[1])


# The share of a build the building process may wait for the reading one: the issue's
# 0.1 s of this build's 1.7 s. Measured when quiet: 13-19 % while the reading process
# loaded jsonschema, compiled the templates and the building one loaded the brief's
# records' modules only as it unpickled them; under 1 % since (27 % and more when the
# reading process loaded WeasyPrint too).
HARDLY = 0.06


def spied(folder: Path) -> tuple[Path, list[subprocess.CompletedProcess]]:
    """tests/fixtures/data (it has Vega-Lite charts, drawn by the reading process), built
    cold in two processes, the reading one watched; built again (up to three times) while
    the building process waited more than ``HARDLY`` of the build: a wait is a time,
    measured on a shared machine beside the suite's other builds, and the least of three is
    the build's own."""
    root = fixture_copy(folder, "data")
    env = {k: v for k, v in ENVIRONMENT.items() if k != "BRIEF_BUILDER_ONE_PROCESS"}
    runs: list[subprocess.CompletedProcess] = []
    while len(runs) < 3 and (not runs or (runs[-1].returncode == 0 and waited(runs[-1]) > HARDLY)):
        runs.append(subprocess.run([sys.executable, "-c", SPY, "--root", str(root), "--timings",
                                    "--force"], capture_output=True, text=True, cwd=ROOT,
                                   env=env, timeout=120))
    return root, runs


@pytest.mark.ahead.with_args(spied)  # (with_args: the argument is a function)
def test_the_reading_process_never_loads_the_typesetter(
        ahead: tuple[Path, list[subprocess.CompletedProcess]]) -> None:
    assert (os.cpu_count() or 1) > 1, "this machine has one core: nothing runs alongside"
    root, runs = ahead
    assert list((FIXTURES / "data/content").glob("*.md"))
    for done in runs:
        assert done.returncode == 0, done.stderr
        assert "the reading process loaded weasyprint: False" in done.stderr
        # (what it is given is made of records whose modules check nothing: 65 ms)
        assert "the building process loaded jsonschema: False" in done.stderr
        assert "drawing the charts (in parallel)" in done.stderr  # (it did draw them)
    assert min(map(waited, runs)) <= HARDLY, runs[-1].stderr
    assert (root / "output/brief.pdf").is_file()


RAISING = """
import sys
import brief.building
import brief.pipeline
from brief.diagnostics import BuildError, Diagnostic, Loc

class TwoArguments(Exception):
    def __init__(self, first, second):
        super().__init__(f"{first} and {second}")

def failing(*args):
    raise {failure}

brief.pipeline.prepare = failing
from brief.cli import main
sys.exit(main(sys.argv[1:]))
"""


FAILURES = {
    "BuildError": "BuildError([Diagnostic(Loc('content/brief.yaml', 3), 'error', "
                  "'a stage gave up')])",
    "OSError": "OSError(28, 'No space left on device')",
    "two arguments": "TwoArguments('one', 'two')"}


def raising(failure: str) -> Callable[[Path], tuple[Path, dict]]:
    """A job: the mini brief built with ``failure`` raised where the brief is read, in two
    processes and in one; what each said."""
    def job(folder: Path) -> tuple[Path, dict]:
        root = fixture_copy(folder, "mini")
        said = {}
        for alone in ("", "1"):
            env = {**ENVIRONMENT, "BRIEF_BUILDER_ONE_PROCESS": alone}
            done = subprocess.run([sys.executable, "-c", RAISING.replace("{failure}", failure),
                                   "--root", str(root), "--force"], capture_output=True,
                                  text=True, cwd=ROOT, env=env, timeout=120)
            said[alone] = (done.returncode, done.stdout, done.stderr)
        return root, said
    return job


@pytest.mark.parametrize("failure", [
    pytest.param(code, marks=pytest.mark.ahead.with_args(raising(code)), id=name)
    for name, code in FAILURES.items()])
def test_what_the_second_process_raised_is_said_as_in_one_process(
        failure: str, ahead: tuple[Path, dict]) -> None:
    root, said = ahead
    assert said[""] == said["1"]
    status, out, err = said[""]
    assert (status, out) == (1, "")
    assert re.fullmatch(r"\S+: internal error while loading the typesetter: \w+: .+; this "
                        r"is a bug in the builder.*left unchanged\n", err), err
    assert err.split(": ")[2] == failure.split("(")[0]
    assert not (root / "output/brief.pdf").exists()
