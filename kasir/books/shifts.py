"""Cashier shifts (buka/tutup kasir): a float at the start, counted cash at the end.

Every sale belongs to the open shift of its till. At the close the cashier counts the
drawer by denomination; what was expected (float + cash sales − cash refunds in the shift)
is compared with what was counted, and any difference is posted to selisih kas (6-1700):
a shortage as an expense, a surplus as a negative one.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kasir.books import audit, ledger
from kasir.books.context import Context
from kasir.books.ledger import Line
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotAllowed
from kasir.i18n import N_
from kasir.money import within_ceiling

DENOMINATIONS = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100)
CASH_DIFFERENCE = "6-1700"


@dataclass(frozen=True)
class Shift:
    id: int
    till: str
    date: dt.date
    float: int
    opened_by: str
    opened_at: str
    closed_at: str | None


@dataclass(frozen=True)
class Summary:
    shift: Shift
    sales: int
    by_payment: dict[str, int]
    refunds: int
    expected: int
    counted: int | None
    difference: int | None


def _check_till(till: str) -> str:
    till = str(till).strip()
    if not till or len(till) > 8 or not till.replace("-", "").isalnum():
        raise InvalidInput(N_("A till is named with 1 to 8 letters or digits (got {till})."),
                           till=till)
    return till


def _shift(row) -> Shift:
    return Shift(row[0], row[1], dt.date.fromisoformat(row[2]), *row[3:])


_SELECT = ("SELECT s.id, s.till, s.date, s.float, u.username, s.opened_at, s.closed_at"
           " FROM shifts s JOIN users u ON u.id = s.opened_by")


def current(conn: Connection, till: str) -> Shift | None:
    row = conn.execute(f"{_SELECT} WHERE s.till = ? AND s.closed_at IS NULL", (till,)).fetchone()
    return _shift(row) if row else None


def require_open(conn: Connection, till: str) -> Shift:
    """The till's open shift, or a refusal that says to open one first."""
    row = conn.execute("SELECT id, till, date, float, '', opened_at, closed_at FROM shifts"
                       " WHERE till = ? AND closed_at IS NULL", (till,)).fetchone()
    shift = _shift(row) if row else None  # the checkout needs no user name: no join
    if shift is None:
        raise NotAllowed(N_("No shift is open on till {till}. Open the shift (with the cash "
                            "float) before selling."), till=till)
    return shift


def get(conn: Connection, shift_id: int) -> Shift:
    row = conn.execute(f"{_SELECT} WHERE s.id = ?", (shift_id,)).fetchone()
    if row is None:
        raise InvalidInput(N_("There is no shift {id}."), id=shift_id)
    return _shift(row)


def open_shift(ctx: Context, till: str = "1", float_amount: int = 0, *,
               date: dt.date | str | None = None) -> Shift:
    till = _check_till(till)
    if isinstance(float_amount, bool) or not isinstance(float_amount, int) or float_amount < 0:
        raise InvalidInput(N_("The float is whole rupiah, not negative."))
    within_ceiling(float_amount)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("shift") as conn:
        existing = current(conn, till)
        if existing:
            raise NotAllowed(N_("A shift is already open on till {till} (opened by {user} at "
                                "{time}). Close it first."), till=till, user=existing.opened_by,
                             time=existing.opened_at)
        shift_id = conn.execute("INSERT INTO shifts (till, date, float, opened_by, opened_at)"
                                " VALUES (?,?,?,?,?)", (till, day.isoformat(), float_amount,
                                                        ctx.user.id, ctx.now())).lastrowid
        audit.log(ctx, "shift.open", f"shift:{shift_id}", detail={"till": till, "float": float_amount})
    return get(ctx.conn, shift_id)


def summary(conn: Connection, shift_id: int) -> Summary:
    """Sales and cash of a shift; ``expected`` is the cash that should be in the drawer."""
    shift = get(conn, shift_id)
    by_payment = dict.fromkeys(("cash", "credit", "noncash"), 0)
    count = 0
    for payment, n, total in conn.execute("SELECT payment, count(*), sum(total) FROM sales"
                                          " WHERE shift_id = ? GROUP BY payment", (shift_id,)):
        by_payment[payment] = int(total)
        count += n
    # the cash paid out of the drawer: what the shift's voids and returns credited to Kas
    # (a credit sale's return pays in cash whatever exceeds the member's open credit)
    refunds = int(conn.execute(
        "SELECT coalesce(sum(l.credit), 0) FROM journal_lines l JOIN accounts a ON a.id = l.account_id"
        " WHERE a.code = :kas AND l.entry_id IN (SELECT entry_id FROM sale_voids WHERE shift_id = :s"
        " UNION ALL SELECT entry_id FROM sale_returns WHERE shift_id = :s)",
        {"s": shift_id, "kas": ledger.KAS}).fetchone()[0])
    row = conn.execute("SELECT counted FROM shifts WHERE id = ?", (shift_id,)).fetchone()
    expected = shift.float + by_payment["cash"] - refunds
    counted = row[0]
    return Summary(shift, count, by_payment, refunds, expected, counted,
                   None if counted is None else counted - expected)


def count_cash(counts: dict[int, int]) -> int:
    """Total of a drawer count given as {denomination: number of notes or coins}."""
    total = 0
    for denomination, n in counts.items():
        if denomination not in DENOMINATIONS:
            raise InvalidInput(N_("{value} is not a rupiah note or coin."), value=denomination)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidInput(N_("Count each note or coin as a whole number, not negative."))
        total += denomination * n
    return within_ceiling(total)


def close_shift(ctx: Context, till: str = "1", counts: dict[int, int] | None = None, *,
                date: dt.date | str | None = None) -> Summary:
    """Close the till's shift with the counted cash; post any difference to selisih kas."""
    till = _check_till(till)
    counted = count_cash(counts or {})
    with ctx.write("shift") as conn:
        shift = require_open(conn, till)
        day = parse_date(date) if date else max(ctx.today(), shift.date)
        expected = summary(conn, shift.id).expected
        diff = counted - expected
        entry_id = None
        if diff:
            amount = abs(diff)
            lines = ([Line(CASH_DIFFERENCE, debit=amount), Line(ledger.KAS, credit=amount)] if diff < 0
                     else [Line(ledger.KAS, debit=amount), Line(CASH_DIFFERENCE, credit=amount)])
            entry_id = ledger.write_entry(ctx, date=day, memo=f"Selisih kas tutup kasir {till}",
                                          origin_type="shift", origin_id=shift.id, lines=lines)
        conn.execute("UPDATE shifts SET closed_by = ?, closed_at = ?, expected = ?, counted = ?,"
                     " counts = ?, entry_id = ? WHERE id = ?",
                     (ctx.user.id, ctx.now(), expected, counted,
                      json.dumps({str(k): v for k, v in sorted((counts or {}).items())}),
                      entry_id, shift.id))
        audit.log(ctx, "shift.close", f"shift:{shift.id}", entry_id=entry_id,
                  detail={"expected": expected, "counted": counted, "difference": diff})
    return summary(ctx.conn, shift.id)

