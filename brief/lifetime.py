"""Processes that never outlive the build: each process the builder starts (the worker that
reads the brief while the typesetter loads, those that lay out editions or briefs in
parallel, the chart engine, Pandoc) is killed by the system when the process that started
it dies, however it dies (Linux's parent-death signal; elsewhere the build's own clean-up
is all there is). And the build's own time limit (``time_limit``)."""
from __future__ import annotations

import ctypes
import functools
import os
import resource
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from brief.diagnostics import TimeLimit

_PR_SET_PDEATHSIG = 1
MEMORY = 2_000_000_000  # bytes of heap one run of Pandoc may take


def bounded_pandoc(pandoc: str) -> list[str]:
    """The command that runs ``pandoc`` with its heap bounded by ``MEMORY`` (the runtime's
    option Pandoc's manual gives against inputs that make its parsers pathological): such an
    input stops Pandoc ("Heap exhausted", ``out_of_memory``), not the machine."""
    return [pandoc, "+RTS", f"-M{MEMORY // 1_000_000}m", "-RTS"]


def out_of_memory(said: str) -> str | None:
    """What to say of a Pandoc that stopped with ``said`` on its error output, if it ran out
    of the memory ``bounded_pandoc`` gave it."""
    amount = f"{MEMORY // 10 ** 9} GB" if MEMORY % 10 ** 9 == 0 else f"{MEMORY // 10 ** 6} MB"
    return f"it ran out of memory ({amount})" if "Heap exhausted" in said else None


def die_with_parent(parent: int) -> None:
    """In a child just started (after fork, or as ``preexec_fn``) by the process ``parent``:
    be killed when it dies; if it died already, die now."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)  # (the kernel reads no other argument)
    if os.getppid() != parent:  # (it died between the fork and the prctl)
        os._exit(1)


def started_by_me() -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess``: the program dies with this process."""
    return functools.partial(die_with_parent, os.getpid())


@contextmanager
def time_limit(seconds: int) -> Iterator[float | None]:
    """Interrupt the build with ``TimeLimit`` after ``seconds`` (from the main thread, where
    signals arrive); gives the deadline (``time.monotonic()``), if there is one."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield None
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield time.monotonic() + seconds
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def lowered(which: int, bound: int) -> Iterator[None]:
    """This process's soft limit ``which`` (``resource.RLIMIT_*``) lowered to ``bound`` for
    the block, then put back; left as it is where it, or the hard limit, is lower already."""
    soft, hard = resource.getrlimit(which)
    if soft != resource.RLIM_INFINITY and soft <= bound or \
            hard != resource.RLIM_INFINITY and hard < bound:
        yield
        return
    resource.setrlimit(which, (bound, hard))
    try:
        yield
    finally:
        resource.setrlimit(which, (soft, hard))
