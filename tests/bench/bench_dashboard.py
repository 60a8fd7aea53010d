"""Dashboard speed on the large demo: each overview query, and a refresh with painting.

Run: .venv/bin/python tests/bench/bench_dashboard.py [FILE]  (default: timing.LARGE_DEMO, made if missing)

Nobody signs in (signing in writes an audit record and the demo file must stay untouched):
the session gets a context for the demo's bendahara on a clock fixed at the last day of sales.
The budget of a page switch is 100 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from timing import large_demo, report, report_page_switch

from kasir.books import items, ledger, overview
from kasir.books.context import Context, User
from kasir.ui.session import Session


def main() -> None:
    path = large_demo(sys.argv[1] if len(sys.argv) > 1 else None)
    app = QApplication.instance() or QApplication([])
    session = Session(path)
    conn = session.conn
    day = ledger.last_entry_date(conn) or dt.date.today()
    noon = dt.datetime.combine(day, dt.time(12)).astimezone()
    session.ctx = Context(conn, User(0, "bench", "bendahara"), clock=lambda: noon)
    print(f"{path} on {day}")
    report("overview.sales_of_day", lambda: overview.sales_of_day(conn, day), None)
    report("overview.sales_per_day (30 days)", lambda: overview.sales_per_day(conn, day), None)
    report("overview.cash_position", lambda: overview.cash_position(conn, day), None)
    report("items.running_low", lambda: items.running_low(conn), None)
    report("overview.arrears_summary", lambda: overview.arrears_summary(conn, day), None)
    report("overview.quota_week", lambda: overview.quota_week(conn, day), None)
    report("overview.key_items", lambda: overview.key_items(conn), None)

    from kasir.ui.pages.dashboard import DashboardPage

    t0 = time.perf_counter()
    page = DashboardPage(session)  # builds and fills the page (the arrears come just after)
    page.resize(1150, 700)
    page.show()
    page.repaint()
    shown = time.perf_counter()
    app.processEvents()  # the deferred arrears count
    done = time.perf_counter()
    print(f"{'first show: build, fill and paint':<52} {(shown - t0) * 1000:8.2f} ms (budget 100 ms)")
    print(f"{'  … then the wajib arrears filled in':<52} {(done - shown) * 1000:8.2f} ms")

    report_page_switch(app, page)
    session.conn.close()


if __name__ == "__main__":
    main()
