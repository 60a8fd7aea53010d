"""Guard against Qt bindings that lose references to None, True or False.

PySide6 6.12.0 under Python 3.11 dropped one reference to None on every Python slot called
by a signal; after a few thousand clicks the interpreter aborts ("deallocating None") — a
cashier's afternoon. pyproject.toml pins a release without it; this test fails if an upgrade
brings such a leak back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton

N = 500


class _Emitter(QObject):
    value = Signal(object)


def _drift(action) -> dict[str, int]:
    singletons = {"None": None, "True": True, "False": False}
    before = {k: sys.getrefcount(v) for k, v in singletons.items()}
    for _ in range(N):
        action()
    return {k: sys.getrefcount(v) - before[k] for k, v in singletons.items()}


def _assert_no_leak_down(drift: dict[str, int]) -> None:
    # a small rise is harmless (a cached object); a fall of about N means a lost reference per call
    assert all(d > -N // 2 for d in drift.values()), drift


def test_slots_called_by_signals_keep_the_singletons_alive(qapp):
    button, box, line, emitter = QPushButton(), QCheckBox(), QLineEdit(), _Emitter()
    button.clicked.connect(lambda: None)
    box.toggled.connect(lambda checked: None)
    line.textChanged.connect(lambda text: None)
    emitter.value.connect(lambda value: None)
    _assert_no_leak_down(_drift(button.click))
    _assert_no_leak_down(_drift(lambda: box.setChecked(not box.isChecked())))
    _assert_no_leak_down(_drift(lambda: line.setText(line.text() + "x")))
    for value in (None, True, False):
        _assert_no_leak_down(_drift(lambda v=value: emitter.value.emit(v)))
