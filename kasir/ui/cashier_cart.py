"""The cashier's cart as a table model: items and quantities, priced for the buyer.

The cart lives only on the screen until payment; :meth:`CartModel.lines` turns it into the
``CartLine`` list that ``kasir.books.sales`` checks and sells. Scanning an item already in the
cart adds to its line instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from kasir.books.items import Item
from kasir.books.sales import CartLine
from kasir.i18n import _, number, rupiah
from kasir.ui.widgets import RIGHT

QTY_COLUMN = 2


@dataclass
class CartRow:
    item: Item
    quantity: int
    cells: tuple[str, str, str] | None = None  # quantity, price, amount as shown (cached:
    # Qt asks for every cell at each repaint, and formatting with babel is the slow part)


class CartModel(QAbstractTableModel):
    """Rows of (No, item, quantity, price, amount); the quantity cell is editable.

    ``on_quantity(row, quantity) -> bool`` is asked before an edited quantity is taken (the
    page checks it against the books' rules and shows any refusal).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[CartRow] = []
        self.member = False
        self.on_quantity: Callable[[int, int], bool] | None = None
        self.columns = [_("No"), _("Item"), _("Qty"), _("Price"), _("Amount")]

    # ---- reading ---------------------------------------------------------------------------

    def row_of(self, item_id: int) -> int | None:
        return next((n for n, row in enumerate(self.rows) if row.item.id == item_id), None)

    def lines(self, change: tuple[int, int] | None = None, extra: tuple[Item, int] | None = None
              ) -> list[CartLine]:
        """The cart for the books, optionally with row ``change[0]`` at quantity ``change[1]``
        or ``extra`` (item, quantity) added — what the cart would become."""
        quantities = [(row.item.id, row.quantity) for row in self.rows]
        if change is not None:
            quantities[change[0]] = (quantities[change[0]][0], change[1])
        if extra is not None:
            item, qty = extra
            at = self.row_of(item.id)
            if at is None:
                quantities.append((item.id, qty))
            else:
                quantities[at] = (item.id, quantities[at][1] + qty)
        return [CartLine(quantity=q, item_id=i) for i, q in quantities]

    def total(self) -> int:
        return sum(row.item.price_for(self.member) * row.quantity for row in self.rows)

    def items(self) -> list[Item]:
        return [row.item for row in self.rows]

    # ---- changing --------------------------------------------------------------------------

    def add(self, item: Item, quantity: int) -> int:
        """Add ``quantity`` of ``item`` (to its line if it has one); returns the row."""
        at = self.row_of(item.id)
        if at is not None:
            self.rows[at].quantity += quantity
            self._changed(at)
            return at
        at = len(self.rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.append(CartRow(item, quantity))
        self.endInsertRows()
        return at

    def set_quantity(self, row: int, quantity: int) -> None:
        self.rows[row].quantity = quantity
        self._changed(row)

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        if row < len(self.rows):  # the numbers of the rows below move up
            self.dataChanged.emit(self.index(row, 0), self.index(len(self.rows) - 1, 0))

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self.endResetModel()

    def set_member(self, member: bool) -> None:
        """Price the cart for a member (True) or a non-member."""
        self.member = member
        for row in self.rows:
            row.cells = None
        if self.rows:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self.rows) - 1, 4))

    def _changed(self, row: int) -> None:
        self.rows[row].cells = None
        self.dataChanged.emit(self.index(row, QTY_COLUMN), self.index(row, 4))

    # ---- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole and col == QTY_COLUMN:
            return row.quantity
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return str(index.row() + 1)
            if col == 1:
                return row.item.name
            if row.cells is None:
                price = row.item.price_for(self.member)
                row.cells = (f"{number(row.quantity)} {row.item.unit}", rupiah(price, symbol=False),
                             rupiah(price * row.quantity, symbol=False))
            return row.cells[col - 2]
        if role == Qt.ItemDataRole.TextAlignmentRole and col != 1:
            return RIGHT
        return None

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == QTY_COLUMN else base

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != QTY_COLUMN:
            return False
        try:
            quantity = int(str(value).strip())
        except ValueError:
            quantity = 0
        if self.on_quantity is not None and not self.on_quantity(index.row(), quantity):
            return False
        self.set_quantity(index.row(), quantity)
        return True

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None
