"""The member's card: who they are, their savings per kind, what they owe and what they bought.

Everything comes from ``kasir.books`` queries: ``members.get``, ``savings.balances`` and
``savings.arrears``, ``credit.open_credit`` and ``sales.member_purchases`` (from the start of
the book year, which the AD/ART may begin in any month, up to today).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QFrame, QGroupBox, QLabel, QVBoxLayout, QWidget

from kasir.books import credit, members, sales, savings
from kasir.books.members import STATUS_LABELS, Member
from kasir.errors import InvalidNik
from kasir.i18n import _, date, ngettext, number, rupiah
from kasir.reports.common import book_year_start
from kasir.ui.member_dialog import GENDER_LABELS
from kasir.ui.session import Session
from kasir.ui.widgets import RIGHT


class MemberCard(QFrame):
    """Shows one member; :meth:`show_member` with an id (or None to show nothing)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.member: Member | None = None
        self.setObjectName("memberCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        identity = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (("nik", _("NIK")), ("born", _("Born")), ("address", _("Address")),
                           ("phone", _("Phone")), ("joined", _("Joined")), ("status", _("Status"))):
            identity.addRow(label, self._value(key))
        money = QGroupBox(_("Savings and shop"), self)
        amounts = QFormLayout(money)
        for kind in savings.KINDS:
            amounts.addRow(_(savings.KIND_LABELS[kind]), self._value(kind, money=True))
        amounts.addRow(_("Total savings"), self._value("total", money=True))
        amounts.addRow(_("Wajib in arrears"), self._value("arrears", money=True))
        amounts.addRow(_("Open shop credit"), self._value("credit", money=True))
        amounts.addRow(_("Purchases this book year"), self._value("purchases", money=True))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(identity)
        layout.addWidget(money)
        layout.addStretch(1)
        self.show_member(None)

    def _value(self, key: str, *, money: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"card_{key}")
        label.setWordWrap(not money)
        if money:
            label.setAlignment(RIGHT)
        self.fields[key] = label
        return label

    def text(self, key: str) -> str:
        return self.fields[key].text()

    def show_member(self, member_id: int | None) -> None:
        """Read the member's figures from the books and show them."""
        if member_id is None:
            self.member = None
            self.title.setText(_("Choose a member in the list."))
            for label in self.fields.values():
                label.clear()
            return
        conn = self.session.conn
        member = self.member = members.get(conn, member_id)
        self.title.setText(_("{number} · {name}").format(number=member.number, name=member.name))
        self._identity(member)
        held = savings.balances(conn, member.id)
        for kind, amount in held.items():
            self.fields[kind].setText(rupiah(amount))
        self.fields["total"].setText(rupiah(sum(held.values())))
        self._arrears(member)
        self.fields["credit"].setText(rupiah(credit.open_credit(conn, member.id)))
        today = self.session.ctx.today() if self.session.ctx else dt.date.today()
        bought = sales.member_purchases(conn, member.id, book_year_start(conn, today), today)
        self.fields["purchases"].setText(ngettext("{amount} in {count} sale", "{amount} in {count} sales",
                                                  bought.count).format(amount=rupiah(bought.total),
                                                                       count=number(bought.count)))

    def _identity(self, member: Member) -> None:
        self.fields["nik"].setText(member.nik)
        try:
            birth = members.parse_nik(member.nik).birth_date
            born = _("{date}, {gender}").format(date=date(birth), gender=_(GENDER_LABELS[member.gender]))
        except InvalidNik:  # registered before the check existed: show what is stored
            born = _(GENDER_LABELS[member.gender])
        self.fields["born"].setText(born)
        self.fields["address"].setText(member.address or "—")
        self.fields["phone"].setText(member.phone or "—")
        self.fields["joined"].setText(date(member.join_date))
        status = _(STATUS_LABELS[member.status])
        if member.exit_date:
            status = _("{status} on {date}").format(status=status, date=date(member.exit_date))
        self.fields["status"].setText(status)

    def _arrears(self, member: Member) -> None:
        if member.status != "active":
            self.fields["arrears"].setText("—")
            return
        today = self.session.ctx.today() if self.session.ctx else dt.date.today()
        behind = savings.arrears(self.session.conn, today, member.id)
        if not behind:
            self.fields["arrears"].setText(_("none"))
            return
        periods = behind[0].periods
        self.fields["arrears"].setText(ngettext("{amount} ({periods} instalment)",
                                                "{amount} ({periods} instalments)", periods).format(
            amount=rupiah(behind[0].arrears), periods=number(periods)))
