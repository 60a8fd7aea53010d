"""A statement as a spreadsheet (XLSX, openpyxl) or as CSV.

Amounts and counts are stored as numbers — a treasurer can add them up in the spreadsheet —
with a thousands format (negatives in parentheses, as on the printed reports); dates are
dates; percentages are fractions with a percent format (0,4 shown as 40%); stock quantities
are units of sale (the item's unit beside them). The XLSX carries the co-op's heading, DRAFT
while the year is open, the notes and a second sheet with the key figures; the CSV is the
bare table, one header line then the rows, amounts as plain integers, percentages as
percentages (40, 12.5) and quantities as units of sale, with a decimal point, so that any
program reads it back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kasir.i18n import _
from kasir.reports.files import written_whole
from kasir.reports.statement import Quantity, Statement, plain

MONEY_FORMAT = "#,##0;(#,##0)"
NUMBER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
QUANTITY_FORMAT = "#,##0.###"
_BOLD_STYLES = ("heading", "subtotal", "total")


def _cell_value(value, kind: str):
    """What the spreadsheet stores. Percent cells hold basis points (4000 = 40%); a spreadsheet
    keeps percentages as fractions (0.4). A quantity is its units of sale."""
    if kind == "percent" and isinstance(value, int) and not isinstance(value, bool):
        return value / 10_000
    if isinstance(value, Quantity):
        return value.units
    return value


def _percent_format(basis_points: int) -> str:
    """As many decimals as the percentage has: 40%, 12.5%, 33.33% (shown in the locale)."""
    return "0%" if not basis_points % 100 else "0.0%" if not basis_points % 10 else "0.00%"


def _format(kind: str, value) -> str | None:
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if kind == "percent" and isinstance(value, int):
        return _percent_format(value)
    return {"money": MONEY_FORMAT, "number": NUMBER_FORMAT,
            "quantity": QUANTITY_FORMAT}.get(kind)


def to_xlsx(statement: Statement, path: Path | str, *, coop_name: str = "") -> Path:
    """Write the statement as an XLSX workbook at ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.title = statement.key[:31]
    heading = [coop_name, statement.title, statement.subtitle,
               _("Period: {period}").format(period=statement.period.label)]
    if statement.draft:
        heading.append(_("DRAFT: the book year is not closed"))
    for text in filter(None, heading):
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    ws.append([c.title for c in statement.columns])
    header_row = ws.max_row
    for col, column in enumerate(statement.columns, start=1):
        cell = ws.cell(header_row, col)
        cell.font = Font(bold=True)
        if column.kind in ("money", "number", "percent", "quantity"):
            cell.alignment = Alignment(horizontal="right")
    for row in statement.rows:
        ws.append([_cell_value(v, c.kind) for v, c in zip(row.cells, statement.columns, strict=True)])
        for col, (value, column) in enumerate(zip(row.cells, statement.columns, strict=True), 1):
            cell = ws.cell(ws.max_row, col)
            fmt = _format(column.kind, value)
            if fmt:
                cell.number_format = fmt
            if row.style in _BOLD_STYLES:
                cell.font = Font(bold=True)
        if row.level:
            ws.cell(ws.max_row, 1).alignment = Alignment(indent=row.level)
    if statement.notes:
        ws.append([])
        for note in statement.notes:
            ws.append([note])
    _widths(ws, statement, header_row)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    _figures_sheet(wb, statement)
    path = Path(path)
    with written_whole(path) as tmp:
        wb.save(tmp)
    return path


def _widths(ws, statement: Statement, header_row: int) -> None:
    for col, column in enumerate(statement.columns, start=1):
        longest = max([len(column.title)] + [len(_shown(r.cells[col - 1])) for r in statement.rows[:500]])
        ws.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 10), 60)


def _shown(value) -> str:
    if isinstance(value, Quantity):
        value = value.units
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    return "" if value is None else str(value)


def _figures_sheet(wb: Workbook, statement: Statement) -> None:
    if not statement.figures:
        return
    ws = wb.create_sheet(_("Figures")[:31])
    ws.append([_("Figure"), _("Value")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for name, value in statement.figures.items():
        ws.append([name, value])
        ws.cell(ws.max_row, 2).number_format = NUMBER_FORMAT
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 20


def to_csv_text(statement: Statement) -> str:
    """The statement's table as CSV text: a header line, then one line per row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.title for c in statement.columns])
    kinds = [c.kind for c in statement.columns]
    for row in statement.rows:
        writer.writerow([plain(v, k) for v, k in zip(row.cells, kinds, strict=True)])
    return buf.getvalue()


def to_csv(statement: Statement, path: Path | str) -> Path:
    """Write the statement's table as UTF-8 CSV (with a BOM, so spreadsheets read the
    Indonesian names right)."""
    path = Path(path)
    with written_whole(path) as tmp:
        tmp.write_text(to_csv_text(statement), encoding="utf-8-sig", newline="")
    return path
