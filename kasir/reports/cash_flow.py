"""Laporan arus kas, direct method, read from the cash and bank lines of the journal.

Every posted entry that moves cash (Kas, Bank and any other 1-11xx/1-12xx account) is
explained by its other lines: each of those accounts belongs to one cash-flow line (sales to
members, payments to suppliers, simpanan sukarela …), and the entry's cash is attributed to
them by their amounts. Lines of one flow inside an entry net out first — a sale's cost of
goods and its stock leaving are both "goods", so only the cash taken shows — and a flow then
counts as a receipt or a payment by its sign. An entry whose flows point both ways (a member
leaves: savings refunded, shop credit set off against them) moved only its net cash, so that
cash is shared over the flows on its side in proportion (largest remainder) and the set-off
shows nowhere. A transfer between Kas and Bank moves no cash and none of this. So the
receipts less the payments equal the change in cash, to the rupiah.
"""

from __future__ import annotations

from kasir.books import ledger
from kasir.db.connection import Connection
from kasir.i18n import N_, _
from kasir.money import split
from kasir.reports import common
from kasir.reports.common import CASH_PREFIXES, total_row
from kasir.reports.statement import Column, Period, Row, Statement

TITLE = N_("Statement of cash flows (direct method)")

ACTIVITIES = (
    ("operating", N_("Cash flows from operating activities"),
     N_("Net cash from operating activities")),
    ("investing", N_("Cash flows from investing activities"),
     N_("Net cash from investing activities")),
    ("financing", N_("Cash flows from financing activities"),
     N_("Net cash from financing activities")),
)

# flow -> (activity, receipt label, payment label), in the order printed
FLOWS = {
    "sales_members": ("operating", N_("Receipts from sales to members"),
                      N_("Refunds of sales to members (voids, returns)")),
    "sales_others": ("operating", N_("Receipts from sales to non-members"),
                     N_("Refunds of sales to non-members (voids, returns)")),
    "member_credit": ("operating", N_("Receipts of members' shop credit"),
                      N_("Payments relating to members' shop credit")),
    "other_income": ("operating", N_("Receipts of other income"),
                     N_("Refunds of other income")),
    "goods": ("operating", N_("Receipts from suppliers"), N_("Payments to suppliers for goods")),
    "expenses": ("operating", N_("Other operating receipts (cash over, refunds)"),
                 N_("Payments of operating expenses")),
    "assets": ("investing", N_("Receipts from sale of fixed assets"),
               N_("Purchases of fixed assets")),
    "members_capital": ("financing", N_("Receipts of simpanan pokok and wajib"),
                        N_("Refunds of simpanan pokok and wajib")),
    "sukarela": ("financing", N_("Receipts of simpanan sukarela"),
                 N_("Withdrawals of simpanan sukarela")),
    "shu": ("financing", N_("Receipts relating to SHU"), N_("Payments of SHU")),
    "grants": ("financing", N_("Receipts of grants and other equity"),
               N_("Payments of grants and other equity")),
    "liabilities": ("financing", N_("Receipts of loans and other liabilities"),
                    N_("Payments of loans and other liabilities")),
}


def is_cash(code: str) -> bool:
    return code.startswith(CASH_PREFIXES)


def flow_of(acc: ledger.Account) -> str:
    """The cash-flow line an account's movements against cash belong to."""
    code, kind = acc.code, acc.kind
    fixed = {"4-1100": "sales_members", "4-1200": "sales_others", ledger.PIUTANG: "member_credit",
             ledger.PERSEDIAAN: "goods", ledger.UTANG_DAGANG: "goods", ledger.POKOK: "members_capital",
             ledger.WAJIB: "members_capital", ledger.SUKARELA: "sukarela", "2-1300": "shu",
             "3-1500": "shu", "3-1600": "shu", "1-1500": "expenses", "2-1400": "expenses"}
    if code in fixed:
        return fixed[code]
    if kind == "revenue":
        return "other_income"
    if kind == "cost":
        return "goods"
    if kind == "expense":
        return "expenses"
    if kind == "asset":
        return "assets"
    return "grants" if kind == "equity" else "liabilities"


def _flows(conn: Connection, period: Period, accounts) -> dict[str, tuple[int, int]]:
    """flow -> (receipts, payments) over the period's entries that move cash."""
    cash_ids = [a.id for a in accounts if is_cash(a.code)]
    if not cash_ids:
        return {}
    names = list(FLOWS)
    # account id -> flow index, as a CASE so that SQLite sums per entry and flow in one pass
    case = " ".join(f"WHEN {a.id} THEN {names.index(flow_of(a))}" for a in accounts
                    if not is_cash(a.code))
    cash = ",".join(str(i) for i in cash_ids)
    # Entries whose flows all point one way are summed by SQLite; the few that point both ways
    # come back line by line (entry id, flow, net) to share their cash in Python. sum(), not
    # total(): exact integers. A flow's sum spans accounts, yet each entry's part of it is at
    # most the cash it moved, so it stays within the cash accounts' debits (or credits) of a
    # report's period, at most a book year: 12 × 10^15 per cash account, far below 2^63.
    rows = conn.execute(
        f"""WITH per AS MATERIALIZED (
              SELECT e.id AS entry, CASE l.account_id {case} END AS flow,
                     sum(l.credit - l.debit) AS net
                FROM journal_entries e CROSS JOIN journal_lines l ON l.entry_id = e.id
               WHERE e.date BETWEEN :start AND :end AND e.posted = 1
                 AND l.account_id NOT IN ({cash})
                 AND EXISTS (SELECT 1 FROM journal_lines k WHERE k.entry_id = e.id
                             AND k.account_id IN ({cash}))
               GROUP BY e.id, flow),
            mixed AS MATERIALIZED (
              SELECT entry FROM per GROUP BY entry HAVING max(net) > 0 AND min(net) < 0)
            SELECT NULL, flow, sum(max(net, 0)), sum(max(-net, 0)) FROM per
             WHERE entry NOT IN mixed GROUP BY flow
            UNION ALL
            SELECT entry, flow, net, NULL FROM per WHERE entry IN mixed""",
        {"start": period.start.isoformat(), "end": period.end.isoformat()}).fetchall()
    totals: dict[str, list[int]] = {}
    mixed: dict[int, list[tuple[str, int]]] = {}
    for entry, flow, first, second in rows:
        if flow is None:
            continue
        if entry is None:
            both = totals.setdefault(names[flow], [0, 0])
            both[0] += first
            both[1] += second
        else:
            mixed.setdefault(entry, []).append((names[flow], first))
    for lines in mixed.values():
        _share_cash(lines, totals)
    return {flow: (r, p) for flow, (r, p) in totals.items()}


def _share_cash(lines: list[tuple[str, int]], totals: dict[str, list[int]]) -> None:
    """Add one two-way entry's net cash to the flows on its side, in proportion."""
    cash = sum(net for _flow, net in lines)  # the entry balances: its cash is the others' net
    side = [(flow, abs(net)) for flow, net in lines if cash and (net > 0) == (cash > 0)]
    if not side:
        return
    slot = 0 if cash > 0 else 1
    for (flow, _weight), part in zip(side, split(abs(cash), [w for _f, w in side]), strict=True):
        totals.setdefault(flow, [0, 0])[slot] += part


def cash_flows(conn: Connection, period: Period, **_options) -> Statement:
    """Laporan arus kas (direct method) for the period."""
    st = common.begin(conn, "arus-kas", _(TITLE), period,
                      [Column(_("Description")), Column(period.label, "money")])
    accounts = ledger.accounts(conn)
    flows = _flows(conn, period, accounts)
    cash_codes = [a.code for a in accounts if is_cash(a.code)]
    before, after = common.balances(conn, period.previous_end), common.balances(conn, period.end)
    opening, closing = (sum(b.get(c, 0) for c in cash_codes) for b in (before, after))
    net = 0
    for activity, heading, total_label in ACTIVITIES:
        st.rows.append(Row((_(heading), None), "heading"))
        subtotal = 0
        for flow, (act, receipt, payment) in FLOWS.items():
            if act != activity:
                continue
            received, paid = flows.get(flow, (0, 0))
            if received:
                st.rows.append(Row((_(receipt), received), level=1))
            if paid:
                st.rows.append(Row((_(payment), -paid), level=1))
            subtotal += received - paid
        st.rows.append(Row((_(total_label), subtotal), "subtotal"))
        st.figures[activity] = subtotal
        net += subtotal
    st.rows += [total_row(_("Net increase (decrease) in cash and cash equivalents"), net),
                Row((_("Cash and cash equivalents at the beginning of the period"), opening)),
                total_row(_("Cash and cash equivalents at the end of the period"), closing)]
    st.figures.update({"net_change": net, "opening_cash": opening, "closing_cash": closing,
                       "receipts": sum(r for r, _p in flows.values()),
                       "payments": sum(p for _r, p in flows.values())})
    common.note_if_empty(st, not flows)
    return st
