"""Running part of a build in another process, and bringing back what it did as plain data.

One helper runs a job with its output captured (``captured``) and gives an ``Outcome``:
what it returned, printed and spent, or how it failed, as text (its type, message and
traceback, where the build was and, for a stopped build, the line of the brief's template):
never the live exception, which may not survive pickling (a ``BuildError`` came back as its
characters, an exception whose constructor takes other arguments failed to unpickle). The
process that asked says it all as a build in one process would (``Outcome.replay``).

One pool factory (``pool``) starts the processes: forked, so that what this process
loaded is theirs, killed when this one dies, deaf to Ctrl-C (this process answers it and
stops them), and stopped by their own clock a second before the build's time limit.
"""
from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import signal
import time
import traceback
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from brief.diagnostics import Loc, TimeLimit, template_line, working_on
from brief.lifetime import die_with_parent
from brief.timings import STAGES


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
    said: str = ""  # its standard output
    warned: str = ""  # its standard error
    spent: dict[str, float] = field(default_factory=dict)  # seconds per stage
    failure: Failure | None = None

    def replay(self, since: str = "") -> Any:
        """Print what the job printed, count its stages as run beside this process's stage
        ``since``, and give its value, or raise what it raised."""
        import sys
        sys.stdout.write(self.said)
        sys.stderr.write(self.warned)
        if since:
            STAGES.alongside(self.spent, since)
        if (failure := self.failure) is not None:
            working_on.set(failure.working_on)
            raise TimeLimit(failure.place) if failure.stopped else Failed(failure)
        return self.value


def captured(job: Callable[..., Any], *args: Any) -> Outcome:
    """``job(*args)`` with its output captured and any exception turned into words."""
    STAGES.begin()
    said, warned = io.StringIO(), io.StringIO()
    failure = value = None
    with redirect_stdout(said), redirect_stderr(warned):
        try:
            value = job(*args)
        except BaseException as raised:  # noqa: BLE001  (said by the process that asked)
            failure = Failure(type(raised).__name__, str(raised), traceback.format_exc(),
                              working_on.get(), isinstance(raised, TimeLimit),
                              (raised.place or template_line(raised))
                              if isinstance(raised, TimeLimit) else None)
    STAGES.mark("done")
    spent = {"loading its libraries": STAGES.spent.pop("starting", 0.0), **STAGES.spent}
    return Outcome(value, said.getvalue(), warned.getvalue(), spent, failure)


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
    """A pool of one process for ``captured`` jobs (its futures give ``Outcome``s),
    started at once; ``shutdown`` stops it whatever it is doing."""

    def __init__(self, deadline: float | None = None) -> None:
        with interrupts_held():  # a Ctrl-C now is answered once the worker is known
            self.pool = pool(1, deadline)
            self.pid = self.pool.submit(os.getpid)  # (forks now)

    def submit(self, job: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self.pool.submit(captured, job, *args)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            os.kill(self.pid.result(), signal.SIGKILL)
        except (ProcessLookupError, BrokenProcessPool):
            pass
        self.pool.shutdown(wait=True, cancel_futures=True)


def worth_it() -> bool:
    """Is a second process worth starting to read the brief while this one loads the
    typesetter? Only for a cold build (the typesetter not loaded yet) with ``fork`` and
    more than one core."""
    import sys
    return ("weasyprint" not in sys.modules and hasattr(os, "fork")
            and (os.cpu_count() or 1) > 1 and not os.environ.get("BRIEF_BUILDER_ONE_PROCESS"))


class Later:
    """``value`` as another process sends it: pickled apart, unpickled where first used,
    but for the attributes ``eager``, at hand at once. For the parsed brief: unpickling its
    sections (markdown-it's tokens: its modules load first) took the building process 30 ms,
    and it needs them only to render the HTML again, to repair a layout."""

    def __init__(self, value: Any, **eager: Any) -> None:
        self.__dict__.update(eager, _value=value, _data=b"")

    def __getstate__(self) -> dict:
        data = self._data if self._value is None else \
            pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL)
        return {**self.__dict__, "_value": None, "_data": data}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:  # (only what is not at hand)
        if self._value is None:
            self._value = pickle.loads(self._data)
        return getattr(self._value, name)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) waits until the block ends: between a fork and the moment the caller
    holds the child to stop it, an interruption would leave the child running."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
