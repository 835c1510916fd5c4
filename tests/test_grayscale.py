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
    status, out, err = run_build(mini, "--editions", "screen,grayscale", "--booklet")
    assert status == 0 and "output/brief-grayscale.pdf (6 pages)" in out, err
    proof, edition = mini / "output/brief-grayscale.pdf", mini / "output/brief.pdf"
    assert pdf_text(proof) == pdf_text(edition)
    for page, (gray_one, colour_one) in ((1, (proof, edition)), (5, (proof, edition)), (
            1, (mini / "output/brief-grayscale-booklet.pdf", mini / "output/brief-booklet"
                ".pdf"))):  # the cover (the house's colours), the chart's page, a sheet
        for pdf, name in ((gray_one, "gray"), (colour_one, "colour")):
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


def test_categories_exactly_the_threshold_apart_are_told_apart(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.html import lightness as module
    monkeypatch.setattr(module, "lightness", {"#a": 50.0, "#b": 60.0, "#c": 59.5}.__getitem__)
    assert module.too_close([("a", "#a"), ("b", "#b")]) == []
    assert module.too_close([("a", "#a"), ("c", "#c")]) == [("a", "c", 50.0, 59.5)]


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


def test_a_pattern_s_ink_and_its_defs_exactly() -> None:
    """L* 60.6 takes dark lines, L* 59.4 light ones; a colour written in capitals is its
    category's; the patterns are defined once, at the top of the outer drawing."""
    from brief.html.lightness import PATTERNS, WHITE
    svg = "<svg><svg><rect fill='#929292'/></svg><rect fill='#8F8F8F'/></svg>"
    out = patterned(svg, ["#111111", "#929292", "#8f8f8f"], "f")

    def pattern(number: int, ink: str) -> str:
        return (f"<pattern id='f-pattern-{number}' width='6' height='6' patternUnits="
                f"'userSpaceOnUse'><path d='{PATTERNS[number]}' stroke='{ink}' stroke-width="
                "'0.8' stroke-opacity='0.55' stroke-linecap='square'/></pattern>")
    assert out == (f"<svg><defs>{pattern(1, '#000000')}{pattern(2, WHITE)}</defs><svg>"
                   "<rect fill='#929292'/><rect fill='url(#f-pattern-1)'/></svg>"
                   "<rect fill='#8F8F8F'/><rect fill='url(#f-pattern-2)'/></svg>")


def _proof_input() -> bytes:
    """A page that sets colours every way a PDF can (each operator, each colour space:
    device, Lab, ICC-based of 1, 3 and 4 channels, a separation, patterns) and draws a form,
    a tiling pattern, gradients and pictures of each kind, one inline."""
    import io

    import pikepdf
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]

    def stream(data: bytes, **keys: object) -> pikepdf.Stream:
        return pdf.make_stream(data, **keys)

    def icc(channels: int) -> pikepdf.Array:
        return pikepdf.Array([pikepdf.Name.ICCBased, stream(b"", N=channels)])

    def exponential(start: list, end: list) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=start, C1=end, N=1)

    def picture(space: str, data: bytes, **keys: object) -> pikepdf.Stream:
        return stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1,
                      Height=1, BitsPerComponent=8, ColorSpace=pikepdf.Name(space), **keys)
    spot = pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.Spot, pikepdf.Name.DeviceCMYK,
                          exponential([0, 0, 0, 0], [1, 0, 0, 0])])
    spaces = pikepdf.Dictionary(
        L=pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])]),
        I1=icc(1), I3=icc(3), I4=icc(4), I5=icc(5), Sp=spot, P=pikepdf.Name.Pattern)
    form = stream(b"1 0 0 rg /Sp cs 1 scn", Type=pikepdf.Name.XObject,
                  Subtype=pikepdf.Name.Form, BBox=[0, 0, 1, 1],
                  Resources=pikepdf.Dictionary(ColorSpace=spaces))
    tiling = stream(b"0 1 0 RG /Sp CS 0.5 SCN", PatternType=1, PaintType=1, TilingType=1,
                    BBox=[0, 0, 1, 1], XStep=1, YStep=1,
                    Resources=pikepdf.Dictionary(ColorSpace=spaces))
    uncoloured = stream(b"0 0 1 1 re f", PatternType=1, PaintType=2, TilingType=1,
                        BBox=[0, 0, 1, 1], XStep=1, YStep=1)
    axial = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB,
                               Coords=[0, 0, 1, 0], Function=pikepdf.Dictionary(
                                   FunctionType=3, Domain=[0, 1], Bounds=[0.5], Encode=[0, 1, 0, 1],
                                   Functions=[exponential([1, 0, 0], [0, 0, 1]),
                                              exponential([0, 0, 1], [0, 1, 0])]))
    cmyk = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceCMYK,
                              Coords=[0, 0, 1, 0], Function=exponential([0, 0, 0, 0], [0, 0, 0, 1]))
    sampled = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB,
                                 Coords=[0, 0, 1, 0], Function=stream(
                                     b"\xff\x00\x00", FunctionType=0, Domain=[0, 1],
                                     Range=[0, 1, 0, 1, 0, 1], Size=[1], BitsPerSample=8))
    in_lab = pikepdf.Dictionary(ShadingType=2, ColorSpace=spaces.L, Coords=[0, 0, 1, 0],
                                Function=exponential([50, 0, 0], [90, 0, 0]))
    page.obj.Resources = pikepdf.Dictionary(
        ColorSpace=spaces,
        Pattern=pikepdf.Dictionary(Pt=tiling, Un=uncoloured, Gr=pdf.make_indirect(
            pikepdf.Dictionary(PatternType=2, Shading=cmyk))),
        Shading=pikepdf.Dictionary(Ax=axial, Sa=sampled, La=in_lab),
        XObject=pikepdf.Dictionary(
            Fm=form, Fm2=form, Im=picture("/DeviceRGB", b"\xc0\x39\x2b"),
            Gy=picture("/DeviceGray", b"\x80"),
            Mk=stream(b"\x00", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1,
                      Height=1, BitsPerComponent=1, ImageMask=True),
            Bad=picture("/DeviceRGB", b"not a jpeg", Filter=pikepdf.Name.DCTDecode)))
    page.obj.Contents = stream(
        b"1 0 0 rg 0 0 1 RG 0 0 0 1 k 0 0 0 0.5 K 0.5 g 0.2 G "
        b"/L cs 50 0 0 sc /I3 CS 0 1 0 SCN /I1 cs 0.3 sc /I4 CS 0 0 0 1 SCN "
        b"/DeviceRGB cs 0 0 1 scn /DeviceCMYK CS 1 0 0 0 SC /DeviceGray cs 0.7 sc "
        b"/P cs /Pt scn /Sp CS 1 SCN /I5 cs 1 2 3 4 5 sc "
        b"/Fm Do /Fm2 Do /Im Do /Gy Do /Mk Do /Bad Do "
        b"BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xc0\x39\x2b EI BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_every_colour_operator_and_space_turns_gray_and_what_cannot_is_said() -> None:
    import io

    import pikepdf

    from brief.colour import gray_of_lightness
    from brief.pdf.grayscale import grayscale
    out, left = grayscale(_proof_input())
    assert left == [
        "page 1, the drawing Fm: a colour in the colour space /Separation",
        "page 1, the gradient La: a gradient of a kind the proof does not convert",
        "page 1, the gradient Sa: a gradient of a kind the proof does not convert",
        "page 1, the pattern Pt: a colour in the colour space /Separation",
        "page 1, the picture Bad: cannot be read (UnidentifiedImageError)",
        "page 1: a colour in the colour space /ICCBased",
        "page 1: a colour in the colour space /Separation",
        "page 1: a picture written inside the page"]

    def r(value: float) -> float:
        return round(value, 4)
    red, blue = r(gray(1, 0, 0)), r(gray(0, 0, 1))
    with pikepdf.open(io.BytesIO(out)) as proof:
        page = proof.pages[0]
        said = [([str(v) if isinstance(v, pikepdf.Name) else float(v) for v in operands],
                 str(op))
                for operands, op in pikepdf.parse_content_stream(page)
                if str(op) != "INLINE IMAGE"]
        gray_space = ["/DeviceGray"]
        assert said == [
            ([red], "g"), ([blue], "G"), ([0.0], "g"), ([0.5], "G"), ([0.5], "g"),
            ([0.2], "G"), (gray_space, "cs"), ([r(gray_of_lightness(50))], "sc"),
            (gray_space, "CS"), ([r(gray(0, 1, 0))], "SCN"), (gray_space, "cs"), ([0.3], "sc"),
            (gray_space, "CS"), ([0.0], "SCN"), (gray_space, "cs"), ([blue], "scn"),
            (gray_space, "CS"), ([r(gray(0, 1, 1))], "SC"), (gray_space, "cs"), ([0.7], "sc"),
            (["/P"], "cs"), (["/Pt"], "scn"), (["/Sp"], "CS"), ([1.0], "SCN"), (["/I5"], "cs"),
            ([1.0, 2.0, 3.0, 4.0, 5.0], "sc"), *[([f"/{x}"], "Do") for x in (
                "Fm", "Fm2", "Im", "Gy", "Mk", "Bad")]]
        resources = page.Resources
        assert [str(op) for _, op in pikepdf.parse_content_stream(resources.XObject.Fm)] == \
            ["g", "cs", "scn"]
        level, op = pikepdf.parse_content_stream(resources.Pattern.Pt)[0]
        assert (float(level[0]), str(op)) == (r(gray(0, 1, 0)), "G")
        axial = resources.Shading.Ax
        assert axial.ColorSpace == "/DeviceGray" and [
            [float(part[end][0]) for end in ("/C0", "/C1")]
            for part in axial.Function.Functions] == [[red, blue], [blue, r(gray(0, 1, 0))]]
        cmyk = resources.Pattern.Gr.Shading
        assert cmyk.ColorSpace == "/DeviceGray" and [float(cmyk.Function.C0[0]), float(
            cmyk.Function.C1[0])] == [1.0, 0.0]
        assert resources.Shading.Sa.ColorSpace == "/DeviceRGB"  # (left as it was, and said)
        image = resources.XObject.Im
        assert image.ColorSpace == "/DeviceGray" and image.BitsPerComponent == 8 and \
            image.read_bytes() == bytes([round(gray(0xc0 / 255, 0x39 / 255, 0x2b / 255) * 255)])
        assert resources.XObject.Gy.read_bytes() == b"\x80"
        assert resources.XObject.Mk.get("/ColorSpace") is None


def test_every_way_a_page_reaches_a_colour_is_followed_once() -> None:
    """Page 1 has no resources (its colours out of range, in CMYK, set before any space is
    named); pages 2 and 3 share a pattern that has no resources of its own (it takes the
    page's), page 3 has one more, a shading pattern the proof cannot convert, a form holding
    a form without resources, and Lab for strokes."""
    import io

    import pikepdf

    from brief.colour import gray_of_lightness
    from brief.pdf.grayscale import grayscale
    pdf = pikepdf.new()

    def tiling(content: bytes) -> pikepdf.Stream:
        return pdf.make_stream(content, PatternType=1, PaintType=1, TilingType=1,
                               BBox=[0, 0, 1, 1], XStep=1, YStep=1)

    def form(content: bytes, **keys: object) -> pikepdf.Stream:
        return pdf.make_stream(content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                               BBox=[0, 0, 1, 1], **keys)
    shared, more = tiling(b"1 0 0 rg"), tiling(b"0 1 0 rg")
    more.Resources = pikepdf.Dictionary()
    inner = form(b"0 0 1 rg")
    outer = form(b"/In Do", Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(In=inner)))
    sampled = pdf.make_stream(b"\xff\x00\x00", FunctionType=0, Domain=[0, 1],
                              Range=[0, 1, 0, 1, 0, 1], Size=[1], BitsPerSample=8)
    lab = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])
    for content, resources in (
            (b"2 2 2 rg 1.5 sc 0 0.5 0.5 0 k", None),
            (b"/Pattern cs /A scn", pikepdf.Dictionary(Pattern=pikepdf.Dictionary(A=shared))),
            (b"/L CS 50 0 0 SC /Fm Do", pikepdf.Dictionary(
                ColorSpace=pikepdf.Dictionary(L=lab), XObject=pikepdf.Dictionary(Fm=outer),
                Pattern=pikepdf.Dictionary(A=shared, B=more, Gr=pikepdf.Dictionary(
                    PatternType=2, Shading=pikepdf.Dictionary(
                        ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB,
                        Coords=[0, 0, 1, 0], Function=sampled)))))):
        pdf.add_blank_page()
        pdf.pages[-1].obj.Contents = pdf.make_stream(content)
        if resources is None:
            del pdf.pages[-1].obj["/Resources"]
        else:
            pdf.pages[-1].obj.Resources = resources
    data = io.BytesIO()
    pdf.save(data)
    out, left = grayscale(data.getvalue())
    assert left == ["page 3, the gradient Gr: a gradient of a kind the proof does not convert"]

    def said(stream: pikepdf.Object) -> list[tuple[list, str]]:
        return [([round(float(v), 4) if not isinstance(v, pikepdf.Name) else str(v)
                  for v in operands], str(op))
                for operands, op in pikepdf.parse_content_stream(stream)]
    with pikepdf.open(io.BytesIO(out)) as proof:
        first, _, third = proof.pages
        assert said(first) == [([1.0], "g"), ([1.0], "sc"), ([round(gray(1, 0.5, 0.5), 4)], "g")]
        assert first.obj.Contents.Filter == pikepdf.Name.FlateDecode  # (compressed)
        patterns = third.Resources.Pattern
        assert said(patterns.A) == [([round(gray(1, 0, 0), 4)], "g")]
        assert said(patterns.B) == [([round(gray(0, 1, 0), 4)], "g")]
        assert said(third)[:2] == [(["/DeviceGray"], "CS"),
                                   ([round(gray_of_lightness(50), 4)], "SC")]
        nested = third.Resources.XObject.Fm.Resources.XObject.In
        assert said(nested) == [([round(gray(0, 0, 1), 4)], "g")]


def test_a_picture_inside_the_page_is_said_unless_gray_or_a_mask() -> None:
    """Page 1: a gray picture and a mask (nothing to say); page 2: one in a colour space
    pikepdf cannot name (said, as in colour); page 3: one in CMYK."""
    import io

    import pikepdf

    from brief.pdf.grayscale import grayscale
    pdf = pikepdf.new()
    for content in (b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI BI /W 1 /H 1 /IM true /BPC 1 "
                    b"ID \x00 EI", b"BI /W 1 /H 1 /CS [/Separation /Sp /DeviceCMYK 0] /BPC 8 "
                    b"ID \x80 EI", b"BI /W 1 /H 1 /CS /CMYK /BPC 8 ID \x80\x80\x80\x80 EI"):
        pdf.add_blank_page()
        pdf.pages[-1].obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    assert grayscale(out.getvalue())[1] == ["page 2: a picture written inside the page",
                                            "page 3: a picture written inside the page"]


def test_what_a_black_and_white_printer_would_lose_is_said_in_words(tmp_path: Path) -> None:
    """The findings of the proof (brief/html/lightness.py), made in this process from the
    brief as read: a chart's categories alike in gray at its line, the closest pair first;
    the house's colours that read poorly or vanish at ``house:``; with the house's patterns,
    no word about the chart."""
    from brief.html.lightness import lightness_findings
    from brief.markdown.parse import parse
    from brief.read.load import load
    root, line = coloured(tmp_path / "plain", HOUSE)
    found = lightness_findings(parse(load(root))[0])
    house = next(n for n, text in enumerate(  # (its value's line: 'colours:', under it)
        (root / "content/brief.yaml").read_text().splitlines(), 1) if text == "house:") + 1
    assert [(str(d.loc), d.level, d.code) for d in found] == [
        (f"content/02-annex.md:{line}", "warning", "gray-categories"),
        (f"content/brief.yaml:{house}", "warning", "gray-contrast"),
        (f"content/brief.yaml:{house}", "warning", "gray-contrast")]
    assert [d.message for d in found] == [
        "in black and white this chart's categories print alike: diplomatic and energy "
        "(L* 45 and 46); give them colours at least 10 apart in lightness (L*) in the "
        "dataset's schema, or set the house's 'patterns: true'",
        "in black and white links (link, #9a9a9a, L* 64) would read poorly on the white page "
        "(L* 100): make them at least 40 apart in lightness (L*)",
        "in black and white the key points' box and the tables' bands (accent-light, "
        "#fafafa, L* 98) would vanish on the white page (L* 100): make them at least 5 apart "
        "in lightness (L*)"]
    patterned_root, _ = coloured(tmp_path / "patterned", "house: {patterns: true}\n")
    assert lightness_findings(parse(load(patterned_root))[0]) == []


def test_a_page_naming_a_device_space_without_colour_spaces_turns_gray_the_same_each_time(
        ) -> None:
    """A page whose resources hold no /ColorSpace (device spaces need none); the proof is
    the same to the byte when made twice (its file id derives from its content)."""
    import io

    import pikepdf

    from brief.pdf.grayscale import grayscale
    document = pikepdf.new()
    document.add_blank_page()
    document.pages[0].obj.Contents = document.make_stream(
        b"/DeviceRGB cs 1 0 0 sc /DeviceCMYK CS 0 0 0 1 SC 0 0 10 10 re B\n")
    data = io.BytesIO()
    document.save(data)
    saved: list[dict] = []
    save = pikepdf.Pdf.save

    def saving(self, *args, **options):  # type: ignore[no-untyped-def]
        saved.append(options)
        return save(self, *args, **options)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(pikepdf.Pdf, "save", saving)
        out, left = grayscale(data.getvalue())
    # (a file id not derived from the content would be the clock's: qpdf's, to the second)
    assert left == [] and saved[0]["deterministic_id"] is True
    assert b"/ObjStm" in out  # (its objects packed in streams, as the editions are)
    assert grayscale(data.getvalue())[0] == out
    with pikepdf.open(io.BytesIO(out)) as proof:
        said = [([str(v) if isinstance(v, pikepdf.Name) else float(v) for v in operands],
                 str(op)) for operands, op in pikepdf.parse_content_stream(proof.pages[0])]
    assert said[:4] == [(["/DeviceGray"], "cs"), ([round(gray(1, 0, 0), 4)], "sc"),
                        (["/DeviceGray"], "CS"), ([0.0], "SC")]


def test_each_category_s_pattern_is_its_own_lines_or_dots_in_ink_that_shows() -> None:
    """Nine categories: none on the first, then each pattern in turn (the eighth: dots),
    the lines or dots dark on a light colour and light on a dark one."""
    import re

    from brief.html.lightness import PATTERNS, WHITE
    colours = ["#111111", "#eeeeee", "#222222", "#dddddd", "#333333", "#cccccc", "#444444",
               "#f0f0f0", "#1f3a5f", "#101010"]
    svg = "<svg>" + "".join(f"<rect fill='{c}'/>" for c in colours) + "</svg>"
    out = patterned(svg, colours, "f")
    defs = re.findall(r"<pattern id='f-pattern-(\d+)'[^>]*>(.*?)</pattern>", out)
    assert [int(n) for n, _ in defs] == [1, 2, 3, 4, 5, 6, 7, 8]  # (9: the first's, none)
    assert defs[6][1] == "<circle cx='3' cy='3' r='1.1' fill='#000000' fill-opacity='0.55'/>"
    assert defs[0][1] == ("<path d='M0,6 L6,0' stroke='#000000' stroke-width='0.8' "
                          "stroke-opacity='0.55' stroke-linecap='square'/>")
    assert defs[1][1] == (f"<path d='M0,0 L6,6' stroke='{WHITE}' stroke-width='0.8' "
                          "stroke-opacity='0.55' stroke-linecap='square'/>")
    assert [p for _, p in defs][7].startswith(f"<path d='{PATTERNS[8]}'")
    assert patterned(svg, colours[:1], "f") == svg
    assert out.startswith("<svg><defs><pattern ") and "</pattern></defs><rect " in out


def test_a_picture_s_white_and_black_stay_white_and_black() -> None:
    import io

    import pikepdf

    from brief.pdf.grayscale import grayscale
    document = pikepdf.new()
    document.add_blank_page()
    picture = document.make_stream(b"\xff\xff\xff\x00\x00\x00", Type=pikepdf.Name.XObject,
                                   Subtype=pikepdf.Name.Image, Width=2, Height=1,
                                   ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
    page = document.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im=picture))
    page.obj.Contents = document.make_stream(b"q 2 0 0 1 0 0 cm /Im Do Q\n")
    data = io.BytesIO()
    document.save(data)
    out, left = grayscale(data.getvalue())
    with pikepdf.open(io.BytesIO(out)) as proof:
        image = proof.pages[0].Resources.XObject.Im
        assert left == [] and image.read_bytes() == b"\xff\x00"


def test_pictures_and_gradients_of_every_other_kind(tmp_path: Path) -> None:
    """A CMYK picture turns gray as PIL shows it in RGB; a picture decoded by a predictor
    and a Decode array is gray data without either; a mask, even one naming a colour space,
    is left as it is; a gradient that names no colour space is gray already, one that has
    no function (a mesh) cannot be converted and is said."""
    import io
    import zlib

    import pikepdf
    from PIL import Image

    from brief.pdf.grayscale import grayscale
    pdf = pikepdf.new()
    pdf.add_blank_page()

    def picture(data: bytes, space: str, **keys: object) -> pikepdf.Stream:
        return pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                               Width=1, Height=1, ColorSpace=pikepdf.Name(space),
                               **{"BitsPerComponent": 8, **keys})
    predicted = zlib.compress(b"\x02\x20\x40\x60")  # (PNG's "up" filter, row 1: itself)
    images = {"Cm": picture(b"\x00\x80\xff\x20", "/DeviceCMYK"),
              "Pr": picture(predicted, "/DeviceRGB", Filter=pikepdf.Name.FlateDecode,
                            DecodeParms=pikepdf.Dictionary(Predictor=15, Colors=3,
                                                           Columns=1),
                            Decode=[0, 1, 0, 1, 0, 1]),
              "Mk": picture(b"\x80", "/DeviceRGB", ImageMask=True, BitsPerComponent=1)}
    plain = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1], C1=[0], N=1)
    shadings = {"No": pikepdf.Dictionary(ShadingType=2, Coords=[0, 0, 1, 0], Function=plain),
                "Mesh": pdf.make_stream(b"", ShadingType=4, ColorSpace=pikepdf.Name.DeviceRGB,
                                        BitsPerCoordinate=8, BitsPerComponent=8,
                                        BitsPerFlag=8, Decode=[0, 1, 0, 1, 0, 1, 0, 1, 0, 1])}
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(**images),
                                            Shading=pikepdf.Dictionary(**shadings))
    page.obj.Contents = pdf.make_stream(b"/Cm Do /Pr Do /Mk Do /No sh /Mesh sh")
    data = io.BytesIO()
    pdf.save(data)
    out, left = grayscale(data.getvalue())
    assert left == ["page 1, the gradient Mesh: a gradient of a kind the proof does not "
                    "convert"]
    rgb = Image.frombytes("CMYK", (1, 1), b"\x00\x80\xff\x20").convert("RGB").getpixel((0, 0))
    with pikepdf.open(io.BytesIO(out)) as proof:
        resources = proof.pages[0].Resources
        cmyk, predicted_, mask = (resources.XObject[f"/{n}"] for n in ("Cm", "Pr", "Mk"))
        assert cmyk.read_bytes() == bytes([round(gray(*(c / 255 for c in rgb)) * 255)])
        assert predicted_.read_bytes() == bytes([round(gray(0x20 / 255, 0x40 / 255,
                                                            0x60 / 255) * 255)])
        assert "/DecodeParms" not in predicted_ and "/Decode" not in predicted_
        assert mask.ColorSpace == "/DeviceRGB" and mask.read_bytes() == b"\x80"
        assert resources.Shading.No.ColorSpace == "/DeviceGray"
        assert [float(resources.Shading.No.Function[end][0]) for end in ("/C0", "/C1")] == [
            1.0, 0.0]


def test_a_picture_without_a_colour_space_is_left_as_it_is() -> None:
    """(A JPEG 2000 picture's colours are in its own file; the PDF names none: no decoding
    tried, nothing said.)"""
    import pikepdf

    from brief.pdf.grayscale import _picture
    with pikepdf.new() as document:
        image = pikepdf.Stream(document, b"\x10\x20\x30\x40", Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Image, Width=2, Height=2,
                               BitsPerComponent=8)
        problems: list[str] = []
        _picture(image, problems, "page 1")
        assert (problems, image.read_bytes()) == ([], b"\x10\x20\x30\x40")


def test_a_chart_s_categories_are_those_shown_that_have_a_colour() -> None:
    from brief.diagnostics import Loc
    from brief.html.lightness import categories
    from brief.model import Column, Dataset, Figure, FigureRow, Row
    here = Loc("content/a.yaml", 1)
    column = Column("side", categories=(("n", "North", "#1f3a5f"), ("s", "South", None),
                                        ("e", "East", "#b7791f"), ("w", "West", "#777777")))
    dataset = Dataset("d", "content/a.yaml", here, (column,), ())
    rows = tuple(FigureRow(Row({"side": v}, here), {}) for v in ("n", "s", "e"))
    figure = Figure("fig-a", "chart", here, spec={"vega-lite": {"encoding": {
        "color": {"field": "side"}}}}, rows=rows)
    assert categories(figure, dataset) == [("North", "#1f3a5f"), ("East", "#b7791f")]
    timeline = Figure("fig-t", "chart", here, spec={"timeline": {
        "date": "when", "label": "what", "colour": "side"}}, rows=rows)
    assert categories(timeline, dataset) == [("North", "#1f3a5f"), ("East", "#b7791f")]


@pytest.mark.parametrize("levels, first, more", [
    ((100, 104, 108, 200, 204), "c200 and c204 (L* 81 and 82), c104 and c108",
     " and 1 more pairs"),
    ((100, 102, 104, 106, 108), "c106 and c108", " and 7 more pairs"),
    ((100, 104, 108, 30), "c104 and c108", ""),  # (three pairs: all of them)
    ((100, 104, 200, 204, 30), "c200 and c204 (L* 81 and 82), c100 and c104", "")])
def test_a_chart_s_alike_categories_are_said_by_the_three_closest_pairs_and_a_count(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, levels: tuple[int, ...],
        first: str, more: str) -> None:
    """(The data brief's chart, its categories stood in for: grays of these levels.)"""
    from brief.html import lightness
    from brief.markdown.parse import parse
    from brief.read.load import load
    monkeypatch.setattr(lightness, "categories", lambda figure, dataset: [
        (f"c{level}", f"#{level:02x}{level:02x}{level:02x}") for level in levels])
    document = parse(load(fixture_copy(tmp_path, "data")))[0]
    said = {d.message.split(";")[0] for d in lightness.lightness_findings(document)
            if d.code == "gray-categories"}  # (each chart of the brief: the same words)
    assert len(said) == 1
    words = said.pop()
    assert words.endswith(")" + more) and words.split(": ", 1)[1].startswith(first)
    assert words.count("(L* ") == min(3, sum(1 for n, a in enumerate(levels) for b in
                                              levels[n + 1:] if abs(a - b) <= 8))


def test_colours_and_gradients_already_gray_stay_gray_written_as_the_proof_writes_them(
        ) -> None:
    import io

    import pikepdf

    from brief.pdf.grayscale import grayscale
    with pikepdf.new() as document:
        shading = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceGray,
                                     Coords=[0, 0, 10, 0], Function=pikepdf.Dictionary(
                                         FunctionType=2, Domain=[0, 1], C0=[0.2], C1=[0.8],
                                         N=1))
        page = document.add_blank_page(page_size=(20, 20))
        page.obj.Resources = pikepdf.Dictionary(Shading=pikepdf.Dictionary(Sh0=shading))
        page.obj.Contents = document.make_stream(
            b"/DeviceGray cs 0.123456 sc /DeviceGray CS 0.5 SC 0 0 5 5 re B /Sh0 sh")
        out = io.BytesIO()
        document.save(out)
    proof, left = grayscale(out.getvalue())
    assert left == []
    with pikepdf.open(io.BytesIO(proof)) as done:
        drawn = [(str(operator), [str(o) for o in operands]) for operands, operator in
                 pikepdf.parse_content_stream(done.pages[0])]
        assert drawn[:4] == [("cs", ["/DeviceGray"]), ("sc", ["0.1235"]), ("CS", ["/DeviceGray"]),
                             ("SC", ["0.5"])]
        gradient = done.pages[0].Resources.Shading.Sh0
        assert (gradient.ColorSpace, [float(c) for c in gradient.Function.C0]) == (
            "/DeviceGray", [0.2])


def test_a_brief_stylesheet_that_sets_some_colours_is_read_over_the_builder_s(
        tmp_path: Path) -> None:
    """(Its other colours are the builder's; without a 'house:' line, said at brief.yaml's
    first.)"""
    from brief.html.lightness import lightness_findings
    from brief.markdown.parse import parse
    from brief.read.load import load
    root = fixture_copy(tmp_path, "mini")
    (root / "styles").mkdir(exist_ok=True)
    (root / "styles/brief.css").write_text(":root { --link: #9A9A9A; }\n", "utf-8")
    assert [str(d) for d in lightness_findings(parse(load(root))[0])] == [
        "content/brief.yaml:1: warning: in black and white links (link, #9A9A9A, L* 64) would "
        "read poorly on the white page (L* 100): make them at least 40 apart in lightness "
        "(L*) [gray-contrast]"]
    (root / "styles/brief.css").write_text(":root { --accent: #eeeeee; --cover-subtitle: "
                                           "#ffffff; }\n", "utf-8")
    said = [d.message for d in lightness_findings(parse(load(root))[0])]
    assert "in black and white the cover's title (white, L* 100) would read poorly on " \
        "(accent, #eeeeee, L* 94): make them at least 40 apart in lightness (L*)" in said
    assert "in black and white the cover's subtitle (cover-subtitle, #ffffff, L* 100) would " \
        "read poorly on (accent, #eeeeee, L* 94): make them at least 40 apart in lightness " \
        "(L*)" in said  # (white set as a colour: named as the colour it is)
    (root / "styles/brief.css").write_text(":root { --accent-light: #203b60; }\n", "utf-8")
    said = [d.message for d in lightness_findings(parse(load(root))[0])]
    assert "in black and white the key points' title (accent, #1f3a5f, L* 24) would read " \
        "poorly on (accent-light, #203b60, L* 25): make them at least 40 apart in lightness " \
        "(L*)" in said  # (a ground other than the page: named as a colour)
