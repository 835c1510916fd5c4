"""What the typesetter says, as diagnostics at the line it is about (brief/pdf/complaints.py),
from WeasyPrint's own messages as it logs them."""
from __future__ import annotations

from brief.diagnostics import Loc
from brief.pdf.complaints import css_finding, diagnose

PLACES = {"Ж": Loc("content/01-a.md", 3), "ж": Loc("content/01-a.md", 3),
          "☃": Loc("styles/brief.css", 0), "#nowhere": Loc("content/02-b.md", 7),
          "logo.png": Loc("content/brief.yaml", 12), "": Loc("output/brief.html"),
          "https://example.org/a%20b.png": Loc("content/02-b.md", 9)}


def test_each_complaint_is_said_at_its_place_missing_glyphs_once_per_place() -> None:
    messages = [
        '.notdef glyph rendered for Unicode string unsupported by fonts: "Жж"',
        '.notdef glyph rendered for Unicode string unsupported by fonts: "жЖ☃"',
        "Failed to load image at 'file:///tmp/b/content/logo.png': UnidentifiedImageError: "
        "cannot identify image file",
        "Failed to load image at 'https://example.org/a%20b.png'",
        "No anchor #nowhere for internal URI reference",
        "Something else went wrong"]
    found = [(str(d.loc), d.code, d.message) for d in diagnose(messages, PLACES.__getitem__)]
    assert found == [
        ("content/brief.yaml:12", "bad-image",
         "image 'logo.png' cannot be used: cannot identify image file"),
        ("content/02-b.md:9", "bad-image",
         "image 'a b.png' cannot be used: it is not an image the typesetter reads"),
        ("content/02-b.md:7", "unknown-anchor",
         "internal link to '#nowhere' has no target; the link was dropped"),
        ("output/brief.html", "typesetter", "typesetter: Something else went wrong"),
        ("content/01-a.md:3", "missing-glyph",
         "no bundled font has 'Ж' (U+0416), 'ж' (U+0436); remove or replace it"),
        ("styles/brief.css", "missing-glyph",
         "no bundled font has '☃' (U+2603); the layout itself prints it, not the brief's "
         "text; change that style")]
    assert all(d.level == "error" for d in diagnose(messages, PLACES.__getitem__))


def test_a_stylesheet_s_complaint_is_at_its_line() -> None:
    finding = css_finding("file:///tmp/b/styles/brief.css",
                          "Ignored `colr: red` at 12:5, unknown property.")
    assert (str(finding.loc), finding.level, finding.code, finding.message) == (
        "styles/brief.css:12", "error", "css-refused",
        "the typesetter cannot use this: Ignored `colr: red`, unknown property; fix or remove "
        "it")
    assert str(css_finding("x/house.css", "Invalid media type.").loc) == "styles/house.css"
    assert css_finding("s.css", "Ignored `top: 1X` at 3:1, unknown unit X.").message == (
        "the typesetter cannot use this: Ignored `top: 1X`, unknown unit X; fix or remove it")
