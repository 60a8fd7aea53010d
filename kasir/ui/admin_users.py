"""Administration → Users and roles: who may sign in, with which role.

The list shows every user; an administrator adds users, changes a role, deactivates or
reactivates a user and sets a new password for one who forgot theirs. The books refuse
what must not happen (a weak password, taking away the last administrator); the refusal
is shown under the form or the list.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kasir.books import users
from kasir.books.context import ROLE_LABELS, ROLES
from kasir.errors import InvalidInput
from kasir.i18n import N_, _
from kasir.ui.forms import FormDialog, MessageLine, run_event
from kasir.ui.session import Session
from kasir.ui.widgets import item_table


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def password_rules() -> str:
    return _("At least {n} characters; not a common password; must not contain the user name. "
             "A short sentence is easy to remember and hard to guess.").format(
                 n=users.MIN_PASSWORD_LENGTH)


class RoleCombo(QComboBox):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        for role in ROLES:
            self.addItem(role_label(role), role)

    def role(self) -> str:
        return self.currentData()

    def set_role(self, role: str) -> None:
        self.setCurrentIndex(max(self.findData(role), 0))


class PasswordDialog(FormDialog):
    """A user dialog that sets a password, typed twice (OK runs ``submit()``)."""

    def password_fields(self) -> None:
        self.password = QLineEdit(objectName="passwordEdit", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="repeatEdit", echoMode=QLineEdit.EchoMode.Password)
        rules = QLabel(password_rules(), objectName="passwordRules", wordWrap=True)
        self.form.addRow(_("&Password"), self.password)
        self.form.addRow(_("&Repeat password"), self.repeat)
        self.form.addRow(rules)

    def check_passwords(self) -> None:
        """Refuse two different passwords (and clear the repeat for typing it again)."""
        if self.password.text() != self.repeat.text():
            self.repeat.clear()
            self.repeat.setFocus()
            raise InvalidInput(N_("The two passwords are not the same; type them again."))


class AddUserDialog(PasswordDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Add a user"), parent=parent, name="addUserDialog")
        self.username = QLineEdit(objectName="usernameEdit")
        self.full_name = QLineEdit(objectName="fullNameEdit")
        self.roles = RoleCombo("roleCombo")
        self.roles.set_role("kasir")
        self.form.addRow(_("&User name"), self.username)
        self.form.addRow(_("&Full name"), self.full_name)
        self.form.addRow(_("R&ole"), self.roles)
        self.password_fields()

    def submit(self):
        self.check_passwords()
        self.user = users.create_user(self.session.ctx, self.username.text().strip(),
                                      self.password.text(), self.roles.role(),
                                      self.full_name.text().strip())
        return self.user


class ResetPasswordDialog(PasswordDialog):
    def __init__(self, session: Session, username: str, parent: QWidget | None = None) -> None:
        super().__init__(session, _("New password for {user}").format(user=username), parent=parent,
                         name="resetPasswordDialog")
        self.username = username
        self.password_fields()

    def submit(self) -> None:
        self.check_passwords()
        users.reset_password(self.session.ctx, self.username, self.password.text())


class RoleDialog(FormDialog):
    def __init__(self, session: Session, username: str, role: str, parent: QWidget | None = None) -> None:
        super().__init__(session, _("Role of {user}").format(user=username), parent=parent,
                         name="roleDialog")
        self.username = username
        self.roles = RoleCombo("roleCombo")
        self.roles.set_role(role)
        self.form.addRow(_("R&ole"), self.roles)

    def submit(self) -> None:
        users.set_role(self.session.ctx, self.username, self.roles.role())


class UsersTab(QWidget):
    """The list of users and the buttons an administrator acts with."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("usersTab")
        self.dialog: QDialog | None = None
        self.table = item_table("usersTable", [_("User name"), _("Full name"), _("Role"), _("Active")])
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = self._button("addUserButton", _("&Add user… (Ins)"), "Ins", self.add_user)
        self.role_button = self._button("roleButton", _("Change &role…"), None, self.change_role)
        self.active_button = self._button("activeButton", _("&Deactivate"), None, self.toggle_active)
        self.reset_button = self._button("resetButton", _("Set a new &password…"), None,
                                         self.reset_password)
        self.message = MessageLine("usersMessage")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.active_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.rows: list[dict] = []

    def _button(self, name: str, text: str, key: str | None, slot) -> QPushButton:
        button = QPushButton(text, objectName=name)
        if key:
            button.setShortcut(QKeySequence(key))
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        keep = self.selected()
        self.rows = users.list_users(self.session.conn)
        self.table.setRowCount(len(self.rows))
        for r, user in enumerate(self.rows):
            texts = (user["username"], user["full_name"], role_label(user["role"]),
                     _("yes") if user["active"] else _("no"))
            for c, text in enumerate(texts):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.select(keep["username"] if keep else None)
        self._update_buttons()

    def select(self, username: str | None) -> None:
        for r, user in enumerate(self.rows):
            if user["username"] == username:
                self.table.selectRow(r)
                return
        self.table.clearSelection()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        allowed = self.session.may("users.manage")
        user = self.selected()
        self.add_button.setEnabled(allowed)
        for button in (self.role_button, self.active_button, self.reset_button):
            button.setEnabled(allowed and user is not None)
        self.active_button.setText(_("&Activate") if user and not user["active"] else _("&Deactivate"))

    def _open(self, dialog: QDialog, done_text) -> None:
        """Show ``dialog`` window-modal; when it is accepted, reload and say ``done_text()``."""
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._after(done_text()))
        dialog.open()

    def _after(self, text: str) -> None:
        self.session.changed("users")
        self.refresh()
        self.message.ok(text)

    def add_user(self) -> None:
        dialog = AddUserDialog(self.session, self)
        self._open(dialog, lambda: _("User {user} added.").format(user=dialog.user.username))

    def change_role(self) -> None:
        user = self.selected()
        if user:
            self._open(RoleDialog(self.session, user["username"], user["role"], self),
                       lambda: _("Role of {user} changed.").format(user=user["username"]))

    def reset_password(self) -> None:
        user = self.selected()
        if user:
            self._open(ResetPasswordDialog(self.session, user["username"], self),
                       lambda: _("{user} has a new password.").format(user=user["username"]))

    def toggle_active(self) -> None:
        user = self.selected()
        if not user:
            return
        active = not user["active"]
        done, _result = run_event(self.message, users.set_active, self.session.ctx,
                                  user["username"], active)
        if done:
            self._after((_("{user} may sign in again.") if active
                         else _("{user} can no longer sign in.")).format(user=user["username"]))
