"""The real brief's citations: reviewed claims, notes on their pages, no query printed."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import (
    ROOT,
    Built,
    bibliography_entries,
    join_lines,
    letters,
    main_text,
    note_calls,
    page_count,
    page_text,
    pdf_text,
    printed_notes,
    qdf,
    queries,
)

from brief.markdown.parse import parse
from brief.model import Cite
from brief.read.load import load

SOURCES = ROOT / "tests/fixtures/sources.yaml"  # a copy of ../shared/sources/sources.yaml


def claim_for(cite: Cite, nth: int, claims: list[dict]) -> list[dict]:
    """The claims.yaml entries that describe ``cite``, the ``nth`` of its kind on its line."""
    if not cite.loc.path.endswith(".md"):
        return [c for c in claims if c["where"] == cite.loc.path
                and cite.id.endswith(f"-{c['after']}-sources")]  # a data row's sources
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


def titles() -> dict[str, str]:
    """Each reference of the real brief by key: its title as letters, to find it in print."""
    references = yaml.safe_load((ROOT / "content/references.yaml").read_text("utf-8"))
    return {r["id"]: letters(r["title"]) for r in references}


def cited_keys(text: str, by_title: dict[str, str]) -> list[str]:
    """The references whose titles ``text`` prints, in the order it first prints them (a URL
    may repeat a title). The longest titles are taken first, so that "2020 Nagorno-Karabakh
    War" is not also found inside "Revisiting Turkey's Role in the 2020 Nagorno-Karabakh
    War"."""
    rest, found = letters(text), []
    for key, title in sorted(by_title.items(), key=lambda item: -len(item[1])):
        while (at := rest.find(title)) >= 0:
            found.append((at, key))
            rest = rest[:at] + "#" * len(title) + rest[at + len(title):]
    return list(dict.fromkeys(key for _, key in sorted(found)))


@pytest.mark.build
def test_every_note_is_on_the_page_of_its_call(editions: Built) -> None:
    oracle = yaml.safe_load((ROOT / "tests/oracles/notes.yaml").read_text("utf-8"))
    calls = note_calls(editions.pdf())
    assert sorted(calls) == list(oracle)
    assert {number: page for number, (page, _) in printed_notes(editions.pdf()).items()} == calls


@pytest.mark.build
def test_each_printed_note_shows_the_sources_its_citation_names(editions: Built) -> None:
    """Note by note, the references the PDF prints are those of tests/oracles/notes.yaml:
    a note that printed another source, or lost one, fails here."""
    oracle = yaml.safe_load((ROOT / "tests/oracles/notes.yaml").read_text("utf-8"))
    printed, by_title = printed_notes(editions.pdf()), titles()
    assert sorted(printed) == list(oracle)
    wrong = [f"note {number} prints {cited_keys(printed[number][1], by_title)} but must cite "
             f"{keys}" for number, keys in oracle.items()
             if cited_keys(printed[number][1], by_title) != keys]
    assert not wrong, "\n".join(wrong)


@pytest.mark.build
def test_first_citations_are_full_and_later_ones_short(editions: Built) -> None:
    """Chicago notes: note 1 gives the full reference with its URL; note 15 cites the same
    source again, shortened to author and title."""
    notes = printed_notes(editions.pdf())
    assert join_lines(notes[1][1]).startswith("“Relations Between Türkiye and Azerbaijan,” "
                                              "Republic of Türkiye, Ministry of Foreign")
    assert "https://www.mfa.gov.tr/" in notes[1][1].replace(" ", "")
    assert join_lines(notes[15][1]) == ("Republic of Türkiye, Ministry of Foreign Affairs "
                                        "(mfa.gov.tr), “Relations Between Türkiye and "
                                        "Azerbaijan.”")


@pytest.mark.build
def test_the_bibliography_lists_each_cited_source_once_in_order(editions: Built) -> None:
    pdf = editions.pdf()
    oracle = yaml.safe_load((ROOT / "tests/oracles/bibliography.yaml").read_text("utf-8"))
    first = next(i for i in range(1, page_count(pdf) + 1)
                 if main_text(pdf, i).startswith("Bibliography\n"))
    entries = bibliography_entries(pdf, first, page_count(pdf) - 1)  # the back page follows
    by_title = titles()
    assert [cited_keys(entry, by_title) for entry in entries] == [[key] for key in oracle]


@pytest.mark.build
def test_the_inside_page_says_how_to_cite_the_brief(editions: Built) -> None:
    inside = join_lines(page_text(editions.pdf(), 2))
    assert inside.startswith("SUGGESTED CITATION USC Dornsife Institute of Armenian Studies. "
                             "Turkey–Azerbaijan Relations. USC Dornsife Institute of Armenian "
                             "Studies, 2026.")
    assert "Armenian Studies. <i>Turkey–Azerbaijan Relations</i>. USC" in editions.html()


@pytest.mark.build
def test_queries_never_reach_the_pdf_or_the_html(editions: Built, tmp_path: Path) -> None:
    listed = queries(editions.root)
    assert len(listed) == 11
    pdf = editions.pdf()
    raw, text, html = qdf(pdf, tmp_path), pdf_text(pdf), editions.html()
    for query in listed:
        probe = query[:40]
        assert probe not in raw and probe not in text and probe not in html, probe
    with pikepdf.open(pdf) as document:  # nor in metadata or any string object
        for obj in document.objects:
            if isinstance(obj, pikepdf.String):
                assert not any(q[:30] in str(obj) for q in listed)


@pytest.mark.build
def test_links_in_notes_and_bibliography_are_clickable(editions: Built) -> None:
    references = yaml.safe_load((ROOT / "content/references.yaml").read_text("utf-8"))
    with pikepdf.open(editions.pdf()) as pdf:
        uris = {str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if annot.Subtype == "/Link" and "/A" in annot and "/URI" in annot.A}
    assert {r["URL"] for r in references if "URL" in r} <= uris
