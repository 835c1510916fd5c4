"""The grayscale proof (``--grayscale``, ``output/brief-grayscale.pdf``): the edition's PDF
as a black-and-white printer prints it. Every colour of every page and form (text, rules,
backgrounds, the charts' marks: WeasyPrint draws them all as vector colour operators) is
replaced by the gray of its lightness (CIELAB L*), and every picture by its gray image. The
layout is the edition's own, untouched; what cannot be converted is said, never left in
colour in silence."""
from __future__ import annotations

import io
import zlib

import pikepdf

from brief.colour import gray, gray_of_lightness

SET = {"rg": "g", "RG": "G", "k": "g", "K": "G"}  # colour operator → its gray one


def grayscale(pdf: bytes) -> tuple[bytes, list[str]]:
    """``pdf`` in grays, and what could not be made gray (a description of each)."""
    document = pikepdf.open(io.BytesIO(pdf))
    problems: list[str] = []
    done: set[tuple[int, int]] = set()
    for number, page in enumerate(document.pages, 1):
        _convert(document, page.obj, page.obj.Resources,  # (qpdf gives every page one)
                 done, problems, f"page {number}", page=page)
    data = io.BytesIO()
    document.save(data, deterministic_id=True,  # (streams compressed: pikepdf's default)
                  object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return data.getvalue(), sorted(set(problems))


def _convert(document: pikepdf.Pdf, holder: pikepdf.Object, resources: pikepdf.Object,
             done: set, problems: list[str], where: str, page: pikepdf.Page | None = None
             ) -> None:
    """The content of ``holder`` (a page or a form) and of the forms and pictures it
    draws, each once."""
    spaces = resources.get("/ColorSpace", pikepdf.Dictionary())
    operations = []
    stroke = fill = "/DeviceGray"
    for operands, operator in pikepdf.parse_content_stream(page or holder):
        name = str(operator)
        if name in SET:
            level = _level([float(v) for v in operands])
            operations.append(([level], pikepdf.Operator(SET[name])))
            continue
        if name in ("cs", "CS"):
            space = _space(operands[0], spaces)
            stroke, fill = (stroke, space) if name == "cs" else (space, fill)
            if space in ("/DeviceRGB", "/Lab", "/DeviceCMYK", "/DeviceGray"):
                operations.append(([pikepdf.Name("/DeviceGray")], operator))
                continue
            if space != "/Pattern":  # (a pattern is made gray where it is defined)
                problems.append(f"{where}: a colour in the colour space {space}")
        if name in ("sc", "scn", "SC", "SCN"):
            space = fill if name in ("sc", "scn") else stroke
            if space in ("/DeviceRGB", "/Lab", "/DeviceCMYK", "/DeviceGray"):
                operations.append(([_space_level(space, [float(v) for v in operands])],
                                   operator))
                continue
        if name == "INLINE IMAGE" and _in_colour(operands[0]):  # (pikepdf's name for BI-EI)
            problems.append(f"{where}: a picture written inside the page")
        operations.append((operands, operator))
    content = pikepdf.unparse_content_stream(operations)
    if page is not None:
        page.obj.Contents = document.make_stream(content)
    else:
        holder.write(content)
    for key, shading in resources.get("/Shading", pikepdf.Dictionary()).items():
        _shading(shading, problems, f"{where}, the gradient {key[1:]}")
    for key, pattern in resources.get("/Pattern", pikepdf.Dictionary()).items():
        if pattern.objgen in done:
            continue
        done.add(pattern.objgen)
        if pattern.get("/PatternType") == 1 and pattern.get("/PaintType") == 1:
            _convert(document, pattern, pattern.get("/Resources", resources), done,
                     problems, f"{where}, the pattern {key[1:]}")
        elif pattern.get("/PatternType") == 2:  # (an uncoloured tiling takes the gray set)
            _shading(pattern.Shading, problems, f"{where}, the gradient {key[1:]}")
    for key, item in resources.get("/XObject", pikepdf.Dictionary()).items():
        if item.objgen in done:
            continue
        done.add(item.objgen)
        if item.get("/Subtype") == "/Form":
            _convert(document, item, item.get("/Resources", resources), done, problems,
                     f"{where}, the drawing {key[1:]}")
        elif item.get("/Subtype") == "/Image":
            _picture(item, problems, f"{where}, the picture {key[1:]}")


def _in_colour(image: pikepdf.PdfInlineImage) -> bool:
    try:
        return not image.image_mask and image.colorspace != "/DeviceGray"
    except (pikepdf.PdfError, NotImplementedError, ValueError):  # (a space it cannot name)
        return True


def _level(values: list[float]) -> float:
    """The gray of a colour given as RGB, CMYK or gray values from 0 to 1."""
    if len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    level = gray(*values) if len(values) == 3 else values[0]
    return round(min(max(level, 0.0), 1.0), 4)


def _space(name: pikepdf.Object, spaces: pikepdf.Object) -> str:
    """A colour space's family: /DeviceRGB, /Lab, ... (a named one looked up)."""
    space = spaces.get(name, name) if isinstance(name, pikepdf.Name) else name
    if isinstance(space, pikepdf.Array):
        family = str(space[0])
        if family == "/ICCBased":
            return {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}.get(
                int(space[1].get("/N", 0)), "/ICCBased")
        return family
    return str(space)


def _space_level(space: str, values: list[float]) -> float:
    if space == "/Lab":  # L* to the gray of that lightness
        return round(gray_of_lightness(values[0]), 4)
    return _level(values)


def _shading(shading: pikepdf.Object, problems: list[str], where: str) -> None:
    """A gradient in grays: its colour space gray, the colours its functions run between
    (exponential ones, alone or stitched) made gray."""
    space = _space(shading.get("/ColorSpace", pikepdf.Name.DeviceGray), pikepdf.Dictionary())
    function = shading.get("/Function")
    parts = list(function.get("/Functions", [function])) \
        if isinstance(function, pikepdf.Dictionary) else []
    if space not in ("/DeviceRGB", "/DeviceGray", "/DeviceCMYK") or not parts or \
            any(part.get("/FunctionType") != 2 for part in parts):
        problems.append(f"{where}: a gradient of a kind the proof does not convert")
        return
    for part in parts:
        for end in ("/C0", "/C1"):
            if end in part:
                part[end] = pikepdf.Array([_level([float(v) for v in part[end]])])
    shading.ColorSpace = pikepdf.Name.DeviceGray


def _picture(image: pikepdf.Object, problems: list[str], where: str) -> None:
    """A picture replaced by its gray image (its mask kept)."""
    if image.get("/ImageMask") or _space(image.get("/ColorSpace", pikepdf.Name.DeviceGray),
                                         pikepdf.Dictionary()) == "/DeviceGray":
        return
    try:
        picture = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
    except Exception as failure:  # (a format pikepdf cannot decode)
        problems.append(f"{where}: cannot be read ({type(failure).__name__})")
        return
    levels: dict[tuple[int, int, int], int] = {}  # (each colour's gray, as the vectors')
    for pixel in set(picture.get_flattened_data()):
        levels[pixel] = round(gray(*(c / 255 for c in pixel)) * 255)
    grays = bytes(levels[pixel] for pixel in picture.get_flattened_data())
    image.write(zlib.compress(grays, 9), filter=pikepdf.Name.FlateDecode)  # (its old
    image.ColorSpace = pikepdf.Name.DeviceGray  # /DecodeParms gone with its filter)
    image.BitsPerComponent = 8
    if "/Decode" in image:
        del image["/Decode"]
