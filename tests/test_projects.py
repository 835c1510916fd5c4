"""The next brief without touching the builder: a new brief in one command, several briefs
in one command, a brief's own templates and styles, its house style and file name."""
from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import BACKGROUND
from helpers import (
    ROOT,
    edit,
    house_font,
    join_lines,
    page_count,
    page_text,
    pdf_text,
    printed_numbers,
    run,
    tool,
)
from projects import date_fixed

from brief.read.inputs import Reader
from brief.read.meta import load_meta


def build_py(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, tuple]:
    """``build.py new`` then ``build.py DIR``, once: the folder, what new said, and the
    build's (status, out, err)."""
    folder = tmp_path_factory.mktemp("projects") / "memo"
    status, said, err = run_build_main("new", folder)
    assert (status, err) == (0, "")
    brief = folder / "content/brief.yaml"
    assert f"date: '{date.today():%Y-%m}'" in brief.read_text("utf-8")
    date_fixed(brief)
    return folder, said, run_build_main(folder)


@pytest.mark.build
def test_a_new_brief_builds_clean_at_once(fresh: tuple[Path, str, tuple]) -> None:
    folder, said, (status, out, err) = fresh
    assert said == f"started a brief in {folder}/: edit {folder}/content/, then build it " \
                   f"with 'python build.py {folder}'\n"
    assert (status, err) == (0, "")  # no diagnostic at all
    pages = page_count(folder / "output/brief.pdf")
    assert out == f"wrote {folder}/output/brief.pdf ({pages} pages) and " \
                  f"{folder}/output/brief.html\n"
    pdf = folder / "output/brief.pdf"
    printed = printed_numbers(pdf)
    text = join_lines(" ".join(page_text(pdf, i) for i in range(1, page_count(pdf) + 1)))
    assert "Title of the Brief" in page_text(pdf, 1)  # the cover
    contents = join_lines(page_text(pdf, 3))
    assert re.search(r"Contents Summary [. ]+4 Findings [. ]+5 Bibliography", contents)
    assert "as here,1 and write an authored note like this one.2" in text  # a citation, a note
    assert "1. The Chicago Manual of Style, 18th ed. (University of Chicago Press, 2024)." in text
    assert "Bibliography The Chicago Manual of Style. 18th ed." in text
    match = re.search(r"with their data in Table 1, p\. (\d+)\.", text)  # a cross-reference
    assert match and "Table 1. Example values" in page_text(pdf, printed[int(match[1])])
    assert "Figure 1. Example values by year" in text and "Year Value" in text  # chart, table
    status, _, err = run_build_main("new", folder)  # never over an existing brief
    assert status == 2 and "already exists and is not an empty folder" in err



@pytest.mark.parametrize("name", ["dangling", "file/sub", "file/sub/deeper", "dangling/sub",
                                  "a" * 300])
@pytest.mark.build
def test_new_into_a_dangling_link_under_a_file_or_too_long_a_name_says_so_and_makes_nothing(
        tmp_path: Path, name: str) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "file").write_text("a file\n")
    folder = tmp_path / name
    status, out, err = run_build_main("new", folder)
    assert (status, out) == (2, "")
    why = {"dangling": f"{folder} is a link; name a new folder",
           "file": f"cannot make the brief in {folder}: {tmp_path}/file is a file, not a "
                   "folder; name a new folder",
           "dangling/sub": f"cannot make the brief in {folder}: {tmp_path}/dangling is a link "
                           "to nothing; name a new folder"}
    assert err == "build.py new: error: " + why.get(name, why.get(name.split("/")[0], (
        f"cannot make the brief in {folder}: file name too long; name a folder you can "
        "write"))) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "file"]
    assert (tmp_path / "file").read_text() == "a file\n"
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.build
def test_new_into_a_folder_no_one_may_write_says_so_and_makes_nothing() -> None:
    """A folder the system refuses to write into (``/sys``: refused even to root, as the
    tests run here): one line that names the folder and the system's reason, no traceback."""
    assert Path("/sys").is_dir()
    status, out, err = run_build_main("new", "/sys/brief")
    assert (status, out) == (2, "")
    assert re.fullmatch(r"build\.py new: error: cannot make the brief in /sys/brief: (operation "
                        r"not permitted|read-only file system|permission denied); name a "
                        r"folder you can write\n", err), err
    assert not Path("/sys/brief").exists()


def run_build_main(*args: str | Path) -> tuple[int, str, str]:
    import contextlib
    import io

    import build
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build.main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def several(request: pytest.FixtureRequest) -> tuple[dict[str, Path], subprocess.CompletedProcess]:
    """Seven briefs built by one command, in parallel (tests/projects.py), in the background."""
    return request.config.stash[BACKGROUND].result("several")


@pytest.mark.build
def test_several_briefs_in_one_command_each_with_its_own_result(
        several: tuple[dict[str, Path], subprocess.CompletedProcess]) -> None:
    """Each brief gets its own result lines, in the order given; the broken one fails only
    itself, and the command's exit status says one failed."""
    folders, result = several
    assert result.returncode == 1, result.stdout + result.stderr
    wrote = [f"wrote {folders[n]}/output/brief.pdf (7 pages) and {folders[n]}/output/brief.html"
             for n in ("own", "fr", "de")]
    green, memo = folders["green"], folders["memo"]
    assert result.stdout.splitlines()[:3] == wrote, result.stdout + result.stderr
    assert result.stdout.splitlines()[4] == f"wrote {memo}/output/brief.pdf (2 pages) and " \
                                            f"{memo}/output/brief.html"
    assert re.fullmatch(rf"wrote {green}/output/green-memo-letter\.pdf \(\d+ pages\) and "
                        rf"{green}/output/green-memo-letter\.html", result.stdout.splitlines()[3])
    broken = folders["broken"]
    assert [line for line in result.stderr.splitlines() if str(green) not in line] == [
        f"{broken}/content/01-summary.md:11: error: unknown citation key "
        "'chicago-manual-17'; did you mean 'chicago-manual-18'? [unknown-citation]",
        f"{broken}/content/references.yaml:2: warning: reference 'chicago-manual-18' is never "
        "cited; cite it or remove it [uncited-reference]",
        f"build failed with 1 error(s); no {broken}/output/brief.pdf was written"]


@pytest.mark.build
def test_a_brief_s_own_template_and_stylesheet_change_only_their_part(
        fresh: tuple[Path, str, tuple],
        several: tuple[dict[str, Path], subprocess.CompletedProcess]) -> None:
    """Compared with the same brief built alone, with the builder's files."""
    own, plain = several[0]["own"], fresh[0]
    ours, theirs = ((f / "output/brief.html").read_text("utf-8") for f in (own, plain))
    assert ours.replace('<tfoot><tr><td colspan="9">Source: the institute.</td></tr></tfoot>\n'
                        "  ", "") == theirs  # the template changed that part, and only it
    assert "Source: the institute." in pdf_text(own / "output/brief.pdf")
    red, blue = (link_colours(f / "output/brief.pdf") for f in (own, plain))
    link = (0x1d, 0x5f, 0xa8)  # the builder's link colour, replaced by the brief's own
    assert (200, 0, 0) in red and link not in red and link in blue and (200, 0, 0) not in blue
    assert red - {(200, 0, 0)} == blue - {link}  # every other colour is the same


def link_colours(pdf: Path) -> set[tuple[int, int, int]]:
    """The fill colours (0-255) set on the pages of the body (4 and 5)."""
    import pikepdf
    colours = set()
    with pikepdf.open(pdf) as document:
        for page in document.pages[3:5]:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "rg":
                    colours.add(tuple(round(float(v) * 255) for v in operands))
    return colours


def ppm_pixels(path: Path) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a binary PPM (pdftoppm's own format)."""
    data = path.read_bytes()
    magic, width, height, depth, rest = data.split(maxsplit=4)
    assert magic == b"P6" and depth == b"255"
    return int(width), int(height), rest


@pytest.mark.build
def test_logo_colours_and_file_name_from_brief_yaml(
        several: tuple[dict[str, Path], subprocess.CompletedProcess], tmp_path: Path) -> None:
    folder = several[0]["green"]
    pdf = folder / "output/green-memo-letter.pdf"  # its name, on its house paper
    run([tool("pdftoppm"), "-r", "20", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "cover")],
        check=True)
    width, height, pixels = ppm_pixels(next(tmp_path.glob("cover*.ppm")))
    assert (width, height) == (170, 220)  # US Letter at 20 dpi

    def count(rgb: tuple[int, int, int], rows: range) -> int:
        found = 0
        for y in rows:
            row = pixels[y * width * 3:(y + 1) * width * 3]
            found += sum(1 for x in range(width) if all(
                abs(row[3 * x + i] - rgb[i]) < 12 for i in range(3)))
        return found

    assert count((0x2e, 0x7d, 0x32), range(height // 3, 2 * height // 3)) > 2000  # the panel
    assert count((0x1f, 0x3a, 0x5f), range(height)) == 0  # no trace of the builder's blue
    assert count((0xc6, 0x28, 0x28), range(0, height // 6)) > 20  # the logo, at the top


@pytest.mark.build
def test_a_shared_house_file_sets_fonts_and_colours_and_the_brief_s_own_keys_win(
        several: tuple[dict[str, Path], subprocess.CompletedProcess]) -> None:
    """The series' house.yaml beside the brief folders brings a font file and colours;
    the glyph check knows what that font lacks."""
    import pikepdf
    folders, result = several
    green = folders["green"]
    pdf = green / "output/green-memo-letter.pdf"
    with pikepdf.open(pdf) as document:
        fonts = {str(font.BaseFont).split("+")[-1] for page in document.pages
                 for font in page.Resources.Font.values()}
    assert "Test-Sans" in fonts and "Source-Serif-Pro" in fonts  # headings, body
    assert [line for line in result.stderr.splitlines() if str(green) in line] == [
        f"{green}/content/02-findings.md:2: warning: green-memo-letter.pdf: the house font "
        "'Test Sans' has no 'ü' (U+00FC): printed in another font; use a font that has it, "
        "or change the text [font-fallback]"]
    colours = link_colours(pdf)
    assert (0x2e, 0x7d, 0x32) in colours and (0x1b, 0x5e, 0x20) not in colours  # brief's link
    html = (green / "output/green-memo-letter.html").read_text("utf-8")
    charts = [base64.b64decode(m) for m in re.findall(r"data:image/svg\+xml;base64,([\w+/=]+)",
                                                      html)]
    assert charts and all(b'font-family="Test Sans"' in svg for svg in charts)  # the chart


def test_house_style_problems_name_their_file_and_line(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A house file outside the series folder, a family no font brings, a font file that
    is not one, a package that is not installed; an installed font package's faces."""
    series = tmp_path / "series"
    content = series / "brief/content"
    content.mkdir(parents=True)
    house_font(tmp_path / "packages/fontpkg_test/files/TestSerif.ttf", "Test Serif")
    (tmp_path / "packages/fontpkg_test/__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "packages"))
    (series / "house.yaml").write_text("fonts:\n  body: Test Serif\n  headings: Nope Sans\n"
                                       "  packages: [fontpkg_test, no_such_fonts]\n"
                                       "  files: [bad.ttf]\n")
    (series / "bad.ttf").write_text("not a font")
    brief = ("title: T\nlanguage: en\ndate: '2026'\npublisher: {name: P}\nsections: []\n"
             "house: {file: ../../house.yaml}\n")
    (content / "brief.yaml").write_text(brief)
    assert [str(d) for d in load_meta(Reader(series / "brief"))[1]] == [
        "../house.yaml:3: error: no font of the family 'Nope Sans' for headings; the "
        "families at hand are Source Sans Pro, Source Serif Pro, Test Serif [unknown-font]",
        "../house.yaml:5: error: 'bad.ttf' is not a font file the typesetter reads; use a "
        ".ttf, .otf or .woff file [bad-font]",
        "../house.yaml:4: error: no installed Python package 'no_such_fonts'; install it "
        "(pip install) or remove it from the list [unknown-package]"]
    (series / "house.yaml").write_text("fonts: {body: Test Serif, packages: [fontpkg_test]}\n")
    meta = load_meta(Reader(series / "brief"))[0]
    assert meta is not None and [f.family for f in meta.house.faces] == ["Test Serif"]
    (content / "brief.yaml").write_text(brief.replace("../../house.yaml", "../../../h.yaml"))
    assert [str(d) for d in load_meta(Reader(series / "brief"))[1]] == [
        "content/brief.yaml:6: error: house file '../../../h.yaml' is outside the brief's "
        "folder and the series folder that holds it; put it in one of those [outside-the-brief]"]


def test_every_problem_of_brief_yaml_in_the_first_run(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "brief.yaml").write_text(
        "title: T\nlangauge: en\nlanguage: english\ndate: '2026-13'\n"
        "publisher: {name: P, url: 'ftp://x'}\nsections: [1]\noutput: 'a b'\n"
        "house: {colours: {accent: green}, logo: x.gif}\n")
    assert [str(d) for d in load_meta(Reader(tmp_path))[1]] == [
        "content/brief.yaml:2: error: unknown field 'langauge' in brief.yaml; did you mean "
        "'language'? [unknown-field]",
        "content/brief.yaml:4: error: impossible date '2026-13' in field 'date': month 13 is "
        "not 1-12; write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', only as precise as the source "
        "[bad-date]",
        "content/brief.yaml:6: error: expected text, not int 1 (quote it to make it text) "
        "[wrong-kind]",
        "content/brief.yaml:5: error: the link 'ftp://x' is not a web or mail address; "
        "links must start with http:, https:, mailto: [link-refused]",
        "content/brief.yaml:8: error: 'logo' in house must be an image file (.svg, .png or "
        ".jpg), relative to the YAML file naming it, not text 'x.gif' [bad-value]",
        "content/brief.yaml:8: error: 'accent' in house must be a colour written '#rrggbb', "
        "such as '#1f3a5f', not text 'green' [bad-value]",
        "content/brief.yaml:7: error: output 'a b' must be a plain file name: letters, "
        "digits, '.', '_' and '-' [bad-value]",
        "content/brief.yaml:3: error: 'english' is not a language tag; write one such as "
        "'en', 'en-GB', 'fr' or 'tr' [bad-value]"]


@pytest.mark.parametrize("tag, words", [
    ("fr", ["Sommaire", "POINTS CLÉS", "Tableau 1. Example values", "Figure 1. Example",
            "Bibliographie", "Page 4 sur 7", "CITATION SUGGÉRÉE", "«\u202fone nation, two "
            "states\u202f»", "novembre 2026", "Tableau 1, p. 5", "1,0", "3,5", "CONTACT"]),
    ("de", ["Inhalt", "KERNPUNKTE", "Tabelle 1. Example values", "Abbildung 1. Example",
            "Literatur", "Seite 4 von 7", "ZITIERVORSCHLAG", "„one nation, two states“",
            "November 2026", "Tabelle 1, S. 5", "1,0", "3,5", "KONTAKT"]),
])
@pytest.mark.build
def test_a_brief_prints_every_label_date_number_and_quote_in_its_language(
        several: tuple[dict[str, Path], subprocess.CompletedProcess], tag: str,
        words: list[str]) -> None:
    folder = several[0][tag]
    pdf = folder / "output/brief.pdf"
    text = " ".join(" ".join(page_text(pdf, i).split()) for i in range(1, page_count(pdf) + 1))
    def spaced(words: str) -> str:  # Poppler gives no-break spaces as spaces
        return words.replace("\u00a0", " ").replace("\u202f", " ")

    text = spaced(text)
    missing = [word for word in words if spaced(word) not in text]
    assert not missing, missing
    for english in ("Contents", "KEY POINTS", "Bibliography", "Page 4 of", "Table 1",
                    "SUGGESTED CITATION", "November 2026", "“one nation"):
        assert english in words or english not in text, english  # (November: German too)


@pytest.mark.build
def test_a_label_without_translation_is_a_warning_that_names_it(
        fresh: tuple[Path, str, tuple], tmp_path: Path) -> None:
    folder = tmp_path / "nl"
    shutil.copytree(fresh[0] / "content", folder / "content")
    edit(folder / "content/brief.yaml", "language: en-US", "language: nl")
    (folder / "labels").mkdir()
    (folder / "labels/nl.yaml").write_text("contents: Inhoud\ntable: Tabel\n")
    meta = load_meta(Reader(folder))[0]
    assert meta is not None
    from brief.read.load import load
    warning = next(d for d in load(folder).findings if "translation" in d.message)
    assert str(warning).startswith("content/brief.yaml:5: warning: no translation into 'nl' "
                                   "of figures, tables, bibliography,")
    assert "add them to labels/nl.yaml in the brief's folder" in warning.message
    assert "contents," not in warning.message and " table," not in warning.message


@pytest.mark.build
def test_a_series_brief_carries_its_credits_everywhere_a_reader_looks(
        several: tuple[dict[str, Path], subprocess.CompletedProcess]) -> None:
    """Authors with affiliations on the cover; series, number, report number, DOI and
    abstract inside; email and phone on the back; the DOI in the metadata and in the
    suggested citation."""
    import pikepdf
    pdf = several[0]["green"] / "output/green-memo-letter.pdf"
    pages = [join_lines(page_text(pdf, i)) for i in range(1, page_count(pdf) + 1)]
    assert "First Author, Second Author Institute of Water" in pages[0]
    assert "Policy Briefs, no. 3 · GB-2026-3 https://doi.org/10.5555/green.3" in pages[1]
    assert "ABSTRACT What the memo finds, in two lines." in pages[1]
    assert "AUTHORS First Author, Institute of Water · ORCID 0000-0002-1825-0097 Second " \
           "Author SUGGESTED CITATION" in pages[1]
    assert re.search(r"Author, First, and Second Author\. Title of the Brief: .*Policy Briefs, "
                     r"no\. 3\. Name of the Institute, 2026\. https://doi\.org/10\.5555/green\.3\.",
                     pages[1])  # (the first author inverted, the series number labelled)
    assert "Email: office@example.org Phone: +1 555 0100" in pages[-1]
    with pikepdf.open(pdf) as document, document.open_metadata() as xmp:
        assert xmp["dc:identifier"] == "doi:10.5555/green.3"
        assert xmp["dc:creator"] == ["First Author", "Second Author"]
        assert xmp["dc:relation"] == {"Policy Briefs, 3"}
        assert xmp["xmp:Identifier"] == {"doi:10.5555/green.3", "GB-2026-3"}
        ours = "{urn:brief-builder:credits:1.0#}"
        assert xmp[f"{ours}affiliations"] == ["Institute of Water", None]  # (None: '')
        assert xmp[f"{ours}orcids"] == ["0000-0002-1825-0097", None]
        described = str(xmp)  # the schema described for PDF/A, as any other than XMP's own
        assert re.search(r"<pdfaSchema:namespaceURI[^>]*>urn:brief-builder:credits:1\.0#<",
                         described) and described.count("<pdfaProperty:name") == 2
        links = [str(a.A.URI) for a in document.pages[1].Annots if "/URI" in a.A]
        assert "https://orcid.org/0000-0002-1825-0097" in links


@pytest.mark.build
def test_a_memo_of_some_700_words_fits_two_pages(
        several: tuple[dict[str, Path], subprocess.CompletedProcess]) -> None:
    """layout: memo — the title block heads page 1, sections run on, no contents, inside or
    back page; the notes and the bibliography as in a report."""
    folder = several[0]["memo"]
    words = sum(len(re.sub(r"(?s)^---.*?---|\[[^]]*\]", "", p.read_text("utf-8")).split())
                for p in (folder / "content").glob("0*.md"))
    assert 700 <= words <= 800
    pdf = folder / "output/brief.pdf"
    assert page_count(pdf) == 2
    first, second = (join_lines(page_text(pdf, i)) for i in (1, 2))
    assert first.startswith("NAME OF THE INSTITUTE Title of the Brief A subtitle that says "
                            "what the brief argues First Author · November 2026 Summary")
    assert "1. The Chicago Manual of Style" in first and "Bibliography The Chicago" in second
    for absent in ("Contents", "SUGGESTED CITATION", "CONTACT"):
        assert absent not in first + second


@pytest.mark.build
def test_the_installed_command_starts_and_builds_a_brief_anywhere(
        installed: list[subprocess.CompletedProcess]) -> None:
    """A plain (not editable) install carries the templates and stylesheets; the command
    names itself in its advice and builds the brief in the current folder by default."""
    assert [step.returncode for step in installed] == [0, 0, 0], installed[-1].stderr
    folder = installed[1].args[-1]
    assert installed[1].stdout == f"started a brief in {folder}/: edit {folder}/content/, " \
                                  f"then build it with 'brief-builder {folder}'\n"
    assert re.fullmatch(r"wrote output/brief\.pdf \(7 pages\) and output/brief\.html\n",
                        installed[2].stdout) and installed[2].stderr == ""
    brief = Path(folder) / "content/brief.yaml"
    lines = brief.read_text("utf-8").splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=file://") and \
        lines[0].endswith("/brief/schemas/brief.json")  # (the installed package's own)
    assert lines[1].startswith("# A new brief. Build it with: brief-builder ")


@pytest.mark.build
def test_without_a_layout_a_brief_of_1300_words_runs_its_sections_on_within_seven_pages(
        several: tuple[dict[str, Path], subprocess.CompletedProcess]) -> None:
    folder = several[0]["short"]
    words = sum(len(re.sub(r"(?s)^---.*?---|:::.*?:::|\[[^]]*\]", "", p.read_text("utf-8"))
                    .split()) for p in (folder / "content").glob("0*.md"))
    assert 1250 <= words <= 1400
    pdf = folder / "output/brief.pdf"
    pages = [join_lines(page_text(pdf, i)) for i in range(1, page_count(pdf) + 1)]
    assert len(pages) <= 7  # (the contents end their page: issue 22)
    assert any("Summary" in page and "Findings" in page for page in pages)  # run on
    assert "Contents" in pages[2] and "SUGGESTED CITATION" in pages[1]  # a report still


@pytest.mark.parametrize("words, preset", [(600, "memo"), (999, "memo"), (1000, "short"),
                                           (1300, "short"), (2000, "report"), (2600, "report")])
def test_the_layout_a_brief_gets_by_its_length(words: int, preset: str) -> None:
    from brief.diagnostics import Loc
    from brief.model import SectionSource
    from brief.read.load import layout_for
    body = "Word " * words + "\n\n::: {#tbl-x .table}\n" + "columns: [a]\n" * 500 + ":::\n"
    assert layout_for([SectionSource("a", "A", body, 4, Loc("content/01-a.md"))]) == preset


@pytest.mark.parametrize("text, said", [
    (None, ["content/brief.yaml:6: error: house file '../../house.yaml' does not exist; add "
            "it or fix the name [missing-file]"]),
    ("", ["../house.yaml:1: error: a house file is a mapping of logo, colours, fonts and "
          "paper [wrong-kind]"]),
    ("- a\n", ["../house.yaml:1: error: a house file is a mapping of logo, colours, fonts and "
               "paper [wrong-kind]"]),
    ("paper: [\n", ["../house.yaml:2: error: "]),
    ("paper: a4\nfile: other.yaml\n", [
        "../house.yaml:2: error: a house file cannot name another house file "
        "[forbidden-field]"]),
    ("colours: {accent: '#112233'}\npaper: letter\n", [])])
def test_a_series_house_file_is_read_and_checked_at_its_lines(
        tmp_path: Path, text: str | None, said: list[str]) -> None:
    content = tmp_path / "series/brief/content"
    content.mkdir(parents=True)
    if text is not None:
        (tmp_path / "series/house.yaml").write_text(text, "utf-8")
    (content / "brief.yaml").write_text(
        "title: T\nlanguage: en\ndate: '2026'\npublisher: {name: P}\nsections: []\n"
        "house: {file: ../../house.yaml, colours: {rule: '#445566'}}\n", "utf-8")
    meta, found = load_meta(Reader(tmp_path / "series/brief"))
    assert [str(d)[:len(s)] for d, s in zip(found, said)] == said and len(found) == len(said)
    if not said:
        assert (meta.house.colours, meta.house.paper) == (
            {"accent": "#112233", "rule": "#445566"}, "letter")


def test_a_house_font_s_family_weight_and_slant_are_read_from_the_file(tmp_path: Path
                                                                       ) -> None:
    import shutil

    from brief.home import FONT_DIRS
    content = tmp_path / "content"
    (content / "fonts").mkdir(parents=True)
    for name in ("SourceSerifPro-It.ttf", "SourceSerifPro-Bold.ttf"):
        shutil.copyfile(next(d / name for d in FONT_DIRS if (d / name).is_file()),
                        content / "fonts" / name)
    (content / "brief.yaml").write_text(
        "title: T\nlanguage: en\ndate: '2026'\npublisher: {name: P}\nsections: []\n"
        "house: {fonts: {files: [fonts], body: Source Serif Pro}}\n", "utf-8")
    meta, found = load_meta(Reader(tmp_path))
    assert found == []
    assert sorted((f.path.name, f.family, f.weight, f.italic) for f in meta.house.faces) == [
        ("SourceSerifPro-Bold.ttf", "Source Serif Pro", 700, False),
        ("SourceSerifPro-It.ttf", "Source Serif Pro", 400, True)]
    (content / "brief.yaml").write_text(
        "title: T\nlanguage: en\ndate: '2026'\npublisher: {name: P}\nsections: []\n"
        "house: {fonts: {files: [nowhere.ttf]}}\n", "utf-8")
    assert [(str(d.loc), d.code, d.message) for d in load_meta(Reader(tmp_path))[1]] == [(
        "content/brief.yaml:6", "missing-file", "font 'nowhere.ttf' is not a file or folder "
        "in content/; add it or fix the name")]
