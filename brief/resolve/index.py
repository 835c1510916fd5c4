"""Turn a parsed ``Document`` into an ``Index``: contents, labels of everything a reference
can point to, and every citation formatted.

Everything is checked (one id namespace, known citation keys and cross-reference targets, a
usable style) and reported, never raised: the conductor decides whether errors stop the
build (they do not stop a draft). Citations that cannot resolve are left out of the
processor's input and print as ``[?key]``.
"""
from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import replace

from brief.diagnostics import Diagnostic, Loc
from brief.handed import Index, Numbered, TocEntry
from brief.model import Cite, Dataset, Document, Figure, Meta
from brief.read.inputs import link_problem
from brief.read.language import Language, cell_text
from brief.resolve.cite import CiteError, bundled_style, format_citations

# "no. 13", "S. 9": an abbreviation and the number it counts stay on one line.
_ABBREVIATED_NUMBER = re.compile(r"(\b\w{1,4}\.) (?=\d)")


class _Ids:
    """The one namespace of ids, with what a cross-reference to each prints."""

    def __init__(self) -> None:
        self.places: dict[str, Loc] = {}
        self.labels: dict[str, str] = {}
        self.problems: list[Diagnostic] = []

    def claim(self, ident: str, loc: Loc, label: str) -> None:
        if ident in self.places:
            self.problems.append(Diagnostic(loc, "error", f"id '{ident}' is already used at "
                                            f"{self.places[ident]}; ids must be unique",
                                            code="duplicate-id"))
        else:
            self.places[ident], self.labels[ident] = loc, label


def _ids(document: Document) -> tuple[list[TocEntry], _Ids, list, list]:
    ids, toc, figures, tables = _Ids(), [], [], []
    lang = document.project.language
    figure, table = lang["figure"] + "\u00a0", lang["table"] + "\u00a0"  # never split
    for section in document.sections:
        source = section.source
        ids.claim(source.id, source.loc, source.title)
        toc.append(TocEntry(source.id, 1, source.title))
        for heading in section.headings:
            ids.claim(heading.id, heading.loc, heading.text)
            if heading.level == 2 and heading.listed:
                toc.append(TocEntry(heading.id, 2, heading.text))
        for float_ in section.figures:
            figures.append(Numbered(float_.id, len(figures) + 1, float_.caption))
            ids.claim(float_.id, float_.loc, f"{figure}{len(figures)}")
        for float_ in section.tables:
            tables.append(Numbered(float_.id, len(tables) + 1, float_.caption))
            ids.claim(float_.id, float_.loc, f"{table}{len(tables)}")
            if float_.kind == "dataset-table":
                _claim_rows(ids, document.project.datasets[float_.spec["dataset"]], float_,
                            f"{table}{len(tables)}", source.title, lang)
    return toc, ids, figures, tables


def _claim_rows(ids: _Ids, dataset: Dataset, table: Figure, label: str, section: str,
                lang: Language) -> None:
    """A placed dataset's rows with ids are cross-reference targets; ``row-label`` says what
    a reference prints (by default the table's label)."""
    columns = {c.name: c for c in dataset.columns}
    for row, _ in table.rows:
        if (ident := dataset.row_id(row)) is not None:
            values = {name: cell_text(columns[name], row.values.get(name), lang=lang)
                      for name in columns}
            text = table.spec.get("row-label", "{table}").format_map(
                {**values, "table": label, "section": section})
            ids.claim(ident, row.loc, _ABBREVIATED_NUMBER.sub("\\1\u00a0", text))


def _suggest(key: str, known: object) -> str:
    close = difflib.get_close_matches(key, list(known), n=3)  # type: ignore[call-overload]
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def lint_citations(document: Document) -> list[Diagnostic]:
    """Unknown keys are errors (with the closest keys); references never cited, warnings."""
    references = {r.key: r for r in document.project.references}
    problems, cited = [], set()
    for cite in document.cites:
        for key in cite.keys:
            cited.add(key)
            if key not in references:
                hint = _suggest(key, references) or \
                    f"add it to content/{document.project.meta.references}"
                problems.append(Diagnostic(cite.loc, "error",
                                           f"unknown citation key '{key}'; {hint}",
                                           code="unknown-citation"))
    for key, reference in references.items():
        if key not in cited:
            problems.append(Diagnostic(reference.loc, "warning",
                                       f"reference '{key}' is never cited; cite it or "
                                       "remove it", code="uncited-reference"))
    return problems


def resolve(document: Document, strict: bool = False) -> tuple[Index, list[Diagnostic]]:
    """Return the index and every problem found (with ``strict``, warnings are errors)."""
    project = document.project
    toc, ids, figures, tables = _ids(document)
    problems = ids.problems + lint_citations(document)
    for xref in (x for section in document.sections for x in section.xrefs):
        if xref.target not in ids.labels:
            hint = _suggest(xref.target, ids.labels) or "give the target an id"
            problems.append(Diagnostic(xref.loc, "error", f"cross-reference to unknown id "
                                       f"'{xref.target}'; {hint}", code="unknown-xref"))
    style_at = project.meta.lines.get("style", project.meta.loc)
    if project.meta.style.endswith(".csl"):  # the brief's own: read as its input
        style, found = project.files.text(project.meta.style, style_at, "style file",
                                          "citation style")
        problems += found
    else:
        bundled = bundled_style(project.meta.style)
        style = bundled.read_text("utf-8") if bundled else None
        if style is None:
            problems.append(Diagnostic(
                style_at, "error", f"unknown citation style '{project.meta.style}'; use "
                "chicago-notes-bibliography, chicago-author-date, or the path of a .csl file "
                "inside the project", code="unknown-style"))
    if strict:
        problems = [replace(p, level="error") for p in problems]
    places = {**{r.key: r.loc for r in project.references}, **ids.places}
    index = Index(tuple(toc), labels=ids.labels, places=places,
                  figures=tuple(figures), tables=tuple(tables))
    known = {r.key for r in project.references}
    flow = tuple(item for item in document.flow
                 if not isinstance(item, Cite) or set(item.keys) <= known)
    if style is None:
        return index, problems
    try:
        formatted = format_citations(flow, project.references, style, project.meta.language,
                                     csl_of_brief(project.meta, project.language["number"]),
                                     project.language.typeset,
                                     project.language["quotes"])
    except CiteError as failure:
        return index, problems + [Diagnostic(style_at, "error", str(failure),
                                             code=failure.code)]
    problems += [Diagnostic(_where(url, document), "error", link_problem(url) or "",
                            code="link-refused") for url in formatted.refused]
    lang = project.language
    title = lang["bibliography"] if formatted.notes_style else lang["references"]
    if formatted.bibliography:
        index = replace(index, toc=(*toc, TocEntry("bibliography", 1, title)))
    return replace(index, citations=formatted.citations, notes_style=formatted.notes_style,
                   bibliography=formatted.bibliography, bibliography_title=title,
                   self_citation=formatted.self_citation), problems


def _where(text: str, document: Document) -> Loc:
    """The citation or reference that holds ``text``, a link the processor made."""
    for cite in document.cites:
        if text in cite.raw:
            return cite.loc
    for reference in document.project.references:
        if text in str(reference.data):
            return reference.loc
    return document.project.meta.lines.get("style", document.project.meta.loc)


_PARTICLES = {"de", "del", "della", "der", "den", "des", "di", "da", "do", "dos", "du", "la",
              "le", "van", "von", "ten", "ter", "zu", "bin", "ibn", "al", "el"}


def csl_name(credit: dict) -> dict:
    """An author as the citation processor takes a name: a person's family and given names
    (as brief.yaml gives them, else the last word the family name, with the lower-case
    particles before it: "Ludwig van Beethoven"), or an organisation's name whole."""
    name = credit["name"]
    if credit.get("organisation"):
        return {"literal": name}
    if "family" in credit:
        return {"family": credit["family"], "given": credit.get("given", "")}
    words = name.split()
    if len(words) < 2:
        return {"literal": name}
    start = next((i for i in range(1, len(words) - 1) if words[i] in _PARTICLES),
                 len(words) - 1)
    family = words[start:]
    particle = list(itertools.takewhile(_PARTICLES.__contains__, family[:-1]))  # (leading)
    found = {"given": " ".join(words[:start]), "family": " ".join(family[len(particle):])}
    return found | ({"non-dropping-particle": " ".join(particle)} if particle else {})


def csl_of_brief(meta: Meta, number_label: str = "no.") -> dict:
    """The brief as a CSL report: its authors, or its publisher as corporate author; its
    series number with the language's label ("no. 7", "n° 7")."""
    authors = [csl_name(c) for c in meta.credits] or [{"literal": meta.publisher.name}]
    date = [meta.date.year] + [p for p in (meta.date.month, meta.date.day) if p]
    title = f"{meta.title}: {meta.subtitle}" if meta.subtitle else meta.title
    data = {"type": "report", "title": title, "author": authors,
            "publisher": meta.publisher.name, "issued": {"date-parts": [date]},
            "language": meta.language}
    if meta.publisher.url:
        data["URL"] = meta.publisher.url
    if meta.doi:
        data["DOI"] = meta.doi
    if meta.report_number:
        data["number"] = meta.report_number
    if meta.series:
        data["collection-title"] = meta.series["name"]
        if meta.series.get("number") is not None:
            data["collection-number"] = f"{number_label}\u00a0{meta.series['number']}"
    return data
