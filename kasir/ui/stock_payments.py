"""The Stock page's Supplier payments tab: what the co-op owes each supplier (purchases on
credit less payments), the payments made to the chosen one, and paying it.

A payment above what is owed is refused by the books (``purchases.pay_supplier``); an
inactive supplier can still be paid.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kasir.books import purchases, suppliers
from kasir.i18n import _, date, rupiah
from kasir.ui.feedback import guarded
from kasir.ui.forms import allow, date_edit, day_of, via_combo, via_label
from kasir.ui.session import Session
from kasir.ui.widgets import MoneyEdit, selected_row, show_rows, table_view


class PaymentsTab(QWidget):
    """Balances per supplier; the chosen supplier's payments; the pay form."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("stockPaymentsTab")
        self.balances = table_view("supplierBalances")
        self.history = table_view("supplierPayments")
        self.owed = QLabel()
        self.owed.setObjectName("supplierOwed")
        layout = QVBoxLayout(self)
        body = QHBoxLayout()
        body.addWidget(self.balances, 3)
        right = QVBoxLayout()
        right.addWidget(self.owed)
        right.addWidget(self.history)
        body.addLayout(right, 2)
        layout.addLayout(body)
        layout.addWidget(self._pay_box())

    def _pay_box(self) -> QGroupBox:
        self.pay_form = QGroupBox(_("Pay the chosen supplier"))
        self.amount = MoneyEdit()
        self.amount.setObjectName("payAmount")
        self.amount.setMaximumWidth(220)
        self.amount.returnPressed.connect(self.pay)
        self.via = via_combo(name="payVia")
        self.day = date_edit(self.session.ctx.today(), "payDate")
        everything = QPushButton(_("All that is owed"))
        everything.setObjectName("payAll")
        everything.clicked.connect(self.fill_owed)
        self.pay_button = QPushButton(_("Pay (F9)"))
        self.pay_button.setObjectName("payButton")
        self.pay_button.clicked.connect(self.pay)
        row = QHBoxLayout(self.pay_form)
        for widget in (QLabel(_("Amount")), self.amount, everything, QLabel(_("Via")), self.via,
                       QLabel(_("Date")), self.day, self.pay_button):
            row.addWidget(widget)
        row.addStretch()
        QShortcut(QKeySequence("F9"), self, self.pay)
        return self.pay_form

    def refresh(self) -> None:
        allow(self.session, "supplier.pay", self.pay_form)
        keep = self.supplier_id()
        rows = [(s.name, _("active") if s.active else _("inactive"), owed, s.id)
                for s, owed in suppliers.balances(self.session.conn)]
        show_rows(self.balances, [_("Supplier"), _("Status"), _("Owed")], rows, money_columns=(2,))
        ids = [r[-1] for r in rows]
        if ids:
            # start on the supplier owed most: the one most likely to be paid
            first = ids.index(keep) if keep in ids else max(range(len(rows)), key=lambda i: rows[i][2])
            self.balances.selectRow(first)
        self.show_supplier()
        self.balances.selectionModel().selectionChanged.connect(self.show_supplier)

    def supplier_id(self) -> int | None:
        row = selected_row(self.balances) if self.balances.model() else None
        return row[-1] if row else None

    def select_supplier(self, supplier_id: int) -> None:
        model = self.balances.model()
        for index in range(model.rowCount()):
            if model.row_at(index)[-1] == supplier_id:
                self.balances.selectRow(index)

    def show_supplier(self, *_args) -> None:
        supplier_id = self.supplier_id()
        rows, text = [], _("Choose a supplier.")
        if supplier_id is not None:
            conn = self.session.conn
            supplier = suppliers.get(conn, supplier_id)
            text = _("The co-op owes {name} {owed}.").format(
                name=supplier.name, owed=rupiah(suppliers.balance(conn, supplier_id)))
            rows = purchases.payments(conn, supplier_id)[::-1]
        self.owed.setText(text)
        show_rows(self.history, [_("Paid on"), _("Via"), _("Amount")], rows, money_columns=(2,),
                  fmt=lambda p: (date(p.date), via_label(p.via), p.amount))

    def fill_owed(self) -> None:
        supplier_id = self.supplier_id()
        if supplier_id is not None:
            self.amount.set_amount(suppliers.balance(self.session.conn, supplier_id))

    @guarded
    def pay(self) -> None:
        supplier_id = self.supplier_id()
        if supplier_id is None or not self.session.may("supplier.pay"):
            return
        purchases.pay_supplier(self.session.ctx, supplier_id, self.amount.amount(),
                               date=day_of(self.day), via=self.via.currentData())
        self.amount.clear()
        self.session.changed("stock")
        self.refresh()
