"""The Books page driven like a user: a manual entry that cannot be saved until it balances,
then appears in the journal; a reversal; closing a month, after which posting into it is
refused with the books' message; the trial balance; the chart of accounts; and a pengawas
who can look but finds nothing to post, reverse or close with."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY, post_shop_credit
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from ui_support import click, shown

from kasir.books import journal as journal_module
from kasir.books import ledger
from kasir.books.ledger import Line
from kasir.errors import NotAllowed
from kasir.i18n import rupiah
from kasir.ui.forms import set_day
from kasir.ui.pages.books import BooksPage


@pytest.fixture
def books(ui_session, qtbot):
    """``books(role)`` → the Books page, shown, for a signed-in ``role``."""
    return lambda role="bendahara": shown(qtbot, BooksPage(ui_session(role)), active=True)


def choose_account(qtbot, line, code: str) -> None:
    """Type the account's code on its picker, as a user jumps to it from the keyboard."""
    line.account.setFocus()
    qtbot.keyClicks(line.account, code)
    assert line.account.code() == code


def type_amount(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def fill_entry(qtbot, tab, memo: str, debit_code: str, credit_code: str, amount: str) -> None:
    qtbot.keyClicks(tab.memo, memo)
    first, second = tab.lines[:2]
    choose_account(qtbot, first, debit_code)
    type_amount(qtbot, first.debit, amount)
    choose_account(qtbot, second, credit_code)
    type_amount(qtbot, second.credit, amount)


def test_manual_entry_saves_only_when_balanced_and_shows_in_the_journal(books, qtbot, conn):
    page = books()
    tab = page.show_tab("entry")
    assert not tab.save_button.isEnabled()                      # empty
    qtbot.keyClicks(tab.memo, "Listrik Juni")
    first, second = tab.lines
    choose_account(qtbot, first, "6-1200")
    type_amount(qtbot, first.debit, "150.000")
    choose_account(qtbot, second, "1-1100")
    type_amount(qtbot, second.credit, "100.000")
    assert not tab.save_button.isEnabled()                      # unbalanced
    assert tab.debit_total.text() == rupiah(150_000)
    assert tab.credit_total.text() == rupiah(100_000)
    assert tab.difference.text() == rupiah(50_000)
    qtbot.keyClick(tab, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert journal_module.journal_lines(conn) == []                     # Ctrl+S did nothing either
    third = tab.add_line()                                      # split the rest over a third line
    choose_account(qtbot, third, "1-1200")
    type_amount(qtbot, third.credit, "50.000")
    assert tab.save_button.isEnabled() and tab.difference.text() == rupiah(0)
    click(qtbot, tab.save_button)

    saved = journal_module.journal_lines(conn)
    entry_id = saved[0].entry_id
    assert [(r.code, r.debit, r.credit) for r in saved] == [
        ("6-1200", 150_000, 0), ("1-1100", 0, 100_000), ("1-1200", 0, 50_000)]
    assert f"#{entry_id}" in tab.message.text()
    assert tab.memo.text() == "" and not tab.save_button.isEnabled()   # a fresh form

    journal = page.show_tab("journal")
    assert [r.entry_id for r in journal.model.rows] == [entry_id] * 3
    journal.view.selectRow(1)
    assert f"#{entry_id}" in journal.header.text() and "Listrik Juni" in journal.header.text()
    assert journal.lines.model().rowCount() == 3


def test_reversing_a_manual_entry_with_a_reason(books, qtbot, bendahara, conn, new_member):
    member = new_member()
    post_shop_credit(bendahara, member.id, 20_000)               # a sale's entry: not reversible here
    entry_id = ledger.post(bendahara, "2025-06-10", "Honor salah", [
        Line("6-1100", debit=300_000), Line("1-1100", credit=300_000)])
    page = books()
    journal = page.tab["journal"]
    sale_row = next(i for i, r in enumerate(journal.model.rows) if r.origin_type == "sale")
    journal.view.selectRow(sale_row)
    assert not journal.reverse_button.isEnabled()
    row = next(i for i, r in enumerate(journal.model.rows) if r.entry_id == entry_id)
    journal.view.selectRow(row)
    click(qtbot, journal.reverse_button)

    dialog = journal.reverse_dialog
    assert dialog.isVisible() and dialog.day.date() == QDate(2025, 6, 10)
    click(qtbot, dialog.ok)                                     # no reason yet: refused inline
    assert dialog.isVisible() and dialog.error.text()
    qtbot.keyClicks(dialog.reason, "Honor dobel dicatat")
    click(qtbot, dialog.ok)
    assert not dialog.isVisible()

    reversal = ledger.entry(conn, entry_id).reversed_by
    assert reversal and f"#{reversal}" in journal.message.text()
    assert f"#{reversal}" in journal.header.text()
    assert not journal.reverse_button.isEnabled()               # reversed once only
    assert ledger.entry(conn, reversal).lines[0] == Line("6-1100", credit=300_000)
    assert reversal in {r.entry_id for r in journal.model.rows}  # the journal was reloaded


def test_closed_month_then_posting_into_it_is_refused_with_the_books_message(books, qtbot, bendahara,
                                                                              conn):
    ledger.post(bendahara, "2025-05-03", "Hibah", [Line("1-1100", debit=1_000_000),
                                                  Line("3-1400", credit=1_000_000)])
    page = books()
    close = page.show_tab("close")
    close.month.setCurrentIndex(close.month.findData("2025-05"))
    assert "2025" in close.preview_label.text()
    click(qtbot, close.close_button)
    close.confirm_box.button(QMessageBox.StandardButton.No).click()
    assert ledger.closed_months(conn) == []
    click(qtbot, close.close_button)
    close.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert ledger.closed_months(conn) == ["2025-05"]
    assert close.closed.count() == 1 and "2025-05" in close.closed.item(0).text()
    close.month.setCurrentIndex(close.month.findData("2025-05"))
    assert not close.close_button.isEnabled()                   # nothing left to close

    entry = page.show_tab("entry")
    set_day(entry.day, dt.date(2025, 5, 20))
    fill_entry(qtbot, entry, "Koreksi Mei", "6-1200", "1-1100", "25.000")
    assert entry.save_button.isEnabled()
    qtbot.keyClick(entry.memo, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with pytest.raises(NotAllowed) as refusal:
        ledger.check_open(conn, dt.date(2025, 5, 20), TODAY)
    assert entry.message.text() == str(refusal.value)
    assert entry.memo.text() == "Koreksi Mei"                   # kept for correcting
    assert len(journal_module.journal_lines(conn)) == 2                 # only the grant


def test_trial_balance_totals_are_equal_as_of_a_date(books, qtbot, bendahara):
    ledger.post(bendahara, "2025-05-03", "Hibah", [Line("1-1100", debit=1_000_000),
                                                  Line("3-1400", credit=1_000_000)])
    ledger.post(bendahara, "2025-06-05", "ATK", [Line("6-1400", debit=45_000),
                                                Line("1-1100", credit=45_000)])
    page = books()
    trial = page.show_tab("trial")
    assert trial.debit_total.text() == trial.credit_total.text() == rupiah(1_000_000)
    assert trial.view.model().rowCount() == 3
    set_day(trial.as_of, dt.date(2025, 5, 31))
    assert trial.debit_total.text() == trial.credit_total.text() == rupiah(1_000_000)
    assert trial.view.model().rowCount() == 2                    # the June expense not yet
    assert "color: #1b5e20" in trial.state.styleSheet()


def test_chart_of_accounts_add_and_deactivate(books, qtbot, conn):
    page = books()
    accounts = page.show_tab("accounts")
    click(qtbot, accounts.add_button)
    dialog = accounts.add_dialog
    qtbot.keyClicks(dialog.code, "62100")
    qtbot.keyClicks(dialog.name, "Beban rapat")
    click(qtbot, dialog.ok)
    assert dialog.isVisible() and "6-1800" in dialog.error.text()    # the books' format message
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "6-2100")
    click(qtbot, dialog.ok)
    assert ledger.account(conn, "6-2100").name == "Beban rapat"
    assert accounts.selected().code == "6-2100"
    click(qtbot, accounts.toggle_button)
    assert not ledger.account(conn, "6-2100").active
    assert accounts.selected().code == "6-2100" and not accounts.selected().active
    accounts.select(ledger.SUKARELA)                             # kept by savings: stays active
    assert not accounts.toggle_button.isEnabled()
    entry = page.show_tab("entry")
    assert entry.lines[0].account.findData("6-2100") == -1      # inactive: not offered
    assert entry.lines[0].account.findData(ledger.SUKARELA) == -1   # managed: not offered


def test_journal_filters_by_origin_account_and_dates(books, qtbot, bendahara, new_member):
    member = new_member()                                        # pokok: a savings entry
    post_shop_credit(bendahara, member.id, 20_000, "2025-06-01")
    ledger.post(bendahara, "2025-06-10", "ATK", [Line("6-1400", debit=45_000),
                                                Line("1-1100", credit=45_000)])
    journal = books().tab["journal"]
    journal.origin.setCurrentIndex(journal.origin.findData("sale"))
    assert {r.origin_type for r in journal.model.rows} == {"sale"}
    journal.origin.setCurrentIndex(0)
    journal.account.select("6-1400")
    assert [r.code for r in journal.model.rows] == ["6-1400"]
    journal.account.select(None)
    journal.by_date.setChecked(True)
    set_day(journal.start, dt.date(2025, 6, 1))
    set_day(journal.end, dt.date(2025, 6, 9))
    assert {r.origin_type for r in journal.model.rows} == {"sale"}
    journal.by_date.setChecked(False)
    journal.order.setCurrentIndex(1)                              # oldest first
    assert journal.model.rows[0].origin_type == "savings"


def test_pengawas_can_look_but_not_post_reverse_or_close(books, qtbot, bendahara, conn):
    entry_id = ledger.post(bendahara, "2025-05-03", "Hibah", [Line("1-1100", debit=1_000_000),
                                                             Line("3-1400", credit=1_000_000)])
    page = books("pengawas")
    journal = page.tab["journal"]
    assert journal.model.rows[0].entry_id == entry_id            # may read the journal
    journal.view.selectRow(0)
    assert not journal.reverse_button.isEnabled()
    qtbot.keyClick(journal.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert journal.reverse_dialog is None
    entry = page.show_tab("entry")
    assert not entry.save_button.isEnabled() and not entry.memo.isEnabled()
    assert entry.message.text()                                  # says why
    accounts = page.show_tab("accounts")
    assert not accounts.add_button.isEnabled() and not accounts.toggle_button.isEnabled()
    close = page.show_tab("close")
    close.month.setCurrentIndex(close.month.findData("2025-05"))
    assert "2025" in close.preview_label.text()                  # may see what closing would do
    assert not close.close_button.isEnabled()
    trial = page.show_tab("trial")
    assert trial.debit_total.text() == rupiah(1_000_000)
    assert ledger.closed_months(conn) == [] and ledger.entry(conn, entry_id).reversed_by is None


def test_tabs_switch_with_alt_keys_and_load_once_until_the_books_change(books, qtbot, bendahara):
    page = books()
    page.tab["journal"].view.setFocus()
    qtbot.keyClick(page.tab["journal"].view, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert page.current_tab() is page.tab["trial"]
    assert page.tab["trial"].debit_total.text() == rupiah(0)
    ledger.post(bendahara, "2025-06-03", "Hibah", [Line("1-1100", debit=5_000),
                                                  Line("3-1400", credit=5_000)])
    page.session.changed("ledger")
    assert page.tab["trial"].debit_total.text() == rupiah(5_000)
    page.show_tab("journal")
    assert page.tab["journal"].model.rowCount() == 2
