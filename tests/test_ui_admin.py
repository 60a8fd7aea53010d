"""The Administration page driven as an administrator would: users, AD/ART, printer, backup and
restore, the data check, the language."""

from __future__ import annotations

from conftest import PASSWORDS
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from ui_support import click

from kasir import i18n
from kasir.books import profile, users
from kasir.db import backup
from kasir.paths import backups_dir_for
from kasir.reports.receipt import PrinterSettings
from kasir.ui.pages.admin import AdminPage


def open_admin(qtbot, session, tab: str):
    page = AdminPage(session)
    qtbot.addWidget(page)
    page.show()
    return page, page.show_tab(tab)


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def table_column(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_a_too_short_password_is_refused_then_a_good_one_accepted(qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "users")
    click(qtbot, tab.add_button)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.username, "wati")
    qtbot.keyClicks(dialog.full_name, "Wati Lestari")
    dialog.roles.set_role("bendahara")
    qtbot.keyClicks(dialog.password, "pendek")
    qtbot.keyClicks(dialog.repeat, "pendek")
    click(qtbot, ok_button(dialog))
    assert dialog.isVisible()
    assert "at least 8 characters" in dialog.message.text()
    assert "wati" not in [u["username"] for u in users.list_users(session.conn)]

    for edit in (dialog.password, dialog.repeat):
        edit.clear()
        qtbot.keyClicks(edit, "Sawah hijau di tepi desa")
    click(qtbot, ok_button(dialog))
    assert not dialog.isVisible()
    assert "wati" in table_column(tab.table, 0)
    assert {"username": "wati", "full_name": "Wati Lestari", "role": "bendahara", "active": True} \
        in users.list_users(session.conn)
    assert "User wati added." in tab.message.text()


def test_the_last_administrator_cannot_be_deactivated_or_demoted(qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "users")
    tab.select("admin")
    click(qtbot, tab.active_button)
    assert "last active administrator" in tab.message.text()
    click(qtbot, tab.role_button)
    tab.dialog.roles.set_role("ketua")
    click(qtbot, ok_button(tab.dialog))
    assert "last active administrator" in tab.dialog.message.text()
    assert {"username": "admin", "full_name": "", "role": "admin", "active": True} \
        in users.list_users(session.conn)
    tab.dialog.reject()

    tab.select("kasir")
    click(qtbot, tab.active_button)
    assert "kasir can no longer sign in." in tab.message.text()
    assert table_column(tab.table, 3)[table_column(tab.table, 0).index("kasir")] == "no"
    assert tab.active_button.text() == "&Activate"


def test_shu_percentages_not_totalling_100_are_refused_with_the_sum(qtbot, ui_session, english):
    session = ui_session("ketua")
    _page, tab = open_admin(qtbot, session, "profile")
    before = profile.shu_allocation(session.conn)
    tab.set_percent("cadangan", "30")
    assert tab.shu_total.text() == "Total: 90%"
    click(qtbot, tab.save_shu_button)
    assert "add up to 90%" in tab.shu_message.text()
    assert profile.shu_allocation(session.conn) == before

    tab.set_percent("jasa_usaha", "25")
    tab.set_percent("jasa_modal", "25")
    click(qtbot, tab.save_shu_button)
    assert tab.shu_message.text() == "The SHU allocation was saved."
    assert profile.shu_allocation(session.conn)["cadangan"] == 3000


def test_profile_changes_are_saved_and_a_bad_amount_is_refused(qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "profile")
    tab.wajib.clear()
    qtbot.keyClicks(tab.wajib, "25.000")
    tab.texts["village"].clear()
    qtbot.keyClicks(tab.texts["village"], "Sukamaju")
    click(qtbot, tab.save_profile_button)
    assert tab.profile_message.text() == "The profile was saved."
    saved = profile.get(session.conn)
    assert (saved.wajib_amount, saved.village) == (25_000, "Sukamaju")
    tab.pokok.clear()
    qtbot.keyClicks(tab.pokok, "lima puluh")
    click(qtbot, tab.save_profile_button)
    assert tab.profile_message.kind == "error"
    assert profile.get(session.conn).pokok_amount == saved.pokok_amount


def test_printer_settings_are_saved_and_read_back(qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "printer")
    tab.target.setCurrentIndex(tab.target.findData("network"))
    assert "9100" in tab.hint.text()
    qtbot.keyClicks(tab.address, "192.168.1.50:9100")
    tab.width.setCurrentIndex(tab.width.findData(58))
    click(qtbot, tab.save_button)
    assert tab.message.kind == "ok"
    assert PrinterSettings.load(session.conn) == PrinterSettings("network", "192.168.1.50:9100", 58)
    _again, fresh = open_admin(qtbot, session, "printer")
    assert (fresh.target.currentData(), fresh.address.text(), fresh.width.currentData()) == \
        ("network", "192.168.1.50:9100", 58)

    tab.target.setCurrentIndex(tab.target.findData("usb"))
    tab.address.clear()
    qtbot.keyClicks(tab.address, "printer-kasir")
    click(qtbot, tab.save_button)
    assert "vendor:product" in tab.message.text()
    assert PrinterSettings.load(session.conn).target == "network"


def back_up(qtbot, tab):
    click(qtbot, tab.backup_button)
    qtbot.waitUntil(lambda: tab.job is not None and not tab.job.is_running()
                    and tab.job.result is not None, timeout=20_000)
    return tab.job.result


def test_backup_now_writes_a_verified_copy_and_restore_brings_back_that_state(qtbot, ui_session,
                                                                               english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "backup")
    made = back_up(qtbot, tab)
    assert made.parent == backups_dir_for(session.path) and made.is_file()
    assert backup.verify(made) > 0
    assert "integrity check ok" in tab.message.text() and str(made) in tab.message.text()
    assert table_column(tab.table, 2) == [made.name]

    profile.update(session.ctx, name="Koperasi Sesudah Backup")
    tab.table.selectRow(0)
    click(qtbot, tab.restore_button)
    box = tab.confirm_box
    click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: not tab.busy() and "Restored from" in tab.message.text(), timeout=20_000)
    assert session.ctx is None  # everyone signs in again, on the restored file
    assert profile.get(session.conn).name == "Koperasi Desa Merah Putih Sukamaju"
    session.login("admin", PASSWORDS["admin"])
    assert session.ctx.user.role == "admin"


def test_restore_asks_first_and_no_changes_nothing(qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "backup")
    back_up(qtbot, tab)
    profile.update(session.ctx, name="Tetap")
    tab.table.selectRow(0)
    click(qtbot, tab.restore_button)
    click(qtbot, tab.confirm_box.button(QMessageBox.StandardButton.No))
    assert tab.message.text() == "Nothing was changed."
    assert profile.get(session.conn).name == "Tetap" and session.ctx is not None


def test_data_check_lists_every_check_as_ok_on_the_test_coop(qtbot, ui_session, english):
    session = ui_session("pengawas")
    page, tab = open_admin(qtbot, session, "check")
    assert "users" not in page.tab and "backup" not in page.tab  # not for a supervisor
    click(qtbot, tab.run_button)
    qtbot.waitUntil(lambda: tab.report is not None, timeout=20_000)
    assert tab.report.ok
    assert tab.table.rowCount() == len(tab.report.results) > 5
    assert set(table_column(tab.table, 1)) == {"ok"}
    assert tab.message.text().startswith("All checks passed.")


def test_language_is_stored_and_made_active(qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "language")
    tab.combo.setCurrentIndex(tab.combo.findData("id"))
    click(qtbot, tab.apply_button)
    assert profile.get_setting(session.conn, "ui.language") == "id"
    assert i18n.language() == "id"


def test_a_cashier_sees_the_settings_read_only(qtbot, ui_session, english):
    session = ui_session("kasir")
    page, tab = open_admin(qtbot, session, "profile")
    assert [s.key for s in page.specs] == ["profile", "printer", "check", "language"]
    assert not tab.save_shu_button.isEnabled() and not tab.texts["name"].isEnabled()
    assert not page.show_tab("printer").save_button.isEnabled()


def test_an_administrator_sets_a_new_password_for_a_user(qtbot, ui_session, english):
    session = ui_session("admin")
    _page, tab = open_admin(qtbot, session, "users")
    tab.select("kasir")
    click(qtbot, tab.reset_button)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.password, "Jagung manis dari ladang")
    qtbot.keyClicks(dialog.repeat, "Jagung manis dari ladang!")
    click(qtbot, ok_button(dialog))
    assert "not the same" in dialog.message.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.repeat, "Jagung manis dari ladang")
    click(qtbot, ok_button(dialog))
    assert not dialog.isVisible() and "kasir has a new password." in tab.message.text()
    assert users.login(session.conn, "kasir", "Jagung manis dari ladang").user.role == "kasir"
