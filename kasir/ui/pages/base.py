"""What every page of the main window is: a widget with a title, a permission and refresh().

The main window builds a page the first time it is shown (fast start), calls
:meth:`Page.refresh` each time it is shown again and when the session reports a change in one
of the page's ``topics``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kasir.ui.session import Session


class Page(QWidget):
    """Base of the main window's pages.

    Subclasses set ``key`` (stable id), ``title`` (an ``N_`` message), ``permission`` (the
    ``kasir.books.context.PERMISSIONS`` key needed to see the page, or None for every role)
    and ``topics`` (``Session.data_changed`` topics that make it refresh).
    """

    key = ""
    title = ""
    permission: str | None = None
    topics: tuple[str, ...] = ()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(f"page_{self.key}")
        session.data_changed.connect(self._on_changed)

    def _on_changed(self, topic: str) -> None:
        if topic in self.topics and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows from the books. Called when the page is shown."""
