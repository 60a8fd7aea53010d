"""What the pages' forms share: a message line, a dialog that shows refusals inline, running an
event so that its refusal lands on a message line, date fields, cash-or-bank choices, a
narrow column for a short form, and hiding what a role may not do.

A refusal from ``kasir.books`` (a :class:`kasir.errors.KasirError`) is shown in red right
under the fields being edited, in the user's language; the form stays open with what was
typed so the user can correct it, and nothing was written. A bug is logged by
:func:`kasir.ui.feedback.message_for`, whose text says where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kasir.books import ledger
from kasir.i18n import N_, _
from kasir.ui.feedback import message_for
from kasir.ui.session import Session

FORM_WIDTH = 720  # short forms stay readable on a wide screen
DATE_FORMAT = "dd/MM/yyyy"
VIA_LABELS = {"cash": N_("Cash"), "bank": N_("Bank transfer")}
STYLES = {"error": "color: #b00020; font-weight: bold;", "ok": "color: #1b5e20;", "": ""}


# ---- messages ---------------------------------------------------------------------------------

def set_message(label: QLabel, text: str, *, error: bool | None = False) -> None:
    """Show ``text`` on ``label``: red for a refusal (``error``), green for a success, plain
    for a hint (``error=None``). The label's ``kind`` property says which, for tests and the
    stylesheet."""
    kind = "" if error is None else "error" if error else "ok"
    if label.property("kind") != kind:  # restyling costs a repaint of the page
        label.setProperty("kind", kind)
        label.setStyleSheet(STYLES[kind])
    label.setText(text)


class MessageLine(QLabel):
    """One wrapped line of feedback under a form: ``ok(text)`` after a success,
    ``refusal(text)`` after a refusal; ``kind`` is "ok", "error" or "" (nothing to say)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)

    @property
    def kind(self) -> str:
        return self.property("kind") or ""

    def ok(self, text: str) -> None:
        set_message(self, text, error=False)

    def refusal(self, text: str) -> None:
        set_message(self, text, error=True)

    def clear_message(self) -> None:
        set_message(self, "", error=None)


def run_event(line: MessageLine, action: Callable, *args, **kwargs) -> tuple[bool, object]:
    """Run ``action``; on any exception put its message on ``line``. Returns (done, result)."""
    try:
        result = action(*args, **kwargs)
    except Exception as exc:  # a refusal or a bug: either way the user reads why, no traceback
        line.refusal(message_for(exc)[0])
        return False, None
    line.clear_message()
    return True, result


# ---- a dialog with a form ---------------------------------------------------------------------

class FormDialog(QDialog):
    """A dialog with a form, a line for refusals and OK/Cancel; subclasses write ``submit()``.

    ``submit()`` runs the books event when OK is pressed; if it raises, the dialog stays open
    and shows why in ``error`` (a :class:`MessageLine`, object name ``formError``; a bug is
    also shown in a dialog). The OK button (``ok``) says ``ok_text``, or is the standard
    ``ok_button`` (Qt translates its text). Open it with ``open()``, never ``exec()``.
    """

    def __init__(self, session: Session, title: str, ok_text: str | None = None,
                 parent: QWidget | None = None, *, name: str = "",
                 ok_button=QDialogButtonBox.StandardButton.Ok) -> None:
        super().__init__(parent)
        self.session = session
        self.result_value = None
        if name:
            self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.error = self.message = MessageLine("formError", self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        if ok_text is None:
            self.ok: QPushButton = self.buttons.addButton(ok_button)
        else:
            self.ok = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("okButton")
        self.ok.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self):
        """Run the event; return what it returned. Raise a KasirError to refuse."""
        raise NotImplementedError

    def accept(self) -> None:
        if not self.ok.isEnabled():
            return
        self.error.clear_message()
        try:
            self.result_value = self.submit()
        except Exception as exc:  # every failure is shown; message_for logs the bugs
            text, refusal = message_for(exc)
            if not refusal:
                QMessageBox.critical(self, _("kasir"), text)
            self.error.refusal(text)
            return
        super().accept()


def narrow_column(tab: QWidget) -> QVBoxLayout:
    """A layout for ``tab``'s short form, kept at a readable width at the left of the tab."""
    column = QWidget(tab)
    column.setMaximumWidth(FORM_WIDTH)
    row = QHBoxLayout(tab)
    row.addWidget(column, 3)  # as wide as FORM_WIDTH allows; the stretch takes the rest
    row.addStretch(1)
    return QVBoxLayout(column)


# ---- fields -----------------------------------------------------------------------------------

def via_combo(parent: QWidget | None = None, name: str = "via") -> QComboBox:
    """A choice of cash or bank (the keys of ``kasir.books.ledger.VIA``) as ``currentData()``."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for key in ledger.VIA:
        combo.addItem(via_label(key), key)
    return combo


def via_label(key: str) -> str:
    return _(VIA_LABELS[key]) if key in VIA_LABELS else key


def date_edit(day: dt.date, name: str, parent: QWidget | None = None, *,
              latest: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar, showing ``day`` (and nothing after ``latest`` if given);
    read it with :func:`day_of`."""
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    if latest is not None:
        edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
    set_day(edit, day)
    return edit


def set_day(edit: QDateEdit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def day_of(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def allow(session: Session, permission: str, *widgets: QWidget) -> bool:
    """Show and enable ``widgets`` only when the signed-in role may ``permission``
    (kasir.books refuses it anyway); returns whether it may."""
    may = session.may(permission)
    for widget in widgets:
        widget.setVisible(may)
        widget.setEnabled(may)
    return may
