"""Regulated goods: ceiling prices (HET) by zone, per-buyer daily caps, NIK-required items.

Decrees change them, so they are rows with validity dates, never constants in code. The
rule in force for a product on a day is the one whose [valid_from, valid_to] holds the day,
the zone-specific one before an all-zones one, the latest start first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from kasir.books import audit
from kasir.books.context import Context
from kasir.dates import parse_date
from kasir.db.connection import Connection
from kasir.errors import InvalidInput, KasirError
from kasir.i18n import N_

RULES = ("het", "cap", "nik")


@dataclass(frozen=True)
class Rules:
    """What applies to one product on one day in one zone."""

    het: tuple[int, int] | None = None  # (rupiah, per base units)
    cap: int | None = None              # base units per buyer per day
    nik: bool = False

    def max_price(self, unit_size: int) -> int | None:
        """The ceiling for one unit of sale of ``unit_size`` base units (rounded down)."""
        if self.het is None:
            return None
        amount, per = self.het
        return amount * unit_size // per


NONE = Rules()


def rules(conn: Connection, product: str | None, day: dt.date, zone: int) -> Rules:
    if not product:
        return NONE
    found: dict[str, tuple[int, int]] = {}
    for rule, amount, per in conn.execute(
            "SELECT rule, amount, per_quantity FROM regulations WHERE product = :p"
            " AND valid_from <= :d AND (valid_to IS NULL OR valid_to >= :d)"
            " AND (zone IS NULL OR zone = :z) ORDER BY zone IS NULL, valid_from DESC",
            {"p": product, "d": day.isoformat(), "z": zone}):
        found.setdefault(rule, (amount, per))
    return _as_rules(found)


def _as_rules(found: dict[str, tuple]) -> Rules:
    het = found.get("het")
    return Rules(het=(het[0], het[1]) if het else None,
                 cap=found["cap"][0] if "cap" in found else None, nik="nik" in found)


def products(conn: Connection) -> list[tuple[str, str, str]]:
    """(code, name, base unit) of every regulated product."""
    return conn.execute("SELECT code, name, base_unit FROM products ORDER BY code").fetchall()


def add_rule(ctx: Context, *, product: str, rule: str, amount: int, per_quantity: int = 1,
             zone: int | None = None, valid_from: dt.date | str, valid_to: dt.date | str | None = None,
             source: str = "") -> int:
    """Record a decree's rule; the older rule of the same kind should be given a valid_to."""
    if rule not in RULES:
        raise InvalidInput(N_("A rule is het, cap or nik (got {rule})."), rule=rule)
    start = parse_date(valid_from)
    end = parse_date(valid_to) if valid_to else None
    if end and end < start:
        raise InvalidInput(N_("A rule cannot end before it starts."))
    if zone not in (None, 1, 2, 3):
        raise InvalidInput(N_("The HET zone is 1, 2 or 3."))
    for value in (amount, per_quantity):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidInput(N_("Rule amounts are whole numbers, not negative."))
    with ctx.write("stock.write") as conn:
        if not conn.execute("SELECT 1 FROM products WHERE code = ?", (product,)).fetchone():
            raise InvalidInput(N_("Unknown regulated product {code}."), code=product)
        rule_id = conn.execute(
            "INSERT INTO regulations (product, rule, zone, amount, per_quantity, valid_from,"
            " valid_to, source) VALUES (?,?,?,?,?,?,?,?)",
            (product, rule, zone, amount, max(per_quantity, 1), start.isoformat(),
             end.isoformat() if end else None, source)).lastrowid
        audit.log(ctx, "regulation.add", f"regulation:{rule_id}",
                  detail={"product": product, "rule": rule, "amount": amount, "zone": zone,
                          "from": start.isoformat()})
    return rule_id


def import_rules(ctx: Context, text: str) -> int:
    """Import decree rows (CSV: product,rule,zone,amount,per_quantity,valid_from,valid_to,source);
    all rows or none."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    with ctx.write("stock.write"):
        for line, row in enumerate(rows, start=2):
            try:
                add_rule(ctx, product=row["product"].strip(), rule=row["rule"].strip(),
                         zone=int(row["zone"]) if (row.get("zone") or "").strip() else None,
                         amount=int(row["amount"]), per_quantity=int(row.get("per_quantity") or 1),
                         valid_from=row["valid_from"], valid_to=(row.get("valid_to") or None),
                         source=row.get("source", ""))
            except (KeyError, ValueError) as exc:
                raise InvalidInput(N_("Line {line} of the rules file is not valid ({reason})."),
                                   line=line, reason=str(exc)) from exc
            except KasirError as exc:
                raise InvalidInput(N_("Line {line} of the rules file: {reason}"), line=line,
                                   reason=str(exc)) from exc
    return len(rows)
