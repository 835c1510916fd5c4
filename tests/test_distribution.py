"""Distribution-grade PDFs: accessible, archival, reproducible, readable by every reader."""
from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import (
    EDITIONS,
    FONTTOOLS_REPRODUCIBLE,
    READERS,
    REPRODUCIBLE,
    ROOT,
    Built,
    page_count,
    printed_numbers,
    run_build,
    tool,
)

pytestmark = pytest.mark.build  # whole builds: left out of mutation runs


@pytest.mark.parametrize("subsetter", ["harfbuzz-subset", "fonttools"])
def test_rebuilds_are_byte_identical(rebuilds: dict[str, tuple[Built, Built]],
                                     subsetter: str) -> None:
    """Each reproducible edition built twice, in fresh processes and other seconds, with
    libharfbuzz-subset; the archival edition (of the data fixture) also with fontTools, as on
    a machine without that library."""
    if subsetter == "harfbuzz-subset":
        from weasyprint.text.ffi import harfbuzz_subset
        assert harfbuzz_subset is not None, "install libharfbuzz-subset0 (see README)"
    first, second = rebuilds[subsetter]
    stems = REPRODUCIBLE if subsetter == "harfbuzz-subset" else FONTTOOLS_REPRODUCIBLE
    assert set(first.results) >= set(stems) and set(second.results) >= set(stems)
    for stem in stems:
        assert first.pdf(stem).read_bytes() == second.pdf(stem).read_bytes(), stem


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node.K)
    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_the_default_edition_is_tagged_and_labelled(editions: Built) -> None:
    path = editions.pdf()
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en-US"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
        elements = structure(pdf)
        kinds = [str(e.S) for e in elements]
        figures = [e for e in elements if e.S == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
        assert "/Table" in kinds and "/TH" in kinds and "/L" in kinds and "/LI" in kinds
        levels = [int(k[2:]) for k in kinds if k[:2] == "/H" and k[2:].isdigit()]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
        labels = [int(x) if isinstance(x, int) else
                  {k: str(v) if isinstance(v, pikepdf.Name) else int(v) for k, v in x.items()}
                  for x in pdf.Root.PageLabels.Nums]
    printed = printed_numbers(path)
    first = min(printed.values())  # first page that prints its number
    assert list(labels) == [0, {"/S": "/r"}, first - 1, {"/S": "/D", "/St": first}]
    assert all(index == number for number, index in printed.items())


def test_an_image_without_alt_text_fails_at_its_line(
        mini: Path) -> None:
    (mini / "content/chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    with (mini / "content/01-first.md").open("a") as section:
        section.write("\n![](chart.svg)\n")
    status, _, err = run_build(mini)
    assert status == 1
    assert err.splitlines()[0] == ("content/01-first.md:11: error: image 'chart.svg' has no "
                                   "alt text; describe what it shows: ![what it shows](file) "
                                   "[missing-alt]")


def test_the_archival_edition_is_pdfa3_with_its_data_attached(editions: Built) -> None:
    with pikepdf.open(editions.pdf("brief-archival")) as pdf:
        xmp = pdf.open_metadata()
        assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("3", "A")
        files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
        assert {str(f.AFRelationship) for f in pdf.Root.AF} == {"/Data"}
        # Dated by the brief (November 2026), never by the clock: the file stays reproducible.
        dates = {(str(spec.obj.EF.F.Params.CreationDate), str(spec.obj.EF.F.Params.ModDate))
                 for spec in pdf.attachments.values()}
        assert dates == {("D:20261101000000Z", "D:20261101000000Z")}
    assert set(files) == {"agreements.yaml", "agreements.json", "references.json"}
    assert files["agreements.yaml"] == (ROOT / "content/agreements.yaml").read_bytes()
    rows = yaml.safe_load((ROOT / "content/agreements.yaml").read_text("utf-8"))
    assert rows == json.loads(files["agreements.json"])  # every column, dates as written
    references = yaml.safe_load((ROOT / "content/references.yaml").read_text("utf-8"))
    assert json.loads(files["references.json"]) == references


def test_attachments_need_a_variant_that_carries_them(
        mini: Path) -> None:
    status, _, err = run_build(mini, "--archival", "--pdf-variant", "pdf/a-2b")
    assert status == 2
    assert "--archival attaches files, which pdf/a-2b cannot carry" in err
    assert not (mini / "output").exists()


def test_metadata_from_brief_yaml_in_info_and_xmp(mini: Path) -> None:
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text() + "subtitle: A Test\nauthors: [Ada Lovelace]\n"
                     "subject: Testing metadata\nkeywords: [Turkey, Azerbaijan]\n")
    assert run_build(mini)[0] == 0
    with pikepdf.open(mini / "output/brief.pdf") as pdf:
        info, xmp = pdf.docinfo, pdf.open_metadata()
        assert str(info.Title) == xmp["dc:title"] == "A Small Brief: A Test"
        assert str(info.Author) == "Ada Lovelace" and xmp["dc:creator"] == ["Ada Lovelace"]
        assert str(info.Subject) == xmp["dc:description"] == "Testing metadata"
        assert str(info.Keywords) == xmp["pdf:Keywords"] == "Turkey, Azerbaijan"
        assert str(info.Publisher) == "Test Institute" == list(xmp["dc:publisher"])[0]
        assert set(xmp["dc:language"]) == {"en-US"} and list(xmp["dc:date"]) == ["2026-11"]
        assert str(info.CreationDate) == "D:202611"


def test_without_authors_the_publisher_is_the_creator(mini: Path) -> None:
    assert run_build(mini)[0] == 0
    with pikepdf.open(mini / "output/brief.pdf") as pdf:
        assert pdf.open_metadata()["dc:creator"] == ["Test Institute"]
        assert str(pdf.docinfo.Author) == "Test Institute"


@pytest.mark.parametrize("stem", EDITIONS)
def test_independent_readers_open_every_edition_cleanly(
        editions: Built, readers: dict[str, list[tuple[str, int, str]]], stem: str) -> None:
    import pypdfium2
    pdf = editions.pdf(stem)
    assert all(tool(command[0]) for command in READERS)
    assert [name for name, _, _ in readers[stem]] == [command[0] for command in READERS]
    for name, status, errors in readers[stem]:
        assert (name, status, errors) == (name, 0, "")
    document = pypdfium2.PdfDocument(str(pdf))
    assert len(document) == page_count(pdf)
    for page in document:
        assert page.get_textpage().get_text_range() is not None
