"""``kasir check``: prove the file is sound and the books agree with themselves.

Each check is a small function returning a list of findings (empty when all is well); later
areas (stock, credit, suppliers) add theirs to :data:`CHECKS`. The report lists every check
and what it found; any finding makes the check command fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kasir.books import audit, audit_digest, ledger, savings, shop_checks, suppliers
from kasir.books import credit as credit_mod
from kasir.db.connection import MIN_SQLITE, Connection, sqlite3, sqlite_is_current, sqlite_version
from kasir.i18n import N_, _, rupiah


@dataclass
class CheckResult:
    title: str
    findings: list[str] = field(default_factory=list)


@dataclass
class Report:
    sqlite_version: str
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return not any(r.findings for r in self.results)


def _sqlite(conn: Connection) -> list[str]:
    if sqlite_is_current():
        return []
    return [_("SQLite {found} is older than {needed}; install kasir with its pysqlite3 "
              "dependency.").format(found=sqlite_version(), needed=".".join(map(str, MIN_SQLITE)))]


def _integrity(conn: Connection) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows[:20]


def _foreign_keys(conn: Connection) -> list[str]:
    return [_("Row {rowid} of {table} points at a missing {parent} row.").format(
        rowid=r[1], table=r[0], parent=r[2]) for r in conn.execute("PRAGMA foreign_key_check")][:20]


def _entries_balanced(conn: Connection) -> list[str]:
    found = []
    drafts = conn.execute("SELECT count(*) FROM journal_entries WHERE posted = 0").fetchone()[0]
    if drafts:
        found.append(_("{n} journal entries were never posted.").format(n=drafts))
    for entry_id, debit, credit, n in conn.execute(
            "SELECT e.id, coalesce(sum(l.debit), 0), coalesce(sum(l.credit), 0), count(l.id)"
            " FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id GROUP BY e.id"
            " HAVING coalesce(sum(l.debit), 0) <> coalesce(sum(l.credit), 0) OR count(l.id) < 2"
            " LIMIT 20"):
        found.append(_("Entry {id} does not balance: debits {debit}, credits {credit}, {n} lines.")
                     .format(id=entry_id, debit=rupiah(debit), credit=rupiah(credit), n=n))
    # sum(), not the float total(): exact to the rupiah; within the ceilings it cannot overflow
    # (docs/decisions.md), and in a file edited past them `run` reports the overflow
    debit, credit = conn.execute("SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0)"
                                 " FROM journal_lines").fetchone()
    if debit != credit:
        found.append(_("The ledger as a whole does not balance: debits {debit}, credits {credit}.")
                     .format(debit=rupiah(int(debit)), credit=rupiah(int(credit))))
    return found


def _month_totals(conn: Connection) -> list[str]:
    rows = conn.execute("""
        SELECT account_id, month FROM (
            SELECT l.account_id, substr(e.date, 1, 7) AS month, sum(l.debit) AS d, sum(l.credit) AS c
              FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.posted = 1
             GROUP BY 1, 2
            EXCEPT SELECT account_id, month, debit, credit FROM account_month
        ) UNION SELECT account_id, month FROM (
            SELECT account_id, month, debit, credit FROM account_month WHERE debit + credit > 0
            EXCEPT
            SELECT l.account_id, substr(e.date, 1, 7), sum(l.debit), sum(l.credit)
              FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.posted = 1
             GROUP BY 1, 2
        ) LIMIT 20""").fetchall()
    return [_("Monthly totals of account {account} for {month} differ from its lines.")
            .format(account=a, month=m) for a, m in rows]


def _documents_have_entries(conn: Connection) -> list[str]:
    found = [_("Savings transaction {id} has no posted journal entry.").format(id=r[0])
             for r in conn.execute(
                 "SELECT s.id FROM savings_tx s LEFT JOIN journal_entries e ON e.id = s.entry_id"
                 " WHERE e.id IS NULL OR e.posted = 0 LIMIT 20")]
    found += [_("Journal entry {id} says it records savings transaction {doc}, which does not "
                "point back at it.").format(id=r[0], doc=r[1])
              for r in conn.execute(
                  "SELECT e.id, e.origin_id FROM journal_entries e WHERE e.origin_type = 'savings'"
                  " AND NOT EXISTS (SELECT 1 FROM savings_tx s WHERE s.id = e.origin_id"
                  " AND s.entry_id = e.id) LIMIT 20")]
    found += [_("Journal entry {id} has no audit record.").format(id=r[0])
              for r in conn.execute(
                  "SELECT e.id FROM journal_entries e WHERE NOT EXISTS"
                  " (SELECT 1 FROM audit_log a WHERE a.entry_id = e.id) LIMIT 20")]
    return found


def _savings_control(conn: Connection) -> list[str]:
    found = []
    sub = savings.totals_by_kind(conn)
    for kind, code in savings.ACCOUNTS.items():
        acc = ledger.account(conn, code)
        control = ledger.normal(acc.kind, ledger.balance(conn, code, "9999-12-31"))
        if control != sub[kind]:
            found.append(_("Savings {kind}: members' balances total {sub}, account {code} shows "
                           "{control}.").format(kind=kind, sub=rupiah(sub[kind]), code=code,
                                                control=rupiah(control)))
    return found


def _member_credit_control(conn: Connection) -> list[str]:
    """Members' shop credit together equals Piutang anggota, and every line names a member."""
    found = []
    acc = ledger.account(conn, ledger.PIUTANG)
    control = ledger.balance(conn, ledger.PIUTANG, "9999-12-31")
    sub = credit_mod.totals(conn)
    if control != sub:
        found.append(_("Members' shop credit totals {sub}, account {code} shows {control}.")
                     .format(sub=rupiah(sub), code=ledger.PIUTANG, control=rupiah(control)))
    found += [_("Journal entry {id} posts to {code} without naming the member.")
              .format(id=r[0], code=ledger.PIUTANG)
              for r in conn.execute(
                  "SELECT DISTINCT l.entry_id FROM journal_lines l WHERE l.account_id = ?"
                  " AND l.member_id IS NULL LIMIT 20", (acc.id,))]
    return found


def _supplier_control(conn: Connection) -> list[str]:
    """What the co-op owes its suppliers together equals Utang dagang."""
    acc = ledger.account(conn, ledger.UTANG_DAGANG)
    control = ledger.normal(acc.kind, ledger.balance(conn, acc.code, "9999-12-31"))
    sub = sum(owed for _supplier, owed in suppliers.balances(conn))
    if control == sub:
        return []
    return [_("Amounts owed to suppliers total {sub}, account {code} shows {control}.")
            .format(sub=rupiah(sub), code=acc.code, control=rupiah(control))]


# (document table, origin_type of its entry) of purchases and payments
PAYMENT_DOCUMENTS = (("purchases", "purchase"), ("supplier_payments", "supplier_payment"),
                     ("credit_payments", "credit_payment"))


def _purchases_and_payments_posted(conn: Connection) -> list[str]:
    """Each purchase and payment has a posted entry pointing back at it, and the other way."""
    found = []
    for table, origin in PAYMENT_DOCUMENTS:
        found += [_("{table} {id} has no posted entry pointing back at it.").format(table=table, id=r[0])
                  for r in conn.execute(
                      f"SELECT d.id FROM {table} d LEFT JOIN journal_entries e ON e.id = d.entry_id"
                      " WHERE e.id IS NULL OR e.posted = 0 OR e.origin_type <> ?"
                      " OR e.origin_id IS NOT d.id LIMIT 10", (origin,))]
        found += [_("Journal entry {id} says it records {table} {doc}, which does not point back "
                    "at it.").format(id=r[0], table=table, doc=r[1])
                  for r in conn.execute(
                      f"SELECT e.id, e.origin_id FROM journal_entries e WHERE e.origin_type = ?"
                      f" AND NOT EXISTS (SELECT 1 FROM {table} d WHERE d.id = e.origin_id"
                      " AND d.entry_id = e.id) LIMIT 10", (origin,))]
    return found


def _audit(conn: Connection) -> list[str]:
    return audit.verify_chain(conn)


CHECKS: list[tuple[str, Callable[[Connection], list[str]]]] = [
    (N_("SQLite version"), _sqlite),
    (N_("File integrity"), _integrity),
    (N_("References between records"), _foreign_keys),
    (N_("Every entry balances, and the ledger as a whole"), _entries_balanced),
    (N_("Monthly account totals match the entries"), _month_totals),
    (N_("Every business document has its entry"), _documents_have_entries),
    (N_("Savings equal their control accounts"), _savings_control),
    (N_("Members' shop credit equals Piutang anggota"), _member_credit_control),
    (N_("Amounts owed to suppliers equal Utang dagang"), _supplier_control),
    (N_("Every purchase and payment has its entry"), _purchases_and_payments_posted),
    (N_("Stock on hand equals Persediaan at every month end"), shop_checks.stock_matches_persediaan),
    (N_("Every sale, return, void, count and write-off has its entry"),
     shop_checks.shop_documents_posted),
    (N_("Audit trail unbroken"), _audit),
    (N_("Every record is as the audit trail sealed it"), audit_digest.verify_content),
]
HEADS_TITLE = N_("The audit trail matches its heads kept outside the file")


def _findings(fn, conn: Connection) -> list[str]:
    """A check's findings; a check the file itself stops (an amount edited past what SQLite
    can add up, a page that cannot be read) fails with the reason instead of ending the run."""
    try:
        return fn(conn)
    except sqlite3.DatabaseError as exc:
        return [_("This check could not finish on this file: {reason}.").format(reason=exc)]


def run(conn: Connection, heads: Iterable[tuple[int, str]] = ()) -> Report:
    """Run every check; ``heads`` are (seq, hash) copied from paper (``--head``), compared
    with the chain together with the heads kept beside the backups."""
    results = [CheckResult(title, _findings(fn, conn)) for title, fn in CHECKS]
    results.append(CheckResult(HEADS_TITLE, audit_digest.verify_heads(conn, heads)))
    return Report(sqlite_version(), results)
