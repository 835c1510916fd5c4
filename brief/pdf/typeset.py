"""Turn the rendered HTML into PDF bytes with WeasyPrint, confined to the project and its fonts.

Fonts: fontconfig is pointed at the two bundled font packages only, so no system font can
ever stand in for a missing glyph. Fetching: ``data:`` URLs and regular files under the
allowed roots; everything else (network, other local files) is refused and reported.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator, NamedTuple
from urllib.parse import unquote, urlsplit

from brief.cache import private_folder, run_folder, temporary_files_in_run_folder
from brief.home import FONT_DIRS
from brief.model import Diagnostic, Loc
from brief.read.inputs import FONT_SUFFIXES, LIMITS, Reader, digest, read_file
from brief.timings import stage


def _confine_fonts() -> None:
    """Write a fontconfig file that knows only the bundled TrueType fonts."""
    dirs = "\n".join(f"  <dir>{d}</dir>" for d in FONT_DIRS)
    conf = (f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            f"<fontconfig>\n{dirs}\n  <selectfont><rejectfont><glob>*.otf</glob></rejectfont>"
            "</selectfont>\n</fontconfig>\n")
    digest = hashlib.sha256(conf.encode()).hexdigest()[:16]
    path = (private_folder() or run_folder()) / f"fonts-{digest}.conf"
    if not path.is_file() or path.read_text("utf-8") != conf:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as tmp:
            tmp.write(conf)  # written whole, then renamed: concurrent builds never see half
        os.replace(tmp.name, path)
    os.environ["FONTCONFIG_FILE"] = str(path)


_confine_fonts()  # before WeasyPrint loads fontconfig

# WeasyPrint's library loader runs the C compiler, which writes temporary files: into the
# run folder, so that a build killed meanwhile leaves none behind.
with temporary_files_in_run_folder():
    import cssselect2  # noqa: E402
    import weasyprint  # noqa: E402
    from weasyprint.pdf import VARIANTS as _VARIANTS  # noqa: E402
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from brief.pdf import enginefixes  # noqa: E402
from brief.pdf.splice import lay_out  # noqa: E402

enginefixes.apply()

VARIANTS = tuple(_VARIANTS)  # the PDF variants WeasyPrint can write

# WeasyPrint warnings that say nothing about the brief.
_IGNORED = re.compile(r"Using fontTools instead of HarfBuzz-Subset")
_NO_ANCHOR = re.compile(r"No anchor #(\S+) for internal URI reference")
_IMAGE = re.compile(r"Failed to load image at '([^']*)'(?:: (?:\w+: )?(.*))?")
_NOTDEF = re.compile(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.+)"')


class ProjectFetcher(URLFetcher):
    """Serve ``data:`` URLs, the brief's own files (through its reader: confined, bounded,
    recorded) and exactly the files ``allowed`` besides (the house style's fonts and logo in
    the series folder or an installed package, the bundled fonts); refuse every other URL."""

    def __init__(self, files: Reader, allowed: frozenset[Path] = frozenset()):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.files, self.allowed = files, allowed
        self.read: dict[str, str | None] = {}  # what the layout read, as the reader records

    def fetch(self, url: str, headers=None):  # type: ignore[no-untyped-def, override]
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise ValueError(f"refused to fetch {url}: only files inside the project are read")
        path = Path(unquote(parts.path))
        kind = "font" if path.suffix.lower() in FONT_SUFFIXES else "image"
        shared = path in self.allowed and path.is_relative_to(self.files.series)
        if path.is_relative_to(self.files.root) or shared:
            data, problems = self.files.read(path, kind=kind, within=self.files.series
                                             if shared else None)
            if data is None:
                raise ValueError(f"refused to read {path.name}: " + (
                    problems[0].message if problems else "no such file"))
        elif path in self.allowed:
            data, problem = read_file(path, LIMITS[kind])
            if data is None:
                raise ValueError(f"refused to read {path.name}: {problem}")
        else:
            raise ValueError(f"refused to read {path}: not a file inside the project")
        self.read[f"file:{path.resolve()}"] = digest(data)
        return URLFetcherResponse(url, data)


class ParsedHTML(weasyprint.HTML):
    """``weasyprint.HTML`` of a tree parsed already (``render.parsed``): what its constructor
    does after parsing, so that the layout is the one ``HTML(string=...)`` gives."""

    def __init__(self, tree: object, base_url: str, url_fetcher: URLFetcher) -> None:
        self.base_url = weasyprint._find_base_url(tree, base_url)
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
            tree, content_language=None)
        self.etree_element = self.wrapper_element.etree_element


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not _IGNORED.search(message):
            self.messages.append(message)


@contextmanager
def _dated(moment: datetime | None) -> Iterator[None]:
    """fontTools stamps subset fonts with the clock unless ``SOURCE_DATE_EPOCH`` is set: set
    it for the drawing only, and put the caller's environment back."""
    if moment is None:
        yield
        return
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@contextmanager
def _collecting_only_new() -> Iterator[None]:
    """While the typesetter works, Python's collector leaves alone what existed before (the
    builder's modules and the brief it read): the typesetter makes millions of objects and
    each full collection would go over those too (about 0.1 s of a 17-page build)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _captured() -> Iterator[_Capture]:
    logger = logging.getLogger("weasyprint")
    handler = _Capture()
    logger.addHandler(handler)
    old = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old


class Sheet(NamedTuple):
    """A stylesheet: the URL its relative URLs start from, and its text."""

    url: str
    text: str


def typeset(html: str, stylesheets: list[Sheet], base: Path, files: Reader,
            allowed: frozenset[Path], locate: Callable[[str], Loc], variant: str = "pdf/ua-1",
            attachments: tuple[tuple[str, bytes, str], ...] = (),
            dated: datetime | None = None, reuse: bool = False,
            again: Callable[[weasyprint.Document], str | None] = lambda _: None,
            tree: object = None) -> tuple[weasyprint.Document, bytes, list[Diagnostic]]:
    """Lay out and draw ``html``; return the laid-out document, the PDF and what the
    typesetter complained of (some warnings, such as missing glyphs, come only while drawing).
    ``again`` sees each layout before it is drawn and may give HTML to lay out instead (a
    repair): only the last layout is drawn, and only what it logged is reported.

    ``files`` reads the brief's files the layout asks for (images, fonts); ``allowed`` are
    the other files it may read (``ProjectFetcher``).
    ``locate`` names the input a troublesome text came from (the HTML when it knows none).
    ``attachments`` are (name, data, description) files to embed, dated ``dated``, never
    the clock, so that the PDF is reproducible (its file identifier is set when finishing).
    ``reuse``: the pages of sections unchanged since this process last laid out this edition
    may be reused (``brief/pdf/splice.py``). ``tree``: ``html`` parsed already.
    """
    fetcher = ProjectFetcher(files, allowed)
    attached = [weasyprint.Attachment(string=data, name=name, description=description,
                                      created=dated, modified=dated, relationship="Data")
                for name, data, description in attachments]
    with _captured() as log, _collecting_only_new(), temporary_files_in_run_folder():
        stage("laying out the pages")
        sheets, said = [], []
        for sheet in stylesheets:
            before = len(log.messages)
            sheets.append(_stylesheet(sheet, fetcher, log))
            said += [_css_finding(sheet, message) for message in log.messages[before:]]
            del log.messages[before:]  # (said at the stylesheet's line)
        parsed = len(log.messages)

        given = html

        def render(text: str) -> tuple[weasyprint.HTML, weasyprint.Document]:
            page = ParsedHTML(tree, base.as_uri() + "/", fetcher) \
                if text is given and tree is not None else \
                weasyprint.HTML(string=text, base_url=base.as_uri() + "/", url_fetcher=fetcher)
            return page, page.render(stylesheets=sheets, pdf_variant=variant)
        key = (tuple(_PARSED_KEYS[id(sheet)] for sheet in sheets), base, _fetcher_key(fetcher),
               variant) if reuse and all(id(sheet) in _PARSED_KEYS for sheet in sheets) \
            else None
        document = lay_out(html, render, key, fetcher.read, log.messages)
        while (repaired := again(document)) is not None:
            html = repaired
            del log.messages[parsed:]  # (said of a layout that is not drawn)
            stage("laying out the pages")
            document = lay_out(html, render, key, fetcher.read, log.messages)
        stage("drawing the PDF")
        with _dated(dated):  # no file identifier: finishing sets one derived from the content
            pdf = document.write_pdf(pdf_variant=variant, attachments=attached,
                                     pdf_identifier=False)
    return document, pdf, said + _diagnose(log.messages, locate)


_CSS_PLACE = re.compile(r",? at (\d+):\d+")


def _css_finding(sheet: Sheet, message: str) -> Diagnostic:
    """What the typesetter said of a stylesheet, at its line ("... at 12:5 ...")."""
    name = "styles/" + sheet.url.rsplit("/", 1)[-1]
    found = _CSS_PLACE.search(message)
    text = _CSS_PLACE.sub("", message).rstrip(".")
    return Diagnostic(Loc(name, int(found[1]) if found else 0), "error",
                      f"the typesetter cannot use this: {text}; fix or remove it")


_PARSED: dict[tuple, weasyprint.CSS] = {}
_PARSED_KEYS: dict[int, tuple] = {}  # id of a kept stylesheet: its URL, text and fetcher


def _fetcher_key(fetcher: ProjectFetcher) -> tuple:
    return fetcher.files.root, tuple(sorted(fetcher.allowed))


def _stylesheet(sheet: Sheet, fetcher: ProjectFetcher, log: _Capture) -> weasyprint.CSS:
    """The parsed stylesheet, parsed once per process while its text stays the same (the
    typesetter only reads it); one the typesetter complained of is parsed again each time,
    so that every build reports the complaint."""
    key = (sheet.url, hashlib.sha256(sheet.text.encode()).hexdigest(), _fetcher_key(fetcher))
    if key in _PARSED:
        return _PARSED[key]
    before = len(log.messages)
    parsed = weasyprint.CSS(string=sheet.text, base_url=sheet.url, url_fetcher=fetcher)
    if len(log.messages) == before:
        _PARSED[key] = parsed
        _PARSED_KEYS[id(parsed)] = key
    return parsed


def _diagnose(messages: list[str], locate: Callable[[str], Loc]) -> list[Diagnostic]:
    """One diagnostic per place with missing glyphs (WeasyPrint logs each character)."""
    missing: dict[Loc, dict[str, None]] = {}
    others = []
    for message in messages:
        if match := _NOTDEF.search(message):
            for char in match[1]:
                missing.setdefault(locate(char), {})[char] = None
        elif match := _IMAGE.search(message):
            name = unquote(urlsplit(match[1]).path).rsplit("/", 1)[-1]
            where = locate(match[1]) if "://" in match[1] and not match[1].startswith(
                "file:") else locate(name)
            others.append(Diagnostic(where, "error", f"image '{name}' cannot be used: "
                                     f"{match[2] or 'it is not an image the typesetter reads'}"))
        elif match := _NO_ANCHOR.search(message):
            others.append(Diagnostic(locate(f"#{match[1]}"), "error", f"internal link to "
                                     f"'#{match[1]}' has no target; the link was dropped"))
        else:
            others.append(Diagnostic(locate(""), "error", f"typesetter: {message}"))
    for loc, chars in missing.items():
        listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)
        advice = "remove or replace it" if loc.path.startswith("content/") else \
            "the layout itself prints it, not the brief's text; change that style"
        others.append(Diagnostic(loc, "error", f"no bundled font has {listed}; {advice}"))
    return others
