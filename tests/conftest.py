"""Shared fixtures: the real brief built once per session, and a tiny project to break."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import build

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


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
    assert build.main(["--root", str(root)]) == 0
    return root


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the small fixture project, free to break."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root, ignore=shutil.ignore_patterns("output"))
    return root
