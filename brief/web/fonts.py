"""The fonts of a web page: each face it may use, cut to the page's characters, as a WOFF2
file with its licence beside it, and the ``@font-face`` rules that load them. The brief's
own faces (its house) come first; the builder's own faces fill the families it lacks."""
from __future__ import annotations

import io
from pathlib import Path

from brief.diagnostics import Diagnostic, Loc
from brief.home import FONT_DIRS
from brief.read.inputs import Reader

Face = tuple[Path, str, int, bool]  # file, family, weight, italic
# The builder's own faces (file name in its font packages → family, weight, italic)
BUNDLED = {"SourceSerifPro-Regular.ttf": ("Source Serif Pro", 400, False),
           "SourceSerifPro-It.ttf": ("Source Serif Pro", 400, True),
           "SourceSerifPro-Bold.ttf": ("Source Serif Pro", 700, False),
           "SourceSansPro-Regular.ttf": ("Source Sans Pro", 400, False),
           "SourceSansPro-Bold.ttf": ("Source Sans Pro", 700, False)}
LICENCES = ("LICENSE", "LICENCE", "OFL", "COPYING")


def builders_faces(taken: set[str] = frozenset()) -> list[Face]:
    """The builder's own faces of the families not in ``taken``."""
    return [(folder / file, family, weight, italic) for folder in FONT_DIRS
            for file, (family, weight, italic) in BUNDLED.items()
            if (folder / file).is_file() and family not in taken]


def web_fonts(faces: list[Face], text: str, files: dict[str, bytes],
              reader: Reader | None = None, at: Loc | None = None
              ) -> tuple[list[str], list[Diagnostic]]:
    """Each of ``faces`` cut to the characters of ``text`` into ``files`` as
    ``fonts/NAME.woff2``, with the licence beside its file; the ``@font-face`` rules that
    load them. ``reader`` reads the faces inside the brief's folder (``at``: where its
    house names them); the builder's own are read as they are."""
    chars = sorted({ord(c) for c in text} | set(range(0x20, 0x7F)))
    rules, found = [], []
    from brief.html.templating import css_string
    for path, family, weight, italic in faces:
        own = reader is not None and path.is_relative_to(reader.root)
        data = reader.read(path, at, "font", "font")[0] if own else path.read_bytes()
        names = reader.names(path.parent) if own else [p.name for p in path.parent.iterdir()]
        licence = next((n for n in sorted(names) if n.upper().startswith(LICENCES)), None)
        text_of, unread = (reader.read(path.parent / licence, at, "licence", "text") if own
                           else ((path.parent / licence).read_bytes(), [])) if licence else \
            (None, [])
        if data is None:
            continue  # (the loader has said why)
        found += unread  # (a licence beside the font that cannot be read: why)
        files[f"fonts/{path.stem}.woff2"] = woff2(data, chars)
        rules.append(f'@font-face {{ font-family: {css_string(family)}; src: url("fonts/'
                     f'{path.stem}.woff2") format("woff2"); font-weight: {weight}; '
                     f'font-style: {"italic" if italic else "normal"}; font-display: swap; }}')
        if text_of is not None:
            files[f"fonts/{family.replace(' ', '-')}-{licence}"] = text_of
        elif not unread:
            found.append(Diagnostic(at, "warning", f"the font {path.name} has no licence "
                                    "file beside it (a file named LICENSE…, LICENCE…, OFL… or "
                                    "COPYING…); the web edition serves the font without one: "
                                    "put its licence beside it", code="font-licence"))
    return rules, found


def woff2(font: bytes, chars: list[int]) -> bytes:
    """``font`` cut to ``chars`` (and its usual features: kerning, ligatures, marks), as
    WOFF2; remembered on disk (``brief/cache.py``) under the font, the characters and the
    cutters' versions. HarfBuzz cuts it (``subset.py``), else fontTools."""
    import base64

    import fontTools
    from fontTools.ttLib import TTFont

    from brief import cache
    from brief.web import subset
    name = cache.key(font, ",".join(map(str, chars)), fontTools.version,
                     subset.version() or "")
    if (kept := cache.read("woff2", name)) is not None:
        return base64.b64decode(kept)
    if (cut := subset.subset(font, chars)) is not None:
        face = TTFont(io.BytesIO(cut), recalcTimestamp=False)
    else:
        from fontTools.subset import Options, Subsetter
        face = TTFont(io.BytesIO(font), recalcTimestamp=False)
        options = Options()
        options.name_IDs, options.notdef_outline = ["*"], True  # (flavoured below)
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=chars)
        subsetter.subset(face)
    face.flavor = "woff2"
    out = io.BytesIO()
    face.save(out)
    cache.write("woff2", name, base64.b64encode(out.getvalue()).decode())
    return out.getvalue()
