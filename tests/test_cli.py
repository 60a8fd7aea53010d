"""The command line as a script uses it: exit codes, stdout/stderr, --json, --user.

Runs the real ``kasir`` entry point in a subprocess where the process boundary matters
(exit codes, streams, no traceback), on a small demo co-op copied per test.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3 as std_sqlite
import subprocess
from pathlib import Path

import cli_support
import pytest

PASSWORD = "demo-password-1"
EN = {"KASIR_LANG": "en"}


kasir = functools.partial(cli_support.kasir, password=PASSWORD)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    return cli_support.demo_file(tmp_path_factory.mktemp("demo"), PASSWORD, members=30,
                                 months=3, seed=5)


@pytest.fixture
def db(demo_template, tmp_path) -> str:
    return cli_support.copy_of(demo_template, tmp_path)


def test_usage_errors_exit_2(db):
    assert kasir("member", "list", "--db", db, "--bogus").returncode == 2
    assert kasir("savings", "deposit", "--db", db, "--member", "1", "--kind", "wajib",
                 "--amount", "5").returncode == 2  # --user missing
    assert kasir().returncode == 2


def test_refused_input_exits_1_with_a_message_and_no_traceback(db):
    done = kasir("member", "add", "--db", db, "--user", "bendahara", "--nik", "123",
                 "--name", "Budi", "--gender", "L", env=EN)
    assert done.returncode == 1
    assert "16 digits" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_lang_option_works_before_or_after_the_command(db):
    for args in (("--lang", "en", "member", "show", "99999", "--db", db),
                 ("member", "show", "99999", "--db", db, "--lang=en")):
        done = kasir(*args)
        assert done.returncode == 1 and "There is no member number 99999" in done.stderr


def test_messages_are_indonesian_by_default(db):
    done = kasir("member", "add", "--db", db, "--user", "bendahara", "--nik", "123",
                 "--name", "Budi", "--gender", "L")
    assert done.returncode == 1
    assert "16 digits" not in done.stderr and "16" in done.stderr


def test_member_add_json_and_list(db):
    done = kasir("member", "add", "--db", db, "--user", "bendahara", "--nik", "3507015708900001",
                 "--name", "Siti Rahayu", "--gender", "P", "--join-date", "2025-05-02", "--json")
    assert done.returncode == 0, done.stderr
    added = json.loads(done.stdout)
    assert added["name"] == "Siti Rahayu" and added["status"] == "active"
    found = json.loads(kasir("member", "list", "--db", db, "--search", "siti rah", "--json").stdout)
    assert [m["number"] for m in found] == [added["number"]]


def test_savings_deposit_withdraw_balance(db):
    number = json.loads(kasir("member", "list", "--db", db, "--json", "--active").stdout)[0]["number"]
    before = json.loads(kasir("savings", "balance", "--db", db, "--member", number, "--json").stdout)
    done = kasir("savings", "deposit", "--db", db, "--user", "bendahara", "--member", number,
                 "--kind", "sukarela", "--amount", "150.000", "--date", "2025-05-20", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["balance"] == before["sukarela"] + 150_000
    too_much = kasir("savings", "withdraw", "--db", db, "--user", "bendahara", "--member", number,
                     "--amount", str(before["sukarela"] + 150_001), "--date", "2025-05-21", env=EN)
    assert too_much.returncode == 1 and "cannot be withdrawn" in too_much.stderr
    pokok = kasir("savings", "withdraw", "--db", db, "--user", "bendahara", "--member", number,
                  "--kind", "pokok", "--amount", "1000", "--date", "2025-05-21", env=EN)
    assert pokok.returncode == 1 and "while the person is a member" in pokok.stderr
    after = json.loads(kasir("savings", "balance", "--db", db, "--member", number, "--json").stdout)
    assert after["sukarela"] == before["sukarela"] + 150_000


def test_kasir_role_cannot_withdraw_and_wrong_password_is_refused(db):
    number = json.loads(kasir("member", "list", "--db", db, "--json").stdout)[0]["number"]
    done = kasir("savings", "withdraw", "--db", db, "--user", "kasir", "--member", number,
                 "--amount", "1000", env=EN)
    assert done.returncode == 1 and "may not" in done.stderr
    wrong = kasir("member", "add", "--db", db, "--user", "bendahara", "--nik", "3507015708900001",
                  "--name", "X", "--gender", "P", password="not-the-password", env=EN)
    assert wrong.returncode == 1 and "Wrong user name or password" in wrong.stderr
    no_password = kasir("savings", "withdraw", "--db", db, "--user", "bendahara", "--member",
                        number, "--amount", "1000", password=None, env=EN)
    assert no_password.returncode == 1 and "KASIR_PASSWORD" in no_password.stderr


def test_manual_entry_post_reverse_and_trial_balance(db, tmp_path):
    entry = tmp_path / "entry.json"
    entry.write_text(json.dumps({"date": "2025-05-20", "memo": "Bayar listrik Mei", "lines": [
        {"account": "6-1200", "debit": 175000}, {"account": "1-1100", "credit": "175.000"}]}))
    done = kasir("ledger", "post", str(entry), "--db", db, "--user", "bendahara", "--json")
    assert done.returncode == 0, done.stderr
    entry_id = json.loads(done.stdout)["entry"]
    assert kasir("ledger", "reverse", str(entry_id), "--db", db, "--user", "bendahara").returncode == 0
    twice = kasir("ledger", "reverse", str(entry_id), "--db", db, "--user", "bendahara", env=EN)
    assert twice.returncode == 1 and "already reversed" in twice.stderr
    entry.write_text(json.dumps({"date": "2025-05-20", "memo": "Salah", "lines": [
        {"account": "6-1200", "debit": 100}, {"account": "1-1100", "credit": 90}]}))
    unbalanced = kasir("ledger", "post", str(entry), "--db", db, "--user", "bendahara", env=EN)
    assert unbalanced.returncode == 1 and "does not balance" in unbalanced.stderr
    rows = json.loads(kasir("ledger", "trial-balance", "--db", db, "--date", "2025-05-31",
                            "--json").stdout)
    assert {"code", "name", "debit", "credit"} <= set(rows[0])
    assert sum(r["debit"] for r in rows) == sum(r["credit"] for r in rows) > 0


def test_close_month_blocks_postings_into_it(db):
    assert kasir("close-month", "2025-04", "--db", db, "--user", "ketua").returncode == 0
    done = kasir("savings", "deposit", "--db", db, "--user", "bendahara", "--member", "1",
                 "--kind", "sukarela", "--amount", "5000", "--date", "2025-04-30", env=EN)
    assert done.returncode == 1 and "closed" in done.stderr


def test_backup_and_restore(db, tmp_path):
    done = kasir("backup", "--db", db, "--to", str(tmp_path / "bk"), "--user", "bendahara")
    assert done.returncode == 0, done.stderr
    [backup] = list((tmp_path / "bk").glob("*.sqlite"))
    number = json.loads(kasir("member", "list", "--db", db, "--json").stdout)[0]["number"]
    kasir("savings", "deposit", "--db", db, "--user", "bendahara", "--member", number, "--kind",
          "sukarela", "--amount", "777000", "--date", "2025-05-30")
    assert kasir("restore", str(backup), "--db", db, "--user", "admin").returncode == 2  # no --yes
    assert kasir("restore", str(backup), "--db", db, "--user", "admin", "--yes").returncode == 0
    passbook = json.loads(kasir("savings", "passbook", "--db", db, "--member", number,
                                "--json").stdout)
    assert all(r["deposit"] != 777_000 for r in passbook)
    assert list(Path(db).parent.glob("koperasi.sqlite.replaced-*"))


def test_check_passes_then_finds_tampering(db):
    assert kasir("check", "--db", db).returncode == 0
    raw = std_sqlite.connect(db)
    raw.execute("DROP TRIGGER journal_lines_no_update")
    raw.execute("UPDATE journal_lines SET debit = debit + 1 WHERE id = (SELECT min(id) FROM"
                " journal_lines WHERE debit > 0)")
    raw.commit()
    raw.close()
    done = kasir("check", "--db", db, "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert not report["ok"] and report["sqlite_version"]
    assert any(c["findings"] for c in report["checks"])


def test_corrupt_file_is_refused_clearly(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database at all" * 100)
    before = bad.read_bytes()
    done = kasir("member", "list", "--db", str(bad), env=EN)
    assert done.returncode == 1 and "damaged" in done.stderr and "Traceback" not in done.stderr
    assert bad.read_bytes() == before


def test_member_import_is_all_or_nothing(db, tmp_path):
    csv_file = tmp_path / "anggota.csv"
    csv_file.write_text("nik,name,gender,join_date\n3507015708900001,Siti,P,2025-05-01\n"
                        "12345,Budi,L,2025-05-01\n", encoding="utf-8")
    before = len(json.loads(kasir("member", "list", "--db", db, "--json").stdout))
    done = kasir("member", "import", str(csv_file), "--db", db, "--user", "bendahara", "--json")
    assert done.returncode == 1
    assert [e["line"] for e in json.loads(done.stdout)["errors"]] == [3]
    assert len(json.loads(kasir("member", "list", "--db", db, "--json").stdout)) == before
    csv_file.write_text("nik,name,gender,join_date\n3507015708900001,Siti,P,2025-05-01\n"
                        "3507011708900002,Budi,L,2025-05-01\n", encoding="utf-8")
    done = kasir("member", "import", str(csv_file), "--db", db, "--user", "bendahara", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["imported"] == 2


def test_export_matches_trial_balance_under_ledger_cli(db, tmp_path):
    if not shutil.which("ledger"):
        if os.environ.get("CI"):
            pytest.fail("ledger-cli must be installed in CI (.ci/run installs it)")
        pytest.skip("ledger-cli is not installed")
    out = tmp_path / "journal.ledger"
    assert kasir("export", "--db", db, "--format", "ledger", "--out", str(out)).returncode == 0
    shown = subprocess.run(["ledger", "-f", str(out), "balance", "--flat", "--no-total",
                            "--balance-format", "%(account)\t%(quantity(display_total))\n"],
                           capture_output=True, text=True, check=True).stdout
    # accounts sit under their kind's top account: "Aset:1-1100 Kas"
    from_ledger = {line.split("\t")[0].split(":")[-1].split()[0]:
                   int(line.split("\t")[1].replace(",", ""))
                   for line in shown.splitlines() if line.strip()}
    rows = json.loads(kasir("ledger", "trial-balance", "--db", db, "--date", "2099-12-31",
                            "--json").stdout)
    assert from_ledger == {r["code"]: r["debit"] - r["credit"] for r in rows}


def test_demo_is_deterministic(tmp_path):
    def dump(path):
        conn = std_sqlite.connect(path)
        tables = ("members", "savings_tx", "journal_entries", "journal_lines", "closed_periods")
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}

    paths = []
    for name, seed in (("a", "9"), ("b", "9"), ("c", "10")):
        path = tmp_path / f"{name}.sqlite"
        assert kasir("demo", "--db", str(path), "--members", "15", "--months", "4", "--seed", seed,
                     "--end", "2025-03").returncode == 0
        paths.append(path)
    a, b, c = (dump(p) for p in paths)
    assert a == b
    assert a["members"] != c["members"]
    assert len(a["members"]) == 15 and a["closed_periods"]


def test_help_and_usage_errors_speak_indonesian_by_default():
    shown = kasir("member", "add", "--help")
    assert shown.returncode == 0
    assert "cara pakai: kasir member add" in shown.stdout
    assert "options:" not in shown.stdout and "show this help" not in shown.stdout
    wrong = kasir("item", "add", "--base-unit", "kg")
    assert wrong.returncode == 2
    assert "bukan salah satu dari" in wrong.stderr and "invalid choice" not in wrong.stderr
    english = kasir("--lang", "en", "member", "add", "--help")
    assert "usage: kasir member add" in english.stdout and "options:" in english.stdout


@pytest.mark.parametrize(("command", "side"), [
    (("report", "neraca-saldo", "--period", "2025-04"), ""),
    (("report", "neraca-saldo", "--period", "2025-04"), "-wal"),
    (("export", "--format", "ledger"), ""),
    (("export", "--format", "ledger"), "-shm"),
    (("export", "--format", "ledger"), None),  # the file itself, by its own name
])
def test_a_report_or_export_aimed_at_the_coop_file_is_refused(db, tmp_path, command, side):
    """``--out`` naming the co-op file or a working file of it, even through a link with a
    report's suffix, would destroy the books: refused, the file unchanged."""
    target = Path(db)
    if side is not None:
        target = tmp_path / "laporan.csv"
        target.symlink_to(f"{db}{side}")
    before = Path(db).read_bytes()
    done = kasir(*command, "--db", db, "--out", str(target))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "merusak pembukuan" in done.stderr
    assert Path(db).read_bytes() == before
    assert kasir("check", "--db", db).returncode == 0
