"""The marks the brief sets in its running text, as HTML: a citation as its style sets it
(``cite_html``: a page-foot note or text in the sentence), a reference that resolves to
nothing (``unresolved``), and an editor's query, which only the draft prints and the Word
edition carries as a comment (``query_html``).
"""
from __future__ import annotations

from markupsafe import Markup

from brief.handed import Edition, Index
from brief.model import Cite, Query


def unresolved(keys: tuple[str, ...] | list[str]) -> str:
    return Markup('<span class="unresolved">[{}]</span>').format("; ".join("?" + k for k in keys))


def cite_html(index: Index, cite: Cite) -> str:
    """A citation as the style sets it: a page-foot note, or text in the sentence."""
    if cite.id not in index.citations:
        return unresolved(cite.keys)
    text = index.citations[cite.id]
    if index.notes_style and cite.note is None:
        return Markup('<span class="note" data-loc="{}" data-note="{}">{}</span>').format(
            cite.loc, cite.id, Markup(text))
    return text


def query_html(query: Query, edition: Edition, label: str) -> str:
    """Only the draft prints queries (``label``, in the brief's language, before each):
    beside their paragraph, in the margin. The Word edition makes each a comment for its
    reviewers, signed ``label`` (``brief/word/edition.py``)."""
    if edition.docx:
        return Markup('<span class="query" data-label="{}">{}</span>').format(label,
                                                                              query.text)
    if not edition.draft:
        return ""
    return Markup('<span class="query" data-loc="{0}"><b>{2}</b> ({0}): {1}</span>').format(
        query.loc, query.text, label)
