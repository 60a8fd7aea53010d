"""The Stock page driven like a user: an item added with two barcodes, a price above the HET
warned and refused with nothing written, goods received raising the stock and showing on the
stock card, a supplier paid, a stock count with a difference, a write-off with its reason, and
a cashier who may look but not change anything."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from shop_support import snapshot, stocked_shop
from ui_support import click, retype, shown

from kasir.books import items, purchases, sales, stock, suppliers
from kasir.errors import InvalidInput
from kasir.i18n import _, rupiah
from kasir.ui.forms import set_day
from kasir.ui.pages.stock import StockPage
from kasir.ui.stock_common import format_quantity, parse_quantity


@pytest.fixture
def stock_page(ui_session, qtbot):
    def make(role: str = "bendahara") -> StockPage:
        # shortcuts (F2, F9, Ctrl+N) need the window active
        page = shown(qtbot, StockPage(ui_session(role)), active=True)
        page.refresh()
        return page
    return make


@pytest.fixture
def shop(bendahara):
    return stocked_shop(bendahara)


def refusal_shown(action) -> str:
    """Run ``action``, which must show a refusal box; close it and return its text."""
    shown: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(10, close_box)

    QTimer.singleShot(0, close_box)
    action()
    assert shown, "no refusal was shown"
    return shown[0]


def force_save(qtbot, dialog) -> None:
    """Press a form's Save although the form disabled it, as a way round the check would."""
    dialog.save_button.setEnabled(True)
    click(qtbot, dialog.save_button)


def table_rows(view) -> list[list[str]]:
    model = view.model()
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def pick(qtbot, picker, code: str) -> None:
    """Scan ``code`` into an item picker (typed, then Enter)."""
    retype(qtbot, picker.lineEdit(), code)
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)


# ---- items ----------------------------------------------------------------------------------

def test_an_item_added_with_two_barcodes(stock_page, qtbot, conn):
    page = stock_page()
    tab = page.show_tab("items")
    click(qtbot, tab.add_button)
    dialog = tab.dialog
    assert dialog.isVisible() and not dialog.active.isEnabled()
    qtbot.keyClicks(dialog.name, "Minyak goreng 1 L")
    qtbot.keyClicks(dialog.category, "Minyak")
    qtbot.keyClicks(dialog.unit, "botol")
    dialog.base_unit.setCurrentIndex(dialog.base_unit.findData("ml"))
    retype(qtbot, dialog.unit_size.lineEdit(), "1000")
    qtbot.keyClicks(dialog.member_price, "18.000")
    qtbot.keyClicks(dialog.nonmember_price, "19.000")
    retype(qtbot, dialog.low_stock, "12")
    for code in ("8991234567891", "MINYAK1"):
        qtbot.keyClicks(dialog.barcode, code)
        qtbot.keyClick(dialog.barcode, Qt.Key.Key_Return)   # a scanner's Enter adds, not saves
    assert dialog.isVisible() and dialog.new_barcodes() == ["8991234567891", "MINYAK1"]
    assert dialog.het.text() == _("No HET for this item")
    click(qtbot, dialog.save_button)

    assert not dialog.isVisible()
    added = items.by_barcode(conn, "MINYAK1")
    assert items.by_barcode(conn, "8991234567891").id == added.id
    assert (added.name, added.category, added.unit, added.base_unit, added.unit_size) == (
        "Minyak goreng 1 L", "minyak", "botol", "ml", 1000)
    assert (added.member_price, added.nonmember_price, added.low_stock) == (18_000, 19_000, 12_000)
    assert ["Minyak goreng 1 L", rupiah(18_000, symbol=False)] == table_rows(tab.table)[0][::3][:2]

    # search by barcode finds it; editing it adds a third code and stops selling it
    qtbot.keyClicks(tab.search, "MINY")
    assert [r[0] for r in table_rows(tab.table)] == ["Minyak goreng 1 L"]
    tab.table.selectRow(0)
    qtbot.keyClick(tab, Qt.Key.Key_F2)
    dialog = tab.dialog
    assert dialog.item.id == added.id and not dialog.unit_size.isEnabled()
    qtbot.keyClicks(dialog.barcode, "MINYAK2")
    qtbot.keyClick(dialog.barcode, Qt.Key.Key_Return)
    dialog.active.setChecked(False)
    click(qtbot, dialog.save_button)
    assert items.barcodes_of(conn, added.id) == ["8991234567891", "MINYAK1", "MINYAK2"]
    assert not items.get(conn, added.id).active
    assert table_rows(tab.table) == []                       # inactive items are hidden …
    tab.inactive.setChecked(True)
    assert [r[0] for r in table_rows(tab.table)] == ["Minyak goreng 1 L"]   # … unless asked for


def test_a_price_above_the_het_is_warned_refused_and_nothing_written(stock_page, qtbot, conn, shop):
    page = stock_page()
    before = snapshot(conn)   # after signing in (which is audited)
    tab = page.show_tab("items")
    # a new 5 kg pack of SPHP rice: zone 1's HET is 12.500 per kg, so 62.500 a pack
    click(qtbot, tab.add_button)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.name, "Beras SPHP lain")
    qtbot.keyClicks(dialog.unit, "pak 5 kg")
    retype(qtbot, dialog.unit_size.lineEdit(), "5000")
    dialog.product.setCurrentIndex(dialog.product.findData("sphp"))
    assert rupiah(62_500) in dialog.het.text()
    qtbot.keyClicks(dialog.member_price, "62.000")
    qtbot.keyClicks(dialog.nonmember_price, "63.000")
    assert dialog.het_warning.isVisible() and rupiah(62_500) in dialog.het_warning.text()
    assert not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)   # a disabled Save does nothing
    assert dialog.isVisible()
    # saving anyway (a way round the disabled button) is refused, in the form, with the books' message
    force_save(qtbot, dialog)
    text = dialog.error.text()
    assert rupiah(62_500) in text and rupiah(63_000) in text
    assert dialog.isVisible() and snapshot(conn) == before and not items.search(conn, "Beras SPHP lain")
    retype(qtbot, dialog.nonmember_price, "62.500")
    assert dialog.save_button.isEnabled() and not dialog.het_warning.isVisible()
    dialog.reject()

    # raising the price of the SPHP pack already on sale: warned, refused, unchanged
    tab.table.selectRow([r[0] for r in table_rows(tab.table)].index("Beras SPHP 5 kg"))
    click(qtbot, tab.edit_button)
    dialog = tab.dialog
    assert rupiah(62_500) in dialog.het.text()
    retype(qtbot, dialog.member_price, "65.000")
    assert dialog.het_warning.isVisible() and not dialog.save_button.isEnabled()
    force_save(qtbot, dialog)
    assert dialog.isVisible() and rupiah(62_500) in dialog.error.text()
    assert snapshot(conn) == before
    assert items.get(conn, shop.sphp.id).member_price == 62_000


# ---- goods received, the stock card and paying the supplier ---------------------------------

def receive_gula(qtbot, page, payment: str = "credit"):
    tab = page.show_tab("receive")
    pick(qtbot, tab.item, "GULA1")
    qtbot.keyClicks(tab.qty, "10")
    qtbot.keyClicks(tab.cost, "170.000")
    qtbot.keyClick(tab.cost, Qt.Key.Key_Return)
    pick(qtbot, tab.item, "LPG3")
    qtbot.keyClicks(tab.qty, "5")
    qtbot.keyClicks(tab.cost, "80.000")
    click(qtbot, tab.findChild(type(tab.record_button), "receiveAddLine"))
    qtbot.keyClicks(tab.transport, "25.000")
    tab.payment.setCurrentIndex(tab.payment.findData(payment))
    qtbot.keyClicks(tab.invoice, "INV-77")
    return tab


def test_goods_received_raise_the_stock_and_show_on_the_stock_card(stock_page, qtbot, conn, shop):
    page = stock_page()
    tab = receive_gula(qtbot, page, payment="cash")
    # the transport is shared by line cost, as it will be recorded: 170/250 and 80/250 of 25.000
    lines = table_rows(tab.table)
    assert [r[0] for r in lines] == ["Gula pasir 1 kg", "LPG 3 kg"]
    assert [r[3] for r in lines] == [rupiah(17_000, symbol=False), rupiah(8_000, symbol=False)]
    assert rupiah(275_000) in tab.total.text()
    qtbot.keyClick(tab, Qt.Key.Key_F9)

    assert rupiah(275_000) in tab.status.text()
    assert items.get(conn, shop.gula.id).qty_on_hand == 17_000     # 7 packs + 10
    assert items.get(conn, shop.lpg.id).qty_on_hand == 25
    recorded = purchases.list_purchases(conn, "2025-06-15", "2025-06-15")
    assert [(p.payment, p.invoice, p.transport, p.total) for p in recorded] == [
        ("cash", "INV-77", 25_000, 275_000)]
    assert table_rows(tab.table) == [] and "INV-77" in table_rows(tab.recent)[0]

    card = page.show_tab("card")
    card.item.set_item(shop.gula.id)
    click(qtbot, card.findChild(type(tab.record_button), "cardShow"))
    rows = table_rows(card.table)
    assert not card.daily
    # date, move, in, out, on hand, value in, value out, value on hand
    assert [(r[1], r[2], r[4]) for r in rows] == [(_("Goods received"), "7", "7"),
                                                 (_("Goods received"), "10", "17")]
    assert rows[1][7] == rupiah(120_004 + 187_000, symbol=False)  # value on hand after the move
    assert "17" in card.closing.text() and rupiah(307_004) in card.closing.text()
    # a long range is read one line per day
    card.set_range(dt.date(2024, 1, 1), dt.date(2025, 6, 15))
    card.show_card()
    assert card.daily and [r[2] for r in table_rows(card.table)] == ["7", "10"]


def test_a_supplier_payment_lowers_what_is_owed(stock_page, qtbot, conn, shop):
    page = stock_page()
    receive_gula(qtbot, page, payment="credit")
    qtbot.keyClick(page.tab["receive"], Qt.Key.Key_F9)
    assert suppliers.balance(conn, shop.supplier) == 275_000

    tab = page.show_tab("payments")
    assert tab.supplier_id() == shop.supplier                   # the one owed most comes first
    assert rupiah(275_000) in tab.owed.text()
    qtbot.keyClicks(tab.amount, "100.000")
    click(qtbot, tab.pay_button)
    assert suppliers.balance(conn, shop.supplier) == 175_000
    assert rupiah(175_000) in tab.owed.text()
    assert table_rows(tab.history)[0][2] == rupiah(100_000, symbol=False)
    assert table_rows(tab.balances)[0][2] == rupiah(175_000, symbol=False)

    # more than is owed: refused with the books' message, nothing written
    before = snapshot(conn)
    qtbot.keyClicks(tab.amount, "200.000")
    assert rupiah(175_000) in refusal_shown(tab.pay)
    assert snapshot(conn) == before and suppliers.balance(conn, shop.supplier) == 175_000
    click(qtbot, tab.findChild(type(tab.pay_button), "payAll"))
    click(qtbot, tab.pay_button)
    assert suppliers.balance(conn, shop.supplier) == 0


def test_suppliers_added_and_their_weekly_quota_shown(stock_page, qtbot, conn, shop):
    page = stock_page()
    tab = page.show_tab("suppliers")
    click(qtbot, tab.add_button)
    qtbot.keyClicks(tab.dialog.name, "Pertamina Agen Sukamaju")
    tab.dialog.kind.setCurrentIndex(tab.dialog.kind.findData("pertamina"))
    click(qtbot, tab.dialog.save_button)
    assert [s.name for s in suppliers.list_suppliers(conn)] == ["Bulog Cabang", "Pertamina Agen Sukamaju"]

    tab.table.selectRow(0)                                       # Bulog
    pick(qtbot, tab.quota_item, "SPHP5")
    qtbot.keyClicks(tab.quota_qty, "400")                          # packs a week = 2 tonnes
    qtbot.keyClick(tab.quota_qty, Qt.Key.Key_Return)
    assert suppliers.quotas(conn, shop.supplier) == {shop.sphp.id: 2_000_000}
    assert table_rows(tab.quotas) == [["Beras SPHP 5 kg", "pak 5 kg", format_quantity(2_000_000, shop.sphp),
                                       "0", format_quantity(2_000_000, shop.sphp)]]


# ---- stock count and write-offs ---------------------------------------------------------------

def type_count(qtbot, tab, item_id: int, text: str) -> None:
    """Type a count into the item's Counted cell and press Enter, as a user would."""
    cell = tab.table.item(tab.row_of(item_id), 3)
    tab.table.setCurrentItem(cell)
    tab.table.editItem(cell)
    editor = tab.table.viewport().findChild(QLineEdit)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell.text() == text)   # Qt commits the edit on the next loop


def test_a_stock_count_with_a_difference_posts_the_selisih(stock_page, qtbot, conn, shop):
    page = stock_page()
    tab = page.show_tab("count")
    type_count(qtbot, tab, shop.gula.id, "6")                    # the books say 7 packs
    row = tab.row_of(shop.gula.id)
    assert tab.table.item(row, 4).text() == "-1"
    assert tab.table.item(row, 5).text() == rupiah(-17_143)      # 120.004 / 7, at average cost
    assert rupiah(17_143) in tab.totals.text()
    tab.set_count(shop.lpg.id, "20")                             # as the books say: no difference
    assert tab.table.item(tab.row_of(shop.lpg.id), 4).text() == "0"
    tab.set_count(shop.sphp.id, "dua")
    assert tab.table.item(tab.row_of(shop.sphp.id), 4).text() == "?"
    before = snapshot(conn)
    refusal_shown(tab.post)                                      # "dua" is not a count
    assert snapshot(conn) == before
    tab.set_count(shop.sphp.id, "")
    qtbot.keyClicks(tab.memo, "Opname Juni")
    click(qtbot, tab.post_button)

    assert items.get(conn, shop.gula.id).qty_on_hand == 6000
    assert rupiah(-17_143) in tab.status.text()
    assert tab.table.item(tab.row_of(shop.gula.id), 3).text() == ""   # a fresh sheet
    card = page.show_tab("card")
    card.item.set_item(shop.gula.id)
    card.show_card()
    last = table_rows(card.table)[-1]
    assert (last[3], last[4], last[6]) == ("1", "6", rupiah(17_143, symbol=False))
    assert last[1] == _("Stock count (selisih)")


def test_a_backdated_count_shows_the_books_of_its_day(stock_page, qtbot, conn, shop, cashier,
                                                     shift):
    """3 packs of gula were sold on 06-12: the books held 7 at the end of 06-10 and hold 4
    now. A count of 5 dated 06-10 is a shortage of 2 (not a surplus of 1), and the value the
    form shows is the one posted."""
    sales.checkout(cashier, [sales.CartLine(item_id=shop.gula.id, quantity=3)], date="2025-06-12")
    page = stock_page()
    tab = page.show_tab("count")
    row = tab.row_of(shop.gula.id)
    gula = items.get(conn, shop.gula.id)
    assert tab.table.item(row, 2).text() == format_quantity(4000, gula)   # today's books
    set_day(tab.day, dt.date(2025, 6, 10))
    assert tab.table.item(row, 2).text() == format_quantity(7000, gula)
    type_count(qtbot, tab, shop.gula.id, "5")
    shown_value = stock.count_difference(gula, 5000, 7000)
    assert tab.table.item(row, 4).text() == "-" + format_quantity(2000, gula)
    assert tab.table.item(row, 5).text() == rupiah(shown_value) and shown_value < 0
    assert rupiah(-shown_value) in tab.totals.text()
    set_day(tab.day, dt.date(2025, 6, 15))                       # back to today: a surplus of 1
    assert tab.table.item(row, 2).text() == format_quantity(4000, gula)
    assert tab.table.item(row, 4).text() == "+" + format_quantity(1000, gula)
    set_day(tab.day, dt.date(2025, 6, 10))
    click(qtbot, tab.post_button)

    [line] = conn.execute("SELECT book_qty, counted_qty, diff_value FROM stock_count_lines"
                          ).fetchall()
    assert line == (7000, 5000, shown_value)
    assert rupiah(shown_value) in tab.status.text()
    assert items.get(conn, shop.gula.id).qty_on_hand == 2000      # 5 on 06-10, less the 3 sold


def test_a_write_off_with_its_reason(stock_page, qtbot, conn, shop):
    page = stock_page()
    tab = page.show_tab("writeoffs")
    pick(qtbot, tab.item, "LPG3")
    qtbot.keyClicks(tab.qty, "2")
    before = snapshot(conn)
    assert refusal_shown(tab.write_off) == _("Give the reason for the write-off (damaged, expired …).")
    assert snapshot(conn) == before                              # no reason, nothing written
    qtbot.keyClicks(tab.reason, "tabung bocor")
    qtbot.keyClick(tab.reason, Qt.Key.Key_Return)

    assert items.get(conn, shop.lpg.id).qty_on_hand == 18
    [written] = stock.writeoffs(conn, "2025-06-15", "2025-06-15")
    assert (written.quantity, written.reason, written.value) == (2, "tabung bocor", 34_000)
    assert table_rows(tab.table) == [[table_rows(tab.table)[0][0], "LPG 3 kg", "2", "tabung",
                                      rupiah(34_000, symbol=False), "tabung bocor"]]


# ---- who may do what --------------------------------------------------------------------------

def test_a_cashier_sees_every_tab_read_only(stock_page, qtbot, conn, shop):
    page = stock_page("kasir")
    items_tab = page.show_tab("items")
    assert len(table_rows(items_tab.table)) == 3
    for key, *_rest in StockPage.TABS:
        page.show_tab(key)
    hidden = [page.tab["items"].add_button, page.tab["items"].edit_button,
              page.tab["suppliers"].add_button, page.tab["suppliers"].active_button,
              page.tab["suppliers"].quota_form, page.tab["receive"].form,
              page.tab["payments"].pay_form, page.tab["count"].post_button,
              page.tab["writeoffs"].form]
    assert all(w.isHidden() and not w.isEnabled() for w in hidden)
    count = page.tab["count"]
    cell = count.table.item(count.row_of(shop.gula.id), 3)
    assert not cell.flags() & Qt.ItemFlag.ItemIsEditable
    # the shortcuts do nothing either
    before = snapshot(conn)
    qtbot.keyClick(items_tab, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert items_tab.dialog is None
    qtbot.keyClick(page.tab["count"], Qt.Key.Key_F9)
    assert snapshot(conn) == before
    # but they read: the stock card and the balances are there
    page.tab["card"].item.set_item(shop.gula.id)
    page.tab["card"].show_card()
    assert len(table_rows(page.tab["card"].table)) == 1
    assert table_rows(page.tab["payments"].balances)[0][0] == "Bulog Cabang"


def test_quantities_are_typed_and_shown_in_units_of_sale(shop):
    sphp = shop.sphp                                             # 5.000 g a pack
    assert parse_quantity("14", sphp) == 70_000
    assert parse_quantity("2,5", sphp) == parse_quantity("2.5", sphp) == 12_500
    assert parse_quantity("1.000", sphp) == 5_000_000             # Indonesian thousands
    assert parse_quantity("0,0002", sphp) == 1                    # one gram
    for wrong in ("", "dua", "-1", "0,00001"):
        with pytest.raises(InvalidInput):
            parse_quantity(wrong, sphp)
    with pytest.raises(InvalidInput):
        parse_quantity("2,5", sphp, whole_units=True)            # purchases are whole packs
    assert format_quantity(12_500, sphp) == rupiah(2, symbol=False) + ",5"
    assert format_quantity(1, sphp) == "0,0002"
