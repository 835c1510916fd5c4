"""The Word edition for reviewers (``--editions docx``): the brief's text as the screen
edition renders it (notes formatted by the brief's citation style, headings, figures, tables,
the bibliography), as a .docx that reviewers can mark with tracked changes and comments, in
the house's fonts and heading colour (a reference document made here from Pandoc's own), its
bibliography's entries with a hanging indent.
Cross-references print their labels as text (a Word document has no page numbers to give).

Made by Pandoc from the rendered HTML: the front and back pages and the contents are left
out (the document's title, subtitle, authors and date are its metadata); each note becomes
a Word footnote; the key-points box keeps a style of its own ("Key Points"), which ``import``
reads back as the box; charts are placed as SVG pictures, each with its PNG (for readers
that show no SVG); each editor's query is a Word comment at its place, which ``import
--review`` knows again (``review.py``)."""
from __future__ import annotations

import base64
import itertools
import json
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from brief.diagnostics import Diagnostic
from brief.model import Project
from brief.read.inputs import own_or_builders
from brief.word.manuscript import repacked
from brief.word.pandocast import run, text

LEFT_OUT = {"memo-head", "cover", "imprint", "toc", "back", "draft-mark", "draft-stamp",
            "draft-queries"}
BOX = "Key Points"  # the style of the key-points box (what import reads as the box)
ENTRY = "Bibliography"  # the style of the bibliography's entries (Pandoc's, with a hanging
# indent of half an inch added, as the PDF's)
PAPER = {"a4": (11906, 16838), "letter": (12240, 15840)}  # the page, in twentieths of a point
_SUFFIXES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}
INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\u00ad"))  # line-breaking aids of the HTML
# The document's statistics part, which Pandoc copies from the reference document: its own
# holds the counts of Pandoc's sample (83 words, 1 page) and "Microsoft Word 12.0.0", which
# a file's properties would show as this edition's; these say nothing it does not hold.
APP = ('<?xml version="1.0" encoding="UTF-8"?>\n<Properties xmlns="http://schemas.openxmlformats'
       '.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.'
       'org/officeDocument/2006/docPropsVTypes"><DocSecurity>0</DocSecurity><ScaleCrop>false'
       '</ScaleCrop><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>'
       '<LinksUpToDate>false</LinksUpToDate></Properties>')


def word_edition(html: str, content: Path, meta: dict, look: dict, epoch: int,
                 queries: tuple[str, ...] = (), label: str = "",
                 png: Callable[[str], bytes | None] | None = None) -> bytes:
    """The .docx of a rendered brief. ``content``: where its images are; ``meta``: title,
    subtitle, authors, date (text), language (its tag: Word's spelling language); ``look``:
    body and headings font families, heading colour (``#rrggbb``), paper (``a4`` or
    ``letter``); ``epoch``: the moment it records (the edition's date); ``queries``: the
    queries on the whole brief (``brief.yaml``), comments at its first paragraph, signed
    ``label`` as the text's are; ``png``: an SVG picture as a PNG (None if it cannot be), for
    the readers that show no SVG (Word before 2016, Google Docs)."""
    with tempfile.TemporaryDirectory(prefix="brief-docx-") as work:
        folder = Path(work)
        page = re.sub(r"<(/?)(?:nav|header|footer|aside)\b", r"<\1div",  # (Pandoc's divs)
                      _pictures_as_files(html.translate(INVISIBLE), folder))
        page = re.sub(r'(<p class="csl-entry".*?</p>)', r'<div class="csl-entry">\1</div>',
                      page, flags=re.S)  # (Pandoc keeps a division's class, not a paragraph's)
        (folder / "brief.html").write_text(page, "utf-8")
        tree = json.loads(run(["-f", "html", "-t", "json", str(folder / "brief.html")]))
        ids = itertools.count()
        tree["blocks"] = _blocks(tree["blocks"], ids)
        first = next((b for b in tree["blocks"] if b["t"] == "Para"), None)
        if first is not None:
            first["c"][:0] = [c for q in queries for c in _comment(q, label, next(ids))]
        tree["meta"] = {k: _inlines(v) for k, v in meta.items() if v}
        reference = folder / "reference.docx"
        _reference(reference, look, epoch)
        out = folder / "brief.docx"
        run(["-f", "json", "-t", "docx", f"--reference-doc={reference}",
             f"--resource-path={folder}:{content}", "-o", str(out)],
            json.dumps(tree).encode(), epoch)
        if png is not None:
            _with_fallbacks(out, png)
        return out.read_bytes()


def _with_fallbacks(path: Path, png: Callable[[str], bytes | None]) -> None:
    """Each SVG picture of the .docx at ``path`` given the PNG that the Office format asks
    for beside it (Pandoc writes the SVG alone, as Word 2016 reads it: older readers showed
    an empty frame), named after the SVG's relation (``rId7``: ``media/rId7.png``)."""
    with zipfile.ZipFile(path) as docx:
        parts = {name: docx.read(name).decode("utf-8") for name in (
            "word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")}
        rels = parts["word/_rels/document.xml.rels"]
        targets = {attributes["Id"]: attributes["Target"] for attributes in (
            dict(re.findall(r'(\w+)="([^"]*)"', rel))
            for rel in re.findall(r"<Relationship\b[^>]*>", rels))}
        drawn: dict[str, bytes] = {}  # each PNG, by its SVG's relation

        def fallback(blip: re.Match) -> str:
            made = png(docx.read(f"word/{targets[blip[1]]}").decode("utf-8"))
            if made is None:
                return blip[0]
            drawn[blip[1]] = made
            return f'<a:blip r:embed="{blip[1]}png">' + blip[0].removeprefix("<a:blip>")
        document = re.sub(r'<a:blip><a:extLst>(?:(?!</a:blip>).)*?<asvg:svgBlip\b[^>]*?'
                          r'r:embed="([^"]+)"', fallback, parts["word/document.xml"],
                          flags=re.S)
    if not drawn:
        return
    rels = rels.replace("</Relationships>", "".join(
        f'<Relationship Id="{rel}png" Type="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships/image" Target="media/{rel}.png" />'
        for rel in drawn) + "</Relationships>")
    types = parts["[Content_Types].xml"].replace("</Types>", "".join(  # (as Pandoc types its
        f'<Override PartName="/word/media/{rel}.png" ContentType="image/png" />'  # own)
        for rel in drawn) + "</Types>")
    repacked(path, path.with_name("fallbacks.docx"), {
        "word/document.xml": document.encode("utf-8"), "[Content_Types].xml": types.encode(),
        "word/_rels/document.xml.rels": rels.encode("utf-8"),
        **{f"word/media/{rel}.png": data for rel, data in drawn.items()}})
    path.with_name("fallbacks.docx").replace(path)


def look(project: Project) -> tuple[dict, list[Diagnostic]]:
    """The house's body and headings fonts and its accent colour, else those of the brief's
    stylesheet (``--serif``, ``--sans``, ``--accent`` in styles/brief.css, its own or the
    builder's); and what is wrong with the brief's own stylesheet, if it cannot be read."""
    house = project.meta.house
    css, _, problems = own_or_builders(project.files, "styles/brief.css", "stylesheet",
                                       "stylesheet")

    def declared(name: str) -> str:
        found = re.search(rf"--{name}:\s*([^;]+);", css)
        return found[1].split(",")[0].strip().strip('"\'') if found else ""
    return {"body": house.fonts.get("body") or declared("serif"),
            "headings": house.fonts.get("headings") or declared("sans"),
            "colour": house.colours.get("accent") or declared("accent")}, problems


def _pictures_as_files(html: str, folder: Path) -> str:
    """Each chart drawn inline (``<svg>``), and each picture written into the page (a
    ``data:`` address), as a picture file beside the page: Word names a picture by its file
    (a whole data address once stood as each picture's name)."""
    count = itertools.count(1)

    def saved(match: re.Match) -> str:
        name = f"chart-{next(count)}.svg"
        (folder / name).write_text(match[0], "utf-8")
        label = re.search(r'aria-label="([^"]*)"', match[0])
        return f'<img src="{name}" alt="{label[1] if label else ""}">'

    def written(match: re.Match) -> str:
        name = f"picture-{next(count)}.{_SUFFIXES[match[1]]}"
        (folder / name).write_bytes(base64.b64decode(match[2]))
        return f'src="{name}"'
    html = re.sub(r"<svg\b.*?</svg>", saved, html, flags=re.S)
    return re.sub(r'src="data:(image/(?:svg\+xml|png|jpeg));base64,([A-Za-z0-9+/=\s]*)"',
                  written, html)  # (the pictures a brief may hold)


def _blocks(blocks: list, ids: Iterator[int]) -> list:
    found = []
    for block in blocks:
        if block["t"] == "Div":
            classes = set(block["c"][0][1])
            if classes & LEFT_OUT:
                continue
            inner = _blocks(block["c"][1], ids)
            # The key-points box, its title ("Key points") too: Word gives a list no
            # paragraph style, and import reads it so; an entry of the bibliography: its
            # hanging indent. Each paragraph in the style, with no id of its own.
            style = BOX if "key-points" in classes else ENTRY if "csl-entry" in classes \
                else None
            found += [{"t": "Div", "c": [["", [], [["custom-style", style]]], [b]]}
                      for b in inner] if style else inner
            continue
        found.append(_walk(block, ids))
    return found


def _walk(node: object, ids: Iterator[int]) -> object:
    """Each note (``<span class="note">``) a footnote, anywhere in the tree; each query
    (``<span class="query">``) a comment, numbered by ``ids``."""
    if isinstance(node, list):
        return [walked for n in node for walked in (
            _comment(text(n["c"][1]), dict(n["c"][0][2])["data-label"], next(ids))
            if _is(n, "query") else [_walk(n, ids)])]
    if not isinstance(node, dict):
        return node
    if _is(node, "note"):
        return {"t": "Note", "c": [{"t": "Para", "c": _walk(node["c"][1], ids)}]}
    if node.get("t") == "Link" and node["c"][2][0].startswith("#"):  # (a cross-reference:
        return {"t": "Span", "c": [["", [], []], _walk(node["c"][1], ids)]}  # its label)
    return {k: _walk(v, ids) for k, v in node.items()}


def _is(node: object, kind: str) -> bool:
    return isinstance(node, dict) and node.get("t") == "Span" and kind in node["c"][0][1]


def _comment(query: str, label: str, number: int) -> list:
    """A query as a Word comment where it stands (marking no words), signed by its
    ``label`` in the brief's language: the words of a query that name its author,
    ``(Rev B)``, as a review brought back writes them, cannot be told from a parenthesis of
    its own, and stay its words."""
    return [{"t": "Span", "c": [["", ["comment-start"], [["id", str(number)],
                                                          ["author", label]]],
                                _inlines(query)["c"]]},
            {"t": "Span", "c": [["", ["comment-end"], [["id", str(number)]]], []]}]


def _inlines(value: str | list) -> dict:
    if isinstance(value, list):
        return {"t": "MetaList", "c": [_inlines(v) for v in value]}
    words = str(value).split()
    inlines: list = []
    for word in words:
        inlines += ([{"t": "Space"}] if inlines else []) + [{"t": "Str", "c": word}]
    return {"t": "MetaInlines", "c": inlines}


def _reference(path: Path, look: dict, epoch: int) -> None:
    """Pandoc's reference document with the house's fonts named in its styles part, and its
    headings in the house's colour, no statistics of its own (``APP``); its parts dated
    ``epoch`` (Pandoc copies some of them into the edition as they are)."""
    path.write_bytes(run(["--print-default-data-file", "reference.docx"]))
    with zipfile.ZipFile(path) as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
        document = docx.read("word/document.xml").decode("utf-8")
    width, height = PAPER[look.get("paper", "a4")]
    document = document.replace("<w:sectPr>", f'<w:sectPr><w:pgSz w:w="{width}" '
                                f'w:h="{height}" />', 1)  # (Word's own default: Letter)
    for kind, family in (("minor", look["body"]), ("major", look["headings"])):
        name = family.replace("&", "&amp;").replace('"', "&quot;")
        styles = re.sub(rf'w:asciiTheme="{kind}HAnsi"\s+w:eastAsiaTheme="{kind}EastAsia"'
                        rf'\s+w:hAnsiTheme="{kind}HAnsi"\s+w:cstheme="{kind}Bidi"',
                        f'w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}" '
                        f'w:cs="{name}"', styles)
    styles = re.sub(r'(w:styleId="FootnoteText">.*?)(</w:style>)',  # (10 pt, as Word's own)
                    r'\1<w:rPr><w:sz w:val="20" /><w:szCs w:val="20" /></w:rPr>\2', styles,
                    count=1, flags=re.S)
    styles = re.sub(r'(w:styleId="Bibliography">.*?)<w:pPr />',
                    r'\1<w:pPr><w:ind w:left="720" w:hanging="720" /></w:pPr>', styles,
                    count=1, flags=re.S)
    colour = look["colour"].lstrip("#").upper()
    styles = re.sub(r'<w:color w:val="0F4761" w:themeColor="accent1"\s+w:themeShade="BF" />',
                    f'<w:color w:val="{colour}" />', styles)
    repacked(path, path.with_name("house.docx"), {"word/styles.xml": styles.encode("utf-8"),
                                                  "word/document.xml": document.encode(),
                                                  "docProps/app.xml": APP.encode()},
             time.gmtime(max(epoch, 315532800))[:6])  # (a zip dates from 1980 on)
    path.with_name("house.docx").replace(path)
