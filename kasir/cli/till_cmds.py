"""``kasir sale checkout FILE``, ``kasir sale void|return``, ``kasir shift open|close``.

The cart file's format is :data:`CART_FORMAT`, shown (translated) by ``kasir sale --help``.
"""

from __future__ import annotations

import argparse

from kasir.books import returns, sales, shifts
from kasir.cli import common
from kasir.cli.stock_cmds import item_ref
from kasir.errors import InvalidInput
from kasir.i18n import N_, _, rupiah
from kasir.money import parse_amount

CART_FORMAT = N_("""A cart file is JSON:

    {"lines": [{"item": "2000000000015", "quantity": 2}, {"item": "#12", "quantity": 1}],
     "member": "00012", "payment": "cash", "tendered": 150000}

or CSV with the columns item,quantity (a barcode or #id, and whole units of sale). "member"
(a member number) or "nik" (a non-member's NIK), "payment" (cash, credit, noncash),
"tendered" and "reference" may be given in the file or as options; options win. Any other
field is refused.""")
CART_FIELDS = ("lines", "member", "nik", "payment", "tendered", "reference")
CART_LINE_FIELDS = ("item", "quantity")


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    p = sub.add_parser("sale", help=_("sell a cart from a file; 'sale void', 'sale return'"),
                       description=_(CART_FORMAT),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="sale_command", metavar=_("ACTION"))
    p.set_defaults(handler=None)
    c = actions.add_parser("checkout", parents=[db, user, js], help=_("sell the cart in FILE"),
                           description=_(CART_FORMAT),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("file", help=_("cart as JSON or CSV ('-' for standard input)"))
    c.add_argument("--till", default="1")
    c.add_argument("--member", help=_("member number of the buyer"))
    c.add_argument("--nik", help=_("NIK of a non-member buyer"))
    c.add_argument("--payment", choices=sales.PAYMENTS)
    c.add_argument("--tendered", help=_("cash given"))
    c.add_argument("--reference", help=_("transfer or QRIS reference"))
    c.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    c.set_defaults(handler=cmd_checkout)
    v = actions.add_parser("void", parents=[db, user, js], help=_("void a whole sale"))
    v.add_argument("receipt")
    v.add_argument("--reason", required=True)
    v.set_defaults(handler=cmd_void)
    r = actions.add_parser("return", parents=[db, user, js], help=_("take back lines of a sale"))
    r.add_argument("receipt")
    r.add_argument("--line", action="append", required=True, metavar="N=QTY",
                   help=_("line number on the receipt (1, 2 …) and units returned"))
    r.add_argument("--reason", default="")
    r.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    r.set_defaults(handler=cmd_return)

    group = sub.add_parser("shift", help=_("cashier shifts: open with a float, close with a count"))
    cmds = group.add_subparsers(dest="shift_command", metavar=_("COMMAND"), required=True)
    o = cmds.add_parser("open", parents=[db, user, js], help=_("open the till's shift"))
    o.add_argument("--till", default="1")
    o.add_argument("--float", default="0", help=_("cash in the drawer at the start"))
    o.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    o.set_defaults(handler=cmd_shift_open)
    c = cmds.add_parser("close", parents=[db, user, js],
                        help=_("close the till's shift with the counted cash"))
    c.add_argument("--till", default="1")
    c.add_argument("--count", action="append", default=[], metavar="NOTE=N",
                   help=_("e.g. 100000=3 50000=2 (repeat for each note or coin)"))
    c.add_argument("--date", help=_("YYYY-MM-DD (default: today, or the day the shift opened)"))
    c.set_defaults(handler=cmd_shift_close)


def main_sale_args(argv: list[str]) -> list[str]:
    """``kasir sale FILE …`` is short for ``kasir sale checkout FILE …``."""
    if len(argv) > 1 and argv[0] == "sale" and argv[1] not in ("checkout", "void", "return",
                                                                "-h", "--help"):
        return ["sale", "checkout", *argv[1:]]
    return argv


def _read_cart(conn, text: str) -> tuple[list[sales.CartLine], dict]:
    what = _("the cart file")
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith("{"):
        data = common.load_json(stripped, what)
        common.refuse_unknown(data, CART_FIELDS, what)
        rows = [(r.get("item"), r.get("quantity", 1))
                for r in common.json_lines(data, what, CART_LINE_FIELDS)]
    else:
        data = {}
        rows = [(r.get("item"), r.get("quantity") or 1)
                for r in common.csv_rows(stripped, what, CART_LINE_FIELDS)]
    if not rows or any(ref is None or not str(ref).strip() for ref, _q in rows):
        raise InvalidInput(N_("Every line of the cart file needs an item (a barcode or #id). "
                              "See 'kasir sale --help'."))
    cart = [sales.CartLine(quantity=common.whole(q), item_id=item_ref(conn, str(ref)).id)
            for ref, q in rows]
    return cart, data


def sale_dict(sale: sales.Sale) -> dict:
    return {"id": sale.id, "receipt": sale.receipt, "date": sale.date.isoformat(),
            "member_id": sale.member_id, "payment": sale.payment, "total": sale.total,
            "tendered": sale.tendered, "change": sale.change, "voided": sale.voided,
            "lines": [line.__dict__ for line in sale.lines]}


def cmd_checkout(args) -> int:
    text = common.require_file(args.file, _("the cart file"))
    with common.signed_in(args) as ctx:
        cart, data = _read_cart(ctx.conn, text)
        member = args.member or data.get("member")
        tendered = args.tendered if args.tendered is not None else data.get("tendered")
        sale = sales.checkout(
            ctx, cart, till=args.till, member_id=common.member_ref(ctx, member).id if member else None,
            buyer_nik=args.nik or data.get("nik"), payment=args.payment or data.get("payment", "cash"),
            tendered=parse_amount(tendered) if tendered is not None else None,
            reference=args.reference or data.get("reference", ""), date=args.date)
    if args.json:
        common.emit_json(sale_dict(sale))
        return 0
    for n, line in enumerate(sale.lines, start=1):
        print(f"{n:>2}. {line.name:<34} {line.quantity:>4} × {rupiah(line.price, symbol=False):>9}"
              f" {rupiah(line.amount, symbol=False):>12}")
    labels = [(_("Total"), sale.total)] + ([(_("Change"), sale.change)] if sale.payment == "cash" else [])
    for label, amount in labels:
        print(f"    {label:<48}{rupiah(amount):>14}")
    common.say(_("Receipt {receipt}.").format(receipt=sale.receipt))
    return 0


def cmd_void(args) -> int:
    with common.signed_in(args) as ctx:
        sale = sales.by_receipt(ctx.conn, args.receipt)
        void_id = returns.void(ctx, sale.id, reason=args.reason)
    if args.json:
        common.emit_json({"void": void_id, "receipt": sale.receipt, "refund": sale.total})
    else:
        common.say(_("Sale {receipt} voided; {amount} refunded.").format(
            receipt=sale.receipt, amount=rupiah(sale.total)))
    return 0


def cmd_return(args) -> int:
    with common.signed_in(args) as ctx:
        sale = sales.by_receipt(ctx.conn, args.receipt)
        wanted = {}
        for spec in args.line:
            number, _sep, qty = spec.partition("=")
            if not (number.isdigit() and qty.isdigit()) or not 1 <= int(number) <= len(sale.lines):
                raise common.UsageError(_("--line takes N=QTY with N a line of the receipt"))
            wanted[sale.lines[int(number) - 1].id] = int(qty)
        return_id = returns.return_lines(ctx, sale.id, wanted, reason=args.reason, date=args.date)
        refund = ctx.conn.execute("SELECT refund FROM sale_returns WHERE id = ?",
                                  (return_id,)).fetchone()[0]
    if args.json:
        common.emit_json({"return": return_id, "receipt": sale.receipt, "refund": refund})
    else:
        common.say(_("Return recorded for {receipt}; {amount} refunded.").format(
            receipt=sale.receipt, amount=rupiah(refund)))
    return 0


def cmd_shift_open(args) -> int:
    with common.signed_in(args) as ctx:
        shift = shifts.open_shift(ctx, args.till, parse_amount(args.float), date=args.date)
    if args.json:
        common.emit_json({"shift": shift.id, "till": shift.till, "float": shift.float})
    else:
        common.say(_("Shift {id} open on till {till} with a float of {amount}.").format(
            id=shift.id, till=shift.till, amount=rupiah(shift.float)))
    return 0


def cmd_shift_close(args) -> int:
    counts = {}
    for spec in args.count:
        note, _sep, n = spec.partition("=")
        if not (note.isdigit() and n.isdigit()):
            raise common.UsageError(_("--count takes NOTE=N, e.g. 50000=3"))
        counts[int(note)] = counts.get(int(note), 0) + int(n)
    with common.signed_in(args) as ctx:
        done = shifts.close_shift(ctx, args.till, counts, date=args.date)
    if args.json:
        common.emit_json({"shift": done.shift.id, "sales": done.sales, "by_payment": done.by_payment,
                          "refunds": done.refunds, "expected": done.expected,
                          "counted": done.counted, "difference": done.difference})
        return 0
    print(_("Shift {id}, till {till}: {n} sales").format(id=done.shift.id, till=done.shift.till,
                                                         n=done.sales))
    for label, amount in ((_("Cash sales"), done.by_payment["cash"]),
                          (_("Credit sales"), done.by_payment["credit"]),
                          (_("Non-cash sales"), done.by_payment["noncash"]),
                          (_("Refunds"), done.refunds), (_("Expected in drawer"), done.expected),
                          (_("Counted"), done.counted or 0), (_("Difference"), done.difference or 0)):
        print(f"  {label:<22}{rupiah(amount):>16}")
    return 0
