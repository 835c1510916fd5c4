"""Turn the files under ``content/`` into a validated ``Project``, or every problem at once."""
from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .inputs import inside, link_problem, read_text
from .model import Agreement, BuildError, Cite, Diagnostic, Loc, Meta, PartialDate, \
    Project, Publisher, Query, SectionRef, SectionSource
from .references import DATE, load_references
from .yamlfile import Node, read_yaml

CATEGORIES = ("diplomatic", "trade and economy", "energy", "transport", "defence",
              "education and culture", "social", "environment", "multilateral")
TABLES = ("agreements",)
SECTION_FILE = re.compile(r"^\d\d-[\w-]+\.md$")
ID = re.compile(r"^[a-z][a-z0-9-]*$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$")  # BCP 47, as CSL takes it


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = False
    hint: str = ""


BRIEF_FIELDS = {
    "title": Field(str, True), "subtitle": Field(str), "authors": Field(list),
    "publisher": Field(dict, True), "language": Field(str, True),
    "date": Field(str, True, "a quoted date such as '2026-11'"),
    "sections": Field(list, True), "licence": Field(str), "disclaimer": Field(str),
    "style": Field(str, hint="a CSL style name or a .csl file in the project"),
    "references": Field(str, hint="a file in content/ such as references.yaml"),
    "queries": Field(list), "unhyphenated": Field(list), "subject": Field(str),
    "keywords": Field(list), "page-budget": Field(int),
}
PUBLISHER_FIELDS = {"name": Field(str, True), "description": Field(str),
                    "address": Field(list), "url": Field(str)}
AGREEMENT_FIELDS = {
    "id": Field(str, True), "number": Field(int, True), "title": Field(str, True),
    "date": Field(str, True, "a quoted date such as '1992-01-24'"),
    "category": Field(str, True), "note": Field(str), "sources": Field(list),
    "query": Field(str),
}
FRONT_MATTER_FIELDS = {"title": Field(str, True), "id": Field(str), "table": Field(str),
                       "caption": Field(str)}


class _Collector:
    """Gathers diagnostics for one file so that validation never stops at the first."""

    def __init__(self, path: str):
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(Loc(self.path, line), "error", message))

    def fields(self, node: Node, schema: dict[str, Field], what: str) -> dict[str, Any] | None:
        """Check a mapping against ``schema``; return its plain values when it is usable."""
        if not isinstance(node.value, dict):
            self.error(node.line, f"{what} must be a mapping of fields ({', '.join(schema)})")
            return None
        ok = True
        for key, child in node.value.items():
            if key not in schema:
                close = difflib.get_close_matches(key, schema, n=2)
                hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
                    f"known fields: {', '.join(schema)}"
                self.error(child.key_line, f"unknown field '{key}' in {what}; {hint}")
                ok = False
            elif not _is_kind(child.value, schema[key].kind):
                self.error(child.line, f"field '{key}' in {what} must be "
                           f"{_kind_name(schema[key])}, not {_describe(child.value)}")
                ok = False
        for key, spec in schema.items():
            if spec.required and key not in node.value:
                self.error(node.line, f"missing required field '{key}' in {what}")
                ok = False
        return {k: v.value for k, v in node.value.items()} if ok else None

    def date(self, node: Node, field: str) -> PartialDate | None:
        text = node.value
        match = DATE.match(text)
        advice = "write 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', only as precise as the source"
        if not match:
            self.error(node.line, f"bad date '{text}' in field '{field}'; {advice}")
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        if year == 0:
            self.error(node.line, f"impossible date '{text}' in field '{field}': there is no "
                       f"year 0; {advice}")
            return None
        if month is not None and not 1 <= month <= 12:
            self.error(node.line, f"impossible date '{text}' in field '{field}': "
                       f"month {month} is not 1-12; {advice}")
            return None
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            self.error(node.line, f"impossible date '{text}' in field '{field}': "
                       f"{calendar.month_name[month]} {year} has no day {day}; {advice}")
            return None
        return PartialDate(year, month, day)


def _is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def _kind_name(spec: Field) -> str:
    names = {str: "text", int: "a whole number", list: "a list", dict: "a mapping"}
    return spec.hint or names.get(spec.kind, str(spec.kind))  # type: ignore[arg-type]


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"text '{value}'"
    if value is None:
        return "empty"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return f"a mapping ({', '.join(list(value)[:3])})"
    return f"{type(value).__name__} {value!r} (quote it to make it text)"


def _read(root: Path, rel: str, needs: str) -> tuple[Node | None, list[Diagnostic]]:
    text, diagnostics = read_text(root, rel)
    if text is None:
        return None, diagnostics
    node, more = read_yaml(text, rel)
    if node is None and not more:
        more = [Diagnostic(Loc(rel, 1), "error", f"the file is empty; it needs {needs}")]
    return node, diagnostics + more


def load_meta(root: Path, rel: str = "content/brief.yaml") -> tuple[Meta | None, list[Diagnostic]]:
    node, diagnostics = _read(root, rel, "title, publisher, language, date and sections")
    if node is None:
        return None, diagnostics
    check = _Collector(rel)
    fields = check.fields(node, BRIEF_FIELDS, "brief.yaml")
    if fields is None:
        return None, diagnostics + check.diagnostics
    publisher = check.fields(node.value["publisher"], PUBLISHER_FIELDS, "publisher")
    date = check.date(node.value["date"], "date")
    lists = ("sections", "authors", "queries", "unhyphenated", "keywords")
    items = [i for name in lists for i in node.value.get(name, Node([], 0)).value]
    for item in items + (publisher or {}).get("address", []):
        if not isinstance(item.value, str):
            check.error(item.line, f"expected text, not {_describe(item.value)}")
    if publisher and (problem := link_problem(publisher.get("url") or "https://")):
        check.error(node.value["publisher"].value["url"].line, problem)
    if not LANGUAGE.match(fields["language"]):
        check.error(node.value["language"].line, f"'{fields['language']}' is not a language "
                    "tag; write one such as 'en', 'en-GB', 'fr' or 'tr'")
    if publisher is None or date is None or check.diagnostics:
        return None, diagnostics + check.diagnostics
    meta = Meta(
        title=fields["title"], subtitle=fields.get("subtitle"), language=fields["language"],
        authors=tuple(a.value for a in fields.get("authors", [])), date=date,
        publisher=Publisher(publisher["name"], publisher.get("description"),
                            tuple(str(a.value) for a in publisher.get("address", [])),
                            publisher.get("url")),
        sections=tuple(SectionRef(s.value, Loc(rel, s.line)) for s in fields["sections"]),
        licence=fields.get("licence"), disclaimer=fields.get("disclaimer"),
        style=fields.get("style", Meta.style),
        references=fields.get("references", Meta.references),
        queries=tuple(Query(q.value, Loc(rel, q.line)) for q in fields.get("queries", [])),
        unhyphenated=tuple(w.value for w in fields.get("unhyphenated", [])),
        subject=fields.get("subject"),
        keywords=tuple(k.value for k in fields.get("keywords", [])),
        page_budget=fields.get("page-budget"),
        loc=Loc(rel, 1), lines={k: Loc(rel, v.line) for k, v in node.value.items()})
    return meta, diagnostics


def load_agreements(root: Path, rel: str = "content/agreements.yaml"
                    ) -> tuple[tuple[Agreement, ...], list[Diagnostic]]:
    node, diagnostics = _read(root, rel, "a list of agreements (- id: ...)")
    if node is None:
        return (), diagnostics
    check = _Collector(rel)
    if not isinstance(node.value, list):
        check.error(node.line, "agreements.yaml must be a list of agreements (- id: ...)")
        return (), diagnostics + check.diagnostics
    rows: list[Agreement] = []
    seen: dict[str, int] = {}
    for item in node.value:
        fields = check.fields(item, AGREEMENT_FIELDS, "agreement")
        if fields is None:
            continue
        date = check.date(item.value["date"], "date")
        ident, category = fields["id"], fields["category"]
        if not ID.match(ident):
            check.error(item.value["id"].line, f"id '{ident}' must be lower-case letters, "
                        "digits and hyphens, starting with a letter")
        elif ident in seen:
            check.error(item.value["id"].line, f"duplicate id '{ident}' (first at line "
                        f"{seen[ident]}); ids must be unique")
        seen.setdefault(ident, item.value["id"].line)
        if category not in CATEGORIES:
            close = difflib.get_close_matches(category, CATEGORIES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else \
                f"use one of: {', '.join(CATEGORIES)}"
            check.error(item.value["category"].line, f"unknown category '{category}'; {hint}")
        elif date:
            rows.append(Agreement(ident, fields["number"], fields["title"], date, category,
                                  Loc(rel, item.line), fields.get("note"),
                                  _row_cites(check, ident, item.value.get("sources")),
                                  _row_query(rel, item.value.get("query"))))
    for expected, row in enumerate(rows, start=1):
        if row.number != expected and not check.diagnostics:
            check.error(row.loc.line, f"agreement number {row.number} out of sequence; "
                        f"expected {expected}")
            break
    return tuple(rows), diagnostics + check.diagnostics


def _row_cites(check: _Collector, ident: str, sources: Node | None) -> tuple[Cite, ...]:
    """An agreement's ``sources`` (reference keys) cited as one group, ``[@a; @b]``."""
    if sources is None:
        return ()
    keys = tuple(str(s.value) for s in sources.value)
    for item in sources.value:
        if not isinstance(item.value, str):
            check.error(item.line, f"a source is a reference key, not {_describe(item.value)}")
    raw = "[" + "; ".join(f"@{k}" for k in keys) + "]"
    return (Cite(f"cite-{ident}", raw, keys, Loc(check.path, sources.line)),)


def _row_query(rel: str, query: Node | None) -> Query | None:
    return Query(query.value, Loc(rel, query.line)) if query else None


def split_front_matter(text: str, rel: str) -> tuple[Node | None, str, int, list[Diagnostic]]:
    """Split a section file into its front matter (as a node) and its Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1, [Diagnostic(Loc(rel, 1), "error",
                                          "missing front matter: start the file with '---', "
                                          "then 'title: ...', then '---'")]
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            node, diagnostics = read_yaml("".join(lines[1:end]), rel, first_line=2)
            if node is None and not diagnostics:
                diagnostics = [Diagnostic(Loc(rel, 1), "error", "the front matter is empty; "
                                          "give the section its 'title: ...'")]
            return node, "".join(lines[end + 1:]), end + 2, diagnostics
    return None, text, 1, [Diagnostic(Loc(rel, 1), "error",
                                      "front matter is not closed: add a line '---' after it")]


def load_section(root: Path, rel: str, listed_at: Loc
                 ) -> tuple[SectionSource | None, list[Diagnostic]]:
    path = inside(root / "content", rel.removeprefix("content/"))
    if path is None:
        return None, [Diagnostic(listed_at, "error", f"section file '{rel}' is outside "
                                 "content/; list files of content/ only")]
    if not path.is_file():
        return None, [Diagnostic(listed_at, "error",
                                 f"section file '{rel}' not found; create it or remove it "
                                 "from 'sections'")]
    text, diagnostics = read_text(root, rel, listed_at, "section file")
    if text is None:
        return None, diagnostics
    node, body, body_line, more = split_front_matter(text, rel)
    diagnostics += more
    if node is None:
        return None, diagnostics
    check = _Collector(rel)
    fields = check.fields(node, FRONT_MATTER_FIELDS, "front matter")
    if fields is None:
        return None, diagnostics + check.diagnostics
    ident = fields.get("id") or re.sub(r"^\d\d-|\.md$", "", Path(rel).name)
    if not ID.match(ident):
        check.error(node.line, f"section id '{ident}' must be lower-case letters, digits "
                    "and hyphens")
    if fields.get("table") not in (None, *TABLES):
        check.error(node.value["table"].line, f"unknown table '{fields['table']}'; "
                    f"known tables: {', '.join(TABLES)}")
    if check.diagnostics:
        return None, diagnostics + check.diagnostics
    return SectionSource(ident, fields["title"], body, body_line, Loc(rel, 1),
                         fields.get("table"), fields.get("caption")), diagnostics


def find_in_inputs(root: Path, text: str) -> Loc | None:
    """Where ``text`` first occurs in the files under content/, for errors found late."""
    paths = [p for p in sorted((root / "content").glob("*"))
             if p.suffix in (".md", ".yaml", ".yml", ".json", ".svg") and p.name != "CHANGES.md"
             and inside(root, p) and p.is_file()]
    return find_in_files(paths, text, root)


def find_in_files(paths: list[Path], text: str, base: Path) -> Loc | None:
    """Where ``text`` (or, for one character, its CSS escape) first occurs in ``paths``,
    named relative to ``base``."""
    escape = f"\\{ord(text):x}" if len(text) == 1 else text
    for path in paths:
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
        for number, line in enumerate(lines, start=1):
            if text in line or escape in line.lower():
                return Loc(str(path.relative_to(base)), number)
    return None


def load(root: Path) -> Project:
    """Read and check every input; raise ``BuildError`` listing all problems found."""
    meta, diagnostics = load_meta(root)
    agreements: tuple[Agreement, ...] = ()
    if (root / "content/agreements.yaml").exists():  # a brief may have no data appendix
        agreements, more = load_agreements(root)
        diagnostics += more
    sections: list[SectionSource] = []
    if meta is not None:
        listed = {ref.file for ref in meta.sections}
        for ref in meta.sections:
            section, more = load_section(root, f"content/{ref.file}", ref.loc)
            diagnostics += more
            if section:
                sections.append(section)
            if section and section.table and not (root / "content/agreements.yaml").exists():
                diagnostics.append(Diagnostic(section.loc, "error", "table 'agreements' needs "
                                              "content/agreements.yaml; add it or remove "
                                              "'table' from the front matter"))
        for path in sorted((root / "content").glob("*.md")):
            if SECTION_FILE.match(path.name) and path.name not in listed:
                diagnostics.append(Diagnostic(
                    Loc(f"content/{path.name}", 1), "error",
                    "section file not listed in content/brief.yaml 'sections'; "
                    "add it there or remove the file"))
    references: tuple = ()
    if meta is not None:
        default = meta.references == Meta.references and "references" not in meta.lines
        if not (default and not (root / "content" / meta.references).exists()):
            references, more = load_references(root, f"content/{meta.references}",
                                               meta.lines.get("references"))
            diagnostics += more
    if any(d.level == "error" for d in diagnostics):
        raise BuildError(diagnostics)
    assert meta is not None
    return Project(root, meta, tuple(sections), agreements, references, tuple(diagnostics))
