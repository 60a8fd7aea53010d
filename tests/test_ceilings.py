"""Ceilings on amounts and quantities, and sums that cannot overflow (issue 9, item B).

Seen: ``--amount 9223372036854775807`` was accepted and printed a float-rounded balance; a
second such deposit made ``kasir check`` and ``savings balance`` die with "integer overflow";
``99999999999999999999`` gave an OverflowError traceback. Now every amount is at most
``MAX_AMOUNT`` (Rp1 trillion), every quantity at most ``MAX_QUANTITY`` (10^9 base units) and
each account's debits, or credits, in one month at most ``MAX_MONTH_TOTAL`` (Rp1 quadrillion),
in the books (a translated refusal) and in the schema (migration 5). Posting dates lie in
2000–2199, so a balance adds at most 2,400 months: the argument in docs/decisions.md
("Ceilings on amounts") is checked by :func:`test_the_bound_holds`, and a file posted at the
ceilings for a whole year keeps its balances exact where a float would not.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import cli_support
import pytest
from conftest import counts, make_nik
from shop_support import CLI_PASSWORD, assert_books_sound, cli_shop, refused

from kasir.books import ledger, members, purchases, sales, savings, stock, users
from kasir.books.ledger import Line
from kasir.db import open_coop, sqlite3
from kasir.db.migrations import MIGRATIONS_DIR
from kasir.errors import InvalidAmount, InvalidInput, NotAllowed
from kasir.money import MAX_AMOUNT, MAX_MONTH_TOTAL, MAX_QUANTITY, parse_amount

EN = {"KASIR_LANG": "en"}
kasir = functools.partial(cli_support.kasir, password=CLI_PASSWORD)
INT64_MAX = 2**63 - 1


def test_the_bound_holds():
    """2,400 months (2000-01 … 2199-12) × 10^15 on each side, in any order of addition, stay
    below 2^63; the schema enforces the very figures kasir.money names."""
    first = ledger.FIRST_DAY
    months = (2199 - first.year) * 12 + 12 - first.month + 1
    assert months == 2_400
    assert 2 * months * MAX_MONTH_TOTAL < INT64_MAX
    assert MAX_AMOUNT * 1_000 == MAX_MONTH_TOTAL and MAX_QUANTITY < MAX_AMOUNT
    sql = (MIGRATIONS_DIR / "0005_trust_rules.sql").read_text(encoding="utf-8")
    assert set(re.findall(r"\b1000+\b", sql)) == {str(MAX_AMOUNT), str(MAX_MONTH_TOTAL),
                                                  str(MAX_QUANTITY)}
    assert "'2000-01-01'" in sql and "'2199-12-31'" in sql and first == dt.date(2000, 1, 1)


@pytest.mark.parametrize("text", ["9223372036854775807", "99999999999999999999", "1" + "0" * 5000,
                                  "1.000.000.000.001", -(MAX_AMOUNT + 1)])
def test_parse_amount_refuses_above_the_ceiling(text):
    with pytest.raises(InvalidAmount):
        parse_amount(text)


def test_parse_amount_takes_the_ceiling_itself():
    assert parse_amount("Rp1.000.000.000.000") == MAX_AMOUNT == parse_amount(MAX_AMOUNT)


# ---- the reproduction, through the real command line -------------------------------------

@pytest.fixture
def member_file(tmp_path):
    path = tmp_path / "toko.sqlite"
    cli_shop(path, received=dt.date.today())
    conn = open_coop(path)
    try:
        members.register(users.login(conn, "bendahara", CLI_PASSWORD), nik=make_nik(), name="Siti",
                         gender="L")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return str(path)


def _deposit(db: str, amount: str):
    return kasir("savings", "deposit", "--db", db, "--user", "bendahara", "--member", "00001",
                 "--kind", "sukarela", "--amount", amount, env=EN)


def _rows(db: str) -> tuple:
    raw = sqlite3.connect(db)
    try:
        return tuple(raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("savings_tx", "journal_entries", "journal_lines"))
    finally:
        raw.close()


@pytest.mark.parametrize("amount", ["9223372036854775807", "99999999999999999999"])
def test_cli_deposit_above_the_ceiling_is_refused(member_file, amount):
    before = _rows(member_file)
    done = _deposit(member_file, amount)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "Rp1.000.000.000.000" in done.stderr and not done.stdout
    assert _rows(member_file) == before


def test_cli_deposits_at_the_ceiling_print_exact_balances(member_file):
    for _ in range(2):
        assert _deposit(member_file, "1.000.000.000.000").returncode == 0
    done = _deposit(member_file, "999999999999")
    assert done.returncode == 0, done.stderr
    assert "Rp2.999.999.999.999" in done.stdout
    held = kasir("savings", "balance", "--db", member_file, "--member", "00001", "--json", env=EN)
    assert held.returncode == 0 and json.loads(held.stdout)["sukarela"] == 2_999_999_999_999
    check = kasir("check", "--db", member_file, "--json", env=EN)
    assert check.returncode == 0, check.stdout


# ---- in the books ---------------------------------------------------------------------------

def test_a_journal_line_above_the_ceiling_is_refused(bendahara, conn):
    before = counts(conn)
    with pytest.raises(InvalidAmount):
        ledger.post(bendahara, "2025-06-01", "Hibah", [Line(ledger.KAS, debit=MAX_AMOUNT + 1),
                                                       Line("4-1300", credit=MAX_AMOUNT + 1)])
    assert counts(conn) == before


def test_quantities_above_the_ceiling_are_refused(bendahara, cashier, shift, shop, conn):
    too_many = MAX_QUANTITY + 1
    refused(conn, InvalidInput, sales.checkout, cashier,
            [sales.CartLine(item_id=shop.gula.id, quantity=too_many)])
    refused(conn, InvalidInput, sales.checkout, cashier,  # 10^6 packs of 5 kg: 5 × 10^9 g
            [sales.CartLine(item_id=shop.sphp.id, quantity=1_000_000)])
    refused(conn, InvalidInput, purchases.record, bendahara, shop.supplier,
            [(shop.gula.id, too_many, 1_000)])
    refused(conn, InvalidInput, stock.count, bendahara, {shop.gula.id: too_many})
    refused(conn, InvalidInput, stock.write_off, bendahara, shop.gula.id, too_many, reason="x")


def test_a_sale_total_above_the_ceiling_is_refused(bendahara, cashier, shift, shop, conn):
    """Each price is within the ceiling; 7 of them are not."""
    conn.execute("DROP TRIGGER items_ceiling_update")  # only to set a price the HET has no say on
    conn.execute("UPDATE items SET member_price = ?, nonmember_price = ? WHERE id = ?",
                 (MAX_AMOUNT // 2, MAX_AMOUNT // 2, shop.gula.id))
    refused(conn, InvalidAmount, sales.checkout, cashier,
            [sales.CartLine(item_id=shop.gula.id, quantity=3)])


def _full_month(bendahara, day: str, odd: int = 0) -> None:
    """Two entries of 500 lines each: Kas debited, 4-1300 credited MAX_MONTH_TOTAL − odd."""
    amounts = [MAX_AMOUNT] * 1000
    amounts[-1] -= odd
    for half in (amounts[:500], amounts[500:]):
        ledger.post(bendahara, day, "Pendapatan besar",
                    [Line(ledger.KAS, debit=a) for a in half] + [Line("4-1300", credit=a) for a in half])


def test_an_account_month_above_its_ceiling_is_refused(bendahara, conn, raw):
    _full_month(bendahara, "2025-05-10")
    before = counts(conn)
    with pytest.raises(NotAllowed) as err:
        ledger.post(bendahara, "2025-05-31", "Satu rupiah lagi",
                    [Line(ledger.KAS, debit=1), Line("4-1300", credit=1)])
    assert err.value.params["code"] in (ledger.KAS, "4-1300") and err.value.params["month"] == "2025-05"
    assert counts(conn) == before
    ledger.post(bendahara, "2025-06-01", "Bulan berikutnya",
                [Line(ledger.KAS, debit=1), Line("4-1300", credit=1)])
    with pytest.raises(sqlite3.IntegrityError, match="monthly total"):
        raw.execute("UPDATE account_month SET debit = debit + 1 WHERE month = '2025-05' AND debit > 0")


def test_a_year_at_the_ceilings_keeps_exact_balances(bendahara, conn, coop_path):
    """Twelve months at the ceiling: Kas holds 12 × 10^15 − 13, above 2^53 and odd, which a
    float cannot hold. Balances, the trial balance, kasir check and the reports stay exact or
    at least run without overflow."""
    for n, month in enumerate(["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12",
                               "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]):
        _full_month(bendahara, f"{month}-10", odd=2 if n == 11 else 1)
    expected = 12 * MAX_MONTH_TOTAL - 13
    assert expected > 2**53 and float(expected) != expected
    assert ledger.balance(conn, ledger.KAS, "2025-06-15") == expected
    rows = {r.code: r for r in ledger.trial_balance(conn, "2025-06-15")}
    assert rows[ledger.KAS].debit == expected and rows["4-1300"].credit == expected
    assert_books_sound(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for args in (("ledger", "trial-balance", "--date", "2025-06-15"),
                 ("report", "posisi-keuangan", "--period", "2025-06"),
                 ("report", "neraca-saldo", "--period", "2025-06"),
                 ("report", "arus-kas", "--period", "2025-06"),
                 ("report", "buku-besar", "--period", "2025-06", "--account", ledger.KAS),
                 ("check",)):
        done = cli_support.kasir(*args, "--db", str(coop_path), "--json", password=None, env=EN)
        assert done.returncode == 0 and "overflow" not in done.stderr, (args, done.stderr)
        assert str(expected) in done.stdout or args[0] != "ledger"


def test_savings_balances_are_exact_above_2_to_the_53(bendahara, conn, new_member, raw):
    """A member's rows summing past 2^53 (written with plain SQL: the query is under test)
    come back to the rupiah, not rounded through a float."""
    member = new_member(pay_pokok=False)
    tx = savings.deposit(bendahara, member.id, "sukarela", 1)
    entry = conn.execute("SELECT entry_id FROM savings_tx WHERE id = ?", (tx,)).fetchone()[0]
    raw.execute("BEGIN")
    raw.executemany("INSERT INTO savings_tx (member_id, kind, type, amount, date, entry_id,"
                    " created_by, created_at) VALUES (?, 'sukarela', 'deposit', ?, '2025-06-15',"
                    " ?, 1, 'now')", [(member.id, MAX_AMOUNT, entry)] * 9_008)
    raw.execute("COMMIT")
    expected = 9_008 * MAX_AMOUNT + 1
    assert expected > 2**53 and float(expected) != expected
    assert savings.balance(conn, member.id, "sukarela") == expected
    assert savings.balances(conn, member.id)["sukarela"] == expected


@pytest.mark.parametrize(("table", "sql"), [
    ("journal_lines", "INSERT INTO journal_lines (entry_id, account_id, debit) VALUES (1, 1, {n})"),
    ("savings_tx", "INSERT INTO savings_tx (member_id, kind, type, amount, date, entry_id,"
                   " created_by, created_at) VALUES (1, 'wajib', 'deposit', {n}, '2025-06-15', 1, 1, 'x')"),
    ("sale_lines", "INSERT INTO sale_lines (sale_id, item_id, quantity, base_qty, price, amount, cost)"
                   " VALUES (1, 1, 1, 1, {n}, {n}, 0)"),
    ("purchase_lines", "INSERT INTO purchase_lines (purchase_id, item_id, quantity, base_qty, cost)"
                       " VALUES (1, 1, 1, 1, {n})"),
    ("stock_moves", "INSERT INTO stock_moves (item_id, date, kind, quantity, value, qty_after,"
                    " value_after, doc_id) VALUES (1, '2025-06-15', 'purchase', 1, {n}, 1, {n}, 1)"),
    ("credit_payments", "INSERT INTO credit_payments (member_id, date, amount, via, entry_id,"
                        " created_by, created_at) VALUES (1, '2025-06-15', {n}, 'cash', 1, 1, 'x')"),
])
def test_the_schema_refuses_amounts_above_the_ceiling(raw, table, sql):
    before = raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="ceiling"):
        raw.execute(sql.format(n=MAX_AMOUNT + 1))
    assert raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before
