"""Telling the user what happened: refusals as friendly dialogs, bugs logged to a file.

A :class:`kasir.errors.KasirError` is a refusal the user can act on; its text is already in
the user's language. Anything else is a bug: it is written with its traceback to
``kasir-errors.log`` in the data folder, and the user is told where that file is, never
shown a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from kasir.errors import KasirError
from kasir.i18n import _
from kasir.paths import data_dir

LOG_NAME = "kasir-errors.log"


def log_path() -> Path:
    return data_dir() / LOG_NAME


def log_exception(exc: BaseException) -> Path:
    """Append ``exc`` with its traceback to the error log; return the log's path."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        logging.getLogger("kasir").exception("could not write the error log")
    return path


def message_for(exc: BaseException) -> tuple[str, bool]:
    """The text to show for ``exc`` and whether it is a refusal (True) or a bug (False)."""
    if isinstance(exc, KasirError):
        return str(exc), True
    from kasir.db.connection import friendly  # loaded with the first error, not at start

    store = friendly(exc)
    if store is not None:
        return str(store), True
    path = log_exception(exc)
    return (_("Something went wrong inside kasir. Nothing was saved from this step. The details "
              "are in {path}; please give that file to whoever supports your co-op.")
            .format(path=path), False)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A dialog for ``exc``: a warning for a refusal, a critical box (and the log) for a bug."""
    text, refusal = message_for(exc)
    box = QMessageBox(QMessageBox.Icon.Warning if refusal else QMessageBox.Icon.Critical,
                      _("kasir"), text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.exec()


def attempt(parent: QWidget | None, action: Callable, *args, **kwargs):
    """Run ``action``; on any exception show it with :func:`show_error` and return None."""
    try:
        return action(*args, **kwargs)
    except Exception as exc:  # every failure is shown; bugs are logged by message_for
        show_error(parent, exc)
        return None


def guarded(method: Callable) -> Callable:
    """Decorate a QWidget slot so a refusal or bug becomes a dialog, never a traceback."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return attempt(self, method, self, *args, **kwargs)
    return wrapper


def info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, _("kasir"), text)


def confirm(parent: QWidget | None, text: str) -> bool:
    answer = QMessageBox.question(parent, _("kasir"), text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
