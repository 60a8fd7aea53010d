"""The shop's balances: rekap persediaan (stock per item: opening, in, out, count differences,
closing and its value), piutang anggota by age, and utang supplier.

Each is built from its sub-ledger (stock moves, the members' 1-1300 lines, purchases and
supplier payments), whose totals equal the control accounts 1-1400, 1-1300 and 2-1100.
"""

from __future__ import annotations

import datetime as dt

from kasir.books import credit, items, suppliers
from kasir.db.connection import Connection
from kasir.i18n import N_, _
from kasir.reports import common
from kasir.reports.common import total_row
from kasir.reports.statement import Column, Period, Quantity, Row, Statement

TITLE_STOCK = N_("Stock summary (rekap persediaan)")
TITLE_CREDIT = N_("Members' shop credit by age (piutang anggota)")
TITLE_PAYABLES = N_("Amounts owed to suppliers (utang supplier)")

IN_KINDS = ("purchase", "return", "void")
OUT_KINDS = ("sale", "writeoff")


# ---- rekap persediaan ---------------------------------------------------------------------

def _stock_before(conn: Connection, start: dt.date) -> dict[int, tuple[int, int]]:
    """item id -> (quantity, value) of all moves dated before ``start``: exact sums (a move
    entered later with an earlier date counts on its date). Whichever side of ``start`` holds
    fewer years of moves is summed; the other follows from the stock on hand now. One query
    per item keeps each sum a single pass over the covering index (item, date, …)."""
    # two subqueries: SQLite answers a lone min() or max() from the index, not both at once
    first, last = conn.execute("SELECT (SELECT min(date) FROM stock_moves),"
                               " (SELECT max(date) FROM stock_moves)").fetchone()
    if first is None or start.isoformat() <= first:
        return {}
    before = start - common.parse_day(first) <= common.parse_day(last) - start
    sql = ("SELECT coalesce(sum(quantity), 0), coalesce(sum(value), 0) FROM stock_moves"
           " WHERE item_id = ? AND date "
           + ("< ?" if before else ">= ?"))
    out = {}
    for item in items.all_items(conn):
        qty, value = conn.execute(sql, (item.id, start.isoformat())).fetchone()
        out[item.id] = ((qty, value) if before else
                        (item.qty_on_hand - qty, item.value_on_hand - value))
    return out


def _stock_moves(conn: Connection, period: Period) -> dict[int, dict[str, tuple[int, int]]]:
    """item id -> kind -> (quantity, value) moved in the period (via the covering item index)."""
    out: dict[int, dict[str, tuple[int, int]]] = {}
    for item_id, kind, qty, value in conn.execute(
            "SELECT m.item_id, m.kind, sum(m.quantity), sum(m.value) FROM items i"
            " CROSS JOIN stock_moves m ON m.item_id = i.id AND m.date BETWEEN ? AND ?"
            " GROUP BY m.item_id, m.kind", (period.start.isoformat(), period.end.isoformat())):
        out.setdefault(item_id, {})[kind] = (qty, value)
    return out


def stock_summary(conn: Connection, period: Period, **_options) -> Statement:
    """Rekap persediaan: per item in its unit of sale (the measure beside it) the opening
    quantity, goods in (purchases, returns, voids), goods out (sales, write-offs), stock-count
    differences and the closing quantity, with the closing value at average cost and the
    value of the differences."""
    st = common.begin(conn, "rekap-persediaan", _(TITLE_STOCK), period,
                      [Column(_("Item")), Column(_("Unit")), Column(_("Opening"), "quantity"),
                       Column(_("In"), "quantity"), Column(_("Out"), "quantity"),
                       Column(_("Count difference"), "quantity"),
                       Column(_("Closing"), "quantity"),
                       Column(_("Closing value"), "money"),
                       Column(_("Difference value"), "money")])
    before, moves = _stock_before(conn, period.start), _stock_moves(conn, period)
    sums = dict.fromkeys(("opening_value", "in_value", "out_value", "count_value",
                          "closing_value"), 0)
    for item in items.all_items(conn):
        opening_qty, opening_value = before.get(item.id, (0, 0))
        kinds = moves.get(item.id, {})

        def moved(which, kinds=kinds):
            pairs = [kinds.get(k, (0, 0)) for k in which]
            return sum(q for q, _v in pairs), sum(v for _q, v in pairs)

        (in_qty, in_value), (out_qty, out_value) = moved(IN_KINDS), moved(OUT_KINDS)
        diff_qty, diff_value = kinds.get("count", (0, 0))
        closing_qty = opening_qty + in_qty + out_qty + diff_qty
        closing_value = opening_value + in_value + out_value + diff_value
        if not (opening_qty or closing_qty or kinds):
            continue
        quantities = (Quantity(q, item.unit_size, item.base_unit)
                      for q in (opening_qty, in_qty, -out_qty, diff_qty, closing_qty))
        st.rows.append(Row((item.name, item.unit, *quantities, closing_value, diff_value)))
        for key, value in (("opening_value", opening_value), ("in_value", in_value),
                           ("out_value", -out_value), ("count_value", diff_value),
                           ("closing_value", closing_value)):
            sums[key] += value
    st.rows.append(total_row(_("Total"), "", None, None, None, None, None, sums["closing_value"],
                             sums["count_value"]))
    st.figures.update({**sums, "items": len(st.rows) - 1})
    common.note_if_empty(st, not moves)
    return st


# ---- piutang anggota ----------------------------------------------------------------------

def member_credit(conn: Connection, period: Period, **_options) -> Statement:
    """Each member's open shop credit at the period's end by the age of the credit sales
    still unpaid (oldest paid first)."""
    st = common.begin(conn, "piutang-anggota", _(TITLE_CREDIT), period,
                      [Column(_("Member no.")), Column(_("Name")), Column(_("Owed"), "money"),
                       Column(_("0-30 days"), "money"), Column(_("31-60 days"), "money"),
                       Column(_("61-90 days"), "money"), Column(_("Over 90 days"), "money")],
                      subtitle=_("As of {date}").format(date=common.day_label(period.end)))
    found = credit.aging(conn, period.end)
    keys = ("owed", "days_0_30", "days_31_60", "days_61_90", "over_90")
    for a in found:
        st.rows.append(Row((a.number, a.name, *(getattr(a, k) for k in keys))))
    sums = [sum(getattr(a, k) for a in found) for k in keys]
    st.rows.append(total_row("", _("Total"), *sums))
    st.figures.update({**dict(zip(("total", *keys[1:]), sums, strict=True)),
                       "members": len(found)})
    if not found:
        st.notes.append(_("No member owes the shop anything."))
    return st


# ---- utang supplier -----------------------------------------------------------------------

def supplier_payables(conn: Connection, period: Period, **_options) -> Statement:
    """Per supplier what the co-op owed at the start, bought on credit and paid in the
    period, and owes at its end."""
    st = common.begin(conn, "utang-supplier", _(TITLE_PAYABLES), period,
                      [Column(_("Supplier")), Column(_("Opening balance"), "money"),
                       Column(_("Purchases on credit"), "money"), Column(_("Payments"), "money"),
                       Column(_("Closing balance"), "money")])
    span = (period.start.isoformat(), period.end.isoformat())
    bought = dict(conn.execute("SELECT supplier_id, sum(total) FROM purchases WHERE"
                               " payment = 'credit' AND date BETWEEN ? AND ? GROUP BY supplier_id",
                               span).fetchall())
    paid = dict(conn.execute("SELECT supplier_id, sum(amount) FROM supplier_payments WHERE"
                             " date BETWEEN ? AND ? GROUP BY supplier_id", span).fetchall())
    opening = {s.id: owed for s, owed in suppliers.balances(conn, period.previous_end)}
    sums = [0, 0, 0, 0]
    for supplier, closing in suppliers.balances(conn, period.end):
        values = (opening.get(supplier.id, 0), bought.get(supplier.id, 0),
                  paid.get(supplier.id, 0), closing)
        if any(values):
            st.rows.append(Row((supplier.name, *values)))
            sums = [a + b for a, b in zip(sums, values, strict=True)]
    st.rows.append(total_row(_("Total"), *sums))
    st.figures.update(dict(zip(("opening", "purchases", "payments", "closing"), sums, strict=True)))
    common.note_if_empty(st, not bought and not paid)
    return st
