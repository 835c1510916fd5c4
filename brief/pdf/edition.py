"""What the conductor (``brief/pipeline.py``) needs to typeset one edition and check it:
the edition's stylesheets, and the checks' ways of finding where a fault came from."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from brief.diagnostics import Diagnostic, Loc
from brief.handed import Edition
from brief.home import TOOL_ROOT
from brief.pdf.check import locator
from brief.pdf.typeset import Sheet
from brief.read.inputs import Reader, own_or_builders

if TYPE_CHECKING:
    import weasyprint


def stylesheets(edition: Edition, files: Reader | None = None
                ) -> tuple[list[Sheet], list[Diagnostic]]:
    """The edition's stylesheets: each the brief's own (``styles/NAME``, read by ``files``)
    if it has one, else the builder's."""
    names = ["brief.css", "print.css" if edition.print else "screen.css"]
    names += ["letter.css"] if edition.paper == "letter" else []
    names += ["draft.css"] if edition.draft else []
    sheets, problems = [], []
    for name in names:
        text, path, found = own_or_builders(files, f"styles/{name}", "stylesheet",
                                            "stylesheet")
        own = not path.is_relative_to(TOOL_ROOT / "styles")
        problems += found + (_font_faces(f"styles/{name}", text) if own else [])
        sheets.append(Sheet(path.as_uri(), text))
    if edition.book:  # (a brief in a book: its folios go on from the pages before it)
        sheets.append(Sheet("data:text/css,book", "@page :first { counter-reset: page "
                            f"{edition.book[0]} }}"))
    return sheets, problems


def _font_faces(name: str, text: str) -> list[Diagnostic]:
    """A brief's stylesheet may not bring fonts: the typesetter would drop them in silence
    (and they would pass by the checks of the house's fonts)."""
    import tinycss2
    return [Diagnostic(Loc(name, rule.source_line), "error", "a stylesheet cannot bring "
                       "fonts (@font-face); name the font files under 'house: fonts: files:' "
                       "in brief.yaml, and the family under 'body' or 'headings'",
                       code="font-face")
            for rule in tinycss2.parse_stylesheet(text, skip_whitespace=True)
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face"]


def reusable(edition: Edition, sheets: list[Sheet]) -> bool:
    """May a rebuild of this edition reuse the pages of unchanged sections
    (``brief/pdf/splice.py``)? Not a draft's (its pages print the build time), and only with the
    builder's own stylesheets (a brief's own may carry counters or running strings from one
    section into the next)."""
    return not edition.draft and all(s.url.startswith(BUILDERS) for s in sheets)


BUILDERS = (TOOL_ROOT / "styles").as_uri() + "/"


def located_links(laid_out: weasyprint.Document, links: list[tuple[int, str, str]],
                  here: Loc, locate: Callable[[str], Loc]) -> list[Diagnostic]:
    """The finished PDF's refused links (``finish.check_links``), each at the source line
    of the element that made it where the layout knows it, else where its target is
    written (a brief's own template)."""
    where = locator(laid_out, here)
    found = []
    for number, target, problem in links:
        boxes = [box for kind, made, _, box in (laid_out.pages[number - 1].links
                                                 if number else ()) if made == target]
        place = where(boxes[0].element) if boxes else here
        found.append(Diagnostic(locate(target) if place == here else place, "error",
                                f"page {number}: {problem}" if number else problem,
                                code="link-refused"))
    return found


def own_templates(files: Reader) -> list[tuple[str, bytes]]:
    """The brief's own templates, named and read (to find where a text came from)."""
    return [(f"templates/{name}", files.read(f"templates/{name}", kind="template")[0] or b"")
            for name in files.names("templates")]


def _shown(url: str) -> str:
    """A stylesheet's name in messages: ``styles/NAME``, the brief's or the builder's."""
    return "styles/" + url.rsplit("/", 1)[-1]


def finder(files: Reader, sheets: list[Sheet], here: Loc) -> Callable[[str], Loc]:
    """Where a troublesome text of the layout came from: the first of the brief's inputs,
    its own templates and the stylesheets that holds it, else ``here`` (the HTML)."""
    named = [(_shown(s.url), s.text.encode()) for s in sheets]

    def locate(text: str) -> Loc:
        from brief.read.load import find_in_files, find_in_inputs  # (only on trouble)
        return (text and (find_in_inputs(files, text) or find_in_files(
            own_templates(files), text) or find_in_files(named, text))) or here
    return locate
