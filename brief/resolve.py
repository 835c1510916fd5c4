"""Turn a parsed ``Document`` into an ``Index``: contents, ids, and every citation formatted.

Checks first (one id namespace, known citation keys, a usable style), then formats: the
citation processor runs only on a document whose citations all resolve.
"""
from __future__ import annotations

import difflib

from .cite import format_citations, style_path
from .model import BuildError, Diagnostic, Document, Index, Loc, TocEntry


def _ids(document: Document) -> tuple[list[TocEntry], dict[str, Loc], list[Diagnostic]]:
    places: dict[str, Loc] = {}
    problems: list[Diagnostic] = []

    def claim(ident: str, loc: Loc) -> None:
        if ident in places:
            problems.append(Diagnostic(loc, "error", f"id '{ident}' is already used at "
                                       f"{places[ident]}; ids must be unique"))
        else:
            places[ident] = loc

    toc: list[TocEntry] = []
    for section in document.sections:
        claim(section.source.id, section.source.loc)
        toc.append(TocEntry(section.source.id, 1, section.source.title))
        for heading in section.headings:
            claim(heading.id, heading.loc)
            if heading.level == 2:
                toc.append(TocEntry(heading.id, 2, heading.text))
    for agreement in document.project.agreements:
        claim(agreement.id, agreement.loc)
    return toc, places, problems


def lint_citations(document: Document) -> list[Diagnostic]:
    """Unknown keys are errors (with the closest keys); references never cited, warnings."""
    references = {r.key: r for r in document.project.references}
    problems, cited = [], set()
    for cite in document.cites:
        for key in cite.keys:
            cited.add(key)
            if key not in references:
                close = difflib.get_close_matches(key, references, n=3)
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
                    f"add it to content/{document.project.meta.references}"
                problems.append(Diagnostic(cite.loc, "error",
                                           f"unknown citation key '{key}'; {hint}"))
    for key, reference in references.items():
        if key not in cited:
            problems.append(Diagnostic(reference.loc, "warning",
                                       f"reference '{key}' is never cited; cite it or "
                                       "remove it"))
    return problems


def resolve(document: Document, strict: bool = False) -> tuple[Index, list[Diagnostic]]:
    """Return the index and the warnings; raise ``BuildError`` on errors (and, with
    ``strict``, on warnings)."""
    project = document.project
    toc, places, problems = _ids(document)
    problems += lint_citations(document)
    style = style_path(project.meta.style, project.root)
    if style is None:
        problems.append(Diagnostic(
            project.meta.lines.get("style", project.meta.loc), "error",
            f"unknown citation style '{project.meta.style}'; use chicago-notes-bibliography, "
            "chicago-author-date, or the path of a .csl file inside the project"))
    if strict:
        problems = [Diagnostic(p.loc, "error", p.message) for p in problems]
    if any(p.level == "error" for p in problems):
        raise BuildError(problems)
    assert style is not None
    formatted = format_citations(document.flow, project.references, style,
                                 project.meta.language) if document.cites else None
    title = "Bibliography"
    if formatted and formatted.bibliography:
        title = "Bibliography" if formatted.notes_style else "References"
        toc.append(TocEntry("bibliography", 1, title))
    return Index(tuple(toc), frozenset(places),
                 formatted.citations if formatted else {},
                 formatted.notes_style if formatted else True,
                 formatted.bibliography if formatted else (), title), problems
