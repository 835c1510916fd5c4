"""Fast feedback: a build that nothing changed is skipped without loading the typesetter;
--timings says where the time went; a terminal shows progress on long builds."""
from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, append, fixture_copy, process_status, run_build

import build

pytestmark = pytest.mark.build

SKIPPED = "nothing changed since the last build: output/brief.pdf (6 pages) and " \
          "output/brief.html are up to date\n"


def in_fresh_process(root: Path, *args: str) -> tuple[str, str, str]:
    """The command (``build.py``'s ``command()``) in a new process, its output piped:
    (what it printed, what it said on stderr, its status, whether it loaded WeasyPrint and
    whether the interpreter was torn down, which the command skips: its exit handlers run,
    what it printed is all there, objects are not freed one by one)."""
    code = ("import atexit, sys\n"
            "class Kept:\n    def __del__(self): print('torn down', flush=True)\n"
            "kept = Kept()\n"
            "atexit.register(lambda: print('weasyprint', 'weasyprint' in sys.modules))\n"
            "from brief.cli import command\ncommand()\n")
    done = subprocess.run([sys.executable, "-c", code, "--root", str(root), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    *said, last = done.stdout.splitlines(keepends=True)
    return "".join(said), done.stderr, f"status {done.returncode} {last.strip()}"


def test_a_build_that_nothing_changed_is_skipped_and_says_so(mini: Path) -> None:
    append(mini / "content/brief.yaml", "page-budget: 4\n")  # a warning, said again
    status, out, err = run_build(mini)
    assert status == 0 and out.startswith("wrote output/brief.pdf (6 pages)")
    warning = "content/brief.yaml:28: warning: brief.pdf: 6 pages, more than the page " \
              "budget of 4 [page-budget]\n"
    assert err == warning
    assert in_fresh_process(mini) == (SKIPPED, warning, "status 0 weasyprint False")
    pdf = mini / "output/brief.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n")  # an output changed since
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    assert run_build(mini) == (0, SKIPPED, warning)
    append(mini / "content/02-annex.md", "\nOne more sentence.\n")  # an input changed
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    assert run_build(mini, "--force")[1].startswith("wrote output/brief.pdf")


def unprinted(folder: Path) -> tuple[int, str, int, bool]:
    """Cold builds of the mini brief whose output no one reads (both pipes closed before
    it says anything): its status, the modules it loaded (WeasyPrint, markdown-it,
    pikepdf); then, with an error in the brief, its status and whether the PDF was kept."""
    mini = fixture_copy(folder, "mini")
    loaded = folder / "loaded"
    code = ("import atexit, sys\n"
            f"atexit.register(lambda: open({str(loaded)!r}, 'w').write(' '.join("
            "str(m in sys.modules) for m in ('weasyprint', 'markdown_it', 'pikepdf'))))\n"
            "from brief.cli import command\ncommand()\n")

    def run(*args: str) -> int:
        process = subprocess.Popen([sys.executable, "-c", code, "--root", str(mini), *args],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        for stream in (process.stdout, process.stderr):
            stream.close()  # type: ignore[union-attr]  (before it says anything)
        return process.wait(timeout=120)
    pdf = mini / "output/brief.pdf"
    status = run("--check")
    written = pdf.stat().st_mtime_ns if pdf.is_file() else None
    said = loaded.read_text()
    append(mini / "content/01-first.md", "\nSee [@no-such-key].\n")
    return status, said, run(), written is not None and pdf.stat().st_mtime_ns == written


@pytest.mark.ahead.with_args(unprinted)
def test_a_build_whose_output_cannot_be_printed_goes_on_and_says_so_by_its_status(
        ahead: tuple[int, str, int, bool]) -> None:
    """When the reader of what the command prints goes away (``| head -1``), the build goes
    on and writes its outputs, what it says is dropped, and it exits 120 (as Python's own
    exit does when it cannot flush), not with an internal error. With a build's errors, 1.

    Also, of that cold build on several cores: the process that reads the brief parses the
    HTML and finishes the PDF; the building one loads the typesetter but not pikepdf."""
    assert (os.cpu_count() or 1) > 1, "this machine has one core: nothing runs alongside"
    status, loaded, failed, kept = ahead
    assert status == 120
    assert loaded == "True True False"  # (markdown-it: the parsed sections)
    assert failed == 1 and kept


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_timings_and_progress_on_a_terminal(mini: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """--timings prints seconds per stage; on a terminal, a progress line names the stage
    and the pages laid out (shown at once here; after two seconds normally), and is wiped."""
    monkeypatch.setenv("BRIEF_BUILDER_PROGRESS_AFTER", "0")
    shown = Terminal()
    with contextlib.redirect_stderr(shown):
        assert build.main(["--root", str(mini), "--timings"]) == 0
    text = shown.getvalue()
    assert re.search(r"\r\x1b\[Klaying out the pages, \d+ pages \(\d+ s\)", text)
    assert text[:text.index("timings:")].endswith("\r\x1b[K")  # wiped before the report
    report = text[text.index("timings:"):].splitlines()
    assert [line.split("  ")[1].strip() for line in report[1:-1]] == [
        "starting", "loading the typesetter", "reading the inputs", "parsing the sections",
        "resolving references and formatting citations", "rendering the HTML",
        "laying out the pages", "drawing the PDF", "checking the layout",
        "finishing the PDF and checking its fonts", "writing output/brief.pdf"]
    assert re.fullmatch(r"  total +\d+\.\d\d s", report[-1])
    quiet = io.StringIO()  # not a terminal: no progress line
    with contextlib.redirect_stderr(quiet):
        assert build.main(["--root", str(mini), "--force"]) == 0
    assert quiet.getvalue() == ""


def test_several_editions_from_one_reading_in_parallel(mini: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Each edition in a process forked after the brief is read, parsed and resolved, all at
    once up to twice the cores; the same bytes as when built alone; a draft is written even
    when the others cannot be."""
    from brief.run.processes import processes
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert [processes(n) for n in (1, 2, 3, 4, 9)] == [1, 2, 3, 4, 4]
    monkeypatch.undo()
    status, out, err = run_build(mini, "--editions", "screen,print,letter-draft")
    assert (status, err) == (0, "")
    assert [line.split(" (")[0] for line in out.splitlines()] == [
        f"wrote output/{stem}.pdf" for stem in ("brief", "brief-print", "brief-letter-draft")]
    together = (mini / "output/brief-print.pdf").read_bytes()
    assert run_build(mini, "--print", "--force")[0] == 0
    assert (mini / "output/brief-print.pdf").read_bytes() == together
    assert run_build(mini, "--editions", "screen,glossy")[0] == 2
    append(mini / "content/01-first.md", "\nSee [@no-such-key].\n")
    status, out, err = run_build(mini, "--editions", "screen,draft", "--force")
    assert status == 1 and out.startswith("wrote output/brief-draft.pdf")
    assert "build failed with 1 error(s); output/brief.pdf was left unchanged" in \
        err.splitlines()


def test_watch_rebuilds_on_each_change_keeps_the_last_good_pdf_and_stops_on_ctrl_c(
        mini: Path) -> None:
    """Also: its first build is a cold one, which reads the brief in a second process while
    the typesetter loads; its products are those of a build in one process (this one, where
    WeasyPrint is loaded already). The rebuild lays out only the section that changed. A
    change to the series' house file, outside the brief's folder, is seen too."""
    import queue
    import signal
    import threading
    assert (os.cpu_count() or 1) > 1, "this machine has one core: nothing runs alongside"
    house = mini.parent / "house.yaml"  # (a series' house file, outside the brief's folder)
    house.write_text("colours: {accent: '#224466'}\n")
    with (mini / "content/brief.yaml").open("a") as file:
        file.write("house: {file: ../../house.yaml}\n")
    assert run_build(mini)[0] == 0
    alone = [(mini / "output" / name).read_bytes() for name in ("brief.pdf", "brief.html")]
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(mini), "--watch",
                                "--force", "--timings"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],  # type: ignore
                     daemon=True).start()

    def said_until(start: str) -> list[str]:
        seen = []
        while not (seen and seen[-1].startswith(start)):
            seen.append(lines.get(timeout=60).rstrip("\n"))
        return seen

    try:
        assert said_until("watching")[0].startswith(f"wrote {mini}/output/brief.pdf")
        assert [(mini / "output" / n).read_bytes() for n in ("brief.pdf", "brief.html")] == alone
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        assert children.read_text() == ""  # the reading process, which finished it, is gone
        # (which finished the PDF): the watch loads pikepdf, among others, before it says
        assert "qpdf" in Path(f"/proc/{process.pid}/maps").read_text()  # it is watching
        section = mini / "content/02-annex.md"
        section.write_text(section.read_text("utf-8") + "\nOne sentence more.\n")
        assert said_until("rebuilt in")[:2] == [
            "changed: content/02-annex.md", f"wrote {mini}/output/brief.pdf (6 pages) and "
                                            f"{mini}/output/brief.html"]
        before = (mini / "output/brief.pdf").read_bytes()
        house.write_text("colours: {accent: '#884422'}\n")
        assert said_until("rebuilt in")[:2] == [
            "changed: ../house.yaml", f"wrote {mini}/output/brief.pdf (6 pages) and "
                                      f"{mini}/output/brief.html"]
        good = (mini / "output/brief.pdf").read_bytes()
        assert good != before  # (the house's accent colour, changed)
        from brief.session import SESSION
        SESSION.last_layout = None  # (what this process laid out before the watch began)
        assert run_build(mini, "--force")[0] == 0 and SESSION.reused_pages == 0
        assert (mini / "output/brief.pdf").read_bytes() == good  # as a whole layout gives
        section.write_text(section.read_text("utf-8") + "\nSee [@no-such-key].\n")
        assert said_until("rebuilt in")[0] == "changed: content/02-annex.md"
        assert (mini / "output/brief.pdf").read_bytes() == good
    finally:
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=60)
    assert status == 0
    assert said_until("stopped watching") == [
        "stopped watching; the last good build is in output/"]
    err = process.stderr.read()  # type: ignore[union-attr]
    assert "unknown citation key 'no-such-key'" in err
    assert f"build failed with 1 error(s); {mini}/output/brief.pdf was left unchanged" in err
    reports = [[re.split(r"\s{2,}", line.strip())[0] for line in report.splitlines()[1:-1]]
               for report in err.split("timings:")[1:]]
    assert reports[0] == [
        "starting", "loading the typesetter", "loading its libraries (in parallel)",
        "reading the inputs (in parallel)", "parsing the sections (in parallel)",
        "resolving references and formatting citations (in parallel)",
        "rendering the HTML (in parallel)", "parsing the HTML for the typesetter (in parallel)",
        "loading what the read brief is made of", "waiting for the brief to be read",
        "laying out the pages", "drawing the PDF",
        "checking the layout", "finishing the PDF and checking its fonts",
        "writing output/brief.pdf"]
    assert "laying out the changed sections" in reports[1]  # the first section's pages reused


def test_a_watch_warms_up_while_it_waits_for_the_first_edit(mini: Path) -> None:
    """What its cold first build left to the reading process, a watch loads and does once,
    unseen, while it waits: the first rebuild after an edit is as quick as the next ones.
    Silent, and harmless even on a brief that does not build."""
    code = ("import sys\nfrom brief.cli import parse_args\n"
            "from brief.building import warm_for_rebuilds\nfrom brief.options import Options\n"
            "warm_for_rebuilds(Options.of(parse_args(sys.argv[1:])))\n"
            "print(*(m in sys.modules for m in ('brief.html.render', 'brief.resolve.index', "
            "'pikepdf', 'weasyprint')), flush=True)\n")
    append(mini / "content/01-first.md", "\nSee [@no-such-key].\n")
    done = subprocess.run([sys.executable, "-c", code, "--root", str(mini)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert (done.stdout, done.stderr, done.returncode) == ("True True True False\n", "", 0)
    assert not (mini / "output/brief.pdf").exists()


def test_watch_takes_one_brief(tmp_path: Path) -> None:
    status, out, err = run_build(tmp_path, str(tmp_path / "a"), str(tmp_path / "b"), "--watch")
    assert (status, out) == (2, "")
    assert err.endswith("error: --watch watches one brief; run one command per brief\n")


def test_a_failing_brief_read_in_the_worker_says_what_a_build_in_one_process_says(
        mini: Path) -> None:
    """(A cold build that succeeds: the watch test above.)"""
    from brief.building import for_the_builder
    from brief.options import Options
    from brief.run.processes import Worker
    append(mini / "content/01-first.md", "\nSee [@no-such-key].\n")
    status, out, err = run_build(mini)
    assert status == 1 and err.endswith(
        "build failed with 1 error(s); no output/brief.pdf was written\n")
    options = Options(root=mini)
    worker = Worker()
    try:
        with contextlib.redirect_stdout(io.StringIO()) as said, \
                contextlib.redirect_stderr(io.StringIO()) as warned:
            assert worker.submit(for_the_builder, options, [options], None).result(
            ).replay() == 1
    finally:
        worker.shutdown()
    assert (said.getvalue(), warned.getvalue()) == (out, err)


def _printing() -> int:
    print("said")
    print("warned", file=sys.stderr)
    return 42


def _failing() -> None:
    from brief.timings import stage
    stage("parsing the sections")
    raise ZeroDivisionError("a bug")


def test_what_the_worker_raised_or_printed_is_the_builds(
        capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug met in the worker is raised in the building process, with the stage it
    happened in; what the worker printed is printed by the building one. The worker does
    what it is asked in order, in its own process, until it is shut down, whatever it is
    doing then."""
    import time

    from brief.diagnostics import working_on
    from brief.run.processes import Failed, Worker
    worker = Worker()
    try:
        first, second = worker.submit(_printing), worker.submit(os.getpid)
        assert first.result().replay() == 42
        assert capsys.readouterr() == ("said\n", "warned\n")
        assert second.result().replay() == worker.pid != os.getpid()
        working_on.set("loading the typesetter")
        with pytest.raises(Failed, match="a bug") as raised:
            worker.submit(_failing).result().replay()
        assert raised.value.failure.kind == "ZeroDivisionError"
        assert "raise ZeroDivisionError" in raised.value.failure.traceback
        assert working_on.get() == "parsing the sections"
        sleeping, pid = worker.submit(time.sleep, 60), worker.pid
    finally:
        started = time.monotonic()
        worker.shutdown()  # stops it at once
    assert time.monotonic() - started < 5 and sleeping.done()
    assert not Path(f"/proc/{pid}").exists()


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "on a terminal"])
def test_ctrl_c_while_the_typesetter_loads_stops_both_processes(mini: Path, terminal: bool
                                                                ) -> None:
    """Also at once after the fork (the test sends it as soon as the child exists), and on
    a terminal, where a thread draws the progress line: a Ctrl-C is never lost between the
    fork and the moment the build holds the child, which would leave the child running."""
    import pty
    import signal
    import time
    primary, secondary = pty.openpty() if terminal else (None, None)
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), str(mini), "--force"],
                               stdout=subprocess.PIPE, stderr=secondary or subprocess.PIPE,
                               text=True, cwd=ROOT, env={**os.environ,
                                                         "BRIEF_BUILDER_PROGRESS_AFTER": "0"},
                               preexec_fn=lambda: signal.signal(
                                   signal.SIGINT, signal.SIG_DFL))  # as from a terminal
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 30
    while not (child := children.read_text().split()) and time.monotonic() < deadline:
        time.sleep(0.005)
    assert child, "the build never forked the process that reads the brief"
    first = _process_said(child[0])  # (what it was: a fork of the build, or a program?)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    if terminal:
        os.close(secondary)  # type: ignore[arg-type]
        err = os.read(primary, 65536).decode()  # type: ignore[arg-type]
        os.close(primary)  # type: ignore[arg-type]
    assert (process.returncode, out) == (130, "")
    assert err.replace("\r\n", "\n").endswith(
        "interrupted; the previous outputs were left unchanged\n")
    assert not Path(f"/proc/{child[0]}").exists(), (  # killed and reaped, not left running
        first, _process_said(child[0]))  # (once in a whole run, 2026-12-07: left, how?)


def _process_said(pid: str) -> str:
    """A process's command line, state and parent (``process_status``), or that it is gone."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return f"{pid}: gone"
    return f"{pid}: {command[:120]!r}, (state, parent) {process_status(pid)}"


def test_a_ctrl_c_held_during_the_worker_s_fork_stops_the_worker(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C that arrives while the fork holds it is raised as it is let go, before the
    caller holds the worker: the worker is stopped and reaped then (it was left running,
    and the Ctrl-C test saw it now and then)."""
    import signal

    from brief.run import processes
    forked = []
    real_fork = os.fork

    def fork_then_interrupted() -> int:
        pid = real_fork()
        if pid:  # (in this process: the Ctrl-C comes now, and waits; given to the handler
            forked.append(pid)  # in force at once: a kill() may be seen late, by another
            signal.getsignal(signal.SIGINT)(signal.SIGINT, None)  # thread of the suite)
        return pid
    monkeypatch.setattr(processes.os, "fork", fork_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        processes.Worker()
    assert forked and not Path(f"/proc/{forked[0]}").exists()  # stopped and reaped
