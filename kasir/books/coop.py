"""Creating a co-op file: schema, chart of accounts, profile, AD/ART defaults, first admin."""

from __future__ import annotations

import uuid
from pathlib import Path

from kasir import __version__
from kasir.books import ledger, users
from kasir.books import profile as profile_mod
from kasir.books.context import local_now
from kasir.db.connection import Connection, transaction
from kasir.db.migrations import create_coop


def create(path: Path | str, *, profile: profile_mod.Profile, admin: str, password: str,
           admin_name: str = "", clock=local_now, practice: bool = False) -> Connection:
    """Create a complete, ready co-op file or nothing at all (a failed start leaves no file).

    ``practice`` marks a demo or training ("latihan") file: its passwords need only the
    minimum length, and every screen can say it is not the real books.
    """
    path = Path(path)
    users.check_password_policy(password, admin, practice=practice)
    profile_mod.validate(profile)
    conn = create_coop(path)
    try:
        with transaction(conn):
            ledger.seed_accounts(conn)
            profile_mod.insert(conn, profile)
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [
                ("coop_uid", str(uuid.uuid4())),
                ("created_with", __version__),
                ("created_at", clock().isoformat(timespec="seconds")),
                *([("practice", "1")] if practice else []),
            ])
            users.create_first_admin(conn, admin, password, admin_name, clock=clock,
                                     practice=practice)
    except BaseException:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return conn


def meta(conn: Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
