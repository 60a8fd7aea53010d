"""Helpers shared by the shop tests: a stocked shop on the conftest co-op file, and the
snapshot that proves a refused event wrote nothing (conftest.counts, the shop's documents,
every item's stock and the receipt counters)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import counts

from kasir.books import checks, coop, items, purchases, shifts, suppliers, users
from kasir.books.items import Item
from kasir.books.profile import Profile

SHOP_TABLES = ("sales", "sale_lines", "stock_moves", "sale_voids", "sale_returns",
               "sale_return_lines", "receipt_counters", "shifts", "credit_payments",
               "stock_counts", "stock_writeoffs", "purchases")

# Beras SPHP: HET zone 1 is 12.500/kg, so a 5 kg pack may cost at most 62.500.
SPHP_MEMBER, SPHP_OTHER = 62_000, 62_500
GULA_MEMBER, GULA_OTHER = 17_000, 18_000
LPG_MEMBER, LPG_OTHER = 19_000, 20_000


def shop_counts(conn) -> dict[str, int]:
    """conftest.counts plus the row counts of the shop tables."""
    return {**counts(conn),
            **{t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SHOP_TABLES}}


def snapshot(conn) -> tuple:
    """Everything a sale, void, return or shift event could change."""
    return (shop_counts(conn),
            conn.execute("SELECT id, qty_on_hand, value_on_hand FROM items ORDER BY id").fetchall(),
            conn.execute("SELECT till, day, last FROM receipt_counters ORDER BY 1, 2").fetchall(),
            conn.execute("SELECT id, closed_at FROM shifts ORDER BY id").fetchall())


def refused(conn, error: type[Exception], action, *args, **kwargs) -> Exception:
    """Run ``action``, expect ``error`` and prove nothing was written; returns the error."""
    before = snapshot(conn)
    with pytest.raises(error) as caught:
        action(*args, **kwargs)
    assert snapshot(conn) == before
    return caught.value


def assert_books_sound(conn) -> None:
    report = checks.run(conn)
    assert report.ok, [(r.title, r.findings) for r in report.results if r.findings]


def qty(conn, item_id: int) -> int:
    return items.get(conn, item_id).qty_on_hand


@dataclass
class Shop:
    supplier: int
    sphp: Item   # regulated: HET, 10 kg per buyer per day
    gula: Item
    lpg: Item    # regulated: the buyer's NIK is recorded


def stocked_shop(bendahara, *, day: str = "2025-06-01") -> Shop:
    """Three items with stock bought on ``day``:

    * SPHP: 10 packs for 550.000 then 4 for 233.333 → 14 packs (70 kg) worth 783.333;
    * gula: 7 packs of 1 kg for 120.004 (one pack is worth 17.143,43 at average cost);
    * LPG: 20 tubes for 340.000.
    """
    supplier = suppliers.add(bendahara, name="Bulog Cabang", kind="bulog").id
    sphp = items.add(bendahara, name="Beras SPHP 5 kg", unit="pak 5 kg", base_unit="g",
                     unit_size=5000, member_price=SPHP_MEMBER, nonmember_price=SPHP_OTHER,
                     product="sphp", barcodes=["SPHP5"])
    gula = items.add(bendahara, name="Gula pasir 1 kg", unit="pak 1 kg", base_unit="g",
                     unit_size=1000, member_price=GULA_MEMBER, nonmember_price=GULA_OTHER,
                     barcodes=["GULA1"])
    lpg = items.add(bendahara, name="LPG 3 kg", unit="tabung", base_unit="pcs", unit_size=1,
                    member_price=LPG_MEMBER, nonmember_price=LPG_OTHER, product="lpg3",
                    barcodes=["LPG3"])
    purchases.record(bendahara, supplier, [(sphp.id, 10, 550_000), (gula.id, 7, 120_004),
                                           (lpg.id, 20, 340_000)], date=day)
    purchases.record(bendahara, supplier, [(sphp.id, 4, 233_333)], date=day)
    conn = bendahara.conn
    return Shop(supplier, *(items.get(conn, i.id) for i in (sphp, gula, lpg)))


@pytest.fixture
def shop(bendahara) -> Shop:
    """A stocked shop (imported as a fixture by the shop tests)."""
    return stocked_shop(bendahara)


@pytest.fixture
def shift(cashier, shop):
    """Till 1's shift, open with a Rp100.000 float."""
    return shifts.open_shift(cashier, "1", 100_000)


CLI_PASSWORD = "Toko sembako desa makmur"


def cli_shop(path, received) -> None:
    """A co-op file for command-line tests on the real clock: admin, bendahara and kasir (all
    with CLI_PASSWORD), supplier Bulog, "Beras medium 5 kg" (barcode B5) of which 10 packs
    were received on ``received`` for Rp550.000, and till 1 open; checkpointed and closed."""
    conn = coop.create(path, profile=Profile(name="Koperasi Desa Sukamaju"), admin="admin",
                       password=CLI_PASSWORD)
    try:
        admin = users.login(conn, "admin", CLI_PASSWORD)
        for role in ("bendahara", "kasir"):
            users.create_user(admin, role, CLI_PASSWORD, role)
        bendahara = users.login(conn, "bendahara", CLI_PASSWORD)
        supplier = suppliers.add(bendahara, name="Bulog", kind="bulog").id
        rice = items.add(bendahara, name="Beras medium 5 kg", unit="pak 5 kg", base_unit="g",
                         unit_size=5000, member_price=60_000, nonmember_price=61_000,
                         barcodes=["B5"])
        purchases.record(bendahara, supplier, [(rice.id, 10, 550_000)], date=received)
        shifts.open_shift(users.login(conn, "kasir", CLI_PASSWORD), "1", 100_000)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
