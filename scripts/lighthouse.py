#!/usr/bin/env python3
"""Lighthouse's accessibility, best-practices and SEO scores of a web edition or a series
site, served on 127.0.0.1 (not part of the tests: it takes about 15 s a page).

    npm ci --silent --prefix scripts/lighthouse     # Lighthouse 12.2.3, once
    python build.py --editions web && python scripts/lighthouse.py output/web

FOLDER is the folder to serve; PAGES (default: index.html) the pages in it to score. It
runs Debian's chromium headless (``--no-sandbox``, as root needs); exit status 1 if
accessibility is below 1.00 or best practices or SEO below 0.95."""
from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
FLOOR = {"accessibility": 1.0, "best-practices": 0.95, "seo": 0.95}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def score(url: str) -> tuple[dict[str, float], list[str]]:
    """The categories' scores of the page at ``url``, and the audits that failed."""
    done = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         "--only-categories=" + ",".join(FLOOR), "--chrome-path=/usr/bin/chromium",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"lighthouse failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    scores = {k: report["categories"][k]["score"] for k in FLOOR}
    failed = [f"{a['id']}: {a['title']}" for a in report["audits"].values()
              if a.get("score") is not None and a["score"] < 1
              and a.get("scoreDisplayMode") == "binary"]
    return scores, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the folder to serve (output/web)")
    parser.add_argument("pages", nargs="*", default=["index.html"],
                        help="pages in it to score (default: index.html)")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --silent --prefix scripts/lighthouse")
    handler = functools.partial(Quiet, directory=str(options.folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    status = 0
    try:
        for page in options.pages:
            scores, failed = score(f"http://127.0.0.1:{server.server_port}/{page}")
            print(f"{page}: " + ", ".join(f"{k} {v:.2f}" for k, v in scores.items()))
            for audit in failed:
                print(f"  failed: {audit}")
            status |= any(scores[k] < floor for k, floor in FLOOR.items())
    finally:
        server.shutdown()
    return status


if __name__ == "__main__":
    sys.exit(main())
