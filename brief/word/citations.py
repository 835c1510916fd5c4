"""The works a manuscript cites, as the brief's references: readable unique keys
(``family-year-word``: ``smith-2021-energy``), no BibTeX braces, dates as date-parts,
locators as the brief writes them (``p. 12``)."""
from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Any

DATES = ("issued", "accessed", "original-date", "event-date", "submitted")
SMALL = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "le", "la", "les", "der",
         "die", "das", "el"}
# What reference managers write before a locator, and how the brief writes it.
LABELS = {"page": "p.", "pages": "pp.", "p": "p.", "pp": "pp.", "chapter": "chap.",
          "section": "sec.", "paragraph": "para.", "volume": "vol.", "figure": "fig.",
          "note": "n.", "line": "line", "number": "no."}


def references(items: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """The works, cleaned and keyed, and each manager's id → its key."""
    keys: dict[str, str] = {}
    works = []
    for item in items:
        work = {k: _clean(v) for k, v in item.items() if k != "id"}
        for name in DATES:
            if isinstance(work.get(name), str):
                work[name] = _date(work[name])
        key = _unique(_key(work), set(keys.values()))
        keys[str(item.get("id"))] = key
        works.append({"id": key, **work})
    return works, keys


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.replace("{", "").replace("}", "").split())
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _date(written: str) -> dict:
    """'2021', '2021-03' or '2021-03-05' as CSL date-parts; anything else kept as written."""
    if re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", written):
        return {"date-parts": [[int(p) for p in written.split("-")]]}
    return {"literal": written}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: accents dropped (NFKD), and a letter with
    no decomposition named by its base letter where Unicode's name ends in one (a dotless
    i: 'I'); other letters left out."""
    folded = "".join(_base(c) for c in unicodedata.normalize("NFKD", text))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _base(char: str) -> str:
    if char.isascii():
        return char
    last = unicodedata.name(char, "").rsplit(" ", 1)[-1]
    return last if len(last) == 1 and last.isalpha() else ""


def _key(work: dict) -> str:
    people = work.get("author") or work.get("editor") or []
    first = people[0] if people and isinstance(people[0], dict) else {}
    name = first.get("family") or first.get("literal") or work.get("publisher") or "anon"
    year = next((str(d["date-parts"][0][0]) for d in [work.get("issued")]
                 if isinstance(d, dict) and d.get("date-parts")), "nd")
    words = [w for w in slug(str(work.get("title", ""))).split("-") if w not in SMALL]
    return "-".join(p for p in (slug(str(name)).split("-")[0], year, words[0] if words
                                else "") if p)


def _unique(key: str, taken: set[str]) -> str:
    """``key``, else ``key-b`` to ``key-z``, then ``key-27``, ``key-28``...: the first free."""
    suffixes = itertools.chain("bcdefghijklmnopqrstuvwxyz", map(str, itertools.count(27)))
    return key if key not in taken else next(
        f"{key}-{s}" for s in suffixes if f"{key}-{s}" not in taken)


def locator(suffix: str) -> str:
    """A citation's suffix as the reference manager wrote it (', page 12 '), as the brief
    writes it (', p. 12')."""
    text = " ".join(suffix.split())
    match = re.fullmatch(r",?\s*([A-Za-z]+)\.?\s+(\S.*)", text)
    if match and match[1].lower() in LABELS:
        pages = match[2].replace("-", "–") if match[1].lower() in ("page", "pages", "pp") \
            else match[2]
        label = "pp." if match[1].lower().startswith("page") and "–" in pages else \
            LABELS[match[1].lower()]
        return f", {label} {pages}"
    return f", {text.lstrip(', ')}" if text.strip(", ") else ""
