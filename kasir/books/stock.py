"""Stock: quantities on hand at moving-average cost, the stock card, counts and write-offs.

Every change of stock goes through a :class:`StockPlan`: an event first plans its moves
(which computes what goods going out cost and refuses stock below zero), posts its entry
with those costs, then applies the plan, which writes the moves and the new levels. So the
value of stock on hand and the Persediaan account move by exactly the same rupiah.

Cost rule (moving average, integers): goods going out cost ``value × qty / on hand``
rounded half up, and the last goods out take all the value left, so no rupiah is stranded.

Stock is never below zero on any date, not only today: an event dated before moves already
recorded (a sale entered a day late) lowers every later balance too, so the plan is checked
against the stock of each day from its date on (:meth:`StockPlan.apply`), and ``kasir check``
proves it for every item at every move (:mod:`kasir.books.shop_checks`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasir.books import audit, items, ledger
from kasir.books.context import Context
from kasir.books.ledger import Line
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, NotAllowed
from kasir.i18n import N_, number, rupiah
from kasir.money import div_round, require_quantity, within_ceiling

SHORTAGE_ACCOUNT = "6-1600"   # selisih persediaan
DAMAGE_ACCOUNT = "6-1800"     # barang rusak / kedaluwarsa


def units(item: items.Item, base_qty: int) -> str:
    """A quantity as the shop says it: "8 × pak 5 kg", or base units when not whole units."""
    whole, rest = divmod(base_qty, item.unit_size)
    if not rest and item.unit_size > 1:
        return f"{number(whole)} × {item.unit}"
    return f"{number(base_qty)} {item.base_unit}"


class StockPlan:
    """The stock moves of one event, planned against the current levels, then applied."""

    def __init__(self, conn: Connection, day: dt.date | None = None) -> None:
        self.conn = conn
        self.day = day  # the event's date: a shortfall then names the date it falls on
        self.levels: dict[int, list[int]] = {}
        self.start: dict[int, tuple[int, int]] = {}  # each item's level before this event
        self.moves: list[tuple[int, str, int, int, int, int]] = []
        self.items: dict[int, items.Item] = {}

    def know(self, fresh: list[items.Item]) -> None:
        """Start from items read inside this event's transaction (saves a query per item)."""
        for item in fresh:
            if item.id not in self.levels:
                self.levels[item.id] = [item.qty_on_hand, item.value_on_hand]
                self.start[item.id] = (item.qty_on_hand, item.value_on_hand)
                self.items[item.id] = item

    def _level(self, item: items.Item) -> list[int]:
        if item.id not in self.levels:
            row = self.conn.execute("SELECT qty_on_hand, value_on_hand FROM items WHERE id = ?",
                                    (item.id,)).fetchone()
            self.levels[item.id] = [row[0], row[1]]
            self.start[item.id] = (row[0], row[1])
            self.items[item.id] = item
        return self.levels[item.id]

    def take(self, item: items.Item, base_qty: int, kind: str) -> int:
        """Plan goods going out; returns their cost. Refuses more than is on hand."""
        require_quantity(base_qty)
        level = self._level(item)
        qty, value = level
        if base_qty > qty:
            dated = (_moves_after(self.conn, [item.id], self.day).get(item.id)
                     if self.day is not None else None)
            if dated:  # a back-dated event: say on which date it falls short
                self._check_item(item.id, self.day, self._net(item.id)[0] - base_qty, 0, dated)
            raise NotAllowed(N_("Only {on_hand} of {name} is on hand; {wanted} cannot go out."),
                             on_hand=units(item, qty), name=item.name, wanted=units(item, base_qty))
        cost = value if base_qty == qty else div_round(value * base_qty, qty)
        level[0], level[1] = qty - base_qty, value - cost
        self.moves.append((item.id, kind, -base_qty, -cost, level[0], level[1]))
        return cost

    def put(self, item: items.Item, base_qty: int, value: int, kind: str) -> int:
        """Plan goods coming in at ``value`` (their cost); returns it."""
        require_quantity(base_qty)
        within_ceiling(value)
        level = self._level(item)
        level[0], level[1] = level[0] + base_qty, level[1] + value
        self.moves.append((item.id, kind, base_qty, value, level[0], level[1]))
        return value

    def apply(self, day: dt.date, doc_id: int, entry_id: int | None) -> None:
        """Write the planned moves (inside the event's transaction); the database's trigger
        ``stock_moves_set_level`` sets each item's level from its latest move.

        First the moves are checked against every later date: goods dated ``day`` that go
        out are missing from each day after it too, so the stock must suffice on each."""
        self._check_later_days(day)
        self.conn.executemany(
            "INSERT INTO stock_moves (item_id, date, kind, quantity, value, qty_after, value_after,"
            " doc_id, entry_id) VALUES (?,?,?,?,?,?,?,?,?)",
            [(i, day.isoformat(), k, q, v, qa, va, doc_id, entry_id) for i, k, q, v, qa, va in self.moves])

    def _check_later_days(self, day: dt.date) -> None:
        """Refuse moves that would leave an item's quantity or value below zero after a move
        dated later than ``day``. The event's moves come after every move already dated
        ``day`` (by date, then id); the balance before them is the level now less the moves
        dated after ``day``. An event dated today reads nothing but an empty index range."""
        moved = list(dict.fromkeys(m[0] for m in self.moves))
        for item_id, dated in _moves_after(self.conn, moved, day).items():
            self._check_item(item_id, day, *self._net(item_id), dated)

    def _net(self, item_id: int) -> tuple[int, int]:
        """(quantity, value) this plan moves of one item so far."""
        mine = [m for m in self.moves if m[0] == item_id]
        return sum(m[2] for m in mine), sum(m[3] for m in mine)

    def _check_item(self, item_id: int, day: dt.date, net_q: int, net_v: int,
                    dated: list[tuple]) -> None:
        """Refuse ``net_q``/``net_v`` dated ``day`` if they would leave the item's quantity or
        value below zero at the end of ``day`` or after any of the moves ``dated`` later. One
        event's moves of an item all go the same way, so its net is its extreme."""
        q, v = self.start[item_id]
        q -= sum(m[1] for m in dated)
        v -= sum(m[2] for m in dated)
        # the balance before this event at the end of `day`, then after each later move
        for when, dq, dv in [(day.isoformat(), 0, 0), *dated]:
            q, v = q + dq, v + dv
            if net_q < 0 and q + net_q < 0:
                item = self.items[item_id]
                raise NotAllowed(N_("Only {on_hand} of {name} was on hand on {date}, so "
                                    "{wanted} cannot go out dated {day}: stock may never be "
                                    "below zero, on any date."),
                                 on_hand=units(item, max(q, 0)), name=item.name, date=when,
                                 wanted=units(item, -net_q), day=day.isoformat())
            if net_v < 0 and v + net_v < 0:
                item = self.items[item_id]
                raise NotAllowed(N_("{name} was worth {worth} on {date}; {wanted} going out "
                                    "dated {day} at today's average cost of {cost} would leave "
                                    "its stock worth less than nothing then. Record it with a "
                                    "later date."),
                                 name=item.name, worth=rupiah(max(v, 0)), date=when,
                                 wanted=units(item, -net_q), day=day.isoformat(),
                                 cost=rupiah(-net_v))

    def level_on(self, item: items.Item, day: dt.date) -> tuple[int, int]:
        """(quantity, value) of ``item`` at the end of ``day``, before this event: the level
        now less the moves dated after ``day``."""
        self._level(item)
        q, v = self.start[item.id]
        for _when, dq, dv in _moves_after(self.conn, [item.id], day).get(item.id, ()):
            q, v = q - dq, v - dv
        return q, v


def _moves_after(conn: Connection, item_ids: list[int], day: dt.date) -> dict[int, list[tuple]]:
    """item id -> [(date, quantity, value)] of its moves dated after ``day``, by date and id
    (the covering index stock_moves_item answers it)."""
    found: dict[int, list[tuple]] = {}
    if not item_ids:
        return found
    for item_id, when, q, v in conn.execute(
            f"SELECT item_id, date, quantity, value FROM stock_moves WHERE item_id IN"
            f" ({','.join('?' * len(item_ids))}) AND date > ? ORDER BY item_id, date, id",
            (*item_ids, day.isoformat())):
        found.setdefault(item_id, []).append((when, q, v))
    return found


# ---- stock card ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CardRow:
    id: int
    date: dt.date
    kind: str
    quantity: int
    value: int
    qty_after: int
    value_after: int
    doc_id: int


def card(conn: Connection, item_id: int, start: dt.date | str | None = None,
         end: dt.date | str | None = None) -> tuple[tuple[int, int], list[CardRow]]:
    """The kartu stok: the (quantity, value) before ``start`` and every move to ``end``, by
    date, each with the quantity and value on hand after it. (Those running figures follow
    posting order; a move entered later with an earlier date shows them as they were then.)"""
    items.get(conn, item_id)
    where, params = ["item_id = ?"], [item_id]
    opening = _opening(conn, item_id, start)
    if start:
        where.append("date >= ?")
        params.append(parse_date(start).isoformat())
    if end:
        where.append("date <= ?")
        params.append(parse_date(end).isoformat())
    rows = conn.execute("SELECT id, date, kind, quantity, value, qty_after, value_after, doc_id"
                        f" FROM stock_moves WHERE {' AND '.join(where)} ORDER BY date, id", params)
    return opening, [CardRow(r[0], dt.date.fromisoformat(r[1]), *r[2:]) for r in rows]


@dataclass(frozen=True)
class DayRow:
    date: dt.date
    qty_in: int
    qty_out: int
    value_in: int
    value_out: int
    qty_after: int
    value_after: int


def _opening(conn: Connection, item_id: int, start: dt.date | str | None) -> tuple[int, int]:
    """(quantity, value) on hand before ``start``: after the last move dated earlier."""
    if not start:
        return (0, 0)
    row = conn.execute("SELECT qty_after, value_after FROM stock_moves WHERE item_id = ? AND date < ?"
                       " ORDER BY date DESC, id DESC LIMIT 1",
                       (item_id, parse_date(start).isoformat())).fetchone()
    return (row[0], row[1]) if row else (0, 0)


def daily_card(conn: Connection, item_id: int, start: dt.date | str | None = None,
               end: dt.date | str | None = None) -> tuple[tuple[int, int], list[DayRow]]:
    """The kartu stok one line per day (in, out, and the balance after the day's last move):
    how a card over years is read. The per-move card (:func:`card`) serves any period."""
    items.get(conn, item_id)
    opening = _opening(conn, item_id, start)
    where, params = ["item_id = ?"], [item_id]
    for bound, op in ((start, ">="), (end, "<=")):
        if bound:
            where.append(f"date {op} ?")
            params.append(parse_date(bound).isoformat())
    # SQLite takes the bare columns qty_after, value_after from the row holding max(id)
    rows = conn.execute(
        "SELECT date, sum(max(quantity, 0)), sum(max(-quantity, 0)), sum(max(value, 0)),"
        " sum(max(-value, 0)), max(id), qty_after, value_after FROM stock_moves"
        f" WHERE {' AND '.join(where)} GROUP BY date ORDER BY date", params)
    return opening, [DayRow(dt.date.fromisoformat(d), int(qi), int(qo), int(vi), int(vo), qa, va)
                     for d, qi, qo, vi, vo, _last, qa, va in rows]


def value_as_of(conn: Connection, day: dt.date | str) -> int:
    """The value of all stock at the end of ``day`` (sum of moves up to then)."""
    # sum(), not total(): exact integers (total() is a float, inexact above 2^53)
    row = conn.execute("SELECT coalesce(sum(value), 0) FROM stock_moves WHERE date <= ?",
                       (parse_date(day).isoformat(),)).fetchone()
    return row[0]


# ---- count (stok opname) and write-off ----------------------------------------------------

@dataclass(frozen=True)
class CountLine:
    item_id: int
    book_qty: int
    counted_qty: int
    diff_value: int


def count(ctx: Context, counted: dict[int, int], *, date: dt.date | str | None = None,
          memo: str = "") -> tuple[int, list[CountLine]]:
    """Record a physical count (base units per item) and post the differences.

    A shortage leaves at average cost (Dr 6-1600 selisih persediaan, Cr 1-1400); a surplus
    comes in at average cost, or the last purchase cost when none is on hand. A count dated
    before moves already recorded is compared with the book quantity at the end of its day.
    """
    if not counted:
        raise InvalidInput(N_("Count at least one item."))
    day = parse_date(date) if date else ctx.today()
    with ctx.write("stock.write") as conn:
        ledger.check_open(conn, day, ctx.today())  # a count that differs in nothing posts nothing
        plan, lines = StockPlan(conn, day), []
        for item_id, qty in counted.items():
            if isinstance(qty, bool) or not isinstance(qty, int) or qty < 0:
                raise InvalidInput(N_("A counted quantity is a whole number, not negative."))
            require_quantity(qty, allow_zero=True)
            item = items.get(conn, item_id)
            book = plan.level_on(item, day)[0]
            lines.append(CountLine(item_id, book, qty, _plan_count(plan, item, qty, book)))
        shortage = -sum(c.diff_value for c in lines if c.diff_value < 0)
        surplus = sum(c.diff_value for c in lines if c.diff_value > 0)
        entry_lines = []
        if shortage:
            entry_lines += [Line(SHORTAGE_ACCOUNT, debit=shortage), Line(ledger.PERSEDIAAN, credit=shortage)]
        if surplus:
            entry_lines += [Line(ledger.PERSEDIAAN, debit=surplus), Line(SHORTAGE_ACCOUNT, credit=surplus)]
        entry_id = ledger.write_entry(ctx, date=day, memo=memo or "Stok opname",
                                      origin_type="stock_count", origin_id=None, lines=entry_lines,
                                      post=False) if entry_lines else None
        count_id = conn.execute("INSERT INTO stock_counts (date, memo, entry_id, created_by,"
                                " created_at) VALUES (?,?,?,?,?)",
                                (day.isoformat(), memo, entry_id, ctx.user.id, ctx.now())).lastrowid
        conn.executemany("INSERT INTO stock_count_lines (count_id, item_id, book_qty, counted_qty,"
                         " diff_value) VALUES (?,?,?,?,?)",
                         [(count_id, c.item_id, c.book_qty, c.counted_qty, c.diff_value)
                          for c in lines])
        plan.apply(day, count_id, entry_id)
        if entry_id:
            ledger.post_draft(conn, entry_id, count_id)
        audit.log(ctx, "stock.count", f"stock_count:{count_id}", entry_id=entry_id,
                  detail={"items": len(lines), "shortage": shortage, "surplus": surplus})
    return count_id, lines


def _plan_count(plan: StockPlan, item: items.Item, counted: int, book: int) -> int:
    """Plan the move that brings the book quantity ``book`` to the counted one; its signed
    value. A surplus comes in at today's average cost (the last purchase cost when nothing is
    on hand), as a shortage goes out at it."""
    if counted < book:
        return -plan.take(item, book - counted, "count")
    if counted > book:
        extra = counted - book
        value = (div_round(item.value_on_hand * extra, item.qty_on_hand) if item.qty_on_hand
                 else div_round(item.last_cost * extra, item.unit_size))
        return plan.put(item, extra, value, "count")
    return 0


def write_off(ctx: Context, item_id: int, base_qty: int, *, reason: str,
              date: dt.date | str | None = None) -> int:
    """Take damaged or expired goods out of stock at average cost (Dr 6-1800, Cr 1-1400)."""
    require_quantity(base_qty)
    if not reason.strip():
        raise InvalidInput(N_("Give the reason for the write-off (damaged, expired …)."))
    day = parse_date(date) if date else ctx.today()
    with ctx.write("stock.write") as conn:
        ledger.check_open(conn, day, ctx.today())  # goods of no value post no entry
        item = items.get(conn, item_id)
        plan = StockPlan(conn, day)
        value = plan.take(item, base_qty, "writeoff")
        entry_id = ledger.write_entry(
            ctx, date=day, memo=f"Penghapusan {item.name}: {reason.strip()}",
            origin_type="stock_writeoff", origin_id=None, post=False,
            lines=[Line(DAMAGE_ACCOUNT, debit=value), Line(ledger.PERSEDIAAN, credit=value)],
        ) if value else None
        doc_id = conn.execute("INSERT INTO stock_writeoffs (item_id, date, quantity, value, reason,"
                              " entry_id, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)",
                              (item_id, day.isoformat(), base_qty, value, reason.strip(), entry_id,
                               ctx.user.id, ctx.now())).lastrowid
        plan.apply(day, doc_id, entry_id)
        if entry_id:
            ledger.post_draft(conn, entry_id, doc_id)
        audit.log(ctx, "stock.writeoff", f"stock_writeoff:{doc_id}", entry_id=entry_id,
                  detail={"item": item_id, "qty": base_qty, "value": value})
    return doc_id


# ---- the desktop's count and write-off forms ------------------------------------------------

def count_difference(item: items.Item, counted: int, book: int | None = None) -> int:
    """The value a count of ``counted`` base units would post for ``item`` as it stands:
    negative for a shortage, positive for a surplus — the same figure :func:`count` posts,
    shown live while the count is typed. ``book`` is the book quantity of the count's day
    (:func:`book_quantity`) when that is not today. Reads nothing (the plan needs no
    connection when it already knows the item)."""
    plan = StockPlan(None)
    plan.know([item])
    return _plan_count(plan, item, counted, item.qty_on_hand if book is None else book)


def book_quantity(conn: Connection, item: items.Item, day: dt.date | str) -> int:
    """The quantity of ``item`` on the books at the end of ``day``: what a count dated then
    is compared with."""
    return StockPlan(conn).level_on(item, parse_date(day))[0]


@dataclass(frozen=True)
class WriteOff:
    id: int
    item_id: int
    name: str
    date: dt.date
    quantity: int   # base units
    value: int
    reason: str


def writeoffs(conn: Connection, start: dt.date | str, end: dt.date | str) -> list[WriteOff]:
    """The write-offs dated ``start`` to ``end``, newest first."""
    rows = conn.execute(
        "SELECT w.id, w.item_id, i.name, w.date, w.quantity, w.value, w.reason"
        " FROM stock_writeoffs w JOIN items i ON i.id = w.item_id WHERE w.date BETWEEN ? AND ?"
        " ORDER BY w.date DESC, w.id DESC",
        (parse_date(start).isoformat(), parse_date(end).isoformat()))
    return [WriteOff(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), *r[4:]) for r in rows]
