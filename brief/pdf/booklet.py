"""A booklet for an office printer (``--booklet``): the edition's pages imposed two-up on
sheets twice their width (A4 pages on A3, Letter on Tabloid, A5 on A4), in saddle-stitch
order. Printed on both sides (flip on the short edge), folded and stapled, the sheets give
the brief in page order. The pages are padded with blank ones to a multiple of four, the
blanks placed before the back page (never after it: the back stays the back). Each page is
placed whole, as a form (its trim box, where the print edition has one), never redrawn."""
from __future__ import annotations

import io

import pikepdf


def saddle_order(pages: int) -> list[int | None]:
    """The pages (numbered from 0; None for a blank) in the order the sheets' sides show
    them, left then right: for 8 pages, 7 0 | 1 6 | 5 2 | 3 4. Blanks go before the last
    page."""
    total = -(-pages // 4) * 4
    reading: list[int | None] = list(range(pages - 1)) + [None] * (total - pages) + \
        [pages - 1]
    order = []
    for sheet in range(total // 4):
        front, back = 2 * sheet, 2 * sheet + 1
        order += [reading[total - 1 - front], reading[front],  # the front: outer pages
                  reading[back], reading[total - 1 - back]]  # the back: inner pages
    return order


def booklet(pdf: bytes, title: str) -> bytes:
    """``pdf``'s pages imposed in saddle-stitch order, two to a sheet side."""
    source = pikepdf.open(io.BytesIO(pdf))
    out = pikepdf.new()
    first = source.pages[0]
    width, height = (float(v) for v in _size(first))
    for left, right in zip(*[iter(saddle_order(len(source.pages)))] * 2):
        side = out.add_blank_page(page_size=(2 * width, height))
        for n, place in ((left, 0), (right, width)):
            if n is not None:  # (named here: add_overlay names its form at random)
                form, name = out.copy_foreign(source.pages[n].as_form_xobject()), \
                    pikepdf.Name(f"/Page{n + 1}")
                side.add_resource(form, pikepdf.Name.XObject, name)
                side.contents_add(out.make_stream(b"q " + side.calc_form_xobject_placement(
                    form, name, pikepdf.Rectangle(place, 0, place + width, height)) + b" Q"))
    out.docinfo["/Title"] = title
    out.docinfo["/Creator"] = source.docinfo.get("/Creator", "brief-builder")
    data = io.BytesIO()
    out.save(data, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return data.getvalue()


def _size(page: pikepdf.Page) -> tuple[float, float]:
    """The page as it prints: its trim box (without the print edition's bleed and marks)."""
    box = page.trimbox
    return float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
