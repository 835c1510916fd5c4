"""Reading a finished PDF as a reader would: per-page text, printed page numbers, fonts."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache
from xml.etree import ElementTree
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from brief.typeset import FONT_DIRS

MAIN_TEXT_SIZE = 9  # points: body, headings and table; notes and page furniture are smaller


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is required for this test (Debian package poppler-utils)"
    return path


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def page_text(pdf: Path, page: int, body_only: bool = False) -> str:
    """Text of one page (1-based). ``body_only`` keeps the main text: no running head, no
    footer, no notes, no note calls (all set smaller than the text)."""
    if body_only:
        return main_text(pdf, page)
    return subprocess.run([tool("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def main_text(pdf: Path, page: int) -> str:
    xml = subprocess.run([tool("pdftohtml"), "-xml", "-i", "-stdout", "-zoom", "1",
                          "-f", str(page), "-l", str(page), str(pdf)],
                         check=True, capture_output=True, text=True).stdout
    root = ElementTree.fromstring(xml)
    sizes = {f.get("id"): float(f.get("size")) for f in root.iter("fontspec")}
    lines: list[list] = []  # [top, right edge, text]
    for segment in root.iter("text"):
        if sizes[segment.get("font")] < MAIN_TEXT_SIZE or "".join(
                segment.itertext()).strip() == "•":  # list markers come last, out of order
            continue
        top, left = int(segment.get("top")), int(segment.get("left"))
        text = "".join(segment.itertext())
        if lines and abs(lines[-1][0] - top) <= 3:
            gap = " " if left > lines[-1][1] + 2 else ""  # another table cell
            lines[-1][1:] = [left + int(segment.get("width")), lines[-1][2] + gap + text]
        else:
            lines.append([top, left + int(segment.get("width")), text])
    return "\n".join(text for _, _, text in lines) + "\n"


def printed_numbers(pdf: Path) -> dict[int, int]:
    """Map each printed page number ('Page X of Y' in the footer) to its 1-based page index."""
    found = {}
    for index in range(1, page_count(pdf) + 1):
        if match := re.search(r"Page (\d+) of (\d+)", page_text(pdf, index)):
            found[int(match[1])] = index
    return found


def join_lines(text: str) -> str:
    """Undo line and page breaking: a line ending in a hyphen joins the next line without
    a space (the hyphen stays: callers that compare words ignore hyphens)."""
    text = re.sub(r"([-\u2010\u00ad])\s*\n\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def body_text(pdf: Path) -> str:
    """The whole document's body text, without page furniture, as one line."""
    pages = [page_text(pdf, i, body_only=True) for i in range(1, page_count(pdf) + 1)]
    return join_lines("\n".join(pages))


@cache
def bundled_fonts() -> dict[str, TTFont]:
    """PostScript name → bundled font, for every TrueType file of the font packages."""
    fonts = {}
    for folder in FONT_DIRS:
        for path in folder.glob("*.ttf"):
            font = TTFont(path, lazy=True)
            fonts[font["name"].getDebugName(6)] = font
    return fonts


def _to_unicode(cmap: str) -> dict[int, str]:
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(cid, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, start in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                mapping[int(lo, 16) + offset] = chr(int(start, 16) + offset)
    return mapping


def font_problems(pdf: Path) -> list[str]:
    """Every way a font in ``pdf`` could print a wrong or blank glyph, as sentences."""
    problems, seen = [], set()
    with pikepdf.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for font in page.Resources.get("/Font", {}).values():
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                problems += _check_font(font, number)
    return problems


def _check_font(font: pikepdf.Object, page: int) -> list[str]:
    name = str(font.BaseFont)
    descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font
                  ).get("/FontDescriptor")
    program = descriptor and (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                              or descriptor.get("/FontFile"))
    if program is None:
        return [f"{name} (page {page}) is not embedded"]
    embedded = TTFont(io.BytesIO(program.read_bytes()))
    ps_name = embedded["name"].getDebugName(6)
    if ps_name not in bundled_fonts():
        return [f"{name} (page {page}) is {ps_name}, not a bundled font"]
    order, cmap = embedded.getGlyphOrder(), embedded.getBestCmap()
    problems = []
    for cid, text in _to_unicode(font.ToUnicode.read_bytes().decode("latin-1")).items():
        if cid == 0 or cid >= len(order):
            problems.append(f"{name} prints {text!r} with no glyph (.notdef)")
        elif len(text) == 1 and text != "\u2010" and cmap.get(ord(text)) != order[cid]:
            problems.append(f"{name} prints {text!r} with glyph {order[cid]}, which the "
                            "font does not map to it")
    return problems
