"""Backups made with the SQLite backup API, verified before they count; careful restore.

A backup is written to a temporary name, switched to a single-file journal, checked with
``integrity_check`` and only then renamed into place, so a half-written copy never looks
like a backup. A restore verifies the backup first and keeps the replaced file aside.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from kasir.db.connection import APPLICATION_ID, Connection, connect, damaged, sqlite3
from kasir.errors import StoreError
from kasir.i18n import N_

SUFFIX = ".sqlite"
DEFAULT_KEEP = 10


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


def verify(path: Path | str) -> int:
    """Check a backup (or any co-op file) without changing it; return its schema version."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(N_("There is no file at {path}."), path=path)
    try:
        # immutable: read without locks or WAL side files, so checking leaves nothing behind
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True)
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


def make_backup(conn: Connection, folder: Path | str, *, label: str = "", keep: int = DEFAULT_KEEP,
                prune: bool = True, stem: str = "kasir") -> Path:
    """Copy the open co-op database into ``folder``, verified; keep ``keep`` generations."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{stem}-{_stamp()}{'-' + label if label else ''}"
    tmp = folder / f".{name}.tmp"
    final = folder / f"{name}{SUFFIX}"
    try:
        target = sqlite3.connect(str(tmp))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        _fsync_file(tmp)
        verify(tmp)
        os.replace(tmp, final)
        fsync_dir(folder)
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(N_("The backup could not be written to {folder} ({reason}). Nothing "
                            "was changed. Check that the drive has space and try again."),
                         folder=folder, reason=str(exc)) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(N_("The backup could not be written to {folder} ({reason}). Nothing "
                            "was changed. Check that the drive has space and try again."),
                         folder=folder, reason=exc.strerror or str(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if prune:
        prune_backups(folder, keep=keep, stem=stem)
    return final


def list_backups(folder: Path | str, stem: str = "kasir") -> list[Path]:
    """Regular backups in ``folder``, oldest first (labelled ones, e.g. before a migration,
    are listed too but never pruned)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{stem}-*{SUFFIX}"))


def prune_backups(folder: Path, *, keep: int, stem: str = "kasir") -> None:
    regular = [p for p in list_backups(folder, stem) if p.stem.count("-") == 3]
    for old in regular[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


def restore(backup: Path | str, db_path: Path | str) -> Path | None:
    """Replace ``db_path`` with a verified copy of ``backup``.

    Returns where the replaced file was kept (``<name>.replaced-<time>``), or None if there
    was no file. The co-op file must not be open in this process.
    """
    backup, db_path = Path(backup), Path(db_path)
    version = verify(backup)
    from kasir.db.migrations import LATEST_VERSION  # late: migrations imports this module

    if version > LATEST_VERSION:
        raise StoreError(N_("The backup {path} was written by a newer version of kasir. "
                            "Install the newer kasir to restore it."), path=backup)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copyfile(backup, tmp)
    _fsync_file(tmp)
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
