"""``build.py new DIR``: start a brief that builds clean at once, from ``brief/new/``."""
from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

from brief.home import PACKAGE

TEMPLATE = PACKAGE / "new"
# What brief.yaml may hold, as the loader checks it: a new brief.yaml names it in its first
# line ('# yaml-language-server: $schema=...'), as this installation's own file (no schema is
# on the web), so that an editor with a YAML language server completes and checks it.
SCHEMA = PACKAGE / "schemas" / "brief.json"


def new_brief(folder: Path, command: str = "python build.py") -> int:
    """A brief in ``folder`` (new, or empty): a cover, two short sections, a citation, a
    note, a dataset with its table and chart, a cross-reference."""
    name = command.split()[-1]
    existed = True  # (until known otherwise: nothing is removed that was there)
    try:
        refused = _refused(folder)
        if refused:
            print(f"{name} new: error: {refused}; name a new folder", file=sys.stderr)
            return 2
        existed = folder.exists()
        shutil.copytree(TEMPLATE, folder, dirs_exist_ok=True)
        brief = folder / "content" / "brief.yaml"
        brief.write_text(brief.read_text("utf-8").replace(
            "{schema}", SCHEMA.as_uri()).replace(
            "{date}", date.today().strftime("%Y-%m")).replace("{command}", command), "utf-8")
        (folder / "output").mkdir()
    except OSError as failure:
        if not existed:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"{name} new: error: cannot make the brief in {folder}: "
              f"{(failure.strerror or str(failure)).lower()}; name a folder you can write",
              file=sys.stderr)
        return 2
    print(f"started a brief in {folder}/: edit {folder}/content/, then build it with "
          f"'{command} {folder}'")
    return 0


def _refused(folder: Path) -> str | None:
    """Why no brief is made at ``folder``: it is a link, or not an empty folder, or what is
    above it is a file or a link to nothing."""
    if folder.is_symlink() or folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        return f"{folder} " + ("is a link" if folder.is_symlink() else
                               "already exists and is not an empty folder")
    for parent in folder.parents:
        if parent.is_symlink() and not parent.exists():
            return f"cannot make the brief in {folder}: {parent} is a link to nothing"
        if parent.exists():
            return None if parent.is_dir() else \
                f"cannot make the brief in {folder}: {parent} is a file, not a folder"
    return None
