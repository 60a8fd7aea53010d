"""Corrections of sales and the cashier's shift: a void reverses the sale's entry and restocks
at the original cost (into the open period when the sale's month is closed); returns split a
line's amount and cost exactly and refund a credit sale first against open credit; a shift
expects float + cash sales − cash refunds and posts the counted difference to 6-1700."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from shop_support import GULA_MEMBER, GULA_OTHER, assert_books_sound, refused

from kasir.books import credit, items, ledger, purchases, returns, sales, shifts
from kasir.books.ledger import Line
from kasir.books.sales import CartLine
from kasir.errors import InvalidInput, NotAllowed, PermissionDenied


@pytest.fixture
def member(new_member):
    return new_member(name="Bambang Santoso")


def cart(item, n: int = 1) -> list[CartLine]:
    return [CartLine(quantity=n, item_id=item.id)]


def sale_entry(conn, sale_id: int) -> ledger.Entry:
    return ledger.entry(conn, conn.execute("SELECT entry_id FROM sales WHERE id = ?",
                                           (sale_id,)).fetchone()[0])


def doc_entry(conn, table: str, doc_id: int) -> ledger.Entry:
    return ledger.entry(conn, conn.execute(f"SELECT entry_id FROM {table} WHERE id = ?",
                                           (doc_id,)).fetchone()[0])


def moves(conn, kind: str) -> list[tuple]:
    return conn.execute("SELECT item_id, date, quantity, value, doc_id FROM stock_moves"
                        " WHERE kind = ? ORDER BY id", (kind,)).fetchall()


# ---- voids -------------------------------------------------------------------------------

def test_void_reverses_the_entry_and_restocks_at_the_original_cost(cashier, bendahara, conn, shop,
                                                                   shift, member):
    sale = sales.checkout(cashier, [CartLine(2, item_id=shop.sphp.id), CartLine(3, item_id=shop.gula.id)],
                          member_id=member.id)
    assert [ln.cost for ln in sale.lines] == [111_905, 51_430]
    # a dearer delivery moves the average cost; the void must bring the goods back at theirs
    purchases.record(bendahara, shop.supplier, [(shop.gula.id, 3, 60_000)])
    gula_before = items.get(conn, shop.gula.id)
    void_id = returns.void(bendahara, sale.id, reason="  salah barang ")
    original = sale_entry(conn, sale.id)
    reversal = doc_entry(conn, "sale_voids", void_id)
    assert reversal.reverses_id == original.id and original.reversed_by == reversal.id
    assert reversal.lines == tuple(Line(ln.account, debit=ln.credit, credit=ln.debit,
                                        member_id=ln.member_id) for ln in original.lines)
    assert (reversal.origin_type, reversal.origin_id, reversal.date) == \
        ("sale_void", void_id, dt.date(2025, 6, 15))
    assert "salah barang" in reversal.memo and sale.receipt in reversal.memo
    assert moves(conn, "void") == [(shop.sphp.id, "2025-06-15", 10_000, 111_905, void_id),
                                   (shop.gula.id, "2025-06-15", 3_000, 51_430, void_id)]
    gula, sphp = items.get(conn, shop.gula.id), items.get(conn, shop.sphp.id)
    assert (gula.qty_on_hand, gula.value_on_hand) == (gula_before.qty_on_hand + 3_000,
                                                      gula_before.value_on_hand + 51_430)
    assert (sphp.qty_on_hand, sphp.value_on_hand) == (70_000, 783_333)
    row = conn.execute("SELECT reason, shift_id FROM sale_voids WHERE id = ?", (void_id,)).fetchone()
    assert row == ("salah barang", shift.id)
    assert sales.get(conn, sale.id).voided
    assert ledger.balance(conn, "4-1100", "2025-06-15") == 0
    assert_books_sound(conn)


def test_a_voided_sale_cannot_be_voided_or_returned_and_a_void_needs_a_reason(
        cashier, bendahara, conn, shop, shift):
    sale = sales.checkout(cashier, cart(shop.gula, 2))
    refused(conn, InvalidInput, returns.void, bendahara, sale.id, reason="  ")
    returns.void(bendahara, sale.id, reason="pembeli batal")
    err = refused(conn, NotAllowed, returns.void, bendahara, sale.id, reason="lagi")
    assert err.params["receipt"] == sale.receipt
    refused(conn, NotAllowed, returns.return_lines, bendahara, sale.id, {sale.lines[0].id: 1})


def test_void_of_a_sale_in_a_closed_month_goes_into_the_open_period(cashier, bendahara, ketua, conn,
                                                                    clock, shop, shift):
    sale = sales.checkout(cashier, cart(shop.gula, 2))
    june_stock = ledger.balance(conn, "1-1400", "2025-06-30")
    clock.advance(days=17)  # 2 July
    ledger.close_month(ketua, "2025-06")
    # nothing more can be sold into June, and the failed sale takes no receipt number
    refused(conn, NotAllowed, sales.checkout, cashier, cart(shop.gula), date="2025-06-30")
    void_id = returns.void(bendahara, sale.id, reason="struk ganda")
    reversal = doc_entry(conn, "sale_voids", void_id)
    assert reversal.date == dt.date(2025, 7, 2) and reversal.reverses_id == sale_entry(conn, sale.id).id
    assert conn.execute("SELECT date FROM sale_voids WHERE id = ?", (void_id,)).fetchone() == ("2025-07-02",)
    assert moves(conn, "void") == [(shop.gula.id, "2025-07-02", 2_000, sale.lines[0].cost, void_id)]
    assert items.get(conn, shop.gula.id).qty_on_hand == 7_000
    assert ledger.balance(conn, "1-1400", "2025-06-30") == june_stock
    assert ledger.balance(conn, "1-1400", "2025-07-02") == june_stock + sale.lines[0].cost
    assert sales.checkout(cashier, cart(shop.gula)).receipt.endswith("20250702-0001")
    assert_books_sound(conn)


def test_a_sale_with_returns_cannot_be_voided(cashier, bendahara, conn, shop, shift):
    sale = sales.checkout(cashier, cart(shop.gula, 3))
    returns.return_lines(bendahara, sale.id, {sale.lines[0].id: 1})
    refused(conn, NotAllowed, returns.void, bendahara, sale.id, reason="batal")
    assert not sales.get(conn, sale.id).voided


# ---- returns -----------------------------------------------------------------------------

@pytest.mark.parametrize("steps, costs", [((1, 2), [17_143, 34_287]),
                                          ((1, 1, 1), [17_143, 17_143, 17_144]),
                                          ((2, 1), [34_287, 17_143])])
def test_returns_of_a_line_sum_exactly_to_its_amount_and_cost(cashier, bendahara, conn, shop, shift,
                                                             member, steps, costs):
    sale = sales.checkout(cashier, cart(shop.gula, 3), member_id=member.id)
    line = sale.lines[0]
    assert (line.amount, line.cost) == (51_000, 51_430)  # 51.430 does not divide by 3
    done = 0
    for n, cost in zip(steps, costs, strict=True):
        err = refused(conn, NotAllowed, returns.return_lines, bendahara, sale.id, {line.id: 3 - done + 1})
        assert err.params["left"] == 3 - done
        return_id = returns.return_lines(bendahara, sale.id, {line.id: n}, reason="rusak")
        done += n
        assert doc_entry(conn, "sale_returns", return_id).lines == (
            Line("4-1100", debit=n * GULA_MEMBER), Line("1-1100", credit=n * GULA_MEMBER),
            Line("1-1400", debit=cost), Line("5-1100", credit=cost))
    rows = conn.execute("SELECT quantity, amount, cost FROM sale_return_lines ORDER BY id").fetchall()
    assert [r[2] for r in rows] == costs
    assert (sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows)) == (3, 51_000, 51_430)
    assert [m[3] for m in moves(conn, "return")] == costs
    gula = items.get(conn, shop.gula.id)
    assert (gula.qty_on_hand, gula.value_on_hand) == (7_000, 120_004)  # all back, to the rupiah
    err = refused(conn, NotAllowed, returns.return_lines, bendahara, sale.id, {line.id: 1})
    assert err.params["left"] == 0
    assert_books_sound(conn)


def test_return_refusals_write_nothing(cashier, bendahara, conn, shop, shift):
    sale = sales.checkout(cashier, cart(shop.gula, 2))
    other = sales.checkout(cashier, cart(shop.gula))
    refused(conn, InvalidInput, returns.return_lines, bendahara, sale.id, {})
    refused(conn, InvalidInput, returns.return_lines, bendahara, sale.id, {other.lines[0].id: 1})
    for bad in (0, -1, 1.0, True):
        refused(conn, InvalidInput, returns.return_lines, bendahara, sale.id, {sale.lines[0].id: bad})


def test_a_credit_sale_return_reduces_open_credit_and_refunds_the_rest_in_cash(
        cashier, bendahara, conn, shop, shift, member):
    sale = sales.checkout(cashier, cart(shop.gula, 3), member_id=member.id, payment="credit")
    credit.pay(cashier, member.id, 40_000, via="bank")
    assert credit.open_credit(conn, member.id) == 11_000
    return_id = returns.return_lines(bendahara, sale.id, {sale.lines[0].id: 2})
    assert doc_entry(conn, "sale_returns", return_id).lines == (
        Line("4-1100", debit=34_000), Line("1-1300", credit=11_000, member_id=member.id),
        Line("1-1100", credit=23_000), Line("1-1400", debit=34_287), Line("5-1100", credit=34_287))
    assert credit.open_credit(conn, member.id) == 0
    # with credit still open, a return only reduces it
    return_id = returns.return_lines(bendahara, sale.id, {sale.lines[0].id: 1})
    assert doc_entry(conn, "sale_returns", return_id).lines[:2] == (
        Line("4-1100", debit=17_000), Line("1-1100", credit=17_000))
    assert_books_sound(conn)


def test_a_return_while_credit_is_open_only_reduces_the_credit(cashier, bendahara, conn, shop, shift,
                                                               member):
    sale = sales.checkout(cashier, cart(shop.gula, 3), member_id=member.id, payment="credit")
    return_id = returns.return_lines(bendahara, sale.id, {sale.lines[0].id: 1})
    assert doc_entry(conn, "sale_returns", return_id).lines[:2] == (
        Line("4-1100", debit=17_000), Line("1-1300", credit=17_000, member_id=member.id))
    assert credit.open_credit(conn, member.id) == 34_000
    assert_books_sound(conn)


# ---- shifts ------------------------------------------------------------------------------

def test_one_open_shift_per_till(cashier, bendahara, conn, shop, shift):
    assert (shift.till, shift.float, shift.opened_by, shift.closed_at) == ("1", 100_000, "kasir", None)
    err = refused(conn, NotAllowed, shifts.open_shift, bendahara, "1", 0)
    assert err.params["user"] == "kasir"
    for bad_till in ("", "kasir satu", "123456789"):
        refused(conn, InvalidInput, shifts.open_shift, bendahara, bad_till, 0)
    refused(conn, InvalidInput, shifts.open_shift, bendahara, "2", -1)
    assert shifts.open_shift(bendahara, "2", 0).till == "2"
    assert shifts.current(conn, "1").id == shift.id


def test_expected_is_float_plus_cash_sales_minus_cash_refunds(cashier, bendahara, conn, shop, shift,
                                                              member):
    kept = sales.checkout(cashier, cart(shop.gula, 3), member_id=member.id, tendered=60_000)
    voided = sales.checkout(cashier, cart(shop.gula))
    by_qris = sales.checkout(cashier, cart(shop.gula), payment="noncash", reference="QR-1")
    on_credit = sales.checkout(cashier, cart(shop.gula, 2), member_id=member.id, payment="credit")
    returns.void(bendahara, voided.id, reason="batal")                    # 18.000 back in cash
    returns.void(bendahara, by_qris.id, reason="batal")                   # refunded by transfer
    returns.return_lines(bendahara, kept.id, {kept.lines[0].id: 1})       # 17.000 back in cash
    credit.pay(bendahara, member.id, 30_000, via="bank")
    returns.return_lines(bendahara, on_credit.id, {on_credit.lines[0].id: 2})  # 4.000 credit, 30.000 cash
    summary = shifts.summary(conn, shift.id)
    assert summary.sales == 4
    assert summary.by_payment == {"cash": 51_000 + GULA_OTHER, "credit": 34_000, "noncash": GULA_OTHER}
    assert summary.refunds == 18_000 + 17_000 + 30_000
    assert summary.expected == 100_000 + 51_000 + 18_000 - 65_000 == 104_000
    assert (summary.counted, summary.difference) == (None, None)
    done = shifts.close_shift(cashier, "1", {100_000: 1, 2_000: 2})
    assert (done.counted, done.difference) == (104_000, 0)
    row = conn.execute("SELECT expected, counted, entry_id, closed_at IS NOT NULL FROM shifts"
                       " WHERE id = ?", (shift.id,)).fetchone()
    assert row == (104_000, 104_000, None, 1)
    assert_books_sound(conn)


@pytest.mark.parametrize("counts, difference", [
    ({100_000: 1, 10_000: 1, 5_000: 1}, -3_000),  # short: an expense
    ({100_000: 1, 10_000: 1, 5_000: 1, 2_000: 2, 500: 1, 200: 2, 100: 1}, 2_000),  # over
])
def test_close_posts_the_difference_to_selisih_kas(cashier, conn, shop, shift, counts, difference):
    sales.checkout(cashier, cart(shop.gula), tendered=20_000)
    kas_before = ledger.balance(conn, "1-1100", "2025-06-15")
    done = shifts.close_shift(cashier, "1", counts)
    assert (done.expected, done.counted, done.difference) == (118_000, 118_000 + difference, difference)
    entry_id, stored, closed_by = conn.execute(
        "SELECT s.entry_id, s.counts, u.username FROM shifts s JOIN users u ON u.id = s.closed_by"
        " WHERE s.id = ?", (shift.id,)).fetchone()
    entry = ledger.entry(conn, entry_id)
    amount = abs(difference)
    assert entry.lines == ((Line("6-1700", debit=amount), Line("1-1100", credit=amount)) if difference < 0
                           else (Line("1-1100", debit=amount), Line("6-1700", credit=amount)))
    assert (entry.origin_type, entry.origin_id) == ("shift", shift.id)
    assert ledger.balance(conn, "6-1700", "2025-06-15") == -difference
    assert ledger.balance(conn, "1-1100", "2025-06-15") == kas_before + difference
    assert json.loads(stored) == {str(k): v for k, v in counts.items()} and closed_by == "kasir"
    assert shifts.current(conn, "1") is None
    assert_books_sound(conn)


def test_close_refusals_and_a_closed_shift_is_final(cashier, pengawas, conn, raw, shop, shift):
    for bad in ({25_000: 1}, {50_000: -1}, {50_000: 1.5}):
        refused(conn, InvalidInput, shifts.close_shift, cashier, "1", bad)
    refused(conn, PermissionDenied, shifts.close_shift, pengawas, "1", {50_000: 2})
    assert shifts.current(conn, "1").id == shift.id
    shifts.close_shift(cashier, "1", {50_000: 2})
    refused(conn, NotAllowed, shifts.close_shift, cashier, "1", {50_000: 2})
    with pytest.raises(Exception, match="a closed shift is final"):
        raw.execute("UPDATE shifts SET counted = 0 WHERE id = ?", (shift.id,))


def test_void_of_a_partly_paid_credit_sale_refunds_the_paid_part_in_cash(shop, shift, cashier,
                                                                          bendahara, member):
    """The member owes only what is left; voiding must not leave them owing a negative sum."""
    from kasir.books import credit, ledger

    sale = sales.checkout(cashier, [sales.CartLine(2, shop.gula.id)], member_id=member.id,
                          payment="credit")
    credit.pay(bendahara, member.id, sale.total - 10_000)
    returns.void(bendahara, sale.id, reason="salah anggota")
    assert credit.open_credit(bendahara.conn, member.id) == 0
    reversal = ledger.entry(bendahara.conn, bendahara.conn.execute(
        "SELECT entry_id FROM sale_voids WHERE sale_id = ?", (sale.id,)).fetchone()[0])
    paid_back = sum(ln.credit for ln in reversal.lines if ln.account == ledger.KAS)
    assert paid_back == sale.total - 10_000
    assert reversal.reverses_id is not None


def test_daily_card_opening_and_period(shop, shift, cashier, clock, conn):
    """A period's daily card starts from what was on hand before it, day by day."""
    from kasir.books import stock

    sales.checkout(cashier, [sales.CartLine(2, shop.gula.id)])
    clock.advance(days=1)
    sales.checkout(cashier, [sales.CartLine(1, shop.gula.id)])
    whole_opening, whole = stock.daily_card(conn, shop.gula.id)
    opening, days = stock.daily_card(conn, shop.gula.id, start=clock().date())
    assert whole_opening == (0, 0)
    assert opening == (whole[-2].qty_after, whole[-2].value_after)
    assert [(d.qty_out, d.qty_after) for d in days] == [(1_000, whole[-1].qty_after)]
    assert whole[-1].qty_after == opening[0] - 1_000
