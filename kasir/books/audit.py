"""The audit trail: append-only and hash-chained, sealing what each event wrote.

Each record carries the SHA-256 of the one before it, and its own hash covers its sequence
number, every field and the digests of the rows its event wrote (:mod:`kasir.db.audit_chain`
keeps the storage side). The database refuses UPDATE and DELETE outright;
:func:`verify_chain` catches what raw edits with the triggers dropped would leave behind, and
:mod:`kasir.books.audit_digest` proves the tables still hold what the records sealed. A chain
rewritten from end to end is caught only against a copy of its head kept outside the file
(:func:`chain_head`: beside each backup, on the monthly pack, in a treasurer's notebook).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kasir.db.audit_chain import GENESIS, append, canonical, head, record_hash
from kasir.db.connection import Connection
from kasir.errors import InvalidInput
from kasir.i18n import N_, _

__all__ = ["GENESIS", "append", "canonical", "chain_head", "log", "parse_head", "recent",
           "record_hash", "short_head", "verify_chain"]

# The head as printed on paper: "1234:9f86d081884c7d65". 64 bits: rewriting a chain until its
# record 1234 matches them would take decades of GPU time (48 bits would take hours).
SHORT_HEX = 16


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
                        " content, prev_hash, hash FROM audit_log ORDER BY seq")
    for seq, at, uid, uname, action, subject, entry_id, detail, content, prev_hash, digest in rows:
        if seq != expected_seq:
            problems.append(_("Audit record {missing} is missing (the next one is {seq}).")
                            .format(missing=expected_seq, seq=seq))
        if prev_hash != prev:
            problems.append(_("Audit record {seq} does not follow the record before it.")
                            .format(seq=seq))
        if record_hash(prev_hash, seq, at, uid, uname, action, subject, entry_id, detail,
                       content) != digest:
            problems.append(_("Audit record {seq} was changed after it was written.")
                            .format(seq=seq))
        prev, expected_seq = digest, seq + 1
        if len(problems) > 20:
            problems.append(_("… more breaks are not listed."))
            break
    return problems


def chain_head(conn: Connection) -> tuple[int, str]:
    """(sequence number, hash) of the last audit record: what a copy outside the file keeps."""
    return head(conn)


def short_head(conn: Connection) -> str:
    """The head in the short form printed on paper and typed back: ``SEQ:first 16 hex digits``."""
    seq, digest = head(conn)
    return f"{seq}:{digest[:SHORT_HEX]}"


def parse_head(text: str) -> tuple[int, str]:
    """``1234:9f86d081884c7d65`` (or the whole hash) → (1234, "9f86d081884c7d65"); refused
    otherwise."""
    match = re.fullmatch(r"\s*(\d{1,12})\s*:\s*([0-9a-fA-F]{12,64})\s*", str(text))
    if not match:
        raise InvalidInput(N_("The audit chain head {value} is not in the form SEQ:HASH, as "
                              "printed on the monthly pack (for example 1234:9f86d081884c7d65)."),
                           value=text)
    return int(match[1]), match[2].lower()
