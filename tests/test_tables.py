"""A brief's own tables, written as Markdown pipe tables: a caption (Pandoc's ``: Caption
{#tbl-id}``) makes them numbered, listed under Tables, cross-referenceable; all are styled."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from weasyprint.formatting_structure import boxes

from brief.load import load
from brief.model import Edition, Loc
from brief.parse import parse
from brief.produce import stylesheets
from brief.render import render
from brief.resolve import resolve
from brief.typeset import typeset

from helpers import append, pdf_text, run_build

pytestmark = pytest.mark.build

RESERVOIRS = """
The largest reservoirs are listed in [](#tbl-reservoirs).

| Reservoir | Country | Capacity (km³) | Status |
|:----------|:--------|---------------:|:-------|
| Mingachevir | Azerbaijan | 15.7 | in service |
| Atatürk | Türkiye | 48.7 | in service |
| Yusufeli | Türkiye | 13.3 | under construction |

: Reservoirs by *capacity* {#tbl-reservoirs}

| Year | Value |
|------|------:|
| 2020 | 1 |
"""


def _boxes(box: boxes.Box):  # type: ignore[no-untyped-def]
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_a_captioned_pipe_table_is_numbered_listed_styled_and_referred_to(mini: Path) -> None:
    append(mini / "content/01-first.md", RESERVOIRS)
    status, _, err = run_build(mini)
    assert (status, err) == (0, "")
    text = pdf_text(mini / "output/brief.pdf", "-layout")
    assert re.search(r"Table 1\. Reservoirs by capacity \.[ .]+4\n", text)  # the contents
    assert re.search(r"Table 2\. \.[ .]+5\n", text)  # the appendix table comes second
    assert "The largest reservoirs are listed in Table 1, p. 4." in text
    assert "Table 1. Reservoirs by capacity\n" in text
    assert re.search(r"Yusufeli {2,}Türkiye {2,}13\.3 {2,}under construction", text)  # cells apart

    project = load(mini)
    document = parse(project)[0]
    index = resolve(document)[0]
    html = render(document, index)
    laid_out, _, _ = typeset(html, stylesheets(Edition()), mini / "content", (mini,),
                             lambda _: Loc("x"), dated=datetime(2026, 11, 1, tzinfo=timezone.utc))
    cells = [b for page in laid_out.pages for b in _boxes(page._page_box)
             if isinstance(b, boxes.TableCellBox)]
    def cell(tag: str, text: str) -> boxes.TableCellBox:
        return next(c for c in cells if c.element_tag == tag and
                    "".join(c.element.itertext()) == text)

    assert cell("th", "Reservoir").style["background_color"].alpha == 1  # a header band
    body = cell("td", "Mingachevir")
    assert body.padding_left > 0 and body.padding_right > 0  # cells kept apart
    assert cell("th", "Year").style["background_color"].alpha == 1  # uncaptioned: styled too
