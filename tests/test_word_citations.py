"""The works a Word manuscript cites, made the brief's references (brief/word/citations.py):
readable unique keys, no BibTeX braces, CSL dates, locators as the brief writes them."""
from __future__ import annotations

import pytest

from brief.word.citations import locator, references, slug


def test_each_work_is_keyed_by_family_year_and_first_word_and_its_id_mapped() -> None:
    works, keys = references([
        {"id": "ITEM-1", "type": "book", "title": "The {Energy} of  Cities",
         "author": [{"family": "Smith", "given": "{A.}"}], "issued": "2021-03"},
        {"id": 7, "type": "report", "title": "A Report on Water",
         "author": [{"literal": "World Bank"}], "issued": "2019", "accessed": "2024-05-06",
         "note": ["{braced}", {"inner": " two   words "}, 3]},
        {"id": "x", "title": "Energy and Cities", "editor": [{"family": "Smith"}],
         "issued": "2021", "submitted": "Spring 2020", "original-date": 1990,
         "event-date": "1914-7-28"},
        {"id": "y", "publisher": "Éditions Gallimard", "title": "Le monde"},
        {"id": "z"}])
    assert keys == {"ITEM-1": "smith-2021-energy", "7": "world-2019-report",
                    "x": "smith-2021-energy-b", "y": "editions-nd-monde", "z": "anon-nd"}
    assert works[0] == {"id": "smith-2021-energy", "type": "book",
                        "title": "The Energy of Cities",
                        "author": [{"family": "Smith", "given": "A."}],
                        "issued": {"date-parts": [[2021, 3]]}}
    assert works[1]["issued"] == {"date-parts": [[2019]]}
    assert works[1]["accessed"] == {"date-parts": [[2024, 5, 6]]}
    assert works[1]["note"] == ["braced", {"inner": "two words"}, 3]
    assert works[2]["submitted"] == {"literal": "Spring 2020"}
    assert works[2]["original-date"] == 1990  # (not text: kept as it came)
    assert works[2]["event-date"] == {"date-parts": [[1914, 7, 28]]}
    assert [w["id"] for w in works] == list(keys.values())


@pytest.mark.parametrize("written, date", [
    ("2021", {"date-parts": [[2021]]}),
    ("2021-3-5", {"date-parts": [[2021, 3, 5]]}),
    ("2021-03-05-01", {"literal": "2021-03-05-01"}),
    ("21", {"literal": "21"}),
    ("c. 2021", {"literal": "c. 2021"}),
    ("2021-003", {"literal": "2021-003"})])
def test_dates_written_as_numbers_are_date_parts_and_others_kept_as_written(
        written: str, date: dict) -> None:
    works, _ = references([{"id": 1, "issued": written}])
    assert works[0]["issued"] == date


def test_a_key_taken_gets_the_next_letter_and_a_work_without_a_first_person_dict() -> None:
    items = [{"id": n, "title": "Water", "author": [{"family": "Ng"}], "issued": "2020"}
             for n in range(4)]
    items.append({"id": "s", "title": "Of the Water", "author": ["Ng"], "editor": [
        {"family": "Other"}], "issued": {"date-parts": [[1999]]}})
    items.append({"id": "t", "title": "the of", "author": [], "editor": [{"family": "Lee"}],
                  "issued": {"literal": "1999"}})
    _, keys = references(items)
    assert list(keys.values()) == ["ng-2020-water", "ng-2020-water-b", "ng-2020-water-c",
                                   "ng-2020-water-d", "anon-1999-water", "lee-nd"]
    _, keys = references([{"id": n, "title": "Water"} for n in range(30)])
    assert list(keys.values())[24:] == ["anon-nd-water-y", "anon-nd-water-z",
                                        "anon-nd-water-27", "anon-nd-water-28",
                                        "anon-nd-water-29", "anon-nd-water-30"]
    assert len(set(keys.values())) == 30


@pytest.mark.parametrize("text, expected", [
    ("Énergie à Paris", "energie-a-paris"),
    ("İstanbul ve Kırşehir", "istanbul-ve-kirsehir"),
    ("Straße", "strase"),
    ("中 market", "market"),
    ("--Hello, World!--", "hello-world"),
    ("\ue000x", "x"),
    ("ØRSTED", "rsted")])
def test_a_slug_is_lower_case_ascii_words_joined_by_hyphens(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize("suffix, expected", [
    (", page 12 ", ", p. 12"),
    ("page  12", ", p. 12"),
    (", pages 12-14", ", pp. 12–14"),
    (", page 12-14", ", pp. 12–14"),
    (", Page 3", ", p. 3"),
    (", pp 3-4", ", pp. 3–4"),
    (", pp. 3", ", pp. 3"),
    (", p. 5", ", p. 5"),
    ("p 5", ", p. 5"),
    (", chapter 3-4", ", chap. 3-4"),
    (", Section 2", ", sec. 2"),
    (", paragraph 4", ", para. 4"),
    (", volume 2", ", vol. 2"),
    (", figure 1", ", fig. 1"),
    (", note 9", ", n. 9"),
    (", line 3", ", line 3"),
    (", number 4", ", no. 4"),
    (", see also the map", ", see also the map"),
    ("emphasis added", ", emphasis added"),
    (", XIV", ", XIV"),  # (no label: only the commas and spaces before it go)
    ("XX", ", XX"),
    (",  ,", ""),
    ("", ""),
    (", 12", ", 12")])
def test_a_locator_is_written_as_the_brief_writes_it(suffix: str, expected: str) -> None:
    assert locator(suffix) == expected
