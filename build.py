#!/usr/bin/env python3
"""Build the brief: content/ → output/brief.pdf (and the HTML it was made from).

The conductor only: it reads the options and chains the stages of the ``brief`` package
(load → parse → resolve → render → typeset → check). A build with errors lists every
problem as ``path:line: error: message``, exits 1 and leaves the previous PDF untouched;
only the draft edition is written in spite of errors.
"""
from __future__ import annotations

import argparse
import calendar
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

TOOL_ROOT = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Typeset the brief in content/ into output/brief.pdf (and the HTML it "
                    "was made from, output/brief.html).",
        epilog="Text lives in content/NN-name.md, metadata and section order in "
               "content/brief.yaml, the appendix data in content/agreements.yaml, the "
               "bibliography in content/references.yaml, the layout in templates/ and "
               "styles/. The file name shows the edition: "
               "output/brief[-letter][-print][-draft].pdf. Exit status: 0 built, 1 errors "
               "in the inputs (no PDF written, except a draft), 2 bad options.")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="page size, laid out anew for each (default: a4)")
    parser.add_argument("--print", action="store_true", dest="print_",
                        help="print edition: 3 mm bleed, crop marks in a slug around it, "
                             "no coloured links")
    parser.add_argument("--draft", action="store_true",
                        help="draft edition: DRAFT watermark, build time, the editor's queries "
                             "in the margin; written even when there are errors")
    parser.add_argument("--archival", action="store_true",
                        help="archival edition: PDF/A-3a with the appendix data and the "
                             "bibliography attached as JSON (output/brief-archival.pdf)")
    parser.add_argument("--pdf-variant", metavar="VARIANT",
                        help="WeasyPrint's PDF variant: pdf/ua-1 (the default), pdf/ua-2, "
                             "pdf/a-3a (the default with --archival), pdf/a-1b ... pdf/a-4f")
    parser.add_argument("--check", action="store_true",
                        help="build and print the preflight report (every build runs the "
                             "checks; this also lists what was checked)")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (such as a reference never cited) as errors")
    parser.add_argument("--queries", action="store_true",
                        help="list the editor's queries ({>> ... <<} in the text, 'query' in "
                             "the data) with file:line, and build nothing")
    parser.add_argument("--root", type=Path, default=TOOL_ROOT, metavar="DIR",
                        help="project folder holding content/; products go to DIR/output "
                             "(default: the folder of build.py)")
    return parser.parse_args(argv)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` only once the new file is complete: a reader never sees half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",
                                     delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)


def source_date_epoch(year: int, month: int | None) -> str:
    """The edition's date as seconds since 1970, so that rebuilds are byte-identical."""
    moment = datetime(year, month or 1, 1, tzinfo=timezone.utc)
    return str(calendar.timegm(moment.timetuple()))


def stylesheets(edition) -> list[Path]:  # type: ignore[no-untyped-def]
    names = ["brief.css", "screen.css" if not edition.print else "print.css"]
    names += ["letter.css"] if edition.paper == "letter" else []
    names += ["draft.css"] if edition.draft else []
    return [TOOL_ROOT / "styles" / name for name in names]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.root.resolve()
    from brief.typeset import VARIANTS, typeset  # first: it confines fontconfig
    from brief.check import check_budget, check_fonts, check_layout, front_matter_pages, \
        slid_notes
    from brief.finish import finish
    from brief.load import find_in_inputs, load
    from brief.model import BuildError, Diagnostic, Edition, Loc
    from brief.parse import parse
    from brief.render import data_files, render
    from brief.resolve import resolve

    variant = args.pdf_variant or ("pdf/a-3a" if args.archival else "pdf/ua-1")
    if args.archival and not variant.startswith(("pdf/a-3", "pdf/a-4f")):
        print(f"build.py: error: --archival attaches files, which {variant} cannot carry; "
              "use pdf/a-3a, pdf/a-3b, pdf/a-3u or pdf/a-4f", file=sys.stderr)
        return 2
    if variant not in VARIANTS:
        print(f"build.py: error: unknown PDF variant '{variant}'; choose one of: "
              f"{', '.join(sorted(VARIANTS))}", file=sys.stderr)
        return 2
    edition = Edition(args.paper, args.print_, args.draft, args.archival, variant)
    out = root / "output" / edition.stem
    try:
        project = load(root)
        os.environ.setdefault("SOURCE_DATE_EPOCH",
                              source_date_epoch(project.meta.date.year, project.meta.date.month))
        document, diagnostics = parse(project)
        if args.queries:
            for query in document.queries:
                print(f"{query.loc}: query: {query.text}")
            return 0
        index, found = resolve(document, args.strict)
        diagnostics += found

        def stop_unless_draft() -> None:
            if any(d.level == "error" for d in diagnostics) and not edition.draft:
                raise BuildError(diagnostics)

        stop_unless_draft()
        built, breaks = datetime.now(timezone.utc), frozenset()
        dated = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), timezone.utc)
        attachments = data_files(document) if edition.archival else ()
        here = Loc(f"output/{out.name}.html")
        for _ in range(3):  # lay out again, moving paragraphs whose note left their page
            html = render(document, index, edition, built, breaks)
            laid_out, pdf, found = typeset(
                html, stylesheets(edition), root / "content", (root, TOOL_ROOT),
                lambda text: (text and find_in_inputs(root, text)) or here,
                edition.variant, attachments, dated)
            if not (slid := slid_notes(laid_out) - breaks):
                break
            breaks |= slid
        pdf = finish(pdf, project.meta, front_matter_pages(laid_out), edition.print)
        findings = found + check_layout(laid_out, here) + check_fonts(pdf, here) + \
            check_budget(laid_out, project.meta.page_budget, project.meta.lines.get(
                "page-budget", here))
        diagnostics += [Diagnostic(d.loc, "error" if args.strict else d.level,
                                   f"{out.name}.pdf: {d.message}") for d in findings]
        if args.check:
            print(f"preflight of output/{out.name}.pdf ({edition.variant}, "
                  f"{len(laid_out.pages)} pages): notes on their pages, headings, table "
                  "rows, line widths, page references, fonts, glyphs, links, page budget: "
                  f"{sum(d.level == 'error' for d in diagnostics)} error(s), "
                  f"{sum(d.level == 'warning' for d in diagnostics)} warning(s)")
        write_atomically(out.with_suffix(".html"), html.encode("utf-8"))
        stop_unless_draft()
    except BuildError as failure:
        for diagnostic in failure.diagnostics:
            print(diagnostic, file=sys.stderr)
        errors = sum(d.level == "error" for d in failure.diagnostics)
        print(f"build failed with {errors} error(s); output/{out.name}.pdf was left "
              "unchanged", file=sys.stderr)
        return 1
    for diagnostic in sorted(diagnostics):
        print(diagnostic, file=sys.stderr)
    write_atomically(out.with_suffix(".pdf"), pdf)
    errors = sum(d.level == "error" for d in diagnostics)
    print(f"wrote output/{out.name}.pdf ({len(laid_out.pages)} pages) and "
          f"output/{out.name}.html" + (f", with {errors} error(s)" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
