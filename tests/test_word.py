"""Word manuscripts in (brief/word/): manuscripts made here (Pandoc writes the .docx from
Markdown; the reference managers' field codes, tracked changes and comments are written
into it as Word writes them) import into a brief that builds."""
from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import yaml
from helpers import (
    append,
    fixture_copy,
    in_an_ascii_locale,
    pdf_text,
    run_build,
    shared_but_under_mutation,
)

from brief.cli import main
from brief.word.importer import import_manuscript

REVIEW = 'author="Rev A" date="2026-01-01T00:00:00Z"'


def field(code: str, printed: str, pieces: int = 1) -> str:
    """A complex field as Word stores it (its code in ``pieces`` runs), as raw OOXML."""
    size = -(-len(code) // pieces)
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{escape(code[i:i + size])}'
                   "</w:instrText></w:r>" for i in range(0, len(code), size))
    return ('`<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + runs +
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{escape(printed)}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>`{=openxml}')


def work(ident: str, family: str, title: str, year: str, **more: str) -> dict:
    return {"id": ident, "type": "article-journal", "title": title,
            "author": [{"family": family, "given": "A."}],
            "issued": {"date-parts": [[int(year)]]}, **more}


def zotero(*items: tuple[dict, str], note: int = 1, pieces: int = 1) -> str:
    """A Zotero citation of ``items`` ((work, locator) each)."""
    citation = {"citationID": "x", "properties": {"noteIndex": note}, "citationItems": [
        {"id": w["id"], "uris": [f"http://zotero.org/users/1/items/{w['id']}"],
         "itemData": w, **({"locator": loc, "label": "page"} if loc else {})}
        for w, loc in items]}
    return field(" ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(citation), "(printed)",
                 pieces)


ISMAYILOV = work("11", "Ismayilov", "Turkey and {Azerbaijan} in the South Caucasus", "2021",
                 **{"container-title": "Caucasus Survey"})
ALIYEV = work("12", "Aliyev", "Energy Corridors", "2019", **{"container-title": "Energy Policy"})
KOCH = work("13", "Koch", "Pipelines and Power", "2020", **{"container-title": "Geopolitics"})


def manuscript(folder: Path, body: str, company: str = "Test Institute",
               dated: str = "March 2026", more: str = "") -> Path:
    """A .docx written by Pandoc from ``body``, with a title, subtitle and two authors, the
    date ``dated`` (and the front matter ``more``), and the Company property Word keeps."""
    from brief.word.pandocast import run
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "route.png").write_bytes(_png())
    source = folder / "m.md"
    source.write_text("---\ntitle: Turkey and Azerbaijan\nsubtitle: A partnership "
                      f"examined\nauthor: [Ana Author, Bo Writer]\ndate: {dated}\n{more}---\n\n"
                      + body, "utf-8")
    path = folder / "m.docx"
    run(["-f", "markdown", "-t", "docx", f"--resource-path={folder}", "-o", str(path),
         str(source)])
    if company:
        _set_part(path, "docProps/app.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                  f'extended-properties"><Company>{company}</Company></Properties>')
    return path


def _png() -> bytes:
    import struct
    import zlib
    raw = b"".join(b"\0" + b"\xcc\x22\x22" * 8 for _ in range(4))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(  # noqa: E731
        ">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _set_part(path: Path, name: str, text: str) -> None:
    with zipfile.ZipFile(path) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    parts[name] = text.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for key, data in parts.items():
            new.writestr(key, data)


def imported(path: Path, folder: Path, *changes: str, force: bool = False
             ) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = import_manuscript(path, folder, changes[0] if changes else None, force)
    return status, out.getvalue(), err.getvalue()


FULL = f"""Opening words before any heading.

# Introduction

::: {{custom-style="Key Points"}}
The two states call themselves one nation.

Energy and defence bind them.
:::

The relationship is close.^[{zotero((ISMAYILOV, "12"))}] Energy binds them,^[As one study
shows, pipelines matter {zotero((ALIYEV, ""))}.] as {zotero((KOCH, ""), note=0)} argues.
[Inserted words]{{.insertion {REVIEW}}} here [removed words]{{.deletion {REVIEW}}}.

A plain footnote.^[Just commentary.] A claim[Check this figure]{{.comment-start id="0"
author="Ed Itor" date="2026-01-01T00:00:00Z"}} to check[]{{.comment-end id="0"}}.

## Trade

- one
- two

| Year | Trade |
|------|------:|
| 2020 | 4.1 |
| 2021 | 4.6 |

: Table 1. Trade by year

![Figure 1. The pipeline route](route.png)

# Conclusion

Closing words.

# Bibliography

{field(" ADDIN ZOTERO_BIBL {}", "Aliyev, A. Energy Corridors. 2019.")}
"""


@pytest.fixture(scope=shared_but_under_mutation)
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("word")
    return manuscript(folder / "made", FULL), folder


def test_a_bibliography_typed_in_the_manuscript_is_left_out_and_said(tmp_path: Path
                                                                      ) -> None:
    path = manuscript(tmp_path / "typed", "# Introduction\n\nClose ties."
                      f"^[{zotero((ALIYEV, ''))}]\n\n# References\n\nAliyev, A. Energy "
                      "Corridors. 2019.\n\nKoch, B. Pipelines. 2020.\n")
    status, out, err = imported(path, tmp_path / "brief")
    assert status == 0 and "1 section(s)" in out, err
    assert "the bibliography typed under 'References' (2 paragraphs) was left out: the brief " \
        "prints its own from the citations" in err


def test_a_manuscript_imports_into_a_brief_that_builds_strict(full: tuple[Path, Path]
                                                              ) -> None:
    path, folder = full
    brief = folder / "brief"
    status, out, err = imported(path, brief, "accept")
    assert status == 0, err
    assert out.startswith("imported m.docx into ") and "2 section(s), 1 figure(s), 1 " \
        "table(s), 2 note(s), 3 citation(s) of 3 work(s), 1 query(ies)" in out
    meta = yaml.safe_load((brief / "content/brief.yaml").read_text())
    assert (meta["title"], meta["subtitle"], meta["authors"], meta["date"],
            meta["publisher"]) == ("Turkey and Azerbaijan", "A partnership examined",
                                   ["Ana Author", "Bo Writer"], "2026-03",
                                   {"name": "Test Institute"})
    works = yaml.safe_load((brief / "content/references.yaml").read_text())
    assert [w["id"] for w in works] == ["ismayilov-2021-turkey", "aliyev-2019-energy",
                                        "koch-2020-pipelines"]
    assert works[0]["title"] == "Turkey and Azerbaijan in the South Caucasus"  # no braces
    intro = (brief / "content/01-introduction.md").read_text()
    assert "::: {.key-points}\n\nThe two states call themselves one nation.\n\nEnergy and " \
        "defence bind them.\n\n:::" in intro and "{>> Check this figure (Ed Itor) <<}" in intro
    assert "close.[@ismayilov-2021-turkey, p. 12]" in intro  # a note that only cites
    assert "[^1]: As one study shows, pipelines matter [@aliyev-2019-energy]." in intro
    assert "|------|------:|" in intro and ": Trade by year" in intro
    assert "![The pipeline route](figure-1.png)" in intro
    status, _, err = run_build(brief, "--strict")
    assert (status, err) == (0, "")
    text = " ".join(pdf_text(brief / "output/brief.pdf").split())
    for words in ("Opening words before any heading", "KEY POINTS", "Inserted words here.",
                  "Table 1. Trade by year", "Figure 1. The pipeline route",
                  "Energy Corridors", "Pipelines and Power", "Closing words"):
        assert words in text, words
    assert "removed words" not in text and "Figure 1. Figure" not in text
    notes = re.findall(r"^ *(\d+)\. +(.+)$", pdf_text(brief / "output/brief.pdf", "-layout",
                                                     "-l", "1"), re.M)
    assert [(n, words.split(",")[0]) for n, words in notes] == [
        ("1", "A. Ismayilov"), ("2", "As one study shows"), ("3", "A. Koch"),
        ("4", "Just commentary.")]
    assert text.count("Turkey and Azerbaijan in the South Caucasus") == 2  # note, bibliography


def test_tracked_changes_are_refused_until_accepted_or_rejected(full: tuple[Path, Path]
                                                                ) -> None:
    path, folder = full
    status, out, err = imported(path, folder / "refused")
    assert (status, out) == (1, "") and not (folder / "refused").exists()
    assert err == ("build.py import: error: m.docx has 2 tracked changes not yet accepted or "
                   "rejected (2 by Rev A); import it with --accept-changes or "
                   "--reject-changes, or resolve them in Word\n")
    assert imported(path, folder / "rejected", "reject")[0] == 0
    intro = (folder / "rejected/content/01-introduction.md").read_text()
    assert "here removed words." in intro and "Inserted words" not in intro


def test_comments_are_editor_s_queries_with_their_author(full: tuple[Path, Path]) -> None:
    path, folder = full
    brief = folder / "queried"
    assert imported(path, brief, "accept")[0] == 0
    status, out, _ = run_build(brief, "--queries")
    assert (status, out) == (0, "content/01-introduction.md:17: query: Check this figure "
                                "(Ed Itor)\n")


def mendeley(item: dict, uuid: str) -> str:
    """A Mendeley citation: its one item keyed ITEM-1, as Mendeley keys every citation's."""
    citation = {"citationItems": [{"id": "ITEM-1", "itemData": {**item, "id": "ITEM-1"},
                                   "uris": [f"http://www.mendeley.com/documents/?uuid={uuid}"
                                            ]}], "mendeley": {"formattedCitation": "(x)"},
                "properties": {"noteIndex": 1}}
    return field(" ADDIN CSL_CITATION " + json.dumps(citation), "(printed)")


def test_mendeley_s_item_keys_are_made_the_works_own(tmp_path: Path) -> None:
    """Mendeley keys each citation's items ITEM-1, ITEM-2: two works cited apart share a
    key, and without re-keying the second is cited as the first."""
    path = manuscript(tmp_path, f"# One\n\nFirst.^[{mendeley(ALIYEV, 'a-1')}] Second.^["
                      f"{mendeley(KOCH, 'b-2')}]\n")
    assert imported(path, tmp_path / "brief")[0] == 0
    works = yaml.safe_load((tmp_path / "brief/content/references.yaml").read_text())
    assert [(w["id"], w["title"]) for w in works] == [
        ("aliyev-2019-energy", "Energy Corridors"), ("koch-2020-pipelines",
                                                     "Pipelines and Power")]
    text = (tmp_path / "brief/content/01-one.md").read_text()
    assert "First.[@aliyev-2019-energy] Second.[@koch-2020-pipelines]" in text
    assert yaml.safe_load((tmp_path / "brief/content/brief.yaml").read_text())[
        "references"] == "references.yaml"


def test_an_import_writes_its_files_in_utf8_in_any_locale(tmp_path: Path) -> None:
    şahin = work("12", "Şahin", "Enerji koridorları", "2019")
    path = manuscript(tmp_path, f"# Été\n\nDéjà.^[{mendeley(şahin, 'a-1')}]\n",
                      company="Institut d'études", more="lang: fr\n")
    with in_an_ascii_locale():
        assert imported(path, tmp_path / "brief")[0] == 0
    content = tmp_path / "brief/content"
    assert "Déjà.[@" in (content / "01-ete.md").read_text("utf-8")
    assert "name: Institut d'études" in (content / "brief.yaml").read_text("utf-8")
    assert "title: Enerji koridorları" in (content / "references.yaml").read_text("utf-8")


def test_a_field_code_split_over_runs_imports_as_one(tmp_path: Path) -> None:
    made = []
    for pieces in (1, 3):
        path = manuscript(tmp_path / str(pieces), "# One\n\nClose.^["
                          f"{zotero((ISMAYILOV, '4-5'), pieces=pieces)}]\n")
        assert imported(path, tmp_path / f"brief-{pieces}")[0] == 0
        made.append([(tmp_path / f"brief-{pieces}/content" / name).read_text()
                     for name in ("01-one.md", "references.yaml")])
    assert made[0] == made[1] and "Close.[@ismayilov-2021-turkey, pp. 4–5]" in made[0][0]


PRINTED = "(Aliyev 2019, 4; Ismayilov 2021, 12; Cornell 2011, 45; Shaffer 2009, 7)"


def test_a_citation_the_importer_cannot_read_is_listed_with_its_text(tmp_path: Path) -> None:
    endnote = field(" ADDIN EN.CITE ", PRINTED).replace(  # (its data in a field
        "</w:instrText></w:r>", "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"begin\">"
        "<w:fldData>AAAA</w:fldData></w:fldChar></w:r><w:r><w:instrText> ADDIN EN.CITE.DATA "
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>', 1)  # of its own)
    path = manuscript(tmp_path, f"Before any heading {endnote}.\n\n# One\n\nAs shown "
                                f"{endnote}, energy matters.\n")
    status, out, err = imported(path, tmp_path / "brief")
    assert status == 0 and out.startswith("imported m.docx")
    assert err == ("m.docx: warning: an EndNote citation stored as field data ('"
                   f"{PRINTED[:60]}') cannot be read: its printed text was kept; cite the "
                   "work again with its key\n"
                   "m.docx: warning: an EndNote citation stored as field data ('"
                   f"{PRINTED[:60]}', under 'One') cannot be read: its printed text was kept; "
                   "cite the work again with its key\n")  # (its first 60 characters)
    assert f"As shown {PRINTED}, energy matters." in \
        (tmp_path / "brief/content/01-one.md").read_text()


def _zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


TYPES = '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.' \
    'wordprocessingml.document.{}"/></Types>'
BAD = {
    "notes.docx": (lambda p: p.write_text("just text\n"),
                   "notes.docx is not a Word document (.docx); save it from Word as one"),
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
                "old.doc is a Word 97-2003 document (.doc); open it in Word and save it as a "
                "Word Document (.docx)"),
    "locked.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
                                            + "EncryptionInfo".encode("utf-16-le")),
                    "locked.docx is protected by a password; save a copy without one "
                    "(File > Info > Protect Document) and import that"),
    "huge.docx": (lambda p: p.open("wb").truncate(200_000_000),
                  "huge.docx is 200 MB, more than 100 MB; save the images smaller and import "
                  "again"),
    "bound.docx": (lambda p: p.open("wb").truncate(100_000_000),  # (not more than 100 MB)
                   "bound.docx is not a Word document (.docx); save it from Word as one"),
    "damaged.docx": (lambda p: _zip(p, {"[Content_Types].xml": TYPES.format("main+xml"),
                                        "word/document.xml": ""}),
                     "damaged.docx is damaged (no element found: line 1, column 0); save it "
                     "again from Word"),
    "macros.docm": (lambda p: _zip(p, {"[Content_Types].xml": TYPES.format(
        "macroEnabled.main+xml")}), "macros.docm is a macro-enabled document (.docm); save "
        "it as a Word Document (.docx), without its macros"),
    "object.docx": (lambda p: _zip(p, {"[Content_Types].xml": TYPES.format("main+xml"),
                                       "word/embeddings/oleObject1.bin": "x"}),
                    "object.docx holds an embedded object (oleObject1.bin); replace it with "
                    "a picture of it (Paste Special > Picture) and import again"),
}


@pytest.mark.parametrize("name", BAD)
def test_a_file_that_is_no_manuscript_is_refused_and_nothing_is_written(
        tmp_path: Path, name: str) -> None:
    make, message = BAD[name]
    make(tmp_path / name)
    status, out, err = imported(tmp_path / name, tmp_path / "brief")
    assert (status, out, err) == (1, "", f"build.py import: error: {message}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_folder_that_holds_a_brief_is_replaced_only_with_force(tmp_path: Path) -> None:
    path = manuscript(tmp_path / "made", "# One\n\nText.\n")
    brief = tmp_path / "brief"
    assert imported(path, brief)[0] == 0
    (brief / "content/notes.txt").write_text("the author's own\n")
    (brief / "content/01-one.md").write_text("edited\n")
    status, _, err = imported(path, brief)
    assert (status, (brief / "content/01-one.md").read_text()) == (1, "edited\n")
    assert err == (f"build.py import: error: {brief} holds a brief; name a new folder, or add "
                   "--force to replace the files the import makes (and only those)\n")
    assert imported(path, brief, force=True)[0] == 0
    assert "Text." in (brief / "content/01-one.md").read_text()
    assert (brief / "content/notes.txt").read_text() == "the author's own\n"


def test_a_folder_that_is_a_file_a_link_or_holds_anything_is_refused_by_default(
        tmp_path: Path) -> None:
    """Before the manuscript is read (the one named here does not exist); the message
    starts with the last word of the command the author ran."""
    (tmp_path / "file").write_text("x\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty", target_is_directory=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "other/notes.txt").write_text("x\n")
    (tmp_path / "brief/content").mkdir(parents=True)
    (tmp_path / "brief/content/brief.yaml").write_text("title: T\n")
    for name, says in (("file", "is a link or a file; name a new folder"),
                       ("link", "is a link or a file; name a new folder"),
                       ("other", "is not empty and holds no brief; name a new folder"),
                       ("brief", "holds a brief; name a new folder, or add --force to replace "
                                 "the files the import makes (and only those)")):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = import_manuscript(tmp_path / "m.docx", tmp_path / name,
                                       command="brief-builder")
        assert (status, err.getvalue()) == (
            1, f"brief-builder import: error: {tmp_path / name} {says}\n"), name


def test_the_import_works_in_a_temporary_folder_named_as_the_import_s(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(A folder left behind by an import cut short says what made it.) Pandoc stood in
    for: it stops the import."""
    from brief.word import importer
    from brief.word.pandocast import PandocError
    seen: list[Path] = []

    def stopped(source: Path, media: Path) -> dict:
        seen.append(media)
        raise PandocError("Pandoc cannot read it: stopped here")
    monkeypatch.setattr(importer, "read_docx", stopped)
    path = _zip(tmp_path / "m.docx", {"[Content_Types].xml": TYPES.format("main+xml")})
    assert imported(path, tmp_path / "brief") == (
        1, "", "build.py import: error: Pandoc cannot read it: stopped here\n")
    assert seen[0].name == "media" and seen[0].parent.name.startswith("brief-import-")
    assert not seen[0].parent.exists() and not (tmp_path / "brief").exists()


def test_tracked_changes_are_counted_by_reviewer_in_the_refusal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Pandoc's reading stood in for: the changes as it gives them.)"""
    from brief.word import importer

    def change(kind: str, author: str) -> dict:
        return {"t": "Span", "c": [["", [kind], [["author", author],
                                                 ["date", "2026-01-01T00:00:00Z"]]],
                                   [{"t": "Str", "c": "words"}]]}
    tree = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": [{"t": "Para", "c": [
        change("insertion", "Rev B"), change("deletion", "Rev A"),
        change("insertion", "Rev B")]}]}
    monkeypatch.setattr(importer, "read_docx", lambda source, media: tree)
    path = _zip(tmp_path / "m.docx", {"[Content_Types].xml": TYPES.format("main+xml")})
    assert imported(path, tmp_path / "brief") == (
        1, "", "build.py import: error: m.docx has 3 tracked changes not yet accepted or "
        "rejected (1 by Rev A, 2 by Rev B); import it with --accept-changes or "
        "--reject-changes, or resolve them in Word\n")


def test_a_pandoc_older_than_3_6_is_refused_by_name(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import pypandoc
    path = manuscript(tmp_path, "# One\n\nText.\n")
    monkeypatch.setattr(pypandoc, "get_pandoc_version", lambda: "3.1.11")
    status, _, err = imported(path, tmp_path / "brief")
    assert (status, err) == (1, "build.py import: error: Pandoc 3.1 reads Word citations "
                                "wrongly; the importer needs 3.6 or newer (pip install -e . "
                                "installs it)\n")
    assert not (tmp_path / "brief").exists()


def test_the_word_edition_reads_back_as_the_brief_in_the_house_s_fonts(
        full: tuple[Path, Path]) -> None:
    """``--editions docx``: the brief's headings, text and notes (formatted by its citation
    style) in a .docx that Pandoc reads back; its styles part names the house's fonts and
    colours its headings in the house's accent; its bibliography's entries hang; its page
    is the PDF's and its spelling language the brief's."""
    import shutil
    path, folder = full
    brief = folder / "word-edition"
    assert imported(path, brief, "accept")[0] == 0
    with (brief / "content/brief.yaml").open("a") as file:
        file.write("house: {colours: {accent: '#224466'}, fonts: {body: Source Sans Pro, "
                   "headings: Source Serif Pro}}\n")
    status, out, err = run_build(brief, "--editions", "screen,docx")
    assert (status, err) == (0, ""), err
    assert out.splitlines()[-1] == "wrote output/brief.docx"
    made = (brief / "output/brief.docx").read_bytes()
    with zipfile.ZipFile(brief / "output/brief.docx") as docx:  # (Pandoc copies the
        assert "<Words>" not in docx.read("docProps/app.xml").decode()  # reference's part)
    assert run_build(brief, "--editions", "docx", "--force")[0] == 0
    assert (brief / "output/brief.docx").read_bytes() == made  # (to the byte)
    from brief.word.pandocast import run, text
    tree = json.loads(run(["-f", "docx", "-t", "json", str(brief / "output/brief.docx")]))
    headings = [text(b["c"][2]) for b in tree["blocks"] if b["t"] == "Header"]
    assert headings == ["Introduction", "Trade", "Conclusion", "Bibliography"]
    notes: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Note":
                notes.append(" ".join(text(node["c"]).split()))
            else:
                collect(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                collect(item)
    collect(tree["blocks"])
    printed = re.findall(r"^ *\d+\. +(.+)$", pdf_text(brief / "output/brief.pdf", "-layout",
                                                      "-l", "1"), re.M)
    assert notes == [" ".join(n.split()) for n in printed] and len(notes) == 4
    words = " ".join(text(tree["blocks"]).split())
    for sentence in ("Opening words before any heading.", "Inserted words here.",
                     "Closing words.", "Koch, A. “Pipelines and Power.” Geopolitics, 2020."):
        assert sentence in words, sentence
    assert "Contents" not in words and "Test Institute" not in words  # (no front, back)
    with zipfile.ZipFile(brief / "output/brief.docx") as docx:
        styles = docx.read("word/styles.xml").decode()
        boxed = docx.read("word/document.xml").decode().count('w:pStyle w:val="KeyPoints"')
        entries = docx.read("word/document.xml").decode().count(
            'w:pStyle w:val="Bibliography"')
    assert boxed == 3  # (its title and its two paragraphs)
    assert entries == (brief / "output/brief.html").read_text().count('class="csl-entry"') > 0
    assert re.search(r'w:styleId="Bibliography".*?<w:pPr><w:ind w:hanging="720" w:left="720" '
                     r'/></w:pPr>.*?</w:style>', styles, re.S)  # (a hanging indent, as the PDF)
    language = yaml.safe_load((brief / "content/brief.yaml").read_text())["language"]
    assert re.search(rf'<w:rPrDefault>.*?<w:lang [^>]*w:val="{language}"', styles, re.S)
    with zipfile.ZipFile(brief / "output/brief.docx") as docx:  # (A4, as the PDF: Word's
        page = re.search(r"<w:sectPr>.*?</w:sectPr>", docx.read("word/document.xml").decode(),
                         re.S)[0]  # own default is Letter)
    assert '<w:pgSz w:h="16838" w:w="11906" />' in page
    body = re.search(r"<w:rPrDefault>.*?<w:rFonts ([^>]*)/>", styles, re.S)[1]
    heading = re.search(r'w:styleId="Heading1"[^>]*>.*?<w:rFonts ([^>]*)/>.*?<w:color '
                        r'w:val="(\w+)"', styles, re.S)
    assert 'w:ascii="Source Sans Pro"' in body and 'w:ascii="Source Serif Pro"' in \
        heading[1] and heading[2] == "224466"
    status, out, _ = imported(brief / "output/brief.docx", folder / "back")  # (and back)
    assert status == 0 and "3 section(s), 1 figure(s), 1 table(s), 4 note(s)" in out
    assert "::: {.key-points}\n\nThe two states call themselves one nation.\n\nEnergy and " \
        "defence bind them.\n\n:::" in (folder / "back/content/01-introduction.md").read_text()
    shutil.rmtree(brief)
    shutil.rmtree(folder / "back")


CHANGED = ('<w:del w:id="901" w:author="Rev B" w:date="2026-02-01T00:00:00Z"><w:r><w:delText>'
           'Closing</w:delText></w:r></w:del><w:ins w:id="902" w:author="Rev B" '
           'w:date="2026-02-01T00:00:00Z"><w:r><w:t>Final</w:t></w:r></w:ins><w:r><w:t '
           'xml:space="preserve"> words.</w:t></w:r>')
COMMENTED = ('<w:commentRangeStart w:id="90"/><w:r><w:t xml:space="preserve">Opening words before '
             'any heading.</w:t></w:r><w:commentRangeEnd w:id="90"/><w:r><w:commentReference '
             'w:id="90"/></w:r>')
COMMENT = ('<w:comment w:id="90" w:author="Rev B" w:date="2026-02-01T00:00:00Z" '
           'w:initials="RB"><w:p><w:r><w:t>Which source?</w:t></w:r></w:p></w:comment>')
COMMENTS = ('<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main">{COMMENT}</w:comments>')
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def reviewed(edition: Path, copy: Path) -> Path:
    """The Word edition as a reviewer returns it: 'Closing' changed to 'Final' with track
    changes, a comment on the first sentence (beside the edition's own, the brief's queries,
    or in a comments.xml of its own, with its relation and type), a word of a note and a
    table's cell changed."""
    with zipfile.ZipFile(edition) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    parts |= {n: parts[n].decode() for n in ("word/document.xml", "[Content_Types].xml",
                                             "word/_rels/document.xml.rels",
                                             "word/footnotes.xml")}
    note = '<w:r><w:t xml:space="preserve">Just commentary.</w:t></w:r>'
    parts["word/footnotes.xml"] = parts["word/footnotes.xml"].replace(  # (in a note)
        note, CHANGED.replace("Closing", "Just").replace("Final", "Only").replace(
            "90", "91").replace(" words.", " commentary."))
    document = parts["word/document.xml"]
    cell = CHANGED.replace("Closing", "4.1").replace("Final", "4.2").replace(
        " words.", "").replace("90", "92")  # (a table's cell)
    for words, new in (("Closing words.", CHANGED), ("Opening words before any heading.",
                                                     COMMENTED), ("4.1", cell)):
        run = f'<w:r><w:t xml:space="preserve">{words}</w:t></w:r>'
        assert document.count(run) == 1, words
        document = document.replace(run, new)
    parts["word/document.xml"] = document
    if "word/comments.xml" in parts:
        parts["word/comments.xml"] = parts["word/comments.xml"].decode().replace(
            "</w:comments>", f"{COMMENT}</w:comments>")
        return _zipped(parts, copy)
    parts["word/comments.xml"] = COMMENTS
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        "</Relationships>", f'<Relationship Id="rId900" Type="{RELS}" Target="comments.xml"/>'
        "</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>", f'<Override PartName="/word/comments.xml" ContentType="{TYPE}"/></Types>')
    return _zipped(parts, copy)


def _zipped(parts: dict, copy: Path) -> Path:
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return copy


def test_a_review_comes_back_as_a_diff_and_queries_and_applies(full: tuple[Path, Path]
                                                               ) -> None:
    from brief.word.review import review
    path, folder = full
    brief = folder / "reviewed-brief"
    assert imported(path, brief, "accept")[0] == 0
    assert run_build(brief, "--editions", "docx")[0] == 0
    copy = reviewed(brief / "output/brief.docx", folder / "reviewed.docx")
    before = {p.name: p.read_bytes() for p in (brief / "content").iterdir()}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert review(copy, brief, apply=False) == 0
    assert err.getvalue() == (  # (a note is made from the text: never changed in silence)
        "reviewed.docx: warning: under 'Introduction': 4 change(s) or comment(s) in its notes,"
        " tables, captions or headings, which the brief makes from its citations, notes, data "
        "and front matter; make it by hand\n")
    assert [line for line in out.getvalue().splitlines() if line[:1] in "+-"] == [
        "--- a/content/02-conclusion.md", "+++ b/content/02-conclusion.md",
        "-Closing words.", "+Final words."]
    assert "content/01-introduction.md:5: query: Which source? (Rev B)" in out.getvalue()
    assert out.getvalue().endswith(  # (the brief's own query came and went as a comment)
        "reviewed.docx: 1 change(s) in 1 section file(s), 1 comment(s) (and 1 of the brief's "
        "own queries, as they were); add --apply to make them\n")
    assert {p.name: p.read_bytes() for p in (brief / "content").iterdir()} == before
    with contextlib.redirect_stdout(io.StringIO()):
        assert review(copy, brief, apply=True) == 0
    changed = {p.name for p in (brief / "content").iterdir()
               if p.read_bytes() != before[p.name]}
    assert changed == {"01-introduction.md", "02-conclusion.md"}
    assert "Opening words before any heading.{>> Which source? (Rev B) <<}" in \
        (brief / "content/01-introduction.md").read_text()
    status, _, err_text = run_build(brief, "--strict")
    assert (status, err_text) == (0, "")
    text = " ".join(pdf_text(brief / "output/brief.pdf").split())
    assert "Final words." in text and "Closing words" not in text and "Which source" not in text


def commented(edition: Path, copy: Path, said: str, edit: Callable[[str], str]) -> Path:
    """The Word edition with its document part changed by ``edit`` and, unless ``said`` is
    empty, a comment 91 by Rev B saying ``said`` added to its comments."""
    with zipfile.ZipFile(edition) as old:
        parts = {i.filename: old.read(i) for i in old.infolist()}
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode())
    if said:
        parts["word/comments.xml"] = parts["word/comments.xml"].decode().replace(
            "</w:comments>", '<w:comment w:id="91" w:author="Rev B"><w:p><w:r>'
            f"<w:t>{said}</w:t></w:r></w:p></w:comment></w:comments>")
    return _zipped(parts, copy)


def test_the_brief_s_queries_go_to_reviewers_as_comments_and_come_back_once(
        full: tuple[Path, Path]) -> None:
    """The Word edition carries each editor's query as a comment, signed by the brief's word
    for a query; an untouched review brings nothing back; a reply is placed after its query; a
    query the reviewer removed is said at its line (answered?), never removed in silence."""
    from brief.word.review import review
    path, folder = full
    brief = folder / "queries-out"
    assert imported(path, brief, "accept")[0] == 0
    append(brief / "content/02-conclusion.md", "\nMore.[^q]\n\n[^q]: A note.{>> Is this "
           "note  needed? <<}\n")
    append(brief / "content/brief.yaml", "queries: [Check every date.]\n")
    assert run_build(brief, "--editions", "docx")[0] == 0
    edition = brief / "output/brief.docx"
    with zipfile.ZipFile(edition) as docx:
        comments = docx.read("word/comments.xml").decode()
        document = docx.read("word/document.xml").decode()
    assert re.findall(r'w:author="([^"]*)".*?<w:t[^>]*>([^<]*)</w:t>', comments) == [
        ("Query", "Check every date."),  # (the whole brief's: at its first paragraph)
        ("Query", "Check this figure (Ed Itor)"), ("Query", "Is this note needed?")]
    assert re.search(r'A claim</w:t></w:r><w:commentRangeStart w:id="0" />'
                     r'<w:commentRangeEnd w:id="0" />', document)
    assert re.search(r'<w:pStyle w:val="FirstParagraph" /></w:pPr><w:commentRangeStart '
                     r'w:id="2" /><w:commentRangeEnd w:id="2" />.*?Opening words', document)

    def reviewing(copy: Path, apply: bool = False) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert review(copy, brief, apply=apply) == 0
        return out.getvalue(), err.getvalue()
    before = (brief / "content/01-introduction.md").read_text()
    assert reviewing(edition) == ("brief.docx: 0 change(s) in 0 section file(s), 0 comment(s) "
                                  "(and 3 of the brief's own queries, as they were); add "
                                  "--apply to make them\n", "")
    replied = commented(edition, folder / "replied.docx", "Yes: table 2 of the source.",
                        lambda xml: xml.replace(
                            '<w:commentRangeStart w:id="0" />', '<w:commentRangeStart w:id="0" '
                            '/><w:commentRangeStart w:id="91"/>').replace(
                            '<w:commentRangeEnd w:id="0" />', '<w:commentRangeEnd w:id="0" />'
                            '<w:commentRangeEnd w:id="91"/><w:r><w:commentReference '
                            'w:id="91"/></w:r>'))
    out, err = reviewing(replied, apply=True)
    assert (out.splitlines()[-2:], err) == ([
        "content/01-introduction.md:17: query: Yes: table 2 of the source. (Rev B)",
        "replied.docx: 0 change(s) in 1 section file(s), 1 comment(s) (and 3 of the brief's "
        "own queries, as they were); applied"], "")
    assert (brief / "content/01-introduction.md").read_text() == before.replace(
        "{>> Check this figure (Ed Itor) <<}", "{>> Check this figure (Ed Itor) <<}{>> Yes: "
        "table 2 of the source. (Rev B) <<}")
    (brief / "content/01-introduction.md").write_text(before)
    answered = commented(edition, folder / "answered.docx", "", lambda xml: re.sub(
        r'<w:commentRange(?:Start|End) w:id="0" />|<w:r><w:rPr><w:rStyle '
        r'w:val="CommentReference" /></w:rPr><w:commentReference w:id="0" /></w:r>', "", xml))
    assert reviewing(answered, apply=True) == (
        "content/01-introduction.md:17: the review removed this query (answered? remove it "
        "here once it is): Check this figure (Ed Itor)\nanswered.docx: 0 change(s) in 0 "
        "section file(s), 0 comment(s) (and 2 of the brief's own queries, as they were); "
        "applied\n", "")
    assert (brief / "content/01-introduction.md").read_text() == before


def test_an_author_date_manuscript_is_recognised_and_said(tmp_path: Path) -> None:
    path = manuscript(tmp_path, "# One\n\nEnergy matters "
                      f"{zotero((ALIYEV, ''), (KOCH, '7'), note=0)}.\n")
    status, _, err = imported(path, tmp_path / "brief")
    assert (status, err) == (0, "m.docx: warning: every citation is in the text (an "
                                "author-date manuscript): brief.yaml names the "
                                "chicago-author-date style\n")
    meta = yaml.safe_load((tmp_path / "brief/content/brief.yaml").read_text())
    assert meta["style"] == "chicago-author-date"
    assert run_build(tmp_path / "brief", "--strict")[:2] == (0, "wrote output/brief.pdf "
                                                              "(1 pages) and output/brief.html\n")
    assert "Energy matters (Aliyev 2019; Koch 2020, 7)." in " ".join(
        pdf_text(tmp_path / "brief/output/brief.pdf").split())


def test_a_table_with_merged_cells_is_made_plain_and_said(tmp_path: Path) -> None:
    rule, head = "+--------+--------+", "+========+========+"
    grid = [rule, "| Year   | Flow   |", head, "| 2020 and 2021   |", rule,
            "| 2022   | 4.6    |", rule]  # (a grid table: its second row one merged cell)
    path = manuscript(tmp_path, "# One\n\n" + "\n".join(grid) + "\n\n: Table 3: Flows\n")
    status, _, err = imported(path, tmp_path / "brief")
    assert (status, err) == (0, "m.docx: warning: table 1 ('Flows'): merged cells, a list, a "
                                "table, a line break or several paragraphs in a cell; kept as "
                                "a plain table (a merged cell's text in its first cell); check "
                                "it\n")
    text = (tmp_path / "brief/content/01-one.md").read_text()
    assert "| Year          | Flow |\n|---------------|------|\n| 2020 and 2021 |      |\n" \
        "| 2022          | 4.6  |\n\n: Flows" in text
    assert run_build(tmp_path / "brief", "--strict")[0] == 0


def test_an_image_s_alt_text_that_differs_from_its_caption_is_said(tmp_path: Path) -> None:
    """A figure's alt text (Word's "Alt Text") is left for its caption, which the brief's
    figures read aloud; when the two differ, the author is told which words went."""
    path = manuscript(tmp_path, "# One\n\n![Flows by year](route.png)\n")
    with zipfile.ZipFile(path) as docx:
        document = docx.read("word/document.xml").decode()
    assert document.count('descr="Flows by year"') == 1
    _set_part(path, "word/document.xml", document.replace(
        'descr="Flows by year"', 'descr="A bar chart of the flows, by year, from 2000 to 2024, '
        'in millions of cubic metres"'))
    status, _, err = imported(path, tmp_path / "brief")
    assert (status, err) == (0, "m.docx: warning: figure 1: its alt text ('A bar chart of "
                                "the flows, by year, from 2000 to 2024, in mil') was left for "
                                "its caption (the brief's figures read the caption aloud)\n")
    assert "![Flows by year](figure-1.png)" in \
        (tmp_path / "brief/content/01-one.md").read_text()
    same = manuscript(tmp_path / "same", "# One\n\n![Flows by year](route.png)\n")
    assert imported(same, tmp_path / "same-brief")[::2] == (0, "")


def test_a_plain_table_imports_as_a_pipe_table_keeping_its_cells_emphasis_unsaid(
        tmp_path: Path) -> None:
    body = "# One\n\n| Year | Flow |\n|------|------|\n| 2020 | *4.6* |\n| 2021 | 5 |\n\n" \
        ": Flows\n"
    status, _, err = imported(manuscript(tmp_path, body), tmp_path / "brief")
    assert (status, err) == (0, "")
    text = (tmp_path / "brief/content/01-one.md").read_text()
    assert "| Year | Flow  |\n|------|-------|\n| 2020 | *4.6* |\n| 2021 | 5     |\n\n" \
        ": Flows" in text, text


FRENCH = f"""# Politique[Quelle année ?]{{.comment-start id="1" author="Ed Itor"}}[]{{
.comment-end id="1"}}

Attention : ceci compte ! Vraiment ? Oui.

## Un titre\\
sur deux lignes

+--------+-----------------+
| Mesure | Effet           |
+========+=================+
| A      | - un            |
|        | - deux          |
+--------+-----------------+
| B      | ligne\\          |
|        | coupée          |
+--------+-----------------+

: Mesures

Terme
:   Gardé [supprimé]{{.deletion {REVIEW}}} ici.

Une aire de $x^2$ mètres.
"""


def test_a_french_manuscript_keeps_its_spacing_date_headings_and_table_text(
        tmp_path: Path) -> None:
    """What an earlier import lost or changed: the space French puts before ':', '!' and '?'
    (taken for what a removed change leaves), a written date in the manuscript's language,
    a heading's line break, a comment on a Heading 1, a list or a line break in a table's
    cell, a tracked change in a definition list; an equation is said."""
    path = manuscript(tmp_path, FRENCH, dated="5 mars 2026", more="lang: fr-FR\n")
    status, _, err = imported(path, tmp_path / "brief", "accept")
    assert status == 0, err
    meta = yaml.safe_load((tmp_path / "brief/content/brief.yaml").read_text())
    assert (meta["language"], meta["date"]) == ("fr-FR", "2026-03-05")
    text = (tmp_path / "brief/content/01-politique.md").read_text()
    assert "title: Politique" in text and "{>> Quelle année ? (Ed Itor) <<}Attention : ceci " \
        "compte ! Vraiment ? Oui." in text
    assert "## Un titre sur deux lignes\n" in text
    assert "| A      | un; deux     |\n| B      | ligne coupée |" in text
    assert "Terme\n\n:   Gardé ici.\n" in text and "supprimé" not in text
    assert sorted(err.splitlines()) == [
        "m.docx: warning: a note or comment on the heading 'Politique' moved to the start of "
        "its first paragraph",
        "m.docx: warning: an equation ($x^{2}$) prints as its TeX: the brief sets no "
        "mathematics; write it as text",
        "m.docx: warning: table 1 ('Mesures'): merged cells, a list, a table, a line break or "
        "several paragraphs in a cell; kept as a plain table (a merged cell's text in its "
        "first cell); check it"]
    with (tmp_path / "brief/content/brief.yaml").open("a") as file:
        file.write("layout: memo\n")
    status, _, err = run_build(tmp_path / "brief", "--strict")
    assert (status, err) == (0, "")
    assert "Attention : ceci compte" in " ".join(pdf_text(
        tmp_path / "brief/output/brief.pdf").split())


def test_a_review_is_placed_only_where_its_words_are_certain() -> None:
    """The words around a change are read in the reviewed text, which has no Markdown:
    where the section writes them with markup, the change is not made at another place
    that happens to match."""
    from brief.word.review import _place
    source = "X *prices* rose. Oil. Y prices rose. Oil.\n"
    assert _place(source, "X prices ", "rose", ". Oil. Y prices rose. Oil.") is None
    assert _place(source, "Oil. Y prices ", "rose", ". Oil.") == (31, 35)


ENDNOTE = (" ADDIN EN.CITE <EndNote><Cite><Author>Aliyev</Author><Year>2019</Year><RecNum>5"
           "</RecNum><Pages>4</Pages><DisplayText>(Aliyev 2019, 4)</DisplayText><record>"
           "<rec-number>5</rec-number><ref-type name=\"Journal Article\">17</ref-type>"
           "<contributors><authors><author>Aliyev, A.</author></authors></contributors>"
           "<titles><title>Energy Corridors</title><secondary-title>Energy Policy"
           "</secondary-title></titles><dates><year>2019</year></dates></record></Cite>"
           "</EndNote>")


def test_an_endnote_citation_in_the_text_cites_its_work(tmp_path: Path) -> None:
    """EndNote's citation with its record inline (``ADDIN EN.CITE <EndNote>``) is read as
    a citation of the work it carries, with its pages."""
    path = manuscript(tmp_path, f"# One\n\nAs shown {field(ENDNOTE, '(Aliyev 2019, 4)')}, "
                      "energy matters.\n")
    status, _, err = imported(path, tmp_path / "brief")
    assert (status, err) == (0, "m.docx: warning: every citation is in the text (an "
                                "author-date manuscript): brief.yaml names the "
                                "chicago-author-date style\n")
    assert "As shown [@aliyev-2019-energy, 4], energy matters." in \
        (tmp_path / "brief/content/01-one.md").read_text()
    works = yaml.safe_load((tmp_path / "brief/content/references.yaml").read_text())
    assert works == [{"id": "aliyev-2019-energy", "type": "article-journal",
                      "author": [{"family": "Aliyev", "given": "A."}],
                      "container-title": "Energy Policy", "title": "Energy Corridors",
                      "issued": {"date-parts": [[2019]]}}]
    assert run_build(tmp_path / "brief", "--strict")[0] == 0
    assert "As shown (Aliyev 2019, 4), energy matters." in " ".join(
        pdf_text(tmp_path / "brief/output/brief.pdf").split())


@pytest.mark.parametrize("code, says", [
    (" ADDIN CITAVI.PLACEHOLDER 0f1e", "a Citavi citation"),
    (" CITATION Ali19 \\l 1033 ", "a citation of Word's own")])
def test_citavi_s_and_word_s_own_citations_are_listed_and_kept(
        tmp_path: Path, code: str, says: str) -> None:
    path = manuscript(tmp_path, f"# One\n\nAs shown {field(code, '(Aliyev 2019)')}, energy "
                      "matters.\n")
    status, _, err = imported(path, tmp_path / "brief")
    assert status == 0 and err.startswith(f"m.docx: warning: {says} ('(Aliyev 2019)', "
                                          "under 'One') cannot be read"), err
    assert "As shown (Aliyev 2019), energy matters." in \
        (tmp_path / "brief/content/01-one.md").read_text()


def test_two_works_whose_keys_would_be_one_get_keys_of_their_own(tmp_path: Path) -> None:
    twin = work("21", "Aliyev", "Energy Security", "2019")
    path = manuscript(tmp_path, f"# One\n\nFirst.^[{zotero((ALIYEV, ''))}] Second.^["
                      f"{zotero((twin, ''))}]\n")
    assert imported(path, tmp_path / "brief")[0] == 0
    works = yaml.safe_load((tmp_path / "brief/content/references.yaml").read_text())
    keys = [w["id"] for w in works]
    assert len(set(keys)) == 2 and keys[0] == "aliyev-2019-energy", keys
    assert f"First.[@{keys[0]}] Second.[@{keys[1]}]" in \
        (tmp_path / "brief/content/01-one.md").read_text()


def test_the_import_command_takes_its_options(full: tuple[Path, Path]) -> None:
    """``build.py import``: the changes accepted or rejected as asked, never both; --force;
    --review and --apply."""
    path, folder = full
    brief = folder / "by-command"
    say = contextlib.redirect_stderr(io.StringIO())
    with say, pytest.raises(SystemExit) as both:
        main(["import", str(path), str(brief), "--accept-changes", "--reject-changes"])
    assert both.value.code == 2 and not brief.exists()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["import", str(path), str(brief), "--reject-changes"]) == 0
        intro = brief / "content/01-introduction.md"
        assert "removed words" in intro.read_text()
        with contextlib.redirect_stderr(io.StringIO()):
            assert main(["import", str(path), str(brief), "--accept-changes"]) == 1
        assert main(["import", str(path), str(brief), "--accept-changes", "--force"]) == 0
        assert "removed words" not in intro.read_text()
        assert run_build(brief, "--editions", "docx")[0] == 0
        copy = reviewed(brief / "output/brief.docx", folder / "reviewed-by-command.docx")
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert main(["import", "--review", str(copy), str(brief)]) == 0
        assert "+Final words." in out.getvalue()
        conclusion = brief / "content/02-conclusion.md"
        before = conclusion.read_text(), intro.read_text()
        with contextlib.redirect_stderr(io.StringIO()):
            assert main(["import", "--review", str(copy), str(brief), "--apply"]) == 0
    assert conclusion.read_text() == before[0].replace("Closing words.", "Final words.")
    opening = "Opening words before any heading."  # (its citations, notes, table untouched)
    assert intro.read_text() == before[1].replace(opening, opening + "{>> Which source? "
                                                  "(Rev B) <<}")


def test_a_table_in_a_table_keeps_its_words_in_its_cell(tmp_path: Path) -> None:
    """A nested table (Pandoc writes one from HTML) becomes its words in the outer cell,
    rows apart by ';' and cells by ',', deeper ones too, and the words of a list or a
    quotation in its cells; it is said, not counted apart."""
    from brief.word.pandocast import run
    inner = "<table><tr><td>4.1</td><td>east <table><tr><td>deep</td></tr></table></td></tr>" \
        "<tr><td>4.6</td><td>west<ul><li>north</li><li>south</li></ul><blockquote><p>by sea"\
        "</p></blockquote></td></tr></table>"
    (tmp_path / "m.html").write_text(
        "<html><head><title>T</title></head><body><h1>One</h1><table><caption>Table 2. "
        "Flows</caption><tr><th>Year</th><th>Flow</th></tr><tr><td>2020</td><td>"
        f"{inner}</td></tr></table></body></html>", "utf-8")
    run(["-f", "html", "-t", "docx", "-o", str(tmp_path / "m.docx"), str(tmp_path / "m.html")])
    status, out, err = imported(tmp_path / "m.docx", tmp_path / "brief")
    assert status == 0 and ", 1 table(s)," in out
    assert "m.docx: warning: table 1 ('Flows'): merged cells, a list, a table, a line break " \
        "or several paragraphs in a cell" in err
    assert "| 2020 | 4.1, east deep; 4.6, west north; south by sea |" in \
        (tmp_path / "brief/content/01-one.md").read_text()


def test_an_untitled_manuscript_without_headings_is_one_section_named_after_its_file(
        tmp_path: Path) -> None:
    """Its link within itself (a cross-reference) is kept as its text, and said."""
    from brief.word.pandocast import run
    (tmp_path / "m.md").write_text("Words before any heading: see [the map](#map) here.\n\n"
                                   "[The map.]{#map}\n", "utf-8")
    run(["-f", "markdown", "-t", "docx", "-o", str(tmp_path / "m.docx"),
         str(tmp_path / "m.md")])
    status, out, err = imported(tmp_path / "m.docx", tmp_path / "brief")
    assert status == 0 and "1 section(s)" in out, err
    assert "m.docx: warning: 1 link(s) within the manuscript (cross-references) kept as their " \
        "text; a cross-reference of the brief is written [](#id)\n" in err
    assert yaml.safe_load((tmp_path / "brief/content/brief.yaml").read_text())[
        "sections"] == ["01-m.md"]
    assert (tmp_path / "brief/content/01-m.md").read_text() == (
        "---\ntitle: m\n---\n\nWords before any heading: see the map here.\n\nThe map.\n")


def test_text_that_looks_like_the_brief_s_syntax_prints_as_written(tmp_path: Path) -> None:
    """Words of the manuscript that the brief would read as a query, a citation, a note or
    a cross-reference come in escaped, and print as the author wrote them."""
    path = manuscript(tmp_path, "# One\n\nThe marks \\{>> like this <<\\}, [\\@smith], "
                      "\\[^1] and \\@fig-map are text; mail a\\@b.org.\n")
    assert imported(path, tmp_path / "brief")[0] == 0
    status, _, err = run_build(tmp_path / "brief", "--strict")
    assert (status, err) == (0, "")
    assert "The marks {>> like this <<}, [@smith], [^1] and @fig-map are text; mail a@b.org." \
        in " ".join(pdf_text(tmp_path / "brief/output/brief.pdf").split())


def test_pandoc_runs_with_its_heap_bounded_and_says_when_it_runs_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run of Pandoc (the import, the Word edition, the citations) bounds its heap
    (``brief/lifetime.py``); an input that needs more stops it with that said, not the
    machine. (Here the bound is 64 MB, Pandoc's smallest, for a heavy Markdown.)"""
    from brief import lifetime
    from brief.word.pandocast import PandocError, run
    assert lifetime.bounded_pandoc("pandoc") == ["pandoc", "+RTS", "-M2000m", "-RTS"]
    assert run(["-f", "markdown", "-t", "plain"], b"*fine*") == b"fine\n"
    monkeypatch.setattr(lifetime, "MEMORY", 64_000_000)
    heavy = ("[" * 20_000 + "x" + "]" * 20_000 + "\n" + "word " * 100_000).encode()
    with pytest.raises(PandocError, match=r"^Pandoc cannot read it: it ran out of memory "
                                          r"\(64 MB\)$"):
        run(["-f", "markdown", "-t", "json"], heavy)


def test_the_word_edition_looks_as_the_house_or_the_brief_s_stylesheet_says(
        tmp_path: Path) -> None:
    from helpers import fixture_copy

    from brief.read.load import load
    from brief.word.edition import look
    root = fixture_copy(tmp_path, "mini")
    (root / "styles").mkdir()
    (root / "styles/brief.css").write_text(
        ":root { --serif: 'Xenon X', Georgia, serif; --sans: \"My Sans\";\n"
        "  --accent:#123456; }\n", "utf-8")
    assert look(load(root)) == ({"body": "Xenon X", "headings": "My Sans",
                                 "colour": "#123456"}, [])
    (root / "styles/brief.css").write_text("p { color: red }\n", "utf-8")
    assert look(load(root)) == ({"body": "", "headings": "", "colour": ""}, [])
    brief = root / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house:\n  colours: {accent: '#abcdef'}\n"
                     "  fonts: {body: Source Sans Pro, headings: Source Serif Pro}\n", "utf-8")
    assert look(load(root)) == ({"body": "Source Sans Pro", "headings": "Source Serif Pro",
                                 "colour": "#abcdef"}, [])


def test_a_word_edition_whose_stylesheet_cannot_be_read_is_not_written(tmp_path: Path) -> None:
    """(Said as the PDF edition says it: the Word edition alone read it in silence, and took
    the builder's fonts and colour.)"""
    from helpers import fixture_copy
    root = fixture_copy(tmp_path, "mini")
    (root / "styles").mkdir()
    (root / "styles/brief.css").write_bytes(b":root { --accent: #123456; } /* \xff */\n")
    status, out, err = run_build(root, "--editions", "docx")
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        "styles/brief.css:1: error: brief.docx: not UTF-8 (byte 0xFF at column 33); save the "
        "file as UTF-8 [not-utf8]",
        "build failed with 1 error(s); no output/brief.docx was written"]


def test_the_word_edition_places_a_chart_as_its_picture_dated_as_given_in_any_locale(
        tmp_path: Path) -> None:
    """(Called alone, on a page with one chart: the chart a picture file in the .docx, its
    description the picture's; every part, and the document's properties, of ``epoch``. The
    page and the chart are written in UTF-8 in a locale that is not: here the C locale's
    ASCII, set in this process, as a machine set to ISO-8859-1 has it.)"""
    from brief.word.edition import word_edition
    chart = ('<svg xmlns="http://www.w3.org/2000/svg" aria-label="Débits, par année" '
             'width="10" height="10"><rect width="5" height="5"/></svg>')
    with in_an_ascii_locale():
        made = word_edition(f"<h1>Un</h1><p>Été.</p>{chart}", tmp_path, {"title": "T"},
                            {"body": "B", "headings": "H", "colour": "#123456"},
                            1_000_000_000)
    with zipfile.ZipFile(io.BytesIO(made)) as docx:
        pictures = [n for n in docx.namelist() if n.startswith("word/media/")]
        assert [docx.read(n).decode() for n in pictures] == [chart]
        document = docx.read("word/document.xml").decode()
        assert 'descr="Débits, par année"' in document and ">Été.<" in document
        assert {i.date_time for i in docx.infolist()} == {(2001, 9, 9, 1, 46, 40)}
        core = docx.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(\w+)[^>]*>([^<]*)<", core) == [
        ("created", "2001-09-09T01:46:40Z"), ("modified", "2001-09-09T01:46:40Z")]


def test_each_svg_picture_of_the_word_edition_has_its_png_beside_it(tmp_path: Path) -> None:
    """(Called alone.) The PNG the Office format asks for beside an SVG (Pandoc writes the
    SVG alone, which Word before 2016 shows as an empty frame): named after the SVG's
    relation, dated as every part, its type declared once; none where it cannot be made."""
    from brief.word.edition import word_edition
    chart = ('<svg xmlns="http://www.w3.org/2000/svg" aria-label="Flows" width="10" '
             'height="10"><rect width="5" height="5"/></svg>')
    page, meta, look = (f"<p>Text.</p>{chart}{chart.replace('5', '6')}", {"title": "T"},
                        {"body": "B", "headings": "H", "colour": "#123456"})
    asked: list[str] = []
    made = word_edition(page, tmp_path, meta, look, 1_000_000_000, png=lambda svg: (
        asked.append(svg) or f"PNG of {svg[-40:]}".encode()))
    with zipfile.ZipFile(io.BytesIO(made)) as docx:
        document = docx.read("word/document.xml").decode()
        rels = docx.read("word/_rels/document.xml.rels").decode()
        types = docx.read("[Content_Types].xml").decode()
        blips = re.findall(r'<a:blip r:embed="(\w+)png">.*?<asvg:svgBlip [^>]*r:embed="(\w+)"',
                           document, re.S)
        assert len(blips) == 2 and all(png == svg for png, svg in blips)
        for (name, _), svg in zip(blips, asked):
            assert f'Id="{name}png" Type="http://schemas.openxmlformats.org/officeDocument/' \
                f'2006/relationships/image" Target="media/{name}.png"' in rels
            assert docx.read(f"word/media/{name}.png") == f"PNG of {svg[-40:]}".encode()
            assert docx.read(f"word/media/{name}.svg").decode() == svg
            assert f'<Override PartName="/word/media/{name}.png" ContentType="image/png" />' \
                in types
        assert {i.date_time for i in docx.infolist()} == {(2001, 9, 9, 1, 46, 40)}
    assert asked == [chart, chart.replace("5", "6")]
    from xml.etree import ElementTree
    for part in (document, rels, types):  # (each part well formed, no stray text)
        root = ElementTree.fromstring(part)
        assert not (root.text or "").strip() and not [e.tail for e in root
                                                      if (e.tail or "").strip()]
    assert word_edition(page, tmp_path, meta, look, 1_000_000_000, png=lambda svg: None) == \
        word_edition(page, tmp_path, meta, look, 1_000_000_000)
    # One PNG made, one not (its SVG alone, as Pandoc wrote it), beside a PNG picture of the
    # brief's own (typed by Pandoc as its own part).
    dot = ('<img alt="Dot" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6f'
           'ptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==">')
    made = word_edition(page + dot, tmp_path, meta, look, 1_000_000_000,
                        png=lambda svg: None if "6" in svg else b"PNG")
    with zipfile.ZipFile(io.BytesIO(made)) as docx:
        document = docx.read("word/document.xml").decode()
        types = docx.read("[Content_Types].xml").decode()
    ElementTree.fromstring(document)
    assert [re.sub(r"rId\d+", "rId", b) for b in re.findall(r"<a:blip\b[^>]*>", document)] == [
        '<a:blip r:embed="rIdpng">', "<a:blip>", '<a:blip r:embed="rId" />']
    assert types.count('ContentType="image/png"') == 2


def test_the_word_edition_s_charts_and_pictures_fall_back_to_pngs_of_twice_their_size(
        tmp_path: Path) -> None:
    """The data brief's Word edition: each chart, and the brief's own SVG picture, a PNG
    beside it at twice its size, its text drawn (the picture's '48.7': opaque pixels right
    of its bar; in which fonts: test_datasets.py); a picture that cannot be drawn is said,
    and the edition written with its SVG alone."""
    from PIL import Image

    from brief.html.charts import ChartError, Charts
    data = fixture_copy(tmp_path, "data")
    assert run_build(data, "--editions", "docx")[0] == 0
    with zipfile.ZipFile(data / "output/brief.docx") as docx:
        document = docx.read("word/document.xml").decode()
        names = re.findall(r'<a:blip r:embed="(\w+)png">', document)
        assert len(names) == len(re.findall("svgBlip ", document)) == 3
        for name in names:
            svg = docx.read(f"word/media/{name}.svg").decode()
            size = [round(2 * float(re.search(rf'{edge}=[\'"]([\d.]+)', svg)[1]))
                    for edge in ("width", "height")]
            picture = Image.open(io.BytesIO(docx.read(f"word/media/{name}.png")))
            assert list(picture.size) == size, name
            if "viewBox='0 0 300 60'" in svg:  # (the brief's own: its text from x = 215)
                alpha = picture.getchannel("A").crop((430, 20, 600, 60))
                assert alpha.getextrema()[1] == 255
    broken = fixture_copy(tmp_path / "b", "data")

    def refused(self: Charts, svg: str) -> bytes:
        raise ChartError("it cannot be drawn as a PNG (svg parsing failed)", "chart-failed")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Charts, "png", refused)
        status, out, err = run_build(broken, "--editions", "docx")
    assert (status, out) == (0, "wrote output/brief.docx\n")
    assert err.splitlines() == ["output/brief.docx: warning: a picture shows only where SVG "
                                "does (Word 2016 on): it cannot be drawn as a PNG (svg parsing "
                                "failed) [chart-failed]"] * 3
    with zipfile.ZipFile(broken / "output/brief.docx") as docx:
        assert not [n for n in docx.namelist() if n.endswith(".png")]


def test_the_word_edition_s_bibliography_entries_are_its_paragraphs_in_their_style(
        tmp_path: Path) -> None:
    """(Called alone: each entry of the bibliography one paragraph in the Bibliography
    style, its words alone, with no bookmark: an entry's id is the web page's, not Word's.)"""
    from brief.word.edition import word_edition
    made = word_edition(
        '<h1>Bibliography</h1><div class="bibliography"><p class="csl-entry" id="ref-a">Adams, '
        'A. <em>First</em>.</p>\n<p class="csl-entry" id="ref-b">Brown, B.\nSecond.</p></div>',
        tmp_path, {"title": "T"}, {"body": "B", "headings": "H", "colour": "#123456"}, 86400)
    with zipfile.ZipFile(io.BytesIO(made)) as docx:
        document = docx.read("word/document.xml").decode()
    paragraphs = re.findall(r"<w:p>(.*?)</w:p>", document, re.S)
    entries = [("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)),
                re.findall(r'<w:pStyle w:val="(\w+)" />', p)) for p in paragraphs]
    assert entries[-2:] == [("Adams, A. First.", ["Bibliography"]),
                           ("Brown, B. Second.", ["Bibliography"])]
    assert len(entries) == 4  # (the title, the heading, the entries; the heading's mark only)
    assert re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]*)"', document) == ["bibliography"]


@pytest.mark.parametrize("given, props, language, date", [
    ("2026-03-05", {}, "en", ("2026-03-05", "")),
    ("5 March 2026", {}, "en", ("2026-03-05", "")),
    ("March 5th, 2026", {}, "en", ("2026-03-05", "")),
    ("1er mars 2026", {}, "fr", ("2026-03-01", "")),
    ("mars 2026", {}, "fr", ("2026-03", "")),
    ("March 2026", {}, "fr", ("2026-03", "")),  # (English's names too)
    ("5 janv. 2026", {}, "fr", ("2026-01-05", "")),  # (CLDR's abbreviation: 'janv.')
    ("5–6 March 2026", {}, "en", ("", "the manuscript's date, '5–6 March 2026', is not one "
                                      "the importer reads; write it")),
    ("40 March 2026", {}, "en", ("", "the manuscript's date, '40 March 2026', is no day of "
                                     "the calendar; write it")),
    ("Spring 2026", {}, "en", ("", "the manuscript's date, 'Spring 2026', is not one the "
                                    "importer reads; write it")),
    ("March 5 and 6, 2026", {}, "en", ("", "the manuscript's date, 'March 5 and 6, 2026', "
                                            "is not one the importer reads; write it")),
    (None, {"modified": "2025-11-30T10:00:00Z", "created": "2024-01-01"}, "en",
     ("2025-11", "the month the manuscript was last saved (2025-11-30); write the edition's "
                 "date")),
    ("", {"created": "2024-01-02T00:00:00Z"}, "en",
     ("2024-01", "the month the manuscript was last saved (2024-01-02); write the edition's "
                 "date")),
    ("", {"modified": "yesterday"}, "en", ("", "the manuscript gives no date; write the "
                                               "edition's date"))])
def test_a_manuscript_s_date_is_read_as_precise_as_written(
        given: object, props: dict, language: str, date: tuple[str, str]) -> None:
    from brief.word.importer import _date
    assert _date(given, props, language) == date


def test_the_imported_brief_yaml_and_section_files_are_named_from_the_manuscript(
        tmp_path: Path) -> None:
    from brief.word.importer import _brief_yaml, _sections, _without_bibliography
    from brief.word.manuscript import Manuscript
    found = Manuscript(tmp_path / "My Paper.docx", {
        "creator": "Ana Author", "company": "Institute", "keywords": "water; basin, ;dams",
        "subject": "Rivers", "language": "fr", "modified": "2026-02-03T00:00:00Z"})
    report: list[str] = []
    subtitle = "A basin, its rivers, its reservoirs and the treaties that share their water"
    text = _brief_yaml({"title": "Water", "subtitle": subtitle, "abstract": "Who shares what."},
                       found, ["01-a.md"], True, True, report)
    assert f"subtitle: {subtitle}\n" in text  # (one line, as an author writes it)
    written = yaml.safe_load(text)
    assert written == {"title": "Water", "subtitle": subtitle, "authors": ["Ana Author"],
                       "language": "fr", "date": "2026-02", "publisher": {"name": "Institute"},
                       "abstract": "Who shares what.", "subject": "Rivers",
                       "keywords": ["water", "basin", "dams"],
                       "references": "references.yaml", "style": "chicago-author-date",
                       "sections": ["01-a.md"]}
    assert text.startswith("# Imported from My Paper.docx.\n# date: the month the manuscript "
                           "was last saved (2026-02-03); write the edition's date\n")
    assert report == [
        "every citation is in the text (an author-date manuscript): brief.yaml names the "
        "chicago-author-date style",
        "date: the month the manuscript was last saved (2026-02-03); write the edition's date "
        "(content/brief.yaml)"]
    bare = yaml.safe_load(_brief_yaml({}, Manuscript(tmp_path / "m.docx"), [], False, False,
                                      report := []))
    assert (bare["title"], bare["language"], bare["publisher"], "authors" in bare) == (
        "m", "en", {"name": ""}, False)
    assert yaml.safe_load(_brief_yaml({"author": "Bo Writer"}, Manuscript(  # (one: Pandoc
        tmp_path / "m.docx"), [], False, False, []))["authors"] == ["Bo Writer"]  # gives text)
    assert "\n# publisher: the manuscript names none; write the publisher's name\n" in \
        _brief_yaml({}, Manuscript(tmp_path / "m.docx"), [], False, False, [])
    assert report[-1] == ("the manuscript names no publisher (its Company property): write it "
                          "under 'publisher: name:' in content/brief.yaml")
    content = tmp_path / "content"
    content.mkdir()
    long = "A title of many words, longer than forty characters in all, and longer than a " \
        "line of eighty as well"
    files = _sections([(long, []), ("", []), ("★", [])], {"title": "Meta"},
                      Manuscript(tmp_path / "m.docx"), content, [1, 23, 1])
    assert files == ["01-a-title-of-many-words-longer-than-forty.md", "02-meta.md",
                     "03-section.md"]
    assert (content / files[0]).read_text("utf-8") == f"---\ntitle: {long}\n---\n\n\n"
    titled = Manuscript(tmp_path / "m.docx", {"title": "Water Rights"})
    assert _sections([("", [])], {}, titled, content, [1, 23, 1]) == ["01-water-rights.md"]
    assert _sections([("", [])], {}, Manuscript(tmp_path / "Plain name.docx"), content,
                     [1, 23, 1]) == ["01-plain-name.md"]
    assert _sections([("Pipelines and water of the Kura and Aras", []),  # (40 letters: whole)
                      ("Pipelines and waters of the Kura and Aras", []),  # (41)
                      ("Pipelines and waters of the Kura and Aras basins", [])], {}, titled,
                     content, [1, 23, 1]) == ["01-pipelines-and-water-of-the-kura-and-aras.md",
                                              "02-pipelines-and-waters-of-the-kura-and.md",
                                              "03-pipelines-and-waters-of-the-kura-and.md"]
    assert _sections([("Énergie à Bakou", [])], {}, titled, content, [1, 23, 1]) == [
        "01-energie-a-bakou.md"]
    assert (content / "01-energie-a-bakou.md").read_text("utf-8").startswith(
        "---\ntitle: Énergie à Bakou\n---")  # (its letters as written, not escaped)
    parts = [("Intro", ["p"]), ("References", ["r1", "r2"]), ("Sources", [])]
    report = []
    assert _without_bibliography(parts, True, report) == [("Intro", ["p"])]
    assert report == ["the bibliography typed under 'References' (2 paragraphs) was left out: "
                      "the brief prints its own from the citations"]
    assert _without_bibliography(parts, False, []) == parts[:2]
    assert _without_bibliography([("Sources", [])], False, []) == [("", [])]


def test_the_imported_yaml_folds_a_long_value_after_the_word_that_passes_column_100(
        ) -> None:
    from brief.word.importer import _yaml
    assert _yaml({"subtitle": "A basin, its rivers, its reservoirs and the treaties that share "
                              "their water between several states, from 1921 on"}) == (
        "subtitle: A basin, its rivers, its reservoirs and the treaties that share their water "
        "between several\n  states, from 1921 on\n")


def test_a_mendeley_citation_written_over_several_runs_is_re_keyed_in_its_first(
        tmp_path: Path) -> None:
    """Word splits a long field code over runs: the code re-keyed goes into the first run,
    the others are emptied (not left to repeat pieces of the old code)."""
    from xml.etree import ElementTree

    from brief.word.manuscript import Manuscript, W, _fields
    code = " ADDIN CSL_CITATION " + json.dumps({"citationItems": [{
        "id": "ITEM-1", "itemData": {**ALIYEV, "id": "ITEM-1"},
        "uris": ["http://www.mendeley.com/documents/?uuid=a-1"]}],
        "mendeley": {"formattedCitation": "(x)"}})
    pieces = [code[:30], code[30:90], code[90:]]
    w = W[1:-1]
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{escape(p)}</w:instrText></w:r>'
                   for p in pieces)
    xml = (f'<w:document xmlns:w="{w}"><w:body><w:p>'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + runs +
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>(x)</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body></w:document>')
    data = _fields(xml.encode(), Manuscript(tmp_path / "m.docx"))
    assert data is not None
    texts = [t.text for t in ElementTree.fromstring(data).iter(W + "instrText")]
    assert [t or "" for t in texts[1:]] == ["", ""] and "\"id\": \"mendeley-a-1\"" in texts[0]
    assert texts[0].strip().startswith("ADDIN CSL_CITATION {")


def test_each_field_is_read_with_the_text_it_printed_and_the_heading_it_comes_under() -> None:
    """The printed text is the field's own (its runs together, a word split over two of them
    whole, not a field's inside it; its paragraphs apart, a bibliography's entries say); a
    heading is a Heading 1 paragraph's text as it stands (not its deleted words), and never
    one a field prints (a table of contents)."""
    from xml.etree import ElementTree

    from brief.word.manuscript import W, _field_codes
    w = W[1:-1]
    begin, separate, end = (f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'
                            for kind in ("begin", "separate", "end"))

    def field(code: str, printed: str) -> str:
        return (f'<w:p>{begin}<w:r><w:instrText>{code}</w:instrText></w:r>{separate}'
                f'<w:r><w:t>{printed}</w:t></w:r>{end}</w:p>')
    heading = ('<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Energy</w:t></w:r>'
               '<w:r><w:t/></w:r><w:del><w:r><w:delText> and oil</w:delText></w:r></w:del>'
               '<w:r><w:t> and  trade</w:t></w:r></w:p>'
               '<w:p><w:pPr><w:pStyle/></w:pPr><w:r><w:t>A style without its name.</w:t></w:r>'
               '</w:p>')
    nested = (f'<w:p>{begin}<w:r><w:instrText>B</w:instrText></w:r>{separate}<w:r><w:t>(Aliyev'
              '</w:t></w:r><w:r><w:t/></w:r><w:r><w:t xml:space="preserve"> 2019)</w:t></w:r>'
              f'{begin}<w:r><w:instrText>SEQ Citation</w:instrText></w:r>{separate}<w:r><w:t>7'
              f'</w:t></w:r>{end}{end}</w:p>')
    contents = (f'<w:p>{begin}<w:r><w:instrText>TOC</w:instrText></w:r>{separate}</w:p>'
                '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Contents</w:t>'
                f'</w:r></w:p><w:p>{end}</w:p>')
    listed = (f'<w:p>{begin}<w:r><w:instrText>ADDIN EN.REFLIST</w:instrText></w:r>{separate}'
              '<w:r><w:t>Aliy</w:t></w:r><w:r><w:t>ev, I. 2019.</w:t></w:r></w:p><w:p><w:r>'
              '<w:t>Bayramov, A. 2020.'
              f'</w:t></w:r>{end}</w:p>')
    root = ElementTree.fromstring(f'<w:document xmlns:w="{w}"><w:body>{field("A", "(a)")}'
                                  f'{heading}{field("B", " (b) ")}{nested}{contents}'
                                  f'{field("C", "(c)")}{listed}</w:body></w:document>')
    assert [("".join(r.text for r in runs), printed, under)
            for runs, printed, under in _field_codes(root)] == [
        ("A", "(a)", ""), ("B", "(b)", "Energy and trade"),
        ("B", "(Aliyev 2019)", "Energy and trade"), ("TOC", "Contents", "Energy and trade"),
        ("C", "(c)", "Energy and trade"),
        ("ADDIN EN.REFLIST", "Aliyev, I. 2019. Bayramov, A. 2020.", "Energy and trade")]


def test_the_document_s_properties_are_read_from_each_part_that_can_be_read(
        tmp_path: Path) -> None:
    """One part missing or damaged does not hide the other's; a part written without a
    namespace (by another program than Word) is read too."""
    from brief.word.manuscript import _properties
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:title>Water  Rights</dc:title><dc:subject> </dc:subject></cp:coreProperties>')
    app = "<Properties><Company>Institute</Company></Properties>"
    for parts, found in (({"docProps/app.xml": app}, {"company": "Institute"}),
                         ({"docProps/core.xml": "<cp:core", "docProps/app.xml": app},
                          {"company": "Institute"}),
                         ({"docProps/core.xml": core, "docProps/app.xml": app},
                          {"title": "Water Rights", "company": "Institute"})):
        with zipfile.ZipFile(_zip(tmp_path / "m.docx", parts)) as archive:
            assert _properties(archive) == found


def test_only_mendeley_s_citations_are_re_keyed_and_each_code_is_read_whole(
        tmp_path: Path) -> None:
    """Another manager's CSL citation keeps its own keys (even with a uuid in its address);
    a part with nothing re-keyed is left as it is (None); a code's empty run adds nothing."""
    from brief.word.manuscript import Manuscript, W, _fields

    def part(*runs: str | None) -> bytes:
        codes = "".join("<w:r><w:instrText/></w:r>" if run is None else
                        f"<w:r><w:instrText>{escape(run)}</w:instrText></w:r>" for run in runs)
        return (f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:p><w:r><w:fldChar '
                f'w:fldCharType="begin"/></w:r>{codes}<w:r><w:fldChar w:fldCharType="separate"'
                '/></w:r><w:r><w:t>(x)</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                '</w:p></w:body></w:document>').encode()
    other = " ADDIN CSL_CITATION " + json.dumps({"citationItems": [{
        "id": "k1", "itemData": {**ALIYEV, "id": "k1"},
        "uris": ["http://example.org/items/?uuid=a-1"]}]})
    found = Manuscript(tmp_path / "m.docx")
    assert _fields(part(other), found) is None
    assert _fields(part(" ADDIN ZOTERO_ITEM CSL_CITATION {}"), found) is None
    assert _fields(part(None, " CITATION Ali19 \\l 1033 "), found) is None
    assert found.unread == [("a citation of Word's own", "(x)", "")]


def test_a_linked_picture_is_said_and_its_file_never_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Word can link a picture instead of holding it: Pandoc then names a file outside its
    media folder (stood in for: the path the tree gives is changed)."""
    from brief.word import importer
    from brief.word.pandocast import read_docx as real
    elsewhere = tmp_path / "elsewhere.png"
    elsewhere.write_bytes(_png())

    def linked(source: Path, media: Path) -> dict:
        tree = real(source, media)
        text = json.dumps(tree)
        assert len(re.findall(r'"[^"]*/media/[^"]*"', text)) == 1
        return json.loads(re.sub(r'"[^"]*/media/[^"]*"', json.dumps(str(elsewhere)), text))
    monkeypatch.setattr(importer, "read_docx", linked)
    path = manuscript(tmp_path, "# One\n\n![Flows by year](route.png)\n")
    status, _, err = imported(path, tmp_path / "brief")
    assert (status, err) == (0, "m.docx: warning: figure 1: its picture is not inside the "
                                "manuscript (a linked file?); put the image in content/ as "
                                "figure-1.png\n")
    assert not (tmp_path / "brief/content/figure-1.png").exists()
    assert "![Flows by year](figure-1.png)" in (tmp_path / "brief/content/01-one.md").read_text()


@pytest.mark.parametrize("folder", ["my temp", "media/tmp"])
def test_a_picture_is_taken_from_a_temporary_folder_whose_path_has_a_space_or_media(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    """(As a user's own folder has on many machines; and "media/", the name of the folder
    Pandoc puts the pictures in, once cut the path to a picture at the wrong place.)"""
    import tempfile
    path = manuscript(tmp_path / "made", "# One\n\n![Flows by year](route.png)\n")
    (tmp_path / folder).mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / folder))
    assert imported(path, tmp_path / "brief")[::2] == (0, "")
    assert (tmp_path / "brief/content/figure-1.png").read_bytes() == _png()


def test_the_imported_brief_yaml_is_written_in_its_fields_order_with_its_letters(
        tmp_path: Path) -> None:
    path = manuscript(tmp_path, "# Un\n\nTexte.\n", company="Institut d'études",
                      more="lang: fr\n")
    assert imported(path, tmp_path / "brief")[0] == 0
    text = (tmp_path / "brief/content/brief.yaml").read_text("utf-8")
    assert "name: Institut d'études" in text
    assert [line.split(":")[0] for line in text.splitlines()
            if line[:1].isalpha()] == ["title", "subtitle", "authors", "language", "date",
                                       "publisher", "sections"]


def test_a_manuscript_with_a_part_too_large_unpacked_is_refused_by_the_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.word import manuscript as module
    monkeypatch.setattr(module, "MAX_PART", 25_000_000)
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * 25_000_001)
    with pytest.raises(module.Refused, match=r"^big.docx holds a part larger than 25 MB "
                                             "unpacked; it is not a manuscript the importer "
                                             "reads$"):
        module.check(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * 25_000_000)  # (the bound: not larger)
    with pytest.raises(module.Refused, match=r"^big.docx: its part \[Content_Types\].xml "
                                             "cannot be read"):
        module.check(path)


def test_the_word_edition_says_the_brief_s_warnings_at_their_lines(cited: Path) -> None:
    append(cited / "content/references.yaml", "\n- id: unused\n  type: book\n  title: U\n")
    status, out, err = run_build(cited, "--editions", "docx")
    assert (status, out.splitlines()[-1:], err) == (0, ["wrote output/brief.docx"], (
        "content/references.yaml:43: warning: reference 'unused' is never cited; cite it or "
        "remove it [uncited-reference]\n"))


def test_a_new_brief_is_copied_beside_its_place_hidden_then_renamed_into_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(A copy cut short leaves a hidden folder named after the brief, never a brief.)"""
    import shutil

    from brief.word import importer
    made = tmp_path / "made"
    (made / "content").mkdir(parents=True)
    (made / "content/brief.yaml").write_text("title: T\n")
    staged: list[Path] = []
    real = shutil.copytree
    monkeypatch.setattr(shutil, "copytree", lambda source, to, *rest, **given: staged.append(
        Path(to)) or real(source, to, *rest, **given))
    importer._place(made, tmp_path / "series/2026/new")  # (its folders made too)
    # (the copy of the whole, then of each folder in it; not a background job's copy)
    place = next(to for to in staged if tmp_path in to.parents)
    assert place.parent == tmp_path / "series/2026" and place.name.startswith(".new-")
    assert not place.exists() and [p.name for p in (tmp_path / "series/2026").iterdir()] == [
        "new"]
    assert (tmp_path / "series/2026/new/content/brief.yaml").read_text() == "title: T\n"


def test_a_typed_bibliography_is_left_out_and_the_sections_after_it_kept() -> None:
    from brief.word.importer import _without_bibliography
    report: list[str] = []
    parts = [("One", ["p"]), ("References", ["a", "b"]), ("Annex", ["q"])]
    assert _without_bibliography(parts, True, report) == [("One", ["p"]), ("Annex", ["q"])]
    assert report == ["the bibliography typed under 'References' (2 paragraphs) was left "
                      "out: the brief prints its own from the citations"]


def test_the_reference_document_names_the_house_s_fonts_and_colour_and_is_dated(
        tmp_path: Path) -> None:
    """(Pandoc's own reference document, in this process: a family with characters XML
    escapes, the headings' colour as Word writes it, every part dated by the brief, from
    1980 on, as a zip dates.)"""
    from brief.word.edition import _blocks, _reference
    path = tmp_path / "reference.docx"
    _reference(path, {"body": 'A & "B"', "headings": "Head", "colour": "#1f3a5f"}, 86400)
    with zipfile.ZipFile(path) as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
        dates = {info.date_time for info in docx.infolist()}
        statistics = docx.read("docProps/app.xml").decode("utf-8")
    assert re.findall(r"<(\w+)>", statistics) == [  # (no counts, no Word version: not ours)
        "DocSecurity", "ScaleCrop", "SharedDoc", "HyperlinksChanged", "LinksUpToDate"]
    assert 'w:ascii="A &amp; &quot;B&quot;" w:eastAsia="A &amp; &quot;B&quot;"' in styles
    assert 'w:ascii="Head" w:eastAsia="Head"' in styles
    assert '<w:color w:val="1F3A5F" />' in styles and "0F4761" not in styles
    assert dates == {(1980, 1, 1, 0, 0, 0)}
    from xml.etree import ElementTree  # (the styles part holds styles only: no stray text)
    assert [t for e in ElementTree.fromstring(styles).iter() for t in (e.text, e.tail)
            if t and t.strip()] == []
    _reference(path, {"body": "B", "headings": "H", "colour": "#000000"}, 315532800 + 86400)
    with zipfile.ZipFile(path) as docx:
        assert {info.date_time for info in docx.infolist()} == {(1980, 1, 2, 0, 0, 0)}
    para = {"t": "Para", "c": [{"t": "Str", "c": "Point"}]}
    [boxed] = _blocks([{"t": "Div", "c": [["kp", ["key-points"], []], [para]]}],
                      itertools.count())
    assert boxed["c"][0][0] == ""  # (no bookmark: the box is the key points' style only)
