"""End to end: the real brief's PDF, and what a failed build leaves behind."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from helpers import (
    ROOT,
    Built,
    body_text,
    edit,
    fixture_copy,
    font_problems,
    join_lines,
    page_count,
    page_text,
    pdf_text,
    printed_numbers,
    python,
    run_build,
)

from brief.pdf.typeset import ProjectFetcher
from brief.read.inputs import Reader

pytestmark = pytest.mark.build  # whole builds: left out of mutation runs


SEED = ROOT / "tests/fixtures/seed/turkey-azerbaijan-relations.txt"
ITEM = re.compile(r"^\s*(\d+)\.\s+(.*)\s+\(([^()]*)\)\s*$")


def normalize(text: str) -> str:
    """Compare words, not typography: one kind of quote, no bullets, single spaces, and no
    hyphens (a hyphen at a line end may be the typesetter's or the author's)."""
    text = re.sub("[-\u2010\u00ad]", "", text)
    text = re.sub("[“”\"]", '"', text)
    text = re.sub("[‘’']", "'", text).replace("•", " ")
    return re.sub(r"\s+", " ", text).strip()


def changes() -> list[tuple[str, str]]:
    """The (seed text, brief text) pairs of content/CHANGES.md's table."""
    rows = []
    for line in (ROOT / "content/CHANGES.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("Section", "---"):
            rows.append((cells[1], cells[2]))
    return rows


def seed_body() -> tuple[list[str], list[tuple[int, str, str]]]:
    """The seed from 'Introduction' through the appendix list, with CHANGES.md applied:
    its sentences and headings, and its numbered agreements (number, title, date)."""
    text = SEED.read_text("utf-8")
    body = text[text.index("Introduction"):text.index("USC Dornsife Institute")]
    for before, after in changes():
        assert before in body, f"CHANGES.md lists text the seed does not have: {before}"
        body = body.replace(before, after)
    prose, items = [], []
    for line in body.splitlines():
        if match := ITEM.match(line):
            items.append((int(match[1]), match[2], match[3]))
        elif line.strip():
            prose += [s for s in re.split(r"(?<=[.!?:])\s+", line.strip().lstrip("•").strip())
                      if s]
    return prose, items


def test_the_real_brief_builds_strict_with_no_diagnostics(editions: Built) -> None:
    pages = page_count(editions.pdf())
    said = editions.report("brief").splitlines()  # (with its web edition and gray proof)
    assert f"wrote output/brief.pdf ({pages} pages) and output/brief.html" in said
    assert all(line.startswith(("wrote ", "preflight of ")) for line in said), said


def test_changes_are_listed_and_small() -> None:
    assert len(changes()) == 2


# Editorial cross-references added in parentheses, e.g. "(Appendix, no. 13, p. 14)".
XREF = re.compile(r" ?\((?:see,?[^()]*? )?(?:[^()]*?, p\. \d+(?: and )?)+\)")


def brief_text(pdf: Path) -> str:
    return normalize(XREF.sub("", body_text(pdf)))


def test_every_seed_sentence_is_in_the_pdf(editions: Built) -> None:
    text = brief_text(editions.pdf())
    prose, _ = seed_body()
    assert len(prose) > 120
    missing = [s for s in prose if normalize(s) not in text]
    assert not missing, missing


def test_seed_sentences_keep_their_order(editions: Built) -> None:
    text = brief_text(editions.pdf())
    prose, _ = seed_body()
    position = 0
    for sentence in prose:
        found = text.find(normalize(sentence), position)
        assert found >= 0, f"out of order: {sentence}"
        position = found + 1


def test_all_27_agreements_are_in_the_table_with_their_dates(editions: Built) -> None:
    """Each row whole on one page (rows never split), under a repeated header."""
    pdf = editions.pdf()
    pages = [normalize(join_lines(page_text(pdf, i, body_only=True)))
             for i in range(1, page_count(pdf) + 1)]
    _, items = seed_body()
    assert [n for n, _, _ in items] == list(range(1, 28))
    missing = [f"{n} {date} {title}" for n, title, date in items
               if not any(normalize(f"{n} {date} {title}") in page for page in pages)]
    assert not missing, missing
    table_pages = [page for page in pages if re.search(r"\b(1|27) (January|19|20)", page)]
    assert len(table_pages) == 2
    assert all("No. Date Agreement Category" in page for page in table_pages)


def test_the_real_brief_prints_as_before_word_for_word(  # type: ignore[no-untyped-def]
        editions: Built, golden) -> None:
    """Every page's text, laid out, as tests/golden/brief.txt: made from the builder that
    hard-wired the agreements appendix, before it became a dataset declared in content/
    (the table row for row, the timeline's labels, every cross-reference's page)."""
    golden("brief.txt", pdf_text(editions.pdf(), "-layout"))


def test_no_page_ends_with_a_heading(editions: Built) -> None:
    pdf = editions.pdf()
    headings = {t for t in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>",
                                      editions.html())}
    for index in range(2, page_count(pdf)):
        lines = [line for line in page_text(pdf, index, body_only=True).splitlines()
                 if line.strip()]
        assert lines and lines[-1].strip() not in headings, (index, lines[-1])


def test_pdf_properties_bookmarks_and_clickable_contents(editions: Built) -> None:
    with pikepdf.open(editions.pdf()) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Turkey–Azerbaijan Relations"
        assert str(pdf.Root.Lang) == "en-US"
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root] == [
                "Introduction", "Turkish-Azerbaijani Political History and the Wars in Karabakh",
                "Economy", "Education and Culture", "Appendix", "Bibliography"]
        targets = {str(link.Dest) for link in pdf.pages[2].get("/Annots", [])
                   if link.Subtype == "/Link" and "/Dest" in link}
        assert targets == {"introduction", "political-history", "economy",
                           "education-and-culture", "appendix", "bibliography",
                           "fig-agreements", "appendix-table"}
        names = pdf.Root.Names.Dests.Names
        assert targets <= {str(names[i]) for i in range(0, len(names), 2)}


def test_quotations_are_marked_up_inline(editions: Built) -> None:
    html = editions.html()
    assert "<q>The joy of Azerbaijan is our joy, its sorrow is our sorrow,</q><span" in html
    assert "<q>one nation, two states,</q> are dynamically" in html
    assert "<li><strong>Historical Ties:</strong> Both Turkey" in html
    box = html.split('<div class="key-points"')[1].split("</div>")[0]
    assert box.count("<li>") == 8 and html.count("Historical Ties:") == 1  # the list, once


def test_contents_page_numbers_match_the_pages(editions: Built) -> None:
    pdf = editions.pdf()
    printed = printed_numbers(pdf)
    toc_page = next(i for i in range(1, page_count(pdf) + 1)
                    if page_text(pdf, i, body_only=True).lstrip().startswith("Contents"))
    contents = page_text(pdf, toc_page, body_only=True).split("FIGURES")[0]
    entries = re.findall(r"^(.+?)[\s.]*?\s*\.(?: \.)+\s*(\d+)$", contents, re.M)
    titles = [title.strip() for title, _ in entries]
    assert titles == ["Introduction",
                      "Turkish-Azerbaijani Political History and the Wars in Karabakh",
                      "Economy", "Education and Culture", "Appendix", "Bibliography"]
    for title, number in entries:
        page = printed[int(number)]
        body = join_lines(page_text(pdf, page, body_only=True))
        assert body.startswith(title.strip()), (title, number, body[:80])


def test_every_font_is_embedded_bundled_and_has_its_glyphs(editions: Built) -> None:
    assert font_problems(editions.pdf()) == []


def test_furniture_runs_on_body_pages_but_not_on_the_cover(editions: Built) -> None:
    pdf = editions.pdf()
    pages = page_count(pdf)
    cover, back = page_text(pdf, 1), page_text(pdf, pages)
    assert "Page" not in cover and "Page" not in back
    assert "November 2026" in cover and "Turkey–Azerbaijan" in cover
    assert "3518 Trousdale Parkway" in back and "90089-0043" in back
    assert set(printed_numbers(pdf)) == set(range(3, pages))  # not cover, inside page, back
    assert f"Page 5 of {pages}" in page_text(pdf, 5)
    assert "TURKEY–AZERBAIJAN RELATIONS" in page_text(pdf, 5)


def test_help_explains_the_options() -> None:
    import contextlib
    import io

    import build
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit:
        build.main(["--help"])
    text = " ".join(out.getvalue().split())
    assert exit.value.code == 0 and text.startswith("usage: build.py [-h]")
    assert "[DIR ...]" in text and "'new DIR' starts a brief" in text
    assert "output/brief.pdf" in text and "--paper {a4,letter}" in text


def good_build(root: Path) -> bytes:
    """Build ``root`` clean and return its PDF: the last good build a failure must keep."""
    status, _, err = run_build(root)
    assert (status, err) == (0, "")
    return (root / "output/brief.pdf").read_bytes()


def test_two_broken_files_are_reported_together_and_the_pdf_is_kept(mini: Path) -> None:
    old = good_build(mini)
    (mini / "output/brief.html").unlink()
    edit(mini / "content/treaties.yaml", "  title: Second Treaty", "  title: [Second Treaty")
    edit(mini / "content/brief.yaml", "language: en-US", "language: en-US\nlangauge: en")
    status, out, err = run_build(mini)
    assert status == 1
    lines = err.splitlines()
    assert lines[0] == ("content/brief.yaml:3: error: unknown field 'langauge' in brief.yaml; "
                        "did you mean 'language'? [unknown-field]")
    assert lines[1].startswith("content/treaties.yaml:10: error: malformed YAML:")
    assert lines[-1] == ("build failed with 2 error(s); output/brief.pdf was left unchanged")
    assert (mini / "output/brief.pdf").read_bytes() == old
    assert not (mini / "output/brief.html").exists()


def test_a_layout_error_keeps_the_previous_pdf(mini: Path) -> None:
    """Errors found only once the brief is laid out stop the PDF as surely as bad input."""
    old = good_build(mini)
    edit(mini / "content/treaties.yaml", "title: Second Treaty",
         "title: Second-" + "Treaty" * 30)
    status, _, err = run_build(mini)
    assert status == 1
    assert "a line passes the text block" in err
    assert re.fullmatch(r"build failed with \d+ error\(s\); output/brief.pdf was left "
                        "unchanged", err.splitlines()[-1])
    assert (mini / "output/brief.pdf").read_bytes() == old


# Writes the PDF with the file size limited, as on a full disk: the write fails part way.
FULL_DISK = """
import resource, sys
sys.path.insert(0, {root!r})
import build

limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(build.main(["--root", sys.argv[1]]))
"""


def full_disk(folder: Path) -> tuple[Path, bytes, subprocess.CompletedProcess]:
    """A build that can write the HTML but not the PDF, over a good build's outputs."""
    mini = fixture_copy(folder, "mini")
    (mini / "output").mkdir()
    old = b"%PDF-1.7 the previous edition\n" * 500  # what a good build left
    (mini / "output/brief.pdf").write_bytes(old)
    (mini / "output/brief.html").write_text("<p>the previous edition</p>")
    with (mini / "content/01-first.md").open("a") as section:
        section.write("\n" + "A longer brief than before. " * 30 + "\n")
    limit = 16_000  # room for the HTML (some 5 kB), not for the PDF (some 30 kB)
    return mini, old, python("-c", FULL_DISK.format(root=str(ROOT)), str(mini), str(limit))


@pytest.mark.ahead.with_args(full_disk)  # (with_args: the argument is a function)
def test_a_write_that_fails_part_way_keeps_the_previous_pdf_whole(
        ahead: tuple[Path, bytes, subprocess.CompletedProcess]) -> None:
    mini, old, result = ahead
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "build failed: cannot write output/brief.pdf: File too large; output/brief.pdf was "
        "left unchanged")
    assert (mini / "output/brief.pdf").read_bytes() == old
    assert (mini / "output/brief.html").read_text() == "<p>the previous edition</p>"
    assert sorted(p.name for p in (mini / "output").iterdir()) == ["brief.html", "brief.pdf"]


def test_files_next_to_the_project_are_not_inside_it(tmp_path: Path, mini: Path) -> None:
    """Confinement is by path, not by name: /x/mini-evil is not inside /x/mini."""
    neighbour = tmp_path / "mini-evil"
    neighbour.mkdir()
    (neighbour / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    with (mini / "content/01-first.md").open("a") as section:
        section.write("\n![a neighbour's file](../../mini-evil/secret.svg)\n\n"
                      "![a parent's file](../../secret.svg)\n")
    status, _, err = run_build(mini)
    assert status == 1
    assert err.splitlines()[:2] == [
        f"content/01-first.md:{n}: error: image '../../{name}' is not a file inside the "
        "project; images are read from the brief's folder only [outside-the-brief]"
        for n, name in ((11, "mini-evil/secret.svg"), (13, "secret.svg"))]
    assert not (mini / "output/brief.pdf").exists()
    fetcher = ProjectFetcher(Reader(mini))  # the typesetter's own guard, behind the parser's
    with pytest.raises(ValueError, match="not a file inside the project"):
        fetcher.fetch((neighbour / "secret.svg").as_uri())


def test_missing_section_file_is_an_error_at_its_listing(mini: Path) -> None:
    old = good_build(mini)
    (mini / "content/02-annex.md").unlink()
    status, _, err = run_build(mini)
    assert status == 1
    assert err.splitlines()[0] == (
        "content/brief.yaml:26: error: section file 'content/02-annex.md' not found; "
        "create it or remove it from 'sections' [missing-file]")
    assert (mini / "output/brief.pdf").read_bytes() == old


def test_unlisted_section_file_is_an_error(mini: Path) -> None:
    (mini / "content/03-extra.md").write_text("---\ntitle: Extra\n---\n\nText.\n")
    status, _, err = run_build(mini)
    assert status == 1
    assert err.splitlines()[0] == (
        "content/03-extra.md:1: error: section file not listed in content/brief.yaml "
        "'sections'; add it there or remove the file [unlisted-section]")


@pytest.mark.parametrize("date, message", [
    ("2012-26-06", "impossible date '2012-26-06' in field 'date': month 26 is not 1-12"),
    ("2021-02-30", "impossible date '2021-02-30' in field 'date': February 2021 has no day 30"),
    ("26/06/2012", "bad date '26/06/2012' in field 'date'"),
])
def test_bad_dates_are_errors_at_their_line(mini: Path, date: str, message: str) -> None:
    edit(mini / "content/treaties.yaml", "'1994-04'", f"'{date}'")
    status, _, err = run_build(mini)
    assert status == 1
    assert err.splitlines()[0] == (
        f"content/treaties.yaml:10: error: {message}; write 'YYYY', 'YYYY-MM' or "
        "'YYYY-MM-DD', only as precise as the source [bad-date]")
    assert not (mini / "output/brief.pdf").exists()


def test_a_good_build_writes_both_outputs_and_nothing_else(mini: Path) -> None:
    (mini / "output").mkdir()
    (mini / "output/brief.pdf").write_bytes(b"%PDF-1.7 an old build")
    status, out, err = run_build(mini)
    assert (status, err) == (0, "")
    assert out == "wrote output/brief.pdf (6 pages) and output/brief.html\n"
    pdf = mini / "output/brief.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-" and page_count(pdf) == 6
    assert sorted(p.name for p in (mini / "output").iterdir()) == ["brief.html", "brief.pdf"]
    mask = os.umask(0)
    os.umask(mask)
    for name in ("brief.pdf", "brief.html"):  # readable as any file the user writes
        assert (mini / "output" / name).stat().st_mode & 0o777 == 0o666 & ~mask
    # The edition's date travels as a value: the build sets no SOURCE_DATE_EPOCH for the
    # next one (and the autouse fixture `isolated` checks every other variable).
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_a_malformed_source_date_epoch_is_an_error_not_a_traceback(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for given in ("yesterday", "9" * 30):  # (the second: past the year 9999)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", given)
        assert run_build(mini) == (2, "", "build.py: error: SOURCE_DATE_EPOCH must be whole "
                                          "seconds since 1970, up to 253402300799 (the last of "
                                          f"the year 9999), not '{given}'; unset it to date the "
                                          "PDF by the brief's date\n")
        assert not (mini / "output").exists()


def test_no_page_ends_half_empty_unless_its_section_ends_there(editions: Built) -> None:
    """A page of the body whose text stops above its middle must be the last of its section
    (sections start a new page by the brief's choice): no float or row pushed away."""
    from helpers import xml_pages
    pdf = editions.pdf()
    pages, fonts = xml_pages(pdf)
    starts = [any(fonts[t.get("font", "")][0] >= 18 for t in page.iter("text"))
              for page in pages]  # a section title (or the cover's)
    for number in range(4, len(pages) - 1):  # after the front matter, before the back page
        page, height = pages[number - 1], float(pages[number - 1].get("height", 1))
        lowest = max((int(t.get("top", 0)) for t in page.iter("text")
                      if int(t.get("top", 0)) < 0.92 * height), default=0)  # not the footer
        assert lowest >= height / 2 or starts[number] or number == len(pages) - 1, \
            f"page {number} ends at {lowest / height:.0%} of its height, mid-section"
