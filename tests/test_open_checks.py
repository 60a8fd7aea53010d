"""Issue 9 E and D: opening is cheap, yet a damaged page is refused before anything writes;
"damaged" is said only after the file itself failed a re-check; a read-only file can be read.

The promises (kasir/db/integrity.py): after an unclean shutdown the whole file is checked
before even a reading command uses it; otherwise the full check runs before the first write
when the last one is a week old (the app runs it before signing in). Damage is a byte written
into a b-tree page in the middle of a copy of a small demo, as a failing disk would.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cli_support
import pytest
from cli_support import kasir
from conftest import PASSWORDS

from kasir.books import users
from kasir.db import integrity, open_coop, sqlite3
from kasir.db.connection import damaged
from kasir.i18n import _

DEMO_PASSWORD = "kasir-demo"
EN = {"KASIR_LANG": "en"}
BTREE_PAGES = (0x02, 0x05, 0x0A, 0x0D)


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    path = cli_support.demo_file(tmp_path_factory.mktemp("demo"), DEMO_PASSWORD, members=20,
                                 months=3, seed=1)
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def demo(small_demo, tmp_path) -> Path:
    return Path(cli_support.copy_of(small_demo, tmp_path))


@contextmanager
def held_by_a_writer(path: Path, sql: str) -> Iterator[None]:
    """Another program that committed ``sql`` and keeps the file open (its WAL in use) until
    the block ends; then it is killed, as a power cut would leave it."""
    code = ("import sys, time\nfrom kasir.db import open_coop, transaction\n"
            f"conn = open_coop(sys.argv[1])\nwith transaction(conn):\n    conn.execute({sql!r})\n"
            "print('ready', flush=True)\ntime.sleep(60)\n")
    writer = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        yield
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()


def digest(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if os.path.exists(path) else ""


def damage_a_middle_page(path: Path) -> int:
    """Write one byte over the page type of the b-tree page nearest the middle of the file;
    returns the page number. (The test process holds no connection to the file here.)"""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    for distance in range(pages):
        for page in (pages // 2 + distance, pages // 2 - distance):
            if 1 < page <= pages and data[(page - 1) * page_size] in BTREE_PAGES:
                with open(path, "r+b") as fh:
                    fh.seek((page - 1) * page_size)
                    fh.write(b"\xff")
                assert not integrity.sound_here(path)  # quick_check now fails
                return page
    raise AssertionError("no b-tree page found")


def deposit(path: Path, lang: dict | None = None):
    return kasir("savings", "deposit", "--db", str(path), "--user", "bendahara", "--member", "1",
                 "--kind", "sukarela", "--amount", "10000", "--date", "2025-05-20",
                 password=DEMO_PASSWORD, env=lang or EN)


def crash_after_a_write(path: Path) -> None:
    """A process that writes and dies without closing: its WAL stays, held by nobody."""
    code = ("import os, sys\nfrom kasir.db import open_coop, transaction\n"
            "conn = open_coop(sys.argv[1])\nwith transaction(conn):\n"
            "    conn.execute(\"INSERT INTO settings (key, value) VALUES ('crash', '1')\")\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)
    assert os.path.getsize(f"{path}-wal") > 0


# ---- when the full check runs -------------------------------------------------------------

def test_a_damaged_page_is_refused_before_the_first_write(demo):
    damage_a_middle_page(demo)
    before = digest(demo)
    done = deposit(demo)
    assert done.returncode == 1 and "damaged" in done.stderr and "Traceback" not in done.stderr
    assert digest(demo) == before
    check = kasir("check", "--db", str(demo), password=None, env=EN)
    assert check.returncode == 1  # kasir check reads every page too


def test_after_an_unclean_shutdown_even_a_reading_command_checks_the_whole_file(demo):
    crash_after_a_write(demo)
    damage_a_middle_page(demo)
    before = digest(demo), digest(f"{demo}-wal")
    done = kasir("member", "list", "--db", str(demo), password=None, env=EN)
    assert done.returncode == 1 and "damaged" in done.stderr
    assert (digest(demo), digest(f"{demo}-wal")) == before  # not even the WAL was folded in


def test_after_an_unclean_shutdown_a_sound_file_opens_and_the_check_is_recorded(demo):
    crash_after_a_write(demo)
    assert integrity.left_unclean(demo)
    conn = open_coop(demo)
    try:
        assert conn.verified and not integrity.due(conn)
        assert conn.execute("SELECT value FROM settings WHERE key = 'crash'").fetchone() == ("1",)
    finally:
        conn.close()
    assert not integrity.left_unclean(demo)  # closed cleanly this time: the WAL is gone


def test_a_file_another_program_holds_open_is_not_taken_for_a_crash(demo):
    with held_by_a_writer(demo, "INSERT INTO settings (key, value) VALUES ('open', '1')"):
        assert os.path.getsize(f"{demo}-wal") > 0
        assert not integrity.left_unclean(demo)  # its WAL index is locked: someone is on it
    assert integrity.left_unclean(demo)  # killed: what a power cut leaves


def test_the_full_check_is_recorded_and_due_again_after_a_week(coop_path, clock):
    conn = open_coop(coop_path)
    try:
        assert not conn.verified  # never checked: due before the first write
        users.login(conn, "admin", PASSWORDS["admin"], clock=clock)  # the first write checks
        assert conn.verified and integrity.last_full_check(conn) is not None
    finally:
        conn.close()
    conn = open_coop(coop_path)
    try:
        assert conn.verified
        week_ago = dt.datetime.now(dt.UTC) - integrity.FULL_CHECK_EVERY - dt.timedelta(hours=1)
        conn.execute("UPDATE meta SET value = ? WHERE key = ?",
                     (week_ago.isoformat(), integrity.CHECKED_KEY))
    finally:
        conn.close()
    conn = open_coop(coop_path)
    try:
        assert not conn.verified and integrity.due(conn)
        integrity.check_if_due(conn)
        assert conn.verified and not integrity.due(conn)
    finally:
        conn.close()


def test_the_app_runs_a_due_full_check_before_anyone_signs_in(qtbot, demo, clock):
    from kasir.ui import app as app_mod

    damage_a_middle_page(demo)
    before = digest(demo)
    shell = app_mod.Shell(demo, clock=clock)
    shell.start()
    try:
        qtbot.waitUntil(lambda: shell.opening is not None and shell.opening.thread.isFinished()
                        and shell.opening.error is not None, timeout=30_000)
        assert shell.session is None and not shell.login.form.button.isEnabled()
        assert shell.login.form.error_label.text() == str(damaged(demo))
    finally:
        shell.login.close()
        shell.close()
    assert digest(demo) == before


# ---- "damaged" only after a re-check ------------------------------------------------------

def stale_read_failure(path: Path) -> sqlite3.DatabaseError:
    """A real failure through one connection on a sound file: a connection that trusts the
    file not to change (``immutable``) reads pages another connection has since moved."""
    writer = sqlite3.connect(str(path), isolation_level=None)
    writer.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, t TEXT)")
    writer.executemany("INSERT INTO scratch (t) VALUES (?)", [("x" * 50,)] * 2000)
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reader = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        reader.execute("SELECT count(*) FROM accounts").fetchone()
        writer.execute("DELETE FROM scratch WHERE id % 3 = 0")
        writer.executemany("INSERT INTO scratch (t) VALUES (?)", [("y" * 300,)] * 3000)
        writer.execute("VACUUM")
        writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        writer.close()
        with pytest.raises(sqlite3.DatabaseError) as failed:
            reader.execute("SELECT * FROM accounts").fetchall()
        assert "malformed" in str(failed.value)
        return failed.value
    finally:
        reader.close()


def test_a_failed_read_on_a_sound_file_is_not_called_damaged(coop_path, english):
    from kasir.db.connection import friendly
    from kasir.ui.feedback import message_for

    failure = stale_read_failure(coop_path)
    said = str(friendly(failure, coop_path))
    assert "not damaged" in said and str(coop_path) in said and "restore" not in said
    text, refusal = message_for(failure)  # the app, where no path is at hand: no verdict
    assert refusal and "damaged" not in text and "kasir check" in text


def test_a_failed_read_on_a_damaged_file_is_called_damaged(demo, english):
    from kasir.db.connection import friendly

    conn = open_coop(demo)  # the cheap check passes; the damage is deeper
    conn.close()
    damage_a_middle_page(demo)
    reader = sqlite3.connect(str(demo))
    failure = None
    try:
        for (table,) in reader.execute("SELECT name FROM sqlite_schema WHERE type = 'table'"):
            try:
                reader.execute(f"SELECT * FROM {table}").fetchall()
            except sqlite3.DatabaseError as exc:
                failure = exc
                break
    finally:
        reader.close()
    assert failure is not None
    assert str(friendly(failure, demo)) == str(damaged(demo))


@pytest.fixture
def reports_page(qtbot, ui_session):
    from kasir.ui.pages.reports import ReportsPage

    page = ReportsPage(ui_session("bendahara"))
    qtbot.addWidget(page)
    page.show()
    page.report.setCurrentIndex(page.report.findData("neraca-saldo"))
    page.period.setText("2025-06")
    return page


def _report_message(qtbot, page) -> str:
    page.show_report()
    qtbot.waitUntil(lambda: page.show_button.isEnabled() and bool(page.message.text()),
                    timeout=60_000)
    return page.message.text()


def test_the_reports_page_says_damaged_only_when_the_file_fails_a_recheck(qtbot, reports_page,
                                                                         monkeypatch, tmp_path):
    from kasir.reports import registry

    sound = tmp_path / "sound" / "koperasi.sqlite"
    sound.parent.mkdir()
    shutil.copy(reports_page.session.path, sound)
    failure = stale_read_failure(sound)  # a real failed read, raised by the report's build

    def failing_build(*_args, **_kwargs):
        raise failure
    monkeypatch.setattr(registry, "build", failing_build)
    said = _report_message(qtbot, reports_page)
    assert said == _("The co-op file {path} could not be read just now, but it was checked again "
                     "and is not damaged. Nothing was changed. Try again; if it keeps happening, "
                     "close kasir and start it again.").format(path=reports_page.session.path)


def test_the_reports_page_says_damaged_when_the_file_is(qtbot, reports_page):
    path = reports_page.session.path
    raw = sqlite3.connect(str(path))
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    root = raw.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'accounts'").fetchone()[0]
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    with open(path, "r+b") as fh:  # the disk fails under the running app
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff")
    assert _report_message(qtbot, reports_page) == str(damaged(path))


# ---- a read-only co-op file ---------------------------------------------------------------

def as_nobody(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """``kasir ARGS`` as an unprivileged user (root writes whatever the permission bits say)."""
    if os.geteuid() != 0:
        return kasir(*args, password=DEMO_PASSWORD)
    if not shutil.which("setpriv"):
        pytest.skip("needs setpriv to drop root")
    _nobody_can_run_kasir()
    env = {k: v for k, v in os.environ.items() if k not in ("KASIR_LANG", "KASIR_PASSWORD")}
    env.update(HOME=str(folder), KASIR_HOME=str(folder), KASIR_PASSWORD=DEMO_PASSWORD,
               PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                           sys.executable, "-m", "kasir", *args], capture_output=True, text=True,
                          env=env, timeout=120)


@functools.cache
def _nobody_may_import_kasir() -> bool:
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            sys.executable, "-c", "import kasir"], capture_output=True, timeout=60,
                           cwd="/")
    return probe.returncode == 0


def _nobody_can_run_kasir() -> None:
    """A checkout or Python under a folder only root may enter (``/root`` is 0700 on a fresh
    Debian) cannot run as another user at all: that is the machine, not the file's rights."""
    if not _nobody_may_import_kasir():
        pytest.skip("this checkout or its Python is not readable by an unprivileged user")


@pytest.fixture
def read_only_place(small_demo):
    """A folder any user may enter, holding a copy of the demo; the test takes rights away."""
    folder = Path(tempfile.mkdtemp(prefix="kasir-ro-"))
    folder.chmod(0o755)
    path = folder / "koperasi.sqlite"
    shutil.copy(small_demo, path)
    yield folder, path
    folder.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_file_can_be_read_and_a_write_says_how_to_fix_it(read_only_place, locked):
    folder, path = read_only_place
    if locked == "file":  # the folder is open to all: only the file stops the write
        folder.chmod(0o777)
        path.chmod(0o444)
    else:  # the file is open to all, but the WAL could not be made beside it
        path.chmod(0o666)
        folder.chmod(0o555)
    before = digest(path)
    listed = as_nobody(folder, "member", "list", "--db", str(path))
    assert listed.returncode == 0, listed.stderr
    assert "00001" in listed.stdout
    refused = as_nobody(folder, "savings", "deposit", "--db", str(path), "--user", "bendahara",
                        "--member", "1", "--kind", "sukarela", "--amount", "10000")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    named = folder if locked == "folder" else path
    assert f"{named} " in refused.stderr or f"{named}," in refused.stderr
    assert "Windows" in refused.stderr and "izin" in refused.stderr  # Indonesian: permission
    assert digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["koperasi.sqlite"]  # nothing left behind


def test_a_read_only_file_with_a_wal_another_user_writes_is_read_through_it(read_only_place):
    folder, path = read_only_place
    with held_by_a_writer(path, "UPDATE members SET name = 'Nama Baru' WHERE number = '00001'"):
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            name.chmod(0o444)
        listed = as_nobody(folder, "member", "list", "--db", str(path))
        assert listed.returncode == 0, listed.stderr
        assert "Nama Baru" in listed.stdout  # the owner's commit, still in the WAL


def test_an_older_read_only_file_is_refused_untouched_rather_than_upgraded(read_only_place):
    folder, path = read_only_place
    raw = sqlite3.connect(str(path))
    version = raw.execute("PRAGMA user_version").fetchone()[0]
    raw.execute(f"PRAGMA user_version = {version - 1}")  # as if written by an older kasir
    raw.close()
    folder.chmod(0o777)
    path.chmod(0o444)
    before = digest(path)
    refused = as_nobody(folder, "member", "list", "--db", str(path))
    assert refused.returncode == 1 and "Windows" in refused.stderr
    assert digest(path) == before and sorted(p.name for p in folder.iterdir()) == [path.name]
