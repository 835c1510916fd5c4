"""Fixes to the pinned WeasyPrint (70.0), applied when the typesetter loads.

Each fix is a small change to the source of one WeasyPrint function, applied only if that
source holds the exact lines the fix replaces (else loading stops: a new WeasyPrint must be
looked at again), and each is proven by a test that fails without it (tests/test_typeset.py).

- **A line broken after its first word** (not reported upstream as of 2026-12; the code is
  the same on WeasyPrint's main branch): when the whole text of a box fits on the line but
  for its trailing space, ``split_first_line`` takes the text as too wide, finds no earlier
  break in it (Pango put it all on one line) and keeps only its first word: a line of a
  paragraph ends after one word ("abroad." alone, the paragraph going on below), typically
  where an inline element (``<em>``, a note call) follows. A trailing space hangs at the end
  of a line (CSS Text 3, 4.1.2), and the caller already discounts it; the fix lets such a
  text fit.
- **A running head from the wrong section** (the code is the same on WeasyPrint's main
  branch): ``string(name, start)`` takes the page's first assignment only if its element
  begins the page, which WeasyPrint decides by walking down each box's first child. A
  fixed or absolutely positioned element (a draft's stamp, repeated on every page) comes
  first in that walk, so a page that begins with a section's heading keeps the previous
  section's name. CSS GCPM 3 (2.2.2) means the element that begins the page's flow; the
  fix walks down the first child in the normal flow.
- **A note moved off the page of its call** (WeasyPrint issue 1564, "Footnotes are
  sometimes placed on the page before the corresponding footnote call", open; the code is
  the same on the main branch): when a paragraph's line overflows the page where it could
  not break before it (orphans, widows), ``_linebox_layout`` makes room by moving the
  page's last notes to the next page, whatever their ``footnote-policy``, though their
  calls stay; a note so moved could also print twice once its paragraph was laid out
  again. GCPM 3 (footnote-policy) lets only ``auto`` notes move; the fix moves only those,
  and otherwise breaks the page before the line as it would without notes.

And one addition: **a brief in a briefing book counts the book's pages** in
``counter(pages)`` ("Page 23 of 61"), which CSS cannot set (the counter is the document's
own): ``layout_document`` takes the count from ``html.pages_counted`` when it is set
(``typeset.Typesetter``'s ``pages``).
"""
from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from typing import Callable


class EngineChanged(Exception):
    """The function to fix is not the one the fix was written for."""


def _replaced(function: Callable, old: str, new: str) -> Callable:
    """``function`` (or method) compiled again from its source with ``old`` (found exactly
    once) replaced by ``new``, in its own module's namespace, its lines numbered as in its
    file, and put in its place."""
    source = textwrap.dedent(inspect.getsource(function))
    if source.count(old) != 1:
        raise EngineChanged(f"{function.__module__}.{function.__qualname__} is not the one "
                            "brief/pdf/enginefixes.py was written for; check the fix against it")
    namespace = function.__globals__
    tree = ast.parse(source.replace(old, new))  # numbered as in its file, for tracebacks
    ast.increment_lineno(tree, function.__code__.co_firstlineno - 1)
    code = compile(tree, inspect.getsourcefile(function) or "<fix>", "exec")
    owner, _, name = function.__qualname__.rpartition(".")
    if owner:  # a method: defined in a namespace of its own, then set on its class
        defined: dict = {}
        exec(code, namespace, defined)
        fixed = defined[name]
        setattr(namespace[owner], name, fixed)
        return fixed
    before = namespace[function.__name__]
    exec(code, namespace)
    fixed = namespace[function.__name__]
    for module in list(sys.modules.values()):  # (also where it was imported by name)
        if getattr(module, "__name__", "").startswith("weasyprint") and \
                getattr(module, function.__name__, None) is before:
            setattr(module, function.__name__, fixed)
    return fixed


_FITS = """    if resume_index is None and first_line_width <= max_width:
        # The first line fits in the available width.
        return first_line_metrics(
            first_line, text, layout, resume_index, space_collapse, style)
"""
_BUT_FOR_ITS_SPACE = """    if resume_index is None and space_collapse and text.endswith(' '):
        # (brief/pdf/enginefixes.py) All of it fits but for its trailing space, which hangs.
        layout.set_text(text.rstrip(' '))
        trimmed, _ = layout.get_first_line()
        fits = line_size(trimmed, style)[0] <= max_width
        layout.set_text(text)
        first_line, resume_index = layout.get_first_line()
        if fits:
            return first_line_metrics(
                first_line, text, layout, resume_index, space_collapse, style)
"""


_FIRST_CHILD = """                if element.children:
                    element = element.children[0]
"""
_FIRST_IN_FLOW = """                if element.children:
                    # (brief/pdf/enginefixes.py) The first child in the normal flow.
                    element = next((child for child in element.children
                                    if child.is_in_normal_flow()), None)
"""


_REPORT_ANY = """            while report and context.current_page_footnotes:
"""
_REPORT_AUTO = """            while report and context.current_page_footnotes and (
                    context.current_page_footnotes[-1].style['footnote_policy'] == 'auto'):
                # (brief/pdf/enginefixes.py) Only a note free to leave its call's page.
"""


_PAGES = """            page_counter_values['pages'] = [actual_total_pages]
"""
_BOOK_PAGES = """            # (brief/pdf/enginefixes.py) A brief in a book counts the book's pages.
            page_counter_values['pages'] = [
                getattr(html, 'pages_counted', None) or actual_total_pages]
"""


def apply() -> None:
    """Apply every fix (once). Each fixed function keeps the one it replaces as
    ``original``."""
    from weasyprint import layout
    from weasyprint.layout import LayoutContext, block
    from weasyprint.text import line_break
    if getattr(line_break.split_first_line, "fixed", False):
        return
    original = line_break.split_first_line
    fixed = _replaced(original, _FITS, _FITS + _BUT_FOR_ITS_SPACE)
    fixed.fixed, fixed.original = True, original
    original = LayoutContext.get_string_or_element_for
    fixed = _replaced(original, _FIRST_CHILD, _FIRST_IN_FLOW)
    fixed.fixed, fixed.original = True, original
    original = block._linebox_layout
    fixed = _replaced(original, _REPORT_ANY, _REPORT_AUTO)
    fixed.fixed, fixed.original = True, original
    original = layout.layout_document
    fixed = _replaced(original, _PAGES, _BOOK_PAGES)
    fixed.fixed, fixed.original = True, original
