"""Administration → Backup and restore.

"Back up now" copies the open co-op file into ``backups/`` beside it, off the GUI thread with
a progress dialog; :func:`kasir.books.backups.back_up` checks the copy (``integrity_check``)
before it keeps it, so a backup in the list is a verified one, and the tab says so with its
size and path. A restore (administrator only, after a confirmation; another co-op's backup is
refused before anything is closed) closes the file, puts a verified copy of the chosen backup
in its place (the replaced file is kept aside) and opens the file again; everyone then signs
in again, on the books as they were at that backup. Both are audited by the books, as the
signed-in user: the backup in the co-op file, the restore in the restored file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kasir.books import backups
from kasir.books.context import Context
from kasir.db import backup as backup_mod
from kasir.db import open_coop
from kasir.i18n import _, datetime, number
from kasir.paths import backups_dir_for
from kasir.ui.forms import MessageLine, run_event
from kasir.ui.session import Session
from kasir.ui.widgets import RIGHT, item_table
from kasir.ui.worker import Background, run_in_background


def size_text(size: int) -> str:
    """Bytes as the user reads them: ``840 KB``, ``12 MB``."""
    if size >= 10 * 1024 * 1024:
        return _("{n} MB").format(n=number(size // (1024 * 1024)))
    return _("{n} KB").format(n=number(max(size // 1024, 1)))


def made_at(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


class BackupTab(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("backupTab")
        self.job: Background | None = None
        self.confirm_box: QMessageBox | None = None
        self.folder_label = QLabel(objectName="backupFolder", wordWrap=True)
        self.backup_button = QPushButton(_("&Back up now (Ctrl+B)"), objectName="backupButton")
        self.backup_button.setShortcut(QKeySequence("Ctrl+B"))
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton(_("&Restore the chosen backup…"), objectName="restoreButton")
        self.restore_button.clicked.connect(self.ask_restore)
        self.table = item_table("backupsTable", [_("Made"), _("Size"), _("File")])
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = MessageLine("backupMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("Backups in the folder, newest first:")))
        layout.addWidget(self.table, 1)
        self.backups: list[Path] = []

    @property
    def folder(self) -> Path:
        return backups_dir_for(self.session.path)

    def refresh(self) -> None:
        self.folder_label.setText(_("Backups are kept in {folder}. Copy them to a USB stick now "
                                    "and then, and keep it away from this PC.").format(folder=self.folder))
        self.backups = list(reversed(backup_mod.list_backups(self.folder, stem=self.session.path.stem)))
        self.table.setRowCount(len(self.backups))
        for row, path in enumerate(self.backups):
            size = QTableWidgetItem(size_text(path.stat().st_size))
            size.setTextAlignment(RIGHT)
            self.table.setItem(row, 0, QTableWidgetItem(datetime(made_at(path), "short")))
            self.table.setItem(row, 1, size)
            self.table.setItem(row, 2, QTableWidgetItem(path.name))
        self._update_buttons()

    def chosen(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def busy(self) -> bool:
        return self.job is not None and self.job.is_running()

    def _update_buttons(self) -> None:
        signed_in = self.session.ctx is not None
        self.backup_button.setEnabled(signed_in and self.session.may("backup") and not self.busy())
        self.restore_button.setEnabled(signed_in and self.session.may("restore") and not self.busy()
                                       and self.chosen() is not None)

    # ---- backup -------------------------------------------------------------------------------

    def back_up(self) -> None:
        if self.busy() or not run_event(self.message, self.session.ctx.require, "backup")[0]:
            return
        path, folder = self.session.path, self.folder
        user, clock = self.session.user, self.session.ctx.clock

        def work(progress):
            progress(0, 0, _("Copying and checking the co-op file…"))
            conn = open_coop(path)  # the worker thread's own connection
            try:
                return backups.back_up(Context(conn, user, clock), folder, stem=path.stem)
            finally:
                conn.close()

        self.message.ok(_("Backing up…"))
        self.job = run_in_background(self, _("Backing up the co-op file…"), work,
                                     done=self._backed_up, failed=self._failed)
        self._update_buttons()

    def _backed_up(self, made: Path) -> None:
        self.refresh()
        self.message.ok(_("Backup written and verified: integrity check ok, {size}, {path}").format(
            size=size_text(made.stat().st_size), path=made))

    def _failed(self, _exc: BaseException) -> None:  # the worker has shown why
        self.refresh()
        self.message.refusal(_("No backup was made."))

    # ---- restore ------------------------------------------------------------------------------

    def ask_restore(self) -> None:
        chosen = self.chosen()
        if chosen is None or self.busy() or not run_event(
                self.message, backups.check_restore, self.session.ctx, chosen)[0]:
            return  # not an administrator, or another co-op's backup: nothing was closed
        box = QMessageBox(QMessageBox.Icon.Warning, _("Restore a backup"),
                          _("Replace the co-op file with the backup of {when}? Everything recorded "
                            "since then will be gone from the books (the current file is kept "
                            "aside). Everyone must sign in again afterwards.").format(
                              when=datetime(made_at(chosen), "short")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("restoreConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _result: self._answered(
            box.clickedButton() is box.button(QMessageBox.StandardButton.Yes), chosen))
        self.confirm_box = box
        box.open()

    def _answered(self, yes: bool, chosen: Path) -> None:
        if not yes or self.session.ctx is None:  # the screen may have been locked meanwhile
            self.message.ok(_("Nothing was changed."))
            return
        path, user, clock = self.session.path, self.session.user, self.session.ctx.clock
        self.session.release()  # the file must be closed while it is replaced

        def work(progress):
            progress(0, 0, _("Checking the backup and putting it in place…"))
            conn = open_coop(path)  # the worker's own; the restore closes it before replacing
            try:
                return backups.restore_as(Context(conn, user, clock), chosen)
            finally:
                conn.close()

        self.job = run_in_background(self, _("Restoring the backup…"), work,
                                     done=lambda aside: self._restored(chosen, aside),
                                     failed=self._restore_failed)
        self._update_buttons()

    def _restored(self, chosen: Path, aside: Path | None) -> None:
        self.session.reopen()
        self._ask_sign_in()
        self.refresh()
        text = _("Restored from {backup}. Sign in again.").format(backup=chosen.name)
        if aside:
            text += " " + _("The replaced file was kept as {aside}.").format(aside=aside)
        self.message.ok(text)

    def _restore_failed(self, _exc: BaseException) -> None:  # the worker has shown why
        self.session.reopen()  # the file was left as it was
        self._ask_sign_in()
        self.refresh()
        self.message.refusal(_("The backup was not restored; the co-op file is as it was. "
                               "Sign in again."))

    def _ask_sign_in(self) -> None:
        """Nobody is signed in after a reopen: the main window's lock screen asks (the app may
        also rebuild its windows on ``Session.reopened``)."""
        lock = getattr(self.window(), "lock", None)
        if callable(lock):
            lock(switch=True)
