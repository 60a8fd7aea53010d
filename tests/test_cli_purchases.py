"""The shop's purchasing and credit commands as a script uses them: ``kasir supplier``,
``kasir purchase record`` and ``kasir credit``, with their --json shapes, exit codes (1 for
refused input, 2 for wrong usage) and ``kasir check`` still passing afterwards.

Runs the real ``kasir`` entry point in a subprocess on a small demo co-op (plus two items and
a supplier of its own) copied per test. The demo may have a shop of its own, so the tests use
their own items, supplier, till and a member without credit, and dates after the demo ends.
"""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path

import cli_support
import pytest

PASSWORD = "demo-password-1"
EN = {"KASIR_LANG": "en"}
BERAS, GULA = "T-BERAS-5KG", "T-GULA-1KG"  # barcodes the demo itself never uses
BULOG = "Bulog Uji Sukamaju"
TILL = "9"  # the demo's shop uses till 1


kasir = functools.partial(cli_support.kasir, password=PASSWORD)


def ok(*args: str, **kw) -> subprocess.CompletedProcess:
    done = kasir(*args, **kw)
    assert done.returncode == 0, done.stderr
    return done


def js(*args: str, **kw):
    return json.loads(ok(*args, "--json", **kw).stdout)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = str(path)
    ok("demo", "--db", db, "--members", "20", "--months", "3", "--seed", "7", "--end", "2025-05",
       "--password", PASSWORD)
    ok("item", "add", "--db", db, "--user", "bendahara", "--name", "Beras Uji 5 kg", "--unit",
       "pak 5 kg", "--base-unit", "g", "--unit-size", "5000", "--member-price", "70000",
       "--nonmember-price", "72000", "--barcode", BERAS)
    ok("item", "add", "--db", db, "--user", "bendahara", "--name", "Gula Uji 1 kg", "--unit", "kg",
       "--base-unit", "g", "--unit-size", "1000", "--member-price", "17000",
       "--nonmember-price", "18000", "--barcode", GULA)
    ok("supplier", "add", "--db", db, "--user", "bendahara", "--name", BULOG, "--kind", "bulog")
    return path


@pytest.fixture
def db(demo_template, tmp_path) -> str:
    return cli_support.copy_of(demo_template, tmp_path)


def item(db: str, barcode: str) -> dict:
    [found] = [i for i in js("item", "list", "--db", db) if i["name"].startswith(
        "Beras Uji" if barcode == BERAS else "Gula Uji")]
    return found


def owed_to(db: str, name: str = BULOG) -> int:
    return {s["name"]: s["owed"] for s in js("supplier", "list", "--db", db)}[name]


def bulog_id(db: str) -> int:
    return {s["name"]: s["id"] for s in js("supplier", "list", "--db", db)}[BULOG]


def member_without_credit(db: str) -> str:
    owing = {r["number"] for r in js("credit", "list", "--db", db)}
    return next(m["number"] for m in js("member", "list", "--db", db, "--active")
                if m["number"] not in owing)


def record(db: str, tmp_path: Path, data: dict, *extra: str, **kw) -> subprocess.CompletedProcess:
    path = tmp_path / "purchase.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return kasir("purchase", "record", str(path), "--db", db, "--user", "bendahara", *extra, **kw)


def record_ok(db: str, tmp_path: Path, data: dict, *extra: str) -> dict:
    done = record(db, tmp_path, data, *extra, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def delivery(quantity: int = 100, cost: int = 5_500_000, **head) -> dict:
    return {"supplier": BULOG, "date": "2025-06-04", "payment": "credit", "invoice": "INV-1",
            "transport": 60_000, "lines": [{"item": BERAS, "quantity": quantity, "cost": cost}],
            **head}


def assert_check_passes(db: str) -> None:
    done = kasir("check", "--db", db, "--json")
    assert done.returncode == 0, [c for c in json.loads(done.stdout)["checks"] if c["findings"]]


# ---- suppliers ---------------------------------------------------------------------------

def test_supplier_add_and_list(db):
    number = js("member", "list", "--db", db, "--active")[0]["number"]
    added = js("supplier", "add", "--db", db, "--user", "bendahara", "--name", "Kelompok Tani Subur",
               "--kind", "farmer", "--member", str(int(number)), "--phone", "0812 555",
               "--address", "Dusun Krajan")
    assert set(added) == {"id", "name", "kind", "member_id", "phone", "address", "active", "owed"}
    assert (added["name"], added["kind"], added["phone"], added["active"], added["owed"]) == \
        ("Kelompok Tani Subur", "farmer", "0812 555", True, 0)
    assert added["member_id"] == js("member", "show", number, "--db", db)["id"]
    listed = {s["name"]: s for s in js("supplier", "list", "--db", db)}
    assert listed["Kelompok Tani Subur"] == added and listed[BULOG]["owed"] == 0
    text = ok("supplier", "list", "--db", db, env=EN).stdout
    assert "Kelompok Tani Subur" in text and "Farmer" in text and "Total" in text
    done = kasir("supplier", "add", "--db", db, "--user", "bendahara", "--name", "Pak Harjo", env=EN)
    assert done.returncode == 0 and "Added supplier" in done.stdout


def test_supplier_add_refusals(db):
    before = js("supplier", "list", "--db", db)
    twice = kasir("supplier", "add", "--db", db, "--user", "bendahara", "--name", BULOG.upper(),
                  env=EN)
    assert twice.returncode == 1 and "already a supplier" in twice.stderr
    assert "Traceback" not in twice.stderr and twice.stdout == ""
    nobody = kasir("supplier", "add", "--db", db, "--user", "bendahara", "--name", "X",
                   "--member", "99999", env=EN)
    assert nobody.returncode == 1 and "There is no member number 99999" in nobody.stderr
    cashier = kasir("supplier", "add", "--db", db, "--user", "kasir", "--name", "Y", env=EN)
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    assert js("supplier", "list", "--db", db) == before


def test_quota_set_use_and_remove(db, tmp_path):
    beras, supplier = item(db, BERAS), bulog_id(db)
    done = js("supplier", "quota", BULOG.lower(), BERAS, "--weekly", "400", "--db", db,
              "--user", "bendahara")
    assert done == {"supplier": supplier, "item": beras["id"], "weekly_units": 400,
                    "weekly_qty": 2_000_000}
    record_ok(db, tmp_path, delivery(quantity=100))  # Wednesday 2025-06-04
    use = js("supplier", "quota-use", str(supplier), f"#{beras['id']}", "--week", "2025-06-08",
             "--db", db)
    assert use == {"supplier": supplier, "item": beras["id"], "week_start": "2025-06-02",
                   "week_end": "2025-06-08", "unit_size": 5000, "quota": 2_000_000,
                   "received": 500_000, "remaining": 1_500_000}
    other_week = js("supplier", "quota-use", BULOG, BERAS, "--week", "2025-06-09", "--db", db)
    assert (other_week["received"], other_week["remaining"]) == (0, 2_000_000)
    text = ok("supplier", "quota-use", BULOG, BERAS, "--week", "2025-06-05", "--db", db,
              env=EN).stdout
    assert "2025-06-02" in text and "300 pak 5 kg (1.500 kg)" in text and "Remaining" in text
    text = ok("supplier", "quota", BULOG, BERAS, "--weekly", "0", "--db", db, "--user", "bendahara",
              env=EN).stdout
    assert "removed" in text
    gone = js("supplier", "quota-use", BULOG, BERAS, "--week", "2025-06-05", "--db", db)
    assert (gone["quota"], gone["received"], gone["remaining"]) == (None, 500_000, None)
    assert_check_passes(db)


def test_quota_refusals(db):
    negative = kasir("supplier", "quota", BULOG, BERAS, "--weekly", "-1", "--db", db,
                     "--user", "bendahara", env=EN)
    assert negative.returncode == 1 and "not negative" in negative.stderr
    unknown = kasir("supplier", "quota", "Bulog Lain", BERAS, "--weekly", "1", "--db", db,
                    "--user", "bendahara", env=EN)
    assert unknown.returncode == 1 and "There is no supplier Bulog Lain" in unknown.stderr
    no_item = kasir("supplier", "quota-use", BULOG, "#9999", "--db", db, env=EN)
    assert no_item.returncode == 1 and "There is no item 9999" in no_item.stderr
    assert kasir("supplier", "quota", BULOG, BERAS, "--weekly", "lots", "--db", db,
                 "--user", "bendahara").returncode == 2


# ---- purchases ---------------------------------------------------------------------------

def test_purchase_record_from_json(db, tmp_path):
    beras = item(db, BERAS)
    done = record(db, tmp_path, delivery(), "--json")
    assert done.returncode == 0, done.stderr
    bought = json.loads(done.stdout)
    assert set(bought) == {"id", "supplier_id", "supplier", "date", "payment", "invoice",
                           "transport", "total", "entry", "lines", "over_quota"}
    assert (bought["supplier"], bought["date"], bought["payment"], bought["invoice"],
            bought["transport"], bought["total"], bought["over_quota"]) == \
        (BULOG, "2025-06-04", "credit", "INV-1", 60_000, 5_560_000, [])
    [line] = bought["lines"]
    assert (line["item_id"], line["quantity"], line["base_qty"], line["cost"]) == \
        (beras["id"], 100, 500_000, 5_560_000)
    assert item(db, BERAS)["units_on_hand"] == beras["units_on_hand"] + 100
    assert owed_to(db) == 5_560_000
    assert_check_passes(db)


def test_purchase_record_from_csv_with_options(db, tmp_path):
    gula = item(db, GULA)
    csv_text = f"item,quantity,cost\n{BERAS},10,550.000\n#{gula['id']},20,300000\n"
    done = kasir("purchase", "record", "-", "--db", db, "--user", "bendahara",
                 "--supplier", str(bulog_id(db)), "--payment", "bank", "--transport", "15.000",
                 "--invoice", "NOTA 7", "--date", "2025-06-05", "--json", stdin=csv_text)
    assert done.returncode == 0, done.stderr
    bought = json.loads(done.stdout)
    assert (bought["payment"], bought["invoice"], bought["date"], bought["transport"],
            bought["total"]) == ("bank", "NOTA 7", "2025-06-05", 15_000, 865_000)
    # transport shared by cost: 550/850 and 300/850 of 15.000
    assert [ln["cost"] for ln in bought["lines"]] == [559_706, 305_294]
    assert owed_to(db) == 0  # paid by bank, nothing owed
    text = ok("purchase", "record", "-", "--db", db, "--user", "bendahara", "--supplier", BULOG,
              env=EN, stdin=f"item,quantity,cost\n{GULA},1,15000\n").stdout
    assert "Purchase" in text and "paid in cash" in text and "Rp15.000" in text


def test_purchase_options_win_over_the_file(db, tmp_path):
    ok("supplier", "add", "--db", db, "--user", "bendahara", "--name", "Toko Grosir Makmur")
    bought = json.loads(record(db, tmp_path, delivery(), "--supplier", "Toko Grosir Makmur",
                               "--payment", "cash", "--transport", "0", "--invoice", "",
                               "--date", "2025-06-06", "--json").stdout)
    assert (bought["supplier"], bought["payment"], bought["transport"], bought["invoice"],
            bought["date"], bought["total"]) == ("Toko Grosir Makmur", "cash", 0, "", "2025-06-06",
                                                 5_500_000)
    assert owed_to(db) == 0 and owed_to(db, "Toko Grosir Makmur") == 0


def test_purchase_over_the_weekly_quota_is_recorded_with_a_note(db, tmp_path):
    ok("supplier", "quota", BULOG, BERAS, "--weekly", "50", "--db", db, "--user", "bendahara")
    done = record(db, tmp_path, delivery(quantity=60), env=EN)
    assert done.returncode == 0, done.stderr
    assert "above this week's quota" in done.stderr and "bought on credit" in done.stdout
    again = json.loads(record(db, tmp_path, delivery(quantity=1), "--json").stdout)
    assert again["over_quota"] == [item(db, BERAS)["id"]]


def test_purchase_refusals_write_nothing(db, tmp_path):
    before = item(db, BERAS)["units_on_hand"]
    negative = record(db, tmp_path, delivery(quantity=-5), env=EN)
    assert negative.returncode == 1 and "whole number above zero (got -5)" in negative.stderr
    assert "Traceback" not in negative.stderr and negative.stdout == ""
    fraction = record(db, tmp_path, delivery(quantity=1.5), env=EN)
    assert fraction.returncode == 1 and "whole number above zero (got 1.5)" in fraction.stderr
    unknown = record(db, tmp_path, {**delivery(), "lines": [
        {"item": "T-NO-SUCH-ITEM", "quantity": 1, "cost": 1000}]}, env=EN)
    assert unknown.returncode == 1 and "Unknown barcode T-NO-SUCH-ITEM" in unknown.stderr
    no_cost = record(db, tmp_path, {**delivery(), "lines": [{"item": BERAS, "quantity": 1}]}, env=EN)
    assert no_cost.returncode == 1 and "cost is missing" in no_cost.stderr
    bad_cost = record(db, tmp_path, delivery(cost="lima juta"), env=EN)
    assert bad_cost.returncode == 1 and "not a whole number of rupiah" in bad_cost.stderr
    nobody = record(db, tmp_path, delivery(supplier="Bulog Lain"), env=EN)
    assert nobody.returncode == 1 and "There is no supplier Bulog Lain" in nobody.stderr
    (tmp_path / "broken.json").write_text('{"lines": [', encoding="utf-8")
    broken = kasir("purchase", "record", str(tmp_path / "broken.json"), "--db", db,
                   "--user", "bendahara", env=EN)
    assert broken.returncode == 1 and "purchase file is not valid" in broken.stderr
    missing = kasir("purchase", "record", str(tmp_path / "nope.json"), "--db", db,
                    "--user", "bendahara", env=EN)
    assert missing.returncode == 1 and "Cannot read" in missing.stderr
    cashier = record(db, tmp_path, delivery(), "--user", "kasir", env=EN)
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    assert item(db, BERAS)["units_on_hand"] == before and owed_to(db) == 0
    assert_check_passes(db)


def test_purchase_without_a_supplier_is_a_usage_error(db):
    done = kasir("purchase", "record", "-", "--db", db, "--user", "bendahara", env=EN,
                 stdin=f"item,quantity,cost\n{BERAS},1,1000\n")
    assert done.returncode == 2 and "--supplier" in done.stderr


def test_purchase_help_shows_the_file_format():
    text = ok("purchase", "record", "--help", env=EN).stdout
    assert '"lines": [{"item": "2000000000015", "quantity": 100, "cost": 5500000}' in text
    assert "item,quantity,cost" in text and "--supplier" in text


# ---- paying suppliers --------------------------------------------------------------------

def test_supplier_pay(db, tmp_path):
    record_ok(db, tmp_path, delivery())
    too_much = kasir("supplier", "pay", BULOG, "--amount", "5.560.001", "--db", db,
                     "--user", "bendahara", env=EN)
    assert too_much.returncode == 1 and "is more than that" in too_much.stderr
    assert "Rp5.560.000" in too_much.stderr and too_much.stdout == ""
    supplier = bulog_id(db)
    paid = js("supplier", "pay", str(supplier), "--amount", "1.000.000", "--via", "bank",
              "--date", "2025-06-08", "--db", db, "--user", "bendahara")
    assert paid == {"payment": paid["payment"], "supplier": supplier, "name": BULOG,
                    "amount": 1_000_000, "via": "bank", "owed": 4_560_000}
    early = kasir("supplier", "pay", BULOG, "--amount", "1000", "--date", "2025-06-03", "--db", db,
                  "--user", "bendahara", env=EN)
    assert early.returncode == 1  # nothing was owed yet on that day
    text = ok("supplier", "pay", BULOG, "--amount", "4560000", "--db", db, "--user", "bendahara",
              env=EN).stdout
    assert "Rp4.560.000" in text and "still owes it Rp0" in text
    assert owed_to(db) == 0
    zero = kasir("supplier", "pay", BULOG, "--amount", "0", "--db", db, "--user", "bendahara", env=EN)
    assert zero.returncode == 1 and "more than zero" in zero.stderr
    cashier = kasir("supplier", "pay", BULOG, "--amount", "1", "--db", db, "--user", "kasir", env=EN)
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    assert_check_passes(db)


# ---- members' credit ---------------------------------------------------------------------

def credit_sales(db: str, tmp_path: Path) -> str:
    """Stock the shop and sell a member without credit 2 packs on credit on 2025-06-10 and 2
    on 2025-07-20 (Rp140.000 each time)."""
    record_ok(db, tmp_path, delivery(payment="cash"))
    ok("shift", "open", "--till", TILL, "--db", db, "--user", "kasir")
    number = member_without_credit(db)
    for day in ("2025-06-10", "2025-07-20"):
        ok("sale", "-", "--till", TILL, "--db", db, "--user", "kasir", "--member", number,
           "--payment", "credit", "--date", day,
           stdin=json.dumps({"lines": [{"item": BERAS, "quantity": 2}]}))
    return number


def test_credit_list_aging_and_pay(db, tmp_path):
    others = len(js("credit", "list", "--db", db))
    number = credit_sales(db, tmp_path)
    listed = {r["number"]: r for r in js("credit", "list", "--db", db)}
    assert len(listed) == others + 1
    assert set(listed[number]) == {"member_id", "number", "name", "owed", "available"}
    most = js("credit", "limit", "--db", db)["limit"]
    assert (listed[number]["owed"], listed[number]["available"]) == (280_000, max(most - 280_000, 0))
    on_july_1st = {r["number"]: r["owed"] for r in js("credit", "list", "--db", db, "--date",
                                                       "2025-07-01")}
    assert on_july_1st[number] == 140_000
    text = ok("credit", "list", "--db", db, env=EN).stdout
    assert number in text and "Rp280.000" in text and f"Members with open credit: {others + 1}" in text

    aging = js("credit", "aging", "--db", db, "--date", "2025-09-01")
    assert aging["date"] == "2025-09-01"
    [row] = [r for r in aging["members"] if r["number"] == number]
    assert (row["owed"], row["days_0_30"], row["days_31_60"], row["days_61_90"], row["over_90"]) == \
        (280_000, 0, 140_000, 140_000, 0)  # 43 and 83 days old
    text = ok("credit", "aging", "--db", db, "--date", "2025-09-01", env=EN).stdout
    assert "61-90 days" in text and "Total" in text and number in text

    too_much = kasir("credit", "pay", "--member", number, "--amount", "280.001", "--db", db,
                     "--user", "kasir", env=EN)
    assert too_much.returncode == 1 and "is more than that" in too_much.stderr
    paid = js("credit", "pay", "--member", str(int(number)), "--amount", "150.000", "--via", "bank",
              "--date", "2025-08-01", "--db", db, "--user", "kasir")
    assert paid == {"payment": paid["payment"], "member": number, "amount": 150_000, "via": "bank",
                    "owed": 130_000}
    # FIFO: the payment settled the oldest sale and 10.000 of the newer one
    [row] = [r for r in js("credit", "aging", "--db", db, "--date", "2025-09-01")["members"]
             if r["number"] == number]
    assert (row["owed"], row["days_31_60"], row["days_61_90"]) == (130_000, 130_000, 0)
    text = ok("credit", "pay", "--member", number, "--amount", "130000", "--db", db,
              "--user", "bendahara", env=EN).stdout
    assert "still owes Rp0" in text
    assert number not in {r["number"] for r in js("credit", "list", "--db", db)}
    assert len(js("credit", "list", "--db", db)) == others
    nobody = kasir("credit", "pay", "--member", "99999", "--amount", "1", "--db", db,
                   "--user", "kasir", env=EN)
    assert nobody.returncode == 1 and "There is no member number 99999" in nobody.stderr
    assert_check_passes(db)


def test_credit_limit_show_and_set(db):
    most = js("credit", "limit", "--db", db)["limit"]
    assert isinstance(most, int) and most != 750_000
    assert f"Rp{most:,}".replace(",", ".") in ok("credit", "limit", "--db", db, env=EN).stdout
    no_user = kasir("credit", "limit", "--set", "750000", "--db", db, env=EN)
    assert no_user.returncode == 2 and "--user" in no_user.stderr
    treasurer = kasir("credit", "limit", "--set", "750000", "--db", db, "--user", "bendahara", env=EN)
    assert treasurer.returncode == 1 and "may not" in treasurer.stderr
    negative = kasir("credit", "limit", "--set", "-5", "--db", db, "--user", "ketua", env=EN)
    assert negative.returncode == 1 and "not negative" in negative.stderr
    assert js("credit", "limit", "--set", "750.000", "--db", db, "--user", "ketua") == {"limit": 750_000}
    assert "Rp750.000" in ok("credit", "limit", "--db", db, env=EN).stdout
    assert_check_passes(db)


# ---- usage, language, and the books afterwards -------------------------------------------

@pytest.mark.parametrize("args", [
    ("supplier",),
    ("supplier", "add", "--user", "bendahara"),                       # --name missing
    ("supplier", "add", "--user", "bendahara", "--name", "X", "--kind", "toko"),
    ("supplier", "pay", BULOG, "--user", "bendahara"),                # --amount missing
    ("supplier", "pay", BULOG, "--amount", "5", "--via", "qris", "--user", "bendahara"),
    ("supplier", "quota", BULOG, BERAS, "--user", "bendahara"),       # --weekly missing
    ("supplier", "quota-use", BULOG),                                 # ITEM missing
    ("purchase", "record", "--user", "bendahara"),                    # FILE missing
    ("purchase", "record", "x.json"),                                 # --user missing
    ("purchase", "record", "x.json", "--user", "bendahara", "--payment", "qris"),
    ("credit", "pay", "--amount", "5", "--user", "kasir"),            # --member missing
    ("credit", "aging", "--bogus"),
    ("credit", "list", "--member", "1"),
])
def test_usage_errors_exit_2(db, args):
    done = kasir(*args, "--db", db)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr


def test_messages_are_indonesian_by_default(db, tmp_path):
    done = kasir("supplier", "pay", BULOG, "--amount", "1000", "--db", db, "--user", "bendahara")
    assert done.returncode == 1 and "more than that" not in done.stderr and BULOG in done.stderr
    text = ok("supplier", "list", "--db", db).stdout
    assert "Pemasok" in text and "Supplier" not in text.splitlines()[0]
    assert "file pembelian" in record(db, tmp_path, {"lines": 5}).stderr.lower()


def test_check_passes_after_every_command(db, tmp_path):
    ok("supplier", "add", "--db", db, "--user", "bendahara", "--name", "Pertamina Uji", "--kind",
       "pertamina")
    ok("supplier", "quota", BULOG, GULA, "--weekly", "100", "--db", db, "--user", "bendahara")
    number = credit_sales(db, tmp_path)
    record_ok(db, tmp_path, delivery(quantity=3, cost=150_000, transport=0))
    ok("supplier", "pay", BULOG, "--amount", "100000", "--db", db, "--user", "bendahara")
    ok("credit", "pay", "--member", number, "--amount", "100000", "--db", db, "--user", "kasir")
    ok("credit", "limit", "--set", "600000", "--db", db, "--user", "ketua")
    done = kasir("check", "--db", db)
    assert done.returncode == 0, done.stdout
