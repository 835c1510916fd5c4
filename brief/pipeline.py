"""The build, stage by stage: one function per level.

``prepare``: read → parse → resolve → draw the charts → render each edition's HTML, once
for all editions. ``produce``: for one edition, lay out → (lay out again while a note slid
off its call's page) → draw → check → finish. ``build_edition``: produce, then write the
edition's files, or say why not. How these run (in one process or several, skipped when
nothing changed, again on every edit) is ``brief/building.py``'s business.
"""
from __future__ import annotations

import calendar
import sys
from concurrent.futures import Executor
from dataclasses import replace
from datetime import datetime, timezone

from brief.diagnostics import BuildError, Diagnostic, Loc
from brief.editions import failed, kept
from brief.handed import Edition, Index, Prepared, Product, Rendered
from brief.model import Document
from brief.options import Options, Result
from brief.timings import stage

LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC, the last moment a PDF date can hold


def edition_date(year: int, month: int | None, given: str | None) -> datetime:
    """The moment a reproducible PDF records: the caller's ``SOURCE_DATE_EPOCH`` if set,
    else the brief's own date. Never the clock, so that rebuilds are byte-identical."""
    if given is not None:
        return datetime.fromtimestamp(int(given), timezone.utc)
    return datetime.fromtimestamp(calendar.timegm((year, month or 1, 1, 0, 0, 0)),
                                  timezone.utc)


def prepare(options: Options, chosen: list[Options], epoch: str | None) -> Prepared | int:
    """Read, parse and resolve the brief, draw its charts and render each edition's HTML;
    or the exit status, after saying what failed."""
    from brief.html.charts import draw_charts
    from brief.html.render import rendered
    from brief.markdown.parse import parse
    from brief.read.inputs import Reader
    from brief.read.load import load, output_options
    from brief.resolve.index import resolve
    from brief.run.outputs import WriteError, check_writable
    root = options.root.resolve()
    files = Reader(root)
    name, paper = output_options(files)  # read first: a failed load still names the file
    editions = [Edition(o.paper or paper, o.print_, o.draft, o.archival, variant=o.variant,
                        name=name, docx=o.docx, web=o.web, grayscale=o.grayscale,
                        book=o.book[:2] if o.book else None,
                        title_page=bool(o.book and o.book[2])) for o in chosen]
    outs = [(root / "output" / e.stem, e.suffix) for e in editions]
    draft = any(e.draft for e in editions)
    try:
        if not options.queries:
            check_writable(root / "output")
        stage("reading the inputs")
        project = load(root, files)
        stage("parsing the sections")
        document, diagnostics = parse(project)
        if options.queries:  # what the text asks the editor; nothing is typeset
            for query in document.queries:
                print(f"{options.prefix}{query.loc}: query: {query.text}")
            return 0
        stage("resolving references and formatting citations")
        index, found = resolve(document, options.strict)
        diagnostics += found
        if options.strict:  # warnings of every stage count as errors
            diagnostics = [replace(d, level="error") for d in diagnostics]
        if any(d.level == "error" for d in diagnostics) and not draft:
            raise BuildError(diagnostics)
        charts, found = draw_charts(document)
        diagnostics += found
        if any(d.level == "error" for d in found) and not draft:
            raise BuildError(diagnostics)
        errors = any(d.level == "error" for d in diagnostics)
        first = [rendered(document, index, e, charts) if e.draft or not errors else None
                 for e in editions]
    except WriteError as failure:
        print(f"build failed: {failure}; {'; '.join(kept(o, options.prefix, f) for o, f in outs)}",
              file=sys.stderr)
        return 1
    except BuildError as failure:
        return failed(failure.diagnostics, outs, options.prefix)
    dated = edition_date(project.meta.date.year, project.meta.date.month, epoch)
    return Prepared(editions, document, index, diagnostics, dated, first)


def produce(document: Document, index: Index, edition: Edition, strict: bool,
            dated: datetime, first: Rendered | None = None,
            worker: Executor | None = None) -> Product:
    """One edition's checked PDF. ``dated`` is the moment the PDF records (fonts,
    attachments); the draft also prints the clock's time, as its build time. ``first``: the
    HTML if rendered already. ``worker``: the process that read the brief, if it waits for
    work (its futures give ``run.processes.Outcome``s): it finishes the PDF meanwhile."""
    from brief.pdf import check
    from brief.pdf import edition as sheets
    from brief.pdf.proofread import proofread
    from brief.pdf.typeset import Typesetter
    project, here = document.project, Loc(f"output/{edition.stem}.html")
    meta, house = project.meta, project.meta.house
    if first is None:  # (markdown-it and the templates load only where the HTML is made)
        from brief.html.render import rendered
        first = rendered(document, index, edition)
    stylesheets, unread = sheets.stylesheets(edition, project.files)
    locate = sheets.finder(project.files, stylesheets, here)
    allowed = frozenset({f.path for f in house.faces} | ({house.logo} if house.logo else set()))
    html, breaks = first.html, frozenset[str]()
    with Typesetter(stylesheets, project.root / "content", project.files, allowed, locate,
                    edition.variant, sheets.reusable(edition, stylesheets),
                    first.tree, edition.book[1] if edition.book else None) as typesetter:
        laid_out = typesetter.lay_out(html)
        for _ in range(2):  # a note WeasyPrint printed off its call's page: its paragraph
            if not (slid := check.slid_notes(laid_out) - breaks):  # starts a page
                break
            breaks |= slid
            stage("rendering the HTML")
            from brief.html.render import render
            html = render(document, index, edition, first.built, breaks, first.charts)
            laid_out = typesetter.lay_out(html)
        pdf, found = typesetter.draw(laid_out, first.attachments, dated)
    finishing = (pdf, meta, project.language.whole_title(meta.title, meta.subtitle),
                 check.front_matter_pages(laid_out), edition.print, here)
    elsewhere = worker.submit(finished, *finishing) if worker else None  # (meanwhile)
    stage("checking the layout")
    first_folio = edition.book[0] if edition.book else 1
    findings = unread + found + check.check_layout(laid_out, here, first_folio) + \
        proofread(laid_out, here) + check.check_glyphs(laid_out, house.faces, locate) + \
        check.check_budget(laid_out, meta.page_budget, meta.lines.get("page-budget", here))
    stage("finishing the PDF and checking its fonts")
    pdf, fonts, links, carried = elsewhere.result().replay() if elsewhere else \
        finished(*finishing)
    attached = {name for name, _, _ in first.attachments}
    findings += fonts + sheets.located_links(laid_out, links, here, locate) + [
        Diagnostic(locate(name), "error", f"the PDF carries a file ({name}) the builder did "
                   "not attach; only the archival edition carries files: the brief's data",
                   code="foreign-attachment")
        for name in carried if name not in attached]
    return Product(html, pdf, len(laid_out.pages), [
        replace(d, level="error" if strict else d.level, message=f"{edition.stem}.pdf: "
                f"{d.message}") for d in findings])


def finished(*args: object) -> tuple:
    """``finish.finished``, whose libraries (pikepdf, lxml) load where it runs: in the
    process that read the brief, if it waits for work, and then never in this one."""
    from brief.pdf import finish
    return finish.finished(*args)


def build_edition(options: Options, prepared: Prepared, number: int,
                  worker: Executor | None = None, derived: tuple[int, ...] = ()) -> Result:
    """Produce, check and write the ``number``-th edition of a prepared brief; then each
    of ``derived`` (the web edition, the grayscale proof) from the same layout, never laid
    out again (``brief/editions.py`` writes them)."""
    from brief import editions
    from brief.run.outputs import WriteError
    edition, prefix = prepared.editions[number], options.prefix
    out = options.root.resolve() / "output" / edition.stem
    outs = [(out, edition.suffix)] + [(out.parent / prepared.editions[n].stem,
                                        prepared.editions[n].suffix) for n in derived]
    try:
        if any(d.level == "error" for d in prepared.diagnostics) and not edition.draft:
            raise BuildError(prepared.diagnostics)
        if edition.docx:
            return editions.word_edition(prepared, number, editions.named(out, ".docx"),
                                         prefix)
        product = produce(prepared.document, prepared.index, replace(
            edition, web=False, grayscale=False), options.strict, prepared.dated,
            prepared.first[number], worker)
        folded = booklet_pages(options, prepared, number, product, worker)
        if edition.grayscale:
            product = editions.in_grays(product, prepared.document, out, options.strict)
        result = editions.web_edition(prepared, product, out, options) if edition.web \
            else editions.pdf_edition(options, prepared, edition, out, product, folded)
    except WriteError as failure:
        print(f"build failed: {failure}; "
              f"{'; '.join(editions.kept(o, prefix, f) for o, f in outs)}", file=sys.stderr)
        return Result(1)
    except BuildError as failure:
        return Result(editions.failed(failure.diagnostics, outs, prefix, prepared.said))
    for other in derived:  # (a PDF edition written whole: a draft has none, building._base)
        result = editions.derived(options, prepared, product, other, result, folded)
    return result


def booklet_pages(options: Options, prepared: Prepared, number: int, product: Product,
                  worker: Executor | None = None) -> Product | None:
    """With ``--booklet``, the pages the booklet of the ``number``-th edition imposes, if not
    its own: a booklet is printed on both sides, so it is imposed from the edition laid out
    as the print edition (each folio at its page's outer edge, never at the fold; links as
    text; the back page on the back of a leaf). Its findings are those the edition's own
    layout did not have, named after the booklet."""
    edition = prepared.editions[number]
    if not options.booklet or edition.print or edition.web or edition.docx:
        return None
    stage("laying out the booklet's pages as the print edition's")
    from brief.html.render import rendered
    two_sided = replace(edition, print=True, grayscale=False)
    first = prepared.first[number]
    assert first is not None  # (rendered: the edition has no error, or is a draft)
    pages = produce(prepared.document, prepared.index, two_sided, options.strict,
                    prepared.dated, rendered(prepared.document, prepared.index, two_sided,
                                             first.charts), worker)
    said = {_finding(d) for d in product.diagnostics}
    named = f"{edition.stem}-booklet.pdf: "
    return replace(pages, diagnostics=[
        replace(d, message=named + d.message.partition(": ")[2]) for d in pages.diagnostics
        if _finding(d) not in said])


def _finding(found: Diagnostic) -> tuple:
    """What a layout found, whichever edition's layout: its level, its words after the PDF's
    name, and its place in the brief (a place in an edition's own HTML is that edition's)."""
    place = None if found.loc.path.startswith("output/") else found.loc
    return found.level, found.message.partition(": ")[2], place
