"""Users and the audit trail: no default account, the password policy, argon2id hashes,
sign-in with throttling that never locks anyone out, keeping an administrator, the hash chain
that exposes tampering, and who did each business event. Also: Indonesian is the default
language of every message."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import PASSWORDS, make_nik

from kasir import i18n
from kasir.books import audit, coop, ledger, members, savings, users
from kasir.books.ledger import Line
from kasir.books.profile import Profile
from kasir.db import sqlite3
from kasir.errors import AuthError, InvalidInput, NotAllowed, PermissionDenied


def last_audit(conn) -> tuple:
    return conn.execute("SELECT action, username, user_id FROM audit_log"
                        " ORDER BY seq DESC LIMIT 1").fetchone()


def fail_login(conn, clock, username: str = "bendahara") -> AuthError:
    with pytest.raises(AuthError) as err:
        users.login(conn, username, "Salah ketik sekali", clock=clock)
    return err.value


# ---- accounts and passwords --------------------------------------------------------------

def test_a_new_file_has_only_the_admin_created_at_init(tmp_path, clock):
    conn = coop.create(tmp_path / "baru.sqlite", profile=Profile(name="Kop Baru"), admin="pak_lurah",
                       password="Sawah hijau membentang", clock=clock)
    try:
        assert users.list_users(conn) == [{"username": "pak_lurah", "full_name": "", "role": "admin",
                                           "active": True}]
        assert audit.verify_chain(conn) == []
        assert [r.action for r in audit.recent(conn)] == ["user.create"]
        for guess in ("admin", "kasir", "root"):
            with pytest.raises(AuthError):
                users.login(conn, guess, guess, clock=clock)
    finally:
        conn.close()


@pytest.mark.parametrize("password, username", [
    ("Ab1!xyz", ""), ("", ""), ("password123", ""), ("PASSWORD123", ""), ("koperasi123", ""),
    ("Bendahara-rahasia", "bendahara"), ("saya_ketua_2025", "KETUA"),
])
def test_password_policy_refuses_short_common_or_username_passwords(password, username):
    with pytest.raises(InvalidInput):
        users.check_password_policy(password, username)


def test_password_policy_accepts_a_long_personal_phrase():
    users.check_password_policy("Sapi makan rumput pagi", "bendahara")


def test_weak_passwords_are_refused_when_creating_users_and_files(admin, conn, tmp_path):
    with pytest.raises(InvalidInput):
        users.create_user(admin, "kasir2", "kasir2kasir2", "kasir")
    assert [u["username"] for u in users.list_users(conn)].count("kasir2") == 0
    with pytest.raises(InvalidInput):
        coop.create(tmp_path / "lemah.sqlite", profile=Profile(name="K"), admin="admin",
                    password="password123")
    assert not (tmp_path / "lemah.sqlite").exists()


def test_passwords_are_stored_as_argon2id_hashes(conn):
    hashes = [r[0] for r in conn.execute("SELECT password_hash FROM users")]
    assert len(hashes) == 5 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(p in h for h in hashes for p in PASSWORDS.values())


def test_only_the_admin_manages_users(bendahara, ketua, conn):
    for ctx in (bendahara, ketua):
        with pytest.raises(PermissionDenied):
            users.create_user(ctx, "tamu", "Tamu datang sore hari", "kasir")
    assert len(users.list_users(conn)) == 5


# ---- sign-in -----------------------------------------------------------------------------

def test_wrong_password_is_refused_and_audited(conn, clock):
    fail_login(conn, clock)
    assert last_audit(conn)[:2] == ("login.failed", "bendahara")
    assert conn.execute("SELECT failed_logins FROM users WHERE username = 'bendahara'").fetchone() == (1,)


def test_unknown_or_inactive_user_gets_the_same_message_as_a_wrong_password(admin, conn, clock):
    wrong = fail_login(conn, clock)
    unknown = fail_login(conn, clock, "tidak_ada")
    users.set_active(admin, "kasir", False)
    with pytest.raises(AuthError) as inactive:
        users.login(conn, "kasir", PASSWORDS["kasir"], clock=clock)
    assert str(wrong) == str(unknown) == str(inactive.value)
    assert wrong.params == unknown.params == inactive.value.params == {}
    assert last_audit(conn)[:2] == ("login.failed", "kasir")


def test_after_three_failures_the_next_attempt_must_wait_even_with_the_right_password(
        conn, clock, english):
    for _ in range(3):
        fail_login(conn, clock)
    with pytest.raises(AuthError) as err:
        users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock)
    assert err.value.params["seconds"] == 2 and "Wait 2 seconds" in str(err.value)
    assert last_audit(conn)[0] == "login.throttled"
    clock.advance(seconds=1)
    with pytest.raises(AuthError) as err:
        users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock)
    assert err.value.params["seconds"] == 1
    clock.advance(seconds=1)
    ctx = users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock)
    assert ctx.user.role == "bendahara"
    assert conn.execute("SELECT failed_logins FROM users WHERE username = 'bendahara'").fetchone() == (0,)


def test_delay_doubles_and_caps_at_thirty_seconds():
    assert [users.throttle_delay(n) for n in range(9)] == [0, 0, 0, 2, 4, 8, 16, 30, 30]
    assert users.throttle_delay(10_000) == 30


def test_nobody_is_locked_out_after_many_failures(conn, clock):
    for expected_wait in (0, 0, 2, 4, 8, 16, 30, 30):
        assert fail_login(conn, clock).params == {}  # a real check, not a throttled refusal
        if expected_wait:
            with pytest.raises(AuthError) as err:
                users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock)
            assert err.value.params["seconds"] == expected_wait
            clock.advance(seconds=expected_wait)
    assert users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock).user.username == "bendahara"


def test_logout_is_audited(bendahara, conn):
    users.logout(bendahara)
    assert last_audit(conn) == ("logout", "bendahara", bendahara.user.id)


def test_changed_password_is_the_one_that_works(bendahara, conn, clock):
    with pytest.raises(AuthError):
        users.change_password(bendahara, "bukan yang lama", "Kopi susu tanpa gula")
    users.change_password(bendahara, PASSWORDS["bendahara"], "Kopi susu tanpa gula")
    fail_login(conn, clock)
    assert users.login(conn, "bendahara", "Kopi susu tanpa gula", clock=clock).user.role == "bendahara"


# ---- administrators ----------------------------------------------------------------------

def test_the_last_admin_cannot_be_demoted_or_deactivated(admin, conn):
    with pytest.raises(NotAllowed):
        users.set_role(admin, "admin", "ketua")
    with pytest.raises(NotAllowed):
        users.set_active(admin, "admin", False)
    assert {u["username"]: (u["role"], u["active"]) for u in users.list_users(conn)}["admin"] == \
        ("admin", True)
    users.set_role(admin, "ketua", "admin")
    users.set_role(admin, "admin", "ketua")  # allowed now that another admin exists
    assert {u["username"]: u["role"] for u in users.list_users(conn)}["admin"] == "ketua"


# ---- the audit chain ---------------------------------------------------------------------

@pytest.fixture
def busy(bendahara, cashier, conn):
    """A file with a few business events on it; returns the number of audit records."""
    member = members.register(bendahara, nik=make_nik(), name="Budi", gender="L", join_date="2025-02-01")
    savings.deposit(cashier, member.id, "wajib", 20_000)
    entry = ledger.post(bendahara, "2025-06-02", "Hibah", [Line("1-1100", debit=500_000),
                                                          Line("3-1400", credit=500_000)])
    ledger.reverse(bendahara, entry)
    return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_audit_chain_of_a_normal_file_is_intact(busy, conn):
    assert busy >= 12
    assert audit.verify_chain(conn) == []


def _tamper(raw, *sql: str) -> None:
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("DROP TRIGGER audit_log_no_delete")
    for statement in sql:
        raw.execute(statement)


def test_edited_audit_record_is_detected(busy, conn, raw, english):
    _tamper(raw, "UPDATE audit_log SET detail = '{\"amount\":1}' WHERE seq = 8")
    assert audit.verify_chain(conn) == ["Audit record 8 was changed after it was written."]


def test_deleted_middle_audit_record_is_detected(busy, conn, raw, english):
    _tamper(raw, "DELETE FROM audit_log WHERE seq = 7")
    problems = audit.verify_chain(conn)
    assert "Audit record 7 is missing (the next one is 8)." in problems
    assert "Audit record 8 does not follow the record before it." in problems


def test_forged_audit_record_at_the_end_is_detected(busy, conn, raw):
    last_hash = conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    _tamper(raw)
    raw.execute("INSERT INTO audit_log (seq, at, username, action, detail, prev_hash, hash)"
                " VALUES (?, '2025-06-15T03:00:00+00:00', 'ketua', 'savings.withdraw', '{}', ?, ?)",
                (busy + 1, last_hash, "f" * 64))
    assert len(audit.verify_chain(conn)) == 1


def test_forged_audit_record_in_the_middle_is_detected_even_with_a_correct_own_hash(busy, conn, raw,
                                                                                   english):
    _tamper(raw, "UPDATE audit_log SET seq = seq + 1000 WHERE seq > 5",
            "UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000")
    prev = conn.execute("SELECT hash FROM audit_log WHERE seq = 5").fetchone()[0]
    fields = ("2025-06-15T03:00:00+00:00", None, "ketua", "savings.withdraw", "savings:1", None,
              audit.canonical({"amount": -20_000}))
    forged = audit.record_hash(prev, 6, *fields)
    raw.execute("INSERT INTO audit_log (seq, at, user_id, username, action, subject, entry_id, detail,"
                " prev_hash, hash) VALUES (6, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*fields, prev, forged))
    problems = audit.verify_chain(conn)
    assert problems[0] == "Audit record 7 does not follow the record before it."  # the old record 6
    assert not any("record 6 " in p for p in problems)  # the forgery itself looks well formed


def test_every_business_event_records_who_did_it(busy, bendahara, cashier, conn):
    by = dict(conn.execute("SELECT id, username FROM users"))
    creators = {by[r[0]] for r in conn.execute("SELECT created_by FROM journal_entries")}
    assert creators == {"bendahara", "kasir"}
    assert [by[r[0]] for r in conn.execute("SELECT created_by FROM savings_tx ORDER BY id")] == \
        ["bendahara", "kasir"]
    assert by[conn.execute("SELECT created_by FROM members").fetchone()[0]] == "bendahara"
    unaudited = conn.execute("SELECT e.id FROM journal_entries e JOIN users u ON u.id = e.created_by"
                             " WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entry_id = e.id"
                             " AND a.user_id = e.created_by AND a.username = u.username)").fetchall()
    assert unaudited == []
    details = [json.loads(d) for (d,) in conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'savings.deposit' AND username = 'kasir'")]
    assert details == [{"member": 1, "kind": "wajib", "amount": 20_000}]


def test_audit_records_cannot_be_changed_while_the_triggers_stand(busy, raw):
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("UPDATE audit_log SET username = 'ketua' WHERE seq = 3")


# ---- language ----------------------------------------------------------------------------

def _language_in_fresh_process(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("KASIR_LANG", "LANG", "LC_ALL", "LANGUAGE")}
    out = subprocess.run([sys.executable, "-c", "from kasir import i18n; print(i18n.language())"],
                         env={**clean, **env}, capture_output=True, text=True, check=True, timeout=60)
    return out.stdout.strip()


def test_indonesian_is_the_default_language_whatever_the_system_locale():
    assert i18n.DEFAULT_LANGUAGE == "id"
    assert _language_in_fresh_process() == "id"
    assert _language_in_fresh_process(LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8") == "id"
    assert _language_in_fresh_process(KASIR_LANG="fr") == "id"
    assert _language_in_fresh_process(KASIR_LANG="en") == "en"


def test_refusals_are_shown_through_the_indonesian_catalog_by_default(conn, clock, monkeypatch):
    before = i18n.language()
    monkeypatch.delenv("KASIR_LANG", raising=False)
    try:
        assert i18n.set_language(None) == "id"
        err = fail_login(conn, clock)
        assert str(err) == i18n._catalog("id").gettext(err.message) != err.message
        assert i18n.rupiah(1_250_000) == "Rp1.250.000"
    finally:
        i18n.set_language(before)
