#!/usr/bin/env python3
"""Prototype for docs/section-typesetting.md: how much of a layout would re-laying out only
the edited section save? Measured in one run on the HTML a build wrote.

    python benchmarks/sections.py [HTML] [RUNS]

Lays out, RUNS times each, interleaved: the whole HTML; and for each chapter, the same
HTML with every other chapter removed (and the cover, contents, inside and back pages and
the bibliography), as if only that section had been edited. Then joins the first
chapter's lone pages to the whole document's other pages with WeasyPrint's
``Document.copy`` and draws the result, to show the pages can be combined. Prints the
medians and the share of the whole layout each lone section costs.
"""
from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import weasyprint  # noqa: E402

import brief.pdf.typeset  # noqa: E402,F401  (the bundled fonts, confined)

CHAPTER = re.compile(r'<section class="chapter">.*?</section>\n', re.S)


def layout(html: str, base: str, sheets: list[weasyprint.CSS]) -> tuple[float, object]:
    start = time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=base).render(stylesheets=sheets)
    return time.perf_counter() - start, document


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else ROOT / "output/brief.html"
    runs = int(argv[1]) if len(argv) > 1 else 3
    html = path.read_text("utf-8")
    base = (ROOT / "content").as_uri() + "/"
    sheets = [weasyprint.CSS(filename=str(ROOT / "styles" / n))
              for n in ("brief.css", "screen.css")]
    chapters = CHAPTER.findall(html)
    wholes: list[float] = []
    parts: dict[int, list[float]] = {n: [] for n in range(len(chapters))}
    lone: dict[int, object] = {}
    for _ in range(runs):
        seconds, whole = layout(html, base, sheets)
        wholes.append(seconds)
        for number, edited in enumerate(chapters):
            alone = CHAPTER.sub(lambda m, e=edited: m[0] if m[0] == e else "", html)
            alone = re.sub(r'<section class="(cover|imprint|back|chapter bibliography)"'
                           r'.*?</section>\n', "",
                           alone, flags=re.S)
            alone = re.sub(r'<nav class="toc".*?</nav>\n', "", alone, flags=re.S)
            seconds, lone[number] = layout(alone, base, sheets)
            parts[number].append(seconds)
    w = statistics.median(wholes)
    pages = whole.pages  # type: ignore[attr-defined]
    print(f"whole layout: {w:.2f} s for {len(pages)} pages")
    for number, edited in enumerate(chapters):
        title = re.search(r"<h1[^>]*>(.*?)</h1>", edited)
        p = statistics.median(parts[number])
        print(f"  section {title[1] if title else '?'} alone: {p:.2f} s for "
              f"{len(lone[number].pages)} pages ({p / w:.0%} of the whole)")  # type: ignore
    first = lone[0].pages  # type: ignore[attr-defined]
    start_of = next(i for i, page in enumerate(pages) if any(
        "chapter" in str(getattr(b.element, "get", lambda k: "")("class") or "")
        for b in page._page_box.descendants()))
    joined = whole.copy(pages[:start_of] + first + pages[start_of + len(first):])  # type: ignore
    start = time.perf_counter()
    joined.write_pdf()
    print(f"joining the first section's lone pages to the others and drawing "
          f"{len(joined.pages)} pages: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
