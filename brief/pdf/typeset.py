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
import tempfile
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator, NamedTuple
from urllib.parse import unquote, urlsplit

from brief.cache import private_folder, run_folder, temporary_files_in_run_folder
from brief.diagnostics import Diagnostic, Loc
from brief.home import FONT_DIRS
from brief.pdf import libraries
from brief.pdf.complaints import IGNORED, css_finding, diagnose
from brief.read.inputs import FONT_SUFFIXES, LIMITS, Reader, digest, read_file
from brief.session import SESSION
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
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         delete=False) as tmp:
            tmp.write(conf)  # written whole, then renamed: concurrent builds never see half
        os.replace(tmp.name, path)
    os.environ["FONTCONFIG_FILE"] = str(path)


_confine_fonts()  # before WeasyPrint loads fontconfig


def _importing() -> None:
    import weasyprint.pdf  # noqa: F401
    import weasyprint.urls  # noqa: F401


# Where WeasyPrint's library loader runs the C compiler (it writes temporary files): into
# the run folder, so that a build killed meanwhile leaves none behind.
with temporary_files_in_run_folder():
    libraries.load(_importing)
import cssselect2  # noqa: E402
import weasyprint  # noqa: E402
from weasyprint.pdf import VARIANTS as _VARIANTS  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from brief.pdf import enginefixes  # noqa: E402
from brief.pdf.splice import lay_out  # noqa: E402

enginefixes.apply()

VARIANTS = tuple(_VARIANTS)  # the PDF variants WeasyPrint can write



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
        if not IGNORED.search(message):
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


class Typesetter:
    """One edition's typesetting, as a context: the stylesheets parsed once, then one or
    more layouts (``lay_out``; a layout made again replaces the one before, and what the
    typesetter said of it), of which the last is drawn (``draw``).

    ``files`` reads the brief's files the layout asks for (images, fonts); ``allowed`` are
    the other files it may read (``ProjectFetcher``).
    ``locate`` names the input a troublesome text came from (the HTML when it knows none).
    ``pages``: what ``counter(pages)`` counts, if not the pages laid out (a brief in a
    book counts the book's). ``reuse``: the pages of sections unchanged since this process
    last laid out this edition
    may be reused (``brief/pdf/splice.py``). ``tree``: the first HTML laid out, parsed
    already (``render.parsed``).
    """

    def __init__(self, stylesheets: list[Sheet], base: Path, files: Reader,
                 allowed: frozenset[Path], locate: Callable[[str], Loc], variant: str,
                 reuse: bool, tree: object = None, pages: int | None = None) -> None:
        self.stylesheets, self.base, self.locate, self.variant = stylesheets, base, locate, \
            variant
        self.reuse, self.tree, self.pages = reuse, tree, pages
        self.fetcher = ProjectFetcher(files, allowed)
        self.contexts = ExitStack()
        self.said: list[Diagnostic] = []  # of the stylesheets
        self.sheets: list[weasyprint.CSS] = []
        self.layouts = 0

    def __enter__(self) -> Typesetter:
        self.log = self.contexts.enter_context(_captured())
        self.contexts.enter_context(_collecting_only_new())
        self.contexts.enter_context(temporary_files_in_run_folder())
        stage("laying out the pages")
        for sheet in self.stylesheets:
            self.sheets.append(_stylesheet(sheet, self.fetcher, self.log))
            self.said += [css_finding(sheet.url, m) for m in self.log.messages]
            self.log.messages.clear()  # (said at the stylesheet's line)
        return self

    def __exit__(self, *exc: object) -> None:
        self.contexts.close()

    def lay_out(self, html: str) -> weasyprint.Document:
        if self.layouts:
            self.log.messages.clear()  # (said of a layout that is not drawn)
            stage("laying out the pages")
        first, self.layouts = not self.layouts, self.layouts + 1
        base = self.base.as_uri() + "/"

        def render(text: str) -> tuple[weasyprint.HTML, weasyprint.Document]:
            page = ParsedHTML(self.tree, base, self.fetcher) \
                if first and text is html and self.tree is not None else \
                weasyprint.HTML(string=text, base_url=base, url_fetcher=self.fetcher)
            page.pages_counted = self.pages  # (enginefixes: a book's pages, else None)
            return page, page.render(stylesheets=self.sheets, pdf_variant=self.variant)
        key = (tuple(SESSION.stylesheet_keys[id(sheet)] for sheet in self.sheets), self.base,
               _fetcher_key(self.fetcher), self.variant) if self.reuse and all(
            id(sheet) in SESSION.stylesheet_keys for sheet in self.sheets) else None
        return lay_out(html, render, key, self.fetcher.read, self.log.messages)

    def draw(self, document: weasyprint.Document, attachments: tuple[tuple[str, bytes, str],
             ...] = (), dated: datetime | None = None) -> tuple[bytes, list[Diagnostic]]:
        """The PDF of the last layout, and what the typesetter said of it and of the
        stylesheets (some warnings, such as missing glyphs, come only while drawing).
        ``attachments`` are (name, data, description) files to embed, dated ``dated``, never
        the clock, so that the PDF is reproducible (its file identifier is set when
        finishing)."""
        attached = [weasyprint.Attachment(string=data, name=name, description=description,
                                          created=dated, modified=dated, relationship="Data")
                    for name, data, description in attachments]
        stage("drawing the PDF")
        with _dated(dated):  # no file identifier: finishing sets one derived from the content
            pdf = document.write_pdf(pdf_variant=self.variant, attachments=attached,
                                     pdf_identifier=False)
        return pdf, self.said + diagnose(self.log.messages, self.locate)


def typeset(html: str, stylesheets: list[Sheet], base: Path, files: Reader,
            allowed: frozenset[Path], locate: Callable[[str], Loc], variant: str = "pdf/ua-1",
            attachments: tuple[tuple[str, bytes, str], ...] = (),
            dated: datetime | None = None, reuse: bool = False,
            tree: object = None) -> tuple[weasyprint.Document, bytes, list[Diagnostic]]:
    """Lay out and draw ``html`` once (``Typesetter``): the laid-out document, the PDF and
    what the typesetter complained of."""
    with Typesetter(stylesheets, base, files, allowed, locate, variant, reuse, tree) as setter:
        document = setter.lay_out(html)
        return (document, *setter.draw(document, attachments, dated))


def _fetcher_key(fetcher: ProjectFetcher) -> tuple:
    return fetcher.files.root, tuple(sorted(fetcher.allowed))


def _stylesheet(sheet: Sheet, fetcher: ProjectFetcher, log: _Capture) -> weasyprint.CSS:
    """The parsed stylesheet, parsed once per process while its text stays the same (the
    typesetter only reads it); one the typesetter complained of is parsed again each time,
    so that every build reports the complaint."""
    key = (sheet.url, hashlib.sha256(sheet.text.encode()).hexdigest(), _fetcher_key(fetcher))
    if key in SESSION.stylesheets:
        return SESSION.stylesheets[key]
    before = len(log.messages)
    parsed = weasyprint.CSS(string=sheet.text, base_url=sheet.url, url_fetcher=fetcher)
    if len(log.messages) == before:
        SESSION.stylesheets[key] = parsed
        SESSION.stylesheet_keys[id(parsed)] = key
    return parsed
