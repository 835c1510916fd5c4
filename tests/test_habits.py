"""What authors bring from Pandoc and Quarto (tests/habits/cases.yaml): each habit prints as
Pandoc or Quarto would print it, checked in the PDF's text (no markup printed as written; a
cross-reference's label, number and page), its pages (a page break) and its laid-out boxes
(an image's size), or is named at its file and line with what to write instead."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import (
    FIXTURES,
    join_lines,
    main_text,
    page_count,
    page_text,
    pdf_text,
    printed_numbers,
    run_build,
)

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
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """One brief holding every habit that prints, one section each, built: its PDF and the
    WeasyPrint document the PDF was drawn from (its boxes)."""
    from brief.pdf.typeset import Typesetter
    root = brief_with(tmp_path_factory.mktemp("habits"),
                      [(f"Habit {n}", case["markdown"]) for n, case in enumerate(PRINTED)])
    lay_out, laid_out = Typesetter.lay_out, []

    def keep(self, html):  # type: ignore[no-untyped-def]
        laid_out.append(lay_out(self, html))
        return laid_out[-1]
    Typesetter.lay_out = keep  # type: ignore[method-assign]
    try:
        status, _, err = run_build(root)
    finally:
        Typesetter.lay_out = lay_out  # type: ignore[method-assign]
    assert (status, err) == (0, ""), err
    return root / "output/brief.pdf", laid_out[-1]


@pytest.fixture(scope="session")
def printed(built: tuple[Path, object]) -> str:
    """The PDF text of that brief, as one line."""
    return join_lines(pdf_text(built[0]))


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


CSS_PX = {"%": None, "cm": 96 / 2.54, "mm": 96 / 25.4, "in": 96, "pt": 96 / 72, "px": 1}


@pytest.mark.build
@pytest.mark.parametrize("case", [c for c in PRINTED if "sizes" in c],
                         ids=[c["name"] for c in PRINTED if "sizes" in c])
def test_an_image_is_laid_out_at_the_size_its_attributes_give(
        case: dict, built: tuple[Path, object]) -> None:
    from weasyprint.formatting_structure import boxes
    images = {}

    def walk(box: object, parent: object) -> None:
        if isinstance(box, boxes.ReplacedBox):
            images[box.element.get("alt")] = (box, parent)
        for child in getattr(box, "children", ()):
            walk(child, box)
    for page in built[1].pages:  # type: ignore[attr-defined]
        walk(page._page_box, None)
    for alt, side, size in case["sizes"]:
        box, parent = images[alt]
        number, unit = re.fullmatch(r"([\d.]+)(\D*)", size).groups()  # type: ignore[union-attr]
        assert unit != "%" or side == "width"  # (a percentage of the figure's width)
        expected = float(number) * (CSS_PX[unit] or parent.width / 100)
        assert getattr(box, side) == pytest.approx(expected), (alt, side, size)


@pytest.mark.build
@pytest.mark.parametrize("case", [c for c in PRINTED if "new page" in c],
                         ids=[c["name"] for c in PRINTED if "new page" in c])
def test_a_page_break_begins_a_new_page(case: dict, built: tuple[Path, object]) -> None:
    """The text after the break is the first of the next page's body, the text before it
    on the page before."""
    pdf = built[0]
    before, after = case["new page"]
    pages = [n for n in range(1, page_count(pdf) + 1)
             for text in [join_lines(page_text(pdf, n))] if before in text or after in text]
    assert len(pages) == 2, (before, after, pages)
    assert before in join_lines(page_text(pdf, pages[0])) and pages[1] == pages[0] + 1
    assert main_text(pdf, pages[1]).startswith(after)


@pytest.mark.build
@pytest.mark.parametrize("case", [c for c in PRINTED if "refers" in c],
                         ids=[c["name"] for c in PRINTED if "refers" in c])
def test_a_cross_reference_prints_its_target_s_label_number_and_page(
        case: dict, built: tuple[Path, object], printed: str) -> None:
    """As the brief's own cross-references print: "Figure 9, p. 15", 9 the number its
    caption prints, which is its place in the list of figures (or tables), and 15 the number
    printed on the page that holds it; a section's, its heading and page."""
    pdf = built[0]
    numbers = {index: number for number, index in printed_numbers(pdf).items()}
    lines = [(n, line.strip()) for n in range(1, page_count(pdf) + 1)
             for line in page_text(pdf, n).splitlines()]
    for says, *targets in case["refers"]:
        labels = []
        for target in targets:
            pattern = re.compile(re.escape(target).replace(r"\{\}", r"(\d+)"))
            found = [(n, match) for n, line in lines if (match := pattern.fullmatch(line))]
            assert len(found) == 1, (target, found)
            page, match = found[0]
            label = match[0].split(". ")[0]
            if "{}" in target:  # a caption: numbered in the order of the list of its kind
                listed = [line for _, line in lines if ". . ." in line and
                          re.match(rf"{target.split()[0]} \d+\.", line)]
                assert [int(line.split()[1][:-1]) for line in listed] == \
                    list(range(1, len(listed) + 1))
                assert re.fullmatch(rf"{re.escape(match[0])}[ .]* {numbers[page]}",
                                    listed[int(match[1]) - 1]), (target, listed)
            labels.append(f"{label}, p. {numbers[page]}")
        assert says.format(*labels) in printed


@pytest.mark.parametrize("text, ident, classes, problem", [
    ("# Title {#intro}", "intro", set(), None),
    ("# Title {-}", None, {"unnumbered"}, None),
    ("# Title {.unnumbered .unlisted}", None, {"unnumbered", "unlisted"}, None),
    ("# Title {#a .unlisted -}", "a", {"unlisted", "unnumbered"}, None),
    ("# Title {.other key=v}", None, {"other"}, "key=v .other"),
    ("# Title {#a X=1}", "a", set(), "X=1"),
    ("# Title {#x .unnumbered .big}", "x", {"unnumbered", "big"}, ".big"),
    ("# Title", None, set(), None),
])
def test_a_heading_s_attributes_are_taken_out_of_its_text(
        text: str, ident: str | None, classes: set[str], problem: str | None) -> None:
    from markdown_it import MarkdownIt

    from brief.markdown.habits import heading_attributes
    inline = MarkdownIt().parse(text)[1]
    found = heading_attributes(inline)
    assert found[:2] == (ident, classes)
    assert found[2] == (problem and f"the heading's attributes {problem} are not read; a "
                        "heading takes {#id}, {.unnumbered} and {.unlisted}")
    assert inline.content == inline.children[-1].content == "Title"


@pytest.mark.parametrize("attrs, style, wrong", [
    ({"width": "70%"}, "width: 70%; height: auto", []),
    ({"width": "300"}, "width: 300px; height: auto", []),
    ({"height": "2.5in"}, "height: 2.5in", []),
    ({"width": "5cm", "height": "40mm"}, "width: 5cm; height: 40mm", []),
    ({"width": 12, "height": "12pt", "alt": "x"}, "width: 12px; height: 12pt", []),
    ({"width": "wide", "height": "3em"}, "", ["width=wide", "height=3em"]),
    ({"width": "50%", "height": "tall"}, "width: 50%", ["height=tall"]),
    ({"width": ".5in"}, "", ["width=.5in"]),
    ({}, "", [])])
def test_an_image_s_size_attributes_are_its_css_or_named_as_wrong(
        attrs: dict, style: str, wrong: list[str]) -> None:
    from brief.markdown.habits import size_style
    assert size_style(attrs) == (style, wrong)


@pytest.mark.parametrize("text, problem", [
    ("see \\cite{x} here", "the LaTeX command '\\cite{x}' would print as written"),
    ("a \\textbf here", "the LaTeX command '\\textbf' would print as written"),
    ("one \\x letter", None),
    ("{{< video a.mp4 >}}", "the Quarto shortcode '{{< video a.mp4 >}}' is not read"),
    ("{{% note %}}", "the Quarto shortcode '{{% note %}}' is not read"),
    ("a {.smallcaps} b", "the attributes '{.smallcaps}' would print as written"),
    ("a {#fig-x} b", "the attributes '{#fig-x}' would print as written"),
    ("a {width=5} b", "the attributes '{width=5}' would print as written"),
    ("a {x} and {. y} b", None),
    ("plain text", None)])
def test_markup_that_would_print_as_written_is_named(text: str, problem: str | None) -> None:
    from brief.markdown.habits import text_problem
    found = text_problem(text)
    assert (found if found is None else found[:len(problem or "")]) == problem


def test_the_markup_named_is_cut_at_forty_characters_and_says_what_to_write() -> None:
    from brief.markdown.habits import block_problem, text_problem
    assert text_problem("\\" + "a" * 60) == (
        f"the LaTeX command '\\{'a' * 39}' would print as written; write Markdown (*italic*, "
        "**bold**), or \\newpage alone in a paragraph for a page break")
    assert text_problem("{{< pagebreak >}} x") == (
        "the Quarto shortcode '{{< pagebreak >}}' is not read (only {{< pagebreak >}}, alone "
        "in a paragraph); write Markdown instead")
    assert text_problem("a {.mark}") == (
        "the attributes '{.mark}' would print as written: attributes follow an image alone in "
        "its paragraph, a heading or a bracketed [span]{.smallcaps}, with no space before "
        "them")
    assert block_problem("+---+---+\n| a | b |") == (
        "a grid table would print as written; write a pipe table (| a | b |)")
    assert block_problem("+=+") is None and block_problem("a | b") is None
    assert block_problem("| a line\n| another") == (
        "a line block (| at each line's start), or a pipe table without its line of |---|, "
        "would print as written; for lines, end each with a backslash (\\)")


def test_comments_are_dropped_but_their_lines_kept_and_attribute_values_quoted() -> None:
    from brief.markdown.habits import prepared
    assert prepared("a <!-- one\ntwo --> b\n![x](y.png){width=70% #fig-a}\n") == \
        'a \n b\n![x](y.png){width="70%" #fig-a}\n'
    code = "```\n<!-- kept -->\n```\n`<!-- kept -->` [a](b){x=1 y='2'}"
    assert prepared(code) == code.replace("{x=1 y='2'}", "{x=\"1\" y='2'}")
