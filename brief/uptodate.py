"""Skip a build when nothing it depends on has changed and its outputs are intact.

What a build depends on: every file of the brief's folder (but its output/), the shared
house file and the fonts and logo it names, the builder's own files (its package, templates
and styles), the versions of the packages it runs on, Python's, the options and
``SOURCE_DATE_EPOCH``. After a successful build, a record of those inputs, of the outputs'
SHA-256 and of what the build printed is kept in the user's private cache folder; the next
build with the same inputs checks the outputs against it, prints the same messages and
stops, without loading the typesetter. ``--force`` builds anyway.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import yaml

from . import cache
from .home import TOOL_ROOT
from .paths import inside, shared_path

PACKAGE = Path(__file__).resolve().parent
IGNORED = {"output", "__pycache__", ".git"}


def _files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    found: list[Path] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.name in IGNORED or path.name.startswith("."):
            continue
        found += _files(path) if path.is_dir() else [path]
    return found


def _house_files(root: Path) -> list[Path]:
    """The shared house file a brief names, and the files it names in turn; only those
    inside the series folder (the build refuses the others, and nothing else is read)."""
    try:
        brief = yaml.safe_load((root / "content/brief.yaml").read_text("utf-8"))
        path = shared_path(root, brief["house"]["file"])
        house = yaml.safe_load(path.read_text("utf-8")) or {}  # type: ignore[union-attr]
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
        return []
    named = [house.get("logo"), *(house.get("fonts") or {}).get("files", [])]
    return [path, *(p for n in named if isinstance(n, str)
                     and (found := inside(path.parent, n)) is not None
                     for p in _files(found))]


def _versions() -> str:
    """Python's version and every installed distribution's name and version (the names of
    the ``*.dist-info`` folders on the path: cheaper than asking each package)."""
    found = {p.name for folder in sys.path if folder and Path(folder).is_dir()
             for p in Path(folder).glob("*.dist-info")}
    return "\n".join([sys.version, *sorted(found)])


def inputs(root: Path, options: list[str]) -> str:
    """One digest of everything the build of ``root`` with ``options`` depends on."""
    digest = hashlib.sha256()
    own = [*_files(root), *_house_files(root)]
    builder = [p for folder in (PACKAGE, TOOL_ROOT / "templates", TOOL_ROOT / "styles")
               for p in _files(folder) if p.suffix != ".pyc"]
    for path in own + builder:
        digest.update(f"{path}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    extra = [_versions(), json.dumps(options), os.environ.get("SOURCE_DATE_EPOCH", "")]
    digest.update("\0".join(extra).encode())
    return digest.hexdigest()


def _record_name(root: Path, options: list[str]) -> str:
    return cache.key(str(root.resolve()), json.dumps(options))


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def unchanged(root: Path, options: list[str], digest: str) -> dict | None:
    """The record of the last build, if its inputs are ``digest`` and its outputs are as
    it wrote them; else None."""
    record = cache.read("built", _record_name(root, options))
    if not isinstance(record, dict) or record.get("inputs") != digest:
        return None
    outputs = record.get("outputs") or {}
    if not outputs or any(_sha(Path(p)) != h for p, h in outputs.items()):
        return None
    return record


def remember(root: Path, options: list[str], digest: str, outputs: list[Path],
             said: str, warned: str) -> None:
    cache.write("built", _record_name(root, options), {
        "inputs": digest, "outputs": {str(p.resolve()): _sha(p) for p in outputs},
        "said": said, "warned": warned})
