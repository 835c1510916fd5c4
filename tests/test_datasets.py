"""Datasets of any shape: declared in brief.yaml with a Frictionless Table Schema, placed as
numbered tables and charts by directives. The builder knows nothing of any one brief."""
from __future__ import annotations

import io
import json
import re
import shutil
import tokenize
from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import (
    FIXTURES,
    ROOT,
    append,
    edit,
    join_lines,
    page_text,
    pdf_text,
    printed_numbers,
    run_build,
    xml_pages,
)

from brief.diagnostics import BuildError, Diagnostic, Loc
from brief.html.charts import draw_charts
from brief.markdown.directives import rows
from brief.markdown.parse import parse
from brief.model import Column, PartialDate
from brief.read.language import cell_text
from brief.read.load import load

DATA = ROOT / "tests/fixtures/data"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A fresh copy of the fixture brief with two datasets of other shapes."""
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("output"))
    return tmp_path / "data"


class StandInEngine:
    """The chart engine stood in for: what it is asked (each call's arguments), a chart
    for each, or the next of ``failures`` raised."""

    def __init__(self) -> None:
        self.asked: list[tuple] = []
        self.failures: list[Exception] = []
        self.closed = 0

    def svg(self, *args: object) -> str:
        self.asked.append(args)
        if self.failures:
            raise self.failures.pop()
        return "<svg/>"

    def close(self) -> None:
        self.closed += 1


def messages(root: Path) -> list[str]:
    """What reading, parsing and drawing the charts of ``root`` find."""
    with pytest.raises(BuildError) as failure:
        document, found = parse(load(root))
        found += [] if found else draw_charts(document)[1]
        if found:
            raise BuildError(found)
    return [str(d) for d in failure.value.diagnostics]


# --- loading ----------------------------------------------------------------------------

def test_a_yaml_and_a_csv_dataset_load_typed_with_their_lines() -> None:
    datasets = load(DATA).datasets
    reservoirs, flows = datasets["reservoirs"], datasets["flows"]
    assert [c.heading for c in reservoirs.columns] == [
        "id", "Reservoir", "Country", "Capacity (km³)", "Completed", "sources"]
    assert reservoirs.rows[2].values == {"id": "new-weir", "name": "New Weir",
                                         "country": "south", "capacity": 3.5}  # no year
    assert reservoirs.rows[0].at("capacity") == Loc("content/reservoirs.yaml", 4)
    assert reservoirs.row_id(reservoirs.rows[1]) == "long-lake"
    assert [(r.values, str(r.loc)) for r in flows.rows][1:3] == [
        ({"year": 2020, "flow": 18.9, "station": "Upstream"}, "content/flows.csv:3"),
        ({"year": 2021, "flow": 17.25, "station": "Border"}, "content/flows.csv:4")]
    assert flows.key is None and flows.title == "yearly flows"
    assert (str(flows.loc), str(reservoirs.loc)) == ("content/brief.yaml:14",
                                                     "content/brief.yaml:10")  # (named there)


def test_a_schema_s_missing_values_are_read_as_missing(data: Path) -> None:
    """Table Schema's ``missingValues`` (the default: the empty cell alone)."""
    edit(data / "content/brief.yaml", "    schema:\n      fields:\n        - {name: year,",
         "    schema:\n      missingValues: ['n/a']\n      fields:\n        - {name: year,")
    edit(data / "content/flows.csv", "2021,17.25,Border", "2021,n/a,Border")
    flows = load(data).datasets["flows"]
    assert flows.rows[2].values == {"year": 2021, "station": "Border"}


def test_every_row_problem_is_reported_at_its_line_yaml_and_csv(data: Path) -> None:
    edit(data / "content/reservoirs.yaml", "capacity: 48.7", "capacity: big")
    edit(data / "content/reservoirs.yaml", "  name: Long Lake\n", "")
    edit(data / "content/reservoirs.yaml", "id: new-weir", "id: high-dam")
    edit(data / "content/reservoirs.yaml", "country: south\n  capacity: 12.25",
         "country: east\n  capacity: 12.25")
    edit(data / "content/reservoirs.yaml", "completed: 1974", "completed: 1974\n  colour: red")
    edit(data / "content/flows.csv", "2020,18.9,Upstream", "2020,18.9,Upstream,extra")
    edit(data / "content/flows.csv", "2022,15.8", "2022,fifteen")
    assert messages(data) == [
        "content/flows.csv:3: error: this row has 4 cells and the header 3 (cells are "
        "separated by ','); quote a cell that holds one: \"a, b\" [wrong-cell-count]",
        "content/flows.csv:5: error: 'flow' in row must be a number, not text 'fifteen' "
        "[wrong-kind]",
        "content/reservoirs.yaml:4: error: 'capacity' in row must be a number, not text 'big' "
        "[wrong-kind]",
        "content/reservoirs.yaml:8: error: missing required field 'name' in row [missing-field]",
        "content/reservoirs.yaml:9: error: 'country' in row cannot be 'east'; use one of: "
        "north, south [bad-value]",
        "content/reservoirs.yaml:12: error: unknown field 'colour' in row; did you mean "
        "'country'? [unknown-field]",
        "content/reservoirs.yaml:14: error: duplicate id 'high-dam' (first at line 1); each "
        "row needs its own [duplicate-value]"]


def test_a_schema_is_checked_against_table_schema_with_lines(data: Path) -> None:
    edit(data / "content/reservoirs.schema.yaml", "primaryKey: id", "primaryKey: ident")
    edit(data / "content/reservoirs.schema.yaml", "type: year}", "type: yaer}")
    edit(data / "content/reservoirs.schema.yaml", "type: list, role: citations",
         "type: string, role: citations")
    edit(data / "content/brief.yaml", "type: number, unit: km³}", "tpye: number}")
    assert messages(data) == [
        "content/brief.yaml:20: error: unknown field 'tpye' in item 2 of 'fields' in the "
        "schema of 'flows'; did you mean 'type'? [unknown-field]",
        "content/reservoirs.schema.yaml:13: error: 'type' in the schema of 'reservoirs' cannot "
        "be 'yaer'; did you mean 'year'? [bad-value]"]
    edit(data / "content/reservoirs.schema.yaml", "type: yaer}", "type: year}")
    edit(data / "content/brief.yaml", "tpye: number}", "type: number}")
    assert messages(data) == [
        "content/reservoirs.schema.yaml:1: error: primaryKey 'ident' is not a column; the "
        "columns are: id, name, country, capacity, completed, sources [unknown-column]",
        "content/reservoirs.schema.yaml:14: error: a column with role 'citations' must have "
        "type 'list', not 'string' [bad-value]"]


def test_a_declaration_names_its_file_and_schema(data: Path) -> None:
    edit(data / "content/brief.yaml", "path: flows.csv", "path: flows.xlsx")
    edit(data / "content/brief.yaml", "schema: reservoirs.schema.yaml", "schema: gone.yaml")
    assert messages(data) == [
        "content/brief.yaml:13: error: cannot read schema file 'content/gone.yaml': no such "
        "file or directory [missing-file]",
        "content/brief.yaml:15: error: 'path' in dataset 'flows' must be a .yaml, .yml or "
        ".csv file in content/, not text 'flows.xlsx' [bad-value]"]


# --- placing ----------------------------------------------------------------------------

def test_directive_problems_are_at_their_lines(data: Path) -> None:
    edit(data / "content/01-reservoirs.md", "  - country\n", "  - contry\n")
    edit(data / "content/01-reservoirs.md", "sort: [-capacity]", "sort: [-capacity, yaer]")
    edit(data / "content/01-reservoirs.md", 'row-label: "{name}"', 'row-label: "{nmae}"')
    edit(data / "content/01-reservoirs.md", "dataset: reservoirs\nfilter",
         "dataset: reservoir\nfilter")
    edit(data / "content/02-flows.md", "caption: Mean yearly flow",
         "caption: Mean yearly flow\ndata: {url: 'https://example.org/x.csv'}")
    edit(data / "content/02-flows.md", "filter: {station: Border}", "filter: {station: Border}\n"
         "align: right")
    append(data / "content/02-flows.md",
           "\n::: {#tbl-more .table}\ndataset: flows\nrow-label: '{station'\n:::\n")
    assert messages(data) == [
        "content/01-reservoirs.md:11: error: unknown column 'contry' of dataset 'reservoirs'; "
        "did you mean 'country'? [unknown-column]",
        "content/01-reservoirs.md:14: error: unknown column 'yaer' of dataset 'reservoirs'; "
        "its columns are: id, name, country, capacity, completed, sources [unknown-column]",
        "content/01-reservoirs.md:15: error: row-label names '{nmae}', which is not a column; "
        "use {table}, {section} or a column in braces, such as {name} or {number:>3} "
        "[unknown-column]",
        "content/01-reservoirs.md:20: error: unknown dataset 'reservoir'; did you mean "
        "'reservoirs'? [unknown-dataset]",
        "content/02-flows.md:10: error: unknown field 'data' in the chart; did you mean "
        "'dataset'? [unknown-field]",
        "content/02-flows.md:22: error: unknown field 'align' in the table; known fields: "
        "dataset, caption, columns, filter, sort, row-label [unknown-field]",
        "content/02-flows.md:45: error: row-label is not a label with fields in braces "
        "(expected '}' before end of string); use {table}, {section} or a column in braces, "
        "such as {name} or {number:>3}; write {{ for a brace [bad-value]"]


def test_a_chart_s_data_names_categories_by_their_labels_and_dates_as_written() -> None:
    """(The archival edition's JSON names them by their values.)"""
    from brief.html.charts import values
    from brief.model import Dataset, Row
    columns = (Column("side", categories=(("n", "Northland", None),)), Column("when", "date"))
    rows = [Row({"side": "n", "when": PartialDate(1994, 4)}, Loc("d.yaml", 1)), Row({},
            Loc("d.yaml", 3))]
    dataset = Dataset("d", "d.yaml", Loc("b", 1), columns, tuple(rows))
    assert values(rows, dataset) == [{"side": "Northland", "when": "1994-04"}, {}]
    assert values(rows, dataset, labels=False) == [{"side": "n", "when": "1994-04"}, {}]


def test_a_row_label_may_name_its_table_and_section(data: Path) -> None:
    edit(data / "content/01-reservoirs.md", 'row-label: "{name}"',
         'row-label: "{table}, {section}: {name}"')
    assert parse(load(data))[1] == []


def test_a_row_s_citations_without_a_key_are_named_by_its_place_in_the_table(
        data: Path) -> None:
    """With no primaryKey, a row's citation is known by the row's number as the table prints
    it (sorted by capacity, the high dam is second), counted from one."""
    edit(data / "content/reservoirs.schema.yaml", "primaryKey: id\n", "")
    document, found = parse(load(data))
    assert found == []
    assert [(c.id, str(c.loc)) for c in document.cites] == [
        ("cite-tbl-reservoirs-2-sources", "content/reservoirs.yaml:6")]


def test_a_row_label_pads_up_to_its_limit_and_no_further(data: Path) -> None:
    """``{name:>N}`` is taken up to MAX_LABEL_WIDTH (the limit docs/errors.md states); one
    more is refused at its line, as a width that would fill memory is."""
    from brief.markdown.directives import MAX_LABEL_WIDTH
    widest = f'row-label: "{{name:>{MAX_LABEL_WIDTH}}}"'
    edit(data / "content/01-reservoirs.md", 'row-label: "{name}"', widest)
    assert parse(load(data))[1] == []
    edit(data / "content/01-reservoirs.md", widest,
         f'row-label: "{{name:^{MAX_LABEL_WIDTH + 1}}}"')
    assert messages(data) == [
        f"content/01-reservoirs.md:15: error: row-label's '{{name:^{MAX_LABEL_WIDTH + 1}}}' is "
        "not a field this label takes; use {table}, {section} or a column in braces, such as "
        "{name} or {number:>3} [bad-value]"]


def test_a_vega_lite_chart_may_not_bring_its_own_data(data: Path) -> None:
    edit(data / "content/02-flows.md", "  mark: {type: line, point: true}",
         "  mark: {type: line, point: true}\n  data: {url: 'https://example.org/x.csv'}")
    assert messages(data) == [
        "content/02-flows.md:11: error: 'vega-lite' in the chart may not give 'data': the "
        "builder supplies it [forbidden-field]"]
    edit(data / "content/02-flows.md", "  data: {url: 'https://example.org/x.csv'}\n", "")
    edit(data / "content/02-flows.md", "mark: {type: line", "mark: {type: lime")
    assert messages(data) == [
        "content/02-flows.md:11: error: 'lime' is not a Vega-Lite mark (did you mean 'line'?); "
        "use one of: arc, area, bar, image, line, point, rect, rule, text, tick, trail, "
        "circle, square, geoshape, boxplot, errorband, errorbar [unknown-mark]"]
    edit(data / "content/02-flows.md", "mark: {type: lime", "mark: {type: line")
    edit(data / "content/02-flows.md", "type: quantitative", "type: quantitativ")
    assert messages(data) == [  # (Vega-Lite would draw it as another type, in silence)
        "content/02-flows.md:14: error: 'quantitativ' is not an encoding type (did you mean "
        "'quantitative'?); use one of: quantitative, temporal, ordinal, nominal, geojson "
        "[unknown-type]"]
    edit(data / "content/02-flows.md", "type: quantitativ", "type: quantitative")
    edit(data / "content/02-flows.md", "  mark: {type: line, point: true}",
         "  mark: {type: line, point: true}\n  transform: [{calculate: 'datum.flow +', as: y2}]")
    assert messages(data) == [  # (what only the engine finds: said as it says it)
        "content/02-flows.md:7: error: the chart cannot be drawn (Vega-Lite says: Error: "
        "Unexpected end of input); check its 'vega-lite' specification [chart-failed]"]


def test_rows_are_filtered_then_sorted_missing_values_last() -> None:
    dataset = load(DATA).datasets["reservoirs"]
    names = lambda spec: [r.values["name"] for r in rows(dataset, spec)]  # noqa: E731
    assert names({"sort": ["completed"]}) == ["Old Mill", "Long Lake", "High Dam", "New Weir"]
    assert names({"sort": ["-completed"]}) == ["High Dam", "Long Lake", "Old Mill", "New Weir"]
    assert names({"sort": ["country", "-capacity"]}) == [
        "Old Mill", "High Dam", "Long Lake", "New Weir"]
    assert names({"filter": {"country": "south"}}) == ["Long Lake", "New Weir"]
    assert names({"filter": {"completed": [1968, 1990]}}) == ["High Dam", "Old Mill"]
    from brief.model import Dataset, Row
    dated = Dataset("d", "d.yaml", Loc("b", 1), (Column("name"), Column("date", "date")), tuple(
        Row({"name": n, "date": d}, Loc("d.yaml", i)) for i, (n, d) in enumerate([
            ("May", PartialDate(1994, 5)), ("Year", PartialDate(1994)),
            ("April 2", PartialDate(1994, 4, 2))])))
    assert [r.values["name"] for r in rows(dated, {"sort": ["date"]})] == [
        "Year", "April 2", "May"]  # (a date sorts as it is written: 1994, 1994-04-02, ...)
    assert [r.values["name"] for r in rows(dated, {"filter": {"date": "1994-05"}})] == ["May"]


@pytest.mark.parametrize("column, value, decimals, text", [
    (Column("c", "number"), 12.25, 1, "12.3"),  # half up, as a reader rounds
    (Column("c", "number"), 1234.5, None, "1,234.5"),
    (Column("c", "number"), 1234.5, 0, "1,235"),
    (Column("c", "number"), 15.8, 2, "15.80"),
    (Column("c", "integer"), 12500, None, "12,500"),
    (Column("c", "date"), PartialDate(1994, 4), None, "April 1994"),
    (Column("c", categories=(("n", "Northland", None),)), "n", None, "Northland"),
    (Column("c", "boolean"), True, None, "yes"),
    (Column("c", "list"), ["a", "b"], None, "a, b"),
    (Column("c", "year"), 1990, None, "1990"),
])
def test_a_cell_prints_as_its_column_says(column: Column, value: object, decimals: int | None,
                                          text: str) -> None:
    assert cell_text(column, value, decimals) == text
    assert cell_text(column, None, decimals, missing="–") == "–"


@pytest.mark.source
def test_the_builder_knows_nothing_of_the_sample_brief() -> None:
    """No agreement, category, country or alphabet of the sample brief in the builder's
    code, templates or styles. Categories are common words ("energy", "environment"): in
    code they count as a literal of their own, as hard-wiring them would write them."""
    schema = yaml.safe_load((ROOT / "content/agreements.schema.yaml").read_text("utf-8"))
    categories = next(f["categories"] for f in schema["fields"] if "categories" in f)
    names = {c["value"] for c in categories} | {c["label"] for c in categories}
    places = {"agreement", "agreements", "Turkey", "Türkiye", "Turkish", "Azerbaijan",
              "Azerbaijani", "Armenia", "Armenian", "Karabakh", "Baku", "Ankara", "Shusha"}
    letters = yaml.safe_load((ROOT / "content/brief.yaml").read_text("utf-8"))[
        "unhyphenated-letters"]
    found = []
    for path in sorted([*ROOT.glob("brief/**/*.py"), *ROOT.glob("brief/**/*.json"),
                        *ROOT.glob("templates/*"), *ROOT.glob("styles/*")]):
        text, words = path.read_text("utf-8"), places | names
        if path.suffix == ".py":  # its strings and comments, and each literal on its own
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
            text = "\n".join(t.string for t in tokens
                             if t.type in (tokenize.STRING, tokenize.COMMENT))
            literals = {t.string.strip("\"'").lower() for t in tokens
                        if t.type == tokenize.STRING}
            found += [f"{path.relative_to(ROOT)}: '{n}'" for n in names if n.lower() in literals]
            words = places
        found += [f"{path.relative_to(ROOT)}: {word}" for word in sorted(words)
                  if re.search(rf"\b{re.escape(word)}\b", text, re.I)]
        found += [f"{path.relative_to(ROOT)}: {c}" for c in letters if c in text]
    assert found == []


# --- the finished PDF -------------------------------------------------------------------

@pytest.mark.build
def test_tables_show_the_chosen_columns_order_and_formats(data_built: Path) -> None:
    pdf = data_built / "output/brief.pdf"
    text = pdf_text(pdf, "-layout")
    header = re.search(r"Reservoir +Country +Capacity \(km³\) +Year completed\n", text)
    assert header, text
    rows_printed = re.findall(r"^ *(Old Mill|High Dam1|Long Lake|New Weir) +(\w+) +([\d,.]+) +"
                              r"(\d{4}|–)$", text[header.end():], re.M)
    assert rows_printed == [("Old Mill", "Northland", "1,234.5", "1968"),
                            ("High Dam1", "Northland", "48.7", "1990"),  # its note's call
                            ("Long Lake", "Southland", "12.3", "1974"),
                            ("New Weir", "Southland", "3.5", "–")]
    assert re.search(r"Year +Mean flow \(km³\) +Station\n+ +2021 +17\.25 +Border\n+ +2022 +"
                     r"15\.80 +Border\n", text)  # the CSV, filtered, two decimals
    assert "2019" not in text.split("Table 2. Flows at the border station\n")[1].split(
        "Table 3")[0]


@pytest.mark.build
def test_tables_and_charts_are_numbered_listed_and_referred_to_with_pages(data_built: Path) -> None:
    pdf = data_built / "output/brief.pdf"
    pages = printed_numbers(pdf)
    contents = join_lines(page_text(pdf, 3, body_only=True))
    listed = dict(re.findall(r"((?:Figure|Table) \d\. [^.]+?) [. ]*(\d+)", contents))
    assert listed == {"Figure 1. Capacity of each reservoir": "4",
                      "Figure 2. Mean yearly flow": "5",
                      "Figure 3. Capacity of the largest reservoir, km³": "5",
                      "Table 1. Reservoirs of the basin, by capacity": "4",
                      "Table 2. Flows at the border station": "5",
                      "Table 3. Reservoirs by capacity": "5"}
    for label, page in listed.items():  # each is on the page the contents give
        assert label.split(". ")[0] + "." in page_text(pdf, pages[int(page)])
    body = join_lines(page_text(pdf, pages[4]))
    assert "(see Table 1, p. 4 and High Dam, p. 4); Figure 1, p. 4 compares them." in body
    assert "(Figure 2, p. 5, Table 2, p. 5)" in join_lines(page_text(pdf, pages[5]))
    assert "1. Basin Water Office, Survey of the Basin’s Reservoirs (2020)." in body


@pytest.mark.build
def test_charts_are_vector_graphics_with_text_in_the_brief_fonts(data_built: Path) -> None:
    pdf = data_built / "output/brief.pdf"
    pages = printed_numbers(pdf)
    with pikepdf.open(pdf) as document:
        assert not [o for o in document.objects if isinstance(o, pikepdf.Stream)
                    and o.get("/Subtype") == "/Image"]  # no raster image anywhere
        alts = {str(o.get("/Alt")) for o in document.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"}
    assert {"Capacity of each reservoir", "Mean yearly flow"} <= alts
    for page, labels in ((4, ["Old Mill", "New Weir", "Reservoir", "Northland", "1,000"]),
                         (5, ["2019", "2022", "Year", "Mean flow (km³)", "20"])):
        segments, fonts = xml_pages(pdf, pages[page])
        printed = {"".join(s.itertext()): fonts[s.get("font", "")][1]
                   for s in segments[0].iter("text")}
        for label in labels:  # each label is text, set in the brief's sans-serif
            assert "SourceSansPro" in re.sub("[- ]", "", printed[label]), (label, printed)


def test_the_archival_edition_attaches_each_dataset_as_written_and_as_json() -> None:
    import json

    from brief.html.render import data_files
    files = {name: data for name, data, _ in data_files(parse(load(DATA))[0])}
    assert sorted(files) == ["flows.csv", "flows.json", "references.json", "reservoirs.json",
                             "reservoirs.yaml"]
    assert files["flows.csv"] == (DATA / "content/flows.csv").read_bytes()
    assert json.loads(files["flows.json"])[2] == {"year": 2021, "flow": 17.25,
                                                  "station": "Border"}
    assert json.loads(files["reservoirs.json"])[2] == {
        "id": "new-weir", "name": "New Weir", "country": "south", "capacity": 3.5}


@pytest.mark.build
def test_schema_errors_in_one_run_leave_the_previous_pdf(data_built: Path, tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(data_built, root)
    old = (root / "output/brief.pdf").read_bytes()
    edit(root / "content/reservoirs.yaml", "capacity: 3.5", "capacity: '3.5'")  # type
    edit(root / "content/reservoirs.yaml", "  name: Long Lake\n", "")  # required
    edit(root / "content/reservoirs.yaml", "id: old-mill", "id: high-dam")  # unique
    edit(root / "content/reservoirs.yaml", "country: north\n  capacity: 1234.5",
         "country: west\n  capacity: 1234.5")  # its categories
    edit(root / "content/flows.csv", "2021,17.25,Border", "2021,17.25,Border,x")  # malformed
    append(root / "content/02-flows.md", "\n::: {#tbl-x .table}\ndataset: flows\n"
                                         "columns: [yaer]\n:::\n")  # an unknown column
    status, _, err = run_build(root)
    assert status == 1
    assert err.splitlines() == [
        "content/02-flows.md:43: error: unknown column 'yaer' of dataset 'flows'; did you mean "
        "'year'? [unknown-column]",
        "content/flows.csv:4: error: this row has 4 cells and the header 3 (cells are "
        "separated by ','); quote a cell that holds one: \"a, b\" [wrong-cell-count]",
        "content/reservoirs.yaml:8: error: missing required field 'name' in row [missing-field]",
        "content/reservoirs.yaml:16: error: 'capacity' in row must be a number, not text '3.5' "
        "(write it without quotes) [wrong-kind]",
        "content/reservoirs.yaml:19: error: duplicate id 'high-dam' (first at line 1); each "
        "row needs its own [duplicate-value]",
        "content/reservoirs.yaml:21: error: 'country' in row cannot be 'west'; use one of: "
        "north, south [bad-value]",
        "build failed with 6 error(s); output/brief.pdf was left unchanged"]
    assert (root / "output/brief.pdf").read_bytes() == old


def test_the_readme_examples_are_taken_from_files_the_tests_build() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    examples = [(page, path, block) for page in pages
                for path, block in re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)```",
                                              page.read_text("utf-8"), re.S)]
    assert len(examples) >= 5
    for page, path, block in examples:
        assert block in (ROOT / path).read_text("utf-8"), f"{page.name}: {path}"


def test_a_colour_encoding_of_a_category_column_takes_its_declared_colours() -> None:
    from brief.html.charts import CHART_STYLE, vegalite_svg
    dataset = load(DATA).datasets["reservoirs"]
    spec = {"mark": "bar", "encoding": {
        "x": {"field": "name", "type": "nominal"},
        "y": {"field": "capacity", "type": "quantitative"},
        "color": {"field": "country", "type": "nominal"}}}
    svg = vegalite_svg(spec, list(dataset.rows), dataset,
                       json.loads(CHART_STYLE.read_text("utf-8")))
    assert 'fill="#1f3a5f"' in svg and 'fill="#b7791f"' in svg  # Northland's, Southland's
    assert ">Northland</text>" in svg and ">north<" not in svg  # the legend prints labels
    assert 'font-family="Source Sans Pro"' in svg and "<image" not in svg
    assert "scale" not in spec["encoding"]["color"]  # the brief's specification is left alone


def test_charts_are_remembered_on_disk_keyed_by_spec_data_style_and_fonts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same chart again is read back, not drawn; other data, another style or another
    font file draws it anew."""
    import brief.cache
    import brief.html.charts
    from brief.html.chartengine import ChartEngine
    monkeypatch.setattr(brief.cache, "private_folder", lambda: tmp_path)
    drawn: list[dict] = []
    real = ChartEngine.svg
    monkeypatch.setattr(ChartEngine, "svg",
                        lambda self, spec, *args: drawn.append(spec) or real(self, spec, *args))
    project = load(FIXTURES / "data")
    dataset = next(d for d in project.datasets.values() if d.name == "flows")
    spec = {"mark": "line", "encoding": {"x": {"field": "year", "type": "ordinal"},
                                         "y": {"field": "flow", "type": "quantitative"}}}
    style = json.loads((ROOT / "styles/vega-lite.json").read_text("utf-8"))

    engine = ChartEngine()  # (one for the four charts drawn)

    def chart(rows: tuple = dataset.rows, faces: tuple[str, ...] = (), given: dict = spec,
              locales: tuple | None = None, **changed: str) -> str:
        return brief.html.charts.vegalite_svg(dict(given), list(rows), dataset,
                                              {**style, **changed}, None, faces, engine,
                                              locales=locales)

    french = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "€"]}
    try:
        first = chart()
        assert chart() == first and len(drawn) == 1  # read back
        assert chart(given=dict(reversed(spec.items()))) == first and len(drawn) == 1  # (its
        assert chart(dataset.rows[:-1]) != first and len(drawn) == 2  # keys in any order)
        chart(font="Source Serif Pro")
        assert len(drawn) == 3  # another style
        chart(faces=("0" * 64,))
        assert len(drawn) == 4  # other font files to measure with
        chart(locales=(french, None))
        chart(locales=(dict(reversed(french.items())), None))
        assert len(drawn) == 5  # other locales, in any order
        monkeypatch.setattr(brief.html.charts.metadata, "version", lambda name: "0.0.1")
        chart()
        assert len(drawn) == 6  # another version of the engine
    finally:
        engine.close()


def test_a_csv_as_a_french_spreadsheet_writes_it_loads_when_declared(tmp_path: Path) -> None:
    """';' between cells and decimal commas (a French spreadsheet's CSV): each named at the
    header or the first row when not declared; loaded when the dataset declares its dialect
    and the column its decimalChar (and groupChar)."""
    from brief.read.datasets import load_datasets
    from brief.read.inputs import Reader
    from brief.read.yamlfile import read_yaml
    (tmp_path / "content").mkdir()
    (tmp_path / "content/v.csv").write_text("usage;volume;count\nAgriculture;2150,5;1 200\n"
                                            "Eau potable;980,25;35\nIndustrie;310,0;7\n")

    def loaded(declaration: str) -> tuple[dict, list[str]]:
        node = read_yaml(declaration, "content/brief.yaml")[0]
        datasets, problems, of_rows = load_datasets(Reader(tmp_path), node.value,
                                                    "content/brief.yaml")
        return datasets, [str(d) for d in problems + of_rows]
    fields = "    schema: {fields: [{name: usage}, {name: volume, type: number%s}, " \
             "{name: count, type: integer%s}]}\n"
    plain = "v:\n  path: v.csv\n" + fields.replace("    ", "  ") % ("", "")
    assert loaded(plain)[1] == [
        "content/v.csv:1: error: the file separates its cells with ';', not ',' (its first "
        "line is 'usage;volume;count'); declare it under the dataset in brief.yaml: dialect: "
        "{delimiter: ';'} [wrong-delimiter]"]
    dialect = "v:\n  path: v.csv\n  dialect: {delimiter: ';'}\n" + \
        fields.replace("    ", "  ") % ("", "")
    assert loaded(dialect)[1][0] == (
        "content/v.csv:2: error: the column 'volume' writes decimal commas ('2150,5', and 2 "
        "more rows); declare it in its schema: decimalChar: ',' [decimal-comma]")
    declared = "v:\n  path: v.csv\n  dialect: {delimiter: ';'}\n" + \
        fields.replace("    ", "  ") % (", decimalChar: ','", ", groupChar: ' '")
    datasets, problems = loaded(declared)
    assert problems == []
    assert [(r.values["volume"], r.values["count"]) for r in datasets["v"].rows] == [
        (2150.5, 1200), (980.25, 35), (310.0, 7)]
    (tmp_path / "content/v.csv").write_text("usage;volume;count\nAgriculture;2150,5\n")
    assert loaded(declared)[1][0] == (
        "content/v.csv:2: error: this row has 2 cells and the header 3 (cells are separated "
        "by ';'); quote a cell that holds one: \"a; b\" [wrong-cell-count]")


def test_a_chart_that_makes_the_engine_panic_is_a_message_and_the_next_chart_draws() -> None:
    """vl-convert aborts on a control character an expression makes (the checks refuse such
    an escape at its line first; here the engine is asked directly): the chart is a message
    that says what to do, no native dump reaches the terminal, and the engine starts again
    for the next chart."""
    from brief.html.chartengine import ChartEngine, EngineStopped
    engine = ChartEngine()
    spec = {"data": {"values": [{"x": 1}]}, "mark": "bar", "encoding": {
        "x": {"field": "x", "type": "quantitative", "axis": {"labelExpr": "'a\\x07'"}}}}
    try:
        with pytest.raises(EngineStopped) as stopped:
            engine.svg(spec, {}, [])
        assert str(stopped.value).startswith("it failed on this chart (thread ")
        assert "panicked at" in str(stopped.value)
        assert str(stopped.value).endswith("; simplify the chart, its expressions and the "
                                           "texts it makes, until it draws")
        spec["encoding"]["x"]["axis"] = {}
        assert engine.svg(spec, {}, []).startswith("<svg")
    finally:
        engine.close()


COLUMNS = (Column("year", "integer"), Column("flow", "number", decimal=","),
           Column("note"), Column("tags", "list", delimiter="/"),
           Column("open", "boolean"))


def _read_csv(text: str, dialect: dict | None = None, missing: set[str] = frozenset({"–"})
              ) -> tuple[list[tuple[int, dict, dict]], list[tuple[int, str, str]]]:
    from brief.read.datarows import _csv_rows
    rows, found = _csv_rows(text, "content/f.csv", COLUMNS, set(missing), dialect or {})
    return ([(row.loc.line, values, row.lines) for values, row in rows],
            [(d.loc.line, d.code, d.message) for d in found])


def test_a_csv_file_s_rows_come_typed_at_their_lines_as_its_dialect_writes_them() -> None:
    rows, found = _read_csv("year;flow;note;tags;open\n\n2020;'4,5';'a; b';x/ y/;true\n"
                            "2021;–;'two\nlines';;FALSE\n", {"delimiter": ";",
                                                             "quoteChar": "'"})
    assert found == []
    assert rows == [
        (3, {"year": 2020, "flow": 4.5, "note": "a; b", "tags": ["x", "y"], "open": True},
         {"year": 3, "flow": 3, "note": 3, "tags": 3, "open": 3}),
        (4, {"year": 2021, "note": "two\nlines", "tags": [], "open": False},
         {"year": 4, "note": 4, "tags": 4, "open": 4})]


def test_a_csv_file_s_problems_are_each_at_its_line() -> None:
    rows, found = _read_csv("year\tflow\tyear\tcolour\n2020\t1,5\n\n2021\t2,0\t\t\n",
                            {"delimiter": "\t"})
    # (the column named twice: its second cell wins, as text, and is an error below)
    assert rows == [(4, {"year": "", "flow": 2.0}, {"year": 4, "flow": 4})]
    assert found == [
        (1, "duplicate-column", "the column 'year' is named twice in the header; keep one"),
        (1, "unknown-column", "unknown column 'colour' in the header; the columns are: "
                              "year, flow, note, tags, open"),
        (2, "wrong-cell-count", "this row has 2 cells and the header 4 (cells are separated "
                                "by a tab); quote a cell that holds one: \"a\t b\"")]
    _, found = _read_csv('year,note\n2020,"open\n2021,x\n')
    assert found == [(3, "csv-syntax", "malformed CSV: unexpected end of data; check the "
                                       "quotes on this line")]
    _, found = _read_csv('year,note\n2020,"a"b\n')  # (strict: text after a quote)
    assert [(line, code) for line, code, _ in found] == [(2, "csv-syntax")]
    assert _read_csv("") == ([], [(1, "empty-file", "the CSV file is empty; its first line "
                                                     "names the columns")])
    from brief.read.datarows import _csv_rows
    assert _csv_rows("", "content/f.csv", COLUMNS, set(), {})[1][0].loc == Loc("content/f.csv",
                                                                                1)
    from brief.read.tableschema import _known
    assert _known("note", [Column("nota"), Column("notes"), Column("noted"), Column("year")]) \
        == "did you mean 'notes' or 'noted'?"  # (the two closest of three)
    assert _known("zzz", COLUMNS) == "the columns are: year, flow, note, tags, open"
    _, found = _read_csv("year;flow\n2020;1\n")
    assert [(line, code) for line, code, _ in found] == [(1, "wrong-delimiter")]
    _, found = _read_csv("yaer,flow\n2020,1\n")
    assert found == [(1, "unknown-column", "unknown column 'yaer' in the header; did you mean "
                                           "'year'?")]


def test_a_yaml_file_s_rows_come_with_their_lines_unquoted_years_in_date_columns_as_dates(
        ) -> None:
    """An unquoted year in a date column is the date it writes ('1994'); in a number column,
    or in a column the schema does not declare, it stays a number; empty and missing cells
    are left out."""
    from brief.read.datarows import _yaml_rows
    columns = (Column("count", "integer"), Column("when", "date"), Column("label"))
    text = ("- when: 1994\n  count: 1994\n  label: 1994\n  other: 1994\n"
            "- when: '1995-04'\n  count: –\n  label:\n\n- 3\n")
    rows, found = _yaml_rows(text, "content/d.yaml", columns, {"–"})
    assert [(row.loc.line, values, row.lines) for values, row in rows] == [
        (1, {"when": "1994", "count": 1994, "label": 1994, "other": 1994},
         {"when": 1, "count": 2, "label": 3, "other": 4}),
        (5, {"when": "1995-04"}, {"when": 5})]
    assert [type(v) for v in rows[0][0].values()] == [str, int, int, int]
    assert [(d.loc.line, d.code, d.message) for d in found] == [
        (9, "wrong-kind", "a row is a mapping of columns to values, not int 3")]
    assert _yaml_rows("", "content/d.yaml", columns, set()) == ([], [Diagnostic(
        Loc("content/d.yaml", 1), "error", "the data file is empty; write its rows as "
        "'- column: value' lines", code="empty-file")])
    assert _yaml_rows("a: 1\n", "content/d.yaml", columns, set())[1] == [Diagnostic(
        Loc("content/d.yaml", 1), "error", "a dataset in YAML is a list of rows: "
        "'- column: value' lines", code="wrong-kind")]
    rows, found = _yaml_rows("- [\n", "content/d.yaml", columns, set())
    assert rows == [] and [d.code for d in found] == ["yaml-syntax"]


def test_what_the_chart_engine_is_asked_to_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chart's full specification: the house's size unless the style gives one, fitted
    to its padding, its titles and text data typeset, a category colour's declared colours
    (unless the chart gives its scale); the style with the house's family; the locales; the
    font folders."""
    import brief.cache
    from brief.html.charts import vegalite_svg
    monkeypatch.setattr(brief.cache, "_on", lambda: False)
    engine = StandInEngine()
    asked = engine.asked
    dataset = load(DATA).datasets["reservoirs"]
    rows = list(dataset.rows)[:2]
    spec = {"mark": "bar", "title": "Dams \"now\"", "encoding": {
        "x": {"field": "name", "type": "nominal", "title": "A 'name'"},
        "color": {"field": "country", "type": "nominal"}}}
    keys: list[tuple] = []
    real = brief.cache.key
    monkeypatch.setattr(brief.cache, "key", lambda *parts: keys.append(parts) or real(*parts))
    assert vegalite_svg(spec, rows, dataset, {"font": "X"}, "Y", ("d1",), engine,
                        lambda: ["fonts"], ({"decimal": ","}, {}), lambda s: f"<{s}>") == \
        "<svg/>"
    from brief.html.chartengine import VEGA_LITE
    from brief.html.charts import _bundled_identity
    assert keys[0][-3:] == (VEGA_LITE, _bundled_identity(), "d1")  # (what shapes it)
    [(full, style, fonts, locales)] = asked
    assert (style, fonts, locales) == ({"font": "Y"}, ["fonts"], ({"decimal": ","}, {}))
    assert (full["width"], full["height"], full["autosize"]) == (
        600, 220, {"type": "fit", "contains": "padding"})
    assert (full["title"], full["encoding"]["x"]["title"]) == ('<Dams "now">', "<A 'name'>")
    assert full["data"]["values"][0]["name"] == f"<{rows[0].values['name']}>"
    assert full["encoding"]["color"]["scale"] == {
        "domain": ["Northland", "Southland"], "range": ["#1f3a5f", "#b7791f"]}
    assert "scale" not in spec["encoding"]["color"] and spec["title"] == 'Dams "now"'
    spec["encoding"]["color"]["scale"] = {"scheme": "greys"}
    vegalite_svg(spec, rows, dataset, {"width": 300, "height": 100}, None, (), engine)
    assert (asked[1][0]["width"], asked[1][0]["height"], asked[1][1]) == (300, 100, {})
    assert asked[1][0]["encoding"]["color"]["scale"] == {"scheme": "greys"}
    assert engine.closed == 0  # (the caller's engine: the caller ends it)
    keys.clear()
    for style in ({"font": "X", "background": "white"}, {"background": "white", "font": "X"}):
        vegalite_svg(spec, rows, dataset, style, None, (), engine)
    assert keys[0] == keys[1]  # (a style's order of keys is no change)
    keys.clear()
    for locales in (({"decimal": ","}, {}), ({"decimal": "."}, {})):
        vegalite_svg(spec, rows, dataset, {}, None, (), engine, locales=locales)
    assert keys[0] != keys[1]  # (another language's numbers: another chart)
    import brief.html.charts
    own = StandInEngine()
    monkeypatch.setattr(brief.html.charts, "ChartEngine", lambda: own)
    vegalite_svg(spec, rows, dataset, {}, None, ())
    assert (len(own.asked), own.closed) == (1, 1)  # (one started for this chart: ended)


def test_why_a_chart_cannot_be_drawn_is_said_with_its_kind(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What Vega-Lite says of a wrong specification (its first line after the message's
    own, not its stack), a chart that stops the engine, and the house's accent colour and
    headings' family given to the engine."""
    import brief.cache
    from brief.html.chartengine import ChartError, EngineStopped
    from brief.html.charts import Charts
    from brief.look import House
    from brief.model import Figure
    monkeypatch.setattr(brief.cache, "_on", lambda: False)
    engine = StandInEngine()
    asked, failures = engine.asked, engine.failures
    dataset = load(DATA).datasets["reservoirs"]
    figure = Figure("f", "chart", Loc("content/a.md", 3), spec={"vega-lite": {
        "mark": "bar", "encoding": {"x": {"field": "name", "type": "nominal"}}}})
    charts = Charts(None, House({"accent": "#123456"}, {"headings": "House Sans"}))
    charts.engine = engine  # type: ignore[assignment]
    rows = list(dataset.rows)
    assert charts._drawn(figure, dataset, rows, False) == "<svg/>"
    assert asked[0][1]["mark"]["color"] == "#123456" and asked[0][1]["font"] == "House Sans"
    charts._style = {"mark": {"opacity": 0.5, "color": "#000000"}}  # (a brief's own style)
    charts._drawn(figure, dataset, rows, False)
    assert asked.pop()[1]["mark"] == {"opacity": 0.5, "color": "#123456"}
    failures.append(ValueError("Error: spec\n  Unknown mark 'barr'  \n    at stack (x.js:1)"))
    with pytest.raises(ChartError) as said:
        charts._drawn(figure, dataset, rows, False)
    assert (str(said.value), said.value.code) == (
        "the chart cannot be drawn (Vega-Lite says: Unknown mark 'barr'); check its "
        "'vega-lite' specification", "chart-failed")
    failures.append(ValueError("one line " + "x" * 400))
    with pytest.raises(ChartError) as said:
        charts._drawn(figure, dataset, rows, False)
    assert str(said.value) == f"the chart cannot be drawn (Vega-Lite says: one line " \
        f"{'x' * 291}); check its 'vega-lite' specification"
    failures.append(EngineStopped("it ran out of memory"))
    with pytest.raises(ChartError) as said:
        charts._drawn(figure, dataset, rows, False)
    assert (str(said.value), said.value.code) == (
        "the chart stopped the chart engine: it ran out of memory", "chart-failed")
    charts.problems = [Diagnostic(Loc("styles/vega-lite.json", 1), "error", "x")]
    charts._style = None
    with pytest.raises(ChartError) as said:
        charts._drawn(figure, dataset, rows, False)
    assert (str(said.value), said.value.code) == (
        "its style, styles/vega-lite.json, cannot be used (see there)", "chart-failed")


@pytest.mark.parametrize("text, dialect, said", [
    ("year;flow\n2020;1\n", None, "the file separates its cells with ';', not ',' (its first "
     "line is 'year;flow'); declare it under the dataset in brief.yaml: dialect: "
     "{delimiter: ';'}"),
    ("year\tflow\tx\ty\n", None, "the file separates its cells with a tab, not ',' (its first "
     "line is 'year\tflow\tx\ty'); declare it under the dataset in brief.yaml: dialect: "
     "{delimiter: \"\\t\"}"),
    ("year,flow\n", {"delimiter": "\t"}, "the file separates its cells with ',', not a tab "
     "(its first line is 'year,flow'); declare it under the dataset in brief.yaml: dialect: "
     "{delimiter: ','}"),
    ("year|a|b\n", None, None),  # (one known name of three: not a header)
    ("year|a\n", None, "the file separates its cells with '|', not ',' (its first line is "
     "'year|a'); declare it under the dataset in brief.yaml: dialect: {delimiter: '|'}"),
    ("year\n2020\n", None, None), ("yearflow\n", None, None)])
def test_a_header_of_one_cell_written_with_another_delimiter_is_named(
        text: str, dialect: dict | None, said: str | None) -> None:
    rows, found = _read_csv(text, dialect)
    assert [m for _, code, m in found if code == "wrong-delimiter"] == ([said] if said else [])
    assert all(d.level == "error" for d in _csv_found(text, dialect))


def _csv_found(text: str, dialect: dict | None) -> list:
    from brief.read.datarows import _csv_rows
    return _csv_rows(text, "content/f.csv", COLUMNS, set(), dialect or {})[1]


def test_malformed_csv_is_an_error_at_its_line() -> None:
    [found] = _csv_found('year,note\n2020,"open\n2021,x\n', None)
    assert (found.level, found.code, found.loc.line) == ("error", "csv-syntax", 3)


def test_the_engine_measures_with_copies_of_the_house_fonts_made_once_and_removed(
        tmp_path: Path) -> None:
    from helpers import house_font

    from brief.home import FONT_DIRS
    from brief.html.charts import Charts
    from brief.look import Face, House
    from brief.read.inputs import Reader
    font = house_font(tmp_path / "content/fonts/house.ttf", "House Sans")
    house = House(faces=(Face("House Sans", font, 400, False, frozenset()),))
    charts = Charts(Reader(tmp_path), house)
    folders = charts._folder()
    assert folders[:-1] == [str(d) for d in FONT_DIRS]
    copies = Path(folders[-1])
    assert [p.name for p in copies.iterdir()] == ["0.ttf"]
    assert (copies / "0.ttf").read_bytes() == font.read_bytes()
    assert charts._folder() == folders
    charts.close()
    assert not copies.exists() and charts._fonts is None
    assert Charts(Reader(tmp_path))._folder() == [str(d) for d in FONT_DIRS]


def test_a_picture_is_drawn_as_a_png_in_the_fonts_the_charts_are_drawn_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Charts.png`` asks the engine with the bundled fonts' folders and the house's; what
    the engine cannot draw, or a picture that stops it, is a ``ChartError`` in words."""
    from helpers import house_font

    from brief.home import FONT_DIRS
    from brief.html.chartengine import ChartEngine, EngineStopped
    from brief.html.charts import ChartError, Charts
    from brief.look import Face, House
    from brief.read.inputs import Reader
    font = house_font(tmp_path / "content/fonts/house.ttf", "House Sans")
    charts = Charts(Reader(tmp_path), House(faces=(Face("House Sans", font, 400, False,
                                                        frozenset()),)))
    asked: list = []
    replies = iter([b"PNG", ValueError("svg parsing failed"), EngineStopped("it was ended"),
                    ValueError("x" * 400)])

    def png(engine: ChartEngine, svg: str, fonts: list[str]) -> bytes:
        asked.append((svg, fonts))
        reply = next(replies)
        if isinstance(reply, Exception):
            raise reply
        return reply
    monkeypatch.setattr(ChartEngine, "png", png)
    try:
        assert charts.png("<svg/>") == b"PNG"
        for why in ("svg parsing failed", "it was ended"):
            with pytest.raises(ChartError, match=rf"^it cannot be drawn as a PNG \({why}\)$"
                               ) as failure:
                charts.png("<svg/>")
            assert failure.value.code == "chart-failed"
        with pytest.raises(ChartError, match=rf"^it cannot be drawn as a PNG \({'x' * 300}\)$"):
            charts.png("<svg/>")  # (the engine's words, cut at 300 characters)
        [fonts] = {tuple(fonts) for _, fonts in asked}
        assert fonts[:-1] == tuple(map(str, FONT_DIRS))
        assert [p.name for p in Path(fonts[-1]).iterdir()] == ["0.ttf"]
    finally:
        charts.close()


def test_the_house_fonts_copied_for_the_engine_are_read_as_fonts_where_the_build_may_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A font of the series is read through the brief's reader (recorded, under a font's
    limit, within the series); one of an installed package, outside it, as it is; the
    copies in a folder of their own in this build's run folder."""
    from helpers import house_font

    from brief import cache
    from brief.html.charts import Charts
    from brief.look import Face, House
    from brief.read import inputs
    series_font = house_font(tmp_path / "series/fonts/house.ttf", "House Sans")
    installed = house_font(tmp_path / "site-packages/font/other.ttf", "Other Sans")
    monkeypatch.setitem(inputs.LIMITS, "text", 100)  # (a font is no text: its own limit)
    reader = inputs.Reader(tmp_path / "series/brief")
    house = House(faces=(Face("House Sans", series_font, 400, False, frozenset()),
                         Face("Other Sans", installed, 400, False, frozenset())))
    charts = Charts(reader, house)
    try:
        copies = Path(charts._folder()[-1])
        assert copies.parent == cache.run_folder() and copies.name.startswith("brief-fonts-")
        assert [(p.name, p.read_bytes()) for p in sorted(copies.iterdir())] == [
            ("0.ttf", series_font.read_bytes()), ("1.ttf", installed.read_bytes())]
        assert f"file:{series_font.resolve()}" in reader.record
        assert f"file:{installed.resolve()}" not in reader.record
    finally:
        charts.close()


def test_a_chart_s_own_alt_text_is_read_aloud_else_its_caption() -> None:
    from brief.html.charts import chart_alt
    from brief.model import Figure
    dataset = load(DATA).datasets["reservoirs"]
    figure = Figure("f", "chart", Loc("a.md", 1), "Capacity", {"vega-lite": {}})
    assert chart_alt(figure, dataset) == "Capacity"
    figure = Figure("f", "chart", Loc("a.md", 1), "Capacity", {"vega-lite": {},
                                                               "alt": "Bars, tallest north"})
    assert chart_alt(figure, dataset) == "Bars, tallest north"


@pytest.mark.parametrize("cell, column, value", [
    ("1.234,5", Column("n", "number", decimal=",", group="."), 1234.5),
    ("1 234", Column("n", "integer", group=" "), 1234),
    ("1,234.5", Column("n", "number", group=","), 1234.5),
    (" 2.5 ", Column("n", "number"), 2.5),
    ("12", Column("y", "year"), 12),
    ("x", Column("n", "number"), "x"),
    ("TRUE", Column("b", "boolean"), True), ("yes", Column("b", "boolean"), "yes"),
    ("a; b;", Column("l", "list", delimiter=";"), ["a", "b"]),
    (" text ", Column("t"), " text ")])
def test_a_csv_cell_is_cast_as_its_column_writes_it(cell: str, column: Column,
                                                    value: object) -> None:
    from brief.read.datarows import _cast
    assert _cast(cell, column) == value and type(_cast(cell, column)) is type(value)


def test_undeclared_decimal_commas_are_said_once_a_column_with_how_many_more() -> None:
    from brief.read.datarows import _csv_rows
    columns = (Column("v", "number"),)

    def said(values: list[str]) -> list[str]:
        text = "v\n" + "".join(f'"{v}"\n' for v in values)
        rows, found = _csv_rows(text, "content/v.csv", columns, set(), {})
        assert rows == [] and all(d.code == "decimal-comma" for d in found)
        return [d.message for d in found]
    opening = "the column 'v' writes decimal commas ('1,5'"
    ending = "); declare it in its schema: decimalChar: ','"
    assert said(["1,5"]) == [opening + ending]
    assert said(["1,5", "2,5"]) == [opening + ", and 1 more row" + ending]
    assert said(["1,5", "2", "2,5", "3,5"]) == [opening + ", and 2 more rows" + ending]


def test_a_pattern_that_takes_too_long_is_said_once_at_its_schema_s_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import regex

    from brief.read import tableschema
    from brief.read.tableschema import Pattern
    monkeypatch.setattr(tableschema, "PATTERN_SECONDS", 0.05)
    slow = Pattern(regex.compile(r"^(a|aa)+$"), "content/s.yaml", 7)
    found = [slow.problem("a" * 80 + "b", "code", line, "content/d.csv") for line in (2, 3)]
    assert [(str(d.loc), d.code, d.message) for d in found if d] == [(
        "content/s.yaml:7", "over-limit", "the pattern of 'code' took longer than 0.05 s on "
        "the value at content/d.csv:2 and was stopped (it can backtrack without end); "
        "simplify it")]
    plain = Pattern(regex.compile("^[a-z]+$"), "content/s.yaml", 7)
    assert plain.problem("abc", "code", 2, "content/d.csv") is None
    assert str(plain.problem("ab1", "code", 3, "content/d.csv")) == (
        "content/d.csv:3: error: 'code' in row: 'ab1' does not match the pattern '^[a-z]+$' "
        "[bad-value]")


def test_a_chart_is_drawn_in_the_brief_s_language_and_a_timeline_with_plates(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import brief.cache
    from brief.html import charts as charts_module
    from brief.html.chartengine import ChartError
    from brief.html.charts import Charts
    from brief.look import House
    from brief.model import Figure, FigureRow
    from brief.read.language import language
    monkeypatch.setattr(brief.cache, "_on", lambda: False)
    engine = StandInEngine()
    asked = engine.asked
    mini = load(ROOT / "tests/fixtures/mini")
    treaties = mini.datasets["treaties"]
    french = language("fr")
    charts = Charts(None, House(patterns=True), french)
    charts.engine = engine  # type: ignore[assignment]
    bars = Figure("f", "chart", Loc("a.md", 1), spec={"vega-lite": {"mark": "bar"}})
    charts._drawn(bars, treaties, list(treaties.rows), False)
    assert asked[0][3] == french.chart_locales()
    timeline = Figure("t", "chart", Loc("a.md", 1), spec={"timeline": {
        "date": "date", "label": "number", "colour": "category"}})
    plated = charts._drawn(timeline, treaties, list(treaties.rows), True)
    assert "data-plain='1'" in plated and "data-plain" not in charts._drawn(
        timeline, treaties, list(treaties.rows), False)
    many = Figure("m", "chart", Loc("a.md", 1), spec={"vega-lite": {"mark": "bar"}},
                  rows=tuple(FigureRow(treaties.rows[0], {})
                             for _ in range(charts_module.MAX_ROWS + 1)))
    with pytest.raises(ChartError) as refused:
        charts.draw(many, treaties)
    assert refused.value.code == "over-limit" and str(refused.value).startswith(
        f"it would draw {charts_module.MAX_ROWS + 1:,} rows, more than")


@pytest.mark.parametrize("text, said", [
    ('{"axis":\n  {"grid" true}}\n', "styles/vega-lite.json:2: error: malformed JSON: "
     "Expecting ':' delimiter; fix the syntax on this line [json-syntax]"),
    ('["not", "settings"]\n', "styles/vega-lite.json:1: error: a chart style is a JSON "
     "object of Vega-Lite settings [wrong-kind]")])
def test_a_brief_s_own_chart_style_that_cannot_be_used_is_said_at_its_line(
        tmp_path: Path, text: str, said: str) -> None:
    from brief.html.charts import Charts
    from brief.read.inputs import Reader
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles/vega-lite.json").write_text(text)
    charts = Charts(Reader(tmp_path))
    assert charts.style() is None and [str(p) for p in charts.problems] == [said]


def test_a_timeline_s_columns_are_checked_against_its_dataset(mini: Path) -> None:
    append(mini / "content/02-annex.md", "\n::: {#fig-line .chart}\ndataset: treaties\n"
           "timeline: {date: date, label: numbr, colour: category}\ncaption: Dates.\n:::\n")
    assert [m.split(";")[0] for m in messages(mini)] == [
        "content/02-annex.md:15: error: unknown column 'numbr' of dataset 'treaties'"]


def test_a_sort_key_s_minus_is_its_direction_and_every_other_letter_its_column() -> None:
    from brief.markdown.directives import rows
    from brief.model import Dataset, Row
    here = Loc("content/d.yaml", 1)
    dataset = Dataset("d", "content/d.yaml", here, (Column("Xv", "integer"),), tuple(
        Row({"Xv": v}, here) for v in (2, 3, 1)))
    assert [r.values["Xv"] for r in rows(dataset, {"sort": ["-Xv"]})] == [3, 2, 1]
    assert [r.values["Xv"] for r in rows(dataset, {"sort": ["Xv"]})] == [1, 2, 3]


def test_a_table_that_names_no_columns_shows_all_but_its_citations_and_queries() -> None:
    from brief.markdown.directives import shown_columns
    from brief.model import Column, Dataset
    dataset = Dataset("d", "data/d.csv", Loc("content/brief.yaml", 3), (
        Column("year", "year"), Column("sources", role="citations"), Column("value", "number"),
        Column("check", role="query")), ())
    assert shown_columns({}, dataset) == [{"field": "year"}, {"field": "value"}]
    assert shown_columns({"columns": ["value", {"field": "year", "title": "Y"}]}, dataset) == [
        {"field": "value"}, {"field": "year", "title": "Y"}]
