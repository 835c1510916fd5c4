"""The command line's other commands: ``new DIR`` starts a brief, ``import MANUSCRIPT.docx
DIR`` makes one from a Word manuscript (their options; ``cli.py`` has the build's)."""
from __future__ import annotations

import argparse
from pathlib import Path


def other_command(argv: list[str], invoked_as: str) -> int:
    """``argv``: the command's name, then its arguments."""
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
