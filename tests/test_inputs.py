"""The one reader (brief/read/inputs.py): confined, bounded, never blocking, recorded; and the
no-op check (brief/run/uptodate.py), which reads exactly what the last build read."""
from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Iterator

import pytest
from helpers import Outside, edit, run_build

import brief.read.load
from brief.home import TOOL_ROOT
from brief.read.inputs import LIMITS, Reader, own_or_builders, still_as_read

SKIPPED = "nothing changed since the last build"


@pytest.fixture
def outside(tmp_path: Path) -> Outside:
    return Outside(tmp_path / "outside")


@pytest.fixture
def alarm() -> Iterator[None]:
    """The test fails, rather than hangs, if it blocks for 20 s."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the reader blocked")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def plant(root: Path, outside: Outside) -> dict[str, str]:
    """Links out of the brief, a FIFO, a dangling link and a loop; what reading each says."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "styles").mkdir(exist_ok=True)
    (root / "content/out.md").symlink_to(outside.folder / "canary.md")
    (root / "fonts").symlink_to(outside.folder)
    (root / "content/root").symlink_to("/")
    (root / "content/zero").symlink_to("/dev/zero")
    os.mkfifo(root / "content/pipe.md")
    (root / "content/gone.md").symlink_to(root / "content/nowhere.md")
    (root / "content/loop.md").symlink_to(root / "content/loop.md")
    link = "is a link to a place outside the brief's folder; put the file itself in the " \
           "brief's folder"
    return {
        "content/out.md": f"file 'content/out.md' {link}",
        "fonts/canary.ttf": "file 'fonts/canary.ttf' is inside 'fonts', a link to a place "
                            "outside the brief's folder; put the files themselves in the "
                            "brief's folder",
        "content/root/etc/passwd": "file 'content/root/etc/passwd' is inside 'content/root', "
                                   "a link to a place outside the brief's folder; put the "
                                   "files themselves in the brief's folder",
        "content/zero": f"file 'content/zero' {link}",
        "content/pipe.md": "cannot read file 'content/pipe.md': it is a named pipe (FIFO), "
                           "not a file",
        "content/gone.md": "cannot read file 'content/gone.md': no such file or directory",
        "content/loop.md": "file 'content/loop.md' is a link that leads round in a loop; "
                           "replace it by the file itself",
        "content": "cannot read file 'content': it is a folder, not a file",
        "../outside/canary.md": "file '../outside/canary.md' is outside the project; only "
                                "files inside the brief's folder are read",
    }


def test_the_reader_refuses_links_out_pipes_devices_and_loops_by_name(
        tmp_path: Path, outside: Outside, alarm: None) -> None:
    root = tmp_path / "brief"
    expected = plant(root, outside)
    files = Reader(root)
    for name, message in expected.items():
        data, problems = files.read(name)
        assert data is None and [p.message for p in problems] == [message], name
    found, problems = files.files("fonts", (".ttf",), brief.read.load.Loc("content/brief.yaml", 3))
    assert found == [] and [p.message for p in problems] == [
        "'fonts' is a link to a place outside the brief's folder; put the file itself in "
        "the brief's folder"]
    outside.untouched()


def test_a_link_inside_the_brief_is_read_and_every_read_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("A")
    (tmp_path / "content/b.md").symlink_to("a.md")
    files = Reader(tmp_path)
    assert files.text("content/b.md") == ("A", [])
    assert files.read("content/c.md", optional=True) == (None, [])
    assert files.names("content") == ["a.md", "b.md"]
    real = tmp_path.resolve() / "content"
    assert set(files.record) == {f"file:{real}/a.md", f"file:{real}/c.md", f"folder:{real}"}
    assert files.record[f"file:{real}/c.md"] is None and still_as_read(files.record)
    (tmp_path / "content/c.md").write_text("C")  # a file looked for appears
    assert not still_as_read(files.record)
    (tmp_path / "content/c.md").unlink()
    (tmp_path / "content/d.md").write_text("D")  # a folder listed gains a file
    assert not still_as_read(files.record)
    (tmp_path / "content/d.md").unlink()
    assert still_as_read(files.record)
    (tmp_path / "content/c.md").symlink_to("c.md")  # a link to itself: cannot be resolved
    assert not still_as_read(files.record)
    (tmp_path / "content/c.md").unlink()
    (tmp_path / "content/a.md").write_text("A!")  # a file read is edited
    assert not still_as_read(files.record)


def test_each_kind_of_file_has_its_size_limit(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels/fr.yaml").write_text("x" * (LIMITS["labels"] + 1))
    files = Reader(tmp_path)
    assert [p.message for p in files.text("labels/fr.yaml", kind="labels")[1]] == [
        "file 'labels/fr.yaml' is larger than 200 kB, the limit for a labels file; make it "
        "smaller"]
    assert files.text("labels/fr.yaml")[0] is not None  # (as text, it is small)


def test_the_no_op_check_reads_only_what_the_build_read(mini: Path, outside: Outside,
                                                       alarm: None) -> None:
    """Links out, pipes, devices, loops and dangling links planted in the brief after a
    build: the next build opens none of them; where they are not inputs, nothing changed."""
    assert run_build(mini)[0] == 0
    extra = mini / "extra"
    plant(extra, outside)
    (mini / "styles").mkdir()
    (mini / "styles/unused.css").symlink_to(outside.folder / "canary.css")
    status, out, err = run_build(mini)
    assert (status, err) == (0, "") and out.startswith(SKIPPED)
    os.mkfifo(mini / "content/more.md")  # in a folder the build lists: a change
    status, out, err = run_build(mini)
    assert (status, err) == (0, "") and out.startswith("wrote output/brief.pdf")
    outside.untouched()


def test_a_dot_named_input_or_one_in_a_folder_named_output_is_an_input(mini: Path) -> None:
    brief_yaml = mini / "content/brief.yaml"
    (mini / "content/output").mkdir()
    os.replace(mini / "content/treaties.yaml", mini / "content/output/.treaties.yaml")
    edit(brief_yaml, "path: treaties.yaml", "path: output/.treaties.yaml")
    assert run_build(mini)[0] == 0
    assert run_build(mini)[1].startswith(SKIPPED)
    edit(mini / "content/output/.treaties.yaml", "First Treaty", "First Accord")
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    (mini / "content/__pycache__").mkdir()
    os.replace(mini / "content/output/.treaties.yaml", mini / "content/__pycache__/t.yaml")
    edit(brief_yaml, "path: output/.treaties.yaml", "path: __pycache__/t.yaml")
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    edit(mini / "content/__pycache__/t.yaml", "First Accord", "First Pact")
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")


def test_a_file_only_the_typesetter_fetched_is_an_input(mini: Path) -> None:
    """An image a brief's own stylesheet names: the builder never reads it, the typesetter
    does (through the one reader), and the no-op check sees it change."""
    (mini / "styles").mkdir()
    (mini / "styles/screen.css").write_text(
        (TOOL_ROOT / "styles/screen.css").read_text() + "\nh1 { background: url(mark.svg); }\n")
    mark = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" ' \
        'height="4" fill="#{}"/></svg>'
    (mini / "styles/mark.svg").write_text(mark.format("123456"))
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    first = (mini / "output/brief.pdf").read_bytes()
    assert run_build(mini)[1].startswith(SKIPPED)
    (mini / "styles/mark.svg").write_text(mark.format("654321"))
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    assert (mini / "output/brief.pdf").read_bytes() != first  # (the image was printed)


def test_a_watch_sees_the_series_house_file_and_only_what_it_reads_outside(
        mini: Path) -> None:
    from watchfiles import Change

    from brief.run.watch import _outside, _relevant
    series = mini.parent
    (series / "house.yaml").write_text("colours: {accent: '#224466'}\n")
    (series / "notes.txt").write_text("not the brief's\n")
    with (mini / "content/brief.yaml").open("a") as file:
        file.write("house: {file: ../../house.yaml}\n")
    keep = _relevant(mini, _outside(mini, {}))  # (as after a build that failed to read it)
    assert keep(Change.modified, str(series / "house.yaml"))
    assert keep(Change.modified, str(mini / "content/01-first.md"))
    assert not keep(Change.modified, str(series / "notes.txt"))
    assert not keep(Change.modified, str(mini / "output/brief.pdf"))


def test_a_new_file_that_would_replace_the_builder_s_is_a_change(mini: Path) -> None:
    assert run_build(mini)[0] == 0
    (mini / "styles").mkdir()
    (mini / "styles/screen.css").write_text("p { color: black; }\n")
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    (mini / "labels").mkdir()
    (mini / "labels/en.yaml").write_text("contents: Inside\n")
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")
    assert "Inside" in (mini / "output/brief.html").read_text()


def test_an_edit_made_during_a_build_and_reverted_after_it_is_seen(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = mini / "content/01-first.md"
    original = section.read_text()
    real = brief.read.load.load_section

    def edited_while_read(files, rel, listed_at):  # type: ignore[no-untyped-def]
        if rel.endswith("01-first.md"):
            section.write_text(original + "\nAn edit made while the build ran.\n")
            try:
                return real(files, rel, listed_at)
            finally:
                section.write_text(original)
        return real(files, rel, listed_at)

    monkeypatch.setattr(brief.read.load, "load_section", edited_while_read)
    assert run_build(mini)[0] == 0
    monkeypatch.undo()
    assert "made while the build ran" in (mini / "output/brief.html").read_text()
    assert run_build(mini)[1].startswith("wrote output/brief.pdf")  # not "nothing changed"
    assert "made while the build ran" not in (mini / "output/brief.html").read_text()


def test_the_options_of_a_build_are_its_parsed_options_not_its_words(
        tmp_path: Path, mini: Path, capsys: pytest.CaptureFixture) -> None:
    """A folder named like an option's value is still told from the option."""
    import build
    letter = tmp_path / "letter"
    os.replace(mini, letter)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        said = []
        for argv in (["--paper", "letter", "letter"], ["--paper=letter", "letter"],
                     ["letter"]):
            assert build.main(argv) == 0
            said.append(capsys.readouterr().out.split(":")[0])
    finally:
        os.chdir(cwd)
    assert said == ["wrote letter/output/brief-letter.pdf (6 pages) and letter/output/"
                    "brief-letter.html\n", SKIPPED, "wrote letter/output/brief.pdf (6 pages) "
                    "and letter/output/brief.html\n"]


def test_the_brief_s_own_file_else_the_builder_s(tmp_path: Path) -> None:
    """One answer for stylesheets and the chart style: the brief's own file, read by its
    reader; else the builder's; a brief's file that cannot be used is reported, and the
    builder's stands in its place."""
    builders = (TOOL_ROOT / "styles/brief.css").read_text("utf-8")
    assert own_or_builders(None, "styles/brief.css", "stylesheet", "stylesheet") == (
        builders, TOOL_ROOT / "styles/brief.css", [])
    files = Reader(tmp_path)
    assert own_or_builders(files, "styles/brief.css", "stylesheet", "stylesheet")[:2] == (
        builders, TOOL_ROOT / "styles/brief.css")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles/brief.css").write_text("p { color: black }\n")
    assert own_or_builders(Reader(tmp_path), "styles/brief.css", "stylesheet",
                           "stylesheet") == ("p { color: black }\n",
                                             tmp_path / "styles/brief.css", [])
    (tmp_path / "styles/brief.css").write_bytes(b"p { color: \xff }\n")  # not UTF-8
    text, path, problems = own_or_builders(Reader(tmp_path), "styles/brief.css",
                                           "stylesheet", "stylesheet")
    assert (text, path) == (builders, TOOL_ROOT / "styles/brief.css")
    assert [(str(p.loc.path), p.level) for p in problems] == [("styles/brief.css", "error")]


def test_what_a_path_that_is_no_file_is_said_to_be() -> None:
    import stat

    from brief.read.inputs import _what_it_is
    assert [_what_it_is(kind) for kind in (
        stat.S_IFDIR, stat.S_IFIFO, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFSOCK, 0)] == [
        "a folder", "a named pipe (FIFO)", "a device", "a device", "a socket",
        "not a regular file"]


def test_a_folder_of_files_named_outside_the_brief_is_refused_by_its_name(
        tmp_path: Path) -> None:
    from brief.diagnostics import Loc
    from brief.read.inputs import Reader
    (tmp_path / "brief").mkdir()
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts/a.ttf").write_bytes(b"x")
    found, said = Reader(tmp_path / "brief").files("../fonts", (".ttf",),
                                                   Loc("content/brief.yaml", 4))
    assert (found, [str(d) for d in said]) == ([], [
        "content/brief.yaml:4: error: '../fonts' is outside the project; only files inside "
        "the brief's folder are read [outside-the-brief]"])
    (tmp_path / "brief/loop").symlink_to(tmp_path / "brief/loop")
    assert [str(d) for d in Reader(tmp_path / "brief").files("loop", (".ttf",), Loc(
        "content/brief.yaml", 5))[1]] == [
        "content/brief.yaml:5: error: 'loop' is a link that leads round in a loop; replace it "
        "by the file itself [link-loop]"]
