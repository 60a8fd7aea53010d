"""The cashier's small dialogs: choosing the member, the buyer's NIK, voiding a sale.

Each is the shared :class:`kasir.ui.forms.FormDialog`: it is opened with ``open()``
(never a blocking ``exec()``), its OK runs ``submit()``, and a refusal from the books is
shown inside the dialog, which stays open so the cashier can correct it.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from kasir.books import members, returns, sales
from kasir.errors import InvalidInput, KasirError, NotFound
from kasir.i18n import N_, _, rupiah
from kasir.ui.forms import FormDialog
from kasir.ui.member_picker import MemberPicker
from kasir.ui.session import Session
from kasir.ui.widgets import enlarge


class CashierDialog(FormDialog):
    """The shared form dialog (refusals shown inside), window-modal over the cashier screen."""

    def __init__(self, session: Session, title: str, ok_text: str, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, title, ok_text, parent, name=name)
        self.setWindowModality(Qt.WindowModality.WindowModal)


class MemberDialog(CashierDialog):
    """Find the buyer by member number or name; Enter takes the highlighted member."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Member"), _("Choose"), "memberDialog", parent)
        self.member: members.Member | None = None
        self.picker = MemberPicker(session, self)
        self.picker.picked.connect(lambda member: member is not None and self.accept())
        self.form.addRow(_("Find"), self.picker)
        self.resize(520, 360)
        self.picker.focus()

    def submit(self) -> members.Member:
        if self.picker.member is None:
            with QSignalBlocker(self.picker):  # OK with a match highlighted: take it, quietly
                self.picker.take_current()
        if self.picker.member is None:
            raise NotFound(N_("Type a member number or name and choose the member."))
        self.member = members.require_active(self.session.conn, self.picker.member.id)
        return self.member


class NikDialog(CashierDialog):
    """The buyer's NIK (from the KTP) for goods sold only with it; checked as it is typed."""

    def __init__(self, session: Session, item_name: str, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Buyer's NIK"), _("Use this NIK"), "nikDialog", parent)
        self.nik = ""
        note = QLabel(_("{name} is sold only with the buyer's NIK. Ask for the KTP, or choose the "
                        "member (F2).").format(name=item_name), self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.edit = enlarge(QLineEdit(self), 1.4)
        self.edit.setObjectName("nikEdit")
        self.edit.setMaxLength(24)
        self.edit.setPlaceholderText("3201011705800001")
        self.edit.textEdited.connect(self._check)
        self.form.addRow(_("NIK"), self.edit)

    def _check(self, text: str) -> None:
        digits = sum(c.isdigit() for c in text)
        if digits < 16:
            self.error.setText(_("{count} of 16 digits").format(count=digits))
            return
        try:
            members.parse_nik(text, self.session.ctx.today())
            self.error.clear()
        except KasirError as exc:
            self.error.setText(str(exc))

    def submit(self) -> str:
        text = self.edit.text().strip().replace(" ", "").replace(".", "")
        members.parse_nik(text, self.session.ctx.today())
        self.nik = text
        return text


class VoidDialog(CashierDialog):
    """Void a whole sale of today on this till, with the reason (sale.void only)."""

    def __init__(self, session: Session, till: str, receipt: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(session, _("Void a sale"), _("Void the sale"), "voidDialog", parent)
        self.void_id: int | None = None
        self.receipt = QComboBox(self)
        self.receipt.setObjectName("voidReceipt")
        self.receipt.setEditable(True)
        day = session.ctx.today()
        for _id, number, total, _payment, voided in reversed(sales.of_day(session.conn, day, till)):
            if not voided:
                self.receipt.addItem(f"{number}  {rupiah(total)}", number)
        if receipt:
            self.receipt.setCurrentIndex(max(self.receipt.findData(receipt), 0))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("voidReason")
        self.reason.setPlaceholderText(_("Why is the sale voided?"))
        self.form.addRow(_("Receipt"), self.receipt)
        self.form.addRow(_("Reason"), self.reason)
        self.reason.setFocus()

    def chosen_receipt(self) -> str:
        text = self.receipt.currentText().strip()
        data = self.receipt.currentData()
        return data if data and text.startswith(data) else text.split()[0] if text else ""

    def submit(self) -> None:
        receipt = self.chosen_receipt()
        if not receipt:
            raise InvalidInput(N_("Choose the receipt of the sale to void."))
        sale = sales.by_receipt(self.session.conn, receipt)
        self.void_id = returns.void(self.session.ctx, sale.id, reason=self.reason.text())
        return self.void_id
