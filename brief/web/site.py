"""``python build.py site``: a series' briefs published together. ``site SITE.yaml`` (its
title, address and brief folders: ``brief/schemas/site.json``) or ``site DIR... --title T
--url URL`` builds each brief's web edition (in parallel, as ``--editions web`` does), then
writes one folder (``output/SITE/`` beside the file; ``--output`` for folders): each
brief's web edition in a folder named as the brief's, and the pages of ``series.py`` (an
index page per language, Atom feeds, a sitemap). A brief that fails fails the site, with its
own messages, and the previous site is kept."""
from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from brief.diagnostics import Diagnostic, Loc
from brief.model import Meta


@dataclass(frozen=True)
class Site:
    """What to publish: the titles and description (a text, or one per language tag), the
    site's address, the brief folders (with where each is named), the folder to write."""

    title: str | dict
    url: str
    briefs: tuple[tuple[Path, Loc], ...]
    out: Path
    language: str | None = None
    description: str | dict | None = None


@dataclass(frozen=True)
class Published:
    """One brief of the site: its folder's name (its place in the site), its description,
    its language, its web edition's folder and the PDF's name in it."""

    slug: str
    meta: Meta
    language: object  # read.language.Language
    web: Path
    pdf: str


def read_site(path: Path) -> tuple[Site | None, list[Diagnostic]]:
    """The site file at ``path``, checked against ``brief/schemas/site.json``; every
    problem at once, at its line; then each brief folder it names."""
    from brief.read.fields import schema, validate_node
    from brief.read.inputs import Reader
    from brief.read.yamlfile import plain, read_yaml
    text, found = Reader(path.parent).text(path.name)
    node, more = read_yaml(text, path.name) if text is not None else (None, [])
    found += more
    if node is None:
        found = found or [Diagnostic(Loc(path.name, 1), "error", "the file is empty; it "
                                     "needs title, url and briefs", code="empty-file")]
        return None, [replace(d, loc=Loc(str(path), d.loc.line)) for d in found]
    found += [Diagnostic(Loc(path.name, line), "error", message, code=code)
              for line, message, code in validate_node(schema("site"), node,
                                                       f"the site file {path.name}")]
    if found:  # (said with the file's path as given)
        return None, [replace(d, loc=Loc(str(path), d.loc.line)) for d in found]
    fields, items = plain(node), node.value["briefs"].value
    return site_of(Site(fields["title"], fields["url"],
                tuple((path.parent / i.value, Loc(str(path), i.line)) for i in items),
                site_folder(path), fields.get("language"),
                fields.get("description")))


def site_folder(path: Path) -> Path:
    """Where the site of the site file ``path`` is written: output/NAME/ beside it."""
    return path.parent / "output" / path.stem


def site_of(site: Site) -> tuple[Site, list[Diagnostic]]:
    """``site``, and where a folder it names holds no brief or two share a name."""
    return site, [d for folder, at in site.briefs for d in brief_at(folder, at)] + \
        _same_names(site)


def brief_at(folder: Path, at: Loc) -> list[Diagnostic]:
    if (folder / "content" / "brief.yaml").is_file():
        return []
    return [Diagnostic(at, "error", f"no brief in {folder} (it has no content/brief.yaml): "
                       "name the folder of a brief (the one holding content/)",
                       code="no-brief")]


def _same_names(site: Site) -> list[Diagnostic]:
    """Each brief's folder in the site is named as its own folder: two of one name clash."""
    seen: dict[str, Loc] = {}
    found = []
    for folder, at in site.briefs:
        name = folder.resolve().name
        if name in seen:
            found.append(Diagnostic(at, "error", f"two briefs in folders named '{name}' "
                                    f"(the other at {seen[name]}): the site puts each in a "
                                    "folder of its folder's name; rename one",
                                    code="same-folder-name"))
        seen.setdefault(name, at)
    return found


def published(site: Site) -> tuple[list[Published], list[Diagnostic]]:
    """Each brief's description (its build has checked it), and a warning where the brief
    says it is published elsewhere than the site puts it."""
    from brief.handed import Edition
    from brief.read.inputs import Reader
    from brief.read.language import load_language
    from brief.read.load import output_options
    from brief.read.meta import load_meta
    published, found = [], []
    for folder, _ in site.briefs:
        files = Reader(folder.resolve())
        meta, _ = load_meta(files)
        language, _ = load_language(meta.language, files, meta.lines["language"])
        name = output_options(files)[0]
        slug = folder.resolve().name
        published.append(Published(slug, meta, language, folder / "output" / Edition(
            name=name, web=True).stem, f"{name}.pdf"))
        if meta.url and meta.url != f"{site.url}{slug}/":
            found.append(Diagnostic(Loc(f"{folder}/content/brief.yaml",
                                        meta.lines["url"].line), "warning",
                                    f"the brief's url: is {meta.url}, but the site publishes "
                                    f"it at {site.url}{slug}/: its canonical link and PDF "
                                    "address point elsewhere; write that address as its url:",
                                    code="site-url"))
    return published, found


def failed(found: list[Diagnostic], out: Path | None, why: str = "") -> int:
    """Say every problem, and that the previous site in ``out`` was kept: the exit
    status."""
    for diagnostic in found:
        print(diagnostic, file=sys.stderr)
    kept = "" if out is None else f"; {out}/ was left unchanged" if out.exists() else \
        f"; no {out}/ was written"
    print(f"site failed{': ' + why if why else ''}{kept}", file=sys.stderr)
    return 1
