"""Signing in: the login window at start, and the lock screen that hides the main window.

Both use one :class:`SignInForm` (user name, password, a line for the refusal). A refusal —
a wrong password, or the slow-down after several wrong ones — is shown in that line in the
user's language, never as a traceback. The lock screen takes the same user's password to
unlock, or another user's name and password to switch user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kasir.errors import KasirError
from kasir.i18n import _, language

if TYPE_CHECKING:  # the session module loads the password hasher: not needed to show a window
    from kasir.ui.session import Session

# Each language named in itself, so anyone can find their own.
LANGUAGE_NAMES = (("id", "Bahasa Indonesia"), ("en", "English"))


class SignInForm(QWidget):
    """User name, password and a sign-in button; emits ``signed_in`` after a good password."""

    signed_in = Signal(object)  # kasir.books.context.User

    def __init__(self, session: Session | None, button_text: str, prefix: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._waiting = False
        self.user_edit = QLineEdit(objectName=f"{prefix}User")
        self.password_edit = QLineEdit(objectName=f"{prefix}Password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel(objectName=f"{prefix}Error")
        self.error_label.setWordWrap(True)
        self.button = QPushButton(button_text, objectName=f"{prefix}Button")
        self.button.setDefault(True)
        form = QFormLayout(self)
        form.addRow(_("User name"), self.user_edit)
        form.addRow(_("Password"), self.password_edit)
        form.addRow(self.error_label)
        form.addRow(self.button)
        self.button.clicked.connect(self.submit)
        self.user_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.submit)
        self.set_session(session)

    def set_session(self, session: Session | None) -> None:
        """Enable signing in once the co-op file is open (and sign in if that was asked)."""
        self.session = session
        self.button.setEnabled(session is not None)
        if session is not None and self._waiting:
            self.submit()

    def submit(self) -> None:
        if self.session is None:  # the file is still being checked: sign in when it is ready
            self._waiting = bool(self.user_edit.text().strip() and self.password_edit.text())
            if self._waiting:
                self.error_label.setText(_("Still checking the co-op file; you will be signed "
                                           "in as soon as it is ready."))
            return
        self._waiting = False
        try:
            user = self.session.login(self.user_edit.text().strip(), self.password_edit.text())
        except KasirError as exc:  # wrong password, slowed down: say so beside the fields
            self.error_label.setText(str(exc))
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        self.error_label.clear()
        self.password_edit.clear()
        self.signed_in.emit(user)


def role_label(role: str) -> str:
    # imported here: the login window shows before kasir.books (and SQLite) load
    from kasir.books.context import ROLE_LABELS

    return ROLE_LABELS[role]


def user_text(user) -> str:
    """``Siti Rahayu — Treasurer (bendahara)``: who is signed in, in the user's language."""
    return _("{name} — {role}").format(name=user.full_name or user.username,
                                        role=_(role_label(user.role)))


class LoginDialog(QDialog):
    """The first window after start: the co-op's name, a language choice and the sign-in form.

    It can be shown before the co-op file is open (a large file takes a moment to check);
    signing in is enabled by :meth:`set_session`.
    """

    language_changed = Signal(str)
    signed_in = Signal(object)  # User; emitted before the dialog closes

    def __init__(self, session: Session | None = None, coop_name: str = "", practice: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(_("kasir — sign in"))
        self.user = None
        self.title = QLabel(coop_name or _("Opening the co-op file…"), objectName="coopTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.practice_label = QLabel(objectName="practiceBadge")
        self.practice_label.setWordWrap(True)
        self.form = SignInForm(session, _("Sign in"), "login")
        self.form.signed_in.connect(self._on_signed_in)
        self.language_combo = QComboBox(objectName="languageCombo")
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex([c for c, _n in LANGUAGE_NAMES].index(language()))
        self.language_combo.currentIndexChanged.connect(
            lambda i: self.language_changed.emit(self.language_combo.itemData(i)))
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(_("Language")))
        bottom.addWidget(self.language_combo)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.practice_label)
        layout.addWidget(self.form)
        layout.addLayout(bottom)
        self.set_practice(practice)
        self.setMinimumWidth(420)
        self.form.user_edit.setFocus()

    def set_session(self, session: Session, coop_name: str, practice: bool) -> None:
        self.title.setText(coop_name)
        self.set_practice(practice)
        self.form.set_session(session)
        self.adjustSize()  # the name and the practice note may need more room than "Opening…"

    def set_practice(self, practice: bool) -> None:
        self.practice_label.setVisible(practice)
        if practice:
            self.practice_label.setText(_("Practice file — not the real books. Its users admin, "
                                          "ketua, bendahara, kasir and pengawas have the password "
                                          "kasir-demo unless another one was chosen."))

    def show_problem(self, text: str) -> None:
        """The file could not be opened: say why where the sign-in would be."""
        self.title.setText(_("The co-op file could not be opened."))
        self.form.error_label.setText(text)
        self.form.set_session(None)

    def _on_signed_in(self, user) -> None:
        self.user = user
        self.signed_in.emit(user)
        self.accept()


class LockScreen(QWidget):
    """Covers the main window: the signed-in user's password unlocks, another user's switches."""

    unlocked = Signal(object)  # the User now signed in (the same one, or another)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.session = session
        self.title = QLabel(objectName="lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.form = SignInForm(session, _("Unlock"), "lock")
        self.form.signed_in.connect(self.unlocked)
        self.form.setMaximumWidth(480)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.form, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def prepare(self, switch: bool) -> None:
        """Ready the fields: the same user (unlock) or an empty name (switch user)."""
        user = self.session.user
        self.form.error_label.clear()
        self.form.password_edit.clear()
        if switch or user is None:
            self.title.setText(_("Switch user: sign in with your own name and password."))
            self.form.user_edit.clear()
            self.form.user_edit.setFocus()
        else:
            self.title.setText(_("Locked. {who} can unlock with their password, or another user "
                                 "can sign in.").format(who=user_text(user)))
            self.form.user_edit.setText(user.username)
            self.form.password_edit.setFocus()
