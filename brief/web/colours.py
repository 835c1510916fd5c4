"""Make the house's colours readable on the web edition's grounds: a colour that prints
text (a heading, a link) must differ from the page's ground by WCAG's contrast ratio of at
least 4.5 (AA), in light and in dark. A colour that does not is moved towards black (on the
light ground) or white (on the dark one: whichever differs more from the ground), keeping its
hue, until it does."""
from __future__ import annotations

from brief.colour import channels, luminance

LIGHT, DARK = "#ffffff", "#15181c"  # web.css's --ground, light and dark
AA = 4.5
TEXT = ("ink", "muted", "accent", "link")  # the house colours web.css prints text in


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour: str, ground: str, minimum: float = AA) -> str:
    """``colour`` itself if it reads on ``ground``, else the nearest mix of it with black
    (a light ground) or white (a dark one) that does."""
    if contrast(colour, ground) >= minimum:
        return colour.lower()
    towards = 0.0 if contrast("#000000", ground) >= contrast("#ffffff", ground) else 1.0
    parts = channels(colour)
    for step in range(1, 101):
        share = step / 100
        mixed = "#" + "".join(f"{round((c + (towards - c) * share) * 255):02x}"
                              for c in parts)
        if contrast(mixed, ground) >= minimum:
            return mixed
    return "#000000" if towards == 0.0 else "#ffffff"


def schemes(colours: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The house's colours for the light scheme, and those that print text (``TEXT``)
    for the dark one, each readable on its ground; the other colours (grounds, rules) as
    they are, in light only."""
    light = {name: readable(value, LIGHT) if name in TEXT else value
             for name, value in colours.items()}
    dark = {name: readable(value, DARK) for name, value in colours.items() if name in TEXT}
    return light, dark
