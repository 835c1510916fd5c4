"""A brief's own tables and figures. Markdown pipe tables are styled; a caption (Pandoc's
``: Caption {#tbl-id}``) makes them numbered, listed under Tables, cross-referenceable. An
image with an id alone in its paragraph, ``![Caption](file.svg){#fig-id}``, is a numbered,
listed figure whose caption is its alt text in the tagged PDF."""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from helpers import pdf_text
from weasyprint.formatting_structure import boxes

pytestmark = pytest.mark.build

def _boxes(box: boxes.Box):  # type: ignore[no-untyped-def]
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_tables_and_figures_are_numbered_listed_styled_and_referred_to(
        data_built: Path, data_laid_out) -> None:  # type: ignore[no-untyped-def]
    """tests/fixtures/data/content/02-flows.md: a captioned and an uncaptioned pipe table,
    and an SVG figure, after two directives (Table 2, Figure 2)."""
    text = pdf_text(data_built / "output/brief.pdf", "-layout")
    assert re.search(r"Figure 3\. Capacity of the largest reservoir, km³ \.[ .]+5\n", text)
    assert "as Figure 3, p. 5 shows, one" in text
    assert "Figure 3. Capacity of the largest reservoir, km³\n" in text
    assert re.search(r"\n +48\.7\n", text)  # the SVG's text stays text
    with pikepdf.open(data_built / "output/brief.pdf") as pdf:
        alts = [str(o.get("/Alt")) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]
    assert "Capacity of the largest reservoir, km³" in alts  # the caption, for screen readers
    assert re.search(r"Table 3\. Reservoirs by capacity \.[ .]+5\n", text)  # the contents
    assert "The largest reservoirs upstream are listed in Table 3, p. 5;" in text
    assert "Table 3. Reservoirs by capacity\n" in text
    assert re.search(r"Yusufeli {2,}Türkiye {2,}13\.3 {2,}under construction", text)  # apart

    cells = [b for page in data_laid_out.pages for b in _boxes(page._page_box)
             if isinstance(b, boxes.TableCellBox)]

    def cell(tag: str, text: str) -> boxes.TableCellBox:
        return next(c for c in cells if c.element_tag == tag and
                    "".join(c.element.itertext()) == text)

    rows = [b for page in data_laid_out.pages for b in _boxes(page._page_box)
            if isinstance(b, boxes.TableRowBox)]

    def band(tag: str, text: str) -> float:  # (the row's, one rectangle: cells' show seams)
        found = cell(tag, text)
        return next(r for r in rows if found in r.children).style["background_color"].alpha

    assert band("th", "Reservoir") == 1  # a header band
    body = cell("td", "Mingachevir")
    assert body.padding_left > 0 and body.padding_right > 0  # cells kept apart
    assert band("th", "Value") == 1  # uncaptioned: styled too
