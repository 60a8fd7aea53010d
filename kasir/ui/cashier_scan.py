"""The cashier's barcode field and the name matches under it.

Enter on a scanned or typed barcode asks for that item; ``3*code`` asks for three; ``*3``
asks to set the current line to three. A typed name (two letters or more) shows, after a
short pause so a scanner's burst of keys never searches, the items starting with it; ↑↓ move
in the matches and Enter takes the highlighted one. What the field does not handle itself
(function keys, Del on an empty field, ↑↓ without matches) it hands to the page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kasir.books import items
from kasir.errors import InvalidInput, NotFound
from kasir.i18n import N_, _, rupiah
from kasir.ui.session import Session

PAUSE_MS = 180


def count(text: str) -> int:
    """The quantity typed before or after the star."""
    text = text.strip()
    if not text.isdigit() or int(text) <= 0:
        raise InvalidInput(N_("Type the quantity as a whole number above zero with the star, e.g. "
                              "3*barcode to add three or *3 to change the line to three."))
    return int(text)


class ScanBox(QWidget):
    """The barcode field (``field``) and its match list (``matches``)."""

    wanted = Signal(object, int)   # (Item, quantity) to add to the cart
    quantity = Signal(int)         # "*3": the current line becomes 3
    passed = Signal(object)        # a Qt.Key the page handles

    def __init__(self, session: Session, handles: Callable[[Qt.Key], bool],
                 member: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._handles, self._member = handles, member
        self._matched = ""  # the text the match list was found for
        self.field = QLineEdit(self)
        self.field.setObjectName("barcodeEdit")
        self.field.setPlaceholderText(_("Scan or type a barcode or name, then Enter"))
        self.field.installEventFilter(self)
        self.field.textEdited.connect(self._typed)
        self.matches = QListWidget(self)
        self.matches.setObjectName("matchList")
        self.matches.setMaximumHeight(180)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.matches)
        self._timer = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._timer.timeout.connect(lambda: self.show_matches(_code(self.field.text())))

    def done(self) -> None:
        """The line was taken: empty the field for the next scan."""
        self.field.clear()
        self.matches.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            return self._key(event.key())
        return super().eventFilter(watched, event)

    def _key(self, key) -> bool:
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.matches.isVisible():
            step = -1 if key == Qt.Key.Key_Up else 1
            self.matches.setCurrentRow(max(0, min(self.matches.count() - 1,
                                                  self.matches.currentRow() + step)))
            return True
        if key == Qt.Key.Key_Escape:
            self.done()
            return True
        if key == Qt.Key.Key_Delete and self.field.text():
            return False  # deleting a typed character
        if self._handles(key):
            self.passed.emit(key)
            return True
        return False

    def _typed(self, text: str) -> None:
        code = _code(text)
        if sum(c.isalpha() for c in code) >= 2:
            self._timer.start()
        elif not code:
            self.matches.hide()

    def show_matches(self, code: str) -> list[items.Item]:
        found = items.search(self.session.conn, code)
        self._matched = code
        self.matches.clear()
        for item in found:
            price = rupiah(item.price_for(self._member()))
            entry = QListWidgetItem(f"{item.name}  ·  {item.unit}  ·  {price}")
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.matches.addItem(entry)
        self.matches.setVisible(bool(found))
        if found:
            self.matches.setCurrentRow(0)
        return found

    def take(self) -> str | None:
        """Enter: emit what the field asks for; returns a note to show while choosing a match.
        Refusals (unknown code, bad quantity) are raised for the page to show."""
        self._timer.stop()
        text = self.field.text().strip()
        if not text:
            return None
        if text.startswith("*"):
            self.quantity.emit(count(text[1:]))
            return None
        number, star, code = text.partition("*")
        code = code.strip() if star else text
        quantity = count(number) if star else 1
        item = self._find(code)
        if item is None:
            return _("{count} items match. Choose one with ↑↓ and Enter.").format(
                count=self.matches.count())
        self.wanted.emit(item, quantity)
        return None

    def _find(self, code: str) -> items.Item | None:
        """The item of a barcode, else the highlighted or only match of a name; None while
        the cashier still has to choose."""
        try:
            return items.by_barcode(self.session.conn, code)
        except NotFound:
            chosen = self.matches.currentItem()
            if self.matches.isVisible() and chosen is not None and self._matched == code:
                return chosen.data(Qt.ItemDataRole.UserRole)
            found = self.show_matches(code)
            if len(found) == 1:
                return found[0]
            if not found:
                raise
            return None


def _code(text: str) -> str:
    """The code or name part of ``3*code``."""
    return (text.partition("*")[2] if "*" in text else text).strip()
