#!/usr/bin/env python3
"""Fingerprints of everything the builder prints, to compare before and after a change.

    python scripts/fingerprints.py > before.txt   # ... change the code ...
    python scripts/fingerprints.py | diff before.txt -

Builds copies of the real brief, every fixture under tests/fixtures/ and every report of
tests/corpus/ in every edition (screen, print, letter, archival, draft), and prints the
SHA-256 of each PDF and HTML, one line each. The draft prints the clock's time, so for it
the HTML and the text of the PDF, without that time, stand in for their bytes.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = "screen,print,letter,archival,draft"


def briefs() -> list[tuple[str, Path]]:
    found = [("real", ROOT)]
    for folder in ("tests/fixtures", "tests/corpus"):
        found += [(f"{folder}/{p.name}", p) for p in sorted((ROOT / folder).iterdir())
                  if (p / "content").is_dir()]
    return found


def fingerprint(path: Path) -> str:
    if "-draft." not in path.name:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout if path.suffix == ".pdf" else \
        path.read_text("utf-8")
    return "without the time " + hashlib.sha256(re.sub(
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", text).encode()).hexdigest()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="fingerprints-") as temporary:
        for name, source in briefs():
            copy = Path(temporary) / name.replace("/", "-")
            shutil.copytree(source / "content", copy / "content")
            for extra in ("styles", "templates", "labels"):
                if (source / extra).is_dir() and source != ROOT:
                    shutil.copytree(source / extra, copy / extra)
            done = subprocess.run([sys.executable, str(ROOT / "build.py"), str(copy),
                                   "--force", "--editions", EDITIONS], capture_output=True,
                                  text=True)
            print(f"{name}: exit {done.returncode}")
            if done.returncode:
                print(done.stderr, file=sys.stderr)
            for path in sorted((copy / "output").glob("*.*")):
                print(f"  {path.name} {fingerprint(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
