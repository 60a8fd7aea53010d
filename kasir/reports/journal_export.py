"""The whole journal as a plain-text file that ledger-cli and hledger read.

Accounts keep kasir's code and name (``1-1100 Kas``), amounts are whole rupiah in the
commodity ``IDR``; ``ledger -f FILE balance`` then shows the same balances as
``kasir ledger trial-balance``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kasir.books import journal, ledger
from kasir.db.connection import Connection

COMMODITY = "IDR"


def account_name(code: str, name: str) -> str:
    """``code name`` made safe for a journal: no comment marks, brackets or double spaces."""
    clean = re.sub(r"[;:\[\]()\t]", " ", name)
    return f"{code} {' '.join(clean.split())}"


def _payee(text: str) -> str:
    return " ".join(text.replace(";", ",").split()) or "-"


def lines(conn: Connection, coop_name: str) -> Iterator[str]:
    yield f"; {coop_name} — kasir journal export (ledger-cli / hledger)"
    yield f"commodity {COMMODITY}"
    yield ""
    for acc in ledger.accounts(conn):
        yield f"account {account_name(acc.code, acc.name)}"
    yield ""
    yield from _entries(journal.iter_entries(conn))


def _entries(entries: Iterable) -> Iterator[str]:
    for entry_id, day, memo, origin, postings in entries:
        yield f"{day} * {_payee(memo)}  ; kasir:{entry_id} origin:{origin}"
        for code, name, debit, credit in postings:
            amount = debit - credit
            yield f"    {account_name(code, name)}  {amount} {COMMODITY}"
        yield ""
