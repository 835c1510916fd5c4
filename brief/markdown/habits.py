"""What authors bring from Pandoc and Quarto: read as Pandoc or Quarto would print it, or
named at its line with what to write instead; never printed as markup.

Read: HTML comments (dropped), image sizes (``{#fig-x width=70%}``, quoted or not, in %,
cm, mm, in, pt or px), heading attributes (``{#sec-x}``, ``{.unnumbered}``, ``{-}``,
``{.unlisted}``), Quarto's cross-references (``@fig-x``, ``@tbl-x``, ``@sec-x``: see
``syntax.py``), page breaks (``\\newpage``, ``\\pagebreak``, ``{{< pagebreak >}}`` alone in
a paragraph), spans (``[text]{.smallcaps}``, ``.underline``, ``.mark``), strikeout,
superscripts, subscripts, inline notes and definition lists (``make_parser``).

Named: a LaTeX command, a Quarto shortcode, attributes the parser left as text, a grid
table, a line block, a bare ``@word`` (``syntax.py``).
"""
from __future__ import annotations

import re

from markdown_it.token import Token

_COMMENT_OR_CODE = re.compile(r"(?ms)^(`{3,}|~{3,}).*?^\1[ \t]*$|`+[^`\n]*`+|<!--.*?-->")
_ATTRIBUTES = re.compile(r"(?<=\))\{([^{}\n]*)\}")  # right after an image or a link
_UNQUOTED = re.compile(r"""(\w[\w-]*)=([^\s"'{}]+)""")
SIZE = re.compile(r"^(\d+(?:\.\d+)?)(%|cm|mm|in|pt|px)?$")
_PAGE_BREAK = re.compile(r"^(?:\\newpage|\\pagebreak|\{\{<\s*pagebreak\s*>\}\})$")
_HEADING_ATTRIBUTES = re.compile(r"\s*\{([^{}]*)\}\s*$")
SPAN_CLASSES = ("smallcaps", "underline", "mark")
_LATEX = re.compile(r"\\[A-Za-z]{2,}(?:\{[^}]*\})?")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")
_LEFT_AS_TEXT = re.compile(r"\{(?:[#.][\w-]|\w[\w-]*=)[^{}]*\}")


def prepared(body: str) -> str:
    """``body`` as the parser reads it: without its HTML comments (which Pandoc drops;
    each becomes the newlines it held, not in code), and with attribute values quoted
    (``{width=70%}``: the attribute parser takes ``%`` only in quotes)."""
    body = _COMMENT_OR_CODE.sub(lambda m: "\n" * m[0].count("\n") if m[0].startswith("<!--")
                                else m[0], body)
    return _ATTRIBUTES.sub(lambda m: "{" + _UNQUOTED.sub(r'\1="\2"', m[1]) + "}", body)


def size_style(attrs: dict) -> tuple[str, list[str]]:
    """The CSS of an image's ``width`` and ``height`` (a bare number is pixels, as in
    Pandoc), and the values that are not sizes."""
    styles, wrong = [], []
    for name in ("width", "height"):
        if name in attrs:
            match = SIZE.match(str(attrs[name]))
            if match:
                styles.append(f"{name}: {match[1]}{match[2] or 'px'}")
            else:
                wrong.append(f"{name}={attrs[name]}")
    if styles and "height" not in attrs:
        styles.append("height: auto")
    return "; ".join(styles), wrong


def page_breaks(tokens: list[Token]) -> list[Token]:
    """Each paragraph that is only ``\\newpage``, ``\\pagebreak`` or ``{{< pagebreak >}}``
    becomes a ``page_break`` token."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type == "paragraph_open" and i + 2 < len(tokens) and \
                _PAGE_BREAK.match(tokens[i + 1].content.strip()):
            out.append(Token("page_break", "div", 0, map=tokens[i].map))
            i += 3
        else:
            out.append(tokens[i])
            i += 1
    return out


def heading_attributes(inline: Token) -> tuple[str | None, set[str], str | None]:
    """A heading's trailing ``{#id .class}``, taken out of its text: its id, its classes
    (``unnumbered``, ``unlisted``; ``-`` is ``unnumbered``), and what is wrong, if any."""
    match = _HEADING_ATTRIBUTES.search(inline.content)
    if not match:
        return None, set(), None
    words = match[1].split()
    ident = next((w[1:] for w in words if w.startswith("#")), None)
    classes = {"unnumbered" if w == "-" else w[1:] for w in words if w == "-" or
               w.startswith(".")}
    other = [w for w in words if not (w == "-" or w[:1] in "#.")] + \
        [f".{c}" for c in classes - {"unnumbered", "unlisted"}]
    inline.content = inline.content[:match.start()]
    last = inline.children[-1] if inline.children else None
    if last is not None and last.type == "text":
        last.content = _HEADING_ATTRIBUTES.sub("", last.content)
    problem = f"the heading's attributes {' '.join(other)} are not read; a heading takes " \
        "{#id}, {.unnumbered} and {.unlisted}" if other else None
    return ident, classes, problem


def block_problem(content: str) -> str | None:
    """What a paragraph's Markdown is that the parser does not read: a grid table, a line
    block (or a pipe table without its ``|---|`` line)."""
    if re.match(r"^\+[-=:+]{3,}", content):
        return "a grid table would print as written; write a pipe table (| a | b |)"
    if content.startswith("|"):
        return "a line block (| at each line's start), or a pipe table without its line " \
            "of |---|, would print as written; for lines, end each with a backslash (\\)"
    return None


def text_problem(text: str) -> str | None:
    """What in a text would print as markup: a LaTeX command, a Quarto shortcode,
    attributes left as text."""
    if found := _LATEX.search(text):
        return f"the LaTeX command '{found[0][:40]}' would print as written; write Markdown " \
            "(*italic*, **bold**), or \\newpage alone in a paragraph for a page break"
    if found := _SHORTCODE.search(text):
        return f"the Quarto shortcode '{found[0][:40]}' is not read (only " \
            "{{< pagebreak >}}, alone in a paragraph); write Markdown instead"
    if found := _LEFT_AS_TEXT.search(text):
        return f"the attributes '{found[0][:40]}' would print as written: attributes follow " \
            "an image alone in its paragraph, a heading or a bracketed [span]{.smallcaps}, " \
            "with no space before them"
    return None
