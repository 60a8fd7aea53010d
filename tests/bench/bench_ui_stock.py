"""Stock page speed on the large demo: opening the page, switching to it and between its tabs,
and the stock card of the busiest item (every move over a month, one line per day over ten
years).

Run: .venv/bin/python tests/bench/bench_ui_stock.py [FILE]  (default: timing.LARGE_DEMO, made if missing)

Nobody signs in (signing in writes an audit record and the demo file must stay untouched):
the session gets a context for the demo's bendahara on a clock fixed at the last day of sales.
The budget of a page switch is 100 ms (issue 4); the card's budgets are this page's own.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from timing import large_demo, report, report_page_switch

from kasir.books import ledger
from kasir.books.context import Context, User
from kasir.i18n import _, date, rupiah
from kasir.ui.session import Session


def busiest_item(conn) -> int:
    """The item with the most stock moves (the bench may read SQL; the page may not)."""
    return conn.execute("SELECT item_id FROM stock_moves GROUP BY item_id"
                        " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]


def warm_up_qt(app) -> None:
    """Show and close a window with the kinds of widget the page uses: Qt loads its style,
    fonts and platform pieces once per process (the login window pays that in the app)."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QTabWidget, QVBoxLayout, QWidget

    window = QWidget()
    layout = QVBoxLayout(window)
    for widget in (QTabWidget(), QLineEdit("x"), QComboBox(), QTableView()):
        layout.addWidget(widget)
    window.show()
    app.processEvents()
    window.close()
    window.deleteLater()
    app.processEvents()


def main() -> None:
    path = large_demo(sys.argv[1] if len(sys.argv) > 1 else None)
    app = QApplication.instance() or QApplication([])
    # the catalog and babel's locale data are read once, by the login window and the first
    # page, not by this one
    _("Stock"), rupiah(1), date(dt.date.today())
    session = Session(path)
    conn = session.conn
    day = ledger.last_entry_date(conn) or dt.date.today()
    noon = dt.datetime.combine(day, dt.time(12)).astimezone()
    session.ctx = Context(conn, User(0, "bench", "bendahara"), clock=lambda: noon)
    print(f"{path} on {day}")

    from kasir.ui.pages.stock import StockPage

    warm_up_qt(app)
    t0 = time.perf_counter()
    page = StockPage(session)
    page.resize(1366, 700)
    page.show()
    app.processEvents()
    print(f"{'first show: build, fill the Items tab and paint':<52} "
          f"{(time.perf_counter() - t0) * 1000:8.2f} ms (budget 100 ms)")

    report_page_switch(app, page)
    for key, *_rest in StockPage.TABS:
        def to_tab(key=key) -> None:
            page._stale.add(key)   # as after a change in the books: the tab reads again
            page.show_tab(key)
            page.repaint()
            app.processEvents()
        report(f"tab {key}: fill and paint", to_tab, 100, n=10)

    card = page.show_tab("card")
    card.item.set_item(busiest_item(conn))

    def month() -> None:
        card.set_range(day - dt.timedelta(days=30), day)
        card.show_card()
        app.processEvents()

    def ten_years() -> None:
        card.set_range(day.replace(year=day.year - 10), day)
        card.show_card()
        app.processEvents()

    report("stock card, every move over 31 days", month, 150, n=10)
    print(f"  ({card.table.model().rowCount()} rows loaded of the card, shown page by page)")
    report("stock card, one line per day over 10 years", ten_years, 300, n=10)
    page.close()
    page.deleteLater()
    app.processEvents()
    session.conn.close()


if __name__ == "__main__":
    main()
