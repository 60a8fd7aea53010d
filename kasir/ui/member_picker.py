"""Picking a member by number or name: a field, the matches under it, and the chosen member.

Typing shows the first matches (active members; number or NIK prefix, or part of the name);
Enter takes the highlighted match (the first if none is), Down moves into the list, a click
or Enter on a match takes it. ``picked`` is emitted with the
:class:`kasir.books.members.Member`, or with None when the user types again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kasir.books import members
from kasir.books.members import Member
from kasir.i18n import _
from kasir.ui.session import Session

MATCHES = 8


def member_label(member: Member) -> str:
    return _("{number} · {name}").format(number=member.number, name=member.name)


class MemberPicker(QWidget):
    """A member chooser; ``member`` is the chosen one (or None)."""

    picked = Signal(object)  # Member

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.member: Member | None = None
        self.field = QLineEdit(self)
        self.field.setObjectName("memberPick")
        self.field.setPlaceholderText(_("Member number or name"))
        self.field.setClearButtonEnabled(True)
        self.matches = QListWidget(self)
        self.matches.setObjectName("memberMatches")
        self.matches.setMaximumHeight(140)
        self.matches.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.matches)
        self.field.textEdited.connect(self._search)
        self.matches.itemClicked.connect(self._take_item)
        self.field.installEventFilter(self)
        self.matches.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() != event.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.field and key == Qt.Key.Key_Down and self.matches.count():
            self.matches.setFocus()  # Down from the field moves into the matches
            self.matches.setCurrentRow(max(self.matches.currentRow(), 0))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.matches.isVisible():
            self.take_current()  # Enter takes a match; it must not also press a dialog's OK
            return True
        return super().eventFilter(watched, event)

    def _search(self, text: str) -> None:
        if self.member is not None:  # typing again drops the choice until a match is taken
            self.member = None
            self.picked.emit(None)
        self.matches.clear()
        if not text.strip():
            self.matches.hide()
            return
        for member in members.search(self.session.conn, text, limit=MATCHES, include_exited=False):
            item = QListWidgetItem(member_label(member))
            item.setData(Qt.ItemDataRole.UserRole, member)
            self.matches.addItem(item)
        if not self.matches.count():
            self.matches.addItem(_("No active member matches “{text}”.").format(text=text.strip()))
        self.matches.show()

    def take_current(self) -> None:
        """Take the highlighted match, or the first one."""
        item = self.matches.currentItem() or self.matches.item(0)
        if item is not None:
            self._take_item(item)

    def _take_item(self, item: QListWidgetItem) -> None:
        member = item.data(Qt.ItemDataRole.UserRole)
        if member is not None:
            self.set_member(member)
            self.field.setFocus()
            self.picked.emit(member)

    def set_member(self, member: Member | None) -> None:
        """Show ``member`` as chosen (without emitting ``picked``)."""
        self.member = member
        self.field.setText(member_label(member) if member else "")
        self.matches.clear()
        self.matches.hide()

    def focus(self) -> None:
        self.field.setFocus()
        self.field.selectAll()
