"""Turn a ``Document`` and its ``Index`` into one HTML string through ``templates/`` (Jinja)."""
from __future__ import annotations

import calendar
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .model import Document, Index, PartialDate

TOOL_ROOT = Path(__file__).resolve().parent.parent


def long_date(date: PartialDate) -> str:
    """'1992', 'January 1992' or 'January 2, 1992': never more precise than the data."""
    if date.month is None:
        return str(date.year)
    month = calendar.month_name[date.month]
    return f"{month} {date.day}, {date.year}" if date.day else f"{month} {date.year}"


def make_environment(templates: Path = TOOL_ROOT / "templates") -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["long_date"] = long_date
    return env


def render(document: Document, index: Index) -> str:
    """Render the whole brief; section bodies are markdown-it HTML, escaped at parse time."""
    project = document.project
    template = make_environment().get_template("brief.html.j2")
    return template.render(
        meta=project.meta, toc=index.toc, agreements=project.agreements,
        sections=[(s, Markup(s.html)) for s in document.sections])
