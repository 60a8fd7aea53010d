"""``kasir check``: the tables hold what the audit chain sealed, and the chain is the one
whose head was copied outside the file.

:func:`verify_content` walks the records once, in order, and reads every append-only table
once alongside (one cursor each, by rowid), recomputing each record's range digests; then
it compares every row of the by-row tables with the last digest a record sealed for it.
:func:`verify_heads` compares the chain with the heads kept beside the backups and any head
typed from paper (``kasir check --head SEQ:HASH``).

What this proves, and what it cannot, without a secret: docs/audit-chain.md.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kasir.books import audit
from kasir.db.audit_chain import KEYED, RANGES, Digest, Sealed
from kasir.db.connection import Connection
from kasir.i18n import _
from kasir.paths import backups_dir_for

MAX_FINDINGS = 20
BATCH = 4096  # rows fetched at a time from each table
HEAD_SUFFIX = ".head"


class _Rows:
    """One append-only table read by rowid, taken range by range (in batches: a ten-year
    file has millions of rows, so the work per row stays in C)."""

    def __init__(self, conn: Connection, spec: Sealed) -> None:
        self.spec = spec
        self._cur = conn.execute(f"SELECT rowid, {spec.row_sql} FROM {spec.table} ORDER BY rowid")
        self._ids: Sequence[int] = ()
        self._texts: Sequence[str] = ()
        self._at = 0

    def _fill(self) -> bool:
        rows = self._cur.fetchmany(BATCH)
        if rows:
            self._ids, self._texts = zip(*rows, strict=True)
            self._at = 0
        return bool(rows)

    def take(self, hi: int) -> tuple[int, str]:
        """(how many, digest) of the rows not yet taken up to rowid ``hi``."""
        at, ids = self._at, self._ids
        end = bisect_right(ids, hi, at)
        if end < len(ids):  # the usual case: a few rows inside the batch at hand
            self._at = end
            return end - at, Digest.of(self.spec.table, self._texts[at:end])
        d = Digest(self.spec.table)  # the range runs on into the next batches
        while self._at < len(self._ids) or self._fill():
            end = bisect_right(self._ids, hi, self._at)
            d.extend(self._texts[self._at:end])
            self._at = end
            if end < len(self._ids):
                break
        return d.rows, d.hex()

    def rest(self) -> tuple[int, int] | None:
        """The first and last rowid of the rows left (None when none are)."""
        first = last = None
        while self._at < len(self._ids) or self._fill():
            first = self._ids[self._at] if first is None else first
            last, self._at = self._ids[-1], len(self._ids)
        return None if first is None else (first, last)


def _record(conn: Connection, seq: int) -> str:
    """A record as named in a finding: "audit record 812 (sale.checkout sale:400, 2025-03-02)"."""
    row = conn.execute("SELECT action, subject, at FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    action, subject, at = row if row else ("?", "", "")
    return _("audit record {seq} ({action} {subject}, {day})").format(
        seq=seq, action=action, subject=subject, day=at[:10])


def verify_content(conn: Connection) -> list[str]:
    """Every sealed row is as its record sealed it, and no row is outside every seal."""
    found: list[str] = []
    tables = {spec.table: _Rows(conn, spec) for spec in RANGES}
    marks = dict.fromkeys(tables, 0)
    latest: dict[tuple[str, str], tuple[str, int]] = {}
    for seq, content in conn.execute(
            "SELECT seq, content FROM audit_log WHERE content <> '' ORDER BY seq"):
        try:
            sealed = json.loads(content)
            ranges, keyed = sealed.get("r", {}), sealed.get("k", {})
        except (ValueError, AttributeError):
            found.append(_("The seal in {record} cannot be read.").format(record=_record(conn, seq)))
            continue
        for table, (upto, n, digest) in ranges.items():
            rows = tables.get(table)
            if rows is None or upto <= marks[table]:
                found.append(_("{record} seals rows of {table} it cannot seal (up to {upto})."
                               ).format(record=_record(conn, seq), table=table, upto=upto))
                continue
            got = rows.take(upto)
            if got != (n, digest):
                found.append(_range_finding(conn, seq, table, marks[table], upto, n, got[0]))
            marks[table] = upto
        for table, rows_of in keyed.items():
            for key, digest in rows_of.items():
                latest[(table, key)] = (digest, seq)
        if len(found) > MAX_FINDINGS:
            break
    for table, rows in tables.items():
        if left := rows.rest():
            found.append(_("{rows}: written outside any audit record (after the chain's last "
                           "seal).").format(rows=_span(table, left[0] - 1, left[1])))
    found += _keyed_findings(conn, latest)
    if len(found) > MAX_FINDINGS:
        found = [*found[:MAX_FINDINGS], _("… more findings are not listed.")]
    return found


def _span(table: str, lo: int, hi: int) -> str:
    """Rows (lo, hi] of a table as findings name them: "journal_lines 23–24"."""
    return f"{table} {hi}" if hi == lo + 1 else f"{table} {lo + 1}–{hi}"


def _range_finding(conn: Connection, seq: int, table: str, lo: int, hi: int, sealed: int,
                   now: int) -> str:
    what = (_("content changed") if now == sealed else
            _("rows sealed: {sealed}, rows there now: {now}").format(sealed=sealed, now=now))
    return _("{rows}: not what {record} sealed ({what}).").format(
        rows=_span(table, lo, hi), record=_record(conn, seq), what=what)


def _current(conn: Connection, spec: Sealed) -> Iterator[tuple[str, str, str]]:
    """(key, name, digest) of every row (or group) of a by-row table as it is now; the name
    is how findings call it ("users 4 (kasir)")."""
    where = f" WHERE {spec.where.format(row='')}" if spec.where else ""
    order = ", ".join([*spec.key, *spec.order])
    label = spec.label or "NULL"
    key, name, d = None, "", None
    for k, shown, text in conn.execute(
            f"SELECT {spec.key_sql()}, {label}, {spec.row_sql} FROM {spec.table}{where}"
            f" ORDER BY {order}"):
        if k != key:
            if d is not None:
                yield key, name, d.hex()
            key, d = k, Digest(spec.table)
            name = f"{spec.table} {k}" + (f" ({shown})" if shown is not None else "")
        d.add(text)
    if d is not None:
        yield key, name, d.hex()


def _keyed_findings(conn: Connection, latest: dict[tuple[str, str], tuple[str, int]]) -> list[str]:
    found = []
    for spec in KEYED:
        for key, name, digest in _current(conn, spec):
            sealed = latest.pop((spec.table, key), None)
            if sealed is None:
                found.append(_("{row}: written outside any audit record.").format(row=name))
            elif sealed[0] != digest:
                found.append(_("{row}: not what {record} sealed.").format(
                    row=name, record=_record(conn, sealed[1])))
    for (table, key), (digest, seq) in sorted(latest.items()):
        if digest != "-":
            found.append(_("{row}: sealed by {record}, now gone.").format(
                row=f"{table} {key}", record=_record(conn, seq)))
    return found


# ---- heads kept outside the file ----------------------------------------------------------

def db_path(conn: Connection) -> Path | None:
    """The file the connection reads (None for an in-memory database)."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


def backup_heads(conn: Connection) -> tuple[list[tuple[str, int, str]], list[str]]:
    """The heads written beside this co-op's backups: ([(backup name, seq, hash)], findings).

    A head names its co-op (``meta.coop_uid``); heads of other co-ops sharing the folder are
    skipped, unless the backup bears this file's name — then the file's identity is in doubt.
    """
    path = db_path(conn)
    if path is None:
        return [], []
    folder = backups_dir_for(path)
    uid_row = conn.execute("SELECT value FROM meta WHERE key = 'coop_uid'").fetchone()
    uid = uid_row[0] if uid_row else None
    heads, found = [], []
    for file in sorted(folder.glob(f"*{HEAD_SUFFIX}")) if folder.is_dir() else []:
        name = file.name[:-len(HEAD_SUFFIX)]
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            theirs, seq, digest = data["coop_uid"], int(data["seq"]), str(data["hash"])
        except (OSError, ValueError, KeyError, TypeError):
            found.append(_("The chain head beside the backup {name} cannot be read.")
                         .format(name=name))
            continue
        if theirs == uid:
            heads.append((name, seq, digest))
        elif name.startswith(f"{path.stem}-"):
            found.append(_("The backup {name} of this file belongs to another co-op ({theirs}); "
                           "this file says it is {ours}.").format(name=name, theirs=theirs,
                                                                 ours=uid))
    return heads, found


def _restores(conn: Connection) -> list[tuple[int, int]]:
    """(seq of each restore record, last seq of the chain it set aside): the heads of backups
    taken from that chain after the restored point are not in this file, and a finding says
    so instead of calling it a rewrite (it is one only if the restore itself was forged)."""
    out = []
    for seq, detail in conn.execute("SELECT seq, detail FROM audit_log WHERE action = 'restore'"):
        try:
            out.append((seq, int(json.loads(detail)["replaced"]["seq"])))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def verify_heads(conn: Connection, given: Iterable[tuple[int, str]] = ()) -> list[str]:
    """The chain holds, at each head's sequence number, the record with that head's hash."""
    heads, found = backup_heads(conn)
    compare = [(_("the head beside the backup {name}").format(name=name), seq, digest)
               for name, seq, digest in heads]
    compare += [(_("the head {seq}:{hash} given on the command line").format(seq=seq, hash=h),
                 seq, h) for seq, h in given]
    last, _hash = audit.chain_head(conn)
    restores = _restores(conn)
    for label, seq, digest in compare:
        row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
        if row is not None and row[0].startswith(digest.lower()):
            continue
        restore = next(((r, upto) for r, upto in restores if r <= seq <= upto), None)
        if restore:
            found.append(_("The audit record {seq} that {label} names is not in this chain: "
                           "{record} put an older backup in place and set aside a chain that "
                           "ended at record {upto}. The events after the restored backup are "
                           "not in this file. If that restore was yours, move the backups made "
                           "after it to another folder (keep them): the check then passes.").format(
                seq=seq, label=label, record=_record(conn, restore[0]), upto=restore[1]))
        elif row is None and seq > last:
            found.append(_("The audit chain was rewritten or cut off: it ends at record {last}, "
                           "but {label} has record {seq}.").format(last=last, label=label,
                                                                   seq=seq))
        else:
            found.append(_("The audit chain was rewritten: record {seq} is not the one {label} "
                           "recorded.").format(seq=seq, label=label))
    return found[:MAX_FINDINGS]
