"""Where a build's time goes (brief/timings.py), on a clock of the test's own: the report of
``--timings`` (stages begun again counted, another process's stages beside the one they ran
alongside) and the progress line on a terminal."""
from __future__ import annotations

import io
import logging

import pytest

from brief import timings
from brief.timings import Progress, Stages


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timings.time, "perf_counter", clock)
    return clock


def test_the_report_lists_each_stage_its_share_and_what_ran_beside_it(clock: Clock) -> None:
    stages = Stages()
    clock.now += 0.5
    stages.mark("loading the typesetter")
    clock.now += 1.0
    stages.alongside({"reading the inputs": 0.25, "parsing the sections": 0.5},
                     "loading the typesetter")
    stages.mark("laying out the pages")
    clock.now += 1.5
    stages.mark("checking the layout")
    clock.now += 0.5
    stages.mark("laying out the pages")  # (again: a note slid)
    clock.now += 0.5
    stages.mark("laying out the changed sections")
    stages.rename("laying out the pages")  # (it turned out to be a whole layout)
    clock.now += 1.0
    assert stages.report() == "\n".join([
        "timings:",
        "  starting                                0.50 s   10%",
        "  loading the typesetter                  1.00 s   20%",
        "    reading the inputs (in parallel)      0.25 s    5%",
        "    parsing the sections (in parallel)    0.50 s   10%",
        "  laying out the pages (3 times)          3.00 s   60%",
        "  checking the layout                     0.50 s   10%",
        "  total                                   5.00 s"])
    assert stages.times == {"loading the typesetter": 1, "laying out the pages": 3,
                            "checking the layout": 1, "done": 1}


def test_a_stage_renamed_once_counts_once(clock: Clock) -> None:
    stages = Stages()
    stages.mark("drawing the PDF")
    stages.rename("drawing the grayscale proof")
    assert stages.times == {"drawing the grayscale proof": 1}
    clock.now += 2
    stages.begin()
    assert (stages.label, stages.spent, stages.times, stages.beside, stages.pages) == (
        "starting", {}, {}, {}, 0)
    stages.rename("reading the inputs")  # (a stage never marked: nothing to take back)
    assert stages.times == {"reading the inputs": 1}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_shows_after_a_while_on_a_terminal_and_is_wiped(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timings, "STAGES", Stages())
    monkeypatch.setenv("BRIEF_BUILDER_PROGRESS_AFTER", "3")
    terminal = Terminal()
    pages = logging.getLogger("weasyprint.progress")
    with Progress(terminal) as progress:
        assert timings.STAGES.progress is progress and progress.after == 3.0
        assert progress.handler in pages.handlers  # (WeasyPrint's pages, no other logger's)
        timings.stage("reading the inputs")
        assert terminal.getvalue() == ""  # (a quick build shows nothing)
        clock.now += 3.2
        timings.stage("laying out the pages")
        pages.info("Step 5 - Creating layout - Page 1")
        pages.info("Step 4 - Creating formatting structure")
        pages.info("Step 5 - Creating layout - Page 2")
        assert terminal.getvalue() == (
            "\r\033[Klaying out the pages (3 s)\r\033[Klaying out the pages, 1 pages (3 s)"
            "\r\033[Klaying out the pages, 2 pages (3 s)")
    assert terminal.getvalue().endswith("\r\033[K") and timings.STAGES.progress is None
    assert progress.handler not in pages.handlers
    monkeypatch.delenv("BRIEF_BUILDER_PROGRESS_AFTER")
    plain = io.StringIO()  # (not a terminal: no line at all)
    with Progress(plain):
        assert timings.STAGES.progress is None
        clock.now += 10
        timings.stage("drawing the PDF")
    assert plain.getvalue() == "" and Progress(plain).after == timings.PROGRESS_AFTER
