"""Colours as the builder measures them (used by every stage): the relative luminance of
an sRGB colour (WCAG 2), its lightness (CIELAB L*, 0 black to 100 white: what a black and
white printer keeps of it), and the gray of the same lightness."""
from __future__ import annotations


def channels(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` (or ``#rgb``) as three values from 0 to 1."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance_of(red: float, green: float, blue: float) -> float:
    """The relative luminance (CIE Y) of sRGB values from 0 to 1."""
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb`` (or ``#rgb``)."""
    return luminance_of(*channels(colour))


def lightness(colour: str) -> float:
    """CIELAB L* of ``#rrggbb``: 0 for black, 100 for white."""
    y = luminance(colour)
    f = y ** (1 / 3) if y > 216 / 24389 else (24389 / 27 * y + 16) / 116
    return 116 * f - 16


def gray(red: float, green: float, blue: float) -> float:
    """The sRGB gray (0 to 1) of the same luminance, hence the same L*, as the colour."""
    return gray_of_luminance(luminance_of(red, green, blue))


def gray_of_lightness(lightness: float) -> float:
    """The sRGB gray (0 to 1) of the CIELAB lightness L*."""
    f = (lightness + 16) / 116
    return gray_of_luminance(f ** 3 if f ** 3 > 216 / 24389 else lightness * 27 / 24389)


def gray_of_luminance(y: float) -> float:
    level = 12.92 * y if y <= 0.0031308 else 1.055 * y ** (1 / 2.4) - 0.055
    return min(max(level, 0.0), 1.0)
