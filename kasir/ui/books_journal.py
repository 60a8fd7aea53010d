"""The Books page's journal: every posted line, newest first, filtered by dates, account and
origin; the selected entry's lines below it, and its reversal.

The list is keyset-paged through :func:`kasir.books.journal.journal_lines`: each page starts
after the last row already shown, so the millionth line costs what the first one does. It
loads as the user scrolls and so cannot jump straight to the far end; "oldest first" shows
that end at once instead.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kasir.books import journal, ledger
from kasir.errors import InvalidInput
from kasir.i18n import N_, _, date, language, ngettext, rupiah
from kasir.ui.books_common import AccountCombo, account_text, origin_label
from kasir.ui.feedback import guarded
from kasir.ui.forms import FormDialog, MessageLine, date_edit, day_of
from kasir.ui.session import Session
from kasir.ui.widgets import LazyTableModel, shortcut, show_rows, stretch_column, table_view

JOURNAL_COLUMNS = (N_("Date"), N_("Entry"), N_("Origin"), N_("Account"), N_("Description"),
                   N_("Debit"), N_("Credit"))
LINE_COLUMNS = (N_("Account"), N_("Description"), N_("Debit"), N_("Credit"))
# Fixed widths: sizing columns to their contents would read every loaded row on each change.
JOURNAL_WIDTHS = (110, 80, 130, 230, 320, 120)


@lru_cache(maxsize=4096)
def _cells(row: journal.JournalRow, _language: str) -> tuple[str, ...]:
    """The texts of a row's cells, made once: a scrolled list repaints the same rows many
    times and babel's formatting is the slow part of a paint. Keyed by language too."""
    return (date(row.date, "medium"), f"#{row.entry_id}", origin_label(row.origin_type),
            account_text(row.code, row.name), row.memo,
            rupiah(row.debit, symbol=False) if row.debit else "",
            rupiah(row.credit, symbol=False) if row.credit else "")


class JournalModel(LazyTableModel):
    """Journal lines (:class:`kasir.books.journal.JournalRow`) loaded page by page as they scroll."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__([_(c) for c in JOURNAL_COLUMNS], self._page, money_columns=(5, 6),
                         parent=parent)
        self.session = session
        self.filters: dict = {}

    def _page(self, offset: int, limit: int) -> list:
        after = self.rows[offset - 1] if offset else None
        return journal.journal_lines(self.session.conn, after=after, limit=limit, **self.filters)

    def render(self, row: journal.JournalRow, col: int) -> str:
        return _cells(row, language())[col]


class ReverseDialog(FormDialog):
    """Reverse a manual entry: the date of the reversal and the reason, which becomes its memo."""

    def __init__(self, session: Session, entry: ledger.Entry, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Reverse entry #{id}").format(id=entry.id), _("Reverse"), parent,
                         name="reverseDialog")
        self.entry = entry
        conn, today = session.conn, session.ctx.today()
        # the books' own default: the entry's date while its month is open, otherwise today
        day = entry.date if not ledger.is_closed(conn, entry.date) else today
        self.day = date_edit(day, "reverseDate")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reverseReason")
        self.reason.setPlaceholderText(_("Why the entry is wrong"))
        self.form.addRow(QLabel(entry.memo, self))
        self.form.addRow(_("Date of the reversal"), self.day)
        self.form.addRow(_("Reason"), self.reason)

    def submit(self) -> int:
        reason = self.reason.text().strip()
        if not reason:
            raise InvalidInput(N_("Write the reason for the reversal."))
        memo = _("Reversal of #{id}: {reason}").format(id=self.entry.id, reason=reason)
        return ledger.reverse(self.session.ctx, self.entry.id, date=day_of(self.day), memo=memo)


class JournalTab(QWidget):
    """Filters above, the lazily loaded journal in the middle, the selected entry below."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("journalTab")
        self.entry: ledger.Entry | None = None
        self.reverse_dialog: ReverseDialog | None = None
        self.model = JournalModel(session, self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        shortcut(self, "Ctrl+R", self.open_reverse)
        shortcut(self, "F5", self.refresh)

    # ---- building ------------------------------------------------------------------------

    def _build_filters(self) -> QVBoxLayout:
        today = self.session.ctx.today()
        self.by_date = QCheckBox(_("Dates"), self)
        self.by_date.setObjectName("dateFilter")
        self.start = date_edit(today.replace(day=1), "startDate")
        self.end = date_edit(today, "endDate")
        self.account = AccountCombo("accountFilter", _("All accounts"), self)
        self.origin = QComboBox(self)
        self.origin.setObjectName("originFilter")
        self.order = QComboBox(self)
        self.order.setObjectName("orderFilter")
        self.order.addItem(_("Newest first"), True)
        self.order.addItem(_("Oldest first"), False)
        # two rows: in one, the filters are wider than a 1366 px screen leaves for the page
        rows = QVBoxLayout()
        for widgets in ((self.by_date, self.start, QLabel("–"), self.end, self.order),
                        (QLabel(_("Account")), self.account, QLabel(_("Origin")), self.origin)):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            rows.addLayout(row)
        self._date_fields(False)
        self.by_date.toggled.connect(self._date_fields)
        for signal in (self.start.dateChanged, self.end.dateChanged):
            signal.connect(lambda _day: self.by_date.isChecked() and self.apply_filters())
        for combo in (self.account, self.origin, self.order):
            combo.currentIndexChanged.connect(self.apply_filters)
        return rows

    def _build_list(self) -> QWidget:
        self.view = table_view("journalView", self)
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(JOURNAL_WIDTHS):
            self.view.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.count = QLabel(self)
        self.count.setObjectName("journalCount")
        self.model.rowsInserted.connect(self._show_count)
        self.model.modelReset.connect(self._show_count)
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        return box

    def _build_detail(self) -> QWidget:
        box = QWidget(self)
        self.header = QLabel(_("Choose a line to see its whole entry."), box)
        self.header.setObjectName("entryHeader")
        self.header.setWordWrap(True)
        self.lines = table_view("entryLines")
        self.reverse_button = QPushButton(_("Reverse… (Ctrl+R)"), box)
        self.reverse_button.setObjectName("reverseButton")
        self.reverse_button.clicked.connect(self.open_reverse)
        self.message = MessageLine("journalMessage", box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reverse_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.lines, 1)
        layout.addLayout(buttons)
        self._show_entry(None)
        return box

    # ---- behaviour -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the choices and the list from the first page; keep the entry shown."""
        conn = self.session.conn
        self.account.blockSignals(True)
        self.account.set_accounts(ledger.accounts(conn))
        self.account.blockSignals(False)
        keep = self.origin.currentData()
        self.origin.blockSignals(True)
        self.origin.clear()
        self.origin.addItem(_("All origins"), None)
        for origin in journal.origin_types(conn):
            self.origin.addItem(origin_label(origin), origin)
        self.origin.setCurrentIndex(max(self.origin.findData(keep), 0) if keep else 0)
        self.origin.blockSignals(False)
        self.apply_filters()
        self._show_entry(self.entry.id if self.entry else None)

    def filters(self) -> dict:
        dates = self.by_date.isChecked()
        return {"start": day_of(self.start) if dates else None,
                "end": day_of(self.end) if dates else None,
                "account_code": self.account.code(), "origin_type": self.origin.currentData(),
                "newest_first": self.order.currentData() is not False}

    @guarded
    def apply_filters(self, *_args) -> None:
        self.model.filters = self.filters()
        self.model.reload()

    def _date_fields(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        if self.model.filters:  # not while building
            self.apply_filters()

    def _show_count(self, *_args) -> None:
        n = self.model.rowCount()
        more = _(" — scroll for more") if self.model.canFetchMore() else ""
        self.count.setText(ngettext("{n} line shown", "{n} lines shown", n).format(n=n) + more)

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self._show_entry(self.model.row_at(current.row()).entry_id)

    @guarded
    def _show_entry(self, entry_id: int | None) -> None:
        self.entry = ledger.entry(self.session.conn, entry_id) if entry_id else None
        entry = self.entry
        names = {a.code: a.name for a in ledger.accounts(self.session.conn)} if entry else {}
        rows = [(account_text(ln.account, names.get(ln.account, "")), ln.memo, ln.debit or None,
                 ln.credit or None) for ln in (entry.lines if entry else ())]
        show_rows(self.lines, [_(c) for c in LINE_COLUMNS], rows, money_columns=(2, 3))
        stretch_column(self.lines, 1)
        if entry is not None:
            self.header.setText(self._header_text(entry))
        self.reverse_button.setEnabled(self._may_reverse(entry))
        self.reverse_button.setVisible(self.session.may("ledger.reverse"))

    def _header_text(self, entry: ledger.Entry) -> str:
        text = _("Entry #{id} · {date} · {origin} · by {user}: {memo}").format(
            id=entry.id, date=date(entry.date, "long"), origin=origin_label(entry.origin_type),
            user=entry.created_by, memo=entry.memo)
        if entry.reversed_by:
            text += "\n" + _("Reversed by entry #{id}.").format(id=entry.reversed_by)
        if entry.reverses_id:
            text += "\n" + _("This entry reverses entry #{id}.").format(id=entry.reverses_id)
        return text

    def _may_reverse(self, entry: ledger.Entry | None) -> bool:
        """Only the treasurer's own manual entries, not yet reversed, not reversals themselves;
        a business document's entry is corrected through that document."""
        return (entry is not None and self.session.may("ledger.reverse")
                and entry.origin_type == "manual" and not entry.reversed_by
                and not entry.reverses_id)

    def open_reverse(self) -> None:
        if not self.reverse_button.isEnabled() or self.entry is None:
            return
        self.reverse_dialog = ReverseDialog(self.session, self.entry, self)
        self.reverse_dialog.accepted.connect(self._reversed)
        self.reverse_dialog.open()
        self.reverse_dialog.reason.setFocus()

    def _reversed(self) -> None:
        new_id = self.reverse_dialog.result_value
        self.message.ok(_("Entry #{id} was reversed by entry #{new}.").format(id=self.entry.id, new=new_id))
        self.session.changed("ledger")
        self._show_entry(self.entry.id)
