#!/usr/bin/env python3
"""Build the brief: content/ → output/brief.html and output/brief.pdf.

The conductor only: it reads the options and chains the stages of the ``brief`` package
(load → parse → resolve → render → typeset). A build with errors lists every problem as
``path:line: error: message``, exits 1 and leaves the previous output/brief.pdf untouched.
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
               "layout in templates/ and styles/. Exit status: 0 built, 1 errors in the "
               "inputs (nothing written), 2 bad options.")
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.root.resolve()
    from brief.check import check_notes
    from brief.load import find_in_inputs, load
    from brief.model import BuildError, Loc
    from brief.parse import parse
    from brief.render import render
    from brief.resolve import resolve
    from brief.typeset import typeset

    html = ""
    try:
        project = load(root)
        os.environ.setdefault("SOURCE_DATE_EPOCH",
                              source_date_epoch(project.meta.date.year, project.meta.date.month))
        document = parse(project)
        if args.queries:
            for query in document.queries:
                print(f"{query.loc}: query: {query.text}")
            return 0
        index, warnings = resolve(document, args.strict)
        html = render(document, index)
        laid_out, pdf, problems = typeset(
            html, [TOOL_ROOT / "styles/brief.css"], root / "content", (root, TOOL_ROOT),
            lambda text: (text and find_in_inputs(root, text)) or Loc("output/brief.html"))
        problems += check_notes(laid_out, Loc("output/brief.html"))
        if problems:
            raise BuildError(problems + warnings)
    except BuildError as failure:
        for diagnostic in failure.diagnostics:
            print(diagnostic, file=sys.stderr)
        if html:  # the layout failed: keep the HTML it was given, for inspection
            write_atomically(root / "output/brief.html", html.encode("utf-8"))
        errors = sum(d.level == "error" for d in failure.diagnostics)
        print(f"build failed with {errors} error(s); output/brief.pdf was left unchanged",
              file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning, file=sys.stderr)
    write_atomically(root / "output/brief.html", html.encode("utf-8"))
    write_atomically(root / "output/brief.pdf", pdf)
    print(f"wrote output/brief.pdf ({len(laid_out.pages)} pages) and output/brief.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
