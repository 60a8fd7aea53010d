"""The Members page driven like a user: register with the NIK checked as it is typed, search
as you type, the member's card, correcting a member, the exit settlement, and what each role
may do."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_nik
from PySide6.QtWidgets import QLabel
from ui_support import click, retype, shown

from kasir.books import members, sales, savings
from kasir.books.sales import CartLine
from kasir.errors import InvalidNik
from kasir.i18n import date, rupiah
from kasir.ui.pages.members import MembersPage


@pytest.fixture
def members_page(ui_session, qtbot):
    return lambda role="bendahara": shown(qtbot, MembersPage(ui_session(role)))


def nik_refusal(text: str) -> str:
    with pytest.raises(InvalidNik) as refused:
        members.parse_nik(text, dt.date(2025, 6, 15))
    return str(refused.value)


def test_a_member_added_with_a_wrong_then_a_right_nik(members_page, qtbot, conn):
    page = members_page()
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert dialog.isVisible() and not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.name, "Siti Rahmawati")
    for wrong in ("3201015705", "9901015705800001", "3201013213800001"):
        retype(qtbot, dialog.nik, wrong)
        assert dialog.nik_status.text() == nik_refusal(wrong)
        assert not dialog.ok.isEnabled()
    assert "16" in nik_refusal("3201015705") and "99" in nik_refusal("9901015705800001")

    right = make_nik(dt.date(1980, 5, 17), "P")  # a woman: 40 added to the day
    retype(qtbot, dialog.nik, right)
    assert date(dt.date(1980, 5, 17)) in dialog.nik_status.text()
    assert dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.address, "Dusun Krajan RT 02")
    click(qtbot, dialog.ok)

    assert not dialog.isVisible()
    member = members.find_by_nik(conn, right)
    assert (member.name, member.gender, member.address) == ("Siti Rahmawati", "P", "Dusun Krajan RT 02")
    assert savings.balance(conn, member.id, "pokok") == 50_000
    assert [m.nik for m in page.model.rows] == [right]
    assert page.card.text("pokok") == rupiah(50_000)


def test_a_nik_already_registered_is_refused_while_typing(members_page, new_member, qtbot):
    taken = new_member(name="Budi Santoso")
    page = members_page()
    click(qtbot, page.add_button)
    qtbot.keyClicks(page.dialog.name, "Orang Lain")
    qtbot.keyClicks(page.dialog.nik, taken.nik)
    assert taken.number in page.dialog.nik_status.text()
    assert not page.dialog.ok.isEnabled()


def test_search_as_you_type_finds_by_name_number_and_nik(members_page, new_member, qtbot):
    siti = new_member(name="Siti Aminah", gender="P")
    budi = new_member(name="Budi Santoso")
    new_member(name="Joko Widodo", birth=dt.date(1990, 1, 2))
    page = members_page()
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, "amin")
    qtbot.waitUntil(lambda: [m.id for m in page.model.rows] == [siti.id], timeout=2000)
    assert page.card.member.id == siti.id and "Siti Aminah" in page.card.title.text()
    assert "1" in page.count.text()
    retype(qtbot, page.search, budi.number)
    qtbot.waitUntil(lambda: [m.id for m in page.model.rows] == [budi.id], timeout=2000)
    retype(qtbot, page.search, "3201010201")  # the NIK's start: region and birth day
    qtbot.waitUntil(lambda: [m.name for m in page.model.rows] == ["Joko Widodo"], timeout=2000)
    retype(qtbot, page.search, "nobody")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)


def test_the_member_card_shows_savings_per_kind_credit_and_purchases(members_page, new_member,
                                                                      bendahara, cashier, shop, shift):
    member = new_member(name="Siti Aminah", gender="P")
    savings.deposit(bendahara, member.id, "wajib", 40_000)
    savings.deposit(bendahara, member.id, "sukarela", 15_000)
    sale = sales.checkout(cashier, [CartLine(1, item_id=shop.gula.id)], member_id=member.id,
                          payment="credit")
    page = members_page()
    page.table.selectRow(0)
    card = page.card
    assert [card.text(k) for k in ("pokok", "wajib", "sukarela", "total")] == \
        [rupiah(50_000), rupiah(40_000), rupiah(15_000), rupiah(105_000)]
    assert card.text("credit") == rupiah(sale.total)
    assert rupiah(sale.total) in card.text("purchases")
    assert card.text("nik") == member.nik
    # joined 2025-01-10: six monthly instalments of 20.000 due by 15 June, two paid
    assert rupiah(80_000) in card.text("arrears")


def test_correcting_a_member_keeps_the_nik(members_page, new_member, qtbot, conn):
    member = new_member(name="Budi Santosa")
    page = members_page()
    page.table.selectRow(0)
    click(qtbot, page.edit_button)
    dialog = page.dialog
    assert dialog.nik.isReadOnly() and dialog.ok.isEnabled()
    retype(qtbot, dialog.name, "Budi Santoso")
    click(qtbot, dialog.ok)
    assert members.get(conn, member.id).name == "Budi Santoso"
    assert [m.name for m in page.model.rows] == ["Budi Santoso"]


def test_exit_settlement_needs_confirmation_and_refunds_savings_less_credit(members_page, new_member,
                                                                            bendahara, cashier, shop,
                                                                            shift, qtbot, conn):
    member = new_member(name="Siti Aminah", gender="P")
    savings.deposit(bendahara, member.id, "sukarela", 100_000)
    sale = sales.checkout(cashier, [CartLine(1, item_id=shop.gula.id)], member_id=member.id,
                          payment="credit")
    page = members_page("ketua")
    page.table.selectRow(0)
    click(qtbot, page.exit_button)
    dialog = page.dialog
    refund = 150_000 - sale.total
    assert dialog.findChild(QLabel, "exit_refund").text() == rupiah(refund)
    assert not dialog.ok.isEnabled()
    click(qtbot, dialog.sure)
    assert dialog.ok.isEnabled()
    click(qtbot, dialog.ok)
    assert not dialog.isVisible()
    assert dialog.result_value.refund == refund
    assert members.get(conn, member.id).status == "exited"
    assert savings.balances(conn, member.id) == {"pokok": 0, "wajib": 0, "sukarela": 0}
    assert not page.exit_button.isEnabled()


@pytest.mark.parametrize("role, write, leave", [("bendahara", True, True), ("ketua", True, True),
                                                ("kasir", False, False), ("pengawas", False, False)])
def test_what_each_role_may_do(members_page, role, write, leave):
    page = members_page(role)
    assert page.add_button.isVisibleTo(page) is write
    assert page.edit_button.isVisibleTo(page) is write
    assert page.exit_button.isVisibleTo(page) is leave
    page.add_member()
    assert (page.dialog is not None) is write
