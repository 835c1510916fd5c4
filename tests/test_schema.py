"""brief.yaml's JSON Schema (brief/schemas/brief.json): the loader checks brief.yaml against it
and reads every key it names and no other, docs/brief-yaml.md documents every key, a new
brief names it in its first line for an editor, and every brief here fits it."""
from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
import yaml
from helpers import FIXTURES, ROOT, shared_but_under_mutation
from jsonschema import Draft202012Validator
from projects import prepare_several
from referencing import Registry, Resource

from brief.home import PACKAGE
from brief.model import Meta, Publisher
from brief.read.fields import registry
from brief.read.inputs import Reader
from brief.read.meta import load_meta
from brief.run.scaffold import new_brief

SCHEMAS = PACKAGE / "schemas"
SCHEMA = json.loads((SCHEMAS / "brief.json").read_text("utf-8"))
DOCS = ROOT / "docs/brief-yaml.md"
MINIMAL = {"title": "T", "publisher": {"name": "P"}, "language": "en", "date": "2026",
           "sections": []}
SAMPLES = {  # a value of each other key, unlike the default
    "subtitle": "S", "authors": ["A. B."], "licence": "L", "disclaimer": "D",
    "style": "chicago-author-date", "references": "refs.yaml", "queries": ["Check it."],
    "unhyphenated": ["Wordword"], "subject": "Sub", "keywords": ["K"], "page-budget": 4,
    "url": "https://example.org/briefs/s/",
    "unhyphenated-letters": "ß", "datasets": {"d": {"path": "d.csv", "schema": "d.yaml"}},
    "house": {"paper": "letter"}, "series": {"name": "Briefs", "number": 7},
    "report-number": "R-7", "doi": "10.1234/b.7", "abstract": "A.", "layout": "memo",
    "output": "b7"}
PUBLISHER = {"description": "D", "address": ["1 Street"], "url": "https://p.org",
             "email": "office@example.org", "phone": "+1 555 0100"}


def meta_of(root: Path, brief: dict) -> tuple[Meta | None, list[str]]:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content/brief.yaml").write_text(yaml.safe_dump(brief, sort_keys=False), "utf-8")
    meta, problems = load_meta(Reader(root))
    return meta, [str(p) for p in problems]


def unlike(meta: Meta | None, base: Meta) -> bool:
    """Whether ``meta`` (loaded) is another brief's than ``base``: where the fields are
    written left aside."""
    return meta is not None and dataclasses.replace(meta, lines=base.lines) != base


def test_the_loader_reads_every_key_of_the_schema_and_accepts_no_other(tmp_path: Path) -> None:
    keys = set(SCHEMA["properties"])
    assert set(SCHEMA["required"]) == set(MINIMAL) and set(SAMPLES) == keys - set(MINIMAL)
    base, problems = meta_of(tmp_path, MINIMAL)
    assert base is not None and problems == []
    for key, value in SAMPLES.items():  # each accepted, and read into the brief's Meta
        meta, problems = meta_of(tmp_path, {**MINIMAL, key: value})
        assert problems == [] and unlike(meta, base), key
    for key in MINIMAL:  # each required
        _, problems = meta_of(tmp_path, {k: v for k, v in MINIMAL.items() if k != key})
        assert problems == [f"content/brief.yaml:1: error: missing required field '{key}' "
                            "in brief.yaml [missing-field]"], key
    # What the loader makes of brief.yaml: each field of Meta is a key of the schema (but
    # the authors' credits, and where the brief and its fields are written).
    read = {f.name.replace("_", "-") for f in dataclasses.fields(Meta)}
    assert read - {"credits", "loc", "lines"} == keys
    others = (read - keys) | {k.replace("-", "_") for k in keys if "-" in k} | {"colour"}
    for key in sorted(others):
        _, problems = meta_of(tmp_path, {**MINIMAL, key: "x"})
        assert len(problems) == 1 and problems[0].startswith(
            f"content/brief.yaml:7: error: unknown field '{key}' in brief.yaml; "), key


def test_the_loader_reads_every_key_of_publisher_and_accepts_no_other(tmp_path: Path) -> None:
    keys = SCHEMA["properties"]["publisher"]["properties"]
    assert set(keys) == {f.name for f in dataclasses.fields(Publisher)} == {"name", *PUBLISHER}
    assert SCHEMA["properties"]["publisher"]["required"] == ["name"]
    base, _ = meta_of(tmp_path, MINIMAL)
    assert base is not None
    for key, value in PUBLISHER.items():
        meta, problems = meta_of(tmp_path, {**MINIMAL, "publisher": {"name": "P", key: value}})
        assert problems == [] and unlike(meta, base), key
    _, problems = meta_of(tmp_path, {**MINIMAL, "publisher": {"name": "P", "fax": "1"}})
    assert problems == ["content/brief.yaml:4: error: unknown field 'fax' in publisher; "
                        "known fields: name, description, address, url, email, phone "
                        "[unknown-field]"]


def dotted_keys(schema: dict, resolver: Any, prefix: str = "") -> list[str]:
    """Every key a schema names, through its references, as `a.b.c`; the values of a mapping
    of names (a dataset's) as `a.NAME.b`, and the names a mapping may take (colours')."""
    found: list[str] = []
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        found += dotted_keys(resolved.contents, resolved.resolver, prefix)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        found += dotted_keys(branch, resolver, prefix)
    for name, sub in schema.get("properties", {}).items():
        found += [prefix + name, *dotted_keys(sub, resolver, f"{prefix}{name}.")]
    found += [prefix + str(name) for name in schema.get("propertyNames", {}).get("enum", [])]
    if isinstance(schema.get("items"), dict):
        found += dotted_keys(schema["items"], resolver, prefix)
    if isinstance(schema.get("additionalProperties"), dict):
        found += dotted_keys(schema["additionalProperties"], resolver, f"{prefix}NAME.")
    return list(dict.fromkeys(found))


def test_every_key_of_the_schema_is_documented() -> None:
    """docs/brief-yaml.md names each key in backticks: `title`, `publisher.name`,
    `house.colours.accent`, `datasets.NAME.path`, `layout.cover`, `authors.orcid`, ..."""
    keys = dotted_keys(SCHEMA, registry().resolver())
    assert {"title", "publisher.name", "house.colours", "house.fonts.body", "layout.cover",
            "authors.name", "series.number", "datasets.NAME.path"} <= set(keys)
    assert DOCS.is_file(), f"{DOCS.relative_to(ROOT)} is missing: it documents every key"
    written = set(re.findall(r"`([^`\n]+)`", DOCS.read_text("utf-8")))
    assert [key for key in keys if key not in written] == []


def editor(schema: Path) -> Draft202012Validator:
    """The validator an editor makes of a schema file: its references are files beside it
    (as file: URIs), and nothing is fetched."""
    registry = Registry().with_resources(
        (path.as_uri(), Resource.from_contents(json.loads(path.read_text("utf-8"))))
        for path in SCHEMAS.glob("*.json"))
    return Draft202012Validator({"$ref": schema.as_uri()}, registry=registry)


def problems(validator: Draft202012Validator, path: Path) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(yaml.safe_load(path.read_text("utf-8")))]


@pytest.fixture(scope=shared_but_under_mutation)
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief made by ``new``."""
    folder = tmp_path_factory.mktemp("schema") / "new"
    with contextlib.redirect_stdout(io.StringIO()):
        assert new_brief(folder) == 0
    return folder


def test_a_new_brief_names_the_schema_in_its_first_line(started: Path) -> None:
    lines = (started / "content/brief.yaml").read_text("utf-8").splitlines()
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", lines[0])
    assert match, lines[0]
    uri = urlparse(match[1])
    named = Path(url2pathname(uri.path))
    assert uri.scheme == "file" and named.is_absolute() and named.is_file()
    assert named == (SCHEMAS / "brief.json").resolve()
    assert lines[1] == "# A new brief. Build it with: python build.py THIS-FOLDER (see the " \
                       "README)."
    assert problems(editor(named), started / "content/brief.yaml") == []
    assert load_meta(Reader(started))[1] == []


def test_the_schemas_are_json_schemas_that_refer_to_files_beside_them_only() -> None:
    refs = []
    for path in sorted(SCHEMAS.glob("*.json")):
        text = path.read_text("utf-8")
        Draft202012Validator.check_schema(json.loads(text))
        refs += re.findall(r'"\$ref": "([^"#]*)', text)
    assert refs and all(ref == "" or (SCHEMAS / ref).is_file() for ref in refs), refs


@pytest.mark.parametrize("brief", [ROOT / "content/brief.yaml",
                                   *sorted(FIXTURES.glob("*/content/brief.yaml"))],
                         ids=lambda path: str(path.relative_to(ROOT)))
def test_every_brief_here_fits_the_schema(brief: Path) -> None:
    assert problems(editor(SCHEMAS / "brief.json"), brief) == []


def test_the_briefs_and_the_house_file_made_for_the_tests_fit_their_schemas(
        started: Path, tmp_path: Path) -> None:
    """The series' briefs made from the new one (tests/projects.py) fit brief.json, and
    their shared house file house.json, the schema the loader checks a house file with."""
    folders = prepare_several(started, tmp_path)
    for name, folder in folders.items():
        assert problems(editor(SCHEMAS / "brief.json"), folder / "content/brief.yaml") == [], \
            name
    house = tmp_path / "house.yaml"
    assert problems(editor(SCHEMAS / "house.json"), house) == []
    green = folders["green"]
    assert load_meta(Reader(green))[1] == []
    house.write_text(house.read_text("utf-8") + "paper: a5\n", "utf-8")
    assert [str(p) for p in load_meta(Reader(green))[1]] == [
        "../house.yaml:3: error: 'paper' in the house file cannot be 'a5'; use one of: a4, letter "
        "[bad-value]"]
