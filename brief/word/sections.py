"""Pandoc's tree of a manuscript → the brief's sections: each Heading 1 begins a section;
tracked changes accepted or rejected, comments as editor's queries; a footnote that only
cites becomes the citation at its mark; the reference manager's keys → the brief's; Word's
caption numbers dropped (the brief numbers figures and tables); a key-points style → the
key-points box; a table a pipe table cannot hold made one that can, and said."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from brief.word.citations import locator
from brief.word.pandocast import caption_inlines, joined_headings, text
from brief.word.tables import cell_inlines, plain_table

LABELS = Path(__file__).resolve().parent.parent / "labels"
Changes = Literal["accept", "reject"] | None


def _words(*names: str) -> set[str]:
    """What the labels files of every language call these (figure, table, ...)."""
    found = set()
    for path in sorted(LABELS.glob("*.yaml")):
        labels = yaml.safe_load(path.read_text("utf-8")) or {}
        found |= {str(labels[n]).lower() for n in names if n in labels}
    return found


PREFIX = re.compile(r"^(?:%s|fig\.)\s*\d+[.:]?\s*" % "|".join(
    map(re.escape, sorted(_words("figure", "table"), key=len, reverse=True))), re.I)
BIBLIOGRAPHY = _words("bibliography", "references") | {"works cited", "sources"}
KEY_POINTS = _words("key-points")


def Str(s: str) -> dict:  # noqa: N802  (as Pandoc names its elements)
    return {"t": "Str", "c": s}


def raw(s: str) -> dict:
    return {"t": "RawInline", "c": ["markdown", s]}


OPEN = {"t": "RawBlock", "c": ["markdown", "::: {.key-points}"]}  # (the key-points box)
CLOSE = {"t": "RawBlock", "c": ["markdown", ":::"]}
_AT_WORD = re.compile(r"(?<![\w@.])@(?=\w)")  # an '@' the brief would read as a key's
REMOVED = {"t": "Removed"}  # where a change or a comment was taken out (for _tidy)
BREAKS = ("LineBreak", "SoftBreak")


@dataclass
class Found:
    """What the import met, for its report."""
    changes: Counter = field(default_factory=Counter)  # author → tracked changes
    queries: int = 0
    notes: int = 0
    cites: int = 0
    in_text: int = 0  # citations outside any footnote
    figures: list[dict] = field(default_factory=list)  # Image elements, in order
    tables: int = 0
    internal: int = 0  # links within the manuscript, kept as their text
    maths: bool = False  # an equation was met (said once)
    problems: list[str] = field(default_factory=list)


class Sections:
    def __init__(self, keys: dict[str, str], changes: Changes) -> None:
        self.keys, self.changes, self.found = keys, changes, Found()
        self._in_note = False

    def split(self, blocks: list) -> list[tuple[str, list]]:
        """(title, blocks) per Heading 1; what comes before the first goes into the first
        (or, without headings, into one section named by ``untitled``)."""
        done = self.blocks(blocks)
        parts: list[tuple[str, list]] = []
        before: list = []
        carried: list = []  # a note or comment on a Heading 1 (whose text is the title)
        for block in done:
            if block["t"] == "Header" and block["c"][0] == 1:
                parts.append((" ".join(text(block["c"][2]).split()), before))
                before = []
                carried = [i for i in block["c"][2] if i["t"] in ("Note", "RawInline")]
                if carried:
                    self.found.problems.append(f"a note or comment on the heading "
                                               f"'{parts[-1][0]}' moved to the start of its "
                                               "first paragraph")
            elif parts:
                if carried and block["t"] in ("Para", "Plain"):
                    block, carried = {"t": block["t"], "c": carried + block["c"]}, []
                parts[-1][1].append(block)
            else:
                before.append(block)
        if not parts:
            return [("", before)]
        parts[0] = (parts[0][0], before + parts[0][1])
        return parts

    def blocks(self, blocks: list) -> list:
        done = [out for block in joined_headings(blocks) for out in self.block(block)]
        done = [b for i, b in enumerate(done)  # (a box's paragraphs in one box)
                if not (b == CLOSE and done[i + 1:i + 2] == [OPEN]
                        or b == OPEN and done[i - 1:i] == [CLOSE] and i)]
        for i, block in enumerate(done[:-1]):  # a box's title ("Key points") is the box's
            title = done[i + 1]
            if block != OPEN or title["t"] not in ("Para", "Plain") or \
                    text(title["c"]).strip().lower() not in KEY_POINTS:
                continue
            following = done[i + 3] if i + 3 < len(done) else {"t": "Null"}
            if done[i + 2] == CLOSE and following["t"] in ("BulletList", "OrderedList"):
                done[i + 1:i + 4] = [following, CLOSE, {"t": "Null"}]  # (Word styles no
            else:  # list: a box of its title alone, then a list, is the list's box)
                done[i + 1] = {"t": "Null"}
        return [b for b in done if b["t"] != "Null"]

    def block(self, block: dict) -> list:
        kind, c = block["t"], block.get("c")
        if kind == "Div":
            style = dict(c[0][2]).get("custom-style", "")
            inner = self.blocks(c[1])
            if style.lower() in KEY_POINTS:
                return [OPEN, *inner, CLOSE]
            return inner
        if kind in ("Para", "Plain"):
            inlines = _tidy(self.inlines(c))
            return [{"t": kind, "c": inlines}] if inlines else []
        if kind == "Header":  # (a line break in a heading: a space)
            flat = [{"t": "Space"} if i["t"] in BREAKS else i for i in self.inlines(c[2])]
            return [{"t": "Header", "c": [c[0], ["", [], []], _tidy(flat)]}]
        if kind == "DefinitionList":
            return [{"t": kind, "c": [[_tidy(self.inlines(term)), [self.blocks(d) for d in ds]]
                                      for term, ds in c]}]
        if kind == "LineBlock":
            return [{"t": kind, "c": [_tidy(self.inlines(line)) for line in c]}]
        if kind in ("BulletList",):
            return [{"t": kind, "c": [self.blocks(item) for item in c]}]
        if kind == "OrderedList":
            return [{"t": kind, "c": [c[0], [self.blocks(item) for item in c[1]]]}]
        if kind == "BlockQuote":
            return [{"t": kind, "c": self.blocks(c)}]
        if kind == "Figure":
            return self.figure(c)
        if kind == "Table":
            return [self.table(c)]
        if re.search(r'"(?:insertion|deletion|comment-start)"', json.dumps(block)):
            self.found.problems.append(f"a tracked change or comment in a {kind} was kept as "
                                       "written; check it")
        return [block]

    def figure(self, c: list) -> list:
        caption = _uncounted(_tidy(self.inlines(caption_inlines(c[1][1]))))
        images = [i for b in c[2] for i in (b.get("c") or []) if isinstance(i, dict)
                  and i.get("t") == "Image"]
        if not images:
            return self.blocks(c[2])
        image = images[0]
        alt = _uncounted(_tidy(self.inlines(image["c"][1])))
        image = {"t": "Image", "c": [["", [], []], caption or alt, image["c"][2]]}
        self.found.figures.append(image)
        if caption and alt and text(alt) != text(caption):
            self.found.problems.append(f"figure {len(self.found.figures)}: its alt text "
                                       f"('{text(alt)[:60]}') was left for its caption "
                                       "(the brief's figures read the caption aloud)")
        return [{"t": "Para", "c": [image]}]

    def table(self, c: list) -> dict:
        self.found.tables += 1
        caption = _uncounted(_tidy(self.inlines(caption_inlines(c[1][1]))))
        made, merged = plain_table(c, caption, lambda blocks: _tidy([
            {"t": "Space"} if i["t"] in BREAKS else i for i in cell_inlines(self.blocks(
                blocks))]))
        if merged:
            self.found.problems.append(
                f"table {self.found.tables} ('{text(caption)[:50]}'): merged cells, a list, a "
                "table, a line break or several paragraphs in a cell; kept as a plain table (a "
                "merged cell's text in its first cell); check it")
        return made

    def inlines(self, inlines: list) -> list:
        return [out for inline in inlines for out in self.inline(inline)]

    def inner(self, inlines: list) -> list:
        """The inlines of an element inside a paragraph (emphasis, a quotation, a link's
        text) without what taking out a change left: Pandoc knows no such element."""
        return [i for i in self.inlines(inlines) if i != REMOVED]

    def inline(self, node: dict) -> list:
        kind, c = node["t"], node.get("c")
        if kind == "Str" and _AT_WORD.search(c):  # (else a citation or a cross-reference)
            return [x for n, piece in enumerate(_AT_WORD.split(c))
                    for x in [raw("\\@")] * bool(n) + [Str(piece)] * bool(piece)]
        if kind == "Span":
            return self.span(c)
        if kind == "Note":
            return self.note(c)
        if kind == "Cite":
            return [self.cite(c)]
        if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
                    "SmallCaps"):
            return [{"t": kind, "c": self.inner(c)}]
        if kind == "Quoted":
            return [{"t": kind, "c": [c[0], self.inner(c[1])]}]
        if kind == "Link" and c[2][0].startswith("#"):  # (Word's cross-references: the
            self.found.internal += 1  # brief's are written [](#id), to ids of its own)
            return self.inlines(c[1])
        if kind == "Link":
            return [{"t": kind, "c": [["", [], []], self.inner(c[1]), c[2]]}]
        if kind == "Math" and not self.found.maths:
            self.found.maths = True
            self.found.problems.append(f"an equation (${c[1][:40]}$) prints as its TeX: the "
                                       "brief sets no mathematics; write it as text")
        if kind == "Image":
            image = {"t": kind, "c": [["", [], []], self.inner(c[1]), c[2]]}
            self.found.figures.append(image)
            return [image]
        return [node]

    def span(self, c: list) -> list:
        classes, attrs = c[0][1], dict(c[0][2])
        who = attrs.get("author", "an unnamed author")
        if "insertion" in classes or "deletion" in classes:
            self.found.changes[who] += 1
            keep = ("insertion" in classes) == (self.changes != "reject")
            return self.inlines(c[1]) if keep else [REMOVED]
        if "comment-start" in classes:
            self.found.queries += 1
            said = " ".join(text(self.inlines(c[1])).split()).replace("<<", "‹‹")
            return [raw(f"{{>> {said} ({who}) <<}}")]
        if "comment-end" in classes or "paragraph-insertion" in classes or \
                "paragraph-deletion" in classes:
            return [REMOVED]
        return self.inlines(c[1])

    def note(self, blocks: list) -> list:
        outer, self._in_note = self._in_note, True
        inner = self.blocks(blocks)
        self._in_note = outer
        only = [b for b in inner if b["t"] in ("Para", "Plain")]
        inlines = [i for b in only for i in b["c"]]
        cites = [i for i in inlines if i["t"] == "Cite"]
        rest = [i for i in inlines if i["t"] not in ("Cite", "Space", "SoftBreak")
                and not (i["t"] == "Str" and re.fullmatch(r"[\s.,;:]*", i["c"]))]
        if cites and not rest and len(only) == len(inner):
            return [{"t": "Cite", "c": [[x for cite in cites for x in cite["c"][0]], []]}]
        self.found.notes += 1
        return [{"t": "Note", "c": inner}]

    def cite(self, c: list) -> dict:
        citations = []
        for citation in c[0]:
            self.found.cites += 1
            self.found.in_text += not self._in_note
            key = self.keys.get(citation["citationId"])
            if key is None:
                self.found.problems.append(f"a citation Pandoc read without its work "
                                           f"('{text(c[1])[:60]}'); kept as text")
                return {"t": "Span", "c": [["", [], []], c[1]]}
            suffix = locator(text(citation["citationSuffix"]))
            citations.append({**citation, "citationId": key,
                              "citationSuffix": [Str(suffix)] if suffix else []})
        return {"t": "Cite", "c": [citations, []]}


def _uncounted(inlines: list) -> list:
    """A caption without Word's own number ('Figure 1.', 'Table 2:')."""
    words = text(inlines)
    match = PREFIX.match(words)
    if not match:
        return inlines
    left, dropped = list(inlines), 0
    while left and dropped < match.end():
        dropped += len(text([left.pop(0)]))
    return _tidy(left)


def _tidy(inlines: list) -> list:
    """What taking out a tracked change or a comment leaves, mended: no space twice, none
    before the closing punctuation that followed it, none at either end. (A space the
    author put before punctuation, as French does, stays.)"""
    out: list = []
    removed = False
    for node in inlines:
        if node is REMOVED or node == REMOVED:
            removed = True
            continue
        if node["t"] in ("Space", "SoftBreak") and (not out or out[-1]["t"] in (
                "Space", "SoftBreak")):
            continue
        if removed and node["t"] == "Str" and re.match(r"[.,;:!?)\]]", node["c"]) and out \
                and out[-1]["t"] == "Space":
            out.pop()
        removed = removed and node["t"] in ("Space", "SoftBreak")
        out.append(node)
    while out and out[-1]["t"] in ("Space", "SoftBreak"):
        out.pop()
    return out
