"""The item form: add an item to the catalogue or edit one, with its barcodes and prices.

The HET ceiling of the item's regulated product (for the co-op's zone, today, per unit of
sale) is shown beside the prices; a price above it is flagged as it is typed and the form will
not save it (the books refuse it too). The base unit, the unit size and the regulated product
are chosen once, when the item is added: the stock on hand is counted in them.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kasir.books import items, regulated
from kasir.books.items import Item
from kasir.errors import InvalidAmount
from kasir.i18n import N_, _, rupiah
from kasir.ui.forms import FormDialog, MessageLine
from kasir.ui.session import Session
from kasir.ui.stock_common import format_quantity, parse_quantity
from kasir.ui.widgets import MoneyEdit

BASE_UNIT_LABELS = {"g": N_("grams (g)"), "ml": N_("millilitres (ml)"), "pcs": N_("pieces (pcs)")}


class ScanField(QLineEdit):
    """A field a barcode scanner types into: its Enter adds the code (``scanned``) and does
    not reach the dialog, where it would press Save."""

    scanned = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.scanned.emit()
            return
        super().keyPressEvent(event)


class ItemDialog(FormDialog):
    """Add (``item`` None) or edit an item. Saving calls ``items.add`` or ``items.edit``."""

    def __init__(self, session: Session, item: Item | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, _("Add an item") if item is None else _("Edit item"), parent=parent,
                         name="itemDialog", ok_button=QDialogButtonBox.StandardButton.Save)
        self.item, self.saved = item, None
        self.save_button = self.ok
        self._build()
        if item is not None:
            self._load(item)
        else:
            self.active.setEnabled(False)   # a new item is for sale; it can be stopped later
        self._update_het()

    # ---- building -----------------------------------------------------------------------

    def _field(self, widget, name: str):
        widget.setObjectName(name)
        return widget

    def _build(self) -> None:
        self.name = self._field(QLineEdit(), "itemName")
        self.category = self._field(QLineEdit(), "itemCategory")
        self.unit = self._field(QLineEdit(), "itemUnit")
        self.unit.setPlaceholderText(_("pak 5 kg, karung, botol, tabung …"))
        self.base_unit = self._field(QComboBox(), "itemBaseUnit")
        for code, label in BASE_UNIT_LABELS.items():
            self.base_unit.addItem(_(label), code)
        self.unit_size = self._field(QSpinBox(), "itemUnitSize")
        self.unit_size.setRange(1, 1_000_000_000)
        self.product = self._field(QComboBox(), "itemProduct")
        self.product.addItem(_("Not regulated"), None)
        for code, name, base_unit in regulated.products(self.session.conn):
            self.product.addItem(f"{name} ({base_unit})", code)
        self.member_price = self._field(MoneyEdit(), "itemMemberPrice")
        self.nonmember_price = self._field(MoneyEdit(), "itemNonmemberPrice")
        self.het = self._field(QLabel(), "itemHet")
        self.het_warning = MessageLine("itemHetWarning")
        self.low_stock = self._field(QLineEdit("0"), "itemLowStock")
        self.active = self._field(QCheckBox(_("Sold at the till (active)")), "itemActive")
        self.active.setChecked(True)
        for label, widget in ((_("Name"), self.name), (_("Category"), self.category),
                              (_("Unit of sale"), self.unit), (_("Counted in"), self.base_unit),
                              (_("Base units per unit of sale"), self.unit_size),
                              (_("Regulated product (HET)"), self.product),
                              (_("Member price"), self.member_price),
                              (_("Non-member price"), self.nonmember_price),
                              (_("HET ceiling"), self.het), ("", self.het_warning),
                              (_("Low stock at (units of sale)"), self.low_stock),
                              ("", self.active), (_("Barcodes"), self._barcodes_box())):
            self.form.addRow(label, widget)
        for signal in (self.member_price.textChanged, self.nonmember_price.textChanged,
                       self.unit_size.valueChanged, self.product.currentIndexChanged):
            signal.connect(self._update_het)

    def _barcodes_box(self) -> QWidget:
        box = QWidget()
        self.barcodes = self._field(QListWidget(), "itemBarcodes")
        self.barcodes.setMaximumHeight(90)
        self.barcode = self._field(ScanField(), "itemBarcode")
        self.barcode.setPlaceholderText(_("Scan or type a barcode, then Enter"))
        self.barcode.scanned.connect(self.add_barcode)
        add = self._field(QPushButton(_("Add barcode")), "itemAddBarcode")
        add.setAutoDefault(False)
        add.clicked.connect(self.add_barcode)
        row = QHBoxLayout()
        row.addWidget(self.barcode)
        row.addWidget(add)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.barcodes)
        layout.addLayout(row)
        return box

    def _load(self, item: Item) -> None:
        self.name.setText(item.name)
        self.category.setText(item.category)
        self.unit.setText(item.unit)
        self.base_unit.setCurrentIndex(self.base_unit.findData(item.base_unit))
        self.unit_size.setValue(item.unit_size)
        self.product.setCurrentIndex(max(self.product.findData(item.product), 0))
        self.member_price.set_amount(item.member_price)
        self.nonmember_price.set_amount(item.nonmember_price)
        self.low_stock.setText(format_quantity(item.low_stock, item))
        self.active.setChecked(item.active)
        self.existing = items.barcodes_of(self.session.conn, item.id)
        self.barcodes.addItems(self.existing)
        # what stock is counted in stays as it was added
        for widget in (self.base_unit, self.unit_size, self.product):
            widget.setEnabled(False)

    # ---- live HET check -----------------------------------------------------------------

    def ceiling(self) -> int | None:
        return items.het_ceiling(self.session.conn, self.product.currentData(),
                                 self.unit_size.value(), self.session.ctx.today())

    def _prices(self) -> list[int]:
        """The prices typed so far that can be read (the others are checked on saving)."""
        prices = []
        for edit in (self.member_price, self.nonmember_price):
            with contextlib.suppress(InvalidAmount):
                prices.append(edit.amount())
        return prices

    def _update_het(self) -> None:
        ceiling = self.ceiling()
        unit = self.unit.text().strip() or _("unit of sale")
        self.het.setText(_("No HET for this item") if ceiling is None else
                         _("{ceiling} per {unit}").format(ceiling=rupiah(ceiling), unit=unit))
        above = ceiling is not None and any(p > ceiling for p in self._prices())
        self.het_warning.refusal(
            _("A price is above the HET ceiling of {ceiling}. Lower it: the books refuse a price "
              "above the HET.").format(ceiling=rupiah(ceiling)) if above else "")
        self.het_warning.setVisible(above)
        self.save_button.setEnabled(not above)

    # ---- barcodes and saving --------------------------------------------------------------

    def new_barcodes(self) -> list[str]:
        listed = [self.barcodes.item(i).text() for i in range(self.barcodes.count())]
        return listed[len(getattr(self, "existing", [])):]

    def add_barcode(self) -> None:
        code = self.barcode.text().strip()
        if code and code not in [self.barcodes.item(i).text() for i in range(self.barcodes.count())]:
            self.barcodes.addItem(code)
        self.barcode.clear()

    def _form(self) -> dict:
        """The form as the books take it; refuses what cannot be read."""
        unit_size = self.unit_size.value()
        sizing = Item(0, "", "", self.unit.text().strip() or "-", self.base_unit.currentData(),
                      unit_size, 0, 0, None, 0, True, 0, 0, 0)
        return {"name": self.name.text(), "category": self.category.text(), "unit": self.unit.text(),
                "member_price": self.member_price.amount(),
                "nonmember_price": self.nonmember_price.amount(),
                "low_stock": parse_quantity(self.low_stock.text() or "0", sizing)}

    def submit(self) -> Item:
        form = self._form()
        conn, today = self.session.conn, self.session.ctx.today()
        product = self.product.currentData()
        for price in (form["member_price"], form["nonmember_price"]):
            # the same refusal the books give, before anything is written
            items.check_price(conn, product, self.unit_size.value(), price, today)
        if self.item is None:
            self.saved = items.add(self.session.ctx, **form, base_unit=self.base_unit.currentData(),
                                   unit_size=self.unit_size.value(), product=product,
                                   barcodes=self.new_barcodes())
        else:
            self.saved = items.edit(self.session.ctx, self.item.id, **form,
                                    active=self.active.isChecked(), add_barcodes=self.new_barcodes())
        self.session.changed("stock")
        return self.saved

