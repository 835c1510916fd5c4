"""Running part of a build in another process (brief/run/processes.py), in this process and
in processes forked from it: what a job returns, prints and raises comes back as plain data
and is said as the job would have said it here."""
from __future__ import annotations

import os
import pickle
import signal
import sys

import pytest

from brief.diagnostics import BuildError, Diagnostic, Loc, TimeLimit, working_on
from brief.run import processes
from brief.run.processes import Failed, Outcome, Worker, captured, in_order
from brief.timings import STAGES, stage


class TwoArguments(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def talking(value: int) -> int:
    print(f"said {value}")
    print(f"warned {value}", file=sys.stderr)
    if value == 21:  # (and a line said after the warning)
        sys.stdout.write("wrote 21\n")
    stage("reading the inputs")
    return value * 2


def raising(kind: str) -> None:
    working_on.set("resolving")
    raise {"build": BuildError([Diagnostic(Loc("content/brief.yaml", 3), "error", "gave up")]),
           "os": OSError(28, "No space left on device"),
           "two": TwoArguments("one", "two"),
           "limit": TimeLimit(Loc("templates/brief.html.j2", 9))}[kind]


def test_a_job_s_value_output_and_stages_come_back_as_plain_data(
        capsys: pytest.CaptureFixture) -> None:
    outcome = captured(talking, 21)
    assert (outcome.value, outcome.failure) == (42, None)
    assert outcome.printed == ((False, "said 21"), (False, "\n"), (True, "warned 21"),
                               (True, "\n"), (False, "wrote 21\n"))  # (print: two writes)
    assert set(outcome.spent) == {"loading its libraries", "reading the inputs"}
    assert all(seconds >= 0 for seconds in outcome.spent.values())
    assert capsys.readouterr() == ("", "")  # (captured, not printed)
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert outcome.replay() == 42
    assert capsys.readouterr() == ("said 21\nwrote 21\n", "warned 21\n")


def test_what_a_job_printed_is_printed_in_its_order_across_the_two_streams(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning said before the line that says what was written comes before it, as in
    one process; each stream is flushed before the other is written to."""
    seen: list[str] = []

    class Stream:
        def __init__(self, name: str) -> None:
            self.name = name

        def write(self, text: str) -> None:
            seen.append(f"{self.name}:{text}")

        def flush(self) -> None:
            seen.append(f"{self.name} flushed")

    outcome = captured(talking, 21)
    monkeypatch.setattr(sys, "stdout", Stream("out"))
    monkeypatch.setattr(sys, "stderr", Stream("err"))
    outcome.replay()
    monkeypatch.undo()
    assert seen == ["err flushed", "out:said 21", "err flushed", "out:\n", "out flushed",
                    "err:warned 21", "out flushed", "err:\n", "err flushed", "out:wrote 21\n"]


@pytest.mark.parametrize("kind, name, message", [
    ("build", "BuildError", "content/brief.yaml:3: error: gave up"),
    ("os", "OSError", "[Errno 28] No space left on device"),
    ("two", "TwoArguments", "one and two")])
def test_what_a_job_raises_comes_back_in_words_and_is_raised_as_failed(
        kind: str, name: str, message: str) -> None:
    outcome = pickle.loads(pickle.dumps(captured(raising, kind)))
    failure = outcome.failure
    assert (failure.kind, failure.message, failure.working_on, failure.stopped,
            failure.place) == (name, message, "resolving", False, None)
    assert failure.traceback.startswith("Traceback") and f"{name}" in failure.traceback
    working_on.set("")
    with pytest.raises(Failed) as raised:
        outcome.replay()
    assert raised.value.failure == failure and str(raised.value) == message
    assert working_on.get() == "resolving"  # (where it was, as the building process says it)


def test_the_time_limit_in_a_job_is_the_time_limit_here_at_its_line() -> None:
    outcome = captured(raising, "limit")
    assert outcome.failure.stopped and outcome.failure.place == Loc("templates/brief.html.j2",
                                                                     9)
    with pytest.raises(TimeLimit) as raised:
        outcome.replay()
    assert raised.value.place == Loc("templates/brief.html.j2", 9)


def _stopped_in_a_template() -> None:
    exec(compile("\nraise TimeLimit(None)", "templates/brief.html.j2", "exec"),
         {"TimeLimit": TimeLimit})


def test_the_time_limit_met_in_a_template_is_placed_at_the_template_s_line() -> None:
    """(Jinja names a template's frames after it: where the limit struck is found there.)"""
    outcome = captured(_stopped_in_a_template)
    assert outcome.failure.stopped and outcome.failure.place == Loc("templates/brief.html.j2",
                                                                     2)


def test_a_job_s_stages_are_counted_beside_the_stage_it_ran_alongside() -> None:
    STAGES.begin()
    stage("loading the typesetter")
    Outcome(1, spent={"reading the inputs": 0.25}).replay("loading the typesetter")
    report = STAGES.report()
    assert "reading the inputs (in parallel)" in report and "0.25 s" in report


def test_a_job_replayed_alone_keeps_what_ran_beside_another_stage() -> None:
    STAGES.begin()
    stage("loading the typesetter")
    Outcome(1, spent={"reading the inputs": 0.25}).replay("loading the typesetter")
    assert Outcome(2, spent={"typesetting": 9.0}).replay() == 2  # (an edition's, after)
    report = STAGES.report()
    assert "reading the inputs (in parallel)" in report and "typesetting" not in report


def test_jobs_side_by_side_are_given_to_as_many_processes_with_the_time_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor
    asked: list[tuple] = []
    monkeypatch.setattr(processes, "pool", lambda workers, deadline: asked.append(
        (workers, deadline)) or ThreadPoolExecutor(1))
    assert in_order([(len, ("ab",)), (len, ("abc",)), (len, ("",))], 99.5) == [2, 3, 0]
    assert asked == [(3, 99.5)]


def test_a_worker_does_its_jobs_in_order_in_one_forked_process(
        capsys: pytest.CaptureFixture) -> None:
    worker = Worker()
    try:
        assert worker.pid and worker.pid != os.getpid()
        first = worker.submit(talking, 1)
        second = worker.submit(raising, "two")
        third = worker.submit(os.getpid)
        fourth = worker.submit(int, "ff", base=16)  # (keyword arguments cross too)
        assert second.result().failure.kind == "TwoArguments"  # (waits for the first too)
        assert first.done() and first.result().value == 2
        assert third.result().value == worker.pid and fourth.result().value == 255
    finally:
        worker.shutdown()
    assert worker.pid == 0
    with pytest.raises(ProcessLookupError):
        os.kill(third.result().value, 0)  # (stopped and collected)
    assert capsys.readouterr() == ("", "")


def test_a_value_that_cannot_cross_back_is_a_failure_and_a_stopped_worker_fails_its_jobs(
        ) -> None:
    worker = Worker()
    try:
        outcome = worker.submit(_unpicklable).result()
        assert outcome.failure.kind in ("PicklingError", "AttributeError", "TypeError")
        waiting = worker.submit(_sleeping)
        os.kill(worker.pid, signal.SIGKILL)
        with pytest.raises(RuntimeError, match="^the worker stopped$"):
            waiting.result()
    finally:
        worker.shutdown()


def test_a_worker_shut_down_fails_the_jobs_still_waiting() -> None:
    worker = Worker()
    waiting = worker.submit(_sleeping)
    worker.shutdown()
    with pytest.raises(RuntimeError, match="^the worker was stopped$"):
        waiting.result()


def _unpicklable() -> object:
    return lambda: None


def _sleeping() -> None:
    import time
    time.sleep(30)


def test_jobs_side_by_side_print_in_the_order_given(capsys: pytest.CaptureFixture) -> None:
    assert in_order([(talking, (1,)), (talking, (2,)), (talking, (3,))]) == [2, 4, 6]
    assert capsys.readouterr() == ("said 1\nsaid 2\nsaid 3\n",
                                   "warned 1\nwarned 2\nwarned 3\n")
    with pytest.raises(Failed, match="one and two"):
        in_order([(talking, (1,)), (raising, ("two",))])


def test_only_a_cold_build_on_several_cores_reads_in_a_second_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not once the typesetter is loaded, nor on one core (or a count unknown), nor when
    BRIEF_BUILDER_ONE_PROCESS is set."""
    import weasyprint  # noqa: F401  (loaded, as in a warm build)
    assert not processes.worth_it()
    monkeypatch.delitem(sys.modules, "weasyprint")
    monkeypatch.delenv("BRIEF_BUILDER_ONE_PROCESS", raising=False)
    seen = []
    for cores in (2, 1, None):
        monkeypatch.setattr(os, "cpu_count", lambda: cores)
        seen.append(processes.worth_it())
    monkeypatch.setenv("BRIEF_BUILDER_ONE_PROCESS", "1")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert seen + [processes.worth_it()] == [True, False, False, False]


def test_as_many_processes_as_jobs_up_to_twice_the_cores(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert [processes.processes(n) for n in (0, 1, 3, 4, 9)] == [1, 1, 3, 4, 4]
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert processes.processes(5) == 2


def test_a_second_process_is_worth_it_only_for_a_cold_build_on_several_cores(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.delenv("BRIEF_BUILDER_ONE_PROCESS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert processes.worth_it()
    monkeypatch.setenv("BRIEF_BUILDER_ONE_PROCESS", "1")
    assert not processes.worth_it()
    monkeypatch.delenv("BRIEF_BUILDER_ONE_PROCESS")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not processes.worth_it()
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setitem(sys.modules, "weasyprint", sys)
    assert not processes.worth_it()


def test_a_ctrl_c_while_held_is_answered_as_the_block_ends() -> None:
    answered: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: answered.append(number))
    try:
        with processes.interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            assert answered == []
        assert answered == [signal.SIGINT]
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        with pytest.raises(KeyboardInterrupt):
            with processes.interrupts_held():
                os.kill(os.getpid(), signal.SIGINT)
        with processes.interrupts_held():
            pass  # (none: nothing raised)
    finally:
        signal.signal(signal.SIGINT, previous)


def how_started() -> tuple[float, object, object]:
    """In a process of the pool: the time left on its clock, what Ctrl-C does to it, and
    whether it draws a progress line."""
    return signal.getitimer(signal.ITIMER_REAL)[0], signal.getsignal(signal.SIGINT), \
        STAGES.progress


def test_a_pool_s_processes_leave_ctrl_c_to_this_one_and_stop_before_the_time_limit(
        ) -> None:
    import time
    with processes.pool(1, deadline=time.monotonic() + 60) as workers:
        left, interrupt, progress = workers.submit(how_started).result()
    assert 30 < left <= 59 and interrupt == signal.SIG_IGN and progress is None
    with processes.pool(1, deadline=time.monotonic() - 5) as workers:
        assert 0 < workers.submit(how_started).result()[0] <= 0.1  # (at once, not never)
    with processes.pool(1) as workers:
        assert workers.submit(how_started).result()[:2] == (0.0, signal.SIG_IGN)


def test_the_worker_stops_before_the_time_limit_too() -> None:
    import time
    worker = Worker(deadline=time.monotonic() + 60)
    try:
        left, interrupt, progress = worker.submit(how_started).result().value
    finally:
        worker.shutdown()
    assert 30 < left <= 59 and interrupt == signal.SIG_IGN and progress is None


def test_a_worker_that_cannot_be_forked_is_an_error_and_signals_no_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    signalled: list[int] = []

    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", no_fork)
    monkeypatch.setattr(os, "kill", lambda pid, signal: signalled.append(pid))
    with pytest.raises(OSError):
        Worker()
    assert signalled == []


def test_a_process_started_for_jobs_dies_with_its_parent_and_leaves_ctrl_c_to_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``_started``, the first thing a forked process does, in this process with what it
    does to a process recorded instead of done."""
    import time

    from brief.timings import Progress
    done: list[tuple] = []
    monkeypatch.setattr(processes, "die_with_parent", lambda pid: done.append(("die", pid)))
    monkeypatch.setattr(signal, "signal", lambda *given: done.append(("signal", *given)))
    monkeypatch.setattr(signal, "pthread_sigmask", lambda *given: done.append(("mask", *given)))
    monkeypatch.setattr(signal, "setitimer", lambda *given: done.append(("timer", *given)))
    monkeypatch.setattr(STAGES, "progress", Progress.__new__(Progress))
    processes._started(41, None)
    assert done == [("die", 41), ("signal", signal.SIGINT, signal.SIG_IGN),
                    ("mask", signal.SIG_UNBLOCK, {signal.SIGINT})]
    assert STAGES.progress is None
    done.clear()
    processes._started(41, time.monotonic() + 10)
    assert done[-1][:2] == ("timer", signal.ITIMER_REAL) and 8.5 < done[-1][2] <= 9
    processes._started(41, time.monotonic())
    assert done[-1] == ("timer", signal.ITIMER_REAL, 0.1)


def test_a_ctrl_c_during_the_worker_s_fork_stops_the_worker_and_reaps_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:  # (in this process: a Ctrl-C arrives while it is held)
            forked.append(pid)
            os.kill(os.getpid(), signal.SIGINT)
        return pid
    monkeypatch.setattr(os, "fork", fork)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            processes.Worker()
    finally:
        signal.signal(signal.SIGINT, previous)
    [pid] = forked
    with pytest.raises(ChildProcessError):  # (reaped: no zombie left behind)
        os.waitpid(pid, os.WNOHANG)


def test_the_worker_s_loop_answers_each_job_in_order_and_ends_when_the_parent_closes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``_serve``, the forked worker's loop, in this process: each job's outcome sent back
    as it is done (a value that cannot cross back, in words), and a clean exit once the
    parent closes its end; what would end the process is recorded instead."""
    import socket
    import threading

    class Exited(Exception):
        pass

    started: list[tuple] = []
    exits: list[int] = []

    def exit_(status: int) -> None:
        exits.append(status)
        raise Exited
    monkeypatch.setattr(processes, "_started", lambda parent, deadline: started.append(
        (parent, deadline)))
    monkeypatch.setattr(processes.os, "_exit", exit_)
    working_on.set("finishing the PDF")
    ours, theirs = socket.socketpair()
    with ours, theirs:
        with ours.makefile("wb") as jobs:
            for job in ((len, ("abc",)), (print, ("said",)), (threading.Lock, ())):
                pickle.dump(job, jobs)
        ours.shutdown(socket.SHUT_WR)
        with pytest.raises(Exited):
            processes._serve(theirs, 41, 9.5)
        theirs.close()  # (as the process's end would: what it did not send is never sent)
        with ours.makefile("rb") as answers:
            outcomes = [pickle.load(answers) for _ in range(3)]
    assert (started, exits) == ([(41, 9.5)], [0])
    assert [o.value for o in outcomes[:2]] == [3, None]
    assert outcomes[1].printed == ((False, "said"), (False, "\n"))
    assert outcomes[2].failure is not None and outcomes[2].failure.kind == "TypeError"
    assert "pickle" in outcomes[2].failure.message
    assert outcomes[2].failure.traceback.startswith("Traceback (most recent call last):")
    assert outcomes[2].failure.working_on == "finishing the PDF"
    ours, theirs = socket.socketpair()  # (what is no job: the process ends, failed)
    with ours, theirs:
        ours.sendall(b"no pickle")
        ours.shutdown(socket.SHUT_WR)
        with pytest.raises(Exited):
            processes._serve(theirs, 41, None)
    assert exits == [0, 1]


def test_a_pool_forks_only_the_processes_it_is_given() -> None:
    from brief.run.processes import pool
    with pool(1) as workers:
        assert workers.submit(os.getpid).result() != os.getpid()
        assert len(workers._processes) == 1  # (not one per core)
