"""Readable at 1366×768: the real main window, with the app's font and stylesheet, shows every
page and every tab of a page within a 1366×768 screen, in Indonesian and in English.

A layout that needs more room (a row of buttons that cannot wrap, a long label that cannot
shrink) makes Qt grow the window past the screen; that is what these tests catch.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QTabWidget

from kasir.paths import resources_dir
from kasir.ui import app as app_mod
from kasir.ui.main_window import MainWindow
from kasir.ui.pages import PAGES

SCREEN = (1366, 768)


@pytest.fixture
def app_look(qapp):
    """The app's own font and stylesheet (they decide how wide a label or button is)."""
    font, sheet = qapp.font(), qapp.styleSheet()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
    qapp.setFont(QFont("DejaVu Sans", app_mod.FONT_SIZE_PT))
    qapp.setStyleSheet(app_mod.stylesheet())
    yield
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)
    app_mod.apply_language("id")


def fits(window: MainWindow, where: str) -> None:
    QApplication.processEvents()
    width, height = SCREEN
    for name, size in (("minimumSizeHint", window.minimumSizeHint()), ("minimumSize", window.minimumSize())):
        assert size.width() <= width and size.height() <= height, f"{where}: {name} {size.toTuple()}"
    assert window.width() <= width and window.height() <= height, f"{where}: {window.size().toTuple()}"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("role", ["bendahara", "admin"])
def test_every_page_and_tab_fits_a_1366x768_screen(qtbot, app_look, ui_session, shift, role, language):
    app_mod.apply_language(language)
    window = MainWindow(ui_session(role))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    shown = []
    for spec in PAGES:
        page = window.show_page(spec.key)
        if page is None:  # a page this role may not see
            continue
        shown.append(spec.key)
        fits(window, spec.key)
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                fits(window, f"{spec.key} / {tabs.tabText(index)}")
    assert {"dashboard", "books", "admin"} <= set(shown)
    assert ("cashier" in shown) is (role == "bendahara")
    window.close()
