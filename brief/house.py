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
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from .fields import Collector, plain, schema, validate_node
from .inputs import inside, read_text
from .model import Diagnostic, Loc
from .paths import shared_path
from .yamlfile import Node, read_yaml

FONT_SUFFIXES = (".ttf", ".otf", ".woff")
BUNDLED_FAMILIES = ("Source Serif Pro", "Source Sans Pro")


@dataclass(frozen=True)
class Face:
    """One font file a brief brings: what ``@font-face`` needs and the characters it has."""

    family: str
    path: Path
    weight: int
    italic: bool
    chars: frozenset[int]

    @property
    def uri(self) -> str:
        return self.path.as_uri()


def load_house(root: Path, node: Node, rel: str) -> tuple[dict, list[Diagnostic]]:
    """The brief's house style, checked: a dict of logo (a file URI), colours, paper, fonts
    (body, headings), faces (``Face``) and roots (folders the typesetter may read)."""
    check = Collector(rel)
    for line, message in validate_node(schema("house"), node, "house"):
        check.error(line, message)
    if check.diagnostics:
        return {}, check.diagnostics
    mine = node.value
    styles = [(root / "content", mine, check)]
    if "file" in mine:
        shared = _shared(root, mine["file"], check)
        if shared is not None:
            folder, found, checked = shared
            styles.insert(0, (folder, found, checked))
    house: dict = {"colours": {}, "faces": [], "roots": [], "fonts": {}}
    named: dict[str, tuple[str, Loc]] = {}  # body/headings → (family, where it is named)
    for folder, fields, where in styles:
        house["colours"].update(plain(fields["colours"]) if "colours" in fields else {})
        if "paper" in fields:
            house["paper"] = fields["paper"].value
        if "logo" in fields:
            logo = fields["logo"]
            path = inside(folder, logo.value)
            if path is None or not path.is_file():
                where.error(logo.line, f"logo '{logo.value}' is not a file in "
                            f"{_named(root, folder)}; add it or fix the name")
            else:
                house["logo"] = path.as_uri()
                house["roots"].append(folder)
        if "fonts" in fields:
            fonts = fields["fonts"].value
            named |= {k: (fonts[k].value, Loc(where.path, fonts[k].line))
                      for k in ("body", "headings") if k in fonts}
            _fonts(root, folder, fonts, where, house)
    known = sorted({f.family for f in house["faces"]} | set(BUNDLED_FAMILIES))
    for use, (family, loc) in named.items():
        house["fonts"][use] = family
        if family not in known:
            check.diagnostics.append(Diagnostic(loc, "error", f"no font of the family "
                                                f"'{family}' for {use}; the families at hand "
                                                f"are {', '.join(known)}"))
    shared = [w for _, _, w in styles if w is not check]
    return house, check.diagnostics + [d for w in shared for d in w.diagnostics]


def _shared(root: Path, name: Node, check: Collector) -> tuple[Path, dict, Collector] | None:
    brief = root.resolve()
    path = shared_path(root, name.value)
    if path is None:
        check.error(name.line, f"house file '{name.value}' is outside the brief's folder and "
                    "the series folder that holds it; put it in one of those")
        return None
    if not path.is_file():
        check.error(name.line, f"house file '{name.value}' does not exist; add it or fix "
                    "the name")
        return None
    rel = str(Path("..") / path.relative_to(brief.parent)) \
        if not path.is_relative_to(brief) else str(path.relative_to(brief))
    text, problems = read_text(path.parent, path.name)
    node, more = read_yaml(text, rel) if text is not None else (None, [])
    where = Collector(rel)
    where.diagnostics += [Diagnostic(Loc(rel, d.loc.line), d.level, d.message)
                          for d in problems + more]
    if node is None or not isinstance(node.value, dict):
        if not where.diagnostics:
            where.error(1, "a house file is a mapping of logo, colours, fonts and paper")
        check.diagnostics += where.diagnostics
        return None
    for line, message in validate_node(schema("house"), node, "the house file"):
        where.error(line, message)
    if "file" in node.value:
        where.error(node.value["file"].key_line, "a house file cannot name another house file")
    if where.diagnostics:
        check.diagnostics += where.diagnostics
        return None
    return path.parent, node.value, where


def _named(root: Path, folder: Path) -> str:
    brief = root.resolve()
    return "content/" if folder == root / "content" else str(
        Path("..") / folder.resolve().relative_to(brief.parent)) + "/"


def _fonts(root: Path, folder: Path, fonts: dict, where: Collector, house: dict) -> None:
    for item in fonts.get("files", Node([], 0)).value:
        path = inside(folder, item.value)
        if path is None or not path.exists():
            where.error(item.line, f"font '{item.value}' is not a file or folder in "
                        f"{_named(root, folder)}; add it or fix the name")
            continue
        _add_faces(path, item, where, house)
        house["roots"].append(path if path.is_dir() else path.parent)
    for item in fonts.get("packages", Node([], 0)).value:
        spec = importlib.util.find_spec(item.value) if item.value.isidentifier() else None
        places = list(spec.submodule_search_locations or []) if spec else []
        if not places:
            where.error(item.line, f"no installed Python package '{item.value}'; install it "
                        "(pip install) or remove it from the list")
            continue
        _add_faces(Path(places[0]), item, where, house)
        house["roots"].append(Path(places[0]))


def _add_faces(path: Path, item: Node, where: Collector, house: dict) -> None:
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in FONT_SUFFIXES) \
        if path.is_dir() else [path]
    if not files:
        where.error(item.line, f"'{item.value}' holds no font file ({', '.join(FONT_SUFFIXES)})")
    for file in files:
        try:
            font = TTFont(file, lazy=True, fontNumber=0)
            face = Face(font["name"].getBestFamilyName(), file.resolve(),
                        font["OS/2"].usWeightClass, bool(font["OS/2"].fsSelection & 1),
                        frozenset(font.getBestCmap() or ()))
        except (TTLibError, KeyError, OSError, AssertionError):
            where.error(item.line, f"'{file.name}' is not a font file the typesetter reads; "
                        "use a .ttf, .otf or .woff file")
            continue
        house["faces"].append(face)


def shared_paper(root: Path, house: object) -> str | None:
    """The paper a shared house file asks for, read early (before the checks)."""
    if not (isinstance(house, dict) and "file" in house
            and isinstance(house["file"].value, str)):
        return None
    path = shared_path(root, house["file"].value)
    if path is None or not path.is_file():
        return None
    text, _ = read_text(path.parent, path.name)
    node = read_yaml(text, path.name)[0] if text is not None else None
    paper = node.value.get("paper") if node and isinstance(node.value, dict) else None
    return paper.value if paper is not None else None
