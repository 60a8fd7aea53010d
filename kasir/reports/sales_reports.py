"""Sales: rekap penjualan (per item and per day, members and non-members apart) and beras
SPHP sold against the Bulog quota, week by week.

Net sales are the period's sales less the voids and returns dated in the period, the way
the ledger posts them, so the rekap's member and non-member totals equal the movements of
4-1100 and 4-1200 in the laporan hasil usaha.
"""

from __future__ import annotations

import datetime as dt

from kasir.books import suppliers
from kasir.db.connection import Connection
from kasir.i18n import N_, _
from kasir.money import div_round
from kasir.reports import common
from kasir.reports.common import DAY, total_row
from kasir.reports.statement import Column, Period, Quantity, Row, Statement

TITLE_SALES = N_("Sales summary (rekap penjualan)")
TITLE_SPHP = N_("Beras SPHP sold against quota")
SPHP = "sphp"

# The lines of the period's sales, voids and returns, each dated by its own document, as
# (key, to a member?, units of sale, base units, amount); {key} is the item or the day. They
# are summed in Python: SQLite's GROUP BY sorts every line first and costs twice as much.
_SOLD = """
    SELECT {key}, s.member_id IS NOT NULL, l.quantity, l.base_qty, l.amount
      FROM sales s CROSS JOIN sale_lines l ON l.sale_id = s.id
     WHERE s.date BETWEEN :start AND :end{only}"""
_VOIDED = """
    SELECT {key}, s.member_id IS NOT NULL, l.quantity, l.base_qty, l.amount
      FROM sale_voids v JOIN sales s ON s.id = v.sale_id JOIN sale_lines l ON l.sale_id = s.id
     WHERE v.date BETWEEN :start AND :end{only}"""
_RETURNED = """
    SELECT {key}, s.member_id IS NOT NULL, r.quantity, r.quantity * l.base_qty / l.quantity,
           r.amount
      FROM sale_returns t JOIN sale_return_lines r ON r.return_id = t.id
      JOIN sale_lines l ON l.id = r.sale_line_id JOIN sales s ON s.id = l.sale_id
     WHERE t.date BETWEEN :start AND :end{only}"""
_KEYS = {"item": ("l.item_id", "l.item_id", "l.item_id"), "day": ("s.date", "v.date", "t.date")}


def net_sales(conn: Connection, period: Period, by: str,
              item_ids: list[int] | None = None) -> dict[object, list[int]]:
    """Key (item id or ``YYYY-MM-DD``) -> [units, base units to members, base units to others,
    amount from members, amount from others], net of the voids and returns dated in the
    period (as the ledger posts them)."""
    # "+" keeps SQLite from reading every line ever sold of the items (sale_lines_item): the
    # period's documents are the narrower start
    only = f" AND +l.item_id IN ({','.join(str(int(i)) for i in item_ids)})" if item_ids else ""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    out: dict[object, list[int]] = {}
    for sql, key, sign in zip((_SOLD, _VOIDED, _RETURNED), _KEYS[by], (1, -1, -1), strict=True):
        for found, member, units, base, amount in conn.execute(
                sql.format(key=key, only=only), params):
            row = out.get(found)
            if row is None:
                row = out[found] = [0, 0, 0, 0, 0]
            row[0] += sign * units
            row[1 if member else 2] += sign * base
            row[3 if member else 4] += sign * amount
    return out


def _corrections(conn: Connection, params: dict) -> list[tuple[str, int, int, int]]:
    """(label, count, member amount, non-member amount) of the voids and returns dated in the
    period."""
    voids = conn.execute(
        "SELECT count(*), coalesce(sum(CASE WHEN s.member_id IS NOT NULL THEN s.total END), 0),"
        " coalesce(sum(CASE WHEN s.member_id IS NULL THEN s.total END), 0) FROM sale_voids v"
        " JOIN sales s ON s.id = v.sale_id WHERE v.date BETWEEN :start AND :end", params).fetchone()
    returns = conn.execute(
        "SELECT count(*), coalesce(sum(CASE WHEN s.member_id IS NOT NULL THEN t.refund END), 0),"
        " coalesce(sum(CASE WHEN s.member_id IS NULL THEN t.refund END), 0) FROM sale_returns t"
        " JOIN sales s ON s.id = t.sale_id WHERE t.date BETWEEN :start AND :end", params).fetchone()
    return [(_("Less: voided sales"), *voids), (_("Less: returns"), *returns)]


def sales_summary(conn: Connection, period: Period, **_options) -> Statement:
    """Rekap penjualan: net sales per item (units of sale), then the sales of each day with
    the number of receipts, less the period's voids and returns; members and non-members in
    columns of their own."""
    st = common.begin(conn, "rekap-penjualan", _(TITLE_SALES), period,
                      [Column(_("Description")), Column(_("Quantity / receipts"), "number"),
                       Column(_("Members"), "money"), Column(_("Non-members"), "money"),
                       Column(_("Total"), "money")])
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    names = {i: f"{n} ({u})" for i, n, u in conn.execute("SELECT id, name, unit FROM items")}
    per_item = net_sales(conn, period, "item")
    st.rows.append(Row((_("Per item"), None, None, None, None), "heading"))
    for item_id, (qty, _b1, _b2, member, other) in sorted(per_item.items(),
                                                           key=lambda kv: names[kv[0]]):
        st.rows.append(Row((names[item_id], qty, member, other, member + other), level=1))
    net = [sum(v[3] for v in per_item.values()), sum(v[4] for v in per_item.values())]
    st.rows.append(Row((_("Net sales"), None, *net, sum(net)), "subtotal"))

    st.rows.append(Row((_("Per day"), None, None, None, None), "heading"))
    days: dict[str, list[int]] = {}
    for day, member, n, amount in conn.execute(
            "SELECT date, member_id IS NOT NULL, count(*), sum(total) FROM sales"
            " WHERE date BETWEEN :start AND :end GROUP BY 1, 2", params):
        row = days.setdefault(day, [0, 0, 0])
        row[0] += n
        row[1 if member else 2] += amount
    for day, (n, member, other) in sorted(days.items()):
        st.rows.append(Row((common.day_label(common.parse_day(day)), n, member, other,
                            member + other), level=1))
    gross = [sum(v[i] for v in days.values()) for i in range(3)]
    st.rows.append(Row((_("Gross sales"), gross[0], gross[1], gross[2], gross[1] + gross[2]),
                       "subtotal"))
    corrections = _corrections(conn, params)
    for label, n, member, other in corrections:
        st.rows.append(Row((label, n, -member, -other, -(member + other)), level=1))
    st.rows.append(total_row(_("NET SALES"), None, *net, sum(net)))
    st.figures.update({
        "members": net[0], "nonmembers": net[1], "total": sum(net), "transactions": gross[0],
        "gross_members": gross[1], "gross_nonmembers": gross[2], "gross_total": gross[1] + gross[2],
        "voids": sum(c[2] + c[3] for c in corrections[:1]),
        "returns": sum(c[2] + c[3] for c in corrections[1:])})
    _sphp_note(conn, st, period, per_item)
    common.note_if_empty(st, not per_item and not days)
    return st


# ---- SPHP against quota -------------------------------------------------------------------

def _kg(grams: int) -> int:
    return div_round(grams, 1000)


def _weeks(period: Period) -> list[tuple[dt.date, dt.date]]:
    """The ISO weeks overlapping the period, clipped to it."""
    out, monday = [], suppliers.iso_week(period.start)[0]
    while monday <= period.end:
        out.append((max(monday, period.start), min(monday + 6 * DAY, period.end)))
        monday += 7 * DAY
    return out


def _sphp_items(conn: Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM items WHERE product = ?", (SPHP,))]


def _sphp_unit(conn: Connection) -> tuple[int, str]:
    """(grams, name) of the SPHP pack, or kilograms when SPHP comes in more than one size."""
    sizes = conn.execute("SELECT DISTINCT unit_size, unit FROM items WHERE product = ?",
                         (SPHP,)).fetchall()
    return sizes[0] if len({size for size, _unit in sizes}) == 1 else (1000, "kg")


def _sphp_quantity(unit: tuple[int, str], grams: int, *, named: bool = True) -> Quantity:
    """Grams of SPHP rice in packs: ``4 pak 5 kg (20 kg)``, or ``4 (20 kg)`` where a note names
    the pack (kilograms always carry their name)."""
    size, name = unit
    return Quantity(grams, size, "g", name if named or name == "kg" else "")


def _sphp_quota(conn: Connection) -> int:
    """The weekly SPHP quota of all suppliers together, in grams."""
    return conn.execute("SELECT coalesce(sum(q.weekly_qty), 0) FROM supplier_quotas q JOIN items i"
                        " ON i.id = q.item_id WHERE i.product = ?", (SPHP,)).fetchone()[0]


def _sphp_weeks(conn: Connection, period: Period) -> list[tuple]:
    """(week start, week end, quota g, received g, to members g, to others g) per week."""
    ids = _sphp_items(conn)
    sold = net_sales(conn, period, "day", ids) if ids else {}
    received = dict(conn.execute(
        "SELECT p.date, sum(l.base_qty) FROM purchases p CROSS JOIN purchase_lines l"
        " ON l.purchase_id = p.id JOIN items i ON i.id = l.item_id"
        " WHERE p.date BETWEEN ? AND ? AND i.product = ? GROUP BY 1",
        (period.start.isoformat(), period.end.isoformat(), SPHP)).fetchall()) if ids else {}
    quota, out = _sphp_quota(conn), []
    for start, end in _weeks(period):
        span = (start.isoformat(), end.isoformat())
        in_week = [v for d, v in sold.items() if span[0] <= d <= span[1]]
        out.append((start, end, quota,
                    sum(g for d, g in received.items() if span[0] <= d <= span[1]),
                    sum(v[1] for v in in_week), sum(v[2] for v in in_week)))
    return out


def _sphp_note(conn: Connection, st: Statement, period: Period, per_item) -> None:
    ids = _sphp_items(conn)
    sold = sum(per_item[i][1] + per_item[i][2] for i in ids if i in per_item)
    quota = _sphp_quota(conn) * len(_weeks(period))
    st.figures.update({"sphp_sold_kg": _kg(sold), "sphp_quota_kg": _kg(quota)})
    if sold or quota:
        unit = _sphp_unit(conn)
        st.notes.append(_("Beras SPHP: {sold} sold against a quota of {quota} in the weeks of "
                          "this period.").format(sold=_sphp_quantity(unit, sold),
                                                 quota=_sphp_quantity(unit, quota)))


def sphp_sales(conn: Connection, period: Period, **_options) -> Statement:
    """Beras SPHP per ISO week: the Bulog weekly quota, what was received, what was sold to
    members and to others (net of voids and returns), and what is left of the quota — in
    packs with their weight. Figures: the six totals in whole kilograms (``…_kg``)."""
    st = common.begin(conn, "penjualan-sphp", _(TITLE_SPHP), period,
                      [Column(_("Week")), Column(_("Quota"), "quantity"),
                       Column(_("Received"), "quantity"), Column(_("Sold to members"), "quantity"),
                       Column(_("Sold to non-members"), "quantity"), Column(_("Sold"), "quantity"),
                       Column(_("Quota left"), "quantity")])
    weeks = _sphp_weeks(conn, period)
    sums, unit = [0] * 6, _sphp_unit(conn)

    def shown(grams: list[int]) -> list[Quantity]:
        return [_sphp_quantity(unit, g, named=False) for g in grams]

    for start, end, quota, got, members, others in weeks:
        values = [quota, got, members, others, members + others, quota - members - others]
        label = common.day_label(start) + (f" – {common.day_label(end)}" if end > start else "")
        st.rows.append(Row((label, *shown(values))))
        sums = [a + b for a, b in zip(sums, values, strict=True)]
    st.rows.append(total_row(_("Total"), *shown(sums)))
    st.figures.update(dict(zip(("quota_kg", "received_kg", "members_kg", "nonmembers_kg",
                                "sold_kg", "quota_left_kg"), map(_kg, sums), strict=True)))
    if weeks and unit[1] != "kg":
        st.notes.append(_("Quantities are in units of sale ({unit}), the weight in brackets.")
                        .format(unit=unit[1]))
    if weeks and (weeks[0][0].weekday() or weeks[-1][1].weekday() != 6):
        st.notes.append(_("Weeks cut by the start or end of the period count only their days "
                          "inside it; the quota shown is the whole week's."))
    common.note_if_empty(st, not any(sums[1:5]))
    return st
