"""Typesetting: only the project's files and the bundled fonts are ever read."""
from __future__ import annotations

from pathlib import Path

import pytest

from brief.model import Loc
from brief.typeset import ProjectFetcher, typeset
from conftest import run_build
from pdftext import font_problems


def test_fetcher_serves_project_files_and_refuses_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.svg").write_text("<svg/>")
    fetcher = ProjectFetcher((tmp_path,))
    assert fetcher.fetch((tmp_path / "a.svg").as_uri()).read() == b"<svg/>"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in ("file:///etc/passwd", (tmp_path / "../x").as_uri(),
                "http://127.0.0.1:9/x.png", "https://example.org/x.png"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def build_with_paragraph(mini: Path, capsys: pytest.CaptureFixture[str], text: str
                         ) -> tuple[int, str, str]:
    with (mini / "content/01-first.md").open("a") as section:
        section.write(f"\n{text}\n")
    return run_build(mini, capsys)


def test_an_image_outside_the_project_fails_the_build(
        mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = build_with_paragraph(mini, capsys, "![secret](/etc/passwd)")
    assert status == 1
    assert "refused to read /etc/passwd: not a file inside the project" in err
    assert not (mini / "output/brief.pdf").exists()


def test_a_character_no_bundled_font_has_fails_at_its_line(
        mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = build_with_paragraph(mini, capsys, "Armenia: Հայաստան.")
    assert status == 1
    assert err.splitlines()[0] == (
        "content/01-first.md:11: error: brief.pdf: no bundled font has 'Հ' (U+0540), 'ա' (U+0561), "
        "'յ' (U+0575), 'ս' (U+057D), 'տ' (U+057F), 'ն' (U+0576); remove or replace it")


def test_the_font_check_catches_a_blank_box(tmp_path: Path) -> None:
    """The font test must fail on what pdffonts lets pass: a .notdef glyph."""
    html = ('<html lang="en"><body style="font-family: Source Serif Pro">'
            "<p>Armenia: Հայաստան</p></body></html>")
    _, pdf, problems = typeset(html, [], tmp_path, (tmp_path,), lambda _: Loc("t.html"))
    assert problems and "no bundled font has" in problems[0].message
    (tmp_path / "t.pdf").write_bytes(pdf)
    found = font_problems(tmp_path / "t.pdf")
    assert any("with no glyph (.notdef)" in p for p in found), found
