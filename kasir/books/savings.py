"""Members' savings: simpanan pokok, wajib and sukarela, with their ledger postings.

Every movement is one event that writes the savings row and its balanced entry (Kas or Bank
against 3-1100 pokok, 3-1200 wajib or 2-1200 sukarela). Pokok is paid once, in the amount the
AD/ART sets; pokok and wajib stay until the member leaves; sukarela can be taken out at any
time, never beyond its balance. Leaving settles everything in one entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kasir.books import audit, ledger, members
from kasir.books import profile as profile_mod
from kasir.books.context import Context
from kasir.books.ledger import Line
from kasir.dates import month_of, months_between, parse_date
from kasir.db.connection import Connection
from kasir.errors import InsufficientBalance, InvalidInput, NotAllowed, NotFound
from kasir.i18n import N_, rupiah
from kasir.money import require_positive

KINDS = ("pokok", "wajib", "sukarela")
KIND_LABELS = {"pokok": N_("Simpanan pokok"), "wajib": N_("Simpanan wajib"),
               "sukarela": N_("Simpanan sukarela")}
ACCOUNTS = {"pokok": ledger.POKOK, "wajib": ledger.WAJIB, "sukarela": ledger.SUKARELA}
VIA = ledger.VIA


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(N_("Unknown savings kind {kind}; use pokok, wajib or sukarela."),
                           kind=kind)


def _cash_account(via: str) -> str:
    if via not in VIA:
        raise InvalidInput(N_("Pay by cash or bank (got {via})."), via=via)
    return VIA[via]


def balance(conn: Connection, member_id: int, kind: str, as_of: dt.date | str | None = None) -> int:
    sql = "SELECT coalesce(sum(amount), 0) FROM savings_tx WHERE member_id = ? AND kind = ?"
    params: tuple = (member_id, kind)
    if as_of is not None:
        sql += " AND date <= ?"
        params += (parse_date(as_of).isoformat(),)
    return int(conn.execute(sql, params).fetchone()[0])


def balances(conn: Connection, member_id: int, as_of: dt.date | str | None = None) -> dict[str, int]:
    """The member's balance of each kind (at the end of ``as_of``, or now)."""
    sql = "SELECT kind, sum(amount) FROM savings_tx WHERE member_id = ?"
    params: tuple = (member_id,)
    if as_of is not None:
        sql += " AND date <= ?"
        params += (parse_date(as_of).isoformat(),)
    found = dict(conn.execute(sql + " GROUP BY kind", params).fetchall())
    return {k: int(found.get(k, 0)) for k in KINDS}


def record(ctx: Context, member_id: int, kind: str, amount: int, *, date: dt.date, via: str,
           memo: str, action: str, tx_type: str | None = None, reverses_id: int | None = None) -> int:
    """Write one savings row and its entry, inside the caller's transaction (books only).

    ``amount`` > 0 goes into savings (Dr cash, Cr savings), < 0 comes out (the other way).
    """
    cash = _cash_account(via)
    acc = ACCOUNTS[kind]
    value = abs(amount)
    lines = ([Line(cash, debit=value), Line(acc, credit=value, member_id=member_id)] if amount > 0
             else [Line(acc, debit=value, member_id=member_id), Line(cash, credit=value)])
    tx_type = tx_type or ("deposit" if amount > 0 else "withdrawal")
    entry_id = ledger.write_entry(ctx, date=date, memo=memo, origin_type="savings", origin_id=None,
                                  lines=lines, post=False)
    tx_id = _insert_tx(ctx, member_id, kind, tx_type, amount, date, entry_id, memo, reverses_id)
    ledger.post_draft(ctx.conn, entry_id, tx_id)
    audit.log(ctx, action, f"savings:{tx_id}", entry_id=entry_id,
              detail={"member": member_id, "kind": kind, "amount": amount})
    return tx_id


def _insert_tx(ctx: Context, member_id: int, kind: str, tx_type: str, amount: int, day: dt.date,
               entry_id: int, memo: str, reverses_id: int | None = None) -> int:
    return ctx.conn.execute(
        "INSERT INTO savings_tx (member_id, kind, type, amount, date, entry_id, reverses_id, memo,"
        " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (member_id, kind, tx_type, amount, day.isoformat(), entry_id, reverses_id, memo,
         ctx.user.id, ctx.now())).lastrowid


def deposit(ctx: Context, member_id: int, kind: str, amount: int, *,
            date: dt.date | str | None = None, via: str = "cash", memo: str = "") -> int:
    """A member pays into savings. Returns the savings transaction id."""
    _check_kind(kind)
    amount = require_positive(amount)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("savings.deposit") as conn:
        members.require_active(conn, member_id, day)
        if kind == "pokok":
            due = profile_mod.get(conn).pokok_amount - balance(conn, member_id, "pokok")
            if due <= 0:
                raise NotAllowed(N_("Simpanan pokok is paid once and this member has paid it."))
            if amount > due:
                raise InvalidInput(N_("Simpanan pokok still due is {due}; {amount} is more than "
                                      "that."), due=rupiah(due), amount=rupiah(amount))
        return record(ctx, member_id, kind, amount, date=day, via=via,
                      memo=memo or _default_memo(kind, "deposit"), action="savings.deposit")


def withdraw(ctx: Context, member_id: int, amount: int, *, kind: str = "sukarela",
             date: dt.date | str | None = None, via: str = "cash", memo: str = "") -> int:
    """A member takes sukarela savings out; pokok and wajib stay while they are a member."""
    _check_kind(kind)
    amount = require_positive(amount)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("savings.withdraw") as conn:
        if kind != "sukarela":
            raise NotAllowed(N_("{kind} cannot be withdrawn while the person is a member; it is "
                                "refunded when they leave (exit settlement)."),
                             kind=KIND_LABELS[kind])
        members.require_active(conn, member_id, day)
        available = min(balance(conn, member_id, kind, day), balance(conn, member_id, kind))
        if amount > available:
            raise InsufficientBalance(N_("The sukarela balance is {balance}; {amount} cannot be "
                                         "withdrawn."), balance=rupiah(available),
                                      amount=rupiah(amount))
        return record(ctx, member_id, kind, -amount, date=day, via=via,
                      memo=memo or _default_memo(kind, "withdrawal"), action="savings.withdraw")


def record_wajib(ctx: Context, member_ids: Iterable[int], *, date: dt.date | str | None = None,
                 via: str = "cash", progress: Callable[[int, int], None] | None = None) -> list[int]:
    """One wajib instalment (the AD/ART amount) from each member, all or nothing.

    The "record this month's wajib" of the arrears list: every deposit is its own savings row
    and entry, but one refusal (a member who left, say) writes none of them. ``progress(done,
    total)`` is called after each member. Returns the savings transaction ids.
    """
    ids = list(dict.fromkeys(member_ids))  # the same member once, in the order given
    if not ids:
        raise InvalidInput(N_("Choose at least one member."))
    day = parse_date(date) if date else ctx.today()
    memo = f"Setoran simpanan wajib {month_of(day)}"  # stored text, like the paper passbook
    done = []
    with ctx.write("savings.deposit") as conn:
        amount = profile_mod.get(conn).wajib_amount
        for member_id in ids:
            done.append(deposit(ctx, member_id, "wajib", amount, date=day, via=via, memo=memo))
            if progress:
                progress(len(done), len(ids))
    return done


def _default_memo(kind: str, tx_type: str) -> str:
    # Stored text of the document (Indonesian, like the paper passbook it replaces).
    verb = {"deposit": "Setoran", "withdrawal": "Penarikan"}[tx_type]
    return f"{verb} simpanan {kind}"


def reverse(ctx: Context, tx_id: int, *, reason: str, date: dt.date | str | None = None) -> int:
    """Undo a mistaken savings transaction with a negated one and a reversing entry."""
    if not reason.strip():
        raise InvalidInput(N_("Give the reason for the correction."))
    with ctx.write("savings.reverse") as conn:
        row = conn.execute("SELECT member_id, kind, type, amount, entry_id FROM savings_tx"
                           " WHERE id = ?", (tx_id,)).fetchone()
        if row is None:
            raise NotFound(N_("There is no savings transaction {id}."), id=tx_id)
        member_id, kind, tx_type, amount, entry_id = row
        if tx_type in ("reversal", "exit"):
            raise NotAllowed(N_("Savings transaction {id} cannot be reversed."), id=tx_id)
        if conn.execute("SELECT 1 FROM savings_tx WHERE reverses_id = ?", (tx_id,)).fetchone():
            raise NotAllowed(N_("Savings transaction {id} was already reversed."), id=tx_id)
        members.require_active(conn, member_id)
        if amount > 0 and balance(conn, member_id, kind) < amount:
            raise InsufficientBalance(N_("The balance is lower than the deposit being reversed; "
                                         "it was already withdrawn."))
        new_entry = ledger.reverse_entry(ctx, entry_id, date=date, memo=f"Koreksi: {reason}",
                                         origin_type="savings", origin_id=None, post=False)
        day = ledger.entry(conn, new_entry).date
        new_id = _insert_tx(ctx, member_id, kind, "reversal", -amount, day, new_entry,
                            f"Koreksi: {reason}", reverses_id=tx_id)
        ledger.post_draft(conn, new_entry, new_id)
        audit.log(ctx, "savings.reverse", f"savings:{tx_id}", entry_id=new_entry,
                  detail={"reversal": new_id, "reason": reason})
    return new_id


@dataclass(frozen=True)
class ExitSettlement:
    member_id: int
    date: dt.date
    pokok: int
    wajib: int
    sukarela: int
    owed: int
    refund: int
    entry_id: int | None


def settle_exit(ctx: Context, member_id: int, *, date: dt.date | str | None = None,
                via: str = "cash") -> ExitSettlement:
    """Refund pokok + wajib + sukarela less what the member owes, and close the membership."""
    day = parse_date(date) if date else ctx.today()
    cash = _cash_account(via)
    with ctx.write("member.exit") as conn:
        members.require_active(conn, member_id, day)
        held = balances(conn, member_id)
        owed = members.owed(conn, member_id)
        total = sum(held.values())
        if owed > total:
            raise NotAllowed(N_("The member owes {owed}, more than their savings of {total}. "
                                "Settle the difference of {diff} first."), owed=rupiah(owed),
                             total=rupiah(total), diff=rupiah(owed - total))
        refund = total - owed
        entry_id = None
        if total:
            lines = [Line(ACCOUNTS[k], debit=v, member_id=member_id) for k, v in held.items() if v]
            if owed:
                lines.append(Line(ledger.PIUTANG, credit=owed, member_id=member_id))
            if refund:
                lines.append(Line(cash, credit=refund))
            memo = "Pengembalian simpanan (keluar)"
            entry_id = ledger.write_entry(ctx, date=day, memo=memo, origin_type="member_exit",
                                          origin_id=member_id, lines=lines)
            for k, v in held.items():
                if v:
                    _insert_tx(ctx, member_id, k, "exit", -v, day, entry_id, memo)
        members.mark_exited(ctx, member_id, day)
        audit.log(ctx, "member.exit", f"member:{member_id}", entry_id=entry_id,
                  detail={"refund": refund, "owed": owed, **held})
    return ExitSettlement(member_id, day, held["pokok"], held["wajib"], held["sukarela"], owed,
                          refund, entry_id)


# ---- passbook and wajib ---------------------------------------------------------------------

@dataclass(frozen=True)
class PassbookRow:
    id: int
    date: dt.date
    kind: str
    type: str
    memo: str
    deposit: int
    withdrawal: int
    balance: int  # of this kind, after the row
    total: int    # of all kinds, after the row


def passbook(conn: Connection, member_id: int, kind: str | None = None) -> list[PassbookRow]:
    """The member's savings movements in date order with running balances (buku simpanan)."""
    sql = ("SELECT id, date, kind, type, memo, amount FROM savings_tx WHERE member_id = ?"
           + (" AND kind = ?" if kind else "") + " ORDER BY date, id")
    params = (member_id, kind) if kind else (member_id,)
    running = dict.fromkeys(KINDS, 0)
    rows = []
    for tx_id, day, k, tx_type, memo, amount in conn.execute(sql, params):
        running[k] += amount
        rows.append(PassbookRow(tx_id, dt.date.fromisoformat(day), k, tx_type, memo,
                                max(amount, 0), max(-amount, 0), running[k],
                                sum(running.values())))
    return rows


def wajib_due(profile: profile_mod.Profile, join_date: dt.date, as_of: dt.date,
              exit_date: dt.date | None = None) -> int:
    """Wajib owed from joining to ``as_of``: one instalment at joining, then every period."""
    end = min(as_of, exit_date) if exit_date else as_of
    months = months_between(month_of(join_date), month_of(end))
    if months <= 0:
        return 0
    step = profile_mod.FREQUENCY_MONTHS[profile.wajib_frequency]
    return ((months - 1) // step + 1) * profile.wajib_amount


@dataclass(frozen=True)
class Arrears:
    member_id: int
    number: str
    name: str
    due: int
    paid: int
    arrears: int
    periods: int  # whole instalments behind


def arrears(conn: Connection, as_of: dt.date | str, member_id: int | None = None) -> list[Arrears]:
    """Active members who have paid less wajib than was due by ``as_of`` (tunggakan)."""
    day = parse_date(as_of)
    prof = profile_mod.get(conn)
    sql = ("SELECT m.id, m.number, m.name, m.join_date, coalesce(sum(s.amount), 0)"
           " FROM members m LEFT JOIN savings_tx s ON s.member_id = m.id AND s.kind = 'wajib'"
           " AND s.date <= :d WHERE m.status = 'active' AND m.join_date <= :d"
           + (" AND m.id = :m" if member_id is not None else "")
           + " GROUP BY m.id ORDER BY m.number")
    out = []
    for mid, number, name, joined, paid in conn.execute(sql, {"d": day.isoformat(), "m": member_id}):
        due = wajib_due(prof, dt.date.fromisoformat(joined), day)
        if due > paid:
            owed = due - paid
            out.append(Arrears(mid, number, name, due, paid, owed,
                               -(-owed // prof.wajib_amount)))
    return out


def totals_by_kind(conn: Connection, as_of: dt.date | str | None = None) -> dict[str, int]:
    """All members' savings per kind: the sub-ledger side of the control-account check."""
    sql = "SELECT kind, sum(amount) FROM savings_tx"
    params: tuple = ()
    if as_of is not None:
        sql += " WHERE date <= ?"
        params = (parse_date(as_of).isoformat(),)
    found = dict(conn.execute(sql + " GROUP BY kind", params).fetchall())
    return {k: int(found.get(k, 0)) for k in KINDS}
