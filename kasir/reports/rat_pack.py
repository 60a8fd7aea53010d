"""The RAT pack: the book year's report to the annual members' meeting, as one PDF.

The year's statements (financial position, results, changes in equity, cash flows), the SHU
calculation, the per-member SHU list and basic notes to the statements (CALK). Every page is
marked DRAFT while the year is not closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from kasir.books import ledger, savings, shu, users
from kasir.books import profile as profile_mod
from kasir.db.connection import Connection
from kasir.i18n import N_, _
from kasir.reports import pdf, registry, shu_reports
from kasir.reports.statement import Column, Period, Row, Statement

YEAR_STATEMENTS = ("posisi-keuangan", "hasil-usaha", "perubahan-ekuitas", "arus-kas")
TITLE_CALK = N_("Notes to the financial statements (CALK)")
# accounts whose year-end balance the notes give, in the order of the balance sheet
NOTED_ACCOUNTS = ("1-1100", "1-1200", "1-1300", "1-1400", "2-1100", "2-1200", "2-1300")
POLICIES = (
    N_("The statements follow SAK EP (Permenkop UKM No. 2 of 2024): the statement of financial "
       "position, the statement of results with revenue from members and from non-members "
       "shown apart, changes in equity, cash flows (direct method) and these notes."),
    N_("Amounts are whole rupiah. Transactions are recorded when they happen (accrual basis)."),
    N_("Goods for sale are valued at moving average cost; differences found at stock counts "
       "and damaged goods are expenses of the month."),
    N_("Simpanan pokok and simpanan wajib are members' equity; simpanan sukarela is a liability "
       "the members may withdraw at any time."),
    N_("At the year close the year's SHU is closed into SHU belum dibagi, where it stays until "
       "it is shared as the RAT decides under the AD/ART: jasa usaha by members' purchases, "
       "jasa modal by their savings."),
)


def _members_counts(conn: Connection, by: shu.BookYear) -> tuple[int, int, int]:
    """(members at the year's end, joined in the year, left in the year)."""
    span = {"start": by.start.isoformat(), "end": by.end.isoformat()}
    return conn.execute(
        "SELECT sum(join_date <= :end AND (exit_date IS NULL OR exit_date > :end)),"
        " sum(join_date BETWEEN :start AND :end), sum(exit_date BETWEEN :start AND :end)"
        " FROM members", span).fetchone()


def calk(conn: Connection, period: Period | int, **_options) -> Statement:
    """Basic notes: the co-op, its policies, members, key balances, savings and the SHU."""
    by, year = shu_reports.year_period(conn, period)
    prof = profile_mod.get(conn)
    st = Statement(key="calk", title=_(TITLE_CALK), period=year,
                   columns=[Column(_("Note")), Column(_("Amount"), "money")],
                   draft=not shu.year_closed(conn, by.year))
    rows = st.rows
    rows.append(Row((_("1. General"), None), "heading"))
    identity = [prof.name, prof.legal_number and _("legal entity number {value}").format(
        value=prof.legal_number), prof.nib and _("NIB {value}").format(value=prof.nib),
        ", ".join(p for p in (prof.address, prof.village, prof.district, prof.province) if p)]
    rows.append(Row(("; ".join(p for p in identity if p) + ".", None), level=1))
    at_end, joined, left = (int(n or 0) for n in _members_counts(conn, by))
    rows.append(Row((_("Members at the end of the year: {n} ({joined} joined, {left} left during "
                       "the year).").format(n=at_end, joined=joined, left=left), None), level=1))
    rows.append(Row((_("2. Accounting policies"), None), "heading"))
    rows += [Row((_(text), None), level=1) for text in POLICIES]
    rows.append(Row((_("3. Balances at the end of the year"), None), "heading"))
    for code in NOTED_ACCOUNTS:
        acc = ledger.account(conn, code)
        amount = ledger.normal(acc.kind, ledger.balance(conn, code, by.end))
        rows.append(Row((f"{acc.code} {acc.name}", amount), level=1))
        st.figures[f"balance_{code}"] = amount
    rows.append(Row((_("4. Members' savings at the end of the year"), None), "heading"))
    kinds = savings.totals_by_kind(conn, by.end)
    rows += [Row((_(savings.KIND_LABELS[k]), v), level=1) for k, v in kinds.items()]
    rows.append(Row((_("Total savings"), sum(kinds.values())), "subtotal"))
    st.figures["savings"] = sum(kinds.values())
    rows.append(Row((_("5. SHU"), None), "heading"))
    surplus = shu.surplus_of(shu.year_result(conn, by.year))
    rows.append(Row((_("SHU of the year"), surplus), level=1))
    allocation = profile_mod.shu_allocation(conn)
    split = ", ".join(f"{_(profile_mod.SHU_LABELS.get(k, k))} {profile_mod.format_percent(bp)}%"
                      for k, bp in allocation.items())
    rows.append(Row((_("Allocation by the AD/ART: {split}.").format(split=split), None), level=1))
    st.figures["surplus"] = surplus
    return st


def rat_statements(conn: Connection, year: int,
                   progress: Callable[[int, int], None] | None = None) -> list[Statement]:
    """The RAT pack's statements for book year ``year``, in order."""
    period = shu_reports.year_period(conn, year)[1]
    builders: list[Callable[[], Statement]] = [
        (lambda name=name: registry.build(conn, name, period))
        for name in YEAR_STATEMENTS if name in registry.REPORTS]
    builders += [lambda: shu_reports.shu_calculation(conn, period),
                 lambda: shu_reports.shu_members(conn, period), lambda: calk(conn, period)]
    out = []
    for i, build in enumerate(builders):
        out.append(build())
        if progress:
            progress(i + 1, len(builders) + 1)
    return out


def rat_pack(conn: Connection, year: int, out_path: Path | str, *, paper: str = "A4",
             progress: Callable[[int, int], None] | None = None,
             signed_on: dt.date | None = None) -> Path:
    """Write the RAT pack of book year ``year`` to ``out_path``."""
    statements = rat_statements(conn, year, progress)
    period = shu_reports.year_period(conn, year)[1]
    path = pdf.render_statements(
        statements, out_path, coop_profile=profile_mod.get(conn), paper=paper,
        title=_("Annual members' meeting (RAT) report, book year {year}").format(year=year),
        period=period, signatures=pdf.signer_names(users.list_users(conn)),
        signed_on=signed_on or dt.date.today())
    if progress:
        progress(len(statements) + 1, len(statements) + 1)
    return path
