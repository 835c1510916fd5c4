"""What a chart's Vega-Lite specification may ask (brief/markdown/chartspec.py), checked on
specifications written as a brief writes them, line by line."""
from __future__ import annotations

import pytest

from brief.markdown.chartspec import MAX_ROWS, MAX_SIZE, chart_problems, spec_problems, vega_lite
from brief.read.yamlfile import read_yaml


def problems(text: str) -> list[tuple[int, str]]:
    """(line, code) of each problem of the specification ``text`` (its first line is 1)."""
    node, found = read_yaml(text, "spec.yaml")
    assert found == [] and node is not None
    return [(line, code) for line, _, code in chart_problems(node)]


@pytest.mark.parametrize("text, found", [
    ("mark: bar\nencoding:\n  x: {field: a, type: nominal}\n", []),
    ("mark: bars\n", [(1, "unknown-mark")]),
    ("mark: {type: lin, point: true}\n", [(1, "unknown-mark")]),
    ("layer:\n  - mark: bar\n  - mark: pointy\n", [(3, "unknown-mark")]),
    ("config:\n  mark: {color: red}\n", []),  # (settings for every mark: no type)
    ("mark: bar\nencoding:\n  y:\n    field: a\n    type: quantitativ\n", [(5, "unknown-type")]),
    ("mark: bar\nencoding:\n  tooltip:\n    - {field: a, type: nominal}\n"
     "    - {field: b, type: nominl}\n", [(5, "unknown-type")]),
    ("mark: bar\nencoding:\n  color:\n    condition: {param: p, field: a, type: ordinl}\n"
     "    value: grey\n", [(4, "unknown-type")]),
    ("mark: bar\nencoding:\n  x: {field: a, scale: {type: log}}\n", []),  # (a scale's type)
    (f"width: {MAX_SIZE}\nheight: {MAX_SIZE + 1}\n", [(2, "over-limit")]),
    (f"config: {{axis: {{labelLimit: {MAX_SIZE * 3}}}}}\n", []),  # (not a size)
    ("title: \"two\\nlines\\tand a tab\"\n", []),
    ("title: 'bell \\x07'\n", [(1, "control-character")]),  # (an escape the engine reads)
    ("data: {url: data.csv}\nmark: bar\n", [(1, "external-data")]),
    (f"data: {{values: {list(range(MAX_ROWS))}}}\n", []),
    (f"data: {{values: {list(range(MAX_ROWS + 1))}}}\n", [(1, "over-limit")]),
    (f"data: {{sequence: {{start: 0, stop: {MAX_ROWS}}}}}\n", []),
    (f"data: {{sequence: {{start: 1, stop: {MAX_ROWS + 2}}}}}\n", [(1, "over-limit")]),
    (f"data: {{sequence: {{start: -{MAX_ROWS // 2}, stop: {MAX_ROWS // 2 + 1}}}}}\n",
     [(1, "over-limit")]),
    (f"data: {{sequence: {{stop: {MAX_ROWS * 4}, step: 4}}}}\n", []),
    (f"data: {{sequence: {{stop: {MAX_ROWS * 2 + 2}, step: 2}}}}\n", [(1, "over-limit")]),
    ("data: {sequence: {start: 0, stop: 10, step: 0}}\n", [(1, "over-limit")]),
    (f"data: {{sequence: {{stop: {MAX_ROWS + 1}}}}}\n", [(1, "over-limit")]),  # (from 0, by 1)
    (f"data: {{sequence: {{start: -{MAX_ROWS}}}}}\n", []),  # (up to 0)
    (f"width: {MAX_SIZE + 1}\ndata: {{url: x.csv}}\n", [(1, "over-limit"), (2, "external-data")]),
    ("data: {sequence: {start: a, stop: 10}}\n", [(1, "over-limit")]),
    ("data: {name: table}\nlayer:\n  - data: {url: x.csv}\n", [(3, "external-data")]),
])
def test_a_specification_is_checked_at_its_lines(text: str, found: list) -> None:
    assert problems(text) == found


def test_a_name_vega_lite_lacks_is_said_with_the_closest_and_the_list() -> None:
    node, _ = read_yaml("mark: lin\nencoding: {x: {type: temporl}}\n", "spec.yaml")
    assert node is not None
    said = [message for _, message, _ in chart_problems(node)]
    assert said[0].startswith("'lin' is not a Vega-Lite mark (did you mean 'line'?); use one "
                              "of: arc, area, bar,")
    assert said[1] == ("'temporl' is not an encoding type (did you mean 'temporal'?); use one "
                       "of: quantitative, temporal, ordinal, nominal, geojson")
    node, _ = read_yaml("mark: zzzz\n", "spec.yaml")
    assert node is not None and chart_problems(node)[0][1].startswith(
        "'zzzz' is not a Vega-Lite mark; use one of:")


@pytest.mark.parametrize("text, found", [
    ("mark: bar\nencoding:\n  x: {field: a, type: quantitative, aggregate: sum}\n", []),
    ("mark: line\nencoding:\n  x: {field: year, type: ordinal, timeUnit: year}\n"
     "transform:\n  - filter: 'datum.x > 1'\n  - {calculate: 'datum.a * 2', as: b}\n", []),
    # what the engine would leave out of the chart in silence, at its line, with a hint
    ("mark: bar\nencoding:\n  x:\n    field: a\n    type: quantitative\n    aggregate: meen\n",
     [(6, "'aggregate' in the chart cannot be 'meen'; did you mean 'mean'?", "bad-value")]),
    ("mark: {type: bar, colour: red}\nencoding:\n  x: {field: a, type: temporal, "
     "timeUnit: yeer}\n",
     [(1, "unknown field 'colour' in 'mark' in the chart; did you mean 'color'?",
       "unknown-field"),
      (3, "'timeUnit' in the chart cannot be 'yeer'; did you mean 'year'?", "bad-value")]),
    # (a name closest to one of another branch's names: 'yearmonth' is a multiple unit)
    ("mark: bar\nencoding:\n  x: {field: a, type: temporal, timeUnit: yearmonthh}\n",
     [(3, "'timeUnit' in the chart cannot be 'yearmonthh'; did you mean 'yearmonth'?",
       "bad-value")]),
    ("mark: bar\nencoding:\n  x: {field: a, type: nominal, axis: {labelAngel: 45}}\n",
     [(3, "unknown field 'labelAngel' in 'axis' in the chart; did you mean 'labelAngle' or "
       "'labelAlign'?", "unknown-field")]),
    ("mark: bar\nencoding:\n  x: {field: a, type: quantitative, bin: 3}\n",
     [(3, "'bin' in the chart must be true or false, not int 3", "wrong-kind")]),
    ("mark: bar\ntransform:\n  - {calculate: 1, as: t}\n",
     [(3, "'calculate' in the chart must be text, not int 1 (quote it to make it text)",
       "wrong-kind")]),
    ("mark: bar\nconfig: {axis: {labelFontSize: big}}\n",
     [(2, "'labelFontSize' in the chart must be a number, not text 'big'", "wrong-kind")]),
])
def test_what_vega_lite_s_own_schema_refuses_is_said_at_its_line(text, found) -> None:
    node, _ = read_yaml(text, "spec.yaml")
    assert spec_problems(node) == found


def test_the_schema_is_of_the_vega_lite_the_engine_draws() -> None:
    """Vega-Lite's schema comes from the altair package, the drawing from vl-convert: the
    same version (major and minor), or the checks are of another."""
    import importlib.util
    import re
    from pathlib import Path

    import vl_convert

    from brief.html.chartengine import VEGA_LITE
    folder = Path(importlib.util.find_spec("altair").submodule_search_locations[0])
    written = (folder / "vegalite/v6/schema/__init__.py").read_text("utf-8")
    version = re.search(r'SCHEMA_VERSION = "v(\d+\.\d+)\.', written)[1]
    assert version == VEGA_LITE and VEGA_LITE in vl_convert.get_vegalite_versions()
    assert "aggregate" in vega_lite().schema["definitions"]["AggregateTransform"]["properties"]


def test_a_specification_the_schema_found_nothing_in_is_not_checked_again(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema's verdict on a fitting specification is remembered (the next build
    neither loads jsonschema nor reads the schema); one with a problem is checked each time,
    and one changed is checked anew."""
    import brief.cache
    import brief.markdown.chartspec as chartspec
    monkeypatch.setattr(brief.cache, "private_folder", lambda: tmp_path)
    checked: list[int] = []

    def counted():  # type: ignore[no-untyped-def]
        checked.append(1)
        return vega_lite()
    monkeypatch.setattr(chartspec, "vega_lite", counted)

    def found(text: str) -> list[str]:
        node, problems = read_yaml(text, "spec.yaml")
        assert problems == [] and node is not None
        return [code for _, _, code in spec_problems(node)]
    fitting, wrong = "mark: bar\nencoding: {x: {field: a, type: nominal}}\n", \
        "mark: bar\nencoding: {x: {field: a, aggregate: meen}}\n"
    assert found(fitting) == [] and found(fitting) == [] and len(checked) == 1
    assert found(fitting.replace("nominal", "ordinal")) == [] and len(checked) == 2
    assert found(wrong) == ["bad-value"] and found(wrong) == ["bad-value"]
    assert len(checked) == 4


def test_the_vega_lite_schema_is_altair_s_and_its_branches_are_anyof_only() -> None:
    """The schema file altair installs; it gives its choices as "anyOf" (never "oneOf",
    which the reading of its errors does not descend)."""
    import json

    from brief.markdown.chartspec import _schema_file

    def keywords(node: object) -> set[str]:
        if isinstance(node, dict):
            return {k for k, v in node.items() if isinstance(v, list)} | {
                w for k, v in node.items() if k != "properties" for w in keywords(v)} | {
                w for v in node.get("properties", {}).values() for w in keywords(v)}
        return {w for v in node for w in keywords(v)} if isinstance(node, list) else set()
    schema = json.loads(_schema_file().read_text("utf-8"))
    assert _schema_file().name == "vega-lite-schema.json"
    assert "anyOf" in keywords(schema) and "oneOf" not in keywords(schema)


def test_a_value_of_another_kind_costs_two_wrong_values_in_choosing_the_branch_to_report(
        ) -> None:
    """(Of the branches of an ``anyOf``: one wrong kind (2) against three missing fields (3)
    is the wrong kind; against two (2), the first branch.)"""
    from jsonschema import Draft7Validator

    from brief.markdown.chartspec import _leaves

    def reported(*branches: dict) -> list[str]:
        [error] = Draft7Validator({"anyOf": list(branches)}).iter_errors({"a": 1})
        return [leaf.validator for leaf in _leaves(error)[1]]
    missing = {"type": "object", "required": ["b", "c", "d"]}
    assert reported(missing, {"type": "string"}) == ["type"]
    assert reported({**missing, "required": ["b", "c"]}, {"type": "string"}) == [
        "required", "required"]
    assert reported({"type": "string"}, {**missing, "required": ["b", "c"]}) == ["type"]
    assert reported({"const": 3}, {**missing, "required": ["b", "c"]}) == ["const"]
    assert reported({"const": 3}, {**missing, "required": ["b"]}) == ["required"]
    assert reported({"additionalProperties": False}, {**missing, "required": ["b"]}) == [
        "required"]
