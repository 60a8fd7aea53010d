"""Administration → Language: Indonesian or English for this co-op file.

The choice is stored in the setting ``ui.language`` (read when the app starts) and made the
active language at once; the windows show it when they are opened again (or after a restart).
A role that may not change settings can still switch for this session.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QPushButton, QWidget

from kasir import i18n
from kasir.books import profile as profile_mod
from kasir.i18n import _
from kasir.ui.app import LANGUAGE_SETTING
from kasir.ui.forms import MessageLine, narrow_column, run_event
from kasir.ui.login import LANGUAGE_NAMES
from kasir.ui.session import Session


class LanguageTab(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("languageTab")
        self.combo = QComboBox(objectName="languageCombo")
        for code, name in LANGUAGE_NAMES:
            self.combo.addItem(name, code)
        self.apply_button = QPushButton(_("&Use this language"), objectName="applyLanguageButton")
        self.apply_button.clicked.connect(self.apply)
        self.message = MessageLine("languageMessage")
        form = QFormLayout()
        form.addRow(_("&Language"), self.combo)
        layout = narrow_column(self)
        layout.addLayout(form)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def refresh(self) -> None:
        stored = profile_mod.get_setting(self.session.conn, LANGUAGE_SETTING, i18n.language())
        self.combo.setCurrentIndex(max(self.combo.findData(stored), 0))

    def apply(self) -> None:
        code = self.combo.currentData()
        if self.session.may("settings.edit"):
            if not run_event(self.message, profile_mod.set_setting, self.session.ctx,
                             LANGUAGE_SETTING, code)[0]:
                return
            self.session.changed("settings")
            note = _("Saved for this co-op file.")
        else:
            note = _("Your role may not change settings, so this applies until kasir is closed.")
        i18n.set_language(code)
        self.message.ok(note + " " + _("Windows show the new language when they are opened again "
                                       "or after a restart."))
