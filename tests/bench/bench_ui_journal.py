"""The Books page on the large demo (3 million journal lines): opening the journal, scrolling
it, its far end, filters, and switching tabs.

Run: .venv/bin/python tests/bench/bench_ui_journal.py [FILE]  (default: timing.LARGE_DEMO, made if missing)

Budgets (issue 4): the journal of 1,000,000+ lines opens in <= 300 ms and scrolls without
stalls (here: every scroll step — a page down, or a drag of the scroll bar to the bottom
that loads the next page — with its repaint, <= 50 ms); switching tabs <= 100 ms.

The list is keyset-paged and loads as it scrolls, so it cannot jump to its last line of
three million; "oldest first" shows that end at once, and that is timed instead.

Nobody signs in (signing in writes an audit record and the demo file must stay untouched):
the session gets a context for the demo's bendahara, on a clock at the day of the last entry.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # Qt after the platform is chosen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from timing import large_demo, p95

from kasir.books import ledger
from kasir.books.context import Context, User
from kasir.ui.pages.books import BooksPage
from kasir.ui.session import Session

WIDTH = 60


def line(name: str, times: list[float], budget: float | None) -> None:
    tail = f"(budget {budget:g} ms)" if budget else ""
    print(f"{name:<{WIDTH}} median {statistics.median(times):8.2f} ms  p95 {p95(times):8.2f} ms"
          f"  max {max(times):8.2f} ms {tail}")


def timed(app: QApplication, action) -> float:
    """Wall-clock milliseconds of ``action`` and the events it causes (painting, fetching)."""
    t0 = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - t0) * 1000


def cpu_share(work) -> str:
    """How much of the wall time this process had the CPU: on a busy machine the wall time
    includes waiting for it, which is not the page's cost."""
    w0, c0 = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return f"cpu {cpu / wall:.0%} of wall"


def open_page(session: Session, app: QApplication) -> tuple[BooksPage, float]:
    t0 = time.perf_counter()
    page = BooksPage(session)
    page.resize(1366, 768)
    page.show()
    page.repaint()
    app.processEvents()
    return page, (time.perf_counter() - t0) * 1000


def bench_open(session: Session, app: QApplication) -> BooksPage:
    page, first = open_page(session, app)
    print(f"{'journal opens (first time in the process)':<{WIDTH}} {first:8.2f} ms (budget 300 ms)")
    times = []
    for _n in range(10):
        page.close()
        page.deleteLater()
        page, ms = open_page(session, app)
        times.append(ms)
    line("journal opens (again, fresh page)", times, 300)
    return page


def bench_scroll(page: BooksPage, app: QApplication) -> None:
    journal = page.tab["journal"]
    view, bar = journal.view, journal.view.verticalScrollBar()
    view.setFocus()
    steps, drags = [], []
    share = cpu_share(lambda: steps.extend(
        timed(app, lambda: (QTest.keyClick(view, Qt.Key.Key_PageDown), view.repaint()))
        for _n in range(300)))
    line(f"scroll: page down x{len(steps)} ({share})", steps, 50)
    share = cpu_share(lambda: drags.extend(
        timed(app, lambda: (bar.setValue(bar.maximum()), view.repaint())) for _n in range(500)))
    line(f"scroll: to the bottom x{len(drags)}, loads a page ({share})", drags, 50)
    print(f"{'':<{WIDTH}} {journal.model.rowCount():,} lines loaded")


def bench_far_end_and_filters(page: BooksPage, app: QApplication) -> None:
    journal = page.tab["journal"]
    ms = timed(app, lambda: (journal.order.setCurrentIndex(1), journal.view.repaint()))
    first = journal.model.rows[0]
    print(f"{'far end: oldest first (reload and paint)':<{WIDTH}} {ms:8.2f} ms  first {first.date}")
    journal.order.setCurrentIndex(0)
    cases = [("origin: manual", {"origin": "manual"}), ("origin: sale", {"origin": "sale"}),
             ("account: 1-1100 Kas", {"account": "1-1100"}),
             ("account: 6-1400 (45 lines)", {"account": "6-1400"}),
             ("account 1-1400 + origin savings (none: worst)", {"account": "1-1400", "origin": "savings"}),
             ("dates: one month of 2020", {"dates": (dt.date(2020, 3, 1), dt.date(2020, 3, 31))})]
    for name, case in cases:
        reset(journal)
        def apply(case=case):
            if "account" in case:
                journal.account.select(case["account"])
            if "origin" in case:
                journal.origin.setCurrentIndex(journal.origin.findData(case["origin"]))
            if "dates" in case:
                start, end = case["dates"]
                journal.start.setDate(start)
                journal.end.setDate(end)
                journal.by_date.setChecked(True)
            journal.view.repaint()
        print(f"{'filter ' + name:<{WIDTH}} {timed(app, apply):8.2f} ms "
              f"({journal.model.rowCount()} lines shown)")
    reset(journal)


def reset(journal) -> None:
    """No filters, newest first (untimed, between the cases)."""
    journal.by_date.setChecked(False)
    journal.account.select(None)
    journal.origin.setCurrentIndex(0)


def bench_tabs(page: BooksPage, app: QApplication) -> None:
    for label, changed in (("first visit", False), ("again", False), ("after a change", True)):
        if changed:
            page.session.changed("ledger")
        times = {}
        for key, *_rest in (*BooksPage.TABS[1:], BooksPage.TABS[0]):
            times[key] = timed(app, lambda key=key: (page.show_tab(key), page.repaint()))
        worst = max(times, key=times.get)
        line(f"switch tab, {label} (worst: {worst})", list(times.values()), 100)


def main() -> None:
    path = large_demo(sys.argv[1] if len(sys.argv) > 1 else None)
    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    session = Session(path)
    conn = session.conn
    day = ledger.last_entry_date(conn) or dt.date.today()
    noon = dt.datetime.combine(day, dt.time(12)).astimezone()
    uid = conn.execute("SELECT id FROM users WHERE username = 'bendahara'").fetchone()[0]
    session.ctx = Context(conn, User(uid, "bendahara", "bendahara"), clock=lambda: noon)
    lines = conn.execute("SELECT max(id) FROM journal_lines").fetchone()[0]
    print(f"{path}: about {lines:,} journal lines, last entry {day} "
          f"(file opened in {(time.perf_counter() - t0) * 1000:.0f} ms, not counted)")
    page = bench_open(session, app)
    bench_scroll(page, app)
    bench_far_end_and_filters(page, app)
    bench_tabs(page, app)
    page.close()
    session.conn.close()


if __name__ == "__main__":
    main()
