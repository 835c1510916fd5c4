"""Turn the appendix's agreements into a vector timeline (SVG) and the words that describe it.

One square per agreement, labelled with its number, stacked above its year and coloured by
its category; a legend names the categories. Drawn at build time from agreements.yaml.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape

from .model import Agreement

COLOURS = {  # one per category of load.CATEGORIES; legible with white numbers on them
    "diplomatic": "#1f3a5f", "trade and economy": "#b7791f", "energy": "#b5473a",
    "transport": "#5a7d1a", "defence": "#4a5562", "education and culture": "#7b5ea7",
    "social": "#23857a", "environment": "#3f7d4f", "multilateral": "#8a5a3c",
}
WIDTH, AXIS_Y, BOX, GAP = 460, 150, 11, 1.5
FONT = "font-family='Source Sans Pro'"


def timeline_svg(rows: tuple[Agreement, ...]) -> str:
    years = sorted({r.date.year for r in rows})
    first, last = years[0] - 1, years[-1] + 1
    step = (WIDTH - 40) / (last - first)
    x_of = {year: 20 + (year - first) * step for year in range(first, last + 1)}
    parts = [f"<line x1='20' y1='{AXIS_Y}' x2='{WIDTH - 20}' y2='{AXIS_Y}' "
             "stroke='#5b6470' stroke-width='0.6'/>"]
    for year, x in x_of.items():
        tall = year % 4 == 0
        parts.append(f"<line x1='{x:.1f}' y1='{AXIS_Y}' x2='{x:.1f}' "
                     f"y2='{AXIS_Y + (4 if tall else 2)}' stroke='#5b6470' stroke-width='0.6'/>")
        if tall:
            parts.append(f"<text x='{x:.1f}' y='{AXIS_Y + 13}' font-size='7.5' {FONT} "
                         f"text-anchor='middle' fill='#1d1d1f'>{year}</text>")
    stacks: dict[int, int] = defaultdict(int)
    for row in rows:
        x = x_of[row.date.year] - BOX / 2
        y = AXIS_Y - GAP - (stacks[row.date.year] + 1) * (BOX + GAP)
        stacks[row.date.year] += 1
        parts.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{BOX}' height='{BOX}' rx='1.5' "
                     f"fill='{COLOURS[row.category]}'/>")
        parts.append(f"<text x='{x + BOX / 2:.1f}' y='{y + 7.8:.1f}' font-size='6' {FONT} "
                     f"font-weight='600' text-anchor='middle' fill='white'>{row.number}</text>")
    used = [c for c in COLOURS if any(r.category == c for r in rows)]
    for i, category in enumerate(used):
        x, y = 20 + (i % 5) * 88, AXIS_Y + 30 + (i // 5) * 14
        parts.append(f"<rect x='{x}' y='{y - 7}' width='8' height='8' rx='1' "
                     f"fill='{COLOURS[category]}'/>")
        parts.append(f"<text x='{x + 12}' y='{y}' font-size='7.5' {FONT} fill='#1d1d1f'>"
                     f"{escape(category.capitalize())}</text>")
    top = AXIS_Y - max(stacks.values()) * (BOX + GAP) - 4
    height = AXIS_Y + 30 + ((len(used) - 1) // 5) * 14 + 6 - top
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 {top:.1f} {WIDTH} "
            f"{height:.1f}' width='{WIDTH}' height='{height:.0f}'>" + "".join(parts) + "</svg>")


def timeline_alt(rows: tuple[Agreement, ...]) -> str:
    """What the figure shows, in words, for readers who cannot see it."""
    by_year: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        by_year[row.date.year].append(row.number)
    years = "; ".join(f"{year}: no. {', '.join(map(str, numbers))}"
                      for year, numbers in sorted(by_year.items()))
    return (f"Timeline of the {len(rows)} agreements in the appendix table, "
            f"{min(by_year)} to {max(by_year)}: one square per agreement, numbered as in the "
            f"table, stacked above its year and coloured by category. By year: {years}.")
