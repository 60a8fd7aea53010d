"""The financial statements under SAK EP: laporan posisi keuangan (with the previous period
end beside it), laporan hasil usaha (revenue from members and from non-members apart) and
laporan perubahan ekuitas.

The result not yet closed (revenue less costs in the result accounts) is shown inside
equity as the current year's SHU, so assets always equal liabilities plus equity when the
ledger balances; the year-close entries are left out of the results statement. A closed
year's SHU is in 3-1600 SHU belum dibagi until the RAT shares it; a year an older kasir
closed into 3-1500 SHU tahun berjalan is shown under 3-1600 too (:func:`_as_presented`), so
the ledger needs no rewriting.
"""

from __future__ import annotations

import datetime as dt

from kasir.books import ledger, shu
from kasir.db.connection import Connection
from kasir.i18n import N_, _
from kasir.reports import common
from kasir.reports.common import DAY, P_AND_L, total_row
from kasir.reports.statement import Column, Period, Row, Statement

TITLE_POSITION = N_("Statement of financial position")
TITLE_RESULTS = N_("Statement of results (hasil usaha)")
TITLE_EQUITY = N_("Statement of changes in equity")

SALES_MEMBERS, SALES_OTHERS = "4-1100", "4-1200"
SALES = (SALES_MEMBERS, SALES_OTHERS)

# (kind, code prefix, heading, total); the first group whose kind and prefix match holds the account
_GROUPS = (
    ("asset", "1-1", N_("Current assets"), N_("Total current assets")),
    ("asset", "", N_("Non-current assets"), N_("Total non-current assets")),
    ("liability", "2-1", N_("Current liabilities"), N_("Total current liabilities")),
    ("liability", "", N_("Non-current liabilities"), N_("Total non-current liabilities")),
    ("equity", "", N_("Equity"), N_("Total equity")),
)


def _group(acc: ledger.Account) -> str:
    return next(title for kind, prefix, title, _t in _GROUPS
                if acc.kind == kind and acc.code.startswith(prefix))


def _shown(kind: str, debit_positive: int) -> int:
    """Assets as debit balances, liabilities and equity as credit balances."""
    return debit_positive if kind == "asset" else -debit_positive


# ---- SHU closed the old way ------------------------------------------------------------------

def _closed_in_berjalan(conn: Connection, start: dt.date | None, end: dt.date) -> tuple[int, int]:
    """(debits, credits) on 3-1500 of the year-close and SHU-allocation entries dated from
    ``start`` (or ever) to ``end``: SHU that a kasir before the 3-1600 rule closed into SHU
    tahun berjalan, and its allocation out of there."""
    row = conn.execute(
        "SELECT coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0) FROM shu_years y"
        " JOIN journal_entries e"
        " ON e.id IN (y.close_entry_id, y.alloc_entry_id) JOIN journal_lines l"
        " ON l.entry_id = e.id JOIN accounts a ON a.id = l.account_id"
        " WHERE a.code = ? AND e.date BETWEEN ? AND ?",
        (shu.SHU_BERJALAN, (start or dt.date.min).isoformat(), end.isoformat())).fetchone()
    return row[0], row[1]


def _as_presented(pairs: dict, moved: tuple[int, int], *, balances: bool) -> dict:
    """``pairs`` (balances, or (debits, credits) movements) with the old-way closed SHU moved
    from 3-1500 to 3-1600, where a closed year's SHU belongs."""
    debit, credit = moved
    if not (debit or credit):
        return pairs
    out = dict(pairs)
    old, new = shu.SHU_BERJALAN, shu.SHU_BELUM_DIBAGI
    if balances:
        out[old], out[new] = out.get(old, 0) - (debit - credit), out.get(new, 0) + debit - credit
    else:
        (od, oc), (nd, nc) = out.get(old, (0, 0)), out.get(new, (0, 0))
        out[old], out[new] = (od - debit, oc - credit), (nd + debit, nc + credit)
    return {k: v for k, v in out.items() if v and v != (0, 0)}


def _presented_balances(conn: Connection, day: dt.date) -> dict[str, int]:
    return _as_presented(common.balances(conn, day), _closed_in_berjalan(conn, None, day),
                         balances=True)


# ---- laporan posisi keuangan --------------------------------------------------------------

def _results_split(conn: Connection, accounts, as_of: dt.date, bal: dict[str, int]) -> tuple[int, int]:
    """(this book year's unclosed result, earlier years' unclosed result) at ``as_of``."""
    year_start = common.book_year_start(conn, as_of)
    earlier = common.unclosed_result(accounts, common.balances(conn, year_start - DAY))
    return common.unclosed_result(accounts, bal) - earlier, earlier


def financial_position(conn: Connection, period: Period, **_options) -> Statement:
    """Laporan posisi keuangan at the period's end, the previous period's end beside it."""
    now_day, before_day = period.end, period.previous_end
    st = common.begin(conn, "posisi-keuangan", _(TITLE_POSITION), period,
                      common.money_columns(_("Description"), common.day_label(now_day),
                                           common.day_label(before_day)))
    accounts = ledger.accounts(conn)
    now, before = _presented_balances(conn, now_day), _presented_balances(conn, before_day)
    current_now, earlier_now = _results_split(conn, accounts, now_day, now)
    current_before, earlier_before = _results_split(conn, accounts, before_day, before)
    totals: dict[str, list[int]] = {}
    for side, kinds in ((_("ASSETS"), ("asset",)),
                        (_("LIABILITIES AND EQUITY"), ("liability", "equity"))):
        st.rows.append(Row((side, None, None), "heading"))
        for kind in kinds:
            sums = [0, 0]
            for k, _p, title, total_label in _GROUPS:
                if k != kind:
                    continue
                rows = [(a, _shown(kind, now.get(a.code, 0)), _shown(kind, before.get(a.code, 0)))
                        for a in accounts if a.kind == kind and _group(a) == title]
                rows = [r for r in rows if r[1] or r[2]]
                extra = ([(_("Surplus (SHU) of the current year not yet closed"), current_now,
                           current_before),
                          (_("Surplus (SHU) of earlier years not yet closed"), earlier_now,
                           earlier_before)] if kind == "equity" else [])
                extra = [e for e in extra if e[1] or e[2]]
                if not rows and not extra and kind != "equity":
                    continue
                st.rows.append(Row((_(title), None, None), "heading", level=1))
                group = [0, 0]
                for acc, a, b in rows:
                    st.rows.append(Row((f"{acc.code} {acc.name}", a, b), level=2))
                    group = [group[0] + a, group[1] + b]
                for label, a, b in extra:
                    st.rows.append(Row((label, a, b), level=2))
                    group = [group[0] + a, group[1] + b]
                st.rows.append(Row((_(total_label), *group), "subtotal", level=1))
                sums = [sums[0] + group[0], sums[1] + group[1]]
            totals[kind] = sums
        if kinds == ("asset",):
            st.rows.append(total_row(_("TOTAL ASSETS"), *totals["asset"]))
    liab_eq = [totals["liability"][i] + totals["equity"][i] for i in (0, 1)]
    st.rows.append(total_row(_("TOTAL LIABILITIES AND EQUITY"), *liab_eq))
    st.figures.update({
        "total_assets": totals["asset"][0], "total_liabilities": totals["liability"][0],
        "total_equity": totals["equity"][0], "total_liabilities_equity": liab_eq[0],
        "shu_current_year": current_now, "shu_earlier_years": earlier_now,
        "previous_total_assets": totals["asset"][1],
        "previous_total_liabilities": totals["liability"][1],
        "previous_total_equity": totals["equity"][1],
        "previous_total_liabilities_equity": liab_eq[1],
    })
    common.note_if_empty(st, not now and not before)
    return st


# ---- laporan hasil usaha ------------------------------------------------------------------

def _net(moves: dict[str, tuple[int, int]], code: str, kind: str) -> int:
    """Movement on the account's own side: credits for revenue, debits for costs."""
    debit, credit = moves.get(code, (0, 0))
    return credit - debit if kind == "revenue" else debit - credit


def _result_lines(accounts, moves) -> dict[str, list[tuple[str, str, int]]]:
    """Section -> [(code, label, amount)] of the result accounts that moved (sales always)."""
    out: dict[str, list[tuple[str, str, int]]] = {"sales": [], "cost": [], "other": [], "expense": []}
    for acc in accounts:
        if acc.kind not in P_AND_L:
            continue
        amount = _net(moves, acc.code, acc.kind)
        section = ("sales" if acc.code in SALES else "other" if acc.kind == "revenue"
                   else acc.kind)
        if amount or acc.code in SALES:
            out[section].append((acc.code, f"{acc.code} {acc.name}", amount))
    return out


def _results_figures(lines) -> dict[str, int]:
    def total(section):
        return sum(a for _c, _l, a in lines[section])

    sales = {c: a for c, _l, a in lines["sales"]}
    fig = {"revenue_members": sales.get(SALES_MEMBERS, 0),
           "revenue_nonmembers": sales.get(SALES_OTHERS, 0), "revenue_sales": total("sales"),
           "cost_of_sales": total("cost"), "other_income": total("other"),
           "expenses": total("expense")}
    fig["gross_result"] = fig["revenue_sales"] - fig["cost_of_sales"]
    fig["shu"] = fig["gross_result"] + fig["other_income"] - fig["expenses"]
    return fig


def results(conn: Connection, period: Period, **_options) -> Statement:
    """Laporan hasil usaha for the period, and the book year to date beside it when the
    period is shorter."""
    year_start = common.book_year_start(conn, period.end)
    with_ytd = period.start > year_start
    titles = [period.label] + ([_("Year to {date}").format(date=common.day_label(period.end))]
                               if with_ytd else [])
    st = common.begin(conn, "hasil-usaha", _(TITLE_RESULTS), period,
                      common.money_columns(_("Description"), *titles))
    accounts = ledger.accounts(conn)
    closing = common.CLOSING_ORIGINS
    spans = [(period.start, period.end)] + ([(year_start, period.end)] if with_ytd else [])
    lines = [_result_lines(accounts, common.movements(conn, a, b, exclude_origins=closing))
             for a, b in spans]
    figs = [_results_figures(x) for x in lines]
    _results_rows(st, lines, figs)
    st.figures.update(figs[0])
    if with_ytd:
        st.figures.update({f"ytd_{k}": v for k, v in figs[1].items()})
    common.note_if_empty(st, not any(figs[0].values()))
    return st


def _labels(lines: list[dict], section: str) -> dict[str, str]:
    """code -> label over all columns, in chart order."""
    found: dict[str, str] = {}
    for col in lines:
        for code, label, _a in col[section]:
            found.setdefault(code, label)
    return dict(sorted(found.items()))


def _section(st: Statement, lines, section: str, heading: str, total: str, figs, key: str) -> None:
    labels = _labels(lines, section)
    st.rows.append(Row((_(heading), *([None] * len(lines))), "heading"))
    for code, label in labels.items():
        amounts = [next((a for c, _l, a in col[section] if c == code), 0) for col in lines]
        member = {SALES_MEMBERS: _("members"), SALES_OTHERS: _("non-members")}.get(code)
        text = f"{label} ({member})" if member else label
        st.rows.append(Row((text, *amounts), level=1))
    st.rows.append(Row((_(total), *(f[key] for f in figs)), "subtotal"))


def _results_rows(st: Statement, lines, figs) -> None:
    _section(st, lines, "sales", N_("Sales"), N_("Total sales"), figs, "revenue_sales")
    _section(st, lines, "cost", N_("Cost of sales"), N_("Total cost of sales"), figs,
             "cost_of_sales")
    st.rows.append(Row((_("Gross result"), *(f["gross_result"] for f in figs)), "subtotal"))
    _section(st, lines, "other", N_("Other income"), N_("Total other income"), figs,
             "other_income")
    _section(st, lines, "expense", N_("Operating expenses"), N_("Total operating expenses"),
             figs, "expenses")
    st.rows.append(total_row(_("SURPLUS (SHU) OF THE PERIOD"), *(f["shu"] for f in figs)))


# ---- laporan perubahan ekuitas ------------------------------------------------------------

def changes_in_equity(conn: Connection, period: Period, **_options) -> Statement:
    """Each equity account's opening balance, additions (credits), reductions (debits) and
    closing balance; the result not yet closed is one line of its own."""
    st = common.begin(conn, "perubahan-ekuitas", _(TITLE_EQUITY), period,
                      [Column(_("Component")), Column(_("Opening balance"), "money"),
                       Column(_("Additions"), "money"), Column(_("Reductions"), "money"),
                       Column(_("Closing balance"), "money")])
    accounts = ledger.accounts(conn)
    opening = _presented_balances(conn, period.previous_end)
    closing = _presented_balances(conn, period.end)
    moves = _as_presented(common.movements(conn, period.start, period.end),
                          _closed_in_berjalan(conn, period.start, period.end), balances=False)
    rows = []
    for acc in accounts:
        if acc.kind != "equity":
            continue
        debit, credit = moves.get(acc.code, (0, 0))
        values = (-opening.get(acc.code, 0), credit, debit, -closing.get(acc.code, 0))
        if any(values):
            rows.append((f"{acc.code} {acc.name}", *values))
    start_result = common.unclosed_result(accounts, opening)
    end_result = common.unclosed_result(accounts, closing)
    change = end_result - start_result
    if start_result or end_result:
        rows.append((_("Surplus (SHU) not yet closed"), start_result, max(change, 0),
                     max(-change, 0), end_result))
    sums = [sum(r[i] for r in rows) for i in range(1, 5)]
    st.rows += [Row(r, level=1) for r in rows]
    st.rows.append(total_row(_("Total equity"), *sums))
    st.figures.update(dict(zip(("opening_equity", "additions", "reductions", "closing_equity"),
                               sums, strict=True)))
    common.note_if_empty(st, not rows)
    return st
