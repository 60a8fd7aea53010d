"""Opening a co-op file with durable settings, and the one way to write: ``transaction``.

Every connection runs in autocommit mode (``isolation_level=None``) so that kasir, not the
driver, decides where transactions start: a write begins with ``BEGIN IMMEDIATE`` (the write
lock is taken up front, so two writers queue instead of failing half-way) and a nested
business event becomes a SAVEPOINT inside its caller's transaction.

Opening is cheap (:mod:`kasir.db.integrity` says what is checked when): the full
``quick_check`` runs at open only after an unclean shutdown, and otherwise before the first
write when the last full check is a week old. A file this user may not write is opened
read-only: reading works, and a write is refused saying how to fix the permission.

Nothing in this process may open and close the co-op file, its ``-wal`` or ``-shm`` outside
SQLite: POSIX locks belong to the process and closing *any* descriptor of the file drops them
all (sqlite.org/howtocorrupt.html §2.2). Every connection is therefore registered here, and
the one probe that opens ``-shm`` itself runs only while this process holds no connection.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:  # the wheel bundles a current SQLite (>= 3.51.3, free of the WAL-reset bug)
    import pysqlite3.dbapi2 as sqlite3
except ImportError:  # pragma: no cover - platforms without the wheel; `kasir check` warns
    import sqlite3  # type: ignore[no-redef]

from kasir.errors import InvalidInput, StoreError
from kasir.i18n import N_

APPLICATION_ID = 1262572370  # 'KASR' in the file header: tells a co-op file from any SQLite file
MIN_SQLITE = (3, 51, 3)
BUSY_TIMEOUT_MS = 10_000
BUSY_GIVE_UP_S = 60.0  # on top of the driver's busy timeout, before telling the user

# One name for every savepoint: SQLite's ROLLBACK TO / RELEASE act on the innermost savepoint
# of that name, and a constant text keeps the three statements in the driver's statement cache
# (a counter in the name made each event compile them afresh).
SAVEPOINT = "kasir_event"


class Connection(sqlite3.Connection):
    """A connection that knows its file: ``path``, why it is read-only (``""`` when it may
    write: ``"file"`` or ``"folder"``), and whether the file passed a full check recently
    enough to write (``verified``)."""

    path: Path | None = None
    read_only: str = ""
    verified: bool = True

    def close(self) -> None:
        super().close()
        _forget(self)


# ---- which files this process holds -------------------------------------------------------

OPENING = threading.RLock()  # one open (and its probe) at a time in this process
_HELD: dict[tuple[int, int], weakref.WeakSet] = {}


def _file_key(path: Path) -> tuple[int, int]:
    info = path.stat()  # stat opens no descriptor, so it never touches a lock
    return info.st_dev, info.st_ino


def holds(path: Path | str) -> bool:
    """Whether a connection of this process is open on ``path`` (then nothing here may open
    and close that file, its -wal or its -shm outside SQLite)."""
    try:
        key = _file_key(Path(path))
    except OSError:
        return False
    with OPENING:
        return bool(_HELD.get(key))


SIDE_FILES = ("", "-wal", "-shm", "-journal")


def refuse_coop_target(chosen: Path | str, coop: Path | str | None = None) -> None:
    """Refuse writing a file (a report, an export) over the co-op file ``coop`` — by default
    every co-op file this process holds open — or one of its side files, even through a link.
    Only names and ``stat`` are compared: nothing is opened, so no lock is dropped."""
    chosen = Path(chosen)
    if coop is not None:
        coops = [Path(coop)]
    else:
        with OPENING:
            coops = [Path(conn.path) for conns in _HELD.values() for conn in list(conns)[:1]]
    target = chosen.resolve()
    for base in coops:
        for side in SIDE_FILES:
            guarded = Path(f"{base}{side}")
            same = target == guarded.resolve()
            if not same and chosen.exists() and guarded.exists():
                same = os.path.samefile(chosen, guarded)  # a hard link: stat, no descriptor
            if same:
                raise InvalidInput(N_("{path} is the co-op file (or one of its working files): "
                                      "saving there would destroy the books. Choose another "
                                      "name."), path=chosen)


def _forget(conn: Connection) -> None:
    with OPENING:
        for key, conns in list(_HELD.items()):
            conns.discard(conn)
            if not conns:
                del _HELD[key]


def _uri(path: Path, options: str) -> str:
    name = path.resolve().as_posix().replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{name}?{options}"


def open_registered(path: Path, read_only: str) -> Connection:
    """The one place a co-op file is opened; the connection is registered while it lives.

    Read-only: ``mode=ro`` when a ``-wal`` is there (another program may be writing; its WAL
    is read through the shared index), else ``immutable=1``, which reads the file without
    creating a ``-wal`` or ``-shm`` that would belong to this user and stay behind.
    """
    if not read_only:
        target, uri = str(path), False
    elif Path(f"{path}-wal").exists():
        target, uri = _uri(path, "mode=ro"), True
    else:
        target, uri = _uri(path, "mode=ro&immutable=1"), True
    # check_same_thread=False: the desktop app opens (and checks) a large file on a worker
    # thread, then hands the connection to the GUI thread. A connection is still used by one
    # thread at a time; SQLite itself is built serialized, so this is safe either way.
    conn = sqlite3.connect(target, uri=uri, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False, factory=Connection)
    conn.path, conn.read_only = path, read_only
    try:
        key = _file_key(path)
    except OSError:  # pragma: no cover - the file vanished between open and stat
        return conn
    with OPENING:
        _HELD.setdefault(key, weakref.WeakSet()).add(conn)
    return conn


def read_only_reason(path: Path) -> str:
    """``"file"`` or ``"folder"`` when this user may not write the co-op file (or its -wal and
    -shm) or create them in its folder; ``""`` when it may."""
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        if os.path.exists(name) and not os.access(name, os.W_OK):
            return "file"
    if not os.access(path.parent, os.W_OK):
        return "folder"
    return ""


def read_only_refusal(path: Path | str, reason: str = "file") -> StoreError:
    path = Path(path)
    if reason == "folder":
        return StoreError(N_("Nothing was saved: this user may not write in the folder {folder}, "
                             "where the co-op file {path} keeps its working files. Reading works. "
                             "To record, give this user permission to change that folder (on "
                             "Windows: the folder's Properties → Security → Edit → allow Modify "
                             "for this Windows user), or move the co-op file to a folder the user "
                             "may write."), folder=path.parent, path=path)
    return StoreError(N_("Nothing was saved: the co-op file {path} is read-only for this user. "
                         "Reading works. To record, give this user permission to change the file "
                         "(on Windows: the file's Properties → untick Read-only, then Security → "
                         "Edit → allow Modify for this Windows user), or copy it to a folder the "
                         "user may write."), path=path)


# ---- opening -----------------------------------------------------------------------------

def sqlite_version() -> str:
    return sqlite3.sqlite_version


def sqlite_is_current() -> bool:
    return tuple(int(p) for p in sqlite3.sqlite_version.split(".")) >= MIN_SQLITE


def connect(path: Path | str, *, create: bool = False) -> Connection:
    """Open ``path`` with WAL, ``synchronous=FULL``, foreign keys and a busy timeout.

    Refuses a missing file (unless ``create``), a file that is not SQLite or is damaged, and
    a SQLite file that is not a kasir co-op file. A refused file is left untouched. A file
    this user may not write opens read-only (see :func:`read_only_reason`).
    """
    from kasir.db import integrity  # late: integrity uses this module's names

    path = Path(path)
    if not create and not path.is_file():
        raise StoreError(N_("There is no co-op file at {path}. Create one with 'kasir init' "
                            "or 'kasir demo', or choose another file with --db."), path=path)
    if not create and not os.access(path, os.R_OK):
        raise StoreError(N_("This user may not read the co-op file {path}. Give this user "
                            "permission to read it (on Windows: the file's Properties → "
                            "Security), or choose another file with --db."), path=path)
    if create and path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        raise read_only_refusal(path, "folder")
    read_only = "" if create else read_only_reason(path)
    with OPENING:
        # before this process holds the file: a -wal nobody holds is a session that ended
        # without closing (a crash or power cut), and the whole file is checked first - on a
        # read-only connection, whose close never folds the WAL into a file it refuses
        unclean = not create and not holds(path) and integrity.left_unclean(path)
        checker = open_registered(path, "check") if unclean else None
    try:
        if checker is not None:
            integrity.check_on_open(checker, full=True)
        with OPENING:
            conn = open_registered(path, read_only)
    finally:
        if checker is not None:  # after conn is open: this process holds the file throughout
            checker.close()
    try:
        integrity.check_on_open(conn, create=create)
        conn.verified = conn.verified or unclean
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: years of sales keep their indexes warm
        if read_only:
            conn.execute("PRAGMA query_only = ON")
            return conn
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(N_("The co-op file {path} cannot be opened for writing "
                                "(journal mode {mode})."), path=path, mode=mode)
        conn.execute("PRAGMA synchronous = FULL")
        if unclean:
            integrity.record_full_check(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise (friendly(exc, path) or damaged(path)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


# ---- telling the user --------------------------------------------------------------------

def damaged(path: Path | str) -> StoreError:
    return StoreError(_DAMAGED, path=path)


_DAMAGED = N_("The co-op file {path} is damaged or is not a database. It was not changed. "
              "Restore the latest backup with 'kasir restore'.")


def friendly(exc: BaseException, path: Path | str = "") -> StoreError | None:
    """The user-facing refusal for a low-level SQLite failure, or None if it is a bug.

    "Damaged" is said only after the file itself was checked again through a fresh connection
    and failed: a read that failed through one connection is not damage.
    """
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
        from kasir.db import integrity

        return integrity.recheck(Path(path), exc) if path else integrity.unreadable("", exc)
    if "readonly" in text:
        return (read_only_refusal(path, read_only_reason(Path(path)) or "file") if path
                else StoreError(N_("The co-op file is read-only for this user. Nothing was "
                                   "saved. Give this user permission to change the file and its "
                                   "folder, then try again.")))
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
    on (disk full, busy, damaged file) are re-raised as :class:`StoreError`. A read-only file
    is refused before anything starts, and so is a file whose weekly full check fails.
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
    path = getattr(conn, "path", None) or ""
    if getattr(conn, "read_only", ""):
        raise read_only_refusal(path, conn.read_only)
    if not getattr(conn, "verified", True):
        from kasir.db import integrity

        integrity.check_if_due(conn)
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
        nice = friendly(exc, path)
        if nice is None:
            raise
        raise nice from exc
