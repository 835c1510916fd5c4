"""Draw a chart directive's rows as vector graphics (SVG) and say in words what it shows.

Two kinds: a Vega-Lite specification, rendered offline by vl-convert in the brief's fonts
and palette (``styles/vega-lite.json``); and a timeline, drawn here: one square per row,
labelled, stacked above its year and coloured by its category as the dataset declares.
"""
from __future__ import annotations

import copy
import functools
import json
from collections import defaultdict
from html import escape
from importlib import metadata
from pathlib import Path

from . import cache
from .home import TOOL_ROOT
from .model import Column, Dataset, Figure, PartialDate, Row

WIDTH, AXIS_Y, BOX, GAP = 460, 150, 11, 1.5
FAMILY = "Source Sans Pro"  # the headings' family, unless the house style names another
GREY = "#5b6470"
CHART_STYLE = TOOL_ROOT / "styles" / "vega-lite.json"


def chart_svg(figure: Figure, dataset: Dataset, config: Path, house: dict | None = None
              ) -> str:
    """The chart in the headings' font: the builder's, or the one the house style names
    (whose font files are then given to vl-convert too)."""
    rows = [row for row, _ in figure.rows]
    spec = figure.spec or {}
    family = (house or {}).get("fonts", {}).get("headings")
    folders = tuple(sorted({str(f.path.parent) for f in (house or {}).get("faces", ())}))
    for folder in folders:
        _register_folder(folder)
    if "timeline" in spec:
        names = spec["timeline"]
        return timeline_svg(rows, *(dataset.column(names[k]) for k in ("date", "label",
                                                                       "colour")),
                            family=family or FAMILY)
    return vegalite_svg(spec["vega-lite"], rows, dataset, config, family, folders)


def chart_alt(figure: Figure, dataset: Dataset) -> str:
    """What the figure shows, for readers who cannot see it."""
    spec = figure.spec or {}
    if "alt" in spec:
        return spec["alt"]
    if "timeline" not in spec:
        return figure.caption
    date, label = (dataset.column(spec["timeline"][k]) for k in ("date", "label"))
    by_year: dict[int, list[str]] = defaultdict(list)
    for row, _ in figure.rows:
        by_year[row.values[date.name].year].append(str(row.values[label.name]))
    years = "; ".join(f"{year}: {', '.join(labels)}" for year, labels in sorted(by_year.items()))
    return (f"Timeline of the {len(figure.rows)} {dataset.title}, {min(by_year)} to "
            f"{max(by_year)}: one square per row, labelled with its {label.heading}, stacked "
            f"above its year and coloured by its {spec['timeline']['colour']}. "
            f"By year: {years}.")


def timeline_svg(rows: list[Row], date: Column, label: Column, colour: Column,
                 family: str = FAMILY) -> str:
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
        parts.append(f"<text x='{x + BOX / 2:.1f}' y='{y + 7.8:.1f}' font-size='6' {font} "
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
            f"{height:.1f}' width='{WIDTH}' height='{height:.0f}'>" + "".join(parts) + "</svg>")


def _year(row: Row, date: Column) -> int:
    value = row.values[date.name]
    return value.year if isinstance(value, PartialDate) else int(value)


def values(rows: list[Row], dataset: Dataset, labels: bool = True) -> list[dict]:
    """Rows as JSON data: dates as written ('1994-04'), categories by their label (or, without
    ``labels``, by their value)."""
    out = []
    for row in rows:
        item = {}
        for column in dataset.columns:
            if column.name in row.values:
                value = row.values[column.name]
                item[column.name] = value.iso() if isinstance(value, PartialDate) else \
                    column.label(value) if column.categories and labels else value
        out.append(item)
    return out


def vegalite_svg(spec: dict, rows: list[Row], dataset: Dataset, config: Path,
                 family: str | None = None, folders: tuple[str, ...] = ()) -> str:
    """A Vega-Lite chart of ``rows``, in the fonts and palette of ``config``; a colour
    encoding of a category column takes the colours the dataset declares. Remembered on
    disk (``brief/cache.py``) under everything that shapes it: the specification with its
    data, the style, vl-convert's version and the font files it measures text with."""
    style = json.loads(config.read_text("utf-8"))
    if family:
        style["font"] = family
    full = {"width": style.pop("width", 600), "height": style.pop("height", 220),
            "autosize": {"type": "fit", "contains": "padding"}, **copy.deepcopy(spec),
            "data": {"values": values(rows, dataset)}}
    colour = full.get("encoding", {}).get("color", {})
    column = dataset.column(colour.get("field", "")) if isinstance(colour, dict) else None
    if column and column.categories and "scale" not in colour and \
            all(fill for _, _, fill in column.categories):
        colour["scale"] = {"domain": [label for _, label, _ in column.categories],
                           "range": [fill for _, _, fill in column.categories]}
    name = cache.key(json.dumps(full, sort_keys=True), json.dumps(style, sort_keys=True),
                     metadata.version("vl-convert-python"), _fonts_identity(folders))
    if (found := cache.read("chart", name)) is not None:
        return found
    import vl_convert  # (its engine starts on first use: a second or so)

    _register_fonts()
    svg = vl_convert.vegalite_to_svg(full, config=style, allowed_base_urls=[])
    cache.write("chart", name, svg)
    return svg


@functools.cache
def _fonts_identity(folders: tuple[str, ...]) -> str:
    """Every font file vl-convert may measure with, by path, size and time."""
    from .typeset import FONT_DIRS
    files = sorted(p for d in (*map(str, FONT_DIRS), *folders) for p in Path(d).rglob("*")
                   if p.is_file())
    return "\n".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)


@functools.cache
def _register_fonts() -> None:
    """vl-convert measures text with the fonts the PDF will use: the bundled ones."""
    from .typeset import FONT_DIRS  # (a build has loaded the typesetter already)
    for folder in FONT_DIRS:
        _register_folder(str(folder))


@functools.cache
def _register_folder(folder: str) -> None:
    import vl_convert
    vl_convert.register_font_directory(folder)
