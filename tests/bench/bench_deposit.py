"""One durable deposit vs a bare SQLite WAL+FULL commit of the same number of rows.

A deposit writes a savings row, a journal entry with two lines and an audit record (5 rows,
plus the monthly-totals upsert its trigger makes). The baseline commits 5 plain rows in one
transaction on a file with the same pragmas. Both run interleaved in this process so machine
noise hits them alike; the figure that matters is the ratio of medians (budget: <= 3x).

    .venv/bin/python tests/bench/bench_deposit.py [--n 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from kasir.books import coop, members, savings, users
from kasir.books.profile import Profile
from kasir.db.connection import connect, transaction

PASSWORD = "bench-password-1"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    n = parser.parse_args().n
    folder = Path(tempfile.mkdtemp(prefix="kasir-bench-"))
    conn = coop.create(folder / "coop.sqlite", profile=Profile(name="Bench"), admin="admin",
                       password=PASSWORD, practice=True)
    admin = users.login(conn, "admin", PASSWORD)
    users.create_user(admin, "bendahara", PASSWORD, "bendahara")
    ctx = users.login(conn, "bendahara", PASSWORD)
    member = members.register(ctx, nik="3507014508900001", name="Siti", gender="P",
                              join_date=dt.date.today() - dt.timedelta(days=30))

    bare = connect(folder / "bare.sqlite", create=True)
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c INTEGER)")

    deposit_times, bare_times = [], []
    for i in range(n):
        t0 = time.perf_counter()
        savings.deposit(ctx, member.id, "sukarela", 10_000 + i)
        deposit_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with transaction(bare):
            bare.executemany("INSERT INTO t (a, b, c) VALUES (?, ?, ?)",
                             [(i, "x" * 40, j) for j in range(5)])
        bare_times.append(time.perf_counter() - t0)

    d_med, b_med = statistics.median(deposit_times), statistics.median(bare_times)
    print(f"deposits: {n}, durable (WAL, synchronous=FULL)")
    print(f"deposit median {d_med * 1000:.3f} ms   p95 {_p95(deposit_times) * 1000:.3f} ms")
    print(f"bare    median {b_med * 1000:.3f} ms   p95 {_p95(bare_times) * 1000:.3f} ms")
    print(f"ratio of medians {d_med / b_med:.2f}x (budget <= 3x)")


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


if __name__ == "__main__":
    main()
