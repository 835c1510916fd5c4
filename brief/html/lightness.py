"""What survives a black-and-white printer: a printer keeps a colour's lightness (CIELAB L*)
and loses its hue. Two categories of one chart whose colours differ by less than
``MIN_CATEGORIES`` in L* print alike; text differing from its ground by less than
``MIN_TEXT`` reads poorly; a tint or a rule differing from the page by less than
``MIN_TINT`` vanishes. The grayscale proof (``--grayscale``) says so, at the chart's line or
at the house's colours; a house with ``patterns: true`` gives the categories of such a chart
patterns (``patterned``), which a printer keeps."""
from __future__ import annotations

import re
from itertools import combinations

from brief.colour import lightness
from brief.diagnostics import Diagnostic
from brief.model import Dataset, Document, Figure

MIN_CATEGORIES, MIN_TEXT, MIN_TINT = 10.0, 40.0, 5.0  # differences in L*
WHITE = "#ffffff"
# Which colours the stylesheet (styles/brief.css, by its variables) prints on which: text
# on its ground, a tint or a rule on the page.
TEXT = (("ink", WHITE, "the text"), ("muted", WHITE, "captions and running heads"),
        ("accent", WHITE, "headings"), ("link", WHITE, "links"),
        ("ink", "accent-light", "the key points' text"),
        ("accent", "accent-light", "the key points' title"),
        (WHITE, "accent", "the cover's title"),
        ("cover-subtitle", "accent", "the cover's subtitle"))
TINTS = (("accent-light", WHITE, "the key points' box and the tables' bands"),
         ("rule", WHITE, "the rules"), ("cover-rule", "accent", "the cover's rules"))
# The patterns a category takes, in the order of the categories (the first stays plain):
# lines at an angle, dots, crossings, each drawn over the category's own colour.
PATTERNS = ("", "M0,6 L6,0", "M0,0 L6,6", "M0,3 L6,3", "M3,0 L3,6", "M0,6 L6,0 M0,0 L6,6",
            "M0,3 L6,3 M3,0 L3,6", "dots", "M0,2 L6,2 M0,5 L6,5")


def categories(figure: Figure, dataset: Dataset) -> list[tuple[str, str]]:
    """The chart's categories that the reader tells apart by colour: (label, colour) of
    each declared colour of the column its colour encodes, in the order declared."""
    spec = figure.spec or {}
    name = spec["timeline"].get("colour") if "timeline" in spec else \
        ((spec.get("vega-lite") or {}).get("encoding", {}).get("color") or {}).get("field")
    column = dataset.column(name) if isinstance(name, str) else None
    if column is None or not column.categories:
        return []
    shown = {row.values.get(column.name) for row, _ in figure.rows}
    return [(label, fill) for value, label, fill in column.categories
            if fill and value in shown]


def too_close(given: list[tuple[str, str]]) -> list[tuple[str, str, float, float]]:
    """Each two categories whose colours a printer prints alike: (label, label, L*, L*)."""
    return [(a, b, lightness(x), lightness(y)) for (a, x), (b, y) in combinations(given, 2)
            if abs(lightness(x) - lightness(y)) < MIN_CATEGORIES]


def patterned(svg: str, colours: list[str], prefix: str) -> str:
    """``svg`` with each mark filled with one of ``colours`` (a chart's categories, in
    order) drawn again over itself in that category's pattern: lines light on a dark
    colour, dark on a light one. (Over the solid fill, not in place of it: a renderer that
    draws a pattern's tiles one by one leaves seams between them.)"""
    defs = []
    for number, colour in enumerate(colours):
        shape = PATTERNS[number % len(PATTERNS)]
        if not shape:
            continue
        ink = "#000000" if lightness(colour) > 60 else WHITE
        mark = f"<circle cx='3' cy='3' r='1.1' fill='{ink}' fill-opacity='0.55'/>" \
            if shape == "dots" else f"<path d='{shape}' stroke='{ink}' stroke-width='0.8' " \
            "stroke-opacity='0.55' stroke-linecap='square'/>"
        name = f"{prefix}-pattern-{number}"
        defs.append(f"<pattern id='{name}' width='6' height='6' "
                    f"patternUnits='userSpaceOnUse'>{mark}</pattern>")
        svg = re.sub(rf"""<(\w+)\b([^<>]*?)\bfill=(["']){re.escape(colour)}\3([^<>]*?)/>""",
                     lambda m, n=name: m[0] if "data-plain" in m[0] else
                     f"{m[0]}<{m[1]}{m[2]}fill='url(#{n})'{m[4]}/>", svg, flags=re.IGNORECASE)
    if not defs:
        return svg
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m[1] + "<defs>" + "".join(defs) + "</defs>",
                  svg, count=1)


def lightness_findings(document: Document) -> list[Diagnostic]:
    """What a black-and-white printer would lose: charts' categories (at the chart's
    line, unless the house draws patterns) and the house's colours (at ``house:``)."""
    project = document.project
    house, meta = project.meta.house, project.meta
    found = []
    for figure in (f for s in document.sections for f in s.figures if f.kind == "chart"):
        close = too_close(categories(figure, project.datasets[figure.spec["dataset"]]))
        if close and not house.patterns:
            closest = sorted(close, key=lambda p: abs(p[2] - p[3]))
            pairs = ", ".join(f"{a} and {b} (L* {x:.0f} and {y:.0f})"
                              for a, b, x, y in closest[:3])
            more = f" and {len(close) - 3} more pairs" if len(close) > 3 else ""
            found.append(Diagnostic(figure.loc, "warning", f"in black and white this chart's "
                                    f"categories print alike: {pairs}{more}; give them colours at "
                                    f"least {MIN_CATEGORIES:.0f} apart in lightness (L*) in "
                                    "the dataset's schema, or set the house's 'patterns: "
                                    "true'", code="gray-categories"))
    colours = {**_stylesheet_colours(project), **house.colours}
    at = meta.lines.get("house", meta.loc)

    def shown(name: str) -> str:  # (white is the page's, a name is a stylesheet's colour)
        return "white, L* 100" if name == WHITE else \
            f"{name}, {colours[name]}, L* {lightness(colours[name]):.0f}"
    for pairs, minimum, what in ((TEXT, MIN_TEXT, "would read poorly on"),
                                 (TINTS, MIN_TINT, "would vanish on")):
        for one, other, use in pairs:
            a, b = colours.get(one, one), colours.get(other, other)
            if abs(lightness(a) - lightness(b)) < minimum:
                ground = "the white page (L* 100)" if other == WHITE else f"({shown(other)})"
                found.append(Diagnostic(at, "warning", f"in black and white {use} "
                                        f"({shown(one)}) {what} {ground}: make them at least "
                                        f"{minimum:.0f} apart in lightness (L*)",
                                        code="gray-contrast"))
    return found


def _stylesheet_colours(project: object) -> dict[str, str]:
    """The colours the stylesheets set as variables (``--accent: #1f3a5f;``): the builder's,
    and over them those of the brief's own ``styles/brief.css`` (which may set only some)."""
    from brief.home import builders_text
    from brief.read.inputs import own_or_builders
    texts = (builders_text("styles/brief.css"), own_or_builders(
        project.files, "styles/brief.css", "stylesheet", "stylesheet")[0])
    return {name: value for text in texts for name, value in re.findall(
        r"--([a-z-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", text)}
