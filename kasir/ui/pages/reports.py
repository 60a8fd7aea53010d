"""The Reports page (Laporan): choose a report and a period, preview its pages, print, save.

Every report comes from :mod:`kasir.reports` — the registry's statements, the monthly pack
and the RAT pack — and is rendered to a PDF in the background (a progress bar shows while
the statements are built), then previewed page by page with Qt's PDF viewer. Printing sends
those same pages through Qt's print dialog, so what is printed is what was previewed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kasir.books import profile as profile_mod
from kasir.books import users
from kasir.db import open_coop
from kasir.db.connection import friendly, refuse_coop_target
from kasir.errors import InvalidInput, KasirError
from kasir.i18n import N_, _
from kasir.reports import registry
from kasir.reports.statement import parse_period
from kasir.ui.feedback import guarded, message_for
from kasir.ui.file_dialogs import ask_save_path
from kasir.ui.forms import MessageLine, set_message
from kasir.ui.pages.base import Page
from kasir.ui.widgets import shortcut
from kasir.ui.worker import run_in_background

PACK, RAT = "pack", "rat"
PAPERS = ("A4", "F4")


def _render(path: Path, choice: str, period_text: str, paper: str, options: dict,
            out: Path, progress) -> list:
    """Build and render one choice into ``out`` on a connection of this (worker) thread;
    returns the statements (empty for the packs, which are PDF only)."""
    # reportlab loads here, on the worker thread, the first time: the page opens at once
    from kasir.reports import pack, pdf, rat_pack

    conn = open_coop(path)
    try:
        def step(done: int, total: int) -> None:
            progress(done, total, _("Building the statements…"))
        if choice == PACK:
            pack.monthly_pack(conn, parse_period(period_text), out, paper=paper, progress=step)
            return []
        if choice == RAT:
            rat_pack.rat_pack(conn, int(parse_period(period_text).start.year), out, paper=paper,
                              progress=step)
            return []
        statement = registry.build(conn, choice, parse_period(period_text), **options)
        progress(1, 2, _("Laying out the pages…"))
        pdf.render_statements([statement], out, coop_profile=profile_mod.get(conn), paper=paper,
                              signatures=pdf.signer_names(users.list_users(conn)))
        return [statement]
    except Exception as exc:  # a failed read is "damaged" only if the file fails a re-check
        refusal = friendly(exc, path)
        if refusal is None:
            raise
        raise refusal from exc
    finally:
        conn.close()


class ReportsPage(Page):
    key = "reports"
    title = N_("Reports")
    keys = ((N_("F5"), N_("Show")), (N_("Ctrl+P"), N_("Print")), (N_("Ctrl+S"), N_("Save PDF")),
            (N_("Ctrl+E"), N_("Save XLSX")))

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.statements: list = []
        self.pdf_path: Path | None = None
        self._folder = folder = Path(tempfile.mkdtemp(prefix="kasir-reports-"))
        self.destroyed.connect(lambda *_: shutil.rmtree(folder, ignore_errors=True))
        self._serial = 0
        self.job = None
        # the OS file dialog, replaceable so tests can name the file without a modal dialog
        self.ask_save_path = self._ask_save_path
        self._build_form()
        self._build_preview()

    # ---- layout ---------------------------------------------------------------------------

    def _build_form(self) -> None:
        self.report = QComboBox(objectName="reportChoice")
        self.report.addItem(_("Monthly report pack"), PACK)
        self.report.addItem(_("RAT pack (book year)"), RAT)
        for spec in registry.REPORTS.values():
            self.report.addItem(spec.title, spec.name)
        self.report.currentIndexChanged.connect(self._choice_changed)
        today = self.session.ctx.today() if self.session.ctx else None
        self.period = QLineEdit(f"{today:%Y-%m}" if today else "", objectName="reportPeriod")
        self.period.setPlaceholderText(_("YYYY-MM, or YYYY for a year"))
        self.period.returnPressed.connect(self.show_report)
        self.option = QLineEdit(objectName="reportOption")
        self.paper = QComboBox(objectName="reportPaper")
        for paper in PAPERS:
            self.paper.addItem(paper, paper)
        self.message = MessageLine("reportMessage")
        form = QFormLayout()
        form.addRow(_("&Report"), self.report)
        form.addRow(_("&Period"), self.period)
        self.option_label = QLabel(_("&Option"))
        self.option_label.setBuddy(self.option)
        form.addRow(self.option_label, self.option)
        form.addRow(_("P&aper"), self.paper)
        self.show_button = self._button("showReport", _("Show (F5)"), self.show_report, "F5")
        self.print_button = self._button("printReport", _("Print… (Ctrl+P)"), self.print_report,
                                         "Ctrl+P")
        self.pdf_button = self._button("savePdf", _("Save PDF… (Ctrl+S)"), self.save_pdf, "Ctrl+S")
        self.xlsx_button = self._button("saveXlsx", _("Save XLSX… (Ctrl+E)"), self.save_xlsx,
                                        "Ctrl+E")
        buttons = QHBoxLayout()
        for b in (self.show_button, self.print_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.progress = QProgressBar(objectName="reportProgress")
        self.progress.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self._choice_changed()
        self._set_ready(False)

    def _build_preview(self) -> None:
        self.document = QPdfDocument(self)
        self.preview = QPdfView(self, objectName="reportPreview")
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setDocument(self.document)
        self.layout().addWidget(self.preview, 1)

    def _button(self, name: str, text: str, slot, key: str) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.clicked.connect(slot)
        shortcut(self, key, slot)
        return button

    def _choice_changed(self) -> None:
        choice = self.report.currentData()
        spec = registry.REPORTS.get(choice)
        wants = spec.options[0] if spec and spec.options else ""
        self.option.setVisible(bool(wants))
        self.option_label.setVisible(bool(wants))
        self.option.setPlaceholderText({"account": _("account code, e.g. 1-1100; empty: all"),
                                        "kind": _("pokok, wajib or sukarela")}.get(wants, ""))

    def _say(self, text: str, *, error: bool = False) -> None:
        """A line under the buttons: what was saved, or why the report could not be made."""
        set_message(self.message, text, error=error or None)

    def _set_ready(self, ready: bool) -> None:
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(ready)
        self.xlsx_button.setEnabled(ready and len(self.statements) == 1)

    # ---- making the report ------------------------------------------------------------------

    def show_report(self) -> None:
        """Check the form, then build and render in the background; the preview follows."""
        choice = self.report.currentData()
        try:
            parse_period(self.period.text())
            options = self._options(choice)
        except KasirError as exc:
            self._say(str(exc), error=True)
            return
        self._say("")
        self._serial += 1
        out = self._folder / f"report-{self._serial}.pdf"
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.show_button.setEnabled(False)
        path, period, paper = self.session.path, self.period.text().strip(), self.paper.currentData()

        def work(progress):
            return out, _render(path, choice, period, paper, options, out, progress)
        # quiet: the page shows its own progress bar, and why it failed on its message line
        self.job = run_in_background(self, _("Making the report…"), work, done=self._shown,
                                     failed=self._failed, quiet=True)
        self.job.job.progressed.connect(self._progressed)

    def _options(self, choice: str) -> dict:
        spec = registry.REPORTS.get(choice)
        value = self.option.text().strip()
        return {spec.options[0]: value} if spec and spec.options and value else {}

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _shown(self, result) -> None:
        previous = self.pdf_path
        self.pdf_path, self.statements = result
        if previous is not None:  # only the report in view is kept in the temporary folder
            self.document.close()
            previous.unlink(missing_ok=True)
        self.document.load(str(self.pdf_path))
        self._finish()
        self._set_ready(self.document.pageCount() > 0)

    def _failed(self, exc: BaseException) -> None:
        self._say(message_for(exc)[0], error=True)  # a bug is logged, and the log named
        self._finish()

    def _finish(self) -> None:
        self.progress.setVisible(False)
        self.show_button.setEnabled(True)

    # ---- printing and saving ----------------------------------------------------------------

    @guarded
    def print_report(self) -> None:
        if not self.document.pageCount():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print every previewed page on ``printer``; returns the number of pages sent."""
        painter = QPainter()
        if not painter.begin(printer):
            raise InvalidInput(N_("The printer could not be started. Check that it is on and "
                                  "chosen in the print dialog."))
        try:
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                scale = min(area.width() / points.width(), area.height() / points.height())
                image = self.document.render(page, QSize(int(points.width() * scale),
                                                         int(points.height() * scale)))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
        return self.document.pageCount()

    def _ask_save_path(self, suffix: str) -> Path | None:
        name = f"{self.report.currentData()}-{self.period.text().strip()}{suffix}"
        return ask_save_path(self, _("Save the report"), name, suffix)

    @guarded
    def save_pdf(self) -> None:
        if self.pdf_path is None:
            return
        target = self.ask_save_path(".pdf")
        if target:
            refuse_coop_target(target, self.session.path)
            shutil.copyfile(self.pdf_path, target)
            self._say(_("Saved: {path}").format(path=target))

    @guarded
    def save_xlsx(self) -> None:
        if len(self.statements) != 1:
            return
        target = self.ask_save_path(".xlsx")
        if target:
            refuse_coop_target(target, self.session.path)
            name = profile_mod.get(self.session.conn).name
            from kasir.reports import export  # openpyxl loads when first needed

            export.to_xlsx(self.statements[0], target, coop_name=name)
            self._say(_("Saved: {path}").format(path=target))
