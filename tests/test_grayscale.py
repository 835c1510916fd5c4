"""Pages that survive a black-and-white printer (brief/html/lightness.py,
brief/pdf/grayscale.py): the grayscale proof is the edition in grays, laid out the same; a
chart whose categories are alike in lightness is a warning at its line, and with the house's
``patterns: true`` its categories are told apart on the grayscale render; house colours that
vanish in gray are a warning at ``house:``."""
from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from helpers import fixture_copy, pdf_text, run, run_build, tool
from PIL import Image, ImageChops

from brief.colour import channels, gray, lightness
from brief.html.lightness import MIN_CATEGORIES, patterned, too_close

# Two categories of one lightness (L* 45.1 and 45.6), a third far darker (L* 24.1)
CATEGORIES = """          categories:
            - {value: diplomatic, colour: '#b5473a'}
            - {value: energy, colour: '#7b5ea7'}
            - {value: social, colour: '#1f3a5f'}
"""
CHART = """
::: {#fig-kinds .chart}
dataset: treaties
caption: Treaties by category
vega-lite:
  mark: bar
  encoding:
    x: {field: category, type: nominal, axis: null}
    y: {field: number, type: quantitative, axis: null}
    color: {field: category, type: nominal, legend: null}
:::
"""


def coloured(folder: Path, house: str = "") -> tuple[Path, int]:
    """The small brief with category colours, a bar chart of them, and ``house``: the
    folder and the chart directive's line."""
    mini = fixture_copy(folder, "mini")
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8").replace(
        "          categories: [diplomatic, energy, social]\n", CATEGORIES) + house, "utf-8")
    annex = mini / "content/02-annex.md"
    line = len(annex.read_text("utf-8").splitlines()) + 2
    annex.write_text(annex.read_text("utf-8") + CHART, "utf-8")
    return mini, line


def bars(pdf: Path, level: int, folder: Path) -> list[float]:
    """On the grayscale render, each bar drawn in the gray ``level`` (within 3), left to
    right: the spread (standard deviation) of the pixels in its box. A plain fill spreads
    by nothing; a pattern by much."""
    pages = pdf_text(pdf).split("\f")
    spreads = []
    for page in [n for n, text in enumerate(pages, 1) if "Treaties by category" in text]:
        run([tool("pdftoppm"), "-r", "100", "-gray", "-png", "-f", str(page), "-l",
             str(page), "-singlefile", str(pdf), str(folder / "page")])
        image = Image.open(folder / "page.png").convert("L")
        width, height = image.size
        pixels = image.load()
        columns = [x for x in range(width)
                   if sum(abs(pixels[x, y] - level) <= 3 for y in range(0, height, 2)) > 15]
        for found in (r for r in _runs(columns) if len(r) >= 10):
            middle = found[len(found) // 2]
            rows = max(_runs([y for y in range(height) if pixels[middle, y] < 240]),
                       key=lambda run: sum(abs(pixels[middle, y] - level) <= 3 for y in run))
            box = image.crop((found[2], rows[0] + 2, found[-2], rows[-1] - 1))
            spreads.append(statistics.pstdev(box.get_flattened_data()))
    return spreads


def _runs(numbers: list[int]) -> list[list[int]]:
    """``numbers`` (ascending) in runs of consecutive ones."""
    runs: list[list[int]] = []
    for n in numbers:
        (runs[-1].append(n) if runs and n == runs[-1][-1] + 1 else runs.append([n]))
    return runs


HOUSE = "house:\n  colours: {accent-light: '#fafafa', link: '#9a9a9a'}\n"


def test_the_proof_is_in_grays_laid_out_as_the_edition_and_says_what_would_print_badly(
        tmp_path: Path) -> None:
    mini, line = coloured(tmp_path, HOUSE)
    house = len((mini / "content/brief.yaml").read_text("utf-8").splitlines())
    status, out, err = run_build(mini, "--editions", "screen,grayscale")
    assert status == 0 and "output/brief-grayscale.pdf (6 pages)" in out, err
    proof, edition = mini / "output/brief-grayscale.pdf", mini / "output/brief.pdf"
    assert pdf_text(proof) == pdf_text(edition)
    for page in (1, 5):  # the cover (the house's colours) and the chart's page
        for pdf, name in ((proof, "gray"), (edition, "colour")):
            run([tool("pdftoppm"), "-r", "40", "-png", "-f", str(page), "-l", str(page),
                 "-singlefile", str(pdf), str(tmp_path / name)])
        red, green, blue = Image.open(tmp_path / "gray.png").convert("RGB").split()
        assert ImageChops.difference(red, green).getbbox() is None
        assert ImageChops.difference(green, blue).getbbox() is None
        red, green, _ = Image.open(tmp_path / "colour.png").convert("RGB").split()
        assert ImageChops.difference(red, green).getbbox() is not None  # (it had colour)
    # The chart's two categories of one lightness: a warning at its line, two bars of one
    # gray on the proof; the house's colours a printer loses: a warning at their line.
    assert f"content/02-annex.md:{line}: warning: in black and white this chart's " \
        "categories print alike: diplomatic and energy (L* 45 and 46)" in err, err
    assert "[gray-categories]" in err and "social" not in err
    level = round(gray(*channels("#b5473a")) * 255)
    assert [round(s) for s in bars(proof, level, tmp_path)] == [0, 0]
    assert f"content/brief.yaml:{house}: warning: in black and white the key points' box " \
        "and the tables' bands (accent-light, #fafafa, L* 98) would vanish on the white page " \
        "(L* 100): make them at least 5 apart in lightness (L*) [gray-contrast]" in err, err
    assert "in black and white links (link, #9a9a9a, L* 64) would read poorly on the white " \
        "page (L* 100)" in err
    assert err.count("[gray-contrast]") == 2


def test_with_the_house_s_patterns_the_categories_are_told_apart_in_gray(
        tmp_path: Path) -> None:
    level = round(gray(*channels("#b5473a")) * 255)
    patterns, _ = coloured(tmp_path, "house: {patterns: true}\n")
    status, _, err = run_build(patterns, "--grayscale", "--strict")
    assert status == 0, err  # (no warning: --strict would make it an error)
    first, second = bars(patterns / "output/brief-grayscale.pdf", level, tmp_path)
    assert first < 2 < 8 < second  # the first plain, the second with its pattern


def test_gradients_and_pictures_turn_gray_too() -> None:
    import base64
    import io

    import pikepdf
    import weasyprint

    from brief.pdf.grayscale import grayscale
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "#c0392b").save(picture, "PNG")
    pdf = weasyprint.HTML(string=(
        "<h1 style='background: linear-gradient(to right, #ff0000, #0000ff)'>A</h1>"
        "<p style='background: radial-gradient(#00ff00, #ff00ff, #000000)'>B</p><img "
        f"width=40 src='data:image/png;base64,{base64.b64encode(picture.getvalue()).decode()}'>"
    )).write_pdf()
    out, left = grayscale(pdf)
    assert left == []
    with pikepdf.open(io.BytesIO(out)) as proof:
        images = [x for page in proof.pages for x in page.get_images().values()]
        assert images and all(i.ColorSpace == "/DeviceGray" for i in images)
        assert pikepdf.PdfImage(images[0]).as_pil_image().getpixel((1, 1)) == round(
            gray(*channels("#c0392b")) * 255)
        shadings = [s for p in proof.pages for pattern in p.Resources.Pattern.values()
                    for form in pattern.Resources.XObject.values()
                    for s in form.Resources.get("/Shading", {}).values()]
        assert len(shadings) == 2 and all(s.ColorSpace == "/DeviceGray" for s in shadings)


@pytest.mark.parametrize("colours, close", [
    (["#b5473a", "#7b5ea7"], True), (["#b5473a", "#1f3a5f"], False),
    (["#000000", "#1a1a1a"], True), (["#000000", "#303030"], False)])
def test_too_close_is_less_than_the_threshold_in_lightness(colours: list[str],
                                                             close: bool) -> None:
    difference = abs(lightness(colours[0]) - lightness(colours[1]))
    assert (difference < MIN_CATEGORIES) is close
    assert bool(too_close([("a", colours[0]), ("b", colours[1])])) is close


def test_patterns_go_over_each_category_but_the_first_and_only_its_own_marks() -> None:
    svg = ("<svg xmlns='http://www.w3.org/2000/svg'><rect x='1' fill='#B5473A'/>"
           "<path d=\"M0,0\" fill=\"#7b5ea7\" stroke='#000'/><rect fill='#7b5ea7'/>"
           "<rect fill='#123456'/><rect data-plain='1' fill='#7b5ea7'/></svg>")
    out = patterned(svg, ["#b5473a", "#7b5ea7"], "fig-x")
    assert "<path d=\"M0,0\" fill=\"#7b5ea7\" stroke='#000'/><path d=\"M0,0\" " \
        "fill='url(#fig-x-pattern-1)' stroke='#000'/>" in out
    assert "<rect fill='#7b5ea7'/><rect fill='url(#fig-x-pattern-1)'/>" in out
    assert out.count("url(#") == 2 and "<rect x='1' fill='#B5473A'/><path" in out
    assert "<pattern id='fig-x-pattern-1'" in out and "fig-x-pattern-0" not in out
    assert out.endswith("<rect data-plain='1' fill='#7b5ea7'/></svg>")  # (a label's plate)
    assert out.index("<defs>") < out.index("<rect")
