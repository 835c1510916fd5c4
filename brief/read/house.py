"""A brief's house style: logo, colours, fonts and paper, written as data.

``house:`` in brief.yaml may name a shared house file (``file: ../house.yaml``) that the
briefs of a series point to: it may sit in the brief's folder or in the folder that holds
the brief's folder (the series folder), nowhere else. The brief's own keys win over the
file's (colours one by one). Paths are relative to the YAML file that names them.

Fonts are font files (.ttf, .otf, .woff) inside the brief's or the house file's folder, or
the font files of an installed Python package; each file's family, weight and slant are
read from the file itself. ``body`` and ``headings`` name the families to use.
"""
from __future__ import annotations

import importlib.util
import io
import os
import struct
from pathlib import Path
from typing import Callable

from fontTools.ttLib import TTFont, TTLibError

from brief.diagnostics import Diagnostic, Loc
from brief.look import Face, House
from brief.read.fields import Collector, schema, validate_node
from brief.read.inputs import FONT_SUFFIXES, Reader, digest
from brief.read.yamlfile import Node, plain, read_yaml

BUNDLED_FAMILIES = ("Source Serif Pro", "Source Sans Pro")


def load_house(files: Reader, node: Node, rel: str) -> tuple[House, list[Diagnostic]]:
    """The brief's house style, checked. ``node``, brief.yaml's ``house:``, has passed
    house.json (brief.json refers to it; ``load_meta``); a shared house file it names is
    checked against house.json here."""
    check = Collector(rel)
    mine = node.value
    styles = [(files.root / "content", mine, check, files.root)]
    if "file" in mine:
        shared = _shared(files, mine["file"], check)
        if shared is not None:
            folder, found, checked = shared
            styles.insert(0, (folder, found, checked, files.series))
    colours: dict[str, str] = {}
    faces: list[Face] = []
    paper, logo, patterns = None, None, False
    named: dict[str, tuple[str, Loc]] = {}  # body/headings → (family, where it is named)
    for folder, fields, where, within in styles:
        colours.update(plain(fields["colours"]) if "colours" in fields else {})
        if "paper" in fields:
            paper = fields["paper"].value
        if "patterns" in fields:
            patterns = fields["patterns"].value
        if "logo" in fields:
            given = fields["logo"]
            _, problems = files.read(folder / given.value, Loc(where.path, given.line), "logo",
                                     "image", within)
            if problems:
                where.diagnostics += problems
            else:
                logo = (folder / given.value).resolve()
        if "fonts" in fields:
            fonts = fields["fonts"].value
            named |= {k: (fonts[k].value, Loc(where.path, fonts[k].line))
                      for k in ("body", "headings") if k in fonts}
            _fonts(files, folder, fonts, where, faces, within)
    known = sorted({f.family for f in faces} | set(BUNDLED_FAMILIES))
    for use, (family, loc) in named.items():
        if family not in known:
            check.diagnostics.append(Diagnostic(loc, "error", f"no font of the family "
                                                f"'{family}' for {use}; the families at hand "
                                                f"are {', '.join(known)}", code="unknown-font"))
    shared = [w for _, _, w, _ in styles if w is not check]
    fonts = {use: family for use, (family, _) in named.items()}
    house = House(colours, fonts, tuple(faces), paper, logo, patterns)
    return house, check.diagnostics + [d for w in shared for d in w.diagnostics]


def shared_path(root: Path, name: str) -> Path | None:
    """The house file ``name`` as brief.yaml writes it (relative to content/), or None if it
    leaves the series folder (the folder holding the brief's folder); the reader then
    confines it, links included."""
    brief = root.resolve()
    path = Path(os.path.normpath(brief / "content" / name))
    return path if path.is_relative_to(brief.parent) and brief.parent != brief else None


def _shared(files: Reader, name: Node, check: Collector
            ) -> tuple[Path, dict, Collector] | None:
    path = shared_path(files.root, name.value)
    if path is None:
        check.error(name.line, f"house file '{name.value}' is outside the brief's folder and "
                    "the series folder that holds it; put it in one of those",
                    "outside-the-brief")
        return None
    rel = files.shown(path)
    text, problems = files.text(path, Loc(check.path, name.line), "house file",
                                within=files.series, optional=True)
    if text is None and not problems:
        check.error(name.line, f"house file '{name.value}' does not exist; add it or fix "
                    "the name", "missing-file")
        return None
    node, more = read_yaml(text, rel) if text is not None else (None, [])
    where = Collector(rel)
    where.diagnostics += problems + more
    if node is None or not isinstance(node.value, dict):
        if not where.diagnostics:
            where.error(1, "a house file is a mapping of logo, colours, fonts and paper",
                        "wrong-kind")
        check.diagnostics += where.diagnostics
        return None
    for line, message, code in validate_node(schema("house"), node, "the house file"):
        where.error(line, message, code)
    if "file" in node.value:
        where.error(node.value["file"].key_line, "a house file cannot name another house file",
                    "forbidden-field")
    if where.diagnostics:
        check.diagnostics += where.diagnostics
        return None
    return path.parent, node.value, where


def _fonts(files: Reader, folder: Path, fonts: dict, where: Collector, faces: list[Face],
           within: Path) -> None:
    for item in fonts.get("files", Node([], 0)).value:
        at = Loc(where.path, item.line)
        found, problems = files.files(folder / item.value, FONT_SUFFIXES, at, within)
        where.diagnostics += problems
        if problems:
            continue
        if found == [folder / item.value] and not found[0].exists():
            where.error(item.line, f"font '{item.value}' is not a file or folder in "
                        f"{files.shown(folder)}/; add it or fix the name", "missing-file")
            continue
        _add_faces(found, item, where, faces, lambda path: files.read(
            path, at, "font file", "font", within))
    for item in fonts.get("packages", Node([], 0)).value:
        spec = importlib.util.find_spec(item.value) if item.value.isidentifier() else None
        places = list(spec.submodule_search_locations or []) if spec else []
        if not places:
            where.error(item.line, f"no installed Python package '{item.value}'; install it "
                        "(pip install) or remove it from the list", "unknown-package")
            continue
        package = Path(places[0]).resolve()
        found = sorted(p for p in package.rglob("*") if p.suffix.lower() in FONT_SUFFIXES
                       and p.resolve().is_relative_to(package) and p.is_file())
        _add_faces(found, item, where, faces, lambda path: (path.read_bytes(), []))


def _add_faces(found: list[Path], item: Node, where: Collector, faces: list[Face],
               read: Callable[[Path], tuple[bytes | None, list[Diagnostic]]]) -> None:
    if not found:
        where.error(item.line, f"'{item.value}' holds no font file ({', '.join(FONT_SUFFIXES)})",
                    "missing-file")
    for file in found:
        data, problems = read(file)
        where.diagnostics += problems
        if data is None:
            continue
        try:
            font = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
            face = Face(font["name"].getBestFamilyName(), file,
                        font["OS/2"].usWeightClass, bool(font["OS/2"].fsSelection & 1),
                        frozenset(font.getBestCmap() or ()), digest(data))
        except (TTLibError, KeyError, OSError, AssertionError, struct.error, ValueError,
                TypeError, IndexError, AttributeError):
            where.error(item.line, f"'{file.name}' is not a font file the typesetter reads; "
                        "use a .ttf, .otf or .woff file", "bad-font")
            continue
        faces.append(face)


def shared_paper(files: Reader, house: object) -> str | None:
    """The paper a shared house file asks for, read early (before the checks)."""
    if not (isinstance(house, dict) and "file" in house
            and isinstance(house["file"].value, str)):
        return None
    path = shared_path(files.root, house["file"].value)
    if path is None:
        return None
    text, _ = files.text(path, within=files.series, optional=True)
    node = read_yaml(text, path.name)[0] if text is not None else None
    paper = node.value.get("paper") if node and isinstance(node.value, dict) else None
    return paper.value if paper is not None else None
