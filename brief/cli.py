#!/usr/bin/env python3
"""Build the brief: content/ → output/brief.pdf (and the HTML it was made from).

The conductor only: it reads the options and chains the stages of the ``brief`` package
(load → parse → resolve → render → typeset → check). A build with errors lists every
problem as ``path:line: error: message``, exits 1 and leaves the previous PDF untouched;
only the draft edition is written in spite of errors.
"""
from __future__ import annotations

import argparse
import atexit
import calendar
import io
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, NoReturn, TextIO

from brief.home import IN_CHECKOUT, TOOL_ROOT
from brief.model import TimeLimit


def invoked_as() -> str:
    """How the author ran us, to repeat in advice: 'python build.py' or the console command."""
    name = Path(sys.argv[0]).name
    return name if name == "brief-builder" else "python build.py"


PROG = invoked_as().split()[-1]  # the name messages start with


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Typeset the brief in content/ into output/brief.pdf (and the HTML it "
                    "was made from, output/brief.html).",
        epilog="Text lives in content/NN-name.md, metadata and section order in "
               "content/brief.yaml (with the datasets it declares for tables and charts), the "
               "bibliography in content/references.yaml, the layout in templates/ and "
               "styles/. The file name shows the edition: "
               "output/brief[-letter][-print][-draft].pdf. Exit status: 0 built, 1 errors "
               "in the inputs (no PDF written, except a draft), 2 bad options.")
    parser.add_argument("--paper", choices=("a4", "letter"),
                        help="page size, laid out anew for each (default: the brief's "
                             "house paper, else a4)")
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
    parser.add_argument("dirs", nargs="*", type=Path, metavar="DIR",
                        help="brief folders (each holding content/) to build, several at "
                             "once on the machine's cores; products go to DIR/output "
                             "(default: the brief next to build.py; for an installed command, "
                             "the current folder). 'new DIR' starts a brief")
    parser.add_argument("--root", type=Path, default=TOOL_ROOT if IN_CHECKOUT else Path("."),
                        metavar="DIR",
                        help=argparse.SUPPRESS)  # the one folder, named without a prefix
    parser.add_argument("--time-limit", type=int, default=600, metavar="SECONDS",
                        help="stop a build that runs longer than this (default: 600)")
    parser.add_argument("--editions", metavar="NAMES",
                        help="several editions from one reading of the brief, laid out in "
                             "parallel: names separated by commas, each 'screen', 'print', "
                             "'letter', 'draft', 'archival' or a combination such as "
                             "'letter-print'")
    parser.add_argument("--watch", action="store_true",
                        help="build, then build again on every change to the brief's files, "
                             "in this process, until Ctrl-C")
    parser.add_argument("--force", action="store_true",
                        help="build even if nothing changed since the last build")
    parser.add_argument("--timings", action="store_true",
                        help="after the build, print the seconds spent in each stage")
    parser.add_argument("--debug", action="store_true",
                        help="on an internal error, print Python's traceback too")
    return parser.parse_args(argv)


LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC, the last moment a PDF date can hold


def edition_date(year: int, month: int | None, given: str | None) -> datetime:
    """The moment a reproducible PDF records: the caller's ``SOURCE_DATE_EPOCH`` if set,
    else the brief's own date. Never the clock, so that rebuilds are byte-identical."""
    if given is not None:
        return datetime.fromtimestamp(int(given), timezone.utc)
    return datetime.fromtimestamp(calendar.timegm((year, month or 1, 1, 0, 0, 0)),
                                  timezone.utc)


def asked_variant(args: argparse.Namespace) -> str:
    """The PDF variant asked for (checked by ``check_variant``)."""
    return args.pdf_variant or ("pdf/a-3a" if args.archival else "pdf/ua-1")


def check_variant(args: argparse.Namespace, known: tuple[str, ...]) -> str | None:
    """The PDF variant asked for, or None after saying why it cannot be."""
    variant = asked_variant(args)
    if variant not in known:
        print(f"{PROG}: error: unknown PDF variant '{variant}'; choose one of: "
              f"{', '.join(sorted(known))}", file=sys.stderr)
        return None
    if args.archival and not variant.startswith(("pdf/a-3", "pdf/a-4f")):
        print(f"{PROG}: error: --archival attaches files, which {variant} cannot carry; "
              "use pdf/a-3a, pdf/a-3b, pdf/a-3u or pdf/a-4f", file=sys.stderr)
        return None
    return variant


@contextmanager
def time_limit(seconds: int) -> Iterator[float | None]:
    """Interrupt the build after ``seconds`` (from the main thread, where signals arrive);
    gives the deadline (``time.monotonic()``), if there is one."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield None
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield time.monotonic() + seconds
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def command() -> NoReturn:
    """``python build.py`` and ``brief-builder``: ``main()``, then an exit that skips tearing
    the interpreter down. Freeing a laid-out brief's objects one by one (boxes, fonts, the
    typesetter's caches) takes 0.3-0.5 s for 17 pages, after the outputs are written; the
    exit handlers still run and what was printed is flushed first. Where ``main()`` raises
    (Ctrl-C in a watch), the interpreter exits as usual.

    What cannot be printed (the reader of the output went away, as ``| head -1`` does) is
    dropped, and the build goes on; then the command exits 120, as Python's own exit does."""
    sys.stdout, sys.stderr = _Unbroken(sys.stdout), _Unbroken(sys.stderr)
    signal.signal(signal.SIGTERM, _terminated)  # as Ctrl-C: the clean-up runs
    from brief.cache import run_folder
    # What the programs this process runs leave in the temporary folder (the C compiler
    # that the typesetter's library loader runs, Pandoc, the chart engine) goes into this
    # process's run folder too, and goes with it, even when a kill stops them halfway.
    os.environ["TMPDIR"] = str(run_folder())
    status = main() or 0
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
        if stream.broken:
            status = status or 120
    os._exit(status)


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Unbroken(io.TextIOBase):
    """A stream that drops what it cannot write (and remembers it) instead of raising."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.broken = stream, False

    def write(self, text: str) -> int:
        self._try(self.stream.write, text)
        return len(text)

    def flush(self) -> None:
        self._try(self.stream.flush)

    def _try(self, action: Callable, *args: object) -> None:
        if not self.broken:
            try:
                action(*args)
            except (OSError, ValueError):  # (a closed pipe, or a closed file)
                self.broken = True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from brief.cache import run_folder
    run_folder()  # made here, before any process forks, so that this process removes it
    if argv[:1] == ["new"]:
        from brief.run.scaffold import new_brief
        return new_brief(argv[1:], invoked_as())
    args = parse_args(argv)
    if args.watch and len(args.dirs) > 1:
        print(f"{PROG}: error: --watch watches one brief; run one command per brief",
              file=sys.stderr)
        return 2
    if len(args.dirs) > 1:
        return build_many(args.dirs, [a for a in argv if Path(a) not in args.dirs])
    args.prefix = ""
    if args.dirs:
        args.root, args.prefix = args.dirs[0], f"{str(args.dirs[0]).rstrip('/')}/"
    if args.watch:
        from brief.run.watch import watch_brief
        return watch_brief(args, lambda again: run_once(again, argv),
                           lambda: warm_for_rebuilds(args))
    return run_once(args, argv)


def chosen_editions(args: argparse.Namespace) -> list[argparse.Namespace | None]:
    """The options of each edition asked for (None for a name that is not one)."""
    from brief.run.editions import edition_options
    return [edition_options(args, n) for n in args.editions.split(",")] \
        if args.editions else [args]


def warm_for_rebuilds(args: argparse.Namespace) -> None:
    """While a watch waits for the first edit: read the brief once, unseen, so that this
    process has what a cold build left to the process that read it (``alongside``): the
    reading libraries, the citation style, the compiled templates and schemas, pikepdf.
    The first rebuild after an edit took 0.3-0.4 s longer than the next ones."""
    import brief.pdf.finish  # noqa: F401
    chosen = chosen_editions(args)
    if None in chosen:
        return
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        try:
            prepare(args, args.root.resolve(), chosen, os.environ.get("SOURCE_DATE_EPOCH"))
        except Exception:  # noqa: BLE001  (a brief that fails: its rebuild will say why)
            pass


def run_once(args: argparse.Namespace, argv: list[str]) -> int:
    """One build, with its time limit, progress and timings; an internal error or a
    stopped build is one message (Ctrl-C ends a watch instead of this build only)."""
    from brief.timings import STAGES, Progress
    STAGES.begin()
    try:
        with time_limit(args.time_limit) as args.deadline, Progress():
            return build_unless_unchanged(args, argv)
    except TimeLimit as stopped:
        from brief.model import template_line, working_on
        place = stopped.place or template_line(stopped)
        where = f"{args.prefix}{place}: error: the build took longer than {args.time_limit} " \
            "s here" if place else f"{PROG}: error: the build took longer than " \
            f"{args.time_limit} s (while {working_on.get()})"
        print(f"{where} and was stopped; the previous outputs were left unchanged. Is an "
              "input unusually large? (--time-limit sets the limit)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if args.watch:
            raise
        print(f"{PROG}: interrupted; the previous outputs were left unchanged",
              file=sys.stderr)
        return 130
    except Exception as failure:  # a bug of ours: one line, never a traceback by default
        from brief.model import working_on
        if args.debug:
            traceback.print_exc()
        print(f"{PROG}: internal error while {working_on.get()}: "
              f"{type(failure).__name__}: {str(failure)[:200]}; this is a bug in the builder, "
              "not in your brief: please report it with that input (run with --debug for the "
              "details); the previous outputs were left unchanged", file=sys.stderr)
        return 1
    finally:
        if args.timings:
            print(STAGES.report(), file=sys.stderr)


def build_unless_unchanged(args: argparse.Namespace, argv: list[str]) -> int:
    """Build, unless nothing changed since the last successful build with these options
    (``brief/run/uptodate.py``): then say so, with the warnings that build gave."""
    from brief.run import uptodate
    if args.queries:
        return build(args)
    root = args.root.resolve()
    options = [f"{name}={getattr(args, name)!r}" for name in SHAPING]
    digest = uptodate.builder(options)
    if not args.force and (record := uptodate.unchanged(root, options, digest)):
        args.read = record["read"]
        sys.stderr.write(record["warned"])
        sys.stdout.write(_up_to_date(record["said"]))
        return 0
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    with redirect_stdout(out), redirect_stderr(err):
        status = build(args)
    if status == 0 and getattr(args, "written", None):
        uptodate.remember(root, options, digest, args.read, args.written,
                          out.kept.getvalue(), err.kept.getvalue())
    return status


# The options that shape what a build writes or prints (a skipped build must have had them).
SHAPING = ("paper", "print_", "draft", "archival", "pdf_variant", "check", "strict",
           "editions", "prefix")


def _up_to_date(said: str) -> str:
    """What the last build said, its result line turned into 'nothing changed'."""
    lines = said.splitlines(keepends=True)
    return "".join(f"nothing changed since the last build: {line[len('wrote '):].rstrip()} "
                   "are up to date\n" if line.startswith("wrote ") else line
                   for line in lines)


class _Tee:
    """Writes through to ``stream`` and keeps a copy."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.kept = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


def build_many(folders: list[Path], options: list[str]) -> int:
    """Build each folder in a process of its own, all at once up to twice the cores
    (``editions.processes``; forked once the typesetter is loaded, so that none loads it
    again); print each one's messages, in the order given. 1 if any failed."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import brief.pdf.typeset  # noqa: F401  (loaded once, before the processes fork)
    from brief.lifetime import die_with_parent
    from brief.run.editions import processes
    with ProcessPoolExecutor(max_workers=processes(len(folders)),
                             mp_context=multiprocessing.get_context("fork"),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        worst = 0
        for status, out, err in pool.map(_build_captured, folders, [options] * len(folders)):
            sys.stdout.write(out)
            sys.stderr.write(err)
            worst = max(worst, status)
    return worst


def _build_captured(folder: Path, options: list[str]) -> tuple[int, str, str]:
    """One brief of several, in its own process: its exit status and what it printed."""
    import io
    from contextlib import redirect_stderr, redirect_stdout
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main([*options, str(folder)])
    return status, out.getvalue(), err.getvalue()


def build(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    from brief.run.editions import build_edition, in_parallel
    from brief.timings import stage

    chosen = chosen_editions(args)
    if None in chosen:
        print(f"{PROG}: error: --editions takes names such as screen, print, letter, "
              f"letter-print, draft, archival, separated by commas; not '{args.editions}'",
              file=sys.stderr)
        return 2
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.isdigit() and int(epoch) <= LAST_SECOND):
        print(f"{PROG}: error: SOURCE_DATE_EPOCH must be whole seconds since 1970, up to "
              f"{LAST_SECOND} (the last of the year 9999), not '{epoch[:40]}'; unset it to "
              "date the PDF by the brief's date", file=sys.stderr)
        return 2
    if args.queries:  # lists what the text asks the editor; nothing is typeset
        return prepare(args, root, chosen, epoch)[1]  # type: ignore[return-value]
    stage("loading the typesetter")
    from brief.run import alongside
    ahead = None
    try:
        with alongside.interrupts_held():  # a Ctrl-C now is answered once `ahead` is set
            if alongside.worth_it():
                ahead = alongside.Alongside(lambda: for_the_builder(
                    prepare(args, root, chosen, epoch)), args.debug,
                    ("brief.pdf.finish",) if len(chosen) == 1 else (),  # (else each
                    getattr(args, "deadline", None))  # edition's own process finishes its
                # PDF: alongside.beside runs it there)
        from brief.pdf.typeset import VARIANTS  # first: importing it confines fontconfig  # isort: skip
        variants = [check_variant(options, VARIANTS) for options in chosen]
        if None in variants:
            return 2
        if ahead:
            stage("waiting for the brief to be read")
        editions, ready = ahead.result() if ahead else prepare(args, root, chosen, epoch)
        if isinstance(ready, int):
            return ready
        document, index, diagnostics, dated, first = ready
        jobs = [(args, document, index, diagnostics, edition, dated, html)
                for edition, html in zip(editions, first)]
        if len(jobs) == 1:
            return build_edition(*jobs[0])
        return in_parallel(jobs)
    finally:
        if ahead:  # (it finished the PDF for this process, or waits still)
            ahead.close()


def for_the_builder(prepared: tuple[list, tuple | int]) -> tuple[list, tuple | int]:
    """What ``prepare`` gave, made quick to take for the building process (by the process
    that reads the brief, while the building one loads the typesetter): each edition's HTML
    parsed as the typesetter parses it, and the document unpickled only if used beyond its
    project (``alongside.Later``)."""
    from brief.html.render import parsed
    from brief.run.alongside import Later
    editions, ready = prepared
    if isinstance(ready, int):
        return prepared
    document, *resolved, first = ready
    return editions, (Later(document, project=document.project), *resolved,
                      [rendering and parsed(rendering) for rendering in first])


def prepare(args: argparse.Namespace, root: Path, chosen: list[argparse.Namespace],
            epoch: str | None) -> tuple[list, tuple | int]:
    """Read, parse and resolve the brief and render each edition's HTML: the editions, and
    either (document, index, diagnostics, date, renderings) or the exit status after saying
    what failed."""
    from brief.html.charts import draw_charts
    from brief.html.render import rendered
    from brief.markdown.parse import parse
    from brief.model import BuildError, Edition
    from brief.read.inputs import Reader
    from brief.read.load import load, output_options
    from brief.resolve.index import resolve
    from brief.run.editions import kept
    from brief.run.outputs import WriteError, check_writable
    from brief.timings import stage

    files = Reader(root)
    name, paper = output_options(files)  # read first: a failed load still names the file
    editions = [Edition(o.paper or paper, o.print_, o.draft, o.archival, asked_variant(o), name)
                for o in chosen]
    outs = [root / "output" / e.stem for e in editions]
    try:
        if not args.queries:
            check_writable(root / "output")
        stage("reading the inputs")
        project = load(root, files)
        dated = edition_date(project.meta.date.year, project.meta.date.month, epoch)
        stage("parsing the sections")
        document, diagnostics = parse(project)
        if args.queries:
            for query in document.queries:
                print(f"{args.prefix}{query.loc}: query: {query.text}")
            return editions, 0
        stage("resolving references and formatting citations")
        index, found = resolve(document, args.strict)
        diagnostics += found
        if args.strict:  # warnings of every stage count as errors
            diagnostics = [replace(d, level="error") for d in diagnostics]
        if any(d.level == "error" for d in diagnostics) and not any(e.draft for e in editions):
            raise BuildError(diagnostics)
        charts, found = draw_charts(document)
        diagnostics += found
        if any(d.level == "error" for d in found) and not any(e.draft for e in editions):
            raise BuildError(diagnostics)
        errors = any(d.level == "error" for d in diagnostics)
        first = [rendered(document, index, e, charts) if e.draft or not errors else None
                 for e in editions]
    except WriteError as failure:
        print(f"build failed: {failure}; "
              f"{'; '.join(kept(out, args.prefix) for out in outs)}", file=sys.stderr)
        return editions, 1
    except BuildError as failure:
        for diagnostic in failure.diagnostics:
            print(f"{args.prefix}{diagnostic}", file=sys.stderr)
        errors = sum(d.level == "error" for d in failure.diagnostics)
        print(f"build failed with {errors} error(s); "
              f"{'; '.join(kept(out, args.prefix) for out in outs)}", file=sys.stderr)
        return editions, 1
    return editions, (document, index, diagnostics, dated, first)

if __name__ == "__main__":
    sys.exit(main())
