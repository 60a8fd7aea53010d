"""The Stock page's Write-offs tab: take damaged or expired goods out of stock with the
reason, at average cost (``stock.write_off``), and see the write-offs of the last months."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kasir.books import items, stock
from kasir.i18n import _, date
from kasir.ui.feedback import guarded
from kasir.ui.forms import allow, date_edit, day_of
from kasir.ui.session import Session
from kasir.ui.stock_common import ItemPicker, format_quantity, parse_quantity
from kasir.ui.widgets import show_rows, table_view

LISTED_DAYS = 92   # the write-offs of about the last quarter


class WriteOffTab(QWidget):
    """The write-off form and the recent write-offs."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("stockWriteOffTab")
        self.form = QGroupBox(_("Write off damaged or expired goods"))
        self.item = ItemPicker(session, "writeoffItem", active_only=False)
        self.qty = QLineEdit()
        self.qty.setObjectName("writeoffQty")
        self.qty.setPlaceholderText(_("units of sale, for example 1 or 0,5"))
        self.reason = QLineEdit()
        self.reason.setObjectName("writeoffReason")
        self.reason.setPlaceholderText(_("damaged, expired, wet, leaking …"))
        self.reason.returnPressed.connect(self.write_off)
        self.day = date_edit(session.ctx.today(), "writeoffDate")
        self.button = QPushButton(_("Write off (F9)"))
        self.button.setObjectName("writeoffButton")
        self.button.clicked.connect(self.write_off)
        QShortcut(QKeySequence("F9"), self, self.write_off)
        form = QFormLayout(self.form)
        for label, widget in ((_("Item"), self.item), (_("Quantity"), self.qty),
                              (_("Reason"), self.reason), (_("Date"), self.day), ("", self.button)):
            form.addRow(label, widget)
        self.status = QLabel()
        self.status.setObjectName("writeoffStatus")
        self.table = table_view("writeoffsTable")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(_("Write-offs of the last three months")))
        layout.addWidget(self.table)

    def refresh(self) -> None:
        allow(self.session, "stock.write", self.form)
        self.item.reload()
        conn, today = self.session.conn, self.session.ctx.today()
        rows = []
        for w in stock.writeoffs(conn, today - dt.timedelta(days=LISTED_DAYS), today):
            item = items.get(conn, w.item_id)
            rows.append((date(w.date), w.name, format_quantity(w.quantity, item), item.unit,
                         w.value, w.reason))
        show_rows(self.table, [_("Date"), _("Item"), _("Quantity"), _("Unit"), _("Value"),
                               _("Reason")], rows, money_columns=(4,))

    @guarded
    def write_off(self) -> None:
        if not self.session.may("stock.write"):
            return
        item = self.item.item()
        base_qty = parse_quantity(self.qty.text(), item)
        stock.write_off(self.session.ctx, item.id, base_qty, reason=self.reason.text(),
                        date=day_of(self.day))
        self.status.setText(_("{qty} {unit} of {name} written off.").format(
            qty=format_quantity(base_qty, item), unit=item.unit, name=item.name))
        self.qty.clear()
        self.reason.clear()
        self.session.changed("stock")
        self.refresh()
