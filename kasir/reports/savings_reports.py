"""Members' savings: rekap simpanan per anggota (opening, in, out, closing of each kind) and
tunggakan wajib (the members behind with simpanan wajib).

The savings sub-ledger (``savings_tx``) is what the members' passbooks show; its totals per
kind equal the control accounts 3-1100, 3-1200 and 2-1200 (``kasir check`` proves it), so
the rekap's closing totals are the balance sheet's figures.
"""

from __future__ import annotations

from kasir.books import savings
from kasir.db.connection import Connection
from kasir.errors import InvalidInput
from kasir.i18n import N_, _
from kasir.reports import common
from kasir.reports.common import total_row
from kasir.reports.statement import Column, Period, Row, Statement

TITLE_SUMMARY = N_("Members' savings summary (rekap simpanan)")
TITLE_ARREARS = N_("Simpanan wajib arrears (tunggakan wajib)")


def _movements(conn: Connection, period: Period, kinds: tuple[str, ...]):
    """(member id, number, name, kind, opening, in, out) of every member and kind that had a
    balance or a movement; in and out are the positive and negative movements."""
    marks = ",".join("?" * len(kinds))
    return conn.execute(
        f"""SELECT m.id, m.number, m.name, t.kind, t.opening, t.added, t.taken FROM (
              SELECT member_id, kind,
                     coalesce(sum(CASE WHEN date < ? THEN amount END), 0) AS opening,
                     coalesce(sum(CASE WHEN date >= ? AND amount > 0 THEN amount END), 0) AS added,
                     coalesce(sum(CASE WHEN date >= ? AND amount < 0 THEN -amount END), 0) AS taken
                FROM savings_tx WHERE date <= ? AND kind IN ({marks}) GROUP BY member_id, kind
            ) t JOIN members m ON m.id = t.member_id
            WHERE t.opening <> 0 OR t.added <> 0 OR t.taken <> 0
            ORDER BY m.number""",
        (period.start.isoformat(), period.start.isoformat(), period.start.isoformat(),
         period.end.isoformat(), *kinds)).fetchall()


def savings_summary(conn: Connection, period: Period, kind: str | None = None,
                    **_options) -> Statement:
    """Rekap simpanan: per member and kind the opening balance, deposits, withdrawals (and
    exit refunds and corrections) and the closing balance; totals per kind."""
    if kind is not None and kind not in savings.KINDS:
        raise InvalidInput(N_("Unknown savings kind {kind}; use pokok, wajib or sukarela."),
                           kind=kind)
    kinds = (kind,) if kind else savings.KINDS
    st = common.begin(conn, "rekap-simpanan", _(TITLE_SUMMARY), period,
                      [Column(_("Member no.")), Column(_("Name")), Column(_("Kind")),
                       Column(_("Opening balance"), "money"), Column(_("Deposits"), "money"),
                       Column(_("Withdrawals"), "money"), Column(_("Closing balance"), "money")],
                      subtitle=_(savings.KIND_LABELS[kind]) if kind else "")
    order = {k: i for i, k in enumerate(savings.KINDS)}
    rows = sorted(_movements(conn, period, kinds), key=lambda r: (r[1], order[r[3]]))
    sums = {k: [0, 0, 0, 0] for k in kinds}
    for _id, number, name, k, opening, added, taken in rows:
        values = (opening, added, taken, opening + added - taken)
        st.rows.append(Row((number, name, _(savings.KIND_LABELS[k]), *values)))
        sums[k] = [a + b for a, b in zip(sums[k], values, strict=True)]
    for k in kinds:
        st.rows.append(Row(("", _("Total"), _(savings.KIND_LABELS[k]), *sums[k]), "subtotal"))
        st.figures.update(dict(zip((f"opening_{k}", f"in_{k}", f"out_{k}", f"closing_{k}"),
                                   sums[k], strict=True)))
    grand = [sum(s[i] for s in sums.values()) for i in range(4)]
    st.rows.append(total_row("", _("Total savings"), "", *grand))
    st.figures.update({"opening_total": grand[0], "in_total": grand[1], "out_total": grand[2],
                       "closing_total": grand[3],
                       "members": len({r[0] for r in rows})})
    common.note_if_empty(st, not rows)
    return st


def wajib_arrears(conn: Connection, period: Period, **_options) -> Statement:
    """Tunggakan wajib at the period's end: the active members who have paid less simpanan
    wajib than was due, with how many instalments they are behind."""
    st = common.begin(conn, "tunggakan-wajib", _(TITLE_ARREARS), period,
                      [Column(_("Member no.")), Column(_("Name")), Column(_("Due"), "money"),
                       Column(_("Paid"), "money"), Column(_("Arrears"), "money"),
                       Column(_("Instalments behind"), "number")],
                      subtitle=_("As of {date}").format(date=common.day_label(period.end)))
    found = savings.arrears(conn, period.end)
    st.rows += [Row((a.number, a.name, a.due, a.paid, a.arrears, a.periods)) for a in found]
    total = sum(a.arrears for a in found)
    st.rows.append(total_row("", _("Total"), sum(a.due for a in found),
                             sum(a.paid for a in found), total, sum(a.periods for a in found)))
    st.figures.update({"total_arrears": total, "members": len(found),
                       "instalments": sum(a.periods for a in found)})
    if not found:
        st.notes.append(_("No member is behind with simpanan wajib."))
    return st
