"""Confinement by path: what lies inside a folder, symlinks followed. Imports nothing of
ours, so that a skipped build (``uptodate.py``) can use it without loading the model."""
from __future__ import annotations

from pathlib import Path


def inside(root: Path, rel: str | Path) -> Path | None:
    """``root/rel`` resolved (symlinks followed), or None if it leaves ``root``."""
    base = root.resolve()
    path = (base / rel).resolve()
    return path if path.is_relative_to(base) else None


def shared_path(root: Path, name: str) -> Path | None:
    """A house file ``name`` (as brief.yaml writes it) resolved, or None if it leaves the
    series folder (the folder holding the brief's folder)."""
    brief = root.resolve()
    return inside(brief.parent, Path(brief.name) / "content" / name) \
        if brief.parent != brief else None
