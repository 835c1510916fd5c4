"""Turn a parsed ``Document`` into an ``Index``: the contents and one namespace of ids."""
from __future__ import annotations

from .model import BuildError, Diagnostic, Document, Index, Loc, TocEntry


def resolve(document: Document) -> Index:
    """Number and collect what the layout points to; raise on clashing ids."""
    places: dict[str, Loc] = {}
    diagnostics: list[Diagnostic] = []

    def claim(ident: str, loc: Loc) -> None:
        if ident in places:
            diagnostics.append(Diagnostic(loc, "error", f"id '{ident}' is already used at "
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
    if diagnostics:
        raise BuildError(diagnostics)
    return Index(tuple(toc), frozenset(places))
