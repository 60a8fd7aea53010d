"""Simple bar charts for the dashboard, drawn with QtCharts.

A :class:`BarChart` is built once and only its values and labels change on refresh, so a page
that shows it stays fast to refresh.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

BAR_COLOUR = QColor("#2f7d5b")


class BarChart(QChartView):
    """One series of bars with a category label under each and a value axis on the left;
    ``horizontal`` bars have their labels on the left instead (room for long item names).

    ``value_format`` is a ``QValueAxis`` label format (printf style, e.g. ``"%.0f"``).
    """

    def __init__(self, title: str, parent: QWidget | None = None, *, value_format: str = "%.0f",
                 horizontal: bool = False) -> None:
        self._chart = QChart()
        self._horizontal = horizontal
        super().__init__(self._chart, parent)
        self._chart.setTitle(title)
        self._chart.legend().hide()
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self._chart.setMargins(self._chart.margins() * 0)
        self._set = QBarSet(title)
        self._set.setColor(BAR_COLOUR)
        self._series = QHorizontalBarSeries() if horizontal else QBarSeries()
        self._series.append(self._set)
        self._chart.addSeries(self._series)
        self._x = QBarCategoryAxis()
        self._x.setTruncateLabels(False)
        if not horizontal:  # many short labels (days) side by side: stand them up
            self._x.setLabelsAngle(-90)
        self._y = QValueAxis()
        self._y.setLabelFormat(value_format)
        bottom, left = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
        self._chart.addAxis(self._x, left if horizontal else bottom)
        self._chart.addAxis(self._y, bottom if horizontal else left)
        self._series.attachAxis(self._x)
        self._series.attachAxis(self._y)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.labels: list[str] = []
        self.values: list[float] = []

    def set_data(self, labels: Sequence[str], values: Sequence[float]) -> None:
        """Show one bar per label (horizontal ones from the top down); the value axis starts
        at zero and fits the highest bar."""
        self.labels, self.values = list(labels), [float(v) for v in values]
        step = -1 if self._horizontal else 1  # Qt draws the first category at the bottom
        self._set.remove(0, self._set.count())
        self._set.append(self.values[::step])
        self._x.clear()
        self._x.append(self.labels[::step])
        top = max(self.values, default=0.0)
        self._y.setRange(0.0, top * 1.1 if top > 0 else 1.0)
        self._y.applyNiceNumbers()

    def bar_count(self) -> int:
        return self._set.count()
