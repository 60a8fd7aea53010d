"""Starting the desktop app: Qt, the language, the look, the safety net, and the first windows.

``python -m kasir.ui.app [--db FILE] [--lang id|en]`` (what ``kasir``, ``kasir app`` and
``kasir demo --open`` run). The :class:`Shell` leads from start to work: the setup wizard when
the co-op file does not exist, the login window (shown at once; a large file is then checked
before signing in is enabled), the main window. Qt's own texts follow the language through a
``QTranslator`` (:mod:`kasir.ui.qt_id`); the one stylesheet is ``resources/styles/kasir.qss``.
Any exception no slot caught is logged to the error log and shown as a friendly message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from kasir import i18n
from kasir.i18n import _
from kasir.paths import default_db_path, resources_dir
from kasir.ui.feedback import attempt, message_for
from kasir.ui.login import LoginDialog
from kasir.ui.qt_id import qt_translator

# The session (kasir.books.users loads argon2), the main window and
# the wizard are imported where first needed, so the login window shows before they load.
if TYPE_CHECKING:
    from kasir.ui.main_window import MainWindow
    from kasir.ui.session import Session
    from kasir.ui.setup_wizard import SetupWizard

LANGUAGE_SETTING = "ui.language"
FONT_SIZE_PT = 11
_state: dict[str, object] = {"translator": None, "boxes": []}


def display_problem(env: dict | None = None) -> str | None:
    """Why Qt cannot open a window here (no X11 or Wayland screen), or None if it can."""
    env = os.environ if env is None else env
    if sys.platform in ("win32", "darwin"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, eglfs …: chosen on purpose
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return _("No screen was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop "
             "app cannot open a window here. Start kasir from the PC's desktop, or use the "
             "commands: kasir --help")


def apply_language(lang: str | None) -> str:
    """Switch kasir's messages and Qt's own texts (buttons, menus) to ``lang``."""
    lang = i18n.set_language(lang)
    app = QApplication.instance()
    old = _state["translator"]
    if old is not None:
        app.removeTranslator(old)
    new = qt_translator(lang)
    if new is not None:
        app.installTranslator(new)
    _state["translator"] = new
    return lang


def stylesheet() -> str:
    path = resources_dir() / "styles" / "kasir.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with kasir's font, stylesheet, language and error handler."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("kasir")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):  # the same letters on every PC
        QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
    app.setFont(QFont("DejaVu Sans", FONT_SIZE_PT))
    app.setStyleSheet(stylesheet())
    apply_language(i18n.language())
    install_excepthook()
    return app


# ---- the safety net -----------------------------------------------------------------------

def excepthook(kind, exc, tb) -> None:
    """Unexpected exceptions (in a slot, a timer, an event): log, then tell the user kindly."""
    if not issubclass(kind, Exception) or QApplication.instance() is None:
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    text, refusal = message_for(exc)  # a bug is written to the error log here
    if any(box.isVisible() for box in _state["boxes"]):
        return  # one message at a time: an error repeating in a loop must not bury the screen
    box = QMessageBox(QMessageBox.Icon.Warning if refusal else QMessageBox.Icon.Critical,
                      _("kasir"), text, QMessageBox.StandardButton.Ok, QApplication.activeWindow())
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _state["boxes"].append(box)
    box.finished.connect(lambda _r: _state["boxes"].remove(box))
    box.open()


def install_excepthook() -> None:
    sys.excepthook = excepthook


# ---- from start to work -------------------------------------------------------------------

class Shell(QObject):
    """Leads from start to the main window: wizard → login → main window (and back on quit).

    ``lang`` is a language asked for on the command line (it wins over the stored setting);
    ``minute_ms`` shortens the idle lock in tests; ``wizard`` holds options for the wizard.
    """

    finished = Signal()

    def __init__(self, path: Path, *, clock=None, lang: str | None = None,
                 minute_ms: int = 60_000, wizard: dict | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.clock = clock
        self.lang = lang
        self.minute_ms = minute_ms
        self.wizard_options = wizard or {}
        self.session: Session | None = None
        self.wizard: SetupWizard | None = None
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.opening = None  # the background job opening and checking the file
        self._opener = QTimer(self, singleShot=True, interval=30)
        self._opener.timeout.connect(self._open_session)

    def start(self) -> None:
        if self.path.exists():
            self.open_file(self.path)
            return
        from kasir.ui.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.path, **self.wizard_options)
        self.wizard.chosen.connect(self.open_file)
        self.wizard.rejected.connect(self.finished)
        self.wizard.show()

    def open_file(self, path: Path) -> None:
        """Show the login window at once, then open (and check) the co-op file."""
        self.path = Path(path)
        self._show_login()
        self._opener.start()  # after the window is painted

    def _open_session(self) -> None:
        """Open and check the file on a worker thread. Opening is quick; the full check of a
        large file takes seconds and runs here when it is due (after an unclean shutdown, or
        once a week), before anyone signs in. The login window stays usable meanwhile and
        signing in waits for it."""
        from kasir.db import open_coop
        from kasir.db.integrity import check_if_due
        from kasir.ui.worker import run_in_background

        path = self.path

        def open_checked(_progress):
            conn = open_coop(path)
            try:
                check_if_due(conn)
            except BaseException:
                conn.close()
                raise
            return conn
        self.opening = run_in_background(self, _("Opening the co-op file…"), open_checked,
                                         done=self._opened, failed=self._open_failed, quiet=True)

    def _open_failed(self, exc: BaseException) -> None:
        """Damaged, newer, busy: said in the login window."""
        self.login.show_problem(message_for(exc)[0])

    def _opened(self, conn) -> None:
        from kasir.books import profile
        from kasir.ui.session import Session

        self.session = Session(self.path, conn=conn, clock=self.clock)
        stored = profile.get_setting(self.session.conn, LANGUAGE_SETTING, "")
        wanted = self.lang or stored
        if wanted and wanted != i18n.language():
            apply_language(wanted)
            self._show_login()
        self._enable_login()

    def _enable_login(self) -> None:
        from kasir.books import coop, profile

        conn = self.session.conn
        self.login.set_session(self.session, profile.get(conn).name, bool(coop.meta(conn, "practice")))

    def _show_login(self) -> None:
        old, typed = self.login, ""
        if old is not None:
            typed = old.form.user_edit.text()
            old.finished.disconnect()
            old.close()
            old.deleteLater()
        self.login = LoginDialog()
        self.login.form.user_edit.setText(typed)
        self.login.signed_in.connect(self._on_signed_in)
        self.login.language_changed.connect(self.set_language)
        self.login.finished.connect(self._login_closed)
        if self.session is not None:
            self._enable_login()
        self.login.show()

    def _login_closed(self, result: int) -> None:
        if result != LoginDialog.DialogCode.Accepted:
            self.finished.emit()

    def _on_signed_in(self, _user) -> None:
        self.login.finished.disconnect()
        self.login.deleteLater()
        self.login = None
        self._save_language()
        self._show_main()

    def _show_main(self) -> None:
        from kasir.ui.main_window import MainWindow

        old = self.window
        self.window = MainWindow(self.session, minute_ms=self.minute_ms)
        self.window.language_requested.connect(self.set_language)
        self.window.closed.connect(self.finished)
        self.window.show()
        if old is not None:
            old.closed.disconnect()
            old.close()
            old.deleteLater()

    def set_language(self, lang: str) -> None:
        """The language chosen in the login window or the menu: apply it, keep it if allowed."""
        self.lang = apply_language(lang)
        if self.window is not None:
            self._save_language()
            self._show_main()  # a fresh window in the new language
        elif self.login is not None:
            self._show_login()

    def _save_language(self) -> None:
        """Remember the language in the co-op file if the signed-in role may change settings."""
        from kasir.books import profile

        session = self.session
        if (session is None or not session.may("settings.edit")
                or profile.get_setting(session.conn, LANGUAGE_SETTING, "") == i18n.language()):
            return
        attempt(self.window, profile.set_setting, session.ctx, LANGUAGE_SETTING, i18n.language())
        session.changed("settings")

    def close(self) -> None:
        """Sign out and close the file; delete the windows while Qt is still there."""
        job = self.wizard.job if self.wizard is not None else None
        if job is not None:
            job.thread.wait()  # a demo being written is finished (or removed), never cut off
        if self.opening is not None and self.opening.is_running():
            self.opening.thread.wait()  # the file check ends; its result arrives as an event,
            QApplication.sendPostedEvents()  # so the connection it opened is closed below
        for window in (self.window, self.login, self.wizard):
            if window is not None:
                window.deleteLater()
        self.window = self.login = self.wizard = None
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if self.session is not None:
            attempt(None, self.session.close)
            self.session = None


def main(argv: list[str] | None = None) -> int:
    import argparse  # here, not at the top: the login window's cold start is budgeted

    parser = argparse.ArgumentParser(prog="kasir app", description=_("Start the kasir desktop app."))
    parser.add_argument("--db", type=Path, help=_("co-op file (default: koperasi.sqlite in the data folder)"))
    parser.add_argument("--lang", choices=tuple(i18n.LANGUAGES), help=_("language (default: id)"))
    args = parser.parse_args(argv)
    if args.lang:
        i18n.set_language(args.lang)
    problem = display_problem()
    if problem:
        sys.stderr.write(f"kasir: {problem}\n")
        return 1
    app = make_application()
    app.setQuitOnLastWindowClosed(False)  # the shell says when the app is done
    shell = Shell(args.db or default_db_path(), lang=args.lang)
    shell.finished.connect(app.quit)
    shell.start()
    code = app.exec()
    shell.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
