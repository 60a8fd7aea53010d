"""``kasir item add|list|import`` and ``kasir stock card|count|writeoff``.

``kasir stock count FILE`` reads CSV with the columns ``item,counted[,rest][,name]``: the
item's barcode or ``#id``, the whole units of sale counted, optionally loose base units
(grams, millilitres) on top, and optionally the item's name for whoever counts (not read).
Any other column is refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kasir.books import items, stock
from kasir.books.csv_import import ImportReport
from kasir.cli import common
from kasir.errors import InvalidInput
from kasir.i18n import N_, _, rupiah, stock_quantity
from kasir.money import parse_amount


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("item", help=_("the shop's items: add, list, import"))
    cmds = group.add_subparsers(dest="item_command", metavar=_("COMMAND"), required=True)
    p = cmds.add_parser("add", parents=[db, user, js], help=_("add an item to the catalogue"))
    p.add_argument("--name", required=True)
    p.add_argument("--unit", required=True, help=_('unit of sale as printed, e.g. "pak 5 kg"'))
    p.add_argument("--base-unit", required=True, choices=items.BASE_UNITS)
    p.add_argument("--unit-size", required=True, type=int, help=_("base units in one unit of sale"))
    p.add_argument("--member-price", required=True)
    p.add_argument("--nonmember-price", required=True)
    p.add_argument("--category", default="")
    p.add_argument("--product", help=_("regulated product code (sphp, urea, npk, lpg3 …)"))
    p.add_argument("--low-stock", type=int, default=0, help=_("warn at or below this many base units"))
    p.add_argument("--barcode", action="append", default=[], help=_("a barcode (repeat for more)"))
    p.set_defaults(handler=cmd_item_add)
    p = cmds.add_parser("list", parents=[db, js], help=_("list or search items"))
    p.add_argument("--search", default="")
    p.add_argument("--low", action="store_true", help=_("only items running low"))
    p.set_defaults(handler=cmd_item_list)
    p = cmds.add_parser("import", parents=[db, user, js],
                        help=_("import items from CSV (all rows or none)"))
    p.add_argument("file", nargs="?", type=Path, help=_("CSV file; see resources/seed/catalogue.csv"))
    p.add_argument("--starter", action="store_true", help=_("load the starter sembako catalogue"))
    p.set_defaults(handler=cmd_item_import)

    group = sub.add_parser("stock", help=_("stock: card, count, write-off"))
    cmds = group.add_subparsers(dest="stock_command", metavar=_("COMMAND"), required=True)
    p = cmds.add_parser("card", parents=[db, js], help=_("the stock card (kartu stok) of an item"))
    p.add_argument("item", help=_("barcode or #id"))
    p.add_argument("--from", dest="start")
    p.add_argument("--to", dest="end")
    p.add_argument("--daily", action="store_true", help=_("one line per day (for long periods)"))
    p.set_defaults(handler=cmd_card)
    p = cmds.add_parser("count", parents=[db, user, js],
                        help=_("record a stock count (stok opname) from CSV"))
    p.add_argument("file", type=Path,
                   help=_("CSV: item,counted[,rest][,name] (name is for whoever counts)"))
    p.add_argument("--date")
    p.add_argument("--memo", default="")
    p.set_defaults(handler=cmd_count)
    p = cmds.add_parser("writeoff", parents=[db, user, js], help=_("write off damaged goods"))
    p.add_argument("item", help=_("barcode or #id"))
    p.add_argument("--quantity", required=True, type=int, help=_("units of sale"))
    p.add_argument("--reason", required=True)
    p.add_argument("--date")
    p.set_defaults(handler=cmd_writeoff)


COUNT_COLUMNS = ("item", "counted", "rest", "name")  # name: for the person counting


def item_ref(conn, ref: str) -> items.Item:
    """An item by barcode, or by ``#id``."""
    ref = str(ref).strip()
    if ref.startswith("#") and ref[1:].isdigit():
        return items.get(conn, int(ref[1:]))
    return items.by_barcode(conn, ref)


def as_dict(it: items.Item) -> dict:
    return {**it.__dict__, "units_on_hand": it.units_on_hand}


def listed(conn, it: items.Item, day: dt.date) -> dict:
    """An item as ``item list`` shows it: with its barcodes and the HET ceiling per unit of
    sale in force on ``day`` (None when the item has no HET)."""
    return {**as_dict(it), "barcodes": items.barcodes_of(conn, it.id),
            "het": items.het_ceiling(conn, it.product, it.unit_size, day)}


def cmd_item_add(args) -> int:
    with common.signed_in(args) as ctx:
        it = items.add(ctx, name=args.name, unit=args.unit, base_unit=args.base_unit,
                       unit_size=args.unit_size, member_price=parse_amount(args.member_price),
                       nonmember_price=parse_amount(args.nonmember_price), category=args.category,
                       product=args.product, low_stock=args.low_stock, barcodes=args.barcode)
    if args.json:
        common.emit_json(as_dict(it))
    else:
        common.say(_("Added item #{id}: {name}.").format(id=it.id, name=it.name))
    return 0


def cmd_item_list(args) -> int:
    with common.opened(args) as conn:
        if args.low:
            found = items.running_low(conn)
        elif args.search:
            found = items.search(conn, args.search, limit=200, active_only=False)
        else:
            found = items.all_items(conn)
        shown = [listed(conn, i, dt.date.today()) for i in found]
    if args.json:
        common.emit_json(shown)
        return 0
    common.table(["#", _("Item"), _("Unit"), _("Member"), _("Non-member"), _("HET"), _("On hand"),
                  _("Barcodes")],
                 [(i["id"], i["name"], i["unit"], rupiah(i["member_price"]),
                   rupiah(i["nonmember_price"]), rupiah(i["het"]) if i["het"] is not None else "",
                   stock_quantity(i["qty_on_hand"], i["unit_size"], i["base_unit"]),
                   ", ".join(i["barcodes"])) for i in shown],
                 right=(0, 3, 4, 5, 6))
    return 0


def cmd_item_import(args) -> int:
    with common.signed_in(args) as ctx:
        if args.starter:
            report = ImportReport(imported=items.load_starter_catalogue(ctx))
        elif args.file:
            report = items.import_csv(ctx, common.require_file(args.file, _("the CSV file")))
        else:
            raise common.UsageError(_("give a CSV file or --starter"))
    return common.report_import(args, report, _("Imported {n} items.").format(n=report.imported))


def cmd_card(args) -> int:
    if args.daily:
        return _daily_card(args)
    with common.opened(args) as conn:
        it = item_ref(conn, args.item)
        (q0, v0), rows = stock.card(conn, it.id, args.start, args.end)
    if args.json:
        common.emit_json({"item": it.id, "name": it.name, "opening_qty": q0, "opening_value": v0,
                          "rows": [r.__dict__ for r in rows]})
        return 0
    print(f"{it.name} ({it.unit})")
    qty = _quantity(it)
    common.table([_("Date"), _("Kind"), _("Quantity"), _("Value"), _("On hand"), _("Stock value")],
                 [("", _("Opening"), "", "", qty(q0), rupiah(v0, symbol=False)),
                  *((r.date, r.kind, qty(r.quantity), rupiah(r.value, symbol=False),
                     qty(r.qty_after), rupiah(r.value_after, symbol=False)) for r in rows)],
                 right=(2, 3, 4, 5))
    return 0


def cmd_count(args) -> int:
    text = common.require_file(args.file, _("the count file"))
    with common.signed_in(args) as ctx:
        counted = {}
        for line, row in enumerate(common.csv_rows(text, _("the count file"), COUNT_COLUMNS),
                                   start=2):
            if not row.get("item") or not (row.get("counted") or "").strip():
                raise InvalidInput(N_("Line {line} of the count file needs an item and the "
                                      "units counted (columns item,counted[,rest])."), line=line)
            it = item_ref(ctx.conn, row["item"])
            counted[it.id] = (common.whole(row["counted"]) * it.unit_size
                              + common.whole((row.get("rest") or "").strip() or 0))
        count_id, lines = stock.count(ctx, counted, date=args.date, memo=args.memo)
    if args.json:
        common.emit_json({"count": count_id, "lines": [c.__dict__ for c in lines]})
    else:
        common.say(_("Stock count {id} recorded: {n} items, difference {value}.").format(
            id=count_id, n=len(lines), value=rupiah(sum(c.diff_value for c in lines))))
    return 0


def cmd_writeoff(args) -> int:
    with common.signed_in(args) as ctx:
        it = item_ref(ctx.conn, args.item)
        doc = stock.write_off(ctx, it.id, args.quantity * it.unit_size, reason=args.reason,
                              date=args.date)
    if args.json:
        common.emit_json({"writeoff": doc})
    else:
        common.say(_("Written off: {n} × {unit} of {name}.").format(n=args.quantity, unit=it.unit,
                                                                   name=it.name))
    return 0


def _daily_card(args) -> int:
    with common.opened(args) as conn:
        it = item_ref(conn, args.item)
        (q0, v0), rows = stock.daily_card(conn, it.id, args.start, args.end)
    if args.json:
        common.emit_json({"item": it.id, "name": it.name, "opening_qty": q0, "opening_value": v0,
                          "days": [r.__dict__ for r in rows]})
        return 0
    print(f"{it.name} ({it.unit})")
    qty = _quantity(it)
    common.table([_("Date"), _("In"), _("Out"), _("On hand"), _("Stock value")],
                 [("", "", _("Opening"), qty(q0), rupiah(v0, symbol=False)),
                  *((r.date, qty(r.qty_in), qty(r.qty_out), qty(r.qty_after),
                     rupiah(r.value_after, symbol=False)) for r in rows)], right=(1, 2, 3, 4))
    return 0


def _quantity(it: items.Item):
    """How a table of one item writes its stock: units of sale, the weight beside them (the
    heading names the unit); JSON keeps base units."""
    return lambda base: stock_quantity(base, it.unit_size, it.base_unit)
