"""Opening a co-op file with durable settings, and the one way to write: ``transaction``.

Every connection runs in autocommit mode (``isolation_level=None``) so that kasir, not the
driver, decides where transactions start: a write begins with ``BEGIN IMMEDIATE`` (the write
lock is taken up front, so two writers queue instead of failing half-way) and a nested
business event becomes a SAVEPOINT inside its caller's transaction.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:  # the wheel bundles a current SQLite (>= 3.51.3, free of the WAL-reset bug)
    import pysqlite3.dbapi2 as sqlite3
except ImportError:  # pragma: no cover - platforms without the wheel; `kasir check` warns
    import sqlite3  # type: ignore[no-redef]

from kasir.errors import StoreError
from kasir.i18n import N_

APPLICATION_ID = 1262572370  # 'KASR' in the file header: tells a co-op file from any SQLite file
MIN_SQLITE = (3, 51, 3)
BUSY_TIMEOUT_MS = 10_000
BUSY_GIVE_UP_S = 60.0  # on top of the driver's busy timeout, before telling the user

Connection = sqlite3.Connection
# One name for every savepoint: SQLite's ROLLBACK TO / RELEASE act on the innermost savepoint
# of that name, and a constant text keeps the three statements in the driver's statement cache
# (a counter in the name made each event compile them afresh).
SAVEPOINT = "kasir_event"


def sqlite_version() -> str:
    return sqlite3.sqlite_version


def sqlite_is_current() -> bool:
    return tuple(int(p) for p in sqlite3.sqlite_version.split(".")) >= MIN_SQLITE


def connect(path: Path | str, *, create: bool = False) -> Connection:
    """Open ``path`` with WAL, ``synchronous=FULL``, foreign keys and a busy timeout.

    Refuses a missing file (unless ``create``), a file that is not SQLite or is damaged, and
    a SQLite file that is not a kasir co-op file. A refused file is left untouched.
    """
    path = Path(path)
    if not create and not path.is_file():
        raise StoreError(N_("There is no co-op file at {path}. Create one with 'kasir init' "
                            "or 'kasir demo', or choose another file with --db."), path=path)
    # check_same_thread=False: the desktop app opens (and checks) a large file on a worker
    # thread, then hands the connection to the GUI thread. A connection is still used by one
    # thread at a time; SQLite itself is built serialized, so this is safe either way.
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False)
    try:
        _refuse_foreign(conn, path, create)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(N_("The co-op file {path} cannot be opened for writing "
                                "(journal mode {mode})."), path=path, mode=mode)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: years of sales keep their indexes warm
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise (friendly(exc, path) or damaged(path)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_foreign(conn: Connection, path: Path, create: bool = False) -> None:
    """Read the file before anything can write: a damaged, empty or foreign file stays as it is."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
        # a damaged page anywhere (not only in the header) refuses the file before any write
        intact = (app_id != APPLICATION_ID
                  or conn.execute("PRAGMA quick_check").fetchall() == [("ok",)])
    except sqlite3.DatabaseError as exc:
        raise (_full_or_busy(exc) or damaged(path)) from exc
    if app_id == APPLICATION_ID:
        if not intact:
            raise damaged(path)
        return
    if has_tables:
        raise StoreError(N_("{path} is not a kasir co-op file. Choose the right file with --db."),
                         path=path)
    if not create:  # an empty or truncated file (an interrupted copy): never write into it
        raise damaged(path)


def _full_or_busy(exc: BaseException) -> StoreError | None:
    """A refusal that is about the disk or another writer, not about the file's contents."""
    nice = friendly(exc)
    return nice if nice is not None and nice.message is not _DAMAGED else None


def damaged(path: Path | str) -> StoreError:
    return StoreError(_DAMAGED, path=path)


_DAMAGED = N_("The co-op file {path} is damaged or is not a database. It was not changed. "
              "Restore the latest backup with 'kasir restore'.")


def friendly(exc: BaseException, path: Path | str = "") -> StoreError | None:
    """The user-facing refusal for a low-level SQLite failure, or None if it is a bug."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o" in text:
        return StoreError(N_("The disk is full or cannot be written. Nothing was saved. "
                             "Free some space (or check the drive) and try again."))
    if "locked" in text or "busy" in text:
        return StoreError(N_("Another kasir window or program kept the co-op file busy for too "
                             "long. Nothing was saved. Try again in a moment."))
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return damaged(path)
    if isinstance(exc, sqlite3.OperationalError) and "readonly" in text:
        return StoreError(N_("The co-op file is read-only. Nothing was saved."))
    return None


def _begin_immediate(conn: Connection) -> None:
    deadline = time.monotonic() + BUSY_GIVE_UP_S
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """Run the block as one durable write; nested blocks become savepoints.

    Whatever the block raises, nothing it wrote stays. SQLite failures that the user can act
    on (disk full, busy, damaged file) are re-raised as :class:`StoreError`.
    """
    if conn.in_transaction:
        conn.execute(f"SAVEPOINT {SAVEPOINT}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {SAVEPOINT}")
            conn.execute(f"RELEASE {SAVEPOINT}")
            raise
        conn.execute(f"RELEASE {SAVEPOINT}")
        return
    try:
        _begin_immediate(conn)
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as exc:
        nice = friendly(exc)
        if nice is None:
            raise
        raise nice from exc
