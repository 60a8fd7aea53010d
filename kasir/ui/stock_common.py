"""Pieces the Stock page's tabs share: quantities in units of sale and an item picker that also
takes a scanned barcode (dates, tables and roles: :mod:`kasir.ui.forms`, :mod:`kasir.ui.widgets`).

Stock is kept in base units (grams, millilitres, pieces) but people count and buy in units
of sale (packs, sacks, tubes), so every quantity on these tabs is typed and shown in units of
sale; a part of a unit (``2,5`` packs) is allowed where the books take base units.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from kasir.books import items
from kasir.books.items import Item
from kasir.errors import InvalidInput, NotFound
from kasir.i18n import N_, locale
from kasir.ui.session import Session

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")   # 1.000 — Indonesian thousands, not a fraction


def parse_quantity(text: str, item: Item, *, whole_units: bool = False) -> int:
    """Base units for ``text`` units of sale of ``item``: ``14``, ``2,5`` or ``2.5``.

    Refuses what is not a number above zero, and a part of a unit that is not a whole number
    of base units; ``whole_units`` refuses any part of a unit (purchases are in whole units).
    """
    cleaned = text.strip().replace(" ", "")
    cleaned = cleaned.replace(".", "") if _GROUPED.match(cleaned) else cleaned.replace(",", ".")
    try:
        units = Decimal(cleaned)
    except InvalidOperation:
        units = Decimal(-1)
    if not units.is_finite() or units < 0:
        raise InvalidInput(N_("{text} is not a quantity. Type the number of {unit}, for example "
                              "12 or 2,5."), text=text.strip() or "—", unit=item.unit)
    base = units * item.unit_size
    if base != base.to_integral_value() or (whole_units and units != units.to_integral_value()):
        raise InvalidInput(N_("{text} {unit} is not a whole number of {what}."), text=text.strip(),
                           unit=item.unit, what=item.unit if whole_units else item.base_unit)
    return int(base)


def format_quantity(base_qty: int, item: Item) -> str:
    """``base_qty`` base units as units of sale in the user's locale: ``14`` or ``13,9``."""
    units = Decimal(base_qty) / Decimal(item.unit_size)
    # as many decimals as the unit size has digits: one gram of a 5 kg pack still shows
    places = "#" * len(str(item.unit_size)) if item.unit_size > 1 else ""
    return format_decimal(units, format="#,##0." + places if places else "#,##0", locale=locale())


class ItemPicker(QComboBox):
    """Choose an item by typing part of its name, or by scanning or typing its barcode."""

    def __init__(self, session: Session, name: str, *, active_only: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.active_only = active_only
        self.setObjectName(name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(24)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().returnPressed.connect(self._scanned)
        self.reload()

    def reload(self) -> None:
        """Read the catalogue again, keeping the chosen item if it is still listed."""
        keep = self.item_id()
        self.blockSignals(True)
        self.clear()
        for item in items.all_items(self.session.conn, active_only=self.active_only):
            self.addItem(item.name, item.id)
        self.blockSignals(False)
        self.set_item(keep)

    def _scanned(self) -> None:
        """A barcode typed or scanned into the field picks its item."""
        text = self.currentText().strip()
        if not text or self.findText(text) >= 0:
            return
        try:
            found = items.by_barcode(self.session.conn, text)
        except NotFound:
            return
        self.set_item(found.id)

    def set_item(self, item_id: int | None) -> None:
        index = self.findData(item_id) if item_id is not None else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")

    def item_id(self) -> int | None:
        """The chosen item's id; None when the text names no item."""
        index = self.findText(self.currentText().strip())
        return self.itemData(index) if index >= 0 else None

    def item(self) -> Item:
        """The chosen item; refuses with a message when none is chosen."""
        item_id = self.item_id()
        if item_id is None:
            raise InvalidInput(N_("Choose an item from the list (type part of its name or scan "
                                  "its barcode)."))
        return items.get(self.session.conn, item_id)
