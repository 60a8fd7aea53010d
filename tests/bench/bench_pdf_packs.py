"""Benchmark: the monthly report pack (budget 3 s) and the RAT pack (budget 10 s) on the large
demo, plus the member passbook.

The RAT pack needs a closed year, so the script works on a copy of the demo (``--copy``,
default /tmp/kasir-bench-packs.sqlite; made from timing.LARGE_DEMO when missing) and closes
and allocates the year there first. The demo file itself is never written.

    .venv/bin/python tests/bench/bench_pdf_packs.py [--month 2025-09] [--year 2024]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timing import large_demo

from kasir.books import shu, users
from kasir.db import open_coop
from kasir.reports import pack, passbook, pdf, rat_pack


def timed(label: str, fn, budget_s: float | None, n: int = 3) -> None:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    budget = f"(budget {budget_s:g} s)" if budget_s else ""
    print(f"{label:<44} median {statistics.median(times):7.2f} s  max {max(times):7.2f} s {budget}")


def prepared_copy(path: Path, year: int):
    if not path.exists():
        shutil.copy(large_demo(), path)
    conn = open_coop(path)  # brings the copy's schema up to date
    if not shu.year_closed(conn, year):
        ctx = users.login(conn, "bendahara", "kasir-demo")
        t0 = time.perf_counter()
        shu.close_year(ctx, year)
        print(f"{'year close ' + str(year):<44} once   {time.perf_counter() - t0:7.2f} s")
        t0 = time.perf_counter()
        shu.post_allocation(ctx, year)
        print(f"{'SHU allocation ' + str(year):<44} once   {time.perf_counter() - t0:7.2f} s")
    return conn


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copy", type=Path, default=Path("/tmp/kasir-bench-packs.sqlite"))
    parser.add_argument("--month", default="2025-09")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    conn = prepared_copy(args.copy, args.year)
    out = Path(tempfile.mkdtemp(prefix="kasir-bench-"))
    statements = pack.monthly_statements(conn, args.month)
    timed(f"monthly pack {args.month}: build statements", lambda: pack.monthly_statements(
        conn, args.month), None)
    timed(f"monthly pack {args.month}: render only", lambda: pdf.render_statements(
        statements, out / "render.pdf"), None)
    timed(f"monthly pack {args.month}: whole PDF", lambda: pack.monthly_pack(
        conn, args.month, out / "month.pdf"), 3)
    year_statements = rat_pack.rat_statements(conn, args.year)
    rows = sum(len(s.rows) for s in year_statements)
    timed(f"RAT pack {args.year}: build statements", lambda: rat_pack.rat_statements(
        conn, args.year), None)
    timed(f"RAT pack {args.year}: whole PDF ({rows} rows)", lambda: rat_pack.rat_pack(
        conn, args.year, out / "rat.pdf"), 10)
    member = conn.execute("SELECT member_id FROM savings_tx GROUP BY member_id"
                          " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    timed("passbook of the busiest member", lambda: passbook.passbook_pdf(
        conn, member, out / "pb.pdf"), None)
    print(f"PDFs in {out}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
