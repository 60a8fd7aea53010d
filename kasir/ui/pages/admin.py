"""The Administration page: users and roles, the co-op profile and AD/ART, the receipt printer,
backup and restore, the data check, and the language — one tab each.

A tab is shown to the roles it concerns (users: users.manage; backup: backup or restore);
the profile and printer tabs are read-only without settings.edit; kasir.books refuses
anything a role may not do anyway. A tab is filled when it is first shown and again when
shown after a change. Ctrl+Tab and Ctrl+Shift+Tab move between tabs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from kasir.i18n import N_, _
from kasir.ui.admin_backup import BackupTab
from kasir.ui.admin_check import CheckTab
from kasir.ui.admin_language import LanguageTab
from kasir.ui.admin_printer import PrinterTab
from kasir.ui.admin_profile import ProfileTab
from kasir.ui.admin_users import UsersTab
from kasir.ui.pages.base import Page
from kasir.ui.session import Session

# key, title, tab class, permissions of which the role needs one to see the tab (None: all)
TABS = (
    ("users", N_("Users and roles"), UsersTab, ("users.manage",)),
    ("profile", N_("Co-op profile and AD/ART"), ProfileTab, None),
    ("printer", N_("Receipt printer"), PrinterTab, None),
    ("backup", N_("Backup and restore"), BackupTab, ("backup", "restore")),
    ("check", N_("Data check"), CheckTab, None),
    ("language", N_("Language"), LanguageTab, None),
)


class AdminPage(Page):
    key = "admin"
    title = N_("Administration")
    permission = None
    topics = ("users", "settings")
    keys = (("Ctrl+Tab", N_("Next tab")), ("Ins", N_("Add user")), ("Ctrl+B", N_("Back up now")),
            ("F5", N_("Check the data")))

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("adminTabs")
        self.tab: dict[str, QWidget] = {}
        for key, title, cls, needs in TABS:
            if needs is None or any(session.may(p) for p in needs):
                self.tab[key] = cls(session)
                self.tabs.addTab(self.tab[key], _(title))
        self._keys = list(self.tab)
        self._stale = set(self._keys)
        self.tabs.currentChanged.connect(self._shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()

    def refresh(self) -> None:
        """Refresh the tab in view now, the others when they are next shown."""
        self._stale = set(self._keys)
        self._shown(self.tabs.currentIndex())

    def _on_changed(self, topic: str) -> None:
        if topic in self.topics:
            self._stale = set(self._keys)  # the tab in view refreshed itself after its event

    def _shown(self, index: int) -> None:
        if 0 <= index < len(self._keys) and self._keys[index] in self._stale:
            self._stale.discard(self._keys[index])
            self.tab[self._keys[index]].refresh()

    def show_tab(self, key: str) -> QWidget:
        """Bring tab ``key`` to the front (filled if stale) and return it."""
        self.tabs.setCurrentWidget(self.tab[key])
        self._shown(self.tabs.currentIndex())
        return self.tab[key]
