"""Turn the brief's description (brief.yaml) into what the web reads about a page: the
``<meta>`` tags of Google Scholar (Highwire Press ``citation_*``), Dublin Core and Open
Graph, a JSON-LD ``Report`` (schema.org), and the brief's own citation as BibTeX, RIS and
CSL JSON. Names are written as the brief writes them (never split into given and family
names by guessing); a brief without authors is authored by its publisher."""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from brief.model import Meta, PartialDate, Reference

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _slash(date: PartialDate) -> str:
    return "/".join(str(p).zfill(2) for p in (date.year, date.month, date.day) if p)


def absolute(meta: Meta, name: str) -> str:
    """``name`` (a file of the web edition) as an address: absolute under ``url:``."""
    return urljoin(meta.url, name) if meta.url else name


def meta_tags(meta: Meta, description: str, pdf: str, cited: list[Reference]
              ) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of each ``<meta>`` tag, in a fixed order."""
    tags = [("name", "description", description),
            ("name", "citation_title", meta.title)]
    tags += [("name", "citation_author", a) for a in meta.authors]
    tags += [("name", "citation_publication_date", _slash(meta.date)),
             ("name", "citation_language", meta.language),
             ("name", "citation_pdf_url", absolute(meta, pdf)),
             ("name", "citation_technical_report_institution", meta.publisher.name)]
    if meta.report_number:
        tags.append(("name", "citation_technical_report_number", meta.report_number))
    if meta.doi:
        tags.append(("name", "citation_doi", meta.doi))
    for reference in cited:
        tags.append(("name", "citation_reference", _reference(reference.data)))
    tags += [("name", "DC.title", meta.title)]
    tags += [("name", "DC.creator", a) for a in meta.authors or (meta.publisher.name,)]
    tags += [("name", "DC.publisher", meta.publisher.name),
             ("name", "DC.date", meta.date.iso()), ("name", "DC.language", meta.language),
             ("name", "DC.type", "Text")]
    if meta.doi:
        tags.append(("name", "DC.identifier", f"doi:{meta.doi}"))
    tags += [("property", "og:type", "article"), ("property", "og:title", meta.title),
             ("property", "og:description", description),
             ("property", "og:site_name", meta.publisher.name),
             ("property", "og:locale", meta.language.replace("-", "_"))]
    if meta.url:
        tags.append(("property", "og:url", meta.url))
    return tags


def _reference(data: dict) -> str:
    """A cited work as Highwire's ``citation_reference`` writes one."""
    parts = [("citation_title", data.get("title"))]
    parts += [("citation_author", _name(n)) for n in data.get("author", [])]
    issued = (data.get("issued") or {}).get("date-parts") or [[]]
    parts.append(("citation_publication_date", str(issued[0][0]) if issued[0] else None))
    parts += [("citation_journal_title", data.get("container-title")),
              ("citation_publisher", data.get("publisher")),
              ("citation_doi", data.get("DOI")), ("citation_url", data.get("URL"))]
    return "; ".join(f"{k}={str(v).replace(';', ',')}" for k, v in parts if v)


def _name(name: dict) -> str:
    return name.get("literal") or " ".join(
        name[p] for p in ("given", "family") if name.get(p))


def json_ld(meta: Meta, description: str, pdf: str) -> str:
    """The brief as a schema.org ``Report``, in JSON-LD."""
    publisher = {"@type": "Organization", "name": meta.publisher.name}
    if meta.publisher.url:
        publisher["url"] = meta.publisher.url
    report = {"@context": "https://schema.org", "@type": "Report", "name": meta.title,
              "headline": meta.title, "description": description,
              "author": [{"@type": "Person", "name": a} for a in meta.authors] or [publisher],
              "publisher": publisher, "datePublished": meta.date.iso(),
              "inLanguage": meta.language,
              "encoding": {"@type": "MediaObject", "encodingFormat": "application/pdf",
                           "contentUrl": absolute(meta, pdf)}}
    if meta.subtitle:
        report["alternativeHeadline"] = meta.subtitle
    if meta.report_number:
        report["reportNumber"] = meta.report_number
    if meta.doi:
        report["identifier"] = f"https://doi.org/{meta.doi}"
    if meta.url:
        report["url"] = meta.url
    if meta.keywords:
        report["keywords"] = list(meta.keywords)
    # (a "</" inside a string would end the script element: JSON allows "<\/")
    return json.dumps(report, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _bibtex(text: str) -> str:
    return re.sub(r"([{}%&$#_\\])", r"\\\1", text)


def citation_files(meta: Meta, key: str) -> dict[str, bytes]:
    """The brief's citation as ``cite/KEY.bib``, ``.ris`` and ``.json`` (CSL JSON)."""
    authors = list(meta.authors)
    title = meta.title + (f": {meta.subtitle}" if meta.subtitle else "")
    bib = [f"@techreport{{{key},",  # (the title in two braces: as written, not recased)
           f"  title = {{{{{_bibtex(title)}}}}},"]
    if authors:
        bib.append("  author = {" + " and ".join(f"{{{_bibtex(a)}}}" for a in authors) + "},")
    bib.append(f"  institution = {{{_bibtex(meta.publisher.name)}}},")
    bib.append(f"  year = {{{meta.date.year}}},")
    if meta.date.month:  # (BibTeX's own month names: every style prints them in its way)
        bib.append(f"  month = {MONTHS[meta.date.month - 1]},")
    for field, value in (("number", meta.report_number), ("doi", meta.doi),
                         ("url", meta.url), ("langid", meta.language)):
        if value:
            bib.append(f"  {field} = {{{_bibtex(value)}}},")
    bib.append("}")
    ris = ["TY  - RPRT", f"TI  - {title}"] + [f"AU  - {a}" for a in authors]
    ris += [f"PB  - {meta.publisher.name}", f"PY  - {meta.date.year}",
            f"DA  - {_slash(meta.date)}", f"LA  - {meta.language}"]
    ris += [f"{tag}  - {value}" for tag, value in (("SN", meta.report_number),
                                                   ("DO", meta.doi), ("UR", meta.url)) if value]
    ris.append("ER  - ")
    csl = {"id": key, "type": "report", "title": title, "publisher": meta.publisher.name,
           "issued": {"date-parts": [[p for p in (meta.date.year, meta.date.month,
                                                   meta.date.day) if p]]},
           "language": meta.language}
    csl["author"] = [{"literal": a} for a in authors] or [{"literal": meta.publisher.name}]
    for field, value in (("number", meta.report_number), ("DOI", meta.doi),
                         ("URL", meta.url)):
        if value:
            csl[field] = value
    return {f"cite/{key}.bib": ("\n".join(bib) + "\n").encode(),
            f"cite/{key}.ris": ("\r\n".join(ris) + "\r\n").encode(),
            f"cite/{key}.json": (json.dumps([csl], ensure_ascii=False, indent=2) + "\n"
                                 ).encode()}
