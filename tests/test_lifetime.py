"""How long the builder's processes and Pandoc may live and what they may take
(brief/lifetime.py): the time limit, a child that dies with its parent, Pandoc's heap."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from brief import lifetime
from brief.diagnostics import TimeLimit


def test_pandoc_runs_with_its_heap_bounded_and_running_out_is_said() -> None:
    assert lifetime.bounded_pandoc("/bin/pandoc") == ["/bin/pandoc", "+RTS", "-M2000m", "-RTS"]
    assert lifetime.out_of_memory("pandoc: Heap exhausted;\n") == \
        "it ran out of memory (2 GB)"
    assert lifetime.out_of_memory("pandoc: cannot parse") is None


def test_a_limit_in_megabytes_is_said_in_megabytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifetime, "MEMORY", 1_500_000_000)
    assert lifetime.bounded_pandoc("p")[2] == "-M1500m"
    assert lifetime.out_of_memory("Heap exhausted") == "it ran out of memory (1500 MB)"


def test_the_time_limit_interrupts_the_build_and_is_taken_down_after() -> None:
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(TimeLimit):
        with lifetime.time_limit(1) as deadline:
            assert deadline == pytest.approx(started + 1, abs=0.2)
            time.sleep(5)
    assert time.monotonic() - started < 3
    assert signal.getsignal(signal.SIGALRM) is before and signal.alarm(0) == 0
    with lifetime.time_limit(0) as deadline:  # (no limit)
        assert deadline is None and signal.alarm(0) == 0
    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append(
        lifetime.time_limit(5).__enter__()))  # (signals arrive in the main thread only)
    thread.start()
    thread.join()
    assert found == [None]


def test_a_child_dies_with_the_process_that_started_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A parent (here a short Python) starts a long child with ``started_by_me`` and is
    killed: the child goes too."""
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        f"sys.path.insert(0, {os.getcwd()!r})\n"
        "from brief.lifetime import started_by_me\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'],"
        " preexec_fn=started_by_me())\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())  # type: ignore[union-attr]
        os.kill(child, 0)  # (alive)
        parent.kill()
        parent.wait()
        for _ in range(50):
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            with open(f"/proc/{child}/stat") as stat:  # (gone, not yet collected: a zombie)
                if stat.read().split()[2] == "Z":
                    break
            time.sleep(0.1)
        else:
            pytest.fail("the child outlived its parent")
    finally:
        parent.kill()


def test_a_process_asks_to_be_killed_when_its_parent_dies() -> None:
    """(In this process, then put back: the signal its parent's death sends, read back.)"""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    asked = ctypes.c_int(-1)
    try:
        lifetime.die_with_parent(os.getppid())
        assert libc.prctl(2, ctypes.byref(asked), 0, 0, 0) == 0  # (PR_GET_PDEATHSIG)
        assert asked.value == signal.SIGKILL
    finally:
        libc.prctl(1, 0, 0, 0, 0)  # (PR_SET_PDEATHSIG: none, as before)


def test_a_child_whose_parent_died_before_it_asked_dies_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(Its parent is not the one it was started by: it died between the fork and the
    ask. In this process: the ask and the exit recorded.)"""
    import ctypes
    done: list[tuple] = []

    class Libc:
        def prctl(self, *args: int) -> int:
            done.append(("prctl", *args))
            return 0
    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    monkeypatch.setattr(os, "_exit", lambda status: done.append(("exit", status)))
    lifetime.die_with_parent(os.getppid())
    assert done == [("prctl", 1, signal.SIGKILL)]
    lifetime.die_with_parent(os.getppid() + 1)
    assert done[1:] == [("prctl", 1, signal.SIGKILL), ("exit", 1)]
