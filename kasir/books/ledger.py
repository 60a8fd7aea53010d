"""The general ledger: chart of accounts, journal entries, reversals, closed months, balances.

An entry is written as a draft, its lines added, then posted; the database itself refuses to
post an unbalanced, one-sided or closed-period entry and never lets a posted line change.
The checks here run first so the user gets a clear message instead of a constraint error.
Accounts a sub-ledger owns (``managed``: savings, stock, credit, suppliers) only move through
that sub-ledger's events, so the sub-ledger and its control account always agree.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from kasir.books import audit
from kasir.books.context import Context
from kasir.dates import add_months, month_of, month_start, parse_date, parse_month
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotAllowed, NotFound, Unbalanced
from kasir.i18n import N_, _, rupiah
from kasir.money import MAX_MONTH_TOTAL, within_ceiling
from kasir.paths import resources_dir

KINDS = ("asset", "liability", "equity", "revenue", "cost", "expense")
DEBIT_NORMAL = frozenset({"asset", "cost", "expense"})

# Well-known accounts other modules post to.
KAS, BANK, PIUTANG, PERSEDIAAN = "1-1100", "1-1200", "1-1300", "1-1400"
UTANG_DAGANG, SUKARELA, POKOK, WAJIB = "2-1100", "2-1200", "3-1100", "3-1200"
# Where money is paid from or into, by the word the events take ("via").
VIA = {"cash": KAS, "bank": BANK}
# The sub-ledger that keeps a managed account, as the user reads it (translated where shown).
MANAGED_LABELS = {
    "savings": N_("Savings"), "stock": N_("Stock"), "credit": N_("Member credit"),
    "suppliers": N_("Suppliers"),
}


@dataclass(frozen=True)
class Account:
    id: int
    code: str
    name: str
    kind: str
    managed: str
    active: bool


@dataclass(frozen=True)
class Line:
    """One side of a journal entry: ``debit`` or ``credit`` (the other is 0)."""

    account: str
    debit: int = 0
    credit: int = 0
    member_id: int | None = None
    memo: str = ""


@dataclass(frozen=True)
class Entry:
    id: int
    date: dt.date
    memo: str
    origin_type: str
    origin_id: int | None
    reverses_id: int | None
    reversed_by: int | None
    created_by: str
    lines: tuple[Line, ...]


# ---- chart of accounts -------------------------------------------------------------------

def seed_accounts(conn: Connection) -> None:
    """Load the starting chart (resources/seed/accounts.csv) into a new file."""
    with (resources_dir() / "seed" / "accounts.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["code"], r["name"], r["kind"], r["managed"]) for r in csv.DictReader(fh)]
    conn.executemany("INSERT OR IGNORE INTO accounts (code, name, kind, managed) VALUES (?,?,?,?)", rows)


def accounts(conn: Connection, include_inactive: bool = True) -> list[Account]:
    sql = "SELECT id, code, name, kind, managed, active FROM accounts"
    sql += "" if include_inactive else " WHERE active = 1"
    return [Account(*r[:5], bool(r[5])) for r in conn.execute(sql + " ORDER BY code")]


def account(conn: Connection, code: str) -> Account:
    row = conn.execute("SELECT id, code, name, kind, managed, active FROM accounts WHERE code = ?",
                       (str(code).strip(),)).fetchone()
    if row is None:
        raise NotFound(N_("There is no account {code} in the chart of accounts."), code=code)
    return Account(*row[:5], bool(row[5]))


def add_account(ctx: Context, code: str, name: str, kind: str) -> Account:
    code, name = code.strip(), name.strip()
    if kind not in KINDS:
        raise InvalidInput(N_("Unknown account kind {kind}. Choose one of: {kinds}."), kind=kind,
                           kinds=", ".join(KINDS))
    if len(code) != 6 or code[1] != "-" or not (code[0] + code[2:]).isdigit():
        raise InvalidInput(N_("An account code looks like 6-1800 (digit, dash, four digits)."))
    if not name:
        raise InvalidInput(N_("The account needs a name."))
    with ctx.write("ledger.accounts") as conn:
        if conn.execute("SELECT 1 FROM accounts WHERE code = ?", (code,)).fetchone():
            raise InvalidInput(N_("The account code {code} is already used."), code=code)
        conn.execute("INSERT INTO accounts (code, name, kind) VALUES (?,?,?)", (code, name, kind))
        audit.log(ctx, "account.add", f"account:{code}", detail={"name": name, "kind": kind})
    return account(ctx.conn, code)


def set_account_active(ctx: Context, code: str, active: bool) -> None:
    with ctx.write("ledger.accounts") as conn:
        acc = account(conn, code)
        if acc.managed and not active:
            raise NotAllowed(N_("Account {code} is used by kasir itself and stays active."),
                             code=code)
        conn.execute("UPDATE accounts SET active = ? WHERE id = ?", (int(active), acc.id))
        ctx.cache.pop("accounts", None)
        audit.log(ctx, "account.active", f"account:{code}", detail={"active": active})


# ---- posting -----------------------------------------------------------------------------

# The first day kasir keeps books for: an earlier date is a typo (1900 for 2000), and it
# bounds how many months a balance can add up (docs/decisions.md, "Ceilings on amounts").
FIRST_DAY = dt.date(2000, 1, 1)


def last_closed_month(conn: Connection) -> str | None:
    """The latest closed month (``YYYY-MM``), or None when no month is closed."""
    return conn.execute("SELECT max(month) FROM closed_periods").fetchone()[0]


def is_closed(conn: Connection, day: dt.date) -> bool:
    """Whether ``day`` falls in or before the last closed month: such a posting would change
    the balances a closed month was closed with, so it is refused."""
    last = last_closed_month(conn)
    return last is not None and month_of(day) <= last


def _cached_account(ctx: Context, code: str) -> Account:
    """Account lookups for postings, cached for the session; an account deactivated by
    another window meanwhile is still refused by the database's trigger."""
    accounts_by_code = ctx.cache.setdefault("accounts", {})
    acc = accounts_by_code.get(code)
    if acc is None:
        acc = accounts_by_code[code] = account(ctx.conn, code)
    return acc


def _validate_lines(ctx: Context, lines: list[Line], allow_managed: bool) -> list[tuple]:
    if len(lines) < 2:
        raise Unbalanced(N_("A journal entry needs at least two lines (a debit and a credit)."))
    resolved, debit, credit = [], 0, 0
    for line in lines:
        for value in (line.debit, line.credit):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(N_("Line amounts must be whole rupiah, not negative "
                                      "(got {value})."), value=value)
            within_ceiling(value)
        if (line.debit > 0) == (line.credit > 0):
            raise InvalidInput(N_("Each line has either a debit or a credit above zero "
                                  "(account {code})."), code=line.account)
        acc = _cached_account(ctx, line.account)
        if not acc.active:
            raise NotAllowed(N_("Account {code} {name} is inactive."), code=acc.code, name=acc.name)
        if acc.managed and not allow_managed:
            raise NotAllowed(N_("Account {code} {name} is kept by kasir's {area} records; record "
                                "it there instead of in a manual entry."),
                             code=acc.code, name=acc.name,
                             area=_(MANAGED_LABELS.get(acc.managed, acc.managed)))
        debit += line.debit
        credit += line.credit
        resolved.append((acc.id, line.debit, line.credit, line.member_id, line.memo))
    if debit != credit:
        raise Unbalanced(N_("The entry does not balance: debits {debit}, credits {credit}, "
                            "difference {diff}."), debit=rupiah(debit), credit=rupiah(credit),
                         diff=rupiah(abs(debit - credit)))
    if not any(r[1] for r in resolved) or not any(r[2] for r in resolved):
        raise Unbalanced(N_("A journal entry needs at least one debit and one credit."))
    return resolved


def check_open(conn: Connection, day: dt.date, today: dt.date) -> None:
    """Refuse a posting date in the future, before :data:`FIRST_DAY`, or in or before the last
    closed month (the database refuses the same, ``journal_entries_guard``)."""
    if day > today:
        raise InvalidInput(N_("The date {date} is in the future."), date=day.isoformat())
    if day < FIRST_DAY:
        raise InvalidInput(N_("The date {date} is before {first}; kasir keeps books from then "
                              "on. Check the year."), date=day.isoformat(),
                           first=FIRST_DAY.isoformat())
    last = last_closed_month(conn)
    if last is not None and month_of(day) <= last:
        raise NotAllowed(N_("The books are closed up to and including {month}, so nothing can be "
                            "posted on {date}. Use a date after {month}."),
                         month=last, date=day.isoformat())


def write_entry(ctx: Context, *, date: dt.date | str, memo: str, origin_type: str,
                origin_id: int | None, lines: list[Line], reverses_id: int | None = None,
                allow_managed: bool = True, post: bool = True) -> int:
    """Write a balanced entry inside the caller's transaction; for ``books`` events only.

    Permission and audit are the calling event's job. With ``post=False`` the entry stays a
    draft so the event can write its document first and then call :func:`post_draft` with
    the document's id; the transaction must not end with a draft in it.
    """
    day = parse_date(date)
    conn = ctx.conn
    check_open(conn, day, ctx.today())
    resolved = _validate_lines(ctx, lines, allow_managed)
    check_month_totals(ctx, month_of(day), resolved)
    entry_id = conn.execute(
        "INSERT INTO journal_entries (date, memo, origin_type, origin_id, reverses_id,"
        " created_by, created_at) VALUES (?,?,?,?,?,?,?)",
        (day.isoformat(), memo.strip(), origin_type, origin_id, reverses_id, ctx.user.id,
         ctx.now())).lastrowid
    conn.executemany("INSERT INTO journal_lines (entry_id, account_id, debit, credit, member_id,"
                     " memo) VALUES (?,?,?,?,?,?)", [(entry_id, *r) for r in resolved])
    if post:
        post_draft(conn, entry_id, origin_id)
    return entry_id


def check_month_totals(ctx: Context, month: str, resolved: list[tuple]) -> None:
    """Refuse an entry that would take an account's debits or credits for the month above
    :data:`~kasir.money.MAX_MONTH_TOTAL` (the database refuses it too, on ``account_month``).
    ``resolved`` holds (account id, debit, credit, member, memo); the year close, which writes
    its entry itself, checks with it too."""
    adding: dict[int, list[int]] = {}
    for account_id, debit, credit, _member, _memo in resolved:
        side = adding.setdefault(account_id, [0, 0])
        side[0] += debit
        side[1] += credit
    marks = ",".join("?" * len(adding))
    held = {a: (d, c) for a, d, c in ctx.conn.execute(
        f"SELECT account_id, debit, credit FROM account_month WHERE month = ?"
        f" AND account_id IN ({marks})", (month, *adding))}
    for account_id, (debit, credit) in adding.items():
        before = held.get(account_id, (0, 0))
        if max(before[0] + debit, before[1] + credit) > MAX_MONTH_TOTAL:
            code = ctx.conn.execute("SELECT code FROM accounts WHERE id = ?",
                                    (account_id,)).fetchone()[0]
            raise NotAllowed(N_("Account {code} would move more than {most} in {month}, the most "
                                "kasir keeps for one account in one month. Check the amounts."),
                             code=code, most=rupiah(MAX_MONTH_TOTAL), month=month)


def post_draft(conn: Connection, entry_id: int, origin_id: int | None) -> None:
    """Post a draft written by :func:`write_entry`, naming the document that caused it."""
    conn.execute("UPDATE journal_entries SET origin_id = ?, posted = 1 WHERE id = ?",
                 (origin_id, entry_id))


def post(ctx: Context, date: dt.date | str, memo: str, lines: list[Line]) -> int:
    """A manual journal entry (the treasurer's own). Returns the entry id."""
    if not memo.strip():
        raise InvalidInput(N_("Write a description (memo) for the entry."))
    with ctx.write("ledger.post"):
        entry_id = write_entry(ctx, date=date, memo=memo, origin_type="manual", origin_id=None,
                               lines=lines, allow_managed=False)
        audit.log(ctx, "ledger.post", f"entry:{entry_id}", entry_id=entry_id)
    return entry_id


def reverse_entry(ctx: Context, entry_id: int, *, date: dt.date | str | None, memo: str,
                  origin_type: str, origin_id: int | None, post: bool = True,
                  adjust: Callable[[list[Line]], list[Line]] | None = None) -> int:
    """Post the negated copy of an entry, pointing at it; inside the caller's transaction.

    ``adjust`` lets the calling event re-route a side of the reversal (a voided credit sale
    refunds in cash what the member already paid) while it stays the reversal of the entry.
    """
    original = entry(ctx.conn, entry_id)
    if original.reverses_id is not None:
        raise NotAllowed(N_("Entry {id} is itself a reversal; post a new entry instead."),
                         id=entry_id)
    if original.reversed_by is not None:
        raise NotAllowed(N_("Entry {id} was already reversed by entry {by}."), id=entry_id,
                         by=original.reversed_by)
    if date is None:  # same day when that month is still open, otherwise today
        date = original.date if not is_closed(ctx.conn, original.date) else ctx.today()
    lines = [Line(ln.account, debit=ln.credit, credit=ln.debit, member_id=ln.member_id,
                  memo=ln.memo) for ln in original.lines]
    if adjust is not None:
        lines = adjust(lines)
    text = memo.strip() or original.memo
    return write_entry(ctx, date=date, memo=text, origin_type=origin_type, origin_id=origin_id,
                       lines=lines, reverses_id=entry_id, post=post)


def reverse(ctx: Context, entry_id: int, *, date: dt.date | str | None = None,
            memo: str = "") -> int:
    """Reverse a manual entry. Entries of business documents are reversed by their module."""
    with ctx.write("ledger.reverse"):
        original = entry(ctx.conn, entry_id)
        if original.origin_type not in ("manual",):
            raise NotAllowed(N_("Entry {id} belongs to a {origin} record; correct that record "
                                "instead (its reversal posts the entry)."), id=entry_id,
                             origin=original.origin_type)
        new_id = reverse_entry(ctx, entry_id, date=date,
                               memo=memo or f"Pembalikan #{entry_id}: {original.memo}",
                               origin_type="manual", origin_id=None)
        audit.log(ctx, "ledger.reverse", f"entry:{entry_id}", entry_id=new_id,
                  detail={"reverses": entry_id})
    return new_id


# ---- periods -----------------------------------------------------------------------------

def closed_months(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT month FROM closed_periods ORDER BY month")]


def _require_ended(month: str, today: dt.date) -> None:
    if month_start(add_months(month, 1)) > today:
        raise NotAllowed(N_("{month} has not ended yet; it can be closed from the first day of "
                            "the next month."),
                         month=month)


def months_to_close(conn: Connection, month: str, today: dt.date) -> list[str]:
    """The months :func:`close_month` would close for ``month`` (it and every earlier open month
    since the first entry), or the refusal it would give; changes nothing. For a preview."""
    month = parse_month(month)
    _require_ended(month, today)
    first = conn.execute("SELECT min(date) FROM journal_entries").fetchone()[0]
    start = first[:7] if first and first[:7] < month else month
    done = set(closed_months(conn))
    to_close, m = [], start
    while m <= month:
        if m not in done:
            to_close.append(m)
        m = add_months(m, 1)
    if not to_close:
        raise NotAllowed(N_("{month} is already closed."), month=month)
    return to_close


def close_month(ctx: Context, month: str) -> list[str]:
    """Close ``month`` and every earlier open month since the first entry; returns those closed.

    Only months that have ended can be closed. A closed month takes no postings, ever:
    corrections go into an open month.
    """
    month = parse_month(month)
    _require_ended(month, ctx.today())
    with ctx.write("period.close") as conn:
        to_close = months_to_close(conn, month, ctx.today())
        now = ctx.now()
        conn.executemany("INSERT INTO closed_periods (month, closed_at, closed_by) VALUES (?,?,?)",
                         [(m, now, ctx.user.id) for m in to_close])
        audit.log(ctx, "period.close", f"period:{month}", detail={"months": to_close})
    return to_close


# ---- queries -----------------------------------------------------------------------------

def entry(conn: Connection, entry_id: int) -> Entry:
    row = conn.execute(
        "SELECT e.id, e.date, e.memo, e.origin_type, e.origin_id, e.reverses_id,"
        " (SELECT id FROM journal_entries r WHERE r.reverses_id = e.id), u.username"
        " FROM journal_entries e JOIN users u ON u.id = e.created_by WHERE e.id = ?",
        (entry_id,)).fetchone()
    if row is None:
        raise NotFound(N_("There is no journal entry {id}."), id=entry_id)
    lines = tuple(Line(code, d, c, m, memo) for code, d, c, m, memo in conn.execute(
        "SELECT a.code, l.debit, l.credit, l.member_id, l.memo FROM journal_lines l"
        " JOIN accounts a ON a.id = l.account_id WHERE l.entry_id = ? ORDER BY l.id", (entry_id,)))
    return Entry(row[0], dt.date.fromisoformat(row[1]), *row[2:], lines)


def last_entry_date(conn: Connection) -> dt.date | None:
    """The date of the latest posting, or None in an empty file."""
    last = conn.execute("SELECT max(date) FROM journal_entries WHERE posted = 1").fetchone()[0]
    return dt.date.fromisoformat(last) if last else None


def _totals_as_of(conn: Connection, as_of: dt.date, account_id: int | None = None):
    """(account_id, debit, credit) of all postings up to and including ``as_of``.

    Whole months come from ``account_month``; only the last, partial month reads lines.
    """
    month = month_of(as_of)
    only = "" if account_id is None else " AND account_id = :acc"
    # "+" keeps SQLite from walking the account's every line ever posted (journal_lines_account)
    # when the month's few entries are found faster through journal_entries_date
    only_l = "" if account_id is None else " AND +l.account_id = :acc"
    sql = f"""
        SELECT account_id, sum(debit), sum(credit) FROM (
            SELECT account_id, debit, credit FROM account_month WHERE month < :month{only}
            UNION ALL
            SELECT l.account_id, l.debit, l.credit
              FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
             WHERE e.posted = 1 AND e.date >= :start AND e.date <= :end{only_l}
        ) GROUP BY account_id"""
    return conn.execute(sql, {"month": month, "start": f"{month}-01", "end": as_of.isoformat(),
                              "acc": account_id}).fetchall()


def balance(conn: Connection, code: str, as_of: dt.date | str) -> int:
    """Debit-positive balance of one account at the end of ``as_of``."""
    acc = account(conn, code)
    rows = _totals_as_of(conn, parse_date(as_of), acc.id)
    return rows[0][1] - rows[0][2] if rows else 0


def normal(kind: str, debit_positive: int) -> int:
    """The balance as the account's own side counts it (credit-normal accounts flip sign)."""
    return debit_positive if kind in DEBIT_NORMAL else -debit_positive


@dataclass(frozen=True)
class TrialRow:
    code: str
    name: str
    kind: str
    debit: int
    credit: int


def trial_balance(conn: Connection, as_of: dt.date | str) -> list[TrialRow]:
    """Each account with a non-zero balance, its net on the debit or the credit side."""
    totals = {acc_id: d - c for acc_id, d, c in _totals_as_of(conn, parse_date(as_of))}
    rows = []
    for acc in accounts(conn):
        net = totals.get(acc.id, 0)
        if net:
            rows.append(TrialRow(acc.code, acc.name, acc.kind, max(net, 0), max(-net, 0)))
    return rows
