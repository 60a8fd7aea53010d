"""``kasir shu compute|close|post|pay``, ``kasir rat-pack``, ``kasir monthly-pack``,
``kasir passbook`` and ``kasir kwitansi``: the year's SHU and the printed packs."""

from __future__ import annotations

from pathlib import Path

from kasir.books import profile, shu, users
from kasir.cli import common
from kasir.i18n import _, rupiah

PAPERS = ("A4", "F4")


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("shu", help=_("year close and SHU: compute, close, post, pay"))
    cmds = group.add_subparsers(dest="shu_command", metavar=_("COMMAND"), required=True)
    p = cmds.add_parser("compute", parents=[db, js],
                        help=_("the year's SHU, its allocation and each member's share"))
    p.add_argument("--year", type=int, required=True, help=_("book year, YYYY"))
    p.set_defaults(handler=cmd_compute)
    p = cmds.add_parser("close", parents=[db, user, js],
                        help=_("close the book year (closes its months, posts the closing entry)"))
    p.add_argument("--year", type=int, required=True, help=_("book year, YYYY"))
    p.set_defaults(handler=cmd_close)
    p = cmds.add_parser("post", parents=[db, user, js],
                        help=_("post the SHU allocation decided by the RAT"))
    p.add_argument("--year", type=int, required=True, help=_("book year, YYYY"))
    p.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_post)
    p = cmds.add_parser("pay", parents=[db, user, js], help=_("pay the members' SHU shares"))
    p.add_argument("--year", type=int, required=True, help=_("book year, YYYY"))
    p.add_argument("--method", choices=shu.PAYOUT_METHODS, default="sukarela",
                   help=_("credit simpanan sukarela (default), or pay in cash or by bank"))
    p.add_argument("--date", help=_("YYYY-MM-DD (default: today)"))
    p.set_defaults(handler=cmd_pay)

    p = sub.add_parser("rat-pack", parents=[db],
                       help=_("the annual members' meeting (RAT) report pack as PDF"))
    p.add_argument("--year", type=int, required=True, help=_("book year, YYYY"))
    _output(p)
    p.set_defaults(handler=cmd_rat_pack)
    p = sub.add_parser("monthly-pack", parents=[db], help=_("the monthly report pack as PDF"))
    p.add_argument("--period", required=True, help=_("month, YYYY-MM"))
    _output(p)
    p.set_defaults(handler=cmd_monthly_pack)
    p = sub.add_parser("passbook", parents=[db], help=_("a member's passbook (buku simpanan) as PDF"))
    p.add_argument("--member", required=True, help=_("member number"))
    p.add_argument("--from", dest="start", help=_("first day, YYYY-MM-DD"))
    p.add_argument("--to", dest="end", help=_("last day, YYYY-MM-DD"))
    _output(p)
    p.set_defaults(handler=cmd_passbook)
    p = sub.add_parser("kwitansi", parents=[db],
                       help=_("the receipt (kwitansi) of a savings deposit as PDF"))
    p.add_argument("--savings-tx", type=int, required=True, help=_("savings transaction number"))
    p.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    p.set_defaults(handler=cmd_kwitansi)


def _output(parser) -> None:
    parser.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    parser.add_argument("--paper", type=str.upper, choices=PAPERS, default="A4",
                        help=_("A4 or F4 (folio)"))


def _allocation_json(alloc: shu.Allocation) -> dict:
    return {"year": alloc.year, "surplus": alloc.surplus, "closed": alloc.closed,
            "posted": alloc.posted, "paid": alloc.paid, "basis": alloc.basis,
            "pools": [{"key": p.key, "basis_points": p.basis_points, "amount": p.amount,
                       "account": p.account} for p in alloc.pools],
            "members": [{"number": s.number, "name": s.name, "purchases": s.purchases,
                         "savings": s.savings, "jasa_usaha": s.jasa_usaha,
                         "jasa_modal": s.jasa_modal, "total": s.total} for s in alloc.shares]}


def cmd_compute(args) -> int:
    with common.opened(args) as conn:
        alloc = shu.compute(conn, args.year)
    if args.json:
        common.emit_json(_allocation_json(alloc))
        return 0
    state = (_("paid") if alloc.paid else _("posted") if alloc.posted else
             _("closed") if alloc.closed else _("not closed (draft)"))
    common.say(_("SHU {year}: {surplus} ({state})").format(year=alloc.year,
                                                          surplus=rupiah(alloc.surplus), state=state))
    common.table([_("Pool"), _("Percent"), _("Amount"), _("Account")],
                 [(_(profile.SHU_LABELS.get(p.key, p.key)),
                   profile.format_percent(p.basis_points) + "%", rupiah(p.amount, symbol=False),
                   p.account) for p in alloc.pools], right=(1, 2))
    print()
    common.table([_("Number"), _("Name"), _("Purchases"), _("Savings"), _("Jasa usaha"),
                  _("Jasa modal"), _("SHU")],
                 [(s.number, s.name, *(rupiah(v, symbol=False) for v in
                                       (s.purchases, s.savings, s.jasa_usaha, s.jasa_modal,
                                        s.total))) for s in alloc.shares],
                 right=(2, 3, 4, 5, 6))
    total = sum(s.total for s in alloc.shares)
    common.say(_("{n} members, total {total}.").format(n=len(alloc.shares), total=rupiah(total)))
    return 0


def cmd_close(args) -> int:
    with common.signed_in(args) as ctx:
        done = shu.close_year(ctx, args.year)
    if args.json:
        common.emit_json({"year": done.year, "surplus": done.surplus, "entry": done.entry_id,
                          "months_closed": done.months_closed})
    else:
        common.say(_("Book year {year} closed: SHU {surplus} into SHU belum dibagi (entry "
                     "#{entry}).").format(year=done.year, surplus=rupiah(done.surplus),
                                         entry=done.entry_id))
    return 0


def cmd_post(args) -> int:
    with common.signed_in(args) as ctx:
        entry = shu.post_allocation(ctx, args.year, date=args.date)
    if args.json:
        common.emit_json({"year": args.year, "entry": entry})
    else:
        common.say(_("SHU {year} allocated (entry #{entry}).").format(year=args.year, entry=entry))
    return 0


def cmd_pay(args) -> int:
    with common.signed_in(args) as ctx:
        entry = shu.pay(ctx, args.year, method=args.method, date=args.date)
    if args.json:
        common.emit_json({"year": args.year, "method": args.method, "entry": entry})
    else:
        common.say(_("SHU {year} paid by {method} (entry #{entry}).").format(
            year=args.year, method=_(shu.PAYOUT_LABELS[args.method]), entry=entry))
    return 0


def cmd_rat_pack(args) -> int:
    from kasir.reports import rat_pack  # reportlab loads only for a PDF

    with common.opened(args) as conn:
        path = rat_pack.rat_pack(conn, args.year, args.out, paper=args.paper)
    common.say(_("Written: {path}").format(path=path))
    return 0


def cmd_monthly_pack(args) -> int:
    from kasir.reports import pack  # reportlab loads only for a PDF

    with common.opened(args) as conn:
        path = pack.monthly_pack(conn, args.period, args.out, paper=args.paper)
    common.say(_("Written: {path}").format(path=path))
    return 0


def cmd_passbook(args) -> int:
    from kasir.reports import passbook  # reportlab loads only for a PDF

    with common.opened(args) as conn:
        member = common.member_ref(conn, args.member)
        path = passbook.passbook_pdf(conn, member.id, args.out, start=args.start, end=args.end,
                                     paper=args.paper)
    common.say(_("Written: {path}").format(path=path))
    return 0


def cmd_kwitansi(args) -> int:
    from kasir.reports import kwitansi as kwitansi_mod
    from kasir.reports import pdf  # reportlab loads only for a PDF

    with common.opened(args) as conn:
        treasurer = pdf.signer_names(users.list_users(conn)).get("bendahara", "")
        receipt = kwitansi_mod.savings_kwitansi(conn, args.savings_tx, receiver=treasurer)
        path = kwitansi_mod.kwitansi_pdf(receipt, args.out,
                                         coop_profile=profile.get(conn))
    common.say(_("Written: {path}").format(path=path))
    return 0
