"""`kasir check` catches a consistent forgery (issue 9, item C).

Each test takes a copy of one small demo co-op, drops every trigger (names read from
sqlite_schema), makes an edit that keeps the books agreeing with themselves — every check
that existed before the audit chain sealed the content still passes — and runs the real
`kasir check`, which must fail and say what it found and where. A chain rewritten from end
to end passes every check inside the file; it is caught against the head written beside a
backup, typed from the monthly pack (`--head`), and not otherwise.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import cli_support
import pdfplumber
import pytest

from kasir.books import audit, checks, items, ledger, members, profile, stock, suppliers, users
from kasir.db import audit_chain, open_coop, sqlite3
from kasir.db.audit_chain import (
    GENESIS,
    KEYED,
    KEYED_BY_NAME,
    RANGES,
    UNSEALED,
    UNSEALED_COLUMNS,
    key_digest,
    range_digest,
    record_hash,
)

PASSWORD = "demo-password-1"
EN = {"KASIR_LANG": "en"}
kasir = functools.partial(cli_support.kasir, password=PASSWORD)
CONTENT_CHECK = "Every record is as the audit trail sealed it"
HEADS_CHECK = "The audit trail matches its heads kept outside the file"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("forgery") / "demo.sqlite"
    done = kasir("demo", "--db", str(path), "--members", "30", "--months", "4", "--seed", "1",
                 "--end", "2025-04", "--password", PASSWORD)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def db(demo_template, tmp_path) -> Path:
    path = tmp_path / "koperasi.sqlite"
    shutil.copy(demo_template, path)
    return path


def forger(path: Path):
    """A raw connection to the file with every trigger dropped."""
    raw = sqlite3.connect(str(path), isolation_level=None)
    for (name,) in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        raw.execute(f'DROP TRIGGER "{name}"')
    return raw


def check(path: Path, *args: str) -> tuple[int, dict[str, list[str]], dict]:
    """Run `kasir check --json` (in English); (exit code, title -> findings of failed checks, all)."""
    done = kasir("check", "--db", str(path), "--json", *args, env=EN)
    assert "Traceback" not in done.stderr, done.stderr
    data = json.loads(done.stdout)
    failed = {c["title"]: c["findings"] for c in data["checks"] if c["findings"]}
    return done.returncode, failed, data


def caught(path: Path, *args: str) -> list[str]:
    """Check fails on the content seal alone — the forgery fooled every other check — and
    returns what the seal check found."""
    code, failed, _data = check(path, *args)
    assert code == 1
    assert set(failed) == {CONTENT_CHECK}, failed
    return failed[CONTENT_CHECK]


def test_the_untouched_demo_passes_and_prints_its_head(db):
    code, failed, data = check(db)
    assert (code, failed) == (0, {})
    raw = sqlite3.connect(str(db))
    seq, digest = raw.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert data["head"] == f"{seq}:{digest[:16]}"


# ---- the six forgeries -------------------------------------------------------------------------

def _transfer_entry(raw) -> int:
    """A manual two-line entry between Kas and Bank (no sub-ledger hangs on it)."""
    return raw.execute("SELECT e.id FROM journal_entries e WHERE e.origin_type = 'manual'"
                       " AND (SELECT count(*) FROM journal_lines WHERE entry_id = e.id) = 2"
                       " ORDER BY e.id LIMIT 1").fetchone()[0]


def _move_month_totals(raw, entry_id: int, sign: int) -> None:
    """Add (sign 1) or take away (-1) an entry's lines in account_month, as posting did."""
    raw.execute("UPDATE account_month SET debit = debit + ? * l.d, credit = credit + ? * l.c"
                " FROM (SELECT account_id AS a, substr(e.date, 1, 7) AS m, sum(debit) AS d,"
                "       sum(credit) AS c FROM journal_lines JOIN journal_entries e"
                "       ON e.id = entry_id WHERE entry_id = ? GROUP BY 1, 2) AS l"
                " WHERE account_id = l.a AND month = l.m", (sign, sign, entry_id))


def test_both_lines_of_an_entry_and_the_month_totals_changed_together(db):
    raw = forger(db)
    entry = _transfer_entry(raw)
    lines = [r[0] for r in raw.execute("SELECT id FROM journal_lines WHERE entry_id = ? ORDER BY id",
                                       (entry,))]
    _move_month_totals(raw, entry, -1)
    raw.execute("UPDATE journal_lines SET debit = debit + 1000000 * (debit > 0),"
                " credit = credit + 1000000 * (credit > 0) WHERE entry_id = ?", (entry,))
    _move_month_totals(raw, entry, 1)
    record = raw.execute("SELECT seq FROM audit_log WHERE entry_id = ?", (entry,)).fetchone()[0]
    (found,) = caught(db)
    assert found.startswith(f"journal_lines {lines[0]}–{lines[1]}: not what audit record {record}"
                            f" (ledger.post entry:{entry}, ")
    assert found.endswith(" sealed (content changed).")


def test_a_savings_row_moved_to_another_member(db):
    raw = forger(db)
    tx, member, entry = raw.execute("SELECT id, member_id, entry_id FROM savings_tx"
                                    " WHERE kind = 'sukarela' ORDER BY id LIMIT 1").fetchone()
    other = raw.execute("SELECT id FROM members WHERE id <> ? ORDER BY id LIMIT 1",
                        (member,)).fetchone()[0]
    raw.execute("UPDATE savings_tx SET member_id = ? WHERE id = ?", (other, tx))
    raw.execute("UPDATE journal_lines SET member_id = ? WHERE entry_id = ? AND member_id = ?",
                (other, entry, member))
    found = caught(db)
    assert any(f.startswith(f"savings_tx {tx}: not what audit record ") for f in found), found
    assert any(f.startswith("journal_lines ") for f in found), found
    assert all(f"savings:{tx}," in f for f in found), found  # the record of that deposit


def test_a_sale_total_and_one_of_its_lines_lowered_together(db):
    raw = forger(db)
    sale, line = raw.execute("SELECT sale_id, id FROM sale_lines WHERE amount > 1000"
                             " ORDER BY id LIMIT 1").fetchone()
    raw.execute("UPDATE sales SET total = total - 1000 WHERE id = ?", (sale,))
    raw.execute("UPDATE sale_lines SET amount = amount - 1000 WHERE id = ?", (line,))
    found = caught(db)
    assert {f.split(" ")[0] for f in found} == {"sales", "sale_lines"}, found
    assert any(f.startswith(f"sales {sale}: ") for f in found), found
    assert all(f"sale.checkout sale:{sale}," in f for f in found), found


def test_the_last_audit_record_a_month_close_deleted(db):
    raw = forger(db)
    seq, action = raw.execute("SELECT seq, action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "period.close"
    first, last = raw.execute("SELECT min(rowid), max(rowid) FROM closed_periods").fetchone()
    raw.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
    assert caught(db) == [f"closed_periods {first}–{last}: written outside any audit record "
                          "(after the chain's last seal)."]


def test_an_entry_and_its_lines_deleted_with_the_month_totals_adjusted(db):
    raw = forger(db)
    entry = _transfer_entry(raw)
    _move_month_totals(raw, entry, -1)
    raw.execute("DELETE FROM journal_lines WHERE entry_id = ?", (entry,))
    raw.execute("DELETE FROM journal_entries WHERE id = ?", (entry,))
    found = caught(db)
    assert found[0].startswith(f"journal_entries {entry}: not what audit record ")
    assert found[0].endswith("sealed (rows sealed: 1, rows there now: 0).")
    assert found[1].startswith("journal_lines ")
    assert found[1].endswith("sealed (rows sealed: 2, rows there now: 0).")


def test_a_user_made_administrator(db):
    raw = forger(db)
    uid = raw.execute("SELECT id FROM users WHERE username = 'kasir'").fetchone()[0]
    raw.execute("UPDATE users SET role = 'admin' WHERE id = ?", (uid,))
    found = caught(db)
    assert len(found) == 1 and found[0].startswith(f"users {uid} (kasir): not what audit record "), found
    assert f"(user.create user:{uid}," in found[0]


def test_rows_of_a_mutable_table_added_or_removed_behind_the_chain(db):
    raw = forger(db)
    raw.execute("INSERT INTO users (username, role, password_hash, created_at)"
                " VALUES ('tamu', 'admin', 'x', '2025-01-01')")
    raw.execute("DELETE FROM barcodes WHERE code = (SELECT min(code) FROM barcodes)")
    found = caught(db)
    assert any(re.fullmatch(r"users \d+ \(tamu\): written outside any audit record\.", f)
               for f in found), found
    assert any(f.startswith("barcodes ") and f.endswith(", now gone.") for f in found), found


# ---- a chain rewritten from end to end ---------------------------------------------------------

def rewrite_chain(raw) -> None:
    """What a forger with kasir's source can do: seal every record again from the tables as
    they now are, and hash the whole chain again."""
    marks: dict[str, int] = {}
    prev = GENESIS
    by_name = {s.table: s for s in RANGES}
    for seq, *fields, content in raw.execute(
            "SELECT seq, at, user_id, username, action, subject, entry_id, detail, content"
            " FROM audit_log ORDER BY seq").fetchall():
        if content:
            sealed = json.loads(content)
            for table, r in sealed.get("r", {}).items():
                d = range_digest(raw, by_name[table], marks.get(table, 0), r[0])
                r[1:], marks[table] = [d.rows, d.hex()], r[0]
            for table, keys in sealed.get("k", {}).items():
                for key in keys:
                    keys[key] = key_digest(raw, KEYED_BY_NAME[table], key)
            content = json.dumps(sealed, sort_keys=True, separators=(",", ":"))
        digest = record_hash(prev, seq, *fields, content)
        raw.execute("UPDATE audit_log SET content = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    (content, prev, digest, seq))
        prev = digest


def test_a_rewritten_chain_is_caught_against_the_head_beside_a_backup(db):
    done = kasir("backup", "--db", str(db), "--user", "bendahara", env=EN)
    assert done.returncode == 0, done.stderr
    (head_file,) = (db.parent / "backups").glob("*.head")
    head = json.loads(head_file.read_text(encoding="utf-8"))
    raw = forger(db)
    raw.execute("UPDATE users SET role = 'admin' WHERE username = 'kasir'")
    rewrite_chain(raw)
    (db.parent / "backups" / "elsewhere").mkdir()
    shutil.move(head_file, db.parent / "backups" / "elsewhere")  # the outside copy, hidden
    code, failed, _data = check(db)
    assert (code, failed) == (0, {})  # inside the file, nothing shows: hence the outside copy
    shutil.move(db.parent / "backups" / "elsewhere" / head_file.name, head_file)
    code, failed, _data = check(db)
    assert code == 1 and set(failed) == {HEADS_CHECK}, failed
    backup = head_file.name[:-len(".head")]
    assert failed[HEADS_CHECK] == [f"The audit chain was rewritten: record {head['seq']} is not "
                                   f"the one the head beside the backup {backup} recorded."]


def test_a_rewritten_chain_is_caught_against_the_head_on_the_monthly_pack(db, tmp_path):
    pdf = tmp_path / "pack.pdf"
    done = kasir("monthly-pack", "--db", str(db), "--period", "2025-03", "--out", str(pdf))
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(pdf) as doc:
        last_page = doc.pages[-1].extract_text()
    printed = audit.short_head(sqlite3.connect(str(db)))
    assert re.search(rf"\b{printed}\b", last_page), last_page  # under the signatures
    raw = forger(db)
    entry = _transfer_entry(raw)
    _move_month_totals(raw, entry, -1)
    raw.execute("DELETE FROM journal_lines WHERE entry_id = ?", (entry,))
    raw.execute("DELETE FROM journal_entries WHERE id = ?", (entry,))
    rewrite_chain(raw)
    assert check(db)[:2] == (0, {})
    code, failed, _data = check(db, "--head", printed)
    assert code == 1 and set(failed) == {HEADS_CHECK}, failed
    assert failed[HEADS_CHECK] == [f"The audit chain was rewritten: record {printed.split(':')[0]} "
                                   f"is not the one the head {printed} given on the command line "
                                   "recorded."]


def test_a_chain_cut_off_with_the_rows_of_its_last_event_is_caught_against_a_head(db):
    seq, digest = sqlite3.connect(str(db)).execute(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    raw = forger(db)
    raw.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))  # the month close, reopened
    raw.execute("DELETE FROM closed_periods")
    marks = raw.execute("SELECT marks FROM audit_marks").fetchone()[0].split(",")
    raw.execute("UPDATE audit_marks SET marks = ?",
                (",".join(m for m in marks if not m.startswith("closed_periods ")),))
    assert check(db)[:2] == (0, {})
    code, failed, _data = check(db, "--head", f"{seq}:{digest}")
    assert code == 1
    assert failed[HEADS_CHECK] == [f"The audit chain was rewritten or cut off: it ends at record "
                                   f"{seq - 1}, but the head {seq}:{digest[:64]} given on the "
                                   f"command line has record {seq}."]


def test_heads_of_backups_newer_than_a_restored_one_are_named_with_the_restore(db):
    for _ in range(2):
        assert kasir("backup", "--db", str(db), "--user", "bendahara").returncode == 0
    older, newer = sorted((db.parent / "backups").glob("*.sqlite"))
    assert check(db)[:2] == (0, {})
    done = kasir("restore", str(older), "--db", str(db), "--user", "admin", "--yes")
    assert done.returncode == 0, done.stderr
    code, failed, _data = check(db)
    assert code == 1 and set(failed) == {HEADS_CHECK}, failed
    (found,) = failed[HEADS_CHECK]
    assert found.startswith(f"The audit record {json.loads(Path(f'{newer}.head').read_text())['seq']}"
                            f" that the head beside the backup {newer.name} names is not in this "
                            "chain: audit record ")
    assert "(restore file:" in found and "events after the restored backup" in found
    # the advice works: the newer backup kept in another folder, the check passes again
    kept = db.parent / "kept"
    kept.mkdir()
    for made in (newer, Path(f"{newer}.head")):
        made.rename(kept / made.name)
    assert check(db)[:2] == (0, {})


def test_a_malformed_head_is_refused_before_the_file_is_opened(db):
    before = db.read_bytes()
    done = kasir("check", "--db", str(db), "--head", "1234-abc", env=EN)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is not in the form SEQ:HASH" in done.stderr
    assert db.read_bytes() == before and not (db.parent / "backups").exists()


# ---- an old file is sealed by the upgrade -------------------------------------------------------

def make_schema5(path: Path) -> None:
    """Turn a file back into what kasir wrote before schema 6: no seal, no content column,
    the old hashes (the content did not count)."""
    raw = sqlite3.connect(str(path), isolation_level=None)
    for (name,) in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'"
                               " AND name LIKE 'audit_%'").fetchall():
        raw.execute(f'DROP TRIGGER "{name}"')
    raw.execute("DROP TABLE audit_marks")
    raw.execute("DROP TABLE audit_pending")
    prev = GENESIS
    for seq, *fields in raw.execute("SELECT seq, at, user_id, username, action, subject,"
                                    " entry_id, detail FROM audit_log ORDER BY seq").fetchall():
        digest = record_hash(prev, seq, *fields)
        raw.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
        prev = digest
    raw.execute("ALTER TABLE audit_log DROP COLUMN content")
    raw.execute("PRAGMA user_version = 5")
    raw.execute("VACUUM")
    raw.close()


def test_an_old_file_is_sealed_by_the_upgrade_and_protected_from_then_on(db):
    make_schema5(db)
    records = sqlite3.connect(str(db)).execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert check(db)[:2] == (0, {})  # opening upgrades it: a backup first, then the seal
    conn = open_coop(db)
    seal = conn.execute("SELECT seq, action, user_id, length(content) FROM audit_log"
                        " ORDER BY seq DESC LIMIT 1").fetchone()
    conn.close()
    assert seal[:3] == (records + 1, "audit.seal", None) and seal[3] > 1000
    assert list((db.parent / "backups").glob("*before-schema-*.sqlite"))
    raw = forger(db)
    raw.execute("UPDATE members SET name = 'Orang Lain' WHERE id = 3")
    raw.execute("UPDATE sales SET payment = 'credit', member_id = 3 WHERE id = 5")
    found = caught(db)
    assert any(f.startswith("members 3 (") and f"audit record {records + 1} (audit.seal schema:6"
               in f for f in found), found
    assert any(f.startswith("sales 1–") and "audit.seal" in f for f in found), found


def test_a_large_range_is_streamed_to_the_same_seal(db, tmp_path, monkeypatch):
    """The seal of a whole old file streams its big ranges; the digests are the same."""
    other = tmp_path / "other" / "koperasi.sqlite"
    other.parent.mkdir()
    shutil.copy(db, other)
    seals = []
    for path, big in ((db, audit_chain.BIG_RANGE), (other, 0)):
        make_schema5(path)
        monkeypatch.setattr(audit_chain, "BIG_RANGE", big)
        conn = open_coop(path)
        seals.append(conn.execute("SELECT content FROM audit_log ORDER BY seq DESC LIMIT 1")
                     .fetchone()[0])
        conn.close()
    assert seals[0] == seals[1] and '"journal_lines":[' in seals[0]


# ---- the seal follows every event that changes rows ---------------------------------------------

def test_events_that_change_rows_keep_the_check_passing(conn, admin, bendahara, ketua, new_member):
    users.set_role(admin, "kasir", "pengawas")
    users.reset_password(admin, "pengawas", "Kata sandi yang baru sekali")
    members.update(bendahara, new_member().id, address="Dusun Baru")
    supplier = suppliers.add(bendahara, name="Tani Makmur")
    suppliers.set_active(bendahara, supplier.id, False)
    ledger.add_account(bendahara, "6-1990", "Beban rapat anggota", "expense")
    profile.set_setting(ketua, "credit_limit", "250000")
    profile.update(ketua, village="Sukamaju Baru")
    allocation = profile.shu_allocation(conn)
    first, second = list(allocation)[:2]
    allocation[first], allocation[second] = allocation[first] - 100, allocation[second] + 100
    profile.set_shu_allocation(ketua, allocation)
    assert checks.run(conn).ok, [r.findings for r in checks.run(conn).results if r.findings]


def test_shop_events_that_change_rows_keep_the_check_passing(conn, bendahara, ketua, shop):
    profile.set_setting(ketua, "credit_limit", "250000")
    profile.set_setting(ketua, "credit_limit", "300000")  # an upsert: the row changes in place
    suppliers.set_quota(bendahara, shop.supplier, shop.sphp.id, 10_000)
    suppliers.set_quota(bendahara, shop.supplier, shop.sphp.id, 20_000)
    suppliers.set_quota(bendahara, shop.supplier, shop.gula.id, 5_000)
    suppliers.set_quota(bendahara, shop.supplier, shop.gula.id, 0)  # removed
    items.set_prices(bendahara, shop.gula.id, member_price=18_000, nonmember_price=19_000)
    items.add_barcode(bendahara, shop.gula.id, "GULA-KARUNG")
    stock.count(bendahara, {shop.gula.id: 6_000, shop.lpg.id: 20}, date="2025-06-10")
    stock.count(bendahara, {shop.gula.id: 6_000}, date="2025-06-11")
    report = checks.run(conn)
    assert report.ok, [r.findings for r in report.results if r.findings]
    conn.execute("UPDATE users SET failed_logins = 3 WHERE username = 'admin'")  # no event: not sealed
    assert checks.run(conn).ok


def test_every_table_and_column_is_sealed_or_said_why_not(conn):
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'"
                                         " AND name NOT LIKE 'sqlite_%'")}
    sealed = {s.table: s for s in (*RANGES, *KEYED)}
    assert tables == set(sealed) | set(UNSEALED)
    for table, spec in sealed.items():
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        left_out = {c.split(".")[1] for c in UNSEALED_COLUMNS if c.startswith(table + ".")}
        assert columns == set(spec.columns) - {"rowid"} | left_out, table


def test_amounts_edited_past_what_sqlite_can_add_up_fail_the_check_without_a_traceback(db):
    """A forger who drops the ceilings' triggers and writes lines near 2^63: the sums
    overflow, and check says so as a failed check instead of ending with an error."""
    raw = sqlite3.connect(str(db), isolation_level=None)
    for (name,) in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        raw.execute(f'DROP TRIGGER "{name}"')
    raw.execute("UPDATE journal_lines SET debit = 9223372036854775000 WHERE debit > 0"
                " AND id IN (SELECT id FROM journal_lines WHERE debit > 0 LIMIT 2)")
    raw.close()
    done = kasir("check", "--db", str(db), env=EN)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr.lower()
    assert "could not finish on this file: integer overflow" in done.stdout + done.stderr
