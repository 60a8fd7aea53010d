"""A backup of another co-op is never restored over this co-op's file, in the books and from
the command line; over a file that cannot be opened (here: moved away) it may be.

The proof that nothing changed is the co-op file's bytes (SHA-256) and the folder's listing:
no ``.replaced-*`` file, no ``.restoring`` copy left behind.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3 as std_sqlite
from pathlib import Path

import cli_support
import pytest
from conftest import COOP_NAME, PASSWORDS

from kasir.books import backups, coop, users
from kasir.books.profile import Profile
from kasir.db import backup as backup_db
from kasir.db import open_coop
from kasir.errors import NotAllowed

OTHER = "Koperasi Produsen Tani Makmur"
kasir = functools.partial(cli_support.kasir, password=PASSWORDS["admin"])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    """The folder's files, but for the -wal and -shm SQLite keeps only while the file is open."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))


def audit_tail(path: Path) -> tuple:
    conn = std_sqlite.connect(path)
    try:
        return conn.execute("SELECT username, action, subject, detail FROM audit_log"
                            " ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()


def profile_name(path: Path) -> str:
    conn = std_sqlite.connect(path)
    try:
        return conn.execute("SELECT name FROM profile").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def other_backup(tmp_path, clock) -> Path:
    """A verified backup of another co-op (its own admin, the same password as ours)."""
    conn = coop.create(tmp_path / "lain" / "tani.sqlite", profile=Profile(name=OTHER),
                       admin="admin", password=PASSWORDS["admin"], clock=clock)
    try:
        return backup_db.make_backup(conn, tmp_path / "usb", stem="tani")
    finally:
        conn.close()


def test_the_books_refuse_another_co_op_s_backup_and_change_nothing(coop_path, other_backup,
                                                                    clock, english):
    conn = open_coop(coop_path)
    try:
        admin = users.login(conn, "admin", PASSWORDS["admin"], clock=clock)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the whole file is in its bytes
        before, folder = digest(coop_path), listing(coop_path.parent)
        with pytest.raises(NotAllowed) as refused:
            backups.restore_as(admin, other_backup)
        said = str(refused.value)
        assert OTHER in said and COOP_NAME in said and "another co-op" in said
        assert "move that file to another folder first" in said
        with pytest.raises(NotAllowed):  # the early check the app runs says the same
            backups.check_restore(admin, other_backup)
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 5  # still open
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert digest(coop_path) == before and listing(coop_path.parent) == folder
    assert profile_name(coop_path) == COOP_NAME

    with pytest.raises(NotAllowed):  # signing in by name and password is held to the same
        backups.restore(other_backup, coop_path, username="admin", password=PASSWORDS["admin"],
                        clock=clock)
    assert digest(coop_path) == before and listing(coop_path.parent) == folder


def test_the_command_line_refuses_it_in_indonesian_until_the_file_is_moved_away(
        coop_path, other_backup, tmp_path):
    db = str(coop_path)
    before, folder = digest(coop_path), listing(coop_path.parent)
    refused = kasir("restore", str(other_backup), "--db", db, "--user", "admin", "--yes")
    assert refused.returncode == 1, refused.stderr
    assert "koperasi lain" in refused.stderr and OTHER in refused.stderr
    assert COOP_NAME in refused.stderr and "Tidak ada yang diubah" in refused.stderr
    assert "Traceback" not in refused.stderr
    # nothing was written: not the file (the refused sign-in is not even kept), not the folder
    assert digest(coop_path) == before and listing(coop_path.parent) == folder

    # what the message says to do: with the file moved away, the backup is put in place
    kept = tmp_path / "disimpan"
    kept.mkdir()
    coop_path.rename(kept / coop_path.name)
    done = kasir("restore", str(other_backup), "--db", db, "--user", "admin", "--yes")
    assert done.returncode == 0, done.stderr
    assert profile_name(coop_path) == OTHER and profile_name(kept / coop_path.name) == COOP_NAME
    who, action, subject, detail = audit_tail(coop_path)
    assert (who, action, subject) == ("admin", "restore", f"file:{other_backup.name}")
    assert json.loads(detail)["signed_in_on"] == "backup"
