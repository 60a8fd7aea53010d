"""Backups made with the SQLite backup API, verified before they count; careful restore.

A backup is written to a temporary name, switched to a single-file journal, checked with
``integrity_check`` and only then renamed into place, so a half-written copy never looks
like a backup. Beside each backup ``X.sqlite`` lies ``X.sqlite.head``: one line of JSON with
the co-op's id and the last record of the copy's audit chain (sequence, hash, time), so a
chain rewritten later inside the co-op file can be caught against a copy kept outside it.
A restore verifies the backup first and keeps the replaced file aside.

Backups are named ``<stem>-<YYYYmmdd-HHMMSS-micro>[-<label>].sqlite``; temporary files start
with a dot and end in ``.tmp``. Temporary files a killed backup left behind are removed at the
next backup in that folder once they are older than ``STALE_AFTER_S``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from kasir.db.connection import APPLICATION_ID, Connection, connect, damaged, sqlite3
from kasir.errors import StoreError, os_reason
from kasir.i18n import N_

SUFFIX = ".sqlite"
HEAD_SUFFIX = ".head"
DEFAULT_KEEP = 10
GENESIS = "0" * 64  # the hash before the first audit record (kasir.books.audit.GENESIS)
# A temporary file untouched this long belongs to no running backup: copying writes it
# continuously and verifying even a ten-year file takes well under a minute.
STALE_AFTER_S = 10 * 60
_STAMP = r"\d{8}-\d{6}-\d{6}"
_TEMPORARY = re.compile(rf"\..+-{_STAMP}(?:-.+)?(?:{re.escape(SUFFIX + HEAD_SUFFIX)})?\.tmp"
                        r"(?:-journal)?")


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _read_only(path: Path) -> Connection:
    """A connection that reads ``path`` without locks or WAL side files (``immutable``), so
    looking at a backup leaves nothing behind."""
    name = path.as_posix().replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return sqlite3.connect(f"file:{name}?mode=ro&immutable=1", uri=True)


def verify(path: Path | str) -> int:
    """Check a backup (or any co-op file) without changing it; return its schema version."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(N_("There is no file at {path}."), path=path)
    try:
        conn = _read_only(path)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise damaged(path) from exc
    if result != [("ok",)] or app_id != APPLICATION_ID or version == 0:
        raise damaged(path)
    return version


def chain_head(conn: Connection) -> dict:
    """The co-op's id and the last record of its audit chain, as written beside a backup:
    ``{"coop_uid", "seq", "hash", "at"}`` (sequence 0 and the genesis hash when empty)."""
    uid = conn.execute("SELECT value FROM meta WHERE key = 'coop_uid'").fetchone()
    last = conn.execute("SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, digest, at = last if last else (0, GENESIS, "")
    return {"coop_uid": uid[0] if uid else "", "seq": seq, "hash": digest, "at": at}


def head_path(backup: Path | str) -> Path:
    """Where the chain head of ``backup`` is written: ``X.sqlite`` → ``X.sqlite.head``."""
    backup = Path(backup)
    return backup.with_name(backup.name + HEAD_SUFFIX)


def read_head(backup: Path | str) -> dict:
    """The chain head of a backup file, read from the file itself (not from its .head)."""
    conn = _read_only(Path(backup))
    try:
        return chain_head(conn)
    finally:
        conn.close()


def coop_of(conn: Connection) -> tuple[str, str]:
    """Whose books these are: the co-op's id (``meta.coop_uid``) and its name (the profile's);
    ``""`` for what a file does not say."""
    uid = conn.execute("SELECT value FROM meta WHERE key = 'coop_uid'").fetchone()
    name = conn.execute("SELECT name FROM profile WHERE id = 1").fetchone()
    return (uid[0] if uid else "", name[0] if name else "")


def read_coop(backup: Path | str) -> tuple[str, str]:
    """:func:`coop_of` a backup file, read without changing it."""
    path = Path(backup)
    if not path.is_file():
        raise StoreError(N_("There is no file at {path}."), path=path)
    try:
        conn = _read_only(path)
        try:
            return coop_of(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise damaged(path) from exc


def _write_durably(path: Path, text: str) -> None:
    """Temporary name, fsync, rename: the file is either whole or absent."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_backup(conn: Connection, folder: Path | str, *, label: str = "", keep: int = DEFAULT_KEEP,
                prune: bool = True, stem: str = "kasir") -> Path:
    """Copy the open co-op database into ``folder``, verified, with its chain head beside it;
    keep ``keep`` generations of regular (unlabelled) backups of ``stem``."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise StoreError(N_("The backup could not be written: {folder} is a file, not a folder. "
                            "Choose a folder for the backups. Nothing was changed."), folder=folder)
    name = f"{stem}-{_stamp()}{'-' + label if label else ''}"
    tmp = folder / f".{name}.tmp"
    final = folder / f"{name}{SUFFIX}"
    head = head_path(final)

    def discard() -> None:
        leftovers = [tmp, Path(f"{tmp}-journal")]
        if not final.exists():  # a head never stands without its backup
            leftovers.append(head)
        _discard(leftovers)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale(folder)
        target = sqlite3.connect(str(tmp))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        _fsync_file(tmp)
        verify(tmp)
        # the head first: a backup in place always has its head beside it
        _write_durably(head, json.dumps(read_head(tmp)) + "\n")
        os.replace(tmp, final)
        fsync_dir(folder)
    except sqlite3.DatabaseError as exc:
        discard()
        raise StoreError(N_("The backup could not be written to {folder} ({reason}). Nothing "
                            "was changed. Check that the drive has space and try again."),
                         folder=folder, reason=str(exc)) from exc
    except OSError as exc:
        discard()
        raise StoreError(N_("The backup could not be written to {folder}: {reason}. Nothing "
                            "was changed."), folder=folder, reason=os_reason(exc)) from exc
    except BaseException:
        discard()
        raise
    if prune:
        prune_backups(folder, keep=keep, stem=stem)
    return final


def _named(stem: str) -> re.Pattern:
    """Backups of ``stem`` exactly: ``kop`` does not take ``kop-desa``'s backups."""
    return re.compile(rf"{re.escape(stem)}-{_STAMP}(?P<label>-.+)?{re.escape(SUFFIX)}")


def list_backups(folder: Path | str, stem: str = "kasir") -> list[Path]:
    """Backups of ``stem`` in ``folder``, oldest first (labelled ones, e.g. before a
    migration, are listed too but never pruned)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    named = _named(stem)
    return sorted(p for p in folder.iterdir() if named.fullmatch(p.name))


def prune_backups(folder: Path, *, keep: int, stem: str = "kasir") -> None:
    """Delete the oldest regular backups of ``stem`` (and their heads) beyond ``keep``."""
    named = _named(stem)
    regular = [p for p in list_backups(folder, stem) if not named.fullmatch(p.name)["label"]]
    for old in regular[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
        head_path(old).unlink(missing_ok=True)


def clean_stale(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove what killed backups left in ``folder``: kasir's own temporary files, and heads
    whose backup never arrived, once untouched for ``STALE_AFTER_S``. Returns what went."""
    now = time.time() if now is None else now
    removed = []
    for entry in folder.iterdir():
        name = entry.name
        orphan_head = name.endswith(SUFFIX + HEAD_SUFFIX) and not entry.with_name(
            name[:-len(HEAD_SUFFIX)]).exists()
        if not (orphan_head or _TEMPORARY.fullmatch(name)):
            continue
        try:
            if now - entry.stat().st_mtime < STALE_AFTER_S or not entry.is_file():
                continue  # perhaps another backup still writing or verifying it
            entry.unlink()
            removed.append(entry)
        except OSError:
            continue  # gone meanwhile, or not ours to remove: the backup goes on
    return removed


def restore(backup: Path | str, db_path: Path | str, *,
            prepare: Callable[[Path], object] | None = None) -> Path | None:
    """Replace ``db_path`` with a verified copy of ``backup``.

    ``prepare(copy)`` runs on the copy after it is verified and before it takes the file's
    place (the books append the restore's audit record there, so the restored file never
    stands without it); if it raises, nothing was changed. Returns where the replaced file
    was kept (``<name>.replaced-<time>``), or None if there was no file. The co-op file must
    not be open in this process.
    """
    backup, db_path = Path(backup), Path(db_path)
    version = verify(backup)
    from kasir.db.migrations import LATEST_VERSION  # late: migrations imports this module

    if version > LATEST_VERSION:
        raise StoreError(N_("The backup {path} was written by a newer version of kasir. "
                            "Install the newer kasir to restore it."), path=backup)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    sides = [Path(f"{tmp}{side}") for side in ("-wal", "-shm", "-journal")]
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        for stale in sides:  # a killed restore's WAL must never be replayed onto this copy
            stale.unlink(missing_ok=True)
        shutil.copyfile(backup, tmp)
        _fsync_file(tmp)
        if prepare is not None:
            prepare(tmp)
            if any(side.exists() and side.stat().st_size for side in sides):
                raise StoreError(N_("The restored copy {path} was left with unsaved changes; "
                                    "nothing was changed."), path=tmp)
            _fsync_file(tmp)
    except OSError as exc:
        _discard([tmp, *sides])
        raise StoreError(N_("The backup could not be restored to {path}: {reason}. Nothing was "
                            "changed."), path=db_path, reason=os_reason(exc)) from exc
    except BaseException:
        _discard([tmp, *sides])
        raise
    for side in sides:
        side.unlink(missing_ok=True)
    aside = None
    if db_path.exists():
        _checkpoint_quietly(db_path)
        aside = db_path.with_name(f"{db_path.name}.replaced-{_stamp()}")
        shutil.copy2(db_path, aside)
        _fsync_file(aside)
        for side in ("-wal", "-shm"):
            extra = Path(f"{db_path}{side}")
            if extra.exists():  # a stale WAL must never be replayed onto the restored file
                os.replace(extra, Path(f"{aside}{side}"))
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
    return aside


def _discard(leftovers: list[Path]) -> None:
    """Remove what a failed backup or restore left; a path that cannot even be looked at
    (its folder is a file) has nothing to remove."""
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _checkpoint_quietly(db_path: Path) -> None:
    """Fold the WAL into the file before it is set aside; a damaged file is kept as it is."""
    try:
        conn = connect(db_path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except (StoreError, sqlite3.DatabaseError):
        pass
