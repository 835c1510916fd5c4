"""The keys of ``token.meta`` that the Markdown stage writes and the HTML stage
(``html/render.py``) reads: what a markdown-it token carries beyond markdown-it's own
fields, named once. Each: on which tokens, what it holds, who writes it."""
from __future__ import annotations

NEWLINES = "newlines"  # cite, xref, query, page break: newlines before it in its inline (syntax)
KEYS = "keys"  # cite: the reference keys it cites (syntax)
CITE = "cite"  # cite: its Cite (parse)
XREF = "xref"  # xref: its Xref (parse)
LOC = "loc"  # query, footnote reference, page break: its Loc (parse)
ID = "id"  # footnote reference: the note's number (the footnote plugin's); table_open: the
# table's id (captions, parse)
LABEL = "label"  # footnote reference: the note's label as written (the footnote plugin's)
CAPTION = "caption"  # table_open, directive: its caption, an inline token (captions, directives)
FIGURE = "figure"  # paragraph of a lone image, directive: its Figure (parse, directives)
CLASS = "class"  # fenced div: its one class, such as "key-points" (parse)
BODY = "body"  # directive: its lines, YAML (directives)
ESCAPED = "escaped"  # text: where in its content a character was written escaped (\[) or as
# an entity (&#91;), taken as written, not as syntax, by the checks of the text (syntax)
