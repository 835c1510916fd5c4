"""Outputs are written whole or not at all: a read-only folder, a name taken by a folder, a
killed build, a build past its time limit each leave the previous files as they were and no
stray file."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, TIMEOUT, fixture_copy, run_build

import brief.run.outputs
from brief.run.outputs import PARTIAL, clean_partial, write_together

BUILD = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import build; " \
        "sys.exit(build.main(['--root', sys.argv[1]]))"


def good_build(root: Path) -> tuple[bytes, bytes]:
    status, _, err = run_build(root)
    assert (status, err) == (0, "")
    return (root / "output/brief.pdf").read_bytes(), (root / "output/brief.html").read_bytes()


def outputs(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "output").iterdir())


def without_privileges() -> list[str]:
    """A prefix that runs a command without root's power to ignore file permissions (root
    keeps its uid, so that it can still run this Python)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is required to test a read-only folder as root"
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def read_only(folder: Path) -> tuple[Path, bytes, bytes, subprocess.CompletedProcess]:
    """A build into a folder it may not write, over a good build's outputs."""
    mini = fixture_copy(folder, "mini")
    (mini / "output").mkdir()
    pdf, html = b"%PDF the previous", b"<p>the previous</p>"
    (mini / "output/brief.pdf").write_bytes(pdf)
    (mini / "output/brief.html").write_bytes(html)
    (mini / "output").chmod(0o555)
    try:
        return mini, pdf, html, subprocess.run(
            [*without_privileges(), sys.executable, "-c", BUILD, str(mini)],
            capture_output=True, text=True, timeout=TIMEOUT)
    finally:
        (mini / "output").chmod(0o755)


@pytest.mark.ahead.with_args(read_only)  # (with_args: the argument is a function)
def test_a_read_only_output_folder_is_a_clear_error(
        ahead: tuple[Path, bytes, bytes, subprocess.CompletedProcess]) -> None:
    mini, pdf, html, result = ahead
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [  # at once, before any layout
        "build failed: cannot write to output/: Permission denied; output/brief.pdf was left "
        "unchanged"]
    assert (mini / "output/brief.pdf").read_bytes() == pdf
    assert (mini / "output/brief.html").read_bytes() == html
    assert outputs(mini) == ["brief.html", "brief.pdf"]


def test_a_pdf_name_taken_by_a_folder_changes_neither_file(mini: Path) -> None:
    (mini / "output/brief.pdf").mkdir(parents=True)
    (mini / "output/brief.html").write_text("the previous HTML")
    status, _, err = run_build(mini)
    assert status == 1
    assert err.splitlines() == [
        "build failed: cannot write output/brief.pdf: the name is taken by a folder or a link; "
        "move it; output/brief.pdf was left unchanged"]
    assert (mini / "output/brief.html").read_text() == "the previous HTML"
    assert outputs(mini) == ["brief.html", "brief.pdf"]


def test_what_a_killed_build_left_is_removed_by_the_next(mini: Path) -> None:
    partial = mini / "output/.partial"
    partial.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (partial / f"{dead}-brief.pdf").write_bytes(b"%PDF half written")
    (mini / "content/brief.yaml").write_text("")  # even a failed build tidies up
    status, _, _ = run_build(mini)
    assert status == 1 and outputs(mini) == []


def killed_at_moments(folder: Path) -> tuple[tuple[int, str], list[tuple[bool, bool, list[str],
                                                                     list[str]]]]:
    """A good build of the mini brief; then two copies of it built again and killed (kill
    -9) at a third and at nine tenths of the good build's time (while it reads, while it
    typesets or writes): for each, whether its PDF and HTML are the good build's, what its
    output folder holds, and what it holds once the next build's tidying is done."""
    mini = fixture_copy(folder, "mini")
    started = time.monotonic()
    good = subprocess.run([sys.executable, "-c", BUILD, str(mini)], capture_output=True,
                          text=True, timeout=TIMEOUT)
    took = time.monotonic() - started
    pdf, html = ((mini / "output" / name).read_bytes() for name in ("brief.pdf", "brief.html"))
    builds = []
    for n, moment in enumerate((took / 3, took * 0.9)):
        copy = folder / f"copy-{n}"
        shutil.copytree(mini, copy)
        builds.append((copy, subprocess.Popen([sys.executable, "-c", BUILD, str(copy)],
                                              stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL), moment))
    started = time.monotonic()
    for copy, process, moment in builds:
        time.sleep(max(0.0, started + moment - time.monotonic()))
        process.send_signal(signal.SIGKILL)
    found = []
    for copy, process, _ in builds:
        process.wait(TIMEOUT)
        left = outputs(copy)
        clean_partial(copy / "output")  # what the next build does first
        found.append(((copy / "output/brief.pdf").read_bytes() == pdf,
                      (copy / "output/brief.html").read_bytes() == html, left, outputs(copy)))
    return (good.returncode, good.stderr), found


@pytest.mark.build
@pytest.mark.ahead.with_args(killed_at_moments)
def test_kill_9_at_any_moment_leaves_the_previous_pdf_whole(ahead: tuple) -> None:
    """The same brief rebuilt is byte-identical, so after a kill the PDF must be exactly the
    previous one, whether the kill came before, during or after the write."""
    good, found = ahead
    assert good == (0, "")
    for same_pdf, same_html, left, tidied in found:
        assert same_pdf and same_html
        assert set(left) <= {"brief.html", "brief.pdf", ".partial"}
        assert tidied == ["brief.html", "brief.pdf"]


def test_a_build_past_its_time_limit_stops_with_a_message(mini: Path) -> None:
    (mini / "output").mkdir()
    (mini / "output/brief.pdf").write_bytes(b"%PDF the previous")
    original = signal.getsignal(signal.SIGALRM)
    import brief.markdown.parse
    real_parse = brief.markdown.parse.parse

    def slow_parse(project):  # type: ignore[no-untyped-def]
        time.sleep(3)  # the alarm interrupts the sleep
        return real_parse(project)

    brief.markdown.parse.parse, started = slow_parse, time.monotonic()
    try:
        status, _, err = run_build(mini, "--time-limit", "1")
    finally:
        brief.markdown.parse.parse = real_parse
    assert time.monotonic() - started < 2.5
    assert status == 1
    assert err.splitlines() == [
        "build.py: error: the build took longer than 1 s (while parsing the sections) and was "
        "stopped; the previous outputs were left unchanged. Is an input unusually large? "
        "(--time-limit sets the limit)"]
    assert (mini / "output/brief.pdf").read_bytes() == b"%PDF the previous"
    assert signal.getsignal(signal.SIGALRM) == original and signal.alarm(0) == 0


def test_editions_written_at_once_never_take_each_other_s_staging_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editions laid out in parallel write into one output/.partial, and each removes it
    when it is empty: one that finished between another's making it and writing into it
    made that one fail (seen once, we believe: the print edition of tests/fixtures/cite
    exited 1 in a run of scripts/fingerprints.py). Now the folder is made again."""
    output = tmp_path / "output"
    opened = os.open
    removed = []

    def another_edition_finishes_first(path, *args):  # type: ignore[no-untyped-def]
        if not removed:
            os.rmdir(Path(path).parent)  # (empty: the other edition took its files away)
            removed.append(path)
        return opened(path, *args)
    monkeypatch.setattr(brief.run.outputs.os, "open", another_edition_finishes_first)
    write_together({output / "brief.html": b"<p>html</p>", output / "brief.pdf": b"%PDF"})
    assert removed and (output / "brief.pdf").read_bytes() == b"%PDF"
    assert sorted(p.name for p in output.iterdir()) == ["brief.html", "brief.pdf"]
    assert not (output / PARTIAL).exists()


def test_a_staging_folder_removed_just_after_it_was_made_or_looked_at_is_no_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other two moments at which another edition may remove output/.partial, empty:
    right after this one made it, and while this one lists what killed builds left there
    (three runs of scripts/fingerprints.py in four failed with '.partial is not a folder')."""
    output = tmp_path / "output"
    made, listed = Path.mkdir, Path.iterdir
    gone: list[str] = []

    def removed_once(path: Path, when: str) -> None:
        if path.name == PARTIAL and when not in gone:
            gone.append(when)
            os.rmdir(path)

    def mkdir(path: Path, *args, **options):  # type: ignore[no-untyped-def]
        made(path, *args, **options)
        removed_once(path, "made")

    def iterdir(path: Path):  # type: ignore[no-untyped-def]
        removed_once(path, "listed")
        return listed(path)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    output.mkdir()
    made(output / PARTIAL)
    write_together({output / "brief.html": b"<p>html</p>", output / "brief.pdf": b"%PDF"})
    assert gone == ["listed", "made"]
    assert (output / "brief.pdf").read_bytes() == b"%PDF"
    assert not (output / PARTIAL).exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_folder_edition_is_replaced_whole_or_left_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``write_folder`` (the web edition): the new folder takes the old one's place with
    nothing of it left; a write that fails while staging, or as the new folder moves into
    place, leaves the old folder as it was and nothing in output/.partial."""
    from brief.run.outputs import WriteError, write_folder
    output = tmp_path / "output"
    web = output / "web"
    write_folder(web, {"index.html": b"one", "data/a.csv": b"a"})
    assert _tree(web) == {"index.html": b"one", "data/a.csv": b"a"}
    write_folder(web, {"index.html": b"two", "fonts/f.woff2": b"f"})
    assert _tree(web) == {"index.html": b"two", "fonts/f.woff2": b"f"}
    assert sorted(p.name for p in output.iterdir()) == ["web"]  # (no .partial left)
    with pytest.raises(WriteError, match=r"^cannot write output/web/: "):
        write_folder(web, {"a": b"file", "a/b": b"a file where a folder must be"})
    assert _tree(web) == {"index.html": b"two", "fonts/f.woff2": b"f"}
    with pytest.raises(WriteError, match=r"^cannot write output/fresh/: "):  # (none before)
        write_folder(output / "fresh", {"a": b"file", "a/b": b"a file where a folder must be"})
    assert not (output / "fresh").exists()
    real = os.replace
    moves: list[tuple[str, str]] = []

    def failing_second(source: Path, target: Path) -> None:
        moves.append((Path(source).name, Path(target).name))
        if len(moves) == 2:  # (the new folder into the old one's place)
            raise OSError(28, "No space left on device")
        real(source, target)
    monkeypatch.setattr(os, "replace", failing_second)
    with pytest.raises(WriteError) as failed:
        write_folder(web, {"index.html": b"three"})
    monkeypatch.setattr(os, "replace", real)
    assert str(failed.value) == "cannot write output/web/: No space left on device"
    pid = os.getpid()
    assert moves == [("web", f"{pid}-web-old"), (f"{pid}-web", "web"),
                     (f"{pid}-web-old", "web")]
    assert _tree(web) == {"index.html": b"two", "fonts/f.woff2": b"f"}
    assert sorted(p.name for p in output.iterdir()) == ["web"]
    web_link = output / "linked"
    web_link.symlink_to(tmp_path)
    with pytest.raises(WriteError, match="linked/ is a link or a file, not a folder"):
        write_folder(web_link, {"index.html": b"x"})


def test_what_dead_builds_left_in_the_staging_folder_goes_and_a_running_one_s_stays(
        tmp_path: Path) -> None:
    output = tmp_path / "output"
    staging = output / PARTIAL
    staging.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        for name in (f"{dead}-brief.pdf", f"{running.pid}-brief.pdf", f"{os.getpid()}-x.pdf",
                     "stray.pdf"):
            (staging / name).write_bytes(b"%PDF")
        (staging / f"{dead}-web").mkdir()
        (staging / f"{dead}-web/index.html").write_text("x")
        clean_partial(output)
        assert sorted(p.name for p in staging.iterdir()) == [f"{running.pid}-brief.pdf"]
        (staging / f"{running.pid}-brief.pdf").unlink()
        clean_partial(output)
        assert not staging.exists()  # (empty: removed)
    finally:
        running.kill()
        running.wait()
    clean_partial(tmp_path / "elsewhere")  # (no staging folder: nothing to do)
    (output / PARTIAL).symlink_to(tmp_path)
    clean_partial(output)  # (a link is never followed)
    assert (output / PARTIAL).is_symlink()


def test_files_written_together_replace_the_old_ones_all_or_none(tmp_path: Path) -> None:
    from brief.run.outputs import WriteError, check_writable
    output = tmp_path / "output"
    pdf, html = output / "brief.pdf", output / "brief.html"
    write_together({pdf: b"one", html: b"one"})
    write_together({pdf: b"two", html: b"two"})
    assert (pdf.read_bytes(), html.read_bytes()) == (b"two", b"two")
    assert sorted(p.name for p in output.iterdir()) == ["brief.html", "brief.pdf"]
    (output / "brief-print.pdf").mkdir()
    with pytest.raises(WriteError, match="^cannot write output/brief-print.pdf: the name is "
                                         "taken by a folder or a link; move it$"):
        write_together({pdf: b"three", output / "brief-print.pdf": b"three"})
    assert (pdf.read_bytes(), html.read_bytes()) == (b"two", b"two")
    assert sorted(p.name for p in output.iterdir()) == ["brief-print.pdf", "brief.html",
                                                         "brief.pdf"]
    fresh = tmp_path / "fresh" / "output"
    check_writable(fresh)
    assert not fresh.exists() and fresh.parent.is_dir()  # (made only to try, then removed)
    check_writable(output)
    assert output.is_dir() and not (output / PARTIAL).exists()


def test_a_staged_file_is_written_afresh_never_through_a_link(tmp_path: Path) -> None:
    """The output folder is made with its parents; a staged file (which the clean-up of
    the staging folder removes first, unless another build puts it back meanwhile) is cut
    to the new content, and a link in its place is not followed."""
    import errno
    import os

    from brief.run.outputs import _created
    pdf = tmp_path / "a" / "b" / "output" / "brief.pdf"
    write_together({pdf: b"first"})
    assert pdf.read_bytes() == b"first"
    staged = tmp_path / "staged"
    staged.write_bytes(b"a longer content than the new one")
    with os.fdopen(_created(staged), "wb") as out:
        out.write(b"new")
    assert staged.read_bytes() == b"new"
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"kept")
    link = tmp_path / "gone" / "link"
    with os.fdopen(_created(link), "wb") as out:  # (its folder removed: made again)
        out.write(b"x")
    link.unlink()
    link.symlink_to(target)
    with pytest.raises(OSError) as refused:
        _created(link)
    assert refused.value.errno == errno.ELOOP and target.read_bytes() == b"kept"


def test_a_folder_edition_is_made_with_its_parents_beside_another_build_s_staging(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``write_folder`` where neither the output folder nor its parent exists yet, with
    files in folders of folders, while another build's staging folder is there: staged in a
    folder only this user can enter, the folder itself as any other the user makes, the
    other build's staging left; a staging folder that cannot be removed after a failed write
    leaves the write's own error said."""
    import stat

    from brief.run.outputs import WriteError, write_folder
    output = tmp_path / "new/brief/output"
    running = output / PARTIAL / f"{os.getppid()}-web"  # (a build that runs)
    running.mkdir(parents=True)
    seen: list[int] = []
    real = os.replace

    def replacing(source: Path, target: Path) -> None:
        seen.append(stat.S_IMODE(os.stat(Path(source).parent).st_mode))
        real(source, target)
    monkeypatch.setattr(os, "replace", replacing)
    write_folder(output / "web", {"index.html": b"x", "data/sets/a.csv": b"a"})
    assert _tree(output / "web") == {"index.html": b"x", "data/sets/a.csv": b"a"}
    assert running.is_dir()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((output / "web").stat().st_mode) == 0o777 & ~umask
    shutil.rmtree(tmp_path / "new")  # (the brief's folder made too: a new brief's)
    write_folder(output / "web", {"index.html": b"y"})
    assert seen[-1] == 0o700  # (made here: this user's only)

    def unremovable(path: Path, ignore_errors: bool = False) -> None:
        if not ignore_errors:
            raise OSError(16, "Device or resource busy")
    monkeypatch.setattr(shutil, "rmtree", unremovable)
    with pytest.raises(WriteError, match=r"^cannot write output/web/: "):
        write_folder(output / "web", {"a": b"file", "a/b": b"a file where a folder must be"})


def test_files_are_staged_in_a_folder_only_this_user_can_enter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stat

    seen: list[int] = []
    real = os.replace

    def replacing(source: Path, target: Path) -> None:
        seen.append(stat.S_IMODE(os.stat(Path(source).parent).st_mode))
        real(source, target)
    monkeypatch.setattr(os, "replace", replacing)
    write_together({tmp_path / "output/brief.pdf": b"x"})
    assert seen == [0o700]
