"""Every posted document is permanent, like the entries it posts (issue 9, item B).

A co-op file is built once through the real events so that every document table holds rows:
purchases (cash and on credit) and a supplier payment, savings, a shift with cash and credit
sales, a void, a return, a credit payment, a stock count and a write-off, the shift's close,
income, the year close of 2024 and its SHU allocation. Each test then tries, with raw SQL and every
trigger in place, to UPDATE and to DELETE the rows of one table on its own copy, and expects
the database to refuse and the table to be exactly as it was.

``test_every_table_is_classified`` fails when a migration adds a table that is neither in
:data:`PERMANENT` (guarded against UPDATE and DELETE) nor in :data:`CHANGEABLE` (with the
reason it may change): a new table must choose.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PASSWORDS, Clock, make_nik
from shop_support import stocked_shop

from kasir.books import credit, ledger, members, purchases, returns, sales, savings, shifts, shu, stock, users
from kasir.books.ledger import Line
from kasir.db import open_coop, sqlite3

# table -> an UPDATE's SET clause that changes every row (a no-op would prove nothing)
PERMANENT = {
    "audit_log": "action = action || 'x'",
    "closed_periods": "closed_at = closed_at || 'x'",
    "journal_entries": "memo = memo || 'x'",
    "journal_lines": "memo = memo || 'x'",
    "account_month": "debit = debit - 1",  # it only grows, as entries are posted
    "savings_tx": "amount = amount + 1",
    "stock_moves": "quantity = quantity + 1",
    "purchases": "total = total + 1",
    "purchase_lines": "cost = cost + 1",
    "supplier_payments": "amount = amount + 1",
    "shifts": "float = float + 1",
    "receipt_counters": "last = last + 2",  # it only counts up by one, at a sale
    "sales": "total = total + 1",
    "sale_lines": "amount = amount + 1",
    "sale_voids": "reason = reason || 'x'",
    "sale_returns": "refund = refund + 1",
    "sale_return_lines": "amount = amount + 1",
    "credit_payments": "amount = amount + 1",
    "stock_counts": "memo = memo || 'x'",
    "stock_count_lines": "counted_qty = counted_qty + 1",
    "stock_writeoffs": "value = value + 1",
    "shu_years": "surplus = surplus + 1",
    "shu_pools": "amount = amount + 1",
    "shu_shares": "jasa_usaha = jasa_usaha + 1",
}

# Master data and settings change through audited events; those marked "kept" are never
# deleted (a trigger refuses it) because documents point at them.
KEPT = ("accounts", "members", "items")
CHANGEABLE = {
    "meta": "file identity (co-op UUID)",
    "settings": "the co-op's settings",
    "profile": "the co-op's profile (AD/ART amounts)",
    "shu_allocation": "the AD/ART's SHU percentages",
    "users": "roles, passwords, sign-in throttling",
    "accounts": "kept: names and active flag change; code and kind stay once used",
    "members": "kept: address, phone, exit; NIK and number stay",
    "products": "reference data: the regulated products",
    "regulations": "reference data: decrees are added as rows",
    "items": "kept: prices, names, stock level (set by the stock moves' trigger)",
    "barcodes": "an item's barcodes",
    "suppliers": "master data",
    "supplier_quotas": "the weekly quotas, information only",
    "audit_marks": "a cache of the audit chain (kasir check reads the records)",
    "audit_pending": "rows changed since the last audit record, emptied by each record",
}


def _login(conn, name: str, clock: Clock):
    return users.login(conn, name, PASSWORDS[name], clock=clock)


@pytest.fixture(scope="module")
def built(template, tmp_path_factory) -> Path:
    """A copy of the template with a row in every document table (see the module docstring)."""
    path = tmp_path_factory.mktemp("permanent") / "koperasi.sqlite"
    shutil.copy(template, path)
    conn = open_coop(path)
    try:
        clock = Clock()
        bendahara, cashier, ketua = (_login(conn, n, clock) for n in ("bendahara", "kasir", "ketua"))
        shop = stocked_shop(bendahara, day="2024-01-05")
        member = members.register(bendahara, nik=make_nik(), name="Ani", gender="L",
                                  join_date="2024-01-02")
        savings.deposit(bendahara, member.id, "wajib", 20_000, date="2024-01-02")
        purchases.record(bendahara, shop.supplier, [(shop.gula.id, 5, 85_000)], payment="credit",
                         date="2024-02-01")
        purchases.pay_supplier(bendahara, shop.supplier, 85_000, date="2024-02-10")
        shifts.open_shift(cashier, "1", 50_000, date="2024-03-10")
        one = [sales.CartLine(item_id=shop.gula.id, quantity=2)]
        cash = sales.checkout(cashier, one, date="2024-03-10")
        on_credit = sales.checkout(cashier, one, member_id=member.id, payment="credit",
                                   date="2024-03-10")
        voided = sales.checkout(cashier, one, date="2024-03-10")
        returns.void(bendahara, voided.id, reason="salah input", date="2024-03-10")
        returns.return_lines(bendahara, cash.id, {cash.lines[0].id: 1}, reason="rusak",
                             date="2024-03-10")
        credit.pay(bendahara, member.id, on_credit.total, date="2024-03-10")
        shifts.close_shift(cashier, "1", {50_000: 2}, date="2024-03-10")
        stock.count(bendahara, {shop.lpg.id: 19}, date="2024-03-20")
        stock.write_off(bendahara, shop.gula.id, 1000, reason="basah", date="2024-03-21")
        ledger.post(bendahara, "2024-11-30", "Jasa sewa gudang",
                    [Line(ledger.KAS, debit=1_250_000), Line("4-1300", credit=1_250_000)])
        shu.close_year(bendahara, 2024)
        shu.post_allocation(ketua, 2024, date="2025-03-20")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


@pytest.fixture
def raw_copy(built, tmp_path):
    path = tmp_path / "koperasi.sqlite"
    shutil.copy(built, path)
    connection = sqlite3.connect(str(path), isolation_level=None)
    yield connection
    connection.close()


def _rows(conn, table: str) -> list[tuple]:
    return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


@pytest.mark.parametrize("table", sorted(PERMANENT))
def test_update_of_a_document_is_refused(raw_copy, table):
    before = _rows(raw_copy, table)
    assert before, f"the built file has no {table} row to try"
    with pytest.raises(sqlite3.IntegrityError):
        raw_copy.execute(f"UPDATE {table} SET {PERMANENT[table]}")
    assert _rows(raw_copy, table) == before


@pytest.mark.parametrize("table", sorted([*PERMANENT, *KEPT]))
def test_delete_of_a_document_is_refused(raw_copy, table):
    before = _rows(raw_copy, table)
    assert before, f"the built file has no {table} row to try"
    with pytest.raises(sqlite3.IntegrityError):
        raw_copy.execute(f"DELETE FROM {table}")
    assert _rows(raw_copy, table) == before


def test_every_table_is_classified(raw_copy):
    """A new table must be made permanent (and listed in PERMANENT) or say why it changes."""
    tables = {r[0] for r in raw_copy.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    assert not set(PERMANENT) & set(CHANGEABLE)
    assert tables == set(PERMANENT) | set(CHANGEABLE), (
        f"unclassified: {sorted(tables - set(PERMANENT) - set(CHANGEABLE))}, "
        f"gone: {sorted(set(PERMANENT) | set(CHANGEABLE) - tables)}")


def test_an_open_shift_changes_only_by_its_close(raw_copy):
    """Closing fills in the closing columns; the float, till and date of an open shift stay."""
    raw_copy.execute("INSERT INTO shifts (till, date, float, opened_by, opened_at)"
                     " VALUES ('2', '2025-06-15', 10000, 4, '2025-06-15T10:00:00+00:00')")
    for change in ("float = 0", "till = '3'", "date = '2025-06-14'", "closed_by = 4"):
        with pytest.raises(sqlite3.IntegrityError, match="only by being closed"):
            raw_copy.execute(f"UPDATE shifts SET {change} WHERE till = '2'")
    raw_copy.execute("UPDATE shifts SET closed_by = 4, closed_at = 'now', expected = 10000,"
                     " counted = 10000, counts = '{}' WHERE till = '2'")
    with pytest.raises(sqlite3.IntegrityError, match="final"):
        raw_copy.execute("UPDATE shifts SET counted = 0 WHERE till = '2'")


def test_account_month_grows_only_by_posting(raw_copy):
    """Posting adds to the monthly totals; nothing may lower them or move them to another
    account or month."""
    account, month = raw_copy.execute("SELECT account_id, month FROM account_month LIMIT 1").fetchone()
    for change in ("credit = credit - 1", "month = '1999-01'", "account_id = account_id + 1000"):
        with pytest.raises(sqlite3.IntegrityError):
            raw_copy.execute(f"UPDATE account_month SET {change} WHERE account_id = ? AND month = ?",
                             (account, month))
