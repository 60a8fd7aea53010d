"""The dashboard (Beranda) shows what the books say, and its charts have a bar per day and item."""

from __future__ import annotations

from conftest import TODAY
from shop_support import GULA_MEMBER, GULA_OTHER, LPG_OTHER, stocked_shop

from kasir.books import items, ledger, savings, shifts
from kasir.books.sales import CartLine, checkout
from kasir.db import backup
from kasir.i18n import rupiah
from kasir.paths import backups_dir_for
from kasir.ui.pages.dashboard import DashboardPage


def text(page, name: str) -> str:
    return page.findChild(object, name).text()


def test_dashboard_figures_equal_the_books_after_two_sales(qtbot, ui_session, english, new_member):
    session = ui_session("bendahara")
    ctx = session.ctx
    shop = stocked_shop(ctx)
    items.set_low_stock(ctx, shop.lpg.id, 20)  # 20 tubes on hand: running low
    shifts.open_shift(ctx, "1", 50_000)
    member = new_member(join_date="2025-03-05")
    checkout(ctx, [CartLine(2, item_id=shop.gula.id)], member_id=member.id)
    checkout(ctx, [CartLine(1, item_id=shop.lpg.id)], tendered=LPG_OTHER, buyer_nik=member.nik)
    page = DashboardPage(session)
    qtbot.addWidget(page)
    page.show()

    assert text(page, "salesValue") == rupiah(2 * GULA_MEMBER + LPG_OTHER)
    sales = text(page, "salesDetail")
    assert f"Members: 1 sales, {rupiah(2 * GULA_MEMBER)}" in sales
    assert f"Non-members: 1 sales, {rupiah(LPG_OTHER)}" in sales
    assert text(page, "cashValue") == rupiah(ledger.balance(session.conn, ledger.KAS, TODAY))
    assert rupiah(50_000 + 2 * GULA_MEMBER + LPG_OTHER) in text(page, "cashDetail")
    assert text(page, "lowValue") == "1" and "LPG 3 kg: 19 tabung left" in text(page, "lowDetail")
    # joined in March, nothing paid: March to June is four instalments of 20.000; the arrears
    # are counted just after the page is painted
    qtbot.waitUntil(lambda: text(page, "arrearsValue") != "…")
    assert text(page, "arrearsValue") == "1"
    assert rupiah(4 * 20_000) in text(page, "arrearsDetail")
    savings.deposit(ctx, member.id, "wajib", 4 * 20_000, date=TODAY)
    session.changed("savings")
    qtbot.waitUntil(lambda: text(page, "arrearsValue") == "0")
    assert "Every active member is up to date." in text(page, "arrearsDetail")
    assert "Last backup: never" in text(page, "safetyDetail")
    assert "Last sync: not set up yet" in text(page, "safetyDetail")

    assert page.sales_chart.bar_count() == 30
    assert page.sales_chart.values[-1] == (2 * GULA_MEMBER + LPG_OTHER) // 1000
    assert sum(page.sales_chart.values[:-1]) == 0
    assert page.stock_chart.bar_count() == 2  # SPHP and LPG: the sembako of the test shop
    assert page.stock_chart.values == [14, 19]


def test_dashboard_refreshes_on_a_sale_and_shows_the_last_backup(qtbot, ui_session, english):
    session = ui_session("bendahara")
    shop = stocked_shop(session.ctx)
    shifts.open_shift(session.ctx, "1", 0)
    page = DashboardPage(session)
    qtbot.addWidget(page)
    page.show()
    assert text(page, "salesValue") == rupiah(0)
    checkout(session.ctx, [CartLine(1, item_id=shop.gula.id)], tendered=GULA_OTHER)
    session.changed("sales")
    assert text(page, "salesValue") == rupiah(GULA_OTHER)
    backup.make_backup(session.conn, backups_dir_for(session.path), stem=session.path.stem)
    page.refresh()
    assert "Last backup: never" not in text(page, "safetyDetail")
    assert text(page, "safetyValue") == "Backed up"
