"""The Savings page: deposits and withdrawals, a member's passbook (and its PDF), wajib arrears.

A member is chosen at the top by number or name; their balances and passbook
(``savings.passbook``, all kinds or one) show below, and the passbook can be saved as a PDF
(``kasir.reports.passbook.passbook_pdf``). Deposit (F2) needs ``savings.deposit``, withdraw
(F3) ``savings.withdraw``; without them the buttons are hidden. The second tab is the wajib
arrears list (:mod:`kasir.ui.savings_arrears`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from kasir.books import members, savings
from kasir.books.members import Member
from kasir.db.connection import refuse_coop_target
from kasir.i18n import N_, _, rupiah
from kasir.ui.feedback import guarded
from kasir.ui.file_dialogs import save_dialog
from kasir.ui.forms import MessageLine
from kasir.ui.member_picker import MemberPicker, member_label
from kasir.ui.pages.base import Page
from kasir.ui.savings_arrears import ArrearsPanel
from kasir.ui.savings_dialogs import SavingsDialog
from kasir.ui.widgets import FieldModel, action_button, list_fetch, shortcut, table_view

PASSBOOK_FIELDS = (
    (N_("Date"), lambda r: r.date),
    (N_("Kind"), lambda r: r.kind),
    (N_("Description"), lambda r: r.memo),
    (N_("In"), lambda r: r.deposit or None),
    (N_("Out"), lambda r: r.withdrawal or None),
    (N_("Balance"), lambda r: r.balance),    # of the row's kind
    (N_("All savings"), lambda r: r.total),
)


class SavingsPage(Page):
    key = "savings"
    title = N_("Savings")
    permission = None
    topics = ("savings", "members")

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.dialog = None  # the open deposit / withdrawal / file dialog (tests reach it here)
        self.rows: list[savings.PassbookRow] = []
        self.picker = MemberPicker(session, self)
        self.picker.setObjectName("passbookMember")
        self.picker.picked.connect(lambda _member: self.show_passbook())
        self.summary = QLabel(self)
        self.summary.setObjectName("savingsSummary")
        self.status = MessageLine("savingsStatus", self)
        self.kind = QComboBox(self)
        self.kind.setObjectName("passbookKind")
        self.kind.addItem(_("All kinds"), None)
        for key in savings.KINDS:
            self.kind.addItem(_(savings.KIND_LABELS[key]), key)
        self.kind.currentIndexChanged.connect(self.show_passbook)
        self.model = FieldModel(PASSBOOK_FIELDS, list_fetch(self.rows), money_columns=(3, 4, 5, 6),
                                parent=self)
        self.table = table_view("passbookTable", self, model=self.model, stretch=2,
                                widths={0: 110, 1: 80, 3: 120, 4: 120, 5: 130, 6: 130})
        self.arrears = ArrearsPanel(session, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("savingsTabs")
        self.tabs.addTab(self._passbook_tab(), _("Passbook"))
        self.tabs.addTab(self.arrears, _("Wajib arrears"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self._build_buttons()
        self._layout()
        self.refresh()

    def _passbook_tab(self) -> QWidget:
        tab = QWidget(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Show"), tab))
        row.addWidget(self.kind)
        row.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        return tab

    def _build_buttons(self) -> None:
        may = self.session.may
        self.deposit_button = action_button(self, "depositButton", _("Deposit ({keys})"), "F2",
                                            self.deposit, visible=may("savings.deposit"))
        self.withdraw_button = action_button(self, "withdrawButton", _("Withdraw ({keys})"), "F3",
                                             self.withdraw, visible=may("savings.withdraw"))
        self.pdf_button = action_button(self, "passbookPdf", _("Passbook as PDF ({keys})"), "Ctrl+P",
                                        self.save_passbook)
        shortcut(self, "Ctrl+F", self.picker.focus)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Member (Ctrl+F)"), self))
        top.addWidget(self.picker, 2)
        for btn in (self.deposit_button, self.withdraw_button, self.pdf_button):
            top.addWidget(btn, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    # ---- what is shown ----------------------------------------------------------------

    @property
    def member(self) -> Member | None:
        return self.picker.member

    def choose(self, member: Member | None) -> None:
        """Show ``member``'s passbook (as if picked at the top)."""
        self.picker.set_member(member)
        self.show_passbook()

    def refresh(self) -> None:
        if self.member is not None:  # the status may have changed (an exit)
            self.picker.set_member(members.get(self.session.conn, self.member.id))
        self.show_passbook()
        if self.tabs.currentWidget() is self.arrears:
            self.arrears.refresh()

    def show_passbook(self) -> None:
        member = self.member
        self.pdf_button.setEnabled(member is not None)
        self.withdraw_button.setEnabled(member is None or member.status == "active")
        if member is None:
            self.rows[:] = []
            self.summary.setText(_("Choose a member to see their passbook."))
        else:
            self.rows[:] = savings.passbook(self.session.conn, member.id, self.kind.currentData())
            held = savings.balances(self.session.conn, member.id)
            parts = [_("{kind}: {amount}").format(kind=_(savings.KIND_LABELS[k]), amount=rupiah(v))
                     for k, v in held.items()]
            parts.append(_("Total: {amount}").format(amount=rupiah(sum(held.values()))))
            self.summary.setText("   ·   ".join(parts))
        self.model.reload(list_fetch(self.rows))
        if self.rows:
            self.table.scrollToBottom()  # the latest movements, like the last page of a passbook

    # ---- deposit and withdrawal -------------------------------------------------------

    @guarded
    def deposit(self) -> None:
        if self.session.may("savings.deposit"):
            self._open_savings("deposit")

    @guarded
    def withdraw(self) -> None:
        if self.session.may("savings.withdraw"):
            self._open_savings("withdraw")

    def _open_savings(self, mode: str) -> None:
        member = self.member if self.member and self.member.status == "active" else None
        dialog = SavingsDialog(self.session, mode, member, kind=self.kind.currentData(), parent=self)
        dialog.accepted.connect(lambda: self._saved(dialog))
        self.dialog = dialog
        dialog.open()

    def _saved(self, dialog: SavingsDialog) -> None:
        amount = dialog.amount.amount()
        text = (_("Deposit of {amount} recorded for {member}.") if dialog.mode == "deposit"
                else _("Withdrawal of {amount} recorded for {member}."))
        self.status.ok(text.format(amount=rupiah(amount), member=member_label(dialog.member)))
        self.choose(dialog.member)
        self.session.changed("savings")

    # ---- the passbook as PDF ----------------------------------------------------------

    @guarded
    def save_passbook(self) -> None:
        member = self.member
        if member is None:
            return
        dialog = save_dialog(self, _("Save the passbook as PDF"), Path.home(),
                             f"buku-simpanan-{member.number}.pdf", ".pdf",
                             _("PDF files (*.pdf)"), "passbookFileDialog")
        dialog.fileSelected.connect(self.write_passbook)
        self.dialog = dialog
        dialog.open()

    @guarded
    def write_passbook(self, path: str) -> Path:
        """Write the chosen member's passbook to ``path`` and say where it went."""
        from kasir.reports.passbook import passbook_pdf  # reportlab loads only when printing

        refuse_coop_target(path, self.session.path)
        out = passbook_pdf(self.session.conn, self.member.id, Path(path))
        self.status.ok(_("Passbook saved to {path}.").format(path=out))
        return out
