"""Administration → Co-op profile and AD/ART: the co-op's identity, the savings amounts and the
SHU allocation.

The profile and the SHU allocation are saved separately (two events). The allocation's
running total is shown as the percentages are typed; the books refuse a total other than
100% and say what the total was.
"""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kasir.books import profile as profile_mod
from kasir.errors import KasirError
from kasir.i18n import N_, _
from kasir.ui.forms import MessageLine, run_event
from kasir.ui.session import Session
from kasir.ui.widgets import MoneyEdit, fit_columns

TEXT_FIELDS = (("name", N_("&Name")), ("legal_number", N_("Legal number (badan hukum)")),
               ("nib", N_("NIB")), ("address", N_("Address")), ("village", N_("Village (desa)")),
               ("district", N_("District (kabupaten)")), ("province", N_("Province")))
FREQUENCY_LABELS = {"monthly": N_("monthly"), "quarterly": N_("every three months"),
                    "yearly": N_("yearly")}


class ProfileTab(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("profileTab")
        # the profile's dozen fields scroll rather than make the window taller than 768 px
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self._build_profile(), 3)
        row.addWidget(self._build_shu(), 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # ---- building ------------------------------------------------------------------------

    def _build_profile(self) -> QGroupBox:
        box = QGroupBox(_("Co-op profile"))
        form = QFormLayout()
        self.texts: dict[str, QLineEdit] = {}
        for key, label in TEXT_FIELDS:
            self.texts[key] = QLineEdit(objectName=f"{key}Edit")
            form.addRow(_(label), self.texts[key])
        self.zone = QComboBox(objectName="zoneCombo")
        for zone in (1, 2, 3):
            self.zone.addItem(_("Zone {n}").format(n=zone), zone)
        self.year_start = QSpinBox(objectName="yearStartSpin", minimum=1, maximum=12)
        self.pokok = MoneyEdit()
        self.pokok.setObjectName("pokokEdit")
        self.wajib = MoneyEdit()
        self.wajib.setObjectName("wajibEdit")
        self.frequency = QComboBox(objectName="frequencyCombo")
        for key in profile_mod.FREQUENCIES:
            self.frequency.addItem(_(FREQUENCY_LABELS[key]), key)
        form.addRow(_("HET zone"), self.zone)
        form.addRow(_("Book year starts in month"), self.year_start)
        form.addRow(_("Simpanan &pokok (once)"), self.pokok)
        form.addRow(_("Simpanan &wajib"), self.wajib)
        form.addRow(_("Wajib is paid"), self.frequency)
        self.save_profile_button = QPushButton(_("&Save profile"), objectName="saveProfileButton")
        self.save_profile_button.clicked.connect(self.save_profile)
        self.profile_message = MessageLine("profileMessage")
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addWidget(self.save_profile_button)
        column.addWidget(self.profile_message)
        column.addStretch(1)
        return box

    def _build_shu(self) -> QGroupBox:
        box = QGroupBox(_("SHU allocation (AD/ART)"))
        self.shu_table = QTableWidget(0, 2, objectName="shuTable")
        self.shu_table.setHorizontalHeaderLabels([_("Share"), _("Percent")])
        fit_columns(self.shu_table)
        self.shu_table.verticalHeader().hide()
        self.shu_table.itemChanged.connect(self._show_total)
        self.shu_total = QLabel(objectName="shuTotal")
        self.save_shu_button = QPushButton(_("Save S&HU allocation"), objectName="saveShuButton")
        self.save_shu_button.clicked.connect(self.save_shu)
        self.shu_message = MessageLine("shuMessage")
        column = QVBoxLayout(box)
        column.addWidget(QLabel(_("The percentages must total exactly 100%."), wordWrap=True))
        column.addWidget(self.shu_table, 1)
        column.addWidget(self.shu_total)
        column.addWidget(self.save_shu_button)
        column.addWidget(self.shu_message)
        return box

    # ---- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        conn = self.session.conn
        prof = profile_mod.get(conn)
        for key, edit in self.texts.items():
            edit.setText(getattr(prof, key))
        self.zone.setCurrentIndex(max(self.zone.findData(prof.het_zone), 0))
        self.year_start.setValue(prof.book_year_start_month)
        self.pokok.set_amount(prof.pokok_amount)
        self.wajib.set_amount(prof.wajib_amount)
        self.frequency.setCurrentIndex(max(self.frequency.findData(prof.wajib_frequency), 0))
        self._fill_shu(profile_mod.shu_allocation(conn))
        editable = self.session.may("settings.edit")
        for widget in (*self.texts.values(), self.zone, self.year_start, self.pokok, self.wajib,
                       self.frequency, self.save_profile_button, self.save_shu_button):
            widget.setEnabled(editable)
        self.shu_table.setEnabled(editable)

    def _fill_shu(self, allocation: dict[str, int]) -> None:
        self.shu_table.blockSignals(True)
        self.shu_table.setRowCount(len(allocation))
        self.shu_keys = list(allocation)
        for row, (key, basis_points) in enumerate(allocation.items()):
            label = profile_mod.SHU_LABELS.get(key)
            name = QTableWidgetItem(_(label) if label else key)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.shu_table.setItem(row, 0, name)
            self.shu_table.setItem(row, 1, QTableWidgetItem(profile_mod.format_percent(basis_points)))
        self.shu_table.blockSignals(False)
        self._show_total()

    def set_percent(self, key: str, text: str) -> None:
        """Type ``text`` as the percentage of the share ``key`` (as a user editing the cell)."""
        self.shu_table.item(self.shu_keys.index(key), 1).setText(text)

    def allocation(self) -> dict[str, int]:
        """The typed allocation in basis points; refuses a cell that is not a percentage."""
        return {key: profile_mod.parse_percent(self.shu_table.item(row, 1).text())
                for row, key in enumerate(self.shu_keys)}

    def _show_total(self, *_args) -> None:
        try:
            total = sum(self.allocation().values())
        except KasirError:
            self.shu_total.setText(_("Total: —"))
            return
        self.shu_total.setText(_("Total: {total}%").format(total=profile_mod.format_percent(total)))

    # ---- saving -------------------------------------------------------------------------------

    def _changes(self) -> dict:
        typed = {key: edit.text().strip() for key, edit in self.texts.items()}
        typed.update(het_zone=self.zone.currentData(), book_year_start_month=self.year_start.value(),
                     pokok_amount=self.pokok.amount(), wajib_amount=self.wajib.amount(),
                     wajib_frequency=self.frequency.currentData())
        old = asdict(profile_mod.get(self.session.conn))
        return {key: value for key, value in typed.items() if old[key] != value}

    def save_profile(self) -> None:
        done, changes = run_event(self.profile_message, self._changes)
        if not done:
            return
        if not changes:
            self.profile_message.ok(_("Nothing was changed."))
            return
        if run_event(self.profile_message, profile_mod.update, self.session.ctx, **changes)[0]:
            self.session.changed("settings")
            self.refresh()
            self.profile_message.ok(_("The profile was saved."))

    def save_shu(self) -> None:
        done, allocation = run_event(self.shu_message, self.allocation)
        if done and run_event(self.shu_message, profile_mod.set_shu_allocation, self.session.ctx,
                              allocation)[0]:
            self.session.changed("settings")
            self.refresh()
            self.shu_message.ok(_("The SHU allocation was saved."))
