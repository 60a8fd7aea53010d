"""Members' credit at the shop: open credit, the credit limit, paying credit off, aging (FIFO
into 0–30, 31–60, 61–90 and over 90 days), and the control check against Piutang anggota."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import counts, post_shop_credit

from kasir import i18n
from kasir.books import audit, checks, credit, ledger, members, profile, savings
from kasir.books.ledger import Line
from kasir.errors import InvalidAmount, InvalidInput, NotAllowed, NotFound, PermissionDenied

CREDIT_TITLE = "Members' shop credit equals Piutang anggota"


def credit_sale(ctx, member_id: int, amount: int, day: dt.date | str = "2025-06-15") -> int:
    """A credit sale until sales.py is in use: conftest's entry plus its audit record."""
    with ctx.write("ledger.post"):
        entry_id = post_shop_credit(ctx, member_id, amount, day)
        audit.log(ctx, "sale.checkout", f"entry:{entry_id}", entry_id=entry_id)
    return entry_id


def all_counts(conn) -> dict[str, int]:
    return {**counts(conn),
            "credit_payments": conn.execute("SELECT count(*) FROM credit_payments").fetchone()[0]}


def assert_books_sound(conn) -> None:
    report = checks.run(conn)
    assert report.ok, [(r.title, r.findings) for r in report.results if r.findings]


# ---- open credit and the limit -----------------------------------------------------------

def test_open_credit_now_and_as_of_a_date(bendahara, conn, new_member):
    member, other = new_member(), new_member()
    credit_sale(bendahara, member.id, 40_000, "2025-06-01")
    credit_sale(bendahara, member.id, 15_000, "2025-06-10")
    credit_sale(bendahara, other.id, 5_000, "2025-06-10")
    assert credit.open_credit(conn, member.id) == 55_000 == members.owed(conn, member.id)
    assert credit.open_credit(conn, member.id, "2025-06-09") == 40_000
    assert credit.open_credit(conn, member.id, dt.date(2025, 5, 31)) == 0
    assert credit.totals(conn) == 60_000 == ledger.balance(conn, "1-1300", "2025-06-15")
    assert_books_sound(conn)


def test_limit_defaults_to_500000_and_the_chair_may_change_it(ketua, admin, bendahara, conn):
    assert credit.limit(conn) == 500_000
    credit.set_limit(ketua, 750_000)
    assert credit.limit(conn) == 750_000
    assert profile.get_setting(conn, "credit_limit") == "750000"
    credit.set_limit(admin, 0)
    assert credit.limit(conn) == 0
    record = audit.recent(conn, 1)[0]
    assert (record.action, record.subject) == ("settings.update", "setting:credit_limit")
    with pytest.raises(PermissionDenied):
        credit.set_limit(bendahara, 1_000_000)


@pytest.mark.parametrize("amount", [-1, 1.5, "500000", True, None])
def test_limit_is_whole_rupiah_not_negative(ketua, conn, amount):
    before = all_counts(conn)
    with pytest.raises(InvalidAmount):
        credit.set_limit(ketua, amount)
    assert all_counts(conn) == before
    assert credit.limit(conn) == 500_000


def test_check_limit_allows_up_to_the_limit_and_says_what_is_left(bendahara, conn, new_member, english):
    member = new_member(name="Bu Sari")
    credit_sale(bendahara, member.id, 450_000)
    credit.check_limit(conn, member.id, 50_000)
    with pytest.raises(NotAllowed) as err:
        credit.check_limit(conn, member.id, 50_001)
    assert err.value.params == {"name": "Bu Sari", "owed": "Rp450.000", "limit": "Rp500.000",
                                "available": "Rp50.000", "amount": "Rp50.001"}
    assert str(err.value) == ("Bu Sari already owes Rp450.000 at the shop and the credit limit is "
                              "Rp500.000: at most Rp50.000 more can be bought on credit, not Rp50.001.")


def test_check_limit_with_no_credit_allowed_or_already_above_the_limit(ketua, bendahara, conn, new_member):
    member = new_member()
    credit.check_limit(conn, member.id, 500_000)
    credit_sale(bendahara, member.id, 300_000)
    credit.set_limit(ketua, 200_000)  # lowered below what the member already owes
    with pytest.raises(NotAllowed) as err:
        credit.check_limit(conn, member.id, 1)
    assert err.value.params["available"] == i18n.rupiah(0)
    credit.set_limit(ketua, 0)
    with pytest.raises(NotAllowed):
        credit.check_limit(conn, new_member().id, 1)


# ---- payments ----------------------------------------------------------------------------

@pytest.mark.parametrize("via, cash", [("cash", "1-1100"), ("bank", "1-1200")])
def test_payment_posts_cash_or_bank_against_the_members_credit(cashier, bendahara, conn, new_member, via,
                                                               cash):
    member = new_member()
    credit_sale(bendahara, member.id, 100_000, "2025-06-01")
    pay_id = credit.pay(cashier, member.id, 60_000, date="2025-06-12", via=via)
    row = conn.execute("SELECT member_id, date, amount, via, entry_id, created_by FROM credit_payments"
                       " WHERE id = ?", (pay_id,)).fetchone()
    assert row[:4] == (member.id, "2025-06-12", 60_000, via) and row[5] == cashier.user.id
    entry = ledger.entry(conn, row[4])
    assert entry.lines == (Line(cash, debit=60_000), Line("1-1300", credit=60_000, member_id=member.id))
    assert (entry.origin_type, entry.origin_id, entry.date) == ("credit_payment", pay_id,
                                                                 dt.date(2025, 6, 12))
    assert credit.open_credit(conn, member.id) == 40_000
    assert audit.recent(conn, 1)[0].action == "credit.payment"
    assert_books_sound(conn)


def test_payment_beyond_the_open_credit_is_refused_and_writes_nothing(bendahara, conn, new_member,
                                                                       english):
    member, debt_free = new_member(name="Pak Budi"), new_member()
    credit_sale(bendahara, member.id, 100_000)
    before = all_counts(conn)
    with pytest.raises(NotAllowed) as err:
        credit.pay(bendahara, member.id, 100_001)
    assert str(err.value) == "Pak Budi owes Rp100.000 at the shop; a payment of Rp100.001 is more than that."
    with pytest.raises(NotAllowed):
        credit.pay(bendahara, debt_free.id, 1_000)  # owes nothing
    assert all_counts(conn) == before
    credit.pay(bendahara, member.id, 100_000)
    assert credit.open_credit(conn, member.id) == 0
    with pytest.raises(NotAllowed):
        credit.pay(bendahara, member.id, 1)
    assert_books_sound(conn)


def test_payment_dated_before_the_credit_sale_is_refused(bendahara, conn, new_member):
    member = new_member()
    credit_sale(bendahara, member.id, 100_000, "2025-06-10")
    before = all_counts(conn)
    with pytest.raises(NotAllowed):
        credit.pay(bendahara, member.id, 50_000, date="2025-06-09")
    assert all_counts(conn) == before


@pytest.mark.parametrize("amount, via, error", [
    (0, "cash", InvalidAmount), (-1, "cash", InvalidAmount), (2.5, "cash", InvalidAmount),
    ("1000", "cash", InvalidAmount), (1_000, "credit", InvalidInput), (1_000, "qris", InvalidInput)])
def test_payment_amount_and_method_are_checked(bendahara, conn, new_member, amount, via, error):
    member = new_member()
    credit_sale(bendahara, member.id, 100_000)
    before = all_counts(conn)
    with pytest.raises(error):
        credit.pay(bendahara, member.id, amount, via=via)
    with pytest.raises(NotFound):
        credit.pay(bendahara, 999, 1_000)
    assert all_counts(conn) == before


def test_future_date_and_closed_month_are_refused(bendahara, conn, new_member):
    member = new_member()
    credit_sale(bendahara, member.id, 100_000, "2025-05-20")
    ledger.close_month(bendahara, "2025-05")
    before = all_counts(conn)
    with pytest.raises(InvalidInput):
        credit.pay(bendahara, member.id, 10_000, date="2025-06-16")
    with pytest.raises(NotAllowed):
        credit.pay(bendahara, member.id, 10_000, date="2025-05-31")
    assert all_counts(conn) == before


def test_supervisor_may_not_take_payments(pengawas, bendahara, conn, new_member):
    member = new_member()
    credit_sale(bendahara, member.id, 100_000)
    before = all_counts(conn)
    with pytest.raises(PermissionDenied):
        credit.pay(pengawas, member.id, 10_000)
    with pytest.raises(PermissionDenied):
        credit.set_limit(pengawas, 1)
    assert all_counts(conn) == before
    assert credit.open_credit(pengawas.conn, member.id) == 100_000


# ---- aging -------------------------------------------------------------------------------

@pytest.fixture
def debtors(bendahara, cashier, new_member):
    """Sari: four credit sales, then a payment that settles the oldest (FIFO); Budi: sales on
    the bucket edges as of 2025-06-15; Tini paid everything; Joko never bought on credit."""
    sari, budi, tini, joko = (new_member(name=n) for n in ("Sari", "Budi", "Tini", "Joko"))
    for day, amount in (("2025-02-01", 100_000), ("2025-04-01", 50_000), ("2025-05-01", 40_000),
                        ("2025-06-10", 30_000)):
        credit_sale(bendahara, sari.id, amount, day)
    credit.pay(cashier, sari.id, 120_000, date="2025-06-12")
    for day, amount in (("2025-05-16", 10_000), ("2025-05-15", 20_000), ("2025-03-17", 40_000),
                        ("2025-03-16", 80_000)):
        credit_sale(bendahara, budi.id, amount, day)
    credit_sale(bendahara, tini.id, 25_000, "2025-06-01")
    credit.pay(cashier, tini.id, 25_000, date="2025-06-02")
    return sari, budi, tini, joko


def test_aging_pays_off_the_oldest_credit_first(debtors, conn):
    sari, budi, *_ = debtors
    # Sari: 120.000 paid settles Feb (100.000) and 20.000 of Apr; left Apr 30.000 (75 days),
    # May 40.000 (45 days), Jun 30.000 (5 days). Budi: 30, 31, 90 and 91 days old.
    assert [(a.member_id, a.owed, a.days_0_30, a.days_31_60, a.days_61_90, a.over_90)
            for a in credit.aging(conn, "2025-06-15")] == [
        (sari.id, 100_000, 30_000, 40_000, 30_000, 0),
        (budi.id, 150_000, 10_000, 20_000, 40_000, 80_000),
    ]
    assert credit.totals(conn) == 250_000 == ledger.balance(conn, "1-1300", "2025-06-15")
    assert_books_sound(conn)


def test_aging_as_of_an_earlier_date_ignores_later_payments(debtors, conn):
    sari, budi, tini, _ = debtors
    # 2025-06-11: Sari's payment is not made yet (130, 71, 41 and 1 days old); Budi's sales are
    # 26, 27, 86 and 87 days old; Tini owed nothing any more.
    rows = credit.aging(conn, dt.date(2025, 6, 11))
    assert [(a.number, a.name, a.owed, a.days_0_30, a.days_31_60, a.days_61_90, a.over_90)
            for a in rows] == [
        (sari.number, "Sari", 220_000, 30_000, 40_000, 50_000, 100_000),
        (budi.number, "Budi", 150_000, 30_000, 0, 120_000, 0),
    ]
    assert [a.member_id for a in credit.aging(conn, "2025-06-01")] == [sari.id, budi.id, tini.id]
    assert credit.aging(conn, "2025-01-31") == []


def test_exit_settlement_clears_the_credit_from_aging(bendahara, conn, new_member):
    member = new_member()
    credit_sale(bendahara, member.id, 25_000, "2025-03-01")
    savings.settle_exit(bendahara, member.id)
    assert credit.aging(conn, "2025-06-15") == []
    assert credit.totals(conn) == 0
    assert_books_sound(conn)


# ---- kasir check -------------------------------------------------------------------------

def test_check_finds_a_piutang_line_without_a_member(bendahara, conn, new_member):
    credit_sale(bendahara, new_member().id, 10_000)
    assert_books_sound(conn)
    with bendahara.write("ledger.post"):
        entry_id = ledger.write_entry(bendahara, date="2025-06-15", memo="Tanpa anggota",
                                      origin_type="manual", origin_id=None,
                                      lines=[Line("1-1300", debit=5_000), Line("4-1300", credit=5_000)])
        audit.log(bendahara, "ledger.post", f"entry:{entry_id}", entry_id=entry_id)
    found = {r.title: r.findings for r in checks.run(conn).results}
    assert len(found[CREDIT_TITLE]) == 2  # the totals differ, and the line names no member
    assert found["Amounts owed to suppliers equal Utang dagang"] == []
