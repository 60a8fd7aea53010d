"""The Books page (Pembukuan): journal, manual entry, chart of accounts, month close, trial
balance — one tab each, Alt+1 … Alt+5.

A tab loads its data when it is first shown and again after the books changed, not on every
switch, so switching tabs stays instant on a file with millions of journal lines.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from kasir.i18n import N_, _
from kasir.ui.books_accounts import AccountsTab
from kasir.ui.books_entry import ManualEntryTab
from kasir.ui.books_journal import JournalTab
from kasir.ui.books_periods import MonthCloseTab, TrialBalanceTab
from kasir.ui.pages.base import Page
from kasir.ui.session import Session
from kasir.ui.widgets import shortcut

TABS = (
    ("journal", N_("Journal"), JournalTab),
    ("entry", N_("Manual entry"), ManualEntryTab),
    ("accounts", N_("Chart of accounts"), AccountsTab),
    ("close", N_("Month close"), MonthCloseTab),
    ("trial", N_("Trial balance"), TrialBalanceTab),
)


class BooksPage(Page):
    key = "books"
    title = N_("Books")
    permission = None
    # every business event posts to the journal, so all of them change what this page shows
    topics = ("ledger", "sales", "savings", "stock", "members")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("booksTabs")
        self.tab: dict[str, QWidget] = {}
        for n, (key, title, cls) in enumerate(TABS, start=1):
            widget = cls(session, self.tabs)
            self.tab[key] = widget
            index = self.tabs.addTab(widget, f"{_(title)}  (Alt+{n})")
            shortcut(self, f"Alt+{n}", lambda i=index: self.tabs.setCurrentIndex(i))
        self._stale = set(self.tab)
        self.tabs.currentChanged.connect(self._load_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._load_current()

    def show_tab(self, key: str) -> QWidget:
        """Switch to the tab ``key`` ("journal", "entry", "accounts", "close", "trial")."""
        self.tabs.setCurrentWidget(self.tab[key])
        return self.tab[key]

    def refresh(self) -> None:
        """The books changed (or the page is shown again): reload the tab in view, the others
        when they are next shown."""
        self._stale = set(self.tab)
        self._load_current()

    def _load_current(self, *_args) -> None:
        widget = self.tabs.currentWidget()
        key = next(k for k, w in self.tab.items() if w is widget)
        if key in self._stale:
            self._stale.discard(key)
            widget.refresh()
