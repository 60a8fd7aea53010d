"""Accounting dates: plain ``datetime.date`` values, months as ``'YYYY-MM'`` strings."""

from __future__ import annotations

import datetime as dt

from kasir.errors import InvalidInput
from kasir.i18n import N_


def parse_date(value: dt.date | str) -> dt.date:
    """A date from a ``date`` or an ISO ``YYYY-MM-DD`` string; anything else is refused."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(N_("{value} is not a date; write it as YYYY-MM-DD, e.g. 2025-08-17."),
                           value=value) from None


def parse_month(value: str) -> str:
    """Validate ``'YYYY-MM'`` and return it."""
    try:
        dt.date.fromisoformat(f"{str(value).strip()}-01")
    except ValueError:
        raise InvalidInput(N_("{value} is not a month; write it as YYYY-MM, e.g. 2025-08."),
                           value=value) from None
    return str(value).strip()


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(month: str) -> dt.date:
    return dt.date.fromisoformat(f"{month}-01")


def add_months(month: str, n: int) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + (mon - 1) + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_end(month: str) -> dt.date:
    return month_start(add_months(month, 1)) - dt.timedelta(days=1)


def months_between(first: str, last: str) -> int:
    """Number of months from ``first`` to ``last`` inclusive (0 if last is before first)."""
    a = int(first[:4]) * 12 + int(first[5:7])
    b = int(last[:4]) * 12 + int(last[5:7])
    return max(0, b - a + 1)
