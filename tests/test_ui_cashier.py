"""The cashier screen driven like a cashier: scan, pay, receipt bytes out of an ESC/POS File
target, and the books showing the sale; refusals (HET, cap, NIK, cash below the total) shown
with nothing written; voiding by role; opening and closing the shift with a drawer count."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY, make_nik
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shop_support import GULA_OTHER, LPG_OTHER, SPHP_MEMBER, assert_books_sound, snapshot

from kasir.books import ledger, regulated, sales, shifts
from kasir.i18n import rupiah
from kasir.reports.receipt import PrinterSettings
from kasir.ui.cashier_dialogs import MemberDialog, NikDialog, VoidDialog
from kasir.ui.cashier_pay import PayDialog
from kasir.ui.cashier_shift import CloseShiftDialog
from kasir.ui.pages.cashier import CashierPage

CUT = b"\x1dV"


@pytest.fixture
def printer(admin, tmp_path):
    """Receipts go to an ESC/POS File target in the test's folder (58 mm paper)."""
    target = tmp_path / "printer.bin"
    PrinterSettings.save(admin, PrinterSettings("file", str(target), 58))
    return target


@pytest.fixture
def open_page(qtbot, ui_session, shop, printer):
    def make(role: str = "kasir") -> CashierPage:
        page = CashierPage(ui_session(role))
        qtbot.addWidget(page)
        page.resize(1366, 700)
        with qtbot.waitActive(page):
            page.show()
            page.activateWindow()
        return page
    return make


def scan(qtbot, page: CashierPage, code: str) -> None:
    qtbot.keyClicks(page.barcode, code)
    qtbot.keyClick(page.barcode, Qt.Key.Key_Return)


def cart_rows(page: CashierPage) -> list[tuple[str, int]]:
    return [(row.item.name, row.quantity) for row in page.cart.rows]


def pay(qtbot, page: CashierPage, tendered: str = "") -> PayDialog:
    qtbot.keyClick(page.barcode, Qt.Key.Key_F12)
    dialog = page.dialog
    assert isinstance(dialog, PayDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.tendered, tendered)
    qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)
    return dialog


def test_a_whole_sale_from_scan_to_receipt_bytes(qtbot, open_page, conn, shop, shift, printer):
    page = open_page()
    assert page.barcode.hasFocus()
    scan(qtbot, page, "GULA1")
    scan(qtbot, page, "GULA1")  # the same item again: one line, quantity 2
    assert cart_rows(page) == [(shop.gula.name, 2)]
    scan(qtbot, page, "*3")     # the current line becomes 3
    assert cart_rows(page) == [(shop.gula.name, 3)]
    assert page.total_label.text() == rupiah(3 * GULA_OTHER)
    assert page.cart.data(page.cart.index(0, 4)) == rupiah(3 * GULA_OTHER, symbol=False)
    dialog = pay(qtbot, page, "100000")
    assert not dialog.isVisible()
    sale = dialog.sale
    change = 100_000 - 3 * GULA_OTHER
    assert (sale.total, sale.tendered, sale.change) == (3 * GULA_OTHER, 100_000, change)
    assert page.cart.rows == [] and rupiah(change) in page.change_label.text()
    data = printer.read_bytes()
    assert sale.receipt.encode() in data and rupiah(3 * GULA_OTHER).encode() in data
    assert rupiah(change).encode() in data and CUT in data
    # the books show the sale: the day's sales of till 1 and its posted entry
    assert sales.of_day(conn, TODAY, "1") == [(sale.id, sale.receipt, 3 * GULA_OTHER, "cash", 0)]
    entry_id = conn.execute("SELECT entry_id FROM sales WHERE id = ?", (sale.id,)).fetchone()[0]
    assert ledger.entry(conn, entry_id).lines[0] == ledger.Line("1-1100", debit=3 * GULA_OTHER)
    assert_books_sound(conn)
    # F9 reprints the last receipt as a copy
    qtbot.keyClick(page.barcode, Qt.Key.Key_F9)
    assert sale.receipt.encode() in printer.read_bytes() and printer.read_bytes() != data


def test_cash_below_the_total_is_refused_in_the_pay_dialog(qtbot, open_page, conn, shop, shift):
    page = open_page()
    scan(qtbot, page, "2*GULA1")
    before = snapshot(conn)
    dialog = pay(qtbot, page, "30000")
    assert dialog.isVisible() and dialog.sale is None
    assert rupiah(2 * GULA_OTHER) in dialog.error.text() and rupiah(30_000) in dialog.error.text()
    assert rupiah(2 * GULA_OTHER - 30_000) in dialog.change_label.text()  # "short by" as typed
    assert snapshot(conn) == before and len(page.cart.rows) == 1
    dialog.tendered.clear()
    qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)  # empty: the exact amount
    assert not dialog.isVisible() and dialog.sale.tendered == 2 * GULA_OTHER


def test_a_name_typed_shows_matches_to_pick(qtbot, open_page, shop, shift):
    page = open_page()
    qtbot.keyClicks(page.barcode, "gul")
    qtbot.waitUntil(page.matches.isVisible, timeout=2000)
    assert page.matches.count() == 1 and shop.gula.name in page.matches.item(0).text()
    qtbot.keyClick(page.barcode, Qt.Key.Key_Return)
    assert cart_rows(page) == [(shop.gula.name, 1)] and not page.matches.isVisible()
    scan(qtbot, page, "NOSUCHCODE")
    assert "NOSUCHCODE" in page.message.text() and len(page.cart.rows) == 1


def test_quantity_edit_in_the_table_and_delete_line(qtbot, open_page, shop, shift):
    page = open_page()
    scan(qtbot, page, "GULA1")
    qtbot.keyClick(page.barcode, Qt.Key.Key_F4)
    editor = QApplication.focusWidget()
    assert editor is not page.barcode and page.table.isAncestorOf(editor)
    editor.selectAll()
    qtbot.keyClicks(editor, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: cart_rows(page) == [(shop.gula.name, 4)], timeout=2000)
    assert page.barcode.hasFocus()
    scan(qtbot, page, "*9")  # only 7 on hand: the checkout would refuse; the cart allows it
    qtbot.keyClick(page.barcode, Qt.Key.Key_Delete)
    assert page.cart.rows == [] and page.total_label.text() == rupiah(0)


def test_het_and_cap_refusals_are_shown_and_nothing_is_written(qtbot, open_page, conn, bendahara,
                                                               shop, shift, new_member, english):
    member = new_member(name="Siti Aminah", gender="P")
    page = open_page()
    qtbot.keyClick(page.barcode, Qt.Key.Key_F2)
    dialog = page.dialog
    assert isinstance(dialog, MemberDialog)
    qtbot.keyClicks(dialog.picker.field, member.number)
    qtbot.keyClick(dialog.picker.field, Qt.Key.Key_Return)
    assert not dialog.isVisible() and page.member == member
    assert member.name in page.buyer_label.text()
    before = snapshot(conn)
    scan(qtbot, page, "3*SPHP5")  # 15 kg: the cap is 10 kg per buyer per day
    assert page.cart.rows == [] and "10 kg" in page.message.text() and "15 kg" in page.message.text()
    scan(qtbot, page, "2*SPHP5")
    assert cart_rows(page) == [(shop.sphp.name, 2)]
    assert page.total_label.text() == rupiah(2 * SPHP_MEMBER)
    scan(qtbot, page, "*3")
    assert cart_rows(page) == [(shop.sphp.name, 2)] and "10 kg" in page.message.text()
    # a decree lowers the HET to 60.000 a pack: the next scan is refused at once
    page.delete_line()
    regulated.add_rule(bendahara, product="sphp", rule="het", zone=1, amount=12_000,
                       per_quantity=1000, valid_from="2025-06-01", source="test decree")
    before = snapshot(conn)
    scan(qtbot, page, "SPHP5")
    assert page.cart.rows == [] and "HET" in page.message.text() and "60.000" in page.message.text()
    assert page.message.property("kind") == "error"
    assert snapshot(conn) == before


def test_missing_nik_prompts_and_the_sale_keeps_it(qtbot, open_page, conn, shop, shift, printer):
    page = open_page()
    scan(qtbot, page, "LPG3")
    dialog = page.dialog
    assert isinstance(dialog, NikDialog) and dialog.isVisible() and page.cart.rows == []
    qtbot.keyClicks(dialog.edit, "3201013102800001")  # 31 February
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and "3201013102800001" in dialog.error.text()
    nik = make_nik(dt.date(1990, 8, 1), "P")
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, nik)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert not dialog.isVisible() and cart_rows(page) == [(shop.lpg.name, 1)]
    assert nik in page.buyer_label.text()
    sale = pay(qtbot, page).sale
    assert (sale.buyer_nik, sale.member_id, sale.total) == (nik, None, LPG_OTHER)
    assert page.buyer_nik is None  # the next buyer starts as a non-member without NIK


def test_member_credit_and_non_cash_payments(qtbot, open_page, conn, shop, shift, new_member):
    member = new_member()
    page = open_page()
    page._set_buyer(member, None)
    scan(qtbot, page, "GULA1")
    qtbot.keyClick(page.barcode, Qt.Key.Key_F12)
    dialog = page.dialog
    assert dialog.button("credit").isEnabled() and rupiah(500_000) in dialog.credit_label.text()
    dialog.choose("credit")
    dialog.accept()
    assert dialog.sale.payment == "credit" and page.cart.rows == []
    scan(qtbot, page, "GULA1")  # a non-member now: no credit, non-cash needs its reference
    qtbot.keyClick(page.barcode, Qt.Key.Key_F12)
    dialog = page.dialog
    assert not dialog.button("credit").isEnabled()
    dialog.choose("noncash")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text()
    dialog.kind.setCurrentText("QRIS")
    qtbot.keyClicks(dialog.reference, "TX-991")
    dialog.accept()
    assert dialog.sale.reference == "QRIS TX-991" and dialog.sale.payment == "noncash"


def test_a_cashier_cannot_void_but_the_treasurer_can_with_a_reason(qtbot, open_page, conn, cashier,
                                                                  shop, shift):
    sale = sales.checkout(cashier, [sales.CartLine(1, item_id=shop.gula.id)])
    page = open_page("kasir")
    assert not page.key_buttons["void_sale"].isVisibleTo(page)
    assert "F10" not in dict(page.keys) and "F12" in dict(page.keys)
    qtbot.keyClick(page.barcode, Qt.Key.Key_F10)
    assert page.dialog is None and not sales.get(conn, sale.id).voided

    page = open_page("bendahara")
    assert page.key_buttons["void_sale"].isVisibleTo(page) and "F10" in dict(page.keys)
    qtbot.keyClick(page.barcode, Qt.Key.Key_F10)
    dialog = page.dialog
    assert isinstance(dialog, VoidDialog) and dialog.chosen_receipt() == sale.receipt
    dialog.accept()  # no reason: refused by the books, the dialog stays
    assert dialog.isVisible() and dialog.error.text() and not sales.get(conn, sale.id).voided
    qtbot.keyClicks(dialog.reason, "salah input")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible() and sales.get(conn, sale.id).voided
    assert sale.receipt in page.message.text()


def test_shift_open_with_a_float_and_close_with_a_drawer_count(qtbot, open_page, conn, shop, english):
    page = open_page()
    assert page.stack.currentWidget() is page.open_panel and page.open_panel.float_edit.hasFocus()
    qtbot.keyClicks(page.open_panel.float_edit, "150.000")
    qtbot.keyClick(page.open_panel.float_edit, Qt.Key.Key_Return)
    shift = shifts.current(conn, "1")
    assert shift.float == 150_000 and page.stack.currentIndex() == 1 and page.barcode.hasFocus()
    scan(qtbot, page, "2*GULA1")
    pay(qtbot, page, "50000")
    qtbot.keyClick(page.barcode, Qt.Key.Key_F7)
    dialog = page.dialog
    assert isinstance(dialog, CloseShiftDialog)
    expected = 150_000 + 2 * GULA_OTHER
    assert dialog.expected_label.text() == rupiah(expected)
    for denomination, n in ((100_000, 1), (50_000, 1), (20_000, 1), (10_000, 1), (5_000, 1),
                            (500, 1), (200, 2)):
        dialog.counts[denomination].setValue(n)
    counted = 185_900
    assert dialog.counted_label.text() == rupiah(counted)
    assert dialog.difference_label.text() == f"short by {rupiah(expected - counted)}"
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and shifts.current(conn, "1") is None
    summary = shifts.summary(conn, shift.id)
    assert (summary.expected, summary.counted, summary.difference) == (expected, counted, -100)
    assert page.stack.currentWidget() is page.open_panel
    assert f"short by {rupiah(100)}" in page.open_panel.note.text()
    assert_books_sound(conn)
