"""The suite's own machinery: what the background builds (tests/conftest.py) run with."""
from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import ENVIRONMENT, ROOT

SHOW = "import os; print(os.environ.get('SOURCE_DATE_EPOCH', 'unset'))"


def test_a_process_a_background_job_starts_has_the_suite_s_first_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the environment a test running meanwhile has set (in CI a background build took
    a hostile case's SOURCE_DATE_EPOCH of 10^20 seconds and was refused); one given its own
    environment keeps it; one started by the test itself takes the test's."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")

    def show(**env: str) -> str:
        return subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True,
                              check=True, env=env or None).stdout.strip()
    with ThreadPoolExecutor(max_workers=1) as pool:
        apart = pool.submit(show).result()
        given = pool.submit(show, SOURCE_DATE_EPOCH="7").result()
    assert apart == ENVIRONMENT.get("SOURCE_DATE_EPOCH", "unset") != "86400"
    assert (given, show()) == ("7", "86400")


def test_a_process_a_background_job_starts_has_the_suite_s_first_limits() -> None:
    """Not the lower address-space bound this process holds while it renders a template."""
    import resource

    from brief.html.templating import _memory_bounded
    show = "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    before = resource.getrlimit(resource.RLIMIT_AS)[0]
    with _memory_bounded(), ThreadPoolExecutor(max_workers=1) as pool:
        assert resource.getrlimit(resource.RLIMIT_AS)[0] != before
        apart = pool.submit(subprocess.run, [sys.executable, "-c", show], capture_output=True,
                            text=True, check=True).result().stdout
    assert int(apart) == before


HANGING = """
import os, sys, time
sys.path[:0] = ["tests", "."]
from hangs import hangs_end_the_run
os.environ["MUTANT_UNDER_TEST"] = sys.argv[1]
for _ in hangs_end_the_run(1):
    started = time.process_time()
    if sys.argv[2] == "loop":
        while time.process_time() - started < 1.5:  # (past the limit of 1 s)
            pass
    else:
        time.sleep(1.5)
import resource
print(resource.getrlimit(resource.RLIMIT_CPU)[0] == resource.RLIM_INFINITY)
"""


@pytest.mark.parametrize(("under", "doing", "ending"), [
    ("brief.x.x_f__mutmut_1", "loop", (-24, "")), ("brief.x.x_f__mutmut_1", "wait", (0, "True")),
    ("", "loop", (0, "True"))])
def test_under_mutation_a_test_that_loops_ends_the_run_as_a_time_out(
        under: str, doing: str, ending: tuple[int, str]) -> None:
    """By SIGXCPU (a time-out to mutmut, run again), once the test has taken its processor
    time; not a test that only waits, however long (the machine busy with other work), and
    the limit is put back after the test; never outside a mutant's run."""
    done = subprocess.run([sys.executable, "-c", HANGING, under, doing], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert (done.returncode, done.stdout.strip()) == ending, done.stderr


class TwoArguments(Exception):
    """(pickle carries it, but cannot make it again from its one message.)"""

    def __init__(self, a: int, b: int) -> None:
        super().__init__(f"{a} and {b}")


def test_a_background_job_s_outcome_reaches_the_other_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a job returned, or raised (an exception pickle cannot carry goes as its text),
    is read by a worker that did not run it, once the job is done; and the worker that runs
    the jobs, asked to wait at the end, finishes them all (the others may still read)."""
    import background
    from background import Background, Elsewhere
    monkeypatch.setattr(background, "WAIT", 5)

    def fails(failure: BaseException) -> None:
        raise failure
    host = Background(tmp_path, workers=2)
    host.submit("value", lambda: {"a": [1]})
    host.submit("error", fails, OSError(28, "No space left on device"))
    host.submit("strange", fails, TwoArguments(1, 2))
    host.submit("local", fails, type("Local", (Exception,), {})("made here"))
    host.close(wait=True)
    other = Elsewhere(tmp_path)
    assert other.result("value") == {"a": [1]}
    with pytest.raises(OSError, match="No space left") as raised:
        other.result("error")
    assert raised.value.errno == 28
    with pytest.raises(RuntimeError, match=r"TwoArguments\('1 and 2'\)"):
        other.result("strange")
    with pytest.raises(RuntimeError, match=r"Local\('made here'\)"):
        other.result("local")
    assert (tmp_path / "lend").exists()


def test_under_mutation_a_mutant_s_tests_run_quickest_first(tmp_path: Path) -> None:
    """By mutmut's record of each test's time; one it has no time for, last."""
    import json
    from types import SimpleNamespace

    from conftest import fastest_first
    items = [SimpleNamespace(nodeid=name) for name in ("slow", "new", "quick", "middle")]
    fastest_first(items, tmp_path / "none.json")  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == ["slow", "new", "quick", "middle"]
    (tmp_path / "stats.json").write_text(json.dumps({"duration_by_test": {
        "slow": 2.5, "quick": 0.01, "middle": 0.3}}))
    fastest_first(items, tmp_path / "stats.json")  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == ["quick", "middle", "slow", "new"]
