"""Members' credit at the shop (Piutang anggota, 1-1300): the limit, payments and aging.

A credit sale (posted by :mod:`kasir.books.sales`) debits 1-1300 with the member on the
line; payments, returns and voids of credit sales, and the exit settlement credit it with the
member. So a member's open credit is simply their 1-1300 lines, and the members' credit
together equals the account (``kasir check`` proves it, and that no 1-1300 line lacks a
member).

The credit limit is one setting for all members (``credit_limit``, Rp500.000 unless the
co-op changes it): a credit sale that would take a member's open credit above it is refused.

Aging is first in, first out: whatever a member paid or got back settles their oldest credit
sales first, so what remains open is the most recent credit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from kasir.books import audit, ledger, members
from kasir.books import profile as profile_mod
from kasir.books.context import Context
from kasir.books.ledger import Line
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidAmount, InvalidInput, NotAllowed
from kasir.i18n import N_, rupiah
from kasir.money import require_positive

LIMIT_SETTING = "credit_limit"
DEFAULT_LIMIT = 500_000
VIA = ledger.VIA
# upper bounds (days) of the aging buckets; the last bucket has none
BUCKETS = (30, 60, 90)


def open_credit(conn: Connection, member_id: int, as_of: dt.date | str | None = None) -> int:
    """What the member owes the shop at the end of ``as_of`` (or now)."""
    if as_of is None:
        return members.owed(conn, member_id)
    acc = ledger.account(conn, ledger.PIUTANG)
    row = conn.execute(
        "SELECT coalesce(sum(l.debit), 0) - coalesce(sum(l.credit), 0) FROM journal_lines l"
        " JOIN journal_entries e ON e.id = l.entry_id"
        " WHERE l.member_id = ? AND l.account_id = ? AND e.posted = 1 AND e.date <= ?",
        (member_id, acc.id, parse_date(as_of).isoformat())).fetchone()
    return int(row[0])


def totals(conn: Connection) -> int:
    """All members' open credit together: the sub-ledger side of the 1-1300 control check."""
    acc = ledger.account(conn, ledger.PIUTANG)
    row = conn.execute(
        "SELECT coalesce(sum(l.debit), 0) - coalesce(sum(l.credit), 0) FROM journal_lines l"
        " JOIN journal_entries e ON e.id = l.entry_id"
        " WHERE l.account_id = ? AND l.member_id IS NOT NULL AND e.posted = 1", (acc.id,)).fetchone()
    return int(row[0])


# ---- the limit ----------------------------------------------------------------------------

def limit(conn: Connection) -> int:
    """The most a member may owe the shop."""
    return int(profile_mod.get_setting(conn, LIMIT_SETTING, str(DEFAULT_LIMIT)))


def set_limit(ctx: Context, amount: int) -> None:
    """Set the credit limit for all members; 0 means no credit sales at all."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise InvalidAmount(N_("The credit limit is whole rupiah, not negative (got {value})."),
                            value=amount)
    profile_mod.set_setting(ctx, LIMIT_SETTING, str(amount))


def check_limit(conn: Connection, member_id: int, extra: int) -> None:
    """Refuse ``extra`` more credit if it takes the member's open credit above the limit."""
    owed, most = open_credit(conn, member_id), limit(conn)
    if owed + extra > most:
        member = members.get(conn, member_id)
        raise NotAllowed(N_("{name} already owes {owed} at the shop and the credit limit is "
                            "{limit}: at most {available} more can be bought on credit, not "
                            "{amount}."), name=member.name, owed=rupiah(owed), limit=rupiah(most),
                         available=rupiah(max(most - owed, 0)), amount=rupiah(extra))


# ---- payments -----------------------------------------------------------------------------

def pay(ctx: Context, member_id: int, amount: int, *, date: dt.date | str | None = None,
        via: str = "cash") -> int:
    """A member pays off shop credit; returns the credit payment id."""
    amount = require_positive(amount)
    if via not in VIA:
        raise InvalidInput(N_("Pay by cash or bank (got {via})."), via=via)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("credit.payment") as conn:
        member = members.get(conn, member_id)
        # open on the payment's date and now: a payment cannot settle credit not yet taken
        owed = min(open_credit(conn, member_id, day), open_credit(conn, member_id))
        if amount > owed:
            raise NotAllowed(N_("{name} owes {owed} at the shop; a payment of {amount} is more "
                                "than that."), name=member.name, owed=rupiah(max(owed, 0)),
                             amount=rupiah(amount))
        entry_id = ledger.write_entry(ctx, date=day, memo=f"Pelunasan kredit toko {member.number}",
                                      origin_type="credit_payment", origin_id=None, post=False,
                                      lines=[Line(VIA[via], debit=amount),
                                             Line(ledger.PIUTANG, credit=amount, member_id=member_id)])
        payment_id = conn.execute(
            "INSERT INTO credit_payments (member_id, date, amount, via, entry_id, created_by,"
            " created_at) VALUES (?,?,?,?,?,?,?)",
            (member_id, day.isoformat(), amount, via, entry_id, ctx.user.id, ctx.now())).lastrowid
        ledger.post_draft(conn, entry_id, payment_id)
        audit.log(ctx, "credit.payment", f"credit_payment:{payment_id}", entry_id=entry_id,
                  detail={"member": member_id, "amount": amount, "via": via})
    return payment_id


# ---- aging --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Aging:
    member_id: int
    number: str
    name: str
    owed: int
    days_0_30: int
    days_31_60: int
    days_61_90: int
    over_90: int


def aging(conn: Connection, as_of: dt.date | str) -> list[Aging]:
    """Each member with open credit at the end of ``as_of``, split by the age of the credit
    sales still unpaid (FIFO: credits settle the oldest debits first), by member number."""
    day = parse_date(as_of)
    acc = ledger.account(conn, ledger.PIUTANG)
    rows = conn.execute(
        "SELECT l.member_id, m.number, m.name, e.date, l.debit, l.credit FROM journal_lines l"
        " JOIN journal_entries e ON e.id = l.entry_id JOIN members m ON m.id = l.member_id"
        " WHERE l.account_id = ? AND e.posted = 1 AND e.date <= ?"
        " ORDER BY m.number, e.date, e.id, l.id", (acc.id, day.isoformat()))
    out = []
    for (member_id, number, name), lines in itertools.groupby(rows, key=lambda r: r[:3]):
        buckets = _age(day, [(r[3], r[4], r[5]) for r in lines])
        if sum(buckets) > 0:
            out.append(Aging(member_id, number, name, sum(buckets), *buckets))
    return out


def _age(day: dt.date, lines: list[tuple[str, int, int]]) -> list[int]:
    """Bucket a member's unpaid debits by age after the credits paid off the oldest ones."""
    paid = sum(credit for _d, _debit, credit in lines)
    buckets = [0] * (len(BUCKETS) + 1)
    for date, debit, _credit in lines:
        if not debit:
            continue
        settled = min(debit, paid)
        paid -= settled
        left = debit - settled
        if left:
            age = (day - dt.date.fromisoformat(date)).days
            buckets[sum(age > bound for bound in BUCKETS)] += left
    return buckets
