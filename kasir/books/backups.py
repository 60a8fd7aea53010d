"""Backups and restores as audited events of a signed-in user.

A backup is made by someone whose role allows it (``backup``: administrator, chair, treasurer);
its audit record names the file and the chain head written beside it. A restore (``restore``:
the administrator alone, as in the app) puts an older copy in place of the co-op file, so its
audit record could not live in the file it replaces: it is appended to the restored copy
*before* that copy takes the file's place. The restored file's own chain simply continues
with it (its previous hash is the backup's last record), and the record names the head of
the chain that was set aside, so a later ``kasir check`` against an outside head can tell a
restore from a rewrite.

Who restores signs in on the current file when it can be opened — their role there is what
counts. When it cannot be (missing, damaged, from a newer kasir: the very reasons to restore),
they sign in against the users of the backup itself, on the copy about to be put in place.
"""

from __future__ import annotations

from pathlib import Path

from kasir.books import audit, users
from kasir.books.context import Context, User, local_now
from kasir.db import backup as backup_db
from kasir.db import open_coop
from kasir.errors import StoreError


def back_up(ctx: Context, folder: Path | str, *, keep: int = backup_db.DEFAULT_KEEP,
            stem: str = "kasir") -> Path:
    """Make a verified backup of the open file into ``folder`` and record who made it."""
    ctx.require("backup")  # before anything is copied
    made = backup_db.make_backup(ctx.conn, folder, keep=keep, stem=stem)
    head = backup_db.read_head(made)
    with ctx.write("backup"):
        audit.log(ctx, "backup", f"file:{made.name}",
                  detail={"file": str(made), "seq": head["seq"], "hash": head["hash"]})
    return made


def restore(backup: Path | str, db_path: Path | str, *, username: str, password: str,
            clock=local_now) -> Path | None:
    """Sign in as ``username`` and replace ``db_path`` with a verified copy of ``backup``;
    the restored file carries the audit record of its restore. Returns where the replaced
    file was kept (None when there was none). Refused — nothing changed — for a wrong
    password or a role other than administrator."""
    backup, db_path = Path(backup), Path(db_path)
    backup_db.verify(backup)  # a bad backup is refused before anyone signs in anywhere
    who: User | None = None
    replaced = None
    try:
        current = open_coop(db_path)
    except StoreError:
        current = None  # missing or unusable: the backup's own users decide below
    if current is not None:
        try:
            ctx = users.login(current, username, password, clock)
            try:
                ctx.require("restore")
                who, replaced = ctx.user, backup_db.chain_head(current)
            finally:
                users.logout(ctx)
        finally:
            current.close()

    def stamp(copy: Path) -> None:
        conn = open_coop(copy)
        try:
            if who is None:
                ctx = users.login(conn, username, password, clock)
            else:
                row = conn.execute("SELECT id FROM users WHERE username = ?",
                                   (who.username,)).fetchone()
                ctx = Context(conn, User(row[0] if row else None, who.username, who.role,
                                         who.full_name), clock)
            with ctx.write("restore"):
                audit.log(ctx, "restore", f"file:{backup.name}",
                          detail={"backup": str(backup.resolve()), "replaced": replaced,
                                  "signed_in_on": "replaced file" if who else "backup"})
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy moves as one file
        finally:
            conn.close()

    return backup_db.restore(backup, db_path, prepare=stamp)
