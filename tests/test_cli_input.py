"""Files and words on the command line as scripts and treasurers use them: Excel's encodings,
unknown fields refused, JSON errors told by line and column, no traceback for the cases seen
(a closed pipe, a missing folder), argparse and the file formats in Indonesian, ``--date`` on
returns and shifts, the item list's barcodes and HET, and the README's examples.

The real ``kasir`` runs in a subprocess on a copy of a small demo co-op (it has a shop with
stock); each refusal is checked to have written nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shlex
import sqlite3 as std_sqlite
import subprocess
import sys
from pathlib import Path

import cli_support
import pytest
from conftest import make_nik

PASSWORD = "demo-password-1"
EN = {"KASIR_LANG": "en"}
MI, KOPI, SPHP = "2000000000107", "2000000000121", "2000000000015"
ROOT = Path(__file__).resolve().parents[1]
TABLES = ("members", "items", "journal_entries", "sales", "sale_returns", "purchases",
          "stock_counts", "shifts", "savings_tx")

kasir = functools.partial(cli_support.kasir, password=PASSWORD)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    return cli_support.demo_file(tmp_path_factory.mktemp("demo"), PASSWORD, members=20,
                                 months=2, seed=4)


@pytest.fixture
def db(demo_template, tmp_path) -> str:
    return cli_support.copy_of(demo_template, tmp_path)


def sql(path: str, query: str, *params) -> list[tuple]:
    conn = std_sqlite.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def counts(path: str) -> dict[str, int]:
    return {t: sql(path, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def ok(*args: str, **kw):
    done = kasir(*args, **kw)
    assert done.returncode == 0, done.stderr
    return done


def js(*args: str, **kw):
    return json.loads(ok(*args, "--json", **kw).stdout)


def refused(done, *words: str) -> None:
    """Exit 1, an Indonesian message with ``words`` on stderr, no traceback, nothing on stdout."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "kesalahan tak terduga" not in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr
    assert done.stdout == ""


def open_shift(db: str, till: str = "8", *extra: str) -> None:
    ok("shift", "open", "--till", till, "--float", "100000", "--db", db, "--user", "kasir", *extra)


def supplier(db: str) -> str:
    return js("supplier", "list", "--db", db)[0]["name"]


# ---- Excel's encodings ------------------------------------------------------------------

def test_excel_cp1252_and_bom_files_are_read_by_every_command(db, tmp_path):
    def write(name: str, text: str, encoding: str = "cp1252") -> str:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)

    nik = make_nik(gender="P")
    members = write("anggota.csv", f"nik,name,gender,join_date\r\n{nik},Siti Ma’rufah,P,2025-05-02\r\n")
    ok("member", "import", members, "--db", db, "--user", "bendahara")
    assert sql(db, "SELECT name FROM members WHERE nik = ?", nik) == [("Siti Ma’rufah",)]

    bom = write("anggota-bom.csv", f"nik,name,gender\n{make_nik()},Ahmad “Acong”,L\n", "utf-8-sig")
    ok("member", "import", bom, "--db", db, "--user", "bendahara")
    assert sql(db, "SELECT count(*) FROM members WHERE name = 'Ahmad “Acong”'") == [(1,)]

    catalogue = write("barang.csv", "name,category,unit,base_unit,unit_size,member_price,"
                      "nonmember_price,barcodes\nKopi ‘Kapal’ 65 g,minuman,bungkus,g,65,6000,6500,"
                      "2000000000992\n")
    ok("item", "import", catalogue, "--db", db, "--user", "bendahara")
    assert sql(db, "SELECT count(*) FROM items WHERE name = 'Kopi ‘Kapal’ 65 g'") == [(1,)]

    entry = write("jurnal.json", json.dumps({"date": "2025-05-20", "memo": "Bayar listrik – Mei",
                                             "lines": [{"account": "6-1200", "debit": 1000},
                                                       {"account": "1-1100", "credit": 1000}]},
                                            ensure_ascii=False))
    posted = js("ledger", "post", entry, "--db", db, "--user", "bendahara")["entry"]
    assert sql(db, "SELECT memo FROM journal_entries WHERE id = ?", posted) == \
        [("Bayar listrik – Mei",)]

    open_shift(db)
    cart = write("keranjang.json", json.dumps({"lines": [{"item": MI, "quantity": 1}],
                                               "payment": "noncash", "reference": "QRIS – 0042"},
                                              ensure_ascii=False))
    sale = js("sale", "checkout", cart, "--till", "8", "--db", db, "--user", "kasir")
    assert sql(db, "SELECT reference FROM sales WHERE id = ?", sale["id"]) == [("QRIS – 0042",)]

    delivery = write("kiriman.json", json.dumps({"supplier": supplier(db), "invoice": "INV–0425",
                                                 "lines": [{"item": KOPI, "quantity": 2,
                                                            "cost": 26000}]}, ensure_ascii=False))
    bought = js("purchase", "record", delivery, "--db", db, "--user", "bendahara")
    assert bought["invoice"] == "INV–0425"

    on_hand = {i["barcodes"][0]: i["units_on_hand"] for i in js("item", "list", "--db", db)}
    count = write("opname.csv", f"item,name,counted\n{KOPI},Kopi bubuk ‘165 g’,{on_hand[KOPI]}\n")
    counted = js("stock", "count", count, "--db", db, "--user", "bendahara")
    assert len(counted["lines"]) == 1


def test_other_encodings_are_refused_and_nothing_is_written(db, tmp_path):
    before = counts(db)
    row = f"nik,name,gender\n{make_nik()},Siti,P\n"
    cases = {"utf16.csv": b"\xff\xfe" + row.encode("utf-16-le"),
             "sheet.csv": b"PK\x03\x04\x14\x00\x00\x00" + row.encode(),  # an .xlsx renamed
             "odd.csv": row.replace("Siti", "S\x81ti").encode("latin-1")}  # not cp1252 either
    for name, raw in cases.items():
        (tmp_path / name).write_bytes(raw)
        done = kasir("member", "import", str(tmp_path / name), "--db", db, "--user", "bendahara")
        refused(done, "CSV UTF-8", name)
    cart = tmp_path / "cart.json"
    cart.write_bytes('{"lines": []}'.encode("utf-16"))
    refused(kasir("sale", "checkout", str(cart), "--db", db, "--user", "kasir"), "CSV UTF-8")
    assert counts(db) == before


# ---- unknown fields and bad JSON ---------------------------------------------------------

def test_unknown_fields_are_refused_by_name_and_nothing_is_posted(db, tmp_path):
    open_shift(db)
    before = counts(db)
    given = tmp_path / "file.json"

    def run(command: list[str], data) -> subprocess.CompletedProcess:
        given.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return kasir(*command, str(given), "--db", db, env=EN)

    sale = ["sale", "checkout", "--till", "8", "--user", "kasir"]
    refused(run(sale, {"lines": [{"item": MI, "quantity": 1, "price": 1}]}),
            "Unknown fields in line 1", "price")
    refused(run(sale, {"lines": [{"item": MI, "quantity": 1}], "diskon": 5000}),
            "Unknown fields in the cart file: diskon")
    refused(run(sale, f"item,quantity,price\n{MI},1,1\n"), "Unknown fields in the cart file: price")
    entry = {"date": "2025-05-20", "memo": "Listrik", "approved_by": "ketua",
             "lines": [{"account": "6-1200", "debit": 100}, {"account": "1-1100", "credit": 100}]}
    refused(run(["ledger", "post", "--user", "bendahara"], entry), "approved_by")
    entry = {"date": "2025-05-20", "memo": "Listrik", "lines": [
        {"account": "6-1200", "debit": 100, "tax": 11}, {"account": "1-1100", "credit": 100}]}
    refused(run(["ledger", "post", "--user", "bendahara"], entry), "line 1", "tax")
    delivery = {"supplier": supplier(db), "lines": [{"item": KOPI, "quantity": 1, "cost": 1,
                                                     "discount": 500}]}
    refused(run(["purchase", "record", "--user", "bendahara"], delivery), "discount")
    refused(run(["purchase", "record", "--user", "bendahara"], {**delivery, "lines": [
        {"item": KOPI, "quantity": 1, "cost": 1}], "ppn": 11}), "ppn")
    refused(run(["stock", "count", "--user", "bendahara"], f"item,counted,price\n{KOPI},1,5\n"),
            "price")
    assert counts(db) == before


def test_bad_json_is_told_by_line_and_column_in_indonesian(db, tmp_path):
    before = counts(db)
    broken = tmp_path / "rusak.json"
    broken.write_text('{"lines": [\n  {"item": "1", "quantity": 2,}\n]}', encoding="utf-8")
    for command in (["sale", "checkout", "--user", "kasir"], ["ledger", "post", "--user", "bendahara"],
                    ["purchase", "record", "--user", "bendahara"]):
        done = kasir(*command, str(broken), "--db", db)
        refused(done, "bukan JSON yang sah: baris 2, kolom 31")
        assert "Expecting" not in done.stderr and "delimiter" not in done.stderr
    not_an_object = tmp_path / "daftar.json"
    not_an_object.write_text("[1, 2]", encoding="utf-8")
    refused(kasir("ledger", "post", str(not_an_object), "--db", db, "--user", "bendahara"),
            "objek JSON")
    assert counts(db) == before


# ---- tracebacks seen ---------------------------------------------------------------------

def test_export_into_a_missing_folder_says_so_in_indonesian(db, tmp_path):
    out = tmp_path / "tidak-ada" / "jurnal.ledger"
    done = kasir("export", "--db", db, "--format", "ledger", "--out", str(out))
    refused(done, str(out), "tidak ada")
    assert "No such file" not in done.stderr and not out.parent.exists()


def test_a_closed_pipe_ends_the_command_quietly(db):
    for args in (("member", "list", "--db", db, "--json"), ("export", "--db", db, "--format",
                                                           "ledger")):
        reader_gone = subprocess.Popen([sys.executable, "-m", "kasir", *args],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reader_gone.stdout.close()  # as `| head -1` does once it has its line
        err = reader_gone.stderr.read().decode()
        assert reader_gone.wait(timeout=60) == 141, err
        assert err == ""
    shell = subprocess.run(["sh", "-c", f"{shlex.quote(sys.executable)} -m kasir ledger account "
                            f"1-1100 --from 2020-01-01 --to 2030-12-31 --db {shlex.quote(db)} "
                            "--json | head -1"], capture_output=True, text=True, timeout=60)
    assert shell.stdout == "{\n" and shell.stderr == ""


def test_an_os_error_anywhere_is_said_in_words_with_its_path(db, tmp_path):
    out = tmp_path / "laporan.pdf"
    out.mkdir()  # a folder where the PDF should go
    done = kasir("monthly-pack", "--period", "2025-04", "--out", str(out), "--db", db)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(out) in done.stderr and "Is a directory" not in done.stderr


# ---- argparse and help in Indonesian -------------------------------------------------------

def test_argparse_refusals_are_indonesian():
    not_a_number = kasir("member", "list", "--limit", "sepuluh")
    assert not_a_number.returncode == 2
    assert "--limit: 'sepuluh' bukan bilangan bulat" in not_a_number.stderr
    assert "invalid int value" not in not_a_number.stderr
    no_value = kasir("member", "list", "--limit")
    assert no_value.returncode == 2 and "--limit harus diikuti sebuah nilai" in no_value.stderr
    assert "expected one argument" not in no_value.stderr


def test_file_formats_in_help_are_translated():
    sale = ok("sale", "--help").stdout
    assert "File keranjang berformat JSON" in sale and "A cart file is JSON" not in sale
    assert '"lines": [{"item": "2000000000015", "quantity": 2}' in sale
    assert "File keranjang berformat JSON" in ok("sale", "checkout", "--help").stdout
    purchase = ok("purchase", "record", "--help").stdout
    assert "membaca satu kiriman barang" in purchase and "reads one delivery" not in purchase
    entry = ok("ledger", "post", "--help").stdout
    assert "membaca satu jurnal manual" in entry and "reads one manual entry" not in entry
    assert "A cart file is JSON" in ok("sale", "--help", env=EN).stdout


def test_member_import_errors_go_to_stderr(db, tmp_path):
    before = counts(db)
    bad = tmp_path / "anggota.csv"
    bad.write_text(f"nik,name,gender\n{make_nik()},Siti,P\n12345,Budi,L\n", encoding="utf-8")
    done = kasir("member", "import", str(bad), "--db", db, "--user", "bendahara")
    assert done.returncode == 1 and done.stdout == ""
    assert "baris 3" in done.stderr and "Traceback" not in done.stderr
    assert counts(db) == before


def test_a_managed_account_refusal_has_no_english_left(db, tmp_path):
    entry = tmp_path / "jurnal.json"
    entry.write_text(json.dumps({"date": "2025-05-20", "memo": "Koreksi stok", "lines": [
        {"account": "1-1400", "debit": 100}, {"account": "1-1100", "credit": 100}]}),
        encoding="utf-8")
    done = kasir("ledger", "post", str(entry), "--db", db, "--user", "bendahara")
    refused(done, "1-1400")
    assert "catatan stock" not in done.stderr


# ---- dates, items, README ----------------------------------------------------------------

def test_return_and_shift_open_and_close_take_a_date(db, tmp_path):
    day = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    shift = js("shift", "open", "--till", "8", "--float", "100000", "--date", day, "--db", db,
               "--user", "kasir")
    assert sql(db, "SELECT date FROM shifts WHERE id = ?", shift["shift"]) == [(day,)]
    cart = tmp_path / "cart.json"
    cart.write_text(json.dumps({"lines": [{"item": MI, "quantity": 2}]}), encoding="utf-8")
    sale = js("sale", "checkout", str(cart), "--till", "8", "--date", day, "--tendered", "10000",
              "--db", db, "--user", "kasir")
    back = js("sale", "return", sale["receipt"], "--line", "1=1", "--date", day, "--db", db,
              "--user", "bendahara")
    assert sql(db, "SELECT date FROM sale_returns WHERE id = ?", back["return"]) == [(day,)]
    js("shift", "close", "--till", "8", "--count", "100000=1", "--date", day, "--db", db,
       "--user", "kasir")  # short by the cash sale less the refund: a difference is posted
    assert sql(db, "SELECT e.date FROM shifts s JOIN journal_entries e ON e.id = s.entry_id"
                   " WHERE s.id = ?", shift["shift"]) == [(day,)]


def test_item_list_shows_barcodes_and_the_het_in_force(db):
    listed = {i["name"]: i for i in js("item", "list", "--db", db)}
    sphp = listed["Beras SPHP 5 kg"]
    assert SPHP in sphp["barcodes"] and sphp["het"] == 62_500  # Rp12.500/kg × 5 kg, zone 1
    assert listed["Mi instan goreng"]["het"] is None and listed["Mi instan goreng"]["barcodes"]
    text = ok("item", "list", "--db", db).stdout
    line = next(row for row in text.splitlines() if "Beras SPHP" in row)
    assert SPHP in line and "Rp62.500" in line


def readme_commands() -> list[list[str]]:
    """Every ``kasir …`` line of the README's shell examples, joined across ``\\``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for command in block.replace("\\\n", " ").splitlines():
            words = shlex.split(command, comments=True)
            if words and words[0] == "kasir":
                found.append(words[1:])
    return found


def test_the_readme_s_examples_are_commands_kasir_knows():
    from kasir.cli import build_parser

    commands = readme_commands()
    assert len(commands) > 30 and ["user", "list"] in [c[:2] for c in commands]
    for words in commands:
        try:
            build_parser().parse_args(words)
        except SystemExit as exc:  # argparse's refusal (the shortcuts are not used here)
            if exc.code:
                pytest.fail(f"README: kasir {' '.join(words)} (exit {exc.code})")
