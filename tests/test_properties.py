"""Property-based: whatever Markdown, YAML, CSL-YAML or CSL-JSON an author writes, loading,
parsing and resolving either succeed or raise the builder's own ``BuildError``; no other
exception escapes."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import yaml
from helpers import FIXTURES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brief.diagnostics import BuildError
from brief.markdown.parse import parse
from brief.read.load import load
from brief.resolve.index import resolve

QUICK = settings(max_examples=20, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])
WITH_CITATIONS = settings(QUICK, max_examples=4)  # each example runs the citation processor

# Any code point, surrogates included (st.text's own alphabet would first build Hypothesis's
# table of Unicode categories, some 3 s in a fresh checkout).
CHARS = st.integers(0, 0x10FFFF).map(chr)
# What a brief's Markdown is made of, and what breaks it, as pieces to combine at random.
PIECES = ["[@", "@", "]", "[", "[^", "]:", "{>>", "<<}", "{#", ":::", " .chart", "}",
          ".key-points", "<b>", "</b>", "<!--", "-->", "\n", "\n\n", "#", "## ", "*", "_", "`",
          "|", "---", "![", "](", ")", "http://", "javascript:", "#fig", "- ", "1. ", "> ",
          "    ", "\t", "&", "\\", '"', "'", "ataturk-1959", "mfa-relations", "p. 3", ";",
          "\u200b", "\u202e", "\x00", "\x07", "\ufeff", "Ş", "ə", "—"]
markdown = st.lists(st.one_of(st.sampled_from(PIECES), st.text(CHARS, max_size=8)), max_size=40
                    ).map("".join)
YAML_PIECES = [": ", "- ", "\n", "\n  ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a",
               "!!python/object:os.system ", "!x ", "? ", "|", ">", "#", "title", "date",
               "'2026-11'", "2026-13-45", "0000", "sections", "publisher", "name", "id",
               "number", "category", "diplomatic", "1", "-1", "1e999", "~", "null", "yes",
               "NO", "0o17", "\x00", "\t", "!!int ", "!!float ", "!!bool "]
yaml_text = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(CHARS, max_size=6)),
                     max_size=40).map("".join)
CSL_KEYS = ["id", "type", "title", "author", "issued", "URL", "DOI", "page", "publisher",
            "container-title", "note", "accessed", "family", "given", "literal",
            "date-parts", "raw", "season", "unknown-key", "language", "volume"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True), st.text(CHARS, max_size=20),
                    st.sampled_from(["book", "webpage", "2020-01-02", "1994-21-45",
                                     "javascript:alert(1)", "https://example.org/",
                                     "ataturk-1959"]))
csl_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(CSL_KEYS), inner, max_size=5)), max_leaves=20)
references = st.lists(st.dictionaries(st.sampled_from(CSL_KEYS), csl_values, max_size=8),
                      max_size=5)


def project(base: str, files: dict[str, str | bytes]) -> Path:
    root = Path(tempfile.mkdtemp(prefix="brief-property-"))
    shutil.copytree(FIXTURES / base, root, dirs_exist_ok=True)
    for name, text in files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        (root / name).write_bytes(data)
    return root


def only_build_errors(root: Path, resolving: bool) -> None:
    """Load, parse (and resolve); only ``BuildError`` may escape, and it must say something."""
    try:
        document, _ = parse(load(root))
        if resolving:
            resolve(document)
    except BuildError as failure:
        assert failure.diagnostics, "a BuildError without a diagnostic"
        assert all(str(d.loc) and d.message for d in failure.diagnostics)
    finally:
        shutil.rmtree(root)


@QUICK
@given(markdown)
def test_any_markdown_loads_and_parses_or_is_refused(body: str) -> None:
    only_build_errors(project("mini", {"content/01-first.md": f"---\ntitle: T\n---\n{body}\n"}),
                      resolving=False)


@WITH_CITATIONS
@given(markdown)
def test_any_markdown_with_citations_resolves_or_is_refused(body: str) -> None:
    only_build_errors(project("cite", {"content/01-notes.md": f"---\ntitle: T\n---\n{body}\n"}),
                      resolving=True)


@QUICK
@given(yaml_text, st.sampled_from(["content/brief.yaml", "content/treaties.yaml"]))
@example("!!int : ", "content/brief.yaml")  # a key its tag cannot read (found by Hypothesis)
def test_any_yaml_loads_or_is_refused(text: str, name: str) -> None:
    only_build_errors(project("mini", {name: text}), resolving=False)


@QUICK
@given(markdown)
def test_any_front_matter_loads_or_is_refused(front: str) -> None:
    only_build_errors(project("mini", {"content/01-first.md": f"---\n{front}\n---\nText.\n"}),
                      resolving=False)


@WITH_CITATIONS
@given(references, st.booleans())
def test_any_csl_yaml_or_json_bibliography_resolves_or_is_refused(entries: list, as_json: bool
                                                                 ) -> None:
    if as_json:
        text = json.dumps(entries, ensure_ascii=False)
        files = {"content/references.json": text,
                 "content/brief.yaml": (FIXTURES / "cite/content/brief.yaml").read_text("utf-8")
                 + "references: references.json\n"}
    else:
        files = {"content/references.yaml": yaml.safe_dump(entries, allow_unicode=True)}
    only_build_errors(project("cite", files), resolving=True)


@QUICK
@given(st.binary(max_size=64))
def test_any_bytes_as_a_section_load_or_are_refused(data: bytes) -> None:
    only_build_errors(project("mini", {"content/01-first.md": data}), resolving=False)
