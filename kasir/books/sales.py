"""The cashier engine: checkout, and its corrections (void of a sale, return of lines).

A checkout is one event: it prices the cart for the buyer (member or not), enforces the HET
ceiling, the per-buyer daily caps and the NIK rule of regulated goods, takes the payment
(cash with change, member credit within its limit, or a transfer/QRIS reference), numbers
the receipt without gaps per till and day, moves stock out at moving-average cost, and posts
revenue (members 4-1100, others 4-1200) and cost of goods — all in one transaction.

A void reverses a whole sale (the reversal goes into the open period when the sale's month
is closed); a return takes back some lines, refunding the way the sale was paid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasir.books import audit, credit, items, ledger, members, regulated, shifts
from kasir.books import profile as profile_mod
from kasir.books.context import Context
from kasir.books.ledger import Line
from kasir.books.stock import StockPlan
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotAllowed, NotFound
from kasir.i18n import N_, number, rupiah
from kasir.money import require_quantity, within_ceiling

PAYMENTS = ("cash", "credit", "noncash")
REVENUE = {True: "4-1100", False: "4-1200"}
COGS = "5-1100"


@dataclass(frozen=True)
class CartLine:
    """What the cashier scanned: an item by id or barcode, and how many units of sale."""

    quantity: int = 1
    item_id: int | None = None
    barcode: str | None = None


@dataclass(frozen=True)
class SaleLine:
    id: int
    item_id: int
    name: str
    quantity: int
    price: int
    amount: int
    cost: int


@dataclass(frozen=True)
class Sale:
    id: int
    receipt: str
    till: str
    date: dt.date
    member_id: int | None
    buyer_nik: str | None
    payment: str
    total: int
    tendered: int | None
    reference: str
    lines: tuple[SaleLine, ...]
    voided: bool = False

    @property
    def change(self) -> int:
        return (self.tendered or 0) - self.total if self.payment == "cash" else 0


# ---- checkout -----------------------------------------------------------------------------

def _resolve(conn: Connection, cart: list[CartLine]) -> list[tuple[items.Item, int]]:
    if not cart:
        raise InvalidInput(N_("The cart is empty."))
    by_id = items.many(conn, [c.item_id for c in cart if c.item_id is not None])
    out = []
    for line in cart:
        q = require_quantity(line.quantity)
        if line.item_id is not None:
            if line.item_id not in by_id:
                raise NotFound(N_("There is no item {id}."), id=line.item_id)
            item = by_id[line.item_id]
        else:
            item = items.by_barcode(conn, line.barcode or "")
        if not item.active:
            raise NotAllowed(N_("{name} is no longer sold (inactive)."), name=item.name)
        out.append((item, q))
    return out


def _buyer(conn: Connection, member_id: int | None, nik: str | None, day: dt.date):
    """(member or None, the buyer's NIK or None)."""
    if member_id is not None:
        member = members.require_active(conn, member_id)
        return member, member.nik
    if nik:
        cleaned = str(nik).strip().replace(" ", "").replace(".", "")
        members.parse_nik(cleaned, day)  # a wrong NIK is refused with the reason
        return None, cleaned
    return None, None


def _bought_today(conn: Connection, product: str, nik: str, day: dt.date) -> int:
    """Base units of ``product`` this buyer took home today (voids and returns excluded)."""
    row = conn.execute(
        "SELECT coalesce(sum(l.base_qty - (SELECT coalesce(sum(r.quantity), 0) FROM sale_return_lines r"
        "                                  WHERE r.sale_line_id = l.id) * l.base_qty / l.quantity), 0)"
        " FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN items i ON i.id = l.item_id"
        " WHERE s.buyer_nik = :n AND s.date = :d AND i.product = :p"
        " AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)",
        {"n": nik, "d": day.isoformat(), "p": product}).fetchone()
    return row[0]


def _check_rules(conn: Connection, lines: list[tuple[items.Item, int]], member: bool,
                 nik: str | None, day: dt.date) -> bool:
    """HET, NIK and caps for every line; True if the sale must keep the buyer's NIK."""
    if not any(item.product for item, _qty in lines):
        return False
    zone = profile_mod.get(conn).het_zone
    wanted: dict[str, int] = {}
    caps: dict[str, tuple[int, items.Item]] = {}
    keep_nik = False
    for item, qty in lines:
        rules = regulated.rules(conn, item.product, day, zone)
        ceiling = rules.max_price(item.unit_size)
        price = item.price_for(member)
        if ceiling is not None and price > ceiling:
            raise NotAllowed(N_("{name} is priced {price}, above the HET of {ceiling}. Correct "
                                "the item's price before selling it."), name=item.name,
                             price=rupiah(price), ceiling=rupiah(ceiling))
        if rules.nik or rules.cap is not None:
            keep_nik = True
            if not nik:
                raise InvalidInput(N_("{name} can only be sold with the buyer's NIK (or to a "
                                      "member). Ask for the KTP."), name=item.name)
        if rules.cap is not None:
            wanted[item.product] = wanted.get(item.product, 0) + qty * item.unit_size
            caps[item.product] = (rules.cap, item)
    for product, qty in wanted.items():
        cap, item = caps[product]
        before = _bought_today(conn, product, nik, day)
        if before + qty > cap:
            raise NotAllowed(N_("{name}: at most {cap} per buyer per day; this buyer already "
                                "took {before} today and now asks for {wanted}."),
                             name=item.name, cap=_base(item, cap), before=_base(item, before),
                             wanted=_base(item, qty))
    return keep_nik


def _base(item: items.Item, qty: int) -> str:
    if item.base_unit == "g" and qty % 1000 == 0:
        return f"{number(qty // 1000)} kg"
    return f"{number(qty)} {item.base_unit}"


def _next_receipt(conn: Connection, till: str, day: dt.date) -> str:
    n = conn.execute("INSERT INTO receipt_counters (till, day, last) VALUES (?, ?, 1)"
                     " ON CONFLICT (till, day) DO UPDATE SET last = last + 1 RETURNING last",
                     (till, day.isoformat())).fetchone()[0]
    return f"{till}-{day:%Y%m%d}-{n:04d}"


def payment_line(payment: str, total: int, member_id: int | None, debit: bool) -> Line:
    account = {"cash": ledger.KAS, "noncash": ledger.BANK, "credit": ledger.PIUTANG}[payment]
    member = member_id if payment == "credit" else None
    return (Line(account, debit=total, member_id=member) if debit
            else Line(account, credit=total, member_id=member))


def checkout(ctx: Context, cart: list[CartLine], *, till: str = "1", member_id: int | None = None,
             buyer_nik: str | None = None, payment: str = "cash", tendered: int | None = None,
             reference: str = "", date: dt.date | str | None = None) -> Sale:
    """Sell the cart. Returns the sale with its receipt number and change."""
    if payment not in PAYMENTS:
        raise InvalidInput(N_("Pay by cash, member credit or non-cash (got {payment})."),
                           payment=payment)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("sale.checkout") as conn:
        shift = shifts.require_open(conn, str(till))
        lines = _resolve(conn, cart)
        member, nik = _buyer(conn, member_id, buyer_nik, day)
        keep_nik = _check_rules(conn, lines, member is not None, nik, day) or bool(buyer_nik)
        plan = StockPlan(conn, day)
        plan.know([item for item, _qty in lines])  # read inside this transaction: current
        priced = []
        for item, qty in lines:
            price = item.price_for(member is not None)
            priced.append((item, qty, price, price * qty, plan.take(item, qty * item.unit_size, "sale")))
        total = within_ceiling(sum(p[3] for p in priced))
        cost = sum(p[4] for p in priced)
        tendered = _take_payment(conn, payment, total, tendered, reference, member)
        receipt = _next_receipt(conn, shift.till, day)
        entry_lines = [payment_line(payment, total, member_id, debit=True),
                       Line(REVENUE[member is not None], credit=total)]
        if cost:
            entry_lines += [Line(COGS, debit=cost), Line(ledger.PERSEDIAAN, credit=cost)]
        entry_id = ledger.write_entry(ctx, date=day, memo=f"Penjualan {receipt}", origin_type="sale",
                                      origin_id=None, lines=entry_lines, post=False)
        sale_id = conn.execute(
            "INSERT INTO sales (receipt, till, shift_id, date, member_id, buyer_nik, payment, total,"
            " cost, tendered, reference, entry_id, created_by, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (receipt, shift.till, shift.id, day.isoformat(), member_id, nik if keep_nik else None,
             payment, total, cost, tendered, reference.strip(), entry_id, ctx.user.id,
             ctx.now())).lastrowid
        # one statement for all lines; their ids are consecutive (one insert, one transaction)
        last_line = conn.execute(
            "INSERT INTO sale_lines (sale_id, item_id, quantity, base_qty, price, amount, cost)"
            " VALUES " + ",".join(["(?,?,?,?,?,?,?)"] * len(priced)),
            [v for p in priced for v in (sale_id, *_line_row(p))]).lastrowid
        first_line = last_line - len(priced) + 1
        plan.apply(day, sale_id, entry_id)
        ledger.post_draft(conn, entry_id, sale_id)
        audit.log(ctx, "sale.checkout", f"sale:{sale_id}", entry_id=entry_id,
                  detail={"receipt": receipt, "total": total, "payment": payment})
    return Sale(sale_id, receipt, shift.till, day, member_id, nik if keep_nik else None, payment,
                total, tendered, reference.strip(),
                tuple(SaleLine(first_line + n, it.id, it.name, q, p, a, c)
                      for n, (it, q, p, a, c) in enumerate(priced)))


def _line_row(priced: tuple) -> tuple:
    item, qty, price, amount, cost = priced
    return item.id, qty, qty * item.unit_size, price, amount, cost


def _take_payment(conn: Connection, payment: str, total: int, tendered: int | None,
                  reference: str, member) -> int | None:
    if payment == "cash":
        tendered = total if tendered is None else tendered
        if isinstance(tendered, bool) or not isinstance(tendered, int):
            raise InvalidInput(N_("The cash given is whole rupiah."))
        within_ceiling(tendered)
        if tendered < total:
            raise InvalidInput(N_("The cash given ({tendered}) is less than the total ({total})."),
                               tendered=rupiah(tendered), total=rupiah(total))
        return tendered
    if payment == "credit":
        if member is None:
            raise NotAllowed(N_("Only members can buy on credit."))
        credit.check_limit(conn, member.id, total)
        return None
    if not reference.strip():
        raise InvalidInput(N_("Write the transfer or QRIS reference for a non-cash payment."))
    return None


# ---- checks before the checkout (the cashier screen) -------------------------------------

def needs_nik(conn: Connection, item: items.Item, day: dt.date) -> bool:
    """Whether selling ``item`` on ``day`` needs the buyer's NIK (a member's is on file):
    regulated goods marked NIK-only or with a per-buyer cap."""
    rules = regulated.rules(conn, item.product, day, profile_mod.get(conn).het_zone)
    return rules.nik or rules.cap is not None


def check_cart(conn: Connection, cart: list[CartLine], *, member_id: int | None = None,
               buyer_nik: str | None = None, date: dt.date | str) -> None:
    """Run the checkout's item, buyer, HET, NIK and daily-cap rules on ``cart`` without
    writing anything, so the till can refuse a line the moment it is scanned. The checkout
    checks again (and also the stock and the payment)."""
    day = parse_date(date)
    lines = _resolve(conn, cart)
    member, nik = _buyer(conn, member_id, buyer_nik, day)
    _check_rules(conn, lines, member is not None, nik, day)


# ---- queries ------------------------------------------------------------------------------

def get(conn: Connection, sale_id: int) -> Sale:
    row = conn.execute(
        "SELECT s.id, s.receipt, s.till, s.date, s.member_id, s.buyer_nik, s.payment, s.total,"
        " s.tendered, s.reference, EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
        " FROM sales s WHERE s.id = ?", (sale_id,)).fetchone()
    if row is None:
        raise NotFound(N_("There is no sale {id}."), id=sale_id)
    lines = tuple(SaleLine(*r) for r in conn.execute(
        "SELECT l.id, l.item_id, i.name, l.quantity, l.price, l.amount, l.cost FROM sale_lines l"
        " JOIN items i ON i.id = l.item_id WHERE l.sale_id = ? ORDER BY l.id", (sale_id,)))
    return Sale(row[0], row[1], row[2], dt.date.fromisoformat(row[3]), *row[4:10], lines,
                bool(row[10]))


def by_receipt(conn: Connection, receipt: str) -> Sale:
    row = conn.execute("SELECT id FROM sales WHERE receipt = ?", (receipt.strip(),)).fetchone()
    if row is None:
        raise NotFound(N_("There is no sale with receipt {receipt}."), receipt=receipt)
    return get(conn, row[0])


def of_day(conn: Connection, day: dt.date | str, till: str | None = None) -> list[tuple]:
    """(id, receipt, total, payment, voided) of a day's sales, for lists and reprints."""
    sql = ("SELECT s.id, s.receipt, s.total, s.payment, EXISTS (SELECT 1 FROM sale_voids v"
           " WHERE v.sale_id = s.id) FROM sales s WHERE s.date = ?")
    params: tuple = (parse_date(day).isoformat(),)
    if till:
        sql += " AND s.till = ?"
        params += (till,)
    return conn.execute(sql + " ORDER BY s.id", params).fetchall()


@dataclass(frozen=True)
class Purchases:
    count: int   # sales not voided
    total: int   # their totals less the refunds of returns


def purchases_by_member(conn: Connection, start: dt.date | str, end: dt.date | str,
                        member_id: int | None = None) -> dict[int, Purchases]:
    """Members' shop purchases from ``start`` to ``end``, of one member or of all (the SHU's
    jasa usaha, the member's card): sales dated in the period and not voided, less the refunds
    of returns dated in the period, as the member revenue counts them."""
    params = {"start": parse_date(start).isoformat(), "end": parse_date(end).isoformat(),
              "member": member_id}
    who = "s.member_id = :member" if member_id is not None else "s.member_id IS NOT NULL"
    not_voided = "NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
    found = {m: [count, int(total)] for m, count, total in conn.execute(
        f"SELECT s.member_id, count(*), sum(s.total) FROM sales s WHERE {who}"
        f" AND s.date BETWEEN :start AND :end AND {not_voided} GROUP BY s.member_id", params)}
    for m, refund in conn.execute(
            "SELECT s.member_id, sum(r.refund) FROM sale_returns r JOIN sales s ON s.id = r.sale_id"
            f" WHERE {who} AND r.date BETWEEN :start AND :end AND {not_voided}"
            " GROUP BY s.member_id", params):
        found.setdefault(m, [0, 0])[1] -= int(refund)
    return {m: Purchases(count, total) for m, (count, total) in found.items()}


def member_purchases(conn: Connection, member_id: int, start: dt.date | str,
                     end: dt.date | str) -> Purchases:
    """One member's shop purchases from ``start`` to ``end`` (for the member's card)."""
    return purchases_by_member(conn, start, end, member_id).get(member_id, Purchases(0, 0))
