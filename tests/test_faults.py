"""A hostile PC: two programs writing the same co-op file at once, and a writer killed with
SIGKILL mid-stream. Afterwards the file must be intact, every reported deposit present and
posted, no draft left behind, and the books and the savings sub-ledger must balance."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSWORDS, db_totals
from kill_support import ROOT, run_and_kill

from kasir.books import ledger, savings
from kasir.db import open_coop

KILL_ITERATIONS = int(os.environ.get("KASIR_KILL_ITERATIONS", "200"))
KILLS_PER_FILE = 10
CONTROL = {"pokok": "3-1100", "wajib": "3-1200", "sukarela": "2-1200"}

# argv: path member_id count go_file password. Signs in for real, waits for the go file, then
# deposits; prints each savings tx id once the call has returned (committed).
CONCURRENT_WRITER = r"""
import datetime as dt, os, sys, time
from kasir.books import savings, users
from kasir.db import open_coop
path, member_id, count, go, password = sys.argv[1:6]
member_id, count = int(member_id), int(count)
conn = open_coop(path)
clock = lambda: dt.datetime(2025, 6, 15, 10, 0).astimezone()
ctx = users.login(conn, "bendahara", password, clock=clock)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.002)
for i in range(count):
    tx = savings.deposit(ctx, member_id, "sukarela", 1000 + i, via=("cash", "bank")[i % 2])
    print(tx, flush=True)
conn.close()
"""

# argv: path member_id. A cheap sign-in (no password hashing): the context is built from the
# user row. Deposits forever, printing each committed savings tx id, until it is killed.
ENDLESS_WRITER = r"""
import datetime as dt, sys
from kasir.books import savings
from kasir.books.context import Context, User
from kasir.db import open_coop
path, member_id = sys.argv[1], int(sys.argv[2])
conn = open_coop(path)
row = conn.execute("SELECT id, username, role FROM users WHERE username = 'bendahara'").fetchone()
ctx = Context(conn, User(*row), lambda: dt.datetime(2025, 6, 15, 10, 0).astimezone())
i = 0
while True:
    kind = ("sukarela", "wajib")[i % 2]
    tx = savings.deposit(ctx, member_id, kind, 500 + i % 97, via=("cash", "bank")[i % 3 == 0])
    print(tx, flush=True)
    i += 1
"""


def check_books(path: Path, reported: list[int]) -> None:
    """The invariants a crash must never break, checked on a freshly opened file."""
    conn = open_coop(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM journal_entries WHERE posted = 0").fetchone() == (0,)
        debit, credit = db_totals(conn)
        assert debit == credit
        orphan = conn.execute("SELECT count(*) FROM savings_tx s JOIN journal_entries e"
                              " ON e.id = s.entry_id WHERE e.posted = 0 OR e.origin_id <> s.id").fetchone()
        assert orphan == (0,)
        present = {r[0] for r in conn.execute(
            "SELECT s.id FROM savings_tx s JOIN journal_entries e ON e.id = s.entry_id"
            " WHERE e.posted = 1")}
        missing = set(reported) - present
        assert not missing, f"committed deposits lost: {sorted(missing)[:10]}"
        totals = savings.totals_by_kind(conn)
        assert {k: -ledger.balance(conn, code, "2025-06-15") for k, code in CONTROL.items()} == totals
        month = conn.execute("SELECT total(debit), total(credit) FROM account_month").fetchone()
        assert month == (debit, credit)
    finally:
        conn.close()


@pytest.fixture
def member_file(coop_path, new_member, conn) -> tuple[Path, int]:
    """The test's co-op file with one member (pokok paid), closed so others can open it."""
    member = new_member()
    conn.close()
    return coop_path, member.id


def test_two_processes_depositing_at_once_both_succeed_and_lose_nothing(member_file, tmp_path):
    path, member_id = member_file
    go = tmp_path / "go"
    count = 100
    writers = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(path), str(member_id),
                                 str(count), str(go), PASSWORDS["bendahara"]],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
               for _ in range(2)]
    try:
        for w in writers:
            assert w.stdout.readline().strip() == "ready"
        go.touch()
        results = [w.communicate(timeout=300) for w in writers]
    finally:
        for w in writers:
            if w.poll() is None:
                w.kill()
    for w, (_out, err) in zip(writers, results, strict=True):
        assert w.returncode == 0, err
        assert "locked" not in err.lower() and "busy" not in err.lower()
    ids = [[int(x) for x in out.split()] for out, _ in results]
    assert [len(x) for x in ids] == [count, count]
    assert len(set(ids[0]) | set(ids[1])) == 2 * count
    check_books(path, ids[0] + ids[1])
    conn = open_coop(path)
    try:
        assert savings.balance(conn, member_id, "sukarela") == 2 * sum(1000 + i for i in range(count))
        assert conn.execute("SELECT count(*) FROM savings_tx WHERE kind = 'sukarela'").fetchone() == (200,)
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.timeout(max(600, KILL_ITERATIONS * 6))
def test_writer_killed_at_random_moments_never_damages_the_books(member_file, tmp_path):
    """Kills come in runs of KILLS_PER_FILE on one file, so each writer starts on a file that
    was just recovered from the previous kill; a fresh copy then keeps the checks fast."""
    path, member_id = member_file
    pristine = tmp_path / "pristine.sqlite"
    shutil.copy(path, pristine)
    rng = random.Random(20250615)
    reported: list[int] = []
    for iteration in range(KILL_ITERATIONS):
        if iteration % KILLS_PER_FILE == 0:
            for side in ("-wal", "-shm"):
                Path(f"{path}{side}").unlink(missing_ok=True)
            shutil.copy(pristine, path)
            reported = []
        out = run_and_kill(ENDLESS_WRITER, [str(path), str(member_id)], rng.uniform(0.05, 0.6))
        ids = [int(x) for x in out.split()]
        assert len(set(ids)) == len(ids), f"iteration {iteration}: an id was reported twice"
        reported += ids
        check_books(path, reported)
