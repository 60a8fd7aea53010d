"""Purchases of goods for the shop, and payments to suppliers.

Recording a purchase is one event: the goods come into stock at what they cost, the
Persediaan account (1-1400) rises by exactly that amount, and Kas, Bank or — bought on
credit — Utang dagang (2-1100) is credited. Transport and handling paid to bring the goods in
are part of their cost (capitalised, as SAK EP values inventory), so they are shared over
the lines in proportion to line cost with :func:`kasir.money.split`, which never loses a
rupiah; if every line cost nothing, they are shared by quantity.

Paying a supplier settles Utang dagang; it is refused beyond what is owed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasir.books import audit, items, ledger, suppliers
from kasir.books.context import Context
from kasir.books.ledger import Line
from kasir.books.stock import StockPlan
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidAmount, InvalidInput, NotAllowed, NotFound
from kasir.i18n import N_, rupiah
from kasir.money import div_round, require_positive, require_quantity, split, within_ceiling

PAYMENTS = {**ledger.VIA, "credit": ledger.UTANG_DAGANG}
VIA = ledger.VIA


@dataclass(frozen=True)
class PurchaseLine:
    id: int
    item_id: int
    name: str
    quantity: int   # units of sale
    base_qty: int
    cost: int       # incl. its share of transport


@dataclass(frozen=True)
class Purchase:
    id: int
    supplier_id: int
    supplier: str
    date: dt.date
    payment: str
    invoice: str
    transport: int
    total: int
    entry_id: int
    lines: tuple[PurchaseLine, ...]


# ---- recording a purchase -----------------------------------------------------------------

def _check_lines(lines) -> list[tuple[int, int, int]]:
    """(item_id, quantity, cost) triples with whole, positive quantities and whole costs."""
    lines = list(lines or ())
    if not lines:
        raise InvalidInput(N_("A purchase needs at least one line (item, quantity, cost)."))
    out = []
    for line in lines:
        if not isinstance(line, (tuple, list)) or len(line) != 3:
            raise InvalidInput(N_("A purchase line is (item, quantity, cost); got {line}."),
                               line=line)
        item_id, qty, cost = line
        require_quantity(qty)
        if isinstance(cost, bool) or not isinstance(cost, int) or cost < 0:
            raise InvalidAmount(N_("A line's cost is whole rupiah, not negative (got {value})."),
                                value=cost)
        out.append((item_id, qty, within_ceiling(cost)))
    return out


def landed_costs(costs: list[int], quantities: list[int], transport: int) -> list[int]:
    """Each line's cost plus its share of ``transport``: by cost, or by quantity when no line
    cost anything. The shares sum exactly to ``transport`` (largest remainder)."""
    weights = costs if sum(costs) > 0 else quantities
    return [c + s for c, s in zip(costs, split(transport, weights), strict=True)]


def _goods(conn: Connection, lines: list[tuple[int, int, int]]) -> list[items.Item]:
    found = []
    for item_id, _qty, _cost in lines:
        item = items.get(conn, item_id)
        if not item.active:
            raise NotAllowed(N_("{name} is inactive. Make the item active again before buying "
                                "it."), name=item.name)
        found.append(item)
    return found


def record(ctx: Context, supplier_id: int, lines, *, date: dt.date | str | None = None,
           payment: str = "cash", invoice: str = "", transport: int = 0) -> int:
    """Record goods received from a supplier; returns the purchase id.

    ``lines`` are (item id, quantity in units of sale, cost in rupiah of the whole line);
    ``transport`` is added to the goods' cost. ``payment`` is cash, bank or credit (owed to
    the supplier). A delivery above the supplier's weekly quota is recorded all the same —
    the quota is information (:func:`kasir.books.suppliers.quota_use`), not a limit — and
    the audit record lists the items that went over.
    """
    checked = _check_lines(lines)
    if isinstance(transport, bool) or not isinstance(transport, int) or transport < 0:
        raise InvalidAmount(N_("Transport costs are whole rupiah, not negative (got {value})."),
                            value=transport)
    within_ceiling(transport)
    if payment not in PAYMENTS:
        raise InvalidInput(N_("Pay the supplier by cash, bank or on credit (got {payment})."),
                           payment=payment)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("purchase.write") as conn:
        supplier = suppliers.require_active(conn, supplier_id)
        goods = _goods(conn, checked)
        costs = landed_costs([c for _i, _q, c in checked], [q for _i, q, _c in checked], transport)
        total = sum(costs)
        if total <= 0:
            raise InvalidAmount(N_("The purchase costs nothing. Enter what the goods cost."))
        memo = f"Pembelian dari {supplier.name}" + (f" ({invoice.strip()})" if invoice.strip() else "")
        entry_id = ledger.write_entry(ctx, date=day, memo=memo, origin_type="purchase",
                                      origin_id=None, post=False,
                                      lines=[Line(ledger.PERSEDIAAN, debit=total),
                                             Line(PAYMENTS[payment], credit=total)])
        purchase_id = conn.execute(
            "INSERT INTO purchases (supplier_id, date, payment, invoice, transport, total, entry_id,"
            " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (supplier_id, day.isoformat(), payment, invoice.strip(), transport, total, entry_id,
             ctx.user.id, ctx.now())).lastrowid
        _receive(conn, purchase_id, day, entry_id, goods, checked, costs)
        ledger.post_draft(conn, entry_id, purchase_id)
        audit.log(ctx, "purchase.record", f"purchase:{purchase_id}", entry_id=entry_id,
                  detail={"supplier": supplier_id, "total": total, "transport": transport,
                          "payment": payment, "lines": len(checked),
                          "over_quota": _over_quota(conn, supplier_id, goods, day)})
    return purchase_id


def _receive(conn: Connection, purchase_id: int, day: dt.date, entry_id: int,
             goods: list[items.Item], lines: list[tuple[int, int, int]], costs: list[int]) -> None:
    """Write the lines, bring the goods into stock at cost and note each item's last cost."""
    plan = StockPlan(conn)
    bought: dict[int, list[int]] = {}  # item id -> [units, cost] over this purchase's lines
    rows = []
    for item, (_id, qty, _c), cost in zip(goods, lines, costs, strict=True):
        base_qty = qty * item.unit_size
        rows.append((purchase_id, item.id, qty, base_qty, cost))
        plan.put(item, base_qty, cost, "purchase")
        bought.setdefault(item.id, [0, 0])
        bought[item.id][0] += qty
        bought[item.id][1] += cost
    conn.executemany("INSERT INTO purchase_lines (purchase_id, item_id, quantity, base_qty, cost)"
                     " VALUES (?,?,?,?,?)", rows)
    plan.apply(day, purchase_id, entry_id)
    conn.executemany("UPDATE items SET last_cost = ? WHERE id = ?",
                     [(div_round(cost, units), item_id) for item_id, (units, cost) in bought.items()])


def _over_quota(conn: Connection, supplier_id: int, goods: list[items.Item], day: dt.date) -> list[int]:
    """Items of this delivery whose week is now above the supplier's quota."""
    over = []
    for item_id in dict.fromkeys(g.id for g in goods):
        use = suppliers.quota_use(conn, supplier_id, item_id, day)
        if use.remaining is not None and use.remaining < 0:
            over.append(item_id)
    return over


# ---- paying a supplier --------------------------------------------------------------------

def pay_supplier(ctx: Context, supplier_id: int, amount: int, *, date: dt.date | str | None = None,
                 via: str = "cash") -> int:
    """Pay a supplier part or all of what the co-op owes it; returns the payment id.

    An inactive supplier can still be paid: the debt outlives the trading.
    """
    amount = require_positive(amount)
    if via not in VIA:
        raise InvalidInput(N_("Pay by cash or bank (got {via})."), via=via)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("supplier.pay") as conn:
        supplier = suppliers.get(conn, supplier_id)
        # owed on the payment's date and now: a payment cannot settle a debt not yet made
        owed = min(suppliers.balance(conn, supplier_id, day), suppliers.balance(conn, supplier_id))
        if amount > owed:
            raise NotAllowed(N_("The co-op owes {name} {owed}; a payment of {amount} is more than "
                                "that."), name=supplier.name, owed=rupiah(max(owed, 0)),
                             amount=rupiah(amount))
        entry_id = ledger.write_entry(ctx, date=day, memo=f"Pembayaran utang ke {supplier.name}",
                                      origin_type="supplier_payment", origin_id=None, post=False,
                                      lines=[Line(ledger.UTANG_DAGANG, debit=amount),
                                             Line(VIA[via], credit=amount)])
        payment_id = conn.execute(
            "INSERT INTO supplier_payments (supplier_id, date, amount, via, entry_id, created_by,"
            " created_at) VALUES (?,?,?,?,?,?,?)",
            (supplier_id, day.isoformat(), amount, via, entry_id, ctx.user.id, ctx.now())).lastrowid
        ledger.post_draft(conn, entry_id, payment_id)
        audit.log(ctx, "supplier.pay", f"supplier_payment:{payment_id}", entry_id=entry_id,
                  detail={"supplier": supplier_id, "amount": amount, "via": via})
    return payment_id


# ---- queries ------------------------------------------------------------------------------

_HEAD = ("SELECT p.id, p.supplier_id, s.name, p.date, p.payment, p.invoice, p.transport, p.total,"
         " p.entry_id FROM purchases p JOIN suppliers s ON s.id = p.supplier_id")
_LINES = ("SELECT l.purchase_id, l.id, l.item_id, i.name, l.quantity, l.base_qty, l.cost"
          " FROM purchase_lines l JOIN items i ON i.id = l.item_id")


def _purchases(heads, line_rows) -> list[Purchase]:
    by_purchase: dict[int, list[PurchaseLine]] = {}
    for purchase_id, *line in line_rows:
        by_purchase.setdefault(purchase_id, []).append(PurchaseLine(*line))
    return [Purchase(h[0], h[1], h[2], dt.date.fromisoformat(h[3]), *h[4:],
                     tuple(by_purchase.get(h[0], ()))) for h in heads]


def get(conn: Connection, purchase_id: int) -> Purchase:
    head = conn.execute(_HEAD + " WHERE p.id = ?", (purchase_id,)).fetchone()
    if head is None:
        raise NotFound(N_("There is no purchase {id}."), id=purchase_id)
    return _purchases([head], conn.execute(_LINES + " WHERE l.purchase_id = ? ORDER BY l.id",
                                           (purchase_id,)))[0]


def list_purchases(conn: Connection, start: dt.date | str, end: dt.date | str,
                   supplier_id: int | None = None) -> list[Purchase]:
    """Purchases dated ``start`` to ``end`` (optionally of one supplier), with their lines."""
    where = " WHERE p.date BETWEEN :start AND :end" + (
        " AND p.supplier_id = :s" if supplier_id is not None else "")
    params = {"start": parse_date(start).isoformat(), "end": parse_date(end).isoformat(),
              "s": supplier_id}
    heads = conn.execute(_HEAD + where + " ORDER BY p.date, p.id", params).fetchall()
    lines = conn.execute(_LINES + " JOIN purchases p ON p.id = l.purchase_id" + where
                         + " ORDER BY l.id", params)
    return _purchases(heads, lines)


@dataclass(frozen=True)
class SupplierPayment:
    id: int
    supplier_id: int
    date: dt.date
    amount: int
    via: str
    entry_id: int


def payments(conn: Connection, supplier_id: int) -> list[SupplierPayment]:
    """The payments made to one supplier, oldest first."""
    return [SupplierPayment(r[0], r[1], dt.date.fromisoformat(r[2]), *r[3:]) for r in conn.execute(
        "SELECT id, supplier_id, date, amount, via, entry_id FROM supplier_payments"
        " WHERE supplier_id = ? ORDER BY date, id", (supplier_id,))]
