"""Write an edition's files together, atomically, with the user's umask.

The new files are written whole into ``output/.partial/`` (a private folder), then renamed
over the old ones: a reader never sees half a PDF, a failed write (a full disk, a read-only
folder) leaves the old files and no temporary one, and what a killed build left behind is
removed by the next build.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from brief.cache import alive

PARTIAL = ".partial"


class WriteError(Exception):
    """An output could not be written; the message names it and says why."""


def clean_partial(output: Path) -> None:
    """Remove what builds that were killed left in ``output/.partial`` (files named after
    their process, which no longer runs); the folder itself goes when it is empty."""
    folder = output / PARTIAL
    if not folder.is_dir() or folder.is_symlink():
        return
    try:
        left = list(folder.iterdir())
    except FileNotFoundError:
        return  # (another edition of this build removed it, empty, meanwhile)
    for path in left:
        pid = path.name.split("-", 1)[0]
        if not (pid.isdigit() and alive(int(pid)) and int(pid) != os.getpid()):
            if path.is_dir() and not path.is_symlink():  # (a web edition's folder)
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # another build is writing


def _real_folder(output: Path) -> None:
    """``output`` must be a folder of the brief itself (or not yet exist), never a link: a
    brief carrying ``output -> /somewhere`` would have the build replace files there."""
    if output.is_symlink() or output.exists() and not output.is_dir():
        raise WriteError(f"{output.name}/ is a link or a file, not a folder; the outputs go "
                         f"into a real folder {output.name}/ inside the brief: remove it")


def check_writable(output: Path) -> None:
    """Fail at once, not after minutes of layout, when ``output`` cannot take new files."""
    _real_folder(output)
    created = not output.exists()
    try:
        output.mkdir(parents=True, exist_ok=True)
        (output / PARTIAL).mkdir(mode=0o700, exist_ok=True)
        clean_partial(output)
    except OSError as failure:
        raise WriteError(f"cannot write to {output.name}/: {failure.strerror or failure}"
                         ) from failure
    finally:
        if created:  # made only to try: a build that fails leaves no empty folder
            try:
                output.rmdir()
            except OSError:
                pass


def write_together(files: dict[Path, bytes]) -> None:
    """Replace every file of ``files`` (all in one folder) only once all are written."""
    staged: list[tuple[Path, Path]] = []
    current = next(iter(files))
    _real_folder(current.parent)
    try:
        output = current.parent
        output.mkdir(parents=True, exist_ok=True)
        clean_partial(output)
        folder = output / PARTIAL
        folder.mkdir(mode=0o700, exist_ok=True)
        if folder.is_symlink() or folder.exists() and not folder.is_dir():
            raise OSError(f"{PARTIAL} is not a folder")  # (gone again: _created makes it)
        for current in files:
            if current.is_dir() or current.is_symlink():
                raise IsADirectoryError(0, "the name is taken by a folder or a link; move it")
        for current, data in files.items():
            temporary = folder / f"{os.getpid()}-{current.name}"
            staged.append((temporary, current))
            with os.fdopen(_created(temporary), "wb") as out:
                out.write(data)
        for temporary, current in staged:
            os.replace(temporary, current)
    except OSError as failure:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise WriteError(f"cannot write {current.parent.name}/{current.name}: "
                         f"{failure.strerror or failure}") from failure
    finally:
        try:
            (current.parent / PARTIAL).rmdir()
        except OSError:
            pass


def _created(temporary: Path) -> int:
    """A new file in the staging folder, which another build of the same brief (another
    edition, in parallel) may have removed, empty, since it was made: then made again."""
    for _ in range(10):
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW,
                           0o666)  # less the umask, as open() makes files
        except FileNotFoundError:
            temporary.parent.mkdir(mode=0o700, exist_ok=True)
    raise FileNotFoundError(0, f"{PARTIAL} kept disappearing")


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Replace the folder ``folder`` (an edition of several files: the web edition) by one
    holding ``files`` (paths inside it → bytes), made whole beside it first: a failed write
    leaves the old folder as it was; the old one is then moved aside and the new one into
    its place."""
    output = folder.parent
    _real_folder(folder)
    staged = output / PARTIAL / f"{os.getpid()}-{folder.name}"
    old = output / PARTIAL / f"{os.getpid()}-{folder.name}-old"
    try:
        output.mkdir(parents=True, exist_ok=True)
        clean_partial(output)
        (output / PARTIAL).mkdir(mode=0o700, exist_ok=True)
        staged.mkdir(mode=0o777)
        for name, data in files.items():
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with os.fdopen(_created(path), "wb") as out:
                out.write(data)
        if folder.exists():
            os.replace(folder, old)
        os.replace(staged, folder)
    except OSError as failure:
        if old.exists() and not folder.exists():
            os.replace(old, folder)  # (the new one could not take its place)
        raise WriteError(f"cannot write {output.name}/{folder.name}/: "
                         f"{failure.strerror or failure}") from failure
    finally:
        for left in (staged, old):
            if left.is_dir():
                shutil.rmtree(left, ignore_errors=True)
        try:
            (output / PARTIAL).rmdir()
        except OSError:
            pass
