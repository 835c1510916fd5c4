"""Turn the laid-out document into findings that only layout can reveal.

Reads WeasyPrint's page boxes (the same layout that wrote the PDF), never the CSS. Each
finding is an error naming the page and, where the renderer recorded it in ``data-loc``,
the source ``file:line``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import weasyprint
from weasyprint.formatting_structure import boxes

from brief.diagnostics import Diagnostic, Loc

TOLERANCE = 0.5  # points a line may pass the text block by (rounding in the layout)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _boxes(box: boxes.Box) -> Iterator[boxes.Box]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _text(box: boxes.Box) -> str:
    return " ".join(b.text for b in _boxes(box) if isinstance(b, boxes.TextBox)).strip()


def _loc(element: object, fallback: Loc, parents: dict | None = None) -> Loc:
    """The source place the renderer wrote into ``data-loc`` ("path:line") on the element
    or, given the ``parents`` of the document's elements, on its nearest ancestor."""
    while element is not None:
        value = element.get("data-loc")  # type: ignore[attr-defined]
        path, _, line = (value or "").rpartition(":")
        if path and line.isdigit():
            return Loc(path, int(line))
        element = parents.get(element) if parents else None
    return fallback


def parents_of(document: weasyprint.Document) -> dict:
    """Each HTML element of ``document`` to its parent element."""
    tops = [b.element for b in document.pages[0]._page_box.children] if document.pages else []
    root = next((e for e in tops if e is not None), None)
    return {child: parent for parent in root.iter() for child in parent} \
        if root is not None else {}


def locator(document: weasyprint.Document, fallback: Loc,
            parents: dict | None = None) -> Callable[[object], Loc]:
    """``element → Loc`` for ``document``: its own ``data-loc`` or its nearest ancestor's."""
    parents = parents_of(document) if parents is None else parents
    return lambda element: _loc(element, fallback, parents)


def _areas(page: weasyprint.Page) -> tuple[list[boxes.Box], list[boxes.Box]]:
    """The page's main flow and its footnote areas (margin boxes left out)."""
    flow, notes = [], []
    for area in page._page_box.children:
        if isinstance(area, boxes.FootnoteAreaBox):
            notes.append(area)
        elif not isinstance(area, boxes.MarginBox):
            flow.append(area)
    return flow, notes


def note_pages(document: weasyprint.Document) -> tuple[dict, dict]:
    """Pages of each note's call and of its text, keyed by the note's HTML element."""
    calls: dict = {}
    texts: dict = {}
    for number, page in enumerate(document.pages, start=1):
        flow, notes = _areas(page)
        for note in (n for area in notes for n in area.children):
            texts.setdefault(note.element, []).append((number, _text(note)))
        for box in (b for area in flow for b in _boxes(area)):
            if getattr(box, "footnote", None) is not None:
                calls.setdefault(box.footnote.element, []).append(number)
    return calls, texts


def slid_notes(document: weasyprint.Document) -> frozenset[str]:
    """The ``data-note`` ids of notes printed away from the page of their call."""
    calls, texts = note_pages(document)
    return frozenset(element.get("data-note") for element, pages in calls.items()
                     if sorted({p for p, _ in texts.get(element, [])}) != pages)


def check_notes(document: weasyprint.Document, loc: Loc) -> list[Diagnostic]:
    """A note whose text is not (wholly) on the page of its call."""
    calls, texts = note_pages(document)
    where = locator(document, loc)
    problems = []
    for element, call_pages in calls.items():
        parts = texts.get(element, [])
        pages = sorted({page for page, _ in parts})
        if pages != call_pages:
            text = " ".join(t for _, t in parts)[:60]
            problems.append(Diagnostic(where(element), "error", f"note called on page "
                                       f"{call_pages[0]} is printed on page(s) "
                                       f"{pages or 'none'}: '{text}...'", code="note-slid"))
    return problems


def _in_flow(box: boxes.Box) -> Iterator[boxes.Box]:
    """Like ``_boxes``, without what is positioned out of the flow: margin notes, marks."""
    if box.style["position"] in ("absolute", "fixed"):
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _in_flow(child)


def _heading_of(line: boxes.LineBox, ancestors: dict) -> boxes.Box | None:
    box = line
    while box is not None:
        if getattr(box, "element_tag", None) in HEADINGS:
            return box
        box = ancestors.get(id(box))
    return None


def _early_breaks(lines: list[boxes.LineBox], ancestors: dict, number: int,
                  where: Callable[[object], Loc]) -> list[Diagnostic]:
    """A line that ends before half its measure although its paragraph goes on: WeasyPrint
    70 sometimes breaks after the first word of a paragraph."""
    problems = []
    by_block: dict[int, list[boxes.LineBox]] = {}
    for line in lines:
        by_block.setdefault(id(ancestors.get(id(line))), []).append(line)
    for block_lines in by_block.values():
        block = ancestors.get(id(block_lines[0]))
        measure = getattr(block, "width", 0) or 0
        for line, after in zip(block_lines, block_lines[1:]):
            used = sum(child.margin_width() for child in line.children)
            forced = any(str(getattr(b, "element_tag", "")).startswith("br") for b in _boxes(line))
            if measure and used < measure / 2 and not forced and \
                    _first_word_width(after) < measure - used:
                problems.append(Diagnostic(where(line.element), "error", f"page {number}: "
                                           f"a line breaks early: '{_text(line)[:50]}'",
                                           code="early-break"))
    return problems


def _first_word_width(line: boxes.LineBox) -> float:
    """About how wide the first word of ``line`` is with the space that would come before
    it on the line above (its share of its text box, a character more)."""
    for box in _boxes(line):
        if isinstance(box, boxes.TextBox) and box.text.strip():
            text = box.text.lstrip()
            return box.width * (len(text.split(" ", 1)[0]) + 1) / max(len(text), 1)
    return 0.0


def check_pages(document: weasyprint.Document, loc: Loc) -> list[Diagnostic]:
    """A heading as the last line of a page, a table row split across pages, a line that
    passes the edge of the text block."""
    problems, rows, where = [], {}, locator(document, loc)
    for number, page in enumerate(document.pages, start=1):
        flow, _ = _areas(page)
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        ancestors: dict = {}
        lines = []
        for area in flow:
            for box in _in_flow(area):
                for child in getattr(box, "children", ()):
                    ancestors[id(child)] = box
                if isinstance(box, boxes.LineBox):
                    lines.append(box)
                if isinstance(box, boxes.TableRowBox) and box.element is not None and not \
                        getattr(ancestors.get(id(box)), "is_header", False):  # headers repeat
                    rows.setdefault(box.element, set()).add(number)
        for line in lines:
            if line.position_x + line.width > right + TOLERANCE or line.position_x < left - \
                    TOLERANCE:
                problems.append(Diagnostic(where(line.element), "error", f"page {number}:"
                                           f" a line passes the text block: '{_text(line)[:50]}'",
                                           code="overfull-line"))
        problems += _early_breaks(lines, ancestors, number, where)
        if lines and number < len(document.pages):
            last = max(lines, key=lambda b: b.position_y + b.height)
            heading = _heading_of(last, ancestors)
            if heading is not None:
                problems.append(Diagnostic(where(heading.element), "error", f"page {number} "
                                           f"ends with the heading '{_text(heading)}'",
                                           code="heading-at-foot"))
    for element, pages in rows.items():
        if len(pages) > 1:
            text = " ".join(" ".join(element.itertext()).split())
            problems.append(Diagnostic(where(element), "error", f"table row split across pages "
                                       f"{sorted(pages)}: '{text[:40]}'", code="row-split"))
    return problems


def check_layout(document: weasyprint.Document, loc: Loc, first: int = 1
                 ) -> list[Diagnostic]:
    """``first``: the folio of the first page (in a book, where the pages before end)."""
    return check_notes(document, loc) + check_pages(document, loc) + \
        check_page_references(document, loc, first)


def check_page_references(document: weasyprint.Document, loc: Loc, first: int = 1
                          ) -> list[Diagnostic]:
    """A contents entry or cross-reference whose printed page is not its target's page."""
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=first):
        for name in page.anchors:
            anchors.setdefault(name, number)  # a box split over pages: its first page
    problems, where = [], locator(document, loc)
    for number, page in enumerate(document.pages, start=1):
        seen = set()
        for box in _boxes(page._page_box):  # outermost ::after box of each link first
            if getattr(box, "element_tag", None) != "a::after" or id(box.element) in seen:
                continue
            seen.add(id(box.element))
            href = box.element.get("href", "")
            printed = re.findall(r"\d+", _text(box))
            if not href.startswith("#") or not printed:
                continue
            target = anchors.get(href[1:])
            if target != int(printed[-1]):
                problems.append(Diagnostic(where(box.element), "error", f"page {number}: "
                                           f"the reference to '{href[1:]}' prints page "
                                           f"{printed[-1]}, but its target is on page {target}",
                                           code="page-reference"))
    return problems


def check_glyphs(document: weasyprint.Document, faces: tuple, locate: Callable[[str], Loc]
                 ) -> list[Diagnostic]:
    """Characters set in a house font that the font lacks (the typesetter then takes them
    from another font, so the page mixes typefaces): one warning per place."""
    covers: dict[str, set[int]] = {}
    for face in faces:
        covers.setdefault(face.family, set()).update(face.chars)
    missing: dict[str, dict[str, None]] = {}
    for page in document.pages:
        for box in _boxes(page._page_box):
            if isinstance(box, boxes.TextBox) and (
                    family := box.style["font_family"][0]) in covers:
                for char in box.text:
                    if not char.isspace() and ord(char) not in covers[family]:
                        missing.setdefault(family, {})[char] = None
    found: dict[tuple[Loc, str], list[str]] = {}
    for family, chars in missing.items():
        for char in chars:
            found.setdefault((locate(char), family), []).append(char)
    return [Diagnostic(loc, "warning", f"the house font '{family}' has no "
                       f"{', '.join(repr(c) + f' (U+{ord(c):04X})' for c in chars)}: printed in "
                       "another font; use a font that has it, or change the text",
                       code="font-fallback")
            for (loc, family), chars in found.items()]


def check_budget(document: weasyprint.Document, budget: int | None, loc: Loc
                 ) -> list[Diagnostic]:
    pages = len(document.pages)
    if budget is None or pages <= budget:
        return []
    return [Diagnostic(loc, "warning", f"{pages} pages, more than the page budget of "
                       f"{budget}", code="page-budget")]


def front_matter_pages(document: weasyprint.Document) -> int:
    """How many pages come before the first one that prints its number."""
    for number, page in enumerate(document.pages):
        if page._page_box.page_type.name not in ("cover", "imprint"):
            return number
    return len(document.pages)
