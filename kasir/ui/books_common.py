"""What the Books page's tabs share: names for account kinds and journal origins, and an
account picker.

Account kinds and origin types are stored as English keys (``asset``, ``sale``); these tables
give the words the user reads, translated where shown.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from kasir.books import shu
from kasir.books.ledger import MANAGED_LABELS, Account
from kasir.i18n import N_, _

KIND_LABELS = {
    "asset": N_("Asset"), "liability": N_("Liability"), "equity": N_("Equity"),
    "revenue": N_("Revenue"), "cost": N_("Cost of goods"), "expense": N_("Expense"),
}
ORIGIN_LABELS = {
    "manual": N_("Manual entry"), "sale": N_("Sale"), "sale_void": N_("Voided sale"),
    "sale_return": N_("Sale return"), "savings": N_("Savings"), "purchase": N_("Purchase"),
    "supplier_payment": N_("Supplier payment"), "credit_payment": N_("Credit payment"),
    "member_exit": N_("Member exit"), "shift": N_("Cashier shift"), "stock_count": N_("Stock count"),
    "stock_writeoff": N_("Stock write-off"), shu.CLOSING_ORIGIN: N_("Year closing"),
    shu.ALLOCATION_ORIGIN: N_("SHU allocation"), shu.PAYOUT_ORIGIN: N_("SHU payout"),
}


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def origin_label(origin_type: str) -> str:
    return _(ORIGIN_LABELS[origin_type]) if origin_type in ORIGIN_LABELS else origin_type


def managed_label(area: str) -> str:
    return _(MANAGED_LABELS[area]) if area in MANAGED_LABELS else area


def account_text(code: str, name: str) -> str:
    return f"{code}  {name}"


class AccountCombo(QComboBox):
    """Choose an account; typing its code (``6-12``) jumps to it. ``code()`` is the choice.

    ``blank`` is the text of the first, empty choice ("all accounts", "choose …").
    """

    def __init__(self, name: str, blank: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setMinimumContentsLength(28)
        self._blank = blank

    def set_accounts(self, accounts: list[Account]) -> None:
        """Fill the choices, keeping the current one if it is still offered."""
        keep = self.code()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._blank, None)
        for acc in accounts:
            self.addItem(account_text(acc.code, acc.name), acc.code)
        self.blockSignals(False)
        self.select(keep)

    def code(self) -> str | None:
        return self.currentData()

    def select(self, code: str | None) -> None:
        index = self.findData(code) if code else 0
        self.setCurrentIndex(max(index, 0))
