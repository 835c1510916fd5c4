"""Build editions of one brief in this fresh process; write each one's result as JSON.

    python tests/build_editions.py ROOT REPORT [--fonttools] STEM ...

Each edition is built strict with the preflight report (``--check``); a failure of one
edition, even a crash, is recorded and the next one is built. ``--fonttools`` forces
WeasyPrint's other font subsetter, as on a machine without libharfbuzz-subset. Otherwise
the first edition is built as a command builds it, reading the brief in a second process
while this one loads the typesetter (``brief/building.py``); the next ones in this warm
process.
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import EDITIONS, REBUILT  # noqa: E402

import build  # noqa: E402


def main(argv: list[str]) -> int:
    root, report, *stems = argv
    if "--fonttools" in stems:
        stems.remove("--fonttools")
        import weasyprint.pdf.fonts

        import brief.pdf.typeset  # noqa: F401  (confines fontconfig before WeasyPrint loads)
        weasyprint.pdf.fonts.harfbuzz_subset = None
    results = {}
    for stem in stems:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = build.main(["--root", root, "--strict", "--check",
                                     *{**EDITIONS, **REBUILT}[stem]])
            except BaseException:  # noqa: B036  (a crash is a result to report)
                status = -1
                traceback.print_exc()
        results[stem] = {"status": status, "out": out.getvalue(), "err": err.getvalue()}
    Path(report).write_text(json.dumps(results, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
