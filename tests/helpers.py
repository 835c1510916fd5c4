"""What the tests share: the fixture projects, running a build, and reading a finished PDF as
a reader would (per-page text, printed page numbers, notes, bibliography entries, fonts)."""
from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
from fontTools.ttLib import TTFont

import build
from brief.diagnostics import Loc
from brief.pdf.typeset import FONT_DIRS

ROOT = Path(__file__).resolve().parent.parent
# The environment as the suite began: what a build in the background runs with, whatever a
# test running meanwhile sets (monkeypatch.setenv changes the process's environment, which
# a program started from another thread would take: a cache switched off mid-run).
ENVIRONMENT = dict(os.environ)
FIXTURES = ROOT / "tests" / "fixtures"
TIMEOUT = 300  # seconds any one external program may take before the test fails
MAIN_TEXT_SIZE = 9  # points: body, headings and table; notes and page furniture are smaller
# The real brief's editions, built in the background (letter-print, the two combined, is
# built from the small brief: tests/test_editions.py); with the screen edition, the web
# edition and the grayscale proof made from its layout.
EDITIONS = {"brief": ["--editions", "screen,web,grayscale"],
            "brief-letter": ["--paper", "letter"], "brief-print": ["--print"],
            "brief-draft": ["--draft"], "brief-archival": ["--archival"]}
# Rebuilt in another process and compared byte for byte: not the draft (it prints its build
# time); not the letter edition (the default's layout on another page size), nor the default
# itself: the archival edition is the default's layout, fonts and metadata, plus attachments;
# nor the print edition (the default's layout with a bleed, and crop marks drawn from fixed
# numbers by the same finishing pass: left out in 2026-11 to keep the suite under 90 s). Its
# second build is the briefing book's first build of the real brief (tests/test_book.py).
REPRODUCIBLE = ("brief-archival",)
# Built by the rerun alone, to be compared with what the editions' first build made: the
# web edition (tests/test_web.py), made there from the screen edition's layout.
REBUILT = {"brief-web": ["--editions", "web"]}
# With fontTools as the subsetter, the archival edition (of tests/fixtures/data, which uses
# every font the builder subsets, in fewer pages than the real brief): it subsets the same
# fonts as the default, and adds what else touches dates (attachments, XMP); the other
# editions' own reproducibility is shown with libharfbuzz-subset.
FONTTOOLS_REPRODUCIBLE = ("brief-archival",)


HERE = Loc("t.html")  # where a finding without a data-loc of its own is placed
PAGE = "@page { size: A4; margin: 10mm; } body { font: 10pt/14pt 'Source Serif Pro'; }"


@contextlib.contextmanager
def in_an_ascii_locale():  # type: ignore[no-untyped-def]
    """The C locale set in this process: a text file opened without an encoding is ASCII
    (as a machine set to ISO-8859-1 has its own), so that a file the builder reads or writes
    without naming UTF-8 fails on its first letter outside ASCII. (Python's UTF-8 mode, which
    a C locale at start turns on, is off in the tests' process: LANG is C.UTF-8.)"""
    import locale
    assert not sys.flags.utf8_mode, "the tests need Python's UTF-8 mode off (PYTHONUTF8 unset)"
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def lay_out(tmp_path: Path, body: str, css: str = "", brief_css: bool = False
            ):  # type: ignore[no-untyped-def]
    """``body`` typeset on A4 pages of 10 mm margins with ``css`` (after the brief's own
    stylesheet with ``brief_css``): the document, the PDF and the typesetter's findings."""
    from brief.handed import Edition
    from brief.pdf.edition import stylesheets
    from brief.pdf.typeset import Sheet, typeset
    from brief.read.inputs import Reader
    (tmp_path / "t.css").write_text(PAGE + css)
    html = f'<html lang="en"><body>{body}</body></html>'
    own = stylesheets(Edition())[0] if brief_css else []
    return typeset(html, [*own, Sheet((tmp_path / "t.css").as_uri(), PAGE + css)], tmp_path,
                   Reader(tmp_path), frozenset(), lambda _: HERE)


def markup(html: str) -> str:
    """The HTML without the source places (``data-loc``) the layout checks read."""
    return re.sub(r' data-loc="[^"]*"', "", html)


@dataclass(frozen=True)
class Built:
    """One folder of the real brief and what each edition's build said."""

    root: Path
    results: dict

    def pdf(self, stem: str = "brief") -> Path:
        """The edition's PDF; fails the calling test if that edition did not build clean."""
        result = self.results.get(stem) or {"status": None, "err": "not built in this run"}
        assert (result["status"], result["err"]) == (0, ""), \
            f"{stem} did not build clean (status {result['status']}):\n{result['err']}"
        return self.root / "output" / f"{stem}.pdf"

    def html(self, stem: str = "brief") -> str:
        return markup(self.pdf(stem).with_suffix(".html").read_text("utf-8"))

    def report(self, stem: str) -> str:
        self.pdf(stem)
        return self.results[stem]["out"]


@cache
def syntax(path: Path) -> ast.Module:
    """A module of ours parsed (once per run: several tests read every module)."""
    return ast.parse(path.read_text("utf-8"))


def fixture_copy(folder: Path, name: str) -> Path:
    """A fresh copy of the fixture project ``name`` in ``folder``, without outputs."""
    root = folder / name
    shutil.copytree(FIXTURES / name, root, ignore=shutil.ignore_patterns("output"))
    return root


def run_build(root: Path, *args: str) -> tuple[int, str, str]:
    """Run build.py's main in this process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build.main(["--root", str(root), *args])
    return status, out.getvalue(), err.getvalue()


def run(command: list[str], **options) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    """Run an external program with a time limit; text output unless ``text=False``."""
    options.setdefault("text", True)
    return subprocess.run(command, capture_output=True, timeout=TIMEOUT, **options)


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is required for this test (Debian packages poppler-utils, qpdf, " \
                 "ghostscript; see README)"
    return path


# Independent readers every edition must satisfy, silently ({pdf}: the edition's file).
READERS = (("qpdf", "--check", "{pdf}"), ("pdffonts", "{pdf}"), ("pdftotext", "{pdf}", "/dev/null"),
           ("gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=nullpage", "{pdf}"))


def python(*args: str, **options) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return run([sys.executable, *args], **options)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` (which must hold it) by ``new``."""
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} does not hold {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def queries(root: Path) -> list[str]:
    """The editor's queries that ``build.py --queries`` lists, without their places."""
    status, out, err = run_build(root, "--queries")
    assert (status, err) == (0, "")
    return [line.split(": query: ", 1)[1] for line in out.splitlines()]


def qdf(pdf: Path, folder: Path) -> str:
    """The PDF uncompressed by qpdf (written into ``folder``), as text to search."""
    out = folder / f"{pdf.stem}.qdf.pdf"
    run([tool("qpdf"), "--qdf", "--object-streams=disable", str(pdf), str(out)], check=True)
    return out.read_bytes().decode("latin-1")


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def pdf_text(pdf: Path, *options: str) -> str:
    return run([tool("pdftotext"), *options, str(pdf), "-"], check=True).stdout


def _stamp(pdf: Path) -> tuple[str, int, int]:
    """What identifies one version of a file: rereading a rebuilt PDF never hits the cache."""
    status = pdf.stat()
    return str(pdf), status.st_mtime_ns, status.st_size


@cache
def _pages_text(stamp: tuple[str, int, int]) -> list[str]:
    return pdf_text(Path(stamp[0])).split("\f")


def page_text(pdf: Path, page: int, body_only: bool = False) -> str:
    """Text of one page (1-based). ``body_only`` keeps the main text: no running head, no
    footer, no notes, no note calls (all set smaller than the text)."""
    if body_only:
        return main_text(pdf, page)
    return _pages_text(_stamp(pdf))[page - 1]


@cache
def _xml(stamp: tuple[str, int, int]) -> tuple[list[ElementTree.Element],
                                                dict[str, tuple[float, str]]]:
    xml = run([tool("pdftohtml"), "-xml", "-i", "-stdout", "-zoom", "1", stamp[0]],
              check=True).stdout
    root = ElementTree.fromstring(xml)
    return root.findall("page"), {f.get("id", ""): (float(f.get("size", 0)), f.get("family", ""))
                                  for f in root.iter("fontspec")}


def xml_pages(pdf: Path, page: int | None = None
              ) -> tuple[list[ElementTree.Element], dict[str, tuple[float, str]]]:
    """Poppler's text segments page by page (or of one page), and the (size, family) of each
    font id."""
    pages, fonts = _xml(_stamp(pdf))
    return (pages[page - 1:page] if page else pages), fonts


def _segments(page: ElementTree.Element) -> list[tuple[int, int, int, str, str]]:
    """(top, left, width, font id, text) of each text segment, top to bottom."""
    return sorted((int(t.get("top", 0)), int(t.get("left", 0)), int(t.get("width", 0)),
                   t.get("font", ""), "".join(t.itertext())) for t in page.iter("text"))


def main_text(pdf: Path, page: int) -> str:
    pages, sizes = xml_pages(pdf, page)
    lines: list[list] = []  # [top, right edge, text]
    for segment in pages[0].iter("text"):
        text = "".join(segment.itertext())
        if sizes[segment.get("font", "")][0] < MAIN_TEXT_SIZE or text.strip() == "•":
            continue  # list markers come last, out of order
        top, left = int(segment.get("top", 0)), int(segment.get("left", 0))
        if lines and abs(lines[-1][0] - top) <= 3:
            gap = " " if left > lines[-1][1] + 2 else ""  # another table cell
            lines[-1][1:] = [left + int(segment.get("width", 0)), lines[-1][2] + gap + text]
        else:
            lines.append([top, left + int(segment.get("width", 0)), text])
    return "\n".join(text for _, _, text in lines) + "\n"


def printed_numbers(pdf: Path) -> dict[int, int]:
    """Map each printed page number ('Page X of Y' in the footer) to its 1-based page index."""
    found = {}
    for index in range(1, page_count(pdf) + 1):
        if match := re.search(r"Page (\d+) of (\d+)", page_text(pdf, index)):
            found[int(match[1])] = index
    return found


def join_lines(text: str) -> str:
    """Undo line and page breaking: a line ending in a hyphen joins the next line without
    a space (the hyphen stays: callers that compare words ignore hyphens)."""
    text = re.sub(r"([-\u2010\u00ad])\s*\n\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def body_text(pdf: Path) -> str:
    """The whole document's body text, without page furniture, as one line."""
    pages = [page_text(pdf, i, body_only=True) for i in range(1, page_count(pdf) + 1)]
    return join_lines("\n".join(pages))


def letters(text: str) -> str:
    """Only the letters and digits, lower case: compares words whatever the typography."""
    return re.sub(r"[\W_]+", "", text).lower()


def printed_notes(pdf: Path) -> dict[int, tuple[int, str]]:
    """Each note printed at the foot of a page: number → (page, its text). A note starts with
    its number ('12.') at the note area's left edge; its lines follow until the next one."""
    notes: dict[int, tuple[int, str]] = {}
    pages, sizes = xml_pages(pdf)
    for page in pages:
        number, current = int(page.get("number", 0)), None
        segments = _segments(page)
        starts = [s for s in segments if 7 <= sizes[s[3]][0] < MAIN_TEXT_SIZE
                  and "Serif" in sizes[s[3]][1] and re.fullmatch(r"\d+\.", s[4].strip())]
        if not starts:
            continue
        margin = min(s[1] for s in starts)
        for top, left, _, font, text in segments:
            size, family = sizes[font]
            if top < starts[0][0] or not (7 <= size < MAIN_TEXT_SIZE) or "Serif" not in family:
                continue
            if left == margin and re.fullmatch(r"\d+\.", text.strip()):
                current = int(text.strip()[:-1])
                notes[current] = (number, "")
            elif current is not None:
                notes[current] = (number, notes[current][1] + text)
    return notes


def note_calls(pdf: Path) -> dict[int, int]:
    """Each note call (a small raised number in the text) → the page it is printed on."""
    calls = {}
    pages, sizes = xml_pages(pdf)
    for page in pages:
        for _, _, _, font, text in _segments(page):
            size, family = sizes[font]
            if size < 7 and text.strip().isdigit() and "Serif" in family:  # not the figure
                calls[int(text)] = int(page.get("number", 0))
    return calls


def bibliography_entries(pdf: Path, first: int, last: int) -> list[str]:
    """The bibliography's entries printed on pages ``first`` to ``last``, in order: an entry
    starts at the margin and its further lines hang indented."""
    pages, sizes = xml_pages(pdf)
    entries: list[str] = []
    for page in pages[first - 1:last]:
        segments = [s for s in _segments(page) if sizes[s[3]][0] == MAIN_TEXT_SIZE
                    and "Serif" in sizes[s[3]][1]]
        margin = min((s[1] for s in segments), default=0)
        for _, left, _, _, text in segments:
            if left == margin:
                entries.append(text)
            else:
                entries[-1] += text
    return entries


@cache
def bundled_fonts() -> dict[str, TTFont]:
    """PostScript name → bundled font, for every TrueType file of the font packages."""
    fonts = {}
    for folder in FONT_DIRS:
        for path in folder.glob("*.ttf"):
            font = TTFont(path, lazy=True)
            fonts[font["name"].getDebugName(6)] = font
    return fonts


def _to_unicode(cmap: str) -> dict[int, str]:
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(cid, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, start in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                mapping[int(lo, 16) + offset] = chr(int(start, 16) + offset)
    return mapping


def font_problems(pdf: Path) -> list[str]:
    """Every way a font in ``pdf`` could print a wrong or blank glyph, as sentences."""
    problems, seen = [], set()
    with pikepdf.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for font in page.Resources.get("/Font", {}).values():
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                problems += _check_font(font, number)
    return problems


def _check_font(font: pikepdf.Object, page: int) -> list[str]:
    name = str(font.BaseFont)
    descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font
                  ).get("/FontDescriptor")
    program = descriptor and (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                              or descriptor.get("/FontFile"))
    if program is None:
        return [f"{name} (page {page}) is not embedded"]
    embedded = TTFont(io.BytesIO(program.read_bytes()))
    ps_name = embedded["name"].getDebugName(6)
    if ps_name not in bundled_fonts():
        return [f"{name} (page {page}) is {ps_name}, not a bundled font"]
    order, cmap = embedded.getGlyphOrder(), embedded.getBestCmap()
    problems = []
    for cid, text in _to_unicode(font.ToUnicode.read_bytes().decode("latin-1")).items():
        if cid == 0 or cid >= len(order):
            problems.append(f"{name} prints {text!r} with no glyph (.notdef)")
        elif len(text) == 1 and text != "\u2010" and cmap.get(ord(text)) != order[cid]:
            problems.append(f"{name} prints {text!r} with glyph {order[cid]}, which the "
                            "font does not map to it")
    return problems


def house_font(dest: Path, family: str, without: str = "") -> Path:
    """A bundled sans font saved under another ``family`` name, lacking the characters
    ``without``: a font the builder has never seen, for house-style tests."""
    font = TTFont(FONT_DIRS[1] / "SourceSansPro-Regular.ttf")
    plain = family.replace(" ", "")
    for record in font["name"].names:
        record.string = {1: family, 16: family, 4: f"{family} Regular",
                         6: f"{plain}-Regular"}.get(record.nameID, record.string)
    for table in font["cmap"].tables:
        for char in without:
            table.cmap.pop(ord(char), None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    font.save(dest)
    return dest


class Outside:
    """A folder beside a brief holding canary files: a test plants links to them and then
    proves that nothing read them (their access time, set into the past, is as it was; this
    process's audit events name no file there) and that nothing was written there."""

    OPENED: list[str] = []  # paths this process opened (the audit hook, set once)

    def __init__(self, folder: Path, text: str = "---\ntitle: CANARY-5e1a\n---\nCANARY-5e1a\n",
                 names: tuple[str, ...] = ("canary.md", "canary.yaml", "canary.css",
                                           "canary.svg", "canary.ttf")) -> None:
        self.folder = folder
        folder.mkdir(exist_ok=True)
        for name in names:
            path = folder / name
            path.write_text(text)
            info = path.stat()
            os.utime(path, ns=(info.st_mtime_ns - 10 ** 15, info.st_mtime_ns))  # 11 days
        (folder / "sub").mkdir(exist_ok=True)
        if not Outside._hooked:
            sys.addaudithook(Outside._hook)
            Outside._hooked = True
        self.rebase()

    _hooked = False

    def rebase(self) -> None:
        """What the folder holds now is what must stay (a test may add to it first)."""
        self.before = self._state()
        self.start = len(Outside.OPENED)

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        if event in ("open", "os.scandir", "os.listdir") and args and \
                isinstance(args[0], (str, bytes, os.PathLike)):
            Outside.OPENED.append(os.fsdecode(args[0]))

    def _state(self) -> dict[str, tuple[int, int]]:
        return {str(p): (p.lstat().st_atime_ns, p.lstat().st_mtime_ns)
                for p in sorted(self.folder.rglob("*"))}

    def untouched(self) -> None:
        mine = str(self.folder)
        opened = [p for p in Outside.OPENED[self.start:] if os.path.abspath(p).startswith(mine)]
        assert not opened, f"opened outside the brief: {opened}"
        assert self._state() == self.before, "a file outside the brief was read or written"
        self.start = len(Outside.OPENED)


def process_status(pid: int | str) -> tuple[str, int] | None:
    """A process's state (R running, S sleeping, Z ended but not yet reaped) and its
    parent's id, as /proc/PID/stat says them (after the program's name, which may hold any
    character, ")" too); None once it is gone, or where ``pid`` names no process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return fields[0], int(fields[1])
    except (OSError, IndexError, ValueError):
        return None


def processes_started_here() -> list[str]:
    """The command lines of this process's children that a build starts (the chart engine,
    Pandoc): none may outlive the build."""
    found = []
    for entry in Path("/proc").iterdir():
        if (status := process_status(entry.name)) is None or status[1] != os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # (gone meanwhile)
            continue
        if "brief.html.chartengine" in command or "pandoc" in command:
            found.append(command)
    return found


def shared_but_under_mutation(fixture_name: str, config: object) -> str:
    """The scope of a fixture that is made once for its module, but once per test while
    mutmut runs the tests: mutmut credits a function to the test during which it ran, and
    runs only the tests credited with the function it mutated, so a fixture made once would
    leave the module's other tests out of the run of every mutant of what it calls."""
    return "function" if os.environ.get("MUTANT_UNDER_TEST") else "module"
