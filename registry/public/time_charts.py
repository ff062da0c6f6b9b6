"""Geometry of a chart over dates (templates/_time_chart.html): dated lines, a shaded area, a
bracket and labelled points, with the same wide and narrow measurements as charts.py.

A point's label is put beside it where it touches no other label and stays inside the drawing:
the candidates are tried in turn (left or right of the point, above, level or below), the first
that fits is kept.
"""

import datetime
from dataclasses import dataclass, field

from registry.models.calendar import add_months
from registry.public.chart_axes import (
    EDGE,
    label_width,
    month_ticks,
    spread_labels,
    value_axis,
)
from registry.public.charts import (
    HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_RIGHT,
    NARROW_HEIGHT,
    NARROW_WIDTH,
    WIDTH,
    y_margin,
)

MARGIN_TOP = 24
# A point's label: this far from it, at this size; a box this many font sizes high around its
# baseline (Nastaliq rises and falls further than Latin letters).
CALLOUT_OFFSET = 11
CALLOUT_SIZE = 13
CALLOUT_RISE, CALLOUT_FALL = 1.25, 0.55
CALLOUT_GAP = 2
# (side, level): left (-1) or right (1) of the point; above (-1), level (0) or below (1) it,
# and last, above a label already placed there (-2, -3: one or two lines higher).
CANDIDATES = [
    (-1, -1),
    (-1, 0),
    (-1, 1),
    (1, -1),
    (1, 0),
    (1, 1),
    (-1, -2),
    (1, -2),
    (-1, -3),
    (1, -3),
]
# The height of a line of callouts, in font sizes.
CALLOUT_LINE = 1.9


@dataclass
class TimeLine:
    """Dated values drawn as one line; `css` names its look. Dots mark the given days."""

    label: str
    points: list
    css: str
    dot_days: tuple = ()
    polyline: str = ""
    dots: list = field(default_factory=list)


@dataclass
class Callout:
    """A labelled point: where it is, its text and where the text goes (x, y, anchor)."""

    day: datetime.date
    value: float
    text: str
    css: str
    x: float = 0
    y: float = 0
    text_x: float = 0
    text_y: float = 0
    anchor: str = "end"

    def box(self, text_x, text_y, anchor, size=CALLOUT_SIZE):
        """Return (left, top, right, bottom) of the text drawn at the place."""
        width = label_width(self.text, size)
        left = text_x - width if anchor == "end" else text_x
        return left, text_y - CALLOUT_RISE * size, left + width, text_y + CALLOUT_FALL * size

    @property
    def text_box(self):
        return self.box(self.text_x, self.text_y, self.anchor)


@dataclass
class Bracket:
    """A vertical span between two values on one day, with its label (a Callout)."""

    day: datetime.date
    low: float
    high: float
    label: Callout
    x: float = 0
    y1: float = 0
    y2: float = 0


@dataclass
class TimeChart:
    title: str
    lines: list
    width: int = WIDTH
    height: int = HEIGHT
    left: int = 0
    right: int = WIDTH - MARGIN_RIGHT
    top: int = MARGIN_TOP
    bottom: int = HEIGHT - MARGIN_BOTTOM
    y_ticks: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)
    area: str = ""
    bracket: Bracket | None = None
    callouts: list = field(default_factory=list)
    narrow: "TimeChart | None" = None


def _overlaps(a, b):
    return not (
        a[2] + CALLOUT_GAP <= b[0]
        or b[2] + CALLOUT_GAP <= a[0]
        or a[3] + CALLOUT_GAP <= b[1]
        or b[3] + CALLOUT_GAP <= a[1]
    )


def place_callouts(callouts, *, left, top, right, bottom, taken=()):
    """Give each callout's text the first place beside its point that fits (see module doc).

    A callout that fits nowhere is left unwritten (`text` emptied): the data table has it.
    """
    boxes = list(taken)
    for callout in callouts:
        places = []
        for side, level in CANDIDATES:
            anchor = "end" if side < 0 else "start"
            text_x = callout.x + side * CALLOUT_OFFSET
            if level < 0:
                text_y = callout.y - CALLOUT_OFFSET - (-level - 1) * CALLOUT_LINE * CALLOUT_SIZE
            elif level > 0:
                text_y = callout.y + CALLOUT_OFFSET + CALLOUT_RISE * CALLOUT_SIZE
            else:
                text_y = callout.y + 0.35 * CALLOUT_SIZE
            places.append((text_x, text_y, anchor))
        fits = [
            place
            for place in places
            if _inside(callout.box(*place), left, top, right, bottom)
            and not any(_overlaps(callout.box(*place), box) for box in boxes)
        ]
        if not fits:
            callout.text = ""
            continue
        text_x, text_y, anchor = fits[0]
        callout.text_x, callout.text_y, callout.anchor = round(text_x, 1), round(text_y, 1), anchor
        boxes.append(callout.text_box)
    return callouts


def _inside(box, left, top, right, bottom):
    return box[0] >= left and box[1] >= top and box[2] <= right and box[3] <= bottom


def time_chart(
    title,
    lines,
    *,
    area=(),
    bracket=None,
    callouts=(),
    width=WIDTH,
    height=HEIGHT,
    narrow=(NARROW_WIDTH, NARROW_HEIGHT),
):
    """Return a TimeChart: the lines over their days, from the first day to the last.

    `area` is a polygon of (day, value) points shaded behind the lines; `bracket` a Bracket;
    `callouts` Callouts labelled beside their points, in order of importance.
    """
    # The narrow drawing places its own copies, from the same texts.
    copies = [_copy(callout) for callout in callouts]
    bracket_copy = bracket and Bracket(bracket.day, bracket.low, bracket.high, _copy(bracket.label))
    days = [day for line in lines for day, _ in line.points]
    values = [value for line in lines for _, value in line.points]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    step, steps = value_axis(max(values, default=0))
    top_value = step * steps
    chart = TimeChart(title=title, lines=lines, width=width, height=height)
    chart.bottom = height - MARGIN_BOTTOM
    chart.left = y_margin([step * i for i in range(steps + 1)])
    chart.right = width - MARGIN_RIGHT
    plot_width, plot_height = chart.right - chart.left, chart.bottom - chart.top

    def x(day):
        return round(chart.left + plot_width * (day - first).days / span, 1)

    def y(value):
        return round(chart.bottom - plot_height * float(value) / top_value, 1)

    chart.y_ticks = [(y(step * i), step * i) for i in range(steps + 1)]
    months, month = [], add_months(first.replace(day=1), 1 if first.day > 1 else 0)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    month_width = plot_width * 30.4375 / span
    chart.x_labels = spread_labels(
        [(x(months[i]), text) for i, text in month_ticks(months, month_width)],
        left=EDGE,
        right=width - EDGE,
    )
    for line in lines:
        line.polyline = " ".join(f"{x(day)},{y(value)}" for day, value in line.points)
        line.dots = [(x(day), y(value)) for day, value in line.points if day in line.dot_days]
    chart.area = " ".join(f"{x(day)},{y(value)}" for day, value in area)
    if bracket:
        bracket.x, bracket.y1, bracket.y2 = x(bracket.day), y(bracket.low), y(bracket.high)
        label = bracket.label
        label.x, label.y = bracket.x, round((bracket.y1 + bracket.y2) / 2, 1)
    for callout in callouts:
        callout.x, callout.y = x(callout.day), y(callout.value)
    ordered = [*callouts, *([bracket.label] if bracket else [])]
    place_callouts(ordered, left=EDGE, top=EDGE, right=width - EDGE, bottom=chart.bottom)
    chart.callouts = list(callouts)
    chart.bracket = bracket
    if narrow:
        chart.narrow = time_chart(
            title,
            [TimeLine(line.label, line.points, line.css, line.dot_days) for line in lines],
            area=area,
            bracket=bracket_copy,
            callouts=copies,
            width=narrow[0],
            height=narrow[1],
            narrow=None,
        )
    return chart


def _copy(callout):
    return Callout(callout.day, callout.value, callout.text, callout.css)
