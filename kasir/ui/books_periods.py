"""The Books page's month close and trial balance tabs.

Month close shows, before anything happens, what :func:`kasir.books.ledger.close_month` would
do for the chosen month (which months it closes, earlier open ones included) or why it would
refuse, and closes only after a confirmation. The trial balance lists every account's balance
as of a date on its debit or credit side, with both totals, which must be equal.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kasir.books import ledger
from kasir.dates import add_months, month_of, month_start
from kasir.errors import KasirError
from kasir.i18n import N_, _, date, rupiah
from kasir.ui.books_common import account_text, kind_label
from kasir.ui.feedback import guarded
from kasir.ui.forms import MessageLine, allow, date_edit, day_of, set_message
from kasir.ui.session import Session
from kasir.ui.widgets import money_label, shortcut, show_rows, stretch_column, table_view

MONTHS_OFFERED = 24   # when nothing is closed yet, how far back the month choice reaches
TRIAL_COLUMNS = (N_("Account"), N_("Kind"), N_("Debit"), N_("Credit"))


def month_name(month: str) -> str:
    return date(month_start(month), "MMMM yyyy")


class MonthCloseTab(QWidget):
    """Pick a month, read what closing it does, close it (period.close) after confirming."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("monthCloseTab")
        self.confirm_box: QMessageBox | None = None
        self.month = QComboBox(self)
        self.month.setObjectName("closeMonthChoice")
        self.month.setMaximumWidth(320)
        self.month.currentIndexChanged.connect(self.preview)
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("closePreview")
        self.preview_label.setWordWrap(True)
        self.close_button = QPushButton(_("Close month… (Ctrl+K)"), self)
        self.close_button.setObjectName("closeMonth")
        self.close_button.clicked.connect(self.ask)
        self.message = MessageLine("closeMessage", self)
        self.closed = QListWidget(self)
        self.closed.setObjectName("closedMonths")
        form = QFormLayout()
        form.addRow(_("Month"), self.month)
        form.addRow(self.preview_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(_("Closed months, latest first"), self))
        layout.addWidget(self.closed, 1)
        self.may = allow(session, "period.close", self.close_button)
        shortcut(self, "Ctrl+K", self.ask)

    def refresh(self) -> None:
        """Offer the months after the last closed one up to last month (latest first)."""
        closed = ledger.closed_months(self.session.conn)
        last = add_months(month_of(self.session.ctx.today()), -1)
        first = add_months(closed[-1], 1) if closed else add_months(last, 1 - MONTHS_OFFERED)
        keep = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        m = last
        while m >= min(first, last):
            self.month.addItem(f"{month_name(m)}  ({m})", m)
            m = add_months(m, -1)
        self.month.setCurrentIndex(max(self.month.findData(keep), 0))
        self.month.blockSignals(False)
        self.closed.clear()
        self.closed.addItems([f"{month_name(m)}  ({m})" for m in reversed(closed)])
        self.preview()

    def preview(self, *_args) -> None:
        """Say what closing the chosen month would do, or why it cannot be closed."""
        month = self.month.currentData()
        try:
            months = ledger.months_to_close(self.session.conn, month, self.session.ctx.today())
        except KasirError as exc:
            self.preview_label.setText(str(exc))
            self.close_button.setEnabled(False)
            return
        names = ", ".join(month_name(m) for m in months)
        self.preview_label.setText(_("Closing locks {months}: nothing more can be posted into "
                                     "them, ever. Corrections then go into an open month.")
                                   .format(months=names))
        self.close_button.setEnabled(self.may)

    def ask(self) -> None:
        if not self.close_button.isEnabled():
            return
        month = self.month.currentData()
        box = QMessageBox(QMessageBox.Icon.Question, _("kasir"),
                          _("Close the books for {month}? This cannot be undone.")
                          .format(month=month_name(month)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmClose")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(
            lambda button: box.standardButton(button) == QMessageBox.StandardButton.Yes
            and self.close_month(month))
        self.confirm_box = box
        box.open()

    @guarded
    def close_month(self, month: str) -> None:
        done = ledger.close_month(self.session.ctx, month)
        self.message.ok(_("Closed: {months}.").format(months=", ".join(month_name(m) for m in done)))
        self.session.changed("ledger")
        self.refresh()


class TrialBalanceTab(QWidget):
    """Every account's balance as of a date, debit or credit side, and the two totals."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("trialBalanceTab")
        self.as_of = date_edit(session.ctx.today(), "trialDate")
        self.as_of.dateChanged.connect(self.refresh)
        self.view = table_view("trialView")
        self.debit_total = money_label("trialDebit", self)
        self.credit_total = money_label("trialCredit", self)
        self.state = QLabel(self)
        self.state.setObjectName("trialState")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("As of"), self))
        top.addWidget(self.as_of)
        top.addStretch(1)
        totals = QHBoxLayout()
        totals.addWidget(self.state, 1)
        for text, label in ((_("Total debit"), self.debit_total),
                            (_("Total credit"), self.credit_total)):
            totals.addWidget(QLabel(text, self))
            totals.addWidget(label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(totals)
        shortcut(self, "F5", self.refresh)

    @guarded
    def refresh(self, *_args) -> None:
        day: dt.date = day_of(self.as_of)
        rows = ledger.trial_balance(self.session.conn, day)
        show_rows(self.view, [_(c) for c in TRIAL_COLUMNS],
                  [(account_text(r.code, r.name), kind_label(r.kind), r.debit or None,
                    r.credit or None) for r in rows], money_columns=(2, 3))
        stretch_column(self.view, 0)
        debit, credit = sum(r.debit for r in rows), sum(r.credit for r in rows)
        self.debit_total.setText(rupiah(debit))
        self.credit_total.setText(rupiah(credit))
        balanced = debit == credit
        set_message(self.state, _("Balanced on {date}.").format(date=date(day, "long")) if balanced
                    else _("Debits and credits differ: run the data check (kasir check)."),
                    error=not balanced)
