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
    SESSION.last_layout = None  # (the last layout holds its fonts' folder)
    gc.collect()
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

