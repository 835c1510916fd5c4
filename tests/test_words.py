"""The words, dates and numbers a brief prints in its language (brief/read/language.py), in
this process: numbers grouped and rounded as CLDR says, dates never more precise than the
data, the chart engine's locales, labels files checked."""
from __future__ import annotations

from pathlib import Path

import pytest

from brief.diagnostics import Loc
from brief.model import Column, PartialDate
from brief.read.inputs import Reader
from brief.read.language import cell_text, known_locale, language, load_language

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize("tag, grouped, rounded", [
    ("en", "1,234,567.891", ["3", "0.13", "1,234.0", "-3.01", "1,000,000", "0.5"]),
    ("fr", f"1{NNBSP}234{NNBSP}567,891", ["3", "0,13", f"1{NNBSP}234,0", "-3,01",
                                          f"1{NNBSP}000{NNBSP}000", "0,5"]),
    ("fr-CA", f"1{NBSP}234{NBSP}567,891", ["3", "0,13", f"1{NBSP}234,0", "-3,01",
                                           f"1{NBSP}000{NBSP}000", "0,5"]),
    ("de", "1.234.567,891", ["3", "0,13", "1.234,0", "-3,01", "1.000.000", "0,5"]),
    ("xx", "1,234,567.891", ["3", "0.13", "1,234.0", "-3.01", "1,000,000", "0.5"])])
def test_numbers_are_grouped_as_the_language_groups_and_rounded_half_up(
        tag: str, grouped: str, rounded: list[str]) -> None:
    lang = language(tag)
    assert lang.number(1234567.891) == grouped
    assert lang.number(0.1234567891) == ("0.1234567891" if grouped[1] == "," else
                                         "0,1234567891")
    assert [lang.number(2.5, 0), lang.number(0.125, 2), lang.number(1234, 1),
            lang.number(-3.005, 2), lang.number(999999.5, 0), lang.number(0.5, 1)] == rounded


def test_a_language_the_builder_has_no_labels_for_prints_english_and_says_which() -> None:
    unknown, french = language("xx"), language("fr-CA")
    assert (unknown.locale, french.locale, language("tr").locale) == ("en_US", "fr_CA", "tr")
    assert unknown.missing and set(unknown.missing) == set(language("en").labels)
    assert french.missing == () and french.labels["quotes"] != unknown.labels["quotes"]
    assert known_locale("fr-CA") and not known_locale("xx") and not known_locale("en-")


def test_dates_are_never_more_precise_than_the_data() -> None:
    english, french = language("en"), language("fr")
    assert [english.date(PartialDate(1992)), english.date(PartialDate(1992, 1)),
            english.date(PartialDate(1992, 1, 2))] == ["1992", "January 1992",
                                                       "January 2, 1992"]
    assert [french.date(PartialDate(1992, 3)), french.date(PartialDate(1992, 3, 1))] == [
        "mars 1992", "1 mars 1992"]


def test_the_chart_engine_s_locales_are_cldr_s_sunday_first() -> None:
    numbers, times = language("fr").chart_locales()
    assert numbers == {"decimal": ",", "thousands": NNBSP, "grouping": [3],
                       "currency": ["", ""]}
    assert times["days"][:2] == ["dimanche", "lundi"] and len(times["days"]) == 7
    assert times["shortDays"][0] == "dim." and times["shortDays"][6] == "sam."
    assert times["months"][0] == "janvier" and times["months"][11] == "décembre"
    assert times["shortMonths"][:2] == ["janv.", "févr."] and len(times["shortMonths"]) == 12
    assert (times["dateTime"], times["date"], times["time"]) == ("%x, %X", "%x", "%X")
    assert times["periods"] == ["AM", "PM"]
    _, english = language("en").chart_locales()
    assert english["days"][0] == "Sunday" and english["shortDays"][6] == "Sat"


def test_a_cell_prints_in_the_language() -> None:
    french = language("fr")
    number = Column("n", "number")
    assert cell_text(number, 1234.5, 1, lang=french) == f"1{NNBSP}234,5"
    assert cell_text(number, 1234.5) == "1,234.5"
    assert cell_text(number, None, missing="–") == "–"
    assert cell_text(Column("d", "date"), PartialDate(2020, 5), lang=french) == "mai 2020"
    assert cell_text(Column("b", "boolean"), True) == "yes"
    assert cell_text(Column("b", "boolean"), False) == "no"
    assert cell_text(Column("l", "list"), ["a", 2], lang=french) == "a, 2"
    assert cell_text(Column("t"), 'say "hi"', lang=french) == f"say «{NNBSP}hi{NNBSP}»"
    assert cell_text(Column("t"), 'say "hi"') == "say \u201chi\u201d"


def test_a_brief_s_labels_files_override_the_builder_s_and_are_checked(tmp_path: Path
                                                                        ) -> None:
    at = Loc("content/brief.yaml", 4)
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels/fr.yaml").write_text("contents: Sommaire\n", "utf-8")
    (tmp_path / "labels/fr-ca.yaml").write_text("notes: Notes de fin\n", "utf-8")
    lang, found = load_language("fr-CA", Reader(tmp_path), at)
    assert found == [] and (lang["contents"], lang["notes"]) == ("Sommaire", "Notes de fin")
    assert lang.locale == "fr_CA"
    (tmp_path / "labels/fr.yaml").write_text("contents: 3\nnowhere: x\n", "utf-8")
    lang, found = load_language("fr-CA", Reader(tmp_path), at)
    assert [(str(d.loc), d.code) for d in found] == [
        ("labels/fr.yaml:1", "wrong-kind"), ("labels/fr.yaml:2", "unknown-field")]
    assert lang["contents"] == language("fr-CA")["contents"]
    (tmp_path / "labels/fr.yaml").write_text("contents: [\n", "utf-8")
    _, found = load_language("fr", Reader(tmp_path), at)
    assert [(str(d.loc), d.code) for d in found] == [("labels/fr.yaml:2", "yaml-syntax")]
    lang, found = load_language("zz", Reader(tmp_path), at)
    assert [(str(d.loc), d.level, d.code) for d in found] == [
        ("content/brief.yaml:4", "error", "unknown-language")]
    assert "'zz' is not a language the builder knows" in found[0].message
    assert lang.locale == "en_US"
