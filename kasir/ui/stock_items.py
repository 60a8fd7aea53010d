"""The Stock page's Items tab: the catalogue with search, stock on hand and the HET ceiling,
and the item form to add or edit (treasurer only)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kasir.books import items
from kasir.books.items import Item
from kasir.i18n import _
from kasir.ui.feedback import guarded
from kasir.ui.forms import allow
from kasir.ui.session import Session
from kasir.ui.stock_common import format_quantity
from kasir.ui.stock_item_dialog import ItemDialog
from kasir.ui.widgets import selected_row, show_rows, table_view

SEARCH_LIMIT = 500


class ItemsTab(QWidget):
    """Every item with its prices, stock on hand and low-stock flag; add and edit."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog: ItemDialog | None = None
        self.setObjectName("stockItemsTab")
        self.search = QLineEdit()
        self.search.setObjectName("itemSearch")
        self.search.setPlaceholderText(_("Search by name or barcode (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.inactive = QCheckBox(_("Show inactive items"))
        self.inactive.setObjectName("itemShowInactive")
        self.inactive.toggled.connect(self.refresh)
        self.add_button = QPushButton(_("Add item (Ctrl+N)"))
        self.add_button.setObjectName("itemAdd")
        self.add_button.clicked.connect(self.add_item)
        self.edit_button = QPushButton(_("Edit item (F2)"))
        self.edit_button.setObjectName("itemEdit")
        self.edit_button.clicked.connect(self.edit_item)
        self.table = table_view("itemsTable")
        self.table.doubleClicked.connect(self.edit_item)
        top = QHBoxLayout()
        for widget in (self.search, self.inactive, self.add_button, self.edit_button):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        for keys, slot in (("Ctrl+N", self.add_item), ("F2", self.edit_item),
                           ("Ctrl+F", self.search.setFocus)):
            QShortcut(QKeySequence(keys), self, slot)
        self.listed: list[Item] = []

    def refresh(self) -> None:
        allow(self.session, "stock.write", self.add_button, self.edit_button)
        conn, text = self.session.conn, self.search.text()
        active_only = not self.inactive.isChecked()
        self.listed = (items.search(conn, text, limit=SEARCH_LIMIT, active_only=active_only)
                       if text.strip() else items.all_items(conn, active_only=active_only))
        today = self.session.ctx.today() if self.session.ctx else None
        rows = [self._row(item, today) for item in self.listed]
        show_rows(self.table, [_("Name"), _("Category"), _("Unit"), _("Member"), _("Non-member"),
                               _("HET"), _("On hand"), _("Stock value"), _("Status")],
                  rows, money_columns=(3, 4, 5, 7))

    def _row(self, item: Item, today) -> tuple:
        ceiling = (items.het_ceiling(self.session.conn, item.product, item.unit_size, today)
                   if item.product and today else None)
        status = [] if item.active else [_("inactive")]
        if item.active and item.low_stock and item.qty_on_hand <= item.low_stock:
            status.append(_("running low"))
        return (item.name, item.category, item.unit, item.member_price, item.nonmember_price,
                ceiling, format_quantity(item.qty_on_hand, item), item.value_on_hand,
                ", ".join(status), item.id)

    def selected_item(self) -> Item | None:
        row = selected_row(self.table)
        return items.get(self.session.conn, row[-1]) if row else None

    def add_item(self) -> None:
        if self.session.may("stock.write"):
            self._open(ItemDialog(self.session, None, self))

    @guarded
    def edit_item(self, *_args) -> None:
        item = self.selected_item()
        if item is not None and self.session.may("stock.write"):
            self._open(ItemDialog(self.session, item, self))

    def _open(self, dialog: ItemDialog) -> None:
        """Open the form without blocking (tests and the scanner can drive it)."""
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.open()
