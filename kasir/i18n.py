"""Translations (gettext) and locale-aware formatting (babel).

Message ids in the code are English; Indonesian is the default language and its catalog must
be complete (tests/test_i18n.py). ``translations/update.sh`` extracts the messages and
compiles each ``.po`` into the ``.mo`` beside it, which is what runs; a test proves the
committed ``.mo`` holds exactly what the ``.po`` says, so it can never show an old text.

babel's formatters and num2words are imported when first used: the login window needs
neither, and the app's cold start is budgeted.
"""

from __future__ import annotations

import datetime as _dt
import gettext
import os
from decimal import Decimal
from functools import cache

from kasir.paths import translations_dir

DOMAIN = "kasir"
LANGUAGES = {"id": "id_ID", "en": "en_ID"}  # English words, Indonesian money and number conventions
DEFAULT_LANGUAGE = "id"

_current = {"lang": DEFAULT_LANGUAGE}


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    mo = translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if lang == "en" or not mo.is_file():
        return gettext.NullTranslations()
    with mo.open("rb") as fh:
        return gettext.GNUTranslations(fh)


def set_language(lang: str | None) -> str:
    """Switch the active language ('id' or 'en'); unknown values fall back to Indonesian."""
    lang = (lang or os.environ.get("KASIR_LANG") or DEFAULT_LANGUAGE).split("_")[0].lower()
    _current["lang"] = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _current["lang"]


def language() -> str:
    return _current["lang"]


def locale() -> str:
    """The babel locale of the active language."""
    return LANGUAGES[_current["lang"]]


def _(message: str) -> str:
    """Translate a message into the active language."""
    return _catalog(_current["lang"]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_current["lang"]).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where it is shown."""
    return message


def rupiah(amount: int, *, symbol: bool = True) -> str:
    """Format whole rupiah for the active locale: ``Rp1.234.567`` or ``-Rp1.234.567``."""
    if symbol:
        from babel.numbers import format_currency

        return format_currency(amount, "IDR", format="¤#,##0", locale=locale(),
                               currency_digits=False)
    from babel.numbers import format_decimal

    return format_decimal(amount, format="#,##0", locale=locale())


def number(value: int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale())


def _decimal(value: Decimal) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.###", locale=locale())


def percent(basis_points: int) -> str:
    """Basis points (4000 = 40%) as a percentage: ``40%``, ``12,5%`` (a decimal comma in both
    languages, like money)."""
    return f"{_decimal(Decimal(basis_points) / 100)}%"


_LARGER_UNITS = {"g": ("kg", 1000), "ml": ("L", 1000)}


def measure(base: int, base_unit: str) -> str:
    """A quantity in its base unit as people read it: 60000 g → ``60 kg``, 250 g → ``250 g``,
    1500 ml → ``1,5 L``, 3 pcs → ``3 pcs`` (kilograms and litres from a thousand up)."""
    larger = _LARGER_UNITS.get(base_unit)
    if larger and abs(base) >= larger[1]:
        return f"{_decimal(Decimal(base) / larger[1])} {larger[0]}"
    return f"{number(base)} {base_unit}"


def stock_quantity(base: int, unit_size: int, base_unit: str, unit: str = "") -> str:
    """A stock quantity kept in base units (g, ml, pcs), written in units of sale with the
    measure beside it when a unit holds more than one base unit: ``12 pak 5 kg (60 kg)``,
    ``12 pak 5 kg + 2,5 kg (62,5 kg)`` (loose rest), ``-3 tabung``. ``unit`` is the unit of
    sale's name; leave it out where a column or heading names it: ``12 (60 kg)``.
    Every stock figure kasir prints goes through here."""
    sign = "-" if base < 0 else ""
    whole, rest = divmod(abs(base), unit_size)
    units = f"{sign}{number(whole)} {unit}".rstrip()
    if not rest:
        text = units
    elif not whole:
        return sign + measure(rest, base_unit)
    else:
        text = f"{units} {sign or '+'} {measure(rest, base_unit)}"
    total = measure(base, base_unit)
    return text if unit_size == 1 or not base or total == text else f"{text} ({total})"


def date(value: _dt.date, fmt: str = "medium") -> str:
    from babel.dates import format_date

    return format_date(value, fmt, locale=locale())


def datetime(value: _dt.datetime, fmt: str = "medium") -> str:
    from babel.dates import format_datetime

    return format_datetime(value, fmt, locale=locale())


def terbilang(amount: int) -> str:
    """The amount in Indonesian words, as printed on a kwitansi: ``seratus ribu rupiah``."""
    from num2words import num2words

    words = num2words(abs(amount), lang="id")
    return f"{'minus ' if amount < 0 else ''}{words} rupiah"


set_language(None)
