"""The small books functions behind the desktop's Stock page: the HET ceiling an item form
shows, the one-event item edit (all or nothing), the live count difference (the figure the
count posts) and the list of write-offs."""

from __future__ import annotations

import datetime as dt

import pytest
from shop_support import assert_books_sound, refused

from kasir.books import audit, items, stock
from kasir.errors import InvalidInput, PermissionDenied

DAY = dt.date(2025, 6, 15)


def test_het_ceiling_is_per_unit_of_sale_in_the_coop_zone(conn, shop):
    # zone 1: 12.500 per kg, so a 5 kg pack may cost 62.500 and a 2,5 kg one 31.250
    assert items.het_ceiling(conn, "sphp", 5000, DAY) == 62_500
    assert items.het_ceiling(conn, "sphp", 2500, DAY) == 31_250
    assert items.het_ceiling(conn, None, 1000, DAY) is None
    # the ceiling check refuses exactly above it
    items.check_price(conn, "sphp", 5000, 62_500, DAY)
    with pytest.raises(InvalidInput):
        items.check_price(conn, "sphp", 5000, 62_501, DAY)


def test_edit_saves_the_whole_form_as_one_event(bendahara, conn, shop):
    edited = items.edit(bendahara, shop.gula.id, name="  Gula  pasir premium ", category="Sembako",
                        unit="pak", member_price=17_500, nonmember_price=18_500, low_stock=3000,
                        active=False, add_barcodes=["GULA2", "8991234567891"])
    assert (edited.name, edited.category, edited.unit) == ("Gula pasir premium", "sembako", "pak")
    assert (edited.member_price, edited.nonmember_price) == (17_500, 18_500)
    assert (edited.low_stock, edited.active) == (3000, False)
    assert items.barcodes_of(conn, shop.gula.id) == ["8991234567891", "GULA1", "GULA2"]
    # what stock is counted in is unchanged
    assert (edited.base_unit, edited.unit_size, edited.qty_on_hand) == ("g", 1000, 7000)
    actions = [r.action for r in audit.recent(conn, 10)]
    for action in ("item.edit", "item.prices", "item.low_stock", "item.active", "item.barcode"):
        assert action in actions
    assert_books_sound(conn)


def test_edit_changing_nothing_writes_nothing(bendahara, conn, shop):
    gula = shop.gula
    logged = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    items.edit(bendahara, gula.id, name=gula.name, category=gula.category, unit=gula.unit,
               member_price=gula.member_price, nonmember_price=gula.nonmember_price,
               low_stock=gula.low_stock, active=True)
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == logged


@pytest.mark.parametrize("change", [
    {"member_price": 62_600},                    # above the HET of a 5 kg pack
    {"add_barcodes": ["GULA1"]},                 # belongs to another item
    {"add_barcodes": ["NEW1", "NEW1"]},          # listed twice
    {"add_barcodes": ["8991234567890"]},         # wrong EAN-13 check digit
    {"name": " "},
])
def test_a_refused_edit_writes_nothing_not_even_the_rename(bendahara, conn, shop, change):
    sphp = shop.sphp
    form = dict(name="Beras SPHP baru", category="beras", unit=sphp.unit,
                member_price=sphp.member_price, nonmember_price=sphp.nonmember_price,
                low_stock=10_000, active=True)
    refused(conn, InvalidInput, items.edit, bendahara, sphp.id, **{**form, **change})
    assert items.get(conn, sphp.id).name == "Beras SPHP 5 kg"
    assert items.barcodes_of(conn, sphp.id) == ["SPHP5"]


def test_only_the_treasurer_edits_items(cashier, conn, shop):
    gula = shop.gula
    refused(conn, PermissionDenied, items.edit, cashier, gula.id, name="X", category="", unit="kg",
            member_price=1, nonmember_price=1, low_stock=0, active=True)


def test_count_difference_is_the_value_the_count_posts(bendahara, conn, shop):
    gula, sphp, lpg = shop.gula, shop.sphp, shop.lpg
    counted = {gula.id: 6000, sphp.id: 75_000, lpg.id: 20}  # one gula short, one pack of rice over
    preview = {i: stock.count_difference(items.get(conn, i), q) for i, q in counted.items()}
    assert preview[gula.id] == -17_143          # 120.004 × 1/7, rounded
    assert preview[sphp.id] == 55_952           # 783.333 × 5 kg / 70 kg, rounded
    assert preview[lpg.id] == 0
    _count_id, lines = stock.count(bendahara, counted, memo="Opname Juni")
    assert {c.item_id: c.diff_value for c in lines} == preview
    assert_books_sound(conn)


def test_count_difference_of_a_surplus_with_nothing_on_hand_uses_the_last_cost(bendahara, conn, shop):
    stock.write_off(bendahara, shop.lpg.id, 20, reason="bocor")
    lpg = items.get(conn, shop.lpg.id)
    assert lpg.qty_on_hand == 0
    assert stock.count_difference(lpg, 2) == 2 * lpg.last_cost
    _id, lines = stock.count(bendahara, {lpg.id: 2})
    assert lines[0].diff_value == 2 * lpg.last_cost


def test_writeoffs_are_listed_newest_first_within_the_dates(bendahara, conn, shop):
    first = stock.write_off(bendahara, shop.gula.id, 1000, reason="basah", date="2025-06-10")
    second = stock.write_off(bendahara, shop.lpg.id, 1, reason="bocor", date="2025-06-14")
    listed = stock.writeoffs(conn, "2025-06-01", "2025-06-30")
    assert [w.id for w in listed] == [second, first]
    assert (listed[0].name, listed[0].quantity, listed[0].reason) == ("LPG 3 kg", 1, "bocor")
    assert listed[1].value == 17_143
    assert stock.writeoffs(conn, "2025-06-11", "2025-06-30")[0].id == second
    assert len(stock.writeoffs(conn, "2025-06-11", "2025-06-30")) == 1
