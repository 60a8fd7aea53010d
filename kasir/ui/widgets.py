"""Small widgets the pages share: a rupiah entry field and a lazily loaded table model.

:class:`LazyTableModel` asks a ``fetch(offset, limit)`` function for rows in pages as the
view scrolls (Qt's ``canFetchMore``/``fetchMore``), so a list of 10,000 members or a journal
of a million lines opens at once and never loads what nobody looks at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLineEdit, QWidget

from kasir.errors import InvalidAmount
from kasir.i18n import _, rupiah
from kasir.money import parse_amount

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class MoneyEdit(QLineEdit):
    """A field for whole rupiah; ``amount()`` parses ``150000``, ``150.000`` or ``Rp150.000``."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setAlignment(RIGHT)
        self.setPlaceholderText("0")
        if large:
            font = QFont(self.font())
            font.setPointSize(max(font.pointSize(), 10) * 2)
            self.setFont(font)

    def amount(self) -> int:
        """The typed amount; raises :class:`InvalidAmount` (a message to show) if it is not one."""
        text = self.text().strip()
        if not text:
            raise InvalidAmount(_("Type an amount in rupiah, for example 150.000."))
        return parse_amount(text)

    def set_amount(self, value: int) -> None:
        self.setText(rupiah(value, symbol=False))


class LazyTableModel(QAbstractTableModel):
    """Rows loaded page by page from ``fetch(offset, limit) -> list[tuple]``.

    ``columns`` are header texts (already translated); ``money_columns`` are formatted as
    rupiah and right-aligned; ``render(row, col)`` may override how a cell shows.
    """

    PAGE = 200

    def __init__(self, columns: Sequence[str], fetch: Callable[[int, int], list],
                 money_columns: Sequence[int] = (), parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.money_columns = set(money_columns)
        self._fetch = fetch
        self.rows: list = []
        self._more = True

    def reload(self, fetch: Callable[[int, int], list] | None = None) -> None:
        """Start again from the first page (after a search or a change in the books)."""
        self.beginResetModel()
        if fetch is not None:
            self._fetch = fetch
        self.rows = []
        self._more = True
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        batch = self._fetch(len(self.rows), self.PAGE)
        self._more = len(batch) == self.PAGE
        if batch:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
            self.rows.extend(batch)
            self.endInsertRows()

    def render(self, row, col: int) -> str:
        value = row[col]
        if value is None:
            return ""
        if col in self.money_columns:
            return rupiah(value, symbol=False)
        return str(value)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.render(self.rows[index.row()], index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.money_columns:
            return RIGHT
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None

    def row_at(self, index: int):
        return self.rows[index]
