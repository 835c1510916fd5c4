"""brief.yaml read and checked into the brief's ``Meta``: against brief/schemas/brief.json
(its keys, their kinds, the required ones), then for what a schema cannot say (dates,
language tags, file names, links, files)."""
from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from brief.diagnostics import Diagnostic, Loc
from brief.look import LAYOUTS, House, Layout
from brief.model import Meta, PartialDate, Publisher, Query, SectionRef
from brief.read.fields import Collector, describe, explain, lines_in, problems, schema
from brief.read.house import load_house
from brief.read.inputs import Reader, link_problem
from brief.read.yamlfile import Node, plain, read_yaml

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

BRIEF = "content/brief.yaml"
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$")  # BCP 47, as CSL takes it
OUTPUT = re.compile(r"^[A-Za-z0-9][\w.-]{0,80}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

def _read(files: Reader, rel: str, needs: str) -> tuple[Node | None, list[Diagnostic]]:
    text, diagnostics = files.text(rel)
    if text is None:
        return None, diagnostics
    node, more = read_yaml(text, rel)
    if node is None and not more:
        more = [Diagnostic(Loc(rel, 1), "error", f"the file is empty; it needs {needs}",
                           code="empty-file")]
    return node, diagnostics + more


def load_meta(files: Reader, rel: str = BRIEF) -> tuple[Meta | None, list[Diagnostic]]:
    """brief.yaml checked against brief/schemas/brief.json (its keys, their kinds, the required
    ones) and then for what a schema cannot say (dates, tags, names, links, files): every
    problem at once, in the order of the fields' parts."""
    node, diagnostics = _read(files, rel, "title, publisher, language, date and sections")
    if node is None:
        return None, diagnostics
    check = Collector(rel)
    keys = list(schema("brief").schema["properties"])
    if not isinstance(node.value, dict):
        check.error(node.line, f"brief.yaml must be a mapping of fields ({', '.join(keys)})",
                    "wrong-kind")
        return None, diagnostics + check.diagnostics
    found, wrong = _against_schema(node)

    def report(*parts: str) -> None:
        for part in parts:
            for line, message, code in found[part]:
                check.error(line, message, code)

    fields = {k: v.value for k, v in node.value.items() if k in keys and k not in wrong}
    report("brief.yaml", "publisher")  # every field is checked, all problems at once
    publisher = {k: v.value for k, v in fields["publisher"].items()} \
        if "publisher" in fields and not found["publisher"] else None
    date = check.date(node.value["date"], "date") if "date" in fields else None
    report("credits")
    email = (publisher or {}).get("email")
    if email and not EMAIL.match(email):
        check.error(node.value["publisher"].value["email"].line, f"'{email}' is not an "
                    "email address; write one such as 'office@example.org'", "bad-value")
    report("items")
    if publisher and (problem := link_problem(publisher.get("url") or "https://")):
        check.error(node.value["publisher"].value["url"].line, problem, "link-refused")
    report("house")
    house, more = load_house(files, node.value["house"], rel) \
        if "house" in fields and not found["house"] else (House(), [])
    check.diagnostics += more
    report("layout")
    if "output" in fields and not OUTPUT.match(fields["output"]):
        check.error(node.value["output"].line, f"output '{fields['output']}' must be a plain "
                    "file name: letters, digits, '.', '_' and '-'", "bad-value")
    if "language" in fields and not LANGUAGE.match(fields["language"]):
        check.error(node.value["language"].line, f"'{fields['language']}' is not a language "
                    "tag; write one such as 'en', 'en-GB', 'fr' or 'tr'", "bad-value")
    if publisher is None or date is None or check.diagnostics:
        return None, diagnostics + check.diagnostics
    return _meta(node, fields, publisher, date, house, rel), diagnostics


def _against_schema(node: Node) -> tuple[dict[str, list[tuple[int, str, str]]], set[str]]:
    """brief.yaml's problems against brief.json in words, by the part they are reported with
    (see ``load_meta``), and the top-level keys whose value is of the wrong kind: each has one
    message, and the checks after the schema leave it out.

    The top level and ``publisher`` are mappings of fields ("field 'x' in publisher"), their
    problems in the order written and the fields they lack after; ``house`` and ``layout``
    are named on their own ("'accent' in house"); the credits (``authors``, ``series``, ...:
    brief/schemas/credits.json) are in brief.yaml; an item of a list of text that is not
    text is "expected text"; each dataset is checked with its data (``load_datasets``)."""
    lines = functools.partial(lines_in, node)
    credits = set(schema("credits").schema["properties"])
    errors = list(problems(schema("brief"), plain(node)))
    wrong: dict[str, ValidationError] = {}  # a key's type error, brief.json's words first
    for error in sorted(errors, key=lambda e: "x-expected" not in e.schema):
        if len(error.absolute_path) == 1 and error.validator == "type":
            wrong.setdefault(error.absolute_path[0], error)
    found: dict[str, list[tuple[int, str, str]]] = {  # (and the two of ``written``, after)
        part: [] for part in ("credits", "items", "house", "layout")}
    written: dict[str, list[tuple[int, tuple[int, str, str]]]] = {"brief.yaml": [],
                                                                  "publisher": []}
    lacking: dict[str, list[tuple[int, str, str]]] = {"brief.yaml": [], "publisher": []}

    def fields(part: str, error: ValidationError) -> None:
        """A problem of a mapping of fields: the fields it lacks after the others, and those
        in the order the keys are written."""
        within = 0 if part == "brief.yaml" else 1
        messages = explain(error, part, lines, within=within, field=True)
        if error.validator == "required":
            lacking[part] += messages
            return
        mapping = node.value if part == "brief.yaml" else node.value[part].value
        keys = [k for k in error.instance if k not in error.schema.get("properties", {})] \
            if error.validator == "additionalProperties" else \
            [error.absolute_path[within]] * len(messages)
        written[part] += [(list(mapping).index(k), m) for k, m in zip(keys, messages)]

    for error in errors:
        part = _part(error, wrong, credits)
        path = list(error.absolute_path)
        if part in ("brief.yaml", "publisher"):
            fields(part, error)
        elif part in ("house", "layout"):
            found[part] += explain(error, part, lines, within=1)
        elif part == "credits":
            found["credits"] += explain(error, "brief.yaml", lines)
        elif part == "items":  # (of a list: keywords, a publisher's address lines)
            found[part].append((lines(path)[0], f"expected text, not "
                                f"{describe(error.instance)}", "wrong-kind"))
    for part, ranked in written.items():
        found[part] = [m for _, m in sorted(ranked, key=lambda r: r[0])] + lacking[part]
    return found, set(wrong)


def _meta(node: Node, fields: dict, publisher: dict, date: PartialDate, house: House,
          rel: str) -> Meta:
    """The checked brief.yaml as the record the stages read."""
    people = plain(node.value["authors"]) if "authors" in fields else []
    return Meta(
        title=fields["title"], subtitle=fields.get("subtitle"), language=fields["language"],
        authors=tuple(a["name"] if isinstance(a, dict) else a for a in people), date=date,
        credits=tuple(a if isinstance(a, dict) else {"name": a} for a in people),
        series=plain(node.value["series"]) if "series" in fields else {},
        report_number=fields.get("report-number"), doi=fields.get("doi"),
        url=fields.get("url"), abstract=fields.get("abstract"),
        layout=_layout(plain(node.value.get("layout", Node(None, 0)))),
        publisher=Publisher(publisher["name"], publisher.get("description"),
                            tuple(str(a.value) for a in publisher.get("address", [])),
                            publisher.get("url"), publisher.get("email"),
                            publisher.get("phone")),
        sections=tuple(SectionRef(s.value, Loc(rel, s.line)) for s in fields["sections"]),
        licence=fields.get("licence"), disclaimer=fields.get("disclaimer"),
        style=fields.get("style", Meta.style),
        references=fields.get("references", Meta.references),
        queries=tuple(Query(q.value, Loc(rel, q.line)) for q in fields.get("queries", [])),
        unhyphenated=tuple(w.value for w in fields.get("unhyphenated", [])),
        unhyphenated_letters=fields.get("unhyphenated-letters", ""),
        datasets=node.value["datasets"].value if "datasets" in fields else {},
        house=house,
        output=fields.get("output", Meta.output),
        subject=fields.get("subject"),
        keywords=tuple(k.value for k in fields.get("keywords", [])),
        page_budget=int(fields["page-budget"]) if "page-budget" in fields else None,
        loc=Loc(rel, 1), lines={k: Loc(rel, v.line) for k, v in node.value.items()})


def _part(error: ValidationError, wrong: dict[str, ValidationError], credits: set[str]
          ) -> str | None:
    """Which part of brief.yaml's report a problem belongs to (``_against_schema``); None
    for one left out (a dataset's, checked with its data; a second of a wrong kind)."""
    path = list(error.absolute_path)
    key = path[0] if path else None
    if key in wrong:  # one message for a value of the wrong kind
        return "brief.yaml" if error is wrong[key] else None
    if key is None:
        return "brief.yaml"
    if key == "datasets":
        return None
    if key in ("house", "layout"):
        return key
    if key in credits:
        return "credits"
    if error.validator == "type" and error.validator_value == "string" and \
            isinstance(path[-1], int):
        return "items"
    return "publisher" if key == "publisher" else "brief.yaml"


def _layout(given: str | dict | None) -> Layout:
    """A preset's choices, or the report's with those given."""
    if isinstance(given, str):
        return LAYOUTS[given]
    return Layout.written(given or {})
