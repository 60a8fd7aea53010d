"""The books themselves: neraca saldo (trial balance), buku besar (general ledger per
account) and buku kas harian (the cash book, one line per day)."""

from __future__ import annotations

from kasir.books import ledger
from kasir.db.connection import Connection
from kasir.i18n import N_, _
from kasir.reports import common
from kasir.reports.common import total_row
from kasir.reports.statement import Column, Period, Row, Statement

TITLE_TRIAL = N_("Trial balance (neraca saldo)")
TITLE_LEDGER = N_("General ledger (buku besar)")
TITLE_CASH_BOOK = N_("Daily cash book (buku kas harian)")


def trial_balance(conn: Connection, period: Period, **_options) -> Statement:
    """Every account with a balance at the period's end, on its debit or credit side."""
    st = common.begin(conn, "neraca-saldo", _(TITLE_TRIAL), period,
                      [Column(_("Code")), Column(_("Account")), Column(_("Debit"), "money"),
                       Column(_("Credit"), "money")],
                      subtitle=_("As of {date}").format(date=common.day_label(period.end)))
    rows = ledger.trial_balance(conn, period.end)
    st.rows += [Row((r.code, r.name, r.debit or None, r.credit or None)) for r in rows]
    debit, credit = sum(r.debit for r in rows), sum(r.credit for r in rows)
    st.rows.append(total_row("", _("Total"), debit, credit))
    st.figures.update({"total_debit": debit, "total_credit": credit, "accounts": len(rows)})
    common.note_if_empty(st, not rows)
    return st


def _ledger_columns() -> list[Column]:
    return [Column(_("Date"), "date"), Column(_("Entry"), "number"), Column(_("Description")),
            Column(_("Debit"), "money"), Column(_("Credit"), "money"), Column(_("Balance"), "money")]


def _ledger_lines(conn: Connection, period: Period, account_id: int | None):
    """account id -> [(date, entry, memo, debit, credit)] of the period, in date order.

    The same lines as :func:`kasir.books.journal.general_ledger`, read date-first (CROSS JOIN
    keeps the date index in charge): Kas has a line in every cash sale, so reading it
    account-first would walk years of lines to find one month.
    """
    only = "" if account_id is None else " AND l.account_id = :acc"
    out: dict[int, list[tuple]] = {}
    for acc_id, day, entry_id, memo, debit, credit in conn.execute(
            "SELECT l.account_id, e.date, e.id, coalesce(nullif(l.memo, ''), e.memo), l.debit,"
            " l.credit FROM journal_entries e CROSS JOIN journal_lines l ON l.entry_id = e.id"
            f" WHERE e.date BETWEEN :start AND :end AND e.posted = 1{only}"
            " ORDER BY e.date, e.id, l.id",
            {"start": period.start.isoformat(), "end": period.end.isoformat(), "acc": account_id}):
        out.setdefault(acc_id, []).append((common.parse_day(day), entry_id, memo, debit, credit))
    return out


def general_ledger(conn: Connection, period: Period, account: str | None = None,
                   **_options) -> Statement:
    """Buku besar of one account (``account``), or of every account that had a balance or a
    movement in the period. Balances are shown on the account's own side (a credit balance
    of a liability is positive)."""
    chosen = [ledger.account(conn, account)] if account else ledger.accounts(conn)
    subtitle = f"{chosen[0].code} {chosen[0].name}" if account else ""
    st = common.begin(conn, "buku-besar", _(TITLE_LEDGER), period, _ledger_columns(),
                      subtitle=subtitle)
    opened = common.balances(conn, period.previous_end)
    lines = _ledger_lines(conn, period, chosen[0].id if account else None)
    totals = [0, 0]
    for acc in chosen:
        rows, opening = lines.get(acc.id, []), opened.get(acc.code, 0)
        if not account and not rows and not opening:
            continue
        sign = 1 if acc.kind in ledger.DEBIT_NORMAL else -1
        st.rows.append(Row((None, None, f"{acc.code} {acc.name}", None, None, None), "heading"))
        st.rows.append(Row((period.start, None, _("Opening balance"), None, None, sign * opening),
                           level=1))
        running = opening
        for day, entry_id, memo, debit, credit in rows:
            running += debit - credit
            st.rows.append(Row((day, entry_id, memo, debit or None, credit or None,
                                sign * running), level=1))
        debit, credit = sum(r[3] for r in rows), sum(r[4] for r in rows)
        st.rows.append(Row((period.end, None, _("Closing balance"), debit, credit, sign * running),
                           "subtotal", level=1))
        totals = [totals[0] + debit, totals[1] + credit]
        if account:
            st.figures.update({"opening": sign * opening, "debit": debit, "credit": credit,
                               "closing": sign * running, "lines": len(rows)})
    if not account:
        st.rows.append(total_row(None, None, _("Total of all accounts"), *totals, None))
    st.figures.update({"total_debit": totals[0], "total_credit": totals[1]})
    common.note_if_empty(st, totals == [0, 0])
    return st


def cash_book(conn: Connection, period: Period, account: str | None = None,
              **_options) -> Statement:
    """Buku kas harian: for each day with cash movements, the opening cash, receipts,
    payments and closing cash (Kas 1-1100, or another cash or bank ``account``)."""
    acc = ledger.account(conn, account or ledger.KAS)
    st = common.begin(conn, "kas-harian", _(TITLE_CASH_BOOK), period,
                      [Column(_("Date"), "date"), Column(_("Opening balance"), "money"),
                       Column(_("Receipts"), "money"), Column(_("Payments"), "money"),
                       Column(_("Closing balance"), "money")],
                      subtitle=f"{acc.code} {acc.name}")
    opening = common.balances(conn, period.previous_end).get(acc.code, 0)
    # CROSS JOIN: the date index picks the period's entries first, then their lines
    days = conn.execute(
        "SELECT e.date, sum(l.debit), sum(l.credit) FROM journal_entries e"
        " CROSS JOIN journal_lines l ON l.entry_id = e.id"
        " WHERE e.date BETWEEN ? AND ? AND e.posted = 1 AND l.account_id = ?"
        " GROUP BY e.date ORDER BY e.date",
        (period.start.isoformat(), period.end.isoformat(), acc.id)).fetchall()
    running, receipts, payments = opening, 0, 0
    for day, debit, credit in days:
        st.rows.append(Row((common.parse_day(day), running, debit, credit,
                            running + debit - credit)))
        running += debit - credit
        receipts, payments = receipts + debit, payments + credit
    st.rows.append(total_row(_("Total"), opening, receipts, payments, running))
    st.figures.update({"opening": opening, "receipts": receipts, "payments": payments,
                       "closing": running, "days": len(days)})
    common.note_if_empty(st, not days)
    return st
