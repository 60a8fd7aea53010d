"""The desktop app (PySide6): windows and pages over the events and queries of ``kasir.books``.

No SQL here (tests/test_architecture.py): pages call ``kasir.books`` and ``kasir.reports``.
Long work runs off the GUI thread (:mod:`kasir.ui.worker`); refusals become friendly dialogs
(:mod:`kasir.ui.feedback`).
"""
