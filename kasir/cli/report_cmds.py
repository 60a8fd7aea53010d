"""``kasir report NAME --period YYYY-MM --out FILE`` and ``kasir report --list``.

The file's extension chooses the format: ``.xlsx`` (a spreadsheet whose amounts are numbers),
``.csv`` or ``.pdf``. Without ``--out`` the report is printed as a table (``--json``: as
data). ``--period`` is a month (``2025-06``) or a book year (``2025``).
"""

from __future__ import annotations

from pathlib import Path

from kasir.books import profile
from kasir.cli import common
from kasir.i18n import N_, _, number, percent, rupiah
from kasir.reports import registry
from kasir.reports.statement import Statement, parse_period, plain

FORMATS = (".xlsx", ".csv", ".pdf")
EPILOG = N_("The file's extension chooses the format: .xlsx (a spreadsheet whose amounts are "
            "numbers), .csv or .pdf. Without --out the report is printed as a table (with --json "
            "as data). The period is a month (2025-06) or a book year (2025).")


def register(sub) -> None:
    db, js = common.db_parent(), common.json_parent()
    p = sub.add_parser("report", parents=[db, js], help=_("make a report (statement) for a period"),
                       epilog=_(EPILOG))
    p.add_argument("name", nargs="?", help=_("the report, e.g. posisi-keuangan (see --list)"))
    p.add_argument("--list", action="store_true", help=_("list the reports"))
    p.add_argument("--period", help=_("YYYY-MM (a month) or YYYY (a book year)"))
    p.add_argument("--out", type=Path, help=_("file to write: .xlsx, .csv or .pdf"))
    p.add_argument("--account", help=_("account code, for buku-besar and kas-harian"))
    p.add_argument("--kind", help=_("savings kind, for rekap-simpanan"))
    p.add_argument("--paper", choices=("A4", "F4"), default="A4", help=_("paper for a PDF"))
    p.set_defaults(handler=cmd_report)


def cmd_report(args) -> int:
    if args.list:
        return _list(args)
    if not args.name:
        raise common.UsageError(_("name a report, or use --list to see them"))
    spec = registry.get(args.name)
    if not args.period:
        raise common.UsageError(_("--period YYYY-MM or YYYY is required"))
    period = parse_period(args.period)
    suffix = args.out.suffix.lower() if args.out else ""
    if args.out and suffix not in FORMATS:
        raise common.UsageError(_("the output file must end in .xlsx, .csv or .pdf (got {name})")
                                .format(name=args.out.name))
    with common.opened(args) as conn:
        statement = spec.build(conn, period, account=args.account, kind=args.kind)
        if suffix == ".pdf":
            _pdf(conn, statement, args.out, args.paper)
        elif suffix:
            _write(statement, args.out, suffix, profile.get(conn).name)
    if args.out:
        common.say(_("{title} written to {path}.").format(title=statement.title, path=args.out))
    elif args.json:
        common.emit_json(_as_data(statement))
    else:
        _print(statement)
    return 0


def _list(args) -> int:
    if args.json:
        common.emit_json([{"name": s.name, "title": s.title, "options": list(s.options)}
                          for s in registry.REPORTS.values()])
    else:
        common.table([_("Report"), _("Title")],
                     [(s.name, s.title) for s in registry.REPORTS.values()])
    return 0


def _write(statement: Statement, out: Path, suffix: str, coop_name: str) -> None:
    from kasir.reports import export  # openpyxl is loaded only when a workbook is asked for

    if suffix == ".xlsx":
        export.to_xlsx(statement, out, coop_name=coop_name)
    else:
        export.to_csv(statement, out)


def _pdf(conn, statement: Statement, out: Path, paper: str) -> None:
    from kasir.books import users
    from kasir.reports import pdf  # reportlab is loaded only when a PDF is asked for

    pdf.render_statements([statement], out, coop_profile=profile.get(conn), paper=paper,
                          cover=False, contents=False,
                          signatures=pdf.signer_names(users.list_users(conn)))


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money" and isinstance(value, int):
        return rupiah(value, symbol=False)
    if kind == "number" and isinstance(value, int):
        return number(value)
    if kind == "percent" and isinstance(value, int):
        return percent(value)
    return str(value)


def _print(statement: Statement) -> None:
    print(statement.title + (f" — {statement.subtitle}" if statement.subtitle else ""))
    draft = _("DRAFT")
    print(_("Period: {period}").format(period=statement.period.label)
          + (f"  ({draft})" if statement.draft else ""))
    kinds = [c.kind for c in statement.columns]
    common.table([c.title for c in statement.columns],
                 [[_cell(v, k) for v, k in zip(r.cells, kinds, strict=True)]
                  for r in statement.rows],
                 right=[i for i, k in enumerate(kinds)
                        if k in ("money", "number", "percent", "quantity")])
    for note in statement.notes:
        print(note)


def _as_data(statement: Statement) -> dict:
    return {"report": statement.key, "title": statement.title, "period": statement.period.label,
            "start": statement.period.start, "end": statement.period.end,
            "draft": statement.draft, "columns": [c.title for c in statement.columns],
            "rows": [[None if v is None else plain(v, c.kind)
                      for v, c in zip(r.cells, statement.columns, strict=True)]
                     for r in statement.rows], "figures": statement.figures,
            "notes": statement.notes}
