"""The Members page on 10,000 members: opening it, scrolling to the end, searching as you type.

Budgets (issue 4): the list of 10,000 opens in <= 300 ms and scrolls without stalls (here:
every scroll step, a page down with its repaint and any lazy fetch, <= 50 ms). A bare
QTableView over strings in memory, scrolled the same way at the same size, is timed beside it:
on a busy machine the repaint itself is most of a step. The search figure is one reload of the
list and its count for a typed name part.

The demo file (10,000+ members, 3 months of savings, no shop) is built once in /tmp (about
15 s) and copied for each run, since signing in writes to it.

    .venv/bin/python tests/bench/bench_ui_members.py [--db /tmp/members10k.sqlite]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported: it reads this once

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
from timing import p95

from kasir.books import members
from kasir.db import open_coop
from kasir.demo import generate
from kasir.ui.pages.members import MembersPage
from kasir.ui.session import Session

WANTED = 10_000
PASSWORD = "kasir-demo"


def demo_file(path: Path) -> Path:
    """A co-op with at least 10,000 members (some join later and a few leave, so ask for more)."""
    if not path.exists():
        print(f"building {path} (once) ...", flush=True)
        generate(path, members=10_700, months=3, shop=False, password=PASSWORD)
    conn = open_coop(path)
    try:
        found = members.count(conn)
    finally:
        conn.close()
    if found < WANTED:
        raise SystemExit(f"{path} has only {found} members; delete it and run again")
    return path


def open_page(session: Session, app: QApplication) -> tuple[MembersPage, float]:
    t0 = time.perf_counter()
    page = MembersPage(session)
    page.resize(1366, 768)
    page.show()
    app.processEvents()
    return page, (time.perf_counter() - t0) * 1000


class _Plain(QAbstractTableModel):
    """A model holding its strings in memory: what a bare Qt table costs to scroll here."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self.rows, self.columns = rows, columns

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return f"{index.row():05d} Siti Aminah" if role == Qt.ItemDataRole.DisplayRole else None


def bare_table(rows: int, columns: int, app: QApplication) -> QTableView:
    view = QTableView()
    view.setModel(_Plain(rows, columns))
    view.resize(1366, 768)
    view.show()
    app.processEvents()
    return view


def scroll_to_end(table: QTableView, app: QApplication) -> list[float]:
    """Page down until the last row is shown (fetching lazily); the time of each step in ms."""
    bar, model = table.verticalScrollBar(), table.model()
    steps = []
    while bar.value() < bar.maximum() or model.canFetchMore(QModelIndex()):
        t0 = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        app.processEvents()
        steps.append((time.perf_counter() - t0) * 1000)
    return steps


def search_once(page: MembersPage, app: QApplication, text: str) -> float:
    t0 = time.perf_counter()
    page.search.setText(text)
    page.reload()
    app.processEvents()
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/members10k.sqlite"))
    parser.add_argument("--n", type=int, default=10)
    args = parser.parse_args()
    source = demo_file(args.db)
    work = Path(tempfile.mkdtemp(prefix="kasir-bench-")) / "coop.sqlite"
    shutil.copy(source, work)
    app = QApplication.instance() or QApplication([])
    session = Session(work)
    session.login("bendahara", PASSWORD)
    total = members.count(session.conn)

    opens = []
    for _ in range(args.n + 1):
        page, ms = open_page(session, app)
        opens.append(ms)
        page.close()
        page.deleteLater()
    opens = opens[1:]  # the first pays for the page cache and Qt's first layout
    print(f"members list of {total:,} opens          median {statistics.median(opens):7.1f} ms"
          f"  max {max(opens):7.1f} ms (budget 300 ms)")

    page, _ms = open_page(session, app)
    steps = scroll_to_end(page.table, app)
    print(f"scroll to the end ({len(steps)} page-down steps, {page.model.rowCount():,} rows loaded)")
    print(f"  per step, members page               median {statistics.median(steps):7.1f} ms"
          f"  p95 {p95(steps):6.1f} ms  max {max(steps):7.1f} ms (budget 50 ms)")
    bare = bare_table(total, page.model.columnCount(), app)
    plain = scroll_to_end(bare, app)
    print(f"  per step, bare QTableView (baseline) median {statistics.median(plain):7.1f} ms"
          f"  p95 {p95(plain):6.1f} ms  max {max(plain):7.1f} ms")
    bare.close()

    searches = [search_once(page, app, text) for text in ("a", "sit", "ti", "0012", "32", "") * 3]
    print(f"search as you type (reload + count)    median {statistics.median(searches):7.1f} ms"
          f"  max {max(searches):7.1f} ms")
    session.close()
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
