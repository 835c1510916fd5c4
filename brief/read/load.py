"""Turn the files under ``content/`` into a validated ``Project``, or every problem at once."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from brief.diagnostics import BuildError, Diagnostic, Loc
from brief.look import LAYOUT_BY_LENGTH, LAYOUTS
from brief.model import Meta, Project, SectionSource
from brief.read.datasets import load_datasets
from brief.read.fields import Collector, Field
from brief.read.house import shared_paper, shared_path
from brief.read.inputs import Reader, outside_folder
from brief.read.language import load_language
from brief.read.meta import BRIEF, OUTPUT, load_meta
from brief.read.references import load_references
from brief.read.yamlfile import Node, read_yaml

WORD = re.compile(r"\w+(?:['’]\w+)*")
DIRECTIVE = re.compile(r"(?ms)^:::+ *\{[^}\n]*\.(?:table|chart)[^}\n]*\}.*?^:::+ *$")
SECTION_FILE = re.compile(r"^\d\d-[\w-]+\.md$")
ID = re.compile(r"^[a-z][a-z0-9-]*$")
FRONT_MATTER_FIELDS = {"title": Field(str, True), "id": Field(str)}
_DIRECTIVE = "place a dataset's table in the text with a '::: {#tbl-id .table}' directive " \
    "(docs/data-and-charts.md)"
RETIRED = {"table": _DIRECTIVE, "caption": _DIRECTIVE}


def layout_for(sections: list[SectionSource]) -> str:
    """The preset a brief of this length gets when brief.yaml names none: its words of
    prose (the YAML of tables and charts left out) against LAYOUT_BY_LENGTH."""
    words = sum(len(WORD.findall(DIRECTIVE.sub("", s.body))) for s in sections)
    return next((name for bound, name in LAYOUT_BY_LENGTH if words < bound), "report")


def split_front_matter(text: str, rel: str) -> tuple[Node | None, str, int, list[Diagnostic]]:
    """Split a section file into its front matter (as a node) and its Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1, [Diagnostic(Loc(rel, 1), "error",
                                          "missing front matter: start the file with '---', "
                                          "then 'title: ...', then '---'",
                                          code="missing-front-matter")]
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            node, diagnostics = read_yaml("".join(lines[1:end]), rel, first_line=2)
            if node is None and not diagnostics:
                diagnostics = [Diagnostic(Loc(rel, 1), "error", "the front matter is empty; "
                                          "give the section its 'title: ...'",
                                          code="missing-field")]
            return node, "".join(lines[end + 1:]), end + 2, diagnostics
    return None, text, 1, [Diagnostic(Loc(rel, 1), "error",
                                      "front matter is not closed: add a line '---' after it",
                                      code="unclosed-front-matter")]


def load_section(files: Reader, rel: str, listed_at: Loc
                 ) -> tuple[SectionSource | None, list[Diagnostic]]:
    if outside_folder(rel.removeprefix("content/")):
        return None, [Diagnostic(listed_at, "error", f"section file '{rel}' is outside "
                                 "content/; list files of content/ only",
                                 code="outside-content")]
    text, diagnostics = files.text(rel, listed_at, "section file", optional=True)
    if text is None:
        return None, diagnostics or [Diagnostic(
            listed_at, "error", f"section file '{rel}' not found; create it or remove it "
            "from 'sections'", code="missing-file")]
    node, body, body_line, more = split_front_matter(text, rel)
    diagnostics += more
    if node is None:
        return None, diagnostics
    check = Collector(rel)
    fields = check.fields(node, FRONT_MATTER_FIELDS, "front matter", RETIRED)
    if fields is None:
        return None, diagnostics + check.diagnostics
    ident = fields.get("id") or re.sub(r"^\d\d-|\.md$", "", Path(rel).name)
    if not ID.match(ident):
        check.error(node.line, f"section id '{ident}' must be lower-case letters, digits "
                    "and hyphens", "bad-value")
    if check.diagnostics:
        return None, diagnostics + check.diagnostics
    return SectionSource(ident, fields["title"], body, body_line, Loc(rel, 1)), diagnostics


def find_in_inputs(files: Reader, text: str) -> Loc | None:
    """Where ``text`` first occurs in the files under content/, for errors found late."""
    names = [f"content/{n}" for n in files.names("content")
             if Path(n).suffix in (".md", ".yaml", ".yml", ".json", ".svg")
             and n != "CHANGES.md"]
    return find_in_files([(n, files.read(n)[0] or b"") for n in names], text)


def find_in_files(texts: list[tuple[str, bytes]], text: str) -> Loc | None:
    """Where ``text`` (or, for one character, its CSS escape) first occurs in ``texts``
    (each a file's name and bytes)."""
    escape = f"\\{ord(text):x}" if len(text) == 1 else text
    for name, data in texts:
        lines = data.decode("utf-8", "replace").splitlines()
        for number, line in enumerate(lines, start=1):
            if text in line or escape in line.lower():
                return Loc(name, number)
    return None


def _raw_brief(files: Reader) -> dict:
    """brief.yaml's fields as nodes, for what is needed even when it has errors (those are
    reported by load_meta): {} when it cannot be read at all."""
    text, _ = files.text(BRIEF)
    node = read_yaml(text, BRIEF)[0] if text is not None else None
    return node.value if node and isinstance(node.value, dict) else {}


def _declared(files: Reader) -> dict:
    """The datasets of a brief.yaml that has other errors: they are checked all the same."""
    declared = _raw_brief(files).get("datasets")
    return declared.value if declared and isinstance(declared.value, dict) else {}


def house_file(files: Reader) -> Path | None:
    """The shared house file brief.yaml names, if it names one inside the series folder."""
    house = _raw_brief(files).get("house")
    named = house.value.get("file") if house and isinstance(house.value, dict) else None
    return shared_path(files.root, named.value) if named and isinstance(named.value, str) \
        else None


def output_options(files: Reader) -> tuple[str, str]:
    """The products' file name and the paper brief.yaml asks for, read before the rest:
    ('brief', 'a4') by default."""
    fields = _raw_brief(files)
    name = fields["output"].value if "output" in fields else Meta.output
    house = fields["house"].value if "house" in fields else {}
    paper = house["paper"].value if isinstance(house, dict) and "paper" in house else \
        shared_paper(files, house) or "a4"
    return (name if isinstance(name, str) and OUTPUT.match(name) else Meta.output,
            paper if paper in ("a4", "letter") else "a4")


def load(root: Path, files: Reader | None = None) -> Project:
    """Read and check every input of the brief at ``root`` (through ``files``, a fresh
    reader by default); raise ``BuildError`` listing all problems found."""
    files = files or Reader(root)
    meta, diagnostics = load_meta(files)
    datasets, more, of_rows = load_datasets(files, meta.datasets if meta else _declared(files),
                                            BRIEF)
    diagnostics += more
    sections: list[SectionSource] = []
    if meta is not None:
        listed = {ref.file for ref in meta.sections}
        for ref in meta.sections:
            section, more = load_section(files, f"content/{ref.file}", ref.loc)
            diagnostics += more
            if section:
                sections.append(section)
        for name in files.names("content"):
            if SECTION_FILE.match(name) and name not in listed:
                diagnostics.append(Diagnostic(
                    Loc(f"content/{name}", 1), "error",
                    "section file not listed in content/brief.yaml 'sections'; "
                    "add it there or remove the file", code="unlisted-section"))
    lang = None
    if meta is not None:
        lang, found = load_language(meta.language, files, meta.lines["language"])
        diagnostics += found
    if meta is not None and lang is not None and (missing := lang.missing):
        diagnostics.append(Diagnostic(meta.lines["language"], "warning", f"no translation "
                                      f"into '{meta.language}' of {', '.join(missing)}: printed "
                                      f"in English; add them to labels/"
                                      f"{meta.language.split('-')[0].lower()}.yaml in the "
                                      "brief's folder", code="missing-translation"))
    references: tuple = ()
    if meta is not None:
        default = meta.references == Meta.references and "references" not in meta.lines
        references, more = load_references(files, f"content/{meta.references}",
                                           meta.lines.get("references"), optional=default)
        diagnostics += more
    if any(d.level == "error" for d in diagnostics):
        raise BuildError(diagnostics + of_rows)
    assert meta is not None and lang is not None
    if "layout" not in meta.lines:
        meta = replace(meta, layout=LAYOUTS[layout_for(sections)])
    return Project(files.root, meta, tuple(sections), datasets, references,
                   tuple(diagnostics + of_rows), lang, files)
