"""Real reports written elsewhere (tests/corpus/: public-domain reports of the U.S.
Congressional Research Service, converted word for word; see its README) build clean with
--strict but for one markup fault of one report's text, named; their text unchanged (one also
in the draft, whose wider margin lays the pages out anew: its draft was once refused)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, body_text, page_count, page_text, run_build

pytestmark = pytest.mark.build

CORPUS = ROOT / "tests/corpus"


def strict_build(folder: Path, name: str, editions: str = "screen", strict: bool = True
                 ) -> tuple[Path, int, str]:
    """The report built (strict) in this process: its folder, exit status and messages."""
    shutil.copytree(CORPUS / name, folder / name)
    status, _, err = run_build(folder / name, *["--strict"] * strict, "--editions", editions)
    return folder / name, status, err


def test_the_corpus_is_the_converted_text_unchanged() -> None:
    """Nobody edits a report's text to make it build: every file is as it was copied in
    from the converted reports (tests/corpus/SHA256SUMS, written then)."""
    import hashlib
    listed = dict(reversed(line.split("  ", 1)) for line in
                  (CORPUS / "SHA256SUMS").read_text("utf-8").splitlines())
    found = {f"./{p.relative_to(CORPUS)}": hashlib.sha256(p.read_bytes()).hexdigest()
             for p in CORPUS.rglob("*") if p.is_file() and p.name != "SHA256SUMS"}
    assert found == listed


def test_a_report_on_foreign_holdings_of_federal_debt_builds_clean(tmp_path: Path) -> None:
    root, status, err = strict_build(tmp_path, "foreign-debt")
    assert (status, err) == (0, ""), err
    text = body_text(root / "output/brief.pdf")
    assert "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/" \
           "mfhhis01.txt" in text.replace(" ", "")  # (a long address, whole)
    # (its line of units stood alone at a page's foot, its table on the next)
    assert on_page(root, "In Trillions of Dollars") == on_page(root, "Table 1. Estimated")


def on_page(root: Path, words: str) -> int:
    """The last page of the report's PDF that shows ``words`` (not the contents')."""
    pdf = root / "output/brief.pdf"
    return max(n for n in range(1, page_count(pdf) + 1) if words in page_text(pdf, n))


def test_a_report_on_the_senate_budget_resolution_builds_and_names_its_markup_fault(
        tmp_path: Path) -> None:
    """Its one fault, a warning (an error with --strict): '_Congressional Record _' has a
    space inside its emphasis, so that CommonMark (and Pandoc) print both underscores."""
    root, status, err = strict_build(tmp_path, "budget-resolution", "screen,draft", False)
    assert (status, err) == (0, (  # (once: the brief's warnings, not an edition's)
        "content/07-other-procedural-provisions.md:7: warning: '_' prints as written: it opens "
        "or closes no emphasis (a space inside it, as in '_words _'?); write _words_ with no "
        "space inside, or \\_ for the character itself [stray-emphasis]\n")), err
    assert sorted(p.name for p in (root / "output").glob("*.pdf")) == [
        "brief-draft.pdf", "brief.pdf"]
    assert "Senate" in body_text(root / "output/brief.pdf")
    # (its source stood alone at the top of a page, its table on the one before)
    assert on_page(root, "Table 2. Reconciliation") == on_page(root, "Source: Title II")
