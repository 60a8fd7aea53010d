"""The audit trail: append-only and hash-chained.

Each record carries the SHA-256 of the one before it, and its own hash covers its sequence
number and every field, so an edited, inserted or deleted record breaks the chain. The
database refuses UPDATE and DELETE outright; :func:`verify_chain` catches what raw edits with
the triggers dropped would leave behind. A deleted *tail* is caught by `checks`, which also
demands an audit record for every journal entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from kasir.db.connection import Connection
from kasir.i18n import _

GENESIS = "0" * 64


def canonical(detail: dict | None) -> str:
    return json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def record_hash(prev_hash: str, seq: int, at: str, user_id: int | None, username: str,
                action: str, subject: str, entry_id: int | None, detail: str) -> str:
    payload = "\x1f".join(str(x) for x in
                          (prev_hash, seq, at, user_id, username, action, subject, entry_id, detail))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn: Connection, *, at: str, user_id: int | None, username: str, action: str,
           subject: str = "", entry_id: int | None = None, detail: dict | None = None) -> int:
    """Append one record; call inside the event's transaction. Returns its sequence number."""
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    text = canonical(detail)
    digest = record_hash(prev, seq, at, user_id, username, action, subject, entry_id, text)
    conn.execute(
        "INSERT INTO audit_log (seq, at, user_id, username, action, subject, entry_id, detail,"
        " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (seq, at, user_id, username, action, subject, entry_id, text, prev, digest))
    return seq


def log(ctx, action: str, subject: str = "", *, entry_id: int | None = None,
        detail: dict | None = None) -> int:
    """Append a record for the context's user at the context's time."""
    return append(ctx.conn, at=ctx.now(), user_id=ctx.user.id, username=ctx.user.username,
                  action=action, subject=subject, entry_id=entry_id, detail=detail)


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    username: str
    action: str
    subject: str
    entry_id: int | None
    detail: str


def recent(conn: Connection, limit: int = 100) -> list[AuditRecord]:
    rows = conn.execute("SELECT seq, at, username, action, subject, entry_id, detail FROM audit_log"
                        " ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
    return [AuditRecord(*r) for r in rows]


def verify_chain(conn: Connection) -> list[str]:
    """Walk the whole chain; return a description of each break (empty when intact)."""
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    rows = conn.execute("SELECT seq, at, user_id, username, action, subject, entry_id, detail,"
                        " prev_hash, hash FROM audit_log ORDER BY seq")
    for seq, at, uid, uname, action, subject, entry_id, detail, prev_hash, digest in rows:
        if seq != expected_seq:
            problems.append(_("Audit record {missing} is missing (the next one is {seq}).")
                            .format(missing=expected_seq, seq=seq))
        if prev_hash != prev:
            problems.append(_("Audit record {seq} does not follow the record before it.")
                            .format(seq=seq))
        if record_hash(prev_hash, seq, at, uid, uname, action, subject, entry_id, detail) != digest:
            problems.append(_("Audit record {seq} was changed after it was written.")
                            .format(seq=seq))
        prev, expected_seq = digest, seq + 1
        if len(problems) > 20:
            problems.append(_("… more breaks are not listed."))
            break
    return problems
