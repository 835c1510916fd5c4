"""Read the brief's files: the one reader, confined, bounded and recorded.

Every file the builder reads for a brief (sections, data, bibliography, house file, labels,
templates, stylesheets, chart settings, fonts, images) goes through a ``Reader``:

- the path is resolved and must stay inside the brief's folder (the house file and what it
  names: inside the series folder that holds the brief's folder); a link that leads out is
  refused by name, a link that loops too;
- the file is opened without blocking and without following a last link, then checked to
  be a regular file: a named pipe, a device or a folder is refused, never waited on;
- it may be only so large (``LIMITS``, by kind), and text must be UTF-8 (a byte-order mark
  is dropped) with no control or bidirectional-override character;
- each read is recorded (the SHA-256 of the bytes the build got, or that a file was absent,
  and the names in each folder listed), so that the next build can tell that nothing it
  read has changed (``brief/run/uptodate.py``) without reading anything else.

Each problem is a diagnostic at the place that named the file, or at the offending line.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from brief.diagnostics import Diagnostic, Loc, working_on
from brief.home import TOOL_ROOT, builders_text
from brief.read.characters import check_characters, decode

# The most bytes one input file of each kind may hold (docs/errors.md, "Limits").
LIMITS = {"text": 2_000_000,  # a section, data, a bibliography, brief.yaml: a 40-page
          # brief's longest section is ~40 kB
          "labels": 200_000, "template": 1_000_000, "stylesheet": 1_000_000,
          "chart style": 200_000, "citation style": 2_000_000,
          "font": 32_000_000, "image": 20_000_000}
FONT_SUFFIXES = (".ttf", ".otf", ".woff")
MISSING, REFUSED, CHANGED = "missing", "refused", "changed while the build read it"
TOO_LARGE = "too large"
_ADVICE = {"text": "the limit for one input file; split it",
           "image": "the limit for an image; make it smaller",
           "font": "the limit for a font file; use a subset of the font",
           "labels": "the limit for a labels file; make it smaller"}


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} kB"


def _what_it_is(mode: int) -> str:
    return "a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode) \
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else \
        "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def read_file(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    """The bytes of the regular file ``path`` (already confined), at most ``limit`` of them;
    else None and why: ``MISSING``, or words such as 'it is a named pipe (FIFO)'. Opening
    never blocks (a FIFO) and never follows a last link."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None, MISSING
    except OSError as failure:
        return None, "it is a link" if failure.errno == 40 else \
            (failure.strerror or str(failure)).lower()
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, f"it is {_what_it_is(info.st_mode)}, not a file"
        if info.st_size > limit:
            return None, TOO_LARGE
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # (it grew since it was measured)
                return None, TOO_LARGE
        return b"".join(chunks), None
    except OSError as failure:
        return None, (failure.strerror or str(failure)).lower()
    finally:
        os.close(fd)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def listing(folder: Path) -> list[os.DirEntry]:
    """The entries of ``folder`` (already confined) by name; [] if it is not a folder."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return []


def listing_digest(entries: list[os.DirEntry]) -> str:
    return digest("\n".join(f"{e.name}:{e.is_symlink()}:{e.is_dir(follow_symlinks=False)}"
                            for e in entries).encode())


def outside_folder(name: str) -> bool:
    """Does ``name``, as written, leave the folder it is relative to (``/x``, ``../x``)?"""
    return os.path.isabs(name) or os.path.normpath(name).split(os.sep)[0] == ".."


LOOP = "is a link that leads round in a loop; replace it by the file itself"


def refusal(problem: str | None) -> str:
    """The code of a path ``confined`` refused for ``problem``."""
    return "link-loop" if problem == LOOP else "outside-the-brief"


def confined(path: Path, within: Path) -> tuple[Path | None, str | None]:
    """``path`` resolved, if it stays inside ``within`` (resolved); else None and why
    (``refusal`` gives its code)."""
    try:
        real = path.resolve()
    except (RuntimeError, OSError):
        return None, LOOP
    if real.is_relative_to(within):
        return real, None
    if not Path(os.path.normpath(path)).is_relative_to(within):
        return None, None  # named outside: the caller says where files must be
    link = next((p for p in (path, *path.parents) if p.is_relative_to(within)
                 and p.is_symlink()), path)
    return None, ("is a link to a place outside the brief's folder; put the file itself in "
                  "the brief's folder" if link == path else
                  f"is inside '{os.path.relpath(link, within)}', a link to a place outside "
                  "the brief's folder; put the files themselves in the brief's folder")


class Reader:
    """The one reader of one brief's files (see the module's docstring), and the record of
    what it read. Paths are relative to the brief's folder, or absolute."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.series = self.root.parent  # where a shared house file may sit
        self.record: dict[str, str | None] = {}  # "file:PATH" or "folder:PATH" → digest

    def shown(self, name: str | Path) -> str:
        """How messages name a file: as written, or (a path found) relative to the brief's
        folder."""
        return name if isinstance(name, str) or not name.is_absolute() else \
            os.path.relpath(name, self.root)

    def _outside(self, within: Path) -> str:
        where = "the brief's folder" if within == self.root else \
            "the brief's folder and the series folder that holds it"
        return f"is outside the project; only files inside {where} are read"

    def _note(self, key: str, value: str | None) -> None:
        if key in self.record and self.record[key] != value:
            value = CHANGED  # read twice, different each time: never "unchanged"
        self.record[key] = value

    def read(self, name: str | Path, named_at: Loc | None = None, what: str = "file",
             kind: str = "text", within: Path | None = None, optional: bool = False
             ) -> tuple[bytes | None, list[Diagnostic]]:
        """The bytes of ``name``; None with the reasons when it cannot be used. With
        ``optional``, a file that is not there is (None, []): the builder's own stands in."""
        shown = self.shown(name)
        working_on.set(f"reading {shown}")
        named_at = named_at or Loc(shown)
        within = within or self.root
        real, problem = confined(self.root / name, within)
        if real is None:
            return None, [Diagnostic(named_at, "error", f"{what} '{shown}' " + (
                problem or self._outside(within)),
                code=refusal(problem))]
        data, problem = read_file(real, LIMITS[kind])
        self._note(f"file:{real}", None if problem == MISSING else
                   digest(data) if data is not None else REFUSED)
        if data is not None:
            return data, []
        if problem == TOO_LARGE:
            return None, [Diagnostic(named_at, "error", f"{what} '{shown}' is larger than "
                                     f"{_size(LIMITS[kind])}, " + _ADVICE.get(
                                         kind, f"the limit for a {kind}; make it smaller"),
                                     code="file-too-large")]
        if problem == MISSING:
            return None, [] if optional else [Diagnostic(
                named_at, "error", f"cannot read {what} '{shown}': no such file or directory",
                code="missing-file")]
        return None, [Diagnostic(named_at, "error", f"cannot read {what} '{shown}': {problem}",
                                 code="unreadable-file")]

    def text(self, name: str | Path, named_at: Loc | None = None, what: str = "file",
             kind: str = "text", within: Path | None = None, optional: bool = False
             ) -> tuple[str | None, list[Diagnostic]]:
        """The text of ``name``, checked (see ``read``)."""
        data, problems = self.read(name, named_at, what, kind, within, optional)
        if data is None:
            return None, problems
        shown = self.shown(name)
        text, problems = decode(data, shown)
        if text is None:
            return None, problems
        problems = check_characters(text, shown)
        if any(p.level == "error" for p in problems):
            return None, problems
        return text, problems

    def names(self, folder: str | Path) -> list[str]:
        """The names in a folder of the brief (none if it is not one), recorded."""
        real, _ = confined(self.root / folder, self.root)
        if real is None:
            return []
        entries = listing(real)
        self._note(f"folder:{real}", listing_digest(entries))
        return [e.name for e in entries]

    def files(self, name: str | Path, suffixes: tuple[str, ...], named_at: Loc,
              within: Path | None = None) -> tuple[list[Path], list[Diagnostic]]:
        """The files ending in ``suffixes`` in a folder and its folders (or the one file
        ``name``), each listing recorded; a link leading out, or round, is an error."""
        within = within or self.root
        real, problem = confined(self.root / name, within)
        if real is None:
            return [], [Diagnostic(named_at, "error", f"'{self.shown(name)}' "
                                   f"{problem or self._outside(within)}",
                                   code=refusal(problem))]
        if not real.is_dir():
            return [real], []
        found: list[Path] = []
        problems: list[Diagnostic] = []
        seen: set[Path] = set()

        def walk(folder: Path, shown: Path) -> None:
            seen.add(folder)
            entries = listing(folder)
            self._note(f"folder:{folder}", listing_digest(entries))
            for entry in entries:
                path, problem = confined(folder / entry.name, within)
                if path is None:
                    problems.append(Diagnostic(named_at, "error", f"'{shown / entry.name}' "
                                               f"{problem or 'is outside the project'}",
                                               code=refusal(problem)))
                elif path.is_dir():
                    if path not in seen:
                        walk(path, shown / entry.name)
                elif entry.name.lower().endswith(suffixes):
                    found.append(path)
        walk(real, Path(self.shown(name)))
        return found, problems


def still_as_read(record: dict[str, str | None], limit: int = max(LIMITS.values())) -> bool:
    """Does every file and folder of ``record`` hold what the build read? Each is read again
    as the build read it: confined (a path that now leads elsewhere has changed), without
    blocking, bounded."""
    for key, expected in record.items():
        kind, _, name = key.partition(":")
        path = Path(name)
        try:
            if path.resolve() != path:  # a link now stands in the way
                return False
        except (RuntimeError, OSError):
            return False
        if kind == "folder":
            current: str | None = listing_digest(listing(path)) if path.is_dir() else None
        else:
            data, problem = read_file(path, limit)
            current = None if problem == MISSING else digest(data) if data is not None \
                else REFUSED
        if current != expected:
            return False
    return True


LINK_SCHEMES = ("http", "https", "mailto")


def link_problem(url: str, anchors: bool = False) -> str | None:
    """Why ``url`` may not become a link in the PDF, or None: only web and mail addresses
    (and, where ``anchors``, the brief's own ``#id``)."""
    if anchors and url.startswith("#"):
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    if scheme in LINK_SCHEMES and url.strip() == url and "//" in url[:len(scheme) + 3] \
            or scheme == "mailto":
        return None
    return (f"the link '{url[:80]}' is not a web or mail address; links must start with "
            f"{', '.join(s + ':' for s in LINK_SCHEMES)}" + (" or #id" if anchors else ""))


def own_or_builders(files: Reader | None, rel: str, what: str, kind: str
                    ) -> tuple[str, Path, list[Diagnostic]]:
    """``rel`` (such as ``styles/brief.css`` or ``templates/brief.html.j2``): the brief's
    own file if it has one (read by ``files``: confined, bounded, checked, recorded), else
    the builder's. Its text, its path, and what is wrong with the brief's own: a file that
    cannot be used gives its problems, and the builder's text in its place."""
    text, problems = files.text(rel, what=what, kind=kind, optional=True) if files else \
        (None, [])
    if text is not None and files is not None:
        return text, files.root / rel, problems
    return builders_text(rel), TOOL_ROOT / rel, problems
