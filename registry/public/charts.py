"""Geometry of small server-rendered SVG charts (lines and bars), drawn by templates/_chart.html.

The template draws what this module measures; the same labels and values fill the chart's data
table, its text equivalent.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry.models.calendar import add_months

WIDTH = 720
HEIGHT = 280
MARGIN_LEFT = 56
MARGIN_RIGHT = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 40
# About this many steps between gridlines on the y axis.
Y_TICKS = 4
# At most this many x-axis labels are written; the rest stay in the data table.
MAX_X_LABELS = 12


@dataclass
class Series:
    """One named row of values, drawn as a line or as bars; `css` names its colour class."""

    label: str
    values: list
    css: str
    kind: str = "line"
    segments: list = field(default_factory=list)
    points: list = field(default_factory=list)
    bars: list = field(default_factory=list)


@dataclass
class Chart:
    title: str
    labels: list
    series: list
    width: int = WIDTH
    height: int = HEIGHT
    y_ticks: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)
    left: int = MARGIN_LEFT
    right: int = WIDTH - MARGIN_RIGHT
    top: int = MARGIN_TOP
    bottom: int = HEIGHT - MARGIN_BOTTOM

    @property
    def rows(self):
        """Return (label, [value of each series]) per label, for the data table."""
        return [
            (label, [series.values[i] for series in self.series])
            for i, label in enumerate(self.labels)
        ]

    @property
    def labelled_rows(self):
        """Return the data table's rows, each value with its series' label (its cell's label)."""
        return [
            (label, [(series.label, series.values[i]) for series in self.series])
            for i, label in enumerate(self.labels)
        ]


def tick_step(value, ticks=Y_TICKS):
    """Return a round step (1, 2 or 5 × 10^n, at least 1) so about `ticks` steps reach the value."""
    raw = value / ticks
    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if raw <= m * power)


def build_chart(title, labels, series, *, width=WIDTH, height=HEIGHT):
    """Return a Chart with the coordinates of every point, bar, tick and label."""
    chart = Chart(
        title=title,
        labels=list(labels),
        series=list(series),
        width=width,
        height=height,
        right=width - MARGIN_RIGHT,
        bottom=height - MARGIN_BOTTOM,
    )
    values = [v for s in chart.series for v in s.values if v is not None]
    step = tick_step(max(values, default=0))
    steps = max(1, math.ceil(max(values, default=0) / step))
    top_value = step * steps
    plot_height = chart.bottom - chart.top
    count = max(len(chart.labels), 1)
    slot = (chart.right - chart.left) / count

    def y(value):
        return round(chart.bottom - plot_height * value / top_value, 1)

    def x(index):
        return round(chart.left + slot * (index + 0.5), 1)

    chart.y_ticks = [(y(step * i), step * i) for i in range(steps + 1)]
    every = math.ceil(count / MAX_X_LABELS)
    chart.x_labels = [(x(i), label) for i, label in enumerate(chart.labels) if i % every == 0]

    bar_series = [s for s in chart.series if s.kind == "bar"]
    bar_width = slot * 0.8 / max(len(bar_series), 1)
    for n, s in enumerate(bar_series):
        for i, value in enumerate(s.values):
            if value is None:
                continue
            left = chart.left + slot * i + slot * 0.1 + bar_width * n
            s.bars.append(
                (round(left, 1), y(value), round(bar_width, 1), round(chart.bottom - y(value), 1))
            )
            s.points.append((x(i), y(value), chart.labels[i], value))
    for s in chart.series:
        if s.kind != "line":
            continue
        run = []
        for i, value in enumerate(s.values):
            if value is None:
                # A missing value breaks the line rather than pretending it was zero.
                if run:
                    s.segments.append(" ".join(run))
                run = []
                continue
            run.append(f"{x(i)},{y(value)}")
            s.points.append((x(i), y(value), chart.labels[i], value))
        if run:
            s.segments.append(" ".join(run))
    return chart


def workforce_chart(title, reports):
    """Return the chart of workers and women per calendar month, a gap where no report was filed."""
    by_month = {report.period: report for report in reports}
    months = []
    if by_month:
        month, last = min(by_month), max(by_month)
        while month <= last:
            months.append(month)
            month = add_months(month, 1)
    filed = [by_month.get(month) for month in months]
    return build_chart(
        title,
        # Month names in the page's language ("Feb 2024", "فروری 2024").
        [date_format(month, "M Y") for month in months],
        [
            Series(_("Workers"), [r.workers if r else None for r in filed], "workers"),
            Series(_("Women"), [r.women if r else None for r in filed], "women"),
        ],
    )
