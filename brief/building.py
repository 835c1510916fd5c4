"""How one command's build runs the pipeline (``brief/pipeline.py``): skipped when nothing
changed (``run/uptodate.py``); on a cold build, the brief read in a second process while
this one loads the typesetter (the same process then finishes the PDF while this one checks
the layout); several editions laid out in processes of their own, in parallel.

Loading WeasyPrint takes a cold build about 1.2 s of one core, before any page is laid out;
the builder's own libraries and the reading, parsing and resolving of the brief take most
of another second. Done one after the other they made the builder's fixed cost a fifth of
a 17-page build.
"""
from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from traceback import format_exc
from typing import TYPE_CHECKING, Callable

from brief.diagnostics import TimeLimit
from brief.options import Options, Result
from brief.run import uptodate
from brief.run.streams import Tee
from brief.timings import STAGES, stage

if TYPE_CHECKING:  # (the rest loads only where a build runs: a skipped one is quick)
    from brief.handed import Prepared

Say = Callable[[str], None]  # prints an error of the options (exit status 2)


def run_once(options: Options, prog: str) -> Result:
    """One build, with its time limit and timings; an internal error or a stopped build
    is one message that starts with ``prog`` (Ctrl-C ends a watch instead of this build
    only)."""
    def say(message: str) -> None:
        print(f"{prog}: error: {message}", file=sys.stderr)
    from brief.lifetime import time_limit
    from brief.run.processes import Failed
    from brief.timings import STAGES, Progress
    STAGES.begin()
    try:
        with time_limit(options.time_limit) as deadline, Progress():
            return build_unless_unchanged(options, say, deadline)
    except TimeLimit as stopped:
        from brief.diagnostics import template_line, working_on
        place = stopped.place or template_line(stopped)
        where = f"{options.prefix}{place}: error: the build took longer than " \
            f"{options.time_limit} s here" if place else f"{prog}: error: the build took " \
            f"longer than {options.time_limit} s (while {working_on.get()})"
        print(f"{where} and was stopped; the previous outputs were left unchanged. Is an "
              "input unusually large? (--time-limit sets the limit)", file=sys.stderr)
    except KeyboardInterrupt:
        if options.watch:
            raise
        print(f"{prog}: interrupted; the previous outputs were left unchanged",
              file=sys.stderr)
        return Result(130)
    except Exception as failure:  # a bug of ours: one line, never a traceback by default
        from brief.diagnostics import working_on
        kind, trace = (failure.failure.kind, failure.failure.traceback) \
            if isinstance(failure, Failed) else (type(failure).__name__, format_exc())
        if options.debug:
            sys.stderr.write(trace)
        print(f"{prog}: internal error while {working_on.get()}: {kind}: "
              f"{str(failure)[:200]}; this is a bug in the builder, not in your brief: please "
              "report it with that input (run with --debug for the details); the previous "
              "outputs were left unchanged", file=sys.stderr)
    finally:
        if options.timings:
            print(STAGES.report(), file=sys.stderr)
    return Result(1)


def build_unless_unchanged(options: Options, say: Say, deadline: float | None = None
                           ) -> Result:
    """Build, unless nothing changed since the last successful build with these options:
    then say so, with the warnings that build gave."""
    if options.queries:
        return build(options, say, deadline)
    root, shaping = options.root.resolve(), options.shaping()
    digest = uptodate.builder(shaping)
    if not options.force and (record := uptodate.unchanged(root, shaping, digest)):
        sys.stderr.write(record["warned"])
        sys.stdout.write(_up_to_date(record["said"]))
        return Result(0, read=record["read"])
    out, err = Tee(sys.stdout), Tee(sys.stderr)
    with redirect_stdout(out), redirect_stderr(err):
        result = build(options, say, deadline)
    if result.status == 0 and result.written:
        uptodate.remember(root, shaping, digest, result.read, list(result.written),
                          out.kept.getvalue(), err.kept.getvalue())
    return result


def _up_to_date(said: str) -> str:
    """What the last build said, its result line turned into 'nothing changed'."""
    lines = said.splitlines(keepends=True)
    return "".join(f"nothing changed since the last build: {line[len('wrote '):].rstrip()} "
                   "are up to date\n" if line.startswith("wrote ") else line
                   for line in lines)


def build(options: Options, say: Say, deadline: float | None = None) -> Result:
    """The editions asked for, from one reading of the brief."""
    from brief.pipeline import LAST_SECOND, build_edition, prepare
    from brief.run import processes
    chosen = options.chosen()
    if None in chosen:
        say(f"--editions takes names such as screen, print, letter, letter-print, draft, "
            f"archival, separated by commas; not '{options.editions}'")
        return Result(2)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.isdigit() and int(epoch) <= LAST_SECOND):
        say(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, up to {LAST_SECOND} (the "
            f"last of the year 9999), not '{epoch[:40]}'; unset it to date the PDF by the "
            "brief's date")
        return Result(2)
    if options.queries:  # lists what the text asks the editor; nothing is typeset
        return Result(prepare(options, chosen, epoch))  # type: ignore[arg-type]
    stage("loading the typesetter")
    worker = processes.Worker(deadline) if processes.worth_it() else None
    try:
        if worker:
            since = STAGES.label
            reading = worker.submit(for_the_builder, options, chosen, epoch)
            if len(chosen) == 1:  # then it finishes the PDF: its libraries load meanwhile
                worker.submit(_load_finishing)  # (else each edition's process does)
        from brief.pdf.typeset import VARIANTS  # first: importing it confines fontconfig  # isort: skip
        if problems := [p for o in chosen if (p := _variant_problem(o, VARIANTS))]:
            say(problems[0])
            return Result(2)
        if worker:
            stage("loading what the read brief is made of")
            _load_record()
            stage("waiting for the brief to be read")
        prepared = reading.result().replay(since) if worker else \
            prepare(options, chosen, epoch)  # type: ignore[arg-type]
        if isinstance(prepared, int):
            return Result(prepared)
        if len(chosen) == 1:
            return build_edition(options, prepared, 0, worker)
        if worker:
            worker.shutdown()  # (before the editions' processes fork)
            worker = None
        return in_parallel(chosen, prepared, deadline)  # type: ignore[arg-type]
    finally:
        if worker:
            worker.shutdown()


def _variant_problem(options: Options, known: tuple[str, ...]) -> str | None:
    """Why the PDF variant asked for cannot be, if it cannot."""
    variant = options.variant
    if variant not in known:
        return f"unknown PDF variant '{variant}'; choose one of: {', '.join(sorted(known))}"
    if options.archival and not variant.startswith(("pdf/a-3", "pdf/a-4f")):
        return f"--archival attaches files, which {variant} cannot carry; use pdf/a-3a, " \
            "pdf/a-3b, pdf/a-3u or pdf/a-4f"
    return None


def _load_record() -> None:
    """The modules the read brief's records are made of (its tokens, its language), loaded
    while it is read: unpickling it would load them after (measured: 40 ms of a warm build
    of tests/fixtures/data, 1.7 s)."""
    import markdown_it.token  # noqa: F401

    import brief.read.language  # noqa: F401


def _load_finishing() -> None:
    import brief.pdf.finish  # noqa: F401


def for_the_builder(options: Options, chosen: list[Options], epoch: str | None
                    ) -> Prepared | int:
    """``prepare``, made quick to take for the building process (by the process that reads
    the brief, while the building one loads the typesetter): each edition's HTML parsed as
    the typesetter parses it (measured: 35 ms off a cold build of the real brief, 2.14 s;
    sending the document apart, to be unpickled only if used, saved 11 ms, within the
    machine's noise, and was dropped)."""
    from brief.html.render import parsed
    from brief.pipeline import prepare
    prepared = prepare(options, chosen, epoch)
    if isinstance(prepared, int):
        return prepared
    return replace(prepared, first=[rendering and parsed(rendering)
                                    for rendering in prepared.first])


def in_parallel(chosen: list[Options], prepared: Prepared, deadline: float | None
                ) -> Result:
    """Each edition in a process of its own, forked from this one (the typesetter loaded
    already), given its part of the prepared brief; their messages in the order asked. A
    web edition or a grayscale proof whose PDF edition is asked for too is made from that
    edition's layout, in its process. The brief's own warnings (of its reading, not of an
    edition's layout) are said once, with the first edition; its errors are counted by
    each edition, and said by the first."""
    from brief.run import processes
    editions = prepared.editions
    bases = {n: _base(editions, n) for n in range(len(editions))}  # derived → its base
    bases_asked = [n for n in range(len(chosen)) if bases[n] is None]
    errors = [d for d in prepared.diagnostics if d.level == "error"]
    jobs = [(_one_edition, (chosen[n], replace(
        prepared, editions=[editions[n]] + [editions[d] for d in bases if bases[d] == n],
        first=[prepared.first[n]], **({} if n == bases_asked[0] else {
            "diagnostics": errors, "said": tuple(errors)})),
        tuple(range(1, 1 + sum(b == n for b in bases.values())))))
        for n in bases_asked]
    return together(processes.in_order(jobs, deadline))


def together(results: list[Result]) -> Result:
    """Several editions' results as one: the worst status, every file written, and what
    was read (a file read differently by two editions is marked as changed)."""
    from brief.read.inputs import CHANGED
    read: dict[str, str | None] = {}
    for result in results:
        read.update({k: CHANGED if k in read and read[k] != v else v
                     for k, v in result.read.items()})
    return Result(max(r.status for r in results),
                  tuple(f for r in results for f in r.written), read)


def _base(editions: list, number: int) -> int | None:
    """The edition asked for that the ``number``-th is made from, if any: a web edition
    or a grayscale proof from the same edition in colour, on the same paper."""
    edition = editions[number]
    if edition.draft or not (edition.web or edition.grayscale):
        return None
    plain = replace(edition, web=False, grayscale=False)
    return next((n for n, e in enumerate(editions) if e == plain), None)


def _one_edition(options: Options, prepared: Prepared, derived: tuple[int, ...]) -> Result:
    from brief.pipeline import build_edition
    return build_edition(options, prepared, 0, derived=derived)


def warm_for_rebuilds(options: Options) -> None:
    """While a watch waits for the first edit: read the brief once, unseen, so that this
    process has what a cold build left to the process that read it: the reading libraries,
    the citation style, the compiled templates and schemas, pikepdf. The first rebuild
    after an edit took 0.3-0.4 s longer than the next ones."""
    import brief.pdf.finish  # noqa: F401
    from brief.pipeline import prepare
    chosen = options.chosen()
    if None in chosen:
        return
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        try:
            prepare(options, chosen, os.environ.get("SOURCE_DATE_EPOCH"))  # type: ignore
        except Exception:  # noqa: BLE001  (a brief that fails: its rebuild will say why)
            pass
