"""The dashboard's figures (kasir.books.overview) against what the books say, on a stocked shop."""

from __future__ import annotations

import datetime as dt

from conftest import TODAY
from shop_support import GULA_MEMBER, GULA_OTHER, LPG_OTHER, SPHP_MEMBER

from kasir.books import items, ledger, overview, purchases, returns, savings, suppliers
from kasir.books.sales import CartLine, checkout


def cart(item, n: int = 1) -> list[CartLine]:
    return [CartLine(quantity=n, item_id=item.id)]


def test_a_days_sales_leave_voids_out_and_split_members_from_others(cashier, bendahara, conn, shop,
                                                                      shift, new_member):
    member = new_member()
    checkout(cashier, cart(shop.gula, 2), member_id=member.id)
    checkout(cashier, cart(shop.lpg), tendered=LPG_OTHER, buyer_nik=member.nik)
    voided = checkout(cashier, cart(shop.gula), tendered=GULA_OTHER)
    returns.void(bendahara, voided.id, reason="salah scan")
    day = overview.sales_of_day(conn, TODAY)
    assert (day.count, day.total) == (2, 2 * GULA_MEMBER + LPG_OTHER)
    assert (day.member_count, day.member_total) == (1, 2 * GULA_MEMBER)
    assert (day.nonmember_count, day.nonmember_total) == (1, LPG_OTHER)
    assert overview.sales_of_day(conn, TODAY - dt.timedelta(days=1)) == overview.DaySales()


def test_sales_per_day_gives_every_day_of_the_window_quiet_ones_as_zero(cashier, conn, shop, shift):
    checkout(cashier, cart(shop.gula, 3), tendered=100_000)
    checkout(cashier, cart(shop.gula), tendered=GULA_OTHER, date="2025-06-12")
    days = overview.sales_per_day(conn, TODAY, 30)
    assert len(days) == 30
    assert days[0][0] == TODAY - dt.timedelta(days=29) and days[-1][0] == TODAY
    totals = dict(days)
    assert totals[TODAY] == 3 * GULA_OTHER and totals[dt.date(2025, 6, 12)] == GULA_OTHER
    assert sum(totals.values()) == 4 * GULA_OTHER


def test_cash_position_is_the_kas_balance_and_each_open_drawer(cashier, conn, shop, shift):
    checkout(cashier, cart(shop.gula, 2), tendered=50_000)
    cash = overview.cash_position(conn, TODAY)
    assert cash.kas == ledger.balance(conn, ledger.KAS, TODAY)
    assert cash.drawers == (overview.Drawer("1", "kasir", 100_000 + 2 * GULA_OTHER),)


def test_arrears_summary_counts_every_member_behind_and_lists_the_furthest_first(conn, bendahara,
                                                                                 new_member):
    early = new_member(join_date="2025-01-10")
    late = new_member(join_date="2025-05-02")
    paid_up = new_member(join_date="2025-06-01")
    savings.deposit(bendahara, paid_up.id, "wajib", 20_000, date=TODAY)
    summary = overview.arrears_summary(conn, TODAY, top=1)
    behind = savings.arrears(conn, TODAY)
    assert summary.count == len(behind) == 2
    assert summary.total == sum(a.arrears for a in behind) == 6 * 20_000 + 2 * 20_000
    assert [a.member_id for a in summary.worst] == [early.id]
    assert late.id in {a.member_id for a in behind}


def test_quota_week_shows_received_against_quota_and_sold_this_week(bendahara, cashier, conn, shop,
                                                                     shift, new_member):
    member = new_member()
    suppliers.set_quota(bendahara, shop.supplier, shop.sphp.id, 100_000)  # 20 packs of 5 kg
    purchases.record(bendahara, shop.supplier, [(shop.sphp.id, 4, 240_000)], date="2025-06-10")
    checkout(cashier, cart(shop.sphp, 2), member_id=member.id, tendered=2 * SPHP_MEMBER)
    [quota] = overview.quota_week(conn, TODAY)
    assert (quota.supplier, quota.item.id) == ("Bulog Cabang", shop.sphp.id)
    # the 14 packs of 1 June were the week before: only this week's 4 packs count
    assert (quota.quota, quota.received, quota.remaining, quota.sold) == (100_000, 20_000, 80_000, 10_000)
    assert overview.quota_week(conn, "2025-06-16")[0].received == 0


def test_key_items_are_the_sembako_by_category_or_regulated_product(bendahara, conn, shop):
    telur = items.add(bendahara, name="Telur ayam 1 kg", unit="kg", base_unit="g", unit_size=1000,
                      member_price=28_000, nonmember_price=29_000, category="Telur")
    items.add(bendahara, name="Sabun mandi", unit="batang", base_unit="pcs", unit_size=1,
              member_price=4_000, nonmember_price=4_500, category="kebersihan")
    names = [i.name for i in overview.key_items(conn)]
    assert names == sorted([shop.sphp.name, shop.lpg.name, telur.name])
