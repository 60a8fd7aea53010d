"""Suppliers: who the shop buys from, their weekly quotas, and what the co-op owes them.

A supplier is a partner (Bulog, Pertamina, Pupuk Indonesia, ID Food), a farmer — who may be
a member of the co-op — or anyone else. Suppliers are never deleted; one the shop stops
buying from is made inactive, and can still be paid what it is owed.

A weekly quota is what a partner allocates to the co-op per ISO week (Monday to Sunday), in
the item's base units (Bulog: about 2 tonnes of rice a week). It is information for the
treasurer, not a rule: a delivery above it is still recorded, because the goods did arrive.

What the co-op owes a supplier is its purchases on credit less the payments made to it; the
sum over all suppliers equals the Utang dagang (2-1100) account, which only these two events
move (``kasir check`` proves it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from kasir.books import audit, items, members
from kasir.books.context import Context
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotAllowed, NotFound
from kasir.i18n import N_
from kasir.money import require_quantity

KINDS = ("bulog", "pertamina", "pupuk", "idfood", "farmer", "other")
KIND_LABELS = {
    "bulog": N_("Bulog"),
    "pertamina": N_("Pertamina (LPG)"),
    "pupuk": N_("Pupuk Indonesia (fertiliser)"),
    "idfood": N_("ID Food"),
    "farmer": N_("Farmer"),
    "other": N_("Other supplier"),
}


@dataclass(frozen=True)
class Supplier:
    id: int
    name: str
    kind: str
    member_id: int | None
    phone: str
    address: str
    active: bool


_COLS = "id, name, kind, member_id, phone, address, active"


def _supplier(row) -> Supplier:
    return Supplier(*row[:6], bool(row[6]))


def _clean(value: str | None) -> str:
    return " ".join(str(value or "").split())


def get(conn: Connection, supplier_id: int) -> Supplier:
    row = conn.execute(f"SELECT {_COLS} FROM suppliers WHERE id = ?", (supplier_id,)).fetchone()
    if row is None:
        raise NotFound(N_("There is no supplier {id}."), id=supplier_id)
    return _supplier(row)


def require_active(conn: Connection, supplier_id: int) -> Supplier:
    supplier = get(conn, supplier_id)
    if not supplier.active:
        raise NotAllowed(N_("Supplier {name} is inactive. Make it active again before buying "
                            "from it."), name=supplier.name)
    return supplier


def list_suppliers(conn: Connection, *, active_only: bool = False) -> list[Supplier]:
    only = " WHERE active = 1" if active_only else ""
    return [_supplier(r) for r in conn.execute(
        f"SELECT {_COLS} FROM suppliers{only} ORDER BY name COLLATE NOCASE")]


def add(ctx: Context, *, name: str, kind: str = "other", member_id: int | None = None,
        phone: str = "", address: str = "") -> Supplier:
    """Add a supplier. The name is unique (ignoring case); a farmer may be a member."""
    name = _clean(name)
    if not name:
        raise InvalidInput(N_("The supplier needs a name."))
    if kind not in KINDS:
        raise InvalidInput(N_("Unknown supplier kind {kind}. Choose one of: {kinds}."), kind=kind,
                           kinds=", ".join(KINDS))
    with ctx.write("purchase.write") as conn:
        if member_id is not None:
            members.get(conn, member_id)
        # the column is COLLATE NOCASE, so this finds "BULOG" when adding "Bulog"
        row = conn.execute("SELECT name FROM suppliers WHERE name = ?", (name,)).fetchone()
        if row:
            raise InvalidInput(N_("There is already a supplier named {name}."), name=row[0])
        supplier_id = conn.execute(
            "INSERT INTO suppliers (name, kind, member_id, phone, address) VALUES (?,?,?,?,?)",
            (name, kind, member_id, _clean(phone), _clean(address))).lastrowid
        audit.log(ctx, "supplier.add", f"supplier:{supplier_id}",
                  detail={"name": name, "kind": kind, "member": member_id})
    return get(ctx.conn, supplier_id)


def set_active(ctx: Context, supplier_id: int, active: bool) -> None:
    with ctx.write("purchase.write") as conn:
        get(conn, supplier_id)
        conn.execute("UPDATE suppliers SET active = ? WHERE id = ?", (int(active), supplier_id))
        audit.log(ctx, "supplier.active", f"supplier:{supplier_id}", detail={"active": active})


# ---- weekly quotas ------------------------------------------------------------------------

class QuotaUse(NamedTuple):
    """A week's quota and what was received against it (base units).

    ``quota`` and ``remaining`` are None when the supplier has no quota for the item;
    ``remaining`` is negative when more arrived than the quota.
    """

    quota: int | None
    received: int
    remaining: int | None


def set_quota(ctx: Context, supplier_id: int, item_id: int, weekly_qty: int) -> None:
    """Set the supplier's weekly quota of an item in base units; 0 removes it."""
    if isinstance(weekly_qty, bool) or not isinstance(weekly_qty, int) or weekly_qty < 0:
        raise InvalidInput(N_("A weekly quota is a whole number of base units, not negative "
                              "(0 removes it)."))
    require_quantity(weekly_qty, allow_zero=True)
    with ctx.write("purchase.write") as conn:
        get(conn, supplier_id)
        items.get(conn, item_id)
        if weekly_qty:
            conn.execute("INSERT INTO supplier_quotas (supplier_id, item_id, weekly_qty) VALUES"
                         " (?,?,?) ON CONFLICT (supplier_id, item_id) DO UPDATE"
                         " SET weekly_qty = excluded.weekly_qty", (supplier_id, item_id, weekly_qty))
        else:
            conn.execute("DELETE FROM supplier_quotas WHERE supplier_id = ? AND item_id = ?",
                         (supplier_id, item_id))
        audit.log(ctx, "supplier.quota", f"supplier:{supplier_id}",
                  detail={"item": item_id, "weekly_qty": weekly_qty})


def quotas(conn: Connection, supplier_id: int) -> dict[int, int]:
    """item id -> weekly quota in base units, for one supplier."""
    return dict(conn.execute("SELECT item_id, weekly_qty FROM supplier_quotas WHERE supplier_id = ?",
                             (supplier_id,)).fetchall())


def iso_week(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of ``day``'s ISO week."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def quota_use(conn: Connection, supplier_id: int, item_id: int, week_of: dt.date | str) -> QuotaUse:
    """The quota, the base quantity received from the supplier in the ISO week holding
    ``week_of``, and what is left of the quota."""
    monday, sunday = iso_week(parse_date(week_of))
    row = conn.execute("SELECT weekly_qty FROM supplier_quotas WHERE supplier_id = ? AND item_id = ?",
                       (supplier_id, item_id)).fetchone()
    received = conn.execute(
        "SELECT coalesce(sum(l.base_qty), 0) FROM purchase_lines l"
        " JOIN purchases p ON p.id = l.purchase_id"
        " WHERE p.supplier_id = ? AND l.item_id = ? AND p.date BETWEEN ? AND ?",
        (supplier_id, item_id, monday.isoformat(), sunday.isoformat())).fetchone()[0]
    if row is None:
        return QuotaUse(None, received, None)
    return QuotaUse(row[0], received, row[0] - received)


# ---- what the co-op owes ------------------------------------------------------------------

_OWED = """
    SELECT s.id,
           coalesce((SELECT sum(total) FROM purchases p WHERE p.supplier_id = s.id
                      AND p.payment = 'credit' AND p.date <= :d), 0)
         - coalesce((SELECT sum(amount) FROM supplier_payments y WHERE y.supplier_id = s.id
                      AND y.date <= :d), 0)
      FROM suppliers s"""


def balance(conn: Connection, supplier_id: int, as_of: dt.date | str | None = None) -> int:
    """What the co-op owes the supplier at the end of ``as_of`` (or now): purchases on
    credit less payments."""
    day = parse_date(as_of).isoformat() if as_of is not None else "9999-12-31"
    row = conn.execute(_OWED + " WHERE s.id = :s", {"d": day, "s": supplier_id}).fetchone()
    if row is None:
        raise NotFound(N_("There is no supplier {id}."), id=supplier_id)
    return row[1]


def balances(conn: Connection, as_of: dt.date | str | None = None) -> list[tuple[Supplier, int]]:
    """Every supplier with what the co-op owes it, by name (one query for all)."""
    day = parse_date(as_of).isoformat() if as_of is not None else "9999-12-31"
    owed = dict(conn.execute(_OWED, {"d": day}).fetchall())
    return [(s, owed[s.id]) for s in list_suppliers(conn)]
