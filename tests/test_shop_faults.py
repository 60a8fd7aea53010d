"""The till on a hostile PC: two processes checking out from the same stock at once, and a
checkout stream killed with SIGKILL again and again. Afterwards every reported receipt is
there with all its lines, stock moves and a balanced posted entry, receipt numbers have no
gaps, stock agrees with its card and with Persediaan, and ``kasir check`` is clean."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSWORDS
from kill_support import ROOT, run_and_kill

from kasir.books import checks, items, purchases, suppliers
from kasir.db import open_coop

KILL_ITERATIONS = int(os.environ.get("KASIR_SHOP_KILL_ITERATIONS", "60"))
KILLS_PER_FILE = 10
DAY = "20250615"

# argv: path user password till item_id count go_file. Signs in for real, opens its own shift
# on its own till, waits for the go file, then sells 1 or 2 units of one item per sale and
# prints "receipt quantity" once checkout has returned (committed).
CONCURRENT_TILL = r"""
import datetime as dt, os, sys, time
from kasir.books import sales, shifts, users
from kasir.books.sales import CartLine
from kasir.db import open_coop
path, user, password, till, item_id, count, go = sys.argv[1:8]
conn = open_coop(path)
ctx = users.login(conn, user, password, clock=lambda: dt.datetime(2025, 6, 15, 10, 0).astimezone())
shifts.open_shift(ctx, till, 100000)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.002)
for i in range(int(count)):
    sale = sales.checkout(ctx, [CartLine(quantity=1 + i % 2, item_id=int(item_id))], till=till,
                          tendered=50000)
    print(sale.receipt, sale.lines[0].quantity, flush=True)
conn.close()
"""

# argv: path till seed item_ids (comma-separated). A cheap sign-in (no password hashing) as
# the cashier; opens a shift only if its till has none open (a killed writer leaves its shift
# open). Sells 2-3 line carts forever, printing "receipt lines" after each committed checkout.
ENDLESS_TILL = r"""
import datetime as dt, random, sys
from kasir.books import sales, shifts
from kasir.books.context import Context, User
from kasir.books.sales import CartLine
from kasir.db import open_coop
path, till, seed, ids = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ids = [int(i) for i in ids.split(",")]
rng = random.Random(seed)
conn = open_coop(path)
row = conn.execute("SELECT id, username, role FROM users WHERE username = 'kasir'").fetchone()
ctx = Context(conn, User(*row), lambda: dt.datetime(2025, 6, 15, 10, 0).astimezone())
if shifts.current(conn, till) is None:
    shifts.open_shift(ctx, till, 100000)
while True:
    cart = [CartLine(quantity=rng.randint(1, 3), item_id=i) for i in rng.sample(ids, rng.choice((2, 3)))]
    if rng.random() < 0.2:
        sale = sales.checkout(ctx, cart, till=till, payment="noncash", reference="QRIS")
    else:
        sale = sales.checkout(ctx, cart, till=till, tendered=500000)
    print(sale.receipt, len(sale.lines), flush=True)
"""


def assert_books_sound(conn) -> None:
    report = checks.run(conn)
    assert report.ok, [(r.title, r.findings) for r in report.results if r.findings]


@pytest.fixture
def shop_file(coop_path, conn, bendahara) -> tuple[Path, list[int]]:
    """The test's co-op file with three items in plenty (uneven average costs), closed."""
    supplier = suppliers.add(bendahara, name="Grosir Sumber Rejeki").id
    mi = items.add(bendahara, name="Mi instan", unit="bungkus", base_unit="pcs", unit_size=1,
                   member_price=3_000, nonmember_price=3_200)
    gula = items.add(bendahara, name="Gula pasir 1 kg", unit="pak 1 kg", base_unit="g",
                     unit_size=1000, member_price=17_000, nonmember_price=18_000)
    minyak = items.add(bendahara, name="Minyak goreng 1 L", unit="botol", base_unit="ml",
                       unit_size=1000, member_price=15_500, nonmember_price=15_700)
    purchases.record(bendahara, supplier, [(mi.id, 100_000, 250_000_001), (gula.id, 30_000, 420_000_007),
                                           (minyak.id, 30_000, 390_000_011)], date="2025-06-01")
    conn.close()
    return coop_path, [mi.id, gula.id, minyak.id]


def receipt_numbers(conn, till: str) -> list[int]:
    return [int(r[0].rsplit("-", 1)[1]) for r in conn.execute(
        "SELECT receipt FROM sales WHERE till = ? ORDER BY id", (till,))]


def test_two_tills_checking_out_at_once_lose_nothing(shop_file, tmp_path):
    path, (mi, _gula, _minyak) = shop_file
    conn = open_coop(path)
    initial = items.get(conn, mi).qty_on_hand
    conn.close()
    go, count = tmp_path / "go", 60
    tills = {"1": "kasir", "2": "bendahara"}
    procs = {till: subprocess.Popen([sys.executable, "-c", CONCURRENT_TILL, str(path), user,
                                     PASSWORDS[user], till, str(mi), str(count), str(go)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
             for till, user in tills.items()}
    try:
        for p in procs.values():
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        go.touch()
        results = {till: p.communicate(timeout=300) for till, p in procs.items()}
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
    sold = 0
    for till, (out, err) in results.items():
        assert procs[till].returncode == 0, err
        lines = [line.split() for line in out.splitlines()]
        assert [r for r, _q in lines] == [f"{till}-{DAY}-{n:04d}" for n in range(1, count + 1)]
        sold += sum(int(q) for _r, q in lines)
    conn = open_coop(path)
    try:
        for till in tills:
            assert receipt_numbers(conn, till) == list(range(1, count + 1))
        assert conn.execute("SELECT count(DISTINCT receipt), count(*) FROM sales").fetchone() == (120, 120)
        assert sold == 60 * 3
        assert items.get(conn, mi).qty_on_hand == initial - sold
        assert conn.execute("SELECT count(*) FROM stock_moves WHERE kind = 'sale'").fetchone() == (120,)
        assert_books_sound(conn)
    finally:
        conn.close()


def check_after_kill(path: Path, reported: dict[str, int]) -> None:
    """The invariants a killed checkout must never break, on a freshly opened file."""
    conn = open_coop(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM journal_entries WHERE posted = 0").fetchone() == (0,)
        found = {r[0]: r[1:] for r in conn.execute(
            "SELECT s.receipt, s.id, e.posted, e.origin_type, e.origin_id,"
            " (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id),"
            " (SELECT count(*) FROM stock_moves m WHERE m.kind = 'sale' AND m.doc_id = s.id),"
            " (SELECT total(debit) - total(credit) FROM journal_lines j WHERE j.entry_id = e.id)"
            " FROM sales s LEFT JOIN journal_entries e ON e.id = s.entry_id")}
        missing = set(reported) - set(found)
        assert not missing, f"committed sales lost: {sorted(missing)[:10]}"
        for receipt, (sale_id, posted, origin, origin_id, lines, moves, imbalance) in found.items():
            assert (posted, origin, origin_id, imbalance) == (1, "sale", sale_id, 0), receipt
            assert lines == moves >= 2, receipt
            if receipt in reported:
                assert lines == reported[receipt], receipt
        orphans = conn.execute(
            "SELECT count(*) FROM journal_entries e WHERE e.origin_type = 'sale'"
            " AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.entry_id = e.id)").fetchone()
        assert orphans == (0,)
        for till, last in conn.execute("SELECT till, last FROM receipt_counters"):
            assert receipt_numbers(conn, till) == list(range(1, last + 1)), till
        stale = conn.execute(
            "SELECT i.name FROM items i JOIN stock_moves m ON m.id = (SELECT max(id) FROM stock_moves"
            " WHERE item_id = i.id) WHERE m.qty_after <> i.qty_on_hand OR m.value_after <> i.value_on_hand"
        ).fetchall()
        assert stale == []
        assert conn.execute("SELECT count(*) FROM shifts WHERE closed_at IS NULL").fetchone() == (1,)
        assert_books_sound(conn)
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.timeout(max(600, KILL_ITERATIONS * 10))
def test_checkout_killed_at_random_moments_never_damages_the_books(shop_file, tmp_path):
    """Kills come in runs of KILLS_PER_FILE on one file, each writer starting on the file the
    last kill left (its shift still open); a fresh copy then keeps each run's checks quick."""
    path, ids = shop_file
    pristine = tmp_path / "pristine.sqlite"
    shutil.copy(path, pristine)
    rng = random.Random(20250615)
    reported: dict[str, int] = {}
    total = 0
    for iteration in range(KILL_ITERATIONS):
        if iteration % KILLS_PER_FILE == 0:
            for side in ("-wal", "-shm"):
                Path(f"{path}{side}").unlink(missing_ok=True)
            shutil.copy(pristine, path)
            reported = {}
        out = run_and_kill(ENDLESS_TILL, [str(path), "1", str(iteration), ",".join(map(str, ids))],
                           rng.uniform(0.0, 0.25)).decode()
        done = [line.split() for line in out.split("\n")[:-1]]  # a cut-off last line is dropped
        assert all(r not in reported for r, _n in done), f"iteration {iteration}: receipt reused"
        reported.update((r, int(n)) for r, n in done)
        total += len(done)
        check_after_kill(path, reported)
    assert total >= KILL_ITERATIONS
