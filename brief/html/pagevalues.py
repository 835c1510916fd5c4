"""What ``brief.html.j2`` is given (``page_values``): the brief's fields (``meta_values``), its
contents, edition, sections, figures, tables, labels, bibliography and suggested citation,
all as plain values (``brief/html/templating.py``), what prints as text typeset as the
document's language prints it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from markupsafe import Markup

from brief.handed import Edition, Index
from brief.html.marks import query_html
from brief.html.templating import css_string
from brief.model import Document, Meta, Query
from brief.read.language import Language


def page_values(document: Document, index: Index, edition: Edition, built: datetime | None,
                bodies: list[Markup]) -> dict:
    """What ``brief.html.j2`` is given: plain values only (``brief/html/templating.py``)."""
    project = document.project
    meta, lang = project.meta, project.language
    query = lambda q: {"text": q.text, "loc": str(q.loc),  # noqa: E731
                       "html": Markup(query_html(q, edition, lang["query"]))}
    return {
        "meta": meta_values(meta, lang, query),
        "toc": [{"id": e.id, "level": e.level, "text": lang.typeset(e.text)}
                for e in index.toc],
        "edition": {"paper": edition.paper, "print": edition.print, "draft": edition.draft,
                    "title_page": edition.title_page,
                    "archival": edition.archival, "variant": edition.variant,
                    "stem": edition.stem},
        "sections": [({"source": {"id": s.source.id, "title": lang.typeset(s.source.title),
                                  "loc": str(s.source.loc)}}, body)
                     for s, body in zip(document.sections, bodies)],
        "t": lang.printed_labels(), "css_string": css_string,
        "figures": [(i, n, lang.typeset(c)) for i, n, c in index.figures],
        "tables": [(i, n, lang.typeset(c)) for i, n, c in index.tables],
        "labels": dict(index.labels), "places": {k: str(v) for k, v in index.places.items()},
        "bibliography": [(key, Markup(text)) for key, text in index.bibliography],
        "bibliography_title": index.bibliography_title,
        "suggested_citation": Markup(index.self_citation),
        "built": built.strftime("%Y-%m-%d %H:%M UTC") if built else ""}


def meta_values(meta: Meta, lang: Language, query: Callable[[Query], dict]) -> dict:
    """brief.yaml's fields as plain values: the date as ``iso`` and ``text``, places as
    ``path:line``, the house's logo and fonts as file URIs."""
    house = meta.house
    date = meta.date
    text = lambda value: lang.typeset(value) if isinstance(value, str) else value  # noqa: E731
    return {  # (what prints as text is typeset as the language prints it)
        "title": text(meta.title), "subtitle": text(meta.subtitle), "language": meta.language,
        "authors": [text(a) for a in meta.authors],
        "credits": [{k: text(v) if k in ("name", "affiliation") else v for k, v in c.items()}
                    for c in meta.credits],
        "date": {"iso": date.iso(), "text": lang.date(date), "year": date.year,
                 "month": date.month, "day": date.day},
        "publisher": {"name": text(meta.publisher.name),
                      "description": text(meta.publisher.description),
                      "address": [text(a) for a in meta.publisher.address],
                      "url": meta.publisher.url, "email": meta.publisher.email,
                      "phone": meta.publisher.phone},
        "series": {k: text(v) for k, v in meta.series.items()},
        "report_number": meta.report_number, "doi": meta.doi,
        "abstract": text(meta.abstract), "layout": meta.layout.plain(),
        "subject": text(meta.subject), "keywords": [text(k) for k in meta.keywords],
        "licence": text(meta.licence), "disclaimer": text(meta.disclaimer),
        "queries": [query(q) for q in meta.queries],
        "loc": str(meta.loc), "lines": {k: str(v) for k, v in meta.lines.items()},
        "house": {"colours": dict(house.colours), "fonts": dict(house.fonts),
                  "faces": [{"family": f.family, "uri": f.uri, "weight": f.weight,
                             "italic": f.italic} for f in house.faces],
                  **({"logo": house.logo.as_uri()} if house.logo else {})}}
