"""How each kind of edition is written, once ``pipeline.produce`` has made its PDF (or,
for Word, from the rendered HTML): the PDF with its HTML and its booklet, the Word
edition, the web edition's folder, the grayscale proof; an edition made from another's
layout (``derived``); and what a failed build says it kept."""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from brief.diagnostics import BuildError, Diagnostic, Loc
from brief.handed import Edition, Prepared, Product
from brief.model import Document
from brief.options import Options, Result
from brief.timings import stage


def named(out: Path, suffix: str) -> Path:
    """The edition's file: ``out`` (output/STEM) and ``suffix`` (not ``with_suffix``: a
    brief's name may hold a dot, ``report.v2``)."""
    return out.parent / f"{out.name}{suffix}"


def kept(out: Path, prefix: str, suffix: str) -> str:
    """What a failed build did to the edition's file (``out`` with its ``suffix``; the web
    edition's folder: no suffix): nothing, whether or not there was one."""
    made = named(out, suffix)
    shown = f"{prefix}output/{made.name}" + ("" if suffix else "/")
    return f"{shown} was left unchanged" if made.exists() else f"no {shown} was written"


def say(diagnostics: list[Diagnostic], prefix: str, said: tuple[Diagnostic, ...] = ()
        ) -> None:
    """Print each of ``diagnostics`` but those another edition ``said``."""
    for diagnostic in diagnostics:
        if diagnostic not in said:
            print(f"{prefix}{diagnostic}", file=sys.stderr)


def failed(diagnostics: list[Diagnostic], outs: list[tuple[Path, str]], prefix: str,
           said: tuple[Diagnostic, ...] = ()) -> int:
    """Say every problem (but those another edition ``said``) and that the outputs were
    kept: the exit status."""
    say(diagnostics, prefix, said)
    errors = sum(d.level == "error" for d in diagnostics)
    print(f"build failed with {errors} error(s); "
          f"{'; '.join(kept(out, prefix, suffix) for out, suffix in outs)}", file=sys.stderr)
    return 1


def word_edition(prepared: Prepared, number: int, out: Path, prefix: str) -> Result:
    """The Word edition for reviewers, from the rendered HTML (no layout, no PDF)."""
    from brief.html.charts import ChartError, Charts
    from brief.run.outputs import write_together
    from brief.word.edition import look, word_edition
    project = prepared.document.project
    meta, rendering = project.meta, prepared.first[number]
    assert rendering is not None  # (rendered: the brief has no error)
    house, problems = look(project)
    if problems:  # (the brief's own stylesheet cannot be read: said as a PDF edition says it)
        raise BuildError(sorted([*prepared.diagnostics, *(
            replace(d, message=f"{out.name}: {d.message}") for d in problems)]))
    stage(f"writing output/{out.name}")
    charts, unmade = Charts(project.files, meta.house), []

    def png(svg: str) -> bytes | None:
        try:
            return charts.png(svg)
        except ChartError as failure:
            unmade.append(Diagnostic(Loc(f"output/{out.name}"), "warning", f"a picture "
                                     f"shows only where SVG does (Word 2016 on): {failure}",
                                     code="chart-failed"))
            return None
    try:
        data = word_edition(rendering.html, project.root / "content", {
            "title": meta.title, "subtitle": meta.subtitle, "author": list(meta.authors),
            "date": project.language.date(meta.date), "lang": meta.language},
            {**house, "paper": prepared.editions[number].paper},
            int(prepared.dated.timestamp()), tuple(q.text for q in meta.queries),
            project.language["query"], png)
    finally:
        charts.close()
    write_together({out: data})
    say(sorted(prepared.diagnostics + unmade), prefix, prepared.said)
    print(f"wrote {prefix}output/{out.name}")
    return Result(0, (out,), project.files.record)


def web_edition(prepared: Prepared, product: Product, folder: Path, options: Options
                ) -> Result:
    """The web edition from the screen edition's HTML and PDF (``brief/web/``)."""
    from brief.run.outputs import write_folder
    from brief.web.edition import web_files
    stage(f"writing output/{folder.name}/")
    files, found = web_files(prepared.document, prepared.index, product.html, product.pdf,
                             prepared.editions[0].name)
    diagnostics = prepared.diagnostics + product.diagnostics + [
        replace(d, level="error") if options.strict else d for d in found]
    if any(d.level == "error" for d in diagnostics):
        raise BuildError(diagnostics)
    write_folder(folder, files)
    say(sorted(diagnostics), options.prefix, prepared.said)
    print(f"wrote {options.prefix}output/{folder.name}/ ({len(files)} files; "
          f"{product.pages}-page PDF)")
    return Result(0, tuple(folder / name for name in files),
                  prepared.document.project.files.record)


def pdf_edition(options: Options, prepared: Prepared, edition: Edition, out: Path,
                product: Product, folded: Product | None = None) -> Result:
    """The edition's PDF and HTML (and its booklet, with ``--booklet``: the pages of
    ``folded``, in grays for the grayscale proof, else its own), written together, once its
    checks and the booklet's pass (a draft is written with its errors)."""
    from brief.run.outputs import write_together
    prefix = options.prefix
    folded = folded or product
    diagnostics = prepared.diagnostics + product.diagnostics + (
        folded.diagnostics if folded is not product else [])
    errors = sum(d.level == "error" for d in diagnostics)
    if options.check:
        print(f"preflight of {prefix}output/{out.name}.pdf ({edition.variant}, "
              f"{product.pages} pages): notes on their pages, headings, table rows, "
              "line widths, page references, fonts, glyphs, links, page budget: "
              f"{errors} error(s), {len(diagnostics) - errors} warning(s)")
    if errors and not edition.draft:
        raise BuildError(diagnostics)
    files = {named(out, ".html"): product.html.encode("utf-8"),
             named(out, ".pdf"): product.pdf}
    if options.booklet:
        from brief.pdf.booklet import booklet
        from brief.pdf.grayscale import grayscale
        stage("imposing the booklet")
        pages = folded.pdf if folded is product or not edition.grayscale else \
            grayscale(folded.pdf)[0]
        files[out.with_name(f"{out.name}-booklet.pdf")] = booklet(
            pages, prepared.document.project.meta.title)
    stage(f"writing output/{out.name}.pdf")
    write_together(files)
    say(sorted(diagnostics), prefix, prepared.said)
    where = f"{prefix}output/{out.name}"
    print(f"wrote {where}.pdf ({product.pages} pages) and {where}.html"
          + (f", and {where}-booklet.pdf ({-(-folded.pages // 4)} sheets)"
             if options.booklet else "") + (f", with {errors} error(s)" if errors else ""))
    return Result(1 if errors else 0, tuple(files), prepared.document.project.files.record)


def in_grays(product: Product, document: Document, out: Path, strict: bool) -> Product:
    """The grayscale proof of ``product``, with what a black-and-white printer loses
    (``html/lightness.py``) and what could not be made gray, as warnings."""
    from brief.html.lightness import lightness_findings
    from brief.pdf.grayscale import grayscale
    stage("making the grayscale proof")
    pdf, left = grayscale(product.pdf)
    said = [replace(d, level="error") if strict else d for d in lightness_findings(document)]
    said += [Diagnostic(Loc(f"output/{out.name}.pdf"), "error" if strict else "warning",
                        f"{what} stays in colour in the grayscale proof: the proof cannot "
                        "show how it prints in black and white", code="not-gray")
             for what in left]
    return replace(product, pdf=pdf, diagnostics=product.diagnostics + said)


def derived(options: Options, prepared: Prepared, product: Product, number: int,
            result: Result, folded: Product | None = None) -> Result:
    """The ``number``-th edition (the web edition or the grayscale proof) made from the
    layout of the PDF edition just written (``product``, ``result``; ``folded``: the pages
    of its booklet, if not its own)."""
    from brief.run.outputs import WriteError
    edition = prepared.editions[number]
    out = options.root.resolve() / "output" / edition.stem
    # (what the brief and the layout gave was said with the edition it comes from)
    quiet, product = replace(prepared, diagnostics=[]), replace(product, diagnostics=[])
    try:
        if edition.web:
            made = web_edition(quiet, product, out, options)
        else:
            made = pdf_edition(options, quiet, edition, out, in_grays(
                product, prepared.document, out, options.strict),
                folded and replace(folded, diagnostics=[]))
    except WriteError as failure:
        print(f"build failed: {failure}; {kept(out, options.prefix, edition.suffix)}",
              file=sys.stderr)
        return replace(result, status=1)
    except BuildError as failure:
        return replace(result, status=failed(failure.diagnostics, [(out, edition.suffix)],
                                             options.prefix))
    return replace(result, status=max(result.status, made.status),
                   written=result.written + made.written)


