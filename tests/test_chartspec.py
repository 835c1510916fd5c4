"""What a chart's Vega-Lite specification may ask (brief/markdown/chartspec.py), checked on
specifications written as a brief writes them, line by line."""
from __future__ import annotations

import pytest

from brief.markdown.chartspec import MAX_ROWS, MAX_SIZE, chart_problems
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
