"""The desktop app on a real X server: Qt's X11 plugin loads and the login window shows.

The other UI tests run on Qt's offscreen platform; this one runs the app as the README's
first command does, on Xvfb (installed by .ci/run), so a missing X11 library is caught here
and not on a treasurer's PC. Skipped where Xvfb is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from kasir.ui import app as kasir_app
qapp = kasir_app.make_application()
shell = kasir_app.Shell(Path(sys.argv[1]))
shell.start()
def check():
    if shell.session is not None and shell.login.isVisible() and shell.login.form.button.isEnabled():
        print("platform", QGuiApplication.platformName(), "login", shell.login.windowTitle(), flush=True)
        shell.close()
        qapp.quit()
    else:
        QTimer.singleShot(50, check)
QTimer.singleShot(0, check)
QTimer.singleShot(60_000, qapp.quit)
qapp.exec()
"""


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Xvfb is not installed")
def test_the_app_shows_its_login_window_on_an_x_server(coop_path, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["KASIR_HOME"] = str(tmp_path)
    done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-c",
                           SCRIPT, str(coop_path)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "platform xcb login" in done.stdout, (done.stdout, done.stderr[-2000:])
