"""The pay dialog: the total in large digits, then cash (tendered → change), member credit
(within the limit) or non-cash (transfer or QRIS with its reference).

The dialog does not sell by itself: OK calls the page's ``checkout(payment, tendered,
reference)``, which runs ``kasir.books.sales.checkout``; a refusal (cash below the total,
credit over the limit, no reference) is shown in the dialog and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from kasir.books.sales import Sale
from kasir.errors import InvalidAmount
from kasir.i18n import _, rupiah
from kasir.ui.cashier_dialogs import CashierDialog
from kasir.ui.forms import set_message
from kasir.ui.session import Session
from kasir.ui.widgets import MoneyEdit, enlarge

NONCASH_KINDS = ("Transfer", "QRIS")  # names of payment channels, the same in both languages


class PayDialog(CashierDialog):
    """Take the payment for ``total``; ``credit_available`` is None for a non-member."""

    def __init__(self, total: int, checkout: Callable[[str, int | None, str], Sale], *,
                 session: Session, credit_available: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, _("Payment"), _("Pay (Enter)"), "payDialog", parent)
        self.total = total
        self._checkout = checkout
        self.sale: Sale | None = None
        self.total_label = enlarge(QLabel(rupiah(total), self), 2.6)
        self.total_label.setObjectName("payTotal")
        self.form.addRow(_("Total"), self.total_label)
        self.methods = QButtonGroup(self)
        row = QHBoxLayout()
        for key, text in (("cash", _("&Cash")), ("credit", _("Member c&redit")),
                          ("noncash", _("&Non-cash"))):
            button = QRadioButton(text, self)
            button.setObjectName(f"pay_{key}")
            button.setProperty("payment", key)
            self.methods.addButton(button)
            row.addWidget(button)
        self.form.addRow(_("Pay by"), row)
        self.tendered = MoneyEdit(self, large=True)
        self.tendered.setObjectName("tenderedEdit")
        self.tendered.setPlaceholderText(rupiah(total, symbol=False))
        self.tendered.textChanged.connect(self._show_change)
        self.form.addRow(_("Cash given"), self.tendered)
        self.change_label = enlarge(QLabel("", self), 2.2)
        self.change_label.setObjectName("payChange")
        self.form.addRow(_("Change"), self.change_label)
        self.credit_label = QLabel(self._credit_text(credit_available), self)
        self.credit_label.setObjectName("payCreditAvailable")
        self.form.addRow(_("Credit"), self.credit_label)
        self.kind = QComboBox(self)
        self.kind.setObjectName("noncashKind")
        self.kind.addItems(NONCASH_KINDS)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("referenceEdit")
        self.reference.setPlaceholderText(_("Transfer or QRIS reference"))
        ref_row = QHBoxLayout()
        ref_row.addWidget(self.kind)
        ref_row.addWidget(self.reference, 1)
        self.form.addRow(_("Reference"), ref_row)
        self.button("credit").setEnabled(credit_available is not None)
        self.methods.buttonToggled.connect(lambda _b, on: on and self._method_changed())
        self.button("cash").setChecked(True)
        self._show_change()
        self.resize(560, 420)

    @staticmethod
    def _credit_text(available: int | None) -> str:
        if available is None:
            return _("Only members can buy on credit.")
        return _("{amount} can still be bought on credit.").format(amount=rupiah(max(available, 0)))

    def button(self, payment: str) -> QRadioButton:
        return next(b for b in self.methods.buttons() if b.property("payment") == payment)

    def payment(self) -> str:
        return self.methods.checkedButton().property("payment")

    def choose(self, payment: str) -> None:
        self.button(payment).setChecked(True)

    def _method_changed(self) -> None:
        payment = self.payment()
        self.tendered.setEnabled(payment == "cash")
        self.kind.setEnabled(payment == "noncash")
        self.reference.setEnabled(payment == "noncash")
        (self.tendered if payment == "cash" else self.reference).setFocus()
        self.error.clear()
        self._show_change()

    def _show_change(self) -> None:
        if self.payment() != "cash":
            self.change_label.setText("")
            return
        try:
            given = self.tendered.amount() if self.tendered.text().strip() else self.total
        except InvalidAmount:
            self.change_label.setText("")
            return
        short = given < self.total
        set_message(self.change_label, _("short by {amount}").format(amount=rupiah(self.total - given))
                    if short else rupiah(given - self.total), error=True if short else None)

    def submit(self) -> Sale:
        payment = self.payment()
        tendered, reference = None, ""
        if payment == "cash" and self.tendered.text().strip():  # empty: the exact amount
            tendered = self.tendered.amount()
        if payment == "noncash" and self.reference.text().strip():
            reference = f"{self.kind.currentText()} {self.reference.text().strip()}"
        self.sale = self._checkout(payment, tendered, reference)
        return self.sale
