"""Administration → Receipt printer: where the till's receipts go and on what paper.

The settings are :class:`kasir.reports.receipt.PrinterSettings` (it checks the address for
the chosen kind of printer); the hint under the address says what to type for that kind.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from kasir.i18n import _
from kasir.reports.receipt import ADDRESS_HINTS, TARGET_LABELS, TARGETS, WIDTHS, PrinterSettings
from kasir.ui.forms import MessageLine, narrow_column, run_event
from kasir.ui.session import Session


class PrinterTab(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("printerTab")
        self.target = QComboBox(objectName="printerTargetCombo")
        for target in TARGETS:
            self.target.addItem(_(TARGET_LABELS[target]), target)
        self.target.currentIndexChanged.connect(self._show_hint)
        self.address = QLineEdit(objectName="printerAddressEdit")
        self.hint = QLabel(objectName="printerHint", wordWrap=True)
        self.width = QComboBox(objectName="printerWidthCombo")
        for mm, chars in WIDTHS.items():
            self.width.addItem(_("{mm} mm ({chars} characters a line)").format(mm=mm, chars=chars), mm)
        self.save_button = QPushButton(_("&Save printer settings"), objectName="savePrinterButton")
        self.save_button.clicked.connect(self.save)
        self.message = MessageLine("printerMessage")
        form = QFormLayout()
        form.addRow(_("&Printer"), self.target)
        form.addRow(_("&Address"), self.address)
        form.addRow("", self.hint)
        form.addRow(_("Paper &width"), self.width)
        layout = narrow_column(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _show_hint(self) -> None:
        self.hint.setText(_(ADDRESS_HINTS[self.target.currentData()]))

    def refresh(self) -> None:
        settings = PrinterSettings.load(self.session.conn)
        self.target.setCurrentIndex(max(self.target.findData(settings.target), 0))
        self.address.setText(settings.address)
        self.width.setCurrentIndex(max(self.width.findData(settings.width), 0))
        self._show_hint()
        editable = self.session.may("settings.edit")
        for widget in (self.target, self.address, self.width, self.save_button):
            widget.setEnabled(editable)

    def typed(self) -> PrinterSettings:
        return PrinterSettings(self.target.currentData(), self.address.text(), self.width.currentData())

    def save(self) -> None:
        done, saved = run_event(self.message, PrinterSettings.save, self.session.ctx, self.typed())
        if done:
            self.session.changed("settings")
            self.refresh()
            self.message.ok(_("Receipts go to: {printer} {address}, {mm} mm paper.").format(
                printer=_(TARGET_LABELS[saved.target]), address=saved.address, mm=saved.width))
