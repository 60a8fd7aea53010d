"""The Members page: the list with search as you type, the member's card, add, correct, exit.

The list is a lazy table model (:class:`kasir.ui.widgets.FieldModel`) reading
``members.search`` a page at a time, each page continuing after the last member loaded, so
10,000 members open at once and only the pages scrolled to are read. Typing in the
search field (number, part of the name, or the start of the NIK) reloads it after a short
pause. Selecting a member shows their card (:mod:`kasir.ui.member_card`). Adding and
correcting need ``member.write``, the exit settlement ``member.exit``; without them the
buttons are hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kasir.books import members
from kasir.books.members import STATUS_LABELS, Member
from kasir.i18n import N_, _, ngettext, number
from kasir.ui.feedback import guarded
from kasir.ui.member_card import MemberCard
from kasir.ui.member_dialog import MemberDialog
from kasir.ui.member_exit import ExitDialog
from kasir.ui.pages.base import Page
from kasir.ui.widgets import FieldModel, action_button, shortcut, table_view

SEARCH_PAUSE_MS = 150  # wait for a pause in typing before searching again


MEMBER_FIELDS = (
    (N_("No."), lambda m: m.number),
    (N_("Name"), lambda m: m.name),
    (N_("NIK"), lambda m: m.nik),
    (N_("L/P"), lambda m: m.gender),
    (N_("Joined"), lambda m: m.join_date),
    (N_("Status"), lambda m: _(STATUS_LABELS[m.status])),
)


class MembersPage(Page):
    key = "members"
    title = N_("Members")
    permission = None
    topics = ("members", "savings", "sales")

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.dialog = None  # the open add / correct / exit dialog (tests reach it here)
        self.search = QLineEdit(self)
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(_("Search: member number, part of the name, or NIK (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.show_exited = QCheckBox(_("Include members who left"), self)
        self.show_exited.setObjectName("showExited")
        self.show_exited.setChecked(True)
        self.count = QLabel(self)
        self.count.setObjectName("memberCount")
        self.model = FieldModel(MEMBER_FIELDS, self._fetch, parent=self)
        self.table = self._make_table()
        self.card = MemberCard(session, self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_PAUSE_MS)
        self.timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self.timer.start)
        self.search.returnPressed.connect(self._search_now)
        self.show_exited.toggled.connect(self.reload)
        self._build_buttons()
        self._layout()
        self.reload()

    def _make_table(self) -> QTableView:
        table = table_view("memberTable", self, model=self.model,
                           widths={0: 70, 2: 150, 3: 40, 4: 110, 5: 80})
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().currentRowChanged.connect(self._on_row)
        table.activated.connect(lambda _index: self.edit_member())
        return table

    def _build_buttons(self) -> None:
        may = self.session.may
        self.add_button = action_button(self, "addMember", _("New member ({keys})"), "Ctrl+N",
                                        self.add_member, visible=may("member.write"))
        self.edit_button = action_button(self, "editMember", _("Correct ({keys})"), "F4",
                                         self.edit_member, visible=may("member.write"))
        self.exit_button = action_button(self, "exitMember", _("Exit settlement ({keys})"), "Ctrl+K",
                                         self.exit_member, visible=may("member.exit"))
        shortcut(self, "Ctrl+F", lambda: (self.search.setFocus(), self.search.selectAll()))

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_exited)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.count)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.card, 1)
        buttons = QHBoxLayout()
        for btn in (self.add_button, self.edit_button, self.exit_button):
            buttons.addWidget(btn)
        rv.addLayout(buttons)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ---- the list ---------------------------------------------------------------------

    def _fetch(self, offset: int, limit: int) -> list[Member]:
        # the model asks for the rows after those it holds: continue after its last member
        after = self.model.rows[offset - 1] if offset else None
        return members.search(self.session.conn, self.search.text(), limit=limit, after=after,
                              include_exited=self.show_exited.isChecked())

    def _search_now(self) -> None:
        self.timer.stop()
        self.reload()
        if self.model.rowCount():
            self.table.setFocus()

    def reload(self) -> None:
        """Read the list again for the current search, keeping the chosen member if shown."""
        self.timer.stop()
        keep = self.card.member.id if self.card.member else None
        self.model.reload()
        found = members.search_count(self.session.conn, self.search.text(),
                                     include_exited=self.show_exited.isChecked())
        self.count.setText(ngettext("{count} member", "{count} members", found).format(count=number(found)))
        row = next((i for i, m in enumerate(self.model.rows) if m.id == keep), None)
        if row is None and self.search.text().strip() and self.model.rowCount():
            row = 0  # a search's best match is shown at once
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.card.show_member(keep if row is None else self.model.row_at(row).id)
        self._enable()

    def refresh(self) -> None:
        self.reload()

    def _on_row(self, current, _previous) -> None:
        self.card.show_member(self.model.row_at(current.row()).id if current.isValid() else None)
        self._enable()

    def _enable(self) -> None:
        member = self.card.member
        self.edit_button.setEnabled(member is not None)
        self.exit_button.setEnabled(member is not None and member.status == "active")

    def show_number(self, number_text: str) -> None:
        """Search for a member number and show that member (after adding one)."""
        self.search.setText(number_text)
        self.reload()

    # ---- actions ----------------------------------------------------------------------

    def _open(self, dialog, done) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: done(dialog.result_value))
        dialog.open()

    @guarded
    def add_member(self) -> None:
        if self.session.may("member.write"):
            self._open(MemberDialog(self.session, parent=self), self._added)

    def _added(self, member: Member) -> None:
        self.session.changed("members")
        self.session.changed("savings")
        self.show_number(member.number)

    @guarded
    def edit_member(self) -> None:
        if self.card.member and self.session.may("member.write"):
            self._open(MemberDialog(self.session, self.card.member, parent=self),
                       lambda _member: self.session.changed("members"))

    @guarded
    def exit_member(self) -> None:
        member = self.card.member
        if member and member.status == "active" and self.session.may("member.exit"):
            self._open(ExitDialog(self.session, member, parent=self), self._exited)

    def _exited(self, _settlement) -> None:
        self.session.changed("members")
        self.session.changed("savings")
        self.session.changed("ledger")
