"""Read, parse and resolve the brief in a second process while this one loads the typesetter.

Loading WeasyPrint takes a cold build about 1.2 s of one core, before any page is laid out;
the builder's own libraries and the reading, parsing and resolving of the brief take most of
another second. Done one after the other they made the builder's fixed cost a fifth of a
17-page build. With a second core, a cold build forks before loading the typesetter: the
child does ``work`` (its output captured), the parent loads WeasyPrint meanwhile, then
receives what the child made — pickled, through a pipe — and what it printed, and says it
in the order a build in one process would have.

Then the child stays, for work the parent hands it (``beside``): it loads the libraries
that finish and check the PDF (pikepdf, lxml) while the parent lays out the pages, and
finishes the PDF while the parent checks the layout. The parent never loads them.

Used only where it pays and is safe: a cold build (the typesetter not loaded yet), on a
system with ``fork`` and more than one core. A watch's rebuilds and the briefs and editions
built in forked processes have the typesetter loaded already and work in one process.
"""
from __future__ import annotations

import importlib
import io
import os
import pickle
import signal
import struct
import sys
import time
import traceback
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from typing import Any, Callable, Iterator

from brief.lifetime import die_with_parent
from brief.model import TimeLimit, template_line, working_on
from brief.timings import STAGES


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
    raises what it raised), after writing what it printed. Then the child loads the modules
    ``then`` and runs what ``beside`` asks of it, until ``close()``."""

    def __init__(self, work: Callable[[], Any], debug: bool = False,
                 then: tuple[str, ...] = (), deadline: float | None = None) -> None:
        """``deadline`` (``time.monotonic()``): the child stops its work with ``TimeLimit``
        a second before it, so that what it was doing can be said; the parent's own limit
        stops the child in any case."""
        read, write = os.pipe()
        (asked, ask), (answered, answer) = (os.pipe(), os.pipe()) if then else ((-1,) * 2,) * 2
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            die_with_parent(parent)
            for end in (read, ask, answered):
                _close(end)
            if deadline is not None:
                signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic() - 1, 0.1))
            _child(work, write, debug, then, asked, answer)
        for end in (write, asked, answer):
            _close(end)
        self.read: int | None = read
        self.ask, self.answered = ask, answered
        self.parent, self.then = os.getpid(), then
        self.since = STAGES.label
        if then:
            _SERVING[:] = [self]

    def result(self) -> Any:
        assert self.read is not None
        pipe, self.read = os.fdopen(self.read, "rb"), None  # (the file closes it now)
        with pipe:
            data = pipe.read()
        if not self.then:
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

    def call(self, module: str, function: str, *args: Any) -> Callable[[], Any] | None:
        """Ask the child for ``module.function(*args)``; the returned function waits for the
        answer. None if the child cannot be asked (it stopped, or this is another process)."""
        if os.getpid() != self.parent or not self.pid or not self.then or self.read is not None:
            return None
        try:
            _send(self.ask, (module, function, args))
        except OSError:  # (it stopped)
            return None

        def answer() -> Any:
            if (reply := _receive(self.answered)) is None:  # it stopped: done here instead
                return _run(module, function, args)
            outcome, value = reply
            if outcome == "raised":
                raise value
            return value
        return answer

    def close(self) -> None:
        """Stop the child (it waits for work, or still reads, if the parent failed, was
        interrupted or ran out of time), then close this end of the pipes."""
        if self in _SERVING:
            _SERVING.remove(self)
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap()
        ends = [e for e in (self.read, self.ask, self.answered) if e is not None]
        self.read, self.ask, self.answered = None, -1, -1
        for end in ends:
            _close(end)

    def _reap(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


class Later:
    """``value`` as the child sends it: pickled apart, unpickled where first used, but for
    the attributes ``eager``, at hand at once. For the parsed brief: unpickling its sections
    (markdown-it's tokens: its modules load first) took the building process 30 ms, and it
    needs them only to render the HTML again, to repair a layout."""

    def __init__(self, value: Any, **eager: Any) -> None:
        self.__dict__.update(eager, _value=value, _data=b"")

    def __getstate__(self) -> dict:
        data = pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL)
        return {**self.__dict__, "_value": None, "_data": data}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:  # (only what is not at hand)
        if self._value is None:
            self._value = pickle.loads(self._data)
        return getattr(self._value, name)


_SERVING: list[Alongside] = []  # the child that waits for work, if any


def _close(fd: int) -> None:
    if fd >= 0:
        os.close(fd)


def beside(module: str, function: str, *args: Any) -> Callable[[], Any]:
    """``module.function(*args)``, run by the child that read the brief if it waits for work
    (while this process goes on), else here when its value is asked; the returned function
    gives its value."""
    for ahead in _SERVING:
        if (answer := ahead.call(module, function, *args)) is not None:
            return answer
    return lambda: _run(module, function, args)


def _run(module: str, function: str, args: tuple) -> Any:
    return getattr(importlib.import_module(module), function)(*args)


def _send(fd: int, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = struct.pack("<Q", len(data)) + data
    while data:
        data = data[os.write(fd, data):]


def _receive(fd: int) -> Any:
    """The next message, or None if the pipe ends first."""
    if (size := _read(fd, 8)) is None or (data := _read(fd, *struct.unpack("<Q", size))) is None:
        return None
    return pickle.loads(data)


def _read(fd: int, size: int) -> bytearray | None:
    data = bytearray()
    while len(data) < size:
        if not (chunk := os.read(fd, size - len(data))):
            return None
        data += chunk
    return data


def _serve(then: tuple[str, ...], asked: int, answer: int) -> None:
    """Load the modules ``then``, and run the functions asked of this process until the
    parent stops asking."""
    for module in then:
        importlib.import_module(module)
    while (message := _receive(asked)) is not None:
        module, function, args = message
        try:
            reply = ("returned", _run(module, function, args))
        except Exception as failure:  # noqa: BLE001  (raised in the parent)
            reply = ("raised", failure)
        _send(answer, reply)


def _child(work: Callable[[], Any], write: int, debug: bool, then: tuple[str, ...],
           asked: int, answer: int) -> None:
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
        signal.setitimer(signal.ITIMER_REAL, 0)
        STAGES.mark("done")
        if isinstance(value, TimeLimit):  # where it was: said by the parent
            value.place = value.place or template_line(value)
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
        if then and outcome == "returned":
            _serve(then, asked, answer)
        status = 0
    finally:
        os._exit(status)
