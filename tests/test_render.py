"""Rendering: the HTML skeleton, escaping, dates and the appendix table."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import append, edit, join_lines, markup, pdf_text, run_build

from brief.diagnostics import BuildError, Loc
from brief.html.charts import chart_alt
from brief.html.render import render
from brief.html.timeline import timeline_svg
from brief.markdown.parse import parse
from brief.model import Column, Dataset, Figure, PartialDate, Row
from brief.read.language import language
from brief.read.load import load
from brief.resolve.index import resolve


@pytest.mark.parametrize("tag, date, text", [
    ("en-US", PartialDate(1992), "1992"),
    ("en-US", PartialDate(2026, 11), "November 2026"),
    ("en-US", PartialDate(1992, 1, 2), "January 2, 1992"),
    ("en-GB", PartialDate(1992, 1, 2), "2 January 1992"),
    ("fr", PartialDate(2026, 11), "novembre 2026"),
    ("ru", PartialDate(1992, 1, 2), "2 января 1992\u202fг."),
    ("tr", PartialDate(1992, 1), "Ocak 1992"),
])
def test_dates_print_only_the_precision_they_have(tag: str, date: PartialDate,
                                                  text: str) -> None:
    assert language(tag).date(date) == text


def rendered(root: Path, **meta: object) -> str:
    project = load(root)
    project = replace(project, meta=replace(project.meta, **meta))
    document = parse(project)[0]
    return markup(render(document, resolve(document)[0]))


def test_cover_contents_table_and_back_page(mini: Path) -> None:
    html = rendered(mini)
    assert '<html lang="en-US" class="paper-a4 screen sections-new-page cover-page">' in html
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
    assert "<p>CC BY 4.0</p>" in imprint
    assert "<p>Views are the authors’ own.</p>" in imprint  # (the apostrophe curly)
    assert "Licence" not in rendered(mini)


@pytest.mark.build
def test_citation_and_bibliography_text_is_escaped(cited: Path) -> None:
    """A title holding '&' and '<' prints as written and never becomes markup (CSL's own
    rich text, such as <i>, is the citation processor's to interpret)."""
    edit(cited / "content/references.yaml", "title: Relations between Türkiye and Azerbaijan",
         "title: Trade & <Pipelines> of Türkiye")
    status, _, err = run_build(cited)
    assert (status, err) == (0, "")
    html = (cited / "output/brief.html").read_text("utf-8")
    assert "<Pipelines>" not in html
    assert html.count("Trade &amp; &lt;Pipelines&gt; of Türkiye") == 4  # 3 notes, 1 entry
    text = join_lines(pdf_text(cited / "output/brief.pdf"))
    assert text.count("Trade & <Pipelines> of Türkiye") == 4


def squares(svg: str) -> list[tuple[float, float, str]]:
    """(x, y, label) of each numbered square of the timeline."""
    ns = "{http://www.w3.org/2000/svg}"
    root = ElementTree.fromstring(svg)
    rects = [r for r in root.iter(f"{ns}rect") if r.get("width") == "11"]
    labels = [t for t in root.iter(f"{ns}text") if t.get("fill") == "white"]
    assert len(rects) == len(labels)
    for rect, label in zip(rects, labels):  # each number sits inside its own square
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        assert x <= float(label.get("x", 0)) <= x + 11 and y <= float(label.get("y", 0)) <= y + 11
    return [(float(r.get("x", 0)), float(r.get("y", 0)), t.text or "")
            for r, t in zip(rects, labels)]


def test_the_timeline_stacks_agreements_of_one_year_without_overlap(golden) -> None:  # type: ignore[no-untyped-def]
    def row(number: int, year: int, category: str) -> Row:
        return Row({"n": number, "d": PartialDate(year), "c": category}, Loc("a", 1))

    columns = (Column("d", "date"), Column("n", "integer", "No."),
               Column("c", categories=(("energy", "Energy", "#b5473a"),
                                       ("social", "Social", None))))
    rows = [row(1, 1992, "energy"), row(2, 1992, "social"), row(3, 1992, "energy"),
            row(4, 1995, "energy"), row(5, 2001, "social")]
    svg = timeline_svg(rows, *columns)
    placed = squares(svg)
    assert [label for _, _, label in placed] == ["1", "2", "3", "4", "5"]
    (x1, y1, _), (x2, y2, _), (x3, y3, _), (x4, y4, _), (x5, y5, _) = placed
    assert x1 == x2 == x3 and y1 > y2 > y3 and y1 - y2 >= 11 and y2 - y3 >= 11  # stacked
    assert x1 < x4 < x5 and y4 == y5 == y1  # later years to the right, on the axis
    assert (x4 - x1) / 3 == pytest.approx((x5 - x4) / 6, abs=0.1)  # years evenly spaced
    assert "fill='#b5473a'" in svg and "fill='#5b6470'" in svg  # a category without colour: grey
    assert ">Energy</text>" in svg and ">Social</text>" in svg  # the legend prints labels
    golden("timeline.svg", svg)  # (as looked at: the axis, the years, the legend's rows)
    golden("timeline-plates.svg", timeline_svg(rows, *columns, family="House Sans",
                                               plates=True))
    figure = Figure("f", "chart", Loc("a", 1), "", {"timeline": {"date": "d", "label": "n",
                                                                 "colour": "c"}},
                    tuple((r, {}) for r in rows))
    alt = chart_alt(figure, Dataset("t", "t.yaml", Loc("b", 1), columns, tuple(rows),
                                    title="treaties"))
    assert alt.startswith("Timeline of the 5 treaties, 1992 to 2001: one square per row, "
                          "labelled with its No.")
    assert "By year: 1992: 1, 2, 3; 1995: 4; 2001: 5." in alt


def test_every_block_carries_its_source_line_for_the_layout_checks(mini: Path) -> None:
    project = load(mini)
    document = parse(project)[0]
    html = render(document, resolve(document)[0])
    assert '<h1 id="first" data-loc="content/01-first.md:1">First Section</h1>' in html
    assert '<h2 id="first-a-subheading" data-loc="content/01-first.md:7">' in html
    assert '<p data-loc="content/01-first.md:5">Opening paragraph about' in html
    assert '<tr id="third-treaty" data-loc="content/treaties.yaml:13">' in html
    assert '<li class="toc-level-2" data-loc="content/01-first.md:7">' in html
    assert '<section class="back" data-loc="content/brief.yaml:5">' in html


def test_values_reaching_attributes_are_escaped_by_markupsafe() -> None:
    from brief.diagnostics import Loc
    from brief.handed import Edition, Index
    from brief.html.marks import cite_html, query_html, unresolved
    from brief.model import Cite, Query
    hostile = Loc('content/a" onload="x<b>.md', 3)
    cite = Cite("cite-1", "[@k]", ("k",), hostile)
    html = cite_html(Index((), citations={"cite-1": "<i>Title</i>"}), cite)
    assert html == ('<span class="note" data-loc="content/a&#34; onload=&#34;x&lt;b&gt;.md:3" '
                    'data-note="cite-1"><i>Title</i></span>')
    assert 'onload="' not in query_html(Query("q", hostile), Edition(draft=True), "Query")
    assert unresolved(("a<b>",)) == '<span class="unresolved">[?a&lt;b&gt;]</span>'
    assert unresolved(["a", "b"]) == '<span class="unresolved">[?a; ?b]</span>'


def test_the_archival_edition_attaches_only_the_data_a_brief_has(mini: Path, cited: Path
                                                                  ) -> None:
    from brief.html.render import data_files
    files = {name: data for name, data, _ in data_files(parse(load(mini))[0])}
    assert list(files) == ["treaties.yaml", "treaties.json"]  # as written, and as JSON
    title = load(mini).datasets["treaties"].title
    assert [what for _, _, what in data_files(parse(load(mini))[0])] == [
        f"The dataset 'treaties' ({title}), as written",
        f"The dataset 'treaties' ({title}), as JSON"]
    assert files["treaties.yaml"] == (mini / "content/treaties.yaml").read_bytes()
    assert json.loads(files["treaties.json"])[1] == {
        "id": "second-treaty", "number": 2, "title": "Second Treaty", "date": "1994-04",
        "category": "energy"}
    (mini / "content/02-annex.md").write_text("---\ntitle: Annex\n---\n\nText.\n")
    assert data_files(parse(load(mini))[0]) == ()  # a dataset no table or chart uses
    assert [name for name, _, _ in data_files(parse(load(cited))[0])] == ["references.json"]
    [(_, data, what)] = data_files(parse(load(cited))[0])
    assert what == "The bibliography, CSL-JSON"
    assert data == json.dumps([r.data for r in load(cited).references], ensure_ascii=False,
                              indent=2).encode()


def test_templates_are_given_plain_values_only(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a template is given, nor anything it can reach from it by an attribute, an
    item or a call, is a path or an object whose methods act on files: only text, numbers,
    truth values, lists, mappings, markup and the pure functions of ``templating.PURE``.
    Walked over every value of the three templates (the page, a table, the web edition), for
    a brief with a logo, a house font, a data table with citations and editor's queries, in
    the draft edition; Jinja's own globals are only the inert ones of ``GLOBALS``."""
    from helpers import fixture_copy, house_font
    from markupsafe import Markup

    import brief.html.render
    from brief.handed import Edition
    from brief.html import templating
    from brief.html.templating import PURE
    from brief.web.edition import web_files
    data = fixture_copy(tmp_path, "data")
    house_font(data / "content/fonts/house.ttf", "House Sans")
    (data / "content/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    with (data / "content/brief.yaml").open("a") as brief_yaml:
        brief_yaml.write("house: {logo: logo.svg, fonts: {files: [fonts/], body: House Sans}}\n"
                         "queries: ['Is this right?']\n")
    given: list[tuple[str, dict]] = []
    real = templating.render_template

    def spy(env: templating.Sandbox, name: str, values: dict) -> object:
        assert sorted(env.globals) == sorted(templating.GLOBALS)  # (Jinja's, held apart)
        given.append((name, values))
        return real(env, name, values)
    monkeypatch.setattr(brief.html.render, "render_template", spy)
    monkeypatch.setattr(templating, "render_template", spy)
    document = parse(load(data))[0]
    index = resolve(document)[0]
    html = str(render(document, index, Edition(draft=True)))
    monkeypatch.setattr("brief.web.edition.web_fonts", lambda *_, **__: ("", []))  # (slow,
    web_files(document, index, html, b"%PDF-1.7", "brief")  # and no template's business)
    assert sorted({name for name, _ in given}) == ["brief.html.j2", "table.html.j2",
                                                   "web.html.j2"]
    kinds: set[str] = set()

    def walk(value: object, where: str) -> None:
        kinds.add(type(value).__name__)
        if value is None or isinstance(value, (str, int, float, bool, Markup)):
            return
        if isinstance(value, (list, tuple)):
            for number, item in enumerate(value):
                walk(item, f"{where}[{number}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key, f"{where} key")
                walk(item, f"{where}[{key!r}]")
        else:
            assert value in PURE, f"{where} is a {type(value).__name__}: {value!r}"
    for name, values in given:
        walk(values, name)
    assert {"str", "int", "bool", "Markup", "list", "dict", "function"} <= kinds
    page = next(values for name, values in given if name == "brief.html.j2")
    assert page["meta"]["house"]["logo"].startswith("file://")  # a path is only text
    assert page["meta"]["house"]["faces"][0]["family"] == "House Sans"
    assert page["meta"]["queries"][0]["text"] == "Is this right?"


def test_a_compiled_template_is_remembered_on_disk_and_a_changed_one_compiled_anew(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template compiled by one build is taken from the disk by the next (a new process:
    nothing kept in memory), unless its source changed; with the cache off, nothing is."""
    import brief.cache
    from brief.html import templating
    from brief.read.inputs import Reader
    from brief.session import SESSION
    monkeypatch.setattr(brief.cache, "private_folder", lambda: tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    (tmp_path / "templates").mkdir()
    own = tmp_path / "templates/note.html.j2"
    own.write_text("{{ word }} once\n")
    compiled: list[str] = []
    real = templating.Sandbox.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)
    monkeypatch.setattr(templating.Sandbox, "compile", counted)

    def run(name: str = "note.html.j2") -> str:
        SESSION.templates.clear()  # (as a new process starts)
        env = templating.make_environment(Reader(tmp_path))
        return str(templating.render_template(env, name, {"word": "said"}))
    assert run() == "said once\n" and compiled == ["note.html.j2"]
    assert len(list((tmp_path / "cache").glob("template-*.json"))) == 1
    assert run() == "said once\n" and compiled == ["note.html.j2"]  # (from the disk)
    (tmp_path / "templates/same.html.j2").write_text("{{ word }} once\n")
    assert run("same.html.j2") == "said once\n" and compiled == [  # (its code names it)
        "note.html.j2", "same.html.j2"]
    compiled.remove("same.html.j2")
    own.write_text("{{ word }} twice\n")
    assert run() == "said twice\n" and compiled == ["note.html.j2"] * 2
    monkeypatch.setattr(brief.cache, "_on", lambda: False)  # (BRIEF_BUILDER_NO_CACHE=1; the
    # environment is left alone: the background's builds would take it)
    assert run() == "said twice\n" and compiled == ["note.html.j2"] * 3


def test_charts_get_d3_s_locales_from_cldr_as_the_tables_do() -> None:
    numbers, times = language("fr").chart_locales()
    assert numbers == {"decimal": ",", "thousands": "\u202f", "grouping": [3],
                       "currency": ["", ""]}
    assert times == {
        "dateTime": "%x, %X", "date": "%x", "time": "%X", "periods": ["AM", "PM"],
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                   "septembre", "octobre", "novembre", "décembre"],
        "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                        "sept.", "oct.", "nov.", "déc."]}
    german, english = language("de").chart_locales(), language("en-US").chart_locales()
    assert (german[0]["decimal"], german[0]["thousands"], german[1]["shortDays"][:2]) == (
        ",", ".", ["So", "Mo"])
    assert (english[0]["thousands"], english[1]["periods"], english[1]["days"][0]) == (
        ",", ["AM", "PM"], "Sunday")


def test_the_words_hyphenation_leaves_whole_are_found_longest_name_first() -> None:
    from brief.html.render import _names_pattern
    pattern = _names_pattern(("Ali", "Ali Aliyev", "C++"), "əğ")
    assert pattern is not None
    assert [m[0] for m in pattern.finditer("Ali Aliyev met Ali in Bakı and Ağdam, "
                                           "not Həsən's Alix")] == [
        "Ali Aliyev", "Ali", "Ağdam", "Həsən"]
    assert _names_pattern((), "") is None
    assert _names_pattern((), "ə").pattern == r"\b(?:\w*[ə]\w*)\b"


def test_an_edition_is_rendered_once_with_its_attachments_if_archival(mini: Path) -> None:
    from brief.handed import Edition
    from brief.html.render import rendered as rendered_once
    document = parse(load(mini))[0]
    index = resolve(document)[0]
    archival = rendered_once(document, index, Edition("a4", archival=True))
    plain = rendered_once(document, index, Edition("a4"))
    assert [name for name, _, _ in archival.attachments] == ["treaties.yaml", "treaties.json"]
    assert plain.attachments == () and plain.built.tzinfo is not None
    drawn = rendered_once(document, index, Edition("a4"), charts={"fig-x": "<svg/>"})
    assert drawn.charts == {"fig-x": "<svg/>"}  # (kept for a render again after a repair)
    assert "<html" in plain.html


def test_the_timeline_s_legend_wraps_after_five_categories_and_years_may_be_numbers() -> None:
    names = [f"k{n}" for n in range(7)]
    columns = (Column("d", "integer"), Column("n", "integer", "No."),
               Column("c", categories=tuple((k, k.upper(), "#123456") for k in names)))
    rows = [Row({"n": i, "d": 1990 + i, "c": k}, Loc("a", 1)) for i, k in enumerate(names)]
    svg = timeline_svg(rows, *columns)
    keys = re.findall(r"<rect x='(\d+)' y='([\d.]+)' width='8'", svg)
    assert [int(x) for x, _ in keys] == [20, 108, 196, 284, 372, 20, 108]
    assert len({y for _, y in keys[:5]}) == 1 and float(keys[5][1]) == float(keys[0][1]) + 14
    assert ">1992</text>" in svg  # (a year written as a number)


def test_a_timeline_row_without_a_category_is_grey_without_a_label_blank_on_a_plate_as_wide(
        ) -> None:
    """A label's plate is as wide as its characters (3.5 units each, and 1.4); the legend
    names only the categories some row has."""
    columns = (Column("d", "integer"), Column("n", "string", "No."),
               Column("c", categories=(("energy", "Energy", "#b5473a"),
                                       ("trade", "Trade", "#123456"))))
    rows = [Row({"n": "12", "d": 1990, "c": "energy"}, Loc("a", 1)),
            Row({"d": 1991, "c": "energy"}, Loc("a", 2)), Row({"n": "3", "d": 1992}, Loc("a", 3))]
    svg = timeline_svg(rows, *columns, plates=True)
    assert re.findall(r"data-plain='1' x='[\d.]+' y='[\d.]+' width='([\d.]+)'", svg) == [
        "8.4", "1.4", "4.9"]
    assert re.findall(r"<rect x='[\d.]+' y='[\d.]+' width='11' height='11' rx='1.5' "
                      r"fill='([^']+)'", svg) == ["#b5473a", "#b5473a", "#5b6470"]
    assert re.findall(r"fill='white'>([^<]*)</text>", svg) == ["12", "", "3"]
    assert ">Energy</text>" in svg and "Trade" not in svg and "#123456" not in svg


def test_a_dataset_table_s_cells_print_as_their_columns_say_and_a_missing_one_empty() -> None:
    from brief.html.tables import table_context
    from brief.model import FigureRow
    columns = (Column("id"), Column("name"), Column("flow", "number", "Flow"))
    rows = (Row({"id": "a", "name": "North", "flow": 1234.5}, Loc("d.yaml", 1)),
            Row({"id": "b", "name": "South"}, Loc("d.yaml", 4)))
    dataset = Dataset("d", "d.yaml", Loc("b", 1), columns, rows)
    figure = Figure("tbl-d", "dataset-table", Loc("a.md", 3), "Flows", {
        "dataset": "d", "columns": ["name", {"field": "flow", "decimals": 1, "align": "right",
                                             "width": "20%"}]},
        tuple(FigureRow(r, {}) for r in rows))
    made = table_context(figure, dataset, str, str, frozenset(), language("fr"))
    assert made["figure"] == {"id": "tbl-d", "loc": "a.md:3", "caption": "Flows"}
    assert made["headings"] == [("name", "", ""), ("Flow", "num", "width: 20%; text-align: "
                                                                  "right")]
    assert [[(kind, align, str(html)) for kind, align, html in r["cells"]]
            for r in made["rows"]] == [
        [("", "", "North"), ("num", "right", "1\u202f234,5")],
        [("", "", "South"), ("num", "right", "")]]
    assert [(r["loc"], r["starts_page"]) for r in made["rows"]] == [("d.yaml:1", False),
                                                                    ("d.yaml:4", False)]


def test_a_row_s_editor_s_query_prints_in_its_table_cell_in_the_draft_only(
        tmp_path: Path) -> None:
    import shutil

    from brief.handed import Edition
    root = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures/data", root,
                    ignore=shutil.ignore_patterns("output"))
    edit(root / "content/reservoirs.schema.yaml", "role: citations}",
         "role: citations}\n  - {name: check, type: string, role: query}")
    edit(root / "content/reservoirs.yaml", "  sources: [survey-2020]\n",
         "  sources: [survey-2020]\n  check: Is 48.7 the 2020 figure?\n")
    edit(root / "content/01-reservoirs.md", "{field: name, append: [sources]}",
         "{field: name, append: [sources, check]}")
    document = parse(load(root))[0]
    index = resolve(document)[0]
    draft = markup(render(document, index, Edition("a4", draft=True)))
    assert "Is 48.7 the 2020 figure?" in draft
    assert "Is 48.7 the 2020 figure?" not in markup(render(document, index, Edition("a4")))


def test_a_key_points_box_is_its_titled_div_and_a_plain_div_its_content(mini: Path) -> None:
    append(mini / "content/01-first.md",
           "\n::: {.key-points}\n- One.\n:::\nAfter.\n\n::: {}\nPlain.\n:::\n")
    html = rendered(mini)
    assert '<div class="key-points" role="note" aria-label="Key points"><p class="box-title">' \
        'Key points</p>\n<ul>\n<li>One.</li>\n</ul>\n</div>\n<p>After.</p>' in html
    assert "<div><p>Plain.</p>\n</div>" in html  # (a plain div: only its content's lines)


def test_a_div_closes_as_its_own_opening_not_the_one_inside_it(mini: Path) -> None:
    append(mini / "content/01-first.md",
           "\n:::: {.key-points}\n- One.\n\n::: {}\nPlain.\n:::\n::::\nAfter.\n")
    assert "<div><p>Plain.</p>\n</div></div>\n<p>After.</p>" in rendered(mini)


def test_the_html_parsed_ahead_is_a_stage_of_its_own(mini: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from brief import timings
    from brief.handed import Edition
    from brief.html.render import parsed
    from brief.html.render import rendered as rendered_once
    document = parse(load(mini))[0]
    first = rendered_once(document, resolve(document)[0], Edition())
    monkeypatch.setattr(timings, "STAGES", timings.Stages())
    tree = parsed(first).tree
    assert timings.STAGES.label == "parsing the HTML for the typesetter"
    assert tree is not None and tree.tag == "html"


def test_an_editor_s_query_prints_in_the_draft_with_its_place_and_nowhere_else(
        mini: Path) -> None:
    from brief.handed import Edition
    append(mini / "content/01-first.md", "\nText {>> Is this the 1994 figure? <<} here.\n")
    document = parse(load(mini))[0]
    index = resolve(document)[0]
    draft = markup(render(document, index, Edition(draft=True)))
    assert re.search(r'<span class="query"><b>Query</b> \(content/01-first\.md:\d+\): Is '
                     r"this the 1994 figure\?</span>", draft)
    assert "1994 figure" not in markup(render(document, index, Edition()))
    edit(mini / "content/brief.yaml", "language: en-US", "language: fr")  # its language's word
    document = parse(load(mini))[0]
    assert "<b>Question</b> (content/01-first.md:" in markup(
        render(document, resolve(document)[0], Edition(draft=True)))


def test_a_template_s_small_powers_and_sums_of_large_numbers_are_allowed(
        tmp_path: Path) -> None:
    from jinja2.sandbox import SecurityError

    from brief.html import templating
    from brief.read.inputs import Reader
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/sums.html.j2").write_text("{{ 2 ** 3 }} {{ 1 + 100 }} {{ 3 - 99 }}")
    env = templating.make_environment(Reader(tmp_path))
    assert str(templating.render_template(env, "sums.html.j2", {})) == "8 101 -96"
    with pytest.raises(SecurityError, match="a power above 64"):
        env.call_binop(None, "**", 2, 65)


def test_a_template_is_given_the_brief_s_queries_in_its_language_and_the_edition_s_kind(
        mini: Path) -> None:
    from brief.handed import Edition
    from brief.html.pagevalues import page_values
    edit(mini / "content/brief.yaml", "language: en-US", "language: fr")
    append(mini / "content/brief.yaml", "queries: [Le chiffre de 2020 ?]\n")
    document = parse(load(mini))[0]
    index = resolve(document)[0]
    draft = page_values(document, index, Edition(draft=True), None, [])
    label = document.project.language["query"]
    assert label != "Query" and str(draft["meta"]["queries"][0]["html"]).startswith(
        f'<span class="query" data-loc="content/brief.yaml:28"><b>{label}</b>')
    assert (draft["edition"]["archival"], page_values(
        document, index, Edition(archival=True), None, [])["edition"]["archival"]) == \
        (False, True)
    from datetime import datetime, timezone
    built = datetime(2026, 3, 5, 14, 7, tzinfo=timezone.utc)  # (a draft says when it was made)
    assert (draft["built"], page_values(document, index, Edition(draft=True), built, [])[
        "built"]) == ("", "2026-03-05 14:07 UTC")


def test_the_timeline_s_legend_takes_a_row_more_for_its_sixth_category() -> None:
    def height(used: int) -> float:
        names = [f"c{n}" for n in range(used)]
        columns = (Column("d", "date"), Column("n", "integer", "No."),
                   Column("c", categories=tuple((c, c.upper(), None) for c in names)))
        rows = [Row({"n": n, "d": PartialDate(1990 + n), "c": c}, Loc("a", 1))
                for n, c in enumerate(names)]
        svg = timeline_svg(rows, *columns)
        return float(re.search(r"viewBox='0 [\d.]+ [\d.]+ ([\d.]+)'", svg)[1])
    assert height(5) == height(4) and height(6) - height(5) == 14 and height(7) == height(6)


@pytest.mark.parametrize(("after", "printed"), [
    (". More.", "Smith et al"), (", who", "Smith et al"), ("; and", "Smith et al"),
    ("?", "Smith et al"), (" and", "Smith et al."), ("X", "Smith et al."),
    (None, "Smith et al.")])
def test_a_citation_s_closing_period_gives_way_only_to_the_sentence_s_punctuation(
        after: str | None, printed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from markdown_it.token import Token

    from brief.html import render
    from brief.markdown.contract import CITE
    monkeypatch.setattr(render, "cite_html", lambda index, cite: "Smith et al.")
    tokens = [Token("cite", "", 0, meta={CITE: None})]
    tokens += [Token("text", "", 0, content=after)] if after is not None else []
    assert render._SectionRenderer.cite(SimpleNamespace(index=None), tokens, 0, None, None) \
        == printed


def test_names_never_to_hyphenate_are_marked_in_the_text(mini: Path) -> None:
    """``unhyphenated`` names and words with ``unhyphenated-letters`` are each kept in a
    span the stylesheet never hyphenates; without them the text is as typed."""
    html = rendered(mini, unhyphenated=("İzmir",), unhyphenated_letters="ə")
    assert 'about Şuşa, <span class="name">Gəncə</span> and <span class="name">İzmir</span>' \
        in html
    assert "about Şuşa, Gəncə and İzmir, with" in rendered(mini, unhyphenated=(),
                                                           unhyphenated_letters="")


def test_an_image_s_size_is_its_style_alone(mini: Path) -> None:
    (mini / "content/c.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" '
                                        'height="4"><rect width="4" height="4"/></svg>')
    append(mini / "content/01-first.md", "\nSee ![a chart](c.svg){width=50% height=2cm} here.\n")
    assert re.findall(r"<img[^>]*>", rendered(mini)) == [
        '<img src="c.svg" alt="a chart" style="width: 50%; height: 2cm" />']


def test_a_captioned_pipe_table_is_numbered_above_it_and_carries_its_id(mini: Path) -> None:
    append(mini / "content/01-first.md", "\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n"
           ": Two numbers,\nin two lines {#tbl-two}\n\n| C |\n|---|\n| 3 |\n\n"
           "As [](#tbl-two) shows.\n")  # (a caption's lines: a paragraph's)
    html = rendered(mini)
    assert '<a class="xref" href="#tbl-two" data-page=", p.\u00a0">Table\u00a01</a>' in html
    assert '<table class="data" id="tbl-two">\n<caption><span class="caption-label">' \
        'Table\u00a01.</span> Two numbers,\nin two lines</caption>' in html
    assert '<table class="data">\n<thead>' in html  # (no caption: no number, no id)
    append(mini / "content/01-first.md", "\nBut [](#tbl-nowhere) is not.\n")  # (a draft's)
    assert 'But <span class="unresolved">[?tbl-nowhere]</span> is not.' in rendered(mini)


def test_a_brief_s_template_that_stops_is_said_at_its_line_in_python_s_words(
        tmp_path: Path) -> None:
    """(Only a closing period is taken off the words: "unknown encoding: X" keeps its X.)"""
    from brief.html import templating
    from brief.read.inputs import Reader
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/t.html.j2").write_text("a\n{{ 'b'.encode('X') }}\n")
    with pytest.raises(BuildError) as failure:
        templating.render_template(templating.make_environment(Reader(tmp_path)),
                                   "t.html.j2", {})
    assert [str(d) for d in failure.value.diagnostics] == [
        "templates/t.html.j2:2: error: the template stopped: unknown encoding: X; fix this line "
        "of the brief's own template [template-error]"]


def test_a_page_break_paragraph_is_a_page_break_at_its_line(mini: Path) -> None:
    lines = (mini / "content/01-first.md").read_text("utf-8").count("\n")
    append(mini / "content/01-first.md", "\n\\newpage\n\nAfter.\n")
    document = parse(load(mini))[0]
    html = render(document, resolve(document)[0])
    assert f'<div class="page-break" data-loc="content/01-first.md:{lines + 2}"></div>\n' \
        f'<p data-loc="content/01-first.md:{lines + 4}">After.</p>' in html


def test_only_text_before_a_note_call_loses_its_trailing_space() -> None:
    from markdown_it.token import Token

    from brief.handed import Index
    from brief.html.render import notes_after_punctuation
    call = Token("footnote_ref", "", 0)
    code, text = Token("code_inline", "code", 0, content="a "), Token("text", "", 0,
                                                                     content="b ")
    assert [t.content for t in notes_after_punctuation([code, call], Index(()))] == ["a ", ""]
    assert [t.content for t in notes_after_punctuation([call, text], Index(()))] == ["", "b "]
    assert [t.content for t in notes_after_punctuation([text, call], Index(()))] == ["b", ""]
