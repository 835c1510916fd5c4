"""Turn the laid-out document into findings that only layout can reveal.

Reads WeasyPrint's page boxes (the same layout that wrote the PDF), never the CSS.
"""
from __future__ import annotations

from collections.abc import Iterator

import weasyprint
import weasyprint.formatting_structure.boxes

from .model import Diagnostic, Loc


def _boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _text(box: object) -> str:
    return " ".join(b.text for b in _boxes(box) if hasattr(b, "text") and b.text).strip()


def note_pages(document: weasyprint.Document) -> tuple[dict, dict]:
    """Pages of each note's call and of its text, keyed by the note's HTML element."""
    calls: dict = {}
    texts: dict = {}
    for number, page in enumerate(document.pages, start=1):
        for area in page._page_box.children:
            if isinstance(area, weasyprint.formatting_structure.boxes.FootnoteAreaBox):
                for note in area.children:
                    texts.setdefault(note.element, []).append((number, _text(note)))
                continue
            for box in _boxes(area):
                if getattr(box, "footnote", None) is not None:
                    calls.setdefault(box.footnote.element, []).append(number)
    return calls, texts


def _loc(element: object, fallback: Loc) -> Loc:
    """The source place the renderer wrote into ``data-loc`` ("path:line")."""
    path, _, line = (element.get("data-loc") or "").rpartition(":")  # type: ignore[attr-defined]
    return Loc(path, int(line)) if path and line.isdigit() else fallback


def check_notes(document: weasyprint.Document, loc: Loc) -> list[Diagnostic]:
    """A note whose text is not (wholly) on the page of its call is an error."""
    calls, texts = note_pages(document)
    problems = []
    for element, call_pages in calls.items():
        parts = texts.get(element, [])
        pages = sorted({page for page, _ in parts})
        if pages != call_pages:
            text = " ".join(t for _, t in parts)[:60]
            problems.append(Diagnostic(_loc(element, loc), "error", f"note called on page {call_pages[0]} is "
                                       f"printed on page(s) {pages or 'none'}: '{text}...'"))
    return problems
