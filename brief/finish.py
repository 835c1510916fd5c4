"""Turn WeasyPrint's PDF into a print shop's: a slug around the bleed, with crop marks in it.

WeasyPrint sets the media box to the trim size plus the bleed and draws its own marks inside
the bleed, where they would be trimmed into the picture. Here every page gets a media box
that adds a slug beyond the bleed, a bleed box 3 mm outside the trim box, and crop marks
drawn in the slug only, aligned with the trim edges.
"""
from __future__ import annotations

import io

import pikepdf

MM = 72 / 25.4
BLEED, SLUG = 3 * MM, 12 * MM  # from the trim edge
MARK_FROM, MARK_TO = 5 * MM, 11 * MM  # crop marks start 2 mm beyond the bleed


def crop_marks(trim: list[float]) -> bytes:
    """Eight hairlines, two at each corner, continuing the trim edges into the slug."""
    x0, y0, x1, y1 = trim
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + sx * MARK_FROM:.3f} {y:.3f} m {x + sx * MARK_TO:.3f} {y:.3f} l")
            lines.append(f"{x:.3f} {y + sy * MARK_FROM:.3f} m {x:.3f} {y + sy * MARK_TO:.3f} l")
    # Registration black (all four inks), so the marks print on every plate.
    return ("q 0.25 w 1 1 1 1 K\n" + "\n".join(lines) + "\nS Q\n").encode()


def add_print_marks(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            x0, y0, x1, y1 = trim
            page.obj.BleedBox = pikepdf.Array([x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED])
            media = pikepdf.Array([x0 - SLUG, y0 - SLUG, x1 + SLUG, y1 + SLUG])
            page.obj.MediaBox = media
            page.obj.CropBox = media
            # Isolate the page's own graphics state, then draw the marks untransformed.
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(document, b"Q\n" + crop_marks(trim)))
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()
