"""``kasir supplier add|list|quota|quota-use|pay`` and ``kasir purchase record``.

The delivery file's format is :data:`PURCHASE_FORMAT`, shown (translated) by ``kasir purchase
record --help``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from kasir.books import items, purchases, suppliers
from kasir.cli import common
from kasir.cli.stock_cmds import item_ref
from kasir.dates import parse_date
from kasir.errors import InvalidInput, NotFound
from kasir.i18n import N_, _, rupiah, stock_quantity
from kasir.money import parse_amount

PURCHASE_FORMAT = N_("""'kasir purchase record FILE' reads one delivery ('-' reads standard input)
as JSON:

    {"supplier": "Bulog Malang", "date": "2025-05-20", "payment": "credit",
     "invoice": "INV-0425", "transport": 60000,
     "lines": [{"item": "2000000000015", "quantity": 100, "cost": 5500000},
               {"item": "#3", "quantity": 20, "cost": "340.000"}]}

or as CSV with the columns item,quantity,cost:

    item,quantity,cost
    2000000000015,100,5500000
    #3,20,340000

"item" is a barcode or #id; "quantity" is whole units of sale; "cost" is what the whole line
cost, in rupiah. "supplier" is the supplier's id or exact name; "payment" is cash, bank or
credit (owed to the supplier; default cash); "transport" is added to the goods' cost. The
options --supplier, --payment, --transport, --invoice and --date give the same and win over
the file; a CSV file needs at least --supplier. Any other field is refused.""")
PURCHASE_FIELDS = ("supplier", "date", "payment", "invoice", "transport", "lines")
PURCHASE_LINE_FIELDS = ("item", "quantity", "cost")

PAYMENT_LABELS = {"cash": N_("paid in cash"), "bank": N_("paid by bank transfer"),
                  "credit": N_("bought on credit")}


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("supplier", help=_("suppliers: add, list, weekly quotas, pay what is owed"))
    cmds = group.add_subparsers(dest="supplier_command", metavar=_("COMMAND"), required=True)

    p = cmds.add_parser("add", parents=[db, user, js], help=_("add a supplier"))
    p.add_argument("--name", required=True)
    p.add_argument("--kind", choices=suppliers.KINDS, default="other")
    p.add_argument("--member", help=_("member number, when the supplier is a member (a farmer)"))
    p.add_argument("--phone", default="")
    p.add_argument("--address", default="")
    p.set_defaults(handler=cmd_add)

    p = cmds.add_parser("list", parents=[db, js], help=_("suppliers and what the co-op owes each"))
    p.set_defaults(handler=cmd_list)

    p = cmds.add_parser("quota", parents=[db, user, js], help=_("set a supplier's weekly quota of an item"))
    p.add_argument("supplier", help=_("supplier id or exact name"))
    p.add_argument("item", help=_("barcode or #id"))
    p.add_argument("--weekly", required=True, type=int, help=_("units of sale per week (0 removes it)"))
    p.set_defaults(handler=cmd_quota)

    p = cmds.add_parser("quota-use", parents=[db, js],
                        help=_("a week's quota and what has arrived against it"))
    p.add_argument("supplier", help=_("supplier id or exact name"))
    p.add_argument("item", help=_("barcode or #id"))
    p.add_argument("--week", help=_("any day of the week, YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_quota_use)

    p = cmds.add_parser("pay", parents=[db, user, js], help=_("pay a supplier what the co-op owes it"))
    p.add_argument("supplier", help=_("supplier id or exact name"))
    p.add_argument("--amount", required=True, help=_("whole rupiah, e.g. 150000 or 150.000"))
    p.add_argument("--via", choices=tuple(purchases.VIA), default="cash")
    p.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_pay)

    group = sub.add_parser("purchase", help=_("purchases: record goods received from a supplier"))
    cmds = group.add_subparsers(dest="purchase_command", metavar=_("COMMAND"), required=True)
    p = cmds.add_parser("record", parents=[db, user, js],
                        help=_("record a delivery from a JSON or CSV file"),
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help=_("the delivery as JSON or CSV ('-' for standard input)"))
    p.add_argument("--supplier", help=_("supplier id or exact name"))
    p.add_argument("--payment", choices=tuple(purchases.PAYMENTS))
    p.add_argument("--transport", help=_("transport and handling, added to the goods' cost"))
    p.add_argument("--invoice", help=_("the supplier's invoice number"))
    p.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_record)
    p.epilog = _(PURCHASE_FORMAT)


# ---- helpers ------------------------------------------------------------------------------

def supplier_ref(conn, ref: object) -> suppliers.Supplier:
    """A supplier by id, or by its exact name (ignoring case and extra spaces)."""
    text = " ".join(str(ref).split())
    if text.isdigit():
        try:
            return suppliers.get(conn, int(text))
        except NotFound:
            pass  # a supplier may be named with digits only
    for supplier in suppliers.list_suppliers(conn):
        if supplier.name.casefold() == text.casefold():
            return supplier
    raise NotFound(N_("There is no supplier {ref}. See 'kasir supplier list'."), ref=text)


def supplier_dict(s: suppliers.Supplier, owed: int | None = None) -> dict:
    out = dict(s.__dict__)
    if owed is not None:
        out["owed"] = owed
    return out


def _units(it: items.Item, base: int) -> str:
    """A base quantity in units of sale with the weight beside it: ``300 pak 5 kg (1.500 kg)``."""
    return stock_quantity(base, it.unit_size, it.base_unit, it.unit)


# ---- suppliers ----------------------------------------------------------------------------

def cmd_add(args) -> int:
    with common.signed_in(args) as ctx:
        member_id = common.member_ref(ctx, args.member).id if args.member else None
        s = suppliers.add(ctx, name=args.name, kind=args.kind, member_id=member_id, phone=args.phone,
                          address=args.address)
    if args.json:
        common.emit_json(supplier_dict(s, 0))
    else:
        common.say(_("Added supplier #{id}: {name}.").format(id=s.id, name=s.name))
    return 0


def cmd_list(args) -> int:
    with common.opened(args) as conn:
        rows = suppliers.balances(conn)
    if args.json:
        common.emit_json([supplier_dict(s, owed) for s, owed in rows])
        return 0
    common.table(["#", _("Supplier"), _("Kind"), _("Phone"), _("Active"), _("Owed")],
                 [*((s.id, s.name, _(suppliers.KIND_LABELS[s.kind]), s.phone,
                     _("yes") if s.active else _("no"), rupiah(owed)) for s, owed in rows),
                  ("", _("Total"), "", "", "", rupiah(sum(owed for _s, owed in rows)))],
                 right=(0, 5))
    return 0


def cmd_quota(args) -> int:
    if args.weekly < 0:
        raise InvalidInput(N_("The weekly quota is a whole number of units of sale, not negative "
                              "(0 removes it)."))
    with common.signed_in(args) as ctx:
        s, it = supplier_ref(ctx.conn, args.supplier), item_ref(ctx.conn, args.item)
        suppliers.set_quota(ctx, s.id, it.id, args.weekly * it.unit_size)
    if args.json:
        common.emit_json({"supplier": s.id, "item": it.id, "weekly_units": args.weekly,
                          "weekly_qty": args.weekly * it.unit_size})
    elif args.weekly:
        common.say(_("Weekly quota of {item} from {supplier}: {quantity}.").format(
            item=it.name, supplier=s.name, quantity=_units(it, args.weekly * it.unit_size)))
    else:
        common.say(_("Weekly quota of {item} from {supplier} removed.").format(item=it.name,
                                                                              supplier=s.name))
    return 0


def cmd_quota_use(args) -> int:
    day = parse_date(args.week) if args.week else dt.date.today()
    monday, sunday = suppliers.iso_week(day)
    with common.opened(args) as conn:
        s, it = supplier_ref(conn, args.supplier), item_ref(conn, args.item)
        use = suppliers.quota_use(conn, s.id, it.id, day)
    if args.json:
        common.emit_json({"supplier": s.id, "item": it.id, "week_start": monday.isoformat(),
                          "week_end": sunday.isoformat(), "unit_size": it.unit_size,
                          "quota": use.quota, "received": use.received, "remaining": use.remaining})
        return 0
    print(_("{supplier}, {item}: week {start} to {end}").format(
        supplier=s.name, item=it.name, start=monday.isoformat(), end=sunday.isoformat()))
    none = _("no quota")
    for label, base in ((_("Weekly quota"), use.quota), (_("Received"), use.received),
                        (_("Remaining"), use.remaining)):
        print(f"  {label:<16}{none if base is None else _units(it, base)}")
    if use.remaining is not None and use.remaining < 0:
        print(_("More arrived than the quota this week."))
    return 0


def cmd_pay(args) -> int:
    amount = parse_amount(args.amount)
    with common.signed_in(args) as ctx:
        s = supplier_ref(ctx.conn, args.supplier)
        payment_id = purchases.pay_supplier(ctx, s.id, amount, date=args.date, via=args.via)
        owed = suppliers.balance(ctx.conn, s.id)
    if args.json:
        common.emit_json({"payment": payment_id, "supplier": s.id, "name": s.name, "amount": amount,
                          "via": args.via, "owed": owed})
    else:
        common.say(_("Paid {amount} to {name}; the co-op still owes it {owed}.").format(
            amount=rupiah(amount), name=s.name, owed=rupiah(owed)))
    return 0


# ---- purchases ----------------------------------------------------------------------------

def _read_purchase(conn, text: str) -> tuple[list[tuple[int, int, int]], dict]:
    what = _("the purchase file")
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith("{"):
        data = common.load_json(stripped, what)
        common.refuse_unknown(data, PURCHASE_FIELDS, what)
        rows = common.json_lines(data, what, PURCHASE_LINE_FIELDS)
    else:
        data = {}
        rows = common.csv_rows(stripped, what, PURCHASE_LINE_FIELDS)
    for row in rows:
        missing = [f for f in PURCHASE_LINE_FIELDS if row.get(f) is None]
        if missing:
            raise InvalidInput(N_("The purchase file is not valid: {field} is missing. See 'kasir "
                                  "purchase record --help'."), field=missing[0])
    lines = [(item_ref(conn, str(r["item"])).id, common.whole(r["quantity"]),
              parse_amount(r["cost"])) for r in rows]
    return lines, data


def purchase_dict(p: purchases.Purchase) -> dict:
    return {"id": p.id, "supplier_id": p.supplier_id, "supplier": p.supplier,
            "date": p.date.isoformat(), "payment": p.payment, "invoice": p.invoice,
            "transport": p.transport, "total": p.total, "entry": p.entry_id,
            "lines": [line.__dict__ for line in p.lines]}


def cmd_record(args) -> int:
    text = common.require_file(args.file, _("the purchase file"))
    with common.signed_in(args) as ctx:
        lines, data = _read_purchase(ctx.conn, text)
        ref = args.supplier if args.supplier is not None else data.get("supplier")
        if ref is None or not str(ref).strip():
            raise common.UsageError(_("say who delivered: --supplier, or \"supplier\" in the file"))
        s = supplier_ref(ctx.conn, ref)
        transport = args.transport if args.transport is not None else data.get("transport", 0)
        invoice = args.invoice if args.invoice is not None else data.get("invoice", "")
        purchase_id = purchases.record(
            ctx, s.id, lines, date=args.date or data.get("date"),
            payment=args.payment or data.get("payment", "cash"), invoice=str(invoice or ""),
            transport=parse_amount(transport))
        bought = purchases.get(ctx.conn, purchase_id)
        names = {ln.item_id: ln.name for ln in bought.lines}
        over = [i for i in names
                if (suppliers.quota_use(ctx.conn, s.id, i, bought.date).remaining or 0) < 0]
    if args.json:
        common.emit_json({**purchase_dict(bought), "over_quota": over})
        return 0
    for n, line in enumerate(bought.lines, start=1):
        print(f"{n:>2}. {line.name:<34} {line.quantity:>6} {rupiah(line.cost, symbol=False):>14}")
    label = _("Total")
    print(f"    {label:<42}{rupiah(bought.total):>14}")
    for item_id in over:
        sys.stderr.write(_("Note: {item} from {supplier} is now above this week's quota.").format(
            item=names[item_id], supplier=s.name) + "\n")
    common.say(_("Purchase {id} recorded from {supplier} ({payment}).").format(
        id=bought.id, supplier=s.name, payment=_(PAYMENT_LABELS[bought.payment])))
    return 0
