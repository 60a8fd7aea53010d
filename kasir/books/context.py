"""Who is acting, on which file, at what time — and what their role allows.

The permission matrix lives here, in the books layer, so the command line, the desktop app
and any script are held to the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kasir.db.connection import Connection, transaction
from kasir.errors import PermissionDenied
from kasir.i18n import N_

ROLES = ("admin", "ketua", "bendahara", "kasir", "pengawas")

ROLE_LABELS = {
    "admin": N_("Administrator"),
    "ketua": N_("Chair (ketua)"),
    "bendahara": N_("Treasurer (bendahara)"),
    "kasir": N_("Cashier (kasir)"),
    "pengawas": N_("Supervisor (pengawas)"),
}

# Every business event names one of these; `require` refuses roles not listed for it.
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "users.manage": frozenset({"admin"}),
    "settings.edit": frozenset({"admin", "ketua"}),
    "backup": frozenset({"admin", "ketua", "bendahara"}),
    "restore": frozenset({"admin"}),
    "member.write": frozenset({"ketua", "bendahara"}),
    "member.exit": frozenset({"ketua", "bendahara"}),
    "savings.deposit": frozenset({"bendahara", "kasir"}),
    "savings.withdraw": frozenset({"bendahara"}),
    "savings.reverse": frozenset({"bendahara"}),
    "ledger.post": frozenset({"bendahara"}),
    "ledger.reverse": frozenset({"bendahara"}),
    "ledger.accounts": frozenset({"bendahara"}),
    "period.close": frozenset({"ketua", "bendahara"}),
    "stock.write": frozenset({"bendahara"}),
    "purchase.write": frozenset({"bendahara"}),
    "supplier.pay": frozenset({"bendahara"}),
    "sale.checkout": frozenset({"bendahara", "kasir"}),
    "sale.void": frozenset({"ketua", "bendahara"}),
    "sale.return": frozenset({"ketua", "bendahara"}),
    "shift": frozenset({"bendahara", "kasir"}),
    "credit.payment": frozenset({"bendahara", "kasir"}),
    "year.close": frozenset({"ketua", "bendahara"}),
    "shu.post": frozenset({"ketua", "bendahara"}),
    "shu.pay": frozenset({"bendahara"}),
}


def local_now() -> dt.datetime:
    """Now, as an aware datetime in the PC's time zone (WIB, WITA or WIT)."""
    return dt.datetime.now().astimezone()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    full_name: str = ""

    def may(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]


@dataclass
class Context:
    """A signed-in user on an open co-op file.

    ``clock`` returns an aware datetime; it is replaceable so tests and the demo generator
    can act on any day.
    """

    conn: Connection
    user: User
    clock: Callable[[], dt.datetime] = field(default=local_now)
    # per-session lookups that rarely change (accounts by code); the database still guards
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    # the instant of the event in progress: one event has one time, however many rows it writes
    _moment: tuple[dt.datetime, str] | None = field(default=None, repr=False, compare=False)

    def _instant(self) -> tuple[dt.datetime, str]:
        if self._moment is not None:
            return self._moment
        moment = self.clock()
        return moment, moment.astimezone(dt.UTC).isoformat(timespec="seconds")

    def now(self) -> str:
        """The current time as stored in the file: UTC, ISO 8601, seconds."""
        return self._instant()[1]

    def today(self) -> dt.date:
        """Today's date at the co-op: the date in the clock's own time zone."""
        return self._instant()[0].date()

    def require(self, permission: str) -> None:
        if not self.user.may(permission):
            raise PermissionDenied(
                N_("Your role ({role}) may not do this ({permission}). Ask the treasurer or "
                   "the administrator."), role=self.user.role, permission=permission)

    @contextmanager
    def write(self, permission: str) -> Iterator[Connection]:
        """Check ``permission``, then run the block as one transaction (or savepoint).

        The clock is read once for the whole event (nested events share it), so every row
        the event writes carries the same time and its date checks agree with each other.
        """
        self.require(permission)
        outer = self._moment is None
        if outer:
            self._moment = self._instant()
        try:
            with transaction(self.conn) as conn:
                yield conn
        finally:
            if outer:
                self._moment = None
