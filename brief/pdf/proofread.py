"""Turn the laid-out document into what a proofreader marks on the pages, beyond lines and
notes (``check.py``): a caption parted from its table or figure, front matter running onto
another part's page, a table split too thin, a page holding only a section's last lines, a
running head naming another section than the one the page begins in, figure text smaller
than 6 pt or larger than the body.

The stylesheet prevents most of them (captions and three rows kept with their table, the
contents ending their page, running heads from where the page begins); these checks catch
what it cannot (a brief's own stylesheet, a long last entry) and prove what it does. Each
finding is at the source line the renderer wrote (``data-loc``).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import weasyprint
from weasyprint.formatting_structure import boxes

from brief.diagnostics import Diagnostic, Loc
from brief.pdf.check import _areas, _in_flow, _text, locator, parents_of

MIN_TABLE_ROWS = 3  # on each side of a page break
SHORT_TABLE = 5  # rows: a table this short never breaks
LONELY_END = 4  # lines or entries: a section's last page holding fewer, a warning
MIN_FIGURE_TEXT = 6.0  # points
PT = 0.75  # points in a CSS pixel
_SIZE = re.compile(r"^([\d.]+)(px|pt)?$")
_PARTS = {"cover": "cover", "imprint": "inside page", "toc": "contents", "chapter": "section",
          "back": "back page"}
_FRONT = ("cover", "imprint", "toc")


@dataclass
class Pages:
    """The laid-out pages as the checks read them: each page's box and the boxes of its
    flow (not the margins, the notes or what is positioned out of the flow, such as a
    draft's stamp), and the elements' parents and places."""

    document: weasyprint.Document
    parents: dict
    where: Callable[[object], Loc]

    def __iter__(self) -> Iterator[tuple[int, boxes.PageBox, list[boxes.Box]]]:
        for number, page in enumerate(self.document.pages, start=1):
            flow, _ = _areas(page)
            yield number, page._page_box, [b for area in flow for b in _in_flow(area)]

    def up(self, element: object, test: Callable[[object], bool]) -> object | None:
        """``element`` or its nearest ancestor that passes ``test``."""
        while element is not None and not test(element):
            element = self.parents.get(element)
        return element


def _classes(element: object) -> list[str]:
    return (element.get("class") or "").split() if element is not None else []  # type: ignore


def _tag(tag: str) -> Callable[[object], bool]:
    return lambda element: getattr(element, "tag", None) == tag


def _part(element: object) -> str | None:
    return next((c for c in _PARTS if c in _classes(element)), None)


def proofread(document: weasyprint.Document, loc: Loc) -> list[Diagnostic]:
    parents = parents_of(document)
    pages = Pages(document, parents, locator(document, loc, parents))
    return (_captions(pages) + _front_matter(pages) + _tables(pages) + _lonely_ends(pages)
            + _running_heads(pages) + _figure_text(pages))


def _captions(pages: Pages) -> list[Diagnostic]:
    """A table's caption on another page than its first row; a figure's than its image."""
    seen: dict[object, dict[str, int]] = {}
    for number, _, found in pages:
        for box in found:
            if box.element is None:
                continue
            if box.element_tag in ("caption", "figcaption") and isinstance(box, boxes.BlockBox):
                holder = pages.parents.get(box.element)
                seen.setdefault(holder, {}).setdefault("caption", number)
            elif isinstance(box, boxes.TableRowBox):
                seen.setdefault(pages.up(box.element, _tag("table")), {}).setdefault(
                    "body", number)
            elif isinstance(box, boxes.ReplacedBox):
                seen.setdefault(pages.up(box.element, _tag("figure")), {}).setdefault(
                    "body", number)
    return [Diagnostic(pages.where(element), "error", f"page {on['caption']}: the caption is "
                       f"parted from its {'table' if element.tag == 'table' else 'figure'} "
                       f"on page {on['body']}", code="caption-parted")
            for element, on in seen.items()
            if element is not None and on.keys() == {"caption", "body"}
            and on["caption"] != on["body"]]


def _front_matter(pages: Pages) -> list[Diagnostic]:
    """The cover, the inside page or the contents sharing a page with another part."""
    problems = []
    for number, _, found in pages:
        parts: dict[str, object] = {}
        for box in found:
            if (part := _part(box.element)) is not None:
                parts.setdefault(part, box.element)
        front = [p for p in _FRONT if p in parts]
        others = [p for p in parts if p != front[0]] if front else []
        if others:
            problems.append(Diagnostic(pages.where(_placed(parts[others[0]])), "error",
                                       f"page {number}: "
                                       f"the {_PARTS[front[0]]} shares its page with the "
                                       f"{_PARTS[others[0]]}; it should end its page",
                                       code="front-matter-shared"))
    return problems


def _placed(element: object) -> object:
    """``element`` or, if it has no source line of its own, its first descendant that has."""
    return next((e for e in element.iter() if e.get("data-loc")), element)  # type: ignore


def _tables(pages: Pages) -> list[Diagnostic]:
    """A table of a few rows split across pages, or one split with fewer than three rows
    on either side of the break."""
    rows: dict[object, dict[int, set]] = {}
    for number, _, found in pages:
        for box in found:
            body = pages.parents.get(box.element)
            if isinstance(box, boxes.TableRowBox) and getattr(body, "tag", "") == "tbody":
                rows.setdefault(body, {}).setdefault(number, set()).add(box.element)
    problems = []
    for body, by_page in rows.items():
        if len(by_page) < 2:
            continue
        counts = [len(by_page[n]) for n in sorted(by_page)]
        table = pages.up(body, _tag("table"))
        span = f"pages {min(by_page)}-{max(by_page)}"
        if sum(counts) <= SHORT_TABLE:
            problems.append(Diagnostic(pages.where(table), "error", f"{span}: a table of "
                                       f"{sum(counts)} rows is split; keep it on one page",
                                       code="table-split"))
        elif counts[0] < MIN_TABLE_ROWS or counts[-1] < MIN_TABLE_ROWS:
            problems.append(Diagnostic(pages.where(table), "error", f"{span}: a table is split "
                                       f"with {counts[0]} row(s) before the break and "
                                       f"{counts[-1]} after; keep three on each side",
                                       code="table-split"))
    return problems


def _title(section: object) -> str:
    h1 = next((e for e in section.iter() if e.tag == "h1"), None)  # type: ignore[attr-defined]
    return " ".join("".join(h1.itertext()).split()) if h1 is not None else ""


def _lonely_ends(pages: Pages) -> list[Diagnostic]:
    """A page that holds nothing but the end of a section (or the bibliography) begun on
    an earlier page, when that end is fewer than four lines of text, or fewer than four
    short entries of a list or the bibliography (in fewer than eight lines: entries that
    fill more of the page are text a reader reads on): a warning, since an author may let
    it be (and none after a page break the author wrote)."""
    chosen = set()  # what follows a page break the author wrote
    for element, parent in pages.parents.items():
        if "page-break" in _classes(element):
            siblings = list(parent)  # type: ignore[call-overload]
            chosen.update(siblings[siblings.index(element) + 1:][:1])
    problems = []
    for number, _, found in pages:
        lines = [b for b in found if isinstance(b, boxes.LineBox)]
        if not lines or number == 1 or any(b.element_tag == "h1" or isinstance(
                b, (boxes.ReplacedBox, boxes.TableBox)) for b in found) or pages.up(
                lines[0].element, chosen.__contains__) is not None:
            continue  # (a figure or a table is not a few lines; _tables checks rows)
        sections = {pages.up(b.element, lambda e: "chapter" in _classes(e)) for b in lines}
        entries = {pages.up(b.element, _entry) for b in lines} - {None}
        few = len(lines) < LONELY_END or (entries and len(entries) < LONELY_END and len(
            lines) < 2 * LONELY_END and all(pages.up(b.element, _entry) is not None
                                            for b in lines))
        if len(sections) == 1 and None not in sections and few:
            title = _title(next(iter(sections)))
            what = f"{len(entries)} entries" if len(lines) >= LONELY_END else \
                f"{len(lines)} line(s)"
            problems.append(Diagnostic(pages.where(lines[0].element), "warning", f"page "
                                       f"{number} holds only the last {what} of "
                                       f"'{title[:40]}'; shorten the section or make room "
                                       "for them on the page before", code="lonely-end"))
    return problems


def _entry(element: object) -> bool:
    return getattr(element, "tag", None) == "li" or "csl-entry" in _classes(element)


def _running_heads(pages: Pages) -> list[Diagnostic]:
    """A page's margin that names a section other than the one the page begins in."""
    titles = {e: _title(e) for e in pages.parents if "chapter" in _classes(e)}
    problems = []
    for number, page, found in pages:
        first = next((b for b in found if isinstance(b, boxes.LineBox)), None)
        section = pages.up(first.element if first else None,
                           lambda e: "chapter" in _classes(e))
        if section is None:
            continue
        heads = [" ".join(_text(m).split()) for m in page.children
                 if isinstance(m, boxes.MarginBox)]
        wrong = [h for h in heads if h in titles.values() and h != titles[section]]
        if wrong and titles[section]:
            problems.append(Diagnostic(pages.where(first.element), "error", f"page {number}: "
                                       f"the running head says '{wrong[0][:40]}', but the page "
                                       f"begins in '{titles[section][:40]}'",
                                       code="running-head"))
    return problems


def _figure_text(pages: Pages) -> list[Diagnostic]:
    """An SVG figure whose text prints smaller than 6 pt or larger than the body text."""
    problems = []
    body = next((b.style["font_size"] for _, _, found in pages for b in found
                 if b.element_tag == "p"), 16.0) * PT
    for number, _, found in pages:
        for box in found:
            svg = getattr(getattr(box, "replacement", None), "_svg", None)
            if svg is None or not box.width:
                continue
            viewbox = svg.get_viewbox()
            drawn = viewbox[2] if viewbox and viewbox[2] else \
                box.replacement.get_intrinsic_size(1, body)[0]
            sizes = [s * box.width / drawn * PT for s in map(_px, _texts(svg.tree))
                     if s and drawn]
            small, large = min(sizes, default=0), max(sizes, default=0)
            if sizes and small < MIN_FIGURE_TEXT - 0.05:
                problems.append(Diagnostic(pages.where(box.element), "error", f"page {number}: "
                                           f"the figure's text prints at {small:.1f} pt, "
                                           f"smaller than {MIN_FIGURE_TEXT:.0f} pt; draw it "
                                           "larger or give the figure more width",
                                           code="figure-text-size"))
            elif large > body + 0.05:
                problems.append(Diagnostic(pages.where(box.element), "error", f"page {number}: "
                                           f"the figure's text prints at {large:.1f} pt, larger "
                                           f"than the body text ({body:.1f} pt); draw it "
                                           "smaller or give the figure less width",
                                           code="figure-text-size"))
    return problems


def _texts(node: object) -> Iterator[str | None]:
    """The font size of each SVG text with words (inherited, as WeasyPrint's nodes do)."""
    if getattr(node, "tag", "") in ("text", "tspan") and (node.text or "").strip():
        yield node.get("font-size", "16")  # type: ignore[attr-defined]
    for child in node:  # type: ignore[attr-defined]
        yield from _texts(child)


def _px(value: str | None) -> float | None:
    match = _SIZE.match(str(value or "").strip())
    return float(match[1]) * (4 / 3 if match[2] == "pt" else 1) if match else None
