"""The Stock page's Suppliers tab: who the shop buys from, what the co-op owes each, and each
supplier's weekly quotas with what arrived against them this ISO week (Monday to Sunday).

A quota is information, not a limit (see ``kasir.books.suppliers``): a week above it shows a
negative remainder.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kasir.books import items, suppliers
from kasir.i18n import _, date
from kasir.ui.feedback import guarded
from kasir.ui.forms import FormDialog, allow
from kasir.ui.session import Session
from kasir.ui.stock_common import ItemPicker, format_quantity, parse_quantity
from kasir.ui.widgets import selected_row, show_rows, table_view


class SupplierDialog(FormDialog):
    """Add a supplier: name, kind, phone and address."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Add a supplier"), parent=parent, name="supplierDialog",
                         ok_button=QDialogButtonBox.StandardButton.Save)
        self.saved = None
        self.save_button = self.ok
        self.name, self.phone, self.address = QLineEdit(), QLineEdit(), QLineEdit()
        self.kind = QComboBox()
        for code, label in suppliers.KIND_LABELS.items():
            self.kind.addItem(_(label), code)
        self.kind.setCurrentIndex(self.kind.findData("other"))
        for label, widget, name in ((_("Name"), self.name, "supplierName"),
                                    (_("Kind"), self.kind, "supplierKind"),
                                    (_("Phone"), self.phone, "supplierPhone"),
                                    (_("Address"), self.address, "supplierAddress")):
            widget.setObjectName(name)
            self.form.addRow(label, widget)

    def submit(self) -> int:
        self.saved = suppliers.add(self.session.ctx, name=self.name.text(),
                                   kind=self.kind.currentData(), phone=self.phone.text(),
                                   address=self.address.text())
        self.session.changed("stock")
        return self.saved


class SuppliersTab(QWidget):
    """Suppliers with what is owed; the selected one's quotas and this week's use."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog: SupplierDialog | None = None
        self.setObjectName("stockSuppliersTab")
        self.table = table_view("suppliersTable")
        self.add_button = QPushButton(_("Add supplier (Ctrl+N)"))
        self.add_button.setObjectName("supplierAdd")
        self.add_button.clicked.connect(self.add_supplier)
        self.active_button = QPushButton(_("Make inactive / active"))
        self.active_button.setObjectName("supplierToggleActive")
        self.active_button.clicked.connect(self.toggle_active)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_supplier)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.active_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self._quota_box(), 2)
        layout.addLayout(body)

    def _quota_box(self) -> QGroupBox:
        box = QGroupBox(_("Weekly quotas"))
        self.week = QLabel()
        self.week.setObjectName("quotaWeek")
        self.quotas = table_view("quotasTable")
        self.quota_item = ItemPicker(self.session, "quotaItem")
        self.quota_qty = QLineEdit()
        self.quota_qty.setObjectName("quotaQty")
        self.quota_qty.setPlaceholderText(_("units per week (0 removes)"))
        self.quota_button = QPushButton(_("Set quota"))
        self.quota_button.setObjectName("quotaSet")
        self.quota_button.clicked.connect(self.set_quota)
        self.quota_qty.returnPressed.connect(self.set_quota)
        self.quota_form = QWidget()
        row = QHBoxLayout(self.quota_form)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.quota_item, self.quota_qty, self.quota_button):
            row.addWidget(widget)
        layout = QVBoxLayout(box)
        layout.addWidget(self.week)
        layout.addWidget(self.quotas)
        layout.addWidget(self.quota_form)
        return box

    def refresh(self) -> None:
        allow(self.session, "purchase.write", self.add_button, self.active_button, self.quota_form)
        keep = self.supplier_id()
        rows = [(s.name, _(suppliers.KIND_LABELS[s.kind]), s.phone,
                 _("active") if s.active else _("inactive"), owed, s.id)
                for s, owed in suppliers.balances(self.session.conn)]
        show_rows(self.table, [_("Supplier"), _("Kind"), _("Phone"), _("Status"), _("Owed")], rows,
                  money_columns=(4,))
        ids = [r[-1] for r in rows]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.quota_item.reload()
        self.show_quotas()
        self.table.selectionModel().selectionChanged.connect(self.show_quotas)

    def supplier_id(self) -> int | None:
        row = selected_row(self.table) if self.table.model() else None
        return row[-1] if row else None

    def show_quotas(self, *_args) -> None:
        """The selected supplier's quotas and what arrived this ISO week."""
        conn, supplier_id = self.session.conn, self.supplier_id()
        monday, sunday = suppliers.iso_week(self.session.ctx.today())
        self.week.setText(_("This week: {start} to {end}").format(start=date(monday), end=date(sunday)))
        rows = []
        if supplier_id is not None:
            for item_id, quota in suppliers.quotas(conn, supplier_id).items():
                item = items.get(conn, item_id)
                use = suppliers.quota_use(conn, supplier_id, item_id, monday)
                rows.append((item.name, item.unit, format_quantity(quota, item),
                             format_quantity(use.received, item), format_quantity(use.remaining, item)))
        show_rows(self.quotas, [_("Item"), _("Unit"), _("Quota a week"), _("Received"),
                                _("Remaining")], sorted(rows))

    def add_supplier(self) -> None:
        if self.session.may("purchase.write"):
            self.dialog = SupplierDialog(self.session, self)
            self.dialog.accepted.connect(self.refresh)
            self.dialog.open()

    @guarded
    def toggle_active(self) -> None:
        supplier_id = self.supplier_id()
        if supplier_id is not None:
            supplier = suppliers.get(self.session.conn, supplier_id)
            suppliers.set_active(self.session.ctx, supplier_id, not supplier.active)
            self.session.changed("stock")
            self.refresh()

    @guarded
    def set_quota(self) -> None:
        supplier_id = self.supplier_id()
        if supplier_id is None:
            return
        item = self.quota_item.item()
        weekly = parse_quantity(self.quota_qty.text() or "0", item)
        suppliers.set_quota(self.session.ctx, supplier_id, item.id, weekly)
        self.quota_qty.clear()
        self.session.changed("stock")
        self.show_quotas()
