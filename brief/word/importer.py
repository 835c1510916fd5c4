"""``import MANUSCRIPT.docx DIR``: a brief folder made from a Word manuscript, that builds.

The folder is written whole or not at all (made beside it, then renamed); a folder that
holds a brief is never written into, unless ``--force``, and then only the files the import
makes. What the import could not carry over is said, one line each."""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from brief.word.citations import references, slug
from brief.word.manuscript import Manuscript, Refused, check, repacked
from brief.word.pandocast import PandocError, markdown, plain, read_docx
from brief.word.sections import BIBLIOGRAPHY, Changes, Found, Sections


def _names(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month names → 1..12 and weekday names → 0..6 (Monday 0, as ``date.weekday``), wide
    and abbreviated, in the language and in English (CLDR's)."""
    from babel import Locale, UnknownLocaleError
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for tag in (language.replace("-", "_"), "en"):
        try:
            locale = Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for found, names in ((months, locale.months), (weekdays, locale.days)):
                    for number, name in names[context][width].items():
                        found.setdefault(name.lower().strip("."), number)
    return months, weekdays


def import_manuscript(path: Path, folder: Path, changes: Changes = None,
                      force: bool = False, command: str = "python build.py") -> int:
    said = f"{command.split()[-1]} import"
    try:
        _refuse_folder(folder, force)
        found = check(path)
        with tempfile.TemporaryDirectory(prefix="brief-import-") as work:
            made, report = _convert(found, Path(work), changes)
            _place(made, folder)
    except (Refused, PandocError) as failure:
        print(f"{said}: error: {failure}", file=sys.stderr)
        return 1
    for line in report[1:]:
        print(f"{path.name}: warning: {line}", file=sys.stderr)
    print(f"imported {path.name} into {folder}/: {report[0]}; build it with "
          f"'{command} {folder}'")
    return 0


def _refuse_folder(folder: Path, force: bool) -> None:
    if folder.is_symlink() or folder.exists() and not folder.is_dir():
        raise Refused(f"{folder} is a link or a file; name a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / "content/brief.yaml").is_file():
            raise Refused(f"{folder} is not empty and holds no brief; name a new folder")
        if not force:
            raise Refused(f"{folder} holds a brief; name a new folder, or add --force to "
                          "replace the files the import makes (and only those)")


def _convert(found: Manuscript, work: Path, changes: Changes) -> tuple[Path, list[str]]:
    source = _rekeyed(found, work) if found.rekeyed else found.path
    tree = read_docx(source, work / "media")
    meta = {k: plain(v) for k, v in tree["meta"].items()}
    works, keys = references(meta.get("references") or [])
    sections = Sections(keys, changes)
    parts = sections.split(tree["blocks"])
    seen = sections.found
    if seen.changes and changes is None:
        who = ", ".join(f"{n} by {a}" for a, n in sorted(seen.changes.items()))
        raise Refused(f"{found.path.name} has {sum(seen.changes.values())} tracked changes "
                      f"not yet accepted or rejected ({who}); import it with "
                      "--accept-changes or --reject-changes, or resolve them in Word")
    report = [f"{kind} ('{printed[:60]}'{f', under {heading!r}' if heading else ''}) cannot "
              "be read: its printed text was kept; cite the work again with its key"
              for kind, printed, heading in found.unread]
    parts = _without_bibliography(parts, bool(works), report)
    made = work / "brief"
    content = made / "content"
    content.mkdir(parents=True)
    media = (work / "media").resolve()
    for number, image in enumerate(seen.figures, start=1):
        source_image = Path(image["c"][2][0]).resolve()  # (where Pandoc put it)
        name = f"figure-{number}{source_image.suffix.lower()}"
        if source_image.is_relative_to(media) and source_image.is_file():
            shutil.copyfile(source_image, content / name)  # (only what Pandoc took out of
        else:  # the manuscript: a linked picture names a file elsewhere, never read)
            report.append(f"figure {number}: its picture is not inside the manuscript (a "
                          "linked file?); put the image in content/ as " + name)
        image["c"][2] = [name, ""]
    files = _sections(parts, meta, found, content, tree["pandoc-api-version"])
    if works:
        (content / "references.yaml").write_text(_yaml(works), "utf-8")
    style = seen.cites and seen.in_text == seen.cites
    (content / "brief.yaml").write_text(_brief_yaml(meta, found, files, bool(works), style,
                                                    report), "utf-8")
    if seen.internal:
        report.append(f"{seen.internal} link(s) within the manuscript (cross-references) "
                      "kept as their text; a cross-reference of the brief is written "
                      "[](#id)")
    return made, [_summary(len(files), seen, len(works))] + report + seen.problems


def _rekeyed(found: Manuscript, work: Path) -> Path:
    copy = work / found.path.name
    repacked(found.path, copy, found.rekeyed)
    return copy


def _without_bibliography(parts: list, cited: bool, report: list[str]) -> list:
    kept = []
    for title, blocks in parts:
        if title.lower() in BIBLIOGRAPHY and (cited or not blocks):
            if blocks:
                report.append(f"the bibliography typed under '{title}' ({len(blocks)} "
                              "paragraphs) was left out: the brief prints its own from "
                              "the citations")
            continue
        kept.append((title, blocks))
    return kept or [("", [])]


def _sections(parts: list, meta: dict, found: Manuscript, content: Path,
              api: list[int]) -> list[str]:
    files = []
    for number, (title, blocks) in enumerate(parts, start=1):
        title = title or str(meta.get("title") or found.properties.get("title") or
                             found.path.stem)
        words = slug(title)
        short = words if len(words) <= 40 else words[:41].rsplit("-", 1)[0]
        name = f"{number:02d}-{short or 'section'}.md"
        body = markdown(blocks, api).strip()
        front = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000).strip()
        (content / name).write_text(f"---\n{front}\n---\n\n{body}\n", "utf-8")
        files.append(name)
    return files


def _brief_yaml(meta: dict, found: Manuscript, files: list[str], cited: bool,
                author_date: bool, report: list[str]) -> str:
    props = found.properties
    authors = meta.get("author") or ([props["creator"]] if props.get("creator") else [])
    fields = {"title": meta.get("title") or props.get("title") or found.path.stem}
    if meta.get("subtitle"):
        fields["subtitle"] = meta["subtitle"]
    if authors:
        fields["authors"] = authors if isinstance(authors, list) else [authors]
    fields["language"] = str(props.get("language") or "en")  # (Pandoc's reader sets none)
    written, date_note = _date(meta.get("date"), props, fields["language"])
    fields["date"] = written
    fields["publisher"] = {"name": props.get("company", "")}
    for key, given in (("abstract", meta.get("abstract")), ("subject", props.get("subject"))):
        if given:
            fields[key] = given
    if props.get("keywords"):
        fields["keywords"] = [k.strip() for k in re.split(r"[;,]", props["keywords"])
                              if k.strip()]
    if cited:
        fields["references"] = "references.yaml"
    if author_date:
        fields["style"] = "chicago-author-date"
        report.append("every citation is in the text (an author-date manuscript): "
                      "brief.yaml names the chicago-author-date style")
    fields["sections"] = files
    notes = [f"# Imported from {found.path.name}."]
    if date_note:
        notes.append(f"# date: {date_note}")
        report.append(f"date: {date_note} (content/brief.yaml)")
    if not props.get("company"):
        notes.append("# publisher: the manuscript names none; write the publisher's name")
        report.append("the manuscript names no publisher (its Company property): write "
                      "it under 'publisher: name:' in content/brief.yaml")
    return "\n".join(notes) + "\n" + _yaml(fields)


def _date(given: object, props: dict, language: str) -> tuple[str, str]:
    """The manuscript's own date (a Date paragraph) as precise as it is written ('5 March
    2026', 'March 5, 2026', 'mars 2026': the month's name in the manuscript's language or
    English, from CLDR), else the month it was last saved, said: never a date it does not
    give."""
    words = str(given or "").strip()
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", words):
        return words, ""
    months, weekdays = _names(language)
    parts = [p for p in re.findall(r"\w+", words.lower()) if p not in weekdays]
    named = [months[p] for p in parts if p in months]
    years = [p for p in parts if re.fullmatch(r"\d{4}", p)]
    days = [int(p) for p in re.findall(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\b", words.lower())]
    if len(named) == 1 and len(years) == 1 and len(days) <= 1 and len(parts) <= 4:
        day = f"-{days[0]:02d}" if days else ""
        read = f"{years[0]}-{named[0]:02d}{day}"
        if problem := _day_problem(read, words, weekdays):
            return "", problem
        return read, ""
    if words:
        return "", f"the manuscript's date, '{words}', is not one the importer reads; write it"
    saved = props.get("modified") or props.get("created") or ""
    if re.match(r"\d{4}-\d{2}", saved):
        return saved[:7], (f"the month the manuscript was last saved ({saved[:10]}); "
                           "write the edition's date")
    return "", "the manuscript gives no date; write the edition's date"


def _day_problem(read: str, words: str, weekdays: dict[str, int]) -> str | None:
    """What is wrong with the date ``read`` from ``words``: no day of the calendar ('31
    February'), or a weekday it does not fall on, or a weekday and no day of the month."""
    import datetime
    try:
        day = datetime.date.fromisoformat(read) if len(read) == 10 else None
    except ValueError:
        return f"the manuscript's date, '{words}', is no day of the calendar; write it"
    named = {weekdays[p] for p in re.findall(r"\w+", words.lower()) if p in weekdays}
    if named and day is None:
        return (f"the manuscript's date, '{words}', names a weekday but no day of the "
                "month; write the edition's date")
    if named and named != {day.weekday()}:
        return (f"the manuscript's date, '{words}', names a weekday that {read} is not; "
                "write the edition's date")
    return None


def _summary(sections: int, seen: Found, works: int) -> str:
    return (f"{sections} section(s), {len(seen.figures)} figure(s), {seen.tables} "
            f"table(s), {seen.notes} note(s), {seen.cites} citation(s) of {works} "
            f"work(s), {seen.queries} query(ies)")


def _yaml(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)


def _place(made: Path, folder: Path) -> None:
    """The new brief in ``folder``: renamed into place if the folder is new or empty, else
    (``--force``, checked before) its files written over those of the brief there."""
    if not folder.exists() or not any(folder.iterdir()):
        folder.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        shutil.copytree(made, staged, dirs_exist_ok=True)
        if folder.exists():
            folder.rmdir()
        os.replace(staged, folder)
        return
    for path in sorted(p for p in made.rglob("*") if p.is_file()):
        target = folder / path.relative_to(made)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target.with_name(f".{target.name}.new"))
        os.replace(target.with_name(f".{target.name}.new"), target)
