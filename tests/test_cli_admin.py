"""Administration from the command line: backup and restore signed in and audited, the chain
head beside every backup, pruning and stale temporary files, ``kasir user`` and ``kasir
profile``.

Every test runs the real ``kasir`` in a subprocess on its own copy of a small demo co-op
(users admin, ketua, bendahara, kasir and pengawas, all with PASSWORD), and reads the file
afterwards with plain SQLite where the proof is in the file.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sqlite3 as std_sqlite
import time
from pathlib import Path

import cli_support
import pytest
from kill_support import run_and_kill

PASSWORD = "demo-password-1"
NEW_PASSWORD = "Sawah hijau di tepi desa"
EN = {"KASIR_LANG": "en"}

kasir = functools.partial(cli_support.kasir, password=PASSWORD)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    return cli_support.demo_file(tmp_path_factory.mktemp("demo"), PASSWORD, members=20,
                                 months=2, seed=3)


@pytest.fixture
def db(demo_template, tmp_path) -> str:
    return cli_support.copy_of(demo_template, tmp_path)


def sql(path: str | Path, query: str, *params) -> list[tuple]:
    conn = std_sqlite.connect(str(path))
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def last_audit(path: str | Path) -> tuple:
    return sql(path, "SELECT seq, username, action, subject, detail, prev_hash, hash FROM audit_log"
                     " ORDER BY seq DESC LIMIT 1")[0]


def audited(path: str | Path, action: str) -> list[tuple]:
    return sql(path, "SELECT username, subject, detail FROM audit_log WHERE action = ?"
                     " ORDER BY seq", action)


def ok(*args: str, **kw):
    done = kasir(*args, **kw)
    assert done.returncode == 0, done.stderr
    return done


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite")) if folder.is_dir() else []


# ---- backup ------------------------------------------------------------------------------

def test_backup_needs_a_signed_in_user_allowed_to_and_is_audited(db, tmp_path):
    folder = tmp_path / "usb"
    anonymous = kasir("backup", "--db", db, "--to", str(folder))
    assert anonymous.returncode == 2 and "--user" in anonymous.stderr
    cashier = kasir("backup", "--db", db, "--to", str(folder), "--user", "kasir", env=EN)
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    assert "Traceback" not in cashier.stderr
    assert backups_in(folder) == [] and audited(db, "backup") == []

    done = ok("backup", "--db", db, "--to", str(folder), "--user", "bendahara", "--json")
    made = Path(json.loads(done.stdout)["backup"])
    assert backups_in(folder) == [made]
    [(who, subject, detail)] = audited(db, "backup")
    assert who == "bendahara" and subject == f"file:{made.name}"
    assert json.loads(detail)["file"] == str(made)


def test_a_head_beside_every_backup_names_the_copy_s_last_audit_record(db, tmp_path):
    folder = tmp_path / "bk"
    made = Path(json.loads(ok("backup", "--db", db, "--to", str(folder), "--user", "ketua",
                              "--json").stdout)["backup"])
    head_file = made.with_name(made.name + ".head")
    text = head_file.read_text(encoding="utf-8")
    assert text.endswith("\n") and text.count("\n") == 1  # one line of JSON
    head = json.loads(text)
    assert list(head) == ["coop_uid", "seq", "hash", "at"]
    seq, digest, at = sql(made, "SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    [(uid,)] = sql(db, "SELECT value FROM meta WHERE key = 'coop_uid'")
    assert head == {"coop_uid": uid, "seq": seq, "hash": digest, "at": at}
    assert re.fullmatch(r"[0-9a-f]{64}", head["hash"])
    # the co-op file itself went on past the copy: its backup record follows the copied head
    assert sql(db, "SELECT prev_hash FROM audit_log WHERE seq = ?", seq + 1) == [(digest,)]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left


def test_backup_to_an_existing_file_is_refused_in_indonesian(db, tmp_path):
    not_a_folder = tmp_path / "catatan.txt"
    not_a_folder.write_text("bukan folder", encoding="utf-8")
    done = kasir("backup", "--db", db, "--to", str(not_a_folder), "--user", "bendahara")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "bukan folder" in done.stderr and "File exists" not in done.stderr
    inside = kasir("backup", "--db", db, "--to", str(not_a_folder / "sub"), "--user", "bendahara")
    assert inside.returncode == 1 and "Traceback" not in inside.stderr
    assert "bukan folder" in inside.stderr and "Not a directory" not in inside.stderr
    assert not_a_folder.read_text(encoding="utf-8") == "bukan folder"


def test_backups_of_a_dashed_name_are_pruned_with_their_heads(demo_template, tmp_path):
    dashed, plain = tmp_path / "kop-desa.sqlite", tmp_path / "kop.sqlite"
    shutil.copy(demo_template, dashed)
    shutil.copy(demo_template, plain)
    folder = tmp_path / "backups"  # the default: backups/ beside the file, shared by both
    ok("backup", "--db", str(plain), "--user", "bendahara")
    for _ in range(4):
        ok("backup", "--db", str(dashed), "--user", "bendahara", "--keep", "2")
    kept = [p.name for p in backups_in(folder) if p.name.startswith("kop-desa-")]
    assert len(kept) == 2
    assert len([p for p in backups_in(folder) if re.match(r"kop-\d", p.name)]) == 1  # kop's own
    heads = sorted(p.name for p in folder.glob("*.head"))
    assert heads == sorted(p.name + ".head" for p in backups_in(folder))  # no orphan, none missing


KILLED_BACKUP = """
import sys, time
from kasir.db import backup, open_coop

def stuck(path):  # the copy is written; the process dies before it is verified and renamed
    print("copied", flush=True)
    time.sleep(600)

backup.verify = stuck
backup.make_backup(open_coop(sys.argv[1]), sys.argv[2], stem="koperasi")
"""


def test_temporary_files_of_a_killed_backup_are_cleaned_once_stale(db, tmp_path):
    folder = Path(db).parent / "backups"
    run_and_kill(KILLED_BACKUP, [db, str(folder)], delay=0)
    [left] = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert left.name.startswith(".koperasi-") and backups_in(folder) == []
    other = folder / ".catatan-saya.tmp"  # not kasir's naming: never touched
    other.write_text("x", encoding="utf-8")
    orphan = folder / "koperasi-20240101-000000-000000.sqlite.head"  # a head without its backup
    orphan.write_text("{}\n", encoding="utf-8")

    ok("backup", "--db", db, "--user", "bendahara")
    assert left.exists() and orphan.exists()  # young: perhaps a backup still at work

    old = time.time() - 11 * 60
    for path in (left, other, orphan):
        os.utime(path, (old, old))
    ok("backup", "--db", db, "--user", "bendahara")
    assert not left.exists() and not orphan.exists()
    assert other.exists()
    assert len(backups_in(folder)) == 2


# ---- restore -----------------------------------------------------------------------------

def _sukarela_total(db: str) -> int:
    done = ok("savings", "balance", "--db", db, "--json")
    return json.loads(done.stdout)["sukarela"]


def _deposit(db: str, amount: str) -> None:
    ok("savings", "deposit", "--db", db, "--user", "bendahara", "--member", "1", "--kind",
       "sukarela", "--amount", amount, "--date", "2025-05-30")


def test_restore_is_the_administrator_s_and_its_record_survives_it(db, tmp_path):
    made = Path(json.loads(ok("backup", "--db", db, "--to", str(tmp_path / "bk"), "--user",
                              "bendahara", "--json").stdout)["backup"])
    head = json.loads(made.with_name(made.name + ".head").read_text(encoding="utf-8"))
    before = _sukarela_total(db)
    _deposit(db, "777000")
    assert _sukarela_total(db) == before + 777_000

    for user, password, words in (("bendahara", PASSWORD, "may not"),
                                  ("admin", "not-the-password", "Wrong user name or password")):
        refused = kasir("restore", str(made), "--db", db, "--user", user, "--yes",
                        password=password, env=EN)
        assert refused.returncode == 1 and words in refused.stderr, refused.stderr
        assert _sukarela_total(db) == before + 777_000  # nothing was restored
        assert not list(Path(db).parent.glob("koperasi.sqlite.replaced-*"))
    anonymous = kasir("restore", str(made), "--db", db, "--yes")
    assert anonymous.returncode == 2

    replaced_head = last_audit(db)
    ok("restore", str(made), "--db", db, "--user", "admin", "--yes")
    assert _sukarela_total(db) == before
    seq, who, action, subject, detail, prev_hash, _hash = last_audit(db)
    assert (who, action, subject) == ("admin", "restore", f"file:{made.name}")
    # the restored file's chain goes on from the backup's last record
    assert (seq, prev_hash) == (head["seq"] + 1, head["hash"])
    said = json.loads(detail)
    assert said["signed_in_on"] == "replaced file"
    # ... and names the chain it replaced (which ended with that refused admin's sign-in)
    assert said["replaced"]["seq"] >= replaced_head[0]
    checked = kasir("check", "--db", db, "--json")
    assert checked.returncode == 0, checked.stdout
    [aside] = Path(db).parent.glob("koperasi.sqlite.replaced-*")
    assert sql(aside, "SELECT count(*) FROM audit_log WHERE action = 'restore'") == [(0,)]


def test_restore_over_a_damaged_file_signs_in_against_the_backup(db, tmp_path):
    made = Path(json.loads(ok("backup", "--db", db, "--to", str(tmp_path / "bk"), "--user",
                              "bendahara", "--json").stdout)["backup"])
    ok("savings", "balance", "--db", db)  # leaves the file closed cleanly
    for side in ("-wal", "-shm"):
        Path(db + side).unlink(missing_ok=True)
    Path(db).write_bytes(b"this is no longer a database" * 200)
    damaged = Path(db).read_bytes()

    treasurer = kasir("restore", str(made), "--db", db, "--user", "bendahara", "--yes", env=EN)
    assert treasurer.returncode == 1 and "may not" in treasurer.stderr
    assert Path(db).read_bytes() == damaged and not list(tmp_path.glob(".koperasi*"))

    ok("restore", str(made), "--db", db, "--user", "admin", "--yes")
    seq, who, action, _subject, detail, _prev, _hash = last_audit(db)
    assert (who, action, json.loads(detail)["signed_in_on"]) == ("admin", "restore", "backup")
    assert sql(db, "SELECT username, action FROM audit_log WHERE seq = ?", seq - 1) == \
        [("admin", "login")]  # the sign-in against the backup's users is in the restored file
    assert kasir("check", "--db", db).returncode == 0


# ---- users -------------------------------------------------------------------------------

def users_of(db: str) -> dict[str, dict]:
    return {u["username"]: u for u in json.loads(ok("user", "list", "--db", db, "--json").stdout)}


def test_user_add_list_role_deactivate(db):
    new = {"KASIR_NEW_PASSWORD": NEW_PASSWORD}
    not_admin = kasir("user", "add", "kasir2", "--role", "kasir", "--db", db, "--user", "bendahara",
                      env={**new, **EN})
    assert not_admin.returncode == 1 and "may not" in not_admin.stderr
    short = kasir("user", "add", "kasir2", "--role", "kasir", "--db", db, "--user", "admin",
                  env={"KASIR_NEW_PASSWORD": "pendek", **EN})
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    no_password = kasir("user", "add", "kasir2", "--role", "kasir", "--db", db, "--user", "admin",
                        env=EN)
    assert no_password.returncode == 1 and "KASIR_NEW_PASSWORD" in no_password.stderr
    assert "kasir2" not in users_of(db)

    added = json.loads(ok("user", "add", "kasir2", "--role", "kasir", "--full-name", "Wati",
                          "--db", db, "--user", "admin", "--json", env=new).stdout)
    assert added == {"username": "kasir2", "full_name": "Wati", "role": "kasir", "active": True}
    assert users_of(db)["kasir2"]["role"] == "kasir"
    shift = kasir("shift", "open", "--till", "7", "--db", db, "--user", "kasir2", "--json",
                  password=NEW_PASSWORD)
    assert shift.returncode == 0, shift.stderr  # the new user signs in and works

    ok("user", "role", "kasir2", "bendahara", "--db", db, "--user", "admin")
    assert users_of(db)["kasir2"]["role"] == "bendahara"
    ok("user", "deactivate", "kasir2", "--db", db, "--user", "admin")
    assert users_of(db)["kasir2"]["active"] is False
    locked_out = kasir("shift", "close", "--till", "7", "--db", db, "--user", "kasir2",
                       password=NEW_PASSWORD, env=EN)
    assert locked_out.returncode == 1 and "Wrong user name or password" in locked_out.stderr
    ok("user", "activate", "kasir2", "--db", db, "--user", "admin")
    assert users_of(db)["kasir2"]["active"] is True

    last_admin = kasir("user", "deactivate", "admin", "--db", db, "--user", "admin", env=EN)
    assert last_admin.returncode == 1 and "last active administrator" in last_admin.stderr
    actions = [a for (a,) in sql(db, "SELECT action FROM audit_log WHERE action LIKE 'user.%'"
                                     " AND username = 'admin' ORDER BY seq")]
    assert actions[-4:] == ["user.create", "user.role", "user.active", "user.active"]
    text = ok("user", "list", "--db", db).stdout
    assert "kasir2" in text and "Bendahara" in text


def test_user_password_reset_by_admin_and_changed_by_oneself(db):
    new = {"KASIR_NEW_PASSWORD": NEW_PASSWORD}
    other = kasir("user", "password", "ketua", "--db", db, "--user", "bendahara", env={**new, **EN})
    assert other.returncode == 1 and "may not" in other.stderr
    ok("user", "password", "ketua", "--db", db, "--user", "admin", env=new)
    old = kasir("close-month", "2025-04", "--db", db, "--user", "ketua", env=EN)
    assert old.returncode == 1 and "Wrong user name or password" in old.stderr
    ok("close-month", "2025-04", "--db", db, "--user", "ketua", password=NEW_PASSWORD)
    ok("user", "password", "--db", db, "--user", "bendahara", env=new)  # one's own
    deposit = kasir("savings", "deposit", "--db", db, "--user", "bendahara", "--member", "1",
                    "--kind", "sukarela", "--amount", "1000", "--date", "2025-05-30",
                    password=NEW_PASSWORD)
    assert deposit.returncode == 0, deposit.stderr
    assert [a for (a,) in sql(db, "SELECT action FROM audit_log WHERE action LIKE"
                                  " 'user.password%' ORDER BY seq")] == \
        ["user.password_reset", "user.password"]


# ---- profile -----------------------------------------------------------------------------

def profile_of(db: str) -> dict:
    return json.loads(ok("profile", "show", "--db", db, "--json").stdout)


def test_profile_show(db):
    shown = profile_of(db)
    assert sum(shown["shu"].values()) == 10_000
    assert shown["settings"]["jasa_modal_basis"] == "average"
    assert shown["profile"]["pokok_amount"] > 0
    text = ok("profile", "show", "--db", db).stdout
    assert "cadangan" in text and "100%" in text


def test_profile_set_saves_everything_given_or_nothing(db):
    before = profile_of(db)
    seals = len(sql(db, "SELECT seq FROM audit_log"))
    partial = kasir("profile", "set", "--db", db, "--user", "ketua", "--wajib", "30.000",
                    "--shu", "cadangan=35", env=EN)
    assert partial.returncode == 1 and "add up to 95%" in partial.stderr
    assert profile_of(db) == before  # not even the wajib amount was kept
    assert not sql(db, "SELECT seq FROM audit_log WHERE seq > ? AND action LIKE 'profile%'", seals)
    cashier = kasir("profile", "set", "--db", db, "--user", "kasir", "--wajib", "30000", env=EN)
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    unknown = kasir("profile", "set", "--db", db, "--user", "ketua", "--shu", "bonus=5", env=EN)
    assert unknown.returncode == 1 and "There is no SHU share bonus" in unknown.stderr
    nothing = kasir("profile", "set", "--db", db, "--user", "ketua")
    assert nothing.returncode == 2
    assert profile_of(db) == before

    done = json.loads(ok("profile", "set", "--db", db, "--user", "ketua", "--wajib", "30.000",
                         "--shu", "cadangan=35", "--shu", "sosial=10", "--jasa-modal-basis",
                         "year_end", "--jasa-modal-kinds", "pokok,wajib,sukarela",
                         "--json").stdout)
    assert done == profile_of(db)
    assert done["profile"]["wajib_amount"] == 30_000
    assert (done["shu"]["cadangan"], done["shu"]["sosial"]) == (3500, 1000)
    assert done["settings"]["jasa_modal_basis"] == "year_end"
    assert done["settings"]["jasa_modal_kinds"] == "pokok,wajib,sukarela"
    assert json.loads(ok("shu", "compute", "--year", "2025", "--db", db,
                         "--json").stdout)["basis"] == "year_end"
    actions = [a for (a,) in sql(db, "SELECT action FROM audit_log WHERE seq > ? ORDER BY seq",
                                 seals)]
    assert {"profile.update", "profile.shu_allocation", "settings.update"} <= set(actions)
