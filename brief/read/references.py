"""Turn a CSL-YAML or CSL-JSON bibliography into ``Reference`` records, checked field by field.

The format is the one reference managers export (Zotero, Pandoc). Only standard CSL
variables are accepted, so that research notes never leak into a bibliography.
"""
from __future__ import annotations

import calendar
import difflib
import json
import re

from brief.diagnostics import Diagnostic, Loc
from brief.model import Reference
from brief.read.inputs import Reader, link_problem, outside_folder
from brief.read.yamlfile import Node, plain, read_yaml

TYPES = frozenset("""article article-journal article-magazine article-newspaper bill book
broadcast chapter classic collection dataset document entry entry-dictionary
entry-encyclopedia event figure graphic hearing interview legal_case legislation manuscript
map motion_picture musical_score pamphlet paper-conference patent performance periodical
personal_communication post post-weblog regulation report review review-book software song
speech standard thesis treaty webpage""".split())
DATES = frozenset("accessed available-date event-date issued original-date submitted".split())
NAMES = frozenset("""author chair collection-editor compiler composer container-author
contributor curator director editor editorial-director editor-translator executive-producer
guest host illustrator interviewer narrator organizer original-author performer producer
recipient reviewed-author script-writer series-creator translator""".split())
TEXTS = frozenset("""abstract annote archive archive_collection archive_location archive-place
authority call-number chapter-number citation-key citation-label collection-number
collection-title container-title container-title-short dimensions division DOI edition event
event-title event-place genre ISBN ISSN issue jurisdiction keyword language license medium
note number number-of-pages number-of-volumes original-publisher original-publisher-place
original-title page page-first part-number part-title PMCID PMID printing-number publisher
publisher-place references reviewed-genre reviewed-title scale section source status
supplement-number title title-short URL version volume volume-title volume-title-short
year-suffix""".split())
FIELDS = frozenset({"id", "type"}) | DATES | NAMES | TEXTS
# The one date grammar of the project: a year, a month or a day, never more.
DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _check_date(node: Node) -> str | None:
    """A problem with a CSL date, or None: date-parts, literal/raw, or 'YYYY[-MM[-DD]]'."""
    if isinstance(node.value, str):
        if not (match := DATE.match(node.value)):
            return f"'{node.value}' is not YYYY, YYYY-MM or YYYY-MM-DD"
        return _check_parts([[int(g) for g in match.groups() if g]])
    if not isinstance(node.value, dict):
        return "a date is a mapping with 'date-parts' (or 'literal'), or a quoted 'YYYY-MM-DD'"
    if set(node.value) & {"literal", "raw"}:
        return None
    parts = plain(node.value["date-parts"]) if "date-parts" in node.value else None
    if not (isinstance(parts, list) and 1 <= len(parts) <= 2 and all(
            isinstance(p, list) and 1 <= len(p) <= 3 and all(
                isinstance(n, int) and not isinstance(n, bool) for n in p) for p in parts)):
        return "'date-parts' must be a list of [year, month, day] lists of numbers"
    return _check_parts(parts)


def _check_parts(parts: list[list[int]]) -> str | None:
    for year, *rest in parts:
        if not 1 <= year <= 9999:
            return f"year {year} is not 1-9999"
        if rest and not 1 <= rest[0] <= 12:
            return f"month {rest[0]} is not 1-12"
        if len(rest) == 2:
            if not 1 <= rest[1] <= calendar.monthrange(year, rest[0])[1]:
                return f"day {rest[1]} is not in {calendar.month_name[rest[0]]} {year}"
    return None


def _check_entry(node: Node, path: str, seen: dict[str, Loc]) -> tuple[Reference | None,
                                                                        list[Diagnostic]]:
    problems: list[Diagnostic] = []

    def error(line: int, message: str, code: str) -> None:
        problems.append(Diagnostic(Loc(path, line), "error", message, code=code))

    if not isinstance(node.value, dict):
        error(node.line, "a reference must be a mapping of CSL fields (id, type, title, ...)",
              "wrong-kind")
        return None, problems
    fields = node.value
    for key, child in fields.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(key, sorted(FIELDS), n=3)
            hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
                "only standard CSL variables are allowed"
            error(child.key_line, f"unknown CSL field '{key}'; {hint}", "unknown-field")
        elif key in DATES and (problem := _check_date(child)):
            error(child.line, f"malformed date in '{key}': {problem}", "bad-date")
        elif key == "URL" and (problem := link_problem(str(child.value))):
            error(child.line, problem, "link-refused")
        elif key in NAMES and not (isinstance(child.value, list) and all(
                isinstance(n.value, dict) for n in child.value)):
            error(child.line, f"'{key}' must be a list of names ({{family: ..., given: ...}} "
                  "or {literal: ...})", "wrong-kind")
    key = fields.get("id", Node(None, 0)).value
    if not isinstance(key, str) or not key:
        error(node.line, "reference without an 'id'; add one (the key used in [@key])",
              "missing-field")
        return None, problems
    if not isinstance(fields.get("title", Node(None, 0)).value, str):
        error(node.line, f"reference '{key}' has no title; add 'title: ...'", "missing-field")
    kind = fields.get("type", Node(None, 0)).value
    if not isinstance(kind, str) or kind not in TYPES:  # (a list or a mapping: no type)
        close = difflib.get_close_matches(kind, sorted(TYPES), n=1) \
            if isinstance(kind, str) else []
        error(fields["type"].line if "type" in fields else node.line,
              f"reference '{key}' needs a CSL 'type'" +
              (f"; did you mean '{close[0]}'?" if close else " such as book or webpage"),
              "bad-value" if "type" in fields else "missing-field")
    loc = Loc(path, node.line)
    if key in seen:
        error(node.line, f"duplicate reference key '{key}' (first defined at {seen[key]})",
              "duplicate-id")
        return None, problems
    seen[key] = loc
    return (None if problems else Reference(key, plain(node), loc)), problems


def load_references(files: Reader, rel: str, named_at: Loc | None = None,
                    optional: bool = False) -> tuple[tuple[Reference, ...], list[Diagnostic]]:
    """Read ``rel`` (CSL-YAML, or CSL-JSON when it ends in .json), a file of content/
    (``optional``: none if it is not there)."""
    if outside_folder(rel.removeprefix("content/")):
        return (), [Diagnostic(named_at or Loc(rel), "error", f"the bibliography '{rel}' is "
                               "outside content/; keep it in content/", code="outside-content")]
    text, diagnostics = files.text(rel, named_at, "the bibliography", optional=optional)
    if text is None:
        return (), diagnostics
    if rel.endswith(".json"):
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            return (), [Diagnostic(Loc(rel, exc.lineno), "error",
                                   f"malformed JSON: {exc.msg}; fix the syntax on this line",
                                   code="json-syntax")]
    node, more = read_yaml(text, rel)  # JSON is YAML: one reader keeps every line
    diagnostics += more
    if node is None:
        return (), diagnostics
    if not isinstance(node.value, list):
        return (), diagnostics + [Diagnostic(Loc(rel, node.line), "error",
                                             "the bibliography must be a list of references",
                                             code="wrong-kind")]
    references, seen = [], {}
    for entry in node.value:
        reference, problems = _check_entry(entry, rel, seen)
        diagnostics += problems
        if reference:
            references.append(reference)
    return tuple(references), diagnostics
