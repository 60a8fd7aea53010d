"""The Books page (Pembukuan): journal, manual entry, chart of accounts, month close, trial
balance — one tab each, Alt+1 … Alt+5.

A tab loads its data when it is first shown and again after the books changed, not on every
switch, so switching tabs stays instant on a file with millions of journal lines.
"""

from __future__ import annotations

from kasir.i18n import N_
from kasir.ui.books_accounts import AccountsTab
from kasir.ui.books_entry import ManualEntryTab
from kasir.ui.books_journal import JournalTab
from kasir.ui.books_periods import MonthCloseTab, TrialBalanceTab
from kasir.ui.pages.base import TabbedPage, TabSpec


class BooksPage(TabbedPage):
    key = "books"
    title = N_("Books")
    permission = None
    # every business event posts to the journal, so all of them change what this page shows
    topics = ("ledger", "sales", "savings", "stock", "members")
    numbered = True
    TABS = (
        TabSpec("journal", N_("Journal"), JournalTab),
        TabSpec("entry", N_("Manual entry"), ManualEntryTab),
        TabSpec("accounts", N_("Chart of accounts"), AccountsTab),
        TabSpec("close", N_("Month close"), MonthCloseTab),
        TabSpec("trial", N_("Trial balance"), TrialBalanceTab),
    )
