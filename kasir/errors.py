"""Typed errors whose message is translated when shown.

Every refusal in kasir is a :class:`KasirError` subclass carrying an English message id
(marked with ``N_`` for extraction) and its parameters; ``str(err)`` gives the text in the
active language. Amounts are formatted by the raiser with :func:`kasir.i18n.rupiah`.
"""

from __future__ import annotations

from kasir.i18n import _


class KasirError(Exception):
    """A refusal the user can act on. Never a bug."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return _(self.message).format(**self.params)


class InvalidInput(KasirError):
    """Input that does not meet a rule (format, range, required field)."""


class InvalidAmount(InvalidInput):
    """An amount that is not a positive whole number of rupiah."""


class InvalidNik(InvalidInput):
    """A NIK that is not 16 digits with a real birth date, or is already registered."""


class NotFound(KasirError):
    """A member, account, entry or user that does not exist."""


class InsufficientBalance(KasirError):
    """A withdrawal beyond the balance."""


class NotAllowed(KasirError):
    """A business rule forbids this (pokok while a member, reversing twice, closed month)."""


class PermissionDenied(KasirError):
    """The signed-in user's role may not do this."""


class AuthError(KasirError):
    """Sign-in failed or is being slowed down."""


class Unbalanced(KasirError):
    """A journal entry whose debits do not equal its credits."""


class StoreError(KasirError):
    """The co-op file cannot be used: missing, damaged, newer, busy or disk full."""
