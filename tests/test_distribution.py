"""Distribution-grade PDFs: accessible, archival, reproducible, readable by every reader."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
import yaml

from conftest import EDITIONS, ROOT, run_build
from pdftext import page_count, printed_numbers, tool

REPRODUCIBLE = {"brief": [], "brief-letter": ["--paper", "letter"],
                "brief-print": ["--print"], "brief-archival": ["--archival"]}
# Builds every edition in one fresh process; FONTTOOLS forces WeasyPrint's other subsetting
# path (fontTools instead of libharfbuzz-subset), as on a machine without the library.
BUILD_ALL = """
import sys, json
sys.path.insert(0, {root!r})
import brief.typeset
if {fonttools}:
    import weasyprint.pdf.fonts
    weasyprint.pdf.fonts.harfbuzz_subset = None
import build
for args in json.loads(sys.argv[1]):
    assert build.main(["--root", sys.argv[2], *args]) == 0
"""


def build_all(root: Path, fonttools: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run([sys.executable, "-c", BUILD_ALL.format(root=str(ROOT), fonttools=fonttools),
                    json.dumps(list(REPRODUCIBLE.values())), str(root)],
                   check=True, env=env, capture_output=True)
    return {stem: hashlib.sha256((root / "output" / f"{stem}.pdf").read_bytes()).hexdigest()
            for stem in REPRODUCIBLE}


@pytest.mark.parametrize("fonttools", [False, True], ids=["harfbuzz-subset", "fonttools"])
def test_rebuilds_are_byte_identical(tmp_path: Path, fonttools: bool) -> None:
    if not fonttools:
        import brief.typeset  # noqa: F401
        from weasyprint.text.ffi import harfbuzz_subset
        assert harfbuzz_subset is not None, "install libharfbuzz-subset0 (see README)"
    shutil.copytree(ROOT / "content", tmp_path / "content")
    first = build_all(tmp_path, fonttools)
    time.sleep(2)
    assert build_all(tmp_path, fonttools) == first


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


def test_the_default_edition_is_tagged_and_labelled(real_brief: Path) -> None:
    path = real_brief / "output/brief.pdf"
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
        mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "content/chart.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    with (mini / "content/01-first.md").open("a") as section:
        section.write("\n![](chart.svg)\n")
    status, _, err = run_build(mini, capsys)
    assert status == 1
    assert err.splitlines()[0] == ("content/01-first.md:11: error: image 'chart.svg' has no "
                                   "alt text; describe what it shows: ![what it shows](file)")


def test_the_archival_edition_is_pdfa3_with_its_data_attached(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]
                                                               ) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    assert run_build(tmp_path, capsys, "--archival")[0] == 0
    with pikepdf.open(tmp_path / "output/brief-archival.pdf") as pdf:
        xmp = pdf.open_metadata()
        assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("3", "A")
        files = {name: json.loads(spec.get_file().read_bytes())
                 for name, spec in pdf.attachments.items()}
        assert {str(f.AFRelationship) for f in pdf.Root.AF} == {"/Data"}
    rows = yaml.safe_load((ROOT / "content/agreements.yaml").read_text("utf-8"))
    assert [{k: v for k, v in r.items() if k != "query"} for r in rows] == files[
        "agreements.json"]
    references = yaml.safe_load((ROOT / "content/references.yaml").read_text("utf-8"))
    assert files["references.json"] == references


def test_attachments_need_a_variant_that_carries_them(
        mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_build(mini, capsys, "--archival", "--pdf-variant", "pdf/a-2b")
    assert status == 2
    assert "--archival attaches files, which pdf/a-2b cannot carry" in err
    assert not (mini / "output").exists()


def test_metadata_from_brief_yaml_in_info_and_xmp(mini: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text() + "subtitle: A Test\nauthors: [Ada Lovelace]\n"
                     "subject: Testing metadata\nkeywords: [Turkey, Azerbaijan]\n")
    assert run_build(mini, capsys)[0] == 0
    with pikepdf.open(mini / "output/brief.pdf") as pdf:
        info, xmp = pdf.docinfo, pdf.open_metadata()
        assert str(info.Title) == xmp["dc:title"] == "A Small Brief: A Test"
        assert str(info.Author) == "Ada Lovelace" and xmp["dc:creator"] == ["Ada Lovelace"]
        assert str(info.Subject) == xmp["dc:description"] == "Testing metadata"
        assert str(info.Keywords) == xmp["pdf:Keywords"] == "Turkey, Azerbaijan"
        assert str(info.Publisher) == "Test Institute" == list(xmp["dc:publisher"])[0]
        assert set(xmp["dc:language"]) == {"en-US"} and list(xmp["dc:date"]) == ["2026-11"]
        assert str(info.CreationDate) == "D:202611"


@pytest.mark.parametrize("stem", EDITIONS)
def test_independent_readers_open_every_edition_cleanly(editions: Path, stem: str) -> None:
    import pypdfium2
    pdf = editions / "output" / f"{stem}.pdf"
    for command in ([tool("qpdf"), "--check", str(pdf)],
                    [tool("pdffonts"), str(pdf)],
                    [tool("pdftotext"), str(pdf), "/dev/null"],
                    [tool("gs"), "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=nullpage", str(pdf)]):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, (command[0], result.stderr)
        assert result.stderr == "", (command[0], result.stderr)
    document = pypdfium2.PdfDocument(str(pdf))
    assert len(document) == page_count(pdf)
    for page in document:
        assert page.get_textpage().get_text_range() is not None
