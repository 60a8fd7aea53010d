"""The large shop demo: build time and the queries on it.

Budgets (issue 3): `kasir demo --members 1000 --months 120` with the shop (~700,000 sales)
<= 3 minutes; on that file the stock card of an item over 10 years <= 100 ms and the trial
balance <= 100 ms. Also reports `kasir check` on the file.

    .venv/bin/python tests/bench/bench_shop.py [--db FILE]   # reuses FILE if it exists
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import report

from kasir.books import checks, items, ledger, stock
from kasir.dates import month_end
from kasir.db import open_coop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--months", type=int, default=120)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="kasir-bench-")) / "shop.sqlite"
    if not path.exists():
        t0 = time.perf_counter()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-m", "kasir", "demo", "--db", str(path), "--members",
                        str(args.members), "--months", str(args.months), "--seed", "1",
                        "--end", "2025-10"], check=True, stdout=subprocess.DEVNULL)
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        # CPU time beside wall time: on a busy machine the wall clock also counts waiting
        print(f"kasir demo --members {args.members} --months {args.months} (with the shop): "
              f"{time.perf_counter() - t0:.1f} s wall, {cpu:.1f} s CPU (budget 180 s)")
    conn = open_coop(path)
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("sales", "sale_lines", "stock_moves", "journal_entries", "journal_lines")}
    print(f"file {path.stat().st_size >> 20} MiB: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    sphp = items.search(conn, "Beras SPHP")[0]
    moves = conn.execute("SELECT count(*) FROM stock_moves WHERE item_id = ?", (sphp.id,)).fetchone()[0]
    report(f"daily stock card, SPHP, 10 years ({moves:,} moves)",
           lambda: stock.daily_card(conn, sphp.id), 100)
    report("per-move stock card, SPHP, 10 years", lambda: stock.card(conn, sphp.id), None, n=5)
    report("per-move stock card, SPHP, one month",
           lambda: stock.card(conn, sphp.id, "2025-09-01", "2025-09-30"), None)
    rng = random.Random(2)
    months = [r[0] for r in conn.execute("SELECT DISTINCT substr(date, 1, 7) FROM journal_entries")]
    report("trial balance, random date",
           lambda: ledger.trial_balance(conn, month_end(rng.choice(months)).replace(day=rng.randint(1, 28))),
           100)
    t0 = time.perf_counter()
    result = checks.run(conn)
    print(f"kasir check: {'ok' if result.ok else 'FINDINGS'} in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
