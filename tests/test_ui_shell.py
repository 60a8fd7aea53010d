"""The desktop app's shell, driven like a user: first start, sign-in, roles, lock, language, errors.

Real widgets under ``QT_QPA_PLATFORM=offscreen`` (tests/ui_support.py), real co-op files (the
per-test copy of the template with one user per role) and the fixed test clock.
"""

from __future__ import annotations

import sys
import textwrap
import time

import pytest
from conftest import COOP_NAME, PASSWORDS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QPushButton

from kasir import i18n
from kasir.books import coop, profile
from kasir.books.context import ROLE_LABELS
from kasir.db import open_coop
from kasir.i18n import N_, _
from kasir.ui import app as app_mod
from kasir.ui import main_window
from kasir.ui.feedback import log_path
from kasir.ui.main_window import MainWindow, PlaceholderPage
from kasir.ui.pages import PAGES, PageSpec

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _app_state(tmp_path, monkeypatch, qapp):
    """A private data folder (error log, demo files) and Indonesian before and after."""
    monkeypatch.setenv("KASIR_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KASIR_LANG", raising=False)
    app_mod.apply_language("id")
    yield
    app_mod.apply_language("id")


@pytest.fixture
def shells(clock):
    """``shells(path, **options)`` → a started :class:`Shell`; its windows are closed after."""
    made: list[app_mod.Shell] = []

    def make(path, **options) -> app_mod.Shell:
        shell = app_mod.Shell(path, clock=clock, **options)
        made.append(shell)
        shell.start()
        return shell

    yield make
    for shell in made:
        for window in (shell.window, shell.login, shell.wizard):
            if window is not None:
                window.close()
        shell.close()  # deletes the windows now, not at interpreter exit after the QApplication


def child(parent, cls, name):
    found = parent.findChild(cls, name)
    assert found is not None, name
    return found


def ready_login(qtbot, shell, timeout: int = 5000):
    qtbot.waitUntil(lambda: shell.session is not None and shell.login is not None
                    and shell.login.form.button.isEnabled(), timeout=timeout)
    return shell.login


def show_active(qtbot, window) -> None:
    """Show ``window`` as the active window, so its keyboard shortcuts work."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()


def sign_in(qtbot, shell, user: str, password: str):
    login = ready_login(qtbot, shell)
    child(login, QLineEdit, "loginUser").clear()
    qtbot.keyClicks(child(login, QLineEdit, "loginUser"), user)
    qtbot.keyClicks(child(login, QLineEdit, "loginPassword"), password)
    qtbot.keyClick(child(login, QLineEdit, "loginPassword"), Qt.Key.Key_Return)
    return login


def test_first_start_sets_up_our_coop_then_asks_to_sign_in(qtbot, shells, tmp_path):
    path = tmp_path / "fresh" / "koperasi.sqlite"
    path.parent.mkdir()
    shell = shells(path)
    wizard = shell.wizard
    assert wizard.isVisible() and shell.login is None
    qtbot.mouseClick(child(wizard, QPushButton, "ownButton"), LEFT)
    for name, text in (("name", "Koperasi Desa Merah Putih Sukamaju"), ("village", "Sukamaju"),
                       ("district", "Kabupaten Malang"), ("admin_name", "Siti Rahayu"),
                       ("password", "Padi menguning di sawah"), ("password2", "Padi menguning")):
        qtbot.keyClicks(child(wizard, QLineEdit, f"wizard_{name}"), text)
    wajib = child(wizard, QLineEdit, "wizard_wajib")
    wajib.clear()
    qtbot.keyClicks(wajib, "25.000")
    qtbot.mouseClick(child(wizard, QPushButton, "createButton"), LEFT)
    assert not path.exists()  # the passwords differ: refused, nothing written
    assert child(wizard, QLabel, "wizardError").text() == _(
        "The two passwords differ; type the same password twice.")
    qtbot.keyClicks(child(wizard, QLineEdit, "wizard_password2"), " di sawah")
    qtbot.mouseClick(child(wizard, QPushButton, "createButton"), LEFT)
    assert path.exists() and not wizard.isVisible()
    login = sign_in(qtbot, shell, "admin", "Padi menguning di sawah")
    assert child(login, QLabel, "coopTitle").text() == "Koperasi Desa Merah Putih Sukamaju"
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible())
    assert profile.get(shell.session.conn).wajib_amount == 25_000
    assert child(shell.window, QLabel, "userLabel").text() == "Siti Rahayu — " + _(ROLE_LABELS["admin"])


def test_practice_copy_is_generated_off_the_gui_thread_and_marked(qtbot, shells, tmp_path):
    shell = shells(tmp_path / "koperasi.sqlite", wizard={"folder": tmp_path, "demo_size": (3, 1)})
    qtbot.mouseClick(child(shell.wizard, QPushButton, "practiceButton"), LEFT)
    assert shell.wizard.job.is_running() or shell.login is not None
    login = ready_login(qtbot, shell, timeout=60_000)  # waits for the background job too
    practice = tmp_path / "latihan.sqlite"
    assert shell.path == practice and not (tmp_path / "koperasi.sqlite").exists()
    assert child(login, QLabel, "practiceBadge").isVisible()
    assert coop.meta(shell.session.conn, "practice") == "1"
    sign_in(qtbot, shell, "kasir", "kasir-demo")
    qtbot.waitUntil(lambda: shell.window is not None)
    assert child(shell.window, QLabel, "practiceBadge").isVisible()


def test_wrong_password_is_refused_right_one_opens_the_window(qtbot, shells, coop_path):
    shell = shells(coop_path)
    login = sign_in(qtbot, shell, "bendahara", "not the password")
    assert child(login, QLabel, "loginError").text() == _("Wrong user name or password.")
    assert shell.window is None and login.isVisible()
    for _attempt in range(3):  # the third wrong one in a row slows the next attempt down
        qtbot.keyClicks(child(login, QLineEdit, "loginPassword"), "still wrong")
        qtbot.keyClick(child(login, QLineEdit, "loginPassword"), Qt.Key.Key_Return)
    slowed = child(login, QLabel, "loginError").text()
    assert slowed != _("Wrong user name or password.") and "2" in slowed
    shell.clock.advance(seconds=40)
    login.form.password_edit.clear()
    qtbot.keyClicks(child(login, QLineEdit, "loginPassword"), PASSWORDS["bendahara"])
    qtbot.keyClick(child(login, QLineEdit, "loginPassword"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible())
    label = child(shell.window, QLabel, "userLabel").text()
    assert label == "Bendahara — " + _(ROLE_LABELS["bendahara"])
    assert COOP_NAME in shell.window.windowTitle()


def test_the_file_is_checked_off_the_gui_thread_and_an_early_enter_still_signs_in(qtbot, shells,
                                                                               coop_path):
    shell = shells(coop_path)
    login = shell.login
    assert shell.session is None and not login.form.button.isEnabled()  # still being checked
    qtbot.keyClicks(child(login, QLineEdit, "loginUser"), "bendahara")
    qtbot.keyClicks(child(login, QLineEdit, "loginPassword"), PASSWORDS["bendahara"])
    qtbot.keyClick(child(login, QLineEdit, "loginPassword"), Qt.Key.Key_Return)
    assert child(login, QLabel, "loginError").text()  # "still checking …", nothing lost
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=10_000)
    assert shell.session.user.username == "bendahara"
    assert shell.opening.thread.isFinished()


@pytest.mark.parametrize("role", ["kasir", "pengawas", "admin"])
def test_a_role_sees_only_the_pages_it_may(qtbot, ui_session, role):
    session = ui_session(role)
    window = MainWindow(session)
    qtbot.addWidget(window)
    visible = window.visible_keys()
    assert visible == [spec.key for spec in PAGES if session.may(spec.permission)]
    assert ("cashier" in visible) == (role == "kasir")  # pengawas and admin may not sell
    if role == "pengawas":
        assert window.show_page("cashier") is None  # Ctrl+2 and the menu cannot open it either
        assert not any("cashier" in key for key in window._pages)


def test_pages_open_lazily_refresh_on_return_and_show_their_keys(qtbot, ui_session, tmp_path,
                                                                 monkeypatch):
    (tmp_path / "shellpages").mkdir()
    (tmp_path / "shellpages" / "__init__.py").write_text("")
    (tmp_path / "shellpages" / "counting.py").write_text(textwrap.dedent('''
        from kasir.i18n import N_
        from kasir.ui.pages.base import Page

        class CountingPage(Page):
            key = "counting"
            keys = [("F2", N_("Pay")), ("F4", N_("Member"))]
            def __init__(self, session):
                super().__init__(session)
                self.refreshed = 0
            def refresh(self):
                self.refreshed += 1
    '''))
    (tmp_path / "shellpages" / "broken.py").write_text("import kasir_no_such_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(main_window, "PAGES", (
        PageSpec("counting", N_("Home"), None, "shellpages.counting", "CountingPage"),
        PageSpec("missing", N_("Stock"), None, "shellpages.not_written_yet", "StockPage"),
        PageSpec("broken", N_("Books"), None, "shellpages.broken", "BooksPage"),
        PageSpec("admin", N_("Administration"), "users.manage", "shellpages.counting", "CountingPage"),
    ))
    window = MainWindow(ui_session("bendahara"))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    assert window.visible_keys() == ["counting", "missing", "broken"]  # admin needs users.manage
    page = window.current_page()
    assert page.refreshed == 0 and window.keys_bar.isVisible()
    assert window.keys_bar.text() == f"F2 {_('Pay')}   F4 {_('Member')}"
    missing = window.show_page("missing")
    assert isinstance(missing, PlaceholderPage)
    assert _("The page {title} is not available yet.").format(title=_("Stock")) in \
        missing.findChild(QLabel).text()
    assert not window.keys_bar.isVisible()
    broken = window.show_page("broken")  # a page whose own import fails is a bug: logged
    assert isinstance(broken, PlaceholderPage) and str(log_path()) in broken.findChild(QLabel).text()
    assert "kasir_no_such_dependency" in log_path().read_text(encoding="utf-8")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is page and page.refreshed == 1


def test_ctrl_l_locks_password_unlocks_and_another_user_can_switch(qtbot, ui_session):
    session = ui_session("bendahara")
    window = MainWindow(session)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked() and not window.content.isVisible() and window.lock_screen.isVisible()
    assert window.show_page("members") is None  # nothing opens behind the lock
    password = child(window, QLineEdit, "lockPassword")
    qtbot.keyClicks(password, "wrong password")
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert window.is_locked()
    assert child(window, QLabel, "lockError").text() == _("Wrong user name or password.")
    qtbot.keyClicks(password, PASSWORDS["bendahara"])
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert not window.is_locked() and window.content.isVisible()

    qtbot.mouseClick(child(window, QPushButton, "switchUserButton"), LEFT)
    assert window.is_locked() and child(window, QLineEdit, "lockUser").text() == ""
    qtbot.keyClicks(child(window, QLineEdit, "lockUser"), "kasir")
    qtbot.keyClicks(password, PASSWORDS["kasir"])
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert not window.is_locked()
    assert session.user.username == "kasir"
    assert child(window, QLabel, "userLabel").text() == "Kasir — " + _(ROLE_LABELS["kasir"])
    assert "cashier" in window.visible_keys()


def test_idle_minutes_lock_the_screen(qtbot, ui_session, admin):
    profile.set_setting(admin, main_window.LOCK_SETTING, "2")
    window = MainWindow(ui_session("kasir"), minute_ms=150)  # 2 "minutes" = 0.3 s
    qtbot.addWidget(window)
    started = time.monotonic()
    window.show()
    assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert time.monotonic() - started >= 0.25
    assert not window.content.isVisible()


def test_lock_minutes_zero_never_locks(qtbot, ui_session, admin):
    profile.set_setting(admin, main_window.LOCK_SETTING, "0")
    window = MainWindow(ui_session("kasir"), minute_ms=10)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(100)
    assert not window.is_locked() and not window.idle_timer.isActive()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_a_slot_is_logged_and_explained(qtbot):
    before = sys.excepthook
    app_mod.install_excepthook()
    try:
        button = QPushButton("x")
        qtbot.addWidget(button)

        def broken_slot():
            raise RuntimeError("boom in a slot")

        button.clicked.connect(broken_slot)
        qtbot.mouseClick(button, LEFT)

        def dialog():
            return next((w for w in QApplication.topLevelWidgets()
                         if w.objectName() == "errorDialog" and w.isVisible()), None)

        qtbot.waitUntil(lambda: dialog() is not None)
        text = dialog().text()
        assert str(log_path()) in text and "Traceback" not in text and "boom" not in text
        logged = log_path().read_text(encoding="utf-8")
        assert "Traceback" in logged and "RuntimeError: boom in a slot" in logged
        dialog().close()
    finally:
        sys.excepthook = before


def test_qt_buttons_follow_the_language(qtbot):
    def cancel_text() -> str:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        return box.button(QDialogButtonBox.StandardButton.Cancel).text()

    assert cancel_text() == "Batal"
    app_mod.apply_language("en")
    assert cancel_text() == "Cancel" and i18n.language() == "en"


def test_language_chosen_at_login_is_kept_by_an_admin(qtbot, shells, coop_path):
    shell = shells(coop_path)
    login = ready_login(qtbot, shell)
    combo = login.language_combo
    combo.setCurrentIndex(combo.findData("en"))
    assert i18n.language() == "en" and shell.login is not login  # rebuilt in English
    assert shell.login.form.button.text() == "Sign in"
    sign_in(qtbot, shell, "admin", PASSWORDS["admin"])
    qtbot.waitUntil(lambda: shell.window is not None)
    assert "Administrator" in child(shell.window, QLabel, "userLabel").text()
    conn = open_coop(coop_path)
    try:
        assert profile.get_setting(conn, app_mod.LANGUAGE_SETTING) == "en"
    finally:
        conn.close()
    shell.window.language_requested.emit("id")
    assert i18n.language() == "id" and shell.window.findChild(QPushButton, "lockButton").text() == \
        _("Lock (Ctrl+L)")


def test_no_screen_is_said_clearly():
    assert app_mod.display_problem({}) is not None if sys.platform.startswith("linux") else True
    assert app_mod.display_problem({"DISPLAY": ":0"}) is None
    assert app_mod.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_after_a_restore_nobody_is_signed_in_until_someone_signs_in(qtbot, ui_session):
    session = ui_session("bendahara")
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    assert window.current_page() is not None
    session.release()  # what Administration → Restore does around replacing the file
    session.reopen()
    assert window.is_locked() and window.user_label.text() == "" and window.current_page() is None
    qtbot.keyClicks(child(window, QLineEdit, "lockUser"), "ketua")
    qtbot.keyClicks(child(window, QLineEdit, "lockPassword"), PASSWORDS["ketua"])
    qtbot.keyClick(child(window, QLineEdit, "lockPassword"), Qt.Key.Key_Return)
    assert not window.is_locked() and session.user.username == "ketua"
    assert window.current_page() is not None


def test_pages_dropped_at_sign_out_belong_to_qt_alone_and_are_deleted(qtbot, ui_session):
    """Signing out (here: closing the session behind a closed window, as the app and the
    screenshots script do at exit) drops the pages; each must stay owned by Qt alone until Qt
    deletes it. A page handed back to Python while Qt kept it as a child had two owners, and
    was then deleted directly ("shared QObject was deleted directly")."""
    import shiboken6
    from PySide6.QtCore import QEvent

    session = ui_session("bendahara")
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    pages = [window.show_page(spec.key) for spec in PAGES]
    pages = [page for page in pages if page is not None]
    window.close()
    session.logout()
    assert window.current_page() is None
    assert not any(shiboken6.ownedByPython(page) for page in pages)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(page) for page in pages)
    assert window.page_stack.count() == 0
