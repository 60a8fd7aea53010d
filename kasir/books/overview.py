"""The co-op at a glance: the figures of the desktop dashboard (Beranda) and ``kasir demo --open``.

Each function is one small, indexed read, so the whole dashboard refreshes in a few tens of
milliseconds even on a file with ten years of sales. Voided sales are left out of every sales
figure (a void cancels the whole sale); partial returns are not netted off, the sales are
what was rung up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasir.books import items, ledger, savings, shifts, suppliers
from kasir.books.items import Item
from kasir.dates import parse_date
from kasir.db.connection import Connection

# The staple goods (sembako) whose stock the dashboard charts: by catalogue category, and the
# regulated products that are sembako (SPHP rice, 3 kg LPG) whatever their category.
SEMBAKO_CATEGORIES = ("beras", "gula", "minyak", "telur", "tepung", "energi")
SEMBAKO_PRODUCTS = ("sphp", "lpg3")
MAX_KEY_ITEMS = 12

_NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"


@dataclass(frozen=True)
class DaySales:
    """One day's sales (voids left out), members and non-members apart."""

    count: int = 0
    total: int = 0
    member_count: int = 0
    member_total: int = 0

    @property
    def nonmember_count(self) -> int:
        return self.count - self.member_count

    @property
    def nonmember_total(self) -> int:
        return self.total - self.member_total


def sales_of_day(conn: Connection, day: dt.date | str) -> DaySales:
    """Count and total of ``day``'s sales, and the part sold to members."""
    rows = conn.execute(
        f"SELECT s.member_id IS NOT NULL, count(*), sum(s.total) FROM sales s"
        f" WHERE s.date = ? AND {_NOT_VOIDED} GROUP BY 1", (parse_date(day).isoformat(),))
    found = {bool(member): (n, int(total)) for member, n, total in rows}
    member = found.get(True, (0, 0))
    other = found.get(False, (0, 0))
    return DaySales(member[0] + other[0], member[1] + other[1], *member)


def sales_per_day(conn: Connection, last: dt.date | str, days: int = 30) -> list[tuple[dt.date, int]]:
    """(day, total sold) for each of the ``days`` days ending with ``last``; quiet days are 0."""
    end = parse_date(last)
    start = end - dt.timedelta(days=days - 1)
    totals = dict(conn.execute(
        f"SELECT s.date, sum(s.total) FROM sales s WHERE s.date BETWEEN ? AND ? AND {_NOT_VOIDED}"
        " GROUP BY s.date", (start.isoformat(), end.isoformat())).fetchall())
    return [(d, int(totals.get(d.isoformat(), 0)))
            for d in (start + dt.timedelta(days=i) for i in range(days))]


@dataclass(frozen=True)
class Drawer:
    """An open shift and the cash that should be in its drawer now."""

    till: str
    cashier: str
    expected: int


@dataclass(frozen=True)
class CashPosition:
    kas: int                     # the Kas account's balance at the end of the day
    drawers: tuple[Drawer, ...]  # every open shift


def open_shifts(conn: Connection) -> list[shifts.Shift]:
    """The shifts open now, one per till at most, by till."""
    tills = [r[0] for r in conn.execute("SELECT till FROM shifts WHERE closed_at IS NULL ORDER BY till")]
    return [s for s in (shifts.current(conn, t) for t in tills) if s is not None]


def cash_position(conn: Connection, day: dt.date | str) -> CashPosition:
    drawers = tuple(Drawer(s.till, s.opened_by, shifts.summary(conn, s.id).expected)
                    for s in open_shifts(conn))
    return CashPosition(ledger.balance(conn, ledger.KAS, day), drawers)


@dataclass(frozen=True)
class ArrearsSummary:
    """How many active members are behind with wajib, by how much, and the furthest behind."""

    count: int
    total: int
    worst: tuple[savings.Arrears, ...]


def arrears_summary(conn: Connection, day: dt.date | str, top: int = 5) -> ArrearsSummary:
    behind = savings.arrears(conn, day)
    worst = sorted(behind, key=lambda a: (-a.arrears, a.number))[:top]
    return ArrearsSummary(len(behind), sum(a.arrears for a in behind), tuple(worst))


@dataclass(frozen=True)
class QuotaWeek:
    """A supplier's weekly quota of an item (e.g. Bulog's SPHP), in base units: what arrived
    against it this week, and how much of the item the shop sold this week."""

    supplier: str
    item: Item
    quota: int
    received: int
    sold: int

    @property
    def remaining(self) -> int:
        return self.quota - self.received


def _sold_in(conn: Connection, item_id: int, start: dt.date, end: dt.date) -> int:
    # CROSS JOIN: read the week's sales by date, not every line of the item ever sold
    return conn.execute(
        "SELECT coalesce(sum(l.base_qty), 0) FROM sales s CROSS JOIN sale_lines l"
        f" ON l.sale_id = s.id WHERE s.date BETWEEN ? AND ? AND l.item_id = ? AND {_NOT_VOIDED}",
        (start.isoformat(), end.isoformat(), item_id)).fetchone()[0]


def quota_week(conn: Connection, day: dt.date | str) -> list[QuotaWeek]:
    """Every weekly supplier quota and its use in the ISO week holding ``day``."""
    day = parse_date(day)
    monday, sunday = suppliers.iso_week(day)
    out = []
    for supplier in suppliers.list_suppliers(conn, active_only=True):
        quotas = suppliers.quotas(conn, supplier.id)
        for item in items.many(conn, list(quotas)).values():
            use = suppliers.quota_use(conn, supplier.id, item.id, day)
            out.append(QuotaWeek(supplier.name, item, use.quota, use.received,
                                 _sold_in(conn, item.id, monday, sunday)))
    return sorted(out, key=lambda q: (q.item.name, q.supplier))


def key_items(conn: Connection) -> list[Item]:
    """The active sembako items whose stock the dashboard shows (at most MAX_KEY_ITEMS)."""
    return [i for i in items.all_items(conn, active_only=True)
            if i.category in SEMBAKO_CATEGORIES or i.product in SEMBAKO_PRODUCTS][:MAX_KEY_ITEMS]
