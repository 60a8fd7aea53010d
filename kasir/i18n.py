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
