"""What the builder remembers between runs, in this user's private temporary folder, and
where a build keeps its temporary files.

Only answers that depend on nothing but their inputs are kept (Pandoc's formatted
citations, vl-convert's charts), each under the SHA-256 of every input, so that a stale
answer cannot be found. Set ``BRIEF_BUILDER_NO_CACHE=1`` to neither read nor write it.
"""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from brief.session import SESSION

FORMAT = "1"  # bump when what is stored changes shape


def private_folder() -> Path | None:
    """This user's own folder in the temporary folder (0700), never one another user made:
    a file found in a shared place could be anyone's. None when the place is taken by
    anything else: then nothing is remembered between builds."""
    here = Path(tempfile.gettempdir())
    if SESSION.run_folder and here == SESSION.run_folder[1]:  # (while a library's files go
        return here.parent if here.name.startswith("run-") else None  # to the run folder)
    folder = here / f"brief-builder-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def run_folder() -> Path:
    """This process's temporary folder (``run-PID`` in the private folder, else a new
    private one), made on first use, removed when the process that made it exits; the
    processes it forks share it. Every temporary file of a build goes there: the
    typesetter's copies of house fonts, Pandoc's inputs, the chart engine's fonts. Those of
    builds that were killed are removed when the next build makes its own."""
    if SESSION.run_folder:
        return SESSION.run_folder[1]
    private = private_folder()
    if private is None:  # (in the shared temporary folder: named after this process too)
        shared = Path(tempfile.gettempdir())
        _remove_stale(shared, "brief-builder-run-")
        folder = Path(tempfile.mkdtemp(prefix=f"brief-builder-run-{os.getpid()}-"))
    else:
        _remove_stale(private, "run-")
        folder = private / f"run-{os.getpid()}"
        shutil.rmtree(folder, ignore_errors=True)  # (a process of the same number, gone)
        folder.mkdir(mode=0o700)
    SESSION.run_folder = (os.getpid(), folder)
    atexit.register(_remove_run_folder)
    return folder


def _remove_stale(place: Path, prefix: str) -> None:
    """The run folders in ``place`` (``PREFIX<pid>`` or ``PREFIX<pid>-...``) of this user's
    builds that are gone: killed, they could not remove their own."""
    for stale in place.glob(f"{prefix}*"):
        pid = stale.name.removeprefix(prefix).partition("-")[0]
        try:
            mine = stat.S_ISDIR((info := os.lstat(stale)).st_mode) and \
                info.st_uid == os.getuid()
        except OSError:
            continue
        if mine and pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _remove_run_folder() -> None:
    if SESSION.run_folder and SESSION.run_folder[0] == os.getpid():
        shutil.rmtree(SESSION.run_folder[1], ignore_errors=True)


@contextmanager
def temporary_files_in_run_folder() -> Iterator[None]:
    """What a library writes to the temporary folder (WeasyPrint's copies of the fonts a
    stylesheet names), written into ``run_folder()`` for the block."""
    before = tempfile.tempdir
    tempfile.tempdir = str(run_folder())
    try:
        yield
    finally:
        tempfile.tempdir = before


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)  # lengths: no two splits alike
    return digest.hexdigest()


def _on() -> bool:
    return not os.environ.get("BRIEF_BUILDER_NO_CACHE")


def read(kind: str, name: str) -> Any | None:
    folder = private_folder() if _on() else None
    if folder is None:
        return None
    try:
        return json.loads((folder / f"{kind}-{name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write(kind: str, name: str, value: Any) -> None:
    """Written whole, then renamed: a concurrent build never reads half a file."""
    folder = private_folder() if _on() else None
    if folder is None:
        return
    written = None
    try:
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp",
                                         encoding="utf-8") as tmp:
            written = tmp.name
            json.dump(value, tmp, ensure_ascii=False)
        os.replace(tmp.name, folder / f"{kind}-{name}.json")
        written = None
    except OSError:
        pass  # a full disk costs the next build some time, never this one its result
    finally:
        if written:  # (not renamed into place)
            Path(written).unlink(missing_ok=True)
