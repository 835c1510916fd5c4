"""The words, dates and numbers a brief prints, in its language: labels from
``brief/labels/LANG.yaml``, dates and numbers from CLDR through Babel."""
from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_skeleton,
    get_day_names,
    get_month_names,
    get_period_names,
)
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from brief.diagnostics import Diagnostic, Loc
from brief.home import PACKAGE
from brief.model import Column, PartialDate
from brief.read.fields import validate_node, validator
from brief.read.inputs import Reader
from brief.read.typography import typeset
from brief.read.yamlfile import plain, read_yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

LABELS = PACKAGE / "labels"


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47, as brief.yaml gives it
    labels: dict = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # labels printed in English for want of a translation
    locale: str = "en_US"

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def typeset(self, text: str) -> str:
        """``text`` as the language prints it: curly quotes, its spacing, whole ranges."""
        return typeset(text, self.labels["quotes"], self.labels.get("spacing") or {})

    def whole_title(self, title: str, subtitle: str | None) -> str:
        """The title and subtitle on one line, typeset: "Titre : sous-titre" in French."""
        return self.typeset(f"{title}: {subtitle}" if subtitle else title)

    def chart_locales(self) -> tuple[dict, dict]:
        """The chart engine's number and time locales (d3's), from CLDR as the tables'
        numbers and dates are: "2 000" and "0,5" in French, "2.000" in German."""
        days = [get_day_names(width, "stand-alone", self.locale) for width in
                ("wide", "abbreviated")]
        months = [get_month_names(width, "stand-alone", self.locale) for width in
                  ("wide", "abbreviated")]
        periods = get_period_names(locale=self.locale)
        numbers = {"decimal": get_decimal_symbol(self.locale),
                   "thousands": get_group_symbol(self.locale), "grouping": [3],
                   "currency": ["", ""]}
        times = {"dateTime": "%x, %X", "date": "%x", "time": "%X",
                 "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
                 "days": [days[0][(i + 6) % 7] for i in range(7)],  # (Sunday first)
                 "shortDays": [days[1][(i + 6) % 7] for i in range(7)],
                 "months": [months[0][i] for i in range(1, 13)],
                 "shortMonths": [months[1][i] for i in range(1, 13)]}
        return numbers, times

    def printed_labels(self) -> dict:
        """The labels as they print (typeset); the quotes and the spacing as data."""
        return {k: self.typeset(v) if isinstance(v, str) else v
                for k, v in self.labels.items()}

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
def language(tag: str) -> Language:
    """The builder's own labels of ``tag`` (``fr-CA``, then ``fr``), English for the rest."""
    return _merged(tag, _builders(tag.split("-")[0]) | _builders(tag))


def _merged(tag: str, own: dict) -> Language:
    english = _builders("en")
    try:
        locale = str(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError):
        locale = "en_US"
    missing = tuple(key for key in english if key not in own)
    return Language(tag, {**english, **own}, missing, locale)


@functools.cache
def _builders(name: str) -> dict:
    path = LABELS / f"{name.lower()}.yaml"
    data = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return data if isinstance(data, dict) else {}


def known_locale(tag: str) -> bool:
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


def load_language(tag: str, files: Reader, at: Loc) -> tuple[Language, list[Diagnostic]]:
    """The labels of ``tag`` as ``language`` gives them, and the brief's own ``labels/``
    files (``fr.yaml``, then ``fr-CA.yaml``) over them, checked: a mapping of the builder's
    label names to text (``quotes``: a list of four marks)."""
    problems: list[Diagnostic] = []
    if not known_locale(tag):
        problems.append(Diagnostic(at, "error", f"'{tag}' is not a language the builder "
                                   "knows (no dates or numbers for it in CLDR); write a tag "
                                   "such as 'en', 'en-GB', 'fr' or 'tr'",
                                   code="unknown-language"))
    own = _builders(tag.split("-")[0]) | _builders(tag)
    names = dict.fromkeys(n.lower() + ".yaml" for n in (tag.split("-")[0], tag))
    for name in names:
        rel = f"labels/{name}"
        text, found = files.text(rel, at, "labels file", "labels", optional=True)
        problems += found
        if text is None:
            continue
        node, found = read_yaml(text, rel)
        problems += found
        if node is None:
            continue
        for line, message, code in validate_node(_schema(), node, f"the labels file {rel}"):
            problems.append(Diagnostic(Loc(rel, line), "error", message, code=code))
        if not any(p.level == "error" for p in problems):
            own |= plain(node)
    return _merged(tag, own), problems


@functools.cache
def _schema() -> Draft202012Validator:
    """What a labels file may hold: the English labels' names, each text (quotes: four)."""
    names = _builders("en")
    properties = {k: {"type": "string", "maxLength": 200} for k in names if k != "quotes"}
    properties["quotes"] = {"type": "array", "items": {"type": "string", "maxLength": 4},
                            "minItems": 4, "maxItems": 4}
    marks = {"type": "object", "propertyNames": {"minLength": 1, "maxLength": 1},
             "additionalProperties": {"enum": ["", " ", "\u00a0", "\u202f", "\u2009"]}}
    properties["spacing"] = {"type": "object", "additionalProperties": False,
                             "properties": {"before": marks, "after": marks}}
    return validator({"type": "object", "properties": properties,
                      "additionalProperties": False})


def cell_text(column: Column, value: Any, decimals: int | None = None, missing: str = "",
              lang: Language | None = None) -> str:
    """A value as a reader sees it, in the brief's language: a date as precise as its
    source, a category's label, a number with its column's decimals and digits grouped."""
    lang = lang or language("en-US")
    if value is None:
        return missing
    if isinstance(value, PartialDate):
        return lang.date(value)
    if column.categories:
        return lang.typeset(column.label(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.type in ("number", "integer"):
        return lang.number(value, decimals)
    if isinstance(value, list):
        return lang.typeset(", ".join(map(str, value)))
    return lang.typeset(str(value))
