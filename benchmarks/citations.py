#!/usr/bin/env python3
"""Benchmark: cold citation processing as a share of a full build, measured in one run.

Citation processing is ``brief.resolve.cite.format_citations`` on a brief (the real one unless a
project folder is named): a fresh Pandoc process each time (no cache of any kind). A full
build is ``python build.py`` in a fresh process on a copy of its content/. Both are timed
alternately, five times each; the medians are compared. Exits 1 if citations take more
than 25% of a build.

    python benchmarks/citations.py [RUNS [DIR]]
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["BRIEF_BUILDER_NO_CACHE"] = "1"  # cold: no answer remembered on disk
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brief.markdown.parse import parse  # noqa: E402
from brief.read.load import load  # noqa: E402
from brief.resolve.cite import _process, bundled_style, format_citations  # noqa: E402

LIMIT = 0.25
RUNS = 5


def main(argv: list[str] | None = None) -> int:
    runs = int(argv[0]) if argv else RUNS
    root = Path(argv[1]).resolve() if len(argv) > 1 else ROOT
    document = parse(load(root))[0]
    project = document.project
    found = bundled_style(project.meta.style)
    style = found.read_text("utf-8") if found else project.files.text(project.meta.style)[0]
    assert style is not None
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        shutil.copytree(root / "content", copy / "content")
        cites, builds = [], []
        for _ in range(runs):
            _process.cache_clear()  # nor in this process
            start = time.perf_counter()
            format_citations(document.flow, project.references, style, project.meta.language)
            cites.append(time.perf_counter() - start)
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(copy)],
                           check=True, capture_output=True, timeout=600)
            builds.append(time.perf_counter() - start)
    cite, build = statistics.median(cites), statistics.median(builds)
    ratio = cite / build
    print(f"citations (cold, {len(document.cites)} citations): {cite:.3f} s  "
          f"full build: {build:.3f} s  ratio: {ratio:.1%} (limit {LIMIT:.0%})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
