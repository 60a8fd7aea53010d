"""The dashboard (Beranda): the co-op today at a glance, and two charts.

Cards show today's sales and cash, items running low, members behind with wajib, this week's
supplier quotas (SPHP), the last backup and the last sync; the charts show the sales of the
last 30 days and the stock of the staple (sembako) items. Everything comes from
:mod:`kasir.books.overview`; the widgets are built once and only their texts and values
change on refresh, which keeps switching to this page fast.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kasir.books import items, overview
from kasir.books import profile as profile_mod
from kasir.db.backup import list_backups
from kasir.i18n import N_, _, date, datetime, number, rupiah
from kasir.money import div_round
from kasir.paths import backups_dir_for
from kasir.ui.charts import BarChart
from kasir.ui.pages.base import Page
from kasir.ui.session import Session

SHOWN = 5  # how many items or members a card lists before "… and N more"
SYNC_SETTING = "sync.last"
# Wajib arrears is the one slow figure (a sum per member): it is counted after the page is
# painted, and kept until one of these topics changes
ARREARS_TOPICS = ("savings", "members", "settings")


class Card(QFrame):
    """A titled box with one large figure and a few lines of detail under it."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Card")
        self.setProperty("class", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("cardTitle")
        self.value = QLabel()
        self.value.setObjectName(f"{name}Value")
        font = self.value.font()
        font.setPointSize(max(font.pointSize(), 9) + 6)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel()
        self.detail.setObjectName(f"{name}Detail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        for widget in (heading, self.value, self.detail):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_figures(self, value: str, lines: list[str]) -> None:
        self.value.setText(value)
        self.detail.setText("<br>".join(escape(line) for line in lines))


def _more(lines: list[str], total: int) -> list[str]:
    if total > len(lines):
        lines.append(_("… and {n} more").format(n=number(total - len(lines))))
    return lines


def _units(qty: int, item: items.Item) -> str:
    """A base quantity in the item's units of sale: ``400 pak 5 kg``."""
    return f"{number(qty // item.unit_size)} {item.unit}"


class DashboardPage(Page):
    key = "dashboard"
    title = N_("Home")
    permission = None
    topics = ("sales", "stock", "savings", "members")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setObjectName("dashboardHeading")
        layout.addWidget(self.heading)
        grid = QGridLayout()
        self.cards = {name: Card(name, title) for name, title in (
            ("sales", _("Today's sales")), ("cash", _("Cash")), ("low", _("Items running low")),
            ("arrears", _("Members behind with wajib")), ("quota", _("Supplier quotas this week")),
            ("safety", _("Backup and sync")))}
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 3, i % 3)
        layout.addLayout(grid)
        charts = QHBoxLayout()
        self.sales_chart = BarChart(_("Sales per day, last 30 days (thousand rupiah)"))
        self.sales_chart.setObjectName("salesChart")
        self.stock_chart = BarChart(_("Stock of staple goods (units of sale)"), horizontal=True)
        self.stock_chart.setObjectName("stockChart")
        charts.addWidget(self.sales_chart, 3)
        charts.addWidget(self.stock_chart, 2)
        layout.addLayout(charts)
        layout.addStretch(1)
        self._arrears_seen: tuple[dt.date, overview.ArrearsSummary] | None = None
        self.refresh()  # the main window refreshes a page when it is shown again, not when built

    def _on_changed(self, topic: str) -> None:
        if topic in ARREARS_TOPICS:  # first, so a refresh for this change computes it afresh
            self._arrears_seen = None
        super()._on_changed(topic)

    def today(self) -> dt.date:
        return self.session.ctx.today() if self.session.ctx else dt.date.today()

    def refresh(self) -> None:
        conn, today = self.session.conn, self.today()
        self.heading.setText(_("{coop} — {day}").format(coop=profile_mod.get(conn).name,
                                                         day=date(today, "full")))
        self._sales(conn, today)
        self._cash(conn, today)
        self._low(conn)
        self._arrears(conn, today)
        self._quota(conn, today)
        self._safety(conn)
        self._charts(conn, today)

    def _sales(self, conn, today: dt.date) -> None:
        day = overview.sales_of_day(conn, today)
        self.cards["sales"].show_figures(rupiah(day.total), [
            _("{n} sales").format(n=number(day.count)),
            _("Members: {n} sales, {total}").format(n=number(day.member_count),
                                                    total=rupiah(day.member_total)),
            _("Non-members: {n} sales, {total}").format(n=number(day.nonmember_count),
                                                        total=rupiah(day.nonmember_total))])

    def _cash(self, conn, today: dt.date) -> None:
        cash = overview.cash_position(conn, today)
        lines = [_("Balance of the Kas account")]
        lines += [_("Till {till} ({cashier}): {amount} should be in the drawer").format(
            till=d.till, cashier=d.cashier, amount=rupiah(d.expected)) for d in cash.drawers]
        if not cash.drawers:
            lines.append(_("No shift is open."))
        self.cards["cash"].show_figures(rupiah(cash.kas), lines)

    def _low(self, conn) -> None:
        low = items.running_low(conn)
        lines = [_("{name}: {left} left").format(name=i.name, left=_units(i.qty_on_hand, i))
                 for i in low[:SHOWN]]
        if not low:
            lines.append(_("Every item is above its low-stock level."))
        self.cards["low"].show_figures(number(len(low)), _more(lines, len(low)))

    def _arrears(self, conn, today: dt.date) -> None:
        if self._arrears_seen is None or self._arrears_seen[0] != today:
            # counted just after the page is painted, so that opening the page stays quick
            self.cards["arrears"].show_figures("…", [_("Counting…")])
            QTimer.singleShot(0, self, self.count_arrears)
            return
        self._show_arrears(self._arrears_seen[1])

    def count_arrears(self) -> None:
        """Sum every member's wajib against what was due (the page's one slow figure)."""
        if self.session.ctx is None:  # signed out (or the file is being restored) meanwhile
            return
        today = self.today()
        if self._arrears_seen is None or self._arrears_seen[0] != today:
            self._arrears_seen = (today, overview.arrears_summary(self.session.conn, today, top=SHOWN))
        self._show_arrears(self._arrears_seen[1])

    def _show_arrears(self, behind: overview.ArrearsSummary) -> None:
        worst = [_("{number} {name}: {amount}").format(number=a.number, name=a.name,
                                                      amount=rupiah(a.arrears))
                 for a in behind.worst]
        head = (_("{total} owed in all").format(total=rupiah(behind.total)) if behind.count
                else _("Every active member is up to date."))
        self.cards["arrears"].show_figures(number(behind.count), [head, *_more(worst, behind.count)])

    def _quota(self, conn, today: dt.date) -> None:
        quotas = overview.quota_week(conn, today)
        lines = [_("{item} from {supplier}: received {received} of {quota}, sold {sold}").format(
            item=q.item.name, supplier=q.supplier, received=_units(q.received, q.item),
            quota=_units(q.quota, q.item), sold=_units(q.sold, q.item)) for q in quotas]
        if not quotas:
            lines.append(_("No supplier has a weekly quota."))
        used = [q for q in quotas if q.quota]
        share = (div_round(100 * sum(q.received for q in used), sum(q.quota for q in used))
                 if used else 0)
        self.cards["quota"].show_figures(_("Received: {percent}").format(percent=f"{share}%")
                                         if used else "—", lines)

    def _safety(self, conn) -> None:
        path = self.session.path
        found = list_backups(backups_dir_for(path), stem=path.stem)
        if found:
            made = dt.datetime.fromtimestamp(found[-1].stat().st_mtime)
            backup = _("Last backup: {when}").format(when=datetime(made, "short"))
        else:
            backup = _("Last backup: never")
        synced = profile_mod.get_setting(conn, SYNC_SETTING)
        sync = (_("Last sync: {when}").format(when=synced) if synced
                else _("Last sync: not set up yet"))
        self.cards["safety"].show_figures(_("Backed up") if found else _("No backup yet"),
                                          [backup, sync])

    def _charts(self, conn, today: dt.date) -> None:
        days = overview.sales_per_day(conn, today, 30)
        self.sales_chart.set_data([date(d, "d/M") for d, _total in days],
                                  [div_round(total, 1000) for _day, total in days])
        staples = overview.key_items(conn)
        self.stock_chart.set_data([i.name for i in staples], [i.units_on_hand for i in staples])
