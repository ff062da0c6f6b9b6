"""Geometry of small server-rendered SVG charts (lines and bars), drawn by templates/_chart.html.

The template draws what this module measures; the same labels and values fill the chart's data
table, its text equivalent. Every chart is measured twice, wide and narrow (`Chart.narrow`): SVG
text scales with its drawing, so a drawing scaled down to a phone would shrink its labels below
legibility. The page shows the one that suits the width it has (site.css), each at about its own
size, and each has axis labels spaced for its own width.

The axes' ticks and labels are placed by registry.public.chart_axes.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from registry.models.calendar import add_months
from registry.public.chart_axes import (
    EDGE,
    LABEL_GAP,
    TICK_SIZE,
    even_ticks,
    label_box,
    label_width,
    month_ticks,
    spread_labels,
    value_axis,
)
from registry.public.display import grouped

WIDTH = 640
HEIGHT = 280
NARROW_WIDTH = 360
NARROW_HEIGHT = 240
MARGIN_LEFT = 56
MARGIN_RIGHT = 16
MARGIN_TOP = 16
MARGIN_BOTTOM = 40


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
    # (x, y, text) of the value written over each bar, when every one fits its bar.
    bar_labels: list = field(default_factory=list)
    # (x, y, label, value) of values above the scale, drawn at its top (see build_chart).
    off_scale: list = field(default_factory=list)
    # With `mark` ("Target %(value)s"), each value is a labelled marker (Mark) rather than a
    # line point; one off the scale points up from its top.
    mark: str = ""
    marks: list = field(default_factory=list)


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
    # The y axis's title, written above its top (x, y, text), when given.
    y_title: tuple | None = None
    # The same chart measured for a narrow screen (None on that one itself).
    narrow: "Chart | None" = None

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


# A marker (a target) within this many times the tallest bar is drawn to the bars' scale; one
# farther above is drawn off it, so that the bars are never squashed flat under it.
ON_SCALE = 1.5


def own_scale(bars, markers):
    """Return the value a bar chart's axis reaches: its tallest bar, or a marker not far above."""
    tallest = max((value for value in bars if value is not None), default=0)
    near = [value for value in markers if value is not None and value <= ON_SCALE * tallest]
    return max([tallest, *near])


def y_margin(ticks, size=TICK_SIZE):
    """Return the left margin that fits the widest value label of the y axis beside its line."""
    widest = max((label_width(grouped(value), size) for value in ticks), default=0)
    return max(MARGIN_LEFT, math.ceil(widest + 12))


def build_chart(
    title,
    labels,
    series,
    *,
    width=WIDTH,
    height=HEIGHT,
    months=None,
    scale_to=None,
    top=MARGIN_TOP,
    tick_size=TICK_SIZE,
    y_title="",
    margin_bottom=MARGIN_BOTTOM,
    narrow=(NARROW_WIDTH, NARROW_HEIGHT),
):
    """Return a Chart with the coordinates of every point, bar, tick and label.

    `months` (the first day of each label's month) puts the x ticks on calendar steps; without
    it every n-th label is written. `scale_to` sets the value the y axis must reach (default:
    the largest value); a value above the axis is not drawn to scale but listed in its series'
    `off_scale`, at the top of the axis; `y_title` is written above it, and `margin_bottom`
    leaves room under the x labels (for an axis title). `narrow` (width, height) measures it for
    a narrow screen too; None measures only this one.
    """
    chart = Chart(
        title=title,
        labels=list(labels),
        series=list(series),
        width=width,
        height=height,
        top=top,
        bottom=height - margin_bottom,
    )
    values = [v for s in chart.series for v in s.values if v is not None]
    step, steps = value_axis(max(values, default=0) if scale_to is None else scale_to)
    top_value = step * steps
    chart.left = y_margin([step * i for i in range(steps + 1)], tick_size)
    chart.right = width - MARGIN_RIGHT
    plot_height = chart.bottom - chart.top
    count = max(len(chart.labels), 1)
    slot = (chart.right - chart.left) / count

    def y(value):
        return round(chart.bottom - plot_height * min(value, top_value) / top_value, 1)

    def x(index):
        return round(chart.left + slot * (index + 0.5), 1)

    chart.y_ticks = [(y(step * i), step * i) for i in range(steps + 1)]
    if y_title:
        chart.y_title = (EDGE + 4, chart.top - MARK_ROWS[0], y_title)
    if months is not None:
        ticks = month_ticks(months, slot, size=tick_size)
    else:
        ticks = even_ticks(chart.labels, slot, size=tick_size)
    chart.x_labels = spread_labels(
        [(x(i), label) for i, label in ticks], left=EDGE, right=width - EDGE, size=tick_size
    )

    _draw_bars(chart, slot, x, y, tick_size)
    for s in chart.series:
        if s.kind == "line":
            _draw_line(s, chart, x, y, top_value, tick_size)
    if narrow:
        chart.narrow = build_chart(
            title,
            labels,
            [Series(s.label, s.values, s.css, s.kind, mark=s.mark) for s in series],
            width=narrow[0],
            height=narrow[1],
            months=months,
            scale_to=scale_to,
            top=top,
            tick_size=tick_size,
            y_title=y_title,
            margin_bottom=margin_bottom,
            narrow=None,
        )
    return chart


def _draw_bars(chart, slot, x, y, tick_size):
    """Place the bars of the chart's bar series side by side in each label's slot."""
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
    _label_bars(bar_series, bar_width, tick_size)


def _draw_line(s, chart, x, y, top_value, tick_size):
    """Place a line series: its segments between missing values, its off-scale values, marks."""
    run = []
    for i, value in enumerate(s.values):
        if value is None or value > top_value:
            # A missing value breaks the line rather than pretending it was zero; one above
            # the axis is marked at its top instead.
            if value is not None:
                s.off_scale.append((x(i), chart.top, chart.labels[i], value))
            if run:
                s.segments.append(" ".join(run))
            run = []
            continue
        run.append(f"{x(i)},{y(value)}")
        s.points.append((x(i), y(value), chart.labels[i], value))
    if run:
        s.segments.append(" ".join(run))
    if s.mark:
        s.marks = _marks(s, chart, tick_size)


# Off-scale markers: the arrow's tip this far above the axis's top (clear of the labels over the
# bars), their labels in two rows above it.
ARROW = 20
MARK_ROWS = (ARROW + 6, ARROW + 6 + 17)


@dataclass
class Mark:
    """A labelled marker: at (x, y), on the scale or pointing up above it; its label `text`
    (empty when it fits nowhere) at (text_x, text_y), `title` in full."""

    x: float
    y: float
    title: str
    text: str
    text_x: float
    text_y: float
    on_scale: bool


def _marks(series, chart, size):
    """Return the labelled markers of a series: on the scale a dot with its label above it, off
    it an arrow above the axis with its label in the first row where it touches no other
    off-scale label (or the value alone there, or no label). Labels stay inside the edges."""
    marks, rows = [], {row: [] for row in MARK_ROWS}
    if chart.y_title:
        rows[MARK_ROWS[0]].append(label_box(chart.y_title[0], chart.y_title[2], "start", size))

    def inside(x, text, left=EDGE):
        half = label_width(text, size) / 2
        return round(min(max(x, left + half), chart.width - EDGE - half), 1)

    def free(row, left, right):
        return all(right + LABEL_GAP <= a or b + LABEL_GAP <= left for a, b in rows[row])

    for x, y, _label, value in series.points:
        text = series.mark % {"value": grouped(value)}
        marks.append(Mark(x, y, text, text, inside(x, text), y - 11, True))
    for x, top, _label, value in series.off_scale:
        title = series.mark % {"value": grouped(value)}
        mark = Mark(x, top, title, "", x, top, False)
        for text in (title, grouped(value)):
            text_x = inside(x, text, chart.left)
            left, right = label_box(text_x, text, size=size)
            row = next((row for row in MARK_ROWS if free(row, left, right)), None)
            if row is not None:
                rows[row].append((left, right))
                mark.text, mark.text_x, mark.text_y = text, text_x, top - row
                break
        marks.append(mark)
    return marks


def _label_bars(bar_series, bar_width, size):
    """Write each bar's value over it, when every value of every bar fits its bar's width."""
    texts = [grouped(point[3]) for s in bar_series for point in s.points]
    if not texts or max(label_width(text, size) for text in texts) > bar_width + 4:
        return
    for s in bar_series:
        s.bar_labels = [
            (round(left + width / 2, 1), round(top - 5, 1), grouped(value))
            for (left, top, width, _height), (*_xy, value) in zip(s.bars, s.points, strict=True)
        ]


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
        months=months,
    )
