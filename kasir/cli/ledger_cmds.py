"""``kasir ledger post|reverse|trial-balance|accounts|account``, ``kasir close-month``,
``kasir export``.

The entry file's format is :data:`ENTRY_FORMAT`, shown (translated) by ``kasir ledger post
--help``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kasir.books import journal, ledger, profile
from kasir.books.ledger import Line
from kasir.cli import common
from kasir.dates import parse_date
from kasir.errors import InvalidInput, os_reason
from kasir.i18n import N_, _, rupiah
from kasir.money import parse_amount
from kasir.reports import journal_export
from kasir.reports.files import written_whole

ENTRY_FORMAT = N_("""'kasir ledger post FILE' reads one manual entry as JSON ('-' reads standard
input):

    {"date": "2025-02-15", "memo": "Bayar listrik Februari",
     "lines": [{"account": "6-1200", "debit": 150000},
               {"account": "1-1100", "credit": 150000, "memo": "optional"}]}

Amounts are whole rupiah (numbers, or text such as "150.000"); each line has a debit or a
credit. An optional "member" on a line names the member number it concerns. Any other field
is refused.""")
ENTRY_FIELDS = ("date", "memo", "lines")
ENTRY_LINE_FIELDS = ("account", "debit", "credit", "member", "memo")


def register(sub) -> None:
    db, js, user = common.db_parent(), common.json_parent(), common.user_parent()
    group = sub.add_parser("ledger", help=_("the journal: post, reverse, trial balance"))
    cmds = group.add_subparsers(dest="ledger_command", metavar=_("COMMAND"), required=True)

    p = cmds.add_parser("post", parents=[db, user, js], help=_("post a manual entry from a JSON file"),
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, help=_("the entry as JSON (see 'kasir ledger post --help')"))
    p.set_defaults(handler=cmd_post)
    p.epilog = _(ENTRY_FORMAT)

    p = cmds.add_parser("reverse", parents=[db, user, js], help=_("reverse a manual entry"))
    p.add_argument("entry", type=int, help=_("entry number"))
    p.add_argument("--date", help=_("YYYY-MM-DD (default: the entry's date if its month is open)"))
    p.add_argument("--memo", default="")
    p.set_defaults(handler=cmd_reverse)

    p = cmds.add_parser("trial-balance", parents=[db, js], help=_("trial balance (neraca saldo)"))
    p.add_argument("--date", required=True, help=_("as of YYYY-MM-DD"))
    p.set_defaults(handler=cmd_trial_balance)

    p = cmds.add_parser("accounts", parents=[db, js], help=_("the chart of accounts"))
    p.set_defaults(handler=cmd_accounts)

    p = cmds.add_parser("account", parents=[db, js], help=_("general ledger of one account"))
    p.add_argument("code", help=_("account code, e.g. 1-1100"))
    p.add_argument("--from", dest="start", required=True, help=_("YYYY-MM-DD"))
    p.add_argument("--to", dest="end", required=True, help=_("YYYY-MM-DD"))
    p.set_defaults(handler=cmd_account)

    p = sub.add_parser("close-month", parents=[db, user],
                       help=_("close a month (and earlier open ones) to further postings"))
    p.add_argument("month", help=_("YYYY-MM"))
    p.set_defaults(handler=cmd_close_month)

    p = sub.add_parser("export", parents=[db], help=_("export the journal"))
    p.add_argument("--format", choices=("ledger",), required=True,
                   help=_("ledger: a journal for ledger-cli and hledger"))
    p.add_argument("--out", type=Path, help=_("file to write (default: standard output)"))
    p.set_defaults(handler=cmd_export)


def _read_entry(ctx, text: str) -> tuple[str, str, list[Line]]:
    what = _("the entry file")
    data = common.load_json(text, what)
    common.refuse_unknown(data, ENTRY_FIELDS, what)
    raw_lines = common.json_lines(data, what, ENTRY_LINE_FIELDS)
    if "date" not in data:
        raise InvalidInput(N_("The entry file needs a \"date\" (YYYY-MM-DD). See 'kasir ledger "
                              "post --help' for the format."))
    result = (data["date"], str(data.get("memo", "")), [])
    for raw in raw_lines:
        if "account" not in raw:
            raise InvalidInput(N_("Each line needs an account and a debit or a credit."))
        member = raw.get("member")
        result[2].append(Line(str(raw["account"]), debit=parse_amount(raw.get("debit", 0)),
                              credit=parse_amount(raw.get("credit", 0)),
                              member_id=common.member_ref(ctx, member).id if member else None,
                              memo=str(raw.get("memo", ""))))
    return result


def cmd_post(args) -> int:
    text = common.require_file(args.file, _("the entry file"))
    with common.signed_in(args) as ctx:
        day, memo, lines = _read_entry(ctx, text)
        entry_id = ledger.post(ctx, day, memo, lines)
    if args.json:
        common.emit_json({"entry": entry_id})
    else:
        common.say(_("Posted entry {id}.").format(id=entry_id))
    return 0


def cmd_reverse(args) -> int:
    with common.signed_in(args) as ctx:
        new_id = ledger.reverse(ctx, args.entry, date=args.date, memo=args.memo)
    if args.json:
        common.emit_json({"entry": new_id, "reverses": args.entry})
    else:
        common.say(_("Entry {id} reversed by entry {new}.").format(id=args.entry, new=new_id))
    return 0


def cmd_trial_balance(args) -> int:
    as_of = parse_date(args.date)
    with common.opened(args) as conn:
        rows = ledger.trial_balance(conn, as_of)
    if args.json:
        common.emit_json([{"code": r.code, "name": r.name, "kind": r.kind, "debit": r.debit,
                           "credit": r.credit} for r in rows])
        return 0
    print(_("Trial balance as of {date}").format(date=as_of.isoformat()))
    total_d, total_c = sum(r.debit for r in rows), sum(r.credit for r in rows)
    common.table([_("Code"), _("Account"), _("Debit"), _("Credit")],
                 [*((r.code, r.name, rupiah(r.debit, symbol=False) if r.debit else "",
                     rupiah(r.credit, symbol=False) if r.credit else "") for r in rows),
                  ("", _("Total"), rupiah(total_d, symbol=False), rupiah(total_c, symbol=False))],
                 right=(2, 3))
    return 0


def cmd_accounts(args) -> int:
    with common.opened(args) as conn:
        accs = ledger.accounts(conn)
    if args.json:
        common.emit_json([a.__dict__ for a in accs])
        return 0
    common.table([_("Code"), _("Account"), _("Kind"), _("Active")],
                 [(a.code, a.name, a.kind, _("yes") if a.active else _("no")) for a in accs])
    return 0


def cmd_account(args) -> int:
    with common.opened(args) as conn:
        acc = ledger.account(conn, args.code)
        opening, rows = journal.general_ledger(conn, args.code, args.start, args.end)
    if args.json:
        common.emit_json({"code": acc.code, "name": acc.name, "opening": opening,
                          "rows": [r.__dict__ for r in rows]})
        return 0
    print(f"{acc.code} {acc.name}")
    common.table([_("Date"), _("Entry"), _("Description"), _("Debit"), _("Credit"), _("Balance")],
                 [("", "", _("Opening balance"), "", "", rupiah(opening, symbol=False)),
                  *((r.date, r.entry_id, r.memo, rupiah(r.debit, symbol=False) if r.debit else "",
                     rupiah(r.credit, symbol=False) if r.credit else "",
                     rupiah(r.balance, symbol=False)) for r in rows)], right=(1, 3, 4, 5))
    return 0


def cmd_close_month(args) -> int:
    with common.signed_in(args) as ctx:
        closed = ledger.close_month(ctx, args.month)
    common.say(_("Closed: {months}.").format(months=", ".join(closed)))
    return 0


def cmd_export(args) -> int:
    with common.opened(args) as conn:
        name = profile.get(conn).name
        if args.out:
            try:
                with written_whole(args.out, make_folder=False) as tmp, tmp.open("w", encoding="utf-8") as fh:
                    for line in journal_export.lines(conn, name):
                        fh.write(line + "\n")
            except OSError as exc:
                raise InvalidInput(N_("Cannot write {path}: {reason}."), path=args.out,
                                   reason=os_reason(exc)) from exc
            common.say(_("Journal written to {path}.").format(path=args.out))
        else:
            for line in journal_export.lines(conn, name):
                sys.stdout.write(line + "\n")
    return 0
