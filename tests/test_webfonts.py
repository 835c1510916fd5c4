"""The web edition's fonts (brief/web/fonts.py), in this process: each face cut to the
page's characters (and all of printable ASCII) as WOFF2, its licence beside it, the
``@font-face`` rule that loads it; remembered under everything that shapes the cut."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers import house_font

from brief import cache
from brief.diagnostics import Loc
from brief.read.inputs import Reader
from brief.web.fonts import builders_faces, web_fonts, woff2


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_on", lambda: False)


def test_each_face_is_cut_to_the_page_s_characters_with_its_licence_and_its_rule() -> None:
    faces = [f for f in builders_faces() if f[1] == "Source Serif Pro"]
    assert [(p.name, w, i) for p, _, w, i in faces] == [
        ("SourceSerifPro-Regular.ttf", 400, False), ("SourceSerifPro-It.ttf", 400, True),
        ("SourceSerifPro-Bold.ttf", 700, False)]
    assert {f[1] for f in builders_faces({"Source Serif Pro"})} == {"Source Sans Pro"}
    files: dict[str, bytes] = {}
    rules, found = web_fonts(faces[:2], "Çé", files)
    assert found == [] and rules == [
        '@font-face { font-family: "Source Serif Pro"; src: url("fonts/SourceSerifPro-Regular'
        '.woff2") format("woff2"); font-weight: 400; font-style: normal; font-display: swap; }',
        '@font-face { font-family: "Source Serif Pro"; src: url("fonts/SourceSerifPro-It'
        '.woff2") format("woff2"); font-weight: 400; font-style: italic; font-display: swap; }']
    licence = next(n for n in files if n.startswith("fonts/Source-Serif-Pro-"))
    assert sorted(files) == sorted(["fonts/SourceSerifPro-Regular.woff2",
                                    "fonts/SourceSerifPro-It.woff2", licence])
    face = TTFont(io.BytesIO(files["fonts/SourceSerifPro-Regular.woff2"]))
    assert face.flavor == "woff2"
    mapped = set(face.getBestCmap())
    assert {0x20, ord("~"), ord("Ç"), ord("é")} <= mapped and ord("ß") not in mapped


def test_a_house_face_without_a_licence_is_served_and_said(tmp_path: Path) -> None:
    font = house_font(tmp_path / "content/fonts/house.ttf", "House Sans")
    at = Loc("content/brief.yaml", 9)
    files: dict[str, bytes] = {}
    rules, found = web_fonts([(font, "House Sans", 700, False)], "a", files,
                             Reader(tmp_path), at)
    assert rules[0].startswith('@font-face { font-family: "House Sans"; src: url("fonts/'
                               'house.woff2")') and "font-weight: 700;" in rules[0]
    assert list(files) == ["fonts/house.woff2"]
    assert [(d.loc, d.level, d.code, d.message) for d in found] == [(
        at, "warning", "font-licence", "the font house.ttf has no licence file beside it (a "
        "file named LICENSE…, LICENCE…, OFL… or COPYING…); the web edition serves the font "
        "without one: put its licence beside it")]
    (font.parent / "OFL.txt").write_text("Open Font License\n", "utf-8")
    files.clear()
    assert web_fonts([(font, "House Sans", 400, True)], "a", files, Reader(tmp_path), at
                     )[1] == []
    assert files["fonts/House-Sans-OFL.txt"] == b"Open Font License\n"


def test_a_cut_is_remembered_under_the_font_the_characters_and_the_cutters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import fontTools

    from brief.web import subset
    keys: list[tuple] = []
    real = cache.key
    monkeypatch.setattr(cache, "key", lambda *parts: keys.append(parts) or real(*parts))
    font = builders_faces()[0][0].read_bytes()
    woff2(font, [65, 66])
    assert keys == [(font, "65,66", fontTools.version, subset.version() or "")]


def test_a_cut_is_read_back_from_the_cache_not_made_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brief.web import subset
    monkeypatch.setattr(cache, "_on", lambda: True)
    monkeypatch.setattr(cache, "private_folder", lambda: tmp_path)
    cuts: list[int] = []
    real = subset.subset
    monkeypatch.setattr(subset, "subset", lambda font, chars: cuts.append(1) or real(font,
                                                                                    chars))
    font = builders_faces()[0][0].read_bytes()
    first = woff2(font, [65, 66])
    assert woff2(font, [65, 66]) == first and cuts == [1]
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["woff2"]


def test_a_house_font_s_licence_that_links_out_of_the_brief_is_refused_in_words(
        tmp_path: Path) -> None:
    font = house_font(tmp_path / "content/fonts/house.ttf", "House Sans")
    (tmp_path / "elsewhere.txt").write_text("a licence kept elsewhere", "utf-8")
    (font.parent / "OFL.txt").symlink_to(tmp_path / "elsewhere.txt")
    at = Loc("content/brief.yaml", 9)
    files: dict[str, bytes] = {}
    _, found = web_fonts([(font, "House Sans", 400, False)], "a", files,
                         Reader(tmp_path / "content"), at)
    assert [(d.loc, d.level, d.message) for d in found] == [(
        at, "error", "licence 'fonts/OFL.txt' is a link to a place outside the brief's "
        "folder; put the file itself in the brief's folder")]
    assert list(files) == ["fonts/house.woff2"]


def test_a_house_face_is_read_as_a_font_not_a_text(tmp_path: Path) -> None:
    """(A font's limit is 32 MB; a text's, 2 MB: a large face is served.)"""
    font = house_font(tmp_path / "content/fonts/house.ttf", "House Sans")
    font.write_bytes(font.read_bytes() + bytes(2_500_000))
    files: dict[str, bytes] = {}
    web_fonts([(font, "House Sans", 400, False)], "a", files, Reader(tmp_path),
              Loc("content/brief.yaml", 9))
    assert ord("a") in TTFont(io.BytesIO(files["fonts/house.woff2"])).getBestCmap()


def test_harfbuzz_s_version_is_its_three_numbers() -> None:
    """(Part of what a cut is remembered under; .ci/run installs libharfbuzz-subset0.)"""
    import re

    from brief.web import subset
    found = subset.version()
    assert found is not None and re.fullmatch(r"[1-9]\d*\.\d+\.\d+", found)


def test_harfbuzz_cuts_a_font_to_the_characters_asked_for_keeping_its_names() -> None:
    """(In this process, not through the cache of cuts: HarfBuzz's subsetter itself.)"""
    from brief.home import FONT_DIRS
    from brief.web import subset
    font = (FONT_DIRS[0] / "SourceSerifPro-Regular.ttf").read_bytes()
    cut = subset.subset(font, [ord("A"), ord("é")])
    assert cut is not None and len(cut) < len(font) / 4
    face = TTFont(io.BytesIO(cut))
    assert set(face.getBestCmap()) == {ord("A"), ord("é")}
    assert face["glyf"][".notdef"].numberOfContours > 0  # (a missing letter shows a box)
    assert face["name"].getDebugName(0) == TTFont(io.BytesIO(font))["name"].getDebugName(0)


def test_each_face_is_cut_to_the_page_s_characters_and_printable_ascii(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(No control character, not even DEL: the page prints none.)"""
    from brief.web import fonts
    asked: list[list[int]] = []
    monkeypatch.setattr(fonts, "woff2", lambda font, chars: asked.append(chars) or b"")
    web_fonts(builders_faces()[:1], "é\u00a0", {})
    assert asked == [[*range(0x20, 0x7F), 0xA0, 0xE9]]


def test_a_house_face_that_cannot_be_read_is_left_out_and_the_next_served(
        tmp_path: Path) -> None:
    """A face linked from outside the brief's folder is refused by the reader (the loader
    has said why) and leaves no file; the face after it is served; the fonts' folder is
    read as an input of the build (a licence put beside them later is a change)."""
    elsewhere = house_font(tmp_path / "elsewhere/outside.ttf", "Outside")
    font = house_font(tmp_path / "content/fonts/house.ttf", "House Sans")
    (font.parent / "linked.ttf").symlink_to(elsewhere)
    reader = Reader(tmp_path / "content")
    files: dict[str, bytes] = {}
    rules, found = web_fonts([(font.parent / "linked.ttf", "Outside", 400, False),
                              (font, "House Sans", 400, False)], "a", files, reader,
                             Loc("content/brief.yaml", 9))
    assert list(files) == ["fonts/house.woff2"] and len(rules) == 1
    assert [d.code for d in found] == ["font-licence"]
    assert f"folder:{font.parent}" in reader.record


@pytest.mark.parametrize("cutter", ["harfbuzz", "fonttools"])
def test_a_cut_keeps_its_font_s_own_date_and_a_box_for_a_missing_letter(
        cutter: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """(Not the clock's date: the same font cut twice is the same file. Where HarfBuzz
    cannot cut, fontTools does, keeping .notdef's outline too.)"""
    from brief.web import subset
    if cutter == "fonttools":
        monkeypatch.setattr(subset, "subset", lambda font, chars: None)
    font = builders_faces()[0][0].read_bytes()
    face = TTFont(io.BytesIO(woff2(font, [65, 66])))
    assert face["head"].modified == TTFont(io.BytesIO(font))["head"].modified
    assert face.flavor == "woff2" and face["glyf"][".notdef"].numberOfContours > 0
