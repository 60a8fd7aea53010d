"""Year close, SHU allocation and payout on a small scripted co-op, figures computed by hand.

The co-op's book year 2024 (366 days):
* members Ani and Budi join 2024-01-01, Citra 2024-07-01 (pokok 50.000 each on joining);
  Dodi joins 2024-01-01 and leaves 2024-10-01 (no share); Ani pays wajib 20.000 on 01-01,
  Budi on 12-31; Ani also saves 1.000.000 sukarela (not a jasa modal basis by default);
* sales: Ani 1 gula (17.000), Budi 2 gula (34.000), a non-member 1 gula (18.000), Citra 1 SPHP
  (62.000); cost of goods at moving average: 17.143 + 34.287 + 17.144 + 55.952 = 124.526;
* other income 1.250.000, electricity 236.467.
SHU = 113.000 + 18.000 + 1.250.000 − 124.526 − 236.467 = 1.020.007.
"""

from __future__ import annotations

import datetime as dt
import json

import pdfplumber
import pytest
from conftest import PASSWORDS
from shop_support import assert_books_sound, stocked_shop

from kasir.books import ledger, members, profile, sales, savings, shifts, shu
from kasir.books.ledger import Line
from kasir.cli import main
from kasir.errors import InvalidInput, NotAllowed, PermissionDenied
from kasir.i18n import _
from kasir.reports import pdf, rat_pack, registry, shu_reports
from kasir.reports.statement import parse_period

SURPLUS = 1_020_007
# AD/ART with awkward percentages (sum 100%): 33,33 / 25 / 16,67 / 5 / 5 / 10 / 5
PERCENT = {"cadangan": 3333, "jasa_usaha": 2500, "jasa_modal": 1667, "pengurus": 500,
           "karyawan": 500, "pendidikan": 1000, "sosial": 500}
# floors of 1.020.007 × bp / 10.000 sum to 1.020.004; the 3 rupiah left go to the largest
# remainders: jasa usaha (.75), pendidikan (.70), then pengurus (.35, first of three ties)
POOLS = {"cadangan": 339_968, "jasa_usaha": 255_002, "jasa_modal": 170_035, "pengurus": 51_001,
         "karyawan": 51_000, "pendidikan": 102_001, "sosial": 51_000}
# jasa usaha 255.002 by purchases 17.000 : 34.000 : 62.000 → 38.363,13 / 76.726,27 /
# 139.912,60: floors 255.001, the 1 left to Citra
JASA_USAHA = {"Ani": 38_363, "Budi": 76_726, "Citra": 139_913}
# jasa modal 170.035 by rupiah-days of pokok + wajib: Ani 70.000 × 366 = 25.620.000,
# Budi 50.000 × 366 + 20.000 × 1 = 18.320.000, Citra 50.000 × 184 = 9.200.000
# (1281 : 916 : 460) → 81.977,73 / 58.619,52 / 29.437,75: floors 170.033, +1 Citra, +1 Ani
JASA_MODAL = {"Ani": 81_978, "Budi": 58_619, "Citra": 29_438}
AVERAGE = {"Ani": 70_000, "Budi": 50_055, "Citra": 25_137}  # rupiah-days / 366, rounded


@pytest.fixture
def year2024(bendahara, cashier, ketua, new_member, conn):
    """The scripted 2024 (see the module docstring); returns members by name."""
    shop = stocked_shop(bendahara, day="2024-01-05")
    people = {name: new_member(name=name, join_date=day, gender=g) for name, day, g in (
        ("Ani", "2024-01-01", "P"), ("Budi", "2024-01-01", "L"), ("Citra", "2024-07-01", "P"),
        ("Dodi", "2024-01-01", "L"))}
    savings.deposit(bendahara, people["Ani"].id, "wajib", 20_000, date="2024-01-01")
    savings.deposit(bendahara, people["Budi"].id, "wajib", 20_000, date="2024-12-31")
    savings.deposit(bendahara, people["Ani"].id, "sukarela", 1_000_000, date="2024-02-01")
    savings.settle_exit(bendahara, people["Dodi"].id, date="2024-10-01")
    shifts.open_shift(cashier, "1", 0, date="2024-03-10")
    for who, item, qty, day in (("Ani", shop.gula, 1, "2024-03-10"), ("Budi", shop.gula, 2, "2024-03-10"),
                                (None, shop.gula, 1, "2024-03-10"), ("Citra", shop.sphp, 1, "2024-08-01")):
        sales.checkout(cashier, [sales.CartLine(item_id=item.id, quantity=qty)],
                       member_id=people[who].id if who else None, date=day)
    ledger.post(bendahara, "2024-11-30", "Jasa sewa gudang",
                [Line(ledger.KAS, debit=1_250_000), Line("4-1300", credit=1_250_000)])
    ledger.post(bendahara, "2024-12-20", "Listrik Desember",
                [Line("6-1200", debit=236_467), Line(ledger.KAS, credit=236_467)])
    profile.set_shu_allocation(ketua, PERCENT)
    return people


def by_name(alloc: shu.Allocation, field: str) -> dict[str, int]:
    return {s.name: getattr(s, field) for s in alloc.shares}


def test_allocation_by_hand_sums_exactly_to_the_pools(conn, year2024):
    alloc = shu.compute(conn, 2024)
    assert alloc.surplus == SURPLUS and not alloc.closed and not alloc.posted
    assert {p.key: p.amount for p in alloc.pools} == POOLS
    assert sum(p.amount for p in alloc.pools) == SURPLUS
    assert [s.name for s in alloc.shares] == ["Ani", "Budi", "Citra"]  # Dodi left in 2024
    assert by_name(alloc, "purchases") == {"Ani": 17_000, "Budi": 34_000, "Citra": 62_000}
    assert by_name(alloc, "weight") == {"Ani": 25_620_000, "Budi": 18_320_000, "Citra": 9_200_000}
    assert by_name(alloc, "savings") == AVERAGE
    assert by_name(alloc, "jasa_usaha") == JASA_USAHA
    assert by_name(alloc, "jasa_modal") == JASA_MODAL
    assert sum(JASA_USAHA.values()) == POOLS["jasa_usaha"]
    assert sum(JASA_MODAL.values()) == POOLS["jasa_modal"]


def test_year_end_basis_and_kinds_are_settings(conn, year2024, ketua):
    profile.set_setting(ketua, shu.BASIS_SETTING, "year_end")
    alloc = shu.compute(conn, 2024)
    # year-end pokok + wajib: 70.000 / 70.000 / 50.000 → 170.035 × 7/19, 7/19, 5/19
    # = 62.644,47 / 62.644,47 / 44.746,05: floors 170.034, +1 to Ani (tie, first)
    assert by_name(alloc, "savings") == {"Ani": 70_000, "Budi": 70_000, "Citra": 50_000}
    assert by_name(alloc, "jasa_modal") == {"Ani": 62_645, "Budi": 62_644, "Citra": 44_746}
    profile.set_setting(ketua, shu.KINDS_SETTING, "pokok,wajib,sukarela")
    assert shu.compute(conn, 2024).shares[0].savings == 1_070_000
    profile.set_setting(ketua, shu.BASIS_SETTING, "median")
    with pytest.raises(InvalidInput, match="median"):
        shu.compute(conn, 2024)


def test_percentages_not_100_are_refused_showing_the_sum(conn, year2024, raw):
    raw.execute("UPDATE shu_allocation SET basis_points = 3283 WHERE key = 'cadangan'")
    with pytest.raises(InvalidInput) as refused:
        shu.compute(conn, 2024)
    assert "99,5" in str(refused.value)


def test_year_close_zeroes_results_into_shu_belum_dibagi(conn, year2024, bendahara, cashier):
    with pytest.raises(PermissionDenied):
        shu.close_year(cashier, 2024)
    with pytest.raises(NotAllowed):  # 2025 has not ended on 2025-06-15
        shu.close_year(bendahara, 2025)
    done = shu.close_year(bendahara, 2024)
    assert done.surplus == SURPLUS
    assert done.months_closed[0] == "2024-01" and done.months_closed[-1] == "2024-12"
    end = dt.date(2024, 12, 31)
    for acc in ledger.accounts(conn):
        if acc.kind in shu.RESULT_KINDS:
            assert ledger.balance(conn, acc.code, end) == 0, acc.code
    # once closed, the year's SHU waits for the RAT in 3-1600, not as the current year's
    assert -ledger.balance(conn, shu.SHU_BELUM_DIBAGI, end) == SURPLUS
    assert ledger.balance(conn, shu.SHU_BERJALAN, end) == 0
    # the year's result is still there for its statements, and the file checks clean
    assert shu.surplus_of(shu.year_result(conn, 2024)) == SURPLUS
    assert shu.year_closed(conn, 2024) and shu.is_closed_on(conn, "2024-06-30")
    assert not shu.is_closed_on(conn, "2025-01-01")
    assert_books_sound(conn)
    with pytest.raises(NotAllowed):
        shu.close_year(bendahara, 2024)
    with pytest.raises(NotAllowed):  # the closed months still refuse every other posting
        ledger.post(bendahara, "2024-12-31", "Terlambat",
                    [Line("6-1200", debit=1), Line(ledger.KAS, credit=1)])


def test_year_close_when_december_is_already_closed(conn, year2024, bendahara):
    ledger.close_month(bendahara, "2024-12")
    done = shu.close_year(bendahara, 2024)
    assert done.months_closed == [] and done.surplus == SURPLUS
    assert -ledger.balance(conn, shu.SHU_BELUM_DIBAGI, "2024-12-31") == SURPLUS
    assert_books_sound(conn)


def test_post_then_pay_to_sukarela_shows_in_the_passbook(conn, year2024, bendahara, ketua):
    with pytest.raises(NotAllowed):  # not closed yet
        shu.post_allocation(ketua, 2024)
    shu.close_year(bendahara, 2024)
    with pytest.raises(NotAllowed):  # not allocated yet
        shu.pay(bendahara, 2024)
    shu.post_allocation(ketua, 2024, date="2025-03-20")
    today = dt.date(2025, 6, 15)
    assert ledger.balance(conn, shu.SHU_BELUM_DIBAGI, today) == 0   # all of it allocated
    assert ledger.balance(conn, shu.SHU_BERJALAN, today) == 0
    assert -ledger.balance(conn, "3-1300", today) == POOLS["cadangan"]
    assert -ledger.balance(conn, "2-1310", today) == POOLS["pengurus"]
    assert -ledger.balance(conn, "2-1330", today) == POOLS["pendidikan"]
    members_share = POOLS["jasa_usaha"] + POOLS["jasa_modal"]
    assert -ledger.balance(conn, shu.DANA_SHU, today) == members_share
    posted = shu.compute(conn, 2024)  # read back from what was posted
    assert posted.posted and by_name(posted, "jasa_modal") == JASA_MODAL
    with pytest.raises(NotAllowed):
        shu.post_allocation(ketua, 2024)
    with pytest.raises(PermissionDenied):
        shu.pay(ketua, 2024)

    shu.pay(bendahara, 2024, method="sukarela", date="2025-04-01")
    assert ledger.balance(conn, shu.DANA_SHU, today) == 0
    ani = year2024["Ani"].id
    row = savings.passbook(conn, ani, "sukarela")[-1]
    assert (row.type, row.date, row.deposit) == ("shu", dt.date(2025, 4, 1),
                                                 JASA_USAHA["Ani"] + JASA_MODAL["Ani"])
    assert savings.balance(conn, ani, "sukarela") == 1_000_000 + 38_363 + 81_978
    assert shu.compute(conn, 2024).paid == "sukarela"
    with pytest.raises(NotAllowed):
        shu.pay(bendahara, 2024)
    assert_books_sound(conn)


def test_members_who_left_since_are_paid_in_cash(conn, year2024, bendahara, ketua):
    shu.close_year(bendahara, 2024)
    shu.post_allocation(ketua, 2024, date="2025-03-20")
    citra = year2024["Citra"].id
    savings.settle_exit(bendahara, citra, date="2025-03-25")
    cash_before = ledger.balance(conn, ledger.KAS, "2025-06-15")
    shu.pay(bendahara, 2024, method="sukarela", date="2025-04-01")
    paid_cash = cash_before - ledger.balance(conn, ledger.KAS, "2025-06-15")
    assert paid_cash == JASA_USAHA["Citra"] + JASA_MODAL["Citra"]
    assert members.get(conn, citra).status == "exited"
    assert_books_sound(conn)


def test_a_loss_year_closes_but_has_nothing_to_share(conn, bendahara, ketua, new_member):
    new_member(join_date="2024-02-01")
    ledger.post(bendahara, "2024-05-02", "Transport",
                [Line("6-1300", debit=75_000), Line(ledger.KAS, credit=75_000)])
    done = shu.close_year(bendahara, 2024)
    assert done.surplus == -75_000
    assert ledger.balance(conn, shu.SHU_BELUM_DIBAGI, "2024-12-31") == 75_000
    with pytest.raises(NotAllowed):
        shu.post_allocation(ketua, 2024)


def test_book_year_follows_the_profile(conn, ketua):
    profile.update(ketua, book_year_start_month=7)
    year = shu.book_year(conn, 2024)
    assert (year.start, year.end, year.days) == (dt.date(2024, 7, 1), dt.date(2025, 6, 30), 365)
    with pytest.raises(InvalidInput):
        shu.book_year(conn, "2024")



def pdf_text(path) -> list[str]:
    with pdfplumber.open(path) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def test_shu_statements_and_the_rat_pack(conn, year2024, bendahara, ketua, tmp_path):
    draft_mark = _("DRAFT — the book year is not closed")
    pages = pdf_text(rat_pack.rat_pack(conn, 2024, tmp_path / "draft.pdf"))
    assert all(draft_mark in p for p in pages)
    shu.close_year(bendahara, 2024)
    shu.post_allocation(ketua, 2024, date="2025-03-20")
    calculation = shu_reports.shu_calculation(conn, 2024)
    assert calculation.figures["surplus"] == SURPLUS and not calculation.draft
    assert {k[5:]: v for k, v in calculation.figures.items() if k.startswith("pool_")} == POOLS
    listing = shu_reports.shu_members(conn, parse_period("2024"))
    assert listing.figures["total"] == POOLS["jasa_usaha"] + POOLS["jasa_modal"]
    # the results statement still shows the year after its closing entry
    assert registry.build(conn, "hasil-usaha", parse_period("2024")).figures["shu"] == SURPLUS

    out = rat_pack.rat_pack(conn, 2024, tmp_path / "rat.pdf", paper="F4")
    pages = pdf_text(out)
    text = "\n".join(pages)
    assert not any(draft_mark in p for p in pages)
    for title in (shu_reports.TITLE_CALCULATION, shu_reports.TITLE_MEMBERS, rat_pack.TITLE_CALK):
        assert _(title) in pages[1]  # the contents page
    assert pdf.money_text(SURPLUS) in text
    assert all(pdf.money_text(amount) in text for amount in POOLS.values())
    for name in ("Ani", "Budi", "Citra"):
        line = next(ln for ln in text.splitlines() if ln.startswith("0") and name in ln)
        assert pdf.money_text(JASA_USAHA[name] + JASA_MODAL[name]) in line
    assert _("Page {page} of {total}").format(page=len(pages), total=len(pages)) in pages[-1]


def test_shu_commands(coop_path, conn, year2024, tmp_path, capsys, monkeypatch):
    db = ["--db", str(coop_path)]
    assert main(["shu", "compute", "--year", "2024", "--json", *db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["surplus"] == SURPLUS and not shown["closed"]
    assert {m["name"]: m["jasa_usaha"] for m in shown["members"]} == JASA_USAHA
    monkeypatch.setenv("KASIR_PASSWORD", PASSWORDS["kasir"])
    assert main(["shu", "close", "--year", "2024", "--user", "kasir", *db]) == 1  # not allowed
    monkeypatch.setenv("KASIR_PASSWORD", PASSWORDS["bendahara"])
    assert main(["shu", "close", "--year", "2024", "--user", "bendahara", *db]) == 0
    assert main(["shu", "post", "--year", "2024", "--user", "bendahara", *db]) == 0
    assert main(["shu", "pay", "--year", "2024", "--method", "cash", "--user", "bendahara",
                 *db]) == 0
    assert main(["shu", "compute", "--year", "2024", *db]) == 0
    assert "1.020.007" in capsys.readouterr().out
    assert main(["rat-pack", "--year", "2024", "--out", str(tmp_path / "rat.pdf"), *db]) == 0
    assert pdf.money_text(SURPLUS) in "\n".join(pdf_text(tmp_path / "rat.pdf"))
