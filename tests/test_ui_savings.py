"""The Savings page driven like a user: a deposit, a refused withdrawal, the passbook and its
PDF, the wajib arrears list with "record this month's wajib" (at once and in the background),
and what each role may do."""

from __future__ import annotations

import pdfplumber
import pytest
from conftest import counts
from PySide6.QtCore import QItemSelectionModel, Qt
from ui_support import click, shown

from kasir.books import savings
from kasir.i18n import rupiah
from kasir.ui.pages.savings import SavingsPage


@pytest.fixture
def savings_page(ui_session, qtbot):
    return lambda role="bendahara": shown(qtbot, SavingsPage(ui_session(role)))


def pick(qtbot, picker, text: str) -> None:
    qtbot.keyClicks(picker.field, text)
    qtbot.keyClick(picker.field, Qt.Key.Key_Return)


def test_a_deposit_and_a_refused_withdrawal(savings_page, new_member, qtbot, conn):
    member = new_member(name="Siti Aminah", gender="P")
    page = savings_page()
    click(qtbot, page.deposit_button)
    dialog = page.dialog
    assert not dialog.ok.isEnabled()  # no member yet
    pick(qtbot, dialog.picker, "amin")
    assert dialog.member.id == member.id and dialog.ok.isEnabled()
    assert dialog.isVisible() and not dialog.error.text()  # Enter took the match, not OK
    dialog.kind.setCurrentIndex(dialog.kind.findData("sukarela"))
    qtbot.keyClicks(dialog.amount, "25.000")
    click(qtbot, dialog.ok)
    assert not dialog.isVisible()
    assert savings.balance(conn, member.id, "sukarela") == 25_000
    assert page.member.id == member.id
    assert rupiah(25_000) in page.status.text()
    assert page.model.rows[-1].deposit == 25_000

    before = counts(conn)
    click(qtbot, page.withdraw_button)
    dialog = page.dialog
    assert dialog.member.id == member.id and dialog.kind.currentData() == "sukarela"
    assert dialog.balance.text() == rupiah(25_000)
    qtbot.keyClicks(dialog.amount, "30000")
    click(qtbot, dialog.ok)
    assert dialog.isVisible()  # refused: the dialog stays with what was typed
    assert rupiah(25_000) in dialog.error.text() and rupiah(30_000) in dialog.error.text()
    assert savings.balance(conn, member.id, "sukarela") == 25_000
    assert counts(conn) == before

    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "10.000")
    click(qtbot, dialog.ok)
    assert not dialog.isVisible()
    assert savings.balance(conn, member.id, "sukarela") == 15_000
    assert page.model.rows[-1].withdrawal == 10_000


def test_the_member_is_picked_with_the_keyboard(savings_page, new_member, bendahara, qtbot):
    first, second = new_member(name="Siti Aminah"), new_member(name="Siti Badriah")
    gone = new_member(name="Siti Cahaya")
    savings.settle_exit(bendahara, gone.id)
    page = savings_page()
    qtbot.keyClicks(page.picker.field, "siti")
    assert page.picker.matches.count() == 2  # only active members
    qtbot.keyClick(page.picker.field, Qt.Key.Key_Down)
    qtbot.keyClick(page.picker.matches, Qt.Key.Key_Down)
    qtbot.keyClick(page.picker.matches, Qt.Key.Key_Return)
    assert page.member.id == second.id and not page.picker.matches.isVisible()
    assert [r.memo for r in page.model.rows] == ["Simpanan pokok"]
    page.picker.field.selectAll()
    qtbot.keyClicks(page.picker.field, "amin")  # typing again drops the choice
    assert page.member is None and page.model.rowCount() == 0
    qtbot.keyClick(page.picker.field, Qt.Key.Key_Return)
    assert page.member.id == first.id


def deposit_dialog(qtbot, page, member, kind: str):
    """The deposit dialog opened with F2's button for ``member``, at ``kind``."""
    page.choose(member)
    click(qtbot, page.deposit_button)
    page.dialog.kind.setCurrentIndex(page.dialog.kind.findData(kind))
    return page.dialog


def test_a_typed_amount_that_is_not_one_is_refused_in_the_dialog(savings_page, new_member, qtbot, conn):
    dialog = deposit_dialog(qtbot, savings_page(), new_member(), "sukarela")
    before = counts(conn)
    qtbot.keyClicks(dialog.amount, "12,5")
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and dialog.error.text()
    assert counts(conn) == before


def test_wajib_is_suggested_at_the_ad_art_amount(savings_page, new_member, qtbot, conn):
    member = new_member()
    dialog = deposit_dialog(qtbot, savings_page(), member, "wajib")
    assert dialog.amount.amount() == 20_000
    click(qtbot, dialog.ok)
    assert savings.balance(conn, member.id, "wajib") == 20_000


def test_the_passbook_shows_movements_by_kind(savings_page, new_member, bendahara, qtbot):
    member = new_member(name="Budi Santoso")
    savings.deposit(bendahara, member.id, "wajib", 20_000)
    savings.deposit(bendahara, member.id, "sukarela", 70_000)
    savings.withdraw(bendahara, member.id, 30_000)
    page = savings_page()
    pick(qtbot, page.picker, member.number)
    assert [(r.kind, r.total) for r in page.model.rows] == \
        [("pokok", 50_000), ("wajib", 70_000), ("sukarela", 140_000), ("sukarela", 110_000)]
    assert rupiah(110_000) in page.summary.text()
    page.kind.setCurrentIndex(page.kind.findData("sukarela"))
    assert [r.balance for r in page.model.rows] == [70_000, 40_000]
    assert page.model.data(page.model.index(1, 4)) == rupiah(30_000, symbol=False)


def test_the_passbook_is_saved_as_pdf(savings_page, new_member, bendahara, qtbot, tmp_path):
    pytest.importorskip("kasir.reports.passbook")
    member = new_member(name="Siti Aminah", gender="P")
    savings.deposit(bendahara, member.id, "sukarela", 123_000)
    page = savings_page()
    page.choose(member)
    click(qtbot, page.pdf_button)
    chooser = page.dialog
    assert chooser.objectName() == "passbookFileDialog" and chooser.isVisible()
    out = tmp_path / "buku-siti.pdf"
    chooser.selectFile(str(out))
    chooser.accept()
    assert out.exists()
    with pdfplumber.open(out) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "Siti Aminah" in text and member.number in text
    assert rupiah(123_000, symbol=False) in text
    assert str(out) in page.status.text()


def arrears_panel(page):
    page.tabs.setCurrentWidget(page.arrears)
    return page.arrears


def select_rows(panel, rows) -> None:
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        panel.table.selectionModel().select(panel.model.index(row, 0), flags)


def test_arrears_list_and_wajib_recorded_for_two_members(savings_page, new_member, qtbot, conn):
    first, second, third = (new_member(name=n) for n in ("Ani", "Budi", "Citra"))
    panel = arrears_panel(savings_page())
    assert [a.member_id for a in panel.model.rows] == [first.id, second.id, third.id]
    assert rupiah(3 * 120_000) in panel.info.text()  # 6 months x 20.000 each, none paid
    assert not panel.record.isEnabled()
    select_rows(panel, [0, 2])
    assert panel.record.isEnabled() and "2" in panel.record.text()
    click(qtbot, panel.record)
    assert [savings.balance(conn, m.id, "wajib") for m in (first, second, third)] == [20_000, 0, 20_000]
    assert {a.member_id: a.arrears for a in panel.model.rows} == \
        {first.id: 100_000, second.id: 120_000, third.id: 100_000}
    assert rupiah(40_000) in panel.status.text()


def test_many_members_are_recorded_in_the_background(savings_page, new_member, qtbot, conn):
    people = [new_member() for _ in range(3)]
    page = savings_page()
    panel = page.arrears
    panel.model.PAGE = 2  # so Ctrl+A must select rows not loaded yet
    panel.BACKGROUND_AT = 2
    page.tabs.setCurrentWidget(panel)
    assert panel.model.rowCount() == 2
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert panel.selected_ids() == [m.id for m in people]
    click(qtbot, panel.record)
    assert panel.job is not None
    qtbot.waitUntil(lambda: panel.job is None, timeout=10_000)
    assert [savings.balance(conn, m.id, "wajib") for m in people] == [20_000] * 3
    assert [a.arrears for a in panel.model.rows] == [100_000] * 3
    assert "3" in panel.status.text()


@pytest.mark.parametrize("role, deposit, withdraw", [("bendahara", True, True), ("kasir", True, False),
                                                     ("ketua", False, False), ("pengawas", False, False)])
def test_what_each_role_may_do(savings_page, role, deposit, withdraw):
    page = savings_page(role)
    assert page.deposit_button.isVisibleTo(page) is deposit
    assert page.withdraw_button.isVisibleTo(page) is withdraw
    assert page.arrears.record.isVisibleTo(page.arrears) is deposit
    page.withdraw()
    assert (page.dialog is not None) is withdraw
