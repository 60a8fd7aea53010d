"""The Books page's chart of accounts: every account with its balance today, adding one, and
switching one off or on again.

Accounts are never deleted (their postings stay); one no longer used is made inactive, which
stops new postings to it. Accounts a sub-ledger keeps (savings, stock, member credit,
suppliers) stay active.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kasir.books import ledger
from kasir.i18n import N_, _
from kasir.ui.books_common import kind_label, managed_label
from kasir.ui.feedback import guarded
from kasir.ui.forms import FormDialog, MessageLine, allow
from kasir.ui.session import Session
from kasir.ui.widgets import selected_row, shortcut, show_rows, stretch_column, table_view

COLUMNS = (N_("Code"), N_("Name"), N_("Kind"), N_("Kept by"), N_("Status"), N_("Balance today"))


class AddAccountDialog(FormDialog):
    """A new account: its code (``6-1800``), name and kind."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Add an account"), _("Add"), parent, name="addAccountDialog")
        self.code = QLineEdit(self)
        self.code.setObjectName("accountCode")
        self.code.setPlaceholderText("6-1800")
        self.name = QLineEdit(self)
        self.name.setObjectName("accountName")
        self.kind = QComboBox(self)
        self.kind.setObjectName("accountKind")
        for kind in ledger.KINDS:
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(self.kind.findData("expense"))
        self.form.addRow(_("Code"), self.code)
        self.form.addRow(_("Name"), self.name)
        self.form.addRow(_("Kind"), self.kind)

    def submit(self) -> ledger.Account:
        return ledger.add_account(self.session.ctx, self.code.text(), self.name.text(),
                                  self.kind.currentData())


class AccountsTab(QWidget):
    """The chart of accounts as a list, with add and activate/deactivate for the treasurer."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("accountsTab")
        self.accounts: dict[str, ledger.Account] = {}
        self.add_dialog: AddAccountDialog | None = None
        self.view = table_view("accountsView")
        self.add_button = QPushButton(_("Add account… (Ins)"), self)
        self.add_button.setObjectName("addAccount")
        self.add_button.clicked.connect(self.open_add)
        self.toggle_button = QPushButton(_("Deactivate (Ctrl+D)"), self)
        self.toggle_button.setObjectName("toggleAccount")
        self.toggle_button.clicked.connect(self.toggle_active)
        self.message = MessageLine("accountsMessage", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.may = allow(session, "ledger.accounts", self.add_button, self.toggle_button)
        shortcut(self, "Ins", self.open_add)
        shortcut(self, "Ctrl+D", self.toggle_active)

    def refresh(self) -> None:
        conn = self.session.conn
        keep = self.selected()
        nets = {row.code: row.debit - row.credit
                for row in ledger.trial_balance(conn, self.session.ctx.today())}
        self.accounts = {a.code: a for a in ledger.accounts(conn)}
        rows = [(a.code, a.name, kind_label(a.kind), managed_label(a.managed) if a.managed else "",
                 _("active") if a.active else _("inactive"), ledger.normal(a.kind, nets.get(a.code, 0)))
                for a in self.accounts.values()]
        show_rows(self.view, [_(c) for c in COLUMNS], rows, money_columns=(5,))
        stretch_column(self.view, 1)
        self.view.selectionModel().selectionChanged.connect(self._update_toggle)
        if keep is not None:
            self.select(keep.code)
        self._update_toggle()

    def select(self, code: str) -> None:
        codes = list(self.accounts)
        if code in codes:
            self.view.selectRow(codes.index(code))

    def selected(self) -> ledger.Account | None:
        row = selected_row(self.view) if self.view.model() is not None else None
        return self.accounts.get(row[0]) if row else None

    def _update_toggle(self, *_args) -> None:
        acc = self.selected()
        self.toggle_button.setText(_("Activate (Ctrl+D)") if acc and not acc.active
                                   else _("Deactivate (Ctrl+D)"))
        self.toggle_button.setEnabled(self.may and acc is not None and not acc.managed)

    def open_add(self) -> None:
        if not self.add_button.isEnabled():
            return
        self.add_dialog = AddAccountDialog(self.session, self)
        self.add_dialog.accepted.connect(self._added)
        self.add_dialog.open()
        self.add_dialog.code.setFocus()

    def _added(self) -> None:
        acc = self.add_dialog.result_value
        self.message.ok(_("Account {code} {name} was added.").format(code=acc.code, name=acc.name))
        self.session.changed("ledger")
        self.refresh()
        self.select(acc.code)

    @guarded
    def toggle_active(self) -> None:
        acc = self.selected()
        if acc is None or not self.toggle_button.isEnabled():
            return
        ledger.set_account_active(self.session.ctx, acc.code, not acc.active)
        text = (_("Account {code} is active again.") if not acc.active
                else _("Account {code} is inactive: nothing new can be posted to it."))
        self.message.ok(text.format(code=acc.code))
        self.session.changed("ledger")
        self.refresh()
        self.select(acc.code)
