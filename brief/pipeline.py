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
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from brief.diagnostics import BuildError, Diagnostic, Loc
from brief.handed import Edition, Index, Rendered
from brief.model import Document
from brief.options import Options, Result
from brief.timings import stage

LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC, the last moment a PDF date can hold


@dataclass(frozen=True)
class Prepared:
    """The brief read, parsed and resolved, and each edition's first HTML (None for an
    edition not rendered: errors, and not a draft)."""

    editions: list[Edition]
    document: Document
    index: Index
    diagnostics: list[Diagnostic]
    dated: datetime  # the moment the PDF records
    first: list[Rendered | None]


def edition_date(year: int, month: int | None, given: str | None) -> datetime:
    """The moment a reproducible PDF records: the caller's ``SOURCE_DATE_EPOCH`` if set,
    else the brief's own date. Never the clock, so that rebuilds are byte-identical."""
    if given is not None:
        return datetime.fromtimestamp(int(given), timezone.utc)
    return datetime.fromtimestamp(calendar.timegm((year, month or 1, 1, 0, 0, 0)),
                                  timezone.utc)


def kept(out: Path, prefix: str, folder: bool = False) -> str:
    """What a failed build did to the edition's PDF (or folder: the web edition): nothing,
    whether or not there was one."""
    made = out if folder else out.with_suffix(".pdf")
    shown = f"{prefix}output/{made.name}" + ("/" if folder else "")
    return f"{shown} was left unchanged" if made.exists() else f"no {shown} was written"


def failed(diagnostics: list[Diagnostic], outs: list[tuple[Path, bool]], prefix: str
           ) -> int:
    """Say every problem and that the outputs were kept: the exit status."""
    for diagnostic in diagnostics:
        print(f"{prefix}{diagnostic}", file=sys.stderr)
    errors = sum(d.level == "error" for d in diagnostics)
    print(f"build failed with {errors} error(s); "
          f"{'; '.join(kept(out, prefix, folder) for out, folder in outs)}", file=sys.stderr)
    return 1


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
                        name=name, docx=o.docx, web=o.web) for o in chosen]
    outs = [(root / "output" / e.stem, e.web) for e in editions]
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


@dataclass(frozen=True)
class Product:
    html: str
    pdf: bytes
    pages: int
    diagnostics: list[Diagnostic]  # typesetter and preflight findings


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
                    first.tree) as typesetter:
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
    finishing = (pdf, meta, check.front_matter_pages(laid_out), edition.print, here)
    elsewhere = worker.submit(finished, *finishing) if worker else None  # (meanwhile)
    stage("checking the layout")
    findings = unread + found + check.check_layout(laid_out, here) + \
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


def _word_edition(prepared: Prepared, number: int, out: Path, prefix: str) -> Result:
    """The Word edition for reviewers, from the rendered HTML (no layout, no PDF)."""
    from brief.run.outputs import write_together
    from brief.word.edition import look, word_edition
    project = prepared.document.project
    meta, rendering = project.meta, prepared.first[number]
    assert rendering is not None  # (rendered: the brief has no error)
    stage(f"writing output/{out.name}")
    data = word_edition(rendering.html, project.root / "content", {
        "title": meta.title, "subtitle": meta.subtitle, "author": list(meta.authors),
        "date": project.language.date(meta.date)}, look(project),
        int(prepared.dated.timestamp()))
    write_together({out: data})
    for diagnostic in sorted(prepared.diagnostics):
        print(f"{prefix}{diagnostic}", file=sys.stderr)
    print(f"wrote {prefix}output/{out.name}")
    return Result(0, (out,), project.files.record)


def _web_edition(prepared: Prepared, product: Product, folder: Path, options: Options,
                 said: bool = False) -> Result:
    """The web edition from the screen edition's HTML and PDF (``brief/web/``). ``said``:
    the brief's and the PDF's findings were said already (by its twin, the PDF edition
    that made ``product``)."""
    from brief.run.outputs import write_folder
    from brief.web.edition import web_files
    stage(f"writing output/{folder.name}/")
    files, found = web_files(prepared.document, prepared.index, product.html, product.pdf,
                             prepared.editions[0].name)
    diagnostics = ([] if said else prepared.diagnostics + product.diagnostics) + [
        replace(d, level="error") if options.strict else d for d in found]
    if any(d.level == "error" for d in diagnostics):
        raise BuildError(diagnostics)
    write_folder(folder, files)
    for diagnostic in sorted(diagnostics):
        print(f"{options.prefix}{diagnostic}", file=sys.stderr)
    print(f"wrote {options.prefix}output/{folder.name}/ ({len(files)} files; "
          f"{product.pages}-page PDF)")
    return Result(0, tuple(folder / name for name in files),
                  prepared.document.project.files.record)


def build_edition(options: Options, prepared: Prepared, number: int,
                  worker: Executor | None = None, web_too: int | None = None) -> Result:
    """Produce, check and write the ``number``-th edition of a prepared brief; and the
    ``web_too``-th, the web edition, from the same PDF (its twin: one layout for both)."""
    from brief.run.outputs import WriteError, write_together
    edition, prefix = prepared.editions[number], options.prefix
    out = options.root.resolve() / "output" / edition.stem
    web = None if web_too is None else out.parent / prepared.editions[web_too].stem
    outs = [(out, edition.web)] + ([(web, True)] if web else [])
    diagnostics = prepared.diagnostics
    try:
        if any(d.level == "error" for d in diagnostics) and not edition.draft:
            raise BuildError(diagnostics)
        if edition.docx:
            return _word_edition(prepared, number, out.with_suffix(".docx"), prefix)
        product = produce(prepared.document, prepared.index, replace(edition, web=False),
                          options.strict, prepared.dated, prepared.first[number], worker)
        if edition.web:
            return _web_edition(prepared, product, out, options)
        diagnostics = diagnostics + product.diagnostics
        errors = sum(d.level == "error" for d in diagnostics)
        if options.check:
            print(f"preflight of {prefix}output/{out.name}.pdf ({edition.variant}, "
                  f"{product.pages} pages): notes on their pages, headings, table rows, "
                  "line widths, page references, fonts, glyphs, links, page budget: "
                  f"{errors} error(s), {len(diagnostics) - errors} warning(s)")
        if errors and not edition.draft:
            raise BuildError(diagnostics)
        files = {out.with_suffix(".html"): product.html.encode("utf-8"),
                 out.with_suffix(".pdf"): product.pdf}
        if options.booklet:
            from brief.pdf.booklet import booklet
            stage("imposing the booklet")
            files[out.with_name(f"{out.name}-booklet.pdf")] = booklet(
                product.pdf, prepared.document.project.meta.title)
        stage(f"writing output/{out.name}.pdf")
        written = tuple(files)
        write_together(files)
    except WriteError as failure:
        print(f"build failed: {failure}; "
              f"{'; '.join(kept(o, prefix, f) for o, f in outs)}", file=sys.stderr)
        return Result(1)
    except BuildError as failure:
        return Result(failed(failure.diagnostics, outs, prefix))
    for diagnostic in sorted(diagnostics):
        print(f"{prefix}{diagnostic}", file=sys.stderr)
    where = f"{prefix}output/{out.name}"
    print(f"wrote {where}.pdf ({product.pages} pages) and {where}.html"
          + (f", and {where}-booklet.pdf ({-(-product.pages // 4)} sheets)"
             if options.booklet else "") + (f", with {errors} error(s)" if errors else ""))
    result = Result(1 if errors else 0, written, prepared.document.project.files.record)
    return result if web is None or errors else _and_web(options, prepared, product, web,
                                                         result)


def _and_web(options: Options, prepared: Prepared, product: Product, web: Path,
             result: Result) -> Result:
    """The web edition from the PDF edition just written (``result``)."""
    from brief.run.outputs import WriteError
    try:
        made = _web_edition(prepared, product, web, options, said=True)
    except WriteError as failure:
        print(f"build failed: {failure}; {kept(web, options.prefix, True)}", file=sys.stderr)
        return replace(result, status=1)
    except BuildError as failure:
        return replace(result, status=failed(failure.diagnostics, [(web, True)],
                                             options.prefix))
    return replace(result, written=result.written + made.written)
