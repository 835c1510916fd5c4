"""A Word table as a pipe table can hold it: one line per cell (paragraphs and line breaks
as spaces, a list's items joined by '; ', a table's rows by '; ' and its cells by ', '), a
merged cell's text in its first place."""
from __future__ import annotations

import json
from typing import Callable

from brief.word.pandocast import grid, text


def plain_table(c: list, caption: list, cell: Callable[[list], list]) -> tuple[dict, bool]:
    """Pandoc's table ``c`` with each cell made one line by ``cell``, and whether anything
    had to be made plain (merged cells, a list, a table, a line break, several
    paragraphs)."""
    head, rows = c[3], _rows(c)
    merged = any(one[2] > 1 or one[3] > 1 or len(one[4]) > 1 or any(
        b["t"] not in ("Para", "Plain") or '"LineBreak"' in json.dumps(b) for b in one[4])
        for row in rows for one in row[1])
    cells = [[cell(_flattened(blocks)) for blocks in row] for row in grid(rows, len(c[2]))]
    header, rest = (cells[:1], cells[1:]) if head[1] or not cells else ([], cells)
    return {"t": "Table", "c": [
        ["", [], []], [None, [{"t": "Plain", "c": caption}] if caption else []],
        [[spec[0], {"t": "ColWidthDefault"}] for spec in c[2]],
        [["", [], []], [_row(r) for r in header]],
        [[["", [], []], 0, [], [_row(r) for r in rest]]], [["", [], []], []]]}, merged


def _rows(c: list) -> list:
    """A Pandoc table's rows: its head's, its bodies', its foot's."""
    head, bodies, foot = c[3], c[4], c[5]
    return head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]


def _flattened(blocks: list) -> list:
    """A cell's blocks, each table in it (a nested table) made a line of its words."""
    return [{"t": "Plain", "c": [x for n, word in enumerate(_table_text(b["c"]).split())
                                 for x in [{"t": "Space"}] * bool(n) + [{"t": "Str", "c": word}]]}
            if b["t"] == "Table" else b for b in blocks]


def _table_text(c: list) -> str:
    """A table's words: its rows apart by '; ', a row's cells by ', ' (tables in it too)."""
    rows = []
    for row in grid(_rows(c), len(c[2])):
        cells = [" ".join(" ".join(map(_flat_text, blocks)).split()) for blocks in row]
        rows.append(", ".join(cell for cell in cells if cell))
    return "; ".join(rows)


def _row(cells: list[list]) -> list:
    return [["", [], []], [[["", [], []], {"t": "AlignDefault"}, 1, 1,
                            [{"t": "Plain", "c": inlines}] if inlines else []]
                           for inlines in cells]]


def cell_inlines(blocks: list) -> list:
    """A cell's (transformed) blocks as one run of inlines."""
    inlines: list = []
    for block in blocks:
        inlines += ([{"t": "Space"}] if inlines else []) + (
            block["c"] if block["t"] in ("Para", "Plain") else
            [{"t": "Str", "c": _flat_text(block)}])
    return inlines


def _flat_text(block: dict) -> str:
    """A block of a cell on one line: a list's items by semicolons, the paragraphs of a
    quotation or a styled division by spaces, a table's words (``_table_text``)."""
    if block["t"] in ("BulletList", "OrderedList"):
        items = block["c"] if block["t"] == "BulletList" else block["c"][1]
        return "; ".join(" ".join(_flat_text(b) for b in item) for item in items)
    if block["t"] in ("BlockQuote", "Div"):
        return " ".join(_flat_text(b) for b in (
            block["c"] if block["t"] == "BlockQuote" else block["c"][1]))
    if block["t"] == "Table":
        return _table_text(block["c"])
    return " ".join(text(block).split())
