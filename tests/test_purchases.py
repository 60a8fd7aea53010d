"""Suppliers and purchases: goods into stock at landed cost (transport capitalised), the
posting by payment method, moving-average cost, last cost, weekly quotas, what the co-op owes
each supplier and paying it, every refusal, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import counts

from kasir import i18n
from kasir.books import audit, checks, items, ledger, purchases, stock, suppliers
from kasir.books.ledger import Line
from kasir.errors import InvalidAmount, InvalidInput, NotAllowed, NotFound, PermissionDenied

SHOP_TABLES = ("purchases", "purchase_lines", "supplier_payments", "stock_moves", "suppliers",
               "supplier_quotas")


def shop_counts(conn) -> dict[str, int]:
    """conftest.counts plus the shop tables these events write."""
    return {**counts(conn),
            **{t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in SHOP_TABLES}}


def entry_of(conn, purchase_id: int) -> ledger.Entry:
    return ledger.entry(conn, purchases.get(conn, purchase_id).entry_id)


def assert_books_sound(conn) -> None:
    report = checks.run(conn)
    assert report.ok, [(r.title, r.findings) for r in report.results if r.findings]


@pytest.fixture
def bulog(bendahara):
    return suppliers.add(bendahara, name="Bulog Cabang Bandung", kind="bulog", phone="022 123")


@pytest.fixture
def beras(bendahara):
    """Rice sold in 5 kg packs (counted in grams)."""
    return items.add(bendahara, name="Beras medium 5 kg", unit="pak 5 kg", base_unit="g",
                     unit_size=5000, member_price=70_000, nonmember_price=72_000)


@pytest.fixture
def minyak(bendahara):
    return items.add(bendahara, name="Minyak goreng 1 L", unit="botol", base_unit="ml",
                     unit_size=1000, member_price=18_000, nonmember_price=19_000)


@pytest.fixture
def gula(bendahara):
    return items.add(bendahara, name="Gula pasir 1 kg", unit="kg", base_unit="g", unit_size=1000,
                     member_price=17_000, nonmember_price=18_000)


# ---- suppliers ---------------------------------------------------------------------------

def test_add_list_get_and_deactivate_suppliers(bendahara, conn, new_member):
    farmer = new_member(name="Pak Tani")
    bulog = suppliers.add(bendahara, name="  Bulog   Cabang ", kind="bulog", address="Jl. Raya 1")
    tani = suppliers.add(bendahara, name="Kelompok Tani Makmur", kind="farmer", member_id=farmer.id)
    assert (bulog.name, bulog.kind, bulog.member_id, bulog.address, bulog.active) == \
        ("Bulog Cabang", "bulog", None, "Jl. Raya 1", True)
    assert suppliers.get(conn, tani.id).member_id == farmer.id
    assert [s.name for s in suppliers.list_suppliers(conn)] == ["Bulog Cabang", "Kelompok Tani Makmur"]
    suppliers.set_active(bendahara, bulog.id, False)
    assert not suppliers.get(conn, bulog.id).active
    assert [s.id for s in suppliers.list_suppliers(conn, active_only=True)] == [tani.id]
    suppliers.set_active(bendahara, bulog.id, True)
    assert suppliers.get(conn, bulog.id).active
    actions = [r.action for r in audit.recent(conn)]
    assert actions.count("supplier.add") == 2 and actions.count("supplier.active") == 2


def test_supplier_name_is_unique_ignoring_case(bendahara, conn, bulog):
    before = shop_counts(conn)
    with pytest.raises(InvalidInput) as err:
        suppliers.add(bendahara, name="BULOG cabang bandung")
    assert err.value.params["name"] == "Bulog Cabang Bandung"
    assert shop_counts(conn) == before


@pytest.mark.parametrize("kwargs, error", [
    ({"name": "  "}, InvalidInput),
    ({"name": "Toko Grosir", "kind": "grosir"}, InvalidInput),
    ({"name": "Petani", "kind": "farmer", "member_id": 999}, NotFound),
])
def test_supplier_refusals(bendahara, conn, kwargs, error):
    before = shop_counts(conn)
    with pytest.raises(error):
        suppliers.add(bendahara, **kwargs)
    assert shop_counts(conn) == before


def test_unknown_supplier_is_not_found(conn):
    with pytest.raises(NotFound):
        suppliers.get(conn, 42)
    with pytest.raises(NotFound):
        suppliers.balance(conn, 42)


# ---- recording a purchase ----------------------------------------------------------------

@pytest.mark.parametrize("payment, account", [("cash", "1-1100"), ("bank", "1-1200"), ("credit", "2-1100")])
def test_purchase_brings_goods_into_stock_and_posts_persediaan(bendahara, conn, bulog, beras, payment,
                                                               account):
    pid = purchases.record(bendahara, bulog.id, [(beras.id, 10, 600_000)], date="2025-06-10",
                           payment=payment, invoice=" INV-77 ")
    entry = entry_of(conn, pid)
    assert entry.lines == (Line("1-1400", debit=600_000), Line(account, credit=600_000))
    assert (entry.origin_type, entry.origin_id, entry.date) == ("purchase", pid, dt.date(2025, 6, 10))
    assert "Bulog Cabang Bandung" in entry.memo and "INV-77" in entry.memo
    bought = purchases.get(conn, pid)
    assert (bought.supplier, bought.payment, bought.invoice, bought.transport, bought.total) == \
        ("Bulog Cabang Bandung", payment, "INV-77", 0, 600_000)
    assert [(ln.item_id, ln.quantity, ln.base_qty, ln.cost) for ln in bought.lines] == \
        [(beras.id, 10, 50_000, 600_000)]
    item = items.get(conn, beras.id)
    assert (item.qty_on_hand, item.value_on_hand, item.last_cost, item.units_on_hand) == \
        (50_000, 600_000, 60_000, 10)
    _, card = stock.card(conn, beras.id)
    assert [(r.kind, r.quantity, r.value, r.doc_id) for r in card] == [("purchase", 50_000, 600_000, pid)]
    assert ledger.balance(conn, "1-1400", "2025-06-15") == 600_000
    assert suppliers.balance(conn, bulog.id) == (600_000 if payment == "credit" else 0)
    assert next(r for r in audit.recent(conn) if r.action == "purchase.record").entry_id == entry.id
    assert_books_sound(conn)


def test_transport_is_capitalised_and_shared_exactly_over_equal_lines(bendahara, conn, bulog, beras,
                                                                       minyak, gula):
    pid = purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000), (minyak.id, 1, 60_000),
                                                 (gula.id, 1, 60_000)], transport=100)
    bought = purchases.get(conn, pid)
    assert [ln.cost for ln in bought.lines] == [60_034, 60_033, 60_033]
    assert bought.total == 180_100 == sum(ln.cost for ln in bought.lines)
    assert entry_of(conn, pid).lines == (Line("1-1400", debit=180_100), Line("1-1100", credit=180_100))
    assert [items.get(conn, i.id).value_on_hand for i in (beras, minyak, gula)] == [60_034, 60_033, 60_033]
    assert_books_sound(conn)


def test_transport_is_shared_in_proportion_to_line_cost(bendahara, conn, bulog, beras, minyak, gula):
    pid = purchases.record(bendahara, bulog.id, [(beras.id, 10, 600_000), (minyak.id, 20, 300_000),
                                                 (gula.id, 5, 85_000)], transport=50_001)
    costs = [ln.cost for ln in purchases.get(conn, pid).lines]
    # 50.001 × 600/985 = 30.457,46 · × 300/985 = 15.228,73 · × 85/985 = 4.314,80 → 30.457 15.228 4.314
    # leaves 2 rupiah for the largest remainders (0,80 and 0,73)
    assert costs == [600_000 + 30_457, 300_000 + 15_229, 85_000 + 4_315]
    assert sum(costs) == 985_000 + 50_001
    assert items.get(conn, minyak.id).last_cost == 15_761  # 315.229 / 20 = 15.761,45
    assert_books_sound(conn)


def test_free_goods_share_the_transport_by_quantity(bendahara, conn, bulog, beras, minyak):
    pid = purchases.record(bendahara, bulog.id, [(beras.id, 1, 0), (minyak.id, 2, 0)], transport=90_000)
    assert [ln.cost for ln in purchases.get(conn, pid).lines] == [30_000, 60_000]
    assert (items.get(conn, beras.id).last_cost, items.get(conn, minyak.id).last_cost) == (30_000, 30_000)
    assert_books_sound(conn)


def test_a_free_line_in_a_paid_purchase_gets_no_transport(bendahara, conn, bulog, beras, minyak):
    pid = purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000), (minyak.id, 1, 0)], transport=5_000)
    assert [ln.cost for ln in purchases.get(conn, pid).lines] == [65_000, 0]
    assert items.get(conn, minyak.id).qty_on_hand == 1000
    assert_books_sound(conn)


def test_moving_average_cost_over_two_purchases_at_different_prices(bendahara, conn, bulog, beras):
    purchases.record(bendahara, bulog.id, [(beras.id, 10, 600_000)], date="2025-06-02")
    purchases.record(bendahara, bulog.id, [(beras.id, 5, 330_000)], date="2025-06-09", transport=5_000)
    item = items.get(conn, beras.id)
    # 10 packs at 60.000 and 5 at (330.000 + 5.000) / 5 = 67.000: 15 packs worth 935.000
    assert (item.qty_on_hand, item.value_on_hand, item.last_cost) == (75_000, 935_000, 67_000)
    # one pack out at the moving average: 935.000 × 5.000 / 75.000 = 62.333,3 → 62.333
    doc = stock.write_off(bendahara, beras.id, 5_000, reason="karung sobek")
    assert conn.execute("SELECT value FROM stock_writeoffs WHERE id = ?", (doc,)).fetchone()[0] == 62_333
    assert items.get(conn, beras.id).value_on_hand == 935_000 - 62_333
    assert ledger.balance(conn, "1-1400", "2025-06-15") == 935_000 - 62_333
    assert_books_sound(conn)


def test_last_cost_is_per_unit_of_sale_rounded_half_up(bendahara, conn, bulog, beras, minyak):
    purchases.record(bendahara, bulog.id, [(beras.id, 3, 100), (minyak.id, 2, 5)])
    assert (items.get(conn, beras.id).last_cost, items.get(conn, minyak.id).last_cost) == (33, 3)


def test_two_lines_of_one_item_make_one_last_cost(bendahara, conn, bulog, beras):
    purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000), (beras.id, 3, 189_000)])
    item = items.get(conn, beras.id)
    assert (item.qty_on_hand, item.value_on_hand, item.last_cost) == (20_000, 249_000, 62_250)
    assert_books_sound(conn)


# ---- refusals ----------------------------------------------------------------------------

@pytest.mark.parametrize("quantity", [0, -1, 1.5, True, "2", None])
def test_quantity_must_be_a_positive_whole_number(bendahara, conn, bulog, beras, quantity):
    before = shop_counts(conn)
    with pytest.raises(InvalidInput):
        purchases.record(bendahara, bulog.id, [(beras.id, quantity, 60_000)])
    assert shop_counts(conn) == before


@pytest.mark.parametrize("cost", [-1, 1.5, True, "60000", None])
def test_cost_must_be_whole_rupiah_not_negative(bendahara, conn, bulog, beras, cost):
    before = shop_counts(conn)
    with pytest.raises(InvalidAmount):
        purchases.record(bendahara, bulog.id, [(beras.id, 1, cost)])
    assert shop_counts(conn) == before


@pytest.mark.parametrize("transport", [-1, 2.5, "1000", None])
def test_transport_must_be_whole_rupiah_not_negative(bendahara, conn, bulog, beras, transport):
    before = shop_counts(conn)
    with pytest.raises(InvalidAmount):
        purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000)], transport=transport)
    assert shop_counts(conn) == before


@pytest.mark.parametrize("lines", [[], None, [(1, 2)], ["beras"]])
def test_lines_must_be_item_quantity_cost(bendahara, conn, bulog, lines):
    before = shop_counts(conn)
    with pytest.raises(InvalidInput):
        purchases.record(bendahara, bulog.id, lines)
    assert shop_counts(conn) == before


def test_a_purchase_that_costs_nothing_is_refused(bendahara, conn, bulog, beras):
    before = shop_counts(conn)
    with pytest.raises(InvalidAmount):
        purchases.record(bendahara, bulog.id, [(beras.id, 1, 0)])
    assert shop_counts(conn) == before


def test_unknown_or_inactive_supplier_or_item_is_refused(bendahara, conn, bulog, beras, minyak):
    items.set_active(bendahara, minyak.id, False)
    other = suppliers.add(bendahara, name="Toko Lama")
    suppliers.set_active(bendahara, other.id, False)
    before = shop_counts(conn)
    with pytest.raises(NotFound):
        purchases.record(bendahara, 999, [(beras.id, 1, 60_000)])
    with pytest.raises(NotAllowed) as err:
        purchases.record(bendahara, other.id, [(beras.id, 1, 60_000)])
    assert err.value.params["name"] == "Toko Lama"
    with pytest.raises(NotFound):
        purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000), (999, 1, 1_000)])
    with pytest.raises(NotAllowed) as err:
        purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000), (minyak.id, 1, 17_000)])
    assert err.value.params["name"] == "Minyak goreng 1 L"
    assert shop_counts(conn) == before
    assert items.get(conn, beras.id).qty_on_hand == 0


def test_unknown_payment_method_is_refused(bendahara, conn, bulog, beras):
    before = shop_counts(conn)
    with pytest.raises(InvalidInput):
        purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000)], payment="gopay")
    assert shop_counts(conn) == before


def test_future_date_and_closed_month_are_refused(bendahara, conn, bulog, beras):
    ledger.close_month(bendahara, "2025-05")
    before = shop_counts(conn)
    with pytest.raises(InvalidInput):
        purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000)], date="2025-06-16")
    with pytest.raises(NotAllowed):
        purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000)], date="2025-05-31")
    assert shop_counts(conn) == before
    assert items.get(conn, beras.id).qty_on_hand == 0


# ---- weekly quotas -----------------------------------------------------------------------

def test_quota_use_counts_what_arrived_in_the_iso_week(bendahara, conn, bulog, beras, minyak):
    suppliers.set_quota(bendahara, bulog.id, beras.id, 2_000_000)  # 2 tonnes a week
    other = suppliers.add(bendahara, name="Grosir Sumber Rejeki")
    purchases.record(bendahara, bulog.id, [(beras.id, 100, 6_000_000)], date="2025-06-08")  # Sunday before
    purchases.record(bendahara, bulog.id, [(beras.id, 200, 12_000_000)], date="2025-06-09")  # Monday
    purchases.record(bendahara, bulog.id, [(beras.id, 40, 2_400_000), (minyak.id, 10, 170_000)],
                     date="2025-06-15")  # Sunday
    purchases.record(bendahara, other.id, [(beras.id, 50, 3_000_000)], date="2025-06-12")
    for day in ("2025-06-09", "2025-06-12", dt.date(2025, 6, 15)):
        assert suppliers.quota_use(conn, bulog.id, beras.id, day) == \
            suppliers.QuotaUse(2_000_000, 1_200_000, 800_000)
    assert suppliers.quota_use(conn, bulog.id, beras.id, "2025-06-08") == \
        suppliers.QuotaUse(2_000_000, 500_000, 1_500_000)
    assert suppliers.quota_use(conn, bulog.id, minyak.id, "2025-06-15") == \
        suppliers.QuotaUse(None, 10_000, None)
    assert suppliers.quotas(conn, bulog.id) == {beras.id: 2_000_000}
    quota, received, remaining = suppliers.quota_use(conn, bulog.id, beras.id, "2025-06-13")
    assert (quota, received, remaining) == (2_000_000, 1_200_000, 800_000)


def test_a_delivery_above_the_quota_is_recorded_and_noted(bendahara, conn, bulog, beras):
    suppliers.set_quota(bendahara, bulog.id, beras.id, 10_000)
    pid = purchases.record(bendahara, bulog.id, [(beras.id, 3, 180_000)])
    assert suppliers.quota_use(conn, bulog.id, beras.id, "2025-06-15") == \
        suppliers.QuotaUse(10_000, 15_000, -5_000)
    record = next(r for r in audit.recent(conn) if r.action == "purchase.record")
    assert record.subject == f"purchase:{pid}" and f'"over_quota":[{beras.id}]' in record.detail


def test_set_quota_replaces_and_zero_removes(bendahara, conn, bulog, beras):
    suppliers.set_quota(bendahara, bulog.id, beras.id, 1_000)
    suppliers.set_quota(bendahara, bulog.id, beras.id, 2_500)
    assert suppliers.quotas(conn, bulog.id) == {beras.id: 2_500}
    suppliers.set_quota(bendahara, bulog.id, beras.id, 0)
    assert suppliers.quotas(conn, bulog.id) == {}
    assert suppliers.quota_use(conn, bulog.id, beras.id, "2025-06-15").quota is None


@pytest.mark.parametrize("qty", [-1, 1.5, True, "10"])
def test_quota_must_be_a_whole_number_not_negative(bendahara, conn, bulog, beras, qty):
    before = shop_counts(conn)
    with pytest.raises(InvalidInput):
        suppliers.set_quota(bendahara, bulog.id, beras.id, qty)
    with pytest.raises(NotFound):
        suppliers.set_quota(bendahara, bulog.id, 999, 10)
    with pytest.raises(NotFound):
        suppliers.set_quota(bendahara, 999, beras.id, 10)
    assert shop_counts(conn) == before


# ---- what is owed, and paying it ----------------------------------------------------------

def test_balance_after_a_credit_purchase_and_a_partial_payment(bendahara, conn, bulog, beras):
    purchases.record(bendahara, bulog.id, [(beras.id, 1, 60_000)], date="2025-06-01")  # cash
    purchases.record(bendahara, bulog.id, [(beras.id, 20, 1_200_000)], date="2025-06-02",
                     payment="credit", transport=30_000)
    assert suppliers.balance(conn, bulog.id) == 1_230_000
    pay = purchases.pay_supplier(bendahara, bulog.id, 500_000, date="2025-06-10", via="bank")
    entry = ledger.entry(conn, conn.execute("SELECT entry_id FROM supplier_payments WHERE id = ?",
                                            (pay,)).fetchone()[0])
    assert entry.lines == (Line("2-1100", debit=500_000), Line("1-1200", credit=500_000))
    assert (entry.origin_type, entry.origin_id) == ("supplier_payment", pay)
    assert suppliers.balance(conn, bulog.id) == 730_000
    assert suppliers.balance(conn, bulog.id, "2025-06-09") == 1_230_000
    assert suppliers.balance(conn, bulog.id, "2025-06-01") == 0
    assert ledger.balance(conn, "2-1100", "2025-06-15") == -730_000
    assert [(p.amount, p.via, p.date) for p in purchases.payments(conn, bulog.id)] == \
        [(500_000, "bank", dt.date(2025, 6, 10))]
    other = suppliers.add(bendahara, name="Agen LPG", kind="pertamina")
    assert [(s.id, owed) for s, owed in suppliers.balances(conn)] == [(other.id, 0), (bulog.id, 730_000)]
    assert_books_sound(conn)


def test_overpaying_a_supplier_is_refused_and_writes_nothing(bendahara, conn, bulog, beras, english):
    purchases.record(bendahara, bulog.id, [(beras.id, 5, 300_000)], payment="credit")
    before = shop_counts(conn)
    with pytest.raises(NotAllowed) as err:
        purchases.pay_supplier(bendahara, bulog.id, 300_001)
    assert err.value.params["owed"] == i18n.rupiah(300_000)
    assert "Rp300.000" in str(err.value)
    assert shop_counts(conn) == before
    purchases.pay_supplier(bendahara, bulog.id, 300_000)
    assert suppliers.balance(conn, bulog.id) == 0
    with pytest.raises(NotAllowed):
        purchases.pay_supplier(bendahara, bulog.id, 1)
    assert_books_sound(conn)


def test_payment_dated_before_the_credit_purchase_is_refused(bendahara, conn, bulog, beras):
    purchases.record(bendahara, bulog.id, [(beras.id, 5, 300_000)], payment="credit", date="2025-06-10")
    before = shop_counts(conn)
    with pytest.raises(NotAllowed):
        purchases.pay_supplier(bendahara, bulog.id, 100_000, date="2025-06-09")
    assert shop_counts(conn) == before


def test_an_inactive_supplier_can_still_be_paid(bendahara, conn, bulog, beras):
    purchases.record(bendahara, bulog.id, [(beras.id, 5, 300_000)], payment="credit")
    suppliers.set_active(bendahara, bulog.id, False)
    purchases.pay_supplier(bendahara, bulog.id, 300_000)
    assert suppliers.balance(conn, bulog.id) == 0


@pytest.mark.parametrize("amount, via, error", [
    (0, "cash", InvalidAmount), (-1, "cash", InvalidAmount), (1.5, "cash", InvalidAmount),
    (True, "cash", InvalidAmount), (1_000, "credit", InvalidInput), (1_000, "gopay", InvalidInput)])
def test_payment_amount_and_method_are_checked(bendahara, conn, bulog, beras, amount, via, error):
    purchases.record(bendahara, bulog.id, [(beras.id, 5, 300_000)], payment="credit")
    before = shop_counts(conn)
    with pytest.raises(error):
        purchases.pay_supplier(bendahara, bulog.id, amount, via=via)
    with pytest.raises(NotFound):
        purchases.pay_supplier(bendahara, 999, 1_000)
    assert shop_counts(conn) == before


# ---- queries -----------------------------------------------------------------------------

def test_get_and_list_purchases(bendahara, conn, bulog, beras, minyak):
    other = suppliers.add(bendahara, name="Grosir Sumber Rejeki")
    a = purchases.record(bendahara, bulog.id, [(beras.id, 2, 120_000), (minyak.id, 3, 51_000)],
                         date="2025-06-01", invoice="A-1")
    b = purchases.record(bendahara, other.id, [(minyak.id, 6, 102_000)], date="2025-06-05")
    c = purchases.record(bendahara, bulog.id, [(beras.id, 1, 61_000)], date="2025-06-14")
    got = purchases.get(conn, a)
    assert (got.id, got.date, got.invoice, got.total) == (a, dt.date(2025, 6, 1), "A-1", 171_000)
    assert [(ln.name, ln.quantity, ln.cost) for ln in got.lines] == \
        [("Beras medium 5 kg", 2, 120_000), ("Minyak goreng 1 L", 3, 51_000)]
    assert [p.id for p in purchases.list_purchases(conn, "2025-06-01", "2025-06-30")] == [a, b, c]
    assert [p.id for p in purchases.list_purchases(conn, "2025-06-02", "2025-06-14")] == [b, c]
    listed = purchases.list_purchases(conn, "2025-06-01", "2025-06-30", supplier_id=bulog.id)
    assert [(p.id, len(p.lines)) for p in listed] == [(a, 2), (c, 1)]
    assert listed[0].lines == got.lines
    with pytest.raises(NotFound):
        purchases.get(conn, 999)


# ---- permissions -------------------------------------------------------------------------

def test_only_the_treasurer_buys_and_pays_suppliers(cashier, pengawas, ketua, bendahara, conn, bulog,
                                                     beras):
    purchases.record(bendahara, bulog.id, [(beras.id, 5, 300_000)], payment="credit")
    before = shop_counts(conn)
    for ctx in (cashier, pengawas, ketua):
        with pytest.raises(PermissionDenied):
            purchases.record(ctx, bulog.id, [(beras.id, 1, 60_000)])
        with pytest.raises(PermissionDenied):
            purchases.pay_supplier(ctx, bulog.id, 1_000)
        with pytest.raises(PermissionDenied):
            suppliers.add(ctx, name="Toko Baru")
        with pytest.raises(PermissionDenied):
            suppliers.set_quota(ctx, bulog.id, beras.id, 1_000)
        with pytest.raises(PermissionDenied):
            suppliers.set_active(ctx, bulog.id, False)
    assert shop_counts(conn) == before
    assert suppliers.balance(pengawas.conn, bulog.id) == 300_000  # reading is allowed


# ---- kasir check -------------------------------------------------------------------------

def test_check_finds_utang_dagang_moved_outside_the_supplier_records(bendahara, conn, bulog, beras):
    purchases.record(bendahara, bulog.id, [(beras.id, 5, 300_000)], payment="credit")
    assert_books_sound(conn)
    with bendahara.write("ledger.post"):
        entry = ledger.write_entry(bendahara, date="2025-06-15", memo="Salah catat", origin_type="manual",
                                   origin_id=None, lines=[Line("6-1900", debit=1_000),
                                                          Line("2-1100", credit=1_000)])
        audit.log(bendahara, "ledger.post", f"entry:{entry}", entry_id=entry)
    found = {r.title: r.findings for r in checks.run(conn).results}
    assert len(found["Amounts owed to suppliers equal Utang dagang"]) == 1


def test_check_finds_a_purchase_whose_entry_does_not_point_back(bendahara, conn, raw, bulog, beras):
    pid = purchases.record(bendahara, bulog.id, [(beras.id, 5, 300_000)])
    entry_id = purchases.get(conn, pid).entry_id
    raw.execute("INSERT INTO purchases (supplier_id, date, payment, total, entry_id, created_by,"
                " created_at) VALUES (?, '2025-06-15', 'cash', 1, ?, 1, 'x')", (bulog.id, entry_id))
    found = {r.title: r.findings for r in checks.run(conn).results}
    assert len(found["Every purchase and payment has its entry"]) == 1
