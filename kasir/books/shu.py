"""Year close and SHU: closing the book year, sharing its surplus, paying the members.

1. **Close** (:func:`close_year`): book years close in order (an earlier year with postings
   must be closed first). Every month of the year is closed first (the year's books are
   final), then one closing entry, dated the year's last day, brings each revenue, cost and
   expense account's movement of the year to zero against 3-1600 SHU belum dibagi: once the
   year is closed its result is no longer the current year's (3-1500 SHU tahun berjalan) but
   SHU waiting for the RAT to share it. The database lets exactly this entry into the closed
   month (migration 0003). Reports of the year leave the closing entry out
   (``origin_type = 'year_close'``) so the results statement still shows the year.
2. **Allocate** (:func:`compute`, :func:`post_allocation`): the surplus is split by the AD/ART
   basis points (must total 100%) with the largest-remainder rule, so the pools sum exactly to
   the surplus; the members' pools (jasa usaha, jasa modal) are split over the members in
   proportion to their purchases and their savings, again summing exactly. Posting moves the
   surplus out of 3-1600 (out of 3-1500 for a year that an older kasir closed there) into
   Cadangan, the funds and 2-1300 Dana SHU belum dibayar.
3. **Pay** (:func:`pay`): the members' shares leave Dana SHU belum dibayar, in cash, by bank,
   or credited to each member's simpanan sukarela (a savings row of type ``shu``, so the
   passbook shows it).

Who shares: members at the end of the book year (joined on or before it, not left by then);
those who left during the year were settled when they left. Jasa modal counts simpanan pokok
and wajib (setting ``shu.jasa_modal_kinds``, e.g. ``pokok,wajib,sukarela``) as the daily
average balance over the year (``shu.jasa_modal_basis = average``, computed exactly in
rupiah-days) or the balance at the year's end (``year_end``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasir.books import audit, ledger, members, sales, savings
from kasir.books import profile as profile_mod
from kasir.books.context import Context
from kasir.dates import add_months, month_end, month_of, parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotAllowed
from kasir.i18n import N_, rupiah
from kasir.money import MAX_AMOUNT, div_round, split

CLOSING_ORIGIN, ALLOCATION_ORIGIN, PAYOUT_ORIGIN = "year_close", "shu_allocation", "shu_payout"
SHU_BERJALAN, SHU_BELUM_DIBAGI, DANA_SHU = "3-1500", "3-1600", "2-1300"
RESULT_KINDS = ("revenue", "cost", "expense")
MEMBER_POOLS = ("jasa_usaha", "jasa_modal")
POOL_ACCOUNTS = {"cadangan": "3-1300", "jasa_usaha": DANA_SHU, "jasa_modal": DANA_SHU,
                 "pengurus": "2-1310", "karyawan": "2-1320", "pendidikan": "2-1330",
                 "sosial": "2-1340"}  # any other AD/ART key is held in Dana SHU belum dibayar
BASIS_SETTING, KINDS_SETTING = "shu.jasa_modal_basis", "shu.jasa_modal_kinds"
BASES = ("average", "year_end")
PAYOUT_METHODS = ("sukarela", "cash", "bank")
PAYOUT_LABELS = {"cash": N_("in cash"), "bank": N_("by bank transfer"),
                 "sukarela": N_("credited to simpanan sukarela")}


@dataclass(frozen=True)
class BookYear:
    year: int
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> tuple[str, str]:
        return month_of(self.start), month_of(self.end)


def book_year(conn: Connection, year: int) -> BookYear:
    """Book year ``year`` starts on the 1st of the profile's start month of that year."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9999:
        raise InvalidInput(N_("{value} is not a year (YYYY)."), value=year)
    first = f"{year:04d}-{profile_mod.get(conn).book_year_start_month:02d}"
    return BookYear(year, parse_date(f"{first}-01"), month_end(add_months(first, 11)))


# ---- the year's result and its close ----------------------------------------------------------

@dataclass(frozen=True)
class ResultLine:
    code: str
    name: str
    kind: str
    amount: int  # as the account's own side counts it: revenue credit-positive, costs debit


def year_result(conn: Connection, year: int) -> list[ResultLine]:
    """Each revenue, cost and expense account's movement in the book year, closing left out."""
    by = book_year(conn, year)
    rows = conn.execute(
        "SELECT a.id, a.code, a.name, a.kind, sum(m.debit) - sum(m.credit) FROM account_month m"
        " JOIN accounts a ON a.id = m.account_id WHERE m.month BETWEEN ? AND ?"
        " AND a.kind IN ('revenue', 'cost', 'expense') GROUP BY a.id ORDER BY a.code",
        by.months).fetchall()
    closing = dict(conn.execute(
        "SELECT l.account_id, sum(l.debit) - sum(l.credit) FROM journal_lines l"
        " JOIN shu_years y ON y.close_entry_id = l.entry_id WHERE y.year = ? GROUP BY 1",
        (year,)).fetchall())
    return [ResultLine(code, name, kind, ledger.normal(kind, net - closing.get(acc_id, 0)))
            for acc_id, code, name, kind, net in rows if net - closing.get(acc_id, 0)]


def surplus_of(lines: list[ResultLine]) -> int:
    """Revenue less costs and expenses: the SHU (negative for a loss)."""
    return sum(ln.amount if ln.kind == "revenue" else -ln.amount for ln in lines)


def closed_into(conn: Connection, year: int) -> str:
    """The account the closing entry of ``year`` put its SHU in: 3-1600, or 3-1500 for a year
    closed by a kasir older than this rule (its allocation then takes it from there)."""
    row = conn.execute("SELECT a.code FROM shu_years y JOIN journal_lines l ON l.entry_id ="
                       " y.close_entry_id JOIN accounts a ON a.id = l.account_id"
                       " WHERE y.year = ? AND a.code IN (?, ?)",
                       (year, SHU_BERJALAN, SHU_BELUM_DIBAGI)).fetchone()
    return row[0] if row else SHU_BELUM_DIBAGI


def closed_years(conn: Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT year FROM shu_years ORDER BY year")]


def year_closed(conn: Connection, year: int) -> bool:
    return conn.execute("SELECT 1 FROM shu_years WHERE year = ?", (year,)).fetchone() is not None


def is_closed_on(conn: Connection, day: dt.date | str) -> bool:
    """Whether the book year that contains ``day`` is closed (reports of it are final)."""
    day = parse_date(day)
    return conn.execute("SELECT 1 FROM shu_years WHERE start_date <= ? AND end_date >= ?",
                        (day.isoformat(), day.isoformat())).fetchone() is not None


@dataclass(frozen=True)
class YearClose:
    year: int
    surplus: int
    entry_id: int | None
    months_closed: list[str]


def _open_year_before(conn: Connection, by: BookYear) -> int | None:
    """The first book year before ``by`` that has postings and is not closed, if any."""
    first = conn.execute("SELECT min(date) FROM journal_entries WHERE posted = 1").fetchone()[0]
    if first is None:
        return None
    day = parse_date(first)
    first_year = day.year if book_year(conn, day.year).start <= day else day.year - 1
    for year in range(first_year, by.year):
        span = book_year(conn, year)
        if not year_closed(conn, year) and conn.execute(
                "SELECT 1 FROM journal_entries WHERE posted = 1 AND date BETWEEN ? AND ?"
                " LIMIT 1", (span.start.isoformat(), span.end.isoformat())).fetchone():
            return year
    return None


def close_year(ctx: Context, year: int) -> YearClose:
    """Close the book year: close its open months, then post the closing entry into 3-1600.

    Years close in order: while an earlier year with postings is open, this one is refused
    (its opening balances would otherwise still move)."""
    by = book_year(ctx.conn, year)
    if by.end >= ctx.today():
        raise NotAllowed(N_("The book year {year} ends on {end}; it can be closed from the next "
                            "day."), year=year, end=by.end.isoformat())
    with ctx.write("year.close") as conn:
        if year_closed(conn, year):
            raise NotAllowed(N_("The book year {year} is already closed."), year=year)
        earlier = _open_year_before(conn, by)
        if earlier is not None:
            raise NotAllowed(N_("The book year {earlier} is still open. Book years are closed "
                                "in order: close {earlier} first, then {year}."),
                             earlier=earlier, year=year)
        into = ledger.account(conn, SHU_BELUM_DIBAGI)
        if not into.active:
            raise NotAllowed(N_("Account {code} {name} is inactive."), code=into.code,
                             name=into.name)
        lines = year_result(conn, year)
        surplus = surplus_of(lines)
        legs = _closing_legs(lines, surplus)
        _check_closing_legs(ctx, by, legs)
        months = [] if ledger.is_closed(conn, by.end) else ledger.close_month(ctx, by.months[1])
        entry_id = _write_closing_entry(ctx, by, legs, surplus)
        audit.log(ctx, "year.close", f"year:{year}", entry_id=entry_id,
                  detail={"surplus": surplus, "months_closed": months})
    return YearClose(year, surplus, entry_id, months)


def _closing_legs(lines: list[ResultLine], surplus: int) -> list[tuple[str, int, int]]:
    """(code, debit, credit) of the closing entry: each result account back to zero, the
    surplus (or loss) into 3-1600."""
    legs = []
    for ln in lines:
        net = ln.amount if ln.kind == "revenue" else -ln.amount   # credit-positive
        legs.append((ln.code, max(net, 0), max(-net, 0)))         # debit what was credited
    if surplus:
        legs.append((SHU_BELUM_DIBAGI, max(-surplus, 0), max(surplus, 0)))
    return legs


def _check_closing_legs(ctx: Context, by: BookYear, legs: list[tuple[str, int, int]]) -> None:
    """Refuse a closing entry the ceilings forbid (docs/decisions.md, "Ceilings on amounts"),
    before anything is written: it bypasses ``ledger.write_entry``, whose checks these are, and
    the database would otherwise stop it with a bare constraint error."""
    for code, debit, credit in legs:
        if max(debit, credit) > MAX_AMOUNT:
            raise NotAllowed(N_("Closing {year} would move {amount} on account {code} in one "
                                "line, above the largest amount kasir accepts, {most}. A result "
                                "this large comes from a mistaken entry: find it in the general "
                                "ledger of {code}, reverse it, then close the year again."),
                             year=by.year, amount=rupiah(max(debit, credit)), code=code,
                             most=rupiah(MAX_AMOUNT))
    if legs:
        ledger.check_month_totals(ctx, month_of(by.end), [
            (ledger.account(ctx.conn, code).id, debit, credit, None, "")
            for code, debit, credit in legs])


def _write_closing_entry(ctx: Context, by: BookYear, legs: list[tuple[str, int, int]],
                         surplus: int) -> int | None:
    """The closing entry is written here, not by ``ledger.write_entry``: it is the one entry
    that goes into a closed month, which the database allows only for the entry the year's
    row names (draft first, the row, then the posting). :func:`_check_closing_legs` has
    checked its lines as ``write_entry`` would."""
    conn = ctx.conn
    entry_id = None
    if legs:
        entry_id = conn.execute(
            "INSERT INTO journal_entries (date, memo, origin_type, origin_id, created_by,"
            " created_at) VALUES (?,?,?,?,?,?)",
            (by.end.isoformat(), f"Penutupan buku tahun {by.year}", CLOSING_ORIGIN, by.year,
             ctx.user.id, ctx.now())).lastrowid
        conn.executemany(
            "INSERT INTO journal_lines (entry_id, account_id, debit, credit) VALUES (?,?,?,?)",
            [(entry_id, ledger.account(conn, code).id, d, c) for code, d, c in legs])
    conn.execute("INSERT INTO shu_years (year, start_date, end_date, surplus, close_entry_id,"
                 " closed_by, closed_at) VALUES (?,?,?,?,?,?,?)",
                 (by.year, by.start.isoformat(), by.end.isoformat(), surplus, entry_id,
                  ctx.user.id, ctx.now()))
    if entry_id is not None:
        ledger.post_draft(conn, entry_id, by.year)
    return entry_id


# ---- the allocation ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Pool:
    key: str
    basis_points: int
    amount: int
    account: str


@dataclass(frozen=True)
class MemberShare:
    member_id: int
    number: str
    name: str
    purchases: int
    savings: int       # the jasa modal basis: average or year-end balance (rupiah)
    weight: int        # what jasa modal is split by (rupiah-days for the average)
    jasa_usaha: int
    jasa_modal: int

    @property
    def total(self) -> int:
        return self.jasa_usaha + self.jasa_modal


@dataclass(frozen=True)
class Allocation:
    year: int
    surplus: int
    closed: bool
    posted: bool
    paid: str | None          # payout method once paid
    basis: str
    pools: list[Pool]
    shares: list[MemberShare]

    def pool(self, key: str) -> int:
        return sum(p.amount for p in self.pools if p.key == key)


def basis_setting(conn: Connection) -> tuple[str, tuple[str, ...]]:
    basis = profile_mod.get_setting(conn, BASIS_SETTING, "average")
    if basis not in BASES:
        raise InvalidInput(N_("The setting {key} is {value}; use average or year_end."),
                           key=BASIS_SETTING, value=basis)
    kinds = tuple(k.strip() for k in profile_mod.get_setting(conn, KINDS_SETTING,
                                                              "pokok,wajib").split(",") if k.strip())
    if not kinds or any(k not in savings.KINDS for k in kinds):
        raise InvalidInput(N_("The setting {key} lists savings kinds from pokok, wajib and "
                              "sukarela (got {value})."), key=KINDS_SETTING, value=",".join(kinds))
    return basis, kinds


def checked_percentages(conn: Connection) -> dict[str, int]:
    """The AD/ART allocation in basis points, refused (with the sum) unless it is 100%."""
    allocation = profile_mod.shu_allocation(conn)
    total = sum(allocation.values())
    if total != 10_000:
        raise InvalidInput(N_("The SHU percentages add up to {total}%, not 100%. Correct them "
                              "so that they total exactly 100%."),
                           total=profile_mod.format_percent(total))
    return allocation


def compute(conn: Connection, year: int) -> Allocation:
    """The year's SHU and its split; once posted, what was posted (it never changes after)."""
    by = book_year(conn, year)
    row = conn.execute("SELECT surplus, alloc_entry_id, alloc_basis, payout_method FROM shu_years"
                       " WHERE year = ?", (year,)).fetchone()
    if row and row[1] is not None:
        return _posted(conn, year, row)
    surplus = row[0] if row else surplus_of(year_result(conn, year))
    allocation = checked_percentages(conn)
    amounts = split(max(surplus, 0), list(allocation.values()))
    pools = [Pool(k, bp, amt, POOL_ACCOUNTS.get(k, DANA_SHU))
             for (k, bp), amt in zip(allocation.items(), amounts, strict=True)]
    basis, kinds = basis_setting(conn)
    pool = {p.key: p.amount for p in pools}
    shares = member_shares(conn, by, pool.get("jasa_usaha", 0), pool.get("jasa_modal", 0),
                           basis, kinds)
    return Allocation(year, surplus, row is not None, False, None, basis, pools, shares)


def member_shares(conn: Connection, by: BookYear, jasa_usaha: int, jasa_modal: int,
                  basis: str, kinds: tuple[str, ...]) -> list[MemberShare]:
    """Each member's purchases and savings in the year and their exact shares of the pools."""
    people = conn.execute(
        "SELECT id, number, name FROM members WHERE join_date <= :end"
        " AND (exit_date IS NULL OR exit_date > :end) ORDER BY number",
        {"end": by.end.isoformat()}).fetchall()
    bought = _purchases(conn, by)
    weights = _savings_weights(conn, by, basis, kinds)
    buys = [bought.get(mid, 0) for mid, _n, _m in people]
    saved = [weights.get(mid, 0) for mid, _n, _m in people]
    usaha, modal = split(jasa_usaha, buys), split(jasa_modal, saved)
    per = by.days if basis == "average" else 1
    return [MemberShare(mid, number, name, buys[i], div_round(saved[i], per), saved[i], usaha[i],
                        modal[i]) for i, (mid, number, name) in enumerate(people)]


def _purchases(conn: Connection, by: BookYear) -> dict[int, int]:
    """Members' purchases in the year: their sales not voided, less what they returned."""
    return {m: max(p.total, 0) for m, p in sales.purchases_by_member(conn, by.start, by.end).items()}


def _savings_weights(conn: Connection, by: BookYear, basis: str,
                     kinds: tuple[str, ...]) -> dict[int, int]:
    """Year-end balance, or the balance summed over every day of the year (rupiah-days:
    the daily average times the days, so splitting by it needs no rounding)."""
    marks = ",".join("?" * len(kinds))
    if basis == "year_end":
        sql = (f"SELECT member_id, sum(amount) FROM savings_tx WHERE kind IN ({marks})"
               " AND date <= ? GROUP BY member_id")
        params: tuple = (*kinds, by.end.isoformat())
    else:
        sql = ("SELECT member_id, sum(CASE WHEN date < ? THEN amount * ? ELSE amount *"
               " CAST(julianday(?) - julianday(date) + 1 AS INTEGER) END) FROM savings_tx"
               f" WHERE kind IN ({marks}) AND date <= ? GROUP BY member_id")
        params = (by.start.isoformat(), by.days, by.end.isoformat(), *kinds, by.end.isoformat())
    return {m: max(int(w), 0) for m, w in conn.execute(sql, params)}


def _posted(conn: Connection, year: int, row: tuple) -> Allocation:
    surplus, _entry, basis, method = row
    pools = [Pool(k, bp, amt, code) for k, bp, amt, code in conn.execute(
        "SELECT p.key, p.basis_points, p.amount, a.code FROM shu_pools p"
        " JOIN accounts a ON a.id = p.account_id WHERE p.year = ? ORDER BY p.position", (year,))]
    days = book_year(conn, year).days if basis == "average" else 1
    shares = [MemberShare(mid, number, name, bought, div_round(weight, days), weight, usaha, modal)
              for mid, number, name, bought, weight, usaha, modal in conn.execute(
                  "SELECT m.id, m.number, m.name, s.purchases, s.savings, s.jasa_usaha,"
                  " s.jasa_modal FROM shu_shares s JOIN members m ON m.id = s.member_id"
                  " WHERE s.year = ? ORDER BY m.number", (year,))]
    return Allocation(year, surplus, True, True, method, basis, pools, shares)


def post_allocation(ctx: Context, year: int, *, date: dt.date | str | None = None) -> int:
    """Post the RAT's allocation: 3-1600 to Cadangan, the funds and Dana SHU belum dibayar."""
    day = parse_date(date) if date else ctx.today()
    with ctx.write("shu.post") as conn:
        alloc = compute(conn, year)
        _require_postable(alloc, day, book_year(conn, year))
        totals: dict[str, int] = {}
        for p in alloc.pools:
            totals[p.account] = totals.get(p.account, 0) + p.amount
        lines = [ledger.Line(closed_into(conn, year), debit=alloc.surplus)]
        lines += [ledger.Line(code, credit=amount) for code, amount in totals.items() if amount]
        entry_id = ledger.write_entry(ctx, date=day, memo=f"Pembagian SHU tahun {year}",
                                      origin_type=ALLOCATION_ORIGIN, origin_id=year, lines=lines)
        conn.executemany("INSERT INTO shu_pools (year, key, position, basis_points, amount,"
                         " account_id) VALUES (?,?,?,?,?,?)",
                         [(year, p.key, i, p.basis_points, p.amount,
                           ledger.account(conn, p.account).id) for i, p in enumerate(alloc.pools)])
        conn.executemany("INSERT INTO shu_shares (year, member_id, purchases, savings, jasa_usaha,"
                         " jasa_modal) VALUES (?,?,?,?,?,?)",
                         [(year, s.member_id, s.purchases, s.weight, s.jasa_usaha, s.jasa_modal)
                          for s in alloc.shares])
        conn.execute("UPDATE shu_years SET alloc_entry_id = ?, alloc_basis = ? WHERE year = ?",
                     (entry_id, alloc.basis, year))
        audit.log(ctx, "shu.post", f"year:{year}", entry_id=entry_id,
                  detail={"surplus": alloc.surplus, "basis": alloc.basis,
                          "pools": {p.key: p.amount for p in alloc.pools}})
    return entry_id


def _require_postable(alloc: Allocation, day: dt.date, by: BookYear) -> None:
    if not alloc.closed:
        raise NotAllowed(N_("Close the book year {year} first (kasir shu close)."), year=alloc.year)
    if alloc.posted:
        raise NotAllowed(N_("The SHU of {year} is already allocated."), year=alloc.year)
    if alloc.surplus <= 0:
        raise NotAllowed(N_("The book year {year} has no surplus to share (SHU {surplus})."),
                         year=alloc.year, surplus=rupiah(alloc.surplus))
    if day <= by.end:
        raise InvalidInput(N_("The SHU is allocated after the book year ends ({end})."),
                           end=by.end.isoformat())
    for key in MEMBER_POOLS:
        if alloc.pool(key) and sum(getattr(s, key) for s in alloc.shares) != alloc.pool(key):
            raise NotAllowed(N_("No member has a basis for {pool} in {year} (no purchases or "
                                "savings); change the AD/ART split before allocating."),
                             pool=profile_mod.SHU_LABELS.get(key, key), year=alloc.year)


# ---- the payout -------------------------------------------------------------------------------

def pay(ctx: Context, year: int, *, method: str = "sukarela",
        date: dt.date | str | None = None) -> int:
    """Pay every member's share out of Dana SHU belum dibayar, in one entry.

    ``sukarela`` credits each member's simpanan sukarela (members who have left since are
    paid in cash); ``cash`` or ``bank`` pays them all out.
    """
    if method not in PAYOUT_METHODS:
        raise InvalidInput(N_("Pay the SHU by sukarela, cash or bank (got {method})."),
                           method=method)
    day = parse_date(date) if date else ctx.today()
    with ctx.write("shu.pay") as conn:
        alloc = compute(conn, year)
        if not alloc.posted:
            raise NotAllowed(N_("Allocate the SHU of {year} first (kasir shu post)."), year=year)
        if alloc.paid:
            raise NotAllowed(N_("The SHU of {year} was already paid."), year=year)
        shares = [s for s in alloc.shares if s.total]
        if not shares:
            raise NotAllowed(N_("No member has an SHU share in {year}."), year=year)
        credited = ([s for s in shares if members.get(conn, s.member_id).status == "active"]
                    if method == "sukarela" else [])
        in_cash = sum(s.total for s in shares) - sum(s.total for s in credited)
        lines = [ledger.Line(DANA_SHU, debit=sum(s.total for s in shares))]
        lines += [ledger.Line(ledger.SUKARELA, credit=s.total, member_id=s.member_id)
                  for s in credited]
        if in_cash:
            lines.append(ledger.Line(ledger.VIA["bank" if method == "bank" else "cash"],
                                     credit=in_cash))
        memo = f"SHU tahun {year}"
        entry_id = ledger.write_entry(ctx, date=day, memo=memo, origin_type=PAYOUT_ORIGIN,
                                      origin_id=year, lines=lines)
        for s in credited:
            # the passbook row of the credit; it shares the payout's entry, like an exit settlement
            savings._insert_tx(ctx, s.member_id, "sukarela", "shu", s.total, day, entry_id, memo)
        conn.execute("UPDATE shu_years SET payout_entry_id = ?, payout_method = ? WHERE year = ?",
                     (entry_id, method, year))
        audit.log(ctx, "shu.pay", f"year:{year}", entry_id=entry_id,
                  detail={"method": method, "members": len(shares), "to_sukarela": len(credited),
                          "cash": in_cash})
    return entry_id
