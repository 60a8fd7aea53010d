"""Adding a member, or correcting one, with the NIK checked while it is typed.

The NIK is read by :func:`kasir.books.members.parse_nik` at every keystroke: the reason it is
not valid (length, province, impossible birth date, already registered) shows under it, or,
when valid, the birth date and gender it encodes. OK stays disabled until the NIK is valid
and the member has a name. Registration takes the simpanan pokok in the same event unless the
treasurer unticks it. When correcting a member only the name, address and phone can change
(NIK, number and gender stay — the books refuse anything else).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from kasir.books import members
from kasir.books import profile as profile_mod
from kasir.books.members import Member, NikInfo
from kasir.errors import InvalidNik
from kasir.i18n import N_, _, date, rupiah
from kasir.ui.forms import FormDialog, MessageLine, date_edit, day_of, set_message, via_combo
from kasir.ui.session import Session

GENDER_LABELS = {"L": N_("male (L)"), "P": N_("female (P)")}


def nik_summary(info: NikInfo) -> str:
    """What a valid NIK says about its holder, for the line under the field."""
    return _("Valid NIK: born {birth}, {gender}, province code {province}.").format(
        birth=date(info.birth_date), gender=_(GENDER_LABELS[info.gender]), province=info.province)


class MemberDialog(FormDialog):
    """Register a member (``member`` None) or correct ``member``'s name, address and phone."""

    def __init__(self, session: Session, member: Member | None = None,
                 parent: QWidget | None = None) -> None:
        title = _("Correct member {number}").format(number=member.number) if member else _("New member")
        super().__init__(session, title, _("Save") if member else _("Register"), parent,
                         name="memberDialog")
        self.member = member
        self.info: NikInfo | None = None
        self.nik = self._field("nik", _("NIK (16 digits, from the KTP)"))
        self.nik.setMaxLength(24)  # room for the spaces or dots some people type
        self.nik_status = MessageLine("nikStatus", self)
        self.form.addRow("", self.nik_status)
        self.name = self._field("name", _("Name"))
        self.address = self._field("address", _("Address"))
        self.phone = self._field("phone", _("Phone"))
        today = session.ctx.today()
        self.join_date = date_edit(member.join_date if member else today, "joinDate", self,
                                   latest=None if member else today)
        self.form.addRow(_("Joined on"), self.join_date)
        if member:
            self._fill(member)
        else:
            self._new_fields()
        self.nik.textChanged.connect(self.check)
        self.name.textChanged.connect(self.check)
        self.check()

    def _field(self, name: str, label: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        self.form.addRow(label, field)
        return field

    def _new_fields(self) -> None:
        pokok = profile_mod.get(self.session.conn).pokok_amount
        self.pay_pokok = QCheckBox(_("Take the simpanan pokok now ({amount})").format(
            amount=rupiah(pokok)), self)
        self.pay_pokok.setObjectName("payPokok")
        self.pay_pokok.setChecked(pokok > 0)
        self.pay_pokok.setEnabled(pokok > 0)
        self.form.addRow("", self.pay_pokok)
        self.via = via_combo(self)
        self.form.addRow(_("Paid by"), self.via)
        self.pay_pokok.toggled.connect(self.via.setEnabled)

    def _fill(self, member: Member) -> None:
        self.nik.setText(member.nik)
        self.nik.setReadOnly(True)
        self.name.setText(member.name)
        self.address.setText(member.address)
        self.phone.setText(member.phone)
        self.join_date.setEnabled(False)

    def check(self) -> None:
        """Check the NIK as typed, say why it is not valid, and enable OK only when all is well."""
        self.info = self._check_nik(self.nik.text())
        self.ok.setEnabled(self.info is not None and bool(self.name.text().strip()))

    def _check_nik(self, text: str) -> NikInfo | None:
        if not text.strip():
            set_message(self.nik_status, _("Type the 16 digits of the NIK on the member's KTP."), error=None)
            return None
        try:
            info = members.parse_nik(text, self.session.ctx.today())
        except InvalidNik as exc:
            self.nik_status.refusal(str(exc))
            return None
        holder = None if self.member else members.find_by_nik(self.session.conn, text)
        if holder is not None:
            self.nik_status.refusal(_("This NIK is already registered to member {number} ({name}).")
                                    .format(number=holder.number, name=holder.name))
            return None
        self.nik_status.ok(nik_summary(info))
        return info

    def submit(self) -> Member:
        ctx = self.session.ctx
        if self.member:
            return members.update(ctx, self.member.id, name=self.name.text(),
                                  address=self.address.text(), phone=self.phone.text())
        return members.register(ctx, nik=self.nik.text(), name=self.name.text(), gender=self.info.gender,
                                join_date=day_of(self.join_date), address=self.address.text(),
                                phone=self.phone.text(), pay_pokok=self.pay_pokok.isChecked(),
                                via=self.via.currentData())
