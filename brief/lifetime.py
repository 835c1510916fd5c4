"""Processes that never outlive the build: each process the builder starts (the one that
reads the brief alongside, those that lay out editions or briefs in parallel, the chart
engine, Pandoc) is killed by the system when the process that started it dies, however it
dies (Linux's parent-death signal; elsewhere the build's own clean-up is all there is)."""
from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys
from typing import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child just started (after fork, or as ``preexec_fn``) by the process ``parent``:
    be killed when it dies; if it died already, die now."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # (it died between the fork and the prctl)
        os._exit(1)


def started_by_me() -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess``: the program dies with this process."""
    return functools.partial(die_with_parent, os.getpid())
