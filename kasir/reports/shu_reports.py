"""The SHU calculation and the per-member SHU list of a book year, as Statements.

Both take the registry's shape ``(conn, period, **options)``; the book year is the one that
starts in ``period``'s first year. Before the year is closed they are DRAFT; once the
allocation is posted they show what was posted.
"""

from __future__ import annotations

from kasir.books import profile as profile_mod
from kasir.books import shu
from kasir.db.connection import Connection
from kasir.i18n import N_, _
from kasir.reports.common import require_balanced
from kasir.reports.statement import Column, Period, Row, Statement

TITLE_CALCULATION = N_("SHU calculation (perhitungan SHU)")
TITLE_MEMBERS = N_("SHU per member (SHU anggota)")
KIND_HEADINGS = {"revenue": N_("Revenue"), "cost": N_("Cost of goods sold"),
                 "expense": N_("Expenses")}
BASIS_LABELS = {"average": N_("daily average balance over the year"),
                "year_end": N_("balance at the end of the year")}


def year_period(conn: Connection, period: Period | int) -> tuple[shu.BookYear, Period]:
    """The book year a period (or a year number) stands for, and that year as a Period."""
    year = period if isinstance(period, int) else period.start.year
    by = shu.book_year(conn, year)
    return by, Period(by.start, by.end, str(year))


def _status_note(alloc: shu.Allocation) -> str:
    if alloc.paid:
        return _("The SHU of {year} is allocated and paid ({method}).").format(
            year=alloc.year, method=_(shu.PAYOUT_LABELS.get(alloc.paid, alloc.paid)))
    if alloc.posted:
        return _("The SHU of {year} is allocated and not yet paid.").format(year=alloc.year)
    if alloc.closed:
        return _("The book year {year} is closed; the allocation is not yet posted.").format(
            year=alloc.year)
    return _("The book year {year} is not closed: these figures may still change.").format(
        year=alloc.year)


def shu_calculation(conn: Connection, period: Period | int, **_options) -> Statement:
    """The year's result by account, the surplus, and its split by the AD/ART percentages.

    Figures: ``surplus``, ``pool_<key>`` for each pool, ``allocated``, ``member_purchases``
    (VUK) and ``member_savings`` (TMS, in the jasa modal basis)."""
    by, year = year_period(conn, period)
    require_balanced(conn, year.end)
    alloc = shu.compute(conn, by.year)
    st = Statement(key="perhitungan-shu", title=_(TITLE_CALCULATION), period=year,
                   columns=[Column(_("Description")), Column(_("Percent"), "percent"),
                            Column(_("Amount"), "money")],
                   draft=not alloc.closed)
    lines = shu.year_result(conn, by.year)
    for kind in shu.RESULT_KINDS:
        part = [ln for ln in lines if ln.kind == kind]
        if not part:
            continue
        sign = 1 if kind == "revenue" else -1
        st.rows.append(Row((_(KIND_HEADINGS[kind]), None, None), "heading"))
        st.rows += [Row((f"{ln.code} {ln.name}", None, sign * ln.amount), level=1) for ln in part]
        st.rows.append(Row((_("Total"), None, sign * sum(ln.amount for ln in part)), "subtotal"))
    st.rows.append(Row((_("SHU of the year"), None, alloc.surplus), "total"))
    st.rows.append(Row((_("Allocation by the AD/ART"), None, None), "heading"))
    st.rows += [Row((_(profile_mod.SHU_LABELS.get(p.key, p.key)), p.basis_points, p.amount),
                    level=1) for p in alloc.pools]
    allocated = sum(p.amount for p in alloc.pools)
    st.rows.append(Row((_("Total allocated"), sum(p.basis_points for p in alloc.pools), allocated),
                       "total"))
    purchases = sum(s.purchases for s in alloc.shares)
    saved = sum(s.savings for s in alloc.shares)
    st.rows.append(Row((_("Members' share basis"), None, None), "heading"))
    st.rows.append(Row((_("Members' purchases in the year (VUK)"), None, purchases), level=1))
    st.rows.append(Row((_("Members' savings, {basis} (TMS)").format(
        basis=_(BASIS_LABELS[alloc.basis])), None, saved), level=1))
    st.figures = {"surplus": alloc.surplus, "allocated": allocated, "member_purchases": purchases,
                  "member_savings": saved, **{f"pool_{p.key}": p.amount for p in alloc.pools}}
    if alloc.surplus <= 0:
        st.notes.append(_("There is no surplus to share this year."))
    st.notes.append(_("Each pool is the SHU times its percentage; the rupiah left by rounding go "
                      "to the largest remainders, so the pools add up exactly to the SHU."))
    st.notes.append(_status_note(alloc))
    return st


def shu_members(conn: Connection, period: Period | int, **_options) -> Statement:
    """Each member's purchases, savings basis, jasa usaha, jasa modal and total.

    Figures: ``jasa_usaha``, ``jasa_modal``, ``total`` (each equal to its pool) and
    ``members``."""
    by, year = year_period(conn, period)
    require_balanced(conn, year.end)
    alloc = shu.compute(conn, by.year)
    st = Statement(key="shu-anggota", title=_(TITLE_MEMBERS), period=year,
                   columns=[Column(_("Number")), Column(_("Name")),
                            Column(_("Purchases"), "money"), Column(_("Savings"), "money"),
                            Column(_("Jasa usaha"), "money"), Column(_("Jasa modal"), "money"),
                            Column(_("SHU"), "money")],
                   draft=not alloc.closed)
    st.rows = [Row((s.number, s.name, s.purchases, s.savings, s.jasa_usaha, s.jasa_modal,
                    s.total)) for s in alloc.shares]
    usaha = sum(s.jasa_usaha for s in alloc.shares)
    modal = sum(s.jasa_modal for s in alloc.shares)
    st.rows.append(Row((_("Total"), "", sum(s.purchases for s in alloc.shares),
                        sum(s.savings for s in alloc.shares), usaha, modal, usaha + modal),
                       "total"))
    st.figures = {"jasa_usaha": usaha, "jasa_modal": modal, "total": usaha + modal,
                  "members": len(alloc.shares)}
    st.notes.append(_("Jasa usaha is shared by members' purchases in the year; jasa modal by "
                      "their savings ({basis}). Members who left during the year have no share.")
                    .format(basis=_(BASIS_LABELS[alloc.basis])))
    st.notes.append(_status_note(alloc))
    return st
