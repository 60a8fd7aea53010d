"""The small queries and the batch event behind the Members and Savings pages: how many members
a search finds, the member a NIK belongs to, a member's purchases in a period, and one wajib
instalment for many members at once (all or nothing)."""

from __future__ import annotations

import pytest
from conftest import counts, make_nik

from kasir.books import members, returns, sales, savings
from kasir.books import profile as profile_mod
from kasir.books.sales import CartLine
from kasir.errors import InvalidInput, NotAllowed, PermissionDenied


def test_search_count_agrees_with_search(new_member, conn):
    for name in ("Siti Aminah", "Siti Rahayu", "Budi Santoso"):
        new_member(name=name, pay_pokok=False)
    for text in ("", "siti", "Budi", "0000", "nobody", "100%"):
        assert members.search_count(conn, text) == len(members.search(conn, text, limit=100))
    assert members.search_count(conn, "siti") == 2


def test_search_count_leaves_out_members_who_left(new_member, bendahara, conn):
    staying, leaving = new_member(name="Siti A"), new_member(name="Siti B")
    savings.settle_exit(bendahara, leaving.id)
    assert members.search_count(conn, "Siti") == 2
    assert members.search_count(conn, "Siti", include_exited=False) == 1
    assert [m.id for m in members.search(conn, "Siti", include_exited=False)] == [staying.id]


def test_find_by_nik(new_member, conn):
    member = new_member()
    assert members.find_by_nik(conn, member.nik) == member
    assert members.find_by_nik(conn, f"{member.nik[:8]} {member.nik[8:]}") == member
    assert members.find_by_nik(conn, make_nik()) is None


def test_member_purchases_count_sales_less_voids_and_returns(new_member, shop, shift, cashier,
                                                             bendahara, conn):
    buyer, other = new_member(), new_member()
    two, one = CartLine(2, item_id=shop.gula.id), CartLine(1, item_id=shop.gula.id)
    kept = sales.checkout(cashier, [two], member_id=buyer.id, tendered=100_000)
    voided = sales.checkout(cashier, [two], member_id=buyer.id, tendered=100_000)
    sales.checkout(cashier, [one], member_id=other.id, tendered=100_000)
    sales.checkout(cashier, [one], tendered=100_000)  # not a member
    returns.void(bendahara, voided.id, reason="salah input")
    line = kept.lines[0]
    returns.return_lines(bendahara, kept.id, {line.id: 1}, reason="rusak")

    bought = sales.member_purchases(conn, buyer.id, "2025-01-01", "2025-12-31")
    assert bought == sales.Purchases(1, kept.total - line.price)
    assert sales.member_purchases(conn, buyer.id, "2024-01-01", "2024-12-31") == sales.Purchases(0, 0)


def test_record_wajib_takes_one_instalment_from_each_member(new_member, bendahara, conn):
    first, second = new_member(), new_member()
    wajib = profile_mod.get(conn).wajib_amount
    seen = []
    ids = savings.record_wajib(bendahara, [first.id, second.id, first.id],
                               progress=lambda done, total: seen.append((done, total)))
    assert len(ids) == 2
    assert seen == [(1, 2), (2, 2)]
    for member in (first, second):
        assert savings.balance(conn, member.id, "wajib") == wajib
        row = savings.passbook(conn, member.id, "wajib")[-1]
        assert (row.memo, row.deposit, row.date.isoformat()) == \
            ("Setoran simpanan wajib 2025-06", wajib, "2025-06-15")
    before = {a.member_id: a.arrears for a in savings.arrears(conn, "2025-06-15")}
    savings.record_wajib(bendahara, [first.id])
    after = {a.member_id: a.arrears for a in savings.arrears(conn, "2025-06-15")}
    assert after[first.id] == before[first.id] - wajib
    assert after[second.id] == before[second.id]


def test_record_wajib_is_all_or_nothing(new_member, bendahara, conn):
    staying, leaving = new_member(), new_member()
    savings.settle_exit(bendahara, leaving.id)
    before = counts(conn)
    with pytest.raises(NotAllowed):
        savings.record_wajib(bendahara, [staying.id, leaving.id])
    assert counts(conn) == before
    assert savings.balance(conn, staying.id, "wajib") == 0


def test_record_wajib_refuses_no_members_and_roles_without_deposit(new_member, pengawas):
    member = new_member()
    with pytest.raises(InvalidInput):
        savings.record_wajib(pengawas, [])
    with pytest.raises(PermissionDenied):
        savings.record_wajib(pengawas, [member.id])


def test_search_after_a_member_pages_through_the_same_order(new_member, conn):
    for name in ("siti a", "Siti A", "Budi", "siti a", "Ani", "SITI B", "Citra"):
        new_member(name=name, pay_pokok=False)
    for text, exited in (("", True), ("siti", False)):
        whole = members.search(conn, text, limit=100, include_exited=exited)
        paged, last = [], None
        while page := members.search(conn, text, limit=2, after=last, include_exited=exited):
            paged += page
            last = page[-1]
        assert paged == whole
    assert [m.name for m in whole] == ["siti a", "Siti A", "siti a", "SITI B"]
