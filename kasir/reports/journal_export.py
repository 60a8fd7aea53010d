"""The whole journal as a plain-text file that ledger-cli and hledger read.

Each account sits under a top account of its kind, named as in the statements — ``Aset``,
``Liabilitas``, ``Ekuitas``, ``Pendapatan``, ``Beban`` (cost of goods sold under
``Beban:Pokok penjualan``) — and keeps kasir's code and name (``Aset:1-1100 Kas``). Every
account is declared with an ``account`` directive followed by hledger's type tag on a comment
line of its own (A, C for Kas and Bank, L, E, R, X), the one place both tools accept it.
Amounts are whole rupiah in the commodity ``IDR``; each transaction's code is kasir's entry
number and its tag ``origin`` the event that posted it. So:

* ``ledger -f FILE balance`` shows the balances of ``kasir ledger trial-balance``;
* ``hledger -f FILE bse`` (or ``ledger bal ^Aset ^Liabilitas ^Ekuitas``) gives the totals of
  the statement of financial position, except that the result of a year not yet closed is
  still in the result accounts (hledger's "Net"; kasir shows it inside equity);
* ``hledger -f FILE is not:tag:origin=year_close`` (``ledger bal "(" ^Pendapatan or ^Beban ")"
  and not %origin=year_close``) gives the statement of results: like kasir's, it leaves out
  the year-close entries, which bring the result accounts to zero.

``ledger --pedantic`` and ``hledger check --strict`` accept the file: every account, the
commodity and the tag are declared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kasir.books import journal, ledger
from kasir.db.connection import Connection
from kasir.reports.common import CASH_PREFIXES

COMMODITY = "IDR"
# kind -> (top account, hledger type); ``cost`` nests under ``Beban`` (declared after it)
ROOTS = {"asset": ("Aset", "A"), "liability": ("Liabilitas", "L"), "equity": ("Ekuitas", "E"),
         "revenue": ("Pendapatan", "R"), "expense": ("Beban", "X"),
         "cost": ("Beban:Pokok penjualan", "X")}
CASH_TYPE = "C"


def account_name(code: str, name: str, kind: str) -> str:
    """``Aset:1-1100 Kas``: the kind's top account, then ``code name`` made safe for a journal
    (no comment marks, colons, brackets or double spaces)."""
    clean = re.sub(r"[;:\[\]()\t]", " ", name)
    return f"{ROOTS[kind][0]}:{code} {' '.join(clean.split())}"


def account_type(acc: ledger.Account) -> str:
    """hledger's account type: cash for Kas and Bank, else the kind's."""
    if acc.kind == "asset" and acc.code.startswith(CASH_PREFIXES):
        return CASH_TYPE
    return ROOTS[acc.kind][1]


def _payee(text: str) -> str:
    return " ".join(text.replace(";", ",").split()) or "-"


def _declare(name: str, type_tag: str) -> Iterator[str]:
    yield f"account {name}"
    yield f"    ; type: {type_tag}"


def lines(conn: Connection, coop_name: str) -> Iterator[str]:
    yield f"; {coop_name} — kasir journal export (ledger-cli / hledger)"
    yield f"commodity {COMMODITY}"
    yield "tag origin"
    yield ""
    for top, type_tag in ROOTS.values():
        yield from _declare(top, type_tag)
    accounts = ledger.accounts(conn)
    for acc in accounts:
        yield from _declare(account_name(acc.code, acc.name, acc.kind), account_type(acc))
    yield ""
    names = {(a.code, a.name): account_name(a.code, a.name, a.kind) for a in accounts}
    yield from _entries(journal.iter_entries(conn), names)


def _entries(entries: Iterable, names: dict[tuple[str, str], str]) -> Iterator[str]:
    for entry_id, day, memo, origin, postings in entries:
        yield f"{day} * ({entry_id}) {_payee(memo)}  ; origin: {origin}"
        for code, name, debit, credit in postings:
            yield f"    {names[code, name]}  {debit - credit} {COMMODITY}"
        yield ""
