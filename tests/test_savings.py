"""Members' savings: deposits and withdrawals with their ledger postings, the pokok and wajib
rules, balances and the passbook, wajib arrears, corrections, the exit settlement, and who may
do what."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import counts, db_totals, make_nik, post_shop_credit

from kasir.books import ledger, members, savings, users
from kasir.books import profile as profile_mod
from kasir.books.ledger import Line
from kasir.errors import InsufficientBalance, InvalidAmount, InvalidInput, NotAllowed, PermissionDenied

CONTROL = {"pokok": "3-1100", "wajib": "3-1200", "sukarela": "2-1200"}


def entry_of(conn, tx_id: int) -> ledger.Entry:
    entry_id = conn.execute("SELECT entry_id FROM savings_tx WHERE id = ?", (tx_id,)).fetchone()[0]
    return ledger.entry(conn, entry_id)


def assert_subledger_matches_control(conn, as_of="2025-06-15") -> None:
    totals = savings.totals_by_kind(conn, as_of)
    assert {k: -ledger.balance(conn, code, as_of) for k, code in CONTROL.items()} == totals
    debit, credit = db_totals(conn)
    assert debit == credit


# ---- deposits ----------------------------------------------------------------------------

@pytest.mark.parametrize("via, cash", [("cash", "1-1100"), ("bank", "1-1200")])
@pytest.mark.parametrize("kind, amount", [("pokok", 50_000), ("wajib", 20_000), ("sukarela", 123_456)])
def test_deposit_posts_cash_or_bank_against_the_savings_account(bendahara, conn, new_member, via, cash,
                                                                  kind, amount):
    member = new_member(pay_pokok=False)
    tx = savings.deposit(bendahara, member.id, kind, amount, date="2025-06-01", via=via)
    entry = entry_of(conn, tx)
    assert entry.lines == (Line(cash, debit=amount),
                           Line(CONTROL[kind], credit=amount, member_id=member.id))
    assert (entry.origin_type, entry.origin_id, entry.date) == ("savings", tx, dt.date(2025, 6, 1))
    assert conn.execute("SELECT kind, type, amount FROM savings_tx WHERE id = ?", (tx,)).fetchone() \
        == (kind, "deposit", amount)
    assert savings.balance(conn, member.id, kind) == amount
    assert_subledger_matches_control(conn)


def test_pokok_may_be_paid_in_parts_but_never_beyond_the_profile_amount(bendahara, conn, new_member):
    member = new_member(pay_pokok=False)
    with pytest.raises(InvalidInput):
        savings.deposit(bendahara, member.id, "pokok", 60_000)
    savings.deposit(bendahara, member.id, "pokok", 20_000)
    with pytest.raises(InvalidInput):
        savings.deposit(bendahara, member.id, "pokok", 30_001)
    savings.deposit(bendahara, member.id, "pokok", 30_000)
    assert savings.balance(conn, member.id, "pokok") == profile_mod.get(conn).pokok_amount


def test_pokok_cannot_be_paid_twice(bendahara, conn, new_member):
    member = new_member()  # pays pokok on registering
    before = counts(conn)
    with pytest.raises(NotAllowed):
        savings.deposit(bendahara, member.id, "pokok", 50_000)
    assert counts(conn) == before


@pytest.mark.parametrize("amount", [0, -5_000, 1000.0, 1000.5, "1000", True, None])
def test_amounts_must_be_positive_whole_rupiah(bendahara, conn, new_member, amount):
    member = new_member()
    savings.deposit(bendahara, member.id, "sukarela", 10_000)
    before = counts(conn)
    with pytest.raises(InvalidAmount):
        savings.deposit(bendahara, member.id, "sukarela", amount)
    with pytest.raises(InvalidAmount):
        savings.withdraw(bendahara, member.id, amount)
    assert counts(conn) == before


def test_deposit_before_the_join_date_is_refused(bendahara, conn, new_member):
    member = new_member(join_date="2025-03-01")
    with pytest.raises(InvalidInput) as err:
        savings.deposit(bendahara, member.id, "wajib", 20_000, date="2025-02-28")
    assert err.value.params["joined"] == "2025-03-01"


def test_unknown_kind_or_payment_method_is_refused(bendahara, conn, new_member):
    member = new_member()
    before = counts(conn)
    with pytest.raises(InvalidInput):
        savings.deposit(bendahara, member.id, "hari_raya", 10_000)
    with pytest.raises(InvalidInput):
        savings.deposit(bendahara, member.id, "sukarela", 10_000, via="gopay")
    assert counts(conn) == before


# ---- withdrawals -------------------------------------------------------------------------

def test_withdrawal_beyond_the_sukarela_balance_is_refused_and_writes_nothing(bendahara, conn,
                                                                                new_member):
    member = new_member()
    savings.deposit(bendahara, member.id, "sukarela", 100_000)
    before = counts(conn)
    with pytest.raises(InsufficientBalance):
        savings.withdraw(bendahara, member.id, 100_001)
    assert counts(conn) == before
    tx = savings.withdraw(bendahara, member.id, 100_000, via="bank")
    assert entry_of(conn, tx).lines == (Line("2-1200", debit=100_000, member_id=member.id),
                                        Line("1-1200", credit=100_000))
    assert savings.balance(conn, member.id, "sukarela") == 0


def test_withdrawal_dated_before_the_deposit_is_refused(bendahara, conn, new_member):
    member = new_member()
    savings.deposit(bendahara, member.id, "sukarela", 100_000, date="2025-06-10")
    with pytest.raises(InsufficientBalance):
        savings.withdraw(bendahara, member.id, 50_000, date="2025-06-05")


@pytest.mark.parametrize("kind", ["pokok", "wajib"])
def test_pokok_and_wajib_cannot_be_withdrawn_while_a_member(bendahara, conn, new_member, kind):
    member = new_member()
    savings.deposit(bendahara, member.id, "wajib", 20_000)
    before = counts(conn)
    with pytest.raises(NotAllowed):
        savings.withdraw(bendahara, member.id, 10_000, kind=kind)
    assert counts(conn) == before


# ---- balances, passbook, arrears ---------------------------------------------------------

@pytest.fixture
def saver(bendahara, new_member):
    """Joined 2025-01-10 (pokok paid), wajib for Jan and Feb, sukarela in and out."""
    member = new_member(join_date="2025-01-10")
    savings.deposit(bendahara, member.id, "wajib", 20_000, date="2025-01-10")
    savings.deposit(bendahara, member.id, "wajib", 20_000, date="2025-02-05")
    savings.deposit(bendahara, member.id, "sukarela", 100_000, date="2025-05-02")
    savings.withdraw(bendahara, member.id, 30_000, date="2025-06-01")
    return member


@pytest.mark.parametrize("as_of, expected", [
    ("2025-01-09", {"pokok": 0, "wajib": 0, "sukarela": 0}),
    ("2025-01-31", {"pokok": 50_000, "wajib": 20_000, "sukarela": 0}),
    ("2025-05-31", {"pokok": 50_000, "wajib": 40_000, "sukarela": 100_000}),
    (None, {"pokok": 50_000, "wajib": 40_000, "sukarela": 70_000}),
])
def test_balances_as_of_a_date(saver, conn, as_of, expected):
    assert savings.balances(conn, saver.id, as_of) == expected
    assert_subledger_matches_control(conn, as_of or "2025-06-15")


def test_passbook_has_running_balances_in_date_order(saver, conn):
    rows = savings.passbook(conn, saver.id)
    assert [(r.date.isoformat(), r.kind, r.deposit, r.withdrawal, r.balance, r.total) for r in rows] == [
        ("2025-01-10", "pokok", 50_000, 0, 50_000, 50_000),
        ("2025-01-10", "wajib", 20_000, 0, 20_000, 70_000),
        ("2025-02-05", "wajib", 20_000, 0, 40_000, 90_000),
        ("2025-05-02", "sukarela", 100_000, 0, 100_000, 190_000),
        ("2025-06-01", "sukarela", 0, 30_000, 70_000, 160_000),
    ]
    assert [r.balance for r in savings.passbook(conn, saver.id, "sukarela")] == [100_000, 70_000]


def test_monthly_wajib_arrears(saver, conn, new_member, bendahara):
    punctual = new_member(join_date="2025-06-02")
    savings.deposit(bendahara, punctual.id, "wajib", 20_000)
    found = savings.arrears(conn, "2025-06-15")
    assert [(a.member_id, a.due, a.paid, a.arrears, a.periods) for a in found] == \
        [(saver.id, 120_000, 40_000, 80_000, 4)]
    assert savings.arrears(conn, "2025-02-28") == []
    assert savings.arrears(conn, "2025-03-01", member_id=saver.id)[0].arrears == 20_000


def test_quarterly_wajib_arrears_after_the_chair_changes_the_frequency(saver, conn, ketua, bendahara):
    with pytest.raises(PermissionDenied):
        profile_mod.update(bendahara, wajib_frequency="quarterly")
    profile_mod.update(ketua, wajib_frequency="quarterly")
    assert profile_mod.get(conn).wajib_frequency == "quarterly"
    assert savings.arrears(conn, "2025-06-15") == []  # instalments Jan and Apr, both paid
    late = savings.arrears(conn, "2025-07-01")
    assert [(a.due, a.arrears, a.periods) for a in late] == [(60_000, 20_000, 1)]


# ---- corrections -------------------------------------------------------------------------

def test_reverse_posts_a_negated_transaction_and_entry(bendahara, conn, new_member):
    member = new_member()
    tx = savings.deposit(bendahara, member.id, "sukarela", 75_000, date="2025-06-10")
    rev = savings.reverse(bendahara, tx, reason="salah anggota")
    assert conn.execute("SELECT type, amount, reverses_id, date FROM savings_tx WHERE id = ?",
                        (rev,)).fetchone() == ("reversal", -75_000, tx, "2025-06-10")
    assert entry_of(conn, rev).reverses_id == entry_of(conn, tx).id
    assert savings.balance(conn, member.id, "sukarela") == 0
    assert_subledger_matches_control(conn)
    with pytest.raises(NotAllowed):
        savings.reverse(bendahara, tx, reason="lagi")
    with pytest.raises(NotAllowed):
        savings.reverse(bendahara, rev, reason="balik lagi")
    with pytest.raises(InvalidInput):
        savings.reverse(bendahara, rev, reason=" ")


def test_reverse_of_a_deposit_already_withdrawn_is_refused(bendahara, conn, new_member):
    member = new_member()
    tx = savings.deposit(bendahara, member.id, "sukarela", 75_000)
    savings.withdraw(bendahara, member.id, 50_000)
    before = counts(conn)
    with pytest.raises(InsufficientBalance):
        savings.reverse(bendahara, tx, reason="salah")
    assert counts(conn) == before


# ---- leaving the co-op -------------------------------------------------------------------

def test_exit_refunds_all_savings_less_what_is_owed_and_closes_the_membership(saver, bendahara, conn):
    post_shop_credit(bendahara, saver.id, 25_000)
    assert members.owed(conn, saver.id) == 25_000
    kas_before = ledger.balance(conn, "1-1100", "2025-06-15")
    done = savings.settle_exit(bendahara, saver.id)
    assert (done.pokok, done.wajib, done.sukarela, done.owed, done.refund) == \
        (50_000, 40_000, 70_000, 25_000, 135_000)
    assert ledger.balance(conn, "1-1100", "2025-06-15") == kas_before - 135_000
    assert sorted(ledger.entry(conn, done.entry_id).lines, key=lambda ln: ln.account) == [
        Line("1-1100", credit=135_000), Line("1-1300", credit=25_000, member_id=saver.id),
        Line("2-1200", debit=70_000, member_id=saver.id), Line("3-1100", debit=50_000, member_id=saver.id),
        Line("3-1200", debit=40_000, member_id=saver.id)]
    exited = members.get(conn, saver.id)
    assert (exited.status, exited.exit_date) == ("exited", dt.date(2025, 6, 15))
    assert savings.balances(conn, saver.id) == {"pokok": 0, "wajib": 0, "sukarela": 0}
    assert members.owed(conn, saver.id) == 0
    assert_subledger_matches_control(conn)
    with pytest.raises(NotAllowed):
        savings.deposit(bendahara, saver.id, "sukarela", 10_000)
    with pytest.raises(NotAllowed):
        savings.settle_exit(bendahara, saver.id)


def test_exit_is_refused_when_the_member_owes_more_than_their_savings(saver, bendahara, conn):
    post_shop_credit(bendahara, saver.id, 200_000)
    before = counts(conn)
    with pytest.raises(NotAllowed):
        savings.settle_exit(bendahara, saver.id)
    assert counts(conn) == before
    assert members.get(conn, saver.id).status == "active"


# ---- permissions -------------------------------------------------------------------------

def test_cashier_may_deposit_but_not_withdraw_or_reverse(cashier, bendahara, conn, new_member):
    member = new_member()
    tx = savings.deposit(cashier, member.id, "sukarela", 40_000)
    assert conn.execute("SELECT created_by FROM savings_tx WHERE id = ?", (tx,)).fetchone()[0] == \
        cashier.user.id
    before = counts(conn)
    with pytest.raises(PermissionDenied):
        savings.withdraw(cashier, member.id, 10_000)
    with pytest.raises(PermissionDenied):
        savings.reverse(cashier, tx, reason="salah")
    with pytest.raises(PermissionDenied):
        savings.settle_exit(cashier, member.id)
    assert counts(conn) == before


def test_supervisor_may_read_but_write_nothing(pengawas, bendahara, conn, new_member):
    member = new_member()
    tx = savings.deposit(bendahara, member.id, "sukarela", 40_000)
    before = counts(conn)
    refused = [
        lambda: savings.deposit(pengawas, member.id, "wajib", 20_000),
        lambda: savings.withdraw(pengawas, member.id, 10_000),
        lambda: savings.reverse(pengawas, tx, reason="periksa"),
        lambda: savings.settle_exit(pengawas, member.id),
        lambda: members.register(pengawas, nik=make_nik(), name="Tono", gender="L"),
        lambda: members.update(pengawas, member.id, name="Diubah"),
        lambda: ledger.post(pengawas, "2025-06-10", "Coba", [Line("1-1100", debit=1),
                                                              Line("3-1400", credit=1)]),
        lambda: ledger.close_month(pengawas, "2025-05"),
        lambda: ledger.add_account(pengawas, "6-1800", "Beban", "expense"),
        lambda: profile_mod.update(pengawas, wajib_amount=25_000),
        lambda: users.create_user(pengawas, "tamu", "Tamu datang sore hari", "kasir"),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied):
            attempt()
    assert counts(conn) == before
    assert savings.balances(conn, member.id)["sukarela"] == 40_000  # reading is allowed
