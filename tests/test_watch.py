"""``--watch`` (brief/run/watch.py) in this process, the operating system's notifications
and the builds stood in for: which changes wake it, what it says, when it watches other
folders, and how it stops."""
from __future__ import annotations

import io
import signal
import sys
from pathlib import Path

import pytest
from watchfiles import Change

from brief.options import Options, Result
from brief.run import watch


def test_only_the_brief_s_own_files_and_what_it_read_outside_wake_the_watch(
        tmp_path: Path) -> None:
    root, series = tmp_path / "series/brief", tmp_path / "series"
    keep = watch._relevant(root, frozenset({series / "house.yaml", series / "fonts"}))
    woken = [path for path in (
        root / "content/01-a.md", root / "output/brief.pdf", root / "content/01-a.md~",
        root / "content/.01-a.md.swp", root / "content/x.swx", root / "content/x.tmp",
        root / "styles/brief.css", series / "house.yaml", series / "fonts/a.ttf",
        series / "other.yaml", tmp_path / "elsewhere.md")
        if keep(Change.modified, str(path))]
    assert woken == [root / "content/01-a.md", root / "styles/brief.css",
                     series / "house.yaml", series / "fonts/a.ttf"]


def test_what_the_build_read_outside_and_the_house_file_named_are_watched(
        tmp_path: Path) -> None:
    root = tmp_path / "series/brief"
    (root / "content").mkdir(parents=True)
    (root / "content/brief.yaml").write_text("title: T\nhouse: {file: ../../house.yaml}\n")
    read = {f"file:{root}/content/brief.yaml": "x", f"file:{tmp_path}/series/logo.svg": "y",
            f"folder:{tmp_path}/series/fonts": None, f"file:{tmp_path}/a:b/c.svg": "z"}
    assert watch._outside(root, read) == frozenset({
        tmp_path / "series/logo.svg", tmp_path / "series/fonts", tmp_path / "series/house.yaml",
        tmp_path / "a:b/c.svg"})  # (a colon in a folder's name too)
    (root / "content/brief.yaml").write_text("title: T\n")
    assert watch._outside(root, {}) == frozenset()


def test_a_watch_builds_on_each_change_watches_anew_when_the_build_reads_elsewhere_and_stops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "brief"
    (root / "content").mkdir(parents=True)
    (root / "content/brief.yaml").write_text("title: T\n")
    elsewhere = tmp_path / "logo.svg"
    reads = [{}, {f"file:{elsewhere}": "z"}, {}]
    builds: list[Options] = []

    def build(options: Options) -> Result:
        builds.append(options)
        return Result(0, read=reads[len(builds) - 1] if len(builds) <= len(reads) else {})
    watched: list[tuple] = []
    rounds = iter([
        [set(), {(Change.modified, str(root / "content/01-a.md"))}],  # (then reads elsewhere)
        [set(), {(Change.added, str(root / "content/b.md")),
                 (Change.modified, str(root / "content/01-a.md"))}]])

    filters: list = []

    def watching(*paths: Path, watch_filter, **settings):  # type: ignore[no-untyped-def]
        watched.append((paths, settings))
        filters.append(watch_filter)
        for changes in next(rounds, None) or ():
            yield changes
        raise KeyboardInterrupt
    monkeypatch.setattr(watch, "watch", watching)

    class Flushed(io.StringIO):  # (each line is flushed as it is said: a log follows it)
        def flush(self) -> None:
            self.write("<flushed>")
    monkeypatch.setattr(sys, "stdout", out := Flushed())
    warmed: list[int] = []
    previous = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        status = watch.watch_brief(Options(root=root, prefix="brief/", watch=True), build,
                                   lambda: warmed.append(1))
        rounds = iter([[set()]])  # (built where it is: no prefix)
        assert watch.watch_brief(Options(root=root, watch=True), build, lambda: None) == 0
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])
    assert out.getvalue().count("\n") == out.getvalue().count("\n<flushed>") == 8
    assert status == 0 and len(builds) == 4 and warmed == [1]
    assert builds[:3] == [Options(root=root, prefix="brief/", watch=True)] * 3
    assert [f(Change.modified, str(elsewhere)) for f in filters[:2]] == [False, True]
    assert [f(Change.modified, str(root / "output/brief.pdf")) for f in filters[:2]] == [False] * 2
    # (the third build read nothing, as a failed one does: what the last one read stays)
    assert [paths for paths, _ in watched[:2]] == [(root.resolve(),),
                                                   (root.resolve(), tmp_path)]
    assert watched[0][1] == {"raise_interrupt": True, "rust_timeout": 200,
                             "yield_on_timeout": True}
    said = out.getvalue().replace("<flushed>", "").splitlines()
    assert said[0] == "watching brief/ for changes (Ctrl-C stops)"
    assert said[1] == "changed: content/01-a.md"
    assert said[2].startswith("rebuilt in ") and said[2].endswith(
        " s; watching brief/ again")
    assert 0 <= float(said[2].split()[2]) < 60  # (the time the build took, not the clock's)
    assert said[3] == "changed: content/01-a.md, content/b.md"
    assert said[5] == said[-1] == "stopped watching; the last good build is in output/"
    assert said[6:] == ["watching ./ for changes (Ctrl-C stops)", said[5]]


def test_a_signal_stops_the_watch_as_ctrl_c_does() -> None:
    with pytest.raises(KeyboardInterrupt):
        watch._stop(signal.SIGTERM, None)
