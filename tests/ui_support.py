"""Fixtures for the desktop app's tests: a Qt session on the test co-op, signed in by role.

Tests run under ``QT_QPA_PLATFORM=offscreen`` (set here too, before Qt starts) with pytest-qt's
``qtbot``. ``ui_session(role)`` opens the per-test copy of the co-op file with the fixed test
clock and signs in; the session is closed after the test. ``shown(qtbot, widget)``, ``click``
and ``retype`` are what the UI tests do with a page, a button and a field.
"""

from __future__ import annotations

import os

import pytest
from conftest import PASSWORDS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kasir.ui.session import Session


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


def shown(qtbot, widget: QWidget, size: tuple[int, int] = (1366, 768), *, active: bool = False):
    """``widget`` (a page) registered with ``qtbot``, at ``size``, shown; ``active`` waits until
    it is the active window too (shortcuts reach only the active window)."""
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    if active:
        widget.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def click(qtbot, widget: QWidget) -> None:
    """A left click on ``widget``, which must be there to click."""
    assert widget.isEnabled() and widget.isVisible(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def retype(qtbot, field, text: str) -> None:
    """Replace what ``field`` holds with ``text``, typed."""
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
