"""The signed-in session of the app: which file is open, who is signed in, what changed.

One :class:`Session` lives for the whole app. Pages read ``session.ctx`` (a
:class:`kasir.books.context.Context`) for events and ``session.conn`` for queries, and call
:meth:`Session.changed` after an event so other pages refresh what they show.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kasir.books import users
from kasir.books.context import Context, User
from kasir.db import open_coop
from kasir.db.connection import Connection


class Session(QObject):
    """The open co-op file and the user signed in to it (if any)."""

    signed_in = Signal(object)      # User
    signed_out = Signal()
    data_changed = Signal(str)      # a topic: "sales", "members", "savings", "stock", "ledger", ...
    reopened = Signal()             # the file was replaced on disk (a restore): nobody is signed in

    def __init__(self, path: Path, conn: Connection | None = None, clock=None) -> None:
        super().__init__()
        self.path = Path(path)
        self.conn: Connection = conn if conn is not None else open_coop(self.path)
        self.ctx: Context | None = None
        self._clock = clock

    @property
    def user(self) -> User | None:
        return self.ctx.user if self.ctx else None

    def may(self, permission: str | None) -> bool:
        """Whether the signed-in user's role allows ``permission`` (None: anyone signed in)."""
        return self.ctx is not None and (permission is None or self.ctx.user.may(permission))

    def login(self, username: str, password: str) -> User:
        """Sign in; raises :class:`kasir.errors.AuthError` with a message to show."""
        kwargs = {"clock": self._clock} if self._clock else {}
        ctx = users.login(self.conn, username, password, **kwargs)
        if self.ctx is not None:
            users.logout(self.ctx)
        self.ctx = ctx
        self.signed_in.emit(ctx.user)
        return ctx.user

    def logout(self) -> None:
        if self.ctx is not None:
            users.logout(self.ctx)
            self.ctx = None
            self.signed_out.emit()

    def changed(self, topic: str) -> None:
        self.data_changed.emit(topic)

    def release(self) -> None:
        """Sign out quietly (``signed_out`` comes with :meth:`reopen`) and close the file so
        that it can be replaced on disk (a restore)."""
        if self.ctx is not None:
            users.logout(self.ctx)
            self.ctx = None
        self.conn.close()

    def reopen(self) -> None:
        """Open the file again after :meth:`release` (whether or not it was replaced); emits
        ``reopened`` and ``signed_out``: the app asks for a sign-in on the file as it is now."""
        self.ctx = None
        self.conn = open_coop(self.path)
        self.reopened.emit()
        self.signed_out.emit()

    def close(self) -> None:
        self.logout()
        self.conn.close()
