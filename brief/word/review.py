"""``import --review REVIEWED.docx DIR``: a reviewed Word edition brought back to the brief.

The reviewed copy is read with its tracked changes and comments (Pandoc, as ``import``
reads a manuscript); each Heading 1 names the section it belongs to. A tracked change is
placed in the section's Markdown by the words around it (the fewest that occur there once);
a comment by the words it marks. Without ``--apply`` the changes are printed as a unified
diff of the section files and the comments as editor's queries at their lines; with it, the
files are written (each whole, then renamed) with the changes made and each comment as a
query, ``{>> text (author) <<}``, after the words it marks. The brief's own queries, which
the Word edition carries as comments, are known again and not added twice; a reply to one
is placed after it; one the reviewer removed is said (answered?). What cannot be placed is
said, never dropped; the rest of the brief (citations, notes, figures, tables) is not
touched."""
from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from brief.markdown.syntax import QUERY
from brief.model import Project
from brief.word.manuscript import Refused, check
from brief.word.pandocast import PandocError, read_docx, text

CONTEXT = 4  # words on each side that place a change at the least


@dataclass
class Marked:
    """One section's review: its paragraphs' changes and its comments."""
    # (the text before, the old words, the new, the text after)
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (the words it marks, what it says, its author, the brief's query it replies to or '')
    comments: list[tuple[str, str, str, str]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the brief's own queries, as they were
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
    marked = _marked(tree["blocks"], _own_queries(project))
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
        queries += [f"{section.loc.path}:{line}: the review removed this query (answered? "
                    f"remove it here once it is): {words}"
                    for line, words in _removed(old, found.kept)]
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
    print(_summary(path, marked, len(edited), apply))
    return 0


def _summary(path: Path, marked: dict[str, Marked], edited: int, apply: bool) -> str:
    changes, comments, kept = (sum(len(getattr(m, part)) for m in marked.values())
                               for part in ("changes", "comments", "kept"))
    return (f"{path.name}: {changes} change(s) in {edited} section file(s), {comments} "
            "comment(s)" + (f" (and {kept} of the brief's own queries, as they were)"
                            if kept else "")
            + ("; applied" if apply else "; add --apply to make them"))


def _own_queries(project: Project) -> set[str]:
    """The brief's own queries (in brief.yaml, its sections and its datasets' query
    columns), each as the Word edition's comment carries it (its words, spaced once)."""
    return {" ".join(q.text.split()) for q in project.meta.queries} | {
        " ".join(q.split()) for s in project.sections for q in QUERY.findall(s.body)} | {
        " ".join(str(row.values[c.name]).split()) for d in project.datasets.values()
        for c in d.columns if c.role == "query" for row in d.rows if c.name in row.values}


def _own(said: str, who: str, own: set[str]) -> str:
    """The brief's own query a comment is (``said``, as the Word edition writes it, signed
    by the query's label; or as a review writes it, signed ``who``), or ''."""
    return next((q for q in (f"{said} ({who})", said) if q in own), "")


def _marked(blocks: list, own: set[str]) -> dict[str, Marked]:
    """Each Heading 1's changes and comments, paragraph by paragraph (notes left out)."""
    found: dict[str, Marked] = {}
    title = ""
    for block in _paragraphs(blocks):
        if block["t"] == "Header" and block["c"][0] == 1:
            title = " ".join(text(block["c"][2]).split())
        elif block["t"] in ("Para", "Plain"):
            _paragraph(block["c"], found.setdefault(title, Marked()), own)
        else:  # (a table, a figure, a heading: made from data or the front matter)
            _marks(block, own, found.setdefault(title, Marked()))
    return found


def _marks(node: object, own: set[str], marked: Marked) -> None:
    """The tracked changes and comments in ``node`` (a note, a table: made by hand) counted
    in ``marked``, and the brief's own queries among them kept."""
    if isinstance(node, list):
        for item in node:
            _marks(item, own, marked)
        return
    if not isinstance(node, dict):
        return
    if node.get("t") == "Span":
        classes, attrs = node["c"][0][1], dict(node["c"][0][2])
        query = _own(" ".join(text(node["c"][1]).split()), attrs.get("author", ""), own) \
            if "comment-start" in classes else ""
        marked.kept += [query] if query else []
        marked.in_notes += bool({"insertion", "deletion"} & set(classes)) or (
            "comment-start" in classes and not query)
    _marks(node.get("c"), own, marked)


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


def _paragraph(inlines: list, marked: Marked, own: set[str]) -> None:
    """The paragraph's runs as (kind, words): the same text, an insertion or a deletion;
    each change with the same text around it; each comment with the words it marks (the
    brief's own queries kept apart, and a comment at one's place, marking no words, taken
    as a reply to it)."""
    runs: list[tuple[str, str]] = []
    open_comments: dict[str, list] = {}
    comments: list[tuple[int, str, str, str]] = []  # (where it starts, words, said, author)
    for node in _ends_unnested(inlines):
        kind = "same"
        if node["t"] == "Note":
            _marks(node, own, marked)
        if node["t"] == "Span":
            classes, attrs = node["c"][0][1], dict(node["c"][0][2])
            if "comment-start" in classes:
                open_comments[attrs.get("id", "")] = [len(runs), text(node["c"][1]),
                                                      attrs.get("author", "a reviewer")]
                continue
            if "comment-end" in classes:
                start, words, who = open_comments.pop(attrs.get("id", ""), [len(runs), "", ""])
                marks = "".join(t for k, t in runs[start:] if k != "ins").strip()
                comments.append((start, marks, " ".join(words.split()), who))
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
    queries = [_own(said, who, own) for _, _, said, who in comments]
    at = {start: query for (start, *_), query in zip(comments, queries) if query}
    for (start, marks, said, who), query in zip(comments, queries):
        if query:
            marked.kept.append(query)
        else:
            marked.comments.append((marks, said, who, "" if marks else at.get(start, "")))


def _ends_unnested(inlines: list) -> Iterator[dict]:
    """The inlines, each comment's end followed by what Pandoc nests in it (the end of a
    comment on the same words: a reply's)."""
    for node in inlines:
        yield node
        if node["t"] == "Span" and "comment-end" in node["c"][0][1]:
            yield from _ends_unnested(node["c"][1])


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
    for words, comment, who, replied in marked.comments:
        query = f"{comment} ({who})"
        after = [m.end() for m in _written(replied).finditer(source)] if replied else \
            [source.find(words) + len(words)] * source.count(words) if words else []
        if len(after) != 1:
            unplaced.append(f"under '{title}': the comment '{comment}' ({who}) on "
                            f"'{(words or replied)[:40]}' cannot be placed in the section's "
                            "text")
            continue
        end = after[0]
        lines.append((source.count("\n", 0, end) + 1, query))
        if apply:
            source = source[:end] + f"{{>> {query} <<}}" + source[end:]
    return source, lines


def _written(query: str) -> re.Pattern:
    """The query ``query`` as a section may write it (spaced anyhow)."""
    return re.compile(r"\{>>\s*" + r"\s+".join(map(re.escape, query.split())) + r"\s*<<\}")


def _removed(source: str, kept: list[str]) -> list[tuple[int, str]]:
    """The queries of the section ``source`` that the review no longer holds, with their
    lines."""
    return [(source.count("\n", 0, match.start()) + 1, query)
            for match in QUERY.finditer(source)
            if (query := " ".join(match[1].split())) not in kept]
