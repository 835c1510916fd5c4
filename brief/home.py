"""Where the builder's own templates, stylesheets and bundled fonts are: the checkout's
``templates/`` and ``styles/`` beside ``brief/``, or, after a plain (not editable) ``pip
install``, the copies pip put under ``share/brief-builder/`` (pyproject's data-files), found
through the installation's record of its files; the fonts in their packages."""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # brief/
CHECKOUT = PACKAGE.parent
_MARK = "share/brief-builder/templates/brief.html.j2"


def tool_root() -> Path:
    if (CHECKOUT / "templates" / "brief.html.j2").is_file():
        return CHECKOUT
    import sysconfig
    from importlib import metadata
    try:
        dist = metadata.distribution("brief-builder")
    except metadata.PackageNotFoundError:
        dist = None
    places = [Path(str(f.locate())) for f in (dist.files or []) if f.as_posix().endswith(
        _MARK)] if dist else []
    places.append(Path(str(dist.locate_file(_MARK))) if dist else CHECKOUT)  # pip --target
    places.append(Path(sysconfig.get_path("data")) / _MARK)
    for place in places:
        if place.is_file():
            return place.resolve().parent.parent
    raise RuntimeError(f"the builder's templates are neither in {CHECKOUT} nor installed; "
                       "reinstall it: pip install brief-builder")


TOOL_ROOT = tool_root()
IN_CHECKOUT = TOOL_ROOT == CHECKOUT


def builders_text(rel: str) -> str:
    """The builder's own ``rel`` (a stylesheet, a template), where a brief has none."""
    return (TOOL_ROOT / rel).read_text("utf-8")


def _font_dirs() -> tuple[Path, ...]:
    import font_source_sans_pro
    import font_source_serif_pro
    return tuple(Path(m.__file__).parent / "files"
                 for m in (font_source_serif_pro, font_source_sans_pro))


FONT_DIRS = _font_dirs()  # the bundled fonts: the only ones the typesetter knows
