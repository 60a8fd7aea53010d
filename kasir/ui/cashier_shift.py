"""Opening and closing the till's shift (buka/tutup kasir).

:class:`OpenShiftPanel` is what the cashier screen shows while no shift is open on its till:
the float, and a button to open. :class:`CloseShiftDialog` counts the drawer note by note and
coin by coin (Rp100.000 … Rp100) and shows, as the counts are typed, what the books expect,
what was counted and the difference; OK closes the shift through ``kasir.books.shifts``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from kasir.books import shifts
from kasir.i18n import _, rupiah
from kasir.ui.cashier_dialogs import CashierDialog
from kasir.ui.feedback import attempt
from kasir.ui.session import Session
from kasir.ui.widgets import RIGHT, MoneyEdit, enlarge


class OpenShiftPanel(QWidget):
    """"No shift is open": the float field and the open button. Emits ``opened(shift)``."""

    opened = Signal(object)

    def __init__(self, session: Session, till: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openShiftPanel")
        self.session = session
        self._till = till
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.heading = enlarge(QLabel("", self), 1.5)
        self.heading.setObjectName("openShiftHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.heading)
        self.note = QLabel("", self)
        self.note.setObjectName("openShiftNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.float_edit = MoneyEdit(self, large=True)
        self.float_edit.setObjectName("floatEdit")
        self.float_edit.setMaximumWidth(360)
        self.float_edit.returnPressed.connect(self.open_shift)
        layout.addWidget(QLabel(_("Cash float in the drawer"), self), 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.float_edit, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button = QPushButton(_("Open the shift (Enter)"), self)
        self.button.setObjectName("openShiftButton")
        self.button.clicked.connect(self.open_shift)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_for(self, till: str, note: str = "") -> None:
        self.heading.setText(_("No shift is open on till {till}. Open one first.").format(till=till))
        self.note.setText(note)
        self.float_edit.clear()
        self.float_edit.setFocus()

    def open_shift(self) -> None:
        float_amount = attempt(self, self.float_edit.amount) if self.float_edit.text().strip() else 0
        if float_amount is None:
            return
        shift = attempt(self, shifts.open_shift, self.session.ctx, self._till(), float_amount)
        if shift is not None:
            self.session.changed("sales")
            self.opened.emit(shift)


class CloseShiftDialog(CashierDialog):
    """Count the drawer by denomination; expected, counted and difference shown live."""

    def __init__(self, session: Session, shift: shifts.Shift, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Close the shift of till {till}").format(till=shift.till),
                         _("Close the shift"), "closeShiftDialog", parent)
        self.shift = shift
        self.closed: shifts.Summary | None = None
        self.summary = shifts.summary(session.conn, shift.id)
        grid = QGridLayout()
        self.counts: dict[int, QSpinBox] = {}
        self.subtotals: dict[int, QLabel] = {}
        for row, denomination in enumerate(shifts.DENOMINATIONS):
            grid.addWidget(QLabel(rupiah(denomination), self), row, 0)
            spin = QSpinBox(self)
            spin.setObjectName(f"count_{denomination}")
            spin.setRange(0, 100_000)
            spin.setAlignment(RIGHT)
            spin.valueChanged.connect(self._recount)
            self.counts[denomination] = spin
            grid.addWidget(spin, row, 1)
            self.subtotals[denomination] = QLabel("", self)
            self.subtotals[denomination].setAlignment(RIGHT)
            grid.addWidget(self.subtotals[denomination], row, 2)
        self.form.addRow(grid)
        s = self.summary
        self.form.addRow(_("Float"), QLabel(rupiah(shift.float), self))
        self.form.addRow(_("Cash sales"), QLabel(rupiah(s.by_payment["cash"]), self))
        self.form.addRow(_("Cash refunds"), QLabel(rupiah(s.refunds), self))
        self.expected_label = enlarge(QLabel(rupiah(s.expected), self), 1.3)
        self.expected_label.setObjectName("expectedLabel")
        self.counted_label = enlarge(QLabel("", self), 1.3)
        self.counted_label.setObjectName("countedLabel")
        self.difference_label = enlarge(QLabel("", self), 1.3)
        self.difference_label.setObjectName("differenceLabel")
        self.form.addRow(_("Expected in the drawer"), self.expected_label)
        self.form.addRow(_("Counted"), self.counted_label)
        self.form.addRow(_("Difference"), self.difference_label)
        self._recount()
        self.counts[shifts.DENOMINATIONS[0]].setFocus()

    def drawer(self) -> dict[int, int]:
        return {d: spin.value() for d, spin in self.counts.items() if spin.value()}

    def _recount(self) -> None:
        for denomination, spin in self.counts.items():
            self.subtotals[denomination].setText(rupiah(denomination * spin.value(), symbol=False))
        counted = shifts.count_cash(self.drawer())
        self.counted_label.setText(rupiah(counted))
        self.difference_label.setText(difference_text(counted - self.summary.expected))

    def submit(self) -> shifts.Summary:
        self.closed = shifts.close_shift(self.session.ctx, self.shift.till, self.drawer())
        self.session.changed("sales")
        self.session.changed("ledger")
        return self.closed


def difference_text(diff: int) -> str:
    if diff < 0:
        return _("short by {amount}").format(amount=rupiah(-diff))
    if diff > 0:
        return _("over by {amount}").format(amount=rupiah(diff))
    return _("exact ({amount})").format(amount=rupiah(0))
