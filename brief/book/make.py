"""``python build.py book BOOK.yaml``: the briefs built in parallel as they print alone
(a brief that changed nothing is not built again), which gives each its pages; the book's
own pages typeset to learn how many they are; the briefs built again in parallel with the
folios they take in the book (``--in-book``: their contents, cross-references and running
folios count through the book); then the contents with those pages, and the binding. A
brief that fails fails the book with its own messages, and the previous book is kept."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from brief.book.bind import Mark, bind, bookmarks
from brief.book.front import Entry, Listed, front_pdf
from brief.book.plan import Book, BookRun, read_book
from brief.diagnostics import Diagnostic

Builds = Callable[[list[tuple[Path, list[str]]]], int]


def make_book(options: BookRun, build_each: Builds) -> int:
    """The book of the options' file: its exit status."""
    book, found = read_book(options.file)
    if book is None:
        return failed(found, options.file.parent / "output" /
                      f"{options.file.stem}{'-archival' if options.archival else ''}.pdf")
    archival, out = options.archival, book.out
    if archival:
        out = out.with_name(f"{out.stem}-archival.pdf")
    given = ["--archival"] if archival else []
    given += ["--strict"] if options.strict else []
    folders = [folder for folder, _ in book.briefs]
    if build_each([(folder, given) for folder in folders]):
        return failed([], out, "a brief failed (its messages are above)")
    alone = [_read(folder, archival, book=False) for folder in folders]
    language = book.language or alone[0][1]
    _, front_pages, _ = front_pdf(book, language, _entries(alone, [1] * len(alone)), archival)
    counts = [_count(pdf) for pdf, _, _ in alone]  # (each PDF opened once)
    firsts = [front_pages + 1 + sum(counts[:n]) for n in range(len(counts))]
    total = front_pages + sum(counts)
    cover = ",title-page" if book.title_pages else ""
    if build_each([(folder, [*given, "--in-book", f"{first},{total}{cover}"])
                   for folder, first in zip(folders, firsts)]):
        return failed([], out, "a brief failed in the book (its messages are above)")
    placed = [_read(folder, archival, book=True) for folder in folders]
    moved = [str(folder) for folder, count, (pdf, _, _) in zip(folders, counts, placed)
             if count != _count(pdf)]
    if moved:
        return failed([], out, f"{', '.join(moved)} took another number of pages with the "
                      "book's folios; build the book again")
    front, pages, found = front_pdf(book, language, _entries(placed, firsts), archival)
    if pages != front_pages:
        return failed(found, out, "the contents took another number of pages; build the "
                      "book again")
    marks, targets = _marks(book, placed, firsts)
    data = bind(front, [(pdf, tag) for pdf, tag, _ in placed],
                [folder.resolve().name for folder in folders], marks, targets)
    return _write(out, data, found, options.booklet, book.title)


def _read(folder: Path, archival: bool, book: bool) -> tuple[bytes, str, object]:
    """A brief's PDF as its build wrote it, its language and its description."""
    from brief.handed import Edition
    from brief.read.inputs import Reader
    from brief.read.load import output_options
    from brief.read.meta import load_meta
    files = Reader(folder.resolve())
    name, paper = output_options(files)
    meta, _ = load_meta(files)
    edition = Edition(paper, archival=archival, name=name, book=(1, 1) if book else None)
    return (folder / "output" / f"{edition.stem}.pdf").read_bytes(), meta.language, meta


def _count(pdf: bytes) -> int:
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _entries(briefs: list[tuple[bytes, str, object]], firsts: list[int]) -> list[Entry]:
    """Each brief as the contents list it, its sections at their pages in the book."""
    entries = []
    for (pdf, tag, meta), first in zip(briefs, firsts):
        sections = tuple(Listed(mark.title, 1, first + mark.page) for mark in bookmarks(pdf))
        entries.append(Entry(_title(meta, tag), ", ".join(meta.authors),  # type: ignore
                             tag, first, sections))
    return entries


def _title(meta: object, tag: str) -> str:
    """A brief's title as it prints it: in its own language's typography."""
    from brief.read.language import language
    return language(tag).typeset(meta.title)  # type: ignore[attr-defined]


def _marks(book: Book, briefs: list[tuple[bytes, str, object]], firsts: list[int]
           ) -> tuple[list[Mark], dict[str, int]]:
    """The book's bookmarks (book → brief → section) and where the contents' links lead."""
    def moved(mark: Mark, by: int) -> Mark:
        return Mark(mark.title, mark.page + by, tuple(moved(c, by) for c in mark.children))
    children, targets = [], {}
    for number, ((pdf, tag, meta), first) in enumerate(zip(briefs, firsts), start=1):
        sections = [moved(mark, first - 1) for mark in bookmarks(pdf)]
        children.append(Mark(_title(meta, tag), first - 1, tuple(sections)))
        targets[f"book-{number}"] = first - 1
        targets.update({f"book-{number}-{n}": mark.page
                        for n, mark in enumerate(sections, start=1)})
    return [Mark(book.title, 0, tuple(children))], targets


def _write(out: Path, data: bytes, found: list[Diagnostic], booklet: bool, title: str
           ) -> int:
    from brief.run.outputs import WriteError, write_together
    files = {out: data}
    if booklet:
        from brief.pdf.booklet import booklet as imposed
        files[out.with_name(f"{out.stem}-booklet.pdf")] = imposed(data, title)
    try:
        write_together(files)
    except WriteError as failure:
        return failed(found, out, str(failure))
    for diagnostic in found:
        print(diagnostic, file=sys.stderr)
    print(f"wrote {out} ({_count(data)} pages)" + (
        f" and {out.with_name(out.stem + '-booklet.pdf')}" if booklet else ""))
    return 0


def failed(found: list[Diagnostic], out: Path, why: str = "") -> int:
    """Say every problem, and that the previous book was kept: the exit status."""
    for diagnostic in sorted(found):
        print(diagnostic, file=sys.stderr)
    kept = f"; {out} was left unchanged" if out.exists() else f"; no {out} was written"
    print(f"book failed{': ' + why if why else ''}{kept}", file=sys.stderr)
    return 1
