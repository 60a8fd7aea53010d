"""The exit settlement: a member leaves, their savings come back less what they owe.

The dialog shows what :func:`kasir.books.savings.settle_exit` will do — the savings of each
kind, the open shop credit set off against them and the refund to hand over — and asks for an
explicit confirmation (a tick) before the button that ends the membership can be pressed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from kasir.books import members, savings
from kasir.books.members import Member
from kasir.books.savings import ExitSettlement
from kasir.i18n import _, rupiah
from kasir.ui.forms import FormDialog, via_combo
from kasir.ui.session import Session
from kasir.ui.widgets import money_label


class ExitDialog(FormDialog):
    """Settle ``member``'s exit; ``result_value`` is the :class:`ExitSettlement` after OK."""

    def __init__(self, session: Session, member: Member, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Member {number} leaves the co-op").format(number=member.number),
                         _("End membership and refund"), parent, name="exitDialog")
        self.member = member
        conn = session.conn
        held = savings.balances(conn, member.id)
        owed = members.owed(conn, member.id)
        total = sum(held.values())
        self.refund = total - owed
        self.form.addRow(_("Member"), QLabel(_("{number} · {name}").format(
            number=member.number, name=member.name), self))
        for kind, amount in held.items():
            self._amount(kind, _(savings.KIND_LABELS[kind]), amount)
        self._amount("owed", _("Less open shop credit"), -owed)
        self._amount("refund", _("Refund to the member"), self.refund, bold=True)
        self.via = via_combo(self)
        self.form.addRow(_("Refund paid by"), self.via)
        self.sure = QCheckBox(_("The membership ends for good; the member has signed for the refund."),
                              self)
        self.sure.setObjectName("confirmExit")
        self.form.addRow("", self.sure)
        self.covered = owed <= total
        if not self.covered:
            self.error.refusal(_("The member owes {owed}, more than their savings of {total}. Settle "
                                 "the difference first.").format(owed=rupiah(owed), total=rupiah(total)))
        self.sure.toggled.connect(self._enable)
        self._enable()

    def _amount(self, key: str, label: str, amount: int, bold: bool = False) -> None:
        self.form.addRow(label, money_label(f"exit_{key}", self, amount, bold=bold))

    def _enable(self) -> None:
        self.ok.setEnabled(self.covered and self.sure.isChecked())

    def submit(self) -> ExitSettlement:
        return savings.settle_exit(self.session.ctx, self.member.id, via=self.via.currentData())
