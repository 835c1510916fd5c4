"""The invariants the two-process build rests on: the process that reads the brief never
loads the typesetter (the building process loads it meanwhile and then hardly waits), and
whatever that process raises is said as a build in one process says it."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, fixture_copy

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
sys.exit(main(sys.argv[1:]))
"""


def test_the_reading_process_never_loads_the_typesetter(tmp_path: Path) -> None:
    """tests/fixtures/data has Vega-Lite charts, drawn by the reading process."""
    assert (os.cpu_count() or 1) > 1, "this machine has one core: nothing runs alongside"
    root = fixture_copy(tmp_path, "data")
    assert list((FIXTURES / "data/content").glob("*.md"))
    env = {k: v for k, v in os.environ.items() if k != "BRIEF_BUILDER_ONE_PROCESS"}
    done = subprocess.run([sys.executable, "-c", SPY, "--root", str(root), "--timings"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "the reading process loaded weasyprint: False" in done.stderr
    assert "drawing the charts (in parallel)" in done.stderr  # (it did draw them)
    waited = re.search(r"waiting for the brief to be read +(\d+\.\d\d) s", done.stderr)
    assert waited and float(waited[1]) <= 0.1, done.stderr


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


@pytest.mark.parametrize("failure", [
    "BuildError([Diagnostic(Loc('content/brief.yaml', 3), 'error', 'a stage gave up')])",
    "OSError(28, 'No space left on device')",
    "TwoArguments('one', 'two')"], ids=["BuildError", "OSError", "two arguments"])
def test_what_the_second_process_raised_is_said_as_in_one_process(tmp_path: Path,
                                                                   failure: str) -> None:
    root = fixture_copy(tmp_path, "mini")
    said = {}
    for alone in ("", "1"):
        env = {**os.environ, "BRIEF_BUILDER_ONE_PROCESS": alone}
        done = subprocess.run([sys.executable, "-c", RAISING.replace("{failure}", failure),
                               "--root", str(root), "--force"],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
        said[alone] = (done.returncode, done.stdout, done.stderr)
    assert said[""] == said["1"]
    status, out, err = said[""]
    assert (status, out) == (1, "")
    assert re.fullmatch(r"\S+: internal error while loading the typesetter: \w+: .+; this "
                        r"is a bug in the builder.*left unchanged\n", err), err
    assert err.split(": ")[2] == failure.split("(")[0]
    assert not (root / "output/brief.pdf").exists()
