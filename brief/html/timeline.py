"""The timeline chart: one square per row, labelled, stacked above its year and coloured by
its category as the dataset declares, with a legend of the categories; drawn here as SVG
(``charts.py`` places it)."""
from __future__ import annotations

from collections import defaultdict
from html import escape

from brief.model import Column, PartialDate, Row

WIDTH, AXIS_Y, BOX, GAP = 460, 150, 11, 1.5  # (in the timeline's own units)
TIMELINE_SCALE = 600 / 460  # its size on the page: 600 px wide, as a Vega-Lite chart is
FAMILY = "Source Sans Pro"  # the headings' family, unless the house style names another
GREY = "#5b6470"


def timeline_svg(rows: list[Row], date: Column, label: Column, colour: Column,
                 family: str = FAMILY, plates: bool = False) -> str:
    """The timeline as SVG. ``plates``: each square's label on a plate of its colour (kept
    plain: ``data-plain``), so that a pattern drawn over the square does not cross it."""
    font = f"font-family='{escape(family)}'"
    colours = {value: fill or GREY for value, _, fill in colour.categories}
    years = sorted({_year(r, date) for r in rows})
    first, last = years[0] - 1, years[-1] + 1
    step = (WIDTH - 40) / (last - first)
    x_of = {year: 20 + (year - first) * step for year in range(first, last + 1)}
    parts = [f"<line x1='20' y1='{AXIS_Y}' x2='{WIDTH - 20}' y2='{AXIS_Y}' "
             f"stroke='{GREY}' stroke-width='0.6'/>"]
    for year, x in x_of.items():
        tall = year % 4 == 0
        parts.append(f"<line x1='{x:.1f}' y1='{AXIS_Y}' x2='{x:.1f}' "
                     f"y2='{AXIS_Y + (4 if tall else 2)}' stroke='{GREY}' stroke-width='0.6'/>")
        if tall:
            parts.append(f"<text x='{x:.1f}' y='{AXIS_Y + 13}' font-size='7.5' {font} "
                         f"text-anchor='middle' fill='#1d1d1f'>{year}</text>")
    stacks: dict[int, int] = defaultdict(int)
    for row in rows:
        year = _year(row, date)
        x = x_of[year] - BOX / 2
        y = AXIS_Y - GAP - (stacks[year] + 1) * (BOX + GAP)
        stacks[year] += 1
        fill = colours.get(row.values.get(colour.name), GREY)
        parts.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{BOX}' height='{BOX}' rx='1.5' "
                     f"fill='{escape(fill)}'/>")
        if plates:
            wide = 3.5 * len(str(row.values.get(label.name, ""))) + 1.4
            parts.append(f"<rect data-plain='1' x='{x + (BOX - wide) / 2:.1f}' "
                         f"y='{y + 3.2:.1f}' width='{wide:.1f}' height='5.2' rx='1' "
                         f"fill='{escape(fill)}'/>")
        parts.append(f"<text x='{x + BOX / 2:.1f}' y='{y + 7.8:.1f}' font-size='6.2' {font} "
                     f"font-weight='600' text-anchor='middle' fill='white'>"
                     f"{escape(str(row.values.get(label.name, '')))}</text>")
    used = [c for c in colours if any(r.values.get(colour.name) == c for r in rows)]
    for i, category in enumerate(used):
        x, y = 20 + (i % 5) * 88, AXIS_Y + 30 + (i // 5) * 14
        parts.append(f"<rect x='{x}' y='{y - 7}' width='8' height='8' rx='1' "
                     f"fill='{escape(colours[category])}'/>")
        parts.append(f"<text x='{x + 12}' y='{y}' font-size='7.5' {font} fill='#1d1d1f'>"
                     f"{escape(colour.label(category))}</text>")
    top = AXIS_Y - max(stacks.values()) * (BOX + GAP) - 4
    height = AXIS_Y + 30 + (max(len(used) - 1, 0) // 5) * 14 + 6 - top
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 {top:.1f} {WIDTH} "
            f"{height:.1f}' width='{WIDTH * TIMELINE_SCALE:.0f}' "
            f"height='{height * TIMELINE_SCALE:.0f}'>" + "".join(parts) + "</svg>")


def _year(row: Row, date: Column) -> int:
    value = row.values[date.name]
    return value.year if isinstance(value, PartialDate) else int(value)
