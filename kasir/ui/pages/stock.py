"""The Stock page (Stok): the shop's catalogue, suppliers, goods received, supplier payments,
stock card, stock count and write-offs, one tab each.

Every role may look; writing is for roles with stock.write (items, counts, write-offs),
purchase.write (suppliers, goods received) and supplier.pay — the tabs hide what a role may
not do, and kasir.books refuses it anyway. A tab is built and filled when first shown (the
page opens quickly); a tab refreshes itself after its own events, and any change in the books
marks the other tabs stale.
Ctrl+Tab and Ctrl+Shift+Tab move between tabs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from kasir.i18n import N_, _
from kasir.ui.pages.base import Page
from kasir.ui.session import Session
from kasir.ui.stock_card import StockCardTab
from kasir.ui.stock_count import CountTab
from kasir.ui.stock_items import ItemsTab
from kasir.ui.stock_payments import PaymentsTab
from kasir.ui.stock_receive import ReceiveTab
from kasir.ui.stock_suppliers import SuppliersTab
from kasir.ui.stock_writeoff import WriteOffTab

TABS = (
    ("items", N_("Items"), ItemsTab),
    ("suppliers", N_("Suppliers"), SuppliersTab),
    ("receive", N_("Goods received"), ReceiveTab),
    ("payments", N_("Supplier payments"), PaymentsTab),
    ("card", N_("Stock card"), StockCardTab),
    ("count", N_("Stock count"), CountTab),
    ("writeoffs", N_("Write-offs"), WriteOffTab),
)


class StockPage(Page):
    key = "stock"
    title = N_("Stock")
    permission = None
    topics = ("stock", "sales", "settings")
    # shown in the main window's function-key bar; each acts on the tab in view
    keys = (("Ctrl+Tab", N_("Next tab")), ("Ctrl+N", N_("New item or supplier")),
            ("F2", N_("Edit item")), ("F9", N_("Record, pay or post")))

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stockTabs")
        self.tab: dict[str, QWidget] = {}       # the tabs built so far, by key
        for _key, title, _cls in TABS:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, _(title))
        self._stale = {key for key, _title, _cls in TABS}
        self.tabs.currentChanged.connect(self._shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()   # the main window refreshes a page when it returns to it, not when built

    def refresh(self) -> None:
        """Refresh the tab in view now, the others when they are next shown."""
        self._stale = {key for key, _title, _cls in TABS}
        self._shown(self.tabs.currentIndex())

    def _on_changed(self, topic: str) -> None:
        # a change made while the page is in view came from the tab in view, which refreshes
        # itself; the others are refreshed when next shown
        if topic in self.topics:
            self._stale = {key for key, _title, _cls in TABS}
            if self.isVisible():
                self._stale.discard(TABS[self.tabs.currentIndex()][0])

    def _shown(self, index: int) -> None:
        key, _title, cls = TABS[index]
        if key not in self.tab:
            # built the first time it is shown: the page opens with the Items tab only
            self.tab[key] = cls(self.session)
            self.tabs.widget(index).layout().addWidget(self.tab[key])
            self.tab[key].show()   # a layout shows a late child only on the next event loop
        if key in self._stale:
            self._stale.discard(key)
            self.tab[key].refresh()

    def show_tab(self, key: str) -> QWidget:
        """Bring tab ``key`` to the front (built and filled as needed) and return it."""
        index = [k for k, _title, _cls in TABS].index(key)
        self.tabs.setCurrentIndex(index)
        self._shown(index)
        return self.tab[key]
