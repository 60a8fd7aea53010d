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
from decimal import Decimal
from typing import Literal

from kasir.errors import InvalidInput
from kasir.i18n import N_, stock_quantity

ColumnKind = Literal["text", "money", "number", "date", "percent", "quantity"]
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
class Quantity:
    """A stock quantity cell: kept in base units, shown in units of sale
    (:func:`kasir.i18n.stock_quantity`); spreadsheets and CSV get the number of units of sale."""

    base: int
    unit_size: int
    base_unit: str
    unit: str = ""        # the unit of sale's name, where the row does not name it already

    def __str__(self) -> str:
        return stock_quantity(self.base, self.unit_size, self.base_unit, self.unit)

    @property
    def units(self) -> int | float:
        """Units of sale: a whole number, or the fraction to three decimals (a loose rest)."""
        whole, rest = divmod(self.base, self.unit_size)
        if not rest:
            return whole
        return float((Decimal(self.base) / self.unit_size).quantize(Decimal("0.001")))


def percent_number(basis_points: int) -> int | float:
    """Basis points as the percentage a reader means: 4000 → 40, 1250 → 12.5."""
    whole, rest = divmod(basis_points, 100)
    return whole if not rest else float(Decimal(basis_points) / 100)


def plain(value: object, kind: str) -> object:
    """A cell as plain data (CSV, JSON): percentages as percentages (40, 12.5), quantities as
    units of sale, dates as ISO text; money and counts stay integers."""
    if value is None:
        return ""
    if kind == "percent" and isinstance(value, int) and not isinstance(value, bool):
        return percent_number(value)
    if isinstance(value, Quantity):
        return value.units
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Column:
    title: str               # already translated
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Row:
    cells: tuple             # one value per column: str, int (rupiah or count), dt.date, None;
    #                          a percent cell holds basis points (int, 4000 = 40%), a quantity
    #                          cell a Quantity
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
