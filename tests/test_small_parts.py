"""Small parts of several stages, each in this process: colours written short, the fields a
chart names, the Word edition's charts, metadata and links, a booklet's description."""
from __future__ import annotations

from pathlib import Path

import pytest

from brief.colour import channels
from brief.read.yamlfile import read_yaml


def test_a_colour_written_short_is_its_long_form() -> None:
    assert channels("#abc") == channels("#aabbcc") == (0xAA / 255, 0xBB / 255, 0xCC / 255)
    assert channels("1f3a5f") == (0x1F / 255, 0x3A / 255, 0x5F / 255)


def test_every_field_a_chart_names_is_found_with_its_line() -> None:
    from brief.markdown.directives import _values_of
    node, _ = read_yaml("mark: bar\nencoding:\n  x: {field: year}\n  y:\n    field: flow\n"
                        "    title: field\n  tooltip:\n    - {field: station}\n"
                        "    - {field: {nested: x}}\n", "a.md")
    assert list(_values_of("field", node)) == [("year", 3), ("flow", 5), ("station", 8)]


def test_the_word_edition_s_charts_and_pictures_are_files_beside_it(
        tmp_path: Path) -> None:
    from brief.word.edition import _pictures_as_files
    html = ('<p>a</p><svg aria-label="Bars, tallest north" width="1"><rect/></svg><p>b</p>'
            '<svg width="2">\n<g/></svg>')
    assert _pictures_as_files(html, tmp_path) == (
        '<p>a</p><img src="chart-1.svg" alt="Bars, tallest north"><p>b</p>'
        '<img src="chart-2.svg" alt="">')
    assert (tmp_path / "chart-1.svg").read_text("utf-8") == \
        '<svg aria-label="Bars, tallest north" width="1"><rect/></svg>'
    assert (tmp_path / "chart-2.svg").read_text("utf-8") == '<svg width="2">\n<g/></svg>'
    # (a picture written into the page: Word would name it by its whole data address)
    page = ('<img src="data:image/svg+xml;base64,PHN2Zy8+" alt="A map"><img alt="B" '
            'src="data:image/jpeg;base64,/9j/\n4A=="><img src="data:image/webp;base64,AAAA">')
    assert _pictures_as_files(page, tmp_path) == (
        '<img src="picture-1.svg" alt="A map"><img alt="B" src="picture-2.jpg">'
        '<img src="data:image/webp;base64,AAAA">')
    assert [(tmp_path / f"picture-{n}").read_bytes() for n in ("1.svg", "2.jpg")] == [
        b"<svg/>", b"\xff\xd8\xff\xe0"]


def test_the_word_edition_s_description_and_notes_and_cross_references() -> None:
    from brief.word.edition import _inlines, _walk
    assert _inlines(["Ana  Author", "Bo"]) == {"t": "MetaList", "c": [
        {"t": "MetaInlines", "c": [{"t": "Str", "c": "Ana"}, {"t": "Space"},
                                   {"t": "Str", "c": "Author"}]},
        {"t": "MetaInlines", "c": [{"t": "Str", "c": "Bo"}]}]}
    note = {"t": "Span", "c": [["", ["note"], []], [{"t": "Str", "c": "n"}]]}
    inside = {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "Table 1"}], ["#t", ""]]}
    outside = {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "site"}],
                                  ["https://e.org/#x", ""]]}
    assert _walk({"t": "Para", "c": [note, inside, outside, 3]}, iter(())) == {
        "t": "Para", "c": [
            {"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "n"}]}]},
            {"t": "Span", "c": [["", [], []], [{"t": "Str", "c": "Table 1"}]]}, outside, 3]}


def test_the_word_edition_makes_each_query_a_comment_signed_by_its_label() -> None:
    """A query is a comment marking no words, numbered in order, signed by its label
    (``data-label``: the brief's word for a query), its words as written, spaced once (a
    parenthesis at its end may be an author's name or not: never taken for one)."""
    from brief.word.edition import _walk

    def words(*said: str) -> list:
        return [w for word in said for w in ({"t": "Space"}, {"t": "Str", "c": word})][1:]

    def query(*said: str) -> dict:
        return {"t": "Span", "c": [["", ["query"], [["data-label", "Rückfrage"]]],
                                   words(*said)]}

    def comment(number: str, *said: str) -> list:
        return [{"t": "Span", "c": [["", ["comment-start"], [["id", number],
                                                              ["author", "Rückfrage"]]],
                                    words(*said)]},
                {"t": "Span", "c": [["", ["comment-end"], [["id", number]]], []]}]
    word = {"t": "Str", "c": "Claim."}
    assert _walk({"t": "Para", "c": [word, query("Which", "source?", "(Rev", "B)"),
                                     query("Check", "the", "date")]},
                 iter(range(7, 9))) == {"t": "Para", "c": [
        word, *comment("7", "Which", "source?", "(Rev", "B)"),
        *comment("8", "Check", "the", "date")]}


def test_a_booklet_keeps_the_edition_s_creator() -> None:
    import io

    import pikepdf
    import weasyprint

    from brief.pdf.booklet import booklet
    made = io.BytesIO()
    with pikepdf.open(io.BytesIO(weasyprint.HTML(string="<p>1</p>").write_pdf())) as source:
        source.docinfo["/Creator"] = "An office"
        source.save(made)
    with pikepdf.open(io.BytesIO(booklet(made.getvalue(), "T"))) as folded:
        assert str(folded.docinfo["/Creator"]) == "An office"
    plain = io.BytesIO()
    with pikepdf.open(made) as source:
        del source.docinfo["/Creator"]
        source.save(plain)
    with pikepdf.open(io.BytesIO(booklet(plain.getvalue(), "T"))) as folded:
        assert str(folded.docinfo["/Creator"]) == "brief-builder"


def test_a_troublesome_text_is_placed_in_the_input_template_or_stylesheet_holding_it(
        tmp_path: Path) -> None:
    from brief.diagnostics import Loc
    from brief.pdf.edition import finder
    from brief.pdf.typeset import Sheet
    from brief.read.inputs import Reader
    (tmp_path / "content").mkdir()
    (tmp_path / "content/01-a.md").write_text("---\ntitle: A\n---\n\nSnow ☃ here.\n", "utf-8")
    sheets = [Sheet("file:///x/styles/brief.css", "p::before { content: '\\2605' }\n"),
              Sheet("file:///x/styles/print.css", "\n\nh1::after { content: '\u2602' }\n")]
    here = Loc("output/brief.html")
    files = Reader(tmp_path)
    files.text("content/01-a.md")  # (an input: what the build has read)
    locate = finder(files, sheets, here)
    assert locate("☃") == Loc("content/01-a.md", 5)
    assert locate("\u2605") == Loc("styles/brief.css", 1)
    assert locate("\u2602") == Loc("styles/print.css", 3)
    assert locate("\u2600") == here and locate("") == here


def test_a_row_missing_a_value_still_has_its_later_dates_read_and_keys_checked(
        tmp_path: Path) -> None:
    from helpers import fixture_copy

    from brief.model import PartialDate
    from brief.read.inputs import Reader
    from brief.read.load import load
    root = fixture_copy(tmp_path, "mini")
    data = root / "content/treaties.yaml"
    data.write_text(data.read_text("utf-8").replace("  number: 1\n", "", 1), "utf-8")
    project = load(root, Reader(root))
    first = project.datasets["treaties"].rows[0]
    assert "number" not in first.values and first.values["date"] == PartialDate(1992)


def test_a_build_error_says_each_problem_on_its_line_in_order() -> None:
    from brief.diagnostics import BuildError, Diagnostic, Loc
    second = Diagnostic(Loc("b.md", 2), "error", "two", code="x")
    first = Diagnostic(Loc("a.md", 9), "error", "one", code="y")
    assert str(BuildError([second, first])) == f"{first}\n{second}"


def test_a_category_prints_its_label_and_any_other_value_as_written() -> None:
    from brief.model import Column
    column = Column("c", categories=(("north", "Northland", "#123456"), (2, "Two", None)))
    assert [column.label(v) for v in ("north", 2, "south", 3)] == [
        "Northland", "Two", "south", "3"]


def test_the_templates_trim_their_block_tags_lines() -> None:
    from brief.html.templating import make_environment
    template = make_environment().from_string("<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n"
                                              "  {% endfor %}\n</ul>\n")
    assert template.render(xs=[1, 2]) == "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n"


def test_a_file_is_read_up_to_its_limit_and_not_a_byte_more(tmp_path: Path) -> None:
    import os

    from brief.read.inputs import MISSING, TOO_LARGE, read_file
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 10)
    assert read_file(path, 10) == (b"x" * 10, None)
    assert read_file(path, 9) == (None, TOO_LARGE)
    assert read_file(tmp_path / "none", 9) == (None, MISSING)
    os.mkfifo(tmp_path / "pipe")
    assert read_file(tmp_path / "pipe", 9) == (None, "it is a named pipe (FIFO), not a file")
    (tmp_path / "link").symlink_to(path)
    assert read_file(tmp_path / "link", 99) == (None, "it is a link")


def test_the_bundled_fonts_are_the_font_packages_files() -> None:
    from brief import home
    assert home._font_dirs() == home.FONT_DIRS
    assert all(d.name == "files" and any(d.glob("*.ttf")) for d in home.FONT_DIRS)


def test_the_words_of_every_language_for_figures_and_tables_are_known() -> None:
    from brief.word.sections import _words
    assert {"figure", "table", "tableau", "abbildung", "tabelle"} <= _words("figure", "table")
    assert "key points" in _words("key-points") and _words("no-such-label") == set()


def test_a_part_missing_from_a_word_file_is_refused_by_the_file_s_name(tmp_path: Path
                                                                         ) -> None:
    import zipfile

    import pytest

    from brief.word.manuscript import Refused, _part
    path = tmp_path / "m.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")
    with zipfile.ZipFile(path) as archive, pytest.raises(Refused) as refused:
        _part(archive, "word/styles.xml")
    assert str(refused.value) == (
        "m.docx: its part word/styles.xml cannot be read (\"There is no item named "
        "'word/styles.xml' in the archive\"); save it again from Word")


def test_a_joined_text_in_a_template_is_bounded_by_the_length_of_both() -> None:
    import pytest
    from jinja2.exceptions import SecurityError

    from brief.html.templating import MAX_LENGTH, make_environment
    env = make_environment()
    half = "x" * (MAX_LENGTH // 2 + 1)
    with pytest.raises(SecurityError):
        env.from_string("{{ a + b }}").render(a=half, b=half)
    assert env.from_string("{{ a + b }}").render(a="x", b=half) == "x" + half


def test_an_empty_table_heading_is_a_plain_cell_on_the_web_page() -> None:
    from lxml import html as lxml_html

    from brief.web.page import _tables
    chapter = lxml_html.fromstring(
        '<section><table id="t"><tr><th></th><th style="width: 3mm">A</th></tr>'
        '<tr><td style="width: 3mm">1</td><td>2</td></tr></table></section>')
    _tables(chapter)
    assert lxml_html.tostring(chapter).decode() == (
        '<section><div class="table-box" tabindex="0" role="region" aria-label="t">'
        '<table id="t"><tr><td></td><th>A</th></tr><tr><td>1</td><td>2</td></tr></table>'
        '</div></section>')


def test_an_escape_in_a_chart_s_expression_is_read_as_javascript_reads_it() -> None:
    from brief.read.characters import escaped_character
    assert [escaped_character(text) for text in (
        r"'\x07'", r"'\u202E'", r"'\u{202e}'", r"'\0'", r"'\033'", r"'\12'", r"'\x41'",
        r"'\\x07'")] == ["\x07", "\u202e", "\u202e", "\x00", "\x1b", None, None, None]


def test_a_word_file_whose_content_types_are_not_utf8_is_refused_in_words(
        tmp_path: Path) -> None:
    import zipfile

    import pytest

    from brief.word.manuscript import Manuscript, Refused, _read
    path = tmp_path / "m.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types>\xff\xfe</Types>")
    with zipfile.ZipFile(path) as archive, pytest.raises(Refused) as refused:
        _read(archive, Manuscript(path))
    assert str(refused.value) == "m.docx is not a Word document (.docx); save it from Word " \
        "as one"


def test_every_address_in_a_text_is_set_to_break_at_its_places() -> None:
    from brief.markdown.urls import BREAK, in_text
    text = "See https://a.org/x and www.b.org/y, then <c>."
    set_ = in_text(text)
    assert set_.replace(BREAK, "").replace("\u2060", "") == (
        'See <span class="url">https://a.org/x</span> and <span class="url">www.b.org/y'
        '</span>, then &lt;c&gt;.')


def test_each_edition_takes_the_stylesheets_of_its_medium_paper_and_state() -> None:
    from brief.handed import Edition
    from brief.pdf.edition import stylesheets

    def names(edition: Edition) -> list[str]:
        return [s.url.rsplit("/", 1)[-1] for s in stylesheets(edition)[0]]
    assert names(Edition()) == ["brief.css", "screen.css"]
    assert names(Edition("letter", print=True, draft=True)) == [
        "brief.css", "print.css", "letter.css", "draft.css"]
    assert stylesheets(Edition(book=(5, 20)))[0][-1].text == \
        "@page :first { counter-reset: page 5 }"


def test_a_column_declared_unique_holds_each_value_once(tmp_path: Path) -> None:
    from helpers import edit, fixture_copy

    from brief.read.inputs import Reader
    from brief.read.load import load
    root = fixture_copy(tmp_path, "mini")
    edit(root / "content/brief.yaml", "{name: title, title: Treaty, constraints: "
         "{required: true}}", "{name: title, title: Treaty, constraints: {required: true, "
         "unique: true}}")
    edit(root / "content/treaties.yaml", "title: Second Treaty", "title: First Treaty")
    from brief.markdown.parse import parse
    [problem] = parse(load(root, Reader(root)))[1]  # (said with the brief's other problems)
    assert (str(problem.loc), problem.code, problem.message) == (
        "content/treaties.yaml:9", "duplicate-value", "duplicate title 'First Treaty' (first "
        "at line 3); each row needs its own")


def test_a_number_times_a_text_in_a_template_is_bounded_whichever_side_the_number() -> None:
    import pytest
    from jinja2.exceptions import SecurityError

    from brief.html.templating import MAX_LENGTH, make_environment
    env = make_environment()
    big = "x" * (MAX_LENGTH // 2)
    for template in ("{{ 3 * t }}", "{{ t * 3 }}"):
        with pytest.raises(SecurityError):
            env.from_string(template).render(t=big)
    assert env.from_string("{{ 2 * t }}").render(t="ab") == "abab"


def test_french_spacing_goes_before_the_high_marks_and_inside_the_guillemets() -> None:
    from brief.read.language import language
    french = language("fr")
    assert french.typeset('Il dit "oui" : 50 % !') == \
        "Il dit «\u202foui\u202f»\u00a0: 50\u00a0%\u202f!"
    assert french.typeset("voir https://e.org/a:b, 5%-10%") == \
        "voir https://e.org/a:b, 5\u00a0%-10\u00a0%"  # (a colon inside a word stays)


def test_the_chart_engine_s_periods_are_the_language_s_own() -> None:
    from babel.dates import get_period_names

    from brief.read.language import language
    korean = language("ko").chart_locales()[1]["periods"]
    names = get_period_names(locale="ko")
    assert korean == [names["am"], names["pm"]] and korean[0] != "AM"


def test_a_date_with_its_weekday_is_read() -> None:
    from brief.word.importer import _date
    assert _date("Thursday 5 March 2026", {}, "en") == ("2026-03-05", "")
    assert _date("le jeudi 5 mars 2026", {}, "fr") == ("2026-03-05", "")  # (the weekday
    assert _date("Thu, March 5th, 2026", {}, "en-GB") == ("2026-03-05", "")  # not counted)


@pytest.mark.parametrize(("written", "problem"), [
    ("mercredi 5 mars 2026", "names a weekday that 2026-03-05 is not; write the edition's "
     "date"),
    ("Thursday March 2026", "names a weekday but no day of the month; write the edition's "
     "date"),
    ("31 February 2026", "is no day of the calendar; write it"),
    ("0 March 2026", "is no day of the calendar; write it"),
    ("Thursday 45 March 2026", "is no day of the calendar; write it")])
def test_a_date_that_is_no_day_or_not_its_weekday_is_said_and_not_written(
        written: str, problem: str) -> None:
    from brief.word.importer import _date
    assert _date(written, {"modified": "2026-01-02T00:00:00Z"}, "fr") == (
        "", f"the manuscript's date, '{written}', {problem}")


def test_a_stream_whose_reader_went_away_drops_what_follows_and_remembers_it() -> None:
    import io

    from brief.run.streams import Unbroken

    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")
    kept = Unbroken(io.StringIO())
    assert kept.write("a") == 1 and kept.broken is False and kept.stream.getvalue() == "a"
    gone = Unbroken(Gone())
    assert gone.write("lost") == 4 and gone.broken is True
    gone.flush()
    assert gone.broken is True


def test_a_new_brief_goes_into_an_empty_folder_and_is_refused_over_a_full_one(
        tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from brief.run.scaffold import new_brief
    empty = tmp_path / "empty"
    empty.mkdir()
    assert new_brief(empty, "brief-builder") == 0
    assert (empty / "content/brief.yaml").is_file() and (empty / "output").is_dir()
    assert capsys.readouterr().out == (f"started a brief in {empty}/: edit {empty}/content/, "
                                       f"then build it with 'brief-builder {empty}'\n")
    assert new_brief(empty, "python build.py") == 2
    assert capsys.readouterr().err == (f"build.py new: error: {empty} already exists and is "
                                       "not an empty folder; name a new folder\n")


def test_a_filter_s_numbers_are_bounded_and_smaller_ones_allowed() -> None:
    import pytest
    from jinja2.exceptions import SecurityError

    from brief.html.templating import MAX_LENGTH, make_environment
    env = make_environment()
    assert env.from_string("[{{ 'x' | center(5) }}]").render() == "[  x  ]"
    assert env.from_string("{{ 'a b c' | truncate(3, true, '', 0) }}").render() == "a b"
    assert env.from_string("{{ 'aaa bbb' | wordwrap(3) }}").render() == "aaa\nbbb"
    with pytest.raises(SecurityError):
        env.from_string("{{ 'x' | center(n) }}").render(n=MAX_LENGTH + 1)


def test_a_directive_s_caption_in_the_lists_keeps_its_code_words() -> None:
    from test_parse import section

    from brief.markdown.parse import make_parser, parse_section
    from brief.read.load import load
    mini = load(Path(__file__).parent / "fixtures/mini")
    body = ("Text.\n\n::: {#tbl-t .table}\ndataset: treaties\ncaption: Treaties by `number`"
            "\n:::\n")
    parsed, _, found = parse_section(make_parser(), section(body), datasets=mini.datasets)
    assert found == [] and [t.caption for t in parsed.tables] == ["Treaties by number"]


def test_a_link_out_of_the_brief_deep_in_a_font_folder_is_said_by_its_place(
        tmp_path: Path) -> None:
    from brief.diagnostics import Loc
    from brief.read.inputs import Reader
    (tmp_path / "outside.ttf").write_bytes(b"x")
    deep = tmp_path / "brief/content/fonts/more"
    deep.mkdir(parents=True)
    (deep / "a.ttf").write_bytes(b"font")
    (deep / "b.ttf").symlink_to(tmp_path / "outside.ttf")
    files, found = Reader(tmp_path / "brief").files("content/fonts", (".ttf",),
                                                    Loc("content/brief.yaml", 4))
    assert [p.name for p in files] == ["a.ttf"]
    assert [(str(d.loc), d.message) for d in found] == [(
        "content/brief.yaml:4", "'content/fonts/more/b.ttf' is a link to a place outside "
        "the brief's folder; put the file itself in the brief's folder")]


def test_a_chart_may_name_the_fields_its_transforms_make_but_no_other_unknown_one() -> None:
    from test_parse import section

    from brief.markdown.parse import make_parser, parse_section
    from brief.read.load import load
    data = load(Path(__file__).parent / "fixtures/data")
    body = ("Text.\n\n::: {#fig-d .chart}\ndataset: reservoirs\ncaption: Doubled\n"
            "vega-lite:\n  transform:\n    - {calculate: 'datum.capacity * 2', as: double}\n"
            "  mark: bar\n  encoding:\n    x: {field: nmae, type: nominal}\n"
            "    y: {field: double, type: quantitative}\n:::\n")
    _, _, found = parse_section(make_parser(), section(body), datasets=data.datasets)
    assert [(d.loc.line, d.code) for d in found] == [(15, "unknown-column")]
    assert "'nmae'" in found[0].message


def test_a_dark_lightness_s_gray_is_found_on_the_curve_s_cube_part() -> None:
    """L* 15 lies where the cube of f is past CIELAB's break (L* 8): its gray comes back
    as L* 15."""
    from brief.colour import gray_of_lightness, lightness
    for wanted in (5.0, 15.0, 60.0):
        level = round(gray_of_lightness(wanted) * 255)
        assert abs(lightness(f"#{level:02x}{level:02x}{level:02x}") - wanted) < 0.3


@pytest.mark.parametrize("lightness, luminance", [
    (4.0, 4.0 / (24389 / 27)),  # (below L* 8: CIE's straight line, Y = L* / kappa)
    (8.02, (24.02 / 116) ** 3),  # (just above it: the cube)
    (50.0, (66 / 116) ** 3)])
def test_a_lightness_s_gray_is_that_of_cie_s_luminance(lightness: float,
                                                        luminance: float) -> None:
    from brief.colour import gray_of_lightness, gray_of_luminance
    assert gray_of_lightness(lightness) == pytest.approx(gray_of_luminance(luminance),
                                                         rel=0, abs=1e-9)
    assert gray_of_luminance(0.002) == pytest.approx(12.92 * 0.002)  # (sRGB's dark line)
    from brief.colour import luminance
    assert luminance("#0a0a0a") == pytest.approx(10 / 255 / 12.92)  # (and back)
    assert gray_of_luminance(1.5) == 1.0 and gray_of_luminance(-0.1) == 0.0


def test_a_lone_surrogate_from_a_yaml_escape_is_a_hidden_character() -> None:
    from brief.read.characters import hidden_character
    assert hidden_character("ok \ud800 here") == "\ud800"
    assert hidden_character("plain é text") is None


def test_year_one_and_year_9999_are_years_of_a_reference_s_date() -> None:
    from brief.read.references import _check_parts
    assert _check_parts([[1], [9999, 12, 31]]) is None
    assert _check_parts([[0]]) == "year 0 is not 1-9999"


def test_an_installed_style_is_found_by_name_dependent_ones_too() -> None:
    from brief.resolve.cite import STYLES, bundled_style
    assert bundled_style("apa") == STYLES / "apa.csl"
    assert bundled_style("3-biotech") == STYLES / "dependent" / "3-biotech.csl"
    assert [bundled_style(n) for n in ("apa.csl", "dependent/3-biotech", "no-such")] == \
        [None, None, None]


def test_the_brief_s_own_house_colours_win_over_the_series_house_file(mini: Path) -> None:
    from brief.read.load import load
    (mini.parent / "house.yaml").write_text("colours: {accent: '#111111', rule: '#333333'}\n")
    with (mini / "content/brief.yaml").open("a") as file:
        file.write("house: {file: ../../house.yaml, colours: {accent: '#222222'}}\n")
    project = load(mini)
    assert (project.meta.house.colours["accent"], project.meta.house.colours["rule"]) == \
        ("#222222", "#333333")


def test_a_schema_that_allows_no_field_says_each_given_one_is_unknown() -> None:
    import jsonschema

    from brief.read.fields import explain
    error = next(jsonschema.Draft202012Validator(
        {"type": "object", "additionalProperties": False}).iter_errors({"colour": 1}))
    assert explain(error, "the part", lambda path: (3, 4)) == [
        (4, "unknown field 'colour' in the part; known fields: ", "unknown-field")]


def test_a_mendeley_field_without_items_is_kept_as_it_is() -> None:
    from brief.word.manuscript import _mendeley
    assert _mendeley('ADDIN CSL_CITATION {"schema": "x"}') == \
        'ADDIN CSL_CITATION {"schema": "x"}'


def test_a_re_keyed_mendeley_field_keeps_its_text_as_written() -> None:
    """(Its letters as the author's, not JSON's escapes: the field stays readable.)"""
    from brief.word.manuscript import _mendeley
    code = ('ADDIN CSL_CITATION {"citationItems": [{"id": "ITEM-1", "uris": ["http://www.'
            'mendeley.com/documents/?uuid=ab-12"], "itemData": {"id": "ITEM-1", "title": '
            '"Énergie à Bakou"}}]}')
    assert _mendeley(code) == (
        'ADDIN CSL_CITATION {"citationItems": [{"id": "mendeley-ab-12", "uris": ["http://www.'
        'mendeley.com/documents/?uuid=ab-12"], "itemData": {"id": "mendeley-ab-12", "title": '
        '"Énergie à Bakou"}}]}')


def test_a_mendeley_item_without_a_document_id_keeps_its_key() -> None:
    from brief.word.manuscript import _mendeley
    code = ('ADDIN CSL_CITATION {"citationItems": [{"id": "ITEM-1", "uris": ["http://www.'
            'mendeley.com/documents/?uuid=ab-12"]}, {"id": "ITEM-2", "uris": ["http://x.org/"]}'
            ', {"id": "ITEM-3"}]}')
    assert _mendeley(code) == code.replace('"ITEM-1"', '"mendeley-ab-12"')


def test_a_word_part_s_namespaces_are_read_from_its_head_even_cut_inside_a_letter() -> None:
    """(Its first 4096 bytes: the root element's; a letter of two bytes cut there is no
    error.)"""
    from brief.word.manuscript import _namespaces
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://w.example/" xmlns:r="http://r"'
    data = head + b" " * (4095 - len(head)) + "é>".encode() + b"<w:body/>"
    assert _namespaces(data) == [("w", "http://w.example/"), ("r", "http://r")]


def test_a_manuscript_in_a_language_cldr_does_not_know_reads_english_months() -> None:
    from brief.word.importer import _date
    assert _date("5 March 2026", {}, "qq") == ("2026-03-05", "")
    assert _date("Thursday 5 March 2026", {}, "x-private") == ("2026-03-05", "")


def test_cells_that_span_rows_side_by_side_push_the_next_row_s_cells_past_them() -> None:
    from brief.word.pandocast import grid
    attr, left = ["", [], []], {"t": "AlignDefault"}

    def cell(name: str, rows: int = 1, columns: int = 1) -> list:
        return [attr, left, rows, columns, [{"t": "Plain", "c": [{"t": "Str", "c": name}]}]]
    rows = [[attr, [cell("a", 2), cell("b", 2), cell("c")]], [attr, [cell("d")]],
            [attr, [cell("e", columns=2), cell("f")]]]
    assert [[c[0]["c"][0]["c"] if c else "" for c in row] for row in grid(rows, 3)] == [
        ["a", "b", "c"], ["", "", "d"], ["e", "", "f"]]


def test_the_text_of_raised_lowered_and_small_capital_inlines_is_their_words() -> None:
    from brief.word.pandocast import text
    words = [{"t": "Str", "c": "2"}]
    assert [text({"t": kind, "c": words}) for kind in (
        "Superscript", "Subscript", "SmallCaps", "Underline", "Strikeout")] == ["2"] * 5


def test_a_direct_mapping_of_another_pdf_is_copied_with_what_it_holds() -> None:
    import pikepdf

    from brief.book.bind import _copied
    with pikepdf.new() as book:
        copied = _copied(book, pikepdf.Dictionary(A=pikepdf.Dictionary(B=1),
                                                  C=pikepdf.Array([pikepdf.Dictionary(D=2)])))
        assert (int(copied.A.B), int(copied.C[0].D)) == (1, 2)


def test_english_single_quotes_open_and_close() -> None:
    from brief.read.language import language
    assert language("en").typeset("He said 'no' and \"yes\".") == \
        "He said \u2018no\u2019 and \u201cyes\u201d."


def test_an_imported_title_comes_from_the_file_s_properties_when_the_text_has_none(
        tmp_path: Path) -> None:
    from types import SimpleNamespace

    from brief.word.importer import _brief_yaml
    found = SimpleNamespace(properties={"title": "From Word", "company": "I"},
                            path=tmp_path / "m.docx")
    text = _brief_yaml({}, found, ["01-one.md"], False, False, [])
    assert "\ntitle: From Word\n" in text
    found.properties = {"company": "I"}
    assert "\ntitle: m\n" in _brief_yaml({}, found, ["01-one.md"], False, False, [])


def test_a_manuscript_date_of_four_words_at_most_is_read_and_a_longer_one_is_said() -> None:
    from brief.word.importer import _date
    assert _date("the 5 March 2026", {}, "en") == ("2026-03-05", "")
    assert _date("5 March 2026, draft two", {}, "en") == (
        "", "the manuscript's date, '5 March 2026, draft two', is not one the importer "
        "reads; write it")


def test_a_new_brief_that_cannot_be_made_removes_only_the_folder_it_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    import shutil

    from brief.run import scaffold

    def full_disk(source: Path, folder: Path, **_: object) -> None:
        folder.mkdir(exist_ok=True)
        (folder / "half-copied.md").write_text("x")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(shutil, "copytree", full_disk)
    assert scaffold.new_brief(tmp_path / "new", "python build.py") == 2
    assert not (tmp_path / "new").exists()
    (tmp_path / "empty").mkdir()
    assert scaffold.new_brief(tmp_path / "empty", "python build.py") == 2
    assert (tmp_path / "empty").is_dir()  # (the author's own folder stays)
    assert capsys.readouterr().err.splitlines() == [
        f"build.py new: error: cannot make the brief in {tmp_path / name}: no space left on "
        "device; name a folder you can write" for name in ("new", "empty")]

    def unremovable(path: Path, ignore_errors: bool = False) -> None:
        if not ignore_errors:  # (what cannot be removed leaves the first error said)
            raise OSError(16, "Device or resource busy")

    def in_words(source: Path, folder: Path, **_: object) -> None:
        folder.mkdir()
        raise OSError("the copy was cut short")  # (no error number: its words)
    monkeypatch.setattr(shutil, "rmtree", unremovable)
    monkeypatch.setattr(shutil, "copytree", in_words)
    assert scaffold.new_brief(tmp_path / "other", "brief-builder") == 2
    assert capsys.readouterr().err == (
        f"brief-builder new: error: cannot make the brief in {tmp_path / 'other'}: the copy "
        "was cut short; name a folder you can write\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/notes.md").write_text("mine")

    def unreadable(folder: Path) -> None:
        raise OSError(13, "Permission denied")
    monkeypatch.setattr(scaffold, "_refused", unreadable)  # (before it is known to exist)
    monkeypatch.setattr(shutil, "rmtree", lambda path, **_: shutil.move(path, tmp_path / "x"))
    assert scaffold.new_brief(tmp_path / "mine", "brief-builder") == 2
    assert (tmp_path / "mine/notes.md").read_text() == "mine"
    assert "cannot make the brief in" in capsys.readouterr().err


def test_a_link_is_refused_as_a_link(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from brief.run.scaffold import new_brief
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty")
    assert new_brief(tmp_path / "link", "brief-builder") == 2
    assert capsys.readouterr().err == (f"brief-builder new: error: {tmp_path / 'link'} is a "
                                       "link; name a new folder\n")


def test_a_file_outside_the_brief_and_its_series_folder_is_refused_naming_both(
        tmp_path: Path) -> None:
    from brief.read.inputs import Reader
    (tmp_path / "series/brief").mkdir(parents=True)
    (tmp_path / "x.yaml").write_text("a: 1")
    data, found = Reader(tmp_path / "series/brief").read("../../x.yaml",
                                                          within=tmp_path / "series")
    assert data is None and [d.message for d in found] == [
        "file '../../x.yaml' is outside the project; only files inside the brief's folder and "
        "the series folder that holds it are read"]


def test_an_icc_colour_space_without_its_component_count_is_not_taken_for_another(
        ) -> None:
    import pikepdf

    from brief.pdf.grayscale import _space
    document = pikepdf.new()
    spaces = pikepdf.Dictionary()
    for n, family in ((1, "/DeviceGray"), (3, "/DeviceRGB"), (4, "/DeviceCMYK"),
                      (None, "/ICCBased")):
        profile = pikepdf.Stream(document, b"")
        if n is not None:
            profile.N = n
        assert _space(pikepdf.Array([pikepdf.Name.ICCBased, profile]), spaces) == family


def test_lightness_turns_from_the_line_to_the_cube_root_where_cie_says(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(CIE's ε = 216/24389: just above it, the cube root; at it, the line.)"""
    from brief import colour
    for y, expected in ((0.00888, 116 * 0.00888 ** (1 / 3) - 16),
                        (216 / 24389, 24389 / 27 * 216 / 24389)):
        monkeypatch.setattr(colour, "luminance", lambda _, y=y: y)
        assert colour.lightness("#000000") == pytest.approx(expected, abs=1e-12)


def test_the_newest_brief_comes_first_and_a_month_after_its_own_first_day() -> None:
    from types import SimpleNamespace

    from brief.model import PartialDate
    from brief.web.series import _newest
    briefs = [SimpleNamespace(meta=SimpleNamespace(date=date, title=title)) for date, title in (
        (PartialDate(2025, 12, 31), "Z"), (PartialDate(2026, 3), "A"),
        (PartialDate(2026, 3, 1), "B"), (PartialDate(2026), "C"))]
    assert [b.meta.title for b in sorted(briefs, key=_newest)] == ["B", "A", "C", "Z"]


def test_the_text_of_strong_and_other_styled_inlines_is_their_words() -> None:
    from brief.word.pandocast import text
    for kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript"):
        assert text([{"t": kind, "c": [{"t": "Str", "c": "word"}]}]) == "word", kind


def test_a_run_folder_that_vanishes_while_stale_ones_are_swept_leaves_the_sweep_going(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from brief import cache
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # (no process has it)
    for n in range(3):
        (tmp_path / f"run-{dead + n}").mkdir()
    real, calls = os.lstat, []

    def lstat(path: object, **more: object) -> os.stat_result:
        if not more:  # (the sweep's own look, not shutil.rmtree's)
            calls.append(path)
            if len(calls) == 1:  # (the first one looked at is gone by then)
                raise FileNotFoundError(2, "No such file or directory")
        return real(path, **more)
    monkeypatch.setattr(os, "lstat", lstat)
    cache._remove_stale(tmp_path, "run-")
    assert len(calls) == 3 and [p.name for p in tmp_path.iterdir()] == [Path(calls[0]).name]


def test_every_title_of_a_chart_is_typeset_however_deep_in_lists() -> None:
    from brief.html.charts import _titles
    spec = {"title": "a", "layer": [{"title": "b", "encoding": {"x": {"title": "c"}}}, 7],
            "hconcat": [[{"title": "d"}]], "text": "e", "titles": ["f"]}
    assert _titles(spec, str.upper) == {
        "title": "A", "layer": [{"title": "B", "encoding": {"x": {"title": "C"}}}, 7],
        "hconcat": [[{"title": "D"}]], "text": "e", "titles": ["f"]}


@pytest.mark.parametrize(("house", "shared", "expected"), [
    ("{paper: letter}", None, ("brief", "letter")),
    ("{paper: legal}", None, ("brief", "a4")),  # (the schema's error comes later, at its line)
    ("{file: ../../house.yaml}", "paper: letter\n", ("brief", "letter")),
    ("{file: ../../house.yaml}", "fonts: {}\n", ("brief", "a4")),
    (None, None, ("brief", "a4"))])
def test_the_paper_and_file_name_are_read_first_from_the_brief_or_its_shared_house(
        tmp_path: Path, house: str | None, shared: str | None, expected: tuple) -> None:
    from brief.read.inputs import Reader
    from brief.read.load import output_options
    (tmp_path / "brief/content").mkdir(parents=True)
    (tmp_path / "brief/content/brief.yaml").write_text(
        "title: T\n" + (f"house: {house}\n" if house else ""))
    if shared is not None:
        (tmp_path / "house.yaml").write_text(shared)
    assert output_options(Reader(tmp_path / "brief")) == expected


def test_a_font_folder_s_unreadable_and_bad_files_are_said_and_its_good_ones_kept(
        tmp_path: Path) -> None:
    from brief.diagnostics import Diagnostic, Loc
    from brief.home import FONT_DIRS
    from brief.read.fields import Collector
    from brief.read.house import _add_faces
    from brief.read.yamlfile import Node
    good = next(p for d in FONT_DIRS for p in sorted(d.rglob("*.otf")) + sorted(d.rglob("*.ttf")))
    unread = Diagnostic(Loc("content/brief.yaml", 3), "error", "cannot be read")
    said = {"a.otf": (None, [unread]), "b.otf": (b"not a font", []),
            "c.otf": (good.read_bytes(), [])}
    where, faces = Collector("content/brief.yaml"), []
    _add_faces([tmp_path / n for n in ("a.otf", "b.otf", "a.otf", "b.otf", "c.otf")],
               Node("fonts/", 3), where, faces, lambda path: said[path.name])
    assert [f.path.name for f in faces] == ["c.otf"]
    assert [d.message for d in where.diagnostics] == [
        "cannot be read", "'b.otf' is not a font file the typesetter reads; use a .ttf, .otf "
        "or .woff file"] * 2


def test_a_font_package_not_installed_is_said_and_the_next_one_s_faces_are_read(
        tmp_path: Path) -> None:
    from brief.read.fields import Collector
    from brief.read.house import _fonts
    from brief.read.inputs import Reader
    from brief.read.yamlfile import Node
    where, faces = Collector("content/brief.yaml"), []
    packages = Node([Node("no_such_fonts", 4), Node("font_source_sans_pro", 5)], 3)
    _fonts(Reader(tmp_path), tmp_path, {"packages": packages}, where, faces, tmp_path)
    assert [d.message for d in where.diagnostics] == [
        "no installed Python package 'no_such_fonts'; install it (pip install) or remove it "
        "from the list"]
    assert faces and {f.family for f in faces} == {"Source Sans Pro"}


def test_past_ten_hidden_characters_one_more_message_says_more_follow_in_the_file() -> None:
    from brief.read.characters import MAX_REPORTED, check_characters
    found = check_characters("ok\n" + "a\x07b\n" * (MAX_REPORTED + 5), "content/01-a.md", 1)
    assert len(found) == MAX_REPORTED + 1
    assert (str(found[-1].loc), found[-1].level, found[-1].code, found[-1].message) == (
        f"content/01-a.md:{MAX_REPORTED + 1}", "error", "control-character",
        "more characters that do not belong in text follow; is this a text file?")


def test_a_publisher_s_email_that_is_none_is_said_at_its_line(tmp_path: Path) -> None:
    from helpers import edit, fixture_copy

    from brief.read.inputs import Reader
    from brief.read.meta import load_meta
    mini = fixture_copy(tmp_path, "mini")
    edit(mini / "content/brief.yaml", "  name: Test Institute\n",
         "  name: Test Institute\n  email: office-at-example\n")
    _, found = load_meta(Reader(mini))
    assert [str(d) for d in found] == [
        "content/brief.yaml:6: error: 'office-at-example' is not an email address; write one "
        "such as 'office@example.org' [bad-value]"]


def test_a_reference_s_address_the_link_rule_refuses_is_said_with_its_code(
        tmp_path: Path) -> None:
    from helpers import edit, fixture_copy

    from brief.diagnostics import BuildError
    from brief.read.load import load
    cited = fixture_copy(tmp_path, "cite")
    edit(cited / "content/references.yaml",
         "  URL: https://www.rferl.org/a/1052376.html", "  URL: javascript:alert(1)")
    with pytest.raises(BuildError) as failure:
        load(cited)
    assert [(str(d.loc), d.code) for d in failure.value.diagnostics] == [
        ("content/references.yaml:29", "link-refused")]


def test_the_lines_of_a_value_and_its_key_inside_lists_and_mappings() -> None:
    from brief.read.fields import lines_in
    from brief.read.yamlfile import read_yaml
    node, _ = read_yaml("a:\n  - x\n  -\n    b:\n      c\n", "f.yaml")
    assert lines_in(node, ["a", 1, "b"]) == (5, 4)  # (a value under its key)
    assert lines_in(node, ["a", 0]) == (2, 2)  # (an item: its own line)
    assert lines_in(node, ["a", 1]) == (4, 4)
    assert lines_in(node, ["a", 7]) == (2, 1)  # (no such item: where the path stops)
    assert lines_in(node, []) == (node.line, node.line)


@pytest.mark.parametrize("shared", ["- a list\n", "file: other.yaml\n"])
def test_a_shared_house_file_s_problems_join_those_found_before(tmp_path: Path,
                                                               shared: str) -> None:
    from brief.read.fields import Collector
    from brief.read.house import _shared
    from brief.read.inputs import Reader
    from brief.read.yamlfile import Node
    (tmp_path / "brief/content").mkdir(parents=True)
    (tmp_path / "house.yaml").write_text(shared)
    check = Collector("content/brief.yaml")
    check.error(2, "found before", "bad-value")
    assert _shared(Reader(tmp_path / "brief"), Node("../../house.yaml", 7), check) is None
    assert [d.message for d in check.diagnostics][0] == "found before"
    assert len(check.diagnostics) == 2 and str(check.diagnostics[1].loc).startswith(
        "../house.yaml:1")


def test_a_brief_s_own_house_fonts_join_those_its_shared_house_file_names(
        tmp_path: Path) -> None:
    from helpers import fixture_copy

    from brief.read.inputs import Reader
    from brief.read.meta import load_meta
    mini = fixture_copy(tmp_path / "series", "mini")
    (tmp_path / "series/house.yaml").write_text("fonts:\n  body: Source Sans Pro\n")
    brief = mini / "content/brief.yaml"
    brief.write_text(brief.read_text("utf-8") + "house:\n  file: ../../house.yaml\n"
                     "  fonts:\n    headings: Source Serif Pro\n", "utf-8")
    meta, found = load_meta(Reader(mini))
    assert found == [] and meta.house.fonts == {"body": "Source Sans Pro",
                                                "headings": "Source Serif Pro"}


def test_the_publisher_s_wrong_and_unknown_fields_are_each_said_at_its_line(
        tmp_path: Path) -> None:
    from helpers import edit, fixture_copy

    from brief.read.inputs import Reader
    from brief.read.meta import load_meta
    mini = fixture_copy(tmp_path, "mini")
    edit(mini / "content/brief.yaml", "  name: Test Institute\n",
         "  name: [Test Institute]\n  colour: red\n")
    assert [str(d) for d in load_meta(Reader(mini))[1]] == [
        "content/brief.yaml:5: error: field 'name' in publisher must be text, not a list of 1 "
        "[wrong-kind]",
        "content/brief.yaml:6: error: unknown field 'colour' in publisher; known fields: name, "
        "description, address, url, email, phone [unknown-field]"]


def test_a_new_brief_s_folder_is_refused_under_a_file_or_a_dangling_link_not_a_new_folder(
        tmp_path: Path) -> None:
    from brief.run.scaffold import _refused
    assert _refused(tmp_path / "a/b/c") is None  # (the folders above: made with it)
    (tmp_path / "file").write_text("x")
    assert _refused(tmp_path / "file/b") == (
        f"cannot make the brief in {tmp_path / 'file/b'}: {tmp_path / 'file'} is a file, not "
        "a folder")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert _refused(tmp_path / "dangling/b/c") == (
        f"cannot make the brief in {tmp_path / 'dangling/b/c'}: {tmp_path / 'dangling'} is a "
        "link to nothing")


def test_a_stale_run_folder_another_build_removes_first_is_no_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from brief import cache
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1  # (no process has it)
    (tmp_path / f"run-{dead}").mkdir()
    real = os.rmdir

    def rmdir(path: object, **more: object) -> None:  # (the other build was first)
        real(path, **more)  # type: ignore[arg-type]
        raise FileNotFoundError(2, "No such file or directory")
    monkeypatch.setattr(os, "rmdir", rmdir)
    cache._remove_stale(tmp_path, "run-")
    assert list(tmp_path.iterdir()) == []


def test_each_edition_s_process_builds_its_own_edition_first_then_those_made_from_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(The processes stood in for by calls in this one.) The brief's warnings go with the
    first edition only, said once; its errors are counted by each (each says it was not
    made), and said by the first only."""
    from datetime import datetime, timezone

    from brief import building, pipeline
    from brief.diagnostics import Diagnostic, Loc
    from brief.handed import Edition, Prepared
    from brief.options import Result
    from brief.run import processes
    asked: list[tuple] = []
    monkeypatch.setattr(processes, "in_order", lambda jobs, deadline: [
        job(*args) for job, args in jobs])
    monkeypatch.setattr(pipeline, "build_edition", lambda options, prepared, n, derived: (
        asked.append((options, [e.stem for e in prepared.editions], n, derived,
                      prepared.diagnostics, prepared.said)) or Result(0)))
    editions = [Edition(), Edition(web=True), Edition(print=True)]
    warning, error = (Diagnostic(Loc("a.md", n), level, "x") for n, level in (
        (1, "warning"), (2, "error")))
    prepared = Prepared(editions, None, None, [warning, error],  # type: ignore[arg-type]
                        datetime.now(timezone.utc), ["a", "b", "c"])  # type: ignore[list-item]
    assert building.in_parallel(["o1", "o2", "o3"], prepared, None) == Result(0)  # type: ignore
    assert asked == [("o1", ["brief", "web"], 0, (1,), [warning, error], ()),
                     ("o3", ["brief-print"], 0, (), [error], (error,))]


def test_a_template_s_operations_are_bounded_at_their_limits_exactly() -> None:
    """A text of MAX_LENGTH, repeated or joined, and a power of MAX_POWER are made; one more
    is refused, said with what it is. Repeating zero times makes nothing whatever the text;
    a number is not bounded by a length; an operation Python refuses is Python's error."""
    import pytest
    from jinja2.exceptions import SecurityError

    from brief.html.templating import MAX_LENGTH, MAX_POWER, make_environment
    env, at = make_environment(), "x" * MAX_LENGTH
    assert env.call_binop(None, "*", "x", MAX_LENGTH) == at == env.call_binop(
        None, "*", MAX_LENGTH, "x")
    with pytest.raises(SecurityError, match=f"^a repeated text or list larger than "
                       f"{MAX_LENGTH:,} is refused in a template$"):
        env.call_binop(None, "*", "xx", MAX_LENGTH // 2 + 1)
    assert env.call_binop(None, "*", at + "x", 0) == ""
    assert env.call_binop(None, "*", 3, MAX_LENGTH + 1) == 3 * (MAX_LENGTH + 1)
    with pytest.raises(TypeError, match="can't multiply sequence"):
        env.call_binop(None, "*", at, "b")
    assert env.call_binop(None, "+", at[1:], "x") == at
    with pytest.raises(SecurityError, match=f"^a joined text or list larger than "
                       f"{MAX_LENGTH:,} is refused in a template$"):
        env.call_binop(None, "+", at, "x")
    assert env.call_binop(None, "**", 2, MAX_POWER) == 2 ** MAX_POWER


def test_a_house_file_is_named_from_content_and_kept_within_the_series(tmp_path: Path) -> None:
    """(As brief.yaml writes it: relative to the brief's content/ folder.)"""
    from brief.read.house import shared_path
    brief = tmp_path / "series/brief"
    assert shared_path(brief, "house.yaml") == brief.resolve() / "content/house.yaml"
    assert shared_path(brief, "../../house.yaml") == brief.resolve().parent / "house.yaml"
    assert shared_path(brief, "../../../house.yaml") is None


def test_quotes_around_a_number_are_pointed_out_only_where_that_number_belongs() -> None:
    from brief.read.fields import _unquote
    advice = " (write it without quotes)"
    assert [_unquote(value, kinds) for value, kinds in (
        (" 12 ", {"integer"}), ("1.5", {"number", "integer"}), ("1.5", {"integer"}),
        ("12", {"boolean"}), ("12", {"string", "boolean"}), (12, {"integer"}))] == [
        advice, advice, "", "", "", ""]


def test_the_word_edition_s_page_is_the_brief_s_paper_and_its_notes_smaller(
        tmp_path: Path) -> None:
    import re
    import zipfile

    from brief.word.edition import _reference
    sizes, notes = [], []
    for paper in ("a4", "letter"):
        _reference(tmp_path / f"{paper}.docx", {"body": "B", "headings": "H", "colour": "#123456",
                                                "paper": paper}, 86400 * 365 * 20)
        with zipfile.ZipFile(tmp_path / f"{paper}.docx") as docx:
            sizes.append(re.findall(r"<w:pgSz [^>]*>", docx.read("word/document.xml").decode()))
            notes += re.findall(r'w:styleId="FootnoteText">((?:(?!</w:style>).)*)</w:style>',
                                docx.read("word/styles.xml").decode(), re.S)
    assert sizes == [['<w:pgSz w:w="11906" w:h="16838" />'],
                     ['<w:pgSz w:w="12240" w:h="15840" />']]
    assert len(notes) == 2 and all(  # (10 pt, as Word's own Footnote Text; the body's 12)
        '<w:rPr><w:sz w:val="20" /><w:szCs w:val="20" /></w:rPr>' in n for n in notes)
