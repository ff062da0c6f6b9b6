"""Where the map's marks go (SPEC §4.3): circle sizes, the size legend, shades and the labels
of small units. Plain arithmetic in viewBox units (1,000 across); no queries."""

import math
from dataclasses import dataclass
from fractions import Fraction

# The radius of one facility's circle, and the most any circle may take (viewBox units); past
# that, every circle shrinks alike so that areas stay proportional.
ONE_RADIUS = 10.0
LARGEST_RADIUS = 60.0
# Where the size legend stands: the drawing's empty north-west corner.
SIZE_LEFT, SIZE_TOP, SIZE_LABEL_GAP = 20, 56, 32
SIZE_STEPS = (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
# Shares of the quota reached, in shades of one colour (the last: reached).
SHADE_STEPS = (Fraction(1, 5), Fraction(2, 5), Fraction(3, 5), Fraction(4, 5), Fraction(1))
# Units too small to hold their name are named beside the drawing, with a line to them.
LABEL_MIN_WIDTH, LABEL_MIN_HEIGHT = 120, 60
CALLOUT_X, CALLOUT_GAP = 862, 36


def shade(progress):
    """Return the shade of a quota's share reached: "q0" (under a fifth) to "q5" (reached)."""
    if progress is None:
        return "none"
    share = Fraction(progress.current or 0, progress.target.value or 1)
    return f"q{sum(share >= step for step in SHADE_STEPS)}"


def radius_unit(largest):
    """Return the radius of one facility's circle when the largest circle holds `largest`."""
    if not largest:
        return ONE_RADIUS
    return min(ONE_RADIUS, LARGEST_RADIUS / math.sqrt(largest))


@dataclass(frozen=True)
class SizeKey:
    """One circle of the size legend, nested on a common base line; a tick from its top leads
    to its label, kept clear of the next label."""

    count: int
    r: float
    cx: float
    cy: float
    top: float
    label_x: float
    label_y: float

    @property
    def tick(self):
        """Return the tick's points: across from the circle's top, then down to its label."""
        bend = round(self.label_x - 14, 1)
        return f"{self.cx},{self.top} {bend},{self.top} {self.label_x - 4},{self.label_y}"


def size_legend(largest, unit):
    """Return the legend's circles, largest first: one facility, the most in a circle, and a
    round count between them when there is one."""
    between = [step for step in SIZE_STEPS if 1 < step < largest and step * 2 <= largest][-1:]
    counts = [1, *between, *([largest] if largest > 1 else [])]
    radii = [(count, round(unit * math.sqrt(count), 1)) for count in reversed(counts)]
    widest = radii[0][1]
    cx, base = SIZE_LEFT + widest, SIZE_TOP + 2 * widest
    keys, label_y = [], None
    for count, r in radii:
        top = round(base - 2 * r, 1)
        label_y = top if label_y is None else max(top, label_y + SIZE_LABEL_GAP)
        keys.append(SizeKey(count, r, cx, round(base - r, 1), top, cx + widest + 10, label_y))
    return keys


def callouts(small):
    """Return where the labels of small units go: beside the drawing, a gap apart."""
    placed, last = {}, None
    for code, (x, y) in sorted(small.items(), key=lambda item: item[1][1]):
        ty = y if last is None else max(y, last + CALLOUT_GAP)
        placed[code] = (x, y, CALLOUT_X, ty)
        last = ty
    return placed
