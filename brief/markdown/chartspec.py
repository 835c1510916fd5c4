"""What a chart's Vega-Lite specification may ask, checked at its lines before the chart
engine sees it: sizes up to ``MAX_SIZE`` pixels, no data of its own (a URL, more than
``MAX_ROWS`` values or rows of a sequence), no control characters (written or made by an
escape), and the marks and encoding types Vega-Lite has (on another, the engine fails with
a message about its own code, or draws the channel as something else, in silence); then all
the rest Vega-Lite's own JSON Schema says (the engine draws a chart without what it does not
understand, an unknown aggregate or property, and says nothing)."""
from __future__ import annotations

import difflib
import functools
import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING

from brief import cache
from brief.read.characters import character_problem, escaped_character, hidden_character
from brief.read.fields import explain, lines_in
from brief.read.yamlfile import Node, plain

if TYPE_CHECKING:  # (jsonschema loads only for a specification not checked before)
    from jsonschema import Draft7Validator, ValidationError

MAX_ROWS = 5_000  # rows one chart may draw
MAX_SIZE = 2_000  # pixels: a chart's width or height (a page's text block is about 600)
_SIZES = ("width", "height", "continuousWidth", "continuousHeight", "discreteWidth",
          "discreteHeight", "step")
# Vega-Lite's marks (its specification's Mark and CompositeMark, version 5)
MARKS = ("arc", "area", "bar", "image", "line", "point", "rect", "rule", "text", "tick",
         "trail", "circle", "square", "geoshape", "boxplot", "errorband", "errorbar")
TYPES = ("quantitative", "temporal", "ordinal", "nominal", "geojson")  # an encoding's type


def spec_problems(node: Node) -> list[tuple[int, str, str]]:
    """(line, message, code) of what a chart's Vega-Lite specification may not ask
    (``chart_problems``), else of what Vega-Lite's JSON Schema refuses. A specification the
    schema found nothing in is remembered as such (``brief/cache.py``, under the
    specification and the schema file): the next build neither loads the validator nor
    reads the schema (measured: 65 ms of the reading process, which the building one waits
    for)."""
    found = chart_problems(node)
    if found or not isinstance(node.value, dict):
        return found
    spec = {"data": {"name": "dataset"}, **plain(node)}  # (the dataset's rows go there)
    name = cache.key(json.dumps(spec, sort_keys=True), *_schema_identity())
    if cache.read("chart-spec", name) == "fits":
        return []
    found = sorted(problem for error in vega_lite().iter_errors(spec)
                   for leaf in _leaves(error)[1]
                   for problem in explain(leaf, "the chart", lambda path: lines_in(node, path)))
    if not found:
        cache.write("chart-spec", name, "fits")
    return found


def _leaves(error: ValidationError) -> tuple[int, list[ValidationError]]:
    """What to report of ``error``, and its cost: of a value that fits none of an ``anyOf``
    (Vega-Lite's schema is made of them), the errors of the branch it comes closest to
    fitting (a value of another kind than the branch's, not its constant, or each field it
    does not know costs twice what another wrong value does); of an unknown name, the names
    of every branch suggested."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        return 2 * sum(key not in known for key in error.instance), [error]
    if error.validator != "anyOf" or not error.context:  # (the schema has no "oneOf")
        return 2 if error.validator in ("type", "const") else 1, [error]
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    costed = []
    for found in branches.values():
        parts = [_leaves(sub) for sub in found]
        costed.append((sum(cost for cost, _ in parts), [e for _, es in parts for e in es]))
    cost, best = min(costed, key=lambda c: c[0])
    names = [name for _, es in costed for e in es if e.validator == "enum"
             for name in e.validator_value if isinstance(name, str)]
    for leaf in best:
        if leaf.validator == "enum" and isinstance(leaf.instance, str):
            leaf.validator_value = list(dict.fromkeys(names))
    return cost, best


@functools.cache
def vega_lite() -> Draft7Validator:
    """Vega-Lite's JSON Schema, of the version the chart engine draws (6.4): the file the
    ``altair`` package installs (altair itself is never imported)."""
    from jsonschema import Draft7Validator
    return Draft7Validator(json.loads(_schema_file().read_text("utf-8")))


def _schema_file() -> Path:
    altair = importlib.util.find_spec("altair")  # (a dependency: always there)
    folder = Path(altair.submodule_search_locations[0])  # type: ignore[union-attr,index]
    return folder / "vegalite/v6/schema/vega-lite-schema.json"


@functools.cache
def _schema_identity() -> tuple[str, str]:
    """The schema file, known by its place and size (its package is pinned), and the
    validator's draft: what a remembered verdict depends on."""
    schema = _schema_file()
    return f"{schema}:{schema.stat().st_size}", "draft-07"


def chart_problems(node: Node) -> list[tuple[int, str, str]]:
    """(line, message, code) of what a Vega-Lite specification may not ask: sizes above
    MAX_SIZE, data of its own (URL, values, sequence over MAX_ROWS), control characters."""
    found: list[tuple[int, str, str]] = []
    if isinstance(node.value, dict):
        for key, child in node.value.items():
            if key in _SIZES and isinstance(child.value, (int, float)) and \
                    not isinstance(child.value, bool) and abs(child.value) > MAX_SIZE:
                found.append((child.line, f"'{key}: {child.value}' is larger than {MAX_SIZE} "
                              "pixels, the limit for a chart", "over-limit"))
            elif key == "data" and isinstance(child.value, dict):
                found += _data_problems(child)
            elif key == "mark" and (problem := _named(child, MARKS, "a Vega-Lite mark",
                                                      "unknown-mark")):
                found.append(problem)
            elif key == "encoding" and isinstance(child.value, dict):
                found += _encoding_problems(child) + chart_problems(child)
            elif key == "url":  # (the image mark's channel: nothing is fetched)
                found.append((child.line, "a chart cannot show images from files or the "
                                          "web; remove 'url'", "external-data"))
            else:
                found += chart_problems(child)
    elif isinstance(node.value, list):
        for child in node.value:
            found += chart_problems(child)
    elif isinstance(node.value, str) and (char := hidden_character(node.value, "\t\n")
                                          or escaped_character(node.value)):
        found.append((node.line, character_problem(char), "control-character"))
    return found


def _data_problems(node: Node) -> list[tuple[int, str, str]]:
    data = node.value
    if "url" in data:
        return [(data["url"].line, "a chart draws its dataset: data from a URL is not read; remove "
                 "'url' and declare the data as a dataset in brief.yaml", "external-data")]
    if "values" in data and isinstance(data["values"].value, list) and \
            len(data["values"].value) > MAX_ROWS:
        return [(data["values"].line, f"more than {MAX_ROWS:,} values, the limit for a chart",
                 "over-limit")]
    sequence = data["sequence"].value if "sequence" in data else None
    if isinstance(sequence, dict):
        start, stop, step = (sequence.get(k, Node(d, 0)).value
                             for k, d in (("start", 0), ("stop", 0), ("step", 1)))
        if not all(isinstance(v, (int, float)) for v in (start, stop, step)) or step == 0 \
                or (stop - start) / step > MAX_ROWS:
            return [(data["sequence"].line, f"a sequence of more than {MAX_ROWS:,} rows (or "
                     "with a step of 0), the limit for a chart", "over-limit")]
    return []


def _encoding_problems(node: Node) -> list[tuple[int, str, str]]:
    """Each channel's ``type`` that Vega-Lite does not have (a channel is a definition or a
    list of them, as ``tooltip``, with its ``condition``)."""
    found = []
    for channel in node.value.values():
        for one in channel.value if isinstance(channel.value, list) else [channel]:
            if isinstance(one.value, dict):
                for definition in (one, one.value.get("condition")):
                    if definition is not None and isinstance(definition.value, dict) and \
                            "type" in definition.value and (problem := _named(
                                definition.value["type"], TYPES, "an encoding type",
                                "unknown-type")):
                        found.append(problem)
    return found


def _named(node: Node, names: tuple[str, ...], what: str, code: str
           ) -> tuple[int, str, str] | None:
    """A name Vega-Lite does not have: ``mark: pointy``, ``mark: {type: pointy}``,
    ``type: quantitativ``."""
    name = node.value
    if isinstance(name, dict):  # (config's mark: settings, no type)
        node = name.get("type", Node(None, node.line))
        name = node.value
    if not isinstance(name, str) or name in names:
        return None
    near = difflib.get_close_matches(name, names)
    return (node.line, f"'{name}' is not {what}" + (
        f" (did you mean '{near[0]}'?)" if near else "") + f"; use one of: {', '.join(names)}",
        code)
