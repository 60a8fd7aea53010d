"""When a co-op file is checked, and how: a cheap check on every open, the full one when needed.

``PRAGMA quick_check`` reads the whole file: 6-9 s on the ten-year demo of 1,000 members
with the shop (886 MB), far over the 1 s a reading command may take. So:

* **Every open** checks cheaply (milliseconds): SQLite reads the header, the application id
  tells a co-op file, the whole schema is read and parsed, and the file is as long as its
  pages say (a truncated copy is refused).
* **The full check** (``quick_check``) runs before the connection is handed out when the
  previous session did not close cleanly: a ``-wal`` (or ``-journal``) with content that no
  running program holds is what a crash or a power cut leaves behind.
* **Before the first write** when the last full check recorded in the file (``meta``
  ``full_check_at``) is older than :data:`FULL_CHECK_EVERY`. The desktop app runs it while
  its login window shows, so signing in waits for it at most once a week.
* ``kasir check`` (``integrity_check``), every backup (verified copy) and every migration
  (backup first) check the whole file anyway.

"Damaged" is said only after a fresh connection re-checked the file (:func:`recheck`).
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
import sys
from pathlib import Path

from kasir.db.connection import (
    APPLICATION_ID,
    Connection,
    damaged,
    friendly,
    open_registered,
    sqlite3,
)
from kasir.errors import StoreError
from kasir.i18n import N_

FULL_CHECK_EVERY = dt.timedelta(days=7)
CHECKED_KEY = "full_check_at"  # meta: when the last full check passed (UTC, ISO 8601)
RECHECK_TIMEOUT_S = 600  # a full check of the largest files takes seconds, not minutes

# SQLite's unix VFS: every connection with the WAL index open holds a read lock on this byte
# of the -shm file (the "dead man switch", UNIX_SHM_DMS = 120 + 8 lock slots).
_SHM_DMS = 128
# struct flock, as each kernel lays it out: (format, builds (type, whence, start, len))
_FLOCK = {
    "linux": ("hhqqi", lambda t, w, s, n: (t, w, s, n, 0), 0),
    "darwin": ("qqihh", lambda t, w, s, n: (s, n, 0, t, w), 3),
}


# ---- was the last session closed? ---------------------------------------------------------

def _size(name: str) -> int:
    try:
        return os.stat(name).st_size
    except OSError:
        return 0


def left_unclean(path: Path) -> bool:
    """Whether the file's last session ended without closing: a hot journal, or a WAL with
    content that no running program holds.

    Call it only while this process holds no connection to ``path``: the probe opens and
    closes the ``-shm``, and closing it would drop this process's own SQLite locks on it.
    """
    if _size(f"{path}-journal") > 0:
        return True
    if _size(f"{path}-wal") == 0:  # none, or emptied by a checkpoint: nothing to recover
        return False
    return _shm_held(Path(f"{path}-shm")) is not True  # not known to be held: check it all


def _shm_held(shm: Path) -> bool | None:
    """Whether another process holds the WAL index (True/False), or None where the lock
    cannot be probed (Windows, an unreadable -shm)."""
    layout = _FLOCK.get(sys.platform)
    if not shm.exists():
        return False
    if layout is None:
        return None
    import fcntl

    fmt, build, type_at = layout
    try:
        fd = os.open(shm, os.O_RDONLY)
    except OSError:
        return None
    try:
        asked = struct.pack(fmt, *build(fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS, 1))
        answer = struct.unpack(fmt, fcntl.fcntl(fd, fcntl.F_GETLK, asked))
        return answer[type_at] != fcntl.F_UNLCK
    except OSError:
        return None
    finally:
        os.close(fd)  # safe: connect() probes only while this process holds no connection


# ---- the checks --------------------------------------------------------------------------

def check_on_open(conn: Connection, *, create: bool = False, full: bool = False) -> None:
    """Read the file before anything can write: a damaged, truncated, empty or foreign file
    stays as it is. ``full`` runs ``quick_check`` too (after an unclean shutdown)."""
    path = conn.path
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
        if app_id == APPLICATION_ID:
            if _truncated(conn) or (full and not passes(conn)):
                raise damaged(path)
            conn.verified = create or full or not due(conn)
            return
    except sqlite3.DatabaseError as exc:
        raise (friendly(exc, path) or recheck(path, exc)) from exc
    if has_tables:
        raise StoreError(N_("{path} is not a kasir co-op file. Choose the right file with --db."),
                         path=path)
    if not create:  # an empty or truncated file (an interrupted copy): never write into it
        raise damaged(path)


def _truncated(conn: Connection) -> bool:
    """Pages beyond the end of the file and of its WAL: a copy that stopped half-way."""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    return pages * page_size > _size(str(conn.path)) + _size(f"{conn.path}-wal")


def passes(conn: Connection) -> bool:
    """The full structural check of every page (``PRAGMA quick_check``)."""
    return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]


def last_full_check(conn: Connection) -> dt.datetime | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (CHECKED_KEY,)).fetchone()
    except sqlite3.OperationalError:  # no meta table: a file from before schema 1 is due
        return None
    try:
        return dt.datetime.fromisoformat(row[0]) if row else None
    except ValueError:
        return None


def due(conn: Connection, now: dt.datetime | None = None) -> bool:
    """Whether the full check must run before this file is written."""
    last = last_full_check(conn)
    now = now or dt.datetime.now(dt.UTC)
    return last is None or not (now - FULL_CHECK_EVERY < last <= now + dt.timedelta(days=1))


def record_full_check(conn: Connection) -> None:
    """Note in the file that the full check passed now (a file that may not be written, or a
    schema without ``meta``, simply checks again next time)."""
    if conn.read_only:
        return
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                     "SET value = excluded.value", (CHECKED_KEY, now))
        conn.execute("COMMIT")
    except sqlite3.OperationalError:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def check_if_due(conn: Connection) -> None:
    """Run the full check if it is due (before a first write, or while the app's login window
    shows); refuse a file that fails it. Nothing is written before it passed."""
    if getattr(conn, "verified", True):
        return
    if not due(conn):  # another connection of this or another process checked it meanwhile
        conn.verified = True
        return
    try:
        ok = passes(conn)
    except sqlite3.DatabaseError as exc:
        raise (friendly(exc, conn.path) or damaged(conn.path)) from exc
    if not ok:
        raise damaged(conn.path)
    conn.verified = True
    record_full_check(conn)


# ---- a failed read: damaged, or not? -----------------------------------------------------

def recheck(path: Path, exc: BaseException) -> StoreError:
    """After ``exc`` (a read that looked like damage), check the file itself: :func:`damaged`
    only if that check fails too.

    The check runs in a child process when it can: a connection of this process shares its
    locks and WAL index, so if those went wrong (a lost lock, a WAL deleted under it) every
    fresh connection here fails too, while the file on disk is sound.
    """
    sound = _sound_elsewhere(path)
    if sound is None:
        sound = sound_here(path)
    return unreadable(path, exc) if sound else damaged(path)


def sound_here(path: Path) -> bool:
    """A co-op file that passes ``quick_check`` through a fresh read-only connection."""
    try:
        fresh = open_registered(path, "recheck")
        try:
            return (fresh.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
                    and passes(fresh))
        finally:
            fresh.close()
    except sqlite3.DatabaseError:
        return False


def _sound_elsewhere(path: Path) -> bool | None:
    """:func:`sound_here` in a child process (``python -m kasir.db.integrity FILE``); None
    when no child could tell."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing up on Windows
    try:
        done = subprocess.run([sys.executable, "-m", "kasir.db.integrity", str(path)],
                              capture_output=True, timeout=RECHECK_TIMEOUT_S, creationflags=flags)
    except (OSError, subprocess.SubprocessError):
        return None
    return {0: True, 1: False}.get(done.returncode)


def unreadable(path: Path | str, exc: BaseException | None = None) -> StoreError:
    """A read failed but the file is not known to be damaged (``exc`` goes to the cause)."""
    if not path:
        return StoreError(N_("The co-op file could not be read just now. Nothing was changed. "
                             "Try again; if it keeps happening, check the file with 'kasir "
                             "check' (in the app: Administration → Data check)."))
    return StoreError(N_("The co-op file {path} could not be read just now, but it was checked "
                         "again and is not damaged. Nothing was changed. Try again; if it keeps "
                         "happening, close kasir and start it again."), path=path)


def main(argv: list[str]) -> int:
    """``python -m kasir.db.integrity FILE``: exit 0 if the co-op file is sound, 1 if not."""
    return 0 if sound_here(Path(argv[0])) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
