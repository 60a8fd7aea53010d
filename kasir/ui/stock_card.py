"""The Stock page's Stock card tab (kartu stok): one item over a date range, with the
quantity and value on hand running down the card.

A card over a few months shows every move (``stock.card``); over a longer range it shows one
line per day (``stock.daily_card``), which is how a card over years is read and stays quick
on a shop with a hundred thousand moves per item. Quantities are in units of sale.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kasir.books import stock
from kasir.books.items import Item
from kasir.errors import InvalidInput
from kasir.i18n import N_, _, date, rupiah
from kasir.ui.feedback import guarded
from kasir.ui.forms import date_edit, day_of, set_day
from kasir.ui.session import Session
from kasir.ui.stock_common import ItemPicker, format_quantity
from kasir.ui.widgets import show_rows, table_view

MOVE_LABELS = {"purchase": N_("Goods received"), "sale": N_("Sale"), "return": N_("Return"),
               "void": N_("Voided sale"), "count": N_("Stock count (selisih)"),
               "writeoff": N_("Write-off")}
MODES = {"auto": N_("Automatic"), "daily": N_("One line per day"), "moves": N_("Every move")}
MOVES_UP_TO_DAYS = 92     # automatic: every move up to about a quarter, then per day
MOVES_AT_MOST_DAYS = 366  # every move over more than a year is refused: read it per day


class StockCardTab(QWidget):
    """Choose an item and dates; see the card with the running quantity and value."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("stockCardTab")
        today = session.ctx.today()
        self.item = ItemPicker(session, "cardItem", active_only=False)
        self.start = date_edit(today.replace(day=1), "cardStart")
        self.end = date_edit(today, "cardEnd")
        self.mode = QComboBox()
        self.mode.setObjectName("cardMode")
        for code, label in MODES.items():
            self.mode.addItem(_(label), code)
        show = QPushButton(_("Show (Enter)"))
        show.setObjectName("cardShow")
        show.clicked.connect(self.show_card)
        self.item.lineEdit().returnPressed.connect(self.show_card)
        self.opening, self.closing = QLabel(), QLabel()
        self.opening.setObjectName("cardOpening")
        self.closing.setObjectName("cardClosing")
        self.table = table_view("cardTable")
        layout = QVBoxLayout(self)
        # two rows: in one they are wider than a 1366 px screen leaves for the tab
        for widgets in ((QLabel(_("Item")), self.item), (QLabel(_("From")), self.start, QLabel(_("to")),
                                                         self.end, self.mode, show)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch()
            layout.addLayout(row)
        layout.addWidget(self.opening)
        layout.addWidget(self.table)
        layout.addWidget(self.closing)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.show_card)
        self.daily = False

    def refresh(self) -> None:
        self.item.reload()
        if self.item.item_id() is not None:
            self.show_card()

    def set_range(self, start: dt.date, end: dt.date) -> None:
        set_day(self.start, start)
        set_day(self.end, end)

    def _per_day(self, start: dt.date, end: dt.date) -> bool:
        days, mode = (end - start).days, self.mode.currentData()
        if mode == "moves" and days > MOVES_AT_MOST_DAYS:
            raise InvalidInput(N_("Every move over more than a year is too long to read; choose "
                                  "one line per day or a shorter range."))
        return mode == "daily" or (mode == "auto" and days > MOVES_UP_TO_DAYS)

    @guarded
    def show_card(self) -> None:
        item = self.item.item()
        start, end = day_of(self.start), day_of(self.end)
        if end < start:
            raise InvalidInput(N_("The range ends before it starts."))
        self.daily = self._per_day(start, end)
        conn = self.session.conn
        if self.daily:
            (qty, value), rows = stock.daily_card(conn, item.id, start, end)
        else:
            (qty, value), rows = stock.card(conn, item.id, start, end)
        self.opening.setText(_("On hand before {day}: {qty} {unit}, worth {value}").format(
            day=date(start), qty=format_quantity(qty, item), unit=item.unit, value=rupiah(value)))
        last_qty, last_value = (rows[-1].qty_after, rows[-1].value_after) if rows else (qty, value)
        self.closing.setText(_("On hand at the end of {day}: {qty} {unit}, worth {value}").format(
            day=date(end), qty=format_quantity(last_qty, item), unit=item.unit,
            value=rupiah(last_value)))
        show_rows(self.table, [_("Date"), _("Move"), _("In"), _("Out"), _("On hand"), _("Value in"),
                               _("Value out"), _("Value on hand")], rows, money_columns=(5, 6, 7),
                  fmt=lambda row: (self._day_row if self.daily else self._move_row)(item, row))

    @staticmethod
    def _move_row(item: Item, move: stock.CardRow) -> tuple:
        return (date(move.date), _(MOVE_LABELS.get(move.kind, move.kind)),
                format_quantity(move.quantity, item) if move.quantity > 0 else "",
                format_quantity(-move.quantity, item) if move.quantity < 0 else "",
                format_quantity(move.qty_after, item), max(move.value, 0) or None,
                max(-move.value, 0) or None, move.value_after)

    @staticmethod
    def _day_row(item: Item, day: stock.DayRow) -> tuple:
        return (date(day.date), "", format_quantity(day.qty_in, item) if day.qty_in else "",
                format_quantity(day.qty_out, item) if day.qty_out else "",
                format_quantity(day.qty_after, item), day.value_in or None, day.value_out or None,
                day.value_after)
