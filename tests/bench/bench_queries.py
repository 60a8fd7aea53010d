"""Generate the large demo and time the everyday queries on it.

Budgets (issue 2): demo of 2000 members x 120 months <= 60 s; trial balance as of any date
<= 100 ms; a member's passbook <= 20 ms; member search <= 20 ms.

    .venv/bin/python tests/bench/bench_queries.py [--members 2000 --months 120] [--db FILE]

With --db an existing demo file is reused and only the queries are timed.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import report

from kasir.books import ledger, members, savings
from kasir.dates import month_end
from kasir.db import open_coop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db
    if path is None or not path.exists():
        path = path or Path(tempfile.mkdtemp(prefix="kasir-bench-")) / "demo.sqlite"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kasir", "demo", "--db", str(path), "--members",
                        str(args.members), "--months", str(args.months), "--seed", "7",
                        "--end", "2025-10"], check=True, stdout=subprocess.DEVNULL)
        print(f"kasir demo --members {args.members} --months {args.months}: "
              f"{time.perf_counter() - t0:.1f} s wall (budget 60 s), {path.stat().st_size >> 20} MiB")
    t0 = time.perf_counter()
    conn = open_coop(path)
    print(f"open (with quick_check)          {(time.perf_counter() - t0) * 1000:7.1f} ms")
    rng = random.Random(3)
    months = [r[0] for r in conn.execute("SELECT DISTINCT substr(date, 1, 7) FROM journal_entries")]
    ids = [r[0] for r in conn.execute("SELECT id FROM members")]
    names = [r[0].split()[0][:4] for r in conn.execute("SELECT name FROM members LIMIT 200")]

    def tb():
        m = rng.choice(months)
        ledger.trial_balance(conn, month_end(m).replace(day=rng.randint(1, 28)))

    report("trial balance, random date", tb, 100)
    report("passbook, random member", lambda: savings.passbook(conn, rng.choice(ids)), 20)
    report("member search, name part", lambda: members.search(conn, rng.choice(names)), 20)
    report("member search, number prefix",
           lambda: members.search(conn, f"{rng.randint(1, 1999):05d}"[:3]), 20)
    report("member search, NIK prefix", lambda: members.search(conn, "350712"), 20)
    report("wajib arrears, all members", lambda: savings.arrears(conn, "2025-10-31"), None)


if __name__ == "__main__":
    main()
