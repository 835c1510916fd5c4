"""The real brief's citations: reviewed claims, notes on their pages, no query printed."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
import yaml

from brief.load import load
from brief.model import Cite
from brief.parse import parse
from conftest import ROOT
from pdftext import page_count, tool

SOURCES = ROOT / "tests/fixtures/sources.yaml"  # a copy of ../shared/sources/sources.yaml


def claim_for(cite: Cite, nth: int, claims: list[dict]) -> list[dict]:
    """The claims.yaml entries that describe ``cite``, the ``nth`` of its kind on its line."""
    if not cite.loc.path.endswith(".md"):
        return [c for c in claims if c["where"] == cite.loc.path
                and cite.id == f"cite-{c['after']}"]
    line = (ROOT / cite.loc.path).read_text("utf-8").splitlines()[cite.loc.line - 1]
    before = line.split(cite.raw)[nth].rstrip()
    return [c for c in claims if c["where"] == cite.loc.path and before.endswith(c["after"])]


def test_every_citation_is_reviewed_and_supported_by_its_sources() -> None:
    claims = yaml.safe_load((ROOT / "tests/claims.yaml").read_text("utf-8"))
    supports = {s["id"]: set(s["supports"]) for s in
                yaml.safe_load(SOURCES.read_text("utf-8"))}
    cites = parse(load(ROOT))[0].cites
    assert len(cites) >= 25
    used: Counter = Counter()
    seen: Counter = Counter()
    for cite in cites:
        seen[cite.loc, cite.raw] += 1
        entries = claim_for(cite, seen[cite.loc, cite.raw] - 1, claims)
        assert len(entries) == 1, f"{cite.loc} {cite.raw}: {len(entries)} entries in claims.yaml"
        entry = entries[0]
        assert list(cite.keys) == entry["keys"], cite.loc
        for key in cite.keys:
            assert supports[key] & set(entry["claims"]), f"{key} does not support {entry}"
        used[id(entry)] += 1
    assert len(used) == len(claims), "claims.yaml lists a citation the brief does not have"


def test_the_bibliography_is_the_cited_sources_and_only_those() -> None:
    cited = {key for cite in parse(load(ROOT))[0].cites for key in cite.keys}
    references = yaml.safe_load((ROOT / "content/references.yaml").read_text("utf-8"))
    assert {r["id"] for r in references} == cited
    research = {"supports", "evidence", "additional_evidence", "note", "alt_URL"}
    assert not any(research & set(r) for r in references)
    assert not any(r["title"].startswith("[") for r in references)


def xml_pages(pdf: Path) -> tuple[list[ElementTree.Element], dict[str, float]]:
    """Poppler's text segments page by page, and the size of each of its font ids."""
    xml = subprocess.run([tool("pdftohtml"), "-xml", "-i", "-stdout", "-zoom", "1", str(pdf)],
                         check=True, capture_output=True, text=True).stdout
    root = ElementTree.fromstring(xml)
    return root.findall("page"), {f.get("id"): (float(f.get("size")), f.get("family"))
                                  for f in root.iter("fontspec")}


def notes_by_page(pdf: Path) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Note calls (small raised numbers in the text) and note numbers ('12.' at the start of
    a note) on each page, read from the PDF."""
    calls: dict[int, set[int]] = {}
    notes: dict[int, set[int]] = {}
    pages, sizes = xml_pages(pdf)
    for page in pages:
        number = int(page.get("number"))
        for segment in page.iter("text"):
            text = "".join(segment.itertext()).strip()
            size, family = sizes[segment.get("font")]
            if size < 7 and text.isdigit() and "Serif" in family:  # not the figure's labels
                calls.setdefault(number, set()).add(int(text))
            elif 7 <= size < 9 and (match := re.match(r"^(\d+)\.$", text)):
                notes.setdefault(number, set()).add(int(match[1]))
    return calls, notes


def test_every_note_is_on_the_page_of_its_call(real_brief: Path) -> None:
    calls, notes = notes_by_page(real_brief / "output/brief.pdf")
    assert sorted(n for page in calls.values() for n in page) == list(range(1, 35))
    assert calls == notes


def test_the_pdf_has_notes_and_a_bibliography(real_brief: Path) -> None:
    pdf = real_brief / "output/brief.pdf"
    pages, sizes = xml_pages(pdf)
    first = next(int(p.get("number")) for p in pages
                 if ["".join(t.itertext()) for t in p.iter("text")][:1] == ["Bibliography"])
    entries = 0  # an entry starts at the margin; its other lines hang indented
    for page in pages[first - 1:page_count(pdf) - 1]:
        lefts = [int(t.get("left")) for t in page.iter("text")
                 if 9 <= sizes[t.get("font")][0] < 10]
        entries += sum(1 for left in lefts if left == min(lefts))
    assert entries == 28


def test_queries_never_reach_the_pdf_or_the_html(
        real_brief: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import build
    assert build.main(["--root", str(real_brief), "--queries"]) == 0
    queries = [line.split(": query: ", 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert len(queries) == 11
    pdf = real_brief / "output/brief.pdf"
    qdf = real_brief / "brief-qdf.pdf"
    assert tool("qpdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(qdf)],
                   check=True)
    raw = qdf.read_bytes().decode("latin-1")
    text = subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    html = (real_brief / "output/brief.html").read_text("utf-8")
    for query in queries:
        probe = query[:40]
        assert probe not in raw and probe not in text and probe not in html, probe
    with pikepdf.open(pdf) as document:  # nor in metadata or any string object
        for obj in document.objects:
            if isinstance(obj, pikepdf.String):
                assert not any(q[:30] in str(obj) for q in queries)


def test_links_in_notes_and_bibliography_are_clickable(real_brief: Path) -> None:
    references = yaml.safe_load((ROOT / "content/references.yaml").read_text("utf-8"))
    with pikepdf.open(real_brief / "output/brief.pdf") as pdf:
        uris = {str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if annot.Subtype == "/Link" and "/A" in annot and "/URI" in annot.A}
    assert {r["URL"] for r in references if "URL" in r} <= uris
