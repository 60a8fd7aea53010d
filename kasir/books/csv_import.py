"""All-or-nothing CSV imports (members, items).

Every row goes through its area's own business event, each as a savepoint inside one
transaction. Every refused line is reported with its number; if any line is refused the whole
import is rolled back, so fixing the file and importing it again never adds anything twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kasir.books.context import Context
from kasir.errors import InvalidInput, KasirError
from kasir.i18n import N_


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rejected(Exception):
    """Raised inside the transaction to roll back an import with refused lines."""


def all_or_nothing(ctx: Context, permission: str, text: str, *, required: Sequence[str],
                   columns: Sequence[str], add_row: Callable[[dict[str, str]], object]) -> ImportReport:
    """Import ``text`` row by row with ``add_row`` (headers are case-insensitive, values
    stripped); refused with a clear message if a required column is missing."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidInput(N_("The CSV file needs the columns {columns}; missing: {missing}."),
                           columns=", ".join(columns), missing=", ".join(missing))
    report = ImportReport()
    try:
        with ctx.write(permission):
            for line, raw in enumerate(reader, start=2):
                row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
                try:
                    add_row(row)
                    report.imported += 1
                except KasirError as exc:
                    report.errors.append((line, str(exc)))
            if report.errors:
                raise _Rejected
    except _Rejected:
        report.imported = 0
    return report
