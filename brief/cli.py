#!/usr/bin/env python3
"""Build the brief: content/ → output/brief.pdf (and the HTML it was made from).

The command line only: its options (a frozen ``Options`` record for the stages) and what
to do with them: start a brief (``new``), watch one, build several at once, or build one
(``building.py`` runs the pipeline of ``pipeline.py`` within the time limit, with one line
for a stopped build or a bug of ours). A build with errors lists every problem as
``path:line: error: message``, exits 1 and leaves the previous PDF untouched; only the
draft edition is written in spite of errors.
"""
from __future__ import annotations

import argparse
import atexit
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from brief.home import IN_CHECKOUT, TOOL_ROOT
from brief.options import Options

if TYPE_CHECKING:
    from brief.options import Result


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
    _edition_arguments(parser)
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
                             "the current folder). 'new DIR' starts a brief; 'import', 'site' "
                             "and 'book' have their own --help")
    parser.add_argument("--root", type=Path, default=TOOL_ROOT if IN_CHECKOUT else Path("."),
                        metavar="DIR",
                        help=argparse.SUPPRESS)  # the one folder, named without a prefix
    parser.add_argument("--in-book", metavar="FIRST,TOTAL[,title-page]",
                        help=argparse.SUPPRESS)  # (brief/book/: a brief's pages in a book)
    parser.add_argument("--time-limit", type=int, default=600, metavar="SECONDS",
                        help="stop a build that runs longer than this (default: 600)")
    parser.add_argument("--editions", metavar="NAMES",
                        help="several editions from one reading of the brief, laid out in "
                             "parallel: names separated by commas, each 'screen', 'print', "
                             "'letter', 'draft', 'archival', 'web' (a folder: the brief "
                             "as a web page) or a combination such as 'letter-print'")
    parser.add_argument("--watch", action="store_true",
                        help="build, then build again on every change to the brief's files, "
                             "in this process, until Ctrl-C")
    parser.add_argument("--force", action="store_true",
                        help="build even if nothing changed since the last build")
    parser.add_argument("--timings", action="store_true",
                        help="after the build, print the seconds spent in each stage")
    parser.add_argument("--debug", action="store_true",
                        help="on an internal error, print Python's traceback too")
    return parser.parse_intermixed_args(argv)  # (folders before and after options)


def _edition_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that choose the edition: paper, print, draft, archival, variant,
    booklet."""
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
    parser.add_argument("--grayscale", action="store_true",
                        help="grayscale proof (output/brief-grayscale.pdf): the pages as a "
                             "black-and-white printer prints them, with a warning where "
                             "chart categories or text and ground differ too little in "
                             "lightness")
    parser.add_argument("--booklet", action="store_true",
                        help="also write each PDF edition as a booklet for an office "
                             "printer (output/brief-booklet.pdf): two pages to a sheet "
                             "twice as wide (A4 pages on A3, Letter on Tabloid), in "
                             "saddle-stitch order; print both sides, flip on the short "
                             "edge, fold and staple")


def command() -> NoReturn:
    """``python build.py`` and ``brief-builder``: ``main()``, then an exit that skips tearing
    the interpreter down. Freeing a laid-out brief's objects one by one (boxes, fonts, the
    typesetter's caches) takes 0.3-0.5 s for 17 pages, after the outputs are written; the
    exit handlers still run and what was printed is flushed first. Where ``main()`` raises
    (Ctrl-C in a watch), the interpreter exits as usual.

    What cannot be printed (the reader of the output went away, as ``| head -1`` does) is
    dropped, and the build goes on; then the command exits 120, as Python's own exit does."""
    from brief.run.streams import Unbroken
    sys.stdout, sys.stderr = Unbroken(sys.stdout), Unbroken(sys.stderr)
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from brief.cache import run_folder
    run_folder()  # made here, before any process forks, so that this process removes it
    if argv[:1] in (["new"], ["import"], ["site"], ["book"]):
        from brief.commands import other_command
        return other_command(argv, invoked_as(), build_each)
    args = parse_args(argv)
    if args.watch and len(args.dirs) > 1:
        _say("--watch watches one brief; run one command per brief")
        return 2
    if len(args.dirs) > 1:
        return build_many(args.dirs, [a for a in argv if Path(a) not in args.dirs])
    if args.dirs:
        args.root, args.prefix = args.dirs[0], f"{str(args.dirs[0]).rstrip('/')}/"
    options = Options.of(args)
    if options.watch:
        from brief.building import warm_for_rebuilds
        from brief.run.watch import watch_brief
        return watch_brief(options, run_once, lambda: warm_for_rebuilds(options))
    return run_once(options).status


def _say(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def run_once(options: Options) -> Result:
    """One build (``building.run_once``), its messages starting with this command's name."""
    from brief.building import run_once
    return run_once(options, PROG)


def build_many(folders: list[Path], options: list[str]) -> int:
    """Build each folder in a process of its own, all at once up to twice the cores
    (forked once the typesetter is loaded, so that none loads it again); print each one's
    messages, in the order given. 1 if any failed."""
    return build_each([(folder, options) for folder in folders])


def build_each(builds: list[tuple[Path, list[str]]]) -> int:
    """``build_many`` with each folder's own options."""
    import brief.pdf.typeset  # noqa: F401  (loaded once, before the processes fork)
    from brief.run.processes import in_order
    return max(in_order([(main, ([*options, str(folder)],)) for folder, options in builds]))


if __name__ == "__main__":
    sys.exit(main())
