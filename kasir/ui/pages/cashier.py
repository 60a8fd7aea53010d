"""The cashier screen (kasir), keyboard- and scanner-first.

The barcode field always has the focus: Enter on a scanned or typed code adds the line (the
same item again adds to its quantity), ``3*code`` adds three, ``*3`` sets the current line to
three, and a typed name shows the items starting with it to pick with ↑↓ and Enter. Each
line is checked against the books' rules as it is added (HET, NIK, daily caps:
``kasir.books.sales.check_cart``), so a refusal shows at once and nothing is written; the
checkout checks everything again. Function keys choose the buyer, pay, reprint, void and
close the shift; they are shown along the bottom (:mod:`kasir.ui.cashier_keys`) and listed in
:attr:`CashierPage.keys`.

While no shift is open on the till (setting ``cashier.till``, default "1") the screen asks to
open one first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kasir.books import credit, items, members, sales, shifts
from kasir.books import profile as profile_mod
from kasir.errors import InvalidInput, KasirError, NotAllowed, NotFound
from kasir.i18n import N_, _, rupiah
from kasir.reports import receipt
from kasir.ui.cashier_cart import QTY_COLUMN, CartModel
from kasir.ui.cashier_dialogs import MemberDialog, NikDialog, VoidDialog
from kasir.ui.cashier_keys import KEYS, Key, KeyBar, key_for
from kasir.ui.cashier_pay import PayDialog
from kasir.ui.cashier_scan import ScanBox
from kasir.ui.cashier_shift import CloseShiftDialog, OpenShiftPanel, difference_text
from kasir.ui.feedback import confirm, show_error
from kasir.ui.forms import MessageLine, set_message
from kasir.ui.pages.base import Page
from kasir.ui.widgets import enlarge, table_view

TILL_SETTING = "cashier.till"


class CashierPage(Page):
    key = "cashier"
    title = N_("Cashier")
    permission = "sale.checkout"
    topics = ("sales", "stock", "settings")

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.till, self.shift = "1", None
        self.member: members.Member | None = None
        self.buyer_nik: str | None = None
        self.last_sale_id: int | None = None
        self.dialog = None  # the dialog open on this page, for tests and focus
        self.cart = CartModel(self)
        self.cart.on_quantity = self._quantity_allowed
        for signal in (self.cart.dataChanged, self.cart.rowsInserted, self.cart.rowsRemoved,
                       self.cart.modelReset):
            signal.connect(self._show_total)
        self.stack = QStackedWidget(self)
        self.open_panel = OpenShiftPanel(session, lambda: self.till, self)
        self.open_panel.opened.connect(lambda _shift: self.refresh())
        self.stack.addWidget(self.open_panel)
        self.stack.addWidget(self._sale_panel())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.refresh()

    # ---- building --------------------------------------------------------------------------

    def _sale_panel(self) -> QWidget:
        panel = QWidget(self)
        panel.setObjectName("salePanel")
        self.shift_label = self._label("shiftLabel")
        self.buyer_label = enlarge(self._label("buyerLabel"), 1.2)
        self.buyer_label.setWordWrap(True)
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down)
        self.scanbox = ScanBox(self.session, lambda k: k in arrows or key_for(k) is not None,
                               lambda: self.member is not None, panel)
        self.barcode, self.matches = enlarge(self.scanbox.field, 1.6), self.scanbox.matches
        self.barcode.returnPressed.connect(self.scan)
        self.matches.itemClicked.connect(lambda _item: self.scan())
        self.scanbox.wanted.connect(lambda item, qty: self._guarded(self.add_item, item, qty))
        self.scanbox.quantity.connect(lambda qty: self._guarded(self._quantity_typed, qty))
        self.scanbox.passed.connect(self._passed)
        self.message = MessageLine("cashierMessage", self)
        self.table = table_view("cartTable", panel, model=self.cart, stretch=1)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.itemDelegate().closeEditor.connect(lambda *_args: self.focus_scan())
        self.total_label = enlarge(self._label("totalLabel"), 3.0)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.last_label = self._label("lastSaleLabel")
        self.last_label.setWordWrap(True)
        self.change_label = enlarge(self._label("changeLabel"), 2.0)
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        left = QVBoxLayout()
        left.addWidget(self.scanbox)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Total"), panel))
        for widget in (self.total_label, self.buyer_label, self.last_label, self.change_label):
            right.addWidget(widget)
        right.addStretch(1)
        right.addWidget(self.shift_label)
        self.shift_label.setWordWrap(True)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        outer = QVBoxLayout(panel)
        outer.addLayout(body, 1)
        self.key_bar = KeyBar(self.session, panel)
        self.key_bar.pressed.connect(self._run)
        self.key_buttons = self.key_bar.buttons
        outer.addWidget(self.key_bar)
        return panel

    def _label(self, name: str) -> QLabel:
        label = QLabel("", self)
        label.setObjectName(name)
        return label

    @property
    def keys(self) -> list[tuple[str, str]]:
        """(key, label) of the function keys this user may use, for the main window's key bar;
        the label is the English message id, translated where it is shown."""
        return [(k.text, k.label) for k in KEYS if self.session.may(k.permission)]

    # ---- state -----------------------------------------------------------------------------

    def refresh(self) -> None:
        conn = self.session.conn
        self.till = profile_mod.get_setting(conn, TILL_SETTING, "1").strip() or "1"
        self.shift = shifts.current(conn, self.till)
        if self.shift is None:
            self.stack.setCurrentWidget(self.open_panel)
            self.open_panel.show_for(self.till, self.open_panel.note.text())
            return
        self.stack.setCurrentIndex(1)
        self.shift_label.setText(_("Till {till} · shift opened by {user} · float {amount}").format(
            till=self.till, user=self.shift.opened_by, amount=rupiah(self.shift.float)))
        if self.cart.rows:  # prices may have changed: show (and later sell) the current ones
            fresh = items.many(conn, [item.id for item in self.cart.items()])
            for row in self.cart.rows:
                row.item = fresh[row.item.id]
            self.cart.set_member(self.member is not None)
        self._show_buyer()
        self._show_total()
        self.focus_scan()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.focus_scan()

    def focus_scan(self) -> None:
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if self.stack.currentIndex() == 1 and not editing:
            self.barcode.setFocus()

    def say(self, text: str, error: bool = False) -> None:
        set_message(self.message, text, error=error)
        if error:
            QApplication.beep()

    def _show_total(self, *_args) -> None:
        self.total_label.setText(rupiah(self.cart.total()))

    def _show_buyer(self) -> None:
        if self.member is not None:
            text = _("Member {number} {name}").format(number=self.member.number, name=self.member.name)
        elif self.buyer_nik:
            text = _("Non-member, NIK {nik}").format(nik=self.buyer_nik)
        else:
            text = _("Non-member")
        self.buyer_label.setText(text)

    def _guarded(self, action: Callable, *args) -> None:
        """Run ``action``: a refusal from the books becomes the red message line, a bug a dialog."""
        try:
            action(*args)
        except KasirError as exc:
            self.say(str(exc), error=True)
            self.barcode.selectAll()  # still readable; the next scan replaces it
        except Exception as exc:  # a bug: logged and shown, never a traceback
            show_error(self, exc)

    def _check(self, **change) -> None:
        """Check the cart (as ``change`` would make it) against the books' rules."""
        sales.check_cart(self.session.conn, self.cart.lines(**change),
                         member_id=self.member.id if self.member else None,
                         buyer_nik=self.buyer_nik, date=self.session.ctx.today())

    # ---- keys ------------------------------------------------------------------------------

    def _run(self, key: Key) -> None:
        if self.session.may(key.permission) and self.stack.currentIndex() == 1:
            self._guarded(getattr(self, key.method))
        self.focus_scan()

    def keyPressEvent(self, event) -> None:
        key = key_for(event.key())
        if key is None:
            super().keyPressEvent(event)
        else:
            self._run(key)

    def _passed(self, qt_key) -> None:
        """A key from the barcode field: ↑↓ move in the cart, the others run their action."""
        if qt_key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if self.cart.rows:
                step = -1 if qt_key == Qt.Key.Key_Up else 1
                self.table.selectRow(max(0, min(len(self.cart.rows) - 1, self._current_row() + step)))
            return
        self._run(key_for(qt_key))

    # ---- the cart --------------------------------------------------------------------------

    def scan(self) -> None:
        """Enter in the barcode field."""
        self._guarded(self._take)
        self.focus_scan()

    def _take(self) -> None:
        note = self.scanbox.take()
        if note:
            self.say(note)

    def _quantity_typed(self, quantity: int) -> None:
        self._set_quantity(self._current_row(), quantity)
        self.scanbox.done()

    def add_item(self, item: items.Item, quantity: int = 1) -> None:
        """Add ``quantity`` of ``item`` after the books' checks; ask the NIK first if needed."""
        if self.member is None and not self.buyer_nik and \
                sales.needs_nik(self.session.conn, item, self.session.ctx.today()):
            self._ask_nik(item.name, lambda: self._guarded(self.add_item, item, quantity))
            return
        self._check(extra=(item, quantity))
        row = self.cart.add(item, quantity)
        self.table.selectRow(row)
        self.table.scrollTo(self.cart.index(row, 0))
        self.scanbox.done()
        self.say(_("{name}: {quantity}").format(name=item.name, quantity=self.cart.rows[row].quantity))

    def _current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else len(self.cart.rows) - 1

    def _quantity_allowed(self, row: int, quantity: int) -> bool:
        try:
            self._check(change=(row, quantity))
        except KasirError as exc:
            self.say(str(exc), error=True)
            return False
        return True

    def _set_quantity(self, row: int, quantity: int) -> None:
        if row < 0:
            raise InvalidInput(N_("The cart is empty."))
        if self._quantity_allowed(row, quantity):
            self.cart.set_quantity(row, quantity)

    # ---- actions (function keys) -----------------------------------------------------------

    def _open(self, dialog, done: Callable) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._guarded(done, dialog))
        dialog.finished.connect(lambda _result: self.focus_scan())
        dialog.open()

    def pick_member(self) -> None:
        self._open(MemberDialog(self.session, self), lambda d: self._set_buyer(d.member, None))

    def set_non_member(self) -> None:
        self._set_buyer(None, None)

    def ask_nik(self) -> None:
        self._ask_nik("", None)

    def _ask_nik(self, item_name: str, then: Callable | None) -> None:
        def done(dialog: NikDialog) -> None:
            self._set_buyer(None, dialog.nik)
            if then is not None:
                then()
        self._open(NikDialog(self.session, item_name or _("This sale"), self), done)

    def _set_buyer(self, member: members.Member | None, nik: str | None) -> None:
        self.member, self.buyer_nik = member, nik
        self.cart.set_member(member is not None)
        self._show_buyer()
        self.say("")
        if self.cart.rows:
            self._check()  # e.g. this member already took today's cap of SPHP

    def edit_quantity(self) -> None:
        if self.cart.rows:
            index = self.cart.index(self._current_row(), QTY_COLUMN)
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def delete_line(self) -> None:
        if self.cart.rows:
            row = self._current_row()
            self.cart.remove(row)
            if self.cart.rows:
                self.table.selectRow(min(row, len(self.cart.rows) - 1))

    def clear_cart(self) -> None:
        if self.cart.rows and confirm(self, _("Clear the whole cart?")):
            self.cart.clear()
            self._set_buyer(None, None)

    def pay(self) -> None:
        needs = any(sales.needs_nik(self.session.conn, item, self.session.ctx.today())
                    for item in self.cart.items())
        if needs and self.member is None and not self.buyer_nik:
            self._ask_nik("", lambda: self._guarded(self.pay))
            return
        self._check()  # an empty cart, or the rules, refused before the dialog opens
        available = None
        if self.member is not None:
            conn = self.session.conn
            available = credit.limit(conn) - credit.open_credit(conn, self.member.id)
        self._open(PayDialog(self.cart.total(), self._checkout, session=self.session,
                             credit_available=available, parent=self), lambda d: self._sold(d.sale))

    def _checkout(self, payment: str, tendered: int | None, reference: str) -> sales.Sale:
        return sales.checkout(self.session.ctx, self.cart.lines(), till=self.till,
                              member_id=self.member.id if self.member else None,
                              buyer_nik=self.buyer_nik, payment=payment, tendered=tendered,
                              reference=reference)

    def _sold(self, sale: sales.Sale) -> None:
        self.last_sale_id = sale.id
        self.cart.clear()
        self._set_buyer(None, None)
        self.last_label.setText(_("Receipt {receipt} · total {total}").format(
            receipt=sale.receipt, total=rupiah(sale.total)))
        self.change_label.setText(_("Change {amount}").format(amount=rupiah(sale.change))
                                  if sale.payment == "cash" else "")
        for topic in ("sales", "stock"):
            self.session.changed(topic)
        self._print(sale.id, copy=False)

    def _print(self, sale_id: int, copy: bool) -> None:
        try:
            where = receipt.print_receipt(self.session.conn, sale_id, copy=copy)
        except receipt.PrinterError as exc:
            self.say(_("The sale is saved but its receipt was not printed: {reason} Press F9 to "
                       "print it again.").format(reason=exc), error=True)
            return
        self.say(_("Receipt printed: {where}").format(where=where))

    def reprint(self) -> None:
        sale_id = self.last_sale_id
        if sale_id is None:
            today = sales.of_day(self.session.conn, self.session.ctx.today(), self.till)
            if not today:
                raise NotFound(N_("No sale was made on this till today."))
            sale_id = today[-1][0]
        self._print(sale_id, copy=True)

    def void_sale(self) -> None:
        last = sales.get(self.session.conn, self.last_sale_id).receipt if self.last_sale_id else ""

        def done(dialog: VoidDialog) -> None:
            for topic in ("sales", "stock", "ledger"):
                self.session.changed(topic)
            self.say(_("Sale {receipt} is voided.").format(receipt=dialog.chosen_receipt()))
        self._open(VoidDialog(self.session, self.till, last, self), done)

    def close_shift(self) -> None:
        if self.cart.rows:
            raise NotAllowed(N_("Pay or clear the cart before closing the shift."))

        def done(dialog: CloseShiftDialog) -> None:
            s = dialog.closed
            self.open_panel.note.setText(
                _("Shift closed: expected {expected}, counted {counted}, {difference}.").format(
                    expected=rupiah(s.expected), counted=rupiah(s.counted),
                    difference=difference_text(s.difference)))
            self.refresh()
        self._open(CloseShiftDialog(self.session, self.shift, self), done)

