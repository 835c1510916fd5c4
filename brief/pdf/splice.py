"""Lay out again only the sections an edit changed, in a process that laid the brief out
before (``--watch``); the PDF is byte for byte the one a whole layout gives.

In the report layout every section starts a page. When this process laid out the same
edition before and only some sections' HTML changed, the typesetter is given a *skeleton*:
the front matter and the back page as they are now, the changed sections, and for each
unchanged section a placeholder of as many empty pages, with the section's anchors on the
pages they were on and a note counter moved on by the section's notes. The skeleton's pages
for the front matter, the back page and the changed sections then join the last layout's
pages for the unchanged sections, and the whole is drawn as one document.

A whole layout is made instead, and remembered for next time, unless all of these hold:
the edition, its stylesheets (the builder's own: a brief's stylesheet could carry counters
or running strings from one section into the next) and the files the layout read (images,
fonts) are unchanged; it is not a draft (whose pages print the build time); every page of
the last layout belonged to one top-level part (sections start pages); the last layout
logged nothing; the skeleton's pages belong to the same parts as before; every anchor
(contents entries and cross-references point to them) is on the page it was on; and each
changed section has as many notes as before. See docs/section-typesetting.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Callable

from brief.read.inputs import still_as_read
from brief.session import SESSION
from brief.timings import stage

if TYPE_CHECKING:
    import weasyprint

CHAPTER = re.compile(r'<section class="(chapter[^"]*)">\n.*?\n</section>\n\s*', re.S)


@dataclass
class Layout:
    """What the last layout of an edition left for the next one to reuse."""
    key: tuple
    parts: list[str]  # the HTML cut into: before the sections, each section, after them
    document: weasyprint.Document
    owners: list[int]  # for each page, the top-level element (child of <body>) it shows
    anchors: dict[str, int]  # each anchor's first page
    notes: dict[int, int]  # footnote calls of each top-level element
    sections: list[int]  # the top-level element of each section
    read: dict[str, str | None]  # SHA-256 of each file the layouts read
    made_by: list  # for each page, the document that laid it out (its fonts stay alive)


@dataclass
class Whole:
    """A whole layout, described (``_describe``) only if a later layout may reuse it: a
    one-off build never pays for that."""
    key: tuple
    parts: list[str]
    page: weasyprint.HTML
    document: weasyprint.Document
    read: dict[str, str | None]

    def described(self) -> Layout | None:
        found = _describe(self.page, self.document, len(self.parts) - 2)
        return None if found is None else Layout(
            self.key, self.parts, self.document, *found, self.read,
            [self.document] * len(self.document.pages))




def lay_out(html: str, render: Callable[[str], tuple[weasyprint.HTML, weasyprint.Document]],
            key: tuple | None, read: dict[str, str | None],
            logged: list[str]) -> weasyprint.Document:
    """``render(html)`` lays out HTML; ``key`` names the edition and its stylesheets (None:
    never reuse), to which the HTML's head and body tag are added; ``read`` is filled by the
    fetcher with what the layout reads; ``logged`` holds what the typesetter complained of
    (what a skeleton given up said is forgotten)."""
    parts = split(html)
    if key is not None and parts is not None:  # the head's inline styles (house colours) too
        key = (*key, parts[0][:parts[0].find(">", parts[0].find("<body")) + 1])
    last = SESSION.last_layout if key is not None and isinstance(
        SESSION.last_layout, (Layout, Whole)) and SESSION.last_layout.key == key else None
    SESSION.last_layout = None
    if isinstance(last, Whole):
        last = last.described()
    SESSION.reused_pages = 0
    before = len(logged)
    if last is not None and parts is not None and len(parts) == len(last.parts) and \
            still_as_read(last.read):
        if (document := _spliced(parts, last, render, read, logged)) is not None:
            return document
        del logged[before:]
    page, document = render(html)
    if key is not None and parts is not None and not logged:
        SESSION.last_layout = Whole(key, parts, page, document, dict(read))
    return document


def split(html: str) -> list[str] | None:
    """Before the sections, each section, after them; None if the HTML has no sections or
    anything but white space between them."""
    found = list(CHAPTER.finditer(html))
    if not found:
        return None
    parts, end = [html[:found[0].start()]], found[0].start()
    for match in found:
        if match.start() != end:
            return None
        parts.append(match[0])
        end = match.end()
    return [*parts, html[end:]]


def _spliced(parts: list[str], last: Layout,
             render: Callable[[str], tuple[weasyprint.HTML, weasyprint.Document]],
             read: dict[str, str | None], logged: list[str]) -> weasyprint.Document | None:
    sections = range(1, len(parts) - 1)
    kept = {n for n in sections if parts[n] == last.parts[n]}
    if not kept:
        return None
    stage("laying out the changed sections", renamed=True)
    element = dict(zip(sections, last.sections))
    on: dict[int, list[str]] = {}  # the anchors on each page
    for name, number in last.anchors.items():
        on.setdefault(number, []).append(name)
    skeleton = "".join(_placeholder(parts[n], last, element[n], on) if n in kept else parts[n]
                       for n in range(len(parts)))
    page, document = render(skeleton)
    found = _describe(page, document, len(sections))
    changed = {element[n] for n in sections if n not in kept}
    if found is None or logged or found[:2] != (last.owners, last.anchors) or \
            found[3] != last.sections or \
            any(found[2].get(e, 0) != last.notes.get(e, 0) for e in changed):
        stage("laying out the pages")  # (the whole, after all)
        return None
    owners, anchors = found[:2]
    reused = {element[n] for n in kept}
    joined = document.copy([last.document.pages[number] if owner in reused else mine
                            for number, (owner, mine) in enumerate(zip(owners, document.pages))])
    SESSION.reused_pages = sum(owner in reused for owner in owners)
    SESSION.last_layout = Layout(
        last.key, parts, joined, owners, anchors, last.notes, last.sections,
        {**last.read, **read}, [last.made_by[n] if owner in reused else document
                                for n, owner in enumerate(owners)])
    return joined


def _placeholder(part: str, last: Layout, element: int, on: dict[int, list[str]]) -> str:
    """A stand-in for an unchanged section: its pages, empty but for their anchors (``on``
    each page), and its notes counted."""
    kind = CHAPTER.match(part)[1]  # type: ignore[index]
    pages = [n for n, owner in enumerate(last.owners) if owner == element]
    blank = "".join(
        f'<div style="break-before: {"page" if i else "auto"}">'
        + "".join(f'<span id="{escape(name)}"></span>' for name in on.get(number, []))
        + "</div>" for i, number in enumerate(pages))
    return (f'<section class="{kind}" style="counter-increment: footnote '
            f'{last.notes.get(element, 0)}">{blank}</section>\n')


def _describe(page: weasyprint.HTML, document: weasyprint.Document, count: int
              ) -> tuple[list[int], dict[str, int], dict[int, int], list[int]] | None:
    """Which top-level element each page shows (a note's text counts as its call's), each
    anchor's first page, each element's footnote calls and which elements are the
    ``count`` sections; None if a page shows none or several, or the sections are not
    ``count``."""
    body = page.etree_element.find("body")
    if body is None:
        return None
    top = {id(element): n for n, child in enumerate(body) for element in child.iter()}
    sections = [n for n, child in enumerate(body)
                if (child.get("class") or "").split()[:1] == ["chapter"]]
    if len(sections) != count:
        return None
    owners: list[int] = []
    anchors: dict[str, int] = {}
    notes: dict[int, int] = {}
    for number, laid in enumerate(document.pages):
        shown = set()
        for box in laid._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and id(element) in top:
                shown.add(top[id(element)])
        if len(shown) != 1:
            return None
        owners.append(owner := shown.pop())
        notes[owner] = notes.get(owner, 0) + len({  # (a call's box and its text's)
            id(box.element) for box in laid._page_box.descendants()
            if str(getattr(box, "element_tag", "")).endswith("::footnote-call")})
        for name in laid.anchors:
            anchors.setdefault(name, number)
    return owners, anchors, notes, sections
