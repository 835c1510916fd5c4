"""What authors bring from Pandoc and Quarto (tests/habits/cases.yaml): each habit prints as
Pandoc or Quarto would print it, checked in the PDF's text (no markup printed as written), or
is named at its file and line with what to write instead."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, join_lines, pdf_text, run_build

CASES = yaml.safe_load((Path(__file__).parent / "habits/cases.yaml").read_text("utf-8"))
PRINTED = [case for case in CASES if "prints" in case]
NAMED = [case for case in CASES if "expect" in case]
FIGURE = "<svg xmlns='http://www.w3.org/2000/svg' width='400' height='200'>" \
         "<rect width='400' height='200' fill='#1f3a5f'/></svg>\n"


def brief_with(folder: Path, sections: list[tuple[str, str]]) -> Path:
    """tests/fixtures/mini with more sections: (title, Markdown) each."""
    root = folder / "brief"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "content/figure.svg").write_text(FIGURE)
    listed = []
    for number, (title, markdown) in enumerate(sections, start=3):
        name = f"{number:02d}-habit{'' if number == 3 else number}.md"
        (root / "content" / name).write_text(f"---\ntitle: \"{title}\"\n---\n\n{markdown}",
                                             "utf-8")
        listed.append(f"  - {name}\n")
    brief = root / "content/brief.yaml"
    text = brief.read_text("utf-8")
    brief.write_text(text.replace("  - 02-annex.md\n", "  - 02-annex.md\n" + "".join(listed)))
    return root


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The PDF text of one brief holding every habit that prints, one section each."""
    root = brief_with(tmp_path_factory.mktemp("habits"),
                      [(f"Habit {n}", case["markdown"]) for n, case in enumerate(PRINTED)])
    status, _, err = run_build(root)
    assert (status, err) == (0, ""), err
    return join_lines(pdf_text(root / "output/brief.pdf"))


def test_the_corpus_holds_at_least_25_habits_that_print() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)) and len(PRINTED) >= 25 and len(NAMED) >= 10


@pytest.mark.build
@pytest.mark.parametrize("case", PRINTED, ids=[case["name"] for case in PRINTED])
def test_a_habit_prints_as_pandoc_or_quarto_would_print_it(case: dict, printed: str) -> None:
    for text in case["prints"]:
        assert " ".join(text.split()) in printed, text
    for markup in case.get("absent", []):
        assert markup not in printed, markup


@pytest.mark.parametrize("case", NAMED, ids=[case["name"] for case in NAMED])
def test_a_habit_the_brief_does_not_read_is_named_at_its_line(case: dict,
                                                             tmp_path: Path) -> None:
    root = brief_with(tmp_path, [("A Habit", case["markdown"])])
    status, _, err = run_build(root)
    assert status == 1 and "Traceback" not in err
    for expected in case["expect"]:
        assert any(line.startswith(expected) for line in err.splitlines()), \
            f"expected a line starting {expected!r}; the build said:\n{err}"
    assert not re.search(r"internal error", err)
