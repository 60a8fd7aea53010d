"""Issue 9 A: what the app says is saved stays saved while a file dialog shows the co-op file.

POSIX locks belong to the process and are dropped when *any* descriptor of the file is closed.
Qt's own file dialog reads every file it lists (icons, MIME types), the co-op file, its -wal
and -shm among them; then a ``kasir`` command, seeing nobody else on the file, deletes the WAL
the app goes on writing to. These tests run the real dialog on the folder holding the file,
with the app's real session open and a real ``kasir`` command using the file meanwhile, and
then check from a third process that every record is there, and that no descriptor of this
process points at a deleted file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import kasir
from conftest import make_nik

from kasir.books import members, savings
from kasir.db import open_coop
from kasir.db.connection import refuse_coop_target, transaction
from kasir.ui.file_dialogs import save_dialog

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc/self/fd and /proc/locks")

SIDES = ("", "-wal", "-shm")


def deleted_descriptors(path: Path) -> list[str]:
    """This process's descriptors that point at a deleted co-op file, -wal or -shm."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the descriptor listdir itself used
            continue
        if target.startswith(str(path)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def my_locks(path: Path) -> set[str]:
    """Which of the file, its -wal and -shm this process holds a POSIX lock on."""
    inodes = {os.stat(f"{path}{side}").st_ino: side for side in SIDES
              if os.path.exists(f"{path}{side}")}
    held = set()
    with open("/proc/locks", encoding="ascii") as fh:
        for line in fh:
            fields = line.split()
            pid, inode = fields[4], int(fields[5].rsplit(":", 1)[1])
            if pid == str(os.getpid()) and inode in inodes:
                held.add(inodes[inode])
    return held


def seen_elsewhere(path: Path) -> set[int]:
    """The savings rows a third process reads from the file."""
    code = ("import sys, pysqlite3.dbapi2 as s; c = s.connect(sys.argv[1]); "
            "print(' '.join(str(r[0]) for r in c.execute('SELECT id FROM savings_tx')))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True, timeout=60)
    return {int(word) for word in done.stdout.split()}


def deposit(session, member, amount: int) -> int:
    return savings.deposit(session.ctx, member.id, "sukarela", amount)


def command_while_shown(qtbot, dialog, path: Path) -> None:
    """Show ``dialog`` until its folder is listed with icons, then run a ``kasir`` command on
    the file while it is still open, then close it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(1500)  # the file system model lists the folder and asks for each icon
    env = {k: v for k, v in os.environ.items() if k != "KASIR_PASSWORD"}
    other = subprocess.Popen([sys.executable, "-m", "kasir", "supplier", "list", "--db", str(path)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    qtbot.waitUntil(lambda: other.poll() is not None, timeout=60_000)
    assert other.returncode == 0, other.stderr.read()
    dialog.close()
    qtbot.wait(200)


def _browse_and_record(qtbot, ui_session, make_dialog) -> tuple[Path, set[int], object]:
    session = ui_session("bendahara")
    path = session.path
    member = members.register(session.ctx, nik=make_nik(gender="P"), name="Siti Aminah", gender="P",
                              join_date="2025-01-10")
    recorded = {deposit(session, member, 10_000)}
    command_while_shown(qtbot, make_dialog(path.parent), path)
    recorded |= {deposit(session, member, 20_000 + i) for i in range(3)}  # "Sudah dicatat"
    assert kasir("supplier", "list", "--db", str(path), password=None).returncode == 0
    return path, recorded, session


def test_the_apps_save_dialog_keeps_every_record_visible_to_other_programs(qtbot, ui_session):
    path, recorded, _session = _browse_and_record(
        qtbot, ui_session, lambda folder: save_dialog(None, "Simpan", folder, "buku.pdf", ".pdf",
                                                      "PDF (*.pdf)", "passbookFileDialog"))
    assert recorded <= seen_elsewhere(path)
    assert deleted_descriptors(path) == []
    assert {"", "-shm"} <= my_locks(path)  # the app still holds its file and its WAL index


def test_qts_own_dialog_would_lose_them_which_is_what_the_test_above_catches(qtbot, ui_session):
    """Today's dialog (the Savings page's: Qt's widget dialog with Qt's icon provider): the
    app's locks are gone, the WAL is deleted under it, later records are lost."""
    from PySide6.QtWidgets import QFileDialog

    def qt_dialog(folder):
        dialog = QFileDialog(None, "Simpan", str(folder), "PDF (*.pdf)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        return dialog
    path, recorded, _session = _browse_and_record(qtbot, ui_session, qt_dialog)
    assert not recorded <= seen_elsewhere(path)
    assert deleted_descriptors(path)


def test_closing_any_descriptor_of_the_file_drops_the_locks(coop_path):
    """The mechanism without Qt: open and close the file and its -shm as a dialog does."""
    conn = open_coop(coop_path)
    try:
        settings = conn.execute("SELECT count(*) FROM settings").fetchone()[0]
        with transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('before', '1')")
        for side in ("", "-shm"):
            os.close(os.open(f"{coop_path}{side}", os.O_RDONLY))
        assert my_locks(coop_path) == set()
        assert kasir("supplier", "list", "--db", str(coop_path), password=None).returncode == 0
        with transaction(conn):
            conn.execute("INSERT INTO settings (key, value) VALUES ('after', '1')")
        assert deleted_descriptors(coop_path)
        # "saved", yet another program does not see it, and a power cut now would lose it
        assert settings_seen_elsewhere(coop_path) == settings + 1
    finally:
        conn.close()


def settings_seen_elsewhere(path: Path) -> int:
    code = ("import sys, pysqlite3.dbapi2 as s; c = s.connect(sys.argv[1]); "
            "print(c.execute('SELECT count(*) FROM settings').fetchone()[0])")
    return int(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              text=True, check=True, timeout=60).stdout)


def test_a_second_connection_of_the_process_never_probes_the_files_locks(coop_path):
    """Opening checks whether the last session closed by probing the -shm's lock; that probe
    opens and closes the -shm, so it must not run while this process holds the file."""
    first = open_coop(coop_path)
    try:
        with transaction(first):
            first.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
        assert os.path.getsize(f"{coop_path}-wal") > 0
        held = my_locks(coop_path)
        second = open_coop(coop_path)  # as the Reports page's worker does
        second.close()
        assert my_locks(coop_path) == held == {"", "-shm"}
    finally:
        first.close()


@pytest.mark.parametrize("side", (*SIDES, "-journal"))
def test_saving_over_the_coop_file_or_its_side_files_is_refused(coop_path, tmp_path, side):
    from kasir.errors import InvalidInput

    with pytest.raises(InvalidInput):
        refuse_coop_target(tmp_path / f"{coop_path.name}{side}", coop_path)
    (tmp_path / "link.pdf").symlink_to(coop_path)
    with pytest.raises(InvalidInput):
        refuse_coop_target(tmp_path / "link.pdf", coop_path)
    refuse_coop_target(tmp_path / "buku.pdf", coop_path)  # any other name is fine


def test_every_file_dialog_of_the_app_comes_from_the_one_helper():
    """A QFileDialog made anywhere else would read the files it lists again."""
    ui = Path(__file__).resolve().parents[1] / "kasir" / "ui"
    elsewhere = [f"{p.relative_to(ui)}: {line.strip()}" for p in ui.rglob("*.py")
                 if p.name != "file_dialogs.py"
                 for line in p.read_text(encoding="utf-8").splitlines()
                 if "QFileDialog" in line and not line.strip().startswith("#")]
    assert elsewhere == []
