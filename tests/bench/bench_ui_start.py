"""Desktop app start, memory and page switching on the large demo co-op (issue 4's speed budgets).

    .venv/bin/python tests/bench/bench_ui_start.py [--db FILE] [--runs 7]

1. Cold start, each run a fresh process: to the login window shown with an idle event loop
   (the user can type), and to the co-op file opened and checked (signing in possible);
   against a bare PySide6 QApplication + QWidget shown, runs interleaved. Budget: ratio of
   medians <= 2x.
2. On a copy of the file (signing in writes an audit record): sign in, open every page twice;
   each switch <= 100 ms (first open and re-open); resident memory after all <= 250 MB.

No display is needed: QT_QPA_PLATFORM defaults to offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import large_demo

ROOT = Path(__file__).resolve().parents[2]

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
w.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""

APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from kasir.ui import app as kasir_app
qapp = kasir_app.make_application()
shell = kasir_app.Shell(Path(sys.argv[1]))
shell.start()
def ready():
    print("ready", flush=True)
def poll():
    if shell.session is not None and shell.login.form.button.isEnabled():
        print("opened", flush=True)
        shell.close()
        qapp.quit()
    else:
        QTimer.singleShot(5, poll)
QTimer.singleShot(0, ready)
QTimer.singleShot(0, poll)
qapp.exec()
"""

PAGES = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kasir.ui import app as kasir_app
from kasir.ui.main_window import MainWindow
from kasir.ui.session import Session
qapp = kasir_app.make_application()
session = Session(Path(sys.argv[1]))
session.login("bendahara", "kasir-demo")
window = MainWindow(session)
window.show()
QApplication.processEvents()
keys = window.visible_keys()
times = {"first": {}, "again": {}}
for round_ in ("first", "again"):
    for key in keys[1:] + keys[:1]:
        t0 = time.perf_counter()
        window.show_page(key)
        QApplication.processEvents()
        times[round_][key] = (time.perf_counter() - t0) * 1000
rss_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS"))
print(json.dumps({"times": times, "rss_mb": rss_kb / 1024, "pages": keys,
                  "placeholders": [k for k, p in window._pages.items()
                                   if p.objectName().startswith("placeholder_")]}), flush=True)
window.close()
session.close()
"""


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["KASIR_HOME"] = tempfile.mkdtemp(prefix="kasir-bench-home-")
    env["PYTHONPATH"] = str(ROOT)
    return env


def timed_start(code: str, *args: str) -> dict[str, float]:
    """Seconds from spawning a fresh Python to each line it prints (``ready``, ``opened``)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, env=_env(), cwd=ROOT)
    seen = {line.strip(): time.perf_counter() - started for line in child.stdout}
    child.wait(timeout=120)
    return seen


def cold_start(db: str, runs: int) -> None:
    bare, ready, opened = [], [], []
    timed_start(BARE)  # warm the OS file cache for both
    timed_start(APP, db)
    for _ in range(runs):
        bare.append(timed_start(BARE)["ready"])
        app = timed_start(APP, db)
        ready.append(app["ready"])
        opened.append(app["opened"])
    b, r, o = (statistics.median(x) * 1000 for x in (bare, ready, opened))
    print(f"cold start, {runs} fresh processes each, {db}")
    print(f"  bare PySide6 window shown          median {b:8.0f} ms")
    print(f"  kasir login window shown           median {r:8.0f} ms   ratio {r / b:5.2f}x (budget <= 2x)")
    print(f"  ... and the co-op file checked     median {o:8.0f} ms   ratio {o / b:5.2f}x "
          "(quick_check of the whole file)")


def pages(db: str) -> None:
    with tempfile.TemporaryDirectory(prefix="kasir-bench-") as folder:
        copy = Path(folder) / "big.sqlite"
        shutil.copy(db, copy)  # signing in writes (audit); never the shared file
        out = subprocess.run([sys.executable, "-c", PAGES, str(copy)], capture_output=True,
                             text=True, env=_env(), cwd=ROOT, timeout=600)
    if out.returncode:
        print(out.stderr[-3000:])
        raise SystemExit("the page run failed")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"pages as bendahara: {', '.join(result['pages'])}"
          + (f" (placeholders: {', '.join(result['placeholders'])})" if result["placeholders"] else ""))
    for round_, label in (("first", "first open"), ("again", "re-open")):
        times = result["times"][round_]
        worst = max(times, key=times.get)
        print(f"  switch, {label:<10} median {statistics.median(times.values()):7.1f} ms   "
              f"max {times[worst]:7.1f} ms ({worst})   (budget <= 100 ms each)")
        print("    " + "  ".join(f"{k} {v:.0f}" for k, v in times.items()))
    print(f"resident memory after every page      {result['rss_mb']:7.0f} MB   (budget <= 250 MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None, help="default: timing.LARGE_DEMO, made if missing")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()
    args.db = str(large_demo(args.db))
    cold_start(args.db, args.runs)
    if not args.skip_pages:
        pages(args.db)


if __name__ == "__main__":
    main()
