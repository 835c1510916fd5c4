"""Processes that never outlive the build, temporary files that never outlast it, and a cold
build that opens nothing outside the brief, whichever process it is in (traced with strace).

Each runs the command in processes of its own, in the background from the start
(``@pytest.mark.ahead``), and is checked among the last tests."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, TIMEOUT, Outside, append, edit, fixture_copy, house_font, tool

pytestmark = pytest.mark.build

COMMAND = "from brief.cli import command; command()"
# A template that loops for hours: the build is still reading when it is stopped.
ENDLESS = ("<html lang=\"en\"><body>\n{% for i in range(99999) %}\n"
           "{% for j in range(99999) %}{% endfor %}\n{% endfor %}\n</body></html>\n")


def start(root: Path, *args: str, env: dict | None = None, piped: bool = True
          ) -> subprocess.Popen:
    """``build.py`` (its ``command()``) in a session of its own: a cold build, which reads
    the brief in a second process. Not ``piped``: its output goes nowhere, so that waiting
    for it never waits for a process that inherited the pipes."""
    output = subprocess.PIPE if piped else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-c", COMMAND, "--root", str(root), *args],
                            stdout=output, stderr=output, text=True, cwd=ROOT,
                            start_new_session=True, env={**os.environ, **(env or {})})


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def reading_process(build: subprocess.Popen) -> int:
    """The process that reads the brief, once the build has started it."""
    deadline = time.monotonic() + 60
    while not (found := children(build.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert found, "the build started no reading process"
    return found[0]


def seconds_until_gone(pid: int) -> float:
    started = time.monotonic()
    while alive(pid) and time.monotonic() - started < 10:
        time.sleep(0.02)
    return time.monotonic() - started


def endless(folder: Path) -> Path:
    mini = fixture_copy(folder, "mini")
    (mini / "templates").mkdir()
    (mini / "templates/brief.html.j2").write_text(ENDLESS)
    return mini


def killed_builder(folder: Path) -> tuple[float, bool]:
    """Kill the building process alone while its reading process works: how long the
    reading process outlives it."""
    build = start(endless(folder), piped=False)
    reader = reading_process(build)
    time.sleep(0.5)
    build.kill()
    build.wait(timeout=TIMEOUT)
    gone_after = seconds_until_gone(reader)  # (counted from the building process's end)
    still_alive = alive(reader)
    if still_alive:
        os.kill(reader, signal.SIGKILL)
    return gone_after, still_alive


@pytest.mark.ahead.with_args(killed_builder)
def test_the_reading_process_dies_with_the_building_one(ahead: tuple[float, bool]) -> None:
    gone_after, still_alive = ahead
    assert not still_alive and gone_after < 1.0


def past_its_time_limit(folder: Path) -> tuple[int, str, float, bool]:
    build = start(endless(folder), "--time-limit", "2")
    reader = reading_process(build)
    _, err = build.communicate(timeout=TIMEOUT)
    return build.returncode, err, seconds_until_gone(reader), alive(reader)


@pytest.mark.ahead.with_args(past_its_time_limit)
def test_the_time_limit_stops_both_processes_with_one_message(
        ahead: tuple[int, str, float, bool]) -> None:
    status, err, gone_after, still_alive = ahead
    assert status == 1
    assert err.splitlines() == [
        "templates/brief.html.j2:3: error: the build took longer than 2 s here and was "
        "stopped; the previous outputs were left unchanged. Is an input unusually large? "
        "(--time-limit sets the limit)"]
    assert not still_alive and gone_after < 1.0


def with_everything(folder: Path) -> Path:
    """The data brief (charts, tables, citations) with a house font: a build that makes
    every kind of temporary file (the typesetter's copy of the font, Pandoc's inputs, the
    chart engine's fonts)."""
    data = fixture_copy(folder, "data")
    house_font(data / "content/fonts/house.ttf", "House Sans")
    append(data / "content/brief.yaml", "house: {fonts: {files: [fonts/], headings: House Sans}}\n")
    return data


def temporary_files(folder: Path) -> list[tuple[str, int | None, list[str]]]:
    """What is left in a private temporary folder after a good build, a failed one, builds
    killed (the whole process group) at several moments, one stopped by SIGTERM, and the
    next good build: (what happened, exit status, what is there)."""
    data, temporary = with_everything(folder), folder / "tmp"
    temporary.mkdir()
    env = {"TMPDIR": str(temporary), "BRIEF_BUILDER_NO_CACHE": "1"}

    def left() -> list[str]:
        return sorted(str(p.relative_to(temporary)) for p in temporary.rglob("*")
                      if not re.fullmatch(r"brief-builder-\d+(/fonts-\w+\.conf)?", str(
                          p.relative_to(temporary))))
    found = []
    for what, change in (("good", None), ("failed", ("Mean yearly flow", "See [@nope]."))):
        if change:
            edit(data / "content/02-flows.md", *change)
        build = start(data, "--force", env=env)
        build.communicate(timeout=TIMEOUT)
        found.append((what, build.returncode, left()))
    edit(data / "content/02-flows.md", "See [@nope].", "Mean yearly flow")
    for moment in (0.3, 1.2):  # (while it starts; while it reads and the other one loads)
        build = start(data, "--force", env=env)
        time.sleep(moment)
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate(timeout=TIMEOUT)
    found.append(("killed", None, []))  # (left by kill -9: removed by the next build)
    build = start(data, "--force", env=env)
    reading_process(build)  # (the build is under way)
    build.send_signal(signal.SIGTERM)
    build.communicate(timeout=TIMEOUT)
    found.append(("terminated", build.returncode, left()))
    build = start(data, "--force", env=env)
    build.communicate(timeout=TIMEOUT)
    found.append(("next", build.returncode, left()))
    return found


@pytest.mark.ahead.with_args(temporary_files)
def test_no_temporary_file_remains_after_any_build(
        ahead: list[tuple[str, int | None, list[str]]]) -> None:
    assert ahead == [("good", 0, []), ("failed", 1, []), ("killed", None, []),
                     ("terminated", 130, []), ("next", 0, [])]


def traced(folder: Path) -> tuple[int, str, list[str], Outside]:
    """A cold build traced with strace (every process it starts: the reading process, the
    chart engine, Pandoc), with links, pipes and a loop out of the brief planted in it where
    nothing is an input."""
    strace = tool("strace")
    data = with_everything(folder)
    outside = Outside(folder / "outside")
    (data / "extra").mkdir()
    (data / "extra/link.md").symlink_to(outside.folder / "canary.md")
    (data / "extra/everything").symlink_to("/")
    (data / "extra/loop").symlink_to(data / "extra/loop")
    os.mkfifo(data / "extra/pipe")
    (data / "content/unused.css").symlink_to(outside.folder / "canary.css")
    outside.rebase()
    log = folder / "strace.log"
    done = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=open,openat,openat2,execve", "-o", str(log),
         sys.executable, "-c", COMMAND, "--root", str(data), "--force"],
        capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT,
        env={**os.environ, "BRIEF_BUILDER_NO_CACHE": "1"})
    opened = re.findall(r'open(?:at2?)?\((?:[^,]*, )?"([^"]+)"', log.read_text())
    return done.returncode, done.stderr, opened, outside


@pytest.mark.ahead.with_args(traced)
def test_a_cold_build_opens_nothing_outside_the_brief_in_any_process(
        ahead: tuple[int, str, list[str], Outside]) -> None:
    status, err, opened, outside = ahead
    assert (status, err) == (0, "")
    assert any("pandoc" in p for p in opened) and any("vl_convert" in p for p in opened)
    assert [p for p in opened if p.startswith(str(outside.folder))] == []
    outside.untouched()


def chart_bomb(folder: Path) -> tuple[int, str]:
    """A cold build whose chart exhausts the chart engine: what reaches the terminal."""
    mini = fixture_copy(folder, "mini")
    append(mini / "content/01-first.md", "\n::: {#fig-t .chart}\ndataset: treaties\n"
           "vega-lite:\n  transform:\n    - {calculate: 'sequence(0, 300000000)', as: big}\n"
           "    - {flatten: [big]}\n  mark: point\n"
           "  encoding: {x: {field: big, type: quantitative}}\n:::\n")
    build = start(mini, env={"BRIEF_BUILDER_NO_CACHE": "1"})
    _, err = build.communicate(timeout=TIMEOUT)
    return build.returncode, err


@pytest.mark.ahead.with_args(chart_bomb)
def test_a_chart_that_crashes_the_engine_is_one_message_and_no_native_dump(
        ahead: tuple[int, str]) -> None:
    status, err = ahead
    assert (status, err.splitlines()) == (1, [
        "content/01-first.md:11: error: the chart stopped the chart engine: it ran out of "
        "memory; draw fewer rows or a smaller chart",
        "build failed with 1 error(s); no output/brief.pdf was written"])
