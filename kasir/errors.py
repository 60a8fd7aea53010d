"""Typed errors whose message is translated when shown.

Every refusal in kasir is a :class:`KasirError` subclass carrying an English message id
(marked with ``N_`` for extraction) and its parameters; ``str(err)`` gives the text in the
active language. Amounts are formatted by the raiser with :func:`kasir.i18n.rupiah`.
"""

from __future__ import annotations

import errno

from kasir.i18n import N_, _


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


# The operating system explains a failed open or write in English (``strerror``); the usual
# reasons are said in the user's language instead, with what to do.
_OS_REASONS = {
    errno.ENOENT: N_("it does not exist (check the name and the folder)"),
    errno.EACCES: N_("permission denied (ask whoever looks after this PC for access, or choose "
                     "another place)"),
    errno.EPERM: N_("permission denied (ask whoever looks after this PC for access, or choose "
                    "another place)"),
    errno.EEXIST: N_("something with that name is already there (choose another name)"),
    errno.ENOSPC: N_("the disk is full (free some space or use another drive)"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.EROFS: N_("the drive is read-only"),
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused a file, in the user's language."""
    known = _OS_REASONS.get(exc.errno)
    if known:
        return _(known)
    return _("system error {code}: {text}").format(code=exc.errno, text=exc.strerror or exc)
