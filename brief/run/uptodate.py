"""Skip a build when nothing it read has changed and its outputs are intact.

A build records what it read as it reads (``inputs.Reader``: every file of the brief, the
house file and the fonts and logo it names, what the typesetter fetched, the folders it
listed, and which files it looked for and did not find). After a successful build, that
record, the builder's own state (its package, templates and styles, the versions of the
packages it runs on, Python's), the options, ``SOURCE_DATE_EPOCH``, the outputs' SHA-256
and what the build printed are kept in the user's private cache folder. The next build with
the same options reads exactly the files the record names, as the build read them
(confined, bounded, never blocking): if each holds what the build read and the outputs are
as it wrote them, it prints the same messages and stops, without loading the typesetter.
It never reads anything else: the record is a cache, not a second reader. ``--force``
builds anyway.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

from brief import cache
from brief.home import PACKAGE, TOOL_ROOT
from brief.read.inputs import read_file, still_as_read
from brief.session import SESSION

MAX_OUTPUT = 1 << 32  # bytes of one output file read back to tell it unchanged
RACY = 2  # seconds after its last change a builder's file is read again at each build


def _builder_files(folder: Path) -> list[str]:
    return sorted(os.path.join(at, name) for at, folders, names in os.walk(folder)
                  if "__pycache__" not in Path(at).parts
                  for name in names if not name.endswith(".pyc"))


def _file_digest(path: str) -> bytes:
    """The SHA-256 of one of the builder's files, read again only if its signature changed
    since this process last read it (as ``make`` and Git's index tell a file unchanged). A
    file changed within ``RACY`` seconds of its reading is read each time: a change in the
    clock's same tick would leave its signature as it was (Git's "racy clean" files)."""
    status = os.stat(path)
    signature = (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)
    known = SESSION.builder_files.get(path)
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256(Path(path).read_bytes()).digest()
    if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > RACY * 10 ** 9:
        SESSION.builder_files[path] = (signature, digest)
    return digest


def _versions() -> str:
    """Python's version and every installed distribution's name and version (the names of
    the ``*.dist-info`` folders on the path: cheaper than asking each package)."""
    found = {p.name for folder in sys.path if folder and Path(folder).is_dir()
             for p in Path(folder).glob("*.dist-info")}
    return "\n".join([sys.version, *sorted(found)])


def builder(options: list[str]) -> str:
    """One digest of what the build depends on besides the brief: the builder itself, the
    installed packages, the options and ``SOURCE_DATE_EPOCH``."""
    digest = hashlib.sha256()
    for path in (p for folder in (PACKAGE, TOOL_ROOT / "templates", TOOL_ROOT / "styles")
                 for p in _builder_files(folder)):
        digest.update(f"{path}\0".encode() + _file_digest(path))
    extra = [_versions(), json.dumps(options), os.environ.get("SOURCE_DATE_EPOCH", "")]
    digest.update("\0".join(extra).encode())
    return digest.hexdigest()


def _record_name(root: Path, options: list[str]) -> str:
    return cache.key(str(root.resolve()), json.dumps(options))


def _sha(path: Path) -> str | None:
    """An output's SHA-256, if it is still the regular file the build wrote there."""
    try:
        if path.resolve() != path:
            return None
    except (RuntimeError, OSError):
        return None
    data, _ = read_file(path, MAX_OUTPUT)
    return None if data is None else hashlib.sha256(data).hexdigest()


def unchanged(root: Path, options: list[str], digest: str) -> dict | None:
    """The record of the last build, if the builder's state is ``digest``, every input
    holds what that build read and its outputs are as it wrote them; else None."""
    record = cache.read("built", _record_name(root, options))
    if not isinstance(record, dict) or record.get("builder") != digest or \
            not isinstance(record.get("read"), dict) or not record["read"]:
        return None
    outputs = record.get("outputs") or {}
    if not outputs or any(_sha(Path(p)) != h for p, h in outputs.items()):
        return None
    return record if still_as_read(record["read"]) else None


def remember(root: Path, options: list[str], digest: str, read: dict[str, str | None],
             outputs: list[Path], said: str, warned: str) -> None:
    """Keep the record of a successful build, unless an input changed while it ran (the
    next build must then build again)."""
    if not still_as_read(read):
        return
    cache.write("built", _record_name(root, options), {
        "builder": digest, "read": read,
        "outputs": {str(p.resolve()): _sha(p.resolve()) for p in outputs},
        "said": said, "warned": warned})
