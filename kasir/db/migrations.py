"""Numbered schema migrations, tracked in ``PRAGMA user_version``.

``migrations/NNNN_name.sql`` are applied in order, each in its own ``BEGIN IMMEDIATE``
transaction together with the bump of ``user_version``, so a power cut leaves the file at
the previous version, never between two. Before an existing file is migrated, a verified
backup copy is made. A file whose version is newer than this program knows is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from kasir.db import audit_chain
from kasir.db.backup import make_backup
from kasir.db.connection import (
    Connection,
    connect,
    damaged,
    friendly,
    read_only_refusal,
    sqlite3,
)
from kasir.errors import StoreError
from kasir.i18n import N_
from kasir.paths import backups_dir_for

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@cache
def migrations() -> tuple[tuple[int, str], ...]:
    """(version, sql) for each migration file, checked to be numbered 1, 2, 3, …"""
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = re.match(r"^(\d{4})_", file.name)
        if match:
            found.append((int(match.group(1)), file.read_text(encoding="utf-8")))
    if [v for v, _ in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations in {MIGRATIONS_DIR} are not numbered 1..n")
    return tuple(found)


LATEST_VERSION = len(migrations())


def schema_version(conn: Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


# SQL made from code, run at the end of a migration's script (the audit seal's triggers come
# from its table list), and Python run inside the migration's transaction after the script
# (sealing the audit chain needs SHA-256, which SQL does not have).
GENERATED_SQL: dict[int, Callable[[], str]] = {6: audit_chain.install_sql}
PYTHON_STEPS: dict[int, Callable[[Connection], None]] = {6: audit_chain.seal_existing}


def apply_migrations(conn: Connection, current: int) -> None:
    for version, sql in migrations():
        if version <= current:
            continue
        step = PYTHON_STEPS.get(version)
        if version in GENERATED_SQL:
            sql = f"{sql}\n;{GENERATED_SQL[version]()}"
        try:
            # the script leaves the transaction open when a Python step follows
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version = {version};"
                               + ("" if step else "COMMIT;"))
            if step:
                step(conn)
                conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def open_coop(path: Path | str) -> Connection:
    """Open an existing co-op file, bringing its schema up to date (backup first)."""
    path = Path(path)
    conn = connect(path)
    try:
        version = schema_version(conn)
        if version > LATEST_VERSION:
            raise StoreError(N_("The co-op file {path} was written by a newer version of kasir "
                                "(schema {found}; this program knows up to {known}). Install "
                                "the newer kasir; the file was not changed."),
                             path=path, found=version, known=LATEST_VERSION)
        if version == 0:
            raise damaged(path)
        if version < LATEST_VERSION:
            if conn.read_only:  # an older file must be upgraded, and this user may not write it
                raise read_only_refusal(path, conn.read_only)
            make_backup(conn, backups_dir_for(path), label=f"before-schema-{LATEST_VERSION}",
                        prune=False)
            apply_migrations(conn, version)
    except sqlite3.DatabaseError as exc:  # e.g. a migration on a full disk: say that, not "damaged"
        conn.close()
        raise (friendly(exc, path) or damaged(path)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def create_coop(path: Path | str) -> Connection:
    """Create a new, empty co-op file at ``path`` with the latest schema."""
    path = Path(path)
    if path.exists():
        raise StoreError(N_("A file already exists at {path}; kasir will not overwrite it. "
                            "Choose another name."), path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path, create=True)
    try:
        apply_migrations(conn, 0)
    except BaseException:
        conn.close()
        raise
    return conn
