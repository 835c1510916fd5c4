"""Running part of a build in another process, and bringing back what it did as plain data.

One helper runs a job with its output captured (``captured``) and gives an ``Outcome``:
what it returned, printed and spent, or how it failed, as text (its type, message and
traceback, where the build was and, for a stopped build, the line of the brief's template):
never the live exception, which may not survive pickling (a ``BuildError`` came back as its
characters, an exception whose constructor takes other arguments failed to unpickle). The
process that asked says it all as a build in one process would (``Outcome.replay``).

The processes are forked, so that what this process loaded is theirs; killed when this
one dies; deaf to Ctrl-C (this process answers it and stops them); and stopped by their own
clock a second before the build's time limit (``_started``). Two kinds: the ``Worker``, one
process started before the typesetter loads, that reads the brief and then finishes the
PDF; and the pool of ``pool`` for editions and briefs built side by side (``in_order``).
"""
from __future__ import annotations

import functools
import io
import os
import pickle
import signal
import socket
import sys
import time
import traceback
from collections import deque
from concurrent.futures import Executor, Future
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator

from brief.diagnostics import Loc, TimeLimit, template_line, working_on
from brief.lifetime import die_with_parent
from brief.timings import STAGES

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


@dataclass(frozen=True)
class Failure:
    """An exception raised in another process, in words."""

    kind: str  # its type's name
    message: str
    traceback: str
    working_on: str  # the stage it was raised in
    stopped: bool = False  # it was the time limit (``TimeLimit``)
    place: Loc | None = None  # for a stopped build: the line of the brief's template


class Failed(Exception):
    """The bug another process met, raised in this one (``cli`` says it in one line)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    printed: tuple[tuple[bool, str], ...] = ()  # (to standard error?, text), in its order
    spent: dict[str, float] = field(default_factory=dict)  # seconds per stage
    failure: Failure | None = None

    def replay(self, since: str = "") -> Any:
        """Print what the job printed, in its order (a warning before the line that says
        what was written, as in one process), count its stages as run beside this
        process's stage ``since``, and give its value, or raise what it raised."""
        for to_stderr, text in self.printed:
            (sys.stdout if to_stderr else sys.stderr).flush()  # (the other stream's first)
            (sys.stderr if to_stderr else sys.stdout).write(text)
        if since:
            STAGES.alongside(self.spent, since)
        if (failure := self.failure) is not None:
            working_on.set(failure.working_on)
            raise TimeLimit(failure.place) if failure.stopped else Failed(failure)
        return self.value


class _Printed(io.TextIOBase):
    """A stream that keeps what is written to it in a list shared with the other stream,
    marked with which one it was."""

    def __init__(self, printed: list[tuple[bool, str]], to_stderr: bool) -> None:
        self.printed, self.to_stderr = printed, to_stderr

    def write(self, text: str) -> int:
        self.printed.append((self.to_stderr, text))
        return len(text)


def captured(job: Callable[..., Any], *args: Any) -> Outcome:
    """``job(*args)`` with its output captured and any exception turned into words."""
    STAGES.begin()
    printed: list[tuple[bool, str]] = []
    failure = value = None
    with redirect_stdout(_Printed(printed, False)), redirect_stderr(_Printed(printed, True)):
        try:
            value = job(*args)
        except BaseException as raised:  # noqa: BLE001  (said by the process that asked)
            failure = Failure(type(raised).__name__, str(raised), traceback.format_exc(),
                              working_on.get(), isinstance(raised, TimeLimit),
                              (raised.place or template_line(raised))
                              if isinstance(raised, TimeLimit) else None)
    STAGES.mark("done")
    spent = {"loading its libraries": STAGES.spent.pop("starting"), **STAGES.spent}
    return Outcome(value, tuple(printed), spent, failure)


def _started(parent: int, deadline: float | None) -> None:
    """In a process of the pool, first: die with the parent, leave Ctrl-C to it, stop a
    second before the build's time limit so that where it was can be said."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # (held while forking)
    STAGES.progress = None  # the parent's line on the terminal is the parent's to draw
    if deadline is not None:
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic() - 1, 0.1))


def pool(workers: int, deadline: float | None = None) -> ProcessPoolExecutor:
    """Processes forked from this one for ``captured`` jobs (see the module's docstring)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("fork"),
                               initializer=_started, initargs=(os.getpid(), deadline))


def processes(jobs: int) -> int:
    """How many processes to run ``jobs`` layouts in at once: all of them, up to twice the
    cores. Three layouts on two cores end together after about 1.5 layouts' time where two
    at a time take two (measured: 5-15 % quicker for three editions); the cap bounds the
    memory that many processes at once hold."""
    return max(1, min(jobs, 2 * (os.cpu_count() or 1)))


def in_order(jobs: list[tuple[Callable[..., Any], tuple]],
             deadline: float | None = None) -> list[Any]:
    """Each ``(job, args)`` in a process of its own (``pool``), all at once up to
    ``processes``; what each printed is printed in the order given; their values."""
    with pool(processes(len(jobs)), deadline) as workers:
        futures = [workers.submit(captured, job, *args) for job, args in jobs]
        outcomes = [future.result() for future in futures]
    return [outcome.replay() for outcome in outcomes]


class Worker(Executor):
    """One process forked from this one at once (before the typesetter loads: a fork costs
    a few milliseconds, a standard pool's start about 40, measured), that does ``captured``
    jobs in the order given. Jobs and ``Outcome``s cross a socket pair as pickles, one after
    another (``pickle.dump`` and ``pickle.load``: nothing of our own on the wire). A job's
    future is resolved when its result is asked for; ``shutdown`` stops the process
    whatever it is doing."""

    def __init__(self, deadline: float | None = None) -> None:
        ours, theirs = socket.socketpair()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        self.pid = 0
        try:
            with interrupts_held():  # a Ctrl-C now is answered once the worker is known
                self.pid = os.fork()
                if self.pid == 0:  # the worker: never returns
                    ours.close()
                    _serve(theirs, parent, deadline)
            theirs.close()
            self.socket, self.writer, self.reader = ours, ours.makefile("wb"), \
                ours.makefile("rb")
            self.waiting: deque[_Reply] = deque()
        except BaseException:  # (the Ctrl-C held during the fork, raised as it is let go:
            if self.pid:  # the caller never holds this worker, so it is stopped here)
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            raise

    def submit(self, job: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        pickle.dump((functools.partial(job, **kwargs), args), self.writer,
                    protocol=pickle.HIGHEST_PROTOCOL)
        self.writer.flush()
        self.waiting.append(reply := _Reply(self))
        return reply

    def receive(self) -> None:
        """The next outcome, for the job that has waited longest."""
        try:
            outcome = pickle.load(self.reader)
        except (EOFError, OSError):
            while self.waiting:
                self.waiting.popleft().set_exception(RuntimeError("the worker stopped"))
            return
        self.waiting.popleft().set_result(outcome)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0
        while self.waiting:
            self.waiting.popleft().set_exception(RuntimeError("the worker was stopped"))
        for stream in (self.writer, self.reader, self.socket):
            try:
                stream.close()
            except OSError:  # (what it could not write, as it stopped)
                pass


class _Reply(Future):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker

    def result(self, timeout: float | None = None) -> Any:
        while not self.done():
            self.worker.receive()
        return super().result()


def _serve(channel: socket.socket, parent: int, deadline: float | None) -> None:
    """The worker: each job as it comes, its outcome sent back, until the parent closes."""
    status = 1
    try:
        _started(parent, deadline)
        reader, writer = channel.makefile("rb"), channel.makefile("wb")
        while True:
            try:
                job, args = pickle.load(reader)
            except EOFError:
                break
            outcome = captured(job, *args)
            try:
                data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as failure:  # noqa: BLE001  (a value that cannot cross)
                data = pickle.dumps(Outcome(failure=Failure(
                    type(failure).__name__, str(failure), traceback.format_exc(),
                    working_on.get())), protocol=pickle.HIGHEST_PROTOCOL)
            writer.write(data)
            writer.flush()
        status = 0
    finally:
        os._exit(status)


def worth_it() -> bool:
    """Is a second process worth starting to read the brief while this one loads the
    typesetter? Only for a cold build (the typesetter not loaded yet) with ``fork`` and
    more than one core."""
    return ("weasyprint" not in sys.modules and hasattr(os, "fork")
            and (os.cpu_count() or 1) > 1 and not os.environ.get("BRIEF_BUILDER_ONE_PROCESS"))


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) waits until the block ends: between a fork and the moment the caller
    holds the child to stop it, an interruption would leave the child running. Held by a
    handler that only remembers it (a blocked signal alone is taken by another thread of the
    process, and its handler then runs in this one at any moment), then answered as the
    handler before would have answered it."""
    import threading
    if threading.current_thread() is not threading.main_thread():
        yield  # (only the main thread answers signals)
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if held and callable(previous):
            previous(signal.SIGINT, None)
        elif held and previous == signal.SIG_DFL:
            raise KeyboardInterrupt
