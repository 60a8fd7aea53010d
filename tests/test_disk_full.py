"""A full disk: the event is refused with a clear message and nothing is half-written.

SQLite's ``max_page_count`` caps the file at its current size, which makes SQLite fail with
the same SQLITE_FULL error a full disk gives, at whatever point of the transaction it needs
a new page. Then the real thing: a 160 KiB tmpfs that fills up under a backup and under the
co-op file itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from kasir.books import members, savings, users
from kasir.db import backup, open_coop
from kasir.errors import StoreError
from tests.conftest import counts, make_nik


def test_deposits_on_a_full_disk_are_refused_and_leave_nothing(conn, bendahara):
    member = members.register(bendahara, nik=make_nik(), name="Budi", gender="L",
                              join_date="2025-06-01")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    before = counts(conn)
    refused = 0
    for i in range(400):  # keep writing until the capped file has no room left
        try:
            savings.deposit(bendahara, member.id, "sukarela", 10_000 + i, date="2025-06-10")
        except StoreError as exc:
            refused += 1
            assert "disk is full" in str(exc).lower() or "penuh" in str(exc).lower()
            break
    assert refused == 1, "the capped file never filled up"
    after = counts(conn)
    written = after["savings_tx"] - before["savings_tx"]
    # every deposit that was accepted is whole; the refused one left no trace
    assert after["journal_entries"] - before["journal_entries"] == written
    assert after["journal_lines"] - before["journal_lines"] == 2 * written
    assert conn.execute("SELECT count(*) FROM journal_entries WHERE posted = 0").fetchone()[0] == 0
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not conn.in_transaction


@pytest.fixture
def tiny_disk(tmp_path, request, template):
    """A real filesystem (tmpfs), unmounted afterwards. Mounting needs root, which CI has.

    Its size is the co-op file's plus ``request.param`` KiB of room (16 KiB unless
    parametrised), so the tests keep their meaning as the schema grows."""
    room = getattr(request, "param", 16)
    size = f"{template.stat().st_size // 1024 + room}k"
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"CI must be able to mount a tmpfs: {done.stderr}")
        pytest.skip("mounting a tmpfs needs root")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_backup_to_a_full_drive_fails_clearly_and_leaves_no_partial_file(conn, tiny_disk):
    filler = tiny_disk / "photos.bin"
    filler.write_bytes(b"\0" * 64 * 1024)  # the USB stick is nearly full already
    with pytest.raises(StoreError) as refused:
        backup.make_backup(conn, tiny_disk / "backups")
    assert "space" in str(refused.value).lower() or "ruang" in str(refused.value).lower()
    assert list((tiny_disk / "backups").iterdir()) == []


def test_opening_on_a_drive_with_no_room_for_the_wal_says_disk_full(coop_path, tiny_disk):
    path = tiny_disk / "koperasi.sqlite"
    shutil.copy(coop_path, path)  # 16 KiB left: no room for the WAL index
    with pytest.raises(StoreError) as refused:
        open_coop(path).close()
    assert "damaged" not in str(refused.value) and "rusak" not in str(refused.value)


@pytest.mark.parametrize("tiny_disk", [160], indirect=True)
def test_co_op_file_on_a_full_drive_refuses_whole_events(coop_path, tiny_disk, clock):
    from tests.conftest import PASSWORDS

    path = tiny_disk / "koperasi.sqlite"
    shutil.copy(coop_path, path)
    conn = open_coop(path)
    try:
        ctx = users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock)
        member = members.register(ctx, nik=make_nik(), name="Budi", gender="L",
                                  join_date="2025-06-01")
        before = counts(conn)
        accepted, message = 0, ""
        for i in range(5000):
            try:
                savings.deposit(ctx, member.id, "sukarela", 1_000 + i, date="2025-06-10",
                                memo="x" * 200)
                accepted += 1
            except StoreError as exc:
                message = str(exc)
                break
        assert message, "the drive never filled up"
        assert "disk" in message.lower() or "penuh" in message.lower()
        after = counts(conn)
        assert after["savings_tx"] - before["savings_tx"] == accepted
        assert after["journal_entries"] - before["journal_entries"] == accepted
    finally:
        conn.close()
    reopened = open_coop(path) if os.path.getsize(path) else None
    if reopened is not None:
        try:
            assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert reopened.execute("SELECT count(*) FROM savings_tx WHERE memo = ?",
                                    ("x" * 200,)).fetchone()[0] == accepted
        finally:
            reopened.close()
