"""The first run: set up our co-op, or open the demo co-op, or a separate practice copy.

Shown when the co-op file does not exist yet. (a) creates the real file with the co-op's
profile, its AD/ART savings amounts and the first administrator (``kasir.books.coop.create``);
(b) opens the demo co-op ``demo.sqlite`` in the data folder, the same file ``kasir demo``
writes, generating it first if needed; (c) a practice copy ``latihan.sqlite`` beside it, a
demo of its own so practice never touches the demo or the real books. Both are practice files
(``practice=True``): every screen can say they are not the real books. Generating runs off the
GUI thread with a progress bar. :attr:`SetupWizard.chosen` gives the path of the file to open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kasir.books import coop
from kasir.books.profile import Profile
from kasir.errors import InvalidInput
from kasir.i18n import N_, _, rupiah
from kasir.paths import data_dir
from kasir.ui.feedback import message_for
from kasir.ui.widgets import MoneyEdit
from kasir.ui.worker import run_in_background

PRACTICE_PASSWORD = "kasir-demo"  # the same as `kasir demo`, so one hint fits both files
DEMO_FILE, PRACTICE_FILE = "demo.sqlite", "latihan.sqlite"
_DEFAULTS = Profile(name="")


class SetupWizard(QDialog):
    """Choose how to start; emits ``chosen(path)`` with the co-op file to open, then closes.

    ``demo_size`` is (members, months) of a generated demo or practice file.
    """

    chosen = Signal(object)  # Path

    def __init__(self, path: Path, *, folder: Path | None = None,
                 demo_size: tuple[int, int] = (200, 24), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle(_("kasir — first start"))
        self.path = Path(path)
        self.folder = Path(folder) if folder else data_dir()
        self.demo_size = demo_size
        self.job = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._choice_page())
        self.stack.addWidget(self._form_page())
        QVBoxLayout(self).addWidget(self.stack)
        self.setMinimumWidth(560)

    # ---- the two steps ---------------------------------------------------------------------

    def _choice_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = QLabel(_("Welcome to kasir"), objectName="wizardHeading")
        intro = QLabel(_("There is no co-op file yet at {path}. How do you want to start?")
                       .format(path=self.path))
        intro.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(intro)
        for name, text, slot in (
                ("ownButton", N_("&1  Set up our co-op (the real books)"), self.show_form),
                ("demoButton", N_("&2  Open the demo co-op to look around"), self.open_demo),
                ("practiceButton", N_("&3  A separate practice copy (latihan) for training"),
                 self.open_practice)):
            button = QPushButton(_(text), objectName=name)
            button.clicked.connect(slot)
            layout.addWidget(button)
        layout.addStretch(1)
        return page

    def _form_page(self) -> QWidget:
        page = QWidget()
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in (("name", N_("Co-op name")), ("address", N_("Address")),
                           ("village", N_("Village (desa/kelurahan)")),
                           ("district", N_("District (kabupaten/kota)"))):
            self.fields[key] = QLineEdit(objectName=f"wizard_{key}")
            form.addRow(_(label), self.fields[key])
        self.pokok = MoneyEdit()
        self.pokok.setObjectName("wizard_pokok")
        self.pokok.setText(rupiah(_DEFAULTS.pokok_amount, symbol=False))
        self.wajib = MoneyEdit()
        self.wajib.setObjectName("wizard_wajib")
        self.wajib.setText(rupiah(_DEFAULTS.wajib_amount, symbol=False))
        form.addRow(_("Simpanan pokok (once, on joining)"), self.pokok)
        form.addRow(_("Simpanan wajib (each month)"), self.wajib)
        for key, label, secret in (("admin", N_("Administrator's user name"), False),
                                   ("admin_name", N_("Administrator's full name"), False),
                                   ("password", N_("Password"), True),
                                   ("password2", N_("Password again"), True)):
            edit = QLineEdit(objectName=f"wizard_{key}")
            if secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.fields[key] = edit
            form.addRow(_(label), edit)
        self.fields["admin"].setText("admin")
        self.error_label = QLabel(objectName="wizardError")
        self.error_label.setWordWrap(True)
        back = QPushButton(_("Back"), objectName="backButton")
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.create_button = QPushButton(_("Create the co-op file"), objectName="createButton")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_coop)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(_("Our co-op"), objectName="wizardHeading"))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        return page

    def show_form(self) -> None:
        self.stack.setCurrentIndex(1)
        self.fields["name"].setFocus()

    # ---- (a) our co-op -------------------------------------------------------------------

    def create_coop(self) -> None:
        """Create the real co-op file from the form; a refusal is shown under the form."""
        text = self.fields
        try:
            if text["password"].text() != text["password2"].text():
                raise InvalidInput(N_("The two passwords differ; type the same password twice."))
            profile = Profile(name=text["name"].text().strip(), address=text["address"].text().strip(),
                              village=text["village"].text().strip(),
                              district=text["district"].text().strip(),
                              pokok_amount=self.pokok.amount(), wajib_amount=self.wajib.amount())
            conn = coop.create(self.path, profile=profile, admin=text["admin"].text().strip(),
                               password=text["password"].text(),
                               admin_name=text["admin_name"].text().strip())
        except Exception as exc:  # refusals (and, logged, bugs) are shown under the form
            self.error_label.setText(message_for(exc)[0])
            return
        conn.close()
        self._finish(self.path)

    # ---- (b) the demo, (c) the practice copy ------------------------------------------------

    def open_demo(self) -> None:
        self._open_practice_file(self.folder / DEMO_FILE, seed=1)

    def open_practice(self) -> None:
        self._open_practice_file(self.folder / PRACTICE_FILE, seed=2)

    def _open_practice_file(self, target: Path, seed: int) -> None:
        if target.exists():
            self._finish(target)
            return
        members, months = self.demo_size

        def work(progress):
            from kasir import demo  # the generator is loaded only when it is needed

            target.parent.mkdir(parents=True, exist_ok=True)
            return demo.generate(target, members=members, months=months, seed=seed,
                                 password=PRACTICE_PASSWORD,
                                 progress=lambda share, text: progress(int(share * 100), 100, text))

        self.setEnabled(False)
        self.job = run_in_background(self, _("Creating the practice co-op…"), work,
                                     done=lambda _summary: self._finish(target),
                                     failed=lambda _exc: self.setEnabled(True))

    def _finish(self, path: Path) -> None:
        self.chosen.emit(Path(path))
        self.accept()
