"""Administration → Data check: the same checks as ``kasir check``, run off the GUI thread.

Each check is listed with "ok" or what it found; the file is read, never changed.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from kasir.books import checks
from kasir.db import open_coop
from kasir.i18n import _, ngettext
from kasir.ui.forms import MessageLine
from kasir.ui.session import Session
from kasir.ui.widgets import item_table
from kasir.ui.worker import Background, run_in_background


class CheckTab(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("checkTab")
        self.job: Background | None = None
        self.report: checks.Report | None = None
        self.run_button = QPushButton(_("&Check the data (F5)"), objectName="runCheckButton")
        self.run_button.setShortcut(QKeySequence("F5"))
        self.run_button.clicked.connect(self.run_checks)
        self.table = item_table("checksTable", [_("Check"), _("Result"), _("Findings")])
        self.table.setWordWrap(True)
        self.message = MessageLine("checkMessage")
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Proves that the file is sound and that the books agree with "
                                  "themselves, as the command kasir check does. Nothing is changed."),
                                wordWrap=True))
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        """Nothing to reload: the checks run when asked for."""

    def run_checks(self) -> None:
        if self.job is not None and self.job.is_running():
            return
        path = self.session.path

        def work(progress):
            progress(0, 0, _("Checking the co-op file…"))
            conn = open_coop(path)  # the worker thread's own connection
            try:
                return checks.run(conn)
            finally:
                conn.close()

        self.run_button.setEnabled(False)
        self.message.ok(_("Checking…"))
        self.job = run_in_background(self, _("Checking the co-op file…"), work, done=self._show,
                                     failed=lambda _exc: self.run_button.setEnabled(True))

    def _show(self, report: checks.Report) -> None:
        self.report = report
        self.run_button.setEnabled(True)
        self.table.setRowCount(len(report.results))
        for row, result in enumerate(report.results):
            found = len(result.findings)
            status = _("ok") if not found else ngettext("{n} finding", "{n} findings", found).format(n=found)
            for col, text in enumerate((_(result.title), status, "\n".join(result.findings))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        sqlite = _("SQLite {version}.").format(version=report.sqlite_version)
        if report.ok:
            self.message.ok(_("All checks passed.") + " " + sqlite)
        else:
            self.message.refusal(_("Problems were found (see the list). Make a backup and ask "
                                   "whoever supports your co-op.") + " " + sqlite)
