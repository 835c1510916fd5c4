"""A series site (brief/web/site.py, series.py): two briefs in two languages published
together, their index pages checked in a real browser (axe-core at two widths, light and
dark, and printed), the feed and the sitemap read as XML, the site the same over two
builds; and a site file's mistakes, or a brief's, said at their lines with the previous
site kept."""
from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browser import Browser
from helpers import ROOT, TIMEOUT, fixture_copy
from lxml import html as lxml_html

import build
from brief.diagnostics import Loc

SHOTS = ROOT / "output" / "test-screenshots"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = """title: {en: Policy papers, fr: Notes de politique}
description: Short papers on water and borders.
url: https://example.org/papers/
briefs:
  - mini
  - french
"""


def site_thrice(folder: Path) -> tuple[Path, dict[str, bytes], list[str]]:
    """The English and French fixtures (the French one saying it is published elsewhere)
    published by ``build.py site`` three times: again when nothing has changed, and once
    more (brief folders named on the command line) after an error in a brief: the site's
    folder, the first build's files, what each run said. Run in the background from the
    start (conftest's ``site``)."""
    for name in ("mini", "french"):
        fixture_copy(folder, name)
    brief = folder / "french/content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "url: https://example.org/elsewhere/\n",
                     "utf-8")
    (folder / "site.yaml").write_text(SITE, "utf-8")
    said, first = [], {}
    out = folder / "output/site"
    for attempt in range(3):
        if attempt == 2:
            section = folder / "mini/content/01-first.md"
            section.write_text(section.read_text("utf-8") + "\nSee [@nowhere].\n", "utf-8")
        sources = [str(folder / "site.yaml")] if attempt < 2 else [
            str(folder / "mini"), str(folder / "french"), "--title", "Papers", "--url",
            "https://example.org/papers/", "--output", str(out)]
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "site", *sources,
                               "--strict"], capture_output=True, text=True, timeout=TIMEOUT)
        said.append(f"{done.returncode}\n{done.stdout}{done.stderr}")
        if attempt == 0 and out.is_dir():
            first = {p.relative_to(out).as_posix(): p.read_bytes()
                     for p in sorted(out.rglob("*")) if p.is_file()}
    return out, first, said


@pytest.fixture(scope="module")
def out(site: tuple[Path, dict[str, bytes], list[str]]) -> Path:
    folder, _, said = site
    assert said[0].startswith("0\n") and "(2 briefs, 2 language(s))" in said[0], said[0]
    return folder


def test_each_language_page_lists_its_briefs_with_their_links(out: Path) -> None:
    english = lxml_html.parse(str(out / "index.html")).getroot()
    french = lxml_html.parse(str(out / "fr/index.html")).getroot()
    assert (english.get("lang"), french.get("lang")) == ("en-US", "fr")
    assert english.findtext(".//h1") == "Policy papers"
    assert french.findtext(".//h1") == "Notes de politique"
    [mini] = english.xpath("//article[@class='site-brief']")
    [eau] = french.xpath("//article[@class='site-brief']")
    assert mini.xpath(".//h3/a/text()") == ["A Small Brief"]
    assert eau.xpath(".//h3/a/text()") == ["L’eau du bassin\u00a0: un enjeu partagé"]
    assert eau.findtext(".//p[@class='site-series']") == "Cahiers de l’Observatoire, n°\u00a07"
    assert eau.xpath(".//time/@datetime") == ["2026-10"]
    assert eau.findtext(".//time") == "octobre 2026"
    assert eau.findtext(".//p[@class='site-summary']").startswith("Le bassin est-il")
    for page, entry, brief in ((out / "index.html", mini, "mini/"),
                               (out / "fr/index.html", eau, "../french/")):
        links = entry.xpath(".//a/@href")
        assert links == [f"{brief}index.html", f"{brief}brief.pdf"]
        assert all((page.parent / link).is_file() for link in links), links
    assert french.xpath("//nav[@class='site-languages']//a/@href") == ["../index.html"]
    assert english.xpath("//nav[@class='site-languages']//a/@hreflang") == ["fr"]
    assert (out / "french/index.html").read_bytes() == \
        (out.parent.parent / "french/output/web/index.html").read_bytes()


def test_the_feeds_and_the_sitemap_parse_and_name_every_brief(out: Path) -> None:
    feed = ET.parse(out / "fr/feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "https://example.org/papers/fr/"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://example.org/papers/french/"
    assert entry.findtext(f"{ATOM}updated") == "2026-10-01T00:00:00Z"
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [
        "Claire Montagnac", "Julien Feraud"]
    assert {link.get("href") for link in entry.findall(f"{ATOM}link")} == {
        "https://example.org/papers/french/", "https://example.org/papers/french/brief.pdf"}
    english = ET.parse(out / "feed.xml").getroot()
    assert [e.findtext(f"{ATOM}title") for e in english.findall(f"{ATOM}entry")] == [
        "A Small Brief"]
    urls = ET.parse(out / "sitemap.xml").getroot()
    space = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [u.findtext(f"{space}loc") for u in urls] == [
        "https://example.org/papers/", "https://example.org/papers/fr/",
        "https://example.org/papers/mini/", "https://example.org/papers/french/"]


def test_the_site_is_the_same_over_two_builds_and_loads_nothing_from_elsewhere(
        site: tuple[Path, dict[str, bytes], list[str]], out: Path) -> None:
    _, first, said = site
    assert said[1].startswith("0\n"), said[1]
    again = {p.relative_to(out).as_posix(): p.read_bytes()
             for p in sorted(out.rglob("*")) if p.is_file()}
    assert again == first and {"site.css", "fonts/SourceSerifPro-Regular.woff2",
                               "fonts/Source-Serif-Pro-LICENSE.txt", "mini/brief.pdf"} <= set(first)
    for page in ("index.html", "fr/index.html"):
        tree = lxml_html.parse(str(out / page)).getroot()
        for url in tree.xpath("//link[@rel='stylesheet']/@href | //a/@href"):
            target = (out / page).parent / url.split("#")[0]
            assert not url.startswith(("http", "/")) and (target.is_file() or url == "#main")


@pytest.mark.parametrize("page, width, scheme", [
    ("index.html", 1280, "light"), ("index.html", 1280, "dark"), ("index.html", 390, "light"),
    ("index.html", 390, "dark")])  # (and the French page printed, below: one template)
def test_axe_finds_no_violation_on_the_index(out: Path, browser: Browser, page: str,
                                             width: int, scheme: str) -> None:
    browser.open(out / page, width, scheme)
    assert browser.axe() == []
    assert browser.run("return document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"site-{page.replace('/', '-')}-{width}-{scheme}.png"
    browser.shot(shot, full=False)
    assert shot.stat().st_size > 5_000


def test_printed_the_index_has_no_violation_and_no_navigation(out: Path,
                                                              browser: Browser) -> None:
    browser.open(out / "fr/index.html", 1280, "light", "print")
    assert browser.axe() == []
    assert browser.run("return getComputedStyle(document.querySelector('.site-languages'))"
                       ".display") == "none"


def _site(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = build.main(["site", *argv])
        except SystemExit as exit_:
            status = exit_.code
    return status, err.getvalue()


def test_a_site_file_s_mistakes_are_all_said_at_their_lines(tmp_path: Path) -> None:
    fixture_copy(tmp_path, "mini")
    (tmp_path / "site.yaml").write_text("title: Papers\nurl: example.org\nbriefs:\n"
                                        "  - mini\n  - nowhere\n  - mini\n", "utf-8")
    status, err = _site([str(tmp_path / "site.yaml")])
    assert status == 1
    assert f"{tmp_path}/site.yaml:2: error:" in err and "ending in /" in err, err
    (tmp_path / "site.yaml").write_text("title: Papers\nurl: https://example.org/\n"
                                        "briefs:\n  - mini\n  - nowhere\n  - mini\n", "utf-8")
    status, err = _site([str(tmp_path / "site.yaml")])
    assert status == 1 and "no output/site/ was written" in err.replace(str(tmp_path) + "/", "")
    assert f"site.yaml:5: error: no brief in {tmp_path}/nowhere" in err, err
    assert "site.yaml:6: error: two briefs in folders named 'mini'" in err, err
    assert not (tmp_path / "output").exists() and not (tmp_path / "mini/output").exists()


def test_a_folder_named_as_a_brief_without_content_brief_yaml_is_said_with_the_fix(
        tmp_path: Path) -> None:
    from brief.diagnostics import Diagnostic, Loc
    from brief.web.site import brief_at
    at = Loc("site.yaml", 5)
    assert brief_at(fixture_copy(tmp_path, "mini"), at) == []
    assert brief_at(tmp_path / "nowhere", at) == [Diagnostic(
        at, "error", f"no brief in {tmp_path}/nowhere (it has no content/brief.yaml): name the "
        "folder of a brief (the one holding content/)", code="no-brief")]


def test_folders_need_a_title_and_an_address(tmp_path: Path) -> None:
    status, err = _site([str(tmp_path), "--title", "Papers"])
    assert status == 2 and "give the site's --title and --url" in err


def test_folders_make_a_site_of_the_title_address_and_output_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.web import site
    made: list[site.Site] = []
    monkeypatch.setattr(site, "site_of", lambda s: made.append(s) or (None, []))
    status, _ = _site([str(tmp_path / "a"), str(tmp_path / "b"), "--title", "Papers", "--url",
                       "https://example.org/", "--output", str(tmp_path / "out")])
    assert status == 1
    assert made == [site.Site("Papers", "https://example.org/", (
        (tmp_path / "a", Loc(str(tmp_path / "a"))), (tmp_path / "b", Loc(str(tmp_path / "b")))),
        tmp_path / "out")]


def test_a_problem_found_while_making_the_site_s_pages_fails_it_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Its briefs built, and published: an error in the pages made from them is said with
    what else was found, and no site is written: output/site by default.)"""
    from brief.diagnostics import Diagnostic
    from brief.web import series, site
    monkeypatch.chdir(tmp_path)
    built: list = []
    monkeypatch.setattr("brief.cli.build_each", lambda builds: built.append(builds) or 0)
    monkeypatch.setattr(site, "site_of", lambda s: (s, []))
    warned = Diagnostic(Loc("a/content/brief.yaml", 2), "warning", "a warning", code="w")
    monkeypatch.setattr(site, "published", lambda read: ([], [warned]))
    wrong = Diagnostic(Loc("a/content/brief.yaml", 3), "error", "an error", code="e")
    monkeypatch.setattr(series, "site_files", lambda read, briefs: ({"x": b""}, [wrong]))
    status, err = _site(["a", "--title", "T", "--url", "https://example.org/"])
    assert status == 1 and built == [[(Path("a"), ["--editions", "web"])]]
    assert err == f"{warned}\n{wrong}\nsite failed; no output/site/ was written\n"
    assert not (tmp_path / "output").exists()


def test_a_failing_brief_fails_the_site_and_the_previous_site_is_kept(
        site: tuple[Path, dict[str, bytes], list[str]], out: Path) -> None:
    _, first, said = site
    assert said[2].startswith("1\n") and "nowhere" in said[2], said[2]
    assert f"{out.parent.parent}/mini/content/01-first.md:" in said[2]
    assert f"{out}/ was left unchanged" in said[2]
    assert {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()} == first


def test_a_brief_published_elsewhere_than_the_site_says_is_a_warning_at_its_url(
        site: tuple[Path, dict[str, bytes], list[str]], out: Path) -> None:
    _, _, said = site
    line = len((ROOT / "tests/fixtures/french/content/brief.yaml").read_text(
        "utf-8").splitlines()) + 1
    assert f"{out.parent.parent}/french/content/brief.yaml:{line}: warning: the brief's url: " \
        "is https://example.org/elsewhere/, but the site publishes it at " \
        "https://example.org/papers/french/" in said[0], said[0]


def test_the_site_s_pages_feeds_and_sitemap_are_made_from_the_briefs_descriptions(
        tmp_path: Path, golden) -> None:  # type: ignore[no-untyped-def]
    """The site's own files, made in this process from the two briefs' descriptions and
    web editions stood in for by a page each (no build: the pages, feeds and sitemap are
    the briefs' metadata in the labels of each language), as they were when checked in a
    browser; each brief's web edition copied into its folder; the French brief's own url:
    a warning."""
    from brief.web.series import site_files
    from brief.web.site import published, read_site
    for name in ("mini", "french"):
        fixture_copy(tmp_path, name)
    (tmp_path / "site.yaml").write_text(SITE, "utf-8")
    brief = tmp_path / "french/content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "url: https://example.org/elsewhere/\n")
    site, found = read_site(tmp_path / "site.yaml")
    assert site is not None and found == []
    briefs, found = published(site)
    assert [(d.loc.path, d.loc.line, d.code) for d in found] == [
        (str(brief), len(brief.read_text().splitlines()),
         "site-url")]
    assert (found[0].level, found[0].message) == (
        "warning", "the brief's url: is https://example.org/elsewhere/, but the site "
        "publishes it at https://example.org/papers/french/: its canonical link and PDF "
        "address point elsewhere; write that address as its url:")
    for each in briefs:
        each.web.mkdir(parents=True)
        (each.web / "index.html").write_text(f"<p>{each.slug}</p>\n")
    files, found = site_files(site, briefs)
    assert found == []
    fonts = sorted(name for name in files if name.startswith("fonts/"))
    assert sorted(set(files) - set(fonts)) == [
        "feed.xml", "fr/feed.xml", "fr/index.html", "french/index.html", "index.html",
        "mini/index.html", "site.css", "sitemap.xml"]
    assert (files["mini/index.html"], files["french/index.html"]) == (b"<p>mini</p>\n",
                                                                      b"<p>french</p>\n")
    css = files["site.css"].decode()
    faces = [name for name in fonts if name.endswith(".woff2")]
    assert faces and all(f"url({name})" in css or f"url('{name}')" in css or
                         f'url("{name}")' in css for name in faces), css[:400]
    assert css.endswith("\n" + "\n".join((ROOT / f"styles/{n}.css").read_text("utf-8")
                                         for n in ("web", "site")))  # (after the faces)
    from fontTools.ttLib import TTFont
    pages = "".join(files[n].decode() for n in ("index.html", "fr/index.html"))
    drawn = set().union(*(TTFont(io.BytesIO(files[n])).getBestCmap() for n in faces))
    assert set(range(0x20, 0x7F)) <= drawn and not {chr(c) for c in drawn if c > 0x7E} - \
        set(pages)  # (each face cut to ASCII and the other letters of the pages)
    for name in ("index.html", "fr/index.html", "feed.xml", "fr/feed.xml", "sitemap.xml"):
        golden(f"site-{name.replace('/', '-')}", files[name].decode())


def test_a_site_in_a_language_none_of_its_briefs_is_in_lists_the_others_newest_first(
        tmp_path: Path) -> None:
    """The site's language (German) has no brief: its page lists none (its feed dated
    1970), in the words of the first title given; a site with no description says none;
    two English briefs, newest first (then by title); a series without a number; a description
    in each language."""
    import shutil

    from brief.web.series import site_files
    from brief.web.site import published, read_site
    for name in ("mini", "french"):
        fixture_copy(tmp_path, name)
    shutil.copytree(tmp_path / "mini", tmp_path / "later")
    for folder, more in (("later", "series: {name: Working papers}\n"), ("french", "")):
        brief = tmp_path / folder / "content/brief.yaml"
        text = brief.read_text("utf-8").replace("title: A Small Brief", "title: A Later Brief")
        brief.write_text(text.replace("date: '2026-11'", "date: '2026-12-02'") + more)
    (tmp_path / "site.yaml").write_text(
        "title: {fr: Notes, en: Papers}\nurl: https://example.org/p/\nlanguage: de-AT\n"
        "briefs: [mini, french, later]\n", "utf-8")
    site, found = read_site(tmp_path / "site.yaml")
    assert site is not None and found == []
    briefs, found = published(site)
    assert found == []
    for each in briefs:
        each.web.mkdir(parents=True)
    files, _ = site_files(site, briefs)
    assert {"index.html", "en/index.html", "fr/index.html"} <= set(files)
    german = lxml_html.fromstring(files["index.html"])
    assert german.get("lang") == "de-AT" and german.findtext(".//h1") == "Notes"
    assert german.xpath("//article") == [] == german.xpath("//meta[@name='description']")
    assert german.xpath("//p[@class='masthead-subtitle']") == []
    english = lxml_html.fromstring(files["en/index.html"])
    assert english.findtext(".//h1") == "Papers"
    assert english.xpath("//h3/a/text()") == ["A Later Brief", "A Small Brief"]
    assert english.xpath("//h3/a/@href") == ["../later/index.html", "../mini/index.html"]
    assert english.xpath("//p[@class='site-series']/text()") == ["Working papers"]
    feed = ET.fromstring(files["feed.xml"])
    assert feed.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"
    assert feed.findall(f"{ATOM}entry") == []
    english_feed = ET.fromstring(files["en/feed.xml"])
    assert english_feed.findtext(f"{ATOM}updated") == "2026-12-02T00:00:00Z"
    assert [e.findtext(f"{ATOM}published") for e in english_feed.findall(f"{ATOM}entry")] == \
        ["2026-12-02T00:00:00Z", "2026-11-01T00:00:00Z"]
    sitemap = ET.fromstring(files["sitemap.xml"])
    assert [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in sitemap] \
        == ["https://example.org/p/", "https://example.org/p/en/", "https://example.org/p/fr/",
            "https://example.org/p/later/", "https://example.org/p/mini/",
            "https://example.org/p/french/"]
    (tmp_path / "site.yaml").write_text(  # (a description per language; German has none)
        "title: Papers\nurl: https://example.org/p/\nlanguage: de\nbriefs: [mini, french]\n"
        "description: {fr: Notes courtes., en: Short papers.}\n", "utf-8")
    site, _ = read_site(tmp_path / "site.yaml")
    files, _ = site_files(site, published(site)[0])  # type: ignore[arg-type]
    assert [lxml_html.fromstring(files[name]).xpath("//meta[@name='description']/@content")
            for name in ("index.html", "en/index.html", "fr/index.html")] == [
        ["Notes courtes."], ["Short papers."], ["Notes courtes."]]


def test_a_brief_is_dated_and_placed_in_the_site_by_the_parts_of_its_date_it_gives() -> None:
    """A year alone is dated its January 1st in the feed and comes after that year's
    January in the list; a text given for a regional tag is that region's."""
    from types import SimpleNamespace

    from brief.model import PartialDate
    from brief.web import series

    def brief(title: str, *date: int) -> SimpleNamespace:
        return SimpleNamespace(meta=SimpleNamespace(date=PartialDate(*date), title=title))
    briefs = [brief("A year", 2026), brief("B January", 2026, 1), brief("C day", 2026, 1, 2)]
    assert [b.meta.title for b in sorted(briefs, key=series._newest)] == [
        "C day", "B January", "A year"]
    assert [series._stamp(b) for b in briefs] == [
        "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]
    assert series._text({"fr-CA": "Québec", "fr": "France"}, "fr-CA") == "Québec"
    assert series._text({"fr-CA": "Québec", "fr": "France"}, "fr-FR") == "France"


def test_a_brief_with_outputs_of_its_own_name_is_published_from_its_folder(
        tmp_path: Path) -> None:
    from brief.web.site import Site, published
    folder = fixture_copy(tmp_path, "mini")
    brief = folder / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "output: water-2026\n", "utf-8")
    [one], _ = published(Site("T", "https://example.org/", ((folder, Loc("s", 1)),),
                              tmp_path / "out"))
    assert one.web == folder / "output/water-2026"


def test_a_site_file_is_read_into_what_to_publish_every_problem_at_its_line(
        tmp_path: Path) -> None:
    from brief.diagnostics import Loc
    from brief.web.site import Site, read_site, site_folder
    for name in ("mini", "french"):
        fixture_copy(tmp_path, name)
    path = tmp_path / "site.yaml"
    path.write_text("title: {en: Papers}\nurl: https://example.org/p/\nlanguage: fr\n"
                    "description: Short.\nbriefs:\n  - mini\n  - french\n", "utf-8")
    assert read_site(path) == (Site({"en": "Papers"}, "https://example.org/p/", (
        (tmp_path / "mini", Loc(str(path), 6)), (tmp_path / "french", Loc(str(path), 7))),
        tmp_path / "output/site", "fr", "Short."), [])
    assert site_folder(tmp_path / "a/b.yaml") == tmp_path / "a/output/b"
    path.write_text("title: Papers\nurl: https://example.org/p/\nbriefs: [mini]\n", "utf-8")
    site, found = read_site(path)
    assert found == [] and site is not None and (site.language, site.description) == (None,
                                                                                        None)

    def said(text: str | None) -> list[tuple[str, str]]:
        if text is None:
            path.unlink()
        else:
            path.write_text(text, "utf-8")
        site, found = read_site(path)
        assert site is None and all(d.level == "error" for d in found)
        return [(str(d.loc), d.code) for d in found]
    assert said("") == [(f"{path}:1", "empty-file")]
    assert read_site(path)[1][0].message == "the file is empty; it needs title, url and briefs"
    assert said("url: [\n") == [(f"{path}:2", "yaml-syntax")]
    assert said("title: T\nurl: https://e.org/\nbriefs: [mini]\nnowhere: 1\n") == [
        (f"{path}:4", "unknown-field")]
    assert said(None) == [(str(path), "missing-file")]
    (tmp_path / "other").mkdir()
    shutil.copytree(tmp_path / "mini", tmp_path / "other/mini")
    path.write_text("title: T\nurl: https://e.org/\nbriefs: [mini, other/mini]\n", "utf-8")
    site, found = read_site(path)
    assert site is not None and [(str(d.loc), d.code, d.message) for d in found] == [
        (f"{path}:3", "same-folder-name", f"two briefs in folders named 'mini' (the other at "
         f"{path}:3): the site puts each in a folder of its folder's name; rename one")]


def test_a_failed_site_says_every_problem_why_and_what_it_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from brief.diagnostics import Diagnostic, Loc
    from brief.web.site import failed
    problem = Diagnostic(Loc("site.yaml", 3), "error", "a problem", code="x")
    assert failed([problem], None) == 1
    assert capsys.readouterr().err == "site.yaml:3: error: a problem [x]\nsite failed\n"
    assert failed([], tmp_path / "out", "a brief failed") == 1
    assert capsys.readouterr().err == f"site failed: a brief failed; no {tmp_path}/out/ was " \
        "written\n"
    failed([], tmp_path, "")
    assert capsys.readouterr().err == f"site failed; {tmp_path}/ was left unchanged\n"


def test_a_site_file_s_yaml_and_schema_problems_are_said_together(tmp_path: Path) -> None:
    from brief.web.site import read_site
    site = tmp_path / "site.yaml"
    site.write_text("title: T\ntitle: U\nurl: https://e.org/\nbriefs: []\n")
    assert [str(d) for d in read_site(site)[1]] == [
        f"{site}:2: error: duplicate key 'title' (first given at line 1); keep one "
        "[duplicate-key]",
        f"{site}:4: error: 'briefs' in the site file site.yaml: [] should be non-empty "
        "[bad-value]"]


def test_a_site_whose_briefs_only_warn_is_written_with_the_warnings_said(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """(The site command in this process, each brief's web edition stood in for.)"""
    from brief.commands import site
    for name in ("mini", "french"):
        fixture_copy(tmp_path, name)
    (tmp_path / "site.yaml").write_text(SITE, "utf-8")
    brief = tmp_path / "french/content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "url: https://example.org/elsewhere/\n")

    def built(jobs: list[tuple[Path, list[str]]]) -> int:
        for folder, _ in jobs:
            (folder / "output/web").mkdir(parents=True)
            (folder / "output/web/index.html").write_text("<p>page</p>\n")
        return 0
    assert site([str(tmp_path / "site.yaml")], "build.py", built) == 0
    out, err = capsys.readouterr()
    assert "warning: the brief's url: is https://example.org/elsewhere/" in err
    assert out.endswith("/ (2 briefs, 2 language(s))\n")
    from brief.run import outputs

    def full(folder: Path, files: dict) -> None:
        raise outputs.WriteError("cannot write the site: no space left on device")
    monkeypatch.setattr(outputs, "write_folder", full)
    assert site([str(tmp_path / "site.yaml")], "build.py", lambda jobs: 0) == 1
    folder = out.splitlines()[-1].rsplit("/ (", 1)[0]
    assert capsys.readouterr().err.endswith("site failed: cannot write the site: no space "
                                            f"left on device; {folder}/ was left unchanged\n")
