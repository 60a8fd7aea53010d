"""What every page of the main window is: a widget with a title, a permission and refresh();
and what a page of tabs is (:class:`TabbedPage`).

The main window builds a page the first time it is shown (fast start), calls
:meth:`Page.refresh` each time it is shown again and when the session reports a change in one
of the page's ``topics``.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from kasir.i18n import _
from kasir.ui.session import Session
from kasir.ui.widgets import shortcut


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


class TabSpec(NamedTuple):
    key: str
    title: str                       # N_ message
    cls: type                        # the tab: a QWidget taking (session) with refresh()
    needs: tuple[str, ...] | None = None  # permissions of which the role needs one; None: all


class TabbedPage(Page):
    """A page of tabs (``TABS``), each built when first shown and filled only when shown.

    A change in the page's topics, or showing the page again, marks every tab stale: the tab
    in view reloads at once, the others when they are next shown — so switching tabs stays
    instant on a file with millions of journal lines. With ``numbered``, Alt+1 … Alt+N bring
    the tabs forward and their titles say so; Ctrl+Tab works on every tab widget.
    """

    TABS: tuple[TabSpec, ...] = ()
    numbered = False

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.tabs = QTabWidget(objectName=f"{self.key}Tabs")
        self.specs = [s for s in self.TABS if s.needs is None or any(session.may(p) for p in s.needs)]
        self.tab: dict[str, QWidget] = {}    # the tabs built so far, by key
        for n, spec in enumerate(self.specs, start=1):
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            title = _(spec.title)
            self.tabs.addTab(holder, f"{title}  (Alt+{n})" if self.numbered else title)
            if self.numbered:
                shortcut(self, f"Alt+{n}", lambda i=n - 1: self.tabs.setCurrentIndex(i))
        self._stale = {s.key for s in self.specs}
        self.tabs.currentChanged.connect(self._shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.refresh()   # the main window refreshes a page when it returns to it, not when built

    def refresh(self) -> None:
        """Reload the tab in view now, the others when they are next shown."""
        self._stale = {s.key for s in self.specs}
        self._shown(self.tabs.currentIndex())

    def _shown(self, index: int) -> None:
        if not 0 <= index < len(self.specs):
            return
        spec = self.specs[index]
        if spec.key not in self.tab:
            self.tab[spec.key] = spec.cls(self.session)
            self.tabs.widget(index).layout().addWidget(self.tab[spec.key])
            self.tab[spec.key].show()   # a layout shows a late child only on the next event loop
        if spec.key in self._stale:
            self._stale.discard(spec.key)
            self.tab[spec.key].refresh()

    def current_tab(self) -> QWidget | None:
        """The tab in view (built when it was shown)."""
        index = self.tabs.currentIndex()
        return self.tab.get(self.specs[index].key) if 0 <= index < len(self.specs) else None

    def show_tab(self, key: str) -> QWidget:
        """Bring tab ``key`` to the front (built and filled as needed) and return it."""
        index = [s.key for s in self.specs].index(key)
        self.tabs.setCurrentIndex(index)
        self._shown(index)
        return self.tab[key]
