"""Money and quantities: always Python ``int`` (whole rupiah; smallest unit of a good).

The one rounding rule: when an amount must be divided (SHU shares, averages), use
:func:`split` (largest remainder, so the parts always sum to the whole) or :func:`div_round`
(round half up, away from zero for negatives). Nothing else in kasir rounds money.

Every amount and quantity has a ceiling (:data:`MAX_AMOUNT`, :data:`MAX_QUANTITY`), and each
account's monthly total another (:data:`MAX_MONTH_TOTAL`); the database enforces the same
figures (migration 5). With them no sum kasir computes can overflow SQLite's 64-bit integers:
the argument is in docs/decisions.md ("Ceilings on amounts").
"""

from __future__ import annotations

import re

from kasir.errors import InvalidAmount, InvalidInput
from kasir.i18n import N_, number, rupiah

_DIGITS = re.compile(r"^-?\d+$")

# Rp1 trillion: no single amount (a journal line, a savings movement, a price, a sale, a
# purchase, a payment) may exceed it. A village co-op's whole yearly turnover is a few billion.
MAX_AMOUNT = 1_000_000_000_000
# Rp1 quadrillion: the most one account may be debited, or credited, in one month.
MAX_MONTH_TOTAL = 1_000 * MAX_AMOUNT
# 10^9 base units (1,000 tonnes in grams, a billion pieces): the most in one line, count or move.
MAX_QUANTITY = 1_000_000_000


def within_ceiling(amount: int) -> int:
    """Return ``amount`` if it is no further from zero than :data:`MAX_AMOUNT`."""
    if abs(amount) > MAX_AMOUNT:
        raise _too_large(rupiah(amount))
    return amount


def _too_large(shown: str) -> InvalidAmount:
    return InvalidAmount(N_("The amount {value} is above the largest amount kasir accepts, "
                            "{most}. Check the number of digits."),
                         value=shown, most=rupiah(MAX_AMOUNT))


def require_quantity(quantity: object, *, allow_zero: bool = False) -> int:
    """Return ``quantity`` if it is a whole number above zero (or zero when allowed) and at
    most :data:`MAX_QUANTITY`; otherwise raise :class:`InvalidInput`."""
    if (isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0
            or (quantity == 0 and not allow_zero)):
        raise InvalidInput(N_("The quantity must be a whole number above zero (got {value})."),
                           value=quantity)
    if quantity > MAX_QUANTITY:
        raise InvalidInput(N_("The quantity {value} is above the largest quantity kasir accepts "
                              "in one line, {most}. Check the number of digits."),
                           value=number(quantity), most=number(MAX_QUANTITY))
    return quantity


def parse_amount(text: str | int) -> int:
    """Read a rupiah amount typed by a person: ``150000``, ``150.000``, ``Rp150.000``.

    Decimal fractions are refused: rupiah are whole.
    """
    if isinstance(text, bool):
        raise InvalidAmount(N_("The amount {value} is not a whole number of rupiah."),
                            value=str(text))
    if isinstance(text, int):
        return within_ceiling(text)
    cleaned = str(text).strip().replace("Rp", "").replace("rp", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not _DIGITS.match(cleaned):
        raise InvalidAmount(N_("The amount {value} is not a whole number of rupiah."),
                            value=str(text))
    if len(cleaned.lstrip("-0")) > len(str(MAX_AMOUNT)):  # before int(): 5,000 digits would fail
        raise _too_large(str(text).strip()[:40])
    return within_ceiling(int(cleaned))


def require_positive(amount: object, what: str = "") -> int:
    """Return ``amount`` if it is a positive ``int``; otherwise raise :class:`InvalidAmount`."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidAmount(N_("The amount {value} is not a whole number of rupiah."),
                            value=str(amount))
    if amount <= 0:
        raise InvalidAmount(N_("The amount must be more than zero (got {value})."),
                            value=str(amount))
    return within_ceiling(amount)


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
