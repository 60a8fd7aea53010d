"""Long work off the GUI thread, with a progress dialog: backup, restore, import, demo, reports.

The work function runs in a ``QThread`` and receives a ``progress(done, total, text="")``
callback. SQLite connections belong to the thread that opened them, so background work opens
its own connection from the file's path (``open_coop(session.path)``) and closes it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kasir.i18n import _
from kasir.ui.feedback import show_error


class _Job(QObject):
    progressed = Signal(int, int, str)
    # results cross threads wrapped in a tuple: PySide6 on Python 3.11 can drop a reference
    # too many when a bare None crosses a queued connection ("deallocating None")
    finished = Signal(tuple)
    failed = Signal(tuple)

    def __init__(self, work: Callable) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        def progress(done: int, total: int, text: str = "") -> None:
            self.progressed.emit(int(done), int(total), text)
        try:
            result = self._work(progress)
        except Exception as exc:  # handed to the GUI thread, which shows it
            self.failed.emit((exc,))
        else:
            self.finished.emit((result,))


class Background(QObject):
    """One piece of background work and its progress dialog.

    ``done(result)`` runs on the GUI thread when the work succeeds; a failure is shown with
    :func:`kasir.ui.feedback.show_error` (and ``failed(exc)`` runs if given). With
    ``quiet=True`` there is no progress dialog and no error dialog: the caller shows both
    in its own window (the login window while the co-op file is checked).
    """

    def __init__(self, parent: QWidget | None, title: str, work: Callable,
                 done: Callable | None = None, failed: Callable | None = None, *,
                 quiet: bool = False) -> None:
        super().__init__(parent)
        self._parent = parent
        self._done, self._failed = done, failed
        self._quiet = quiet
        self.result = None
        self.error: BaseException | None = None
        self.dialog = None if quiet else QProgressDialog(title, None, 0, 0, parent)
        if self.dialog is not None:
            self.dialog.setWindowTitle(_("Please wait"))
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
        self.thread = QThread()
        self.job = _Job(work)
        self.job.moveToThread(self.thread)
        self.thread.started.connect(self.job.run)
        self.job.progressed.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)

    def start(self) -> Background:
        self.thread.start()
        return self

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(done)
        if text:
            self.dialog.setLabelText(text)

    def _stop(self) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.close()

    def _on_finished(self, wrapped: tuple) -> None:
        (result,) = wrapped
        self._stop()
        self.result = result
        if self._done:
            self._done(result)

    def _on_failed(self, wrapped: tuple) -> None:
        (exc,) = wrapped
        self._stop()
        self.error = exc
        if not self._quiet:
            show_error(self._parent, exc)
        if self._failed:
            self._failed(exc)

    def is_running(self) -> bool:
        return self.thread.isRunning()


def run_in_background(parent: QWidget | None, title: str, work: Callable,
                      done: Callable | None = None, failed: Callable | None = None, *,
                      quiet: bool = False) -> Background:
    """Start ``work(progress)`` on a worker thread; keep the returned object alive."""
    job = Background(parent, title, work, done, failed, quiet=quiet)
    if parent is not None:
        parent._background_job = job  # keeps a reference while the thread runs
    return job.start()
