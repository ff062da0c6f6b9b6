"""Axes of the small SVG charts (registry.public.charts): value steps, ticks, label placement.

Label widths are estimated, not measured (the server has no fonts): every character counts
CHAR_EM of the font size, spaces and separators THIN_EM. Both are a little above the widest
month names and digits measured in Chromium, in Latin and in Nastaliq, so the estimate errs
wide and labels spaced by it do not touch.
"""

import math

from registry.public.display import day_format

# About this many steps between gridlines on the y axis.
Y_TICKS = 4
# The font size of axis labels, in the drawing's units, and the estimate of a label's width.
TICK_SIZE = 12
CHAR_EM = 0.66
THIN_EM = 0.33
THIN = frozenset(" ,.'*:")
# The least room between two labels on one axis, and between a label and the drawing's edge.
LABEL_GAP = 8
EDGE = 2
# Months between labelled ticks on a time axis: the first that leaves room for the labels.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120, 240)


def label_width(text, size=TICK_SIZE):
    """Return a generous estimate of the text's width, drawn at the font size."""
    return size * sum(THIN_EM if char in THIN else CHAR_EM for char in str(text))


def label_box(x, text, anchor="middle", size=TICK_SIZE):
    """Return (left, right) of a label drawn at x with the text-anchor."""
    width = label_width(text, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, left + width


def spread_labels(candidates, *, left, right, size=TICK_SIZE):
    """Return the (x, text) labels, centred on their x, that fit between left and right apart.

    A label that would cross an edge is moved inside it; one that would then touch the label
    kept before it is left out (the data table still has it).
    """
    kept = []
    for x, text in sorted(candidates, key=lambda candidate: candidate[0]):
        half = label_width(text, size) / 2
        x = min(max(x, left + half), right - half)
        if kept and x - half < kept[-1][0] + label_width(kept[-1][1], size) / 2 + LABEL_GAP:
            continue
        kept.append((round(x, 1), text))
    return kept


def month_ticks(months, slot, *, size=TICK_SIZE):
    """Return (index, label) of the months to label when each month is `slot` wide.

    Ticks fall on whole steps of the calendar (every month, every quarter, every January…),
    the first step whose labels leave a gap between them. Yearly steps label just the year.
    """
    if not months:
        return []
    # The widest name any month has ("May 2026", "جولائی 2026"), whichever months are shown;
    # years are all as wide.
    first = months[0].replace(day=1)
    names = [day_format(first.replace(month=number), "M Y") for number in range(1, 13)]
    widest = max(label_width(name, size) for name in names)
    years = label_width(day_format(first, "Y"), size)
    for step in MONTH_STEPS:
        room = step * slot - LABEL_GAP
        if room >= (widest if step < 12 else years):
            break

    def aligned(month):
        if step < 12:
            return (month.month - 1) % step == 0
        return month.month == 1 and month.year % (step // 12) == 0

    text = "M Y" if step < 12 else "Y"
    ticks = [(i, day_format(month, text)) for i, month in enumerate(months) if aligned(month)]
    return ticks or [(0, day_format(months[0], text))]


def even_ticks(labels, slot, *, size=TICK_SIZE):
    """Return (index, label) of every n-th label, n the least that leaves a gap between them."""
    if not labels:
        return []
    widest = max(label_width(label, size) for label in labels)
    every = max(1, math.ceil((widest + LABEL_GAP) / slot))
    return [(i, label) for i, label in enumerate(labels) if i % every == 0]


def tick_step(value, ticks=Y_TICKS):
    """Return a round step (1, 2 or 5 × 10^n, at least 1) so about `ticks` steps reach the value."""
    raw = value / ticks
    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if raw <= m * power)


def value_axis(highest, ticks=Y_TICKS):
    """Return (step, steps): round steps of the value axis from 0 to at least the value."""
    step = tick_step(highest, ticks)
    return step, max(1, math.ceil(highest / step))
