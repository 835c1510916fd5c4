"""``--watch``: build, then build again whenever a file of the brief changes, in this warm
process (the typesetter, fonts, compiled templates, parsed stylesheets, citations and
charts stay loaded), until Ctrl-C. A change that breaks the build leaves the last good PDF
in place, as every failed build does. Files are watched with watchfiles (the operating
system's notifications), not by polling.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from watchfiles import Change, watch

if TYPE_CHECKING:
    from brief.options import Options, Result


def _outside(root: Path, read: dict[str, str | None]) -> frozenset[Path]:
    """The files and folders outside the brief's folder that its last build read (a series'
    house file, its fonts and logo), and the house file brief.yaml names now (a build that
    failed may not have read it)."""
    from brief.read.inputs import Reader
    from brief.read.load import house_file
    named = house_file(Reader(root))
    return frozenset(path for path in (*(Path(k.partition(":")[2]) for k in read),
                                       *([named] if named else []))
                     if not path.is_relative_to(root))


def _relevant(root: Path, outside: frozenset[Path]) -> Callable[[Change, str], bool]:
    """Changes to the brief's own files (not its outputs, not an editor's temporary files)
    and to what the build read outside it."""
    output = root / "output"

    def keep(change: Change, path: str) -> bool:
        where = Path(path)
        if where.is_relative_to(root):
            return not (where.is_relative_to(output)
                        or where.name.endswith(("~", ".swp", ".swx", ".tmp")))
        return where in outside or where.parent in outside
    return keep


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def watch_brief(options: Options, build: Callable[[Options], Result],
                warm: Callable[[], object] = lambda: None) -> int:
    """Ctrl-C (SIGINT) or SIGTERM stops watching, even when started where SIGINT is ignored
    (a background job of a script). ``warm()`` is called once the watcher is in place, to
    load what a rebuild needs and the first build left to another process; 'watching' is
    said after it."""
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    root = options.root.resolve()
    where = options.prefix or "./"
    try:
        read = build(options).read
        ready = False
        while True:  # (watching anew when the build came to read elsewhere)
            outside = _outside(root, read)
            folders = sorted({p if p.is_dir() else p.parent for p in outside})
            for changes in watch(root, *folders, watch_filter=_relevant(root, outside),
                                 raise_interrupt=True, rust_timeout=200,
                                 yield_on_timeout=True):
                if not ready:  # the first yield: the watcher is in place (an edit made
                    warm()  # while it warms up is seen), and the next rebuild is a warm one
                    print(f"watching {where} for changes (Ctrl-C stops)", flush=True)
                    ready = True
                if not changes:
                    continue
                names = sorted({os.path.relpath(p, root) for _, p in changes})
                print(f"changed: {', '.join(names)}", flush=True)
                started = time.perf_counter()
                read = build(options).read or read
                print(f"rebuilt in {time.perf_counter() - started:.1f} s; watching {where} "
                      "again", flush=True)
                sys.stderr.flush()
                if _outside(root, read) != outside:
                    break
    except KeyboardInterrupt:
        print("stopped watching; the last good build is in output/", flush=True)
    return 0
