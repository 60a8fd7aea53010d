"""The shop on the command line: the starter catalogue, item list, shifts, checkout from a
JSON or CSV cart (with the change shown), void and return by receipt, the stock card, count
and write-off, the shift close with its counted difference, and a refused sale that exits 1
with a clear message and writes nothing.

The co-op file is built once per module in Python (users, a member, goods received with
:func:`kasir.books.purchases.record`) around a real ``kasir item import --starter``; each test
then runs the ``kasir`` entry point in a subprocess on its own copy. The CLI runs on the real
clock, so receipts carry today's date.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
from pathlib import Path

import cli_support
import pytest
from conftest import make_nik

from kasir.books import coop, items, members, purchases, suppliers, users
from kasir.books.profile import Profile
from kasir.db import open_coop

PASSWORD = "Toko sembako desa makmur"
EN = {"KASIR_LANG": "en"}
SPHP, GULA, LPG, MI = "2000000000015", "2000000000060", "2000000000190", "2000000000107"


kasir = functools.partial(cli_support.kasir, password=PASSWORD)


def ok(*args: str) -> dict | list:
    """Run a --json command that must succeed; its parsed output."""
    done = kasir(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def receipt(n: int, till: str = "1") -> str:
    return f"{till}-{dt.date.today():%Y%m%d}-{n:04d}"


@pytest.fixture(scope="module")
def shop_template(tmp_path_factory) -> tuple[Path, str]:
    """(file, member number): four users sharing PASSWORD, one member, the starter catalogue,
    and stock of SPHP (10 packs for 550.000), gula (20 × 1 kg for 300.007), LPG (20) and mi
    instan goreng (40)."""
    path = tmp_path_factory.mktemp("shop") / "toko.sqlite"
    conn = coop.create(path, profile=Profile(name="Koperasi Desa Merah Putih Sukamaju"),
                       admin="admin", password=PASSWORD)
    try:
        admin = users.login(conn, "admin", PASSWORD)
        for role in ("ketua", "bendahara", "kasir"):
            users.create_user(admin, role, PASSWORD, role)
        bendahara = users.login(conn, "bendahara", PASSWORD)
        number = members.register(bendahara, nik=make_nik(gender="P"), name="Siti Rahayu", gender="P").number
    finally:
        conn.close()
    assert ok("item", "import", "--starter", "--db", str(path), "--user", "bendahara") == \
        {"imported": 24, "errors": []}
    conn = open_coop(path)
    try:
        bendahara = users.login(conn, "bendahara", PASSWORD)
        supplier = suppliers.add(bendahara, name="Bulog", kind="bulog").id
        goods = {code: items.by_barcode(conn, code).id for code in (SPHP, GULA, LPG, MI)}
        purchases.record(bendahara, supplier, [(goods[SPHP], 10, 550_000), (goods[GULA], 20, 300_007),
                                               (goods[LPG], 20, 340_000), (goods[MI], 40, 100_000)])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path, number


@pytest.fixture
def db(shop_template, tmp_path) -> str:
    path = tmp_path / "toko.sqlite"
    shutil.copy(shop_template[0], path)
    return str(path)


@pytest.fixture
def number(shop_template) -> str:
    return shop_template[1]


@pytest.fixture
def open_till(db) -> dict:
    return ok("shift", "open", "--db", db, "--user", "kasir", "--float", "100.000")


def read(db: str, sql: str, *params) -> list[tuple]:
    conn = open_coop(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def written(db: str) -> tuple:
    return read(db, "SELECT (SELECT count(*) FROM sales), (SELECT count(*) FROM sale_lines),"
                    " (SELECT count(*) FROM stock_moves), (SELECT count(*) FROM journal_entries),"
                    " (SELECT count(*) FROM receipt_counters), (SELECT total(qty_on_hand) FROM items)")[0]


def write_cart(tmp_path: Path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


# ---- catalogue ---------------------------------------------------------------------------

def test_item_list_json_shows_the_starter_catalogue_with_stock(db):
    found = {i["name"]: i for i in ok("item", "list", "--db", db)}
    assert len(found) == 24
    sphp = found["Beras SPHP 5 kg"]
    assert (sphp["product"], sphp["unit_size"], sphp["qty_on_hand"], sphp["units_on_hand"],
            sphp["value_on_hand"], sphp["member_price"]) == ("sphp", 5000, 50_000, 10, 550_000, 62_000)
    assert found["Gula pasir 1 kg"]["units_on_hand"] == 20
    assert found["Garam beryodium 250 g"]["qty_on_hand"] == 0
    assert [i["name"] for i in ok("item", "list", "--db", db, "--search", "gula")] == ["Gula pasir 1 kg"]


def test_importing_the_starter_catalogue_twice_imports_nothing(db):
    done = kasir("item", "import", "--starter", "--db", db, "--user", "bendahara", env=EN)
    assert done.returncode == 1 and "already belongs to" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(ok("item", "list", "--db", db)) == 24


# ---- selling -----------------------------------------------------------------------------

def test_shift_open_and_a_json_cart_sold_with_the_short_form(db, tmp_path, number, open_till):
    assert (open_till["till"], open_till["float"]) == ("1", 100_000)
    cart = write_cart(tmp_path, "cart.json", {"lines": [{"item": SPHP, "quantity": 2},
                                                        {"item": GULA, "quantity": 3}],
                                              "member": number, "tendered": "200.000"})
    sale = ok("sale", cart, "--db", db, "--user", "kasir")
    assert (sale["receipt"], sale["total"], sale["tendered"], sale["change"], sale["payment"]) == \
        (receipt(1), 2 * 62_000 + 3 * 17_500, 200_000, 200_000 - 176_500, "cash")
    assert [(ln["name"], ln["quantity"], ln["amount"]) for ln in sale["lines"]] == \
        [("Beras SPHP 5 kg", 2, 124_000), ("Gula pasir 1 kg", 3, 52_500)]
    assert read(db, "SELECT buyer_nik IS NOT NULL, member_id IS NOT NULL FROM sales") == [(1, 1)]
    assert ok("check", "--db", db)["ok"] is True


def test_csv_checkout_prints_the_receipt_and_the_change(db, tmp_path, open_till):
    [(mi_goreng,)] = read(db, "SELECT id FROM items WHERE name = 'Mi instan goreng'")
    cart = write_cart(tmp_path, "cart.csv", f"item,quantity\n{GULA},2\n#{mi_goreng},1\n")
    before = written(db)
    done = kasir("sale", "checkout", cart, "--db", db, "--user", "kasir", "--tendered", "50000", env=EN)
    assert done.returncode == 0, done.stderr
    assert "Change" in done.stdout and "Rp10.800" in done.stdout  # 50.000 − 2 × 18.000 − 3.200
    assert f"Receipt {receipt(1)}" in done.stdout
    after = written(db)
    assert (after[0] - before[0], after[1] - before[1]) == (1, 2)


def test_void_and_return_by_receipt(db, tmp_path, number, open_till):
    cart = write_cart(tmp_path, "cart.json", {"lines": [{"item": GULA, "quantity": 3}]})
    first, second = (ok("sale", cart, "--db", db, "--user", "kasir")["receipt"] for _ in range(2))
    assert (first, second) == (receipt(1), receipt(2))
    refused = kasir("sale", "void", first, "--db", db, "--user", "kasir", "--reason", "salah", env=EN)
    assert refused.returncode == 1 and "may not" in refused.stderr
    assert kasir("sale", "void", first, "--db", db, "--user", "bendahara").returncode == 2  # no --reason
    assert ok("sale", "void", first, "--db", db, "--user", "bendahara", "--reason", "salah input") == \
        {"void": 1, "receipt": first, "refund": 54_000}
    again = kasir("sale", "void", first, "--db", db, "--user", "bendahara", "--reason", "x", env=EN)
    assert again.returncode == 1 and "already voided" in again.stderr
    back = ok("sale", "return", second, "--db", db, "--user", "bendahara", "--line", "1=1")
    assert (back["receipt"], back["refund"]) == (second, 18_000)
    assert kasir("sale", "return", second, "--db", db, "--user", "bendahara", "--line", "2=1").returncode == 2
    assert read(db, "SELECT sum(quantity) FROM sale_return_lines") == [(1,)]
    gula = {i["name"]: i for i in ok("item", "list", "--db", db)}["Gula pasir 1 kg"]
    assert gula["qty_on_hand"] == 20_000 - 3_000 - 3_000 + 3_000 + 1_000
    assert ok("check", "--db", db)["ok"] is True


def test_a_refused_sale_exits_1_with_a_clear_message_and_writes_nothing(db, tmp_path, number, open_till):
    cart = write_cart(tmp_path, "cart.json", {"lines": [{"item": SPHP, "quantity": 3}], "member": number})
    before = written(db)
    done = kasir("sale", cart, "--db", db, "--user", "kasir", env=EN)
    assert done.returncode == 1 and done.stdout == ""
    assert "at most 10 kg per buyer per day" in done.stderr and "Traceback" not in done.stderr
    lpg = write_cart(tmp_path, "lpg.json", {"lines": [{"item": LPG, "quantity": 1}]})
    no_nik = kasir("sale", lpg, "--db", db, "--user", "kasir", env=EN)
    assert no_nik.returncode == 1 and "NIK" in no_nik.stderr
    for quantity in (1.5, "1.5", True, 0, "-1"):  # never silently cut to a whole number
        odd = write_cart(tmp_path, "odd.json", {"lines": [{"item": GULA, "quantity": quantity}]})
        done = kasir("sale", odd, "--db", db, "--user", "kasir", env=EN)
        assert done.returncode == 1 and "Traceback" not in done.stderr, quantity
    assert written(db) == before


# ---- stock -------------------------------------------------------------------------------

def test_stock_card_json_has_a_running_balance(db, tmp_path, open_till):
    cart = write_cart(tmp_path, "cart.csv", f"item,quantity\n{GULA},4\n")
    for _ in range(2):
        assert kasir("sale", cart, "--db", db, "--user", "kasir").returncode == 0
    card = ok("stock", "card", GULA, "--db", db)
    assert (card["name"], card["opening_qty"], card["opening_value"]) == ("Gula pasir 1 kg", 0, 0)
    assert [(r["kind"], r["quantity"]) for r in card["rows"]] == \
        [("purchase", 20_000), ("sale", -4_000), ("sale", -4_000)]
    qty, value = 0, 0
    for row in card["rows"]:
        qty, value = qty + row["quantity"], value + row["value"]
        assert (row["qty_after"], row["value_after"]) == (qty, value)
    # 300.007 × 4/20 = 60.001,4 → 60.001; then 240.006 × 4/16 = 60.001,5 → 60.002
    assert [r["value"] for r in card["rows"]] == [300_007, -60_001, -60_002]
    assert read(db, "SELECT qty_on_hand, value_on_hand FROM items WHERE id = ?", card["item"]) == \
        [(qty, value)]


def test_stock_count_from_a_file_posts_the_difference(db, tmp_path):
    count_file = tmp_path / "opname.csv"
    count_file.write_text(f"item,counted,rest\n{GULA},18,500\n{LPG},20,\n", encoding="utf-8")
    done = ok("stock", "count", str(count_file), "--db", db, "--user", "bendahara", "--memo", "Opname")
    lines = {ln["item_id"]: ln for ln in done["lines"]}
    gula = next(ln for ln in lines.values() if ln["book_qty"] == 20_000)
    # 1,5 kg short at average cost: 300.007 × 1.500 / 20.000 = 22.500,5 → 22.501
    assert (gula["counted_qty"], gula["diff_value"]) == (18_500, -22_501)
    assert sorted(ln["diff_value"] for ln in lines.values()) == [-22_501, 0]
    assert read(db, "SELECT qty_on_hand FROM items WHERE id = ?", gula["item_id"]) == [(18_500,)]
    bad = tmp_path / "bad.csv"
    bad.write_text("item,counted\nNOSUCHCODE,3\n", encoding="utf-8")
    refused = kasir("stock", "count", str(bad), "--db", db, "--user", "bendahara", env=EN)
    assert refused.returncode == 1 and "Unknown barcode" in refused.stderr
    assert read(db, "SELECT count(*) FROM stock_counts") == [(1,)]


def test_stock_writeoff(db):
    done = ok("stock", "writeoff", GULA, "--db", db, "--user", "bendahara", "--quantity", "2",
              "--reason", "basah kena hujan")
    assert read(db, "SELECT quantity, value, reason FROM stock_writeoffs WHERE id = ?", done["writeoff"]) == \
        [(2_000, 30_001, "basah kena hujan")]  # 300.007 × 2/20 = 30.000,7 → 30.001
    too_many = kasir("stock", "writeoff", GULA, "--db", db, "--user", "bendahara", "--quantity", "19",
                     "--reason", "x", env=EN)
    assert too_many.returncode == 1 and "Only 18 × pak 1 kg" in too_many.stderr
    kasir_role = kasir("stock", "writeoff", GULA, "--db", db, "--user", "kasir", "--quantity", "1",
                       "--reason", "x", env=EN)
    assert kasir_role.returncode == 1 and "may not" in kasir_role.stderr
    assert read(db, "SELECT count(*) FROM stock_writeoffs") == [(1,)]


# ---- closing the shift -------------------------------------------------------------------

def test_shift_close_with_counts_reports_the_difference(db, tmp_path, open_till):
    cart = write_cart(tmp_path, "cart.csv", f"item,quantity\n{GULA},1\n")
    assert kasir("sale", cart, "--db", db, "--user", "kasir", "--tendered", "20000").returncode == 0
    done = ok("shift", "close", "--db", db, "--user", "kasir", "--count", "100000=1",
              "--count", "10000=1", "--count", "5000=1")
    assert (done["sales"], done["by_payment"]["cash"], done["refunds"]) == (1, 18_000, 0)
    assert (done["expected"], done["counted"], done["difference"]) == (118_000, 115_000, -3_000)
    assert read(db, "SELECT a.code, l.debit, l.credit FROM journal_lines l JOIN accounts a"
                    " ON a.id = l.account_id JOIN shifts s ON s.entry_id = l.entry_id ORDER BY l.id") == \
        [("6-1700", 3_000, 0), ("1-1100", 0, 3_000)]
    again = kasir("shift", "close", "--db", db, "--user", "kasir", "--count", "100000=1", env=EN)
    assert again.returncode == 1 and "No shift is open on till 1" in again.stderr
    reopened = ok("shift", "open", "--db", db, "--user", "kasir")
    wrong_note = kasir("shift", "close", "--db", db, "--user", "kasir", "--count", "25000=1", env=EN)
    assert wrong_note.returncode == 1 and "25000 is not a rupiah note or coin" in wrong_note.stderr
    assert read(db, "SELECT closed_at IS NULL FROM shifts WHERE id = ?", reopened["shift"]) == [(1,)]


def test_daily_stock_card_sums_each_day_of_the_per_move_card(db, tmp_path, open_till):
    cart = write_cart(tmp_path, "cart.csv", f"item,quantity\n{GULA},3\n")
    for _ in range(3):
        assert kasir("sale", cart, "--db", db, "--user", "kasir").returncode == 0
    moves = ok("stock", "card", GULA, "--db", db)
    daily = ok("stock", "card", GULA, "--db", db, "--daily")
    by_day: dict[str, list[int]] = {}
    for row in moves["rows"]:
        day = by_day.setdefault(row["date"], [0, 0, 0, 0])
        day[0] += max(row["quantity"], 0)
        day[1] += max(-row["quantity"], 0)
        day[2], day[3] = row["qty_after"], row["value_after"]
    assert [(d["date"], d["qty_in"], d["qty_out"], d["qty_after"], d["value_after"])
            for d in daily["days"]] == [(k, *v) for k, v in by_day.items()]
    assert daily["days"][-1]["qty_out"] == 9_000
