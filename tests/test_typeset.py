"""Typesetting: only the project's files and the bundled fonts are ever read."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, TIMEOUT, append, font_problems, pdf_text, run_build

from brief.diagnostics import Loc
from brief.pdf.typeset import ProjectFetcher, typeset
from brief.read.inputs import Reader


def test_fetcher_serves_project_files_and_refuses_the_rest(tmp_path: Path) -> None:
    project, evil = tmp_path / "proj", tmp_path / "proj-evil"
    for folder in (project, evil):
        folder.mkdir()
        (folder / "a.svg").write_text("<svg/>")
    (tmp_path / "x").write_text("outside")
    (project / "link.svg").symlink_to(tmp_path / "x")
    fetcher = ProjectFetcher(Reader(project))
    assert fetcher.fetch((project / "a.svg").as_uri()).read() == b"<svg/>"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in ("file:///etc/passwd", (project / "../x").as_uri(), (evil / "a.svg").as_uri(),
                (project / "link.svg").as_uri(), "http://127.0.0.1:9/x.png",
                "https://example.org/x.png", (project / "missing.svg").as_uri()):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def build_with_paragraph(mini: Path, text: str) -> tuple[int, str, str]:
    append(mini / "content/01-first.md", f"\n{text}\n")
    return run_build(mini)


@pytest.mark.build
def test_an_image_outside_the_project_fails_the_build(
        mini: Path) -> None:
    status, _, err = build_with_paragraph(mini, "![secret](/etc/passwd)")
    assert status == 1
    assert err.splitlines()[0] == ("content/01-first.md:11: error: image '/etc/passwd' is "
                                   "not a file inside the project; images are read from the "
                                   "brief's folder only [outside-the-brief]")
    assert not (mini / "output/brief.pdf").exists()


@pytest.mark.build
def test_a_character_no_bundled_font_has_fails_at_its_line(
        mini: Path) -> None:
    status, _, err = build_with_paragraph(mini, "Armenia: Հայաստան.")
    assert status == 1
    assert err.splitlines()[0] == (
        "content/01-first.md:11: error: brief.pdf: no bundled font has 'Հ' (U+0540), 'ա' (U+0561), "
        "'յ' (U+0575), 'ս' (U+057D), 'տ' (U+057F), 'ն' (U+0576); remove or replace it "
        "[missing-glyph]")


def test_the_font_check_catches_a_blank_box(tmp_path: Path) -> None:
    """The font test must fail on what pdffonts lets pass: a .notdef glyph."""
    html = ('<html lang="en"><body style="font-family: Source Serif Pro">'
            "<p>Armenia: Հայաստան</p></body></html>")
    _, pdf, problems = typeset(html, [], tmp_path, Reader(tmp_path), frozenset(),
                               lambda _: Loc("t.html"))
    assert problems and "no bundled font has" in problems[0].message
    (tmp_path / "t.pdf").write_bytes(pdf)
    found = font_problems(tmp_path / "t.pdf")
    assert any("with no glyph (.notdef)" in p for p in found), found


def test_the_private_folder_is_this_user_s_own_or_none(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder someone else left in the shared temporary folder is never trusted, nor is a
    new one made in its place at each call: then nothing is remembered between builds."""
    import os
    import stat
    import tempfile

    from brief import cache
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mine = cache.private_folder()
    assert mine == tmp_path / f"brief-builder-{os.getuid()}"
    assert stat.S_IMODE(mine.stat().st_mode) == 0o700 and cache.private_folder() == mine
    mine.chmod(0o777)  # as if another user had made it first, writable by all
    assert cache.private_folder() is None and cache.read("cite", "x") is None
    cache.write("cite", "x", {"a": 1})
    mine.rmdir()
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    mine.symlink_to(tmp_path / "elsewhere")  # a link planted in its place is not followed
    assert cache.private_folder() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, "elsewhere"]
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_the_private_folder_is_the_same_while_libraries_write_to_the_run_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the typesetter's temporary files go to the run folder, what is remembered
    still goes to the private folder (not a private folder made in the run folder, which
    goes with the build); with no private folder, nothing is remembered."""
    import tempfile

    from brief import cache
    from brief.session import SESSION
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(SESSION, "run_folder", None)
    mine = cache.private_folder()
    with cache.temporary_files_in_run_folder():
        assert tempfile.gettempdir() == str(cache.run_folder()) != str(mine)
        assert cache.private_folder() == mine
    shared = tmp_path / "shared-run"
    shared.mkdir()
    monkeypatch.setattr(SESSION, "run_folder", (0, shared))  # (no private folder)
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    assert cache.private_folder() is None


def test_a_write_to_the_cache_that_fails_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import json

    from brief import cache
    monkeypatch.setattr(cache, "private_folder", lambda: tmp_path)

    def full(*args: object, **options: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(json, "dump", full)
    cache.write("cite", "x", {"a": 1})  # (the build goes on)
    assert list(tmp_path.iterdir()) == []


def test_a_build_s_temporary_files_live_in_its_run_folder_and_go_with_it(
        tmp_path: Path) -> None:
    """Every temporary file of a build is in the folder of the process that made it (the
    typesetter's copies of house fonts, Pandoc's inputs, the chart engine's fonts), removed
    when the process exits; those of killed builds are removed by the next one."""
    import os
    import subprocess
    import sys

    from helpers import ROOT
    private = tmp_path / f"brief-builder-{os.getuid()}"
    private.mkdir(mode=0o700)
    (private / "run-999999999").mkdir()  # a killed build's (no such process runs)
    (private / "run-999999999/weasyprint-x").mkdir()
    code = ("import tempfile\nfrom brief import cache\nfolder = cache.run_folder()\n"
            "with cache.temporary_files_in_run_folder():\n"
            "    made = tempfile.mkdtemp(prefix='weasyprint-')\n"
            "print(folder, made)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, env={**os.environ, "TMPDIR": str(tmp_path)})
    folder, made = done.stdout.split()
    assert Path(made).parent == Path(folder) == private / f"run-{folder.rsplit('-', 1)[1]}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [private.name]
    assert list(private.iterdir()) == []  # its own removed at exit, the killed one's before
    private.chmod(0o755)  # (refused: others may write there) the shared folder serves
    (tmp_path / "brief-builder-run-999999999-abc").mkdir()  # a killed build's
    (tmp_path / f"brief-builder-run-{os.getpid()}-abc").mkdir()  # a live process's
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, env={**os.environ, "TMPDIR": str(tmp_path)})
    folder, made = done.stdout.split()
    assert Path(made).parent == Path(folder) and Path(folder).parent == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        private.name, f"brief-builder-run-{os.getpid()}-abc"]


def test_html_parsed_ahead_in_another_process_lays_out_as_the_html_itself(
        tmp_path: Path) -> None:
    """The process that reads the brief parses its HTML (``render.parsed``) and sends the
    tree through a pipe; the typesetter given that tree makes the PDF its text makes, and
    builds the object WeasyPrint's own constructor builds."""
    import pickle
    from datetime import datetime, timezone

    import weasyprint

    from brief.handed import Rendered
    from brief.html.render import parsed
    from brief.pdf.typeset import ParsedHTML
    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" '
                                    'height="10"><rect width="20" height="10"/></svg>')
    html = ('<!DOCTYPE html>\n<html lang="en"><head><title>T</title><!-- a comment --></head>'
            '<body style="font-family: Source Serif Pro"><h1 id="a">Heading &amp; more</h1>'
            '<p>Text<sup>1</sup> with <a href="#a">a link</a> and <img src="a.svg" alt="x">'
            '</p><table><tr><td>cell</td></tr></table></body></html>')
    tree = pickle.loads(pickle.dumps(parsed(Rendered(html, (), datetime.now(timezone.utc)))
                                     .tree))
    assert tree is not None
    dated = datetime(2024, 1, 1, tzinfo=timezone.utc)
    made = [typeset(html, [], tmp_path, Reader(tmp_path), frozenset(), lambda _: Loc("t.html"),
                    dated=dated, tree=given)[1] for given in (None, tree)]
    assert made[0] == made[1]
    other = parsed(Rendered(html.replace("cell", "other"), (), dated)).tree
    assert typeset(html, [], tmp_path, Reader(tmp_path), frozenset(), lambda _: Loc("t.html"),
                   dated=dated, tree=other)[1] != made[0]  # (the tree is what is laid out)
    own = weasyprint.HTML(string=html, base_url=tmp_path.as_uri() + "/")
    ahead = ParsedHTML(tree, tmp_path.as_uri() + "/", own.url_fetcher)
    assert vars(ahead).keys() == vars(own).keys()
    assert ahead.base_url == own.base_url


LONG_URL = ("https://home.treasury.gov/data/treasury-international-capital-tic-system-home-page/"
            "tic-forms-instructions/securities-b-1")  # 120 characters
LONG_DOI = "10.1080/14683849.2021.1927723.supplementary-material-for-the-long-appendix"


def test_an_address_is_cut_at_each_place_the_chicago_manual_allows_and_no_other() -> None:
    """Written out by hand: after // or /, before . , - _ ~ ? # %, before and after = and &,
    after :; the pieces are the address itself (no hyphen added), and in the HTML one
    zero-width space between two pieces, a word joiner inside each."""
    from markupsafe import escape

    from brief.markdown.urls import BREAK, JOIN, breakable, pieces
    url = "https://www.example.org/data/tic-forms_v2/a~b/report.pdf?year=2024&page=3#sec%20two,x"
    doi = "https://doi.org/10.1175/1520-0450(1983)022<1179:TPOTBO>2.0.CO;2"
    expected = {
        url: ["https://", "www", ".example", ".org/", "data/", "tic", "-forms", "_v2/", "a",
              "~b/", "report", ".pdf", "?year", "=", "2024", "&", "page", "=", "3", "#sec",
              "%20two", ",x"],
        doi: ["https://", "doi", ".org/", "10", ".1175/", "1520", "-0450(1983)022<1179:",
              "TPOTBO>2", ".0", ".CO;2"],
        "https://a.org//b/": ["https://", "a", ".org//", "b/"],  # (// is one place, after it)
    }
    for address, cut in expected.items():
        assert pieces(address) == cut
        html = escape(BREAK.join(JOIN.join(piece) for piece in cut))
        assert breakable(address) == f'<span class="url">{html}</span>'


@pytest.mark.build
def test_long_urls_and_dois_break_only_where_the_chicago_manual_allows(cited: Path) -> None:
    """A note with a 120-character URL (an autolink, as real notes write them) and a
    bibliography entry with a long DOI build; each address is on consecutive lines of the
    PDF's text, whole, and broken only at its places (after // or /, before . , - _ ~ ? # %,
    at = and &, after :), never after its own hyphen."""
    from brief.markdown.urls import pieces
    assert len(LONG_URL) == 120
    append(cited / "content/01-notes.md", "\nA long address.[^url]\n\n[^url]: Data of the "
           f"Treasury Department, as of March 19, 2026: <{LONG_URL}>.\n\nA long DOI "
           "[@doi-report].\n")
    append(cited / "content/references.yaml", "\n- id: doi-report\n  type: report\n"
           "  title: A Report With a Long DOI\n  publisher: Test Institute\n"
           f"  issued: {{date-parts: [[2021]]}}\n  DOI: {LONG_DOI}\n")
    status, _, err = run_build(cited)
    assert (status, err) == (0, "")
    lines = [line.strip() for line in pdf_text(cited / "output/brief.pdf").splitlines()]
    for url in (LONG_URL, f"https://doi.org/{LONG_DOI}"):
        allowed = {sum(map(len, pieces(url)[:n])) for n in range(len(pieces(url)) + 1)}
        found = []
        for number, line in enumerate(lines):
            start = line.find(url[:20])
            if start < 0:
                continue
            text, ends = line[start:], []
            for after in lines[number + 1:]:
                if len(text) >= len(url) or not url.startswith(text):
                    break
                ends.append(len(text))
                text += after
            if text.startswith(url):
                found.append(ends)
        assert found, f"{url} is not whole on consecutive lines"
        for ends in found:
            assert set(ends) <= allowed, (url, ends)
            assert not any(url[end - 1] == "-" for end in ends)  # never after its hyphen
        assert any(found), f"{url} never broke (the test proves nothing)"


def test_a_line_that_fits_but_for_its_trailing_space_is_not_cut_after_its_first_word(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint 70 set "abroad." alone on a line of a real report's paragraph: the text
    before an <em> fitted but for its trailing space, and the typesetter kept only its
    first word (brief/pdf/enginefixes.py). With the fix, the line holds what fits."""
    import weasyprint.layout.inline
    from weasyprint.formatting_structure import boxes
    from weasyprint.text import line_break

    from brief.handed import Edition
    from brief.pdf.edition import stylesheets
    html = ('<html lang="en-US"><body><section class="chapter"><p>abroad. When the deficit '
            'rises (i.e., public saving falls), U.S. investment must fall (referred to as the '
            'deficit <em>crowding out</em> investment) or borrowing from abroad must rise.'
            '</p></section></body></html>')

    def lines() -> list[str]:
        document, _, _ = typeset(html, stylesheets(Edition())[0], tmp_path, Reader(tmp_path),
                                 frozenset(), lambda _: Loc("t.html"))
        return [" ".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox))
                for line in document.pages[0]._page_box.descendants()
                if isinstance(line, boxes.LineBox) and line.element_tag == "p"]
    assert lines()[0].startswith("abroad. When the deficit rises")
    original = line_break.split_first_line.original
    for module in (line_break, weasyprint.layout.inline):
        monkeypatch.setattr(module, "split_first_line", original)
    assert lines()[0] == "abroad."  # (the engine's own, unfixed: the case is the bug's)


def test_a_note_stays_on_the_page_of_its_call_when_a_later_paragraph_needs_room(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint 70 made room for a paragraph's third line (orphans: 3) at the foot of a
    page by moving an earlier paragraph's note to the next page, its call left behind,
    whatever the note's footnote-policy (upstream issue 1564; brief/pdf/enginefixes.py). Two
    edited copies of the real brief laid out twice for it. Fixed, the note stays with its
    call and the paragraph starts the next page."""
    from helpers import lay_out
    from weasyprint.layout import block

    from brief.pdf.check import note_pages, slid_notes
    body = (f'<p>A claim.<span class="note" data-note="n1">{"The note, of three lines. " * 12}'
            f'</span></p><div style="height: 237mm"></div>'
            f'<p>{"Words of the next paragraph. " * 60}</p>')
    css = ".note { float: footnote; footnote-policy: line; } p { orphans: 3; margin: 0; }"

    def laid_out() -> tuple[frozenset[str], dict, int]:
        document, _, _ = lay_out(tmp_path, body, css)
        calls, texts = note_pages(document)
        return slid_notes(document), texts, len(document.pages)
    slid, texts, pages = laid_out()
    assert slid == frozenset() and pages == 2
    assert [page for page, _ in next(iter(texts.values()))] == [1]  # printed once, on page 1
    monkeypatch.setattr(block, "_linebox_layout", block._linebox_layout.original)
    assert laid_out()[0] == {"n1"}  # (the engine's own, unfixed: the case is the bug's)


def test_a_brief_in_a_book_counts_the_book_s_pages_from_its_first_folio(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A brief bound in a book (``--in-book``) prints the book's folios: its first page is
    the folio given (a stylesheet of the edition), and ``counter(pages)`` counts the book's
    pages (brief/pdf/enginefixes.py: CSS cannot set that counter)."""
    import weasyprint

    from brief.handed import Edition
    from brief.pdf.edition import stylesheets
    from brief.pdf.typeset import Typesetter
    html = ('<html lang="en-US"><body><section class="chapter"><h1>One</h1></section>'
            '<section class="chapter"><h1>Two</h1></section></body></html>')

    def folios(pages: int | None) -> list[str]:
        sheets = stylesheets(Edition(book=(23, 61)))[0]
        with Typesetter(sheets, tmp_path, Reader(tmp_path), frozenset(),
                        lambda _: Loc("t.html"), "pdf/ua-1", False, pages=pages) as setter:
            document = setter.lay_out(html)
        return [" ".join(box.text for box in page._page_box.descendants()
                         if type(box).__name__ == "TextBox" and box.text[0].isdigit())
                for page in document.pages]
    assert folios(61) == ["23 61", "24 61"]
    assert folios(None) == ["23 2", "24 2"]  # (the brief's own pages: it is alone)
    monkeypatch.setattr(weasyprint.document, "layout_document",
                        weasyprint.document.layout_document.original)
    assert folios(61) == ["23 2", "24 2"]  # (the engine's own: the count is the fix's)


LOADING = """
import subprocess, sys
started = []
real = subprocess.Popen._execute_child
def recording(self, args, *rest):
    started.append(args)
    return real(self, args, *rest)
subprocess.Popen._execute_child = recording
import brief.pdf.typeset
from weasyprint.text import ffi
print(started, ffi.harfbuzz_subset is not None)
"""


def test_the_typesetter_loads_its_libraries_without_running_a_program() -> None:
    """Its libraries are opened by their sonames, not looked up by ``ldconfig -p`` and the
    C compiler (22 look-ups: a sixth of a short brief's build), and the same ones load:
    HarfBuzz's subsetter too (.ci/run installs it)."""
    done = subprocess.run([sys.executable, "-c", LOADING], capture_output=True, text=True,
                          cwd=ROOT, timeout=TIMEOUT)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[] True\n", "")


FALLING_BACK = """
import ctypes.util, sys
from brief.pdf import libraries
found = []
def importing():
    found.append(ctypes.util.find_library("c"))
    if len(found) == 1:
        import weasyprint.text.ffi
        print("could not import some external libraries")
        raise OSError("a library not found by its soname")
libraries.load(importing)
print(found[0], found[1] is not None, "weasyprint.text.ffi" in sys.modules)
"""


def test_a_library_not_found_by_its_soname_is_looked_up_as_usual() -> None:
    done = subprocess.run([sys.executable, "-c", FALLING_BACK], capture_output=True,
                          text=True, cwd=ROOT, timeout=TIMEOUT)
    assert (done.returncode, done.stdout) == (0, "None True False\n"), done.stderr


def test_the_libraries_are_loaded_without_look_ups_on_linux_only_and_again_after_a_failure(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """In this process (the two tests above run it in another): on Linux ``importing`` runs
    with ``find_library`` answering nothing and its output dropped; after an OSError, the
    half-loaded modules of WeasyPrint (and no other) are forgotten and it runs as usual;
    elsewhere it runs as usual at once."""
    import ctypes.util

    from brief.pdf import libraries
    real = ctypes.util.find_library
    calls: list[bool] = []
    failing = [OSError("no such library")]

    def importing() -> None:
        calls.append(ctypes.util.find_library is real)
        print("could not import some external libraries")
        if failing:
            raise failing.pop()
    modules = {**sys.modules, "weasyprints": sys, "brief.weasyprint": sys}
    monkeypatch.setattr(sys, "modules", modules)  # (the import system keeps its own)
    libraries.load(importing)
    assert calls == [False, True]
    assert {"weasyprints", "brief.weasyprint", "pydyf", "brief"} <= set(modules)
    assert not [name for name in modules if name.split(".")[0] == "weasyprint"]
    assert capsys.readouterr().out == "could not import some external libraries\n"
    assert ctypes.util.find_library is real
    monkeypatch.setattr(sys, "platform", "darwin")
    calls.clear()
    libraries.load(importing)
    assert calls == [True] and capsys.readouterr().out.count("could not") == 1


def test_fontconfig_is_told_of_the_bundled_fonts_only(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """(Its file in a folder of the test's own: the builds running meanwhile read theirs.)"""
    from xml.etree import ElementTree

    from brief.home import FONT_DIRS
    from brief.pdf import typeset
    monkeypatch.setenv("FONTCONFIG_FILE", "elsewhere.conf")
    monkeypatch.setattr(typeset, "private_folder", lambda: tmp_path)
    typeset._confine_fonts()
    conf = Path(os.environ["FONTCONFIG_FILE"])
    root = ElementTree.fromstring(conf.read_text("utf-8").split("\n", 2)[2])
    assert [d.text for d in root.findall("dir")] == [str(d) for d in FONT_DIRS]
    assert root.findtext("selectfont/rejectfont/glob") == "*.otf"
    text = conf.read_text("utf-8")
    assert text.split("\n")[3:3 + len(FONT_DIRS)] == [f"  <dir>{d}</dir>" for d in FONT_DIRS]
    assert conf.name == f"fonts-{hashlib.sha256(text.encode()).hexdigest()[:16]}.conf"
    written = conf.stat().st_ino
    typeset._confine_fonts()  # (again: the same file, not written anew)
    assert os.environ["FONTCONFIG_FILE"] == str(conf) and conf.stat().st_ino == written
    conf.write_text("<fontconfig/>", "utf-8")  # (spoilt: written again)
    typeset._confine_fonts()
    assert conf.read_text("utf-8") == text


def test_a_stylesheet_is_parsed_once_unless_the_typesetter_complained_of_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from brief.pdf.typeset import ProjectFetcher, Sheet, _Capture, _stylesheet
    from brief.read.inputs import Reader
    from brief.session import SESSION
    monkeypatch.setattr(SESSION, "stylesheets", {})
    monkeypatch.setattr(SESSION, "stylesheet_keys", {})
    fetcher, log = ProjectFetcher(Reader(tmp_path)), _Capture()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(log)
    try:
        good = Sheet("file:///x/styles/a.css", "p { color: red }")
        first = _stylesheet(good, fetcher, log)
        assert _stylesheet(good, fetcher, log) is first and len(SESSION.stylesheets) == 1
        bad = Sheet("file:///x/styles/b.css", "p { colr: red }")
        once = _stylesheet(bad, fetcher, log)
        assert log.messages and _stylesheet(bad, fetcher, log) is not once
        assert len(SESSION.stylesheets) == 1
    finally:
        logger.removeHandler(log)


def test_a_tree_parsed_ahead_is_laid_out_as_print_media(tmp_path: Path) -> None:
    import tinyhtml5
    from weasyprint.urls import URLFetcher

    from brief.pdf.typeset import ParsedHTML
    html = ("<html><head><style>@media print { p { color: rgb(255, 0, 0) } } @media screen "
            "{ p { color: rgb(0, 0, 255) } }</style></head><body><p>x</p></body></html>")
    page = ParsedHTML(tinyhtml5.parse(html, namespace_html_elements=False),
                      tmp_path.as_uri(), URLFetcher())
    document = page.render()
    box = document.pages[0]._page_box
    while box.element_tag != "p":
        box = box.children[0]
    assert tuple(box.style["color"])[:3] == (1.0, 0.0, 0.0)


def test_the_fontconfig_file_is_written_whole_beside_its_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written to a temporary file in its own folder, then renamed: a concurrent build never
    reads half of it (a rename across file systems would fail: the system's temporary
    folder is put on another one here)."""
    import tempfile

    from brief.pdf import typeset
    elsewhere = Path(tempfile.mkdtemp(dir="/dev/shm"))
    assert os.stat(elsewhere).st_dev != os.stat(tmp_path).st_dev
    monkeypatch.setattr(tempfile, "tempdir", str(elsewhere))
    monkeypatch.setattr(typeset, "private_folder", lambda: tmp_path)
    monkeypatch.setenv("FONTCONFIG_FILE", "elsewhere.conf")
    try:
        typeset._confine_fonts()
        written = [p.name for p in tmp_path.iterdir()]
        assert len(written) == 1 and written[0].startswith("fonts-") and \
            os.environ["FONTCONFIG_FILE"] == str(tmp_path / written[0])
        assert list(elsewhere.iterdir()) == []
    finally:
        elsewhere.rmdir()


def test_attached_data_carries_its_name_description_date_and_relationship(
        tmp_path: Path) -> None:
    import io
    from datetime import datetime, timezone

    import pikepdf
    dated = datetime(2026, 11, 1, tzinfo=timezone.utc)
    _, pdf, _ = typeset("<p>Text.</p>", [], tmp_path, Reader(tmp_path), frozenset(),
                        lambda _: Loc("t.html"), "pdf/a-3u",
                        (("rows.csv", b"a,b\n1,2\n", "The table's rows"),), dated)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        (name, spec), = document.attachments.items()
        assert (name, spec.filename, spec.description, spec.get_file().read_bytes()) == (
            "rows.csv", "rows.csv", "The table's rows", b"a,b\n1,2\n")
        params = spec.obj.EF.F.Params
        assert (str(params.CreationDate), str(params.ModDate)) == ("D:20261101000000Z",) * 2
        assert {str(f.AFRelationship) for f in document.Root.AF} == {"/Data"}  # (twice, until
        # finished: brief/pdf/finish.py)
        assert "/ID" not in document.trailer  # (set when finishing, from the content)


def test_a_file_the_house_names_outside_the_project_is_served_to_the_typesetter(
        tmp_path: Path) -> None:
    """(An installed package's logo or font: allowed by name, read whole.)"""
    import io

    import pikepdf
    project = tmp_path / "series/project"
    project.mkdir(parents=True)
    logo = tmp_path / "package/logo.svg"  # (outside the series too)
    logo.parent.mkdir()
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
                    "<rect width='10' height='10'/></svg>")
    html = f'<html lang="en"><body><p>A</p><img src="{logo.as_uri()}" alt="Logo"></body></html>'
    _, pdf, found = typeset(html, [], project, Reader(project), frozenset({logo}),
                            lambda _: Loc("t.html"))
    assert found == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/XObject" in document.pages[0].Resources  # (the logo, drawn)
    _, _, refused = typeset(html, [], project, Reader(project), frozenset(),
                            lambda _: Loc("t.html"))
    assert [d.message for d in refused] == [
        f"image 'logo.svg' cannot be used: refused to read {logo}: not a file inside the "
        "project"]


def test_a_layout_is_kept_for_reuse_only_when_asked(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """(Only an edition built again in this process reuses its unchanged sections; a
    one-off typesetting, such as the book's front, keeps nothing.)"""
    from brief.pdf import splice
    from brief.session import SESSION
    monkeypatch.setattr(SESSION, "last_layout", None)
    html = ('<html><head><title>T</title></head><body>\n<section class="chapter">\n'
            "<p>One.</p>\n</section>\n</body></html>")
    typeset(html, [], tmp_path, Reader(tmp_path), frozenset(), lambda _: Loc("t.html"))
    assert SESSION.last_layout is None
    typeset(html, [], tmp_path, Reader(tmp_path), frozenset(), lambda _: Loc("t.html"),
            reuse=True)
    assert isinstance(SESSION.last_layout, splice.Whole)


def test_the_fontconfig_file_is_utf8_for_fonts_under_any_path_in_any_locale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(A builder installed under /home/José: fontconfig reads its file as UTF-8, and the
    builder reads it back so to tell it is the same.)"""
    from helpers import in_an_ascii_locale

    from brief.pdf import typeset
    monkeypatch.setattr(typeset, "private_folder", lambda: tmp_path)
    monkeypatch.setattr(typeset, "FONT_DIRS", [*typeset.FONT_DIRS, "/home/José/fonts"])
    monkeypatch.setenv("FONTCONFIG_FILE", "elsewhere.conf")
    with in_an_ascii_locale():
        typeset._confine_fonts()
        typeset._confine_fonts()  # (read back: the same, kept)
    [written] = tmp_path.iterdir()
    assert "<dir>/home/José/fonts</dir>" in written.read_text("utf-8")
    assert os.environ["FONTCONFIG_FILE"] == str(written)
