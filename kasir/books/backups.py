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
counts, and a backup of another co-op (``meta.coop_uid``) is refused there. When it cannot be
(missing, damaged, from a newer kasir: the very reasons to restore), they sign in against the
users of the backup itself, on the copy about to be put in place, and any co-op's backup may
go in. The command line signs in with a name and password (:func:`restore`); the app hands
over the administrator it already signed in (:func:`restore_as`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kasir.books import audit, users
from kasir.books.context import Context, User, local_now
from kasir.db import backup as backup_db
from kasir.db import open_coop
from kasir.db.connection import Connection
from kasir.errors import NotAllowed, StoreError
from kasir.i18n import N_


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


def check_restore(ctx: Context, backup: Path | str) -> None:
    """Refuse, before anything is closed or copied, a restore ``ctx`` may not make: a role
    other than administrator, or a backup of another co-op than the one ``ctx`` has open.
    Reads only the backup's co-op id and name (cheap: the full check comes with the restore)."""
    ctx.require("restore")
    _same_coop(ctx.conn, Path(backup))


def _same_coop(current: Connection, backup: Path) -> None:
    """Refuse a backup whose co-op (``meta.coop_uid``) is not the open file's, naming both; a
    file that does not say its co-op is not refused (nothing to compare)."""
    theirs_uid, theirs = backup_db.read_coop(backup)
    ours_uid, ours = backup_db.coop_of(current)
    if theirs_uid and ours_uid and theirs_uid != ours_uid:
        raise NotAllowed(N_("The backup {backup} holds the books of another co-op, {theirs}, not "
                            "those of {ours} in {path}. Nothing was changed. If {path} really "
                            "should hold the books of {theirs}, move that file to another "
                            "folder first, then restore the backup."),
                         backup=backup.name, theirs=theirs, ours=ours, path=current.path)


@dataclass(frozen=True)
class _Restorer:
    """Who restores and the head of the chain set aside (None: signed in on the backup)."""

    user: User | None
    replaced: dict | None


def restore(backup: Path | str, db_path: Path | str, *, username: str, password: str,
            clock=local_now) -> Path | None:
    """Sign in as ``username`` and replace ``db_path`` with a verified copy of ``backup``;
    the restored file carries the audit record of its restore. Returns where the replaced
    file was kept (None when there was none). Refused — nothing changed — for a wrong
    password, a role other than administrator, or another co-op's backup."""
    backup, db_path = Path(backup), Path(db_path)
    backup_db.verify(backup)  # a bad backup is refused before anyone signs in anywhere
    try:
        current = open_coop(db_path)
    except StoreError:  # missing or unusable: the backup's own users decide
        return _put_in_place(backup, db_path, _Restorer(None, None),
                             lambda conn: users.login(conn, username, password, clock), clock)
    try:
        _same_coop(current, backup)  # before the sign-in: a refusal leaves the file untouched
        ctx = users.login(current, username, password, clock)
        try:
            ctx.require("restore")
        finally:
            users.logout(ctx)
        by = _Restorer(ctx.user, backup_db.chain_head(current))  # its last record: the logout
    finally:
        current.close()
    return _put_in_place(backup, db_path, by, None, clock)


def restore_as(ctx: Context, backup: Path | str) -> Path | None:
    """:func:`restore` by the administrator already signed in as ``ctx`` on the co-op file.

    The file must be closed to be replaced, so ``ctx.conn`` is closed once the restore is
    allowed (``ctx`` is spent); ``ctx.conn`` must be this process's only connection to the
    file (the app releases its session first and hands over a worker's own connection)."""
    backup = Path(backup)
    ctx.require("restore")  # before the backup is read at all
    backup_db.verify(backup)
    check_restore(ctx, backup)
    db_path, by = Path(ctx.conn.path), _Restorer(ctx.user, backup_db.chain_head(ctx.conn))
    ctx.conn.close()
    return _put_in_place(backup, db_path, by, None, ctx.clock)


def _put_in_place(backup: Path, db_path: Path, by: _Restorer,
                  sign_in: Callable[[Connection], Context] | None, clock) -> Path | None:
    """Replace ``db_path`` with a copy of ``backup`` carrying the restore's audit record, made
    by ``by.user`` or, when None, by whoever ``sign_in`` signs in on the copy."""

    def stamp(copy: Path) -> None:
        conn = open_coop(copy)
        try:
            if by.user is None:
                ctx = sign_in(conn)  # its role is checked by the write below
            else:  # the same person, as the backup's users table knows them (or not at all)
                row = conn.execute("SELECT id FROM users WHERE username = ?",
                                   (by.user.username,)).fetchone()
                ctx = Context(conn, User(row[0] if row else None, by.user.username, by.user.role,
                                         by.user.full_name), clock)
            with ctx.write("restore"):
                audit.log(ctx, "restore", f"file:{backup.name}",
                          detail={"backup": str(backup.resolve()), "replaced": by.replaced,
                                  "signed_in_on": "replaced file" if by.user else "backup"})
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy moves as one file
        finally:
            conn.close()

    return backup_db.restore(backup, db_path, prepare=stamp)
