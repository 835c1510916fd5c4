"""The web edition (``--editions web``): the files of ``output/web/`` from the screen
edition's HTML and PDF.

``index.html`` (``templates/web.html.j2``: the page of ``page.py`` with the metadata of
``head.py``), its stylesheet for screens (``styles/web.css``, the brief's own or the
builder's, after the house's colours), the fonts it uses as WOFF2 files cut to the page's
characters with their licences, the PDF, each dataset a table or chart uses as CSV with its
Table Schema, the brief's citation as BibTeX, RIS and CSL JSON, the pictures, and an icon.
Nothing is loaded from elsewhere, and no script is needed to read it."""
from __future__ import annotations

import csv
import io
import json

from markupsafe import Markup

from brief.diagnostics import Diagnostic
from brief.handed import Index
from brief.model import Dataset, Document, Project
from brief.web.colours import schemes
from brief.web.fonts import builders_faces, web_fonts
from brief.web.head import citation_files, json_ld, meta_tags
from brief.web.page import Page, web_page

TYPES = {"list": "list", "year": "year", "date": "date", "integer": "integer",
         "number": "number", "boolean": "boolean"}  # (Table Schema's; the rest: string)


def web_files(document: Document, index: Index, html: str, pdf: bytes, name: str
              ) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every file of the web edition, by its path inside the folder, and what could not
    be honoured."""
    from brief.read.inputs import own_or_builders
    project = document.project
    meta, labels = project.meta, project.language.printed_labels()
    page = web_page(html, labels)
    files: dict[str, bytes] = {f"{name}.pdf": pdf, **citation_files(meta, name)}
    size = project.language.number(max(1, round(len(pdf) / 1000)))
    downloads = [(f"{labels['web-pdf']} ({size}\u00a0{labels['web-kilobytes']})",
                  f"{name}.pdf")]
    for dataset in _datasets(document):
        files[f"data/{dataset.name}.csv"] = _csv(dataset)
        files[f"data/{dataset.name}.schema.json"] = _schema(dataset)
        downloads.append((project.language.typeset(  # (the colon spaced as the language does)
            f"{labels['web-data']}: {dataset.title or dataset.name} (CSV)"),
            f"data/{dataset.name}.csv"))
    downloads += [("BibTeX", f"cite/{name}.bib"), ("RIS", f"cite/{name}.ris"),
                  ("CSL JSON", f"cite/{name}.json")]
    found = _pictures(project, page.images, files)
    css, _, problems = own_or_builders(project.files, "styles/web.css", "stylesheet",
                                       "stylesheet")
    words = [v for v in labels.values() if isinstance(v, str)] + [
        e.text_content() for e in (page.nav, *page.chapters, page.citation, page.back)
        if e is not None] + [meta.title, meta.subtitle or "", *meta.authors,
                             meta.publisher.name, project.language.date(meta.date)]
    house = meta.house
    faces = [(f.path, f.family, f.weight, f.italic) for f in house.faces]
    faces += builders_faces({f[1] for f in faces})
    rules, found_fonts = web_fonts(faces, "".join(words), files, project.files,
                                   meta.lines.get("house", meta.loc))
    files["web.css"] = (_house_css(project, rules) + css).encode("utf-8")
    files["index.html"] = _index(document, index, page, downloads, _icon(project, files),
                                 name)
    return dict(sorted(files.items())), found + problems + found_fonts


def _index(document: Document, index: Index, page: Page, downloads: list[tuple[str, str]],
           icon: str, name: str) -> bytes:
    """``index.html``: the page's parts and metadata through ``templates/web.html.j2``."""
    from lxml import html as lxml_html

    from brief.html.templating import make_environment, render_template
    project = document.project
    meta, language = project.meta, project.language
    description = meta.abstract or meta.subject or meta.subtitle or meta.title
    cited = [r for r in project.references if r.key in {k for k, _ in index.bibliography}]

    def show(element: object) -> Markup | str:
        return Markup(lxml_html.tostring(element, encoding="unicode")) \
            if element is not None else ""
    values = {"lang": meta.language, "title": language.typeset(meta.title),
              "subtitle": language.typeset(meta.subtitle or ""),
              "whole_title": language.whole_title(meta.title, meta.subtitle),
              "authors": [language.typeset(a) for a in meta.authors],
              "date": language.date(meta.date), "publisher": meta.publisher.name,
              "labels": language.printed_labels(), "canonical": meta.url or "", "icon": icon,
              "logo": icon if meta.house.logo and icon != "data:," else "",
              "downloads": downloads,
              "tags": meta_tags(meta, description, f"{name}.pdf", cited),
              "json_ld": Markup(json_ld(meta, description, f"{name}.pdf")),
              "nav": show(page.nav), "chapters": [show(c) for c in page.chapters],
              "citation": show(page.citation), "back": show(page.back)}
    out = render_template(make_environment(project.files), "web.html.j2", values)
    return ("<!DOCTYPE html>\n" + str(out).strip() + "\n").encode("utf-8")


def _datasets(document: Document) -> list[Dataset]:
    used = sorted({f.spec["dataset"] for s in document.sections for f in s.figures + s.tables
                   if f.spec})
    return [document.project.datasets[n] for n in used]


def _csv(dataset: Dataset) -> bytes:
    """The dataset's rows as CSV: dates as written, lists joined by their delimiter."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in dataset.columns])
    for row in dataset.rows:
        cells = []
        for column in dataset.columns:
            value = row.values.get(column.name)
            if isinstance(value, (list, tuple)):
                value = column.delimiter.join(map(str, value))
            cells.append("" if value is None else value.iso() if hasattr(value, "iso")
                         else str(value).lower() if isinstance(value, bool) else value)
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def _schema(dataset: Dataset) -> bytes:
    """The dataset's Table Schema, for its CSV."""
    fields = []
    for column in dataset.columns:
        field = {"name": column.name, "type": TYPES.get(column.type, "string")}
        if column.title:
            field["title"] = column.title
        if column.type == "list":
            field["delimiter"] = column.delimiter
        if column.categories:
            field["categories"] = [{"value": v, "label": label}
                                   for v, label, _ in column.categories]
        fields.append(field)
    schema = {"fields": fields, **({"primaryKey": dataset.key} if dataset.key else {})}
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _pictures(project: Project, images: dict[str, str], files: dict[str, bytes]
              ) -> list[Diagnostic]:
    """The page's pictures, read from the brief's folder, beside the page."""
    found = []
    logo = project.meta.house.logo
    for source, target in images.items():
        path = logo if logo and source == logo.as_uri() else \
            project.root / "content" / source
        data, problems = project.files.read(path, what="picture", kind="image")
        found += problems
        if data is not None:
            files[target] = data
    return found


def _house_css(project: Project, rules: list[str]) -> str:
    """The ``@font-face`` ``rules`` and the house's colours and families, before web.css."""
    house = project.meta.house
    from brief.html.templating import css_string
    rules = list(rules)
    light, dark = schemes(house.colours)
    root = [f"--{k}: {v};" for k, v in sorted(light.items())]
    root += [f"--{k}-dark: {v};" for k, v in sorted(dark.items())]
    if body := house.fonts.get("body"):
        root.append(f'--serif: {css_string(body)}, "Source Serif Pro", serif;')
    if headings := house.fonts.get("headings"):
        root.append(f'--sans: {css_string(headings)}, "Source Sans Pro", sans-serif;')
    if root:
        rules.append(":root { " + " ".join(root) + " }")
    return "\n".join(rules) + "\n"


def _icon(project: Project, files: dict[str, bytes]) -> str:
    """The page's icon: the house's logo if it has one, else none (an empty data URL, so
    that a browser does not ask the server for ``favicon.ico``)."""
    logo = project.meta.house.logo
    if logo is not None:
        data, _ = project.files.read(logo, what="logo", kind="image")
        if data is not None:
            name = f"icon{logo.suffix.lower()}"
            files[name] = data
            return name
    return "data:,"
