"""What the builder remembers between runs, in this user's private temporary folder.

Only answers that depend on nothing but their inputs are kept (Pandoc's formatted
citations, vl-convert's charts), each under the SHA-256 of every input, so that a stale
answer cannot be found. Set ``BRIEF_BUILDER_NO_CACHE=1`` to neither read nor write it.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when what is stored changes shape


def private_folder() -> Path:
    """This user's own folder in the temporary folder (0700), never one another user made:
    a file found in a shared place could be anyone's."""
    folder = Path(tempfile.gettempdir()) / f"brief-builder-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return Path(tempfile.mkdtemp(prefix="brief-builder-"))
    return folder


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)  # lengths: no two splits alike
    return digest.hexdigest()


def _on() -> bool:
    return not os.environ.get("BRIEF_BUILDER_NO_CACHE")


def read(kind: str, name: str) -> Any | None:
    if not _on():
        return None
    try:
        return json.loads((private_folder() / f"{kind}-{name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write(kind: str, name: str, value: Any) -> None:
    """Written whole, then renamed: a concurrent build never reads half a file."""
    if not _on():
        return
    folder = private_folder()
    try:
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp",
                                         encoding="utf-8") as tmp:
            json.dump(value, tmp, ensure_ascii=False)
        os.replace(tmp.name, folder / f"{kind}-{name}.json")
    except OSError:
        pass  # a full disk costs the next build some time, never this one its result
