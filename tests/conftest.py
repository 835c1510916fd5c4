"""Shared fixtures: the real brief built once per session, and a tiny project to break."""
from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

import build

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CITE = Path(__file__).resolve().parent / "fixtures" / "cite"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files under tests/golden from this run")


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    def check(name: str, text: str) -> None:
        path = ROOT / "tests/golden" / name
        if request.config.getoption("--update-golden"):
            path.write_text(text, "utf-8")
        assert path.read_text("utf-8") == text
    return check


def run_build(root: Path, capsys: pytest.CaptureFixture[str], *args: str
              ) -> tuple[int, str, str]:
    """Run build.py's main in this process; return (exit status, stdout, stderr)."""
    status = build.main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="session")
def real_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real brief's content/, built once; returns the project folder."""
    root = tmp_path_factory.mktemp("real")
    shutil.copytree(ROOT / "content", root / "content")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build.main(["--root", str(root), "--strict"])
    (root / "build.log").write_text(out.getvalue() + err.getvalue())
    assert (status, err.getvalue()) == (0, ""), err.getvalue()
    return root


EDITIONS = {"brief": [], "brief-letter": ["--paper", "letter"], "brief-print": ["--print"],
            "brief-letter-print": ["--paper", "letter", "--print"], "brief-draft": ["--draft"],
            "brief-archival": ["--archival"]}


@pytest.fixture(scope="session")
def editions(real_brief: Path) -> Path:
    """Every edition of the real brief, built strict beside the default one."""
    for stem, args in EDITIONS.items():
        if stem != "brief":
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = build.main(["--root", str(real_brief), "--strict", *args])
            assert (status, err.getvalue()) == (0, ""), err.getvalue()
    return real_brief


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture project, free to break."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("output"))
    return root


@pytest.fixture
def cited(tmp_path: Path) -> Path:
    """A fresh copy of the citation fixture: one source of each kind, cited twice."""
    root = tmp_path / "cite"
    shutil.copytree(CITE, root, ignore=shutil.ignore_patterns("output"))
    return root
