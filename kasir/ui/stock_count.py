"""The Stock page's Stock count tab (stok opname): type what is on the shelf beside what the
books say, see each difference and its value as you type, and post them in one event.

Only the items given a count are posted; a blank count means "not counted". The value shown
is the one the books will post (``stock.count_difference``): a shortage at average cost, a
surplus at average cost or, with nothing on hand, the last purchase cost. "In the books" is the
quantity at the end of the count's date (``stock.book_quantity``), which a back-dated count is
compared with, so what the treasurer sees is what is posted. Counts typed are kept when the
page refreshes (a sale at the till while counting changes the book figures).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kasir.books import items, stock
from kasir.books.items import Item
from kasir.errors import InvalidInput, KasirError
from kasir.i18n import N_, _, rupiah
from kasir.ui.feedback import guarded
from kasir.ui.forms import allow, date_edit, day_of
from kasir.ui.session import Session
from kasir.ui.stock_common import format_quantity, parse_quantity
from kasir.ui.widgets import RIGHT

NAME, UNIT, BOOK, COUNTED, DIFF, VALUE = range(6)
RED = QBrush(QColor("#b00020"))


class CountTab(QWidget):
    """One row per item: book quantity, counted (typed), difference and its value."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("stockCountTab")
        self.listed: list[Item] = []
        self.typed: dict[int, str] = {}
        self.book: dict[int, int] = {}   # item id -> base units in the books on the count date
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("countTable")
        self.table.setHorizontalHeaderLabels([_("Item"), _("Unit"), _("In the books"), _("Counted"),
                                              _("Difference"), _("Value of the difference")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.itemChanged.connect(self._changed)
        self.day = date_edit(session.ctx.today(), "countDate")
        self.day.dateChanged.connect(self._date_changed)
        self.memo = QLineEdit()
        self.memo.setObjectName("countMemo")
        self.memo.setPlaceholderText(_("Stok opname, month end"))
        self.totals = QLabel()
        self.totals.setObjectName("countTotals")
        self.status = QLabel()
        self.status.setObjectName("countStatus")
        self.post_button = QPushButton(_("Post the count (F9)"))
        self.post_button.setObjectName("countPost")
        self.post_button.clicked.connect(self.post)
        QShortcut(QKeySequence("F9"), self, self.post)
        head = QHBoxLayout()
        for widget in (QLabel(_("Count date")), self.day, QLabel(_("Note")), self.memo):
            head.addWidget(widget)
        foot = QHBoxLayout()
        foot.addWidget(self.totals, 1)
        foot.addWidget(self.post_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Type what is on the shelf in units of sale (2,5 for two and a "
                                  "half). Leave an item blank if it was not counted."), wordWrap=True))
        layout.addLayout(head)
        layout.addWidget(self.table)
        layout.addLayout(foot)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        writer = allow(self.session, "stock.write", self.post_button, self.memo, self.day)
        self.listed = [i for i in items.all_items(self.session.conn) if i.active or i.qty_on_hand]
        self._read_books()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.listed))
        for row, item in enumerate(self.listed):
            for col, text in ((NAME, item.name), (UNIT, item.unit),
                              (BOOK, format_quantity(self.book[item.id], item)),
                              (COUNTED, self.typed.get(item.id, "")), (DIFF, ""), (VALUE, "")):
                cell = QTableWidgetItem(text)
                if col != COUNTED or not writer:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col in (BOOK, COUNTED, DIFF, VALUE):
                    cell.setTextAlignment(RIGHT)
                self.table.setItem(row, col, cell)
            self._show_difference(row)
        self.table.blockSignals(False)
        # sized once when filled: sizing to contents on every cell set costs ~1 ms a cell
        self.table.resizeColumnsToContents()
        self._show_totals()

    def _read_books(self) -> None:
        """The book quantity of each listed item at the end of the count's date: today's
        stock on hand, or for an earlier date that less the moves dated after it."""
        day = day_of(self.day)
        if day >= self.session.ctx.today():   # nothing is dated after today
            self.book = {item.id: item.qty_on_hand for item in self.listed}
        else:
            conn = self.session.conn
            self.book = {item.id: stock.book_quantity(conn, item, day) for item in self.listed}

    def _date_changed(self) -> None:
        """A count dated earlier is compared with the books of its day: show those."""
        self._read_books()
        self.table.blockSignals(True)
        for row, item in enumerate(self.listed):
            self.table.item(row, BOOK).setText(format_quantity(self.book[item.id], item))
            self._show_difference(row)
        self.table.blockSignals(False)
        self._show_totals()

    def row_of(self, item_id: int) -> int:
        return next(r for r, item in enumerate(self.listed) if item.id == item_id)

    def set_count(self, item_id: int, text: str) -> None:
        """Type ``text`` in the item's Counted cell (as a user would)."""
        self.table.item(self.row_of(item_id), COUNTED).setText(text)

    # ---- live differences ---------------------------------------------------------------------

    def _changed(self, cell: QTableWidgetItem) -> None:
        if cell.column() != COUNTED:
            return
        item = self.listed[cell.row()]
        self.typed[item.id] = cell.text().strip()
        self.table.blockSignals(True)
        self._show_difference(cell.row())
        self.table.blockSignals(False)
        self._show_totals()

    def _counted(self, row: int) -> int | None:
        """The base units counted on ``row`` (None: not counted); refuses what is not a count."""
        text = self.table.item(row, COUNTED).text().strip()
        return parse_quantity(text, self.listed[row]) if text else None

    def _show_difference(self, row: int) -> None:
        item, diff, value = self.listed[row], self.table.item(row, DIFF), self.table.item(row, VALUE)
        try:
            counted = self._counted(row)
        except KasirError as exc:
            diff.setText("?")
            value.setText(str(exc))
            value.setForeground(RED)
            return
        if counted is None:
            diff.setText("")
            value.setText("")
            return
        book = self.book[item.id]
        delta = counted - book
        worth = stock.count_difference(item, counted, book)
        diff.setText(("+" if delta > 0 else "-" if delta < 0 else "")
                     + format_quantity(abs(delta), item))
        value.setText(rupiah(worth) if delta else "")
        for cell in (diff, value):
            cell.setForeground(RED if delta < 0 else QBrush())

    def _show_totals(self) -> None:
        values = []
        for row in range(len(self.listed)):
            try:
                counted = self._counted(row)
            except KasirError:
                continue
            if counted is not None:
                item = self.listed[row]
                values.append(stock.count_difference(item, counted, self.book[item.id]))
        self.totals.setText(_("{count} items counted · shortage {short} · surplus {over}").format(
            count=len(values), short=rupiah(-sum(v for v in values if v < 0)),
            over=rupiah(sum(v for v in values if v > 0))))

    # ---- posting ------------------------------------------------------------------------------

    @guarded
    def post(self) -> None:
        if not self.session.may("stock.write"):
            return
        counted = {}
        for row, item in enumerate(self.listed):
            qty = self._counted(row)
            if qty is not None:
                counted[item.id] = qty
        if not counted:
            raise InvalidInput(N_("Count at least one item."))
        _count_id, lines = stock.count(self.session.ctx, counted, date=day_of(self.day),
                                       memo=self.memo.text().strip())
        differing = [c for c in lines if c.counted_qty != c.book_qty]
        self.status.setText(_("Count posted: {count} items counted, {differing} with a difference "
                              "(net {net}).").format(count=len(lines), differing=len(differing),
                                                    net=rupiah(sum(c.diff_value for c in lines))))
        self.typed.clear()
        self.memo.clear()
        self.session.changed("stock")
        self.refresh()
