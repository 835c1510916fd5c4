"""Pandoc's reading of a manuscript, as its JSON tree (a dict per element: ``t``, ``c``),
and back to Markdown. Pandoc runs with nothing from the network (``--sandbox`` but for the
one file it reads) and dies with this process."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from brief.lifetime import bounded_pandoc, out_of_memory, started_by_me

SECONDS = 120  # one run of Pandoc
OLDEST = (3, 6)  # Zotero's items are keyed as cited from Pandoc 3.6 on
# The Markdown the brief reads: pipe tables only, no Pandoc-only syntax it would not read.
MARKDOWN = ("markdown+pipe_tables-simple_tables-multiline_tables-grid_tables-smart"
            "-raw_attribute-bracketed_spans-native_spans-native_divs-fenced_divs"
            "-link_attributes-header_attributes-fancy_lists-example_lists"
            "+citations+footnotes-inline_notes-raw_html-escaped_line_breaks")


class PandocError(Exception):
    pass


def pandoc() -> str:
    """The installed Pandoc (pypandoc-binary's), refused when older than 3.6."""
    import pypandoc
    path = pypandoc.get_pandoc_path()
    version = tuple(int(p) for p in pypandoc.get_pandoc_version().split(".")[:2])
    if version < OLDEST:
        raise PandocError(f"Pandoc {'.'.join(map(str, version))} reads Word citations "
                          f"wrongly; the importer needs {'.'.join(map(str, OLDEST))} or newer "
                          "(pip install -e . installs it)")
    return path


def run(arguments: list[str], data: bytes | None = None, epoch: int | None = None) -> bytes:
    """Pandoc's output; ``epoch``: the moment a file it writes records (for a rebuild that
    is the same to the byte)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else None
    try:
        done = subprocess.run([*bounded_pandoc(pandoc()), *arguments], input=data,
                              capture_output=True, timeout=SECONDS,
                              preexec_fn=started_by_me(), env=env)
    except subprocess.TimeoutExpired:
        raise PandocError(f"Pandoc took more than {SECONDS} s over it") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace")
        why = out_of_memory(said) or " ".join(said.split())[:300]
        raise PandocError(f"Pandoc cannot read it: {why}")
    return done.stdout


def read_docx(path: Path, media: Path | None = None) -> dict:
    """The manuscript as Pandoc reads it: citations, styles (``custom-style``), tracked
    changes and comments as spans (``--track-changes=all``), images saved in ``media``
    (without it, images are named only)."""
    return json.loads(run(["-f", "docx+citations+styles", "--track-changes=all",
                           *([f"--extract-media={media}"] if media else []), "-t", "json",
                           str(path)]))


def markdown(blocks: list, api: list[int]) -> str:
    """Blocks as the brief's Markdown, one paragraph a line, notes at the end."""
    tree = {"pandoc-api-version": api, "meta": {}, "blocks": blocks}
    return run(["-f", "json", "-t", MARKDOWN, "--wrap=none"],
               json.dumps(tree).encode()).decode("utf-8")


def text(node: Any) -> str:
    """The plain text of inlines or blocks (as Pandoc's ``stringify``)."""
    if isinstance(node, list):
        return "".join(text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Code", "Math"):
        return content[1]
    if kind in ("Cite", "Quoted"):
        return text(content[1])
    if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
                "SmallCaps", "Para", "Plain"):
        return text(content)
    if kind in ("Span", "Link", "Image", "Div"):
        return text(content[1])
    if kind == "Header":
        return text(content[2])
    return ""


def plain(value: dict) -> Any:
    """A metadata value as plain data (what Pandoc read into ``references``, ``title``)."""
    kind, content = value.get("t"), value.get("c")
    if kind == "MetaMap":
        return {k: plain(v) for k, v in content.items()}
    if kind == "MetaList":
        return [plain(v) for v in content]
    if kind in ("MetaInlines", "MetaBlocks"):
        return " ".join(text(content).split())
    return content


def caption_inlines(blocks: list) -> list:
    """A caption's paragraphs (in the divs of their styles) as one run of inlines."""
    found: list = []
    for block in blocks:
        inlines = caption_inlines(block["c"][1]) if block["t"] == "Div" else \
            block["c"] if block["t"] in ("Para", "Plain") else []
        found += ([{"t": "Space"}] if found and inlines else []) + inlines
    return found


def grid(rows: list, width: int) -> list[list[list]]:
    """Each row's cells' blocks, a merged cell's in its first place, the rest empty."""
    grid: list[list] = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in row[1]:
            while column < width and grid[r][column] is not None:
                column += 1
            for dr in range(cell[2]):
                for dc in range(cell[3]):
                    if r + dr < len(rows) and column + dc < width:
                        grid[r + dr][column + dc] = cell[4] if (dr, dc) == (0, 0) else []
            column += cell[3]
    return [[blocks or [] for blocks in row] for row in grid]


def joined_headings(blocks: list) -> list:
    """A heading Word broke over two lines (Pandoc reads the second as a paragraph after a
    heading that ends in a line break) as one heading."""
    out: list = []
    for block in blocks:
        last = out[-1] if out else None
        inner = block["c"][1] if block["t"] == "Div" else [block]  # (in its style's div)
        if last and last["t"] == "Header" and last["c"][2][-1:] == [{"t": "LineBreak"}] \
                and inner and inner[0]["t"] in ("Para", "Plain"):
            out[-1] = {"t": "Header", "c": [last["c"][0], last["c"][1], last["c"][2][:-1]
                                            + [{"t": "Space"}] + inner[0]["c"]]}
            if len(inner) > 1:
                out.append({"t": "Div", "c": [block["c"][0], inner[1:]]})
            continue
        out.append(block)
    return out
