"""Shared timing helper for the benchmark scripts."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def report(name: str, fn, budget_ms: float | None, n: int = 30, width: int = 52) -> None:
    """Run ``fn`` once to warm the page cache, then ``n`` times; print median and max."""
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    budget = f"(budget {budget_ms:g} ms)" if budget_ms else ""
    print(f"{name:<{width}} median {statistics.median(times):8.2f} ms  max {max(times):8.2f} ms {budget}")


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def against_bare_commit(folder, n: int, rows: int, event, label: str) -> None:
    """Time ``event(i)`` ``n`` times, interleaved with a bare WAL+FULL commit of ``rows`` plain
    rows on a file with the same pragmas, so machine noise hits both alike; print both and the
    ratio of medians (the issues' budget: <= 3x)."""
    from kasir.db.connection import connect, transaction

    bare = connect(folder / "bare.sqlite", create=True)
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c INTEGER)")
    event_times, bare_times = [], []
    for i in range(n):
        t0 = time.perf_counter()
        event(i)
        event_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with transaction(bare):
            bare.executemany("INSERT INTO t (a, b, c) VALUES (?, ?, ?)",
                             [(i, "x" * 30, j) for j in range(rows)])
        bare_times.append(time.perf_counter() - t0)
    e_med, b_med = statistics.median(event_times), statistics.median(bare_times)
    print(f"{label}: {n}, durable (WAL, synchronous=FULL)")
    print(f"event median {e_med * 1000:.3f} ms   p95 {p95(event_times) * 1000:.3f} ms")
    print(f"bare  median {b_med * 1000:.3f} ms   p95 {p95(bare_times) * 1000:.3f} ms ({rows} rows)")
    print(f"ratio of medians {e_med / b_med:.2f}x (budget <= 3x)")


LARGE_DEMO = Path(tempfile.gettempdir()) / "kasir-large-demo.sqlite"


def large_demo(path: str | Path | None = None) -> Path:
    """The large demo co-op the issues' budgets name (1,000 members x 10 years with the shop):
    ``path`` if given, else ``LARGE_DEMO``, generated first when missing (about 3 minutes;
    the same command as bench_shop.py, seed 1, ending 2025-10)."""
    target = Path(path) if path else LARGE_DEMO
    if not target.exists():
        print(f"making the large demo at {target} (about 3 minutes) …", flush=True)
        subprocess.run([sys.executable, "-m", "kasir", "demo", "--db", str(target), "--members",
                        "1000", "--months", "120", "--seed", "1", "--end", "2025-10"],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def report_page_switch(app, page) -> None:
    """Time what the main window does when it shows a page again: show, refresh, paint
    (budget 100 ms)."""
    def switch() -> None:
        page.hide()
        page.show()
        page.refresh()
        page.repaint()
        app.processEvents()

    report("page switch: refresh and paint", switch, 100, n=15)
