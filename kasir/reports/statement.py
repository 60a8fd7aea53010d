"""The plain data every report is made of, and the period it covers.

A statement builder returns a :class:`Statement`: columns, rows and key figures, with nothing
about paper or files. The PDF renderer, the XLSX/CSV exporters, the desktop preview and the
tests all read this one shape, so a figure printed is the figure computed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from kasir.errors import InvalidInput
from kasir.i18n import N_

ColumnKind = Literal["text", "money", "number", "date", "percent"]
RowStyle = Literal["normal", "heading", "subtotal", "total"]


@dataclass(frozen=True)
class Period:
    """An inclusive range of days: a month (``2025-06``), a year (``2025``) or any range."""

    start: dt.date
    end: dt.date
    label: str  # "2025-06", "2025" or "2025-01-01..2025-03-31"

    @property
    def previous_end(self) -> dt.date:
        """The day before the period starts: where its opening balances stand."""
        return self.start - dt.timedelta(days=1)


def parse_period(text: str) -> Period:
    """``YYYY-MM`` → that month; ``YYYY`` → that year; refused otherwise with a clear message."""
    text = str(text).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return Period(dt.date(year, month, 1), dt.date(year, month, last), text)
    elif re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
    raise InvalidInput(N_("The period {value} is not a month (YYYY-MM) or a year (YYYY)."),
                       value=text)


@dataclass(frozen=True)
class Column:
    title: str               # already translated
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Row:
    cells: tuple             # one value per column: str, int (rupiah or count), dt.date, None;
    #                          a percent cell holds basis points (int, 4000 = 40%) or a float percentage
    style: RowStyle = "normal"
    level: int = 0           # indentation of the first cell


@dataclass
class Statement:
    """One report's content. ``figures`` names the key totals (for tests and cross-checks)."""

    key: str                 # registry name, e.g. "posisi-keuangan"
    title: str               # translated
    period: Period
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)   # translated sentences under the table
    draft: bool = False      # the year is not closed: printed DRAFT on every page
    subtitle: str = ""
