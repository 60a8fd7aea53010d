"""The main window: the side bar of pages, who is signed in, lock and switch user, function keys.

The side bar lists the pages of :data:`kasir.ui.pages.PAGES` the signed-in role may see (the
others are not shown at all; ``kasir.books`` still refuses what a role may not do). A page is
built the first time it is opened and refreshed each later time; Ctrl+1 … Ctrl+8 open the pages
in the order of ``PAGES``. Ctrl+L, or ``ui.lock_minutes`` minutes without a key or mouse touch
(default 5; 0 turns it off), covers everything with the lock screen.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kasir.books import coop, profile
from kasir.i18n import _, language
from kasir.paths import resources_dir
from kasir.ui.feedback import message_for
from kasir.ui.login import LANGUAGE_NAMES, LockScreen, user_text
from kasir.ui.pages import PAGES, PageSpec
from kasir.ui.session import Session

LOCK_SETTING = "ui.lock_minutes"
DEFAULT_LOCK_MINUTES = 5
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                       QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class PlaceholderPage(QWidget):
    """Stands in for a page that is not built yet or could not be opened."""

    def __init__(self, spec: PageSpec, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = spec.key
        self.setObjectName(f"placeholder_{spec.key}")
        label = QLabel(text, objectName="placeholderText")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)


def build_page(spec: PageSpec, session: Session) -> QWidget:
    """The page of ``spec``; a placeholder if its module does not exist (yet) or fails to open."""
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name != spec.module:  # the page exists but something it imports is missing: a bug
            return PlaceholderPage(spec, message_for(exc)[0])
        return PlaceholderPage(spec, _("The page {title} is not available yet.")
                               .format(title=_(spec.title)))
    try:
        return getattr(module, spec.cls)(session)
    except Exception as exc:  # a page that cannot open must not take the window with it
        return PlaceholderPage(spec, message_for(exc)[0])


def lock_minutes(session: Session) -> int:
    """Minutes without input before the screen locks (the ``ui.lock_minutes`` setting)."""
    raw = profile.get_setting(session.conn, LOCK_SETTING, str(DEFAULT_LOCK_MINUTES))
    try:
        return max(0, int(raw))
    except ValueError:
        return DEFAULT_LOCK_MINUTES


def icon_for(key: str) -> QIcon:
    path = resources_dir() / "icons" / f"{key}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


class MainWindow(QMainWindow):
    """The app's one main window over a signed-in :class:`Session`.

    ``minute_ms`` is the length of a minute for the idle lock (tests shorten it).
    """

    language_requested = Signal(str)
    closed = Signal()

    def __init__(self, session: Session, *, minute_ms: int = 60_000,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self._pages: dict[str, QWidget] = {}
        self._shown_user = None
        self._build_top_bar()
        self._build_body()
        self._build_menus()
        self.idle_timer = QTimer(self, singleShot=True, objectName="idleTimer")
        self.idle_timer.timeout.connect(self.lock)
        minutes = lock_minutes(session)
        self.idle_timer.setInterval(minutes * minute_ms)
        self._idle_lock = minutes > 0
        QApplication.instance().installEventFilter(self)
        session.signed_out.connect(self._on_signed_out)
        self.load_user()
        self.resize(1280, 720)

    # ---- building ------------------------------------------------------------------------

    def _build_top_bar(self) -> None:
        conn = self.session.conn
        name = profile.get(conn).name
        self.setWindowTitle(_("kasir — {coop}").format(coop=name))
        self.top_bar = QFrame(objectName="topBar")
        row = QHBoxLayout(self.top_bar)
        # a long co-op name wraps rather than widen the window past the screen
        row.addWidget(QLabel(name, objectName="coopName", wordWrap=True), 1)
        if coop.meta(conn, "practice"):
            row.addWidget(QLabel(_("PRACTICE — not the real books"), objectName="practiceBadge"))
        self.user_label = QLabel(objectName="userLabel")
        row.addWidget(self.user_label)
        self.lock_button = QPushButton(_("Lock (Ctrl+L)"), objectName="lockButton")
        self.lock_button.clicked.connect(lambda: self.lock())
        self.switch_button = QPushButton(_("Switch user"), objectName="switchUserButton")
        self.switch_button.clicked.connect(lambda: self.lock(switch=True))
        row.addWidget(self.lock_button)
        row.addWidget(self.switch_button)

    def _build_body(self) -> None:
        self.side_bar = QListWidget(objectName="sideBar")
        self.side_bar.setIconSize(QSize(24, 24))
        self.side_bar.setFixedWidth(200)
        self.side_bar.currentRowChanged.connect(self._on_row)
        self.page_stack = QStackedWidget(objectName="pageStack")
        self.keys_bar = QLabel(objectName="keysBar")
        self.keys_bar.setWordWrap(True)  # many keys wrap to two lines; never widen past 1366 px
        right = QVBoxLayout()
        right.addWidget(self.page_stack, 1)
        right.addWidget(self.keys_bar)
        self.content = QWidget(objectName="content")
        body = QHBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.side_bar)
        body.addLayout(right, 1)
        self.lock_screen = LockScreen(self.session)
        self.lock_screen.unlocked.connect(self._on_unlocked)
        self.cover = QStackedWidget(objectName="cover")
        self.cover.addWidget(self.content)
        self.cover.addWidget(self.lock_screen)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.top_bar)
        column.addWidget(self.cover, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(_("&kasir"))
        lock = menu.addAction(_("Lock"), QKeySequence("Ctrl+L"), lambda: self.lock())
        lock.setObjectName("lockAction")
        menu.addAction(_("Switch user"), lambda: self.lock(switch=True))
        languages = menu.addMenu(_("Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGE_NAMES:
            action = languages.addAction(name, lambda c=code: self.language_requested.emit(c))
            action.setCheckable(True)
            action.setChecked(code == language())
            group.addAction(action)
        menu.addSeparator()
        menu.addAction(_("Quit"), QKeySequence("Ctrl+Q"), self.close)
        self.pages_menu = self.menuBar().addMenu(_("&Pages"))

    # ---- the signed-in user and their pages ------------------------------------------------

    def load_user(self) -> None:
        """Show the signed-in user and exactly the pages their role may see (fresh pages)."""
        user = self.session.user
        self._shown_user = user
        self.user_label.setText(user_text(user))
        self._drop_pages()
        self.side_bar.blockSignals(True)
        self.side_bar.clear()
        self.pages_menu.clear()
        for index, spec in enumerate(PAGES):
            if not self.session.may(spec.permission):
                continue
            shortcut = f"Ctrl+{index + 1}"
            item = QListWidgetItem(icon_for(spec.key), _(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec)
            item.setToolTip(shortcut)
            self.side_bar.addItem(item)
            self.pages_menu.addAction(_(spec.title), QKeySequence(shortcut),
                                      lambda key=spec.key: self.show_page(key))
        self.side_bar.blockSignals(False)
        self.show_page(self.visible_keys()[0] if self.visible_keys() else "")

    def _drop_pages(self) -> None:
        """Delete the pages (at the next turn of the event loop: one of them may be what asked).

        Not ``removeWidget`` first: PySide hands a removed widget back to Python although Qt
        keeps the stack as its parent, so the page would have two owners and Python could
        delete it directly (at exit, "shared QObject was deleted directly"). A deleted page
        leaves the stack by itself."""
        for page in self._pages.values():
            page.hide()
            page.deleteLater()
        self._pages.clear()

    def visible_keys(self) -> list[str]:
        return [self.side_bar.item(i).data(Qt.ItemDataRole.UserRole).key
                for i in range(self.side_bar.count())]

    def show_page(self, key: str) -> QWidget | None:
        """Open the page ``key`` if the signed-in role may see it (not while locked)."""
        keys = self.visible_keys()
        if key not in keys or self.is_locked():
            return None
        row = keys.index(key)
        if self.side_bar.currentRow() == row:
            self._on_row(row)
        else:
            self.side_bar.setCurrentRow(row)  # _on_row opens it
        return self._pages.get(key)

    def current_page(self) -> QWidget | None:
        page = self.page_stack.currentWidget()  # a dropped page stays there until it is deleted
        return page if any(page is shown for shown in self._pages.values()) else None

    def _on_row(self, row: int) -> None:
        if row < 0:
            return
        spec: PageSpec = self.side_bar.item(row).data(Qt.ItemDataRole.UserRole)
        page = self._pages.get(spec.key)
        if page is None:
            page = self._pages[spec.key] = build_page(spec, self.session)
            self.page_stack.addWidget(page)
        elif hasattr(page, "refresh"):
            page.refresh()
        self.page_stack.setCurrentWidget(page)
        self._show_keys(page)

    def _show_keys(self, page: QWidget) -> None:
        keys = getattr(page, "keys", None) or ()
        self.keys_bar.setText("   ".join(f"{key} {_(label)}" for key, label in keys))
        self.keys_bar.setVisible(bool(keys))

    # ---- lock, switch user, idle -----------------------------------------------------------

    def is_locked(self) -> bool:
        return self.cover.currentWidget() is self.lock_screen

    def lock(self, switch: bool = False) -> None:
        """Hide everything behind the lock screen; ``switch`` asks for another user's name."""
        self.idle_timer.stop()
        self._close_dialogs()
        self.lock_screen.prepare(switch)
        self.cover.setCurrentWidget(self.lock_screen)

    def _close_dialogs(self) -> None:
        """Cancel this window's open dialogs (nothing in them was saved yet): they would show
        data over the lock screen and, being modal, keep anyone from typing a password."""
        for widget in QApplication.topLevelWidgets():
            if (isinstance(widget, QDialog) and not isinstance(widget, QProgressDialog)
                    and widget.isVisible() and self._owns(widget)):
                widget.reject()

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not self:
            parent = parent.parentWidget()
        return parent is self

    def _on_signed_out(self) -> None:
        """Nobody is signed in any more (the file was restored): drop the pages, ask who."""
        self._drop_pages()
        self._shown_user = None
        self.user_label.clear()
        self.lock(switch=True)

    def _on_unlocked(self, user) -> None:
        self.cover.setCurrentWidget(self.content)
        if user != self._shown_user:  # another user (or role): their own, fresh pages
            self.load_user()
        self._restart_idle()

    def _restart_idle(self) -> None:
        if self._idle_lock and not self.is_locked():
            self.idle_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._idle_lock and not self.is_locked():
            self.idle_timer.start()
        return False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._restart_idle()

    def closeEvent(self, event) -> None:
        QApplication.instance().removeEventFilter(self)
        self.idle_timer.stop()
        super().closeEvent(event)
        self.closed.emit()
