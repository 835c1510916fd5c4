"""The command line's other commands (brief/commands.py) in this process: what each passes
on from its options, and the site command's course (its briefs' builds stood in for: a web
edition each, written where a build writes it)."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import fixture_copy

from brief.commands import other_command


def _web_builds(asked: list, fail: bool = False):  # type: ignore[no-untyped-def]
    """A stand-in for ``cli.build_each``: records the jobs, writes each brief's web edition
    (one page) where its build would, or fails."""
    from brief.handed import Edition
    from brief.read.inputs import Reader
    from brief.read.load import output_options

    def builds(jobs: list[tuple[Path, list[str]]]) -> int:
        asked.extend(jobs)
        for folder, _ in jobs:
            name = output_options(Reader(folder.resolve()))[0]
            web = folder / "output" / Edition("a4", name=name, web=True).stem
            web.mkdir(parents=True, exist_ok=True)
            (web / "index.html").write_text(f"<p>{folder.name}</p>\n")
        return int(fail)
    return builds


def test_the_site_command_builds_each_web_edition_then_writes_the_site_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for name in ("mini", "french"):
        fixture_copy(tmp_path, name)
    folders = [tmp_path / "mini", tmp_path / "french"]
    out = tmp_path / "site"
    asked: list = []
    given = ["site", *map(str, folders), "--title", "Papers", "--url", "https://example.org/p/",
             "--output", str(out), "--strict"]
    assert other_command(given, "build.py", _web_builds(asked)) == 0
    assert asked == [(folders[0], ["--editions", "web", "--strict"]),
                     (folders[1], ["--editions", "web", "--strict"])]
    said = capsys.readouterr()
    assert (said.out, said.err) == (f"{out}/ (2 briefs, 2 language(s))\n", "")
    assert (out / "mini/index.html").read_text() == "<p>mini</p>\n"
    assert (out / "fr/index.html").is_file() and (out / "sitemap.xml").is_file()
    assert "<loc>https://example.org/p/mini/</loc>" in (out / "sitemap.xml").read_text()
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    asked.clear()
    assert other_command(given[:-1], "build.py", _web_builds(asked, fail=True)) == 1
    assert asked[0][1] == ["--editions", "web"]  # (without --strict)
    assert capsys.readouterr().err == f"site failed; {out}/ was left unchanged\n"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    (folders[0] / "content/brief.yaml").unlink()
    assert other_command(given, "build.py", _web_builds(asked)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{folders[0]}: error: no brief in {folders[0]}") and \
        err.endswith(f"site failed; {out}/ was left unchanged\n")


def test_a_site_file_names_its_briefs_and_its_folder(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    fixture_copy(tmp_path, "mini")
    (tmp_path / "papers.yml").write_text("title: Papers\nurl: https://example.org/p/\n"
                                         "briefs: [mini]\n")
    asked: list = []
    assert other_command(["site", str(tmp_path / "papers.yml")], "b", _web_builds(asked)) == 0
    assert asked == [(tmp_path / "mini", ["--editions", "web"])]
    assert capsys.readouterr().out == f"{tmp_path}/output/papers/ (1 briefs, 1 language(s))\n"
    (tmp_path / "papers.yml").write_text("title: Papers\nurl: nowhere\nbriefs: [mini]\n")
    assert other_command(["site", str(tmp_path / "papers.yml")], "b", _web_builds(asked)) == 1
    assert capsys.readouterr().err.endswith(
        f"site failed; {tmp_path}/output/papers/ was left unchanged\n")


@pytest.mark.parametrize("given, said", [
    (["x.yaml", "--title", "T"], "with a site file, its title, url and folder come from the file"),
    (["x.yml", "--output", "o"], "with a site file, its title, url and folder come from the file"),
    (["a", "b", "--title", "T"], "with brief folders, give the site's --title and --url"),
    (["a", "--url", "https://e.org/"], "with brief folders, give the site's --title and --url"),
    (["a", "--title", "T", "--url", "https://e.org/p"],
     "--url 'https://e.org/p': give the site's address, https://.../ ending in /"),
    (["a", "--title", "T", "--url", "ftp://e.org/"],
     "--url 'ftp://e.org/': give the site's address, https://.../ ending in /"),
])
def test_the_site_command_s_options_that_do_not_go_together_are_refused(
        given: list[str], said: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stopped:
        other_command(["site", *given], "brief-builder", _web_builds([]))
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.startswith("usage: brief-builder site")
    assert err.endswith(f"brief-builder site: error: {said}\n")


@pytest.mark.parametrize("given, called", [
    (["m.docx", "d"], ("import", Path("m.docx"), Path("d"), None, False, "b")),
    (["m.docx", "d", "--accept-changes", "--force"],
     ("import", Path("m.docx"), Path("d"), "accept", True, "b")),
    (["m.docx", "d", "--reject-changes"],
     ("import", Path("m.docx"), Path("d"), "reject", False, "b")),
    (["m.docx", "d", "--review"], ("review", Path("m.docx"), Path("d"), False, "b")),
    (["m.docx", "d", "--review", "--apply"], ("review", Path("m.docx"), Path("d"), True, "b")),
])
def test_import_and_review_take_their_options(given: list[str], called: tuple,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple] = []
    monkeypatch.setattr("brief.word.importer.import_manuscript",
                        lambda *args: calls.append(("import", *args)) or 7)
    monkeypatch.setattr("brief.word.review.review",
                        lambda *args: calls.append(("review", *args)) or 8)
    assert other_command(["import", *given], "b", _web_builds([])) == (
        7 if called[0] == "import" else 8)
    assert calls == [called]


def test_new_and_book_are_given_their_arguments(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple] = []
    monkeypatch.setattr("brief.run.scaffold.new_brief",
                        lambda folder, invoked_as: calls.append(("new", folder, invoked_as)) or 3)
    monkeypatch.setattr("brief.book.make.make_book",
                        lambda options, builds: calls.append(
                            ("book", options.file, options.archival, options.strict,
                             options.booklet, builds)) or 4)
    builds = _web_builds([])
    assert other_command(["new", str(tmp_path / "n")], "b", builds) == 3
    assert other_command(["book", "p.yaml", "--archival", "--booklet"], "b", builds) == 4
    assert other_command(["book", "p.yaml", "--strict"], "b", builds) == 4
    assert calls == [("new", tmp_path / "n", "b"),
                     ("book", Path("p.yaml"), True, False, True, builds),
                     ("book", Path("p.yaml"), False, True, False, builds)]


@pytest.mark.parametrize("command", [[], ["new"], ["import"], ["site"], ["book"]],
                         ids=["build", "new", "import", "site", "book"])
def test_each_command_s_help_is_as_written(command: list[str], golden,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture) -> None:
    """The options as ``--help`` explains them, word for word (argparse wraps them to the
    terminal's width: 100 columns here)."""
    import build
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as stopped:
        build.main([*command, "--help"])
    assert stopped.value.code == 0
    golden(f"help-{command[0] if command else 'build'}.txt", capsys.readouterr().out)
