"""Time every statement builder on the large demo (1,000 members × 10 years).

Budget (issue 5): any single statement builder ≤ 300 ms, for a month and for a year where a
year is meaningful (the general ledger of Kas for a year lists ~85,000 lines: not a
statement one reads, so it is timed without a budget).

    .venv/bin/python tests/bench/bench_reports.py [--db FILE] [--runs 5]

Each line shows the median wall time and the median CPU time of the process: on a shared,
busy machine the wall time waits for a CPU, the CPU time is what the builder itself costs.
The file is only read; a file whose schema is older than this kasir is refused rather than
migrated (opening it would write to it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from timing import large_demo

from kasir.db import LATEST_VERSION, open_coop, sqlite3
from kasir.reports.registry import REPORTS
from kasir.reports.statement import parse_period

BUDGET_MS = 300
PERIODS = ("2025-06", "2020-06", "2024", "2020")
NO_YEAR_BUDGET = {"buku-besar"}
OPTIONS = {"buku-besar": {"account": "1-1100"}}


def schema_is_current(path: Path) -> bool:
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return raw.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    finally:
        raw.close()


def timed(label: str, fn, budget_ms: float | None, runs: int) -> float:
    """Warm once, then ``runs`` times; print median wall and CPU ms; return the wall median."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    w, c = statistics.median(wall), statistics.median(cpu)
    verdict = "" if budget_ms is None else ("ok" if w <= budget_ms else
                                            "OVER (wall)" if c <= budget_ms else "OVER")
    budget = f"(budget {budget_ms:g} ms) {verdict}" if budget_ms else "(no budget: a listing)"
    print(f"{label:34} wall {w:8.1f} ms  cpu {c:8.1f} ms  {budget}")
    return w


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None, help="default: timing.LARGE_DEMO, made if missing")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    args.db = large_demo(args.db)
    if not schema_is_current(args.db):
        sys.exit(f"{args.db} has an older schema; copy it and open the copy once with kasir first.")
    conn = open_coop(args.db)
    try:
        for label in PERIODS:
            period = parse_period(label)
            yearly = len(label) == 4
            for name, spec in REPORTS.items():
                options = OPTIONS.get(name, {})
                budget = None if yearly and name in NO_YEAR_BUDGET else BUDGET_MS
                timed(f"{name} {label}" + (" (1-1100)" if options else ""),
                      lambda spec=spec, period=period, options=options:
                      spec.build(conn, period, **options), budget, args.runs)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
