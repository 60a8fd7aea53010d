"""The Stock page's Goods received tab: record a purchase from a supplier.

The treasurer picks the supplier, the date and how it is paid (cash, bank or on credit —
owed to the supplier), adds lines (item, whole units of sale, what the whole line cost) and
the transport paid to bring the goods in. Transport is part of the goods' cost: the books
share it over the lines in proportion to line cost (``purchases.landed_costs``), and the
table shows each line's share as it will be recorded. The month's purchases are listed below.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kasir.books import purchases, suppliers
from kasir.errors import InvalidAmount, InvalidInput
from kasir.i18n import N_, _, date, rupiah
from kasir.ui.feedback import guarded
from kasir.ui.forms import VIA_LABELS, allow, date_edit, day_of
from kasir.ui.session import Session
from kasir.ui.stock_common import ItemPicker, parse_quantity
from kasir.ui.widgets import MoneyEdit, selected_row, show_rows, table_view

PAYMENT_LABELS = {**VIA_LABELS, "credit": N_("On credit (owed)")}


class ReceiveTab(QWidget):
    """The goods-received form and this month's purchases."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("stockReceiveTab")
        self.lines: list[tuple[int, str, int, int]] = []   # item id, name, units, line cost
        self.form = self._form_box()
        self.recent = table_view("purchasesTable")
        self.status = QLabel()
        self.status.setObjectName("receiveStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(_("Purchases this month")))
        layout.addWidget(self.recent)

    def _form_box(self) -> QGroupBox:
        box = QGroupBox(_("Goods received"))
        self.supplier = QComboBox()
        self.supplier.setObjectName("receiveSupplier")
        self.day = date_edit(self.session.ctx.today(), "receiveDate")
        self.invoice = QLineEdit()
        self.invoice.setObjectName("receiveInvoice")
        self.payment = QComboBox()
        self.payment.setObjectName("receivePayment")
        for code, label in PAYMENT_LABELS.items():
            self.payment.addItem(_(label), code)
        self.item = ItemPicker(self.session, "receiveItem")
        self.qty = QLineEdit()
        self.qty.setObjectName("receiveQty")
        self.qty.setPlaceholderText(_("units"))
        self.cost = MoneyEdit()
        self.cost.setObjectName("receiveCost")
        self.cost.setPlaceholderText(_("cost of the line"))
        self.cost.returnPressed.connect(self.add_line)
        add = QPushButton(_("Add line"))
        add.setObjectName("receiveAddLine")
        add.clicked.connect(self.add_line)
        remove = QPushButton(_("Remove line (Del)"))
        remove.setObjectName("receiveRemoveLine")
        remove.clicked.connect(self.remove_line)
        self.table = table_view("receiveLines")
        self.transport = MoneyEdit()
        self.transport.setObjectName("receiveTransport")
        self.transport.setMaximumWidth(220)
        self.transport.textChanged.connect(self._show_lines)
        self.total = QLabel()
        self.total.setObjectName("receiveTotal")
        self.record_button = QPushButton(_("Record goods received (F9)"))
        self.record_button.setObjectName("receiveRecord")
        self.record_button.clicked.connect(self.record)
        head = QFormLayout()
        for label, widget in ((_("Supplier"), self.supplier), (_("Date"), self.day),
                              (_("Invoice no."), self.invoice), (_("Payment"), self.payment)):
            head.addRow(label, widget)
        line = QHBoxLayout()
        for widget, stretch in ((self.item, 3), (self.qty, 1), (self.cost, 2), (add, 0), (remove, 0)):
            line.addWidget(widget, stretch)
        foot = QHBoxLayout()
        foot.addWidget(QLabel(_("Transport and handling")))
        foot.addWidget(self.transport)
        foot.addWidget(self.total, 1)
        foot.addWidget(self.record_button)
        layout = QVBoxLayout(box)
        layout.addLayout(head)
        layout.addLayout(line)
        layout.addWidget(self.table)
        layout.addLayout(foot)
        QShortcut(QKeySequence("F9"), self, self.record)
        # Del in the lines table only: in a field it deletes a character
        delete = QShortcut(QKeySequence("Del"), self.table, self.remove_line)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._show_lines()
        return box

    def refresh(self) -> None:
        allow(self.session, "purchase.write", self.form)
        keep = self.supplier.currentData()
        self.supplier.clear()
        for supplier in suppliers.list_suppliers(self.session.conn, active_only=True):
            self.supplier.addItem(supplier.name, supplier.id)
        self.supplier.setCurrentIndex(max(self.supplier.findData(keep), 0))
        self.item.reload()
        today = self.session.ctx.today()
        rows = [(date(p.date), p.supplier, p.invoice, _(PAYMENT_LABELS.get(p.payment, p.payment)),
                 len(p.lines), p.transport, p.total)
                for p in reversed(purchases.list_purchases(self.session.conn, today.replace(day=1),
                                                           today))]
        show_rows(self.recent, [_("Date"), _("Supplier"), _("Invoice"), _("Payment"), _("Lines"),
                                _("Transport"), _("Total")], rows, money_columns=(5, 6))

    # ---- lines ------------------------------------------------------------------------------

    def _transport(self, *, strict: bool = False) -> int:
        """The transport typed; while typing, what cannot be read yet counts as nothing."""
        try:
            return self.transport.amount() if self.transport.text().strip() else 0
        except InvalidAmount:
            if strict:
                raise
            return 0

    def _show_lines(self, *_args) -> None:
        """The lines with each one's share of the transport, as the books will record it."""
        transport = self._transport()
        landed = (purchases.landed_costs([c for *_h, c in self.lines], [u for _i, _n, u, _c in self.lines],
                                         transport) if self.lines else [])
        rows = [(name, units, cost, total - cost, total, index)
                for index, ((_id, name, units, cost), total) in enumerate(zip(self.lines, landed,
                                                                              strict=True))]
        show_rows(self.table, [_("Item"), _("Units"), _("Cost"), _("Transport share"),
                               _("Cost in stock")], rows, money_columns=(2, 3, 4))
        self.total.setText(_("Total {amount}").format(amount=rupiah(sum(landed) if landed else transport)))

    @guarded
    def add_line(self) -> None:
        item = self.item.item()
        units = parse_quantity(self.qty.text(), item, whole_units=True) // item.unit_size
        cost = self.cost.amount()
        if units <= 0:
            raise InvalidAmount(N_("The quantity must be a whole number above zero (got {value})."),
                                value=self.qty.text())
        self.lines.append((item.id, item.name, units, cost))
        self.qty.clear()
        self.cost.clear()
        self.item.setFocus()
        self._show_lines()

    def remove_line(self) -> None:
        row = selected_row(self.table)
        if row is not None:
            del self.lines[row[-1]]
            self._show_lines()

    # ---- recording --------------------------------------------------------------------------

    @guarded
    def record(self) -> None:
        if not self.session.may("purchase.write"):
            return
        supplier_id = self.supplier.currentData()
        if supplier_id is None:
            raise InvalidInput(N_("Choose the supplier (add one on the Suppliers tab first)."))
        purchase_id = purchases.record(self.session.ctx, supplier_id,
                                       [(i, units, cost) for i, _n, units, cost in self.lines],
                                       date=day_of(self.day), payment=self.payment.currentData(),
                                       invoice=self.invoice.text(),
                                       transport=self._transport(strict=True))
        purchase = purchases.get(self.session.conn, purchase_id)
        self.lines = []
        self.invoice.clear()
        self.transport.clear()
        self._show_lines()
        self.status.setText(_("Recorded: {supplier}, {total}, {count} lines. Stock is updated.")
                            .format(supplier=purchase.supplier, total=rupiah(purchase.total),
                                    count=len(purchase.lines)))
        self.session.changed("stock")
        self.refresh()
