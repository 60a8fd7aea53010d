"""The audit chain as stored: each record's hash, and the seal of what its event wrote.

Every ``audit_log`` record carries the SHA-256 of the record before it, and its own hash
covers its fields. Since schema 6 a record also *seals* the rows written since the record
before it (its ``content``), so the books' content is part of the chain, not only the
records about it:

* Append-only tables (entries and their lines, savings, documents …) are sealed by rowid
  range. The record names, per table that grew, the highest rowid now, how many rows came
  since the previous record's mark and a digest of their content. No event has to say what
  it wrote: the rows between two marks are what was written between two records.
* Tables whose rows change (users, members, items, accounts, settings …) are sealed by
  row. Triggers note each changed row in ``audit_pending``; the next record stores the
  row's digest as it now is ("-" when it is gone) and empties the list. Columns that change
  without an event (a user's failed sign-ins) or that are derived and proven by ``kasir
  check`` in another way (an item's stock on hand) are left out.

``kasir check`` (:mod:`kasir.books.audit_digest`) recomputes every digest from the tables.
This module is in ``db/`` because migration 6 makes its triggers from the table list and
seals an existing file's rows, before anything above the database layer runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kasir.db.connection import Connection

GENESIS = "0" * 64
DIGEST_HEX = 32  # 128 bits of SHA-256: no one can find other rows with the same digest
CONTENT_VERSION = 1
BIG_RANGE = 10_000  # rows of one table above which a range is streamed to its digest


@dataclass(frozen=True)
class Sealed:
    """A table whose content the chain seals, and which of its columns count."""

    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...] = ()   # by-row tables: the columns naming a row or a group of rows
    order: tuple[str, ...] = ()  # rows within one key (groups of lines), after the key
    where: str = ""             # only rows matching this ({row} is "NEW." or "")
    label: str = ""             # a column that names the row to people (check's findings)

    def key_sql(self, row: str = "") -> str:
        return " || '/' || ".join(f"CAST({row}{c} AS TEXT)" for c in self.key)

    @property
    def row_sql(self) -> str:
        """One row as text: each column as an SQL string literal or NULL (``%Q``: quotes
        doubled, so the text is unambiguous), comma-joined. printf is twice as fast as
        quote() per column on a ten-year file."""
        return f"printf('{','.join(['%Q'] * len(self.columns))}', {', '.join(self.columns)})"


def _t(table: str, columns: str, **kw) -> Sealed:
    return Sealed(table, tuple(columns.split()),
                  **{k: tuple(v.split()) if k in ("key", "order") else v for k, v in kw.items()})


# Append-only tables, sealed by rowid range. journal_entries.posted is left out: an entry is
# posted (0 -> 1) after its lines, and `kasir check` proves no entry stays a draft.
RANGES: tuple[Sealed, ...] = (
    _t("journal_entries", "id date memo origin_type origin_id reverses_id created_by created_at"),
    _t("journal_lines", "id entry_id account_id debit credit member_id memo"),
    _t("savings_tx", "id member_id kind type amount date entry_id reverses_id memo created_by "
                     "created_at"),
    _t("closed_periods", "rowid month closed_at closed_by"),
    _t("stock_moves", "id item_id date kind quantity value qty_after value_after doc_id entry_id"),
    _t("purchases", "id supplier_id date payment invoice transport total entry_id created_by "
                    "created_at"),
    _t("purchase_lines", "id purchase_id item_id quantity base_qty cost"),
    _t("supplier_payments", "id supplier_id date amount via entry_id created_by created_at"),
    _t("sales", "id receipt till shift_id date member_id buyer_nik payment total cost tendered "
                "reference entry_id created_by created_at"),
    _t("sale_lines", "id sale_id item_id quantity base_qty price amount cost"),
    _t("sale_voids", "id sale_id date reason shift_id entry_id created_by created_at"),
    _t("sale_returns", "id sale_id date reason refund shift_id entry_id created_by created_at"),
    _t("sale_return_lines", "id return_id sale_line_id quantity amount cost"),
    _t("credit_payments", "id member_id date amount via entry_id created_by created_at"),
    _t("stock_counts", "id date memo entry_id created_by created_at"),
    _t("stock_writeoffs", "id item_id date quantity value reason entry_id created_by created_at"),
)

# Tables sealed by row (or by group: the lines of one count, one year's SHU pools and shares).
KEYED: tuple[Sealed, ...] = (
    # failed_logins and last_failed_at change on every wrong password, with no event
    _t("users", "id username full_name role password_hash active created_at", key="id",
       label="username"),
    _t("members", "id number nik name address gender phone join_date status exit_date "
                  "created_by created_at", key="id", label="number"),
    # qty_on_hand and value_on_hand follow each stock move; check proves them from the moves
    _t("items", "id name category unit base_unit unit_size member_price nonmember_price "
                "product low_stock active last_cost", key="id", label="name"),
    _t("barcodes", "code item_id", key="code"),
    _t("accounts", "id code name kind managed active", key="id", label="code"),
    _t("suppliers", "id name kind member_id phone address active", key="id", label="name"),
    _t("supplier_quotas", "supplier_id item_id weekly_qty", key="supplier_id item_id"),
    _t("settings", "key value", key="key"),
    _t("profile", "id name legal_number nib address village district province het_zone "
                  "book_year_start_month pokok_amount wajib_amount wajib_frequency", key="id"),
    _t("shu_allocation", "key position basis_points", key="key"),
    _t("products", "code name base_unit", key="code"),
    _t("regulations", "id product rule zone amount per_quantity valid_from valid_to source",
       key="id"),
    _t("shifts", "id till date float opened_by opened_at closed_by closed_at expected counted "
                 "counts entry_id", key="id"),
    _t("shu_years", "year start_date end_date surplus close_entry_id closed_by closed_at "
                    "alloc_entry_id alloc_basis payout_entry_id payout_method", key="year"),
    _t("stock_count_lines", "count_id item_id book_qty counted_qty diff_value", key="count_id",
       order="item_id"),
    _t("shu_pools", "year key position basis_points amount account_id", key="year", order="key"),
    _t("shu_shares", "year member_id purchases savings jasa_usaha jasa_modal", key="year",
       order="member_id"),
    # the co-op's identity (the heads kept beside backups name it) and the practice mark
    _t("meta", "key value", key="key", where="{row}key IN ('coop_uid', 'practice')"),
)

# Tables the chain does not seal, and why (tests/test_forgery.py keeps this list complete).
UNSEALED = {
    "account_month": "derived from the lines; kasir check proves it equals them",
    "receipt_counters": "a counter; receipt numbers are UNIQUE and sealed with each sale",
    "audit_log": "the chain itself",
    "audit_marks": "where the next record's ranges start; a cache of the chain",
    "audit_pending": "rows changed since the last record; emptied by each record",
}

# Columns of sealed tables left out of the seal, and why.
UNSEALED_COLUMNS = {
    "journal_entries.posted": "set 0 -> 1 after the lines; kasir check finds any draft",
    "users.failed_logins": "counts wrong passwords, with no event",
    "users.last_failed_at": "the time of the last wrong password, with no event",
    "items.qty_on_hand": "follows the stock moves; kasir check compares it with them",
    "items.value_on_hand": "follows the stock moves; kasir check compares it with them",
}

KEYED_BY_NAME = {s.table: s for s in KEYED}
# One statement tells an event what it wrote: each append-only table's highest rowid, the
# marks the last record left, and whether any row of the by-row tables changed. (A checkout
# pays about 0.1 ms for its seal, against 0.4 ms for a durable commit.)
_STATE_SQL = ("SELECT " + "".join(f"(SELECT max(rowid) FROM {s.table}), " for s in RANGES)
              + "(SELECT marks FROM audit_marks),"
              " EXISTS (SELECT 1 FROM audit_pending)")


@lru_cache(maxsize=64)
def _ranges_sql(grown: tuple[int, ...]) -> str:
    """The rows of the given tables (indexes into RANGES) in (mark, top], in one statement."""
    return " UNION ALL ".join(
        f"SELECT {i} AS t, rowid AS r, {RANGES[i].row_sql} FROM {RANGES[i].table}"
        " WHERE rowid > ? AND rowid <= ?" for i in grown)


class Digest:
    """SHA-256 over a table's name and its rows' text (as :attr:`Sealed.row_sql` gives
    them), one row after another; ``rows`` counts them."""

    def __init__(self, table: str) -> None:
        self._h, self.rows = hashlib.sha256(table.encode()), 0

    def add(self, text: str) -> None:
        self._h.update(b"\n" + text.encode())
        self.rows += 1

    def extend(self, texts: Sequence[str]) -> None:
        """The same as :meth:`add` for each text, in one update (what ``kasir check`` uses)."""
        if texts:
            self._h.update(("\n" + "\n".join(texts)).encode())
            self.rows += len(texts)

    def hex(self) -> str:
        return self._h.hexdigest()[:DIGEST_HEX]

    @staticmethod
    def of(table: str, texts: Sequence[str]) -> str:
        """The same digest in one call, for rows at hand (what ``kasir check`` mostly uses)."""
        data = table + "\n" + "\n".join(texts) if texts else table
        return hashlib.sha256(data.encode()).hexdigest()[:DIGEST_HEX]


def range_digest(conn: Connection, spec: Sealed, lo: int, hi: int) -> Digest:
    """The digest of the rows with rowid in (lo, hi] of an append-only table."""
    d = Digest(spec.table)
    for (text,) in conn.execute(f"SELECT {spec.row_sql} FROM {spec.table} WHERE rowid > ?"
                                " AND rowid <= ? ORDER BY rowid", (lo, hi)):
        d.add(text)
    return d


def key_digest(conn: Connection, spec: Sealed, key: str) -> str:
    """The digest of the row (or group) ``key`` of a by-row table as it is now; "-" if gone."""
    where = " AND ".join(f"{c} = ?" for c in spec.key)
    if spec.where:
        where += " AND " + spec.where.format(row="")
    d = Digest(spec.table)
    for (text,) in conn.execute(f"SELECT {spec.row_sql} FROM {spec.table} WHERE {where}"
                                f" ORDER BY {', '.join(spec.order or spec.key)}",
                                key.split("/", len(spec.key) - 1)):
        d.add(text)
    return d.hex() if d.rows else "-"


def seal(conn: Connection) -> str:
    """The content of the next record: what was written since the last one (or "").

    Call inside the event's transaction, right before the record is inserted; it moves the
    range marks and empties the list of changed rows.
    """
    *tops, marks_text, changed = conn.execute(_STATE_SQL).fetchone()
    marks = {t: int(m) for t, m in (x.split(" ") for x in marks_text.split(","))} \
        if marks_text else {}
    grown = [(i, marks.get(spec.table, 0), top) for i, (spec, top)
             in enumerate(zip(RANGES, tops, strict=True))
             if top is not None and top > marks.get(spec.table, 0)]
    # (a top below its mark means rows were removed: check finds that, nothing is sealed)
    ranges: dict[str, list] = {}
    small = [g for g in grown if g[2] - g[1] <= BIG_RANGE]
    if small:
        texts: dict[int, list[str]] = {i: [] for i, _lo, _hi in small}
        # sorted here, not by SQL: an ORDER BY on the compound costs more than the rows
        for i, _rowid, text in sorted(conn.execute(
                _ranges_sql(tuple(i for i, _lo, _hi in small)),
                [x for _i, lo, hi in small for x in (lo, hi)])):
            texts[i].append(text)
        for i, _lo, top in small:
            table = RANGES[i].table
            ranges[table] = [top, len(texts[i]), Digest.of(table, texts[i])]
    for i, lo, top in grown:
        if top - lo > BIG_RANGE:  # the seal of a whole old file: streamed, not held in memory
            d = range_digest(conn, RANGES[i], lo, top)
            ranges[RANGES[i].table] = [top, d.rows, d.hex()]
    ranges = dict(sorted(ranges.items()))
    if grown:
        marks.update((t, r[0]) for t, r in ranges.items())
        conn.execute("INSERT INTO audit_marks (id, marks) VALUES (1, ?) ON CONFLICT (id)"
                     " DO UPDATE SET marks = excluded.marks",
                     (",".join(f"{t} {m}" for t, m in sorted(marks.items())),))
    keyed: dict[str, dict[str, str]] = {}
    if changed:
        for table, key in conn.execute("SELECT tbl, key FROM audit_pending").fetchall():
            spec = KEYED_BY_NAME.get(table)
            if spec is not None:
                keyed.setdefault(table, {})[key] = key_digest(conn, spec, key)
        conn.execute("DELETE FROM audit_pending")
    if not ranges and not keyed:
        return ""
    content: dict = {"v": CONTENT_VERSION}
    if ranges:
        content["r"] = ranges
    if keyed:
        content["k"] = keyed
    return json.dumps(content, sort_keys=True, separators=(",", ":"))


def canonical(detail: dict | None) -> str:
    return json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def record_hash(prev_hash: str, seq: int, at: str, user_id: int | None, username: str,
                action: str, subject: str, entry_id: int | None, detail: str,
                content: str = "") -> str:
    """A record's hash. The content joins the payload only when there is some, so records
    written before schema 6 keep the hashes they were written with."""
    fields = [prev_hash, seq, at, user_id, username, action, subject, entry_id, detail]
    if content:
        fields.append(content)
    return hashlib.sha256("\x1f".join(str(x) for x in fields).encode("utf-8")).hexdigest()


def append(conn: Connection, *, at: str, user_id: int | None, username: str, action: str,
           subject: str = "", entry_id: int | None = None, detail: dict | None = None) -> int:
    """Append one record sealing what was written since the last; call inside the event's
    transaction, after its last write. Returns its sequence number."""
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    text, content = canonical(detail), seal(conn)
    digest_ = record_hash(prev, seq, at, user_id, username, action, subject, entry_id, text,
                          content)
    conn.execute(
        "INSERT INTO audit_log (seq, at, user_id, username, action, subject, entry_id, detail,"
        " content, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (seq, at, user_id, username, action, subject, entry_id, text, content, prev, digest_))
    return seq


def head(conn: Connection) -> tuple[int, str]:
    """(sequence number, hash) of the last record; (0, GENESIS) for an empty chain."""
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def _triggers(spec: Sealed) -> list[str]:
    t = spec.table

    def note(row: str) -> str:
        # not INSERT OR IGNORE: an outer upsert's conflict policy would override it
        key = spec.key_sql(row)
        return (f"INSERT INTO audit_pending (tbl, key) SELECT '{t}', {key} WHERE NOT EXISTS"
                f" (SELECT 1 FROM audit_pending WHERE tbl = '{t}' AND key = {key})")

    def when(row: str) -> str:
        return f" WHEN {spec.where.format(row=row)}" if spec.where else ""

    either = f" WHEN {spec.where.format(row='OLD.')} OR {spec.where.format(row='NEW.')}" \
        if spec.where else ""
    cols = ", ".join(spec.columns)
    return [
        f"CREATE TRIGGER audit_seal_{t}_insert AFTER INSERT ON {t}{when('NEW.')}"
        f" BEGIN {note('NEW.')}; END",
        # a key may change (a barcode's code): both the old and the new row are noted
        f"CREATE TRIGGER audit_seal_{t}_update AFTER UPDATE OF {cols} ON {t}{either}"
        f" BEGIN {note('OLD.')}; {note('NEW.')}; END",
        f"CREATE TRIGGER audit_seal_{t}_delete AFTER DELETE ON {t}{when('OLD.')}"
        f" BEGIN {note('OLD.')}; END",
    ]


def install_sql() -> str:
    """Migration 6's generated SQL, run in its script: the triggers that note changed rows,
    and every existing row noted. (Run as script text, not statement by statement through
    the driver: a connection that had run this DDL one statement at a time ran every later
    statement measurably slower.)"""
    out = [q for spec in KEYED for q in _triggers(spec)]
    for spec in KEYED:
        where = f" WHERE {spec.where.format(row='')}" if spec.where else ""
        out.append(f"INSERT OR IGNORE INTO audit_pending (tbl, key)"
                   f" SELECT '{spec.table}', {spec.key_sql()} FROM {spec.table}{where}")
    return ";\n".join(out) + ";\n"


def seal_existing(conn: Connection) -> None:
    """Migration 6's Python step (inside its transaction, after its SQL): on a file that
    already has books, a first record sealing all of it, so an upgraded file is protected
    from the upgrade on. A new file has no users yet: its first record (the first
    administrator) seals the rows it starts with."""
    if conn.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        append(conn, at=now, user_id=None, username="kasir", action="audit.seal",
               subject="schema:6", detail={"sealed": "every row written before schema 6"})
