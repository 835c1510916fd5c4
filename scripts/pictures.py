#!/usr/bin/env python3
"""Make the README's pictures: the cover and one body page of output/brief.pdf, as PNG.

    python build.py && python scripts/pictures.py [--page N]

Needs Poppler's pdftoppm (Debian: poppler-utils). Writes docs/cover.png and docs/page.png.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=int, default=4, help="body page to show (default 4)")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    pdf = ROOT / "output/brief.pdf"
    if not pdf.exists() or not shutil.which("pdftoppm"):
        print("needs output/brief.pdf (run python build.py) and pdftoppm", file=sys.stderr)
        return 1
    (ROOT / "docs").mkdir(exist_ok=True)
    for name, page in (("cover", 1), ("page", args.page)):
        with tempfile.TemporaryDirectory() as folder:
            stem = Path(folder) / name
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-singlefile", "-f",
                            str(page), "-l", str(page), str(pdf), str(stem)], check=True)
            shutil.move(f"{stem}.png", ROOT / "docs" / f"{name}.png")
        print(f"wrote docs/{name}.png (page {page})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
