"""``import --review REVIEWED.docx DIR``: a reviewed Word edition brought back to the brief.

The reviewed copy is read with its tracked changes and comments (Pandoc, as ``import``
reads a manuscript); each Heading 1 names the section it belongs to. A tracked change is
placed in the section's Markdown by the words around it (the fewest that occur there once);
a comment by the words it marks. Without ``--apply`` the changes are printed as a unified
diff of the section files and the comments as editor's queries at their lines; with it, the
files are written (each whole, then renamed) with the changes made and each comment as a
query, ``{>> text (author) <<}``, after the words it marks. What cannot be placed is said,
never dropped; the rest of the brief (citations, notes, figures, tables) is not touched."""
from __future__ import annotations

import difflib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from brief.word.manuscript import Refused, check
from brief.word.pandocast import PandocError, read_docx, text

CONTEXT = 4  # words on each side that place a change at the least


@dataclass
class Marked:
    """One section's review: its paragraphs' changes and its comments."""
    # (the text before, the old words, the new, the text after)
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)
    comments: list[tuple[str, str, str]] = field(default_factory=list)  # words, said, author
    in_notes: int = 0  # changes and comments in its notes, tables, captions (by hand)


def review(path: Path, folder: Path, apply: bool, command: str = "python build.py") -> int:
    said = f"{command.split()[-1]} import --review"
    try:
        check(path)
        from brief.read.load import load
        project = load(folder.resolve())
        tree = read_docx(path)  # (its images: not needed, not saved)
    except (Refused, PandocError) as failure:
        print(f"{said}: error: {failure}", file=sys.stderr)
        return 1
    except Exception as failure:  # (a brief that does not load: its own messages)
        from brief.diagnostics import BuildError
        if not isinstance(failure, BuildError):
            raise
        print(f"{said}: error: the brief in {folder} does not load; build it first:\n"
              f"{failure}", file=sys.stderr)
        return 1
    titles = {s.title: s for s in project.sections}
    marked = _marked(tree["blocks"])
    unplaced: list[str] = []
    edited: dict[Path, tuple[str, str]] = {}
    queries: list[str] = []
    for title, found in marked.items():
        section = titles.get(title)
        if found.in_notes:
            unplaced.append(f"under '{title}': {found.in_notes} change(s) or comment(s) in "
                            "its notes, tables, captions or headings, which the brief makes "
                            "from its citations, notes, data and front matter")
        if section is None:
            unplaced += [f"a change or comment under '{title}', which is no section of the "
                         "brief"] if found.changes or found.comments else []
            continue
        file = folder / section.loc.path
        old = file.read_text("utf-8")
        new = _changed(old, found, unplaced, title)
        new, lines = _queried(new, found, unplaced, title, apply)
        queries += [f"{section.loc.path}:{line}: query: {words}" for line, words in lines]
        if new != old:
            edited[file] = (old, new)
    for file, (old, new) in edited.items():
        rel = file.relative_to(folder).as_posix()
        sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                   f"a/{rel}", f"b/{rel}"))
    for line in queries:
        print(line)
    for line in unplaced:
        print(f"{path.name}: warning: {line}; make it by hand", file=sys.stderr)
    if apply:
        for file, (_, new) in edited.items():
            staged = file.with_name(f".{file.name}.review")
            staged.write_text(new, "utf-8")
            os.replace(staged, file)
    changes = sum(len(m.changes) for m in marked.values())
    comments = sum(len(m.comments) for m in marked.values())
    print(f"{path.name}: {changes} change(s) in {len(edited)} section file(s), {comments} "
          f"comment(s){'; applied' if apply else '; add --apply to make them'}")
    return 0


def _marked(blocks: list) -> dict[str, Marked]:
    """Each Heading 1's changes and comments, paragraph by paragraph (notes left out)."""
    found: dict[str, Marked] = {}
    title = ""
    for block in _paragraphs(blocks):
        if block["t"] == "Header" and block["c"][0] == 1:
            title = " ".join(text(block["c"][2]).split())
        elif block["t"] in ("Para", "Plain"):
            _paragraph(block["c"], found.setdefault(title, Marked()))
        else:  # (a table, a figure, a heading: made from data or the front matter)
            found.setdefault(title, Marked()).in_notes += _marks(block)
    return found


def _marks(node: object) -> int:
    """The tracked changes and comments in ``node``."""
    return len(re.findall(r'"(?:insertion|deletion|comment-start)"', json.dumps(node)))


def _paragraphs(blocks: list) -> list:
    out = []
    for block in blocks:
        kind, c = block["t"], block.get("c")
        if kind in ("Div", "BlockQuote"):
            out += _paragraphs(c[1] if kind == "Div" else c)
        elif kind in ("BulletList", "OrderedList"):
            for item in (c if kind == "BulletList" else c[1]):
                out += _paragraphs(item)
        else:
            out.append(block)
    return out


def _paragraph(inlines: list, marked: Marked) -> None:
    """The paragraph's runs as (kind, words): the same text, an insertion or a deletion;
    each change with the same text around it; each comment with the words it marks."""
    runs: list[tuple[str, str]] = []
    open_comments: dict[str, list] = {}
    for node in inlines:
        kind = "same"
        if node["t"] == "Note":
            marked.in_notes += _marks(node)
        if node["t"] == "Span":
            classes, attrs = node["c"][0][1], dict(node["c"][0][2])
            if "comment-start" in classes:
                open_comments[attrs.get("id", "")] = [len(runs), text(node["c"][1]),
                                                      attrs.get("author", "a reviewer")]
                continue
            if "comment-end" in classes:
                start, words, who = open_comments.pop(attrs.get("id", ""), [len(runs), "", ""])
                marks = "".join(t for k, t in runs[start:] if k != "ins").strip()
                marked.comments.append((marks, " ".join(words.split()), who))
                continue
            kind = "ins" if "insertion" in classes else "del" if "deletion" in classes \
                else "same"
        runs.append((kind, text([node])))
    for i, (kind, _) in enumerate(runs):  # (each run of changes between the same text)
        if kind == "same" or (i and runs[i - 1][0] != "same"):
            continue
        end = i
        while end < len(runs) and runs[end][0] != "same":
            end += 1
        old = "".join(w for k, w in runs[i:end] if k == "del")
        new = "".join(w for k, w in runs[i:end] if k == "ins")
        before = "".join(w for k, w in runs[:i] if k != "ins")
        after = "".join(w for k, w in runs[end:] if k != "ins")
        marked.changes.append((before, old, new, after))


def _changed(source: str, marked: Marked, unplaced: list[str], title: str) -> str:
    for before, old, new, after in marked.changes:
        place = _place(source, before, old, after)
        if place is None:
            unplaced.append(f"under '{title}': '{old.strip() or '…'}' → "
                            f"'{new.strip() or '…'}' cannot be placed in the section's text")
            continue
        start, end = place
        source = source[:start] + new + source[end:]
    return source


def _place(source: str, before: str, old: str, after: str) -> tuple[int, int] | None:
    """Where ``old`` is in ``source``: told by the words around it in the reviewed text, at
    least four on each side (as many as the paragraph has), and more while that occurs more
    than once; None unless it then occurs exactly once (the place is never guessed: where
    the Markdown has markup among those words, the change is said, not made elsewhere)."""
    for words in range(CONTEXT, 13):
        head, tail = _tail(before, words), _head(after, words)
        found = [m.start() for m in re.finditer(re.escape(head + old + tail), source)]
        if len(found) == 1:
            return found[0] + len(head), found[0] + len(head) + len(old)
        if not found or (head == before and tail == after):
            return None
    return None


def _tail(words: str, n: int) -> str:
    """The last ``n`` words of ``words`` (with the spaces after them)."""
    found = re.findall(r"\S+\s*", words)
    lead = re.match(r"\s*", words)[0] if len(found) <= n else ""
    return lead + "".join(found[-n:]) if n else ""


def _head(words: str, n: int) -> str:
    """The first ``n`` words of ``words`` (with the spaces before them)."""
    found = re.findall(r"\s*\S+", words)
    trail = re.search(r"\s*$", words)[0] if len(found) <= n else ""
    return "".join(found[:n]) + trail if n else ""


def _queried(source: str, marked: Marked, unplaced: list[str], title: str, apply: bool
             ) -> tuple[str, list[tuple[int, str]]]:
    lines = []
    for words, comment, who in marked.comments:
        query = f"{comment} ({who})"
        at = source.find(words) if words else -1
        if at < 0 or source.count(words) != 1:
            unplaced.append(f"under '{title}': the comment '{comment}' ({who}) on "
                            f"'{words[:40]}' cannot be placed in the section's text")
            continue
        end = at + len(words)
        lines.append((source.count("\n", 0, end) + 1, query))
        if apply:
            source = source[:end] + f"{{>> {query} <<}}" + source[end:]
    return source, lines
