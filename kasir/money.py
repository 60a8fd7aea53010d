"""Money and quantities: always Python ``int`` (whole rupiah; smallest unit of a good).

The one rounding rule: when an amount must be divided (SHU shares, averages), use
:func:`split` (largest remainder, so the parts always sum to the whole) or :func:`div_round`
(round half up, away from zero for negatives). Nothing else in kasir rounds money.
"""

from __future__ import annotations

import re

from kasir.errors import InvalidAmount
from kasir.i18n import N_

_DIGITS = re.compile(r"^-?\d+$")


def parse_amount(text: str | int) -> int:
    """Read a rupiah amount typed by a person: ``150000``, ``150.000``, ``Rp150.000``.

    Decimal fractions are refused: rupiah are whole.
    """
    if isinstance(text, bool):
        raise InvalidAmount(N_("The amount {value} is not a whole number of rupiah."),
                            value=str(text))
    if isinstance(text, int):
        return text
    cleaned = str(text).strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not _DIGITS.match(cleaned):
        raise InvalidAmount(N_("The amount {value} is not a whole number of rupiah."),
                            value=str(text))
    return int(cleaned)


def require_positive(amount: object, what: str = "") -> int:
    """Return ``amount`` if it is a positive ``int``; otherwise raise :class:`InvalidAmount`."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidAmount(N_("The amount {value} is not a whole number of rupiah."),
                            value=str(amount))
    if amount <= 0:
        raise InvalidAmount(N_("The amount must be more than zero (got {value})."),
                            value=str(amount))
    return amount


def div_round(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero."""
    if denominator == 0:
        raise ZeroDivisionError("div_round by zero")
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    q, r = divmod(abs(numerator), abs(denominator))
    if 2 * r >= abs(denominator):
        q += 1
    return sign * q


def split(total: int, weights: list[int]) -> list[int]:
    """Share ``total`` in proportion to ``weights``; the parts sum exactly to ``total``.

    Largest-remainder method: each part gets its floor, then the rupiah left over go one by
    one to the largest remainders (ties to the earlier weight), so nothing is lost.
    """
    weight_sum = sum(weights)
    if weight_sum <= 0:
        return [0] * len(weights)
    floors = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors
