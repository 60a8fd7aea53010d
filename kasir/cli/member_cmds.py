"""``kasir member add|list|show|import|exit``."""

from __future__ import annotations

from pathlib import Path

from kasir.books import members, savings
from kasir.cli import common
from kasir.i18n import _, rupiah


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("member", help=_("members: add, list, import, exit"))
    cmds = group.add_subparsers(dest="member_command", metavar=_("COMMAND"), required=True)

    p = cmds.add_parser("add", parents=[db, user, js], help=_("register a member (takes pokok)"))
    p.add_argument("--nik", required=True, help=_("16-digit NIK"))
    p.add_argument("--name", required=True)
    p.add_argument("--gender", required=True, choices=("L", "P"), type=str.upper,
                   help=_("L (male) or P (female)"))
    p.add_argument("--address", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--join-date", help=_("YYYY-MM-DD (default: today)"))
    p.add_argument("--no-pokok", action="store_true", help=_("do not take simpanan pokok now"))
    p.add_argument("--via", choices=("cash", "bank"), default="cash")
    p.set_defaults(handler=cmd_add)

    p = cmds.add_parser("list", parents=[db, js], help=_("list or search members"))
    p.add_argument("--search", default="", help=_("part of a name, or the start of a number or NIK"))
    p.add_argument("--active", action="store_true", help=_("only active members"))
    p.add_argument("--limit", type=int, default=100)
    p.set_defaults(handler=cmd_list)

    p = cmds.add_parser("show", parents=[db, js], help=_("a member's card: details and savings"))
    p.add_argument("member", help=_("member number"))
    p.set_defaults(handler=cmd_show)

    p = cmds.add_parser("import", parents=[db, user, js],
                        help=_("import members from CSV (all rows or none)"))
    p.add_argument("file", type=Path, help=_("CSV with columns nik,name,gender,address,phone,join_date"))
    p.add_argument("--no-pokok", action="store_true", help=_("do not take simpanan pokok now"))
    p.set_defaults(handler=cmd_import)

    p = cmds.add_parser("exit", parents=[db, user, js],
                        help=_("settle a leaving member: refund savings less what they owe"))
    p.add_argument("member", help=_("member number"))
    p.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    p.add_argument("--via", choices=("cash", "bank"), default="cash")
    p.set_defaults(handler=cmd_exit)


def _as_dict(m: members.Member) -> dict:
    return {"id": m.id, "number": m.number, "nik": m.nik, "name": m.name, "gender": m.gender,
            "address": m.address, "phone": m.phone, "join_date": m.join_date.isoformat(),
            "status": m.status, "exit_date": m.exit_date.isoformat() if m.exit_date else None}


def _status(m: members.Member) -> str:
    return _(members.STATUS_LABELS[m.status])


def cmd_add(args) -> int:
    with common.signed_in(args) as ctx:
        m = members.register(ctx, nik=args.nik, name=args.name, gender=args.gender,
                             join_date=args.join_date, address=args.address, phone=args.phone,
                             pay_pokok=not args.no_pokok, via=args.via)
    if args.json:
        common.emit_json(_as_dict(m))
    else:
        common.say(_("Registered member {number}: {name}.").format(number=m.number, name=m.name))
    return 0


def cmd_list(args) -> int:
    with common.opened(args) as conn:
        found = members.search(conn, args.search, limit=args.limit, include_exited=not args.active)
    if args.json:
        common.emit_json([_as_dict(m) for m in found])
        return 0
    common.table([_("Number"), _("Name"), "NIK", _("Gender"), _("Joined"), _("Status")],
                 [(m.number, m.name, m.nik, m.gender, m.join_date, _status(m)) for m in found])
    return 0


def cmd_show(args) -> int:
    with common.opened(args) as conn:
        m = common.member_ref(conn, args.member)
        held = savings.balances(conn, m.id)
        owed = members.owed(conn, m.id)
    if args.json:
        common.emit_json({**_as_dict(m), "savings": held, "owed": owed})
        return 0
    print(f"{m.number}  {m.name}  ({m.gender})  NIK {m.nik}")
    print(_("Joined {date}; status {status}").format(date=m.join_date, status=_status(m)))
    for kind, amount in held.items():
        print(f"  {_(savings.KIND_LABELS[kind]):<20} {rupiah(amount):>16}")
    label = _("Owes the co-op")
    print(f"  {label:<20} {rupiah(owed):>16}")
    return 0


def cmd_import(args) -> int:
    text = common.require_file(args.file, _("the CSV file"))
    with common.signed_in(args) as ctx:
        report = members.import_csv(ctx, text, pay_pokok=not args.no_pokok)
    return common.report_import(args, report, _("Imported {n} members.").format(n=report.imported))


def cmd_exit(args) -> int:
    with common.signed_in(args) as ctx:
        m = common.member_ref(ctx, args.member)
        done = savings.settle_exit(ctx, m.id, date=args.date, via=args.via)
    if args.json:
        common.emit_json({"member": m.number, "pokok": done.pokok, "wajib": done.wajib,
                          "sukarela": done.sukarela, "owed": done.owed, "refund": done.refund,
                          "entry": done.entry_id})
    else:
        common.say(_("Member {number} has left. Refund paid: {refund} (savings {total} less "
                     "{owed} owed).").format(number=m.number, refund=rupiah(done.refund),
                                             total=rupiah(done.pokok + done.wajib + done.sukarela),
                                             owed=rupiah(done.owed)))
    return 0
