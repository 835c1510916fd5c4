"""What every stage reports: a problem at its place (``Loc``, ``Diagnostic``), a stage that
cannot go on (``BuildError``), a build stopped by its time limit (``TimeLimit``), and what
the build is doing, for the one line an internal error prints (``working_on``). Imports
nothing of ours."""
from __future__ import annotations

import traceback
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, order=True)
class Loc:
    """A place in an input file: a path relative to the project root and a 1-based line."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the inputs, printed as ``path:line: level: message [code]``.

    ``code`` names the kind of problem (``unknown-field``, ``lonely-end``: docs/errors.md
    lists them), the same whatever the wording, so that a warning can be named and a test
    can match it; it takes no part in comparing or sorting."""

    loc: Loc
    level: Level
    message: str
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.loc}: {self.level}: {self.message}" + (
            f" [{self.code}]" if self.code else "")


class BuildError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, sorted(diagnostics))))
        self.diagnostics = sorted(diagnostics)

    def __reduce__(self) -> tuple:  # (pickled whole, from the process that read the brief)
        return BuildError, (self.diagnostics,)


class TimeLimit(Exception):
    """The build ran past ``--time-limit``; ``place``: where in the brief's files it was
    (a line of its own template), if known."""

    def __init__(self, place: Loc | None = None) -> None:
        super().__init__()
        self.place = place

    def __reduce__(self) -> tuple:
        return TimeLimit, (self.place,)


def template_line(failure: BaseException) -> Loc | None:
    """The innermost line of a brief's own template (Jinja names its frames after the
    template: ``templates/NAME``) in ``failure``'s traceback, if any."""
    frames = traceback.extract_tb(failure.__traceback__)
    return next((Loc(f.filename, f.lineno or 0) for f in reversed(frames)
                 if f.filename.startswith("templates/")), None)


# What the build is doing, for the one line an internal error prints ("while reading ...").
working_on: ContextVar[str] = ContextVar("working_on", default="starting the build")
