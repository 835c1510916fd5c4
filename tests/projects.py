"""The briefs that tests/test_projects.py reads, built by one command in the background
(tests/conftest.py) while the quick tests run."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpers import ROOT, append, edit, house_font


def date_fixed(brief: Path) -> None:
    """``new`` dates a brief this month: fixed, for the tests."""
    brief.write_text(re.sub(r"(?m)^date: '[\d-]+'$", "date: '2026-11'", brief.read_text("utf-8")))


def prepare_several(new: Path, base: Path) -> dict[str, Path]:
    """Copies of the new brief in ``new``: one with its own template and stylesheet, one
    broken, one in French, one in German, one in a series' house style, a memo, and one of
    1,300 words with no layout."""
    folders = {name: base / name for name in ("own", "broken", "fr", "de", "green", "memo",
                                              "short")}
    for folder in folders.values():
        shutil.copytree(new / "content", folder / "content")
    own = folders["own"]
    (own / "templates").mkdir()
    table = (ROOT / "templates/table.html.j2").read_text("utf-8")
    (own / "templates/table.html.j2").write_text(table.replace(
        "<thead>", '<tfoot><tr><td colspan="9">Source: the institute.</td></tr></tfoot>\n'
                   "  <thead>"))
    (own / "styles").mkdir()
    (own / "styles/screen.css").write_text("a.xref { color: rgb(200, 0, 0); }\n")
    edit(folders["broken"] / "content/01-summary.md", "[@chicago-manual-18]",
         "[@chicago-manual-17]")
    for tag in ("fr", "de"):
        edit(folders[tag] / "content/brief.yaml", "language: en-US", f"language: {tag}")
        edit(folders[tag] / "content/01-summary.md", "Write the brief's argument here",
             'They called it "one nation, two states". Write the brief\'s argument here')
    green = folders["green"]
    (green / "content/logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='120' height='40' viewBox='0 0 120 40'>"
        "<rect width='120' height='40' fill='#c62828'/></svg>\n")
    house_font(base / "fonts/TestSans-Regular.ttf", "Test Sans", without="ü")
    (base / "house.yaml").write_text(  # the series' house style, shared
        "colours: {accent: '#2e7d32', link: '#1b5e20'}\n"
        "fonts: {headings: Test Sans, files: [fonts/TestSans-Regular.ttf]}\n")
    edit(green / "content/02-findings.md", "title: Findings", "title: Findings in Zürich")
    append(green / "content/brief.yaml", "output: green-memo\nhouse:\n  logo: logo.svg\n"
                                         "  file: ../../house.yaml\n"
                                         "  paper: letter\n  colours: {link: '#2e7d32'}\n"
                                         "series: {name: Policy Briefs, number: 3}\n"
                                         "report-number: GB-2026-3\ndoi: 10.5555/green.3\n"
                                         "abstract: What the memo finds, in two lines.\n")
    edit(green / "content/brief.yaml", "authors: [First Author]",
         "authors: [{name: First Author, affiliation: Institute of Water, "
         "orcid: 0000-0002-1825-0097}, Second Author]")
    edit(green / "content/brief.yaml", "  name: Name of the Institute\n",
         "  name: Name of the Institute\n  email: office@example.org\n  phone: +1 555 0100\n")
    memo = folders["memo"] / "content"  # some 750 words of text, a citation and a note
    text = "This sentence stands in for the memo's own text, one of many alike. " * 25
    edit(memo / "brief.yaml", "layout: report\n", "layout: memo\n")
    edit(memo / "01-summary.md", "Write the brief's argument here", text + "\n\nWrite the "
         "brief's argument here")
    edit(memo / "01-summary.md", " The findings are in [](#findings), with their data in "
         "[](#tbl-example).", " The findings are in [](#findings).")
    findings = (memo / "02-findings.md").read_text("utf-8")
    (memo / "02-findings.md").write_text(findings[:findings.index("Replace")] + text + "\n")
    short = folders["short"] / "content"  # some 1,300 words, no layout: chosen by length
    edit(short / "brief.yaml", "layout: report\n", "")
    for name in ("01-summary.md", "02-findings.md"):
        edit(short / name, "\n\n", "\n\n" + ("\n\n".join([text] * 2)) + "\n\n")
    return folders


