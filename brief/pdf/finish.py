"""Turn WeasyPrint's PDF into the finished file: page labels, metadata, and print marks.

- Page labels make the viewer's page numbers match the printed ones (roman on the unnumbered
  front matter, arabic from the first numbered page on).
- Metadata from brief.yaml goes into the document information and the XMP packet alike.
- The print edition gets a slug around the bleed with crop marks in it: WeasyPrint sets the
  media box to the trim size plus the bleed and would draw its marks inside the bleed, where
  they would be trimmed into the picture.

Then every font of the finished file must be embedded (``check_fonts``), and every link
must open a web or mail address or a place in the brief (``check_links``).
"""
from __future__ import annotations

import io

import pikepdf
from lxml import etree

from brief.diagnostics import Diagnostic, Loc
from brief.model import Meta
from brief.read.inputs import link_problem

MM = 72 / 25.4
BLEED, SLUG = 3 * MM, 12 * MM  # from the trim edge
MARK_FROM, MARK_TO = 5 * MM, 11 * MM  # crop marks start 2 mm beyond the bleed


def crop_marks(trim: list[float]) -> bytes:
    """Eight hairlines, two at each corner, continuing the trim edges into the slug."""
    x0, y0, x1, y1 = trim
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + sx * MARK_FROM:.3f} {y:.3f} m {x + sx * MARK_TO:.3f} {y:.3f} l")
            lines.append(f"{x:.3f} {y + sy * MARK_FROM:.3f} m {x:.3f} {y + sy * MARK_TO:.3f} l")
    # Registration black (all four inks), so the marks print on every plate.
    return ("q 0.25 w 1 1 1 1 K\n" + "\n".join(lines) + "\nS Q\n").encode()


def _print_marks(document: pikepdf.Pdf) -> None:
    for page in document.pages:
        trim = [float(v) for v in page.obj.TrimBox]
        x0, y0, x1, y1 = trim
        page.obj.BleedBox = pikepdf.Array([x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED])
        media = pikepdf.Array([x0 - SLUG, y0 - SLUG, x1 + SLUG, y1 + SLUG])
        page.obj.MediaBox = media
        page.obj.CropBox = media
        # Isolate the page's own graphics state, then draw the marks untransformed.
        page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(document, b"Q\n" + crop_marks(trim)))


def _metadata(document: pikepdf.Pdf, meta: Meta, title: str) -> None:
    """The brief's description, the same in /Info and in XMP; ``title`` its title and
    subtitle on one line, typeset."""
    with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:title"] = title
        xmp["dc:creator"] = list(meta.authors) or [meta.publisher.name]
        xmp["dc:publisher"] = [meta.publisher.name]
        xmp["dc:language"] = [meta.language]
        xmp["dc:date"] = [meta.date.iso()]
        if meta.subject:
            xmp["dc:description"] = meta.subject
        if meta.doi:
            xmp["dc:identifier"] = f"doi:{meta.doi}"
        if meta.abstract and not meta.subject:
            xmp["dc:description"] = meta.abstract
        if meta.doi or meta.report_number:  # XMP basic's identifiers, a bag (in order)
            xmp["xmp:Identifier"] = [i for i in (meta.doi and f"doi:{meta.doi}",
                                                 meta.report_number) if i]
        if meta.series:  # the series it belongs to (Dublin Core's "is part of" relation)
            number = meta.series.get("number")
            xmp["dc:relation"] = [meta.series["name"] + (f", {number}" if number is not None
                                                         else "")]
        if meta.keywords:
            xmp["dc:subject"] = list(meta.keywords)
            xmp["pdf:Keywords"] = ", ".join(meta.keywords)
        if any("affiliation" in c or "orcid" in c for c in meta.credits):
            _credits(xmp, meta.credits)
    document.docinfo["/Publisher"] = meta.publisher.name


# Affiliations and ORCID iDs have no property among XMP's standard schemas: they go in a
# schema of ours, described in the packet itself as PDF/A asks of any other schema.
CREDITS = "urn:brief-builder:credits:1.0#"
_RDF, _EXT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.aiim.org/pdfa/ns/"
_CREDITS = (("affiliations", "affiliation"), ("orcids", "ORCID iD"))


def _credits(xmp: pikepdf.models.PdfMetadata, credits: tuple[dict, ...]) -> None:
    """Each author's affiliation and ORCID iD, in the order of dc:creator ('' if none)."""
    xmp.register_xml_namespace(CREDITS, "credits")
    for name, key in (("affiliations", "affiliation"), ("orcids", "orcid")):
        xmp[f"credits:{name}"] = [str(c.get(key, "")) for c in credits]
    root = xmp._get_rdf_root()  # (pikepdf sets simple properties only; this is a structure)

    def add(parent: etree._Element, tag: str, text: str | None = None,
            resource: bool = False) -> etree._Element:
        child = etree.SubElement(parent, tag, {f"{{{_RDF}}}parseType": "Resource"}
                                 if resource else {})
        child.text = text
        return child

    description = add(root, f"{{{_RDF}}}Description")
    description.set(f"{{{_RDF}}}about", "")
    bag = add(add(description, f"{{{_EXT}extension/}}schemas"), f"{{{_RDF}}}Bag")
    schema = add(bag, f"{{{_RDF}}}li", resource=True)
    add(schema, f"{{{_EXT}schema#}}schema", "The affiliations and ORCID iDs of the authors")
    add(schema, f"{{{_EXT}schema#}}namespaceURI", CREDITS)
    add(schema, f"{{{_EXT}schema#}}prefix", "credits")
    properties = add(add(schema, f"{{{_EXT}schema#}}property"), f"{{{_RDF}}}Seq")
    for name, what in _CREDITS:
        item = add(properties, f"{{{_RDF}}}li", resource=True)
        for field, value in (("name", name), ("valueType", "Seq Text"),
                             ("category", "external"),
                             ("description", f"each author's {what}, in the order of "
                                             "dc:creator; empty if none")):
            add(item, f"{{{_EXT}property#}}{field}", value)


def finish(pdf: bytes, meta: Meta, title: str, first_numbered: int, print_marks: bool
           ) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        labels = [0, pikepdf.Dictionary(S=pikepdf.Name.r)] if first_numbered else []
        labels += [first_numbered, pikepdf.Dictionary(S=pikepdf.Name.D, St=first_numbered + 1)]
        document.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(labels))
        _metadata(document, meta, title)
        _associated_once(document)
        if print_marks:
            _print_marks(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)  # the id derives from the content
        return out.getvalue()


def _associated_once(document: pikepdf.Pdf) -> None:
    """Each attached file once in the catalogue's associated files (WeasyPrint 70 lists
    each twice: Kozea/WeasyPrint#2917, fixed after 70.0)."""
    if "/AF" in document.Root:
        specs = {spec.objgen: spec for spec in document.Root.AF}
        document.Root.AF = pikepdf.Array(specs.values())


def check_fonts(pdf: bytes, loc: Loc) -> list[Diagnostic]:
    """Every font of the PDF must be embedded."""
    problems = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            for font in page.Resources.get("/Font", {}).values():
                descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font
                              ).get("/FontDescriptor")
                if descriptor is None or not any(k in descriptor for k in (
                        "/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(Diagnostic(loc, "error", f"page {number}: font "
                                               f"{font.get('/BaseFont')} is not embedded",
                                               code="font-not-embedded"))
    return problems


_ACTIONS = {"/URI", "/GoTo"}  # what a link of a brief may do: open a web or mail address,
# or go to a place in the brief


def check_links(pdf: bytes) -> list[tuple[int, str, str]]:
    """Every link and action of the PDF, whatever made it (the text, the data, a brief's own
    template): (page, target, what is wrong) for each one the link rule refuses; page 0 for
    the document's own actions."""
    found: list[tuple[int, str, str]] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        if "/OpenAction" in root and isinstance(root.OpenAction, pikepdf.Dictionary) or \
                "/AA" in root or "/JavaScript" in root.get("/Names", {}):
            found.append((0, "", "the document runs an action when opened; a brief may not"))
        for number, page in enumerate(document.pages, start=1):
            for annotation in page.obj.get("/Annots", []):
                subtype = str(annotation.get("/Subtype"))
                action = annotation.get("/A") or {}
                kind = str(action.get("/S", "")) if action else ""
                target = str(action.get("/URI", "")) if kind == "/URI" else ""
                if subtype != "/Link" or "/AA" in annotation:
                    found.append((number, "", f"a {subtype.lstrip('/')} annotation; a brief's "
                                  "pages hold links only"))
                elif action and kind not in _ACTIONS:
                    found.append((number, "", f"a link that runs a {kind.lstrip('/')} action; "
                                  "links open web or mail addresses only"))
                elif kind == "/URI" and (problem := link_problem(target)):
                    found.append((number, target, problem))
    return found


def attached(pdf: bytes) -> list[str]:
    """The names of the files the PDF carries."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return sorted(document.attachments)


def finished(pdf: bytes, meta: Meta, title: str, first_numbered: int, print_marks: bool,
             loc: Loc) -> tuple[bytes, list[Diagnostic], list[tuple[int, str, str]], list[str]]:
    """The finished PDF, what is wrong with its fonts, its links that the link rule refuses
    and the names of the files it carries (run by the worker that read the brief, if there
    is one: ``pipeline.produce``)."""
    pdf = finish(pdf, meta, title, first_numbered, print_marks)
    return pdf, check_fonts(pdf, loc), check_links(pdf), attached(pdf)
