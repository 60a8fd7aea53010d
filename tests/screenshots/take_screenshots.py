"""Save a screenshot of every main screen of the desktop app, so the screens can be looked at.

Not part of the test suite. Runs offscreen at 1366×768 on a demo co-op (made in a temporary
folder unless ``--db`` names one; a given file is copied first, because signing in writes an
audit record) and writes numbered PNGs: the setup wizard, the login window, every page of
the main window and every tab of each page, and the lock screen.

    .venv/bin/python tests/screenshots/take_screenshots.py --out /tmp/kasir-screens [--db FILE] [--lang en]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from kasir.demo import generate
from kasir.ui.app import apply_language, make_application, stylesheet
from kasir.ui.login import LoginDialog
from kasir.ui.main_window import MainWindow
from kasir.ui.pages import PAGES
from kasir.ui.session import Session
from kasir.ui.setup_wizard import SetupWizard

SIZE = (1366, 768)


class Shooter:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.n = 0
        out.mkdir(parents=True, exist_ok=True)

    def shot(self, widget: QWidget, name: str) -> Path:
        for _ in range(3):
            QApplication.processEvents()
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        widget.grab().save(str(path))
        print(path)
        return path


def demo_file(given: Path | None, folder: Path) -> Path:
    target = folder / "demo.sqlite"
    if given:
        shutil.copyfile(given, target)
    else:
        generate(target, members=300, months=24, seed=1)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--lang", default="id")
    parser.add_argument("--user", default="bendahara")
    parser.add_argument("--password", default="kasir-demo")
    args = parser.parse_args()
    app = make_application([])
    apply_language(args.lang)
    app.setStyleSheet(stylesheet())
    folder = Path(tempfile.mkdtemp(prefix="kasir-screens-"))
    shooter = Shooter(args.out)

    wizard = SetupWizard(folder / "new.sqlite", folder=folder)
    wizard.resize(*SIZE)
    wizard.show()
    shooter.shot(wizard, "setup-wizard")
    wizard.close()

    session = Session(demo_file(args.db, folder))
    login = LoginDialog(session, "Koperasi Desa Merah Putih")
    login.show()
    shooter.shot(login, "login")
    login.close()

    session.login(args.user, args.password)
    window = MainWindow(session)
    window.resize(*SIZE)
    window.show()
    for spec in PAGES:
        page = window.show_page(spec.key)
        if page is None:
            continue
        shooter.shot(window, spec.key)
        for tabs in page.findChildren(QTabWidget):
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                shooter.shot(window, f"{spec.key}-{tabs.tabText(index).replace('&', '')}"
                             .replace(" ", "-").replace("/", "-").lower())
            tabs.setCurrentIndex(0)
    window.lock()
    shooter.shot(window, "lock-screen")
    window.close()
    session.close()


if __name__ == "__main__":
    main()
