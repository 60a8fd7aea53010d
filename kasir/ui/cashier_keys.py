"""The cashier screen's function keys and the bar of buttons that shows them.

Each :class:`Key` names its Qt key, the text shown on its button, the page method it runs and
the permission it needs (None: every cashier). The bar shows the keys the signed-in role may
use in two rows, so that it stays within a 1366 px screen in either language; its buttons
never take the focus from the barcode field.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from kasir.i18n import N_, _
from kasir.ui.session import Session

PER_ROW = 5


class Key(NamedTuple):
    qt: Qt.Key
    text: str
    label: str            # N_ message
    method: str
    permission: str | None
    name: str             # object name of its button


KEYS = (
    Key(Qt.Key.Key_F2, "F2", N_("Member"), "pick_member", None, "memberButton"),
    Key(Qt.Key.Key_F3, "F3", N_("Non-member"), "set_non_member", None, "nonMemberButton"),
    Key(Qt.Key.Key_F4, "F4", N_("Quantity"), "edit_quantity", None, "quantityButton"),
    Key(Qt.Key.Key_F5, "F5", N_("Buyer's NIK"), "ask_nik", None, "nikButton"),
    Key(Qt.Key.Key_Delete, "Del", N_("Delete line"), "delete_line", None, "deleteButton"),
    Key(Qt.Key.Key_F7, "F7", N_("Close shift"), "close_shift", "shift", "closeShiftButton"),
    Key(Qt.Key.Key_F8, "F8", N_("Clear cart"), "clear_cart", None, "clearButton"),
    Key(Qt.Key.Key_F9, "F9", N_("Reprint"), "reprint", None, "reprintButton"),
    Key(Qt.Key.Key_F10, "F10", N_("Void"), "void_sale", "sale.void", "voidButton"),
    Key(Qt.Key.Key_F12, "F12", N_("Pay"), "pay", None, "payButton"),
)


def key_for(qt_key) -> Key | None:
    """The function key of a Qt key, or None."""
    return next((k for k in KEYS if k.qt == qt_key), None)


class KeyBar(QWidget):
    """One button per function key the role may use; ``pressed(Key)`` when one is clicked.
    ``buttons`` maps each key's page method to its button (hidden when not allowed)."""

    pressed = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cashierKeys")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        shown = 0
        for key in KEYS:
            button = QPushButton(f"{key.text}  {_(key.label)}", self)
            button.setObjectName(key.name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the barcode field keeps the focus
            # a long label may be cut rather than widen the window past the screen
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(90)
            button.clicked.connect(lambda _checked=False, k=key: self.pressed.emit(k))
            self.buttons[key.method] = button
            allowed = session.may(key.permission)
            button.setVisible(allowed)
            if allowed:
                grid.addWidget(button, shown // PER_ROW, shown % PER_ROW)
                shown += 1
