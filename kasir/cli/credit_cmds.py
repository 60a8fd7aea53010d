"""``kasir credit pay|list|aging|limit``: members' credit at the shop (Piutang anggota)."""

from __future__ import annotations

import datetime as dt

from kasir.books import credit
from kasir.cli import common
from kasir.dates import parse_date
from kasir.i18n import _, rupiah
from kasir.money import parse_amount


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("credit", help=_("members' shop credit: payments, who owes, aging, limit"))
    cmds = group.add_subparsers(dest="credit_command", metavar=_("COMMAND"), required=True)

    p = cmds.add_parser("pay", parents=[db, user, js], help=_("a member pays off shop credit"))
    p.add_argument("--member", required=True, help=_("member number"))
    p.add_argument("--amount", required=True, help=_("whole rupiah, e.g. 150000 or 150.000"))
    p.add_argument("--via", choices=tuple(credit.VIA), default="cash")
    p.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_pay)

    p = cmds.add_parser("list", parents=[db, js], help=_("members with open shop credit"))
    p.add_argument("--date", help=_("as of YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_list)

    p = cmds.add_parser("aging", parents=[db, js],
                        help=_("open credit by age: 0-30, 31-60, 61-90 and over 90 days"))
    p.add_argument("--date", help=_("as of YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_aging)

    p = cmds.add_parser("limit", parents=[db, js],
                        help=_("show the credit limit per member, or set it with --set"))
    p.add_argument("--set", dest="amount", help=_("the new limit in whole rupiah (0: no credit sales)"))
    p.add_argument("--user", help=_("sign in as this user (needed with --set)"))
    p.set_defaults(handler=cmd_limit)


def _day(args) -> dt.date:
    return parse_date(args.date) if args.date else dt.date.today()


def cmd_pay(args) -> int:
    amount = parse_amount(args.amount)
    with common.signed_in(args) as ctx:
        member = common.member_ref(ctx, args.member)
        payment_id = credit.pay(ctx, member.id, amount, date=args.date, via=args.via)
        owed = credit.open_credit(ctx.conn, member.id)
    if args.json:
        common.emit_json({"payment": payment_id, "member": member.number, "amount": amount,
                          "via": args.via, "owed": owed})
    else:
        common.say(_("Credit payment {id}: {name} paid {amount} and still owes {owed}.").format(
            id=payment_id, name=member.name, amount=rupiah(amount), owed=rupiah(owed)))
    return 0


def cmd_list(args) -> int:
    day = _day(args)
    with common.opened(args) as conn:
        rows, most = credit.aging(conn, day), credit.limit(conn)
    if args.json:
        common.emit_json([{"member_id": r.member_id, "number": r.number, "name": r.name,
                           "owed": r.owed, "available": max(most - r.owed, 0)} for r in rows])
        return 0
    common.table([_("Number"), _("Name"), _("Owed"), _("Can still buy")],
                 [(r.number, r.name, rupiah(r.owed), rupiah(max(most - r.owed, 0))) for r in rows],
                 right=(2, 3))
    print(_("Members with open credit: {n}; together they owe {total} (as of {date}). The limit "
            "per member is {limit}.").format(
        n=len(rows), total=rupiah(sum(r.owed for r in rows)), date=day.isoformat(),
        limit=rupiah(most)))
    return 0


def cmd_aging(args) -> int:
    day = _day(args)
    with common.opened(args) as conn:
        rows = credit.aging(conn, day)
    if args.json:
        common.emit_json({"date": day.isoformat(), "members": [r.__dict__ for r in rows]})
        return 0
    sums = [sum(getattr(r, f) for r in rows)
            for f in ("days_0_30", "days_31_60", "days_61_90", "over_90", "owed")]
    print(_("Shop credit by age as of {date}").format(date=day.isoformat()))
    common.table([_("Number"), _("Name"), _("0-30 days"), _("31-60 days"), _("61-90 days"),
                  _("Over 90 days"), _("Owed")],
                 [*((r.number, r.name, *(rupiah(v, symbol=False) for v in
                                          (r.days_0_30, r.days_31_60, r.days_61_90, r.over_90, r.owed)))
                    for r in rows),
                  ("", _("Total"), *(rupiah(v, symbol=False) for v in sums))],
                 right=(2, 3, 4, 5, 6))
    return 0


def cmd_limit(args) -> int:
    if args.amount is None:
        with common.opened(args) as conn:
            most = credit.limit(conn)
    else:
        if not args.user:
            raise common.UsageError(_("--set needs --user (who changes the limit)"))
        amount = parse_amount(args.amount)
        with common.signed_in(args) as ctx:
            credit.set_limit(ctx, amount)
            most = credit.limit(ctx.conn)
    if args.json:
        common.emit_json({"limit": most})
    elif args.amount is None:
        common.say(_("The credit limit is {amount} per member.").format(amount=rupiah(most)))
    else:
        common.say(_("The credit limit is now {amount} per member.").format(amount=rupiah(most)))
    return 0
