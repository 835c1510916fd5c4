"""Read, parse and resolve the brief in a second process while this one loads the typesetter.

Loading WeasyPrint takes a cold build about 1.2 s of one core, before any page is laid out;
the builder's own libraries and the reading, parsing and resolving of the brief take most of
another second. Done one after the other they made the builder's fixed cost a fifth of a
17-page build. With a second core, a cold build forks before loading the typesetter: the
child does ``work`` (its output captured), the parent loads WeasyPrint meanwhile, then
receives what the child made — pickled, through a pipe — and what it printed, and says it
in the order a build in one process would have.

Used only where it pays and is safe: a cold build (the typesetter not loaded yet), on a
system with ``fork`` and more than one core. A watch's rebuilds and the briefs and editions
built in forked processes have the typesetter loaded already and work in one process.
"""
from __future__ import annotations

import io
import os
import pickle
import signal
import sys
import traceback
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from typing import Any, Callable, Iterator

from .model import working_on
from .timings import STAGES


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) waits until the block ends: between the fork and the moment the
    caller holds the child to stop it, an interruption would leave the child running."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def worth_it() -> bool:
    return ("weasyprint" not in sys.modules and hasattr(os, "fork")
            and (os.cpu_count() or 1) > 1 and not os.environ.get("BRIEF_BUILDER_ONE_PROCESS"))


class Alongside:
    """``work()`` run in a forked child; ``result()`` waits for it and returns its value (or
    raises what it raised), after writing what it printed."""

    def __init__(self, work: Callable[[], Any], debug: bool = False) -> None:
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read)
            _child(work, write, debug)
        os.close(write)
        self.read: int | None = read
        self.since = STAGES.label

    def result(self) -> Any:
        assert self.read is not None
        with os.fdopen(self.read, "rb") as pipe:
            self.read, data = None, pipe.read()
        self._reap()
        if not data:
            raise RuntimeError("the process reading the brief stopped without a result")
        outcome, value, said, warned, spent, label = pickle.loads(data)
        sys.stdout.write(said)
        sys.stderr.write(warned)
        STAGES.alongside(spent, self.since)
        if outcome == "raised":
            working_on.set(label)
            raise value
        return value

    def close(self) -> None:
        """Stop the child if it still runs (the parent failed or was interrupted)."""
        if self.read is not None:
            os.close(self.read)
            self.read = None
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap()

    def _reap(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def _child(work: Callable[[], Any], write: int, debug: bool) -> None:
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent answers Ctrl-C and stops us
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # (held while forking)
        STAGES.progress = None  # the parent's line on the terminal is the parent's to draw
        STAGES.begin()
        said, warned = io.StringIO(), io.StringIO()
        with redirect_stdout(said), redirect_stderr(warned):
            try:
                outcome, value = "returned", work()
            except BaseException as failure:  # noqa: BLE001  (handed to the parent as it is)
                if debug:
                    traceback.print_exc()
                outcome, value = "raised", failure
        STAGES.mark("done")
        spent = {"loading its libraries": STAGES.spent.pop("starting", 0.0), **STAGES.spent}
        message = (outcome, value, said.getvalue(), warned.getvalue(), spent,
                   working_on.get())
        try:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as failure:  # noqa: BLE001  (what cannot be pickled: its words)
            words = f"{type(value).__name__}: {value}" if outcome == "raised" else str(failure)
            data = pickle.dumps(("raised", RuntimeError(words), *message[2:]),
                                protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)
