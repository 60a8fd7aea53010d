"""Administration → Backup and restore goes through the books: a backup made on the page and a
restore made there are audited as the signed-in user, a restore is the administrator's alone,
and another co-op's backup is refused on the page before anyone is signed out.

Real widgets under ``QT_QPA_PLATFORM=offscreen``; the proof is read back from ``audit_log``.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import COOP_NAME, PASSWORDS
from PySide6.QtWidgets import QMessageBox
from test_ui_admin import back_up, open_admin
from ui_support import click

from kasir.books import audit, backups, coop, profile
from kasir.books.profile import Profile
from kasir.db import backup as backup_db
from kasir.errors import PermissionDenied
from kasir.paths import backups_dir_for

LAST = ("SELECT seq, username, action, subject, detail, prev_hash FROM audit_log"
        " ORDER BY seq DESC LIMIT 1")


def test_a_backup_made_on_the_page_is_audited_naming_the_file(qtbot, ui_session, english):
    session = ui_session("bendahara")  # the treasurer may back up, not restore
    _page, tab = open_admin(qtbot, session, "backup")
    made = back_up(qtbot, tab)
    rows = session.conn.execute("SELECT username, subject, detail FROM audit_log"
                                " WHERE action = 'backup'").fetchall()
    assert [(who, subject) for who, subject, _detail in rows] == [("bendahara", f"file:{made.name}")]
    said = json.loads(rows[0][2])
    head = json.loads(backup_db.head_path(made).read_text(encoding="utf-8"))
    assert said["file"] == str(made) and (said["seq"], said["hash"]) == (head["seq"], head["hash"])
    assert audit.verify_chain(session.conn) == []


def test_a_restore_on_the_page_is_audited_in_the_restored_file_the_session_reopens(
        qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "backup")
    made = back_up(qtbot, tab)
    head = json.loads(backup_db.head_path(made).read_text(encoding="utf-8"))
    profile.update(session.ctx, name="Koperasi Sesudah Backup")
    tab.table.selectRow(0)
    click(qtbot, tab.restore_button)
    click(qtbot, tab.confirm_box.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: not tab.busy() and "Restored from" in tab.message.text(), timeout=20_000)

    assert session.ctx is None  # the session reopened the restored file; nobody is signed in
    assert profile.get(session.conn).name == COOP_NAME
    seq, who, action, subject, detail, prev_hash = session.conn.execute(LAST).fetchone()
    assert (who, action, subject) == ("admin", "restore", f"file:{made.name}")
    assert (seq, prev_hash) == (head["seq"] + 1, head["hash"])  # the backup's chain goes on
    said = json.loads(detail)
    assert said["signed_in_on"] == "replaced file" and said["replaced"]["seq"] > head["seq"]
    assert audit.verify_chain(session.conn) == []
    [aside] = session.path.parent.glob(f"{session.path.name}.replaced-*")
    assert aside.is_file()
    session.login("admin", PASSWORDS["admin"])
    assert session.ctx.user.role == "admin"


def test_only_the_administrator_may_restore(qtbot, ui_session, english):
    session = ui_session("bendahara")
    _page, tab = open_admin(qtbot, session, "backup")
    made = back_up(qtbot, tab)
    tab.table.selectRow(0)
    assert tab.chosen() == made and not tab.restore_button.isEnabled()
    tab.ask_restore()  # as a stale button or a shortcut would
    assert "may not" in tab.message.text() and tab.confirm_box is None
    assert session.ctx is not None

    session.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(session.path.read_bytes()).hexdigest()
    with pytest.raises(PermissionDenied):  # the books refuse whatever the page shows
        backups.restore_as(session.ctx, made)
    session.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the connection is still open
    assert hashlib.sha256(session.path.read_bytes()).hexdigest() == before
    assert not list(session.path.parent.glob(f"{session.path.name}.replaced-*"))
    assert profile.get(session.conn).name == COOP_NAME


def test_another_co_op_s_backup_is_refused_on_the_page_before_anyone_is_signed_out(
        qtbot, ui_session, english, tmp_path, clock):
    session = ui_session("admin")
    other = coop.create(tmp_path / "lain" / "tani.sqlite", profile=Profile(name="Koperasi Tani"),
                        admin="admin", password=PASSWORDS["admin"], clock=clock)
    try:  # copied in under this file's backup names, as from a USB stick
        backup_db.make_backup(other, backups_dir_for(session.path), stem=session.path.stem)
    finally:
        other.close()
    _page, tab = open_admin(qtbot, session, "backup")
    tab.refresh()
    tab.table.selectRow(0)
    click(qtbot, tab.restore_button)
    said = tab.message.text()
    assert tab.confirm_box is None and "another co-op" in said
    assert "Koperasi Tani" in said and COOP_NAME in said
    assert session.ctx is not None and profile.get(session.conn).name == COOP_NAME
    assert not list(session.path.parent.glob(f"{session.path.name}.replaced-*"))
