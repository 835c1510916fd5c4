#!/usr/bin/env python3
"""Benchmark: the builder against its floor, one WeasyPrint pass, measured in one run.

    python benchmarks/speed.py [--runs N] [--sizes 1,5,20]

For the real brief's text at each size (×5 and ×20 are generated here: its prose sections
repeated, headings and ids renamed; nothing is committed), in fresh processes and
interleaved, RUNS times each (more for a short text: as many pairs as take 90 s):

- full build: ``build.py --force`` (reading, parsing, citations, layout, drawing, checks);
- floor: one WeasyPrint pass over the HTML that build wrote, with the same stylesheets,
  fonts and PDF variant (``render`` + ``write_pdf``, nothing else), in a process set up
  as a build's: what was loaded before is left out of Python's collections, and the
  process ends without tearing the interpreter down;

and prints the medians, the median of the ratios of each build to the floor run next to
it, seconds per page and peak memory (each process's own maximum resident size, or its
largest child's), after a first build of each text, whose time and memory are printed
apart (it formats the citations, in Pandoc, which later builds find remembered). Then, on
the real brief: a no-op rebuild (nothing changed), ``--watch`` rebuilds after one-sentence
edits, each against a cold build made just before it, three editions in one command against
one edition, and three briefs in one command against the three built one after another.
Each build counts its layouts (``--timings``): one, unless a note slid off its call's page
and the build laid the brief out again. Exits 1 if a build fails (a note that cannot sit on
its page, say), if any took more than one layout, or if the three briefs in one command
take as long as one after another.
"""
from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from edits import layouts as whole_and_partial  # noqa: E402  (what --timings counts)

PYTHON = sys.executable
PAIRS_FOR = 90.0  # seconds: each size gets at least as many pairs of runs as fit in them
FLOOR = """
import gc
import os
import sys
from pathlib import Path
import brief.pdf.typeset  # the same fonts, confined as a build confines them
import weasyprint
gc.freeze()  # as a build does before typesetting (brief.pdf.typeset._collecting_only_new)
html, variant, *sheets = sys.argv[1:]
document = weasyprint.HTML(filename=html, base_url=str(Path(html).parent.parent / "content")
                           + "/").render(
    stylesheets=[weasyprint.CSS(filename=s) for s in sheets], pdf_variant=variant)
document.write_pdf(pdf_variant=variant)
print(len(document.pages), flush=True)
os._exit(0)  # as the builder ends (brief.cli.command): without tearing the interpreter down
"""


def timed(command: list[str], **options) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall seconds, peak resident kB of the process, and its result."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, **options)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    out, err = process.communicate()
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, subprocess.CompletedProcess(command, process.returncode,
                                                                 out, err)


def grown(folder: Path, times: int) -> Path:
    """A copy of the real brief with its prose sections (not the appendix) ``times`` over."""
    shutil.copytree(ROOT / "content", folder / "content")
    content = folder / "content"
    brief = (content / "brief.yaml").read_text("utf-8")
    prose = sorted(p for p in content.glob("0[1-4]-*.md"))
    listed = []
    for copy in range(2, times + 1):
        for path in prose:
            text = path.read_text("utf-8")
            text = re.sub(r"(?m)^(title: .*)$", rf"\1 ({copy})", text, count=1)
            text = re.sub(r"(?m)^id: (.*)$", rf"id: \1-{copy}", text, count=1)
            text = re.sub(r"(?m)^(#{2,6} .*)$", rf"\1 ({copy})", text)
            text = re.sub(r"\{#([\w-]+)\}", rf"{{#\1-{copy}}}", text)
            name = f"{path.stem}-{copy}.md".replace("0", "1", 1)
            (content / name).write_text(text, "utf-8")
            listed.append(name)
    if listed:
        brief = brief.replace("  - 05-appendix.md", "\n".join(
            f"  - {n}" for n in sorted(listed)) + "\n  - 05-appendix.md")
        (content / "brief.yaml").write_text(brief, "utf-8")
    return folder


def size_row(folder: Path, runs: int) -> dict:
    """A first build, as on a new machine (its peak memory is Pandoc's, formatting the
    citations), then builds and floors in pairs, the build first in even pairs and second in
    odd ones, so that neither always runs first."""
    builds, floors, layouts = [], [], []
    build_memory, floor_memory, pages = [], [], 0
    sheets = [str(ROOT / "styles" / n) for n in ("brief.css", "screen.css")]

    def build() -> None:
        seconds, memory, done = timed([PYTHON, str(ROOT / "build.py"), str(folder),
                                       "--force", "--timings"], cwd=ROOT)
        if done.returncode:
            raise SystemExit(f"the build of {folder.name} failed:\n{done.stderr}")
        builds.append(seconds)
        build_memory.append(memory)
        layouts.append(sum(whole_and_partial(done.stdout + done.stderr)))

    def floor() -> None:
        nonlocal pages
        seconds, memory, done = timed([PYTHON, "-c", FLOOR, str(folder / "output/brief.html"),
                                       "pdf/ua-1", *sheets], cwd=ROOT)
        if done.returncode:
            raise SystemExit(f"the floor of {folder.name} failed:\n{done.stderr}")
        pages = int(done.stdout.split()[-1])
        floors.append(seconds)
        floor_memory.append(memory)

    build()  # the first: formatted citations and charts not remembered yet (Pandoc runs)
    (first,), (first_memory,) = builds, build_memory
    builds.clear()
    build_memory.clear()
    # At least `runs` pairs, more for a short text: a pair's ratio swings by a fifth on this
    # shared machine, so the median of three short pairs says little.
    for run in range(max(runs, round(PAIRS_FOR / (2 * first)))):
        for step in (build, floor) if run % 2 == 0 else (floor, build):
            step()
    build_s, floor_s = statistics.median(builds), statistics.median(floors)
    ratios = [b / f for b, f in zip(builds, floors)]
    return {"build": build_s, "floor": floor_s, "pages": pages, "ratio": statistics.median(ratios),
            "ratios": ratios, "layouts": max(layouts),
            "memory": max(build_memory) / 1024, "floor memory": max(floor_memory) / 1024,
            "first": first, "first memory": first_memory / 1024}


def paired(these: list[float], those: list[float]) -> float:
    """The median of the ratios of runs made one after the other: on a shared machine whose
    speed drifts from minute to minute, each pair ran at about the same speed."""
    return statistics.median(a / b for a, b in zip(these, those))


def watch_rebuilds(folder: Path, cold: Path, runs: int) -> list[tuple[float, float]]:
    """Pairs of seconds: a cold full build of ``cold`` in a fresh process, then, in one
    watching process, the time from a one-sentence edit of ``folder`` to its 'rebuilt'
    line; ``runs`` pairs, each edit a new sentence."""
    process = subprocess.Popen([PYTHON, str(ROOT / "build.py"), str(folder), "--watch",
                                "--force"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout],  # type: ignore
                     daemon=True).start()
    while not lines.get(timeout=600).startswith("watching"):
        pass
    section, pairs = folder / "content/03-economy.md", []
    for run in range(runs):
        built = timed([PYTHON, str(ROOT / "build.py"), str(cold), "--force"], cwd=ROOT)[0]
        start = time.perf_counter()
        section.write_text(section.read_text("utf-8")
                           + f"\nOne sentence more, number {run + 1}, for the benchmark.\n")
        while not lines.get(timeout=600).startswith("rebuilt in"):
            pass
        pairs.append((time.perf_counter() - start, built))
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    return pairs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/speed.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,5,20")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of "
          f"{args.runs} interleaved runs in fresh processes, or of as many as take "
          f"{PAIRS_FOR:.0f} s (a ratio: the median of the ratios of each pair of runs)")
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as temporary:
        base = Path(temporary)
        rows = {n: size_row(grown(base / f"x{n}", n), args.runs) for n in sizes}
        first = rows[sizes[0]]
        print(f"{'size':>5} {'pages':>5} {'layouts':>7} {'build s':>8} {'floor s':>8} "
              f"{'ratio':>6} {'s/page':>7} {'vs x1':>6} {'peak MB':>8} {'floor MB':>9} "
              f"{'ratio':>6}")
        for n, row in rows.items():
            per_page = row["build"] / row["pages"]
            print(f"{'x' + str(n):>5} {row['pages']:>5} {row['layouts']:>7} {row['build']:8.2f} "
                  f"{row['floor']:8.2f} {row['ratio']:6.2f} {per_page:7.3f} "
                  f"{per_page / (first['build'] / first['pages']):6.2f} {row['memory']:8.0f} "
                  f"{row['floor memory']:9.0f} {row['memory'] / row['floor memory']:6.2f}")
        for n, row in rows.items():
            if n > 1:
                print(f"x{n} with notes (the real brief's sections and their citations, "
                      f"repeated): {row['layouts']} layout(s) at most, {row['ratio']:.2f} x "
                      "the floor (target: 1 layout, 1.10 x)")
        print("each pair's ratio: " + "; ".join(
            f"x{n} " + " ".join(f"{r:.2f}" for r in row["ratios"]) for n, row in rows.items()))
        print("first build of each text, before its citations and charts were remembered: "
              + "; ".join(f"x{n} {row['first']:.2f} s, {row['first memory']:.0f} MB"
                          for n, row in rows.items()))
        real = base / "x1"
        noop = statistics.median(timed([PYTHON, str(ROOT / "build.py"), str(real)],
                                       cwd=ROOT)[0] for _ in range(args.runs))
        print(f"no-op rebuild: {noop:.2f} s (target 0.30 s)")
        pairs = watch_rebuilds(grown(base / "watched", 1), real, args.runs)
        print(f"watch rebuild after a one-sentence edit: "
              f"{statistics.median(r for r, _ in pairs):.2f} s = "
              f"{paired(*zip(*pairs)):.2f} x a cold full build (pairs: "
              + " ".join(f"{r:.2f}/{b:.2f}" for r, b in pairs) + "; target 0.6)")
        ones, threes = [], []
        for _ in range(args.runs):
            ones.append(timed([PYTHON, str(ROOT / "build.py"), str(real), "--force"],
                              cwd=ROOT)[0])
            threes.append(timed([PYTHON, str(ROOT / "build.py"), str(real), "--force",
                                 "--editions", "screen,print,archival"], cwd=ROOT)[0])
        one, three = statistics.median(ones), statistics.median(threes)
        print(f"three editions in one command: {three:.2f} s = {paired(threes, ones):.2f} x one "
              f"edition ({one:.2f} s; target 2)")
        briefs = [grown(base / f"brief-{n}", 1) for n in range(3)]
        aparts, togethers = [], []
        for _ in range(args.runs):
            aparts.append(sum(timed([PYTHON, str(ROOT / "build.py"), str(b), "--force"],
                                    cwd=ROOT)[0] for b in briefs))
            togethers.append(timed([PYTHON, str(ROOT / "build.py"), *map(str, briefs),
                                    "--force"], cwd=ROOT)[0])
        apart, together = statistics.median(aparts), statistics.median(togethers)
        print(f"three briefs in one command: {together:.2f} s = {together / apart:.2f} x the "
              f"three one after another ({apart:.2f} s; must be below 1)")
    return 0 if together < apart and all(r["layouts"] == 1 for r in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
