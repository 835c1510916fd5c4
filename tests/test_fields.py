"""How a YAML file's fields are checked and their problems worded (brief/read/fields.py):
each kind of problem a JSON Schema or a field list finds, at its line, in words."""
from __future__ import annotations

from brief.read.fields import Collector, Field, describe, validate_node, validator
from brief.read.yamlfile import read_yaml

ADVICE = "write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', only as precise as the source"
PERSON = {"type": "object", "additionalProperties": False, "required": ["name"],
          "properties": {"name": {"type": "string"}, "role": {"type": "string"}}}
SCHEMA = {"type": "object", "additionalProperties": False, "required": ["title", "count"],
          "properties": {
              "title": {"type": "string"}, "count": {"type": "integer"},
              "ratio": {"type": ["number", "string"]}, "share": {"type": "number"},
              "size": {"type": "number", "x-expected": "a size in points"},
              "paper": {"enum": ["a4", "letter"]},
              "code": {"type": "string", "pattern": "^[a-z]+$",
                       "description": "lower-case letters"},
              "short": {"type": "string", "maxLength": 3},
              "pages": {"type": "integer", "minimum": 1, "x-expected": "a page number from 1"},
              "scale": {"type": "number", "maximum": 2, "x-expected": "a scale up to 2"},
              "people": {"type": "array", "items": PERSON},
              "extra": {"type": "object",
                        "not": {"anyOf": [{"required": ["id"]}, {"required": ["url"]}]}},
              "either": {"anyOf": [{"type": "string"}, {
                  "type": "object", "additionalProperties": False,
                  "properties": {"a": {"type": "string"}}}]}}}
TEXT = """titel: x
count: '12'
ratio: true
size: big
paper: a5
code: ABC
short: abcdef
pages: 0
people:
  - name: A
    rol: x
  - role: y
  - 3
extra: {id: 1, url: 2, other: 3}
either: {b: 1}
share: '2.5'
scale: 3
"""


def test_every_way_a_file_breaks_its_schema_is_said_at_its_line_in_words() -> None:
    node, _ = read_yaml(TEXT, "t.yaml")
    assert validate_node(validator(SCHEMA), node, "the test file") == [
        (1, "unknown field 'titel' in the test file; did you mean 'title'?", "unknown-field"),
        (1, "missing required field 'title' in the test file", "missing-field"),
        (2, "'count' in the test file must be a whole number, not text '12' (write it "
            "without quotes)", "wrong-kind"),
        (3, "'ratio' in the test file must be a number or text, not bool True (quote it to "
            "make it text)", "wrong-kind"),
        (16, "'share' in the test file must be a number, not text '2.5' (write it without "
             "quotes)", "wrong-kind"),
        (4, "'size' in the test file must be a size in points, not text 'big'", "wrong-kind"),
        (5, "'paper' in the test file cannot be 'a5'; use one of: a4, letter", "bad-value"),
        (6, "'code' in the test file must be lower-case letters, not text 'ABC'", "bad-value"),
        (7, "'short' in the test file: 'abcdef' is too long", "bad-value"),
        (8, "'pages' in the test file must be a page number from 1, not 0", "bad-value"),
        (17, "'scale' in the test file must be a scale up to 2, not 3", "bad-value"),
        (11, "unknown field 'rol' in item 1 of 'people' in the test file; did you mean "
             "'role'?", "unknown-field"),
        (12, "missing required field 'name' in item 2 of 'people' in the test file",
         "missing-field"),
        (13, "item 3 of 'people' in the test file must be a mapping, not int 3", "wrong-kind"),
        (14, "'extra' in the test file may not give 'id', 'url': the builder supplies it",
         "forbidden-field"),
        (15, "unknown field 'b' in 'either' in the test file; known fields: a",
         "unknown-field")]
    node, _ = read_yaml("title: t\ncount: 1\npaper: leter\n", "t.yaml")
    assert validate_node(validator(SCHEMA), node, "the test file") == [
        (3, "'paper' in the test file cannot be 'leter'; did you mean 'letter'?", "bad-value")]


def test_a_date_is_as_precise_as_written_and_an_impossible_one_is_said() -> None:
    check = Collector("t.yaml")
    dates = {}
    for line, text in enumerate(("2020-02-30", "0000", "2020-13", "20", "2024-02-29",
                                 "2021", "2021-3"), start=1):
        node, _ = read_yaml("\n" * (line - 1) + f"d: '{text}'\n", "t.yaml")
        dates[text] = check.date(node.value["d"], "when")
    assert {k: v and v.iso() for k, v in dates.items()} == {
        "2020-02-30": None, "0000": None, "2020-13": None, "20": None,
        "2024-02-29": "2024-02-29", "2021": "2021", "2021-3": "2021-03"}
    assert [str(d) for d in check.diagnostics] == [
        f"t.yaml:1: error: impossible date '2020-02-30' in field 'when': February 2020 has no "
        f"day 30; {ADVICE} [bad-date]",
        f"t.yaml:2: error: impossible date '0000' in field 'when': there is no year 0; "
        f"{ADVICE} [bad-date]",
        f"t.yaml:3: error: impossible date '2020-13' in field 'when': month 13 is not 1-12; "
        f"{ADVICE} [bad-date]",
        f"t.yaml:4: error: bad date '20' in field 'when'; {ADVICE} [bad-date]"]


def test_a_mapping_is_checked_against_its_fields_every_problem_at_once() -> None:
    check = Collector("t.yaml")
    node, _ = read_yaml("a: 1\ntitel: 2\nb: [1]\nretired: 1\nc: true\nd: x\n", "t.yaml")
    fields = {"a": Field(str), "title": Field(str, required=True),
              "b": Field(dict, hint="a mapping of names"), "c": Field(int),
              "d": Field((str, int))}
    assert check.fields(node, fields, "the thing", {"retired": "use a"}) is None
    assert [str(d) for d in check.diagnostics] == [
        "t.yaml:1: error: field 'a' in the thing must be text, not int 1 (quote it to make it "
        "text) [wrong-kind]",
        "t.yaml:2: error: unknown field 'titel' in the thing; did you mean 'title'? "
        "[unknown-field]",
        "t.yaml:3: error: field 'b' in the thing must be a mapping of names, not a list of 1 "
        "[wrong-kind]",
        "t.yaml:4: error: 'retired' in the thing is no longer read: use a [retired-field]",
        "t.yaml:5: error: field 'c' in the thing must be a whole number, not bool True "
        "[wrong-kind]",
        "t.yaml:1: error: missing required field 'title' in the thing [missing-field]"]
    assert check.fields(node, fields, "the thing", partial=True) == {"d": "x"}
    node, _ = read_yaml("zz: 1\n", "t.yaml")
    check = Collector("t.yaml")
    assert check.fields(node, {"a": Field(str), "b": Field(list)}, "the thing") is None
    assert [d.message for d in check.diagnostics] == [
        "unknown field 'zz' in the thing; known fields: a, b"]
    node, _ = read_yaml("- 1\n", "t.yaml")
    assert check.fields(node, {"a": Field(str), "b": Field(list)}, "the thing") is None
    assert check.diagnostics[-1].message == "the thing must be a mapping of fields (a, b)"
    from brief.read.fields import kind_name
    assert [kind_name(Field(k)) for k in (str, int, list, dict)] == [
        "text", "a whole number", "a list", "a mapping"]
    assert [kind_name(Field(k)) for k in ((str, list), float, (int, bool, bytes))] == [
        "text or a list", "a number", "a whole number or true or false or bytes"]
    assert kind_name(Field((str, list), hint="a name or names")) == "a name or names"
    node, _ = read_yaml("a: x\nb: [1]\n", "t.yaml")
    given = check.fields(node, {"a": Field(str), "b": Field(list)}, "the thing")
    assert given is not None and given["a"] == "x" and [n.value for n in given["b"]] == [1]


def test_a_value_is_named_as_a_message_names_it() -> None:
    assert [describe({"a": 1, "b": 2, "c": 3, "d": 4}), describe(None), describe([1, 2]),
            describe(True, text=False), describe(2.5), describe("x")] == [
        "a mapping (a, b, c)", "empty", "a list of 2", "bool True",
        "float 2.5 (quote it to make it text)", "text 'x'"]


def test_a_schema_refers_to_the_builder_s_other_schemas_through_the_registry() -> None:
    from brief.read.fields import registry
    house = validator({"$ref": "house.json"}, registry())
    assert house.is_valid({"paper": "a4"}) and not house.is_valid({"paper": "a5"})
    alone = validator({"type": "object", "properties": {"a": {"type": "string"}}})
    assert alone.is_valid({"a": "x"}) and not alone.is_valid({"a": 1})
