"""The SQLite plumbing: durable settings, refusing files it must not touch, migrations with a
backup first, verified backups and careful restores, and transactions that leave nothing half
written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import PASSWORDS, make_nik

from kasir.books import coop, members, users
from kasir.books.profile import Profile
from kasir.db import backup as backup_mod
from kasir.db import migrations as mig
from kasir.db import open_coop, sqlite3, sqlite_version, transaction
from kasir.db.migrations import LATEST_VERSION, create_coop
from kasir.errors import InvalidNik, StoreError


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def set_pragma(path: Path, pragma: str) -> None:
    raw = sqlite3.connect(str(path), isolation_level=None)
    raw.execute(f"PRAGMA {pragma}")
    raw.close()


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def member_count(path: Path) -> int:
    raw = sqlite3.connect(str(path))
    try:
        return raw.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        raw.close()


# ---- opening -----------------------------------------------------------------------------

def test_connection_has_durable_pragmas(conn):
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.isolation_level is None  # kasir, not the driver, decides where transactions start


def test_sqlite_is_at_least_3_51_3():
    assert tuple(int(p) for p in sqlite_version().split(".")[:3]) >= (3, 51, 3)


def test_create_refuses_an_existing_path(coop_path):
    before = digest(coop_path)
    with pytest.raises(StoreError) as err:
        create_coop(coop_path)
    assert err.value.params["path"] == coop_path
    with pytest.raises(StoreError):
        coop.create(coop_path, profile=Profile(name="Lain"), admin="admin", password=PASSWORDS["admin"])
    assert digest(coop_path) == before


def test_open_of_a_missing_file_is_refused_and_creates_nothing(tmp_path):
    missing = tmp_path / "nope.sqlite"
    with pytest.raises(StoreError):
        open_coop(missing)
    assert list(tmp_path.iterdir()) == []


def test_file_from_a_newer_schema_is_refused_and_left_unchanged(coop_path, english):
    set_pragma(coop_path, f"user_version = {LATEST_VERSION + 1}")
    before = digest(coop_path)
    with pytest.raises(StoreError) as err:
        open_coop(coop_path)
    assert err.value.params["found"] == LATEST_VERSION + 1
    assert err.value.params["known"] == LATEST_VERSION
    assert "newer version" in str(err.value)
    assert digest(coop_path) == before
    assert not (coop_path.parent / "backups").exists()  # no migration was attempted


def _damage_header(path: Path) -> None:
    overwrite(path, 0, b"this is not sql!")


def _damage_table_page(path: Path) -> None:
    raw = sqlite3.connect(str(path))
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    root = raw.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'accounts'").fetchone()[0]
    raw.close()
    overwrite(path, (root - 1) * page_size, b"\xa5" * page_size)


def _damage_middle(path: Path) -> None:
    size = path.stat().st_size
    overwrite(path, size // 3, b"\x00\xff" * (size // 6))


@pytest.mark.parametrize("damage", [_damage_header, _damage_table_page, _damage_middle],
                         ids=["header", "one-table-page", "middle-third"])
def test_damaged_coop_file_is_refused_and_left_unchanged(coop_path, damage):
    """Refused at the latest before the first write (the full check is due: never run on
    this file); see tests/test_open_checks.py for when each check runs."""
    damage(coop_path)
    before = digest(coop_path)
    with pytest.raises(StoreError):
        conn = open_coop(coop_path)
        try:
            users.login(conn, "admin", PASSWORDS["admin"])  # signing in writes the audit trail
        finally:
            conn.close()
    with pytest.raises(StoreError):
        backup_mod.verify(coop_path)
    assert digest(coop_path) == before


def test_plain_text_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "catatan.sqlite"
    path.write_text("Kas masuk 150.000\n" * 200, encoding="utf-8")
    before = digest(path)
    with pytest.raises(StoreError):
        open_coop(path)
    assert digest(path) == before


def test_other_sqlite_file_is_refused_as_not_kasir_and_left_unchanged(tmp_path, english):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(str(path))
    raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.commit()
    raw.close()
    before = digest(path)
    with pytest.raises(StoreError) as err:
        open_coop(path)
    assert "not a kasir co-op file" in str(err.value)
    assert digest(path) == before


@pytest.mark.parametrize("content", [b"", None], ids=["zero-bytes", "sqlite-without-tables"])
def test_empty_or_tableless_file_is_refused_and_left_unchanged(tmp_path, content):
    path = tmp_path / "koperasi.sqlite"
    if content is None:
        set_pragma(path, "user_version = 0")
        raw = sqlite3.connect(str(path))
        raw.execute("VACUUM")
        raw.close()
    else:
        path.write_bytes(content)
    before = digest(path)
    with pytest.raises(StoreError):
        open_coop(path)
    assert digest(path) == before


# ---- migrations --------------------------------------------------------------------------

@pytest.fixture
def add_migration(monkeypatch):
    """Pretend this program knows a second migration with the given SQL."""
    def add(sql: str) -> None:
        known = mig.migrations()
        monkeypatch.setattr(mig, "migrations", lambda: (*known, (LATEST_VERSION + 1, sql)))
        monkeypatch.setattr(mig, "LATEST_VERSION", LATEST_VERSION + 1)
    return add


def test_migration_makes_a_verified_backup_first_then_upgrades(coop_path, add_migration):
    add_migration("CREATE TABLE stock_items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);")
    conn = open_coop(coop_path)
    try:
        assert mig.schema_version(conn) == LATEST_VERSION + 1
        assert conn.execute("SELECT count(*) FROM stock_items").fetchone() == (0,)
    finally:
        conn.close()
    found = list((coop_path.parent / "backups").glob(f"*before-schema-{LATEST_VERSION + 1}*.sqlite"))
    assert len(found) == 1
    assert backup_mod.verify(found[0]) == LATEST_VERSION  # taken before the migration ran
    old = sqlite3.connect(str(found[0]))
    assert old.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'stock_items'").fetchone() == (0,)
    old.close()


def test_failing_migration_leaves_the_schema_version_and_tables_unchanged(coop_path, add_migration):
    add_migration("CREATE TABLE half_done (a INTEGER);\nINSERT INTO no_such_table VALUES (1);")
    with pytest.raises(StoreError):
        open_coop(coop_path)
    raw = sqlite3.connect(str(coop_path))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert raw.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").fetchone() == (0,)
    raw.close()
    assert list((coop_path.parent / "backups").glob("*before-schema-*.sqlite"))


def test_apply_migrations_failure_rolls_back_and_ends_the_transaction(conn, add_migration):
    add_migration("CREATE TABLE half_done (a INTEGER);\nSELECT no_such_function();")
    with pytest.raises(sqlite3.OperationalError):
        mig.apply_migrations(conn, LATEST_VERSION)
    assert not conn.in_transaction
    assert mig.schema_version(conn) == LATEST_VERSION
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").fetchone() == (0,)


# ---- backup and restore ------------------------------------------------------------------

def test_backup_is_verified_and_holds_the_same_data(conn, new_member, tmp_path):
    new_member(name="Siti Aminah", gender="P")
    path = backup_mod.make_backup(conn, tmp_path / "backups")
    assert path.suffix == ".sqlite" and path.parent == tmp_path / "backups"
    assert backup_mod.verify(path) == LATEST_VERSION
    assert member_count(path) == 1
    assert not list((tmp_path / "backups").glob(".*.tmp"))


def test_backups_are_pruned_to_keep_generations_but_labelled_ones_stay(conn, tmp_path):
    folder = tmp_path / "backups"
    labelled = backup_mod.make_backup(conn, folder, label="before-schema-9", prune=False)
    made = [backup_mod.make_backup(conn, folder, keep=3) for _ in range(5)]
    regular = [p for p in backup_mod.list_backups(folder) if p != labelled]
    assert regular == made[-3:]
    assert labelled.exists()


def test_restore_refuses_a_damaged_backup_and_leaves_the_file_alone(conn, coop_path, tmp_path):
    bad = backup_mod.make_backup(conn, tmp_path / "backups")
    conn.close()
    _damage_header(bad)
    before = digest(coop_path)
    with pytest.raises(StoreError):
        backup_mod.restore(bad, coop_path)
    assert digest(coop_path) == before
    assert not list(coop_path.parent.glob("*.replaced-*"))


def test_restore_refuses_a_backup_from_a_newer_schema(conn, coop_path, tmp_path):
    newer = backup_mod.make_backup(conn, tmp_path / "backups")
    conn.close()
    set_pragma(newer, f"user_version = {LATEST_VERSION + 1}")
    before = digest(coop_path)
    with pytest.raises(StoreError):
        backup_mod.restore(newer, coop_path)
    assert digest(coop_path) == before


def test_restore_puts_the_backup_in_place_and_keeps_the_replaced_file(conn, coop_path, new_member,
                                                                       tmp_path):
    new_member(name="Budi")
    saved = backup_mod.make_backup(conn, tmp_path / "backups")
    new_member(name="Wati", gender="P")  # after the backup: lost by the restore, kept aside
    conn.close()
    aside = backup_mod.restore(saved, coop_path)
    assert aside is not None and aside.name.startswith("koperasi.sqlite.replaced-")
    assert member_count(aside) == 2
    reopened = open_coop(coop_path)
    try:
        assert [m.name for m in members.search(reopened)] == ["Budi"]
    finally:
        reopened.close()


# ---- transactions ------------------------------------------------------------------------

def _settings(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT key FROM settings ORDER BY key")]


def test_exception_inside_a_transaction_rolls_back_every_write(conn):
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        conn.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
        raise RuntimeError("power cut")
    assert _settings(conn) == []
    assert not conn.in_transaction


def test_nested_transaction_is_a_savepoint_whose_failure_keeps_outer_writes(conn):
    with transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES ('outer-before', '1')")
        with pytest.raises(ValueError), transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
            raise ValueError("inner refused")
        assert conn.in_transaction
        conn.execute("INSERT INTO settings (key, value) VALUES ('outer-after', '1')")
    assert _settings(conn) == ["outer-after", "outer-before"]


def test_savepoints_two_deep_share_a_name_and_undo_only_the_innermost(conn):
    """Every savepoint is named alike (cached statements); a refused inner event must still
    undo only itself, keeping the middle and outer writes."""
    with transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
        with transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('middle', '1')")
            with pytest.raises(ValueError), transaction(conn):
                conn.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
                raise ValueError("inner refused")
            conn.execute("INSERT INTO settings (key, value) VALUES ('middle-after', '1')")
    assert _settings(conn) == ["middle", "middle-after", "outer"]


def test_outer_failure_also_undoes_a_completed_inner_block(conn):
    with pytest.raises(KeyError), transaction(conn):
        with transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
        raise KeyError("outer refused")
    assert _settings(conn) == []


def test_failed_business_event_writes_nothing(bendahara, conn):
    nik = make_nik()
    members.register(bendahara, nik=nik, name="Budi", gender="L", join_date="2025-01-10")
    before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InvalidNik):  # duplicate NIK, found after the event began
        members.register(bendahara, nik=nik, name="Budi lagi", gender="L")
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert members.count(conn) == 1

