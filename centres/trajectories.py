"""Trajectories (issue 18): a national target's value at every month's end since the first
launch, against the straight path from there to the target at its deadline."""

import datetime
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from centres.measures import launch_scope, target_scope
from centres.models import COUNT_METRICS, WORKER_METRICS
from centres.progress import Progress, rounded
from registry.models import women_share
from registry.models.calendar import add_months


def month_ends(first, last):
    """Return the last day of every month from the first date's month to the last date's."""
    ends, month = [], first.replace(day=1)
    while month <= last:
        ends.append(add_months(month, 1) - datetime.timedelta(days=1))
        month = add_months(month, 1)
    return ends


def trajectory_days(*, launch, as_of):
    """Return the days a trajectory shows: the first launch, every month's end after it and
    before the date, and the date itself; none before a first launch."""
    if launch is None:
        return []
    ends = [day for day in month_ends(launch, as_of) if launch < day < as_of]
    return list(dict.fromkeys([launch, *ends, as_of]))


def metric_figure(metric, figures):
    """Return the metric's value from a day's figures (Facility.timeline), as metric_value does."""
    if metric in COUNT_METRICS:
        return figures["operational"]
    if metric in WORKER_METRICS:
        return figures["workers"]
    return women_share(figures["women"], figures["workers"])


class Timelines:
    """The figures of each target's facilities on many days (FacilityQuerySet.timeline),
    measured once per set of facilities: the centre targets of one programme share theirs."""

    def __init__(self):
        self.measured = {}

    def values(self, target, days):
        """Return the target's metric V(day) on each of the days."""
        key = (launch_scope(target), target.province_id)
        known = self.measured.setdefault(key, {})
        missing = [day for day in days if day not in known]
        if missing:
            known.update(target_scope(target).timeline(missing))
        return [metric_figure(target.metric, known[day]) for day in days]


@dataclass(frozen=True)
class Trajectory:
    """A target's value V(day) on the days of trajectory_days (SPEC §3.3), and its path.

    The path runs straight from the value on the first launch to the target on the deadline;
    the projection is the progress's own (at the actual pace, to the deadline).
    """

    progress: Progress
    points: list

    @property
    def start(self):
        return self.points[0][0]

    @property
    def start_value(self):
        """Return the value on the first launch, 0 when it has none (nobody worked yet)."""
        return self.points[0][1] or 0

    @property
    def deadline(self):
        return self.progress.deadline

    @property
    def target_value(self):
        return self.progress.target.value

    @property
    def places(self):
        """Return the decimals a value of the metric shows: one for a share, none for counts."""
        return 1 if self.progress.is_share else 0

    def path_value(self, day):
        """Return the exact value of the straight path on the day (the target from the deadline)."""
        span = (self.deadline - self.start).days
        if span <= 0:
            return Fraction(self.target_value)
        elapsed = Fraction(min(max((day - self.start).days, 0), span), span)
        start = Fraction(self.start_value)
        return start + (Fraction(self.target_value) - start) * elapsed

    def path_display(self, day):
        return rounded(self.path_value(day), self.places)

    @cached_property
    def needed_now(self):
        """Return the path's value on the date, rounded for display; None after the deadline."""
        if self.progress.deadline_passed or self.deadline <= self.start:
            return None
        return self.path_display(self.progress.as_of)

    @cached_property
    def gap_now(self):
        """Return how far the value is below the path on the date (negative when ahead)."""
        if self.needed_now is None or self.progress.current is None:
            return None
        return rounded(
            self.path_value(self.progress.as_of) - Fraction(self.progress.current), self.places
        )

    @cached_property
    def rows(self):
        """Return (day, value, path value) for the data table, the deadline last."""
        rows = [(day, value, self.path_display(day)) for day, value in self.points]
        if self.deadline > self.start and self.deadline not in dict(self.points):
            rows.append((self.deadline, None, self.path_display(self.deadline)))
        return sorted(rows, key=lambda row: row[0])


def target_trajectory(*, progress, timelines=None):
    """Return the target's trajectory as of the progress's date, or None before a first launch."""
    days = trajectory_days(launch=progress.first_launch, as_of=progress.as_of)
    if not days:
        return None
    values = (timelines or Timelines()).values(progress.target, days)
    return Trajectory(progress=progress, points=list(zip(days, values, strict=True)))
