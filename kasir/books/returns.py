"""Corrections of sales: the void of a whole sale and the return of some of its lines.

Both are documents of their own; the sale stays as it was. A void posts the reversal of the
sale's entry and brings every line back into stock at the cost it left at. A return refunds
the lines given back, the way the sale was paid (a credit sale first reduces the member's
open credit, any rest is paid in cash), and brings them back at their share of the cost.
"""

from __future__ import annotations

import datetime as dt

from kasir.books import audit, credit, ledger, shifts
from kasir.books.context import Context
from kasir.books.ledger import Line
from kasir.books.sales import COGS, REVENUE, Sale, get, payment_line
from kasir.books.stock import StockPlan
from kasir.dates import parse_date
from kasir.errors import InvalidInput, NotAllowed
from kasir.i18n import N_
from kasir.money import div_round


def _current_shift_id(conn, till: str) -> int | None:
    shift = shifts.current(conn, till)
    return shift.id if shift else None


def _returned(conn, sale_id: int) -> dict[int, tuple[int, int, int]]:
    """sale line id -> (quantity, amount, cost) already returned."""
    rows = conn.execute(
        "SELECT r.sale_line_id, sum(r.quantity), sum(r.amount), sum(r.cost) FROM sale_return_lines r"
        " JOIN sale_lines l ON l.id = r.sale_line_id WHERE l.sale_id = ? GROUP BY r.sale_line_id",
        (sale_id,))
    return {line: (q, a, c) for line, q, a, c in rows}


def void(ctx: Context, sale_id: int, *, reason: str, date: dt.date | str | None = None) -> int:
    """Void a whole sale. The reversal is dated on the sale's day if its month is open,
    otherwise today (the open period)."""
    if not reason.strip():
        raise InvalidInput(N_("Give the reason for voiding the sale."))
    with ctx.write("sale.void") as conn:
        sale = get(conn, sale_id)
        if sale.voided:
            raise NotAllowed(N_("Sale {receipt} was already voided."), receipt=sale.receipt)
        if _returned(conn, sale_id):
            raise NotAllowed(N_("Sale {receipt} has returned lines; return the remaining lines "
                                "instead of voiding it."), receipt=sale.receipt)
        entry = conn.execute("SELECT entry_id FROM sales WHERE id = ?", (sale_id,)).fetchone()[0]
        new_entry = ledger.reverse_entry(ctx, entry, date=parse_date(date) if date else None,
                                         memo=f"Batal {sale.receipt}: {reason.strip()}",
                                         origin_type="sale_void", origin_id=None, post=False,
                                         adjust=_credit_refund(conn, sale))
        day = ledger.entry(conn, new_entry).date
        plan = StockPlan(conn)
        for line, item in _line_items(conn, sale):
            plan.put(item, line.quantity * item.unit_size, line.cost, "void")
        void_id = conn.execute(
            "INSERT INTO sale_voids (sale_id, date, reason, shift_id, entry_id, created_by,"
            " created_at) VALUES (?,?,?,?,?,?,?)",
            (sale_id, day.isoformat(), reason.strip(), _current_shift_id(conn, sale.till), new_entry,
             ctx.user.id, ctx.now())).lastrowid
        plan.apply(day, void_id, new_entry)
        ledger.post_draft(conn, new_entry, void_id)
        audit.log(ctx, "sale.void", f"sale:{sale_id}", entry_id=new_entry,
                  detail={"receipt": sale.receipt, "reason": reason.strip()})
    return void_id


def _credit_refund(conn, sale: Sale):
    """For a credit sale, the reversal's credit to Piutang becomes what the member still
    owes, and the part they already paid goes back in cash — as for a return."""
    if sale.payment != "credit":
        return None

    def adjust(lines: list[Line]) -> list[Line]:
        kept = [ln for ln in lines if not (ln.account == ledger.PIUTANG and ln.credit)]
        return kept + _refund_lines(conn, sale, sale.total)

    return adjust


def _line_items(conn, sale: Sale):
    from kasir.books import items

    found = items.many(conn, [line.item_id for line in sale.lines])
    return [(line, found[line.item_id]) for line in sale.lines]


def return_lines(ctx: Context, sale_id: int, quantities: dict[int, int], *, reason: str = "",
                 date: dt.date | str | None = None) -> int:
    """Take back ``quantities`` (sale line id -> units of sale) of a sale and refund them."""
    if not quantities:
        raise InvalidInput(N_("Choose at least one line to return."))
    day = parse_date(date) if date else ctx.today()
    with ctx.write("sale.return") as conn:
        sale = get(conn, sale_id)
        if sale.voided:
            raise NotAllowed(N_("Sale {receipt} was voided; nothing is left to return."),
                             receipt=sale.receipt)
        done = _returned(conn, sale_id)
        plan, rows = StockPlan(conn), []
        by_id = dict(_line_items(conn, sale))
        lines = {line.id: line for line in sale.lines}
        for line_id, qty in quantities.items():
            if line_id not in lines:
                raise InvalidInput(N_("Line {id} is not part of sale {receipt}."), id=line_id,
                                   receipt=sale.receipt)
            line = lines[line_id]
            rows.append(_return_row(line, qty, done.get(line_id, (0, 0, 0))))
            plan.put(by_id[line], qty * by_id[line].unit_size, rows[-1][3], "return")
        refund, cost = sum(r[2] for r in rows), sum(r[3] for r in rows)
        entry_lines = [Line(REVENUE[sale.member_id is not None], debit=refund),
                       *_refund_lines(conn, sale, refund)]
        if cost:
            entry_lines += [Line(ledger.PERSEDIAAN, debit=cost), Line(COGS, credit=cost)]
        entry_id = ledger.write_entry(ctx, date=day, memo=f"Retur {sale.receipt}: {reason.strip()}",
                                      origin_type="sale_return", origin_id=None, lines=entry_lines,
                                      post=False)
        return_id = conn.execute(
            "INSERT INTO sale_returns (sale_id, date, reason, refund, shift_id, entry_id, created_by,"
            " created_at) VALUES (?,?,?,?,?,?,?,?)",
            (sale_id, day.isoformat(), reason.strip(), refund, _current_shift_id(conn, sale.till),
             entry_id, ctx.user.id, ctx.now())).lastrowid
        conn.executemany("INSERT INTO sale_return_lines (return_id, sale_line_id, quantity, amount,"
                         " cost) VALUES (?,?,?,?,?)", [(return_id, *r) for r in rows])
        plan.apply(day, return_id, entry_id)
        ledger.post_draft(conn, entry_id, return_id)
        audit.log(ctx, "sale.return", f"sale:{sale_id}", entry_id=entry_id,
                  detail={"receipt": sale.receipt, "refund": refund})
    return return_id


def _return_row(line, qty: int, done: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """(line id, quantity, amount, cost) of returning ``qty`` more of a sale line; the last
    unit returned takes what is left of the amount and cost, so nothing is lost to rounding."""
    if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
        raise InvalidInput(N_("The quantity must be a whole number above zero (got {value})."),
                           value=qty)
    q_done, a_done, c_done = done
    if q_done + qty > line.quantity:
        raise NotAllowed(N_("Only {left} of {name} can still be returned."),
                         left=line.quantity - q_done, name=line.name)
    if q_done + qty == line.quantity:
        return line.id, qty, line.amount - a_done, line.cost - c_done
    return (line.id, qty, div_round(line.amount * qty, line.quantity),
            div_round(line.cost * qty, line.quantity))


def _refund_lines(conn, sale: Sale, refund: int) -> list[Line]:
    """Credit sales first reduce the member's open credit; anything beyond is paid in cash."""
    if sale.payment != "credit":
        return [payment_line(sale.payment, refund, sale.member_id, debit=False)]
    open_credit = max(0, credit.open_credit(conn, sale.member_id))
    to_credit = min(refund, open_credit)
    lines = [Line(ledger.PIUTANG, credit=to_credit, member_id=sale.member_id)] if to_credit else []
    if refund > to_credit:
        lines.append(Line(ledger.KAS, credit=refund - to_credit))
    return lines
