"""The briefing book bound from PDFs: the book's own pages (cover and contents), then each
brief's as it printed with the book's folios. One page tree; one structure tree (each
brief a ``Part`` in its own language under the book's ``Document``, its marked-content
keys renumbered after those before it); named destinations kept apart by a prefix per
brief (``b2-introduction``), so that every link leads where it led; bookmarks nested book
→ brief → section; page labels that agree with the folios (the book's pages roman, then
the page's number in the book)."""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Mark:
    """A bookmark: its title, its page (from 0) and the bookmarks under it."""

    title: str
    page: int
    children: tuple[Mark, ...] = ()


def bookmarks(pdf: bytes) -> list[Mark]:
    """The bookmarks of a PDF with their pages."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: n for n, page in enumerate(document.pages)}
        with document.open_outline() as outline:
            return [_mark(item, pages) for item in outline.root]


def _mark(item: pikepdf.OutlineItem, pages: dict) -> Mark:
    destination = item.destination
    page = pages.get(destination[0].objgen, 0) \
        if isinstance(destination, pikepdf.Array) and len(destination) else 0
    return Mark(str(item.title), page, tuple(_mark(child, pages) for child in item.children))


def bind(front: bytes, briefs: list[tuple[bytes, str]], slugs: list[str], marks: list[Mark],
         targets: dict[str, int]) -> bytes:
    """One PDF of ``front`` then each of ``briefs`` (a PDF, its language); ``slugs``: the
    briefs' folder names, which name their attached files (``FOLDER-FILE``);
    ``marks``: the book's bookmarks; ``targets``: where each of the front's named
    destinations leads (a page from 0)."""
    with pikepdf.open(io.BytesIO(front)) as book:
        root = book.Root.StructTreeRoot
        document = _top_element(root)
        parents = list(root.ParentTree.Nums)
        dests = dict(_named(book, "/Dests"))
        files: dict[str, pikepdf.Object] = {}  # the archival edition's attachments
        for number, (pdf, language) in enumerate(briefs, start=1):
            with pikepdf.open(io.BytesIO(pdf)) as brief:
                shift = max((int(k) for k in parents[::2]), default=-1) + 1
                _renumber(brief, shift, f"b{number}-")
                with warnings.catch_warnings():  # (the named destinations: copied below)
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    book.pages.extend(brief.pages)
                top = _top_element(brief.Root.StructTreeRoot)
                del top["/P"]  # (its parent is the book's, not the brief's tree root)
                part = book.copy_foreign(top)
                part.S, part.P, part.Lang = pikepdf.Name.Part, document, language
                document.K.append(part)
                for key, value in zip(*[iter(brief.Root.StructTreeRoot.ParentTree.Nums)] * 2):
                    parents += [int(key) + shift, _copied(book, value)]
                for name, value in _named(brief, "/Dests"):
                    dests[f"b{number}-{name}"] = _copied(book, value)
                for name, value in _named(brief, "/EmbeddedFiles"):
                    files[f"{slugs[number - 1]}-{name}"] = _attached(
                        book, value, f"{slugs[number - 1]}-{name}")
        for name, page in targets.items():
            dests[name] = pikepdf.Array([book.pages[page].obj, pikepdf.Name.Fit])
        root.ParentTree = book.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(parents)))
        root.ParentTreeNextKey = max(int(k) for k in parents[::2]) + 1
        names = [item for name in sorted(dests) for item in (pikepdf.String(name), dests[name])]
        if "/Names" not in book.Root:  # (a front without links has no name tree)
            book.Root.Names = pikepdf.Dictionary()
        book.Root.Names.Dests = book.make_indirect(pikepdf.Dictionary(
            Names=pikepdf.Array(names)))
        if files:  # (each also an associated file of the book, as PDF/A-3 wants)
            book.Root.Names.EmbeddedFiles = book.make_indirect(pikepdf.Dictionary(
                Names=pikepdf.Array([item for name in sorted(files)
                                     for item in (pikepdf.String(name), files[name])])))
            book.Root.AF = pikepdf.Array([files[name] for name in sorted(files)])
        _outline(book, marks)
        front_pages = min(targets.values(), default=len(book.pages))
        book.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(
            [0, pikepdf.Dictionary(S=pikepdf.Name.r), front_pages,
             pikepdf.Dictionary(S=pikepdf.Name.D, St=front_pages + 1)]))
        out = io.BytesIO()
        book.save(out, deterministic_id=True)  # the id derives from the content
        return out.getvalue()


def _copied(book: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """``value`` of another PDF in ``book``: its indirect objects copied once (a page or a
    structure element copied already is the same object)."""
    if isinstance(value, (pikepdf.Array, pikepdf.Dictionary)) and value.is_indirect:
        return book.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copied(book, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(book, item) for key, item in value.items()})
    return value


def _attached(book: pikepdf.Pdf, spec: pikepdf.Object, name: str) -> pikepdf.Object:
    """A brief's attached file in the book, named ``name`` there."""
    copied = _copied(book, spec)
    copied = copied if copied.is_indirect else book.make_indirect(copied)
    copied.F, copied.UF = pikepdf.String(name), pikepdf.String(name)
    return copied


def _top_element(root: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The structure tree's one top element (WeasyPrint's ``Document``), its kids an
    array."""
    top = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    if not isinstance(top.K, pikepdf.Array):
        top.K = pikepdf.Array([top.K])
    return top


def _named(pdf: pikepdf.Pdf, tree: str) -> list[tuple[str, pikepdf.Object]]:
    """The pairs of one of the document's name trees (none where it has none: a brief
    with no link has no named destination)."""
    return _names(pdf.Root.get("/Names", pikepdf.Dictionary()).get(tree, pikepdf.Dictionary()))


def _names(tree: pikepdf.Dictionary) -> list[tuple[str, pikepdf.Object]]:
    """The (name, value) pairs of a name tree, its kids' included."""
    pairs = list(zip(*[iter(tree.get("/Names", []))] * 2))
    found = [(str(k), v) for k, v in pairs]
    for kid in tree.get("/Kids", []):
        found += _names(kid)
    return found


def _renumber(brief: pikepdf.Pdf, shift: int, prefix: str) -> None:
    """The brief's marked-content keys moved past ``shift``, its links' named destinations
    given ``prefix`` (its name tree is renamed as it is copied)."""
    for page in brief.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + shift
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + shift
            if isinstance(annotation.get("/Dest"), pikepdf.String):
                annotation.Dest = pikepdf.String(prefix + str(annotation.Dest))
            action = annotation.get("/A")
            if action is not None and isinstance(action.get("/D"), pikepdf.String):
                action.D = pikepdf.String(prefix + str(action.D))


def _outline(book: pikepdf.Pdf, marks: list[Mark]) -> None:
    def item(mark: Mark) -> pikepdf.OutlineItem:
        made = pikepdf.OutlineItem(mark.title, mark.page)
        made.children.extend(item(child) for child in mark.children)
        return made
    with book.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(item(mark) for mark in marks)
