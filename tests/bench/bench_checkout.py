"""Checkout speed and item lookup on a 5,000-item catalogue.

Budgets (issue 3): a durable 10-line checkout has a median <= 3x a bare SQLite WAL+FULL
commit of the same number of rows (measured interleaved in this run) and p95 <= 10 ms;
item lookup by barcode or name prefix <= 2 ms.

A 10-line sale writes 1 sale, 10 lines, 10 stock moves, 1 entry with 4 lines, 1 receipt
counter and 1 audit record (28 rows) and updates 10 items' stock: the baseline commits
38 plain rows in one transaction.

    .venv/bin/python tests/bench/bench_checkout.py [--n 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from timing import against_bare_commit

from kasir.books import coop, items, purchases, sales, shifts, suppliers, users
from kasir.books.profile import Profile
from kasir.books.sales import CartLine

PASSWORD = "bench-password-1"


def build(folder: Path):
    conn = coop.create(folder / "shop.sqlite", profile=Profile(name="Bench"), admin="admin",
                       password=PASSWORD, practice=True)
    admin = users.login(conn, "admin", PASSWORD)
    users.create_user(admin, "bendahara", PASSWORD, "bendahara")
    ctx = users.login(conn, "bendahara", PASSWORD)
    items.load_starter_catalogue(ctx)
    rows = ["name,category,unit,base_unit,unit_size,member_price,nonmember_price,barcodes"]
    rows += [f"Barang {i:05d} {random.choice(['sabun', 'kopi', 'teh', 'mie'])},lain,pcs,pcs,1,"
             f"{1000 + i},{1100 + i},K{i:06d}" for i in range(5000 - 24)]
    report = items.import_csv(ctx, "\n".join(rows))
    assert report.ok and report.imported == 5000 - 24, report.errors[:3]
    supplier = suppliers.add(ctx, name="Grosir")
    goods = items.all_items(conn)[:40]
    purchases.record(ctx, supplier.id, [(g.id, 100_000, 100_000 * g.member_price // 2) for g in goods])
    shifts.open_shift(ctx, "1", 100_000)
    return conn, ctx, [g for g in goods if not g.product]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    n = parser.parse_args().n
    random.seed(1)
    folder = Path(tempfile.mkdtemp(prefix="kasir-bench-"))
    conn, ctx, goods = build(folder)
    carts = [[CartLine(1 + i % 3, g.id) for g in random.sample(goods, 10)] for i in range(n)]
    against_bare_commit(folder, n, 38, lambda i: sales.checkout(ctx, carts[i]), "10-line checkouts")

    codes = [r[0] for r in conn.execute("SELECT code FROM barcodes")]
    words = ["Barang 01", "Beras", "Minyak", "Pupuk N", "kopi", "Gula", "Barang 04"]
    for label, fn in (("barcode lookup", lambda: items.by_barcode(conn, random.choice(codes))),
                      ("name prefix search", lambda: items.search(conn, random.choice(words)))):
        times = []
        for _ in range(500):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{label:<20} on {len(codes)} barcodes / 5000 items: median "
              f"{statistics.median(times):.3f} ms, max {max(times):.3f} ms (budget 2 ms)")


if __name__ == "__main__":
    main()
