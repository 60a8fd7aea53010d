"""The wajib arrears list (tunggakan) and "record this month's wajib" for many members at once.

The list is ``savings.arrears`` as of today. The treasurer selects members (Ctrl+A or "Select
all" for everyone) and records one wajib instalment from each with
``savings.record_wajib`` — all or nothing. Many members run off the GUI thread with a
progress dialog (:mod:`kasir.ui.worker`); that work opens its own connection to the file and
acts as the same signed-in user.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kasir.books import profile as profile_mod
from kasir.books import savings
from kasir.books.context import Context
from kasir.db import open_coop
from kasir.i18n import N_, _, date, ngettext, number, rupiah
from kasir.ui.feedback import guarded
from kasir.ui.forms import MessageLine
from kasir.ui.session import Session
from kasir.ui.widgets import FieldModel, list_fetch, shortcut, table_view
from kasir.ui.worker import run_in_background

ARREARS_FIELDS = (
    (N_("No."), lambda a: a.number),
    (N_("Name"), lambda a: a.name),
    (N_("Due"), lambda a: a.due),
    (N_("Paid"), lambda a: a.paid),
    (N_("Arrears"), lambda a: a.arrears),
    (N_("Instalments"), lambda a: a.periods),  # behind
)


class ArrearsPanel(QWidget):
    """The arrears list with its "record this month's wajib" button."""

    BACKGROUND_AT = 20  # from this many members the recording runs in the background

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("arrearsPanel")
        self.job = None
        self.rows: list[savings.Arrears] = []
        self.info = QLabel(self)
        self.info.setObjectName("arrearsInfo")
        self.status = MessageLine("arrearsStatus", self)
        self.model = FieldModel(ARREARS_FIELDS, list_fetch(self.rows), money_columns=(2, 3, 4), parent=self)
        self.table = table_view("arrearsTable", self, model=self.model, many=True, stretch=1,
                                widths={0: 80, 2: 130, 3: 130, 4: 130, 5: 100})
        self.select_all = QPushButton(_("Select all (Ctrl+A)"), self)
        self.select_all.setObjectName("selectAllArrears")
        self.select_all.clicked.connect(self.select_everyone)
        self.record = QPushButton(self)
        self.record.setObjectName("recordWajib")
        self.record.clicked.connect(self.record_selected)
        self.record.setVisible(session.may("savings.deposit"))
        self.select_all.setVisible(session.may("savings.deposit"))
        shortcut(self, "Ctrl+W", self.record.click)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.installEventFilter(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.select_all)
        buttons.addStretch(1)
        buttons.addWidget(self.record)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._selection_changed()

    def eventFilter(self, watched, event) -> bool:
        # the table's own Ctrl+A would select only the rows loaded so far
        if watched is self.table and event.type() == event.Type.KeyPress \
                and event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_everyone()
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        """Read the arrears as of today again."""
        conn, today = self.session.conn, self.session.ctx.today()
        self.rows[:] = savings.arrears(conn, today)
        self.wajib = profile_mod.get(conn).wajib_amount
        self.model.reload(list_fetch(self.rows))
        total = sum(a.arrears for a in self.rows)
        self.info.setText(ngettext("As of {date}: {count} member behind with wajib, {total} in all.",
                                   "As of {date}: {count} members behind with wajib, {total} in all.",
                                   len(self.rows)).format(date=date(today), count=number(len(self.rows)),
                                                          total=rupiah(total)))
        self._selection_changed()

    def select_everyone(self) -> None:
        while self.model.canFetchMore():  # rows not yet shown cannot be selected otherwise
            self.model.fetchMore()
        self.table.selectAll()
        self.table.setFocus()

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(r).member_id for r in rows]

    def _selection_changed(self, *_args) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.record.setText(ngettext("Record this month's wajib for {count} member (Ctrl+W)",
                                     "Record this month's wajib for {count} members (Ctrl+W)",
                                     count).format(count=number(count)))
        self.record.setEnabled(count > 0 and self.job is None)

    @guarded
    def record_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.job is not None or not self.session.may("savings.deposit"):
            return
        if len(ids) < self.BACKGROUND_AT:
            self._recorded(savings.record_wajib(self.session.ctx, ids))
            return
        path, user, clock = self.session.path, self.session.user, self.session.ctx.clock
        text = _("Recording wajib…")

        def work(progress):
            conn = open_coop(path)  # a connection belongs to the thread that opened it
            try:
                ctx = Context(conn, user, clock=clock)
                return savings.record_wajib(ctx, ids, progress=lambda d, t: progress(d, t, text))
            finally:
                conn.close()

        self.record.setEnabled(False)
        self.job = run_in_background(self, _("Recording this month's wajib"), work,
                                     done=self._recorded, failed=self._failed)

    def _failed(self, _exc) -> None:
        self.job = None
        self._selection_changed()

    def _recorded(self, tx_ids: list[int]) -> None:
        self.job = None
        count = len(tx_ids)
        self.status.ok(ngettext(
            "Wajib of {amount} recorded for {count} member ({total} in all).",
            "Wajib of {amount} recorded for {count} members ({total} in all).", count).format(
            amount=rupiah(self.wajib), count=number(count), total=rupiah(self.wajib * count)))
        self.session.changed("savings")
        self.refresh()
