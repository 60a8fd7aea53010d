"""Fixtures for the desktop app's tests: a Qt session on the test co-op, signed in by role.

Tests run under ``QT_QPA_PLATFORM=offscreen`` (set here too, before Qt starts) with pytest-qt's
``qtbot``. ``ui_session(role)`` opens the per-test copy of the co-op file with the fixed test
clock and signs in; the session is closed after the test.
"""

from __future__ import annotations

import os

import pytest
from conftest import PASSWORDS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kasir.ui.session import Session  # noqa: E402 - Qt must see the platform first


@pytest.fixture
def ui_session(coop_path, clock, qapp):
    """``ui_session("bendahara")`` → a signed-in :class:`Session` (one per test)."""
    opened: list[Session] = []

    def make(role: str = "bendahara") -> Session:
        session = Session(coop_path, clock=clock)
        session.login(role, PASSWORDS[role])
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()
