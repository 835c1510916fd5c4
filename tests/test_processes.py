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
from helpers import (
    ENVIRONMENT,
    ROOT,
    TIMEOUT,
    Outside,
    append,
    edit,
    fixture_copy,
    house_font,
    process_status,
    tool,
)

pytestmark = pytest.mark.build

COMMAND = "from brief.cli import command; command()"
# A template that loops for hours: the build is still reading when it is stopped.
ENDLESS = ("<html lang=\"en\"><body>\n{% for i in range(99999) %}\n"
           "{% for j in range(99999) %}{% endfor %}\n{% endfor %}\n</body></html>\n")


def start(root: Path, *args: str, env: dict | None = None, piped: bool = True
          ) -> subprocess.Popen:
    """``build.py`` (its ``command()``) in a session of its own: a cold build, which reads
    the brief in a second process. Not ``piped``: its output goes to the file ``said(root)``, so
    that waiting for it never waits for a process that inherited the pipes."""
    output = subprocess.PIPE if piped else said(root).open("w")
    return subprocess.Popen([sys.executable, "-c", COMMAND, "--root", str(root), *args],
                            stdout=output, stderr=output, text=True, cwd=ROOT,
                            start_new_session=True, env={**ENVIRONMENT, **(env or {})})


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (status := process_status(entry.name)) and status[1] == pid:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> dict[int, str]:
    """Every process under ``pid``, with its command line."""
    found, todo = {}, [pid]
    while todo:
        for child in children(todo.pop()):
            try:
                found[child] = Path(f"/proc/{child}/cmdline").read_text().replace("\0", " ")
            except OSError:
                continue
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    status = process_status(pid)
    return status is not None and status[0] != "Z"


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


def citations_cached(folder: Path) -> tuple[Path, int]:
    """A copy of the mini brief built once, so that its citations are in the cache and a
    timed build of it spends no time on Pandoc; and a time limit for that timed build: twice
    what this whole cold build took (and at least 4 s), so that on a slow or busy machine the
    timed build still reaches the work it is to be stopped in (the CI machine once took over
    4 s to reach the chart engine)."""
    mini = fixture_copy(folder, "mini")
    started = time.monotonic()
    start(mini).communicate(timeout=TIMEOUT)
    return mini, max(4, round(2 * (time.monotonic() - started) + 0.5))


def endless(mini: Path) -> Path:
    """The mini brief ``mini`` with a template that renders without end."""
    (mini / "templates").mkdir()
    (mini / "templates/brief.html.j2").write_text(ENDLESS)
    return mini


# A chart whose filter backtracks without bound: the chart engine works on it for a minute.
BACKTRACKING = ("\n::: {#fig-slow .chart}\ndataset: treaties\ncaption: Slow.\nvega-lite:\n"
                "  transform:\n    - {calculate: \"'" + "a" * 46 + "b'\", as: s}\n"
                "    - {filter: \"test(/^(a|aa)+$/, datum.s)\"}\n  mark: point\n"
                "  encoding: {x: {field: number, type: quantitative}}\n:::\n")


def slow_pandoc(folder: Path) -> Path:
    """A Pandoc that answers ``--version`` and then, as the citation processor, sleeps."""
    script = folder / "pandoc"
    import pypandoc
    script.write_text(f"#!/bin/sh\n[ \"$1\" = --version ] && exec {pypandoc.get_pandoc_path()} "
                      "--version\nexec sleep 120\n")
    script.chmod(0o755)
    return script


def at_work(build: subprocess.Popen, busy: str) -> dict[int, str]:
    """The processes under ``build`` once one of them runs ``busy`` (and a moment after);
    fails, with what ran and what the build said, if none did within two minutes."""
    started = time.monotonic()
    while not any(busy in line for line in descendants(build.pid).values()):
        assert build.poll() is None and time.monotonic() - started < 120, (
            busy, time.monotonic() - started, build.poll(), descendants(build.pid),
            said_so_far(build))
        time.sleep(0.05)
    time.sleep(0.1)
    return descendants(build.pid)


def said(root: Path) -> Path:
    """Where a build of ``root`` started not ``piped`` writes its output (beside it)."""
    return root.with_name(f"{root.name}-said.txt")


def said_so_far(build: subprocess.Popen) -> str:
    """The last of what ``build`` has written, if it writes to a file."""
    written = said(Path(build.args[build.args.index("--root") + 1]))
    return written.read_text("utf-8", "replace")[-2000:] if written.exists() else "(piped)"


def killed_builders(folder: Path) -> list[tuple[str, list[str], float]]:
    """Kill the building process alone while its reading process renders a template, waits
    for the citation processor, and waits for the chart engine: which of the processes the
    build started outlive it (each waited for up to 10 s) and the longest any lived on."""
    mini, cite = endless(fixture_copy(folder / "a", "mini")), fixture_copy(folder / "b", "cite")
    charted = fixture_copy(folder / "c", "mini")
    append(charted / "content/01-first.md", BACKTRACKING)
    found = []
    for what, root, env, busy in (
            ("rendering", mini, {}, "brief"),
            ("citing", cite, {"PYPANDOC_PANDOC": str(slow_pandoc(folder))}, "sleep"),
            ("charting", charted, {}, "brief.html.chartengine")):
        build = start(root, piped=False, env={"BRIEF_BUILDER_NO_CACHE": "1", **env})
        started = at_work(build, busy)
        build.kill()
        build.wait(timeout=TIMEOUT)
        gone_after = max(map(seconds_until_gone, started), default=0.0)
        left = [line for pid, line in started.items() if alive(pid)]
        for pid in started:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        found.append((what, left, gone_after, [line.split()[-1] for line in started.values()],
                      said_so_far(build)))
    return found


@pytest.mark.ahead.with_args(killed_builders)
def test_no_process_of_a_build_outlives_the_building_one(
        ahead: list[tuple[str, list[str], float, list[str], str]]) -> None:
    assert [what for what, *_ in ahead] == ["rendering", "citing", "charting"]
    for what, left, gone_after, started, said_then in ahead:
        assert left == [] and gone_after < 1.0, (what, started, said_then)
    (*_, citing, said_citing), (*_, charting, said_charting) = ahead[1:]
    assert "120" in citing, said_citing  # (each was at work)
    assert "brief.html.chartengine" in charting, said_charting


def past_its_time_limit(folder: Path) -> tuple[int, int, str, float, bool]:
    mini, limit = citations_cached(folder)
    build = start(endless(mini), "--time-limit", str(limit))
    reader = reading_process(build)
    _, err = build.communicate(timeout=TIMEOUT)
    return limit, build.returncode, err, seconds_until_gone(reader), alive(reader)


@pytest.mark.ahead.with_args(past_its_time_limit)
def test_the_time_limit_stops_both_processes_with_one_message(
        ahead: tuple[int, int, str, float, bool]) -> None:
    limit, status, err, gone_after, still_alive = ahead
    assert status == 1
    assert err.splitlines() == [
        f"templates/brief.html.j2:3: error: the build took longer than {limit} s here and was "
        "stopped; the previous outputs were left unchanged. Is an input unusually large? "
        "(--time-limit sets the limit)"]
    assert not still_alive and gone_after < 1.0


def backtracking_past_its_time_limit(folder: Path) -> tuple[int, int, str, list[str]]:
    """A cold build stopped by its time limit while the chart engine works on a chart whose
    filter backtracks without bound: its limit, status, what it said, what it left running."""
    mini, limit = citations_cached(folder)
    append(mini / "content/01-first.md", BACKTRACKING)
    build = start(mini, "--time-limit", str(limit))
    started = at_work(build, "brief.html.chartengine")
    _, err = build.communicate(timeout=TIMEOUT)
    return limit, build.returncode, err, [line for pid, line in started.items()
                                          if seconds_until_gone(pid) > 1.0]


@pytest.mark.ahead.with_args(backtracking_past_its_time_limit)
def test_a_chart_that_runs_past_the_time_limit_is_stopped_at_its_line(
        ahead: tuple[int, int, str, list[str]]) -> None:
    limit, status, err, left = ahead
    assert (status, err.splitlines(), left) == (1, [
        f"content/01-first.md:11: error: the build took longer than {limit} s here and was "
        "stopped; the previous outputs were left unchanged. Is an input unusually large? "
        "(--time-limit sets the limit)"], [])


def with_everything(folder: Path) -> Path:
    """The data brief (charts, tables, citations) with a house font: a build that makes
    every kind of temporary file (the typesetter's copy of the font, Pandoc's inputs, the
    chart engine's fonts)."""
    data = fixture_copy(folder, "data")
    house_font(data / "content/fonts/house.ttf", "House Sans")
    append(data / "content/brief.yaml", "house: {fonts: {files: [fonts/], headings: House Sans}}\n")
    return data


def temporary_files(folder: Path) -> list[tuple[str, int | None, list[str]]]:
    """What is left in a private temporary folder after a failed build, builds killed (the
    whole process group) at several moments, one stopped by SIGTERM while Pandoc has its
    inputs, and the next good build: (what happened, exit status, what is there)."""
    data, temporary = with_everything(folder), folder / "tmp"
    temporary.mkdir()
    env = {"TMPDIR": str(temporary), "BRIEF_BUILDER_NO_CACHE": "1"}

    def left() -> list[str]:  # (os.walk: a running build may remove a folder meanwhile)
        every = [Path(top, name).relative_to(temporary).as_posix()
                 for top, folders, files in os.walk(temporary) for name in folders + files]
        return sorted(name for name in every
                      if not re.fullmatch(r"brief-builder-\d+(/fonts-\w+\.conf)?", name))
    found = []  # (a good build is the last: "next")
    edit(data / "content/02-flows.md", "Mean yearly flow", "See [@nope].")
    build = start(data, "--force", env=env)
    build.communicate(timeout=TIMEOUT)
    found.append(("failed", build.returncode, left()))
    edit(data / "content/02-flows.md", "See [@nope].", "Mean yearly flow")
    killed = set()  # (left by kill -9, which no process survives to clean up after)
    for moment in (0.5, None):  # (while it starts and reads; while it typesets: once the
        build = start(data, "--force", env=env)  # typesetter's copies of the fonts exist)
        deadline = time.monotonic() + (moment or 60)
        while time.monotonic() < deadline and not (moment is None and any(
                f"/run-{build.pid}/weasyprint-" in name for name in left())):
            time.sleep(0.02)
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate(timeout=TIMEOUT)
        killed |= {name.split("/")[1] for name in left()}
    found.append(("killed", None, sorted(p for p in killed if not p.startswith("run-"))))
    # (the citation processor sleeps: the signal comes mid-build, never in the build's
    # last moments, when the outputs are written and a signal changes nothing)
    build = start(data, "--force", env={**env, "PYPANDOC_PANDOC": str(slow_pandoc(folder))})
    at_work(build, "sleep")
    build.send_signal(signal.SIGTERM)
    build.communicate(timeout=TIMEOUT)
    found.append(("terminated", build.returncode, left()))
    build = start(data, "--force", env=env)
    _, err = build.communicate(timeout=TIMEOUT)
    found.append(("next", build.returncode, left() + ([err] if build.returncode else [])))
    return found  # (a failed good build: what it said, in the assertion's difference)


@pytest.mark.ahead.with_args(temporary_files)
def test_no_temporary_file_remains_after_any_build(
        ahead: list[tuple[str, int | None, list[str]]]) -> None:
    assert ahead == [("failed", 1, []),
                     ("killed", None, []),  # (only the killed builds' run folders: see next)
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
        [strace, "-f", "--seccomp-bpf", "-qq", "-e", "trace=open,openat,openat2,execve",
         "-o", str(log), sys.executable, "-c", COMMAND, "--root", str(data), "--force"],
        capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT,
        env={**ENVIRONMENT, "BRIEF_BUILDER_NO_CACHE": "1"})
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
    """A cold build whose chart exhausts the chart engine, and whose next chart is wrong
    too: what reaches the terminal."""
    mini = fixture_copy(folder, "mini")
    append(mini / "content/01-first.md", "\n::: {#fig-t .chart}\ndataset: treaties\n"
           "vega-lite:\n  transform:\n    - {calculate: 'sequence(0, 300000000)', as: big}\n"
           "    - {flatten: [big]}\n  mark: point\n"
           "  encoding: {x: {field: big, type: quantitative}}\n:::\n"
           "\n::: {#fig-u .chart}\ndataset: treaties\nvega-lite: {mark: point, transform: "
           "[{calculate: 'datum.number +', as: y}], encoding: {x: {field: number, type: "
           "quantitative}}}\n:::\n")
    build = start(mini, env={"BRIEF_BUILDER_NO_CACHE": "1"})
    _, err = build.communicate(timeout=TIMEOUT)
    return build.returncode, err


@pytest.mark.ahead.with_args(chart_bomb)
def test_a_chart_that_crashes_the_engine_is_one_message_and_no_native_dump(
        ahead: tuple[int, str]) -> None:
    status, err = ahead
    assert (status, err.splitlines()) == (1, [
        "content/01-first.md:11: error: the chart stopped the chart engine: it ran out of "
        "memory; draw fewer rows or a smaller chart [chart-failed]",
        "content/01-first.md:21: error: the chart cannot be drawn (Vega-Lite says: Error: "
        "Unexpected end of input); check its 'vega-lite' "
        # (the engine started again: the next chart is drawn, and checked)
        "specification [chart-failed]",
        "build failed with 2 error(s); no output/brief.pdf was written"])
