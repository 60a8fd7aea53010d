"""Deposit and withdrawal of savings: member, kind, amount, date, cash or bank.

One dialog for both (:class:`SavingsDialog`, ``mode`` "deposit" or "withdraw"). The member is
picked by number or name; the current balance of the chosen kind shows as the member and kind
change. Withdrawals are of simpanan sukarela only (pokok and wajib come back at the exit
settlement). A refusal of the books — a withdrawal beyond the balance, pokok paid twice, a
member who left — is shown in the dialog in the books' words, and nothing is written.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from kasir.books import profile as profile_mod
from kasir.books import savings
from kasir.books.members import Member
from kasir.errors import InvalidInput
from kasir.i18n import N_, _, rupiah
from kasir.ui.forms import FormDialog, date_edit, day_of, via_combo
from kasir.ui.member_picker import MemberPicker
from kasir.ui.session import Session
from kasir.ui.widgets import MoneyEdit

MODES = ("deposit", "withdraw")


class SavingsDialog(FormDialog):
    """A deposit or a withdrawal; ``result_value`` is the savings transaction id after OK."""

    def __init__(self, session: Session, mode: str = "deposit", member: Member | None = None,
                 kind: str | None = None, parent: QWidget | None = None) -> None:
        if mode not in MODES:
            raise ValueError(mode)
        deposit = mode == "deposit"
        super().__init__(session, _("Savings deposit") if deposit else _("Savings withdrawal"),
                         _("Record deposit") if deposit else _("Record withdrawal"), parent,
                         name=f"{mode}Dialog")
        self.mode = mode
        self.profile = profile_mod.get(session.conn)
        self.picker = MemberPicker(session, self)
        self.form.addRow(_("Member"), self.picker)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for key in savings.KINDS if deposit else ("sukarela",):
            self.kind.addItem(_(savings.KIND_LABELS[key]), key)
        self.kind.setEnabled(deposit)
        self.form.addRow(_("Kind"), self.kind)
        self.balance = QLabel(self)
        self.balance.setObjectName("balance")
        self.form.addRow(_("Balance now"), self.balance)
        self.amount = MoneyEdit(self, large=True)
        self.amount.setObjectName("amount")
        self.form.addRow(_("Amount (Rp)"), self.amount)
        today = session.ctx.today()
        self.day = date_edit(today, "txDate", self, latest=today)
        self.form.addRow(_("Date"), self.day)
        self.via = via_combo(self)
        self.form.addRow(_("Paid by") if deposit else _("Paid out by"), self.via)
        self.memo = QLineEdit(self)
        self.memo.setObjectName("memo")
        self.memo.setPlaceholderText(_("Optional note for the passbook"))
        self.form.addRow(_("Note"), self.memo)
        self.picker.picked.connect(self._update)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        kind = kind or "wajib"  # the deposit made most often
        if self.kind.findData(kind) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self.picker.set_member(member)
        self._kind_changed()
        (self.amount if member else self.picker.field).setFocus()

    @property
    def member(self) -> Member | None:
        return self.picker.member

    def _kind_changed(self) -> None:
        self._suggest_amount()
        self._update()

    def _update(self, *_args) -> None:
        """Show the chosen member's balance of the chosen kind; OK needs a member."""
        member = self.member
        self.ok.setEnabled(member is not None)
        if member is None:
            self.balance.setText(_("Choose a member first."))
            return
        amount = savings.balance(self.session.conn, member.id, self.kind.currentData())
        self.balance.setText(rupiah(amount))
        self._suggest_amount()

    def _suggest_amount(self) -> None:
        # Pokok and wajib have set amounts; typing over the suggestion is always possible.
        if self.mode != "deposit" or self.amount.isModified():
            return
        kind = self.kind.currentData()
        if kind == "wajib":
            self.amount.set_amount(self.profile.wajib_amount)
        elif kind == "pokok" and self.member:
            due = self.profile.pokok_amount - savings.balance(self.session.conn, self.member.id, "pokok")
            self.amount.set_amount(max(due, 0))
        else:
            self.amount.clear()

    def submit(self) -> int:
        if self.member is None:
            raise InvalidInput(N_("Choose a member first."))
        amount = self.amount.amount()
        day = day_of(self.day)
        ctx, member_id, kind = self.session.ctx, self.member.id, self.kind.currentData()
        options = {"date": day, "via": self.via.currentData(), "memo": self.memo.text().strip()}
        if self.mode == "deposit":
            return savings.deposit(ctx, member_id, kind, amount, **options)
        return savings.withdraw(ctx, member_id, amount, kind=kind, **options)
