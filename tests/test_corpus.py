"""Real reports written elsewhere (tests/corpus/: public-domain reports of the U.S.
Congressional Research Service, converted word for word; see its README) build clean with
--strict, their text unchanged, each in a fresh process in the background (one also in the
draft, whose wider margin lays the pages out anew: its draft was once refused)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, TIMEOUT, body_text

pytestmark = pytest.mark.build

CORPUS = ROOT / "tests/corpus"


def strict_build(name: str, editions: str = "screen") -> object:
    def job(folder: Path) -> tuple[Path, subprocess.CompletedProcess]:
        shutil.copytree(CORPUS / name, folder / name)
        return folder / name, subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--strict", "--editions", editions,
             str(folder / name)],
            capture_output=True, text=True, timeout=TIMEOUT, cwd=folder)
    return job


def test_the_corpus_is_the_converted_text_unchanged() -> None:
    """Nobody edits a report's text to make it build: every file is as it was copied in
    from the converted reports (tests/corpus/SHA256SUMS, written then)."""
    import hashlib
    listed = dict(reversed(line.split("  ", 1)) for line in
                  (CORPUS / "SHA256SUMS").read_text("utf-8").splitlines())
    found = {f"./{p.relative_to(CORPUS)}": hashlib.sha256(p.read_bytes()).hexdigest()
             for p in CORPUS.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    assert found == listed


@pytest.mark.ahead.with_args(strict_build("foreign-debt"))
def test_a_report_on_foreign_holdings_of_federal_debt_builds_clean(
        ahead: tuple[Path, subprocess.CompletedProcess]) -> None:
    root, result = ahead
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    text = body_text(root / "output/brief.pdf")
    assert "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/" \
           "mfhhis01.txt" in text.replace(" ", "")  # (a long address, whole)


@pytest.mark.ahead.with_args(strict_build("budget-resolution", "screen,draft"))
def test_a_report_on_the_senate_budget_resolution_builds_clean(
        ahead: tuple[Path, subprocess.CompletedProcess]) -> None:
    root, result = ahead
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert sorted(p.name for p in (root / "output").glob("*.pdf")) == [
        "brief-draft.pdf", "brief.pdf"]
    assert "Senate" in body_text(root / "output/brief.pdf")
