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
    from brief.check import check_layout, slid_notes
    from brief.finish import add_print_marks
    from brief.load import find_in_inputs, load
    from brief.model import BuildError, Edition, Loc
    from brief.parse import parse
    from brief.render import render
    from brief.resolve import resolve
    from brief.typeset import typeset

    edition = Edition(args.paper, args.print_, args.draft)
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
        for _ in range(3):  # lay out again, moving paragraphs whose note left their page
            html = render(document, index, edition, built, breaks)
            laid_out, pdf, found = typeset(
                html, stylesheets(edition), root / "content", (root, TOOL_ROOT),
                lambda text: (text and find_in_inputs(root, text)) or Loc(f"output/{out.name}.html"))
            if not (slid := slid_notes(laid_out) - breaks):
                break
            breaks |= slid
        diagnostics += found + check_layout(laid_out, Loc(f"output/{out.name}.html"))
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
    write_atomically(out.with_suffix(".pdf"), add_print_marks(pdf) if edition.print else pdf)
    errors = sum(d.level == "error" for d in diagnostics)
    print(f"wrote output/{out.name}.pdf ({len(laid_out.pages)} pages) and "
          f"output/{out.name}.html" + (f", with {errors} error(s)" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
