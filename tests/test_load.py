"""Loading: every input checked, every problem with its file and line."""
from __future__ import annotations

from pathlib import Path

import pytest

from brief.load import find_in_inputs, load, load_agreements, load_meta, split_front_matter
from brief.model import BuildError, PartialDate
from brief.yamlfile import read_yaml
from helpers import ROOT


def messages(error: BuildError) -> list[str]:
    return [str(d) for d in error.diagnostics]


def test_the_real_brief_loads_with_its_27_agreements() -> None:
    project = load(ROOT)
    assert project.meta.title == "Turkey–Azerbaijan Relations"
    assert project.meta.date == PartialDate(2026, 11)
    assert [s.title for s in project.sections][1] == (
        "Turkish-Azerbaijani Political History and the Wars in Karabakh")
    assert [a.number for a in project.agreements] == list(range(1, 28))
    assert project.agreements[1].date == PartialDate(1992, 1, 2)
    assert project.agreements[0].date == PartialDate(1992)
    assert project.meta.subtitle is None and project.meta.authors == ()


def test_yaml_keeps_lines_and_refuses_aliases_and_duplicate_keys() -> None:
    node, problems = read_yaml("a: 1\nb:\n  - x\n  - y\n", "f.yaml")
    assert node and problems == []
    assert node.value["b"].value[1].line == 4 and node.value["b"].key_line == 2
    _, problems = read_yaml("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:2: error: malformed YAML: aliases (*name) are not allowed here; write the "
        "value out; fix the syntax on this line"]
    _, problems = read_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml:3: error: duplicate key 'a' (first given at line 1); keep one"]


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, "utf-8")


def test_brief_yaml_fields_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "content/brief.yaml",
          "title: T\nlanguage: en\ndate: 2026-11-01\nsections: []\nsubtitel: S\n")
    meta, problems = load_meta(tmp_path)
    assert meta is None
    assert [str(p) for p in problems] == [
        "content/brief.yaml:3: error: field 'date' in brief.yaml must be a quoted date such "
        "as '2026-11', not date datetime.date(2026, 11, 1) (quote it to make it text)",
        "content/brief.yaml:5: error: unknown field 'subtitel' in brief.yaml; did you mean "
        "'subtitle' or 'title'?",
        "content/brief.yaml:1: error: missing required field 'publisher' in brief.yaml",
    ]


def test_yaml_1_1_surprises_are_type_errors(tmp_path: Path) -> None:
    write(tmp_path, "content/agreements.yaml",
          "- id: a\n  number: 1\n  title: NO\n  date: '1992'\n  category: social\n")
    rows, problems = load_agreements(tmp_path)
    assert rows == ()
    assert [str(p) for p in problems] == [
        "content/agreements.yaml:3: error: field 'title' in agreement must be text, not bool "
        "False (quote it to make it text)"]


def test_agreement_rows_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "content/agreements.yaml", "\n".join([
        "- id: a", "  number: 1", "  title: A", "  date: '1992'", "  category: energie",
        "- id: a", "  number: 2", "  title: B", "  date: '1992-02'", "  category: social",
        "  nite: x",
    ]) + "\n")
    _, problems = load_agreements(tmp_path)
    assert [str(p) for p in problems] == [
        "content/agreements.yaml:5: error: unknown category 'energie'; did you mean 'energy'?",
        "content/agreements.yaml:11: error: unknown field 'nite' in agreement; did you mean "
        "'note' or 'title'?",
    ]
    write(tmp_path, "content/agreements.yaml", "\n".join([
        "- id: a", "  number: 1", "  title: A", "  date: '1992'", "  category: energy",
        "- id: a", "  number: 2", "  title: B", "  date: '1992-02'", "  category: social",
    ]) + "\n")
    _, problems = load_agreements(tmp_path)
    assert [str(p) for p in problems] == [
        "content/agreements.yaml:6: error: duplicate id 'a' (first at line 1); ids must be "
        "unique"]


def test_front_matter_is_split_with_the_body_line() -> None:
    node, body, line, problems = split_front_matter("---\ntitle: T\n---\n\nText\n", "x.md")
    assert node and node.value["title"].line == 2
    assert (body, line, problems) == ("\nText\n", 4, [])
    _, _, _, problems = split_front_matter("title: T\n", "x.md")
    assert [str(p) for p in problems] == [
        "x.md:1: error: missing front matter: start the file with '---', then 'title: ...', "
        "then '---'"]


def test_front_matter_fields_are_checked(mini: Path) -> None:
    (mini / "content/01-first.md").write_text("---\ntitel: First\ntable: figures\n---\n\nx\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert messages(failure.value) == [
        "content/01-first.md:2: error: missing required field 'title' in front matter",
        "content/01-first.md:2: error: unknown field 'titel' in front matter; did you mean "
        "'title'?",
    ]


def test_find_in_inputs_names_file_and_line(mini: Path) -> None:
    assert str(find_in_inputs(mini, "Gəncə")) == "content/01-first.md:5"
    assert find_in_inputs(mini, "not there") is None


def test_front_matter_problems_are_at_their_own_lines(mini: Path) -> None:
    (mini / "content/01-first.md").write_text(
        "---\ntitle: First\n# a comment\ncaption: [unclosed\n---\n\nText.\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert messages(failure.value)[0].startswith("content/01-first.md:5: error: malformed YAML")
    (mini / "content/01-first.md").write_text(
        "---\ntitle: First\n\nid: Not An Id\ntabel: agreements\n---\n\nText.\n")
    with pytest.raises(BuildError) as failure:
        load(mini)
    assert messages(failure.value) == [
        "content/01-first.md:5: error: unknown field 'tabel' in front matter; did you mean "
        "'table'?"]


def test_agreements_are_numbered_in_sequence(tmp_path: Path) -> None:
    rows = [f"- id: a{n}\n  number: {number}\n  title: T\n  date: '1992'\n  category: energy\n"
            for n, number in enumerate((1, 2, 4, 5), start=1)]
    write(tmp_path, "content/agreements.yaml", "".join(rows))
    _, problems = load_agreements(tmp_path)
    assert [str(p) for p in problems] == [
        "content/agreements.yaml:11: error: agreement number 4 out of sequence; expected 3"]
