"""``kasir savings deposit|withdraw|balance|passbook|arrears``."""

from __future__ import annotations

import datetime as dt

from kasir.books import savings
from kasir.cli import common
from kasir.dates import parse_date
from kasir.i18n import _, rupiah
from kasir.money import parse_amount


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("savings", help=_("members' savings: deposit, withdraw, balances"))
    cmds = group.add_subparsers(dest="savings_command", metavar=_("COMMAND"), required=True)

    for name, helptext in (("deposit", _("record a deposit (setoran)")),
                           ("withdraw", _("record a withdrawal of sukarela (penarikan)"))):
        p = cmds.add_parser(name, parents=[db, user, js], help=helptext)
        p.add_argument("--member", required=True, help=_("member number"))
        p.add_argument("--kind", choices=savings.KINDS,
                       default="sukarela" if name == "withdraw" else None,
                       required=name == "deposit")
        p.add_argument("--amount", required=True, help=_("whole rupiah, e.g. 150000 or 150.000"))
        p.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
        p.add_argument("--via", choices=("cash", "bank"), default="cash")
        p.add_argument("--memo", default="")
        p.set_defaults(handler=cmd_deposit if name == "deposit" else cmd_withdraw)

    p = cmds.add_parser("balance", parents=[db, js],
                        help=_("balances of one member, or totals of all members"))
    p.add_argument("--member", help=_("member number (default: all members' totals)"))
    p.add_argument("--date", help=_("as of YYYY-MM-DD (default: now)"))
    p.set_defaults(handler=cmd_balance)

    p = cmds.add_parser("passbook", parents=[db, js], help=_("a member's passbook (buku simpanan)"))
    p.add_argument("--member", required=True, help=_("member number"))
    p.add_argument("--kind", choices=savings.KINDS)
    p.set_defaults(handler=cmd_passbook)

    p = cmds.add_parser("arrears", parents=[db, js], help=_("members behind on simpanan wajib"))
    p.add_argument("--date", help=_("as of YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_arrears)


def _move(args, withdraw: bool) -> int:
    amount = parse_amount(args.amount)
    with common.signed_in(args) as ctx:
        member = common.member_ref(ctx, args.member)
        if withdraw:
            tx = savings.withdraw(ctx, member.id, amount, kind=args.kind, date=args.date,
                                  via=args.via, memo=args.memo)
        else:
            tx = savings.deposit(ctx, member.id, args.kind, amount, date=args.date, via=args.via,
                                 memo=args.memo)
        left = savings.balance(ctx.conn, member.id, args.kind)
    if args.json:
        common.emit_json({"transaction": tx, "member": member.number, "kind": args.kind,
                          "amount": -amount if withdraw else amount, "balance": left})
    else:
        text = _("Withdrawal recorded") if withdraw else _("Deposit recorded")
        common.say(_("{text}: #{tx}, member {number}, {kind} balance {balance}.").format(
            text=text, tx=tx, number=member.number, kind=args.kind, balance=rupiah(left)))
    return 0


def cmd_deposit(args) -> int:
    return _move(args, withdraw=False)


def cmd_withdraw(args) -> int:
    return _move(args, withdraw=True)


def cmd_balance(args) -> int:
    as_of = parse_date(args.date) if args.date else None
    with common.opened(args) as conn:
        if args.member:
            member = common.member_ref(conn, args.member)
            held = savings.balances(conn, member.id, as_of)
        else:
            member, held = None, savings.totals_by_kind(conn, as_of)
    if args.json:
        common.emit_json({"member": member.number if member else None,
                          "date": as_of.isoformat() if as_of else None, **held,
                          "total": sum(held.values())})
        return 0
    if member:
        print(f"{member.number}  {member.name}")
    common.table([_("Kind"), _("Balance")],
                 [*((_(savings.KIND_LABELS[k]), rupiah(v)) for k, v in held.items()),
                  (_("Total"), rupiah(sum(held.values())))], right=(1,))
    return 0


def cmd_passbook(args) -> int:
    with common.opened(args) as conn:
        member = common.member_ref(conn, args.member)
        rows = savings.passbook(conn, member.id, args.kind)
    if args.json:
        common.emit_json([r.__dict__ for r in rows])
        return 0
    print(f"{member.number}  {member.name}")
    common.table([_("Date"), _("Kind"), _("Description"), _("In"), _("Out"), _("Balance")],
                 [(r.date, r.kind, r.memo, rupiah(r.deposit, symbol=False) if r.deposit else "",
                   rupiah(r.withdrawal, symbol=False) if r.withdrawal else "",
                   rupiah(r.balance, symbol=False)) for r in rows], right=(3, 4, 5))
    return 0


def cmd_arrears(args) -> int:
    day = parse_date(args.date) if args.date else dt.date.today()
    with common.opened(args) as conn:
        rows = savings.arrears(conn, day)
    if args.json:
        common.emit_json([r.__dict__ for r in rows])
        return 0
    common.table([_("Number"), _("Name"), _("Due"), _("Paid"), _("Arrears"), _("Periods")],
                 [(r.number, r.name, rupiah(r.due), rupiah(r.paid), rupiah(r.arrears), r.periods)
                  for r in rows], right=(2, 3, 4, 5))
    print(_("{n} members in arrears, {total} in all.").format(
        n=len(rows), total=rupiah(sum(r.arrears for r in rows))))
    return 0
