"""A small scripted co-op for the report tests, with every key figure worked out by hand.

May 2025 (the previous period):
  * hibah Rp5.000.000 into Bank (05-02); members A, B, C join on 05-05 paying pokok 50.000
    each in cash; A and B pay wajib 20.000 (05-05); A deposits sukarela 100.000 (05-10);
  * from Bulog on credit (05-20): 10 × Beras SPHP 5 kg for 550.000 and 10 × Gula 1 kg for
    150.000; Bulog's SPHP quota is 100 kg a week.
  End of May: Kas 290.000, Bank 5.000.000, Persediaan 700.000 (assets 5.990.000); Utang
  dagang 700.000, sukarela 100.000; pokok 150.000, wajib 40.000, hibah 5.000.000.

June 2025 (the period; the clock stands at 06-15):
  S1 06-02 A 2 SPHP cash 124.000 (cost 110.000)   S2 06-03 non-member 1 SPHP cash 62.500 (55.000)
  S3 06-03 non-member 3 gula cash 54.000 (45.000)  S4 06-05 B 2 gula on credit 34.000 (30.000)
  S5 06-05 C 1 SPHP on credit 62.000 (55.000)      S6 06-06 non-member 1 gula 18.000, voided 06-06
  S7 06-07 A 1 gula cash 17.000, returned 06-08    wajib A, B 20.000 cash (06-05)
  gula 10 × 16.000 bought for cash (06-09)         B pays 20.000 of credit in cash (06-10)
  Bulog paid 400.000 from Bank (06-10)             A withdraws 30.000 sukarela, C deposits
  count 06-12: gula 14 kg instead of 15 (shortage      50.000 by bank (06-11)
    235.000 / 15 = 15.666,67 → 15.667)             pendapatan lain 10.000 in cash (06-13)
  listrik 75.000 cash, honor 200.000 bank, Kas → Bank transfer 100.000 (06-14)
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PASSWORDS, Clock, make_nik

from kasir.books import (
    credit,
    items,
    ledger,
    members,
    purchases,
    returns,
    sales,
    savings,
    shifts,
    stock,
    suppliers,
    users,
)
from kasir.books.ledger import Line
from kasir.books.sales import CartLine
from kasir.db import open_coop


@dataclass(frozen=True)
class Scenario:
    path: Path
    a: int
    b: int
    c: int
    sphp: int
    gula: int
    supplier: int


def _post(ctx, day: str, memo: str, debit: str, credit_code: str, amount: int) -> None:
    ledger.post(ctx, day, memo, [Line(debit, debit=amount), Line(credit_code, credit=amount)])


def _may(ctx) -> tuple[int, int, int, int, int, int]:
    _post(ctx, "2025-05-02", "Hibah pemerintah desa", "1-1200", "3-1400", 5_000_000)
    a, b, c = (members.register(ctx, nik=make_nik(dt.date(1980 + i, 3, 4), "L"), name=name,
                                gender="L", join_date="2025-05-05").id
               for i, name in enumerate(("Ahmad", "Budi", "Cahyo")))
    for who in (a, b):
        savings.deposit(ctx, who, "wajib", 20_000, date="2025-05-05")
    savings.deposit(ctx, a, "sukarela", 100_000, date="2025-05-10")
    supplier = suppliers.add(ctx, name="Bulog Cabang", kind="bulog").id
    sphp = items.add(ctx, name="Beras SPHP 5 kg", unit="pak 5 kg", base_unit="g", unit_size=5000,
                     member_price=62_000, nonmember_price=62_500, product="sphp").id
    gula = items.add(ctx, name="Gula pasir 1 kg", unit="pak 1 kg", base_unit="g", unit_size=1000,
                     member_price=17_000, nonmember_price=18_000).id
    suppliers.set_quota(ctx, supplier, sphp, 100_000)
    purchases.record(ctx, supplier, [(sphp, 10, 550_000), (gula, 10, 150_000)], date="2025-05-20",
                     payment="credit")
    return a, b, c, sphp, gula, supplier


def _sell(ctx, item: int, qty: int, day: str, **kwargs):
    return sales.checkout(ctx, [CartLine(qty, item_id=item)], till="1", date=day, **kwargs)


def _june(ctx, a: int, b: int, c: int, sphp: int, gula: int, supplier: int) -> None:
    shifts.open_shift(ctx, "1", 100_000, date="2025-06-02")
    stranger = make_nik(dt.date(1990, 1, 2), "P")
    _sell(ctx, sphp, 2, "2025-06-02", member_id=a)
    _sell(ctx, sphp, 1, "2025-06-03", buyer_nik=stranger)
    _sell(ctx, gula, 3, "2025-06-03")
    _sell(ctx, gula, 2, "2025-06-05", member_id=b, payment="credit")
    _sell(ctx, sphp, 1, "2025-06-05", member_id=c, payment="credit")
    for who in (a, b):
        savings.deposit(ctx, who, "wajib", 20_000, date="2025-06-05")
    s6 = _sell(ctx, gula, 1, "2025-06-06")
    returns.void(ctx, s6.id, reason="Salah input", date="2025-06-06")
    s7 = _sell(ctx, gula, 1, "2025-06-07", member_id=a)
    returns.return_lines(ctx, s7.id, {s7.lines[0].id: 1}, reason="Bocor", date="2025-06-08")
    purchases.record(ctx, supplier, [(gula, 10, 160_000)], date="2025-06-09", payment="cash")
    credit.pay(ctx, b, 20_000, date="2025-06-10")
    purchases.pay_supplier(ctx, supplier, 400_000, date="2025-06-10", via="bank")
    savings.withdraw(ctx, a, 30_000, date="2025-06-11")
    savings.deposit(ctx, c, "sukarela", 50_000, date="2025-06-11", via="bank")
    stock.count(ctx, {gula: 14_000}, date="2025-06-12")
    _post(ctx, "2025-06-13", "Jasa titip", "1-1100", "4-1300", 10_000)
    _post(ctx, "2025-06-14", "Listrik Juni", "6-1200", "1-1100", 75_000)
    _post(ctx, "2025-06-14", "Honor Juni", "6-1100", "1-1200", 200_000)
    _post(ctx, "2025-06-14", "Setor kas ke bank", "1-1200", "1-1100", 100_000)


def build(template: Path, path: Path) -> Scenario:
    """Copy the conftest template to ``path`` and script the co-op above into it."""
    shutil.copy(template, path)
    conn = open_coop(path)
    try:
        ctx = users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=Clock())
        ids = _may(ctx)
        _june(ctx, *ids)
    finally:
        conn.close()
    return Scenario(path, *ids)


def copy_of(scenario: Scenario, folder: Path) -> Path:
    """A private copy of the scenario's file, for a test that writes to it."""
    target = folder / "copy.sqlite"
    shutil.copy(scenario.path, target)
    return target


@pytest.fixture(scope="module")
def scenario(template, tmp_path_factory) -> Scenario:
    """The scripted co-op, built once per test module (tests that write use :func:`copy_of`)."""
    return build(template, tmp_path_factory.mktemp("reports") / "coop.sqlite")


@pytest.fixture
def rconn(scenario):
    """A connection to the scenario's file, for tests that only read."""
    connection = open_coop(scenario.path)
    yield connection
    connection.close()
