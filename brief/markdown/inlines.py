"""The checks of a section's inline tokens, which the section's walker (``parse._SectionParser``)
inherits from ``InlineChecks``: links (web and mail addresses, the brief's own ``#id``) and
images (read from the project, with alt text and a size), spans (only the classes the brief
sets) and text (hidden characters, unclosed comments and queries, dangling note calls, words
too long to break), each problem an error at the section's ``file:line``.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it.token import Token

from brief.diagnostics import Diagnostic, Loc
from brief.markdown.contract import ESCAPED
from brief.markdown.habits import SPAN_CLASSES, size_style, text_problem
from brief.markdown.urls import without_urls
from brief.model import SectionSource
from brief.read.characters import character_problem, hidden_character
from brief.read.inputs import Reader, link_problem, outside_folder

_DANGLING_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
MAX_WORD = 80  # characters of one word: no line can hold more, nor can it break (but an address)
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
# An underscore or asterisk the parser left as text, touching a word on one side only: the
# start or end of an emphasis that did not take ("_Congressional Record _establishing")
_STRAY_EMPHASIS = re.compile(r"(?<![\w*])[_*]{1,3}(?=[^\W_])|(?<=[^\W_])[_*]{1,3}(?![\w*])")


class InlineChecks:
    """Where a line of the section is, its errors, and the checks of its inline tokens."""

    source: SectionSource
    files: Reader | None
    diagnostics: list[Diagnostic]

    def loc(self, line: int) -> Loc:
        return Loc(self.source.loc.path, self.source.body_line + line)

    def error(self, line: int, message: str, code: str, level: str = "error") -> None:
        """An error (or ``level``) at the section's ``line``; ``code``: its kind
        (docs/errors.md)."""
        self.diagnostics.append(Diagnostic(self.loc(line), level, message, code=code))

    def link(self, child: Token, line: int) -> None:
        """Only web and mail links and the brief's own ``#id``; images from the project.
        Attributes (``{...}`` after the element) only give a figure its id."""
        allowed = {"href", "title", "src", "alt"}  # a lone image's id went to its figure
        if child.type == "image":
            style, wrong = size_style(child.attrs)
            allowed |= {"width", "height"}
            if wrong:
                self.error(line, f"the image's {', '.join(wrong)} "
                           f"{'are not sizes' if len(wrong) > 1 else 'is not a size'}; write a "
                           "number with %, cm, mm, in, pt or px, such as width=70%", "bad-value")
            elif style:
                child.attrs = {k: v for k, v in child.attrs.items()
                               if k not in ("width", "height")} | {"style": style}
                allowed.add("style")
        if extra := [k for k in child.attrs if k not in allowed]:
            self.error(line, f"attributes ({', '.join(extra)}) are not used here; only an "
                       "image takes some: its id, alone in its paragraph, and its size: "
                       "![caption](file){#fig-id width=70%}", "unknown-attribute")
            child.attrs = {k: v for k, v in child.attrs.items() if k in allowed}
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if problem := link_problem(href, anchors=True):
                self.error(line, problem, "link-refused")
                child.attrs.pop("href", None)
            return
        src = str(child.attrGet("src") or "")
        if not child.content.strip():
            self.error(line, f"image '{src}' has no alt text; describe what it shows: "
                       "![what it shows](file)", "missing-alt")
        if src.startswith("data:") or self.files is None:
            return
        name = "content/" + unquote(src.split("#")[0])
        if re.match(r"^[a-zA-Z][\w+.-]*:|/", src) or outside_folder(name):
            self.error(line, f"image '{src[:200]}' is not a file inside the project; images "
                       "are read from the brief's folder only", "outside-the-brief")
            child.attrs["src"] = ""
            return
        data, problems = self.files.read(name, self.loc(line), "image", "image",
                                         optional=True)
        self.diagnostics += problems
        if data is None and not problems:
            self.error(line, f"image '{src[:200]}' not found in content/; add the file or fix "
                       "the name", "missing-file")

    def span(self, child: Token, line: int) -> None:
        """A bracketed span, ``[text]{.smallcaps}``: only the classes the brief sets."""
        classes = str(child.attrs.get("class", "")).split()
        if set(child.attrs) - {"class"} or not classes or set(classes) - set(SPAN_CLASSES):
            attributes = " ".join(f"{k}={v}" for k, v in child.attrs.items())
            self.error(line, f"a span's attributes ({attributes}) are not ones the brief sets; "
                       f"a span takes one class of: {', '.join('.' + c for c in SPAN_CLASSES)}",
                       "unknown-attribute")

    def text(self, child: Token, line: int) -> None:
        if char := hidden_character(child.content, "\t\n"):  # (written as an entity: &#x202E;)
            self.error(line, character_problem(char), "control-character")
        written = child.content  # with what was written escaped (so as to be text) masked
        if escaped := set(child.meta.get(ESCAPED, ())):
            written = "".join("\ue000" if n in escaped else c for n, c in enumerate(written))
        if problem := text_problem(written):
            self.error(line, problem, "unknown-syntax")
        if dangling := _DANGLING_NOTE.search(written):
            self.error(line, f"footnote [^{dangling[1]}] has no definition; add "
                       f"a line '[^{dangling[1]}]: text' below the paragraph", "unknown-note")
        if stray := _STRAY_EMPHASIS.search(without_urls(written)):
            self.error(line, f"'{stray[0]}' prints as written: it opens or closes no "
                       "emphasis (a space inside it, as in '_words _'?); write _words_ with "
                       f"no space inside, or \\{stray[0][0]} for the character itself",
                       "stray-emphasis", level="warning")
        if "<!--" in written:
            self.error(line, "an HTML comment is not closed: end it with '-->'",
                       "unclosed-comment")
        if "{>>" in written or "<<}" in written:
            self.error(line, "an editor's query is not closed: write it on one paragraph as "
                       "{>> question <<}", "unclosed-query")
        if word := _LONG_WORD.search(without_urls(child.content)):
            self.error(line, f"a word of {len(word[0])} characters ('{word[0][:30]}...') "
                       "cannot fit or break in a line; add spaces, or make it a link", "long-word")
