"""The financial statements and the books' reports against figures worked out by hand for the
scripted co-op of reports_support (every literal below is computed in its docstring's terms,
not by the code under test)."""

from __future__ import annotations

import datetime as dt

import pytest
import reports_support
from conftest import PASSWORDS, Clock

from kasir.books import ledger, shu, users
from kasir.db import open_coop
from kasir.reports import common, registry
from kasir.reports.statement import parse_period

JUNE = parse_period("2025-06")
scenario, rconn = reports_support.scenario, reports_support.rconn  # the shared fixtures


def build(conn, name: str, period=JUNE, **options):
    return registry.build(conn, name, period, **options)


def row(statement, label: str) -> tuple:
    """The cells of the first row whose first text cell starts with ``label``."""
    for r in statement.rows:
        text = next((c for c in r.cells if isinstance(c, str) and c), "")
        if text.startswith(label):
            return r.cells
    raise AssertionError(f"no row {label!r} in {statement.key}")


def test_financial_position_balances_beside_the_previous_month(rconn):
    st = build(rconn, "posisi-keuangan")
    # Kas 235.500 + Bank 4.550.000 + Piutang 76.000 + Persediaan 549.333
    assert st.figures["total_assets"] == 5_410_833
    assert st.figures["total_liabilities"] == 420_000          # utang 300.000 + sukarela 120.000
    assert st.figures["total_equity"] == 4_990_833             # 150.000 + 80.000 + 5.000.000 - 239.167
    assert st.figures["total_liabilities_equity"] == st.figures["total_assets"]
    assert st.figures["shu_current_year"] == -239_167
    assert st.figures["previous_total_assets"] == 5_990_000    # end of May
    assert st.figures["previous_total_liabilities_equity"] == 5_990_000
    assert st.figures["previous_total_equity"] == 5_190_000
    assert row(st, "1-1100")[1:] == (235_500, 290_000)
    assert row(st, "1-1200")[1:] == (4_550_000, 5_000_000)
    assert row(st, "1-1300")[1:] == (76_000, 0)
    assert row(st, "1-1400")[1:] == (549_333, 700_000)
    assert row(st, "2-1100")[1:] == (300_000, 700_000)
    assert row(st, "3-1200")[1:] == (80_000, 40_000)
    assert st.draft  # 2025 is not closed
    assert [c.kind for c in st.columns] == ["text", "money", "money"]


def test_results_show_members_and_non_members_apart(rconn):
    st = build(rconn, "hasil-usaha")
    f = st.figures
    assert (f["revenue_members"], f["revenue_nonmembers"]) == (220_000, 116_500)
    assert f["revenue_sales"] == 336_500
    assert f["cost_of_sales"] == 295_000        # 110.000 + 55.000 + 45.000 + 30.000 + 55.000
    assert f["gross_result"] == 41_500
    assert f["other_income"] == 10_000
    assert f["expenses"] == 290_667             # listrik 75.000 + honor 200.000 + opname 15.667
    assert f["shu"] == -239_167
    assert f["ytd_shu"] == -239_167             # nothing was earned in January to May
    assert row(st, "4-1100")[1] == 220_000
    assert row(st, "4-1200")[1] == 116_500
    assert row(st, "6-1600")[1] == 15_667
    may = build(rconn, "hasil-usaha", parse_period("2025-05"))
    assert may.figures["shu"] == 0 and may.figures["revenue_sales"] == 0


def test_changes_in_equity_meet_the_balance_sheet(rconn):
    st = build(rconn, "perubahan-ekuitas")
    assert st.figures == {"opening_equity": 5_190_000, "additions": 40_000,
                          "reductions": 239_167, "closing_equity": 4_990_833}
    assert row(st, "3-1200")[1:] == (40_000, 40_000, 0, 80_000)
    assert row(st, "3-1400")[1:] == (5_000_000, 0, 0, 5_000_000)
    assert st.rows[-1].style == "total"


def test_cash_flows_direct_method(rconn, english):
    st = build(rconn, "arus-kas")
    f = st.figures
    assert f["opening_cash"] == 5_290_000 and f["closing_cash"] == 4_785_500
    assert f["operating"] == -564_500
    assert f["investing"] == 0
    assert f["financing"] == 60_000             # wajib 40.000 + sukarela 50.000 - 30.000
    assert f["net_change"] == -504_500 == f["closing_cash"] - f["opening_cash"]
    assert (f["receipts"], f["payments"]) == (395_500, 900_000)
    amounts = {r.cells[0]: r.cells[1] for r in st.rows if r.style == "normal"}
    assert amounts["Receipts from sales to members"] == 141_000     # 124.000 + 17.000
    assert amounts["Refunds of sales to members (voids, returns)"] == -17_000
    assert amounts["Receipts from sales to non-members"] == 134_500
    assert amounts["Payments to suppliers for goods"] == -560_000   # 160.000 cash + 400.000 bank
    assert amounts["Payments of operating expenses"] == -275_000
    assert amounts["Receipts of members' shop credit"] == 20_000
    assert amounts["Withdrawals of simpanan sukarela"] == -30_000
    # the Kas → Bank transfer and the sales' cost of goods move no cash
    assert "Purchases of fixed assets" not in amounts


def test_trial_balance(rconn):
    st = build(rconn, "neraca-saldo")
    assert st.figures == {"total_debit": 5_996_500, "total_credit": 5_996_500, "accounts": 16}
    assert row(st, "5-1100")[2:] == (295_000, None)
    assert row(st, "4-1300")[2:] == (None, 10_000)
    assert common.balances(rconn, JUNE.end) == {
        r.code: r.debit - r.credit for r in ledger.trial_balance(rconn, JUNE.end)}
    mid = dt.date(2025, 6, 9)  # a day inside a month reads that month's lines
    assert common.balances(rconn, mid) == {
        r.code: r.debit - r.credit for r in ledger.trial_balance(rconn, mid)}


def test_general_ledger_of_one_account_and_of_all(rconn):
    kas = build(rconn, "buku-besar", account="1-1100")
    assert kas.figures["opening"] == 290_000
    assert (kas.figures["debit"], kas.figures["credit"]) == (345_500, 400_000)
    assert kas.figures["closing"] == 235_500 and kas.figures["lines"] == 15
    assert kas.rows[-1].cells[-1] == 235_500
    sukarela = build(rconn, "buku-besar", account="2-1200")  # credit-normal: shown positive
    assert (sukarela.figures["opening"], sukarela.figures["closing"]) == (100_000, 120_000)
    assert (sukarela.figures["debit"], sukarela.figures["credit"]) == (30_000, 50_000)
    everything = build(rconn, "buku-besar")
    assert everything.figures["total_debit"] == everything.figures["total_credit"]
    headings = [r.cells[2] for r in everything.rows if r.style == "heading"]
    assert "3-1100 Simpanan pokok" in headings   # a balance, no movement in June
    assert "3-1500 SHU tahun berjalan" not in headings


def test_daily_cash_book(rconn):
    st = build(rconn, "kas-harian")
    assert st.figures == {"opening": 290_000, "receipts": 345_500, "payments": 400_000,
                          "closing": 235_500, "days": 11}
    june3 = next(r for r in st.rows if r.cells[0] == dt.date(2025, 6, 3))
    assert june3.cells == (dt.date(2025, 6, 3), 414_000, 116_500, 0, 530_500)
    bank = build(rconn, "kas-harian", account="1-1200")
    assert (bank.figures["opening"], bank.figures["closing"]) == (5_000_000, 4_550_000)


def test_a_closed_year_is_final_and_its_results_leave_the_closing_out(scenario, tmp_path):
    path = reports_support.copy_of(scenario, tmp_path)
    conn = open_coop(path)
    try:
        clock = Clock(dt.datetime(2026, 1, 5, 9, 0))
        ctx = users.login(conn, "bendahara", PASSWORDS["bendahara"], clock=clock)
        shu.close_year(ctx, 2025)
        year = parse_period("2025")
        results = build(conn, "hasil-usaha", year)
        assert not results.draft
        assert results.figures["shu"] == -239_167 and results.figures["revenue_sales"] == 336_500
        position = build(conn, "posisi-keuangan", year)
        assert not position.draft
        assert position.figures["total_assets"] == 5_410_833 == \
            position.figures["total_liabilities_equity"]
        assert position.figures["shu_current_year"] == 0          # closed into 3-1600
        assert row(position, "3-1600")[1] == -239_167
        assert build(conn, "rekap-simpanan", year).draft is False
    finally:
        conn.close()


def test_reports_refuse_options_they_do_not_take(rconn):
    from kasir.errors import InvalidInput, NotFound

    with pytest.raises(InvalidInput):
        build(rconn, "posisi-keuangan", account="1-1100")
    with pytest.raises(NotFound):
        registry.get("neraca")


def test_cash_flows_show_only_the_cash_a_set_off_moved(conn, bendahara, new_member, english):
    """A member leaves owing shop credit: pokok 50.000 and sukarela 100.000 are refunded less
    the 30.000 owed, so 120.000 leaves the till and nothing comes in. The refund is shared
    over the two savings flows in proportion (40.000 and 80.000); the set-off is no receipt."""
    from conftest import post_shop_credit

    from kasir.books import savings

    member = new_member(join_date="2025-06-02")                       # pokok 50.000 in cash
    savings.deposit(bendahara, member.id, "sukarela", 100_000, date="2025-06-03")
    post_shop_credit(bendahara, member.id, 30_000, day="2025-06-04")  # no cash moves
    savings.settle_exit(bendahara, member.id, date="2025-06-15")      # 120.000 paid out
    st = build(conn, "arus-kas")
    amounts = {r.cells[0]: r.cells[1] for r in st.rows if r.style == "normal"}
    assert amounts["Receipts of simpanan pokok and wajib"] == 50_000
    assert amounts["Receipts of simpanan sukarela"] == 100_000
    assert amounts["Refunds of simpanan pokok and wajib"] == -40_000
    assert amounts["Withdrawals of simpanan sukarela"] == -80_000
    assert "Receipts of members' shop credit" not in amounts
    assert (st.figures["receipts"], st.figures["payments"]) == (150_000, 120_000)
    assert st.figures["net_change"] == 30_000 == st.figures["closing_cash"] - st.figures["opening_cash"]


def test_a_year_is_the_book_year_the_ad_art_sets(conn, ketua):
    from kasir.books import profile

    profile.update(ketua, book_year_start_month=7)
    st = registry.build(conn, "hasil-usaha", parse_period("2025"))
    assert (st.period.start, st.period.end) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
    month = registry.build(conn, "hasil-usaha", parse_period("2025-06"))
    assert (month.period.start, month.period.end) == (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
