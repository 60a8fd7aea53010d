"""Closing book years in order, and where a closed year's SHU stands: 3-1600 SHU belum dibagi
in the ledger and on the balance sheet until the RAT's allocation takes it out — also for a
file whose year an older kasir closed into 3-1500 SHU tahun berjalan.

The co-op is test_shu's scripted 2024 (SHU 1.020.007); the clock stands at 2025-06-15.
"""

from __future__ import annotations

import pdfplumber
import pytest
import test_shu
from cli_support import kasir
from conftest import PASSWORDS, counts
from shop_support import assert_books_sound

from kasir.books import ledger, shu
from kasir.books.ledger import Line
from kasir.errors import NotAllowed
from kasir.money import MAX_AMOUNT
from kasir.reports import pdf, registry
from kasir.reports.statement import parse_period

POOLS, SURPLUS = test_shu.POOLS, test_shu.SURPLUS
year2024 = test_shu.year2024  # the scripted 2024 (a fixture)


def row(statement, code: str):
    """The cells after the label of the account ``code``'s row, or None."""
    found = [r.cells[1:] for r in statement.rows if str(r.cells[0]).startswith(f"{code} ")]
    return found[0] if found else None


def state(conn) -> tuple:
    """What a year close writes (sign-ins are audited too, so the audit log is left out)."""
    return ({k: v for k, v in counts(conn).items() if k != "audit_log"},
            conn.execute("SELECT * FROM shu_years").fetchall(),
            conn.execute("SELECT count(*) FROM audit_log WHERE action = 'year.close'").fetchone())


def _post_in_2023(bendahara) -> None:
    ledger.post(bendahara, "2023-06-01", "Hibah desa",
                [Line(ledger.KAS, debit=100_000), Line("3-1400", credit=100_000)])


# ---- book years close in order ---------------------------------------------------------------

def test_a_year_is_closed_only_after_the_earlier_years(conn, year2024, bendahara, english):
    _post_in_2023(bendahara)
    before = state(conn)
    with pytest.raises(NotAllowed) as refused:
        shu.close_year(bendahara, 2024)
    assert "2023" in str(refused.value) and "first" in str(refused.value)
    assert state(conn) == before                  # no month closed, no entry, no year row
    shu.close_year(bendahara, 2023)
    assert shu.close_year(bendahara, 2024).surplus == SURPLUS
    assert shu.closed_years(conn) == [2023, 2024]
    assert_books_sound(conn)


def test_a_year_without_postings_does_not_hold_the_next_one(conn, year2024, bendahara):
    ledger.post(bendahara, "2022-03-01", "Hibah desa",
                [Line(ledger.KAS, debit=100_000), Line("3-1400", credit=100_000)])
    with pytest.raises(NotAllowed):
        shu.close_year(bendahara, 2024)           # 2022 is open
    shu.close_year(bendahara, 2022)
    shu.close_year(bendahara, 2024)               # 2023 has nothing to close
    assert shu.closed_years(conn) == [2022, 2024]


def test_shu_close_command_names_the_year_to_close_first(coop_path, conn, year2024, bendahara):
    _post_in_2023(bendahara)
    before = state(conn)
    db = ["--db", str(coop_path), "--user", "bendahara"]
    done = kasir("shu", "close", "--year", "2024", *db, password=PASSWORDS["bendahara"])
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "2023" in done.stderr and "tutup" in done.stderr.lower()   # Indonesian by default
    assert done.stdout == ""
    assert state(conn) == before
    assert kasir("shu", "close", "--year", "2023", *db,
                 password=PASSWORDS["bendahara"]).returncode == 0
    assert kasir("shu", "close", "--year", "2024", *db,
                 password=PASSWORDS["bendahara"]).returncode == 0


# ---- a closed year's SHU is SHU belum dibagi --------------------------------------------------

def _position(conn, period: str):
    return registry.build(conn, "posisi-keuangan", parse_period(period))


def test_the_balance_sheet_shows_a_closed_year_as_shu_belum_dibagi(conn, year2024, bendahara,
                                                                   ketua, tmp_path):
    shu.close_year(bendahara, 2024)
    january = _position(conn, "2025-01")
    assert row(january, shu.SHU_BELUM_DIBAGI) == (SURPLUS, SURPLUS)   # January and 31 Dec
    assert row(january, shu.SHU_BERJALAN) is None
    assert january.figures["shu_current_year"] == 0
    assert january.figures["total_assets"] == january.figures["total_liabilities_equity"]
    out = pdf.render_statements([january], tmp_path / "posisi.pdf")
    with pdfplumber.open(out) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    line = next(ln for ln in text.splitlines() if ln.startswith("3-1600"))
    assert "SHU belum dibagi" in line and pdf.money_text(SURPLUS) in line
    assert "3-1500" not in text

    shu.post_allocation(ketua, 2024, date="2025-03-20")              # the RAT shares it
    april = _position(conn, "2025-04")
    assert row(april, shu.SHU_BELUM_DIBAGI) is None and row(april, shu.SHU_BERJALAN) is None
    assert row(april, "3-1300")[0] == POOLS["cadangan"]
    assert_books_sound(conn)


def test_a_year_closed_the_old_way_still_reports_and_allocates(conn, year2024, bendahara,
                                                               ketua, monkeypatch):
    # kasir before this rule closed the year into 3-1500: the same event, that one constant
    monkeypatch.setattr(shu, "SHU_BELUM_DIBAGI", shu.SHU_BERJALAN)
    shu.close_year(bendahara, 2024)
    monkeypatch.undo()
    assert -ledger.balance(conn, shu.SHU_BERJALAN, "2025-01-31") == SURPLUS   # as old files are
    assert ledger.balance(conn, shu.SHU_BELUM_DIBAGI, "2025-01-31") == 0
    assert shu.closed_into(conn, 2024) == shu.SHU_BERJALAN

    january = _position(conn, "2025-01")
    assert row(january, shu.SHU_BELUM_DIBAGI) == (SURPLUS, SURPLUS)
    assert row(january, shu.SHU_BERJALAN) is None
    assert january.figures["total_assets"] == january.figures["total_liabilities_equity"]
    equity = registry.build(conn, "perubahan-ekuitas", parse_period("2024"))
    assert row(equity, shu.SHU_BELUM_DIBAGI) == (0, SURPLUS, 0, SURPLUS)
    assert row(equity, shu.SHU_BERJALAN) is None

    shu.post_allocation(ketua, 2024, date="2025-03-20")   # takes it from where it was closed
    assert ledger.balance(conn, shu.SHU_BERJALAN, "2025-06-15") == 0
    assert ledger.balance(conn, shu.SHU_BELUM_DIBAGI, "2025-06-15") == 0
    april = _position(conn, "2025-04")
    assert row(april, shu.SHU_BELUM_DIBAGI) is None and row(april, shu.SHU_BERJALAN) is None
    year = registry.build(conn, "perubahan-ekuitas", parse_period("2025"))
    assert row(year, shu.SHU_BELUM_DIBAGI) == (SURPLUS, 0, SURPLUS, 0)
    assert row(year, shu.SHU_BERJALAN) is None
    assert_books_sound(conn)


# ---- the closing entry within the ceilings ---------------------------------------------------

def _revenue(bendahara, day: str, lines: int, *, back: bool = False) -> None:
    """``lines`` lines of Rp1 trillion on 4-1300 against Kas: credited, or debited (``back``)."""
    for start in range(0, lines, 500):
        n = min(500, lines - start)
        kas, rev = [Line(ledger.KAS, debit=MAX_AMOUNT)] * n, [Line("4-1300", credit=MAX_AMOUNT)] * n
        if back:
            kas, rev = ([Line(ledger.KAS, credit=MAX_AMOUNT)] * n,
                        [Line("4-1300", debit=MAX_AMOUNT)] * n)
        ledger.post(bendahara, day, "Pendapatan besar", kas + rev)


def test_a_closing_line_above_the_ceiling_is_refused_before_anything_is_written(
        coop_path, conn, bendahara, english):
    """4-1300 earned Rp2 trillion in 2024: its closing line would be one amount above the
    ceiling, which the database refuses. The close says so, naming the account, and leaves
    the months open and the year unclosed."""
    _revenue(bendahara, "2024-03-10", 1)
    _revenue(bendahara, "2024-04-10", 1)
    before = state(conn)
    with pytest.raises(NotAllowed) as refused:
        shu.close_year(bendahara, 2024)
    assert refused.value.params["code"] == "4-1300" and "2024" in str(refused.value)
    assert "Rp2.000.000.000.000" in str(refused.value) and "reverse" in str(refused.value)
    assert state(conn) == before and not shu.closed_years(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    done = kasir("shu", "close", "--year", "2024", "--db", str(coop_path), "--user", "bendahara",
                 password=PASSWORDS["bendahara"])
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stdout == ""
    assert "4-1300" in done.stderr and "terduga" not in done.stderr   # not "unexpected error"
    assert state(conn) == before


def test_a_closing_entry_above_the_monthly_ceiling_is_refused(conn, bendahara, english):
    """December 2024 already debited 4-1300 Rp1 quadrillion (the most for one account in one
    month); the closing entry's debit of the year's Rp1 trillion would pass it."""
    _revenue(bendahara, "2024-11-10", 1)
    _revenue(bendahara, "2024-12-10", 1000)
    _revenue(bendahara, "2024-12-11", 1000, back=True)
    before = state(conn)
    with pytest.raises(NotAllowed) as refused:
        shu.close_year(bendahara, 2024)
    assert refused.value.params["code"] == "4-1300" and refused.value.params["month"] == "2024-12"
    assert state(conn) == before and not shu.closed_years(conn)
