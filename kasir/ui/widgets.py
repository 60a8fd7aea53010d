"""Small widgets and table helpers the pages share: a rupiah entry field, large text, money
labels, keyboard shortcuts, read-only tables and the lazily loaded table models under them.

:class:`LazyTableModel` asks a ``fetch(offset, limit)`` function for rows in pages as the
view scrolls (Qt's ``canFetchMore``/``fetchMore``), so a list of 10,000 members or a journal
of a million lines opens at once and never loads what nobody looks at. :class:`FieldModel`
reads its cells from records (members, passbook rows) and :func:`show_rows` puts rows already
in memory in a view; all three format a cell the same way (:meth:`LazyTableModel.cell`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)

from kasir.errors import InvalidAmount
from kasir.i18n import _, date, language, rupiah
from kasir.money import parse_amount

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def enlarge(widget: QWidget, factor: float = 1.6) -> QWidget:
    """Scale ``widget``'s font (totals, change and fields read from a step away)."""
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 10) * factor)
    widget.setFont(font)
    return widget


class MoneyEdit(QLineEdit):
    """A field for whole rupiah; ``amount()`` parses ``150000``, ``150.000`` or ``Rp150.000``."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setAlignment(RIGHT)
        self.setPlaceholderText("0")
        if large:
            enlarge(self, 2.0)

    def amount(self) -> int:
        """The typed amount; raises :class:`InvalidAmount` (a message to show) if it is not one."""
        text = self.text().strip()
        if not text:
            raise InvalidAmount(_("Type an amount in rupiah, for example 150.000."))
        return parse_amount(text)

    def set_amount(self, value: int) -> None:
        self.setText(rupiah(value, symbol=False))


def money_label(name: str, parent: QWidget | None = None, amount: int = 0, *,
                bold: bool = False) -> QLabel:
    """A right-aligned label showing ``amount`` in rupiah (a total, a balance)."""
    label = QLabel(rupiah(amount), parent)
    label.setObjectName(name)
    label.setAlignment(RIGHT)
    label.setMinimumWidth(130)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


# ---- keys -------------------------------------------------------------------------------------

def shortcut(parent: QWidget, keys: str, slot: Callable) -> QShortcut:
    """``keys`` run ``slot`` while the focus is anywhere inside ``parent`` (a page or a tab), so
    the same key can mean something else on another page."""
    made = QShortcut(QKeySequence(keys), parent)
    made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    made.activated.connect(slot)
    return made


def action_button(parent: QWidget, name: str, text: str, keys: str, slot: Callable, *,
                  visible: bool = True) -> QPushButton:
    """A button whose label names its key (``text`` has ``{keys}``), pressed by that key too."""
    button = QPushButton(text.format(keys=keys), parent)
    button.setObjectName(name)
    button.clicked.connect(slot)
    button.setVisible(visible)
    shortcut(parent, keys, button.click)
    return button


# ---- tables -----------------------------------------------------------------------------------

def table_view(name: str, parent: QWidget | None = None, *, model=None, many: bool = False,
               widths: dict[int, int] | None = None, stretch: int | None = None) -> QTableView:
    """A read-only table that selects whole rows (one at a time, or ``many``), with fixed row
    heights, showing ``model``; ``widths`` sets the model's columns' widths and ``stretch``
    gives one column the spare width."""
    view = QTableView(parent)
    view.setObjectName(name)
    if model is not None:
        view.setModel(model)
    setup_table(view, many=many)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    for col, width in (widths or {}).items():
        view.setColumnWidth(col, width)
    if stretch is not None:
        stretch_column(view, stretch)
    return view


def setup_table(view: QAbstractItemView, *, many: bool = False) -> None:
    """Whole rows selected, nothing edited in place, no row numbers, alternating colours."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if many
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)


def item_table(name: str, headers: Sequence[str], parent: QWidget | None = None) -> QTableWidget:
    """A read-only :class:`QTableWidget` with ``headers`` whose columns fit their contents."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    setup_table(table)
    fit_columns(table)
    return table


def fit_columns(table: QTableView) -> None:
    """Columns as wide as their contents, the last one taking the rest of the width."""
    header = table.horizontalHeader()
    last = table.model().columnCount() - 1
    for col in range(last):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)


def stretch_column(view: QTableView, col: int) -> None:
    """Give the spare width to column ``col`` (a name) rather than to the last (an amount)."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)


# ---- models -----------------------------------------------------------------------------------

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
        self._dates: dict[tuple[str, dt.date], str] = {}

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

    def cell(self, value, col: int) -> str:
        """The text of ``value`` in column ``col``: rupiah, a date in the user's format, text."""
        if value is None:
            return ""
        if col in self.money_columns:
            return rupiah(value, symbol=False)
        if isinstance(value, dt.date):
            # babel formatting is the slowest part of painting a row; the same dates recur a lot
            key = (language(), value)
            if key not in self._dates:
                self._dates[key] = date(value)
            return self._dates[key]
        return str(value)

    def render(self, row, col: int) -> str:
        return self.cell(row[col], col)

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


class FieldModel(LazyTableModel):
    """A :class:`LazyTableModel` whose rows are records (members, passbook rows, arrears).

    ``fields`` are ``(header, getter)`` pairs: the header an ``N_`` message, the getter
    reading the cell's value from a row. Cells are formatted only when the view shows them.
    """

    def __init__(self, fields: Sequence[tuple[str, Callable]], fetch: Callable[[int, int], list],
                 money_columns: Sequence[int] = (), parent=None) -> None:
        super().__init__([_(header) for header, _get in fields], fetch, money_columns, parent)
        self.getters = [get for _header, get in fields]

    def render(self, row, col: int) -> str:
        return self.cell(self.getters[col](row), col)


def list_fetch(rows: Sequence) -> Callable[[int, int], list]:
    """A ``fetch(offset, limit)`` over rows already read (a passbook, the arrears list)."""
    return lambda offset, limit: list(rows[offset:offset + limit])


class ShownRows(LazyTableModel):
    """Rows formatted once, when Qt loads them: Qt asks for a cell's text many times (painting,
    sizing columns), and formatting rupiah and dates with babel each time is what made a long
    table slow. Cells past the columns (a row's id) are kept as they are. A screen holds about
    30 rows, so they are loaded 60 at a time."""

    PAGE = 60

    def __init__(self, columns: Sequence[str], rows: list, money_columns: Sequence[int],
                 fmt: Callable | None, parent=None) -> None:
        super().__init__(columns, self._fetch_shown, money_columns, parent)
        self._raw, self._fmt = rows, fmt

    def _fetch_shown(self, offset: int, limit: int) -> list:
        width = len(self.columns)
        shown = []
        for raw in self._raw[offset:offset + limit]:
            row = self._fmt(raw) if self._fmt else raw
            shown.append(tuple(self.cell(row[col], col) for col in range(width)) + tuple(row[width:]))
        return shown

    def render(self, row, col: int) -> str:
        return row[col]


def show_rows(view: QTableView, columns: Iterable[str], rows: list,
              money_columns: Sequence[int] = (), fmt: Callable | None = None) -> ShownRows:
    """Put ``rows`` in ``view`` (replacing its model); returns the model.

    The rows are already in memory; ``fmt`` (raw row -> row of values) and the formatting of
    money run only on the rows Qt loads as the view scrolls, so ten years of a stock card are
    not all formatted at once.
    """
    old = view.model()
    model = ShownRows(list(columns), rows, money_columns, fmt, view)
    model.reload()
    view.setModel(model)
    # sized once to the rows loaded, not on every layout (sizing to contents re-reads every cell)
    view.resizeColumnsToContents()
    if old is not None:
        old.deleteLater()
    return model


def selected_row(view: QTableView):
    """The row tuple selected in a view filled by :func:`show_rows`, or None."""
    model, rows = view.model(), view.selectionModel().selectedRows() if view.selectionModel() else []
    if model is None or not rows:
        return None
    return model.row_at(rows[0].row())
