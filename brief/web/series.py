"""The pages of a series site (``site.py`` builds the briefs): an index page per language
(``templates/site.html.j2``: each brief's title, series and number, authors, date and
summary, with links to its web edition and its PDF, newest first), an Atom feed beside each,
one sitemap, the stylesheet (the web edition's, then ``styles/site.css``) and the builder's
fonts cut to the pages' characters. Every brief's web edition goes in a folder of its
name. The first language (the site's, else the first brief's) has ``index.html``, each other
language ``LANG/index.html``; its words are the builder's labels in that language."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup

from brief.diagnostics import Diagnostic
from brief.web.site import Published, Site

ATOM, SITEMAP = "http://www.w3.org/2005/Atom", "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Group:
    """The briefs of one language, newest first, and where their page is (``''`` or
    ``fr/``)."""

    tag: str  # the language tag its page declares: its first brief's
    folder: str
    briefs: list[Published]


def site_files(site: Site, published: list[Published]
               ) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every file of the site by its path inside the site's folder."""
    from brief.home import builders_text
    from brief.web.fonts import builders_faces, web_fonts
    files: dict[str, bytes] = {}
    for brief in published:
        for path in sorted(brief.web.rglob("*")):
            if path.is_file():
                files[f"{brief.slug}/{path.relative_to(brief.web).as_posix()}"] = \
                    path.read_bytes()
    groups = _groups(site, published)
    for group in groups:
        files[f"{group.folder}index.html"] = _index(site, group, groups)
        files[f"{group.folder}feed.xml"] = _feed(site, group)
    files["sitemap.xml"] = _sitemap(site, groups)
    text = "".join(files[f"{g.folder}index.html"].decode() for g in groups)
    rules, found = web_fonts(builders_faces(), text, files)
    css = [builders_text(f"styles/{n}.css") for n in ("web", "site")]  # (no brief's own)
    files["site.css"] = ("\n".join(rules + css)).encode("utf-8")
    return dict(sorted(files.items())), found


def _groups(site: Site, published: list[Published]) -> list[Group]:
    """The briefs by language (its first subtag); the site's language first."""
    by: dict[str, list[Published]] = {}
    first = (site.language or published[0].meta.language).split("-")[0].lower()
    by[first] = []
    for brief in published:
        by.setdefault(brief.meta.language.split("-")[0].lower(), []).append(brief)
    return [Group(briefs[0].meta.language if briefs else site.language or key,
                  "" if n == 0 else f"{key}/", sorted(briefs, key=_newest))
            for n, (key, briefs) in enumerate(by.items()) if briefs or n == 0]


def _newest(brief: Published) -> tuple:
    date = brief.meta.date
    return (-date.year, -(date.month or 0), -(date.day or 0), brief.meta.title)


def _text(value: str | dict | None, tag: str) -> str:
    """A text of site.yaml in the language ``tag``: its own, else the first given."""
    if not isinstance(value, dict):
        return value or ""
    key = tag.split("-")[0].lower()
    return next((v for k, v in value.items() if k.lower() in (tag.lower(), key)),
                next(iter(value.values())))


def _series(brief: Published) -> str:
    series = brief.meta.series
    if not series:
        return ""
    number = series.get("number")
    return series["name"] + ("" if number is None
                             else f", {brief.language['number']}\u00a0{number}")


def _index(site: Site, group: Group, groups: list[Group]) -> bytes:
    from brief.html.templating import make_environment, render_template
    from brief.read.language import language
    up = "../" if group.folder else ""
    words = language(group.tag)
    entries = [{"href": f"{up}{b.slug}/index.html",
                "pdf": f"{up}{b.slug}/{b.pdf}",
                "title": b.language.typeset(b.meta.title),
                "subtitle": b.language.typeset(b.meta.subtitle or ""),
                "authors": ", ".join(b.language.typeset(a) for a in b.meta.authors),
                "date": b.language.date(b.meta.date), "iso": b.meta.date.iso(),
                "series": b.language.typeset(_series(b)),
                "summary": b.language.typeset(b.meta.abstract or ""), "lang": b.meta.language}
               for b in group.briefs]
    others = [(Locale.parse(g.tag, sep="-").get_language_name(), f"{up}{g.folder}index.html",
               g.tag) for g in groups if g is not group]
    values = {"lang": group.tag, "title": words.typeset(_text(site.title, group.tag)),
              "description": words.typeset(_text(site.description, group.tag)),
              "canonical": f"{site.url}{group.folder}", "css": f"{up}site.css",
              "alternates": [(g.tag, f"{site.url}{g.folder}") for g in groups],
              "labels": words.printed_labels(), "entries": entries, "languages": others,
              "pdf_label": Markup(words.printed_labels()["web-pdf"])}
    out = render_template(make_environment(), "site.html.j2", values)
    return ("<!DOCTYPE html>\n" + str(out).strip() + "\n").encode("utf-8")


def _stamp(brief: Published) -> str:
    date = brief.meta.date
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def _feed(site: Site, group: Group) -> bytes:
    """The group's Atom feed (RFC 4287): an entry per brief, newest first."""
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, name: str, text: str | None = None, **attributes: str
            ) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        element.text = text
        return element
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang":
                                          group.tag})
    add(feed, "title", _text(site.title, group.tag))
    add(feed, "id", f"{site.url}{group.folder}")
    add(feed, "link", rel="self", href=f"{site.url}{group.folder}feed.xml")
    add(feed, "link", rel="alternate", type="text/html", href=f"{site.url}{group.folder}")
    add(feed, "updated", max((_stamp(b) for b in group.briefs), default="1970-01-01T00:00:00Z"))
    for brief in group.briefs:
        entry = add(feed, "entry")
        page = f"{site.url}{brief.slug}/"
        add(entry, "title", brief.language.whole_title(brief.meta.title, brief.meta.subtitle))
        add(entry, "id", page)
        add(entry, "link", rel="alternate", type="text/html", href=page)
        add(entry, "link", rel="enclosure", type="application/pdf", href=page + brief.pdf)
        add(entry, "published", _stamp(brief))
        add(entry, "updated", _stamp(brief))
        for name in brief.meta.authors or (brief.meta.publisher.name,):
            add(add(entry, "author"), "name", name)
        if summary := brief.meta.abstract or brief.meta.subtitle:
            add(entry, "summary", brief.language.typeset(summary))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _sitemap(site: Site, groups: list[Group]) -> bytes:
    """Every index page and every brief's page (with its date), as the sitemap protocol
    lists them."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    pages = [(f"{site.url}{g.folder}", None) for g in groups]
    pages += [(f"{site.url}{b.slug}/", b.meta.date.iso()) for g in groups for b in g.briefs]
    for address, date in pages:
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = address
        if date:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = date
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
