"""The member's passbook (buku simpanan) as a PDF, from ``kasir.books.savings.passbook``.

Each movement with its date, kind, deposit or withdrawal and the running balances (of its
kind and of all kinds), the opening balances when the passbook starts later than the first
movement, and the closing balance of each kind at the end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kasir.books import members, savings
from kasir.books import profile as profile_mod
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.i18n import _
from kasir.i18n import date as fmt_date
from kasir.reports import pdf
from kasir.reports.statement import Column, Period, Row, Statement


def passbook_statement(conn: Connection, member_id: int, *, start: dt.date | str | None = None,
                       end: dt.date | str | None = None) -> Statement:
    """The passbook rows of one member between ``start`` and ``end`` (inclusive; open-ended
    when not given) as a Statement: figures ``deposits``, ``withdrawals``, ``closing`` and
    ``closing_<kind>``."""
    member = members.get(conn, member_id)
    first, last = (parse_date(start) if start else None), (parse_date(end) if end else None)
    history = savings.passbook(conn, member_id)
    before = [r for r in history if first and r.date < first]
    shown = [r for r in history if (not first or r.date >= first) and (not last or r.date <= last)]
    opening = _balances_after(before)
    closing = _balances_after(before + shown)
    columns = [Column(_("Date"), "date"), Column(_("Description")), Column(_("Kind")),
               Column(_("Deposit"), "money"), Column(_("Withdrawal"), "money"),
               Column(_("Balance of kind"), "money"), Column(_("Total balance"), "money")]
    rows = []
    if before:
        rows.append(Row((first, _("Opening balance"), "", None, None, None, sum(opening.values())),
                        style="heading"))
    rows += [Row((r.date, r.memo or r.type, r.kind.capitalize(), r.deposit or None,
                  r.withdrawal or None, r.balance, r.total)) for r in shown]
    for kind in savings.KINDS:
        rows.append(Row((None, _(savings.KIND_LABELS[kind]), "", None, None, closing[kind], None),
                        style="subtotal"))
    rows.append(Row((None, _("Total savings"), "", None, None, None, sum(closing.values())),
                    style="total"))
    period_start = first or (shown[0].date if shown else member.join_date)
    period_end = last or (shown[-1].date if shown else period_start)
    period = Period(period_start, max(period_end, period_start),
                    f"{period_start.isoformat()}..{max(period_end, period_start).isoformat()}")
    figures = {"deposits": sum(r.deposit for r in shown),
               "withdrawals": sum(r.withdrawal for r in shown),
               "opening": sum(opening.values()), "closing": sum(closing.values()),
               **{f"closing_{k}": v for k, v in closing.items()}}
    return Statement(key="buku-simpanan", title=_("Savings passbook (buku simpanan)"),
                     period=period, columns=columns, rows=rows, figures=figures,
                     notes=[_member_note(member)],
                     subtitle=_("Member {number} — {name}").format(number=member.number,
                                                                   name=member.name))


def _balances_after(rows: list[savings.PassbookRow]) -> dict[str, int]:
    found = dict.fromkeys(savings.KINDS, 0)
    for row in rows:
        found[row.kind] = row.balance
    return found


def _member_note(member: members.Member) -> str:
    since = _("Member since {date}.").format(date=fmt_date(member.join_date, "long"))
    if member.status == "active" or member.exit_date is None:
        return since
    return since + " " + _("Left on {date}.").format(date=fmt_date(member.exit_date, "long"))


def passbook_pdf(conn: Connection, member_id: int, out_path: Path | str, *,
                 start: dt.date | str | None = None, end: dt.date | str | None = None,
                 paper: str = "A4") -> Path:
    """Write the member's passbook to ``out_path`` (A4 or F4) and return the path."""
    statement = passbook_statement(conn, member_id, start=start, end=end)
    return pdf.render_statements([statement], out_path, coop_profile=profile_mod.get(conn),
                                 paper=paper, cover=False, contents=False, signatures=False,
                                 title=statement.title)
