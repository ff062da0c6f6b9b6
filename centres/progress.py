"""The arithmetic of a target's progress (SPEC §3.3): pace, projection, status, share of target.

Plain arithmetic on values already measured: no queries here (centres.measures and
centres.selectors measure). Decisions where the SPEC is silent:

- The deadline is the last day of the due fiscal year. On that day the target is not yet
  missed, but no months are left: no pace is needed (or can help) and the projection equals
  the current value. The day after, an unmet target is missed; from then on no projection is
  made, and the value on the deadline day is shown beside today's.
- Before the first launch there is no pace, and the projection is the current value.
- On the day of the first launch itself no time has passed, so the pace is not measurable yet.
- Women's share has no value while nobody works; then its pace is not measurable either.
- Percent of target and projection are rounded down, so "100%" or a projection equal to the
  target never shows for a target that is not reached (the status uses exact values).
"""

from __future__ import annotations

import datetime
import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from centres.models import Programme, Target

# The average length of a month in days (365.25 / 12), as §3.3 counts months.
DAYS_PER_MONTH = Fraction("30.4375")
# A projection at or above this share of the target is "at risk" rather than "off track".
AT_RISK_SHARE = Fraction(8, 10)
PACE_WINDOW_MONTHS = 12
# Paces are shown with at least one decimal, and more (up to this many) when one decimal would
# show the needed and the actual pace alike while they differ.
MAX_PACE_PLACES = 3

Number = int | Decimal | Fraction


class Status(enum.StrEnum):
    """Where a target stands as of a date (SPEC §3.3)."""

    ACHIEVED = "achieved"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        """Return the status in words, in the page's language."""
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.ACHIEVED: _("Achieved"),
    Status.MISSED: _("Missed"),
    Status.ON_TRACK: _("On track"),
    Status.AT_RISK: _("At risk"),
    Status.OFF_TRACK: _("Off track"),
}


class PaceBasis(enum.StrEnum):
    """How the actual pace was measured, or why it could not be (SPEC §3.3)."""

    YEAR = "year"
    SINCE_LAUNCH = "since_launch"
    NOT_STARTED = "not_started"
    LAUNCH_DAY = "launch_day"
    NO_VALUE = "no_value"


def rounded(value: Number | None, places: int, rounding: str = ROUND_HALF_UP) -> Decimal | None:
    """Return an exact number as a Decimal with the given places, or None for None."""
    if value is None:
        return None
    value = Fraction(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding)


def months_between(start: datetime.date, end: datetime.date) -> Fraction:
    """Return the months from one date to another, as §3.3 counts them (days ÷ 30.4375)."""
    return Fraction((end - start).days) / DAYS_PER_MONTH


def actual_pace_per_month(
    *,
    current: Number | None,
    value_year_ago: Number | None,
    launch: datetime.date | None,
    as_of: datetime.date,
    year_ago: datetime.date,
) -> tuple[PaceBasis, Fraction | None, Fraction | None]:
    """Return (basis, pace per month, months since launch) following §3.3."""
    if launch is None:
        return PaceBasis.NOT_STARTED, None, None
    months_since = months_between(launch, as_of)
    if current is None:
        return PaceBasis.NO_VALUE, None, months_since
    if launch > year_ago:
        if not months_since:
            return PaceBasis.LAUNCH_DAY, None, months_since
        return PaceBasis.SINCE_LAUNCH, Fraction(current) / months_since, months_since
    if value_year_ago is None:
        return PaceBasis.NO_VALUE, None, months_since
    pace = (Fraction(current) - Fraction(value_year_ago)) / PACE_WINDOW_MONTHS
    return PaceBasis.YEAR, pace, months_since


def needed_pace_per_month(
    *, target_value: int, current: Number | None, months_left: Fraction
) -> Fraction | None:
    """Return the pace per month that reaches the target by the deadline, or None when no
    months are left for a target not yet reached."""
    remaining = max(0, target_value - Fraction(current or 0))
    if not remaining:
        return Fraction(0)
    return remaining / months_left if months_left else None


def projected_value(
    *, current: Number | None, pace: Fraction | None, months_left: Fraction, deadline_passed: bool
) -> Fraction | None:
    """Return where the actual pace leads by the deadline; None without a value or once the
    deadline has passed."""
    if current is None or deadline_passed:
        return None
    return Fraction(current) + (pace or 0) * months_left


def progress_of(
    *,
    target: Target,
    as_of: datetime.date,
    year_ago: datetime.date,
    current: Number | None,
    value_year_ago: Number | None,
    first_launch: datetime.date | None,
    value_at_deadline: Number | None,
) -> Progress:
    """Return a target's progress from the values measured for it (SPEC §3.3)."""
    basis, pace, months_since = actual_pace_per_month(
        current=current,
        value_year_ago=value_year_ago,
        launch=first_launch,
        as_of=as_of,
        year_ago=year_ago,
    )
    deadline = target.deadline
    months_left = Fraction(max(0, (deadline - as_of).days)) / DAYS_PER_MONTH
    return Progress(
        target=target,
        as_of=as_of,
        current=current,
        year_ago=year_ago,
        value_year_ago=value_year_ago,
        first_launch=first_launch,
        pace_basis=basis,
        exact_actual_pace=pace,
        exact_needed_pace=needed_pace_per_month(
            target_value=target.value, current=current, months_left=months_left
        ),
        exact_projection=projected_value(
            current=current, pace=pace, months_left=months_left, deadline_passed=as_of > deadline
        ),
        months_since_launch=months_since,
        value_at_deadline=value_at_deadline,
    )


@dataclass(frozen=True)
class Progress:
    """One target's progress as of a date (SPEC §3.3); exact fractions, rounded for display.

    Figures derived from the fields are cached: a progress card reads each more than once.
    """

    target: Target
    as_of: datetime.date
    current: int | Decimal | None
    year_ago: datetime.date
    value_year_ago: int | Decimal | None
    first_launch: datetime.date | None
    pace_basis: PaceBasis
    exact_actual_pace: Fraction | None
    exact_needed_pace: Fraction | None
    exact_projection: Fraction | None
    months_since_launch: Fraction | None
    value_at_deadline: int | Decimal | None

    @property
    def metric(self) -> str:
        """Return the target's metric."""
        return self.target.metric

    # Words are translated once, in the page's language: a card shows each more than once, and
    # a lazy string would be translated again at every use.
    @cached_property
    def unit(self) -> str:
        """Return what the metric counts, in words, e.g. "centres"."""
        return str(self.target.units[1])

    @cached_property
    def unit_one(self) -> str:
        """Return what the metric counts, in words, for one, e.g. "centre"."""
        return str(self.target.units[0])

    @cached_property
    def deadline_passed(self) -> bool:
        """Say whether the date is after the deadline."""
        return self.as_of > self.deadline

    @cached_property
    def is_share(self) -> bool:
        """Say whether the metric is a share (a percentage), not a count."""
        return self.target.is_share

    @cached_property
    def deadline(self) -> datetime.date:
        """Return the last day of the target's due fiscal year."""
        return self.target.deadline

    @cached_property
    def deadline_label(self) -> str:
        """Return the due fiscal year's label, e.g. "FY2027 (2026-27)"."""
        return self.target.deadline_label

    @cached_property
    def days_left(self) -> int:
        """Return the days from the date to the deadline, 0 once it has come."""
        return max(0, (self.deadline - self.as_of).days)

    @cached_property
    def exact_months_left(self) -> Fraction:
        """Return the months from the date to the deadline, exactly."""
        return Fraction(self.days_left) / DAYS_PER_MONTH

    @cached_property
    def months_left(self) -> Decimal:
        """Return the months left, to one decimal."""
        return rounded(self.exact_months_left, 1)

    @cached_property
    def percent(self) -> Decimal | None:
        """Return the current value as a percentage of the target, rounded down to one place."""
        if not self.target.value:
            return None
        return rounded(Fraction(self.current or 0) * 100 / self.target.value, 1, ROUND_DOWN)

    @cached_property
    def remaining(self) -> Number:
        """Return how far the current value is below the target, 0 once reached."""
        return max(0, self.target.value - (self.current or 0))

    @cached_property
    def pace_places(self) -> int:
        """Return the decimals that tell the needed pace from the actual one (1 to 3).

        Paces closer than the last of those decimals show alike, with one.
        """
        needed, actual = self.exact_needed_pace, self.exact_actual_pace
        if needed is None or actual is None or needed == actual:
            return 1
        return next(
            (
                places
                for places in range(1, MAX_PACE_PLACES + 1)
                if rounded(needed, places) != rounded(actual, places)
            ),
            1,
        )

    @cached_property
    def needed_pace(self) -> Decimal | None:
        """Return the needed pace per month, with pace_places decimals."""
        return rounded(self.exact_needed_pace, self.pace_places)

    @cached_property
    def actual_pace(self) -> Decimal | None:
        """Return the actual pace per month, with pace_places decimals."""
        return rounded(self.exact_actual_pace, self.pace_places)

    @cached_property
    def projection(self) -> Decimal | None:
        """Return the projection, rounded down: whole for counts, one decimal for a share."""
        return rounded(self.exact_projection, 1 if self.is_share else 0, ROUND_DOWN)

    @cached_property
    def months_since_launch_display(self) -> Decimal | None:
        """Return the months since the first launch, to one decimal."""
        return rounded(self.months_since_launch, 1)

    @cached_property
    def status(self) -> Status:
        """Return where the target stands, from exact values (SPEC §3.3)."""
        target = self.target.value
        if self.current is not None and self.current >= target:
            return Status.ACHIEVED
        if self.deadline_passed:
            return Status.MISSED
        if self.exact_projection is not None and self.exact_projection >= target:
            return Status.ON_TRACK
        if self.exact_projection is not None and self.exact_projection >= AT_RISK_SHARE * target:
            return Status.AT_RISK
        return Status.OFF_TRACK

    @cached_property
    def status_label(self) -> str:
        """Return the status in words, in the page's language."""
        return self.status.label


def tracked_programmes(targets: Iterable[Target]) -> list[Programme]:
    """Return the programmes with national targets (SPEC §2.2), the tracked one first.

    A national target has a programme and no province; the programme with the most of them
    leads, ties by name.
    """
    national = Counter(
        target.programme for target in targets if target.programme_id and not target.province_id
    )
    return sorted(national, key=lambda programme: (-national[programme], programme.name))
