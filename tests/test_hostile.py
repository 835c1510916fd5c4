"""Broken and hostile inputs (tests/hostile/cases.yaml): each gets its message at its place,
its exit status and no traceback; nothing outside the brief is read or written (canary
files beside it keep their access times, and this process's audit events name none of
them); the previous outputs stay as they were; no temporary file and no process is left."""
from __future__ import annotations

import faulthandler
import gc
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT, Outside, processes_started_here, run_build

from brief import cache
from brief.home import FONT_DIRS
from brief.session import SESSION

CASES = yaml.safe_load((Path(__file__).parent / "hostile/cases.yaml").read_text("utf-8"))
SECRET = "SECRET-7d1f"
OLD_PDF, OLD_HTML = b"%PDF-1.7 the previous good build", b"<p>the previous good build</p>"
HANG = 120  # seconds after which a case that hangs stops the run, with a traceback


def _expand(text: str, outside: Path) -> str:
    text = re.sub(r"\{repeat:(\d+):(.*?)\}", lambda m: m[2] * int(m[1]), text, flags=re.S)
    return text.replace("{outside}", str(outside)).replace("{builder}", str(ROOT))


def prepare(case: dict, tmp_path: Path) -> tuple[Path, Outside]:
    """The case's project: a fixture copy changed as the case says, next to ``outside/``
    (secret.md, .yaml, .csl, .svg and .png, each holding SECRET, as canaries)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / case.get("base", "mini"), root)
    outside = Outside(tmp_path / "outside", f"---\ntitle: {SECRET}\n---\n{SECRET}\n",
                      tuple(f"secret.{e}" for e in ("md", "yaml", "csl", "svg", "png")))
    encoding = "latin-1" if case.get("latin1") or "raw" in case else "utf-8"
    for path in case.get("mkdir", []):
        (root / path).mkdir(parents=True, exist_ok=True)
    for path, text in {**case.get("raw", {}), **case.get("write", {})}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(_expand(text, outside.folder).encode(encoding))
    for path, (old, new) in case.get("replace", {}).items():
        text = (root / path).read_bytes().decode(encoding)
        assert old in text, f"{case['name']}: '{old}' is not in {path}"
        (root / path).write_bytes(text.replace(old, _expand(new, outside.folder), 1)
                                  .encode(encoding))
    for path, text in case.get("append", {}).items():
        with (root / path).open("ab") as file:
            file.write(_expand(text, outside.folder).encode(encoding))
    for path, name in case.get("font", {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(next(d / name for d in FONT_DIRS if (d / name).is_file()), root / path)
    for path in case.get("delete", []):
        (root / path).unlink()
    for path, target in case.get("symlink", {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if (root / path).is_dir() and not (root / path).is_symlink():
            shutil.rmtree(root / path)
        (root / path).unlink(missing_ok=True)
        (root / path).symlink_to(_expand(target, outside.folder))
    for path in case.get("fifo", []):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).unlink(missing_ok=True)
        os.mkfifo(root / path)
    if not (root / "output").is_symlink():
        (root / "output").mkdir()
        (root / "output/brief.pdf").write_bytes(OLD_PDF)
        (root / "output/brief.html").write_bytes(OLD_HTML)
    outside.rebase()  # (as the case made it)
    return root, outside


def test_the_corpus_is_large_and_every_case_is_named_once() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    assert sum(case.get("status", 1) == 1 for case in CASES) >= 140


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_hostile_input_gets_its_message_and_changes_nothing(
        case: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, outside = prepare(case, tmp_path)
    kept = {path: (root / path).read_bytes() for path in case.get("kept", [])}
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    faulthandler.dump_traceback_later(HANG, exit=True)
    try:
        status, out, err = run_build(root, *case.get("args", []))
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert "Traceback" not in err and "internal error" not in err, err
    assert SECRET not in out + err
    assert status == case.get("status", 1), err
    lines = err.splitlines()
    for expected in case.get("expect", []):
        expected = _expand(expected, outside.folder)
        assert any(line.startswith(expected) or (
            ": error: " not in expected and expected in line) for line in lines), \
            f"expected a line starting {expected!r}; the build said:\n{err}"
    outside.untouched()
    assert {path: (root / path).read_bytes() for path in kept} == kept
    assert processes_started_here() == []
    SESSION.last_layout = None  # (the last layout holds its fonts' folder, which goes when
    if list(cache.run_folder().iterdir()):  # it is collected: a full collection costs
        gc.collect()  # some 50 ms, so only when something is left)
    assert list(cache.run_folder().iterdir()) == [], "temporary files were left"
    output = root / "output"
    if output.is_symlink():
        return
    if status == 0 and "--queries" not in case.get("args", []):
        assert SECRET.encode() not in (output / "brief.html").read_bytes()
        assert sorted(p.name for p in output.iterdir()) == ["brief.html", "brief.pdf"]
        return
    if status == 1 and case.get("summary", True):
        assert lines[-1] == "build failed with " f"{sum(': error: ' in line for line in lines)}" \
            " error(s); output/brief.pdf was left unchanged"
    assert (output / "brief.pdf").read_bytes() == OLD_PDF
    assert (output / "brief.html").read_bytes() == OLD_HTML
    assert sorted(p.name for p in output.iterdir()) == ["brief.html", "brief.pdf"]


LIMIT = re.compile(r"^(MAX_[A-Z_]+|LIMITS|SECONDS|PATTERN_SECONDS|TIMEOUT|MEMORY|LAST_SECOND)\b"
                   r" *[:=]", re.M)


def _limits_table() -> dict[str, str]:
    """docs/errors.md's "Limits" table: what → its limit, a row written "a; b | x; y" as two."""
    text = (ROOT / "docs/errors.md").read_text("utf-8")
    rows: dict[str, str] = {}
    for line in text.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0].splitlines():
        if line.startswith("| ") and not line.startswith(("| What |", "| --- |")):
            what, limit = (cell.strip() for cell in line.strip("| ").split(" | ", 1))
            whats, limits = what.split("; "), limit.split("; ")
            rows.update(zip(whats, limits) if len(whats) == len(limits) else [(what, limit)])
    return rows


def _stated() -> dict[str, list[tuple[str, str]]]:
    """Each limit of the builder (file:NAME) and how the table writes it: (what, limit)."""
    import datetime

    from brief import lifetime, options, pipeline
    from brief.html import chartengine, templating
    from brief.markdown import chartspec, directives, inlines, parse
    from brief.read import characters, datasets, inputs, tableschema, yamlfile
    from brief.resolve import cite
    from brief.run import uptodate
    from brief.word import manuscript, pandocast

    def size(value: int) -> str:
        return next(f"{value // unit:,} {name}" for unit, name in (
            (10 ** 9, "GB"), (10 ** 6, "MB"), (10 ** 3, "kB"), (1, "bytes")) if value % unit == 0)

    last = datetime.datetime.fromtimestamp(pipeline.LAST_SECOND, datetime.timezone.utc)
    year_end = last.timetuple()[1:6] == (12, 31, 23, 59, 59)
    template = "A template: a text or list it makes, a width, a padding, a number it passes"
    files = {"text": "A section, data file, schema, bibliography, `brief.yaml` or house file",
             "template": "A template; a stylesheet", "stylesheet": "A template; a stylesheet",
             "labels": "A labels file; the chart style (`styles/vega-lite.json`)",
             "chart style": "A labels file; the chart style (`styles/vega-lite.json`)",
             "citation style": "A CSL style", "font": "A font file", "image": "an image or logo"}
    return {
        "brief/read/inputs.py:LIMITS": [(files[kind], size(value))
                                        for kind, value in inputs.LIMITS.items()],
        "brief/read/yamlfile.py:MAX_DEPTH": [("YAML nesting", f"{yamlfile.MAX_DEPTH} levels")],
        "brief/word/manuscript.py:MAX_BYTES": [("A Word manuscript (`import`)",
                                                 size(manuscript.MAX_BYTES))],
        "brief/word/manuscript.py:MAX_PART": [("a part of it, unpacked",
                                                size(manuscript.MAX_PART))],
        "brief/lifetime.py:MEMORY": [
            ("Pandoc's memory, per run (citations, `import`, the Word edition)",
             size(lifetime.MEMORY))],
        "brief/word/pandocast.py:SECONDS": [
            ("Pandoc, per run, for `import` and the Word edition", f"{pandocast.SECONDS:g} s")],
        "brief/markdown/parse.py:MAX_NOTES": [("Notes", f"{parse.MAX_NOTES:,} in one paragraph")],
        "brief/markdown/parse.py:MAX_NOTES_TOTAL": [
            ("Notes", f"{parse.MAX_NOTES_TOTAL:,} in a brief")],
        "brief/read/characters.py:MAX_REPORTED": [("Characters that do not belong in text",
                                                   f"{characters.MAX_REPORTED} reported")],
        "brief/read/datasets.py:MAX_ROWS": [("Rows of a dataset", f"{datasets.MAX_ROWS:,}")],
        "brief/markdown/directives.py:MAX_TABLE_ROWS": [
            ("rows a table prints", f"{directives.MAX_TABLE_ROWS:,}")],
        "brief/markdown/chartspec.py:MAX_ROWS": [
            ("rows a chart draws", f"{chartspec.MAX_ROWS:,}"),
            ("Data a chart makes (`sequence`, `values`)", f"{chartspec.MAX_ROWS:,} rows")],
        "brief/markdown/chartspec.py:MAX_SIZE": [
            ("A chart's width or height (also `step`, a view's size)",
             f"{chartspec.MAX_SIZE:,} pixels")],
        "brief/html/chartengine.py:SECONDS": [
            ("The chart engine, per chart", f"{chartengine.SECONDS:g} s")],
        "brief/html/chartengine.py:MEMORY": [
            ("The chart engine, per chart", f"{size(chartengine.MEMORY)} of memory")],
        "brief/resolve/cite.py:TIMEOUT": [
            ("The citation processor (Pandoc), for a brief's citations", f"{cite.TIMEOUT:g} s")],
        "brief/read/tableschema.py:PATTERN_SECONDS": [
            ("A column's `pattern` on one value", f"{tableschema.PATTERN_SECONDS:g} s")],
        "brief/html/templating.py:MAX_LENGTH": [(template, f"{templating.MAX_LENGTH:,}")],
        "brief/html/templating.py:MAX_POWER": [
            ("A template: a power", f"{templating.MAX_POWER}")],
        "brief/markdown/inlines.py:MAX_WORD": [
            ("A word of the text", f"{inlines.MAX_WORD} characters")],
        "brief/markdown/directives.py:MAX_LABEL_WIDTH": [
            ("`row-label`", f"N below {directives.MAX_LABEL_WIDTH + 1}")],
        "brief/html/templating.py:MAX_OUTPUT": [
            ("what it prints", f"{templating.MAX_OUTPUT:,} characters")],
        "brief/html/templating.py:MAX_MEMORY": [
            ("memory beyond the build's", size(templating.MAX_MEMORY))],
        "brief/pipeline.py:LAST_SECOND": [
            ("`SOURCE_DATE_EPOCH`", f"the last second of the year {last.year}" if year_end
             else str(last))],
        "brief/run/uptodate.py:MAX_OUTPUT": [
            ("An output read back to tell that nothing changed",
             f"{uptodate.MAX_OUTPUT / 2 ** 30:g} GiB")],
        "brief/options.py:Options.time_limit": [
            ("The whole build", f"`--time-limit` seconds ({options.Options.time_limit} by "
                                "default)")]}


@pytest.mark.source
def test_the_limits_table_states_every_limit_with_its_value() -> None:
    """docs/errors.md's "Limits" states each limit of the builder at its value: a limit
    changed, or a new one, without the table fails here."""
    found = {f"{path.relative_to(ROOT)}:{match[1]}" for path in sorted((ROOT / "brief").rglob(
        "*.py")) for match in LIMIT.finditer(path.read_text("utf-8"))}
    stated, table = _stated(), _limits_table()
    assert "(docs/errors.md#limits)" in (ROOT / "README.md").read_text("utf-8")
    assert found - set(stated) == set(), "limits the table (and this test) do not state"
    for name, pairs in stated.items():
        for what, limit in pairs:
            assert what in table, f"{name}: no row '{what}' in docs/errors.md's Limits"
            assert re.search(rf"(?<![\w.,]){re.escape(limit)}(?![\w]|[.,]\d)", table[what]), \
                f"{name}: docs/errors.md's Limits writes '{what}' as '{table[what]}', not {limit}"
