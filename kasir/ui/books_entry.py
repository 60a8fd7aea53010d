"""The Books page's manual entry form: date, memo and lines, with live debit and credit totals.

Save stays disabled until the entry could be posted as typed: at least one debit and one
credit, every line with an account and one amount, debits equal to credits. The books check
the rest (a closed month, a date in the future, an account kept by a sub-ledger) and their
refusal is shown under the form, with what was typed kept for correcting.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kasir.books import ledger
from kasir.errors import KasirError
from kasir.i18n import _, rupiah
from kasir.ui.books_common import AccountCombo
from kasir.ui.forms import MessageLine, allow, date_edit, day_of, run_event, set_message
from kasir.ui.session import Session
from kasir.ui.widgets import MoneyEdit, money_label, shortcut

START_LINES = 2


class EntryLine:
    """One line of the form: account, description, debit, credit and a remove button."""

    def __init__(self, parent: QWidget, n: int) -> None:
        self.account = AccountCombo(f"lineAccount{n}", _("— choose an account —"), parent)
        self.memo = QLineEdit(parent)
        self.memo.setObjectName(f"lineMemo{n}")
        self.memo.setPlaceholderText(_("Description (optional)"))
        self.debit = MoneyEdit(parent)
        self.debit.setObjectName(f"lineDebit{n}")
        self.credit = MoneyEdit(parent)
        self.credit.setObjectName(f"lineCredit{n}")
        self.remove = QToolButton(parent)
        self.remove.setText("✕")
        self.remove.setObjectName(f"lineRemove{n}")
        self.remove.setToolTip(_("Remove this line"))
        self.widgets = (self.account, self.memo, self.debit, self.credit, self.remove)

    def amounts(self) -> tuple[int, int]:
        """(debit, credit) as typed, 0 where empty; raises InvalidAmount for a wrong amount."""
        return tuple(field.amount() if field.text().strip() else 0
                     for field in (self.debit, self.credit))

    def is_empty(self) -> bool:
        return (self.account.code() is None and not self.memo.text().strip()
                and not self.debit.text().strip() and not self.credit.text().strip())

    def to_line(self) -> ledger.Line:
        debit, credit = self.amounts()
        return ledger.Line(self.account.code(), debit=debit, credit=credit,
                           memo=self.memo.text().strip())


class ManualEntryTab(QWidget):
    """The treasurer's own journal entry, posted through :func:`kasir.books.ledger.post`."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("manualEntryTab")
        self.lines: list[EntryLine] = []
        self._serial = 0
        self._choices: list[ledger.Account] = []
        today = session.ctx.today()
        self.day = date_edit(today, "entryDate")
        self.day.setMaximumWidth(180)
        self.memo = QLineEdit(self)
        self.memo.setObjectName("entryMemo")
        self.memo.setPlaceholderText(_("What the entry is for, e.g. Electricity bill June"))
        head = QFormLayout()
        head.addRow(_("Date"), self.day)
        head.addRow(_("Description"), self.memo)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self._build_grid(), 1)
        layout.addLayout(self._build_footer())
        self.refresh()
        for _n in range(START_LINES):
            self.add_line()
        self._keys()
        self.update_totals()

    def _build_grid(self) -> QScrollArea:
        self.grid_box = QWidget(self)
        self.grid = QGridLayout(self.grid_box)
        for col, text in enumerate((_("Account"), _("Description"), _("Debit"), _("Credit"))):
            self.grid.addWidget(QLabel(f"<b>{text}</b>", self.grid_box), 0, col)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 2)
        self.grid.setColumnStretch(3, 2)
        self.grid.setRowStretch(999, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_box)
        return scroll

    def _build_footer(self) -> QVBoxLayout:
        self.add_button = QPushButton(_("Add line (Ctrl+L)"), self)
        self.add_button.setObjectName("addLine")
        self.add_button.clicked.connect(self.add_line)
        self.debit_total = money_label("debitTotal", self)
        self.credit_total = money_label("creditTotal", self)
        self.difference = money_label("difference", self)
        self.state = MessageLine("balanceState", self)
        totals = QHBoxLayout()
        totals.addWidget(self.add_button)
        totals.addStretch(1)
        for text, label in ((_("Debit"), self.debit_total), (_("Credit"), self.credit_total),
                            (_("Difference"), self.difference)):
            totals.addSpacing(16)
            totals.addWidget(QLabel(text, self))
            totals.addWidget(label)
        totals.addSpacing(16)
        totals.addWidget(self.state, 1)  # wraps: a long reason must not widen the window
        self.message = MessageLine("entryMessage", self)
        self.clear_button = QPushButton(_("Clear"), self)
        self.clear_button.setObjectName("clearEntry")
        self.clear_button.clicked.connect(self.clear)
        self.save_button = QPushButton(_("Save (Ctrl+S)"), self)
        self.save_button.setObjectName("saveEntry")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        footer = QVBoxLayout()
        footer.addLayout(totals)
        footer.addLayout(buttons)
        return footer

    def _keys(self) -> None:
        shortcut(self, "Ctrl+S", self.save)
        shortcut(self, "Ctrl+L", self.add_line)
        may = allow(self.session, "ledger.post", self.save_button, self.add_button,
                    self.clear_button)
        for widget in (self.day, self.memo, self.grid_box):
            widget.setEnabled(may)
        if not may:
            self.message.refusal(_("Your role may look at the books but not post entries."))

    # ---- lines ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Offer the accounts a manual entry may use: active, not kept by a sub-ledger."""
        self._choices = [a for a in ledger.accounts(self.session.conn, include_inactive=False)
                         if not a.managed]
        for line in self.lines:
            line.account.set_accounts(self._choices)

    def add_line(self) -> EntryLine:
        self._serial += 1
        line = EntryLine(self.grid_box, self._serial)
        line.account.set_accounts(self._choices)
        row = self._serial
        for col, widget in enumerate(line.widgets):
            self.grid.addWidget(widget, row, col)
        line.account.currentIndexChanged.connect(self.update_totals)
        for field in (line.memo, line.debit, line.credit):
            field.textChanged.connect(self.update_totals)
        line.remove.clicked.connect(lambda: self.remove_line(line))
        self.lines.append(line)
        line.account.setFocus()
        self.update_totals()
        return line

    def remove_line(self, line: EntryLine) -> None:
        for widget in line.widgets:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.lines.remove(line)
        self.update_totals()

    # ---- totals and saving ---------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the entry cannot be saved yet, or None; also updates the totals shown."""
        debit = credit = used = 0
        problem = None
        for line in self.lines:
            if line.is_empty():
                continue
            used += 1
            try:
                d, c = line.amounts()
            except KasirError as exc:
                problem = problem or str(exc)
                continue
            debit, credit = debit + d, credit + c
            if (d > 0) == (c > 0):
                problem = problem or _("Each line needs either a debit or a credit.")
            elif line.account.code() is None:
                problem = problem or _("Choose an account for each line.")
        self.debit_total.setText(rupiah(debit))
        self.credit_total.setText(rupiah(credit))
        self.difference.setText(rupiah(abs(debit - credit)))
        if used == 0:
            return _("Type the lines of the entry.")
        if debit != credit:
            return _("Not balanced: debits and credits differ.")
        if not debit:
            return _("An entry needs at least one debit and one credit.")
        return problem

    def update_totals(self, *_args) -> None:
        problem = self.problem()
        balanced = problem is None
        set_message(self.state, _("Balanced") if balanced else problem, error=not balanced)
        self.save_button.setEnabled(balanced and self.session.may("ledger.post"))

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        lines = [line.to_line() for line in self.lines if not line.is_empty()]
        # a refusal shows under the form and what was typed stays for correcting
        done, entry_id = run_event(self.message, ledger.post, self.session.ctx, day_of(self.day),
                                   self.memo.text(), lines)
        if not done:
            return
        self.clear()
        self.message.ok(_("Entry #{id} was posted.").format(id=entry_id))
        self.session.changed("ledger")

    def clear(self) -> None:
        for line in list(self.lines):
            self.remove_line(line)
        self.memo.clear()
        self.message.clear_message()
        for _n in range(START_LINES):
            self.add_line()
        self.memo.setFocus()
