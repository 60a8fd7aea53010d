"""The Reports page: a report chosen, built in the background, previewed, printed and saved.

The PDFs and the workbook are read back: the total printed is the total the builder
computed, the printer got every previewed page, and amounts in the XLSX are numbers.
"""

from __future__ import annotations

import openpyxl
import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from kasir.i18n import rupiah
from kasir.ui.pages.reports import ReportsPage


@pytest.fixture
def page(qtbot, ui_session, shop):
    """The page for the treasurer, on the stocked shop (purchases in June 2025)."""
    widget = ReportsPage(ui_session("bendahara"))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _choose(page, name: str, period: str) -> None:
    page.report.setCurrentIndex(page.report.findData(name))
    page.period.setText(period)


def _show(qtbot, page) -> None:
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.document.pageCount() > 0 and page.show_button.isEnabled(),
                    timeout=30_000)


def test_a_report_is_previewed_saved_as_pdf_and_xlsx_with_the_builders_figures(qtbot, page, tmp_path):
    _choose(page, "neraca-saldo", "2025-06")
    _show(qtbot, page)
    (statement,) = page.statements
    total = statement.figures["total_debit"]
    assert total == statement.figures["total_credit"] > 0
    page.ask_save_path = lambda suffix: tmp_path / f"neraca{suffix}"
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    with pdfplumber.open(tmp_path / "neraca.pdf") as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
        assert len(doc.pages) == page.document.pageCount()
    assert rupiah(total, symbol=False) in text
    assert "neraca.pdf" in page.message.text()

    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(tmp_path / "neraca.xlsx").active
    numbers = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, int)]
    assert total in numbers


def test_the_printer_gets_every_previewed_page(qtbot, page, tmp_path):
    _choose(page, "pack", "2025-06")
    _show(qtbot, page)
    assert page.document.pageCount() >= 3  # cover, contents, statements
    assert not page.xlsx_button.isEnabled()  # a pack is a PDF; single reports go to XLSX
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert page.print_to(printer) == page.document.pageCount()
    with pdfplumber.open(tmp_path / "printed.pdf") as doc:
        assert len(doc.pages) == page.document.pageCount()


def test_a_wrong_period_is_explained_and_nothing_starts(qtbot, page):
    _choose(page, "neraca-saldo", "2025-13")
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.job is None
    assert "2025-13" in page.message.text()
    assert not page.pdf_button.isEnabled()


def test_a_ledger_takes_an_account_or_lists_them_all(qtbot, page):
    _choose(page, "buku-besar", "2025-06")
    assert page.option.isVisibleTo(page)
    _show(qtbot, page)
    every = page.statements[0]
    assert every.key == "buku-besar"
    page.option.setText("1-1100")
    serial = page._serial
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._serial == serial + 1 and page.show_button.isEnabled()
                    and page.statements and page.statements[0] is not every, timeout=30_000)
    assert len(page.statements[0].rows) < len(every.rows)  # one account of them all
