"""Rendering: the HTML skeleton, escaping, dates and the appendix table."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from brief.load import load
from brief.model import PartialDate
from brief.parse import parse
from brief.render import long_date, render
from brief.resolve import resolve


@pytest.mark.parametrize("date, text", [
    (PartialDate(1992), "1992"),
    (PartialDate(2026, 11), "November 2026"),
    (PartialDate(1992, 1, 2), "January 2, 1992"),
])
def test_dates_print_only_the_precision_they_have(date: PartialDate, text: str) -> None:
    assert long_date(date) == text


def rendered(root: Path, **meta: object) -> str:
    project = load(root)
    project = replace(project, meta=replace(project.meta, **meta))
    document = parse(project)[0]
    return render(document, resolve(document)[0])


def test_cover_contents_table_and_back_page(mini: Path) -> None:
    html = rendered(mini)
    assert '<html lang="en-US" class="paper-a4 screen">' in html
    assert "<title>A Small Brief</title>" in html
    assert '<h1 class="cover-title">A Small Brief</h1>' in html
    assert '<p class="cover-date">November 2026</p>' in html
    assert '<li class="toc-level-1"><a href="#first">First Section</a></li>' in html
    assert '<li class="toc-level-2"><a href="#first-a-subheading">A Subheading</a></li>' in html
    assert ('<tr id="third-treaty">\n      <td class="num">3</td>\n      <td class="date">'
            'December 10, 2020</td>') in html
    assert '<span class="row-note">In force from 2021.</span>' in html
    assert "1 Test Street" in html
    assert "subtitle" not in html.split("<body>")[1].split("</section>")[0]


def test_metadata_is_escaped(mini: Path) -> None:
    html = rendered(mini, title="<b>A & B</b>", subtitle="x")
    assert "<title>&lt;b&gt;A &amp; B&lt;/b&gt;</title>" in html
    assert '<p class="cover-subtitle">x</p>' in html


def test_inside_page_has_licence_and_disclaimer_when_given(mini: Path) -> None:
    html = rendered(mini, licence="CC BY 4.0", disclaimer="Views are the authors' own.")
    imprint = html.split('<section class="imprint">')[1].split("</section>")[0]
    assert "<p>CC BY 4.0</p>" in imprint and "<p>Views are the authors&#39; own.</p>" in imprint
    assert "Licence" not in rendered(mini)
