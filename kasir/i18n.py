"""Translations (gettext) and locale-aware formatting (babel).

Message ids in the code are English; Indonesian is the default language and its catalog must
be complete (tests/test_i18n.py). Catalogs are compiled from the ``.po`` source; the compiled
copy is cached under a name made of the ``.po``'s size and modification time, so an edited
catalog is always compiled afresh and a stale ``.mo`` can never show an old text.

babel's formatters and num2words are imported when first used: the login window needs
neither, and the app's cold start is budgeted.
"""

from __future__ import annotations

import datetime as _dt
import gettext
import io
import os
from functools import cache
from pathlib import Path

from kasir.paths import cache_dir, translations_dir

DOMAIN = "kasir"
LANGUAGES = {"id": "id_ID", "en": "en_ID"}  # English words, Indonesian money and number conventions
DEFAULT_LANGUAGE = "id"

_current = {"lang": DEFAULT_LANGUAGE}


def _compile(po: Path, lang: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    po = translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not po.is_file():
        return gettext.NullTranslations()
    stat = po.stat()
    cached = cache_dir() / f"{DOMAIN}-{lang}-{stat.st_size}-{stat.st_mtime_ns}.mo"
    try:
        return gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))
    except (OSError, ValueError, KeyError, IndexError, UnicodeDecodeError):
        pass  # not compiled yet, or a half-written copy: compile from the source
    mo = _compile(po, lang)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(mo)
        os.replace(tmp, cached)  # whole or not at all
        for old in cached.parent.glob(f"{DOMAIN}-{lang}-*.mo"):
            if old != cached:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk only costs the next start the compile
    return gettext.GNUTranslations(io.BytesIO(mo))


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
