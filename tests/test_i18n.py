"""Translations and locale formatting: the Indonesian catalog is complete and faithful.

The message ids are extracted from kasir/ the same way translations/update.sh does (babel,
keywords ``_``, ``N_`` and ``ngettext``), so a message added to the code without an Indonesian
text fails here with the list of what to translate (run translations/update.sh first).
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from kasir import i18n
from kasir.paths import translations_dir

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "kasir"
PO_FILE = ROOT / "translations" / "id" / "LC_MESSAGES" / "kasir.po"
METHOD_MAP = [("**.py", "python")]  # translations/babel.cfg
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
# str.format fields ({name}, {n:.1f}, {0}) and %-style fields (argparse's %(default)s).
PLACEHOLDER = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})|%\([a-z_]+\)[sd]")
KNOWN = "Wrong user name or password."
KNOWN_ID = "Nama pengguna atau kata sandi salah."


def _ids(message_id: str | tuple) -> tuple[str, ...]:
    return message_id if isinstance(message_id, tuple) else (message_id,)


def _strings(string: str | tuple) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


def source_messages() -> dict[str, list[str]]:
    """Every msgid in kasir/ (singular form), with where it is used."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(SOURCE), METHOD_MAP, keywords=KEYWORDS):
        singular = _ids(message)[0]
        if singular:
            found.setdefault(singular, []).append(f"kasir/{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def catalog():
    with PO_FILE.open("rb") as fh:
        return read_po(fh, locale="id")


@pytest.fixture(autouse=True)
def _restore_language(monkeypatch):
    monkeypatch.delenv("KASIR_LANG", raising=False)
    before = i18n.language()
    yield
    i18n.set_language(before)


def test_source_has_messages():
    assert len(source_messages()) > 50


def test_indonesian_catalog_is_complete(catalog):
    problems = []
    for msgid, where in sorted(source_messages().items()):
        entry = catalog.get(msgid)
        if entry is None:
            problems.append(f"missing  {msgid!r}  ({where[0]})")
        elif entry.fuzzy:
            problems.append(f"fuzzy    {msgid!r}  ({where[0]})")
        elif not all(s.strip() for s in _strings(entry.string)):
            problems.append(f"empty    {msgid!r}  ({where[0]})")
    assert not problems, (
        f"{len(problems)} messages lack an Indonesian text in {PO_FILE.relative_to(ROOT)}; "
        "run translations/update.sh and translate them:\n" + "\n".join(problems))


def marked_in_code() -> dict[str, str]:
    """Literal msgids passed to ``_``/``N_``/``ngettext`` anywhere, f-strings included."""
    marked: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in KEYWORDS and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                marked.setdefault(node.args[0].value,
                                  f"{path.relative_to(ROOT).as_posix()}:{node.lineno}")
    return marked


def test_every_marked_message_is_extracted():
    """babel on Python 3.11 does not look inside f-strings: f"{_('Bank'):<20}" is never
    extracted, so it would stay English. Translate into a variable first, then format."""
    extracted = source_messages()
    hidden = [f"{where}: {msgid!r}" for msgid, where in sorted(marked_in_code().items(),
                                                                key=lambda kv: kv[1])
              if msgid not in extracted]
    assert not hidden, ("messages babel cannot extract (inside an f-string?); write "
                        "label = _('…') and use {label} in the f-string:\n" + "\n".join(hidden))


def test_translations_keep_placeholders(catalog):
    problems = []
    for entry in catalog:
        if not entry.id:
            continue
        # each form of a plural names the same placeholders (Indonesian has one form, so it
        # is compared with the placeholders of the plural id, which may name the count)
        wanted = [set(PLACEHOLDER.findall(i)) for i in _ids(entry.id)]
        for text in _strings(entry.string):
            if text and set(PLACEHOLDER.findall(text)) not in wanted:
                problems.append(f"{_ids(entry.id)[0]!r}\n    -> {text!r}")
    assert not problems, "translations whose {placeholders} differ:\n" + "\n".join(problems)


def test_placeholder_pattern():
    assert PLACEHOLDER.findall("a {x} {{literal}} {n:.1f} %(default)s") == [
        "{x}", "{n:.1f}", "%(default)s"]


def test_catalog_parses_with_gettext():
    i18n._catalog.cache_clear()
    assert i18n._catalog("id").gettext(KNOWN) == KNOWN_ID


def test_default_language_is_indonesian():
    assert i18n.set_language(None) == "id"
    assert i18n.locale() == "id_ID"
    assert i18n._(KNOWN) == KNOWN_ID
    assert i18n._("Simpanan wajib") == "Simpanan wajib"


def test_english_and_env_switch(monkeypatch):
    assert i18n.set_language("en") == "en"
    assert i18n._(KNOWN) == KNOWN
    monkeypatch.setenv("KASIR_LANG", "en_US")
    assert i18n.set_language(None) == "en"
    monkeypatch.setenv("KASIR_LANG", "xx")
    assert i18n.set_language(None) == "id"


def test_unknown_message_falls_back_to_english():
    i18n.set_language("id")
    assert i18n._("no such message id") == "no such message id"


def test_errors_are_shown_translated():
    from kasir.errors import AuthError, InvalidInput

    i18n.set_language("id")
    assert str(AuthError(KNOWN)) == KNOWN_ID
    err = InvalidInput("The password must have at least {n} characters.", n=8)
    assert str(err) == "Kata sandi harus terdiri dari sedikitnya 8 karakter."
    i18n.set_language("en")
    assert str(err) == "The password must have at least 8 characters."


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rupiah(lang):
    i18n.set_language(lang)
    assert i18n.rupiah(1234567) == "Rp1.234.567"
    assert i18n.rupiah(0) == "Rp0"
    assert i18n.rupiah(-1234567) == "-Rp1.234.567"
    assert i18n.rupiah(1234567, symbol=False) == "1.234.567"
    assert i18n.rupiah(-50000, symbol=False) == "-50.000"
    assert i18n.number(1000000) == "1.000.000"


def test_terbilang():
    assert i18n.terbilang(1250500) == "satu juta dua ratus lima puluh ribu lima ratus rupiah"
    assert i18n.terbilang(100000) == "seratus ribu rupiah"
    assert i18n.terbilang(0) == "nol rupiah"
    assert i18n.terbilang(-1500) == "minus seribu lima ratus rupiah"


def test_the_compiled_catalog_says_what_the_po_says(catalog):
    """kasir runs with kasir.mo; it must hold exactly the .po's translations, or an edit to the
    .po would not show (run translations/update.sh after editing it)."""
    mo_path = translations_dir() / "id" / "LC_MESSAGES" / "kasir.mo"
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for entry in catalog:
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            shown = [compiled.ngettext(*entry.id, n) for n in (1, 2)]
            wanted = [entry.string[0], entry.string[-1]]
        else:
            shown, wanted = compiled.gettext(entry.id), entry.string
        if shown != wanted:
            stale.append(f"{_ids(entry.id)[0]!r}: .mo {shown!r}, .po {wanted!r}")
    assert not stale, "kasir.mo is older than kasir.po; run translations/update.sh:\n" + "\n".join(
        stale[:20])
