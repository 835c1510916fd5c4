#!/usr/bin/env python3
"""Benchmark: importing a Word manuscript of some ten pages, measured in one run.

The manuscript is the real brief's Word edition (``--editions docx``: 17 printed pages,
27 notes, a table of 27 rows, a chart), made first in a copy of the project; it is then
imported RUNS times, each in a fresh process (``python build.py import ... --force``), and
the median is compared with the target of 3 s. Exits 1 if an import fails or the median is
over the target.

    python benchmarks/word.py [RUNS]
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3.0
RUNS = 5


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else RUNS
    with tempfile.TemporaryDirectory(prefix="brief-word-bench-") as work:
        project = Path(work) / "brief"
        shutil.copytree(ROOT / "content", project / "content")
        made = subprocess.run([sys.executable, str(ROOT / "build.py"), "--editions", "docx",
                               str(project)], capture_output=True, text=True)
        if made.returncode:
            print(made.stderr, file=sys.stderr)
            return 1
        manuscript = project / "output/brief.docx"
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, str(ROOT / "build.py"), "import",
                                   str(manuscript), str(Path(work) / "imported"), "--force"],
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
        median = statistics.median(times)
        print(f"import of the real brief's Word edition ({manuscript.stat().st_size // 1024} "
              f"kB): median {median:.2f} s of {runs} ({' '.join(f'{t:.2f}' for t in times)});"
              f" target {TARGET:.0f} s")
        print(done.stdout.strip())
    return 0 if median <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
