"""Reads behind the overview and the rollout tracker (SPEC §3.2–§3.4), as of a given date.

Every figure comes from the model layer's queryset methods; this module only chooses the rows
each target counts and does the arithmetic of §3.3. Decisions where the SPEC is silent:

- Programme on a target narrows only the centre metrics; parks, workers and women's share
  count every facility (narrowed by province when one is set).
- The deadline is the last day of the due fiscal year. On that day the target is not yet
  missed, but no months are left: no pace is needed (or can help) and the projection equals
  the current value. The day after, an unmet target is missed; from then on no projection is
  made, and the value on the deadline day is shown beside today's.
- "First launch" for centre metrics is the programme's (every province), as §3.3 says; for the
  other metrics it is the first opening among the facilities the target counts. Only launches
  on or before the date count: before the first launch there is no pace, and the projection is
  the current value.
- On the day of the first launch itself no time has passed, so the pace is not measurable yet.
- Women's share has no value while nobody works; then its pace is not measurable either.
- Percent of target and projection are rounded down, so "100 %" or a projection equal to the
  target never shows for a target that is not reached (the status uses exact values).
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Programme, Target
from registry.models import (
    Facility,
    FacilityKind,
    Park,
    Province,
    TenantSpell,
    women_share,
)
from registry.models.calendar import (
    add_months,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_start,
)

# The average length of a month in days (365.25 / 12), as §3.3 counts months.
DAYS_PER_MONTH = Fraction("30.4375")
# A projection at or above this share of the target is "at risk" rather than "off track".
AT_RISK_SHARE = Fraction(8, 10)
PACE_WINDOW_MONTHS = 12
# Paces are shown with at least one decimal, and more (up to this many) when one decimal would
# show the needed and the actual pace alike while they differ.
MAX_PACE_PLACES = 3
WORKFORCE_FIGURES = ("facilities", "workers", "women", "reporting", "overdue", "without_report")

Metric = Target.Metric
CENTRE_METRICS = {Metric.CENTRES_OPERATIONAL, Metric.JOBS_AT_CENTRES}
COUNT_METRICS = {Metric.CENTRES_OPERATIONAL, Metric.PARKS_OPERATIONAL}
WORKER_METRICS = {Metric.JOBS_AT_CENTRES, Metric.WORKERS_TOTAL}
# What each metric counts, in words: one, many.
UNITS = {
    Metric.CENTRES_OPERATIONAL: (_("centre"), _("centres")),
    Metric.JOBS_AT_CENTRES: (_("job"), _("jobs")),
    Metric.PARKS_OPERATIONAL: (_("park"), _("parks")),
    Metric.WORKERS_TOTAL: (_("worker"), _("workers")),
    Metric.WOMEN_SHARE: (_("percentage point"), _("percentage points")),
}


class Status:
    ACHIEVED = "achieved"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    LABELS = {
        ACHIEVED: _("Achieved"),
        MISSED: _("Missed"),
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        OFF_TRACK: _("Off track"),
    }


class PaceBasis:
    YEAR = "year"
    SINCE_LAUNCH = "since_launch"
    NOT_STARTED = "not_started"
    LAUNCH_DAY = "launch_day"
    NO_VALUE = "no_value"


def _decimal(value, places, rounding=ROUND_HALF_UP):
    """Return an exact number as a Decimal with the given places, or None for None."""
    if value is None:
        return None
    value = Fraction(value)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding)


@dataclass(frozen=True)
class Progress:
    """One target's progress as of a date (SPEC §3.3); exact fractions, rounded for display.

    Figures derived from the fields are cached: a progress card reads each several times.
    """

    target: Target
    as_of: datetime.date
    current: int | Decimal | None
    year_ago: datetime.date
    value_year_ago: int | Decimal | None
    first_launch: datetime.date | None
    pace_basis: str
    exact_actual_pace: Fraction | None
    exact_needed_pace: Fraction | None
    exact_projection: Fraction | None
    months_since_launch: Fraction | None
    value_at_deadline: int | Decimal | None

    @property
    def metric(self):
        return self.target.metric

    # Words are translated once, in the page's language: a card shows each several times, and a
    # lazy string would be translated again at every use.
    @cached_property
    def unit(self):
        """Return what the metric counts, in words, e.g. "centres"."""
        return str(UNITS[self.target.metric][1])

    @cached_property
    def unit_one(self):
        return str(UNITS[self.target.metric][0])

    @cached_property
    def deadline_passed(self):
        return self.as_of > self.deadline

    @cached_property
    def is_share(self):
        return self.target.metric == Metric.WOMEN_SHARE

    @cached_property
    def deadline(self):
        return fiscal_year_end(self.target.fiscal_year)

    @cached_property
    def deadline_label(self):
        return fiscal_year_label(self.target.fiscal_year)

    @cached_property
    def days_left(self):
        return max(0, (self.deadline - self.as_of).days)

    @cached_property
    def exact_months_left(self):
        return Fraction(self.days_left) / DAYS_PER_MONTH

    @cached_property
    def months_left(self):
        return _decimal(self.exact_months_left, 1)

    @cached_property
    def percent(self):
        """Return the current value as a percentage of the target, rounded down to one place."""
        if not self.target.value:
            return None
        return _decimal(Fraction(self.current or 0) * 100 / self.target.value, 1, ROUND_DOWN)

    @cached_property
    def remaining(self):
        return max(0, self.target.value - (self.current or 0))

    @cached_property
    def pace_places(self):
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
                if _decimal(needed, places) != _decimal(actual, places)
            ),
            1,
        )

    @cached_property
    def needed_pace(self):
        return _decimal(self.exact_needed_pace, self.pace_places)

    @cached_property
    def actual_pace(self):
        return _decimal(self.exact_actual_pace, self.pace_places)

    @cached_property
    def projection(self):
        return _decimal(self.exact_projection, 1 if self.is_share else 0, ROUND_DOWN)

    @cached_property
    def months_since_launch_display(self):
        return _decimal(self.months_since_launch, 1)

    @cached_property
    def status(self):
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
    def status_label(self):
        return str(Status.LABELS[self.status])


def tracked_programmes(targets):
    """Return the programmes with national targets (SPEC §2.2), the tracked one first.

    A national target has a programme and no province; the programme with the most of them
    leads, ties by name.
    """
    national = Counter(
        target.programme for target in targets if target.programme_id and not target.province_id
    )
    return sorted(national, key=lambda programme: (-national[programme], programme.name))


def target_scope(target):
    """Return the facilities a target counts, before narrowing to a date."""
    if target.metric in CENTRE_METRICS:
        rows = Centre.objects.filter(programme_id=target.programme_id)
    elif target.metric == Metric.PARKS_OPERATIONAL:
        rows = Park.objects.all()
    else:
        rows = Facility.objects.all()
    if target.province_id:
        rows = rows.filter(city__province_id=target.province_id)
    return rows


def metric_value(*, target, day):
    """Return the target's metric V(day): a count, a sum of latest workers, or a share."""
    operational = target_scope(target).operational_on(day)
    if target.metric in COUNT_METRICS:
        return operational.count()
    totals = operational.workforce_totals(day)
    if target.metric in WORKER_METRICS:
        return totals["workers"]
    return totals["women_share"]


def launch_scope(target):
    """Return a key naming the facilities whose first opening starts the target's pace."""
    if target.metric in CENTRE_METRICS:
        return ("programme", target.programme_id)
    if target.metric == Metric.PARKS_OPERATIONAL:
        return ("parks", target.province_id)
    return ("facilities", target.province_id)


def first_launch(*, target, as_of):
    """Return the first launch on or before the date that starts the target's pace."""
    if target.metric in CENTRE_METRICS:
        rows = Centre.objects.filter(programme_id=target.programme_id)
    else:
        rows = target_scope(target)
    return rows.filter(opened_on__lte=as_of).first_opened()


def _actual_pace(*, current, value_year_ago, launch, as_of, year_ago):
    """Return (basis, pace per month, months since launch) following §3.3."""
    if launch is None:
        return PaceBasis.NOT_STARTED, None, None
    months_since = Fraction((as_of - launch).days) / DAYS_PER_MONTH
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


class Measures:
    """What one page's targets, series and headline share, measured once per scope and date.

    A programme's centres are measured by province, several dates and spans to a query, always
    with the page's date and the year before it, which every target's pace asks for; national
    figures add the provinces up.
    """

    def __init__(self, as_of):
        self.as_of = as_of
        self.usual_days = [as_of, add_months(as_of, -PACE_WINDOW_MONTHS)]
        self.launches = {}
        self.values = {}
        self.centres_on = {}
        self.launched = {}

    @cached_property
    def targets(self):
        """Return every target, by due year then metric, read once for the page's sections."""
        return list(_targets())

    @cached_property
    def tracked_programmes(self):
        """Return the programmes with national targets, the tracked one first."""
        return tracked_programmes(self.targets)

    def measure_centres(self, programme_id, days=(), spans=()):
        """Measure the programme's centres on the days and in the spans not yet measured, by
        province, in one query (Facility.rollout_by)."""
        days = [
            day
            for day in dict.fromkeys([*days, *self.usual_days])
            if (programme_id, day) not in self.centres_on
        ]
        spans = [span for span in dict.fromkeys(spans) if (programme_id, span) not in self.launched]
        if not days and not spans:
            return
        rollout = Centre.objects.filter(programme_id=programme_id).rollout_by(
            "city__province", days, spans
        )
        for day in days:
            self.centres_on[(programme_id, day)] = {
                province: {figure: figures[figure][day] for figure in ("operational", "workers")}
                for province, figures in rollout.items()
            }
        for span in spans:
            self.launched[(programme_id, span)] = sum(
                figures["launched"][span] for figures in rollout.values()
            )

    def centre_figure(self, programme_id, figure, day, province_id=None):
        """Return the programme's centres operational on the day ("operational") or the jobs
        at them ("workers"), in the province or, without one, nationally."""
        self.measure_centres(programme_id, [day])
        by_province = self.centres_on[(programme_id, day)]
        if province_id:
            return by_province.get(province_id, {}).get(figure, 0)
        return sum(figures[figure] for figures in by_province.values())

    def launched_count(self, programme_id, span):
        """Return how many of the programme's centres launched in the span (first, last)."""
        self.measure_centres(programme_id, spans=[span])
        return self.launched[(programme_id, span)]

    def value(self, *, target, day):
        """Return V(day) of the target's metric."""
        if target.metric in CENTRE_METRICS:
            figure = "operational" if target.metric == Metric.CENTRES_OPERATIONAL else "workers"
            return self.centre_figure(target.programme_id, figure, day, target.province_id)
        key = (target.metric, target.province_id, day)
        if key not in self.values:
            self.values[key] = metric_value(target=target, day=day)
        return self.values[key]

    def programme_launch(self, programme_id):
        """Return the programme's first launch on or before the date, as centre targets see it."""
        target = Target(metric=Metric.CENTRES_OPERATIONAL, programme_id=programme_id, value=0)
        return self.first_launch(target=target, as_of=self.as_of)

    def first_launch(self, *, target, as_of):
        key = launch_scope(target)
        if key not in self.launches:
            self.launches[key] = first_launch(target=target, as_of=as_of)
        return self.launches[key]

    @cached_property
    def workforce_groups(self):
        """Return {(province, kind): figures of the facilities operational on the date}."""
        return Facility.objects.operational_on(self.as_of).workforce_by(
            "city__province", "kind", as_of=self.as_of
        )

    def workforce(self, *, province_id=None, kind=None):
        """Return the workforce figures of the facilities operational on the date, in the province
        and of the kind when given, added up from one query grouped by both."""
        groups = [
            figures
            for (group_province, group_kind), figures in self.workforce_groups.items()
            if province_id in (None, group_province) and kind in (None, group_kind)
        ]
        return {figure: sum(group[figure] for group in groups) for figure in WORKFORCE_FIGURES}


def target_progress(*, target, as_of, measures=None):
    """Return the progress of one target as of the date (SPEC §3.3)."""
    measures = measures or Measures(as_of)
    current = measures.value(target=target, day=as_of)
    year_ago = add_months(as_of, -PACE_WINDOW_MONTHS)
    launch = measures.first_launch(target=target, as_of=as_of)
    value_year_ago = None
    if launch is not None and launch <= year_ago:
        value_year_ago = measures.value(target=target, day=year_ago)
    basis, pace, months_since = _actual_pace(
        current=current,
        value_year_ago=value_year_ago,
        launch=launch,
        as_of=as_of,
        year_ago=year_ago,
    )
    deadline = fiscal_year_end(target.fiscal_year)
    months_left = Fraction(max(0, (deadline - as_of).days)) / DAYS_PER_MONTH
    remaining = max(0, target.value - Fraction(current or 0))
    if not remaining:
        needed = Fraction(0)
    else:
        needed = remaining / months_left if months_left else None
    # Once the deadline has passed there is nothing to project; the value it ended on is shown.
    at_deadline = measures.value(target=target, day=deadline) if as_of > deadline else None
    if current is None or as_of > deadline:
        projection = None
    else:
        projection = Fraction(current) + (pace or 0) * months_left
    return Progress(
        target=target,
        as_of=as_of,
        current=current,
        year_ago=year_ago,
        value_year_ago=value_year_ago,
        first_launch=launch,
        pace_basis=basis,
        exact_actual_pace=pace,
        exact_needed_pace=needed,
        exact_projection=projection,
        months_since_launch=months_since,
        value_at_deadline=at_deadline,
    )


def _targets():
    return Target.objects.select_related("programme", "province")


def national_progress(*, as_of, measures=None):
    """Return the progress of every target without a province, by due year then metric."""
    measures = measures or Measures(as_of)
    return [
        target_progress(target=target, as_of=as_of, measures=measures)
        for target in measures.targets
        if target.province_id is None
    ]


@dataclass(frozen=True)
class TargetGroup:
    """Province targets of one metric, due year and programme: one table on the tracker."""

    metric: str
    fiscal_year: int
    programme: Programme | None
    rows: list

    @property
    def key(self):
        """Return a name for the group's anchors, e.g. "centres_operational-2027-3"."""
        return f"{self.metric}-{self.fiscal_year}-{self.programme.pk if self.programme else 0}"

    @property
    def deadline_label(self):
        return fiscal_year_label(self.fiscal_year)


def province_target_groups(*, as_of, measures=None):
    """Return every province target's progress, grouped by due year, metric and programme.

    Groups come by due year, then in the order of the metrics' choices, then by programme
    name; rows by value (largest first), then province, from the targets the page has read.
    """
    measures = measures or Measures(as_of)
    metric_order = {metric: index for index, metric in enumerate(Metric.values)}
    groups = {}
    for target in measures.targets:
        if target.province_id:
            key = (target.fiscal_year, metric_order[target.metric], target.programme)
            groups.setdefault(key, []).append(target)

    def group_order(key):
        year, metric, programme = key
        # clean() requires a programme on centre targets; a row written around it sorts first.
        return year, metric, programme.name if programme else ""

    return [
        TargetGroup(
            metric=targets[0].metric,
            fiscal_year=year,
            programme=programme,
            rows=[
                target_progress(target=target, as_of=as_of, measures=measures)
                for target in sorted(targets, key=lambda t: (-t.value, t.province.name))
            ],
        )
        for (year, _, programme), targets in sorted(
            groups.items(), key=lambda kv: group_order(kv[0])
        )
    ]


@dataclass(frozen=True)
class FiscalYearRow:
    """One fiscal year of a programme's rollout (SPEC §3.4); figures are None before it starts."""

    fiscal_year: int
    as_of: datetime.date
    centres_launched: int | None
    centres_operational_end: int | None
    jobs_at_centres_end: int | None
    target_centres: int | None
    target_jobs: int | None

    @property
    def label(self):
        return fiscal_year_label(self.fiscal_year)

    @property
    def start(self):
        return fiscal_year_start(self.fiscal_year)

    @property
    def end(self):
        return fiscal_year_end(self.fiscal_year)

    @property
    def started(self):
        return self.start <= self.as_of

    @property
    def complete(self):
        """Say whether the year had ended by the date; else its figures stand at that date."""
        return self.end <= self.as_of


def fiscal_year_series(*, programme, as_of, measures=None):
    """Return one row per fiscal year from the first launch to the last target year (§3.4).

    A year not over by the date shows its figures as of the date; a year that starts after it
    shows only its targets. The series runs at least to the date's own fiscal year.
    """
    measures = measures or Measures(as_of)
    all_targets = [target for target in measures.targets if target.programme_id == programme.pk]
    targets = {
        (target.metric, target.fiscal_year): target.value
        for target in all_targets
        if target.province_id is None
    }
    launch = measures.programme_launch(programme.pk)
    first = fiscal_year(launch or as_of)
    last = max([fiscal_year(as_of), *(target.fiscal_year for target in all_targets)])
    started = [year for year in range(first, last + 1) if fiscal_year_start(year) <= as_of]
    ends = {year: min(fiscal_year_end(year), as_of) for year in started}
    spans = {year: (fiscal_year_start(year), ends[year]) for year in started}
    measures.measure_centres(programme.pk, ends.values(), spans.values())

    def figure(name, year):
        return measures.centre_figure(programme.pk, name, ends[year]) if year in ends else None

    return [
        FiscalYearRow(
            fiscal_year=year,
            as_of=min(fiscal_year_end(year), as_of),
            centres_launched=(
                measures.launched_count(programme.pk, spans[year]) if year in spans else None
            ),
            centres_operational_end=figure("operational", year),
            jobs_at_centres_end=figure("workers", year),
            target_centres=targets.get((Metric.CENTRES_OPERATIONAL, year)),
            target_jobs=targets.get((Metric.JOBS_AT_CENTRES, year)),
        )
        for year in range(first, last + 1)
    ]


@dataclass(frozen=True)
class ProvinceFigures:
    province: Province
    facilities: int
    workers: int
    women: int

    @property
    def women_share(self):
        return women_share(self.women, self.workers)


def province_figures(*, as_of, measures=None):
    """Return, per province, facilities operational on the date and their latest workforce."""
    measures = measures or Measures(as_of)
    rows = []
    for province in Province.objects.all():
        figures = measures.workforce(province_id=province.pk)
        rows.append(
            ProvinceFigures(
                province=province,
                facilities=figures["facilities"],
                workers=figures["workers"],
                women=figures["women"],
            )
        )
    return rows


@dataclass(frozen=True)
class Headline:
    as_of: datetime.date
    programme: Programme | None
    parks_operational: int
    centres_operational: int | None
    all_centres_operational: int
    current_tenants: int
    workers: int
    women: int
    women_share: Decimal | None
    reporting: int
    facilities_operational: int
    overdue: int
    without_report: int
    launched_this_year: int | None

    @property
    def fiscal_year(self):
        return fiscal_year(self.as_of)

    @property
    def fiscal_year_label(self):
        return fiscal_year_label(self.fiscal_year)


def headline_figures(*, as_of, programme=None, measures=None):
    """Return the overview's headline figures as they stood on the date."""
    measures = measures or Measures(as_of)
    totals = measures.workforce()
    this_year = (fiscal_year_start(fiscal_year(as_of)), as_of)
    return Headline(
        as_of=as_of,
        programme=programme,
        parks_operational=measures.workforce(kind=FacilityKind.PARK)["facilities"],
        centres_operational=(
            measures.centre_figure(programme.pk, "operational", as_of) if programme else None
        ),
        all_centres_operational=measures.workforce(kind=FacilityKind.CENTRE)["facilities"],
        # A company's spells never overlap: the spells running on the date count each tenant once.
        current_tenants=TenantSpell.objects.current_on(as_of).count(),
        workers=totals["workers"],
        women=totals["women"],
        women_share=women_share(totals["women"], totals["workers"]),
        reporting=totals["reporting"],
        facilities_operational=totals["facilities"],
        overdue=totals["overdue"],
        without_report=totals["without_report"],
        launched_this_year=(
            measures.launched_count(programme.pk, this_year) if programme else None
        ),
    )


# Trajectories (issue 18): a national target's value at every month's end since the first
# launch, against the straight path from there to the target at its deadline.


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
        return _decimal(self.path_value(day), self.places)

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
        return _decimal(
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
