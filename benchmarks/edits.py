#!/usr/bin/env python3
"""Probe: do harmless edits of the real brief ever break its build on where a line fell?

    python benchmarks/edits.py [--variants N] [--seed S]

Makes N copies of the real brief, each with 1–4 paragraphs of 3–150 words inserted before
random paragraphs of its prose sections (the same copies for the same seed), builds them
all in one command (in parallel) and prints each failure with its messages, and how many
briefs took one layout, two (a note slid off its call's page: the build moved its paragraph
and laid the brief out again) or three. Exits 1 if any build failed (an author's harmless
edit must never fail the build because a note, a heading or a table row landed badly) or
took more than one layout (brief/pdf/enginefixes.py keeps each note on its call's page).
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def variant(folder: Path, chance: random.Random) -> list[str]:
    """A copy of the real brief with paragraphs inserted; what was inserted where."""
    shutil.copytree(ROOT / "content", folder / "content")
    sections = sorted((folder / "content").glob("0[1-4]-*.md"))
    done = []
    for _ in range(chance.randint(1, 4)):
        section = chance.choice(sections)
        text = section.read_text("utf-8")
        at = chance.choice([m.start() for m in re.finditer(r"\n\n(?=[A-Z])", text)])
        words = chance.randint(3, 150)
        text = text[:at] + "\n\n" + " ".join(["Shift"] + ["words"] * words) + "." + text[at:]
        section.write_text(text, "utf-8")
        done.append(f"{words + 1} words at line {text.count(chr(10), 0, at) + 3} of "
                    f"{section.name}")
    return done


def layouts(report: str) -> tuple[int, int]:
    """(whole layouts, layouts of only the changed sections) a --timings report counts."""
    found = {label: int(times or 1) for label, times in re.findall(
        r"^  (laying out the (?:pages|changed sections))(?: \((\d+) times\))?", report, re.M)}
    return found.get("laying out the pages", 0), found.get("laying out the changed sections", 0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/edits.py")
    parser.add_argument("--variants", type=int, default=16)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="brief-edits-") as temporary:
        folders = [Path(temporary) / f"v{n}" for n in range(args.variants)]
        edits = {folder: variant(folder, chance) for folder in folders}
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--force", "--timings",
                               *map(str, folders)], capture_output=True, text=True, cwd=ROOT)
        failed = [f for f in folders if not (f / "output/brief.pdf").exists()]
        for folder in failed:
            print(f"{folder.name}: {'; '.join(edits[folder])}")
            for line in done.stderr.splitlines():
                if str(folder) + "/" in line:
                    print(f"  {line.replace(str(folder) + '/', '')}")
        print(f"{args.variants - len(failed)} of {args.variants} edited briefs built "
              f"(seed {args.seed})")
        counts = [layouts(report) for report in done.stderr.split("timings:")[1:]]
        for whole, partial in sorted(set(counts)):
            print(f"  {counts.count((whole, partial))} in {whole} whole layout(s)"
                  + (f" and {partial} of the changed sections" if partial else ""))
    return 1 if failed or any(sum(c) != 1 for c in counts) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
