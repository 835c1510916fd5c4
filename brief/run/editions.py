"""Editions: which ones a command asks for, and typesetting, checking and writing each from
the brief read, parsed and resolved once; several in processes forked from that one, in
parallel on the cores, their messages in the order asked."""
from __future__ import annotations

import argparse
import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from pathlib import Path


def merged(first: dict, second: dict) -> dict:
    """Two records of what was read (``inputs.Reader.record``) as one: a file read
    differently in each is marked as changed."""
    from brief.read.inputs import CHANGED
    return {**first, **second, **{k: CHANGED for k in first.keys() & second.keys()
                                  if first[k] != second[k]}}


def processes(jobs: int) -> int:
    """How many processes to run ``jobs`` layouts in at once: all of them, up to twice the
    cores. Three layouts on two cores end together after about 1.5 layouts' time where two
    at a time take two (measured: 5-15 % quicker for three editions); the cap bounds the
    memory that many processes at once hold."""
    return max(1, min(jobs, 2 * (os.cpu_count() or 1)))


def kept(out: Path, prefix: str) -> str:
    """What a failed build did to the edition's PDF: nothing, whether or not there was one."""
    pdf = f"{prefix}output/{out.name}.pdf"
    return f"{pdf} was left unchanged" if out.with_suffix(".pdf").exists() else \
        f"no {pdf} was written"


EDITION_WORDS = {"screen": {}, "a4": {"paper": "a4"}, "letter": {"paper": "letter"},
                 "print": {"print_": True}, "draft": {"draft": True},
                 "archival": {"archival": True}}


def edition_options(args: argparse.Namespace, name: str) -> argparse.Namespace | None:
    """The options of one edition named in --editions ('print', 'letter-print', ...)."""
    words = name.split("-")
    if not name or any(w not in EDITION_WORDS for w in words):
        return None
    chosen = argparse.Namespace(**vars(args))
    for word in words:
        for key, value in EDITION_WORDS[word].items():
            setattr(chosen, key, value)
    return chosen


def in_parallel(jobs: list[tuple]) -> int:
    """Each edition in a process of its own, forked from this one (so the parsed and
    resolved document and the loaded typesetter are shared), all at once (``processes``);
    their messages in the order asked. The worst status."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    global _JOBS
    _JOBS = jobs
    from brief.lifetime import die_with_parent
    with ProcessPoolExecutor(max_workers=processes(len(jobs)),
                             mp_context=multiprocessing.get_context("fork"),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        results = list(pool.map(_edition_captured, range(len(jobs))))
    worst = 0
    args = jobs[0][0]
    for status, out, err, written, read in results:
        sys.stdout.write(out)
        sys.stderr.write(err)
        worst = max(worst, status)
        args.written = [*getattr(args, "written", []), *written]
        args.read = merged(getattr(args, "read", {}), read)
    return worst


_JOBS: list[tuple] = []


def _edition_captured(number: int) -> tuple[int, str, str, list[Path], dict]:
    from brief.timings import STAGES
    STAGES.progress = None  # the parent's line on the terminal is the parent's to draw
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(**vars(_JOBS[number][0]))
    args.written, args.read = [], {}
    with redirect_stdout(out), redirect_stderr(err):
        status = build_edition(args, *_JOBS[number][1:])
    return status, out.getvalue(), err.getvalue(), args.written, args.read


def build_edition(args: argparse.Namespace, document: object, index: object,
                  diagnostics: list, edition: object, dated: datetime,
                  first: object = None) -> int:
    """Typeset, check and write one edition of a parsed and resolved brief (``first``: its
    HTML, if rendered already)."""
    from brief.model import BuildError, Edition
    from brief.pdf.produce import produce
    from brief.run.outputs import WriteError, write_together
    from brief.timings import stage
    assert isinstance(edition, Edition)
    out = args.root.resolve() / "output" / edition.stem
    try:
        if any(d.level == "error" for d in diagnostics) and not edition.draft:
            raise BuildError(diagnostics)
        product = produce(document, index, edition, args.strict, dated,  # type: ignore
                          first)  # type: ignore
        diagnostics = diagnostics + product.diagnostics
        errors = sum(d.level == "error" for d in diagnostics)
        if args.check:
            print(f"preflight of {args.prefix}output/{out.name}.pdf ({edition.variant}, "
                  f"{product.pages} pages): "
                  "notes on their pages, headings, table rows, line widths, page references, "
                  f"fonts, glyphs, links, page budget: {errors} error(s), "
                  f"{len(diagnostics) - errors} warning(s)")
        if errors and not edition.draft:
            raise BuildError(diagnostics)
        stage(f"writing output/{out.name}.pdf")
        write_together({out.with_suffix(".html"): product.html.encode("utf-8"),
                        out.with_suffix(".pdf"): product.pdf})
        args.written = [*getattr(args, "written", []), out.with_suffix(".pdf"),
                        out.with_suffix(".html")]
        args.read = merged(getattr(args, "read", {}),
                           document.project.files.record)  # type: ignore[attr-defined]
    except WriteError as failure:
        print(f"build failed: {failure}; {kept(out, args.prefix)}", file=sys.stderr)
        return 1
    except BuildError as failure:
        for diagnostic in failure.diagnostics:
            print(f"{args.prefix}{diagnostic}", file=sys.stderr)
        errors = sum(d.level == "error" for d in failure.diagnostics)
        print(f"build failed with {errors} error(s); {kept(out, args.prefix)}",
              file=sys.stderr)
        return 1
    for diagnostic in sorted(diagnostics):
        print(f"{args.prefix}{diagnostic}", file=sys.stderr)
    where = f"{args.prefix}output/{out.name}"
    print(f"wrote {where}.pdf ({product.pages} pages) and {where}.html"
          + (f", with {errors} error(s)" if errors else ""))
    return 1 if errors else 0
