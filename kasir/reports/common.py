"""What every statement builder shares: the refusal of a ledger that does not balance, the
DRAFT mark of a year not yet closed, the book year, and account totals over a period.

Balances are the trial balance's figures (:func:`kasir.books.ledger.trial_balance`), and
like it they read the ``account_month`` totals for whole months and journal lines only for a
partial month; movements over a period read ``account_month`` for the whole months inside it
and lines only for the partial months at its edges, so a year costs about what a month does.

Every report sums money and quantities with SQL ``sum()`` (exact integers; its bound is in
docs/decisions.md, "Ceilings on amounts") or in Python, never with ``total()``, whose float
is exact only below 2^53 and would print a rounded figure near the ceilings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from kasir.books import ledger, shu
from kasir.books import profile as profile_mod
from kasir.dates import add_months, month_of, month_start
from kasir.db.connection import Connection
from kasir.errors import Unbalanced
from kasir.i18n import N_, _, date, rupiah
from kasir.reports.statement import Column, Period, Row, Statement

P_AND_L = ("revenue", "cost", "expense")
BALANCE_SHEET = ("asset", "liability", "equity")
CASH_PREFIXES = ("1-11", "1-12")  # Kas and Bank, and any petty-cash or bank account added beside them
NO_DATA = N_("There are no transactions in this period.")
# The year-close entry moves the results into SHU belum dibagi; a results statement leaves
# it out (it is neither income nor cost).
CLOSING_ORIGINS = (shu.CLOSING_ORIGIN,)
DAY = dt.timedelta(days=1)


# ---- reading consistently ------------------------------------------------------------------

@contextmanager
def snapshot(conn: Connection) -> Iterator[Connection]:
    """Every query of one statement sees the same state of the file (one read transaction),
    even while the cashier keeps selling in another window."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


# ---- the refusals and the DRAFT mark ------------------------------------------------------

def require_balanced(conn: Connection, as_of: dt.date) -> None:
    """Refuse a ledger whose debits and credits up to ``as_of`` differ (the trial balance's
    two totals); that should never happen, so the user is sent to ``kasir check``."""
    totals = _cumulative(conn, as_of).values()
    debit, credit = sum(d for d, _c in totals), sum(c for _d, c in totals)
    if debit != credit:
        raise Unbalanced(N_("The ledger does not balance as of {date}: debits {debit}, credits "
                            "{credit}. This should never happen: run 'kasir check' to find the "
                            "cause. No report is made from books that do not balance."),
                         date=as_of.isoformat(), debit=rupiah(debit), credit=rupiah(credit))


def book_year_start(conn: Connection, day: dt.date) -> dt.date:
    """The first day of the book year holding ``day`` (the AD/ART may start it in any month)."""
    first = profile_mod.get(conn).book_year_start_month
    return dt.date(day.year if day.month >= first else day.year - 1, first, 1)


def year_closed(conn: Connection, day: dt.date) -> bool:
    """Whether the book year holding ``day`` is closed (kasir.books.shu keeps that state)."""
    return shu.is_closed_on(conn, day)


def begin(conn: Connection, key: str, title: str, period: Period, columns: list[Column], *,
          subtitle: str = "") -> Statement:
    """A new statement for ``period``, refused if the ledger does not balance at its end and
    marked DRAFT while the book year of its end is open."""
    require_balanced(conn, period.end)
    return Statement(key=key, title=title, period=period, columns=columns, subtitle=subtitle,
                     draft=not year_closed(conn, period.end))


def note_if_empty(statement: Statement, empty: bool) -> None:
    if empty:
        statement.notes.append(_(NO_DATA))


# ---- balances and movements ---------------------------------------------------------------

def _cumulative(conn: Connection, as_of: dt.date) -> dict[int, tuple[int, int]]:
    """Account id -> (debits, credits) of all postings to the end of ``as_of``.

    The figures of :func:`kasir.books.ledger.trial_balance`, read from the month totals
    alone when ``as_of`` ends a month (every statement's usual date), so a statement that
    needs balances at three dates does not read three months of lines.
    """
    month = month_of(as_of)
    month_ends = (as_of + DAY).day == 1
    rows = conn.execute("SELECT account_id, sum(debit), sum(credit) FROM account_month"
                        " WHERE month <= ? GROUP BY account_id",
                        (month if month_ends else add_months(month, -1),)).fetchall()
    totals = {a: (d, c) for a, d, c in rows}
    if not month_ends:
        for a, d, c in _line_totals(conn, month_start(month), as_of):
            before = totals.get(a, (0, 0))
            totals[a] = (before[0] + d, before[1] + c)
    return totals


def balances(conn: Connection, as_of: dt.date) -> dict[str, int]:
    """Account code -> debit-positive balance at the end of ``as_of`` (non-zero ones): the
    trial balance's figures."""
    codes = {a.id: a.code for a in ledger.accounts(conn)}
    return {codes[a]: d - c for a, (d, c) in _cumulative(conn, as_of).items() if d != c}


def unclosed_result(accounts: Iterable[ledger.Account], bal: dict[str, int]) -> int:
    """Revenue less costs and expenses still in the result accounts (credit-positive)."""
    return -sum(bal.get(a.code, 0) for a in accounts if a.kind in P_AND_L)


def _full_months(start: dt.date, end: dt.date) -> tuple[str, str] | None:
    """The first and last whole month inside [start, end], or None."""
    first = month_of(start) if start.day == 1 else add_months(month_of(start), 1)
    last = month_of(end) if (end + DAY).day == 1 else add_months(month_of(end), -1)
    return (first, last) if first <= last else None


def _line_totals(conn: Connection, start: dt.date, end: dt.date, origins: tuple[str, ...] = ()):
    # CROSS JOIN keeps the date index in charge: entries of the days, then their lines
    only = f" AND e.origin_type IN ({','.join('?' * len(origins))})" if origins else ""
    return conn.execute(
        "SELECT l.account_id, sum(l.debit), sum(l.credit) FROM journal_entries e"
        " CROSS JOIN journal_lines l ON l.entry_id = e.id"
        f" WHERE e.date BETWEEN ? AND ? AND e.posted = 1{only} GROUP BY l.account_id",
        (start.isoformat(), end.isoformat(), *origins)).fetchall()


def movements(conn: Connection, start: dt.date, end: dt.date, *,
              exclude_origins: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
    """Account code -> (debits, credits) posted from ``start`` to ``end`` inclusive, leaving
    out the entries of ``exclude_origins`` (such as the year-close)."""
    codes = {a.id: a.code for a in ledger.accounts(conn)}
    totals: dict[int, list[int]] = {}

    def add(rows, sign: int = 1) -> None:
        for acc_id, debit, credit in rows:
            t = totals.setdefault(acc_id, [0, 0])
            t[0] += sign * debit
            t[1] += sign * credit

    full = _full_months(start, end)
    if full is None:
        add(_line_totals(conn, start, end))
    else:
        add(conn.execute("SELECT account_id, sum(debit), sum(credit) FROM account_month"
                         " WHERE month BETWEEN ? AND ? GROUP BY account_id", full).fetchall())
        before, after = month_start(full[0]) - DAY, month_start(add_months(full[1], 1))
        if start <= before:
            add(_line_totals(conn, start, before))
        if after <= end:
            add(_line_totals(conn, after, end))
    if exclude_origins:
        add(_line_totals(conn, start, end, exclude_origins), sign=-1)
    return {codes[i]: (d, c) for i, (d, c) in totals.items() if d or c}


# ---- presentation helpers -----------------------------------------------------------------

def day_label(day: dt.date) -> str:
    return date(day)


def parse_day(text: str) -> dt.date:
    """A date column read from SQLite (``YYYY-MM-DD``)."""
    return dt.date.fromisoformat(text)


def money_columns(first: str, *titles: str) -> list[Column]:
    return [Column(first), *(Column(t, "money") for t in titles)]


def total_row(label: object, *values, style: str = "total") -> Row:
    return Row((label, *values), style)  # type: ignore[arg-type]
