"""The command line (brief/cli.py) in this process, the build itself stood in for: which
build each command asks for, with which options, and how a build that is stopped,
interrupted or fails by a bug of ours is said."""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest

from brief import cli
from brief.diagnostics import Loc, TimeLimit, working_on
from brief.options import Options, Result


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[Options]:
    """The options of each build asked for (each then succeeds)."""
    seen: list[Options] = []

    def build(options: Options, say: object, deadline: float | None) -> Result:
        seen.append(options)
        return Result(0)
    monkeypatch.setattr("brief.building.build_unless_unchanged", build)
    return seen


def test_one_folder_is_built_with_its_options_and_named_in_messages(
        asked: list[Options]) -> None:
    assert cli.main(["../water", "--paper", "letter", "--print", "--strict", "--time-limit",
                     "30", "--editions", "screen,print"]) == 0
    [options] = asked
    assert (options.root, options.prefix, options.paper, options.print_, options.strict,
            options.time_limit, options.editions, options.draft) == (
        Path("../water"), "../water/", "letter", True, True, 30, "screen,print", False)
    asked.clear()
    assert cli.main(["briefs/one/"]) == 0
    assert (asked[0].root, asked[0].prefix) == (Path("briefs/one/"), "briefs/one/")
    asked.clear()  # (a folder named as it is, however it is spelled; the root is "/")
    for folder in ("/srv/boX", "/srv/a b ", "/"):
        assert cli.main([folder]) == 0
    assert [o.prefix for o in asked] == ["/srv/boX/", "/srv/a b /", "/"]


def test_the_command_reads_its_own_arguments_when_given_none(
        asked: list[Options], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["brief-builder", "there", "--draft"])
    assert cli.main() == 0
    assert (asked[0].root, asked[0].draft) == (Path("there"), True)


def test_several_folders_are_built_side_by_side_with_the_other_options(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    calls: list[tuple] = []
    monkeypatch.setattr(cli, "build_many", lambda folders, given: calls.append(
        (folders, given)) or 5)
    assert cli.main(["a", "--draft", "b", "--paper", "a4"]) == 5
    assert calls == [([Path("a"), Path("b")], ["--draft", "--paper", "a4"])]
    assert cli.main(["a", "b", "--watch"]) == 2
    assert capsys.readouterr().err == f"{cli.PROG}: error: --watch watches one brief; run " \
                                      "one command per brief\n"


def test_several_folders_are_each_a_main_of_its_own_options_and_the_worst_status_is_theirs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    jobs: list[list] = []
    monkeypatch.setattr("brief.run.processes.in_order", lambda given: jobs.append(given)
                        or [0, 1, 0])
    assert cli.build_many([Path("a"), Path("b"), Path("c")], ["--draft"]) == 1
    assert jobs == [[(cli.main, (["--draft", "a"],)), (cli.main, (["--draft", "b"],)),
                     (cli.main, (["--draft", "c"],))]]


def _stopped(raised: BaseException):  # type: ignore[no-untyped-def]
    def build(options: Options, say: object, deadline: float | None) -> Result:
        working_on.set("laying out the pages")
        raise raised
    return build


@pytest.mark.parametrize("raised, prefix, said", [
    (TimeLimit(Loc("content/01-a.md", 4)), "w/",
     "w/content/01-a.md:4: error: the build took longer than 7 s here and was stopped; the "
     "previous outputs were left unchanged. Is an input unusually large? (--time-limit sets "
     "the limit)\n"),
    (TimeLimit(None), "",
     "PROG: error: the build took longer than 7 s (while laying out the pages) and was "
     "stopped; the previous outputs were left unchanged. Is an input unusually large? "
     "(--time-limit sets the limit)\n"),
    (KeyboardInterrupt(), "", "PROG: interrupted; the previous outputs were left unchanged\n"),
    (ZeroDivisionError("division by zero"), "",
     "PROG: internal error while laying out the pages: ZeroDivisionError: division by zero; "
     "this is a bug in the builder, not in your brief: please report it with that input (run "
     "with --debug for the details); the previous outputs were left unchanged\n"),
    (ValueError("v" * 300), "",  # (a long message: its first 200 characters)
     f"PROG: internal error while laying out the pages: ValueError: {'v' * 200}; this is a "
     "bug in the builder, not in your brief: please report it with that input (run with "
     "--debug for the details); the previous outputs were left unchanged\n"),
])
def test_a_stopped_interrupted_or_failed_build_is_one_message(
        raised: BaseException, prefix: str, said: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("brief.building.build_unless_unchanged", _stopped(raised))
    result = cli.run_once(Options(prefix=prefix, time_limit=7))
    assert result.status == (130 if isinstance(raised, KeyboardInterrupt) else 1)
    assert capsys.readouterr() == ("", said.replace("PROG", cli.PROG))


def test_the_build_is_given_the_time_limit_s_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deadline reaches the build (its second process stops itself a second before it,
    to say where it was)."""
    given: list[float | None] = []
    monkeypatch.setattr("brief.building.build_unless_unchanged",
                        lambda options, say, deadline: given.append(deadline) or Result(0))
    before = time.monotonic()
    assert cli.run_once(Options(time_limit=7)).status == 0
    assert cli.run_once(Options(time_limit=0)).status == 0
    [deadline, none] = given
    assert before + 7 <= deadline <= time.monotonic() + 7 and none is None


def test_debug_adds_the_traceback_and_timings_the_report(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("brief.building.build_unless_unchanged",
                        _stopped(ZeroDivisionError("division by zero")))
    assert cli.run_once(Options(debug=True)).status == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and \
        "ZeroDivisionError: division by zero\n" in err
    assert cli.run_once(Options(timings=True)).status == 1
    err = capsys.readouterr().err
    assert "internal error" in err and err.splitlines()[-1].startswith("  total ")
    assert "\ntimings:\n" in err
    monkeypatch.setattr("brief.building.build_unless_unchanged",
                        _stopped(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):  # (a watch ends)
        cli.run_once(Options(watch=True))


def test_a_bug_met_in_the_second_process_is_said_with_its_own_kind_and_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """Not as the ``Failed`` that carried it here, nor with this process's traceback."""
    from brief.run.processes import Failed, Failure
    trace = "Traceback (most recent call last):\n  (in the other process)\nKeyError: 'x'\n"
    monkeypatch.setattr("brief.building.build_unless_unchanged", _stopped(Failed(Failure(
        "KeyError", "'x'", trace, "reading the inputs"))))
    assert cli.run_once(Options(debug=True)).status == 1
    assert capsys.readouterr().err == trace + (
        f"{cli.PROG}: internal error while laying out the pages: KeyError: 'x'; this is a "
        "bug in the builder, not in your brief: please report it with that input (run with "
        "--debug for the details); the previous outputs were left unchanged\n")


def test_a_watch_watches_one_brief(monkeypatch: pytest.MonkeyPatch) -> None:
    watched: list[tuple] = []
    warmed: list[Options] = []
    monkeypatch.setattr("brief.run.watch.watch_brief",
                        lambda options, once, warm: watched.append((options, once)) or warm()
                        or 0)
    monkeypatch.setattr("brief.building.warm_for_rebuilds", warmed.append)
    assert cli.main(["w", "--watch"]) == 0
    [(options, once)] = watched
    assert (options.root, options.watch, once) == (Path("w"), True, cli.run_once)
    assert warmed == [options]  # (the watch warms up for the options it builds with)


def test_the_advice_names_the_command_as_it_was_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.argv", ["/usr/local/bin/brief-builder"])
    assert cli.invoked_as() == "brief-builder"
    monkeypatch.setattr("sys.argv", ["build.py"])
    assert cli.invoked_as() == "python build.py"


def test_the_command_exits_with_main_s_status_and_answers_sigterm_as_ctrl_c(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``command()``: what was printed flushed, the exit handlers run, then an exit that
    skips tearing the interpreter down with main's status; SIGTERM raises what Ctrl-C does,
    so that a watch's clean-up runs; the programs it runs keep their files in its run
    folder."""
    import atexit
    import os
    import signal
    import sys

    from brief.cache import run_folder
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # (command() wraps them: put back after)
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    previous = signal.getsignal(signal.SIGTERM)
    exits: list[int] = []

    def leave(status: int) -> None:
        exits.append(status)
        raise SystemExit(status)
    monkeypatch.setattr(os, "_exit", leave)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: exits.append(-1))  # (not this
    monkeypatch.setattr(cli, "main", lambda: 3)  # test process's own, which it needs)
    try:
        with pytest.raises(SystemExit):
            cli.command()
        assert exits == [-1, 3] and os.environ["TMPDIR"] == str(run_folder())
        monkeypatch.setattr(cli, "main", lambda: os.kill(os.getpid(), signal.SIGTERM))
        with pytest.raises(KeyboardInterrupt):
            cli.command()
        assert exits == [-1, 3]
        monkeypatch.setattr(cli, "main", lambda: None)
        with pytest.raises(SystemExit):
            cli.command()
        assert exits == [-1, 3, -1, 0]

        class Gone(io.StringIO):  # (the reader of the output went away)
            def write(self, text: str) -> int:
                raise BrokenPipeError
        for status, exit_ in ((None, 120), (2, 2)):
            monkeypatch.setattr(sys, "stdout", Gone())
            monkeypatch.setattr(cli, "main", lambda: print("wrote brief.pdf") or status)
            with pytest.raises(SystemExit):
                cli.command()
            assert exits[-1] == exit_
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_the_time_limit_is_600_s_by_default_as_docs_errors_says_and_a_book_names_the_pages(
        ) -> None:
    """(``--in-book``, hidden from --help, is how a book's build hands a brief its pages.)"""
    from brief.home import TOOL_ROOT
    text = (TOOL_ROOT / "docs/errors.md").read_text("utf-8")
    default = cli.parse_args([]).time_limit
    assert f"`--time-limit` seconds ({default} by default)" in text and default == 600
    assert cli.parse_args(["--in-book", "3,20,title-page"]).in_book == "3,20,title-page"


def test_the_default_brief_is_the_checkout_s_own_or_for_an_installed_command_the_current_folder(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from brief import cli
    from brief.home import TOOL_ROOT
    assert cli.parse_args([]).root == TOOL_ROOT
    monkeypatch.setattr(cli, "IN_CHECKOUT", False)
    assert cli.parse_args([]).root == Path(".")
