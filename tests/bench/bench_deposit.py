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
import tempfile
from pathlib import Path

from timing import against_bare_commit

from kasir.books import coop, members, savings, users
from kasir.books.profile import Profile

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

    against_bare_commit(folder, n, 5, lambda i: savings.deposit(ctx, member.id, "sukarela", 10_000 + i),
                        "deposits")


if __name__ == "__main__":
    main()
