"""Where a build's time goes: seconds per stage (``--timings``), and on a terminal a progress
line (stage, pages laid out) for builds that take longer than two seconds.

``stage(label)`` marks the start of a stage; it also names what the build is doing for
the messages of a stopped or failed build (``diagnostics.working_on``).
"""
from __future__ import annotations

import logging
import os
import sys
import time
from typing import TextIO

PROGRESS_AFTER = 2.0  # seconds; BRIEF_BUILDER_PROGRESS_AFTER sets another


class Stages:
    def __init__(self) -> None:
        self.begin()

    def begin(self) -> None:
        self.since = self.start = time.perf_counter()
        self.label = "starting"
        self.spent: dict[str, float] = {}
        self.times: dict[str, int] = {}  # how often each stage began (a layout made again)
        self.beside: dict[str, float] = {}  # stages another process ran meanwhile,
        self.beside_from = ""  # since the start of this stage
        self.pages = 0
        self.progress: Progress | None = None  # the line on a terminal, while it runs

    def mark(self, label: str) -> None:
        now = time.perf_counter()
        self.spent[self.label] = self.spent.get(self.label, 0.0) + now - self.since
        self.label, self.since = label, now
        self.times[label] = self.times.get(label, 0) + 1
        self.pages = 0
        if self.progress is not None:
            self.progress.draw()

    def rename(self, label: str) -> None:
        """The stage under way is ``label`` (what it turned out to be) since it began."""
        if times := self.times.pop(self.label, 1) - 1:
            self.times[self.label] = times
        self.label = label
        self.times[label] = self.times.get(label, 0) + 1

    def alongside(self, spent: dict[str, float], since: str) -> None:
        """Stages another process ran, from this process's stage ``since`` on."""
        self.beside, self.beside_from = spent, since

    def report(self) -> str:
        self.mark("done")
        total = time.perf_counter() - self.start
        rows = []
        for label, seconds in self.spent.items():
            times = self.times.get(label, 1)
            rows.append((f"{label} ({times} times)" if times > 1 else label, seconds))
            if label == self.beside_from:
                rows += [(f"  {label} (in parallel)", s) for label, s in self.beside.items()]
        width = max(len(label) for label, _ in rows)
        lines = [f"  {label:<{width}}  {seconds:6.2f} s  {seconds / total:4.0%}"
                 for label, seconds in rows]
        return "\n".join(["timings:", *lines, f"  {'total':<{width}}  {total:6.2f} s"])


STAGES = Stages()


def stage(label: str, renamed: bool = False) -> None:
    """A new stage begins (``renamed``: the one under way is ``label`` since it began)."""
    from brief.diagnostics import (
        working_on,  # (here: a build that is skipped never loads the model)
    )
    if renamed:
        STAGES.rename(label)
    else:
        STAGES.mark(label)
    working_on.set(label)


class _Pages(logging.Handler):
    """Counts the pages WeasyPrint reports laying out (its 'weasyprint.progress' log)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Step 5 - Creating layout - Page"):
            STAGES.pages += 1
            if STAGES.progress is not None:
                STAGES.progress.draw()


class Progress:
    """A line on ``stream`` (a terminal) once a build has run ``PROGRESS_AFTER`` seconds:
    rewritten at each stage and each page laid out, and wiped at the end; nothing at all
    for quick builds. No thread draws it: a thread running when the build forks its
    processes would be copied half-way into them."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream, self.shown = stream or sys.stderr, False
        self.after = float(os.environ.get("BRIEF_BUILDER_PROGRESS_AFTER", PROGRESS_AFTER))
        self.handler = _Pages()
        self.logger = logging.getLogger("weasyprint.progress")

    def __enter__(self) -> Progress:
        if self.stream.isatty():
            self.logger.addHandler(self.handler)
            self.logger.setLevel(logging.INFO)
            STAGES.progress = self
        return self

    def __exit__(self, *exc: object) -> None:
        if STAGES.progress is self:
            self.logger.removeHandler(self.handler)
        STAGES.progress = None
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False

    def draw(self) -> None:
        elapsed = time.perf_counter() - STAGES.start
        if elapsed < self.after:
            return
        pages = f", {STAGES.pages} pages" if STAGES.pages else ""
        self.stream.write(f"\r\033[K{STAGES.label}{pages} ({elapsed:.0f} s)")
        self.stream.flush()
        self.shown = True
