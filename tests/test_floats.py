"""A brief's own tables and figures. Markdown pipe tables are styled; a caption (Pandoc's
``: Caption {#tbl-id}``) makes them numbered, listed under Tables, cross-referenceable. An
image with an id alone in its paragraph, ``![Caption](file.svg){#fig-id}``, is a numbered,
listed figure whose caption is its alt text in the tagged PDF."""
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

import pikepdf

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


BARS = ("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 300 60' width='300' "
        "height='60'><rect x='10' y='10' width='200' height='20' fill='#1f3a5f'/>"
        "<text x='215' y='25' font-family='Source Sans Pro' font-size='10'>48.7</text></svg>\n")
FIGURE = ("\nAs [](#fig-bars) shows.\n\n"
          "![Capacity of the *largest* reservoir, km³](bars.svg){#fig-bars}\n")


def _boxes(box: boxes.Box):  # type: ignore[no-untyped-def]
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_tables_and_figures_are_numbered_listed_styled_and_referred_to(mini: Path) -> None:
    (mini / "content/bars.svg").write_text(BARS)
    append(mini / "content/01-first.md", RESERVOIRS + FIGURE)
    status, _, err = run_build(mini)
    assert (status, err) == (0, "")
    text = pdf_text(mini / "output/brief.pdf", "-layout")
    assert re.search(r"Figure 1\. Capacity of the largest reservoir, km³ \.[ .]+4\n", text)
    assert "As Figure 1, p. 4 shows." in text
    assert "Figure 1. Capacity of the largest reservoir, km³\n" in text
    assert "48.7" in text  # the SVG's text stays text
    with pikepdf.open(mini / "output/brief.pdf") as pdf:
        alts = [str(o.get("/Alt")) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]
    assert "Capacity of the largest reservoir, km³" in alts  # the caption, for screen readers
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
