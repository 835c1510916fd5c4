"""The words, dates and numbers a brief prints, in its language: labels from
``brief/labels/LANG.yaml``, dates and numbers from CLDR through Babel."""
from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from .inputs import inside
from .model import PartialDate

LABELS = Path(__file__).resolve().parent / "labels"


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47, as brief.yaml gives it
    labels: dict = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # labels printed in English for want of a translation
    locale: str = "en_US"

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def date(self, date: PartialDate) -> str:
        """'1992', 'January 1992' or 'January 2, 1992' in the language: never more precise
        than the data."""
        if date.month is None:
            return str(date.year)
        day = datetime.date(date.year, date.month, date.day or 1)
        if date.day is None:
            return format_skeleton("yMMMM", day, locale=self.locale)
        return format_date(day, "long", locale=self.locale)

    def number(self, value: float | int, decimals: int | None = None) -> str:
        """Grouped as the language groups digits; with ``decimals``, rounded half up."""
        if decimals is None:  # the digits given, grouped
            return format_decimal(value, format="#,##0.##########", locale=self.locale)
        exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        return format_decimal(exact, format="#,##0" + ("." + "0" * decimals if decimals else ""),
                              locale=self.locale, decimal_quantization=False)


@functools.cache
def language(tag: str, root: Path | None = None) -> Language:
    """The labels of ``tag`` (``fr-CA``, then ``fr``): the brief's own ``labels/`` first (a
    file, or labels missing from the builder's), then the builder's, English for the rest."""
    english = _read(LABELS, "en")
    own = {}
    for base in (LABELS, *((inside(root, "labels") or LABELS,) if root is not None else ())):
        own |= _read(base, tag.split("-")[0]) | _read(base, tag)
    try:
        locale = str(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError):
        locale = "en_US"
    missing = tuple(key for key in english if key not in own)
    return Language(tag, {**english, **own}, missing, locale)


def _read(base: Path, name: str) -> dict:
    path = base / f"{name.lower()}.yaml"
    data = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return data if isinstance(data, dict) else {}
