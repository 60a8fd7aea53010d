"""Stock is never below zero on any date, not only today (issue 9, item B).

An event dated before moves already recorded — a sale entered a day late, a count typed in
the next morning — lowers every later balance too. Each is checked against every later date;
a back-dated sale stays possible while the goods were there. ``kasir check`` proves, for
every item at every move taken by date, that neither quantity nor value went below zero, and
names the item and the date when a forged file says otherwise.

The command-line tests run the real ``kasir`` on the real clock (dates relative to today);
the others use the conftest clock (2025-06-15) and the stocked shop of 2025-06-01.
(kasir has no return of goods to a supplier and no void of a purchase: a purchase is
corrected by a count or a write-off, which are checked here.)
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil

import cli_support
import pytest
from shop_support import CLI_PASSWORD, assert_books_sound, cli_shop, refused, shop_counts

from kasir.books import checks, items, purchases, sales, stock, suppliers
from kasir.db import open_coop, sqlite3
from kasir.errors import NotAllowed

EN = {"KASIR_LANG": "en"}
kasir = functools.partial(cli_support.kasir, password=CLI_PASSWORD)


def sell(ctx, item, qty: int, day: str):
    return sales.checkout(ctx, [sales.CartLine(item_id=item.id, quantity=qty)], date=day)


# ---- the reproduction, through the real command line -------------------------------------

@pytest.fixture
def rice_file(tmp_path):
    """Rice received yesterday (10 packs), nothing before; till 1 open."""
    path = tmp_path / "toko.sqlite"
    cli_shop(path, received=dt.date.today() - dt.timedelta(days=1))
    return path


def _tables(path) -> dict[str, list]:
    """Every row of the tables a sale writes to, read with plain SQL (signing in and out is audited)."""
    raw = sqlite3.connect(str(path))
    try:
        found = {t: raw.execute(f"SELECT * FROM {t}").fetchall()
                 for t in ("sales", "sale_lines", "stock_moves", "journal_entries", "journal_lines",
                           "receipt_counters", "items")}
        found["audit"] = raw.execute(
            "SELECT * FROM audit_log WHERE action NOT IN ('login', 'logout')").fetchall()
        return found
    finally:
        raw.close()


def test_cli_sale_dated_before_the_goods_arrived_is_refused(rice_file, tmp_path):
    cart = tmp_path / "cart.csv"
    cart.write_text("item,quantity\nB5,1\n", encoding="utf-8")
    db = str(rice_file)
    before = _tables(rice_file)
    day_before = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    done = kasir("sale", "checkout", str(cart), "--db", db, "--user", "kasir", "--date",
                 day_before, env=EN)
    assert done.returncode == 1, done.stdout
    assert "Beras medium 5 kg" in done.stderr and day_before in done.stderr
    assert "Traceback" not in done.stderr and not done.stdout
    assert _tables(rice_file) == before  # nothing written
    # the day the goods came in, the sale goes through: back-dating stays usable
    arrived = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    sold = kasir("sale", "checkout", str(cart), "--db", db, "--user", "kasir", "--date", arrived,
                 "--json", env=EN)
    assert sold.returncode == 0, sold.stderr
    assert json.loads(sold.stdout)["date"] == arrived
    check = kasir("check", "--db", db, "--json", env=EN)
    assert check.returncode == 0, check.stdout


# ---- sales, write-offs and counts on the conftest clock -----------------------------------

def test_backdated_sale_accepted_while_the_goods_were_there(bendahara, cashier, shift, shop,
                                                            conn):
    """Goods bought 06-01 and 06-10: a sale entered late for 06-05 goes through."""
    purchases.record(bendahara, shop.supplier, [(shop.gula.id, 10, 170_000)], date="2025-06-10")
    sale = sell(cashier, shop.gula, 2, "2025-06-05")
    assert sale.date == dt.date(2025, 6, 5)
    assert_books_sound(conn)


def test_backdated_sale_refused_when_later_sales_used_the_stock(bendahara, cashier, shift, shop,
                                                                 conn):
    """7 gula on 06-01, 6 sold on 06-12, 10 more bought on 06-14: today there are 11, but a
    sale of 2 dated 06-05 would leave -1 after the sale of 06-12."""
    sell(cashier, shop.gula, 6, "2025-06-12")
    purchases.record(bendahara, shop.supplier, [(shop.gula.id, 10, 170_000)], date="2025-06-14")
    err = refused(conn, NotAllowed, sell, cashier, shop.gula, 2, "2025-06-05")
    assert err.params["date"] == "2025-06-12" and err.params["day"] == "2025-06-05"
    assert err.params["on_hand"] == "1 × pak 1 kg" and err.params["wanted"] == "2 × pak 1 kg"
    sell(cashier, shop.gula, 1, "2025-06-05")  # one was there all along
    assert_books_sound(conn)


def test_sale_dated_before_any_stock_is_refused(bendahara, cashier, shift, conn):
    supplier = suppliers.add(bendahara, name="Pabrik Minyak").id
    oil = items.add(bendahara, name="Minyak goreng 1 l", unit="botol", base_unit="ml",
                    unit_size=1000, member_price=18_000, nonmember_price=19_000)
    purchases.record(bendahara, supplier, [(oil.id, 12, 180_000)], date="2025-06-10")
    err = refused(conn, NotAllowed, sell, cashier, oil, 1, "2025-06-09")
    assert err.params["date"] == "2025-06-09" and err.params["on_hand"] == "0 × botol"


def test_value_never_below_zero_on_a_past_date(bendahara, cashier, shift, conn):
    """1 bottle at 100 on 06-01, 1 at 300 on 06-05, 1 sold 06-06 (at the average 200): the
    bottle left is worth 200. Sold again dated 06-02 it would cost 200 while the stock of
    06-02 was worth 100 — Persediaan a credit on 06-02. Refused; dated 06-06 it goes."""
    supplier = suppliers.add(bendahara, name="Toko Grosir").id
    soy = items.add(bendahara, name="Kecap 600 ml", unit="botol", base_unit="ml", unit_size=600,
                    member_price=1_000, nonmember_price=1_000)
    purchases.record(bendahara, supplier, [(soy.id, 1, 100)], date="2025-06-01")
    purchases.record(bendahara, supplier, [(soy.id, 1, 300)], date="2025-06-05")
    sell(cashier, soy, 1, "2025-06-06")
    err = refused(conn, NotAllowed, sell, cashier, soy, 1, "2025-06-02")
    assert err.params["date"] == "2025-06-02" and err.params["worth"] == "Rp100"
    sell(cashier, soy, 1, "2025-06-06")
    assert_books_sound(conn)


def test_writeoff_dated_before_the_goods_arrived_is_refused(bendahara, shop, conn):
    err = refused(conn, NotAllowed, stock.write_off, bendahara, shop.gula.id, 1000,
                  reason="basah", date="2025-05-31")
    assert err.params["date"] == "2025-05-31"
    stock.write_off(bendahara, shop.gula.id, 1000, reason="basah", date="2025-06-01")
    assert_books_sound(conn)


def test_backdated_count_compares_with_the_book_quantity_of_its_day(bendahara, cashier, shift,
                                                                      shop, conn):
    """7 gula on 06-01, 3 sold on 06-12. A count dated 06-10 finding 5 is a shortage of 2
    against the 7 on the books that day (not a surplus against today's 4)."""
    sell(cashier, shop.gula, 3, "2025-06-12")
    value_before = items.get(conn, shop.gula.id).value_on_hand
    count_id, lines = stock.count(bendahara, {shop.gula.id: 5000}, date="2025-06-10")
    assert lines[0].book_qty == 7000 and lines[0].diff_value < 0
    assert conn.execute("SELECT book_qty FROM stock_count_lines WHERE count_id = ?",
                        (count_id,)).fetchone()[0] == 7000
    after = items.get(conn, shop.gula.id)
    assert after.qty_on_hand == 2000 and after.value_on_hand == value_before + lines[0].diff_value
    assert_books_sound(conn)


def test_the_count_form_can_show_the_figure_a_backdated_count_posts(bendahara, cashier, shift,
                                                                   shop, conn):
    """The desktop's live figure for a count dated 06-10 is the one the count then posts."""
    sell(cashier, shop.gula, 3, "2025-06-12")
    gula = items.get(conn, shop.gula.id)
    book = stock.book_quantity(conn, gula, "2025-06-10")
    assert book == 7000 and stock.book_quantity(conn, gula, "2025-06-15") == 4000
    shown = stock.count_difference(gula, 5000, book)
    _count_id, lines = stock.count(bendahara, {gula.id: 5000}, date="2025-06-10")
    assert lines[0].diff_value == shown < 0


def test_backdated_count_refused_when_later_sales_would_go_below_zero(bendahara, cashier, shift,
                                                                     shop, conn):
    """A count of 1 dated 06-10 would leave -2 after the 3 sold on 06-12."""
    sell(cashier, shop.gula, 3, "2025-06-12")
    err = refused(conn, NotAllowed, stock.count, bendahara, {shop.gula.id: 1000},
                  date="2025-06-10")
    assert err.params["date"] == "2025-06-12"


# ---- kasir check proves it for every item at every move ---------------------------------

def test_check_names_the_item_and_date_of_a_forged_negative_past(bendahara, cashier, shift, shop,
                                                                 conn, coop_path, tmp_path):
    """A copy whose gula purchase is moved after its sale (trigger dropped, everything else
    consistent: same month, same value) is caught by ``kasir check``."""
    sell(cashier, shop.gula, 6, "2025-06-12")
    assert_books_sound(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    forged = tmp_path / "forged.sqlite"
    shutil.copy(coop_path, forged)
    raw = sqlite3.connect(str(forged), isolation_level=None)
    try:
        raw.execute("DROP TRIGGER stock_moves_no_update")
        raw.execute("UPDATE stock_moves SET date = '2025-06-20' WHERE item_id = ? AND kind = 'purchase'",
                    (shop.gula.id,))
    finally:
        raw.close()
    done = cli_support.kasir("check", "--db", str(forged), password=None, env=EN)
    assert done.returncode == 1
    assert ("The stock of Gula pasir 1 kg was below zero on 2025-06-12: -6 × pak 1 kg"
            in done.stdout), done.stdout
    forged_conn = open_coop(forged)
    try:
        findings = [f for r in checks.run(forged_conn).results for f in r.findings]
    finally:
        forged_conn.close()
    assert any("Gula pasir 1 kg" in f and "2025-06-12" in f for f in findings)


def test_check_passes_on_back_dated_moves_that_kept_stock_positive(bendahara, cashier, shift, shop,
                                                                   conn):
    purchases.record(bendahara, shop.supplier, [(shop.gula.id, 10, 170_000)], date="2025-06-10")
    sell(cashier, shop.gula, 9, "2025-06-12")
    sell(cashier, shop.gula, 7, "2025-06-03")   # 0 left on 06-03, 1 after 06-12
    stock.count(bendahara, {shop.gula.id: 0}, date="2025-06-13")
    before = shop_counts(conn)
    assert_books_sound(conn)
    assert shop_counts(conn) == before
