"""Reading the journal: an account's ledger with running balance, the journal list paged
line by line with filters, the origins in use, and every entry in order (for exports).

Postings, balances and the chart of accounts are in :mod:`kasir.books.ledger`; this module
only reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from kasir.books.ledger import account, balance
from kasir.dates import parse_date
from kasir.db.connection import Connection


@dataclass(frozen=True)
class LedgerRow:
    date: dt.date
    entry_id: int
    memo: str
    debit: int
    credit: int
    balance: int


def general_ledger(conn: Connection, code: str, start: dt.date | str,
                   end: dt.date | str) -> tuple[int, list[LedgerRow]]:
    """Opening balance before ``start`` and the account's lines to ``end`` with running balance."""
    acc = account(conn, code)
    start, end = parse_date(start), parse_date(end)
    running = balance(conn, code, start - dt.timedelta(days=1))
    opening, rows = running, []
    for day, entry_id, memo, debit, credit in conn.execute(
            "SELECT e.date, e.id, coalesce(nullif(l.memo, ''), e.memo), l.debit, l.credit"
            " FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id"
            " WHERE l.account_id = ? AND e.date BETWEEN ? AND ? AND e.posted = 1"
            " ORDER BY e.date, e.id, l.id", (acc.id, start.isoformat(), end.isoformat())):
        running += debit - credit
        rows.append(LedgerRow(dt.date.fromisoformat(day), entry_id, memo, debit, credit, running))
    return opening, rows


class JournalRow(NamedTuple):
    """One posted journal line as the journal list shows it (memo: the line's, else the entry's)."""

    date: dt.date
    entry_id: int
    line_id: int
    origin_type: str
    code: str
    name: str
    memo: str
    debit: int
    credit: int


# A filter matching at most this many rows reads them through its own index and sorts them;
# a broader one walks the date index, filtering as it goes, and stops at a page.
_PICK_LIMIT = 20_000
_PAGE_GUESS = 200   # two filters meeting this often in the latest entries: walk the dates
# The plan chosen per filter, so the next pages skip the counting. A plan only decides speed,
# never which rows, so one chosen before new postings (or for another file) stays correct.
_journal_plans: dict[tuple, str] = {}

_JOURNAL_FROM = {
    "date": "journal_entries e INDEXED BY journal_entries_date"
            " CROSS JOIN journal_lines l ON l.entry_id = e.id",
    "origin": "journal_entries e INDEXED BY journal_entries_origin"
              " CROSS JOIN journal_lines l ON l.entry_id = e.id",
    "account": "journal_lines l INDEXED BY journal_lines_account"
               " CROSS JOIN journal_entries e ON e.id = l.entry_id",
    "entry": "journal_entries e JOIN journal_lines l ON l.entry_id = e.id",
}


def _journal_plan(conn: Connection, account_id: int | None, origin_type: str | None,
                  where: list[str], params: list) -> str:
    """Which index leads the journal query: a filter's own index when it matches few rows,
    else the date index, walked newest (or oldest) first and filtered as it goes.

    SQLite's own choice sorts every matching row, which for the 700,000 sale entries of a
    ten-year co-op takes seconds. The counts here stop at the limit, so they cost little;
    only two broad filters that rarely meet (every matching row of the smaller one read)
    cost more, and then the walk through every date they would take instead costs more still.
    """
    def count(limit: int | None) -> dict[str, int]:
        found = {}
        if account_id is not None:
            found["account"] = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM journal_lines WHERE account_id = ? LIMIT ?)",
                (account_id, limit or -1)).fetchone()[0]
        if origin_type:
            found["origin"] = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM journal_entries WHERE origin_type = ? LIMIT ?)",
                (origin_type, limit or -1)).fetchone()[0]
        return found

    counts = count(_PICK_LIMIT + 1)
    if not counts:
        return "date"
    lead = min(counts, key=counts.__getitem__)
    if counts[lead] <= _PICK_LIMIT:
        return lead
    if len(counts) == 2:   # both broad: do they meet often enough for a page by walking dates?
        recent = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM (SELECT id FROM journal_entries"
            " ORDER BY date DESC, id DESC LIMIT ?) r JOIN journal_entries e ON e.id = r.id"
            " CROSS JOIN journal_lines l ON l.entry_id = e.id"
            " WHERE e.origin_type = ? AND l.account_id = ? LIMIT ?)",
            (_PICK_LIMIT, origin_type, account_id, _PAGE_GUESS)).fetchone()[0]
        if recent >= _PAGE_GUESS:
            return "date"
        counts = count(None)   # whole index ranges, read once per filter: the smaller one leads
        lead = min(counts, key=counts.__getitem__)
        both = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {_JOURNAL_FROM[lead]}"
                            f" WHERE {' AND '.join(where)} LIMIT ?)",
                            (*params, _PICK_LIMIT + 1)).fetchone()[0]
        if both <= _PICK_LIMIT:
            return lead
    return "date"


def _journal_query(conn: Connection, plan: str, where: list[str], params: list,
                   newest_first: bool, limit: int) -> list[JournalRow]:
    order = "DESC" if newest_first else "ASC"
    sql = ("SELECT e.date, e.id, l.id, e.origin_type, a.code, a.name,"
           " coalesce(nullif(l.memo, ''), e.memo), l.debit, l.credit"
           f" FROM {_JOURNAL_FROM[plan]} JOIN accounts a ON a.id = l.account_id"
           f" WHERE {' AND '.join(where)} ORDER BY e.date {order}, e.id {order}, l.id LIMIT ?")
    return [JournalRow(dt.date.fromisoformat(r[0]), *r[1:])
            for r in conn.execute(sql, (*params, limit))]


def journal_lines(conn: Connection, *, start: dt.date | str | None = None,
                  end: dt.date | str | None = None, account_code: str | None = None,
                  origin_type: str | None = None, after: JournalRow | None = None,
                  newest_first: bool = True, limit: int = 200) -> list[JournalRow]:
    """A page of posted journal lines, entries newest (or oldest) first and each entry's lines
    in order, filtered by date range, account and origin type (None: no filter).

    Keyset-paged: pass the last row of the previous page as ``after``, so that page N of a
    journal of millions of lines costs what the first page costs.
    """
    where, params = ["e.posted = 1"], []
    for test, value in (("e.date >= ?", start), ("e.date <= ?", end)):
        if value:
            where.append(test)
            params.append(parse_date(value).isoformat())
    account_id = account(conn, account_code).id if account_code else None
    if account_id is not None:
        where.append("l.account_id = ?")
        params.append(account_id)
    if origin_type:
        where.append("e.origin_type = ?")
        params.append(origin_type)
    rows: list[JournalRow] = []
    if after is not None:  # first the rest of the entry the previous page ended in
        rows = _journal_query(conn, "entry", [*where, "e.id = ?", "l.id > ?"],
                              [*params, after.entry_id, after.line_id], newest_first, limit)
        where.append("(e.date, e.id) < (?, ?)" if newest_first else "(e.date, e.id) > (?, ?)")
        params += [after.date.isoformat(), after.entry_id]
    if len(rows) < limit:
        key = (id(conn), start, end, account_id, origin_type)
        plan = _journal_plans.get(key)
        if plan is None:
            if len(_journal_plans) > 100:
                _journal_plans.clear()
            plan = _journal_plans[key] = _journal_plan(conn, account_id, origin_type, where, params)
        rows += _journal_query(conn, plan, where, params, newest_first, limit - len(rows))
    return rows


def origin_types(conn: Connection) -> list[str]:
    """The origin types present in the journal ("manual", "sale", …), each found by one index
    seek rather than a scan of every entry."""
    found: list[str] = []
    while (row := conn.execute("SELECT min(origin_type) FROM journal_entries WHERE origin_type > ?",
                               (found[-1] if found else "",)).fetchone())[0] is not None:
        found.append(row[0])
    return found


def iter_entries(conn: Connection):
    """Every posted entry in date order with its lines: (id, date, memo, origin_type, lines),
    each line (code, name, debit, credit). Streams; for exports of any size."""
    current, head, lines = None, None, []
    for row in conn.execute(
            "SELECT e.id, e.date, e.memo, e.origin_type, a.code, a.name, l.debit, l.credit"
            " FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
            " JOIN accounts a ON a.id = l.account_id WHERE e.posted = 1 ORDER BY e.date, e.id, l.id"):
        if row[0] != current:
            if head:
                yield (*head, lines)
            current, head, lines = row[0], row[:4], []
        lines.append(row[4:])
    if head:
        yield (*head, lines)
