"""Savings and shop reports against figures worked out by hand for the scripted co-op of
reports_support, and their totals against the control accounts of the balance sheet."""

from __future__ import annotations

import pytest
import reports_support

from kasir.errors import InvalidInput
from kasir.reports import registry
from kasir.reports.statement import parse_period

JUNE = parse_period("2025-06")
scenario, rconn = reports_support.scenario, reports_support.rconn  # the shared fixtures


def build(conn, name: str, period=JUNE, **options):
    return registry.build(conn, name, period, **options)


def test_savings_summary_per_member_and_kind(rconn, english):
    st = build(rconn, "rekap-simpanan")
    f = st.figures
    assert (f["opening_pokok"], f["in_pokok"], f["out_pokok"], f["closing_pokok"]) == \
        (150_000, 0, 0, 150_000)
    assert (f["opening_wajib"], f["in_wajib"], f["out_wajib"], f["closing_wajib"]) == \
        (40_000, 40_000, 0, 80_000)
    assert (f["opening_sukarela"], f["in_sukarela"], f["out_sukarela"], f["closing_sukarela"]) \
        == (100_000, 50_000, 30_000, 120_000)
    assert (f["opening_total"], f["closing_total"], f["members"]) == (290_000, 350_000, 3)
    by_member = {(r.cells[1], r.cells[2]): r.cells[3:] for r in st.rows if r.style == "normal"}
    assert by_member[("Ahmad", "Simpanan sukarela")] == (100_000, 0, 30_000, 70_000)
    assert by_member[("Ahmad", "Simpanan wajib")] == (20_000, 20_000, 0, 40_000)
    assert by_member[("Cahyo", "Simpanan sukarela")] == (0, 50_000, 0, 50_000)
    assert ("Cahyo", "Simpanan wajib") not in by_member      # never paid, nothing to show
    assert len(by_member) == 7
    # the closing totals are the balance sheet's control accounts
    position = build(rconn, "posisi-keuangan")
    sukarela = next(r for r in position.rows if str(r.cells[0]).startswith("2-1200"))
    assert sukarela.cells[1] == f["closing_sukarela"]
    only = build(rconn, "rekap-simpanan", kind="sukarela")
    assert only.figures["closing_total"] == 120_000 and "closing_wajib" not in only.figures
    with pytest.raises(InvalidInput):
        build(rconn, "rekap-simpanan", kind="emas")


def test_wajib_arrears(rconn):
    st = build(rconn, "tunggakan-wajib")
    # joined 5 May: May and June due (40.000); Cahyo paid nothing
    assert st.figures == {"total_arrears": 40_000, "members": 1, "instalments": 2}
    assert st.rows[0].cells[1:] == ("Cahyo", 40_000, 0, 40_000, 2)


def test_stock_summary(rconn):
    st = build(rconn, "rekap-persediaan")
    assert st.figures == {"opening_value": 700_000, "in_value": 190_000, "out_value": 325_000,
                          "count_value": -15_667, "closing_value": 549_333, "items": 2}
    rows = {r.cells[0]: r.cells[1:] for r in st.rows if r.style == "normal"}
    # packs: in = void 1 + return 1 + purchase 10; out = 3 + 2 + 1 + 1; kept in grams
    gula, sphp = rows["Gula pasir 1 kg"], rows["Beras SPHP 5 kg"]
    assert gula[0] == "pak 1 kg" and gula[-2:] == (219_333, -15_667)
    assert [q.base for q in gula[1:6]] == [10_000, 12_000, 7_000, -1_000, 14_000]
    assert [q.units for q in gula[1:6]] == [10, 12, 7, -1, 14]
    assert sphp[0] == "pak 5 kg" and [q.units for q in sphp[1:6]] == [10, 0, 4, 0, 6]
    # shown in packs with their weight, never as bare grams
    assert [str(q) for q in sphp[1:6]] == ["10 (50 kg)", "0", "4 (20 kg)", "0", "6 (30 kg)"]
    may = build(rconn, "rekap-persediaan", parse_period("2025-05"))
    assert may.figures["closing_value"] == 700_000 == st.figures["opening_value"]


def test_sales_summary_matches_the_results(rconn):
    st = build(rconn, "rekap-penjualan")
    f = st.figures
    assert (f["members"], f["nonmembers"], f["total"]) == (220_000, 116_500, 336_500)
    assert (f["gross_members"], f["gross_nonmembers"], f["gross_total"]) == \
        (237_000, 134_500, 371_500)
    assert (f["transactions"], f["voids"], f["returns"]) == (7, 18_000, 17_000)
    assert (f["sphp_sold_kg"], f["sphp_quota_kg"]) == (20, 600)   # 4 packs; 6 weeks × 100 kg
    items = {r.cells[0]: r.cells[1:] for r in st.rows if r.style == "normal" and r.level == 1}
    assert items["Beras SPHP 5 kg (pak 5 kg)"] == (4, 186_000, 62_500, 248_500)
    assert items["Gula pasir 1 kg (pak 1 kg)"] == (5, 34_000, 54_000, 88_000)
    results = build(rconn, "hasil-usaha").figures
    assert (results["revenue_members"], results["revenue_nonmembers"]) == (f["members"],
                                                                          f["nonmembers"])


def test_sphp_against_quota_per_week(rconn):
    st = build(rconn, "penjualan-sphp")
    assert st.figures == {"quota_kg": 600, "received_kg": 0, "members_kg": 15,
                          "nonmembers_kg": 5, "sold_kg": 20, "quota_left_kg": 580}
    assert len(st.rows) == 7                          # six weeks touch June 2025, and the total
    week = st.rows[1].cells                           # 2-8 June: S1, S2 and S5
    assert [q.base for q in week[1:]] == [100_000, 0, 15_000, 5_000, 20_000, 80_000]
    assert [str(q) for q in week[1:]] == ["20 (100 kg)", "0", "3 (15 kg)", "1 (5 kg)",
                                         "4 (20 kg)", "16 (80 kg)"]
    assert "pak 5 kg" in " ".join(st.notes)


def test_member_credit_by_age(rconn):
    st = build(rconn, "piutang-anggota")
    assert st.figures == {"total": 76_000, "days_0_30": 76_000, "days_31_60": 0,
                          "days_61_90": 0, "over_90": 0, "members": 2}
    owed = {r.cells[1]: r.cells[2] for r in st.rows if r.style == "normal"}
    assert owed == {"Budi": 14_000, "Cahyo": 62_000}
    later = build(rconn, "piutang-anggota", parse_period("2025-08"))   # 5 June is 87 days back
    assert later.figures["days_61_90"] == 76_000


def test_supplier_payables(rconn):
    st = build(rconn, "utang-supplier")
    assert st.figures == {"opening": 700_000, "purchases": 0, "payments": 400_000,
                          "closing": 300_000}
    assert st.rows[0].cells == ("Bulog Cabang", 700_000, 0, 400_000, 300_000)
    may = build(rconn, "utang-supplier", parse_period("2025-05"))
    assert may.figures["purchases"] == 700_000 and may.figures["closing"] == 700_000
