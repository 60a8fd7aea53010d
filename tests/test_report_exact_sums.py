"""Every report prints exact figures at the ceilings (issue 9, item B).

SQLite's ``total()`` returns a float, exact only below 2^53 ≈ 9.007 × 10^15; the reports
summed with it, so an account at the ceilings for a year (Kas at 12 × 10^15 − 13, odd)
printed a rounded balance. Now they sum with ``sum()`` (exact integers) or in Python.

One file is built per module, dated in 2025 on a clock of 5 January 2026:

* the ledger, through ``ledger.post``: Kas debited and 4-1300 credited 10^15 − 1 in each month
  of 2025 (10^15 − 2 in December), so Kas holds 12 × 10^15 − 13 at the year's end and
  11 × 10^15 − 11 at the end of November, both odd and above 2^53;
* a member's savings, a stock item's moves, sales with their voids and returns, and a
  supplier's credit purchases and payments, each summing to 9,008 × 10^12 and a few rupiah,
  written with plain SQL as test_ceilings.py does (the queries are under test; the events
  would spread such sums over months of the ledger's account ceilings).

Figures are compared with exact integers; each report's include one a float cannot hold
(checked by :func:`test_the_figures_are_beyond_a_float`), so each comparison fails with
``total()``.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import PASSWORDS, Clock, make_nik

from kasir.books import items, ledger, members, shifts, suppliers, users
from kasir.books.ledger import Line
from kasir.db import open_coop, sqlite3
from kasir.money import MAX_AMOUNT, MAX_MONTH_TOTAL
from kasir.reports import registry
from kasir.reports.statement import parse_period

N = 9_008  # N × MAX_AMOUNT = 9.008 × 10^15 > 2^53
BULK = N * MAX_AMOUNT
KAS_YEAR = 12 * MAX_MONTH_TOTAL - 13     # Kas at 2025-12-31
KAS_NOV = 11 * MAX_MONTH_TOTAL - 11      # Kas at 2025-11-30
DECEMBER = MAX_MONTH_TOTAL - 2           # Kas debited in December

SAVED_BEFORE, SAVED_IN, TAKEN = BULK + 1, BULK + 3, BULK + 1
STOCK_BEFORE, STOCK_IN, STOCK_OUT = BULK + 1, BULK + 3, BULK + 1
SOLD_MEMBERS, SOLD_OTHERS = BULK + 5, BULK + 1
BOUGHT, PAID = BULK + MAX_AMOUNT + 1, BULK + 1

# (report, period, options) -> the figures it must show, to the rupiah
EXPECTED = {
    ("neraca-saldo", "2025"): {"total_debit": KAS_YEAR, "total_credit": KAS_YEAR},
    ("posisi-keuangan", "2025"): {"total_assets": KAS_YEAR, "total_liabilities_equity": KAS_YEAR,
                                  "shu_current_year": KAS_YEAR, "previous_total_assets": 0},
    ("posisi-keuangan", "2025-12"): {"total_assets": KAS_YEAR, "previous_total_assets": KAS_NOV,
                                     "previous_total_liabilities_equity": KAS_NOV},
    ("hasil-usaha", "2025"): {"other_income": KAS_YEAR, "shu": KAS_YEAR},
    ("hasil-usaha", "2025-12"): {"other_income": DECEMBER, "ytd_other_income": KAS_YEAR,
                                 "ytd_shu": KAS_YEAR},
    ("perubahan-ekuitas", "2025"): {"opening_equity": 0, "additions": KAS_YEAR,
                                    "closing_equity": KAS_YEAR},
    ("perubahan-ekuitas", "2025-12"): {"opening_equity": KAS_NOV, "additions": DECEMBER,
                                       "closing_equity": KAS_YEAR},
    ("arus-kas", "2025"): {"operating": KAS_YEAR, "receipts": KAS_YEAR, "net_change": KAS_YEAR,
                           "opening_cash": 0, "closing_cash": KAS_YEAR},
    ("arus-kas", "2025-12"): {"receipts": DECEMBER, "opening_cash": KAS_NOV,
                              "closing_cash": KAS_YEAR},
    ("buku-besar", "2025-12"): {"opening": KAS_NOV, "debit": DECEMBER, "closing": KAS_YEAR},
    ("kas-harian", "2025-12"): {"opening": KAS_NOV, "receipts": DECEMBER, "closing": KAS_YEAR},
    ("kas-harian", "2025"): {"opening": 0, "receipts": KAS_YEAR, "closing": KAS_YEAR},
    ("rekap-simpanan", "2025"): {"opening_sukarela": SAVED_BEFORE, "in_sukarela": SAVED_IN,
                                 "out_sukarela": TAKEN,
                                 "closing_sukarela": SAVED_BEFORE + SAVED_IN - TAKEN,
                                 "closing_total": SAVED_BEFORE + SAVED_IN - TAKEN},
    # 2025: the moves before the year are summed; 2025-06: those from June on are (and the
    # opening follows from the stock on hand)
    ("rekap-persediaan", "2025"): {"opening_value": STOCK_BEFORE, "in_value": STOCK_IN,
                                   "out_value": STOCK_OUT,
                                   "closing_value": STOCK_BEFORE + STOCK_IN - STOCK_OUT},
    ("rekap-persediaan", "2025-06"): {"opening_value": STOCK_BEFORE, "in_value": STOCK_IN,
                                      "out_value": STOCK_OUT,
                                      "closing_value": STOCK_BEFORE + STOCK_IN - STOCK_OUT},
    ("rekap-penjualan", "2025"): {"gross_members": SOLD_MEMBERS, "gross_nonmembers": SOLD_OTHERS,
                                  "gross_total": SOLD_MEMBERS + SOLD_OTHERS,
                                  "transactions": 2 * N + 2, "voids": SOLD_OTHERS,
                                  "returns": SOLD_MEMBERS},
    ("utang-supplier", "2025"): {"opening": 0, "purchases": BOUGHT, "payments": PAID,
                                 "closing": BOUGHT - PAID},
    ("perhitungan-shu", "2025"): {"surplus": KAS_YEAR, "allocated": KAS_YEAR},
}
OPTIONS = {"buku-besar": {"account": ledger.KAS}}


def _post_the_year(bendahara) -> None:
    """Each month of 2025 two entries of 500 lines: Kas debited, 4-1300 credited
    10^15 − 1 (December 10^15 − 2)."""
    for month in range(1, 13):
        amounts = [MAX_AMOUNT] * 1000
        amounts[-1] -= 2 if month == 12 else 1
        for half in (amounts[:500], amounts[500:]):
            ledger.post(bendahara, f"2025-{month:02d}-10", "Pendapatan besar",
                        [Line(ledger.KAS, debit=a) for a in half]
                        + [Line("4-1300", credit=a) for a in half])


def _bulk(last: int, sign: int = 1) -> list[int]:
    """N amounts at the ceiling and one of ``last``: N × 10^12 + last."""
    return [sign * MAX_AMOUNT] * N + [sign * last]


def _write_sub_ledgers(path, *, entry: int, member: int, item: int, supplier: int,
                       shift: int) -> None:
    raw = sqlite3.connect(str(path), isolation_level=None)
    try:
        raw.execute("BEGIN")
        savings = [(day, a) for day, amounts in (("2024-12-20", _bulk(1)), ("2025-06-10", _bulk(3)),
                                                 ("2025-06-20", _bulk(1, -1)))
                   for a in amounts]
        raw.executemany(
            "INSERT INTO savings_tx (member_id, kind, type, amount, date, entry_id, created_by,"
            " created_at) VALUES (?, 'sukarela', ?, ?, ?, ?, 1, 'now')",
            [(member, "deposit" if a > 0 else "withdrawal", a, day, entry) for day, a in savings])
        # stock moves in order, each with the level after it (the trigger sets the item's)
        qty = value = 0
        moves = []
        for day, kind, amounts in (("2024-12-20", "purchase", _bulk(1)),
                                   ("2025-06-10", "purchase", _bulk(3)),
                                   ("2025-06-20", "sale", _bulk(1, -1))):
            for a in amounts:
                step = 1 if a > 0 else -1
                qty, value = qty + step, value + a
                moves.append((item, day, kind, step, a, qty, value))
        raw.executemany("INSERT INTO stock_moves (item_id, date, kind, quantity, value, qty_after,"
                        " value_after, doc_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", moves)
        sales = [(f"M{i}", member, a) for i, a in enumerate(_bulk(5))]
        sales += [(f"U{i}", None, a) for i, a in enumerate(_bulk(1))]
        raw.executemany(
            "INSERT INTO sales (receipt, till, shift_id, date, member_id, payment, total, cost,"
            " entry_id, created_by, created_at) VALUES (?, '1', ?, '2025-06-20', ?, 'cash', ?, 0,"
            " ?, 1, 'now')", [(r, shift, m, a, entry) for r, m, a in sales])
        raw.execute("INSERT INTO sale_voids (sale_id, date, reason, entry_id, created_by,"
                    " created_at) SELECT id, '2025-06-21', 'salah', ?, 1, 'now' FROM sales"
                    " WHERE member_id IS NULL", (entry,))
        raw.execute("INSERT INTO sale_returns (sale_id, date, refund, entry_id, created_by,"
                    " created_at) SELECT id, '2025-06-21', total, ?, 1, 'now' FROM sales"
                    " WHERE member_id IS NOT NULL", (entry,))
        raw.executemany(
            "INSERT INTO purchases (supplier_id, date, payment, total, entry_id, created_by,"
            " created_at) VALUES (?, '2025-03-10', 'credit', ?, ?, 1, 'now')",
            [(supplier, a, entry) for a in [MAX_AMOUNT, *_bulk(1)]])
        raw.executemany(
            "INSERT INTO supplier_payments (supplier_id, date, amount, via, entry_id, created_by,"
            " created_at) VALUES (?, '2025-04-10', ?, 'bank', ?, 1, 'now')",
            [(supplier, a, entry) for a in _bulk(1)])
        raw.execute("COMMIT")
    finally:
        raw.close()


@pytest.fixture(scope="module")
def books(template, tmp_path_factory):
    path = tmp_path_factory.mktemp("exact") / "koperasi.sqlite"
    shutil.copy(template, path)
    conn = open_coop(path)
    clock = Clock(dt.datetime(2026, 1, 5, 10, 0))
    try:
        bendahara = users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock)
        cashier = users.login(conn, "kasir", PASSWORDS["kasir"], clock=clock)
        _post_the_year(bendahara)
        member = members.register(bendahara, nik=make_nik(gender="P"), name="Siti", gender="P",
                                  join_date="2024-12-01", pay_pokok=False)
        item = items.add(bendahara, name="Gula pasir 1 kg", unit="pak 1 kg", base_unit="g",
                         unit_size=1000, member_price=17_000, nonmember_price=18_000)
        supplier = suppliers.add(bendahara, name="Distributor", kind="other")
        shift = shifts.open_shift(cashier, "1", 0)
        entry = conn.execute("SELECT min(id) FROM journal_entries").fetchone()[0]
    finally:
        conn.close()
    _write_sub_ledgers(path, entry=entry, member=member.id, item=item.id, supplier=supplier.id,
                       shift=shift.id)
    conn = open_coop(path)
    yield conn
    conn.close()


def _build(conn, name: str, period: str):
    return registry.build(conn, name, parse_period(period), **OPTIONS.get(name, {}))


def test_the_figures_are_beyond_a_float():
    """Each report under test shows at least one figure a float cannot hold, so total()
    would print another."""
    for key, figures in EXPECTED.items():
        assert any(float(v) != v for v in figures.values()), key


@pytest.mark.parametrize(("name", "period"), list(EXPECTED))
def test_report_figures_are_exact_at_the_ceilings(books, name, period):
    st = _build(books, name, period)
    shown = {k: st.figures.get(k) for k in EXPECTED[name, period]}
    assert shown == EXPECTED[name, period]


def test_the_rows_carry_the_same_exact_figures(books):
    """Rows, not only figures: the member's savings line and the day's sales line."""
    saved = _build(books, "rekap-simpanan", "2025")
    member_row = next(r.cells for r in saved.rows if r.cells[1] == "Siti")
    assert member_row[3:] == (SAVED_BEFORE, SAVED_IN, TAKEN, SAVED_BEFORE + SAVED_IN - TAKEN)
    sold = _build(books, "rekap-penjualan", "2025")
    day_rows = [r.cells for r in sold.rows if r.level == 1 and r.cells[1] == 2 * N + 2]
    assert [c[2:] for c in day_rows] == [(SOLD_MEMBERS, SOLD_OTHERS, SOLD_MEMBERS + SOLD_OTHERS)]
    cash = _build(books, "kas-harian", "2025-12")
    assert cash.rows[0].cells[1:] == (KAS_NOV, DECEMBER, 0, KAS_YEAR)


@pytest.mark.parametrize("period", ["2024-06", "2025", "2025-06", "2025-12"])
def test_every_report_gives_whole_rupiah(books, period):
    """Every report builds on the file at the ceilings (no overflow), and before anything was
    posted (2024-06: sums over no rows are 0); each money cell and figure is an int, never a
    float."""
    for name in registry.REPORTS:
        st = _build(books, name, period)
        assert all(isinstance(v, int) for v in st.figures.values()), (name, st.figures)
        money = [i for i, c in enumerate(st.columns) if c.kind == "money"]
        for row in st.rows:
            cells = [row.cells[i] for i in money]
            assert all(c is None or c == "" or type(c) is int for c in cells), (name, row)
