"""A statement's table as one light platypus flowable, and how its cells are written.

reportlab's own Table lays out and draws every cell through a general machinery (spans,
styles, nested flowables) that costs about a millisecond a row; a savings summary of 2,000
rows then takes seconds. A statement needs much less: fixed columns, text that wraps in its
column, four row styles and an indent. :class:`StatementTable` measures every row once,
splits across pages by bisecting the running heights, repeats the header on every page and
draws with plain canvas calls.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from itertools import accumulate

from babel.numbers import get_group_symbol
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from kasir.i18n import date as fmt_date
from kasir.i18n import locale, number, percent
from kasir.reports.statement import Column, Row

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
SIZE, LEADING, PAD, INDENT = 8, 10, 2, 10
FIGURE_KINDS = ("money", "number", "percent", "quantity")
# fixed widths of the figure columns; text columns share what is left
COLUMN_WIDTHS = {"money": 24 * mm, "number": 17 * mm, "date": 21 * mm, "percent": 15 * mm}
HEAD_FILL, HEADING_FILL = colors.HexColor("#E4E9EF"), colors.HexColor("#F2F4F7")


@cache
def _group_symbol(loc: str) -> str:
    return get_group_symbol(loc)


def money_text(value: int) -> str:
    """Thousands separators of the active locale (as ``rupiah(symbol=False)`` writes them, but
    without babel's per-call cost); negatives in parentheses: (1.250.000)."""
    text = f"{abs(value):,}".replace(",", _group_symbol(locale()))
    return f"({text})" if value < 0 else text


def cell_text(value: object, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if kind == "money" and isinstance(value, int):
        return money_text(value)
    if kind == "number" and isinstance(value, int):
        return number(value)
    if kind == "percent" and isinstance(value, int):
        return percent(value)            # basis points: 40%, 12,5%
    if isinstance(value, dt.date):
        return fmt_date(value, "dd/MM/yyyy")
    return str(value)


def column_widths(columns: Sequence[Column], width: float, rows: Sequence[Row] = ()) -> list[float]:
    """Figure columns get their fixed width; text columns share the rest in proportion to
    the width of their longest text (title and the first rows), so short codes stay narrow
    and names wrap only when the page is too narrow for them."""
    fixed = [COLUMN_WIDTHS.get(c.kind) for c in columns]
    text_columns = [i for i, w in enumerate(fixed) if w is None]
    if not text_columns:
        return [float(w) for w in fixed]
    sample = rows[:300]

    def natural(i: int) -> float:
        texts = [*columns[i].title.split(), *(str(r.cells[i] or "") for r in sample
                                              if i < len(r.cells))]
        longest = max(texts, key=len)  # the title may wrap between its words
        return min(stringWidth(longest, FONT_BOLD, SIZE), 90 * mm) + 2 * PAD + INDENT

    wanted = {i: natural(i) for i in text_columns}
    left = max(width - sum(w for w in fixed if w), 20 * mm * len(text_columns))
    scale = left / sum(wanted.values())
    return [float(w) if w else wanted[i] * scale for i, w in enumerate(fixed)]


class _Measured:
    """The rows as text lines per cell, with their heights and running heights."""

    def __init__(self, columns: Sequence[Column], widths: list[float], rows: Sequence[Row]):
        self.columns, self.widths = list(columns), widths
        self.right = [c.kind in FIGURE_KINDS for c in columns]
        self.header = [self._lines(c.title, i, FONT_BOLD, 0, wrap=True)
                       for i, c in enumerate(columns)]
        self.header_height = max(len(lines) for lines in self.header) * LEADING + 2 * PAD
        self.rows = [(self._cells(r), r.style, r.level) for r in rows]
        heights = [max(len(lines) for lines in cells) * LEADING + 2 * PAD
                   for cells, _s, _l in self.rows]
        self.running = [0, *accumulate(heights)]

    def _lines(self, text: str, i: int, font: str, level: int, wrap: bool = False) -> list[str]:
        """The cell's text in lines that fit its column (figures are never broken)."""
        room = self.widths[i] - 2 * PAD - (level * INDENT if i == 0 else 0)
        if (self.right[i] and not wrap) or stringWidth(text, font, SIZE) <= room:
            return [text]
        return simpleSplit(text, font, SIZE, room) or [""]

    def _cells(self, row: Row) -> list[list[str]]:
        font = FONT if row.style == "normal" else FONT_BOLD
        cells = list(row.cells) + [None] * (len(self.columns) - len(row.cells))
        return [self._lines(cell_text(v, c.kind), i, font, row.level)
                for i, (v, c) in enumerate(zip(cells, self.columns, strict=False))]


class StatementTable(Flowable):
    """Rows ``start`` to ``end`` of a measured statement, with the header on top."""

    def __init__(self, columns: Sequence[Column], widths: list[float], rows: Sequence[Row] = (),
                 *, measured: _Measured | None = None, start: int = 0, end: int | None = None):
        super().__init__()
        self.m = measured or _Measured(columns, widths, rows)
        self.start = start
        self.end = len(self.m.rows) if end is None else end
        self.width = sum(widths)

    def _height(self, end: int) -> float:
        return self.m.header_height + self.m.running[end] - self.m.running[self.start]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = self._height(self.end)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self.m.header_height
        last = bisect_right(self.m.running, self.m.running[self.start] + room) - 1
        last = min(last, self.end)
        if last <= self.start:  # not even one row fits: start on the next page
            return []
        return [StatementTable(self.m.columns, self.m.widths, measured=self.m, start=self.start,
                               end=last),
                StatementTable(self.m.columns, self.m.widths, measured=self.m, start=last,
                               end=self.end)]

    def draw(self) -> None:
        canvas, m = self.canv, self.m
        top = self._height(self.end)
        canvas.setFillColor(HEAD_FILL)
        canvas.rect(0, top - m.header_height, self.width, m.header_height, stroke=0, fill=1)
        y = top - m.header_height
        canvas.setLineWidth(0.8)
        canvas.line(0, y, self.width, y)
        # rules and fills first, then all the text in one text object: one BT…ET per page
        # instead of one per cell (reportlab formats every coordinate in Python)
        placed = [(m.header, top, FONT_BOLD, 0)]
        for cells, style, level in m.rows[self.start:self.end]:
            height = max(len(lines) for lines in cells) * LEADING + 2 * PAD
            self._rules(style, y, height)
            placed.append((cells, y, FONT if style == "normal" else FONT_BOLD, level))
            y -= height
        text = canvas.beginText()
        text.setFillColor(colors.black)
        for cells, row_top, font, level in placed:
            self._text(text, cells, row_top, font, level)
        canvas.drawText(text)

    def _rules(self, style: str, y: float, height: float) -> None:
        canvas = self.canv
        if style == "heading":
            canvas.setFillColor(HEADING_FILL)
            canvas.rect(0, y - height, self.width, height, stroke=0, fill=1)
        elif style in ("subtotal", "total"):
            canvas.setLineWidth(0.5 if style == "subtotal" else 0.8)
            canvas.line(0, y, self.width, y)
            if style == "total":  # a double rule under the total, as on paper
                canvas.line(0, y - height, self.width, y - height)
                canvas.line(0, y - height - 1.5, self.width, y - height - 1.5)

    def _text(self, text, cells: list[list[str]], y: float, font: str, level: int) -> None:
        m = self.m
        text.setFont(font, SIZE)
        x = 0.0
        for i, lines in enumerate(cells):
            for n, line in enumerate(lines):
                if not line:
                    continue
                base = y - PAD - SIZE - n * LEADING + 1
                if m.right[i]:
                    left = x + m.widths[i] - PAD - stringWidth(line, font, SIZE)
                else:
                    left = x + PAD + (level * INDENT if i == 0 else 0)
                text.setTextOrigin(left, base)
                text.textOut(line)
            x += m.widths[i]
