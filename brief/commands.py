"""The command line's other commands: ``new DIR`` starts a brief, ``import MANUSCRIPT.docx
DIR`` makes one from a Word manuscript, ``site`` publishes a series (``brief/web/site.py``),
``book`` binds briefs into a briefing book (``brief/book/``); their options (``cli.py`` has
the build's)."""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brief.book.plan import BookRun

URL = re.compile(r"^https?://[^\s]+/$")  # (as brief/schemas/site.json's url)


Builds = Callable[[list[tuple[Path, list[str]]]], int]


def other_command(argv: list[str], invoked_as: str, build_each: Builds) -> int:
    """``argv``: the command's name, then its arguments; ``build_each``: the build of
    several briefs at once, each with its options (``cli.build_each``)."""
    if argv[0] == "site":
        return site(argv[1:], invoked_as, build_each)
    if argv[0] == "book":
        from brief.book.make import make_book
        return make_book(_parse_book(argv[1:], invoked_as), build_each)
    if argv[0] == "new":
        from brief.run.scaffold import new_brief
        return new_brief(_parse_new(argv[1:], invoked_as), invoked_as)
    options = _parse_import(argv[1:], invoked_as)
    if options.review:
        from brief.word.review import review
        return review(options.manuscript, options.dir, options.apply, invoked_as)
    from brief.word.importer import import_manuscript
    changes = "accept" if options.accept_changes else "reject" if options.reject_changes \
        else None
    return import_manuscript(options.manuscript, options.dir, changes, options.force,
                             invoked_as)


def _parse_new(argv: list[str], invoked_as: str) -> Path:
    parser = argparse.ArgumentParser(prog=f"{invoked_as} new", description="Start a new "
                                     "brief in DIR: a cover, two short sections, a citation, "
                                     "a note, a dataset with its table and chart, a "
                                     "cross-reference.")
    parser.add_argument("dir", type=Path, metavar="DIR", help="a folder that does not exist "
                        "yet, or is empty")
    return parser.parse_args(argv).dir


def _parse_import(argv: list[str], invoked_as: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"{invoked_as} import", description="Make a brief in DIR from a Word manuscript: "
        "a section per Heading 1, its notes, citations (Zotero, Mendeley, EndNote), figures, "
        "tables and comments (as editor's queries).")
    parser.add_argument("manuscript", type=Path, metavar="MANUSCRIPT.docx")
    parser.add_argument("dir", type=Path, metavar="DIR", help="a folder that does not exist "
                        "yet, or is empty")
    changes = parser.add_mutually_exclusive_group()
    changes.add_argument("--accept-changes", action="store_true",
                         help="accept the manuscript's tracked changes")
    changes.add_argument("--reject-changes", action="store_true",
                         help="reject the manuscript's tracked changes")
    parser.add_argument("--force", action="store_true", help="DIR holds a brief: replace "
                        "the files the import makes (and only those)")
    parser.add_argument("--review", action="store_true", help="MANUSCRIPT is a reviewed "
                        "Word edition of the brief in DIR: print its tracked changes as a "
                        "diff of the sections and its comments as queries")
    parser.add_argument("--apply", action="store_true", help="with --review: make the "
                        "changes and write the comments as queries into the sections")
    return parser.parse_args(argv)


def site(argv: list[str], invoked_as: str, build_each: Builds) -> int:
    """``site SITE.yaml`` or ``site DIR... --title T --url URL``: read the site, build
    each brief's web edition in parallel (their messages in the site's order), then write
    the site's folder whole; or say every problem and keep the previous site."""
    from brief.diagnostics import Loc
    from brief.run.outputs import WriteError, write_folder
    from brief.web.series import site_files
    from brief.web.site import Site, failed, published, read_site, site_folder, site_of
    options = _parse_site(argv, invoked_as)
    out = site_folder(options.sources[0]) if options.file else \
        options.output or Path("output/site")
    read, found = read_site(options.sources[0]) if options.file else site_of(Site(
        options.title, options.url, tuple((d, Loc(str(d))) for d in options.sources), out))
    if read is None or any(d.level == "error" for d in found):
        return failed(found, out)
    if build_each([(folder, ["--editions", "web", *(["--strict"] if options.strict else [])])
                   for folder, _ in read.briefs]):
        return failed([], out)
    briefs, found = published(read)
    files, more = site_files(read, briefs)
    found += more
    if any(d.level == "error" for d in found):
        return failed(found, out)
    try:
        write_folder(out, files)
    except WriteError as failure:
        return failed([], out, str(failure))
    for diagnostic in found:
        print(diagnostic, file=sys.stderr)
    print(f"{out}/ ({len(briefs)} briefs, "
          f"{len({b.meta.language.split('-')[0] for b in briefs})} language(s))")
    return 0


def _parse_book(argv: list[str], invoked_as: str) -> BookRun:
    parser = argparse.ArgumentParser(
        prog=f"{invoked_as} book", description="Bind briefs into a briefing book: the "
        "pack's cover, one contents page, then each brief as it prints alone, its pages "
        "numbered through the book; written to output/BOOK.pdf beside the book file.")
    parser.add_argument("file", type=Path, metavar="BOOK.yaml", help="the book file: "
                        "title, subtitle, date, publisher (as in brief.yaml), language, "
                        "covers (keep or title-page) and briefs (the folders, relative to it)")
    parser.add_argument("--booklet", action="store_true", help="also write the book as a "
                        "booklet for an office printer (output/BOOK-booklet.pdf)")
    parser.add_argument("--archival", action="store_true", help="the archival book "
                        "(PDF/A-3a, output/BOOK-archival.pdf), every brief's data attached")
    parser.add_argument("--strict", action="store_true",
                        help="build each brief with --strict (warnings count as errors)")
    from brief.book.plan import BookRun
    return BookRun(**vars(parser.parse_args(argv)))


def _parse_site(argv: list[str], invoked_as: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"{invoked_as} site", description="Publish a series: build each brief's web "
        "edition, then an index page per language listing them, an Atom feed and a "
        "sitemap, in one folder.")
    parser.add_argument("sources", nargs="+", type=Path, metavar="SITE.yaml | DIR",
                        help="a site file (title, url, briefs: the folders, relative to "
                        "it; the site goes to output/SITE/ beside it), or brief folders")
    parser.add_argument("--title", help="with folders: the site's name")
    parser.add_argument("--url", help="with folders: where the site is published "
                        "(https://.../ ending in /)")
    parser.add_argument("--output", type=Path, metavar="DIR",
                        help="with folders: the folder to write (default: output/site)")
    parser.add_argument("--strict", action="store_true",
                        help="build each brief with --strict (warnings count as errors)")
    options = parser.parse_args(argv)
    refuse = parser.error  # (exits 2 with the usage)
    options.file = len(options.sources) == 1 and options.sources[0].suffix in (".yaml",
                                                                              ".yml")
    if options.file and (options.title or options.url or options.output):
        refuse("with a site file, its title, url and folder come from the file")
    if not options.file and not (options.title and options.url):
        refuse("with brief folders, give the site's --title and --url")
    if options.url and not URL.match(options.url):
        refuse(f"--url {options.url!r}: give the site's address, https://.../ ending in /")
    return options
