"""Checkout at the till: member and non-member prices and revenue accounts, cost of goods at
moving average, stock out by quantity × unit size, change, gap-free receipt numbers per till
and day — and every refusal of the cashier's bad input, each proving nothing was written."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_nik
from shop_support import (
    GULA_MEMBER,
    GULA_OTHER,
    LPG_OTHER,
    SPHP_MEMBER,
    assert_books_sound,
    qty,
    refused,
    snapshot,
)

from kasir.books import audit, credit, items, ledger, purchases, regulated, returns, sales, shifts
from kasir.books.ledger import Line
from kasir.books.sales import CartLine
from kasir.errors import InvalidInput, InvalidNik, NotAllowed, NotFound, PermissionDenied


@pytest.fixture
def member(new_member):
    return new_member(name="Siti Aminah", gender="P")


def cart(item, n: int = 1) -> list[CartLine]:
    return [CartLine(quantity=n, item_id=item.id)]


def entry_of(conn, sale: sales.Sale) -> ledger.Entry:
    entry_id = conn.execute("SELECT entry_id FROM sales WHERE id = ?", (sale.id,)).fetchone()[0]
    return ledger.entry(conn, entry_id)


# ---- pricing, posting and stock ----------------------------------------------------------

def test_member_sale_posts_member_revenue_and_cogs_at_moving_average(cashier, conn, shop, shift,
                                                                     member):
    sale = sales.checkout(cashier, [CartLine(2, barcode="SPHP5"), CartLine(3, item_id=shop.gula.id)],
                          member_id=member.id, tendered=200_000)
    total = 2 * SPHP_MEMBER + 3 * GULA_MEMBER
    # SPHP: 783.333 × 10.000 g / 70.000 g = 111.904,7 → 111.905; gula: 120.004 × 3/7 → 51.430
    sphp_cost, gula_cost = 111_905, 51_430
    assert (sale.total, sale.tendered, sale.change, sale.payment) == (175_000, 200_000, 25_000, "cash")
    assert [(ln.item_id, ln.quantity, ln.price, ln.amount, ln.cost) for ln in sale.lines] == [
        (shop.sphp.id, 2, SPHP_MEMBER, 2 * SPHP_MEMBER, sphp_cost),
        (shop.gula.id, 3, GULA_MEMBER, 3 * GULA_MEMBER, gula_cost)]
    entry = entry_of(conn, sale)
    assert entry.lines == (Line("1-1100", debit=total), Line("4-1100", credit=total),
                           Line("5-1100", debit=sphp_cost + gula_cost),
                           Line("1-1400", credit=sphp_cost + gula_cost))
    assert (entry.origin_type, entry.origin_id, entry.date) == ("sale", sale.id, dt.date(2025, 6, 15))
    assert sale.buyer_nik == member.nik and sale.member_id == member.id  # SPHP keeps the NIK
    sphp, gula = items.get(conn, shop.sphp.id), items.get(conn, shop.gula.id)
    assert (sphp.qty_on_hand, sphp.value_on_hand) == (70_000 - 10_000, 783_333 - sphp_cost)
    assert (gula.qty_on_hand, gula.value_on_hand) == (7_000 - 3_000, 120_004 - gula_cost)
    moves = conn.execute("SELECT item_id, kind, quantity, value, doc_id, entry_id FROM stock_moves"
                         " WHERE kind = 'sale' ORDER BY id").fetchall()
    assert moves == [(shop.sphp.id, "sale", -10_000, -sphp_cost, sale.id, entry.id),
                     (shop.gula.id, "sale", -3_000, -gula_cost, sale.id, entry.id)]
    assert ledger.balance(conn, "1-1400", "2025-06-15") == \
        783_333 + 120_004 + 340_000 - sphp_cost - gula_cost
    assert ledger.balance(conn, "4-1100", "2025-06-15") == -total
    assert audit.recent(conn, 1)[0].action == "sale.checkout"
    assert_books_sound(conn)


def test_non_member_pays_the_non_member_price_into_4_1200(cashier, conn, shop, shift):
    sale = sales.checkout(cashier, cart(shop.gula, 2), tendered=50_000)
    # 120.004 × 2/7 = 34.286,9 → 34.287
    assert (sale.total, sale.change, sale.member_id, sale.buyer_nik) == (2 * GULA_OTHER, 14_000, None, None)
    assert entry_of(conn, sale).lines == (Line("1-1100", debit=36_000), Line("4-1200", credit=36_000),
                                          Line("5-1100", debit=34_287), Line("1-1400", credit=34_287))
    assert ledger.balance(conn, "4-1100", "2025-06-15") == 0
    assert qty(conn, shop.gula.id) == 5_000
    assert_books_sound(conn)


def test_exact_cash_has_no_change_and_a_member_without_regulated_goods_keeps_no_nik(
        cashier, conn, shop, shift, member):
    sale = sales.checkout(cashier, cart(shop.gula), member_id=member.id)
    assert (sale.tendered, sale.change, sale.buyer_nik) == (GULA_MEMBER, 0, None)


def test_credit_and_noncash_sales_post_to_piutang_and_bank(cashier, conn, shop, shift, member):
    on_credit = sales.checkout(cashier, cart(shop.gula, 2), member_id=member.id, payment="credit")
    assert entry_of(conn, on_credit).lines[0] == Line("1-1300", debit=34_000, member_id=member.id)
    assert (on_credit.tendered, on_credit.change) == (None, 0)
    assert credit.open_credit(conn, member.id) == 34_000
    by_qris = sales.checkout(cashier, cart(shop.gula), payment="noncash", reference=" QRIS-778 ")
    assert entry_of(conn, by_qris).lines[:2] == (Line("1-1200", debit=GULA_OTHER),
                                                 Line("4-1200", credit=GULA_OTHER))
    assert by_qris.reference == "QRIS-778"
    assert_books_sound(conn)


def test_receipts_are_gap_free_per_till_and_day(cashier, bendahara, conn, clock, shop, shift):
    purchases.record(bendahara, shop.supplier, [(shop.gula.id, 20, 340_000)])
    shifts.open_shift(bendahara, "2", 50_000)
    sold = []
    for till in ("1", "2", "1", "1", "2"):
        sold.append(sales.checkout(cashier, cart(shop.gula), till=till).receipt)
        refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.gula), till=till,
                tendered=1_000)  # a refused sale takes no number
    clock.advance(days=1)
    for till in ("2", "1", "1"):
        sold.append(sales.checkout(bendahara, cart(shop.gula), till=till).receipt)
    assert sold == ["1-20250615-0001", "2-20250615-0001", "1-20250615-0002", "1-20250615-0003",
                    "2-20250615-0002", "2-20250616-0001", "1-20250616-0001", "1-20250616-0002"]
    assert [r[1] for r in sales.of_day(conn, "2025-06-16", till="1")] == sold[6:]
    assert sales.by_receipt(conn, "2-20250615-0002").till == "2"
    assert_books_sound(conn)


# ---- refusals: each writes nothing -------------------------------------------------------

def test_unknown_barcode_is_refused(cashier, conn, shop, shift):
    err = refused(conn, NotFound, sales.checkout, cashier, [CartLine(1, barcode="0000XYZ")])
    assert err.params["code"] == "0000XYZ"
    refused(conn, NotFound, sales.checkout, cashier, [CartLine(1, item_id=9999)])


@pytest.mark.parametrize("quantity", [0, -2, 1.5, "2", True, None])
def test_quantity_must_be_a_whole_number_above_zero(cashier, conn, shop, shift, quantity):
    good = CartLine(1, item_id=shop.gula.id)
    refused(conn, InvalidInput, sales.checkout, cashier, [good, CartLine(quantity, item_id=shop.gula.id)])


def test_empty_cart_unknown_payment_and_inactive_item_are_refused(cashier, bendahara, conn, shop, shift):
    refused(conn, InvalidInput, sales.checkout, cashier, [])
    refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.gula), payment="hutang")
    items.set_active(bendahara, shop.gula.id, False)
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula))


def test_a_price_above_a_lowered_het_is_refused_at_the_till_and_when_set(bendahara, cashier, conn,
                                                                        shop, shift, member):
    # a decree from 1 June lowers the zone 1 HET to 12.000/kg: 60.000 per 5 kg pack
    regulated.add_rule(bendahara, product="sphp", rule="het", zone=1, amount=12_000,
                       per_quantity=1000, valid_from="2025-06-01", source="test decree")
    err = refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.sphp), member_id=member.id)
    assert err.params["name"] == shop.sphp.name and "60.000" in str(err.params["ceiling"])
    refused(conn, InvalidInput, items.set_prices, bendahara, shop.sphp.id, member_price=60_000,
            nonmember_price=60_001)
    items.set_prices(bendahara, shop.sphp.id, member_price=60_000, nonmember_price=60_000)
    assert sales.checkout(cashier, cart(shop.sphp), member_id=member.id).total == 60_000


def test_cap_within_one_sale_is_refused(cashier, conn, shop, shift, member):
    err = refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.sphp, 3), member_id=member.id)
    assert (err.params["cap"], err.params["before"], err.params["wanted"]) == ("10 kg", "0 kg", "15 kg")
    refused(conn, NotAllowed, sales.checkout, cashier,
            [CartLine(2, item_id=shop.sphp.id), CartLine(1, barcode="SPHP5")], member_id=member.id)
    assert sales.checkout(cashier, cart(shop.sphp, 2), member_id=member.id).total == 2 * SPHP_MEMBER


def test_cap_across_sales_of_one_buyer_member_or_not_and_next_day(cashier, conn, clock, shop, shift,
                                                                  member):
    sales.checkout(cashier, cart(shop.sphp), member_id=member.id)
    sales.checkout(cashier, cart(shop.sphp), member_id=member.id)
    err = refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.sphp), member_id=member.id)
    assert err.params["before"] == "10 kg"
    # the same person as a non-member, by NIK (written with spaces), is the same buyer
    spaced = " ".join((member.nik[:6], member.nik[6:12], member.nik[12:]))
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.sphp), buyer_nik=spaced)
    other = make_nik(dt.date(1975, 1, 2))
    assert sales.checkout(cashier, cart(shop.sphp, 2), buyer_nik=other).buyer_nik == other
    clock.advance(days=1)
    again = sales.checkout(cashier, cart(shop.sphp, 2), member_id=member.id)
    assert again.date == dt.date(2025, 6, 16) and again.total == 2 * SPHP_MEMBER


def test_a_voided_sale_does_not_count_toward_the_cap(cashier, bendahara, conn, shop, shift, member):
    first = sales.checkout(cashier, cart(shop.sphp, 2), member_id=member.id)
    returns.void(bendahara, first.id, reason="salah input")
    assert sales.checkout(cashier, cart(shop.sphp, 2), member_id=member.id).total == 2 * SPHP_MEMBER
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.sphp), member_id=member.id)


def test_a_returned_quantity_does_not_count_toward_the_cap(cashier, bendahara, conn, shop, shift,
                                                            member):
    first = sales.checkout(cashier, cart(shop.sphp, 2), member_id=member.id)
    returns.return_lines(bendahara, first.id, {first.lines[0].id: 1}, reason="beras apek")
    assert sales.checkout(cashier, cart(shop.sphp), member_id=member.id).total == SPHP_MEMBER
    err = refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.sphp), member_id=member.id)
    assert err.params["before"] == "10 kg"


def test_lpg_needs_a_nik_and_a_member_sale_stores_theirs(cashier, conn, shop, shift, member):
    refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.lpg))
    refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.sphp))  # capped goods too
    assert sales.checkout(cashier, cart(shop.lpg), member_id=member.id).buyer_nik == member.nik
    nik = make_nik(dt.date(1990, 8, 1), "P")
    dotted = f"{nik[:6]}.{nik[6:12]}.{nik[12:]}"
    sale = sales.checkout(cashier, cart(shop.lpg), buyer_nik=dotted)
    assert (sale.buyer_nik, sale.member_id, sale.total) == (nik, None, LPG_OTHER)
    stored = conn.execute("SELECT buyer_nik FROM sales WHERE id = ?", (sale.id,)).fetchone()[0]
    assert stored == nik
    assert qty(conn, shop.lpg.id) == 18


@pytest.mark.parametrize("nik", ["123", "3201013102800001", "9901011705800001", "320101170580000A"])
def test_an_invalid_nik_is_refused(cashier, conn, shop, shift, nik):
    refused(conn, InvalidNik, sales.checkout, cashier, cart(shop.lpg), buyer_nik=nik)


def test_selling_more_than_on_hand_names_what_is_on_hand(cashier, conn, shop, shift, english):
    err = refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula, 8))
    assert err.params["on_hand"] == "7 × pak 1 kg"
    assert "Only 7 × pak 1 kg of Gula pasir 1 kg is on hand" in str(err)
    # two lines of the same item count together
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula, 4) + cart(shop.gula, 4))
    assert sales.checkout(cashier, cart(shop.gula, 7)).total == 7 * GULA_OTHER
    assert items.get(conn, shop.gula.id).value_on_hand == 0


def test_cash_below_the_total_is_refused(cashier, conn, shop, shift):
    err = refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.gula, 2), tendered=35_999)
    assert "36.000" in str(err.params["total"])
    refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.gula), tendered=18_000.0)


def test_credit_over_the_limit_and_credit_for_non_members_are_refused(ketua, cashier, conn, shop,
                                                                      shift, member):
    credit.set_limit(ketua, 50_000)
    sales.checkout(cashier, cart(shop.gula, 2), member_id=member.id, payment="credit")
    err = refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula), member_id=member.id,
                  payment="credit")
    assert "16.000" in str(err.params["available"])
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula), payment="credit")
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula), payment="credit",
            buyer_nik=member.nik)
    assert credit.open_credit(conn, member.id) == 34_000


def test_non_cash_needs_a_reference(cashier, conn, shop, shift):
    refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.gula), payment="noncash")
    refused(conn, InvalidInput, sales.checkout, cashier, cart(shop.gula), payment="noncash",
            reference="   ")


def test_no_open_shift_no_sale(cashier, conn, shop, shift):
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula), till="9")
    shifts.close_shift(cashier, "1", {50_000: 2})
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula))


def test_kasir_sells_but_may_not_void_or_return_and_pengawas_may_not_sell(cashier, pengawas, conn,
                                                                          shop, shift):
    sale = sales.checkout(cashier, cart(shop.gula))
    before = snapshot(conn)
    for action, args in ((returns.void, {"reason": "salah"}),
                         (returns.return_lines, {"quantities": {sale.lines[0].id: 1}})):
        with pytest.raises(PermissionDenied):
            action(cashier, sale.id, **args)
    with pytest.raises(PermissionDenied):
        sales.checkout(pengawas, cart(shop.gula))
    with pytest.raises(PermissionDenied):
        shifts.open_shift(pengawas, "3")
    assert snapshot(conn) == before
    assert not sales.get(conn, sale.id).voided
