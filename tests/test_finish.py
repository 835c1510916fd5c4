"""The finished PDF (brief/pdf/finish.py), in this process on small PDFs: page labels, the
brief's description in the document information and in XMP, the print edition's slug and
crop marks, and the links and actions a brief's PDF may not hold."""
from __future__ import annotations

import io
from dataclasses import replace

import pikepdf
import pytest
import weasyprint
from helpers import fixture_copy, shared_but_under_mutation

from brief.pdf.finish import BLEED, MARK_FROM, MARK_TO, SLUG, check_links, crop_marks, finish
from brief.read.inputs import Reader, link_problem
from brief.read.language import language
from brief.read.meta import load_meta

PAGES = "".join(f"<p style='break-before: page'>{n}</p>" for n in range(4))


@pytest.fixture(scope=shared_but_under_mutation)
def pdf() -> bytes:
    return weasyprint.HTML(string=f"<html lang=fr><body>{PAGES}</body></html>").write_pdf()


@pytest.fixture(scope=shared_but_under_mutation)
def meta(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The French fixture's description (authors with affiliations, a series), given a
    subject, keywords, a DOI and a report number."""
    root = fixture_copy(tmp_path_factory.mktemp("finish"), "french")
    described, found = load_meta(Reader(root))
    assert [d for d in found if d.severity == "error"] == []
    return described


def xmp(data: bytes) -> dict[str, object]:
    with pikepdf.open(io.BytesIO(data)) as document:
        metadata = document.open_metadata()
        return {key: metadata.get(key) for key in (
            "dc:title", "dc:creator", "dc:publisher", "dc:language", "dc:date", "dc:description",
            "dc:identifier", "xmp:Identifier", "dc:relation", "dc:subject", "pdf:Keywords",
            "credits:affiliations", "credits:orcids")} | {
            "Publisher": str(document.docinfo.get("/Publisher")),
            "labels": [pikepdf.Page(p).label for p in document.pages]}


def test_the_brief_s_description_goes_into_the_pdf_and_its_pages_are_labelled(
        pdf: bytes, meta) -> None:  # type: ignore[no-untyped-def]
    whole = language("fr").whole_title(meta.title, meta.subtitle)
    found = xmp(finish(pdf, meta, whole, 2, False))
    assert found == {
        "dc:title": "L\u2019eau du bassin\u00a0: un enjeu partagé\u00a0: Ressources, usages et "
                    "coopération",
        "dc:creator": ["Claire Montagnac", "Julien Feraud"],
        "dc:publisher": {meta.publisher.name}, "dc:language": {"fr"}, "dc:date": ["2026-10"],
        "dc:description": meta.abstract, "dc:identifier": None, "xmp:Identifier": None,
        "dc:relation": {"Cahiers de l'Observatoire, 7"}, "dc:subject": None,
        "pdf:Keywords": None, "credits:affiliations": ["Université d'Aix-Marseille", None],
        "credits:orcids": [None, None], "Publisher": meta.publisher.name,
        "labels": ["i", "ii", "3", "4"]}  # (the folios print the pages' places)
    more = replace(meta, subtitle=None, authors=(), subject="Water", doi="10.1234/x.5",
                   report_number="OB-7", keywords=("water", "basin"), credits=(),
                   series={"name": "Cahiers"})
    found = xmp(finish(pdf, more, "L\u2019eau du bassin\u00a0: un enjeu partagé", 0, False))
    assert (found["dc:title"], found["dc:creator"], found["dc:description"],
            found["dc:identifier"], found["xmp:Identifier"], found["dc:relation"],
            found["dc:subject"], found["pdf:Keywords"], found["credits:affiliations"],
            found["labels"]) == (
        "L\u2019eau du bassin\u00a0: un enjeu partagé", [meta.publisher.name], "Water",
        "doi:10.1234/x.5",
        {"doi:10.1234/x.5", "OB-7"}, {"Cahiers"}, {"water", "basin"}, "water, basin", None,
        ["1", "2", "3", "4"])
    unaffiliated = replace(more, credits=({"name": "A B"},))  # (nothing to describe)
    assert xmp(finish(pdf, unaffiliated, "A title", 0, False))["credits:affiliations"] is None
    with_orcid_only = replace(more, credits=({"name": "A B", "orcid": "0000-0002-1825-0097"},))
    assert xmp(finish(pdf, with_orcid_only, "A title", 0, False))["credits:orcids"] == [
        "0000-0002-1825-0097"]
    only_number = replace(more, doi=None, subject=None)
    found = xmp(finish(pdf, only_number, "A title", 0, False))
    assert (found["xmp:Identifier"], found["dc:identifier"], found["dc:description"]) == (
        {"OB-7"}, None, meta.abstract)


def test_the_print_edition_has_a_slug_with_crop_marks_outside_the_bleed(
        pdf: bytes, meta) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(io.BytesIO(finish(pdf, meta, "A title", 0, True))) as document:
        page = document.pages[0]
        trim = [float(v) for v in page.obj.TrimBox]
        x0, y0, x1, y1 = trim
        assert [float(v) for v in page.obj.BleedBox] == pytest.approx(
            [x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED], abs=1e-4)
        assert [float(v) for v in page.obj.MediaBox] == pytest.approx(
            [x0 - SLUG, y0 - SLUG, x1 + SLUG, y1 + SLUG], abs=1e-4)
        assert page.obj.CropBox == page.obj.MediaBox
        contents = b"".join(part.read_bytes() for part in page.obj.Contents) \
            if isinstance(page.obj.Contents, pikepdf.Array) else page.obj.Contents.read_bytes()
        assert contents.startswith(b"q\n") and contents.endswith(b"Q\n" + crop_marks(trim))
    assert BLEED < MARK_FROM < MARK_TO < SLUG


def test_crop_marks_are_eight_registration_hairlines_continuing_the_trim_edges() -> None:
    marks = crop_marks([10.0, 20.0, 110.0, 220.0]).decode().splitlines()
    assert marks[0] == "q 0.25 w 1 1 1 1 K" and marks[-1] == "S Q"
    lines = [[float(v) for v in line.split() if v not in ("m", "l")] for line in marks[1:-1]]
    assert len(lines) == 8
    f, t = MARK_FROM, MARK_TO
    def rounded(line: tuple) -> tuple:
        return tuple(round(v, 3) for v in line)
    assert sorted(map(rounded, lines)) == sorted(map(rounded, [
        (10 - f, 20, 10 - t, 20), (10, 20 - f, 10, 20 - t),
        (10 - f, 220, 10 - t, 220), (10, 220 + f, 10, 220 + t),
        (110 + f, 20, 110 + t, 20), (110, 20 - f, 110, 20 - t),
        (110 + f, 220, 110 + t, 220), (110, 220 + f, 110, 220 + t)]))
    assert all(f"{v:.3f}" in " ".join(marks) for v in (10 - f, 220 + t))


def _annotated(*annotations: pikepdf.Dictionary, **root: object) -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    document.add_blank_page()
    document.pages[1].obj.Annots = pikepdf.Array([document.make_indirect(a)
                                                  for a in annotations])
    for key, value in root.items():
        document.Root[f"/{key}"] = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _link(**action: object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                              Rect=[0, 0, 1, 1], A=pikepdf.Dictionary(**action))


def test_a_link_may_open_a_web_or_mail_address_or_a_place_and_nothing_else() -> None:
    ok = _annotated(_link(S=pikepdf.Name.URI, URI="https://example.org/"),
                    _link(S=pikepdf.Name.URI, URI="mailto:a@example.org"),
                    _link(S=pikepdf.Name.GoTo, D="section-1"),
                    pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                       Rect=[0, 0, 1, 1], Dest="section-2"))
    assert check_links(ok) == []
    refused = _annotated(
        _link(S=pikepdf.Name.URI, URI="javascript:alert(1)"),
        _link(S=pikepdf.Name.Launch, F="run.exe"),
        _link(S=pikepdf.Name.URI),  # (no address: refused as an empty one)
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[0, 0, 1, 1]),
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 1, 1],
                           AA=pikepdf.Dictionary()))
    found = check_links(refused)
    assert [(page, target) for page, target, _ in found] == [
        (2, "javascript:alert(1)"), (2, ""), (2, ""), (2, ""), (2, "")]
    assert found[1][2] == "a link that runs a Launch action; links open web or mail " \
                          "addresses only"
    assert found[2][2] == link_problem("")
    assert found[3][2] == found[4][2].replace("Link", "Text") == \
        "a Text annotation; a brief's pages hold links only"
    opening = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    said = "the document runs an action when opened; a brief may not"
    assert check_links(_annotated(OpenAction=opening)) == [(0, "", said)]
    assert check_links(_annotated(AA=pikepdf.Dictionary())) == [(0, "", said)]
    assert check_links(_annotated(Names=pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=[])))) == [(0, "", said)]
    assert check_links(_annotated(OpenAction=pikepdf.Array([0, pikepdf.Name.Fit]))) == []


def test_the_finished_file_is_the_same_for_the_same_input(
        pdf: bytes, meta) -> None:  # type: ignore[no-untyped-def]
    once = finish(pdf, meta, "A title", 1, True)
    assert once == finish(pdf, meta, "A title", 1, True) and \
        once != finish(pdf, meta, "A title", 1, False)


def test_the_credits_are_declared_in_a_pdf_a_extension_schema(
        pdf: bytes, meta) -> None:  # type: ignore[no-untyped-def]
    """PDF/A lets XMP hold only properties its schemas declare: the credits' schema is
    declared in the packet (pdfaExtension), each property a Seq of Text."""
    from lxml import etree
    with pikepdf.open(io.BytesIO(finish(pdf, meta, "A title", 0, False))) as document:
        written = document.Root.Metadata.read_bytes()
        packet = etree.fromstring(written)
    assert b"<credits:affiliations" in written  # (the prefix its schema declares)
    rdf, ext = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}", "{http://www.aiim.org/pdfa/ns/"

    def tree(element):  # type: ignore[no-untyped-def]
        return (element.tag.replace(rdf, "rdf:").replace(ext, "pdfa:"), dict(
            (k.replace(rdf, "rdf:"), v) for k, v in element.attrib.items()),
            (element.text or "").strip(), [tree(child) for child in element])

    [description] = [d for d in packet.iter(f"{rdf}Description")
                     if d.find(f"{ext}extension/}}schemas") is not None]
    schema = ("rdf:li", {"rdf:parseType": "Resource"}, "", [
        ("pdfa:schema#}schema", {}, "The affiliations and ORCID iDs of the authors", []),
        ("pdfa:schema#}namespaceURI", {}, "urn:brief-builder:credits:1.0#", []),
        ("pdfa:schema#}prefix", {}, "credits", []),
        ("pdfa:schema#}property", {}, "", [("rdf:Seq", {}, "", [
            ("rdf:li", {"rdf:parseType": "Resource"}, "", [
                ("pdfa:property#}name", {}, name, []),
                ("pdfa:property#}valueType", {}, "Seq Text", []),
                ("pdfa:property#}category", {}, "external", []),
                ("pdfa:property#}description", {}, f"each author's {what}, in the order of "
                 "dc:creator; empty if none", [])])
            for name, what in (("affiliations", "affiliation"), ("orcids", "ORCID iD"))])])])
    assert tree(description) == ("rdf:Description", {"rdf:about": ""}, "", [
        ("pdfa:extension/}schemas", {}, "", [("rdf:Bag", {}, "", [schema])])])


def test_each_attached_file_is_associated_once(meta) -> None:  # type: ignore[no-untyped-def]
    attached = [weasyprint.Attachment(string=b"a,b\n", name=name, relationship="Data")
                for name in ("one.csv", "two.csv")]
    pdf = weasyprint.HTML(string="<p>Text.</p>").write_pdf(pdf_variant="pdf/a-3u",
                                                            attachments=attached)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.Root.AF) == 4  # (WeasyPrint 70's own: each twice)
    with pikepdf.open(io.BytesIO(finish(pdf, meta, "A title", 0, False))) as document:
        assert [str(spec.F) for spec in document.Root.AF] == ["one.csv", "two.csv"]
