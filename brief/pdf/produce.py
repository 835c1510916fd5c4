"""Turn a resolved document into one edition's checked PDF.

Render → typeset → (lay out again if WeasyPrint slid a note off its call's page) → finish →
preflight. Kept apart from build.py so that the conductor stays a page of option handling.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from brief.home import TOOL_ROOT
from brief.model import Diagnostic, Document, Edition, Index, Loc, Rendered
from brief.pdf.check import (
    check_budget,
    check_glyphs,
    check_layout,
    front_matter_pages,
    locator,
    slid_notes,
)
from brief.pdf.proofread import proofread
from brief.pdf.typeset import Sheet, typeset
from brief.read.inputs import Reader
from brief.run.alongside import beside
from brief.timings import stage

if TYPE_CHECKING:
    import weasyprint


@dataclass(frozen=True)
class Product:
    html: str
    pdf: bytes
    pages: int
    diagnostics: list[Diagnostic]  # typesetter and preflight findings


def stylesheets(edition: Edition, files: Reader | None = None
                ) -> tuple[list[Sheet], list[Diagnostic]]:
    """The edition's stylesheets: each the brief's own (``styles/NAME``, read by ``files``)
    if it has one, else the builder's."""
    names = ["brief.css", "print.css" if edition.print else "screen.css"]
    names += ["letter.css"] if edition.paper == "letter" else []
    names += ["draft.css"] if edition.draft else []
    sheets, problems = [], []
    for name in names:
        text, found = files.text(f"styles/{name}", what="stylesheet", kind="stylesheet",
                                 optional=True) if files else (None, [])
        problems += found + (_font_faces(f"styles/{name}", text) if text else [])
        path = files.root / "styles" / name if text is not None else TOOL_ROOT / "styles" / name
        sheets.append(Sheet(path.as_uri(), text if text is not None else
                            path.read_text("utf-8")))
    return sheets, problems


def _font_faces(name: str, text: str) -> list[Diagnostic]:
    """A brief's stylesheet may not bring fonts: the typesetter would drop them in silence
    (and they would pass by the checks of the house's fonts)."""
    import tinycss2
    return [Diagnostic(Loc(name, rule.source_line), "error", "a stylesheet cannot bring "
                       "fonts (@font-face); name the font files under 'house: fonts: files:' "
                       "in brief.yaml, and the family under 'body' or 'headings'")
            for rule in tinycss2.parse_stylesheet(text, skip_whitespace=True)
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face"]


def reusable(edition: Edition, sheets: list[Sheet]) -> bool:
    """May a rebuild of this edition reuse the pages of unchanged sections
    (``brief/pdf/splice.py``)? Not a draft's (its pages print the build time), and only with the
    builder's own stylesheets (a brief's own may carry counters or running strings from one
    section into the next)."""
    return not edition.draft and all(s.url.startswith(BUILDERS) for s in sheets)


BUILDERS = (TOOL_ROOT / "styles").as_uri() + "/"


def located_links(laid_out: weasyprint.Document, links: list[tuple[int, str, str]],
                  here: Loc, locate: Callable[[str], Loc]) -> list[Diagnostic]:
    """The finished PDF's refused links (``finish.check_links``), each at the source line
    of the element that made it where the layout knows it, else where its target is
    written (a brief's own template)."""
    where = locator(laid_out, here)
    found = []
    for number, target, problem in links:
        boxes = [box for kind, made, _, box in (laid_out.pages[number - 1].links
                                                 if number else ()) if made == target]
        place = where(boxes[0].element) if boxes else here
        found.append(Diagnostic(locate(target) if place == here else place, "error",
                                f"page {number}: {problem}" if number else problem))
    return found


def own_templates(files: Reader) -> list[tuple[str, bytes]]:
    """The brief's own templates, named and read (to find where a text came from)."""
    return [(f"templates/{name}", files.read(f"templates/{name}", kind="template")[0] or b"")
            for name in files.names("templates")]


def _shown(url: str) -> str:
    """A stylesheet's name in messages: ``styles/NAME``, the brief's or the builder's."""
    return "styles/" + url.rsplit("/", 1)[-1]


def produce(document: Document, index: Index, edition: Edition, strict: bool,
            dated: datetime, first: Rendered | None = None) -> Product:
    """``dated`` is the moment the PDF records (fonts, attachments); the draft also prints
    the clock's time, as its build time. ``first``: the HTML if rendered already (by the
    process that read the brief, while this one loaded the typesetter)."""
    project = document.project
    root, meta = project.root, project.meta
    here = Loc(f"output/{edition.stem}.html")
    if first is None:
        from brief.html.render import rendered
        first = rendered(document, index, edition)
    html, attachments, built = first.html, first.attachments, first.built
    breaks: frozenset[str] = frozenset()
    sheets, unread = stylesheets(edition, project.files)
    named = [(_shown(s.url), s.text.encode()) for s in sheets]

    def locate(text: str) -> Loc:  # where a troublesome text of the layout came from
        from brief.read.load import find_in_files, find_in_inputs  # (only on trouble)
        return (text and (find_in_inputs(project.files, text) or find_in_files(
            own_templates(project.files), text) or find_in_files(named, text))) or here

    layouts = 0

    def again(laid_out: weasyprint.Document) -> str | None:
        """At most two layouts more, moving paragraphs whose note left their page."""
        nonlocal breaks, html, layouts
        layouts += 1
        if layouts == 3 or not (slid := slid_notes(laid_out) - breaks):
            return None
        from brief.html.render import render
        breaks |= slid
        stage("rendering the HTML")
        html = render(document, index, edition, built, breaks, first.charts)
        return html

    house = meta.house
    allowed = frozenset({f.path for f in house.get("faces", ())} | (
        {house["logo"]} if "logo" in house else set()))
    laid_out, pdf, found = typeset(
        html, sheets, root / "content", project.files, allowed, locate, edition.variant,
        attachments, dated, reusable(edition, sheets), again, first.tree)
    finishing = beside("brief.pdf.finish", "finished", pdf, meta, front_matter_pages(laid_out),
                       edition.print, here)  # (elsewhere, if the process that read waits)
    stage("checking the layout")
    findings = unread + found + check_layout(laid_out, here) + proofread(laid_out, here) + \
        check_glyphs(
            laid_out, meta.house.get("faces", ()), locate) + check_budget(
            laid_out, meta.page_budget, meta.lines.get("page-budget", here))
    stage("finishing the PDF and checking its fonts")
    pdf, fonts, links, carried = finishing()
    findings += fonts + located_links(laid_out, links, here, locate) + [
        Diagnostic(locate(name), "error", f"the PDF carries a file ({name}) the builder did "
                   "not attach; only the archival edition carries files: the brief's data")
        for name in carried if name not in {n for n, _, _ in attachments}]
    return Product(html, pdf, len(laid_out.pages), [
        Diagnostic(d.loc, "error" if strict else d.level, f"{edition.stem}.pdf: {d.message}")
        for d in findings])
