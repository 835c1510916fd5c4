"""The web edition (brief/web/): the real brief's page checked in a real browser (axe-core
at two widths, light and dark, and printed; no sideways scrolling; readable without
scripts), its notes and links, its metadata, its downloads read back by other programs,
and its folder byte for byte the same over two builds."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from browser import Browser
from helpers import ROOT, TIMEOUT, Built, fixture_copy, printed_notes, run_build
from lxml import html as lxml_html

from brief.web.head import citation_files

SHOTS = ROOT / "output" / "test-screenshots"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def page(editions: Built) -> Path:
    """The real brief's web edition, built with its screen edition and grayscale proof
    by one command, strict (conftest's ``editions``: helpers.EDITIONS['brief'])."""
    editions.pdf()  # (built clean)
    assert "wrote output/web/ (" in editions.report("brief")
    return editions.root / "output/web/index.html"


def test_the_real_brief_s_grayscale_proof_passes_its_check(editions: Built) -> None:
    report = editions.report("brief")  # (built --strict: a warning would fail the build)
    assert "wrote output/brief-grayscale.pdf (17 pages)" in report
    assert (editions.root / "output/brief-grayscale.pdf").stat().st_size > 50_000


def test_the_folder_is_the_same_over_two_builds_and_loads_nothing_from_elsewhere(
        rebuilds: dict[str, tuple[Built, Built]], page: Path) -> None:
    """Made from the screen edition's layout, then alone in another process (the rerun)."""
    first, again = files(page.parent), rebuilds["web"][1]
    assert again.results["brief-web"]["status"] == 0, again.results["brief-web"]["err"]
    assert files(again.root / "output/web") == first
    assert {"index.html", "web.css", "brief.pdf", "cite/brief.bib", "cite/brief.ris",
            "cite/brief.json", "data/agreements.csv", "data/agreements.schema.json",
            "fonts/SourceSerifPro-Regular.woff2", "fonts/Source-Serif-Pro-LICENSE.txt"} <= \
        set(first)
    tree = lxml_html.fromstring(first["index.html"])
    assets = tree.xpath("//link/@href | //img/@src | //script/@src | //source/@src")
    css_urls = re.findall(r"url\(\"?([^\")]+)", first["web.css"].decode())
    assert assets and css_urls
    for url in assets + css_urls:
        assert not re.match(r"[a-z]+:|//|/|\.\.", url) or url == "data:,", url
        assert url == "data:," or (page.parent / url).is_file(), url
    assert first["brief.pdf"] == (page.parent.parent / "brief.pdf").read_bytes()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(page: Path, browser: Browser, width: int, scheme: str) -> None:
    browser.open(page, width, scheme)
    assert browser.axe() == []
    assert browser.run("return document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.shot(SHOTS / f"web-{width}-{scheme}.png", full=False)
    assert (SHOTS / f"web-{width}-{scheme}.png").stat().st_size > 10_000


def test_printed_the_page_shows_the_article_and_notes_without_navigation(
        page: Path, browser: Browser) -> None:
    browser.open(page, 1280, "light", "print")
    assert browser.axe() == []
    shown = browser.run("return ['.toc', '.downloads', '.endnotes', 'article'].map(s => "
                        "getComputedStyle(document.querySelector(s)).display)")
    assert shown[:2] == ["none", "none"] and "none" not in shown[2:]


def test_on_a_wide_screen_a_note_shows_where_its_call_is_pointed_at(
        page: Path, browser: Browser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    browser.open(page, 1280)
    call = browser.driver.find_elements(By.CSS_SELECTOR, "a.note-call")[2]
    peek = call.find_element(By.XPATH, "following-sibling::span[1]")
    assert not peek.is_displayed()
    browser.run("document.querySelectorAll('a.note-call')[2].scrollIntoView({block: "
                "'center', behavior: 'instant'})")  # (not smooth: the pointer must meet it)
    ActionChains(browser.driver).move_to_element(call).perform()
    assert peek.is_displayed() and peek.text.startswith("“Agreement on Strategic Partnership")
    assert browser.axe() == []


def test_on_a_wide_screen_the_contents_stay_in_view_and_never_cover_the_downloads(
        page: Path, browser: Browser) -> None:
    """Scrolled to the middle of the text and to its end: where the contents and the
    downloads stand in the window (900 pixels tall), on a wide screen and a narrow one."""
    where = ("window.scrollTo({top: arguments[0], behavior: 'instant'}); return ['.toc', "
             "'.downloads'].map(s => document.querySelector(s).getBoundingClientRect())"
             ".flatMap(r => [Math.round(r.top), Math.round(r.bottom)])")
    seen = {}
    for width in (1280, 390):
        browser.open(page, width)
        middle = browser.run("return document.documentElement.scrollHeight") // 2
        seen[width] = [browser.driver.execute_script(where, y) for y in (middle, 10 ** 6)]
    (toc_top, toc_bottom, _, _), (_, end_toc_bottom, downloads_top, _) = seen[1280]
    assert toc_top == 0 and 300 < toc_bottom <= 900, seen  # (in view, whole)
    assert 0 < downloads_top <= 900 and end_toc_bottom <= downloads_top, seen
    (_, narrow_toc_bottom, _, _), _ = seen[390]
    assert narrow_toc_bottom < 0, seen  # (narrow: before the text, scrolled away with it)


def test_without_scripts_the_notes_contents_and_figures_are_there(page: Path,
                                                                  browser: Browser) -> None:
    from selenium.webdriver.common.by import By
    browser.open(page, 390, scripts=False)
    browser.run("const s = document.createElement('script'); s.textContent = "
                "'window.ran = 1'; document.body.append(s)")
    assert browser.run("return window.ran || 0") == 0  # (the page's scripts are off)
    for selector in (".endnotes li", "nav.toc a", "figure svg", "table.data"):
        found = browser.driver.find_elements(By.CSS_SELECTOR, selector)
        assert found and all(e.is_displayed() for e in found[:5]), selector


def test_every_note_links_both_ways_and_there_are_as_many_as_in_the_pdf(page: Path) -> None:
    tree = lxml_html.parse(str(page)).getroot()
    calls = tree.xpath("//a[@role='doc-noteref']")
    notes = tree.xpath("//section[@role='doc-endnotes']/ol/li")
    assert len(calls) == len(notes) == len(printed_notes(page.parent / "brief.pdf")) > 20
    ids = set(tree.xpath("//@id"))
    for number, (call, note) in enumerate(zip(calls, notes), 1):
        assert call.get("href") == f"#{note.get('id')}" and call.find("sup").text == str(number)
        peek = call.getnext()
        assert peek.get("aria-hidden") == "true" and peek.text == " ".join(
            note.text_content().replace("↩\ufe0e", "").split())
        back = note.xpath(".//a[@role='doc-backlink']")
        assert [b.get("href") for b in back] == [f"#{call.get('id')}"]
    for link in tree.iter("a"):
        assert link.text_content().strip() or link.get("aria-label"), lxml_html.tostring(link)
        if (href := link.get("href", "")).startswith("#"):
            assert href[1:] in ids, href
    assert not tree.xpath("//*[@data-page]") and "\u2060" not in page.read_text("utf-8")
    xrefs = tree.xpath("//a[@class='xref']")
    assert xrefs and all(re.fullmatch(r"Appendix, no\.\s\d+", x.text_content()) for x in xrefs)


def test_the_head_carries_the_metadata(page: Path) -> None:
    tree = lxml_html.parse(str(page)).getroot()
    tags = {}
    for meta in tree.xpath("//head/meta[@content]"):
        tags.setdefault(meta.get("name") or meta.get("property"), []).append(meta.get("content"))
    assert tree.get("lang") == "en-US"
    assert tree.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"]
    assert tags["citation_title"] == tags["DC.title"] == tags["og:title"] == [
        "Turkey–Azerbaijan Relations"]
    assert tags["citation_publication_date"] == ["2026/11"]
    assert tags["citation_technical_report_institution"] == [
        "USC Dornsife Institute of Armenian Studies"]
    assert tags["citation_pdf_url"] == ["brief.pdf"]  # (no url: in brief.yaml)
    assert len(tags["citation_reference"]) == len(tree.xpath("//*[@class='csl-entry']")) > 20
    assert tags["description"]
    report = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert (report["@type"], report["inLanguage"], report["encoding"]["contentUrl"]) == (
        "Report", "en-US", "brief.pdf")


def test_with_a_url_the_addresses_are_absolute_and_the_page_canonical(tmp_path: Path) -> None:
    mini = fixture_copy(tmp_path, "mini")
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "url: https://example.org/briefs/small/\n"
                     "report-number: TI-7\n", "utf-8")
    status, _, err = run_build(mini, "--editions", "web")
    assert status == 0, err
    tree = lxml_html.parse(str(mini / "output/web/index.html")).getroot()
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://example.org/briefs/small/"]
    assert tree.xpath("//meta[@name='citation_pdf_url']/@content") == [
        "https://example.org/briefs/small/brief.pdf"]
    assert tree.xpath("//meta[@name='citation_technical_report_number']/@content") == ["TI-7"]
    report = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert report["encoding"]["contentUrl"] == "https://example.org/briefs/small/brief.pdf"
    assert report["reportNumber"] == "TI-7" and not (mini / "output/brief.pdf").exists()


def test_a_url_that_is_not_a_folder_address_is_an_error_at_its_line(tmp_path: Path) -> None:
    mini = fixture_copy(tmp_path, "mini")
    brief = mini / "content/brief.yaml"
    lines = len(brief.read_text("utf-8").splitlines())
    brief.write_text(brief.read_text("utf-8") + "url: example.org/brief\n", "utf-8")
    status, _, err = run_build(mini, "--editions", "web")
    assert status == 1 and f"content/brief.yaml:{lines + 1}: error:" in err, err
    assert "no output/web/ was written" in err


@pytest.mark.parametrize("kind, suffix", [("bibtex", "bib"), ("ris", "ris"),
                                          ("csljson", "json")])
def test_pandoc_reads_the_citation_files_back(page: Path, kind: str, suffix: str) -> None:
    import pypandoc
    data = page.parent / f"cite/brief.{suffix}"
    out = subprocess.run([pypandoc.get_pandoc_path(), "-f", kind, "-t", "csljson",
                          str(data)], capture_output=True, text=True, timeout=TIMEOUT)
    assert out.returncode == 0, out.stderr
    [item] = json.loads(out.stdout)
    assert (item["title"], item["type"]) == ("Turkey–Azerbaijan Relations", "report")
    assert item["publisher"] == "USC Dornsife Institute of Armenian Studies"
    # (the month too, from BibTeX's 'month = nov'; Pandoc's RIS reader takes PY, a year)
    assert item["issued"]["date-parts"][0][:2] == [2026, 11][:1 if kind == "ris" else 2]


def test_the_citation_files_keep_authors_whole_and_escape_bibtex(tmp_path: Path) -> None:
    from brief.model import Meta, PartialDate, Publisher
    meta = Meta(title="Costs & {Benefits} 100%", publisher=Publisher("Office_of Studies"),
                language="fr-FR", date=PartialDate(2026, 3, 5), sections=(),
                authors=("Claire Montagnac", "Jean de la Fontaine"), report_number="N° 4")
    files = citation_files(meta, "brief")
    assert "title = {{Costs \\& \\{Benefits\\} 100\\%}}," in files["cite/brief.bib"].decode()
    assert "author = {{Claire Montagnac} and {Jean de la Fontaine}}," in \
        files["cite/brief.bib"].decode()
    assert "AU  - Jean de la Fontaine\r\n" in files["cite/brief.ris"].decode()
    [item] = json.loads(files["cite/brief.json"])
    assert item["author"] == [{"literal": "Claire Montagnac"},
                              {"literal": "Jean de la Fontaine"}]
    assert item["issued"] == {"date-parts": [[2026, 3, 5]]} and item["number"] == "N° 4"


def test_each_dataset_is_a_csv_with_its_rows_and_schema(page: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(
        (page.parent / "data/agreements.csv").read_text("utf-8"))))
    schema = json.loads((page.parent / "data/agreements.schema.json").read_text("utf-8"))
    names = [f["name"] for f in schema["fields"]]
    assert list(rows[0]) == names and schema["primaryKey"] == "id"
    import yaml
    source = yaml.safe_load((ROOT / "content/agreements.yaml").read_text("utf-8"))
    written = source if isinstance(source, list) else next(iter(source.values()))
    assert len(rows) == len(written) and [r["id"] for r in rows] == [w["id"] for w in written]


def _built(root: Path, *args: str) -> tuple[int, str]:
    """``build.py ROOT --editions web ARGS`` in a process of its own: status, messages."""
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), str(root), "--editions",
                           "web", *args], capture_output=True, text=True, timeout=TIMEOUT)
    return done.returncode, done.stderr


def with_a_house(folder: Path) -> tuple[Path, list[tuple[int, str]], dict, dict]:
    """The small brief with a house font (with its licence) and a logo, its web edition
    built, then built again after an error (in the background: ``@pytest.mark.ahead``):
    the folder, what each build said, the web folder's files before and after the second."""
    from helpers import house_font
    mini = fixture_copy(folder, "mini")
    house_font(mini / "content/fonts/house.ttf", "House Sans")
    (mini / "content/fonts/OFL.txt").write_text("SIL Open Font License 1.1\n", "utf-8")
    (mini / "content/logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='10'/>\n", "utf-8")
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house: {logo: logo.svg, colours: {accent: "
                     "'#1b5e20'}, fonts: {files: [fonts/], headings: House Sans}}\n", "utf-8")
    said = [_built(mini, "--strict")]
    before = {p: p.read_bytes() for p in (mini / "output/web").rglob("*") if p.is_file()}
    section = mini / "content/01-first.md"
    section.write_text(section.read_text("utf-8") + "\nSee [@nowhere].\n", "utf-8")
    said.append(_built(mini))
    after = {p: p.read_bytes() for p in (mini / "output/web").rglob("*") if p.is_file()}
    return mini, said, before, after


@pytest.mark.ahead.with_args(with_a_house)
def test_the_house_s_fonts_and_logo_are_served_and_a_failed_build_keeps_the_folder(
        ahead: tuple) -> None:
    from fontTools.ttLib import TTFont
    mini, said, before, after = ahead
    assert said[0] == (0, ""), said[0][1]
    web = mini / "output/web"
    css = (web / "web.css").read_text("utf-8")
    assert '@font-face { font-family: "House Sans"; src: url("fonts/house.woff2")' in css
    assert '--sans: "House Sans"' in css and "--accent: #1b5e20;" in css
    assert (web / "fonts/House-Sans-OFL.txt").read_text("utf-8").startswith("SIL Open Font")
    face = TTFont(web / "fonts/house.woff2")
    assert face.flavor == "woff2" and ord("Q") in face.getBestCmap() and \
        len(face.getBestCmap()) < 300  # (cut to the page's characters)
    tree = lxml_html.parse(str(web / "index.html")).getroot()
    assert tree.xpath("//link[@rel='icon']/@href") == ["icon.svg"] and (web / "icon.svg").is_file()
    status, err = said[1]
    assert status == 1 and "output/web/ was left unchanged" in err, err
    assert after == before and not (mini / "output/.partial").exists()


def test_a_house_font_without_its_licence_is_served_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import house_font

    import brief.web.fonts
    from brief.diagnostics import Loc
    from brief.read.inputs import Reader
    from brief.web.fonts import web_fonts
    font = house_font(tmp_path / "content/fonts/house.ttf", "House Sans")
    monkeypatch.setattr(brief.web.fonts, "woff2", lambda data, chars: b"wOF2")  # (cutting
    # and compressing the font is the house test's: here, what is said of its licence)
    files: dict[str, bytes] = {}
    rules, found = web_fonts([(font, "House Sans", 400, False)], "Abc", files,
                             Reader(tmp_path), Loc("content/brief.yaml", 9))
    assert set(files) == {"fonts/house.woff2"} and len(rules) == 1
    assert [(str(d.loc), d.level, d.code) for d in found] == [
        ("content/brief.yaml:9", "warning", "font-licence")]
    assert "the font house.ttf has no licence file beside it" in found[0].message


def test_the_web_edition_is_made_from_its_pdf_twin_s_layout(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    import brief.pipeline
    mini = fixture_copy(tmp_path, "mini")
    produced = tmp_path / "produced"
    real = brief.pipeline.produce

    def counted(*args: object, **named: object) -> object:
        with produced.open("a") as log:  # (in each edition's process)
            log.write(f"{args[2].stem}\n")
        return real(*args, **named)
    monkeypatch.setattr(brief.pipeline, "produce", counted)
    status, out, err = run_build(mini, "--editions", "screen,web")
    assert status == 0, err
    assert produced.read_text("utf-8").split() == ["brief"]
    assert (mini / "output/web/brief.pdf").read_bytes() == \
        (mini / "output/brief.pdf").read_bytes()
    assert out.splitlines()[0].startswith("wrote ") and "output/web/ (" in out


def test_the_page_publishes_no_source_file_name_or_line(page: Path) -> None:
    """The source places the print edition's checks read (``data-loc``) are not the
    reader's: the published page names none of the brief's files."""
    text = page.read_text("utf-8")
    assert "data-loc" not in text and ".md:" not in text and "brief.yaml" not in text
    assert 'data-loc="content/' in (page.parent.parent / "brief.html").read_text("utf-8")


def test_captions_stand_outside_the_scrolling_boxes_and_the_pdf_is_at_the_top(
        page: Path) -> None:
    tree = lxml_html.parse(str(page)).getroot()
    boxes = tree.xpath("//div[@class='table-box']")
    assert boxes and not tree.xpath("//caption")
    for box in boxes:  # (inside the box, a phone would scroll the caption out of sight)
        label = box.getprevious()
        assert label.get("class") == "table-caption" and label.text_content().startswith(
            "Table\u00a0") and box.get("aria-labelledby") == label.get("id") == \
            box.find("table").get("aria-labelledby")
    charts = tree.xpath("//div[@class='chart-box'][@tabindex='0']/svg")
    assert charts and all(c.get("role") == "img" and c.get("aria-label") for c in charts)
    [link] = tree.xpath("//p[@class='masthead-download']/a")
    size = round((page.parent / "brief.pdf").stat().st_size / 1000)
    assert (link.get("href"), link.text) == ("brief.pdf", f"PDF ({size}\u00a0kB)")  # (never parted)


def test_harfbuzz_cuts_a_web_font_as_fonttools_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """The web fonts are cut by HarfBuzz's subsetter (fontTools' took 0.4 s a face; it stands
    in where libharfbuzz-subset cannot be opened): the same characters, glyphs, layout
    features and names (the licence's among them) as fontTools' cut."""
    from fontTools.ttLib import TTFont

    import brief.cache
    from brief.home import FONT_DIRS
    from brief.web import fonts, subset
    monkeypatch.setattr(brief.cache, "_on", lambda: False)  # (not the environment: the
    assert subset.version(), "libharfbuzz-subset0 (.ci/run installs it)"  # background's)
    chars = sorted({*range(0x20, 0x7F), *map(ord, "Türkiye–Azərbaycan çğış “ffi”")})
    for file in ("SourceSerifPro-It.ttf",):
        font = next(folder / file for folder in FONT_DIRS if (folder / file).is_file())
        by_harfbuzz = TTFont(io.BytesIO(fonts.woff2(font.read_bytes(), chars)))
        with monkeypatch.context() as patched:
            patched.setattr(subset, "_libraries", lambda: None)
            assert subset.subset(font.read_bytes(), chars) is None
            by_fonttools = TTFont(io.BytesIO(fonts.woff2(font.read_bytes(), chars)))
        has = set(chars) & set(TTFont(font).getBestCmap())
        for face in (by_harfbuzz, by_fonttools):
            assert face.flavor == "woff2" and set(face.getBestCmap()) == has
        assert by_harfbuzz.getGlyphOrder() == by_fonttools.getGlyphOrder()
        for table in ("GSUB", "GPOS"):
            assert {r.FeatureTag for r in by_harfbuzz[table].table.FeatureList.FeatureRecord} \
                == {r.FeatureTag for r in by_fonttools[table].table.FeatureList.FeatureRecord}
        assert {n.nameID for n in by_harfbuzz["name"].names if n.nameID < 256} == \
            {n.nameID for n in by_fonttools["name"].names} >= {0, 1, 13, 14}  # (HarfBuzz
        # keeps the font's own names too, 256 on, which fontTools drops once unused)


def _without_drawings(text: str) -> str:
    """``text`` with each inline chart's SVG reduced to its first tag (vl-convert draws
    them; what the web edition does is place them)."""
    return re.sub(r"(<svg\b[^>]*>).*?</svg>", r"\1…</svg>", text, flags=re.S)


def test_the_web_edition_s_files_are_made_from_the_screen_edition_s_html(
        tmp_path: Path, golden) -> None:  # type: ignore[no-untyped-def]
    """The web edition of tests/fixtures/data, made in this process from the screen
    edition's HTML (no layout: the PDF stood in for by bytes): its page (notes at their
    chapter's end, both ways; figures, tables in their boxes; the downloads), its datasets
    and citation files, as they were when checked in a browser (the page's tests above)."""
    from brief.handed import Edition
    from brief.html.charts import draw_charts
    from brief.html.render import render
    from brief.markdown.parse import parse
    from brief.read.load import load
    from brief.resolve.index import resolve
    from brief.web.edition import web_files
    root = fixture_copy(tmp_path, "data")
    document = parse(load(root))[0]
    index = resolve(document)[0]
    charts, found = draw_charts(document)
    assert sorted(charts) == ["fig-capacity", "fig-flows"] and found == []
    html = str(render(document, index, Edition(), charts=charts))
    files, found = web_files(document, index, html, b"%PDF-1.7 " * 300, "brief")
    assert found == []
    fonts = [name for name in files if name.startswith("fonts/")]
    assert fonts and all(f'url("{name}")' in files["web.css"].decode() or
                         name.endswith("-LICENSE.txt") for name in fonts)
    assert sorted(set(files) - set(fonts)) == [
        "brief.pdf", "cite/brief.bib", "cite/brief.json", "cite/brief.ris",
        "data/flows.csv", "data/flows.schema.json", "data/reservoirs.csv",
        "data/reservoirs.schema.json", "images/1-bars.svg", "index.html", "web.css"]
    assert files["brief.pdf"] == b"%PDF-1.7 " * 300
    assert files["images/1-bars.svg"] == (root / "content/bars.svg").read_bytes()
    csv_text = files["data/flows.csv"].decode()
    assert csv_text.endswith("\r\n") and "\n" not in csv_text.replace("\r\n", "")  # RFC 4180
    golden("web-data-flows.csv", csv_text.replace("\r\n", "\n"))
    for name in ("index.html", "data/reservoirs.schema.json"):
        golden(f"web-data-{name.replace('/', '-')}", _without_drawings(files[name].decode()))


@pytest.mark.parametrize("name", ["french", "cite"])
def test_the_web_page_of_a_brief_with_authors_a_series_and_works_cited(
        name: str, tmp_path: Path, golden) -> None:  # type: ignore[no-untyped-def]
    """The page of the French fixture (authors with affiliations, a series, a summary, an
    address of its own) and of the citations' fixture (works by people, cited in notes):
    its head's metadata for citation managers and search engines, its notes, as golden
    files made in this process (as test_the_web_edition_s_files_are_made... does)."""
    from brief.handed import Edition
    from brief.html.charts import draw_charts
    from brief.html.render import render
    from brief.markdown.parse import parse
    from brief.read.load import load
    from brief.resolve.index import resolve
    from brief.web.edition import web_files
    document = parse(load(fixture_copy(tmp_path, name)))[0]
    index = resolve(document)[0]
    charts, found = draw_charts(document)
    assert found == []
    html = str(render(document, index, Edition(), charts=charts))
    files, found = web_files(document, index, html, b"%PDF-1.7\n", "brief")
    assert found == []
    golden(f"web-{name}-index.html", _without_drawings(files["index.html"].decode()))
    ris = files["cite/brief.ris"].decode()
    assert ris.endswith("ER  - \r\n") and "\n" not in ris.replace("\r\n", "")  # (its lines)
    golden(f"web-{name}-cite.ris", ris.replace("\r\n", "\n"))
    for kind in ("bib", "json"):
        golden(f"web-{name}-cite.{kind}", files[f"cite/brief.{kind}"].decode())


@pytest.mark.parametrize("colour, ground, made", [
    ("#1f3a5f", "light", "#1f3a5f"),  # (reads already: kept)
    ("#1F3A5F", "dark", "#72839a"),  # (lightened towards white, its hue kept)
    ("#9a9a9a", "light", "#757575"), ("#777777", "light", "#767676"),  # (WCAG's AA gray)
    ("#b5473a", "dark", "#c2665b"), ("#ffff00", "light", "#7a7a00"),
    ("#000000", "dark", "#808080"), ("#ffffff", "light", "#757575")])
def test_a_house_colour_is_moved_just_far_enough_to_read_on_the_web_s_grounds(
        colour: str, ground: str, made: str) -> None:
    from brief.web.colours import AA, DARK, LIGHT, contrast, readable
    on = LIGHT if ground == "light" else DARK
    assert readable(colour, on) == made and contrast(made, on) >= AA


def test_the_web_schemes_move_only_the_colours_that_print_text() -> None:
    from brief.web.colours import readable, schemes
    assert schemes({"accent": "#9A9A9A", "accent-light": "#fafafa", "link": "#1f3a5f"}) == (
        {"accent": "#757575", "accent-light": "#fafafa", "link": "#1f3a5f"},
        {"accent": "#9a9a9a", "link": "#72839a"})
    assert readable("#808080", "#ffffff", 21) == "#000000"  # (as far as it can go)
    assert readable("#808080", "#15181c", 21) == "#ffffff"
    assert readable("#808080", "#ffffff", 22) == readable("#808080", "#ffffff", 21.1) == \
        "#000000"  # (never past black: a mix beyond it is no colour)
    from brief.colour import luminance
    from brief.web.colours import contrast
    exactly = contrast("#1f3a5f", "#ffffff")  # (a colour at the minimum reads: kept)
    assert readable("#1F3A5F", "#ffffff", exactly) == "#1f3a5f"
    mixed = readable("#808080", "#ffffff")  # (a mix at the minimum too)
    assert readable("#808080", "#ffffff", contrast(mixed, "#ffffff")) == mixed
    middle = readable("#bbbbbb", "#aaaaaa")  # (a mid-gray ground: black differs more)
    assert contrast(middle, "#aaaaaa") >= 4.5 and luminance(middle) < luminance("#aaaaaa")


def test_a_brief_fully_described_is_described_to_the_web_in_every_vocabulary() -> None:
    """Every field of brief.yaml the web reads: Highwire, Dublin Core and Open Graph tags,
    a cited work as Highwire writes it, the citation files and the JSON-LD report."""
    from brief.diagnostics import Loc
    from brief.model import Meta, PartialDate, Publisher, Reference
    from brief.web.head import json_ld, meta_tags
    meta = Meta(title="Water", subtitle="A basin", language="en-GB", sections=(),
                publisher=Publisher("Office", url="https://o.org/"),
                date=PartialDate(2026, 3), authors=("A B",), report_number="R-1",
                doi="10.1/x", url="https://e.org/w/", keywords=("a", "b"))
    work = Reference("k", {"id": "k", "title": "T; u", "author": [
        {"given": "C", "family": "D"}, {"literal": "Org"}, {"family": "E"}],
        "issued": {"date-parts": [[1999, 2]]}, "container-title": "J", "publisher": "P",
        "DOI": "10.2/y", "URL": "https://u.org"}, Loc("r.yaml", 1))
    bare = Reference("n", {"id": "n", "title": "Bare", "issued": {"literal": "n.d."}},
                     Loc("r.yaml", 9))
    assert meta_tags(meta, "Desc", "brief.pdf", [work, bare]) == [
        ("name", "description", "Desc"), ("name", "citation_title", "Water"),
        ("name", "citation_author", "A B"), ("name", "citation_publication_date", "2026/03"),
        ("name", "citation_language", "en-GB"),
        ("name", "citation_pdf_url", "https://e.org/w/brief.pdf"),
        ("name", "citation_technical_report_institution", "Office"),
        ("name", "citation_technical_report_number", "R-1"),
        ("name", "citation_doi", "10.1/x"),
        ("name", "citation_reference", "citation_title=T, u; citation_author=C D; "
         "citation_author=Org; citation_author=E; citation_publication_date=1999; "
         "citation_journal_title=J; citation_publisher=P; citation_doi=10.2/y; "
         "citation_url=https://u.org"),
        ("name", "citation_reference", "citation_title=Bare"),
        ("name", "DC.title", "Water"), ("name", "DC.creator", "A B"),
        ("name", "DC.publisher", "Office"), ("name", "DC.date", "2026-03"),
        ("name", "DC.language", "en-GB"), ("name", "DC.type", "Text"),
        ("name", "DC.identifier", "doi:10.1/x"), ("property", "og:type", "article"),
        ("property", "og:title", "Water"), ("property", "og:description", "Desc"),
        ("property", "og:site_name", "Office"), ("property", "og:locale", "en_GB"),
        ("property", "og:url", "https://e.org/w/")]
    files = citation_files(meta, "brief")
    assert files["cite/brief.bib"].decode() == (
        "@techreport{brief,\n  title = {{Water: A basin}},\n  author = {{A B}},\n"
        "  institution = {Office},\n  year = {2026},\n  month = mar,\n  number = {R-1},\n"
        "  doi = {10.1/x},\n  url = {https://e.org/w/},\n  langid = {en-GB},\n}\n")
    assert files["cite/brief.ris"].decode() == "\r\n".join([
        "TY  - RPRT", "TI  - Water: A basin", "AU  - A B", "PB  - Office", "PY  - 2026",
        "DA  - 2026/03", "LA  - en-GB", "SN  - R-1", "DO  - 10.1/x", "UR  - https://e.org/w/",
        "ER  - ", ""])
    assert json.loads(files["cite/brief.json"]) == [{
        "id": "brief", "type": "report", "title": "Water: A basin", "publisher": "Office",
        "issued": {"date-parts": [[2026, 3]]}, "language": "en-GB",
        "author": [{"literal": "A B"}], "number": "R-1", "DOI": "10.1/x",
        "URL": "https://e.org/w/"}]
    assert files["cite/brief.json"].startswith(b'[\n  {\n    "id": "brief",')
    described = json_ld(meta, "Desc </script>", "brief.pdf")
    assert "<\\/script>" in described and "</" not in described
    assert json.loads(described) == {
        "@context": "https://schema.org", "@type": "Report", "name": "Water",
        "headline": "Water", "description": "Desc </script>",
        "author": [{"@type": "Person", "name": "A B"}],
        "publisher": {"@type": "Organization", "name": "Office", "url": "https://o.org/"},
        "datePublished": "2026-03", "inLanguage": "en-GB",
        "encoding": {"@type": "MediaObject", "encodingFormat": "application/pdf",
                     "contentUrl": "https://e.org/w/brief.pdf"},
        "alternativeHeadline": "A basin", "reportNumber": "R-1",
        "identifier": "https://doi.org/10.1/x", "url": "https://e.org/w/",
        "keywords": ["a", "b"]}
    anonymous = Meta(title="T", language="fr", sections=(), publisher=Publisher("Office"),
                     date=PartialDate(2026))
    assert [t for t in meta_tags(anonymous, "D", "b.pdf", []) if t[1] in (
        "DC.creator", "citation_pdf_url", "citation_publication_date")] == [
        ("name", "citation_publication_date", "2026"), ("name", "citation_pdf_url", "b.pdf"),
        ("name", "DC.creator", "Office")]
    assert json.loads(json_ld(anonymous, "D", "b.pdf"))["author"] == [
        {"@type": "Organization", "name": "Office"}]
    assert json.loads(citation_files(anonymous, "b")["cite/b.json"])[0]["author"] == [
        {"literal": "Office"}]


def test_each_picture_of_the_page_is_a_file_beside_it_named_once() -> None:
    from lxml import html as lxml_html

    from brief.read.language import language
    from brief.web.page import web_page
    page = web_page('<html><body><section class="chapter"><h1>T</h1><p>'
                    '<img src="figs/my map.png"><img src="data:x"><img src="figs/my map.png">'
                    '<img src="b.svg"></p></section></body></html>',
                    language("en").printed_labels())
    assert page.images == {"figs/my map.png": "images/1-my-map.png", "b.svg": "images/2-b.svg"}
    assert [i.get("src") for i in page.chapters[0].iter("img")] == [
        "images/1-my-map.png", "data:x", "images/1-my-map.png", "images/2-b.svg"]
    assert lxml_html.tostring(page.chapters[0]).startswith(b'<section class="chapter">')


def test_the_house_s_colours_and_families_come_before_the_web_stylesheet(tmp_path: Path
                                                                         ) -> None:
    from brief.read.load import load
    from brief.web.edition import _house_css
    root = fixture_copy(tmp_path, "mini")
    assert _house_css(load(root), []) == "\n"
    brief = root / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house:\n  colours: {accent: '#123456'}\n"
                     "  fonts: {body: Source Sans Pro, headings: Source Serif Pro}\n", "utf-8")
    assert _house_css(load(root), ["@font-face {}"]) == (
        '@font-face {}\n:root { --accent: #123456; --accent-dark: #6e8398; --serif: "Source '
        'Sans Pro", "Source Serif Pro", serif; --sans: "Source Serif Pro", "Source Sans Pro", '
        "sans-serif; }\n")


def test_a_house_font_served_without_its_licence_is_said_at_the_house_s_line(
        tmp_path: Path) -> None:
    from helpers import house_font

    from brief.handed import Edition
    from brief.html.render import render
    from brief.markdown.parse import parse
    from brief.read.load import load
    from brief.resolve.index import resolve
    from brief.web.edition import web_files
    root = fixture_copy(tmp_path, "mini")
    house_font(root / "content/fonts/house.ttf", "House Sans")
    brief = root / "content/brief.yaml"
    line = len(brief.read_text("utf-8").splitlines()) + 1
    brief.write_text(brief.read_text("utf-8") + "house:\n  fonts: {files: [fonts/house.ttf], "
                     "headings: House Sans}\n", "utf-8")
    document = parse(load(root))[0]
    index = resolve(document)[0]
    files, found = web_files(document, index, str(render(document, index, Edition())),
                             b"%PDF-1.7\n", "brief")
    assert [(str(d.loc), d.code) for d in found] == [(f"content/brief.yaml:{line + 1}",
                                                      "font-licence")]
    assert "fonts/house.woff2" in files


def test_the_web_edition_s_own_stylesheet_and_logo_are_read_from_the_brief(
        tmp_path: Path) -> None:
    """A brief's styles/web.css that links out is said (and the builder's used); the
    house's logo, which the page shows by its address, is copied beside the page."""
    from brief.handed import Edition
    from brief.html.render import render
    from brief.markdown.parse import parse
    from brief.read.load import load
    from brief.resolve.index import resolve
    from brief.web.edition import web_files
    root = fixture_copy(tmp_path, "mini")
    (root / "styles").mkdir()
    (root / "styles/web.css").symlink_to(tmp_path)
    logo = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"
    (root / "content/logo.svg").write_text(logo, "utf-8")
    brief = root / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house: {logo: logo.svg}\n", "utf-8")
    document = parse(load(root))[0]
    index = resolve(document)[0]
    address = (root / "content/logo.svg").resolve().as_uri()
    html = re.sub(r'(<section class="chapter"[^>]*>)',  # (the logo in the text too)
                  rf'\1<p><img src="{address}" alt="L"></p>', str(render(document, index,
                                                                        Edition())), count=1)
    files, found = web_files(document, index, html, b"%PDF-1.7\n", "brief")
    assert [(d.code, d.message) for d in found] == [(
        "outside-the-brief", "stylesheet 'styles/web.css' is a link to a place outside the "
        "brief's folder; put the file itself in the brief's folder")]
    assert files["icon.svg"] == files["images/1-logo.svg"] == logo.encode()


def test_a_dataset_s_csv_writes_dates_as_written_lists_joined_and_truths_in_lower_case(
        ) -> None:
    from brief.diagnostics import Loc
    from brief.model import Column, Dataset, PartialDate, Row
    from brief.web.edition import _csv
    columns = (Column("when", "date"), Column("tags", "list", delimiter="/"),
               Column("open", "boolean"), Column("n", "number"))
    rows = (Row({"when": PartialDate(1994, 4), "tags": ["a", "b"], "open": True, "n": 2.5},
                Loc("d.yaml", 1)), Row({"open": False}, Loc("d.yaml", 6)))
    assert _csv(Dataset("d", "d.yaml", Loc("b", 1), columns, rows)) == (
        b"when,tags,open,n\r\n1994-04,a/b,true,2.5\r\n,,false,\r\n")


def test_a_dataset_is_published_as_csv_and_its_table_schema_as_written() -> None:
    """(In this process, on a dataset made here: a missing value empty, a date as written,
    a list by its delimiter, a truth value in lower case; the schema's labels in their own
    letters, and no key where the dataset has none.)"""
    from brief.diagnostics import Loc
    from brief.model import Column, Dataset, PartialDate, Row
    from brief.web.edition import _csv, _schema
    columns = (Column("name", title="Name"), Column("when", "date"),
               Column("tags", "list", delimiter="/"), Column("open", "boolean"),
               Column("side", categories=(("n", "Nordé", "#123456"),)))
    rows = (Row({"name": "A", "when": PartialDate(1994, 4), "tags": ["x", "y"], "open": True,
                 "side": "n"}, Loc("d.yaml", 1)),
            Row({"name": "B"}, Loc("d.yaml", 7)))
    dataset = Dataset("d", "d.yaml", Loc("b", 1), columns, rows)
    assert _csv(dataset) == b"name,when,tags,open,side\r\nA,1994-04,x/y,true,n\r\nB,,,,\r\n"
    schema = _schema(dataset).decode("utf-8")
    assert '"label": "Nordé"' in schema and "primaryKey" not in schema
    assert json.loads(_schema(replace(dataset, key="name")))["primaryKey"] == "name"


def test_a_file_of_the_web_edition_is_addressed_under_the_brief_s_url_if_it_has_one() -> None:
    from brief.model import Meta, PartialDate, Publisher
    from brief.web.head import absolute
    meta = Meta(title="T", language="en", sections=(), publisher=Publisher("O"),
                date=PartialDate(2026))
    assert absolute(meta, "brief.pdf") == "brief.pdf"
    assert absolute(replace(meta, url="https://e.org/p/"), "cite/brief.bib") == \
        "https://e.org/p/cite/brief.bib"


def test_the_web_page_takes_the_screen_edition_s_parts_as_a_reader_needs_them() -> None:
    """A draft's marks left out (their class read as lxml reads attributes); line-breaking
    aids taken out of texts and tails; a chart inline, named by its text or by nothing,
    without a fixed size, the words after it kept; a caption's id kept, else the table's,
    else 'table'; a picture without a source; the notes counted."""
    import base64

    from brief.read.language import language
    from brief.web.page import web_page
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
                           b'<rect width="4" height="4"/></svg>').decode()
    page = web_page(
        '<html><body><section class="chapter"><div class="draft-mark">DRAFT</div><h1>T</h1>'
        '<p>Hy\u00adphen <b>bold</b>\u200bafter<span class="note">A note.</span></p>'
        f'<p><img src="data:image/svg+xml;base64,{svg}"> then words.</p>'
        '<table><caption id="tbl-a">A</caption><tr><td>1</td></tr></table>'
        '<table id="tbl-b"><caption>B</caption><tr><td>2</td></tr></table>'
        '<table><caption>C</caption><tr><td>3</td></tr></table>'
        '<p><img alt="no source"></p></section></body></html>',
        language("en").printed_labels())
    [chapter] = page.chapters
    text = chapter.text_content()
    assert "DRAFT" not in lxml_html.tostring(chapter).decode() and page.notes == 1
    assert "Hyphen boldafter" in text and "\u00ad" not in text and "\u200b" not in text
    [box] = chapter.find_class("chart-box")
    chart = box[0]
    assert (box.get("aria-label"), chart.get("aria-label")) == ("", "")
    assert chart.get("width") is None and chart.get("viewbox") == "0 0 4 4"
    assert box.tail == " then words."
    assert [p.get("id") for p in chapter.find_class("table-caption")] == [
        "tbl-a", "tbl-b-caption", "table-caption"]
    assert page.images == {"": "images/1-"}


def test_a_table_s_columns_keep_their_alignment_on_the_page_not_their_widths() -> None:
    """(A pipe table's ``---:``; a width in millimetres is the printed page's.)"""
    from brief.web.page import _tables
    chapter = lxml_html.fromstring(
        '<div><table><tr><th style="width: 30mm; text-align:right">A</th>'
        '<th style="width: 20mm">B</th></tr><tr><td style="text-align: center">1</td>'
        '<td>2</td></tr></table></div>')
    _tables(chapter)
    assert [cell.get("style") for cell in chapter.iter("th", "td")] == [
        "text-align:right", None, "text-align: center", None]
