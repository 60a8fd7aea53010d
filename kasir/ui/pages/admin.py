"""The Administration page: users and roles, the co-op profile and AD/ART, the receipt printer,
backup and restore, the data check, and the language — one tab each.

A tab is shown to the roles it concerns (users: users.manage; backup: backup or restore);
the profile and printer tabs are read-only without settings.edit; kasir.books refuses
anything a role may not do anyway. Tabs are built and filled when first shown
(:class:`kasir.ui.pages.base.TabbedPage`). Ctrl+Tab and Ctrl+Shift+Tab move between tabs.
"""

from __future__ import annotations

from kasir.i18n import N_
from kasir.ui.admin_backup import BackupTab
from kasir.ui.admin_check import CheckTab
from kasir.ui.admin_language import LanguageTab
from kasir.ui.admin_printer import PrinterTab
from kasir.ui.admin_profile import ProfileTab
from kasir.ui.admin_users import UsersTab
from kasir.ui.pages.base import TabbedPage, TabSpec


class AdminPage(TabbedPage):
    key = "admin"
    title = N_("Administration")
    permission = None
    topics = ("users", "settings")
    keys = (("Ctrl+Tab", N_("Next tab")), ("Ins", N_("Add user")), ("Ctrl+B", N_("Back up now")),
            ("F5", N_("Check the data")))
    TABS = (
        TabSpec("users", N_("Users and roles"), UsersTab, ("users.manage",)),
        TabSpec("profile", N_("Co-op profile and AD/ART"), ProfileTab),
        TabSpec("printer", N_("Receipt printer"), PrinterTab),
        TabSpec("backup", N_("Backup and restore"), BackupTab, ("backup", "restore")),
        TabSpec("check", N_("Data check"), CheckTab),
        TabSpec("language", N_("Language"), LanguageTab),
    )
