"""Turn the screen edition's rendered HTML into the web edition's page: the same text,
reorganised as a reader of the web expects it.

The cover is left out (the template writes a masthead from brief.yaml, and the links to the
PDF, the data and the citation); the contents become the page's navigation, the chapters
its ``<main>``, the back page its footer. Each note leaves its sentence for the end of its
chapter (DPUB-ARIA ``doc-noteref``, ``doc-endnotes``, ``doc-backlink``), numbered as the
PDF numbers it (through the document); on wide screens its text also shows as the reader
points at or tabs to its call (CSS only). Cross-references keep their labels and numbers
and drop their page numbers; charts are placed as inline SVG; a table sits in a box of its
own that scrolls sideways and takes the keyboard's focus. The line-breaking aids the
typesetter needs (word joiners, zero-width spaces, soft hyphens) are taken out: a browser
breaks URLs through the stylesheet."""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from lxml import html as lxml_html
from lxml.etree import _Element

INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\u00ad"))
LEFT_OUT = ("draft-mark", "draft-stamp", "draft-queries")


@dataclass
class Page:
    """The page's parts, each an element, for the template that writes ``index.html`` (the
    cover is left out: the template's masthead says what it says, from brief.yaml)."""

    nav: _Element | None
    chapters: list[_Element]
    citation: _Element | None
    back: _Element | None
    notes: int = 0
    images: dict[str, str] = field(default_factory=dict)  # src in the HTML → file in web/


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: _Element) -> None:
    """Take the typesetter's line-breaking aids out of every text in ``element``."""
    for node in element.iter():
        if isinstance(node.tag, str):
            node.text = node.text.translate(INVISIBLE) if node.text else node.text
        node.tail = node.tail.translate(INVISIBLE) if node.tail else node.tail


def _endnotes(chapter: _Element, first: int, labels: dict) -> int:
    """Move each note of ``chapter`` to a list at its end; the number of the next note."""
    number = first
    items = []
    for note in chapter.xpath(".//span[contains(concat(' ', @class, ' '), ' note ')]"):
        call = lxml_html.Element("a", {
            "href": f"#note-{number}", "id": f"call-{number}", "role": "doc-noteref",
            "class": "note-call", "aria-label": f"{labels['note']} {number}"})
        sup = lxml_html.Element("sup")
        sup.text = str(number)
        peek = lxml_html.Element("span", {"class": "note-peek", "aria-hidden": "true"})
        peek.text = " ".join(note.text_content().split())  # (shown on hover: text only)
        call.append(sup)
        item = lxml_html.Element("li", {"id": f"note-{number}"})
        item.text = note.text
        for child in list(note):
            item.append(child)
        back = lxml_html.Element("a", {
            "href": f"#call-{number}", "role": "doc-backlink", "class": "note-back",
            "aria-label": f"{labels['back-to-text']} {number}"})
        back.text = "↩\ufe0e"
        item.append(back)
        peek.tail = note.tail
        note.addprevious(call)
        note.addprevious(peek)
        note.getparent().remove(note)
        items.append(item)
        number += 1
    if items:
        notes = lxml_html.Element("section", {"class": "endnotes", "role": "doc-endnotes"})
        title = lxml_html.Element("h2", {"class": "endnotes-title"})
        title.text = labels["notes"]
        notes.append(title)
        listing = lxml_html.Element("ol", {"start": str(first)})
        listing.extend(items)
        notes.append(listing)
        chapter.append(notes)
    return number


def _figures(chapter: _Element) -> None:
    """A chart (an SVG picture in the HTML) as inline SVG, named by its picture's text."""
    for image in chapter.xpath(".//img[starts-with(@src, 'data:image/svg+xml;base64,')]"):
        svg = base64.b64decode(image.get("src").split(",", 1)[1]).decode("utf-8")
        drawn = lxml_html.fragment_fromstring(svg)
        drawn.set("role", "img")
        drawn.set("aria-label", image.get("alt") or "")
        drawn.set("class", "chart")
        for size in ("width", "height"):  # (the viewBox keeps the proportions)
            drawn.attrib.pop(size, None)
        box = lxml_html.Element("div", {"class": "chart-box", "tabindex": "0",
                                        "role": "region", "aria-label": image.get("alt") or ""})
        box.append(drawn)  # (on a narrow screen the chart keeps a legible size and scrolls)
        box.tail = image.tail
        image.getparent().replace(image, box)


def _tables(chapter: _Element) -> None:
    """Each table in a box that scrolls sideways, focusable, named by its caption, which
    stands above the box (inside it, a narrow screen would scroll it out of sight)."""
    for number, table in enumerate(list(chapter.iter("table")), 1):
        caption = table.find("caption")
        box = lxml_html.Element("div", {"class": "table-box", "tabindex": "0",
                                        "role": "region"})
        if caption is not None:
            label = lxml_html.Element("p", {"class": "table-caption", "id": caption.get("id")
                                            or f"{table.get('id') or 'table'}-caption"})
            label.text, label[:] = caption.text, list(caption)
            table.remove(caption)
            table.addprevious(label)
            box.set("aria-labelledby", label.get("id"))
            table.set("aria-labelledby", label.get("id"))
        else:
            box.set("aria-label", table.get("id") or f"table {number}")
        for cell in table.iter("th", "td"):  # (not their widths in millimetres, for the page)
            aligned = [rule for rule in (cell.get("style") or "").split(";")
                       if rule.partition(":")[0].strip() == "text-align"]
            cell.attrib.pop("style", None)
            if aligned:
                cell.set("style", aligned[0].strip())
            if cell.tag == "th" and not cell.text_content().strip():
                cell.tag = "td"  # (an empty heading heads nothing: a plain empty cell)
        table.addprevious(box)
        box.tail, table.tail = table.tail, None
        box.append(table)


def _images(chapter: _Element, images: dict[str, str]) -> None:
    """Pictures read from the brief's folder, as files beside the page (``images/``)."""
    for image in chapter.iter("img"):
        source = image.get("src") or ""
        if source.startswith("data:"):
            continue
        name = images.setdefault(source, f"images/{len(images) + 1}-" +
                                 re.sub(r"[^\w.-]", "-", source.rsplit("/", 1)[-1]))
        image.set("src", name)


def web_page(html: str, labels: dict) -> Page:
    """The parts of the web page made from the screen edition's HTML. ``labels``: the
    brief's language's words (``note``, ``notes``, ``back-to-text``)."""
    body = lxml_html.document_fromstring(html).find("body")
    _text(body)
    for located in body.xpath("//*[@data-loc]"):  # (the source's file names and lines are
        del located.attrib["data-loc"]  # the layout checks', not the reader's)
    for element in body.xpath("//*[@class]"):
        if _classes(element) & set(LEFT_OUT):
            element.drop_tree()
    parts: dict[str, _Element | None] = {"imprint": None, "toc": None, "back": None}
    chapters, number, images = [], 1, {}
    for child in body:
        kind = _classes(child)
        if "chapter" in kind:
            for xref in child.xpath(".//a[@data-page]"):
                del xref.attrib["data-page"]
            number = _endnotes(child, number, labels)
            _figures(child)
            _tables(child)
            _images(child, images)
            chapters.append(child)
        else:
            for name in parts:
                if name in kind:
                    parts[name] = child
    return Page(parts["toc"], chapters, parts["imprint"], parts["back"],
                number - 1, images)
