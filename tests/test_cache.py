"""What the builder remembers between runs and where a build keeps its temporary files
(brief/cache.py), in this process with the temporary folder moved to the test's own."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from brief import cache
from brief.session import SESSION


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder, the test's own; no run folder made yet; the cache on."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(SESSION, "run_folder", None)
    monkeypatch.delenv("BRIEF_BUILDER_NO_CACHE", raising=False)
    return tmp_path


def gone_pid() -> int:
    """The number of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_run_folder_is_made_once_in_the_private_folder_and_stale_ones_go(
        temporary: Path) -> None:
    private = temporary / f"brief-builder-{os.getuid()}"
    private.mkdir(mode=0o700)
    dead, living = private / f"run-{gone_pid()}", private / f"run-{os.getppid()}"
    mine_before = private / f"run-{os.getpid()}"
    for folder in (dead, living, mine_before, private / "run-x1"):
        folder.mkdir()
        (folder / "file").write_text("x")
    (private / "run-7.txt").write_text("not a folder")
    folder = cache.run_folder()
    assert folder == mine_before and list(folder.iterdir()) == []  # (emptied: its
    assert folder.stat().st_mode & 0o777 == 0o700  # process of this number is gone)
    assert SESSION.run_folder == (os.getpid(), folder)
    assert sorted(p.name for p in private.iterdir()) == sorted(
        [living.name, folder.name, "run-x1", "run-7.txt"])
    assert cache.run_folder() == folder


def test_the_run_folder_goes_when_the_process_that_made_it_exits_not_a_fork_of_it(
        temporary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import atexit
    at_exit: list = []
    monkeypatch.setattr(atexit, "register", at_exit.append)
    folder = cache.run_folder()
    (folder / "file").write_text("x")
    [remove] = at_exit
    monkeypatch.setattr(SESSION, "run_folder", (os.getpid() + 1, folder))  # (a fork's view)
    remove()
    assert (folder / "file").is_file()
    monkeypatch.setattr(SESSION, "run_folder", (os.getpid(), folder))
    real = shutil.rmtree

    def busy(path: Path, ignore_errors: bool = False) -> None:  # (at exit: never an error)
        if not ignore_errors:
            raise OSError(16, "Device or resource busy")
        real(path, ignore_errors=True)
    monkeypatch.setattr(shutil, "rmtree", busy)
    remove()
    assert not folder.exists()


def test_without_a_private_folder_the_run_folder_is_a_new_one_named_after_the_process(
        temporary: Path) -> None:
    (temporary / f"brief-builder-{os.getuid()}").write_text("a file in its place")
    dead = temporary / f"brief-builder-run-{gone_pid()}-abc"
    living = temporary / f"brief-builder-run-{os.getppid()}-abc"
    other = temporary / "run-1"
    for folder in (dead, living, other):
        folder.mkdir()
    folder = cache.run_folder()
    assert folder.parent == temporary
    assert folder.name.startswith(f"brief-builder-run-{os.getpid()}-")
    assert not dead.exists() and living.is_dir() and other.is_dir()
    assert cache.private_folder() is None  # (the run folder is not a private folder)


def test_a_process_of_this_user_that_runs_keeps_its_folder_and_another_s_is_alive(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.alive(os.getpid()) and cache.alive(1) and not cache.alive(gone_pid())
    sleeping = subprocess.Popen([sys.executable, "-c", "import signal, time\nsignal.signal("
                                 "signal.SIGHUP, lambda *_: exit(3))\nprint(flush=True)\n"
                                 "time.sleep(30)"], stdout=subprocess.PIPE)
    try:
        assert sleeping.stdout and sleeping.stdout.readline() == b"\n"  # (listening)
        assert cache.alive(sleeping.pid)
        with pytest.raises(subprocess.TimeoutExpired):  # (asked, not signalled: no
            sleeping.wait(timeout=0.3)  # signal is sent)
    finally:
        sleeping.kill()
        sleeping.wait()

    def not_allowed(pid: int, signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")
    monkeypatch.setattr(os, "kill", not_allowed)  # (as a user, not root, is answered)
    assert cache.alive(1)


def test_another_user_s_folder_of_a_gone_process_is_left(
        temporary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = temporary / f"brief-builder-run-{gone_pid()}-abc"
    theirs.mkdir()
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # (as another user sees it)
    cache._remove_stale(temporary, "brief-builder-run-")
    assert theirs.is_dir()


def test_a_remembered_answer_is_read_back_and_the_cache_can_be_switched_off(
        temporary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.read("cite", "k") is None
    cache.write("cite", "k", {"é": [1, "two"]})
    private = temporary / f"brief-builder-{os.getuid()}"
    assert (private / "cite-k.json").read_text("utf-8") == '{"é": [1, "two"]}'
    assert cache.read("cite", "k") == {"é": [1, "two"]} and cache.read("chart", "k") is None
    (private / "cite-bad.json").write_text("{", "utf-8")
    assert cache.read("cite", "bad") is None
    monkeypatch.setenv("BRIEF_BUILDER_NO_CACHE", "1")
    assert cache.read("cite", "k") is None
    cache.write("cite", "other", 1)
    assert sorted(p.name for p in private.iterdir()) == ["cite-bad.json", "cite-k.json"]


def test_a_key_is_the_digest_of_every_part_and_of_how_they_split() -> None:
    assert cache.key("ab", "c") != cache.key("a", "bc") != cache.key("abc")
    assert cache.key("a", b"b") == cache.key(b"a", "b")
    assert len(cache.key()) == 64 and cache.key() != cache.key("")
    import hashlib
    assert cache.key("x") == hashlib.sha256(
        cache.FORMAT.encode() + (1).to_bytes(8, "big") + b"x").hexdigest()
