"""A brief prints as its language does: French spacing wherever a text was typed (the text,
brief.yaml, captions, notes, the builder's own labels), curly quotes and apostrophes,
numeric ranges kept whole, charts' numbers as the tables' (CLDR), the suggested citation's
names and series number as the style and the language write them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinyhtml5
from helpers import edit, fixture_copy, pdf_text, run_build

from brief.read.language import language

MARKS = ";:!?%"
SPACES = "\u202f\u00a0"


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/french built: a brief typed with plain spaces, straight quotes and
    apostrophes, typed guillemets, a range, a table, two charts, a note and a citation."""
    root = fixture_copy(tmp_path_factory.mktemp("french"), "french")
    status, _, err = run_build(root)
    assert (status, err) == (0, ""), err
    return root


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same brief in German (``language: de``), built."""
    root = fixture_copy(tmp_path_factory.mktemp("german"), "french")
    edit(root / "content/brief.yaml", "language: fr", "language: de")
    status, _, err = run_build(root)
    assert (status, err) == (0, ""), err
    return root


def printed_texts(html: str) -> dict[str, str]:
    """The text each part of the page prints, by part (cover, inside page, body, notes,
    back page), without the addresses (``span.url``), styles and the head."""
    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    parts: dict[str, list[str]] = {}

    def walk(element: object, part: str) -> None:
        tag, classes = element.tag, (element.get("class") or "").split()
        if tag in ("style", "script", "head") or "url" in classes:
            return
        part = next((c for c in ("cover", "imprint", "back", "note") if c in classes), part)
        parts.setdefault(part, []).append(element.text or "")
        for child in element:
            walk(child, part)
            parts.setdefault(part, []).append(child.tail or "")
    walk(tree.find("body"), "body")
    return {part: "".join(texts) for part, texts in parts.items()}


@pytest.mark.build
def test_french_spacing_is_set_in_every_part_of_the_page(french: Path) -> None:
    """Before every ; : ! ? % a narrow or plain no-break space, never a breaking one, and
    one inside every « »: in the body, the cover, the inside page, the back page and the
    notes, whether the author typed a space, none, or straight quotes."""
    parts = printed_texts((french / "output/brief.html").read_text("utf-8"))
    for part in ("body", "cover", "imprint", "back", "note"):
        text = parts[part]
        marks = [m for m in re.finditer(f"[{re.escape(MARKS)}»]", text)]
        assert marks or part == "cover" and "«" not in text, f"{part}: nothing to check"
        for mark in marks:
            assert text[mark.start() - 1] in SPACES, (part, text[mark.start() - 20:mark.end()])
        for mark in re.finditer("«", text):
            assert text[mark.end()] in SPACES, (part, text[mark.start():mark.end() + 20])
    assert "Courriel\u00a0: contact@" in parts["back"]  # the builder's own label too


@pytest.mark.build
def test_the_pdf_s_title_is_set_as_the_language_sets_it(french: Path) -> None:
    """The title and subtitle on one line in the PDF's description (/Info and XMP), with the
    apostrophe and the colons' spaces of the page, as the web page's title has them."""
    import pikepdf
    whole = "L\u2019eau du bassin\u00a0: un enjeu partagé\u00a0: Ressources, usages et coopération"
    with pikepdf.open(french / "output/brief.pdf") as pdf:
        assert str(pdf.docinfo.Title) == pdf.open_metadata()["dc:title"] == whole
    assert language("fr").whole_title("Titre", None) == "Titre"


@pytest.mark.build
def test_no_line_of_a_french_pdf_begins_with_a_mark_and_no_quote_is_straight(
        french: Path) -> None:
    text = pdf_text(french / "output/brief.pdf")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert [line for line in lines if line[0] in MARKS + "»"] == []
    assert "'" not in text and '"' not in text
    assert "«\u202f" in (french / "output/brief.html").read_text("utf-8")  # (typed straight)
    assert "2015–\u20602023" in (french / "output/brief.html").read_text("utf-8")


def chart_texts(html: str) -> list[list[str]]:
    """The texts each chart draws (its SVG's ``<text>``), chart by chart: its own, not the
    tables' or the body's."""
    import base64
    from xml.etree import ElementTree
    charts = [ElementTree.fromstring(base64.b64decode(data)) for data in
              re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)]
    return [["".join(text.itertext()) for text in chart.iter("{http://www.w3.org/2000/svg}text")]
            for chart in charts]


@pytest.mark.build
def test_charts_print_numbers_as_the_language_does(french: Path, german: Path) -> None:
    """French: 2 000 and 0,5 on the axes, as the table's 2 150,5; German: 2.000 and 0,5.
    Read in the charts' own text (the table's 2 150,5 holds "0,5" too): every number on
    their axes written as the language writes it, and printed."""
    for root, tag, thousands in ((french, "fr", "\u202f"), (german, "de", ".")):
        volumes, rates = chart_texts((root / "output/brief.html").read_text("utf-8"))
        assert f"2{thousands}000" in volumes and "0,5" in rates, (tag, volumes, rates)
        assert "2,000" not in volumes and "0.5" not in rates
        number = re.compile(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})*(?:,\d+)?")
        ticks = [t for t in volumes + rates if t[:1].isdigit()]
        assert len(ticks) > 10 and all(number.fullmatch(t) for t in ticks), (tag, ticks)
        text = " ".join(pdf_text(root / "output/brief.pdf").split())
        assert all(" ".join(t.split()) in text for t in volumes + rates), tag
    assert "2 150,5" in pdf_text(french / "output/brief.pdf")  # (the table's, as the charts')


@pytest.mark.build
def test_the_suggested_citation_names_and_numbers_as_the_language_writes(
        french: Path, german: Path) -> None:
    """The first author inverted as the style says, the others not, in the language's
    words; the series number with the language's label. Read in the suggested citation
    itself (the inside page's series line above it has the label too), and printed."""
    for root, expected in (
            (french, ("Montagnac, Claire, et Julien Feraud.", "Cahiers de l’Observatoire, "
                      "n°\u00a07.")),
            (german, ("Montagnac, Claire, und Julien Feraud.", "Cahiers de l’Observatoire, "
                      "Nr.\u00a07."))):
        html = (root / "output/brief.html").read_text("utf-8")
        citation = re.search(r'<p class="imprint-citation">(.*?)</p>', html, re.S)
        assert citation, root
        for words in expected:
            assert words in citation[1], (words, citation[1])
        text = " ".join(pdf_text(root / "output/brief.pdf").split())
        assert " ".join(re.sub("<[^>]+>", "", citation[1]).split()) in text


@pytest.mark.parametrize("tag, typed, printed", [
    ("fr", 'Le "titre" : l\'analyse ; vraiment? 52,5%', "Le «\u202ftitre\u202f»\u00a0: "
     "l’analyse\u202f; vraiment\u202f? 52,5\u00a0%"),
    ("fr", "« déjà espacé » et «collé»", "«\u202fdéjà espacé\u202f» et «\u202fcollé\u202f»"),
    ("fr", "https://a.fr/x?y=1 à 10:30", "https://a.fr/x?y=1 à 10:30"),  # (not marks here)
    ("de", 'Das "Zitat": gut', "Das „Zitat“: gut"),
    ("en", "It's \"quoted\", 1914–1918", "It’s “quoted”, 1914–\u20601918"),
    ("en", '"\u2009thin\u2009" " spaced "', "“\u2009thin\u2009” “spaced”"),  # (typed as is)
    ("ru", 'Это "цитата" — да', "Это «цитата»\u00a0— да"),
])
def test_each_language_sets_its_quotes_and_spacing(tag: str, typed: str, printed: str) -> None:
    assert language(tag).typeset(typed) == printed
