"""The Stock page (Stok): the shop's catalogue, suppliers, goods received, supplier payments,
stock card, stock count and write-offs, one tab each.

Every role may look; writing is for roles with stock.write (items, counts, write-offs),
purchase.write (suppliers, goods received) and supplier.pay — the tabs hide what a role may
not do, and kasir.books refuses it anyway. Tabs are built and filled when first shown
(:class:`kasir.ui.pages.base.TabbedPage`). Ctrl+Tab and Ctrl+Shift+Tab move between tabs.
"""

from __future__ import annotations

from kasir.i18n import N_
from kasir.ui.pages.base import TabbedPage, TabSpec
from kasir.ui.stock_card import StockCardTab
from kasir.ui.stock_count import CountTab
from kasir.ui.stock_items import ItemsTab
from kasir.ui.stock_payments import PaymentsTab
from kasir.ui.stock_receive import ReceiveTab
from kasir.ui.stock_suppliers import SuppliersTab
from kasir.ui.stock_writeoff import WriteOffTab


class StockPage(TabbedPage):
    key = "stock"
    title = N_("Stock")
    permission = None
    topics = ("stock", "sales", "settings")
    # shown in the main window's function-key bar; each acts on the tab in view
    keys = (("Ctrl+Tab", N_("Next tab")), ("Ctrl+N", N_("New item or supplier")),
            ("F2", N_("Edit item")), ("F9", N_("Record, pay or post")))
    TABS = (
        TabSpec("items", N_("Items"), ItemsTab),
        TabSpec("suppliers", N_("Suppliers"), SuppliersTab),
        TabSpec("receive", N_("Goods received"), ReceiveTab),
        TabSpec("payments", N_("Supplier payments"), PaymentsTab),
        TabSpec("card", N_("Stock card"), StockCardTab),
        TabSpec("count", N_("Stock count"), CountTab),
        TabSpec("writeoffs", N_("Write-offs"), WriteOffTab),
    )
