"""The pages of the main window, in the order of the side bar.

Each entry names the page's module and class, so a module is imported only when its page is
first opened (a fast cold start); the side bar needs only the key, title and permission.
Ctrl+1 … Ctrl+8 open the pages in this order.
"""

from __future__ import annotations

from typing import NamedTuple

from kasir.i18n import N_


class PageSpec(NamedTuple):
    key: str
    title: str            # N_ message, translated when shown
    permission: str | None  # PERMISSIONS key needed to see the page; None: every role
    module: str
    cls: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", N_("Home"), None, "kasir.ui.pages.dashboard", "DashboardPage"),
    PageSpec("cashier", N_("Cashier"), "sale.checkout", "kasir.ui.pages.cashier", "CashierPage"),
    PageSpec("members", N_("Members"), None, "kasir.ui.pages.members", "MembersPage"),
    PageSpec("savings", N_("Savings"), None, "kasir.ui.pages.savings", "SavingsPage"),
    PageSpec("stock", N_("Stock"), None, "kasir.ui.pages.stock", "StockPage"),
    PageSpec("books", N_("Books"), None, "kasir.ui.pages.books", "BooksPage"),
    PageSpec("reports", N_("Reports"), None, "kasir.ui.pages.reports", "ReportsPage"),
    PageSpec("admin", N_("Administration"), None, "kasir.ui.pages.admin", "AdminPage"),
)
