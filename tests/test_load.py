"""Loading: every input checked, every problem with its file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, append, edit

from brief.diagnostics import BuildError, Diagnostic, Loc
from brief.model import (
    House,
    Layout,
    Meta,
    PartialDate,
    Publisher,
    Query,
    SectionRef,
    SectionSource,
)
from brief.read import yamlfile
from brief.read.inputs import Reader
from brief.read.load import find_in_inputs, load, load_section, split_front_matter
from brief.read.meta import load_meta
from brief.read.references import _check_date as check_date
from brief.read.references import load_references
from brief.read.yamlfile import read_yaml


def messages(error: BuildError) -> list[str]:
    return [str(d) for d in error.diagnostics]


def test_the_real_brief_loads_with_its_27_agreements() -> None:
    """The agreements are a dataset the brief declares: 27 rows, dates as precise as given."""
    project = load(ROOT)
    assert project.meta.title == "Turkey–Azerbaijan Relations"
    assert project.meta.date == PartialDate(2026, 11)
    assert [s.title for s in project.sections][1] == (
        "Turkish-Azerbaijani Political History and the Wars in Karabakh")
    rows = project.datasets["agreements"].rows
    assert [row.values["number"] for row in rows] == list(range(1, 28))
    assert rows[1].values["date"] == PartialDate(1992, 1, 2)
    assert rows[0].values["date"] == PartialDate(1992)
    assert project.meta.subtitle is None and project.meta.authors == ()


def test_yaml_keeps_lines_and_refuses_aliases_and_duplicate_keys() -> None:
    node, problems = read_yaml("a: 1\nb:\n  - x\n  - y\n", "f.yaml")
    assert node and problems == []
    assert node.value["b"].value[1].line == 4 and node.value["b"].key_line == 2
    _, problems = read_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:2: error: malformed YAML: aliases (*name) are not allowed here; write the "
        "value out [yaml-refused]"]
    _, problems = read_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:3: error: duplicate key 'a' (first given at line 1); keep one [duplicate-key]"]


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, "utf-8")


def test_brief_yaml_fields_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "content/brief.yaml",
          "title: T\nlanguage: en\ndate: 2026-11-01\nsections: []\nsubtitel: S\n")
    meta, problems = load_meta(Reader(tmp_path))
    assert meta is None
    assert [str(p) for p in problems] == [  # an unquoted date stays the text written
        "content/brief.yaml:5: error: unknown field 'subtitel' in brief.yaml; did you mean "
        "'subtitle' or 'title'? [unknown-field]",
        "content/brief.yaml:1: error: missing required field 'publisher' in brief.yaml "
        "[missing-field]",
    ]


def test_front_matter_is_split_with_the_body_line() -> None:
    node, body, line, problems = split_front_matter("---\ntitle: T\n---\n\nText\n", "x.md")
    assert node and node.value["title"].line == 2
    assert (body, line, problems) == ("\nText\n", 4, [])
    _, _, _, problems = split_front_matter("title: T\n", "x.md")
    assert [str(p) for p in problems] == [
        "x.md:1: error: missing front matter: start the file with '---', then 'title: ...', "
        "then '---' [missing-front-matter]"]


def test_front_matter_fields_are_checked(mini: Path) -> None:
    (mini / "content/01-first.md").write_text("---\ntitel: First\ntable: figures\n---\n\nx\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert messages(failure.value) == [
        "content/01-first.md:2: error: missing required field 'title' in front matter "
        "[missing-field]",
        "content/01-first.md:2: error: unknown field 'titel' in front matter; did you mean "
        "'title'? [unknown-field]",
        "content/01-first.md:3: error: 'table' in front matter is no longer read: place a "
        "dataset's table in the text with a '::: {#tbl-id .table}' directive "
        "(docs/data-and-charts.md) [retired-field]",
    ]


def test_find_in_inputs_names_file_and_line(mini: Path) -> None:
    assert str(find_in_inputs(Reader(mini), "Gəncə")) == "content/01-first.md:5"
    assert find_in_inputs(Reader(mini), "not there") is None


def test_front_matter_problems_are_at_their_own_lines(mini: Path) -> None:
    (mini / "content/01-first.md").write_text(
        "---\ntitle: First\n# a comment\ncaption: [unclosed\n---\n\nText.\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert messages(failure.value)[0].startswith("content/01-first.md:5: error: malformed YAML")
    (mini / "content/01-first.md").write_text(
        "---\ntitle: First\n\nid: Not An Id\nidd: agreements\n---\n\nText.\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert messages(failure.value) == [
        "content/01-first.md:5: error: unknown field 'idd' in front matter; did you mean "
        "'id'? [unknown-field]"]


def test_find_in_inputs_reads_text_and_data_files_only(tmp_path: Path) -> None:
    write(tmp_path, "content/CHANGES.md", "needle\n")
    write(tmp_path, "content/a.txt", "needle\n")
    assert find_in_inputs(Reader(tmp_path), "needle") is None
    write(tmp_path, "content/c.yml", "x\nneedle\n")
    assert str(find_in_inputs(Reader(tmp_path), "needle")) == "content/c.yml:2"
    write(tmp_path, "content/b.json", "[\n\n\"needle\"]\n")
    assert str(find_in_inputs(Reader(tmp_path), "needle")) == "content/b.json:3"
    write(tmp_path, "content/a.md", "one\ntwo needle\n")
    assert str(find_in_inputs(Reader(tmp_path), "needle")) == "content/a.md:2"


def test_a_file_or_field_that_is_not_a_mapping_says_so(tmp_path: Path) -> None:
    def problems(name: str, text: str) -> list[str]:
        write(tmp_path, f"content/{name}", text)
        return [str(p) for p in load_meta(Reader(tmp_path))[1]]

    assert problems("brief.yaml", "title: T\nlanguage: en\ndate: '2026'\npublisher: Someone\n"
                                  "sections: []\n") == [
        "content/brief.yaml:4: error: field 'publisher' in brief.yaml must be a mapping, not "
        "text 'Someone' [wrong-kind]"]
    assert problems("brief.yaml", "- title: T\n") == [
        "content/brief.yaml:1: error: brief.yaml must be a mapping of fields (title, subtitle, "
        "authors, publisher, language, date, sections, licence, disclaimer, style, references, "
        "queries, unhyphenated, subject, keywords, page-budget, unhyphenated-letters, "
        "datasets, house, series, report-number, doi, url, abstract, layout, output) [wrong-kind]"]


@pytest.mark.parametrize("date, problem", [
    ("'2004'", None), ("'2004-04-19'", None), ("'2004-4'", None), ("'04-2004'",
     "'04-2004' is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("{literal: spring 2004}", None), ("{raw: 2004}", None),
    ("{date-parts: [[2004]]}", None), ("{date-parts: [[2004, 2, 29]]}", None),
    ("{date-parts: [[2004, 4], [2005, 12, 31]]}", None),
    ("{date-parts: [[2003, 2, 29]]}", "day 29 is not in February 2003"),
    ("{date-parts: [[2004, 4, 0]]}", "day 0 is not in April 2004"),
    ("{date-parts: [[2004, 4, 31]]}", "day 31 is not in April 2004"),
    ("{date-parts: [[2004, 0]]}", "month 0 is not 1-12"),
    ("{date-parts: [[2004, 13, 1]]}", "month 13 is not 1-12"),
    ("{date-parts: [[2004], [2005, 13]]}", "month 13 is not 1-12"),
    ("[2004]", "a date is a mapping with 'date-parts' (or 'literal'), or a quoted 'YYYY-MM-DD'"),
    ("{date-parts: [2004]}", "'date-parts' must be a list of [year, month, day] lists of numbers"),
    ("{date-parts: []}", "'date-parts' must be a list of [year, month, day] lists of numbers"),
    ("{date-parts: [[2004], [2005], [2006]]}",
     "'date-parts' must be a list of [year, month, day] lists of numbers"),
    ("{date-parts: [[]]}", "'date-parts' must be a list of [year, month, day] lists of numbers"),
    ("{date-parts: [[2004, 1, 2, 3]]}",
     "'date-parts' must be a list of [year, month, day] lists of numbers"),
    ("{date-parts: [['2004']]}", "'date-parts' must be a list of [year, month, day] lists of "
                                 "numbers"),
    ("{date-parts: [[true]]}", "'date-parts' must be a list of [year, month, day] lists of "
                               "numbers"),
    ("{season: 2}", "'date-parts' must be a list of [year, month, day] lists of numbers"),
])
def test_reference_dates_are_checked(date: str, problem: str | None) -> None:
    node, _ = read_yaml(f"issued: {date}\n", "r.yaml")
    assert node is not None
    assert check_date(node.value["issued"]) == problem


def references(tmp_path: Path, text: str, name: str = "references.yaml") -> list[str]:
    write(tmp_path, f"content/{name}", text)
    found, problems = load_references(Reader(tmp_path), f"content/{name}")
    return [str(p) for p in problems] + [f"{r.key} {r.loc} {sorted(r.data)}" for r in found]


def test_each_reference_is_checked_field_by_field(tmp_path: Path) -> None:
    assert references(tmp_path, "\n".join([
        "- id: good", "  type: book", "  title: T", "  author: [{family: A, given: B}]",
        "- plain text",
        "- type: book", "  title: No Key",
        "- id: untyped", "  title: T",
        "- id: mistyped", "  type: boook", "  title: T",
        "- id: strange", "  type: zzz", "  title: T",
        "- id: names", "  type: book", "  title: T", "  editor: Jane Doe",
        "- id: listed", "  type: book", "  title: T", "  translator: [Jane Doe]",
        "- id: ''", "  type: book",
        "- id: listed-type", "  type: [book]", "  title: T",
    ]) + "\n") == [
        "content/references.yaml:5: error: a reference must be a mapping of CSL fields (id, "
        "type, title, ...) [wrong-kind]",
        "content/references.yaml:6: error: reference without an 'id'; add one (the key used in "
        "[@key]) [missing-field]",
        "content/references.yaml:8: error: reference 'untyped' needs a CSL 'type' such as book "
        "or webpage [missing-field]",
        "content/references.yaml:11: error: reference 'mistyped' needs a CSL 'type'; did you "
        "mean 'book'? [bad-value]",
        "content/references.yaml:14: error: reference 'strange' needs a CSL 'type' such as book "
        "or webpage [bad-value]",
        "content/references.yaml:19: error: 'editor' must be a list of names ({family: ..., "
        "given: ...} or {literal: ...}) [wrong-kind]",
        "content/references.yaml:23: error: 'translator' must be a list of names ({family: ..., "
        "given: ...} or {literal: ...}) [wrong-kind]",
        "content/references.yaml:24: error: reference without an 'id'; add one (the key used in "
        "[@key]) [missing-field]",
        "content/references.yaml:27: error: reference 'listed-type' needs a CSL 'type' such as "
        "book or webpage [bad-value]",
        "good content/references.yaml:1 ['author', 'id', 'title', 'type']",
    ]


def test_a_bibliography_that_cannot_be_read_or_is_not_a_list(tmp_path: Path) -> None:
    assert references(tmp_path, "a: b\n") == [
        "content/references.yaml:1: error: the bibliography must be a list of references "
        "[wrong-kind]"]
    assert references(tmp_path, '[{"id": "a",\n "type": "book" "title": "T"}]\n',
                      "references.json") == [
        "content/references.json:2: error: malformed JSON: Expecting ',' delimiter; fix the "
        "syntax on this line [json-syntax]"]
    assert references(tmp_path, '[{"id": "a", "type": "book",\n "title": "T"}]\n',
                      "references.json") == [
        "a content/references.json:1 ['id', 'title', 'type']"]
    _, problems = load_references(Reader(tmp_path), "content/missing.yaml")
    assert [str(p) for p in problems] == [
        "content/missing.yaml: error: cannot read the bibliography 'content/missing.yaml': no "
        "such file or directory [missing-file]"]


def test_yaml_errors_are_at_the_line_of_the_file_they_are_in() -> None:
    assert read_yaml("", "f.yaml") == (None, [])
    _, problems = read_yaml("a: 1\nb: [2\n", "f.md", first_line=3)
    assert len(problems) == 1 and str(problems[0]).startswith("f.md:5: error: malformed YAML: ")
    assert str(problems[0]).endswith("; fix the syntax on this line [yaml-syntax]")
    node, problems = read_yaml("? [a, b]\n: 1\nc:\n  d: 2\n", "f.md", first_line=3)
    assert problems == [] and node is not None
    assert sorted(node.value) == ["?", "c"]
    assert (node.line, node.value["c"].key_line, node.value["c"].value["d"].line) == (3, 5, 6)
    assert node.value["c"].value["d"].value == 2


def test_a_yaml_error_without_a_mark_is_still_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    def fail(self):  # type: ignore[no-untyped-def]
        raise yaml.YAMLError("broken stream")

    monkeypatch.setattr(yamlfile._Loader, "get_single_node", fail)
    assert [str(p) for p in read_yaml("a: 1\n", "f.yaml", first_line=4)[1]] == [
        "f.yaml:4: error: malformed YAML: broken stream [yaml-syntax]"]


def test_an_unknown_csl_field_gets_up_to_three_suggestions_or_the_rule(tmp_path: Path) -> None:
    assert references(tmp_path, "- id: a\n  type: book\n  title: T\n  supports: [1]\n"
                                "  editr: x\n") == [
        "content/references.yaml:4: error: unknown CSL field 'supports'; only standard CSL "
        "variables are allowed [unknown-field]",
        "content/references.yaml:5: error: unknown CSL field 'editr'; did you mean 'editor' or "
        "'edition'? [unknown-field]"]
    assert references(tmp_path, "- id: a\n  type: book\n  title: T\n  numbers: x\n") == [
        "content/references.yaml:4: error: unknown CSL field 'numbers'; did you mean 'number' "
        "or 'part-number' or 'call-number'? [unknown-field]"]


FULL_BRIEF = """title: T
subtitle: S
authors: [A. B., {name: C. D., affiliation: U, orcid: 0000-0002-1825-0097}]
publisher:
  name: P
  description: D
  address: [1 Street, '2000']
  url: https://p.org
language: en-GB
date: '2026-11-05'
sections: [01-a.md]
licence: L
disclaimer: X
style: chicago-author-date
references: refs.json
queries: [Check it.]
unhyphenated: [Baku]
subject: Sub
keywords: [K1, K2]
page-budget: 12
series: {name: Briefs, number: 7}
report-number: R-7
doi: 10.1234/b.7
abstract: What it says.
output: b7
unhyphenated-letters: ğ
house: {paper: letter, colours: {accent: '#000000'}}
layout: {sections: run-on, back-page: false}
"""


def test_every_field_of_brief_yaml_reaches_the_meta(tmp_path: Path) -> None:
    write(tmp_path, "content/brief.yaml", FULL_BRIEF)
    meta, problems = load_meta(Reader(tmp_path))
    rel = "content/brief.yaml"
    assert problems == []
    assert meta == Meta(
        title="T", subtitle="S", authors=("A. B.", "C. D."),
        publisher=Publisher("P", "D", ("1 Street", "2000"), "https://p.org"),
        language="en-GB", date=PartialDate(2026, 11, 5),
        sections=(SectionRef("01-a.md", Loc(rel, 11)),), licence="L", disclaimer="X",
        style="chicago-author-date", references="refs.json",
        queries=(Query("Check it.", Loc(rel, 16)),), unhyphenated=("Baku",), subject="Sub",
        keywords=("K1", "K2"), page_budget=12, loc=Loc(rel, 1),
        credits=({"name": "A. B."}, {"name": "C. D.", "affiliation": "U",
                                     "orcid": "0000-0002-1825-0097"}),
        series={"name": "Briefs", "number": 7}, report_number="R-7", doi="10.1234/b.7",
        abstract="What it says.", output="b7", unhyphenated_letters="ğ",
        house=House({"accent": "#000000"}, paper="letter"),
        layout=Layout("run-on", back_page=False),
        lines={k: Loc(rel, n) for k, n in (  # where each value starts
            ("title", 1), ("subtitle", 2), ("authors", 3), ("publisher", 5), ("language", 9),
            ("date", 10), ("sections", 11), ("licence", 12), ("disclaimer", 13), ("style", 14),
            ("references", 15), ("queries", 16), ("unhyphenated", 17), ("subject", 18),
            ("keywords", 19), ("page-budget", 20), ("series", 21), ("report-number", 22),
            ("doi", 23), ("abstract", 24), ("output", 25), ("unhyphenated-letters", 26),
            ("house", 27), ("layout", 28))})


def test_a_minimal_brief_yaml_takes_the_defaults(tmp_path: Path) -> None:
    write(tmp_path, "content/brief.yaml", "title: T\npublisher: {name: P}\nlanguage: en\n"
                                          "date: '2026'\nsections: []\n")
    meta, _ = load_meta(Reader(tmp_path))
    assert meta == Meta("T", Publisher("P"), "en", PartialDate(2026), (), loc=Loc(
        "content/brief.yaml", 1), lines={k: Loc("content/brief.yaml", n) for n, k in enumerate(
            ["title", "publisher", "language", "date", "sections"], start=1)})
    assert (meta.style, meta.references) == ("chicago-notes-bibliography", "references.yaml")


def test_names_in_lists_must_be_text_and_each_bad_part_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "content/brief.yaml", "\n".join([
        "title: T", "publisher: {name: P, colour: red}", "language: en", "date: '2026-13'",
        "sections: [1]", "authors: [2]", "queries: [3]", "unhyphenated: [4]", "keywords: [5]"])
        + "\n")
    meta, problems = load_meta(Reader(tmp_path))
    assert meta is None
    assert [str(p) for p in problems] == [
        "content/brief.yaml:2: error: unknown field 'colour' in publisher; known fields: name, "
        "description, address, url, email, phone [unknown-field]",
        "content/brief.yaml:4: error: impossible date '2026-13' in field 'date': month 13 is "
        "not 1-12; write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', only as precise as the source "
        "[bad-date]",
        "content/brief.yaml:6: error: item 1 of 'authors' in brief.yaml must be text, not int "
        "2 (quote it to make it text) [wrong-kind]"] + [
        f"content/brief.yaml:{n}: error: expected text, not int {n - 4} "
        "(quote it to make it text) [wrong-kind]" for n in (5, 7, 8, 9)]
    write(tmp_path, "content/brief.yaml", "title: T\npublisher: {name: P}\nlanguage: en\n"
                                          "date: '2026'\nsections: [a.md, 7]\n")
    meta, problems = load_meta(Reader(tmp_path))
    assert meta is None and [p.loc.line for p in problems] == [5]


def section_file(root: Path, name: str, text: str) -> tuple[SectionSource | None, list[str]]:
    write(root, f"content/{name}", text)
    found, problems = load_section(Reader(root), f"content/{name}",
                                   Loc("content/brief.yaml", 9))
    return found, [str(p) for p in problems]


def test_a_section_file_and_its_front_matter(tmp_path: Path) -> None:
    assert section_file(tmp_path, "02-the-end.md", "---\ntitle: The End\n...\nBody.\n") == (
        SectionSource("the-end", "The End", "Body.\n", 4, Loc("content/02-the-end.md", 1)), [])
    found, _ = section_file(tmp_path, "03-x.md", "---\ntitle: X\nid: other\n---\n")
    assert found == SectionSource("other", "X", "", 5, Loc("content/03-x.md", 1))
    assert section_file(tmp_path, "04-y.md", "---\ntitle: Y\nid: Bad Id\ntable: data\n---\n") \
        == (None, ["content/04-y.md:4: error: 'table' in front matter is no longer read: "
                   "place a dataset's table in the text with a '::: {#tbl-id .table}' "
                   "directive (docs/data-and-charts.md) [retired-field]"])
    assert section_file(tmp_path, "08-u.md", "---\ntitle: U\nid: Bad Id\n---\n") == (None, [
        "content/08-u.md:2: error: section id 'Bad Id' must be lower-case letters, digits and "
        "hyphens [bad-value]"])
    assert section_file(tmp_path, "05-z.md", "---\ntitle: Z\n") == (None, [
        "content/05-z.md:1: error: front matter is not closed: add a line '---' after it "
        "[unclosed-front-matter]"])
    assert section_file(tmp_path, "06-w.md", "") == (None, [
        "content/06-w.md:1: error: missing front matter: start the file with '---', then "
        "'title: ...', then '---' [missing-front-matter]"])
    assert load_section(Reader(tmp_path), "content/07-v.md",
                        Loc("content/brief.yaml", 9))[1] == [
        Diagnostic(Loc("content/brief.yaml", 9), "error", "section file 'content/07-v.md' not "
                   "found; create it or remove it from 'sections'")]


def test_a_project_is_loaded_whole_or_refused_with_every_problem(mini: Path) -> None:
    project = load(mini)
    assert [s.id for s in project.sections] == ["first", "annex"]
    assert [row.values["id"] for row in project.datasets["treaties"].rows] == [
        "first-treaty", "second-treaty", "third-treaty"]
    assert project.references == () and project.root == mini
    (mini / "content/treaties.yaml").unlink()
    write(mini, "content/03-extra.md", "---\ntitle: E\n---\n")
    write(mini, "content/notes.md", "not a section file\n")
    append(mini / "content/brief.yaml", "references: refs.yaml\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert messages(failure.value) == [
        "content/03-extra.md:1: error: section file not listed in content/brief.yaml "
        "'sections'; add it there or remove the file [unlisted-section]",
        "content/brief.yaml:11: error: cannot read data file 'content/treaties.yaml': no such "
        "file or directory [missing-file]",
        "content/brief.yaml:28: error: cannot read the bibliography 'content/refs.yaml': no "
        "such file or directory [missing-file]"]


def test_a_brief_with_references_loads_them_in_order(cited: Path) -> None:
    assert [r.key for r in load(cited).references] == [
        "ataturk-1959", "mfa-relations", "rferl-border", "mfa-az-statement"]


def test_duplicate_keys_deep_inside_are_found_and_the_rest_is_kept() -> None:
    node, problems = read_yaml("a:\n  - b: 1\n    b: 2\n    c: 3\n  - {d: {e: 1, e: 2}}\n",
                               "f.yaml", first_line=2)
    assert [str(p) for p in problems] == [
        "f.yaml:4: error: duplicate key 'b' (first given at line 3); keep one [duplicate-key]",
        "f.yaml:6: error: duplicate key 'e' (first given at line 6); keep one [duplicate-key]"]
    assert node is not None and sorted(node.value["a"].value[0].value) == ["b", "c"]


def test_a_yaml_error_without_a_problem_or_a_place(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    def fail(self):  # type: ignore[no-untyped-def]
        raise yaml.MarkedYAMLError()

    monkeypatch.setattr(yamlfile._Loader, "get_single_node", fail)
    assert [str(p) for p in read_yaml("a: 1\n", "f.yaml", first_line=4)[1]] == [
        "f.yaml:4: error: malformed YAML: invalid YAML; fix the syntax on this line [yaml-syntax]"]


def test_the_first_and_last_days_of_a_month_are_dates() -> None:
    for date in ("[[2004, 4, 1]]", "[[2004, 4, 30]]", "[[2004, 1, 1], [2004, 12, 31]]"):
        node, _ = read_yaml(f"issued: {{date-parts: {date}}}\n", "r.yaml")
        assert node is not None and check_date(node.value["issued"]) is None


def test_an_unknown_field_gets_two_suggestions_at_most(tmp_path: Path) -> None:
    write(tmp_path, "content/brief.yaml", "tile: T\n")
    assert [str(p) for p in load_meta(Reader(tmp_path))[1]][0] == (
        "content/brief.yaml:1: error: unknown field 'tile' in brief.yaml; did you mean 'title' "
        "or 'subtitle'? [unknown-field]")


def test_loading_reports_every_file_and_names_each_place(mini: Path) -> None:
    edit(mini / "content/brief.yaml", "  - 02-annex.md\n", "  - 02-annex.md\n  - 03-gone.md\n")
    append(mini / "content/brief.yaml", "references: references.yaml\n"
                                        "colour: red\n")
    write(mini, "content/treaties.yaml", "- [not, a, row]\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert [str(d) for d in failure.value.diagnostics] == [
        "content/brief.yaml:30: error: unknown field 'colour' in brief.yaml; known fields: "
        "title, subtitle, authors, publisher, language, date, sections, licence, disclaimer, "
        "style, references, queries, unhyphenated, subject, keywords, page-budget, "
        "unhyphenated-letters, datasets, house, series, report-number, doi, url, abstract, layout, "
        "output [unknown-field]",  # the data is checked all the same
        "content/treaties.yaml:1: error: a row is a mapping of columns to values, not a list "
        "of 3 [wrong-kind]"]
    edit(mini / "content/brief.yaml", "colour: red\n", "")
    edit(mini / "content/brief.yaml", "  treaties:\n", "  treaties-gone:\n")
    (mini / "content/treaties.yaml").unlink()
    (mini / "content/02-annex.md").write_text("---\ntitle: Annex\n---\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert [str(d) for d in failure.value.diagnostics] == [
        "content/brief.yaml:11: error: cannot read data file 'content/treaties.yaml': no such "
        "file or directory [missing-file]",
        "content/brief.yaml:27: error: section file 'content/03-gone.md' not found; create it "
        "or remove it from 'sections' [missing-file]",
        "content/brief.yaml:29: error: cannot read the bibliography 'content/references.yaml': "
        "no such file or directory [missing-file]"]
    edit(mini / "content/brief.yaml", "  - 03-gone.md\n", "")
    edit(mini / "content/brief.yaml", "references: references.yaml\n", "")
    edit(mini / "content/brief.yaml", "    path: treaties.yaml\n", "    path: none.csv\n")
    write(mini, "content/none.csv", "id,title\n")
    assert load(mini).datasets["treaties-gone"].rows == ()


def test_a_bad_publisher_alone_stops_the_meta(tmp_path: Path) -> None:
    write(tmp_path, "content/brief.yaml", "title: T\npublisher: {name: P, mail: m}\n"
                                          "language: en\ndate: '2026'\nsections: []\n")
    meta, problems = load_meta(Reader(tmp_path))
    assert meta is None and [p.loc.line for p in problems] == [2]


def test_empty_front_matter_closes_on_the_second_line() -> None:
    assert split_front_matter("---\n---\nBody.\n", "x.md") == (None, "Body.\n", 3, [
        Diagnostic(Loc("x.md", 1), "error", "the front matter is empty; give the section its "
                   "'title: ...'")])
    assert find_in_inputs(Reader(ROOT), "one nation, two states") == Loc(
        "content/02-political-history.md", 20)
    assert find_in_inputs(Reader(ROOT), "3518 Trousdale Parkway") == \
        Loc("content/brief.yaml", 12)


def test_a_malformed_bibliography_is_an_error_in_its_file(tmp_path: Path) -> None:
    assert references(tmp_path, "- id: a\n  title: [x\n")[0].startswith(
        "content/references.yaml:3: error: malformed YAML")


def test_a_value_of_the_wrong_kind_gets_one_message_in_the_order_written(tmp_path: Path) -> None:
    """brief.yaml is checked against brief/schemas/brief.json: a value of the wrong kind
    gets one message, the schema's words for it; fields in the order they are written, on
    one line as on many; a layout mapping's own field is named in it."""
    write(tmp_path, "content/brief.yaml", "\n".join([
        "title: T", "publisher: {name: P, url: 3, address: x}", "language: en",
        "date: '2026'", "sections: []", "series: Briefs", "authors: A. B.",
        "layout: {cover: page, pages: 2}"]) + "\n")
    meta, problems = load_meta(Reader(tmp_path))
    assert meta is None and [str(p) for p in problems] == [
        "content/brief.yaml:6: error: field 'series' in brief.yaml must be a mapping of name "
        "and number, not text 'Briefs' [wrong-kind]",
        "content/brief.yaml:7: error: field 'authors' in brief.yaml must be a list, not text "
        "'A. B.' [wrong-kind]",
        "content/brief.yaml:2: error: field 'url' in publisher must be text, not int 3 (quote "
        "it to make it text) [wrong-kind]",
        "content/brief.yaml:2: error: field 'address' in publisher must be a list, not text "
        "'x' [wrong-kind]",
        "content/brief.yaml:8: error: unknown field 'pages' in layout; known fields: sections, "
        "cover, contents, inside-page, back-page [unknown-field]"]


@pytest.mark.parametrize("text, line, shown", [
    ("title: x\n!!int : y\n", 2, "''"),  # a key its tag cannot read: no digits at all
    ("!!float abc: 1\n", 1, "'abc'"),
    ("a:\n  b: !!bool maybe\n", 2, "'maybe'"),
])
def test_a_key_or_value_its_tag_cannot_read_is_an_error_at_its_line(text, line, shown) -> None:
    _, found = read_yaml(text, "b.yaml")
    assert [(d.loc.line, d.code) for d in found] == [(line, "bad-value")]
    assert f"malformed value: {shown} cannot be read as" in found[0].message


def test_libyaml_and_pyyaml_s_own_parser_give_the_same_nodes(monkeypatch) -> None:
    """The builder reads YAML with libyaml's parser; where PyYAML was built without it, its
    own parser stands in and every file reads the same, line for line."""
    assert yamlfile._Parser is not yamlfile._PurePython  # (the wheels bring libyaml)
    texts = [p.read_text("utf-8") for pattern in ("content/*.yaml", "brief/labels/*.yaml",
                                                   "tests/fixtures/*/content/*.yaml")
             for p in sorted(ROOT.glob(pattern))]
    texts += ["a: !!int 3\nb: [x, 'y', {c: é}]\nd: |\n  two\n  lines\n", "x: *a\n", "- [\n"]
    with_libyaml = [read_yaml(text, "t.yaml") for text in texts]
    monkeypatch.setattr(yamlfile, "_Parser", yamlfile._PurePython)
    pure = [read_yaml(text, "t.yaml") for text in texts]
    assert [node for node, _ in pure] == [node for node, _ in with_libyaml]
    assert [[(d.loc, d.code) for d in found] for _, found in pure] == \
        [[(d.loc, d.code) for d in found] for _, found in with_libyaml]
    assert len(texts) > 20 and all(node for node, _ in with_libyaml[:-2])


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "PyYAML's parser"])
def test_a_character_yaml_refuses_is_an_error_at_its_line(pure, monkeypatch) -> None:
    """libyaml says where by bytes, PyYAML's own reader by characters: after accented
    letters, on the right line either way; a lone surrogate (which libyaml cannot even be
    given) too."""
    if pure:
        monkeypatch.setattr(yamlfile, "_Parser", yamlfile._PurePython)
    for text, line, char in [("a: é\nb: ü\nc: ü\nd: x\x07\n", 4, "0007"),
                             ("a: ééééééé\nb: \x1b\n", 2, "001B"),
                             ("title: x\n\nb: \ud800\n", 3, "D800")]:
        node, found = read_yaml(text, "t.yaml", first_line=10)
        assert node is None and [(str(d), d.code) for d in found] == [
            (f"t.yaml:{line + 9}: error: the character U+{char} is not allowed in YAML; "
             "delete it [control-character]", "control-character")]


@pytest.mark.parametrize("siblings", [0, 40])
def test_yaml_nested_to_the_limit_reads_and_one_deeper_is_refused(siblings) -> None:
    """``MAX_DEPTH`` levels read (the mapping, the lists, the value in the last), one more
    is refused at its line, however many values came before (each closes its level)."""
    from brief.read.yamlfile import MAX_DEPTH
    before = "".join(f"k{n}: [1, {{a: 2}}]\n" for n in range(siblings))
    lists = MAX_DEPTH - 2
    node, found = read_yaml(f"{before}deep: {'[' * lists}1{']' * lists}\n", "t.yaml")
    assert node is not None and found == []
    lists += 1
    node, found = read_yaml(f"{before}deep: {'[' * lists}1{']' * lists}\n", "t.yaml")
    assert node is None and [(d.loc.line, d.code) for d in found] == [
        (siblings + 1, "over-limit")]


def test_a_hidden_character_in_a_key_and_a_long_unreadable_value_are_said_exactly() -> None:
    _, found = read_yaml('"name\\u202E": 1\n', "t.yaml")
    assert [(d.loc.line, d.code) for d in found] == [(1, "control-character")]
    for digits, said in ((40, "'" + "a" * 40 + "' cannot"), (41, "(41 digits) cannot")):
        _, found = read_yaml(f"n: !!int {'a' * digits}\n", "t.yaml")
        assert said in found[0].message and found[0].code == "bad-value"


def test_a_character_is_found_as_written_or_as_its_css_escape() -> None:
    from brief.read.load import find_in_files
    texts = [("a.css", b"p { content: 'x' }\n"), ("b.css", b"\n\nli::before { content: '\\2014' }")]
    assert find_in_files(texts, "\u2014") == Loc("b.css", 3)
    assert find_in_files(texts, "x") == Loc("a.css", 1)
    assert find_in_files(texts, "content") == Loc("a.css", 1)
    assert find_in_files(texts, "\u2603") is None


def test_a_column_declared_twice_an_empty_schema_file_a_publisher_s_address_line(
        tmp_path: Path) -> None:
    from helpers import fixture_copy
    data = fixture_copy(tmp_path, "data")
    edit(data / "content/brief.yaml", "{name: flow, title: Mean flow, type: number, unit: km³}",
         "{name: flow, title: Mean flow, type: number, unit: km³}\n"
         "        - {name: flow, type: number}")
    (data / "content/reservoirs.schema.yaml").write_text("")
    edit(data / "content/brief.yaml", "    - 1 Test Street", "    - 1 Test Street\n    - 3")
    append(data / "content/brief.yaml", "keywords: [water, 4]\n")
    with pytest.raises(BuildError) as failed:
        load(data)
    assert messages(failed.value) == [  # (a list's items and the address: by their lines)
        "content/brief.yaml:8: error: expected text, not int 3 (quote it to make it text) "
        "[wrong-kind]",
        "content/brief.yaml:22: error: column 'flow' is declared twice; keep one "
        "[duplicate-column]",
        "content/brief.yaml:28: error: expected text, not int 4 (quote it to make it text) "
        "[wrong-kind]",
        "content/reservoirs.schema.yaml:1: error: the schema file is empty; give it 'fields:' "
        "[empty-file]"]
