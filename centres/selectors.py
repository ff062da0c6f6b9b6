"""Reads behind the overview and the rollout tracker (SPEC §3.2–§3.4), as of a given date.

Every figure is measured through centres.measures (the model layer's queryset methods, each
read once per page); the §3.3 arithmetic is centres.progress. This module chooses the
targets and dates each section shows.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from centres.measures import Measures
from centres.models import Metric, Programme, Target
from centres.progress import PACE_WINDOW_MONTHS, Progress, progress_of
from registry.models import (
    FacilityKind,
    Province,
    RolloutFigure,
    Tenancy,
    WorkforceFigure,
    women_share,
)
from registry.models.calendar import (
    add_months,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_start,
)


def target_progress(
    *, target: Target, as_of: datetime.date, measures: Measures | None = None
) -> Progress:
    """Return the progress of one target as of the date (SPEC §3.3)."""
    measures = measures or Measures(as_of)
    current = measures.value(target=target, day=as_of)
    year_ago = add_months(as_of, -PACE_WINDOW_MONTHS)
    launch = measures.first_launch(target=target, as_of=as_of)
    value_year_ago = None
    if launch is not None and launch <= year_ago:
        value_year_ago = measures.value(target=target, day=year_ago)
    # Once the deadline has passed there is nothing to project; the value it ended on is shown.
    deadline = target.deadline
    at_deadline = measures.value(target=target, day=deadline) if as_of > deadline else None
    return progress_of(
        target=target,
        as_of=as_of,
        year_ago=year_ago,
        current=current,
        value_year_ago=value_year_ago,
        first_launch=launch,
        value_at_deadline=at_deadline,
    )


def national_progress(*, as_of: datetime.date, measures: Measures | None = None) -> list[Progress]:
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

    metric: Metric
    fiscal_year: int
    programme: Programme | None
    rows: list[Progress]

    @property
    def key(self) -> str:
        """Return a name for the group's anchors, e.g. "centres_operational-2027-3"."""
        return f"{self.metric}-{self.fiscal_year}-{self.programme.pk if self.programme else 0}"

    @property
    def deadline_label(self) -> str:
        """Return the due fiscal year's label, e.g. "FY2027 (2026-27)"."""
        return fiscal_year_label(self.fiscal_year)


def province_target_groups(
    *, as_of: datetime.date, measures: Measures | None = None
) -> list[TargetGroup]:
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
    def label(self) -> str:
        """Return the fiscal year's label, e.g. "FY2025 (2024-25)"."""
        return fiscal_year_label(self.fiscal_year)

    @property
    def start(self) -> datetime.date:
        """Return the year's first day."""
        return fiscal_year_start(self.fiscal_year)

    @property
    def end(self) -> datetime.date:
        """Return the year's last day."""
        return fiscal_year_end(self.fiscal_year)

    @property
    def started(self) -> bool:
        """Say whether the year had begun by the date."""
        return self.start <= self.as_of

    @property
    def complete(self) -> bool:
        """Say whether the year had ended by the date; else its figures stand at that date."""
        return self.end <= self.as_of


def fiscal_year_series(
    *, programme: Programme, as_of: datetime.date, measures: Measures | None = None
) -> list[FiscalYearRow]:
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
            centres_operational_end=figure(RolloutFigure.OPERATIONAL, year),
            jobs_at_centres_end=figure(RolloutFigure.WORKERS, year),
            target_centres=targets.get((Metric.CENTRES_OPERATIONAL, year)),
            target_jobs=targets.get((Metric.JOBS_AT_CENTRES, year)),
        )
        for year in range(first, last + 1)
    ]


@dataclass(frozen=True)
class ProvinceFigures:
    """A province's facilities operational on a date and their latest workforce."""

    province: Province
    facilities: int
    workers: int
    women: int

    @property
    def women_share(self) -> Decimal | None:
        """Return the weighted women's share, or None when nobody works."""
        return women_share(self.women, self.workers)


def province_figures(
    *, as_of: datetime.date, measures: Measures | None = None
) -> list[ProvinceFigures]:
    """Return, per province, facilities operational on the date and their latest workforce."""
    measures = measures or Measures(as_of)
    rows = []
    for province in Province.objects.all():
        figures = measures.workforce(province_id=province.pk)
        rows.append(
            ProvinceFigures(
                province=province,
                facilities=figures[WorkforceFigure.FACILITIES],
                workers=figures[WorkforceFigure.WORKERS],
                women=figures[WorkforceFigure.WOMEN],
            )
        )
    return rows


@dataclass(frozen=True)
class Headline:
    """The overview's headline figures as they stood on a date."""

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
    def fiscal_year(self) -> int:
        """Return the fiscal year the date falls in."""
        return fiscal_year(self.as_of)

    @property
    def fiscal_year_label(self) -> str:
        """Return that fiscal year's label."""
        return fiscal_year_label(self.fiscal_year)


def headline_figures(
    *, as_of: datetime.date, programme: Programme | None = None, measures: Measures | None = None
) -> Headline:
    """Return the overview's headline figures as they stood on the date."""
    measures = measures or Measures(as_of)
    totals = measures.workforce()
    this_year = (fiscal_year_start(fiscal_year(as_of)), as_of)
    return Headline(
        as_of=as_of,
        programme=programme,
        parks_operational=measures.workforce(kind=FacilityKind.PARK)[WorkforceFigure.FACILITIES],
        centres_operational=(
            measures.centre_figure(programme.pk, RolloutFigure.OPERATIONAL, as_of)
            if programme
            else None
        ),
        all_centres_operational=measures.workforce(kind=FacilityKind.CENTRE)[
            WorkforceFigure.FACILITIES
        ],
        current_tenants=Tenancy.objects.current_on(as_of).company_total(),
        workers=totals[WorkforceFigure.WORKERS],
        women=totals[WorkforceFigure.WOMEN],
        women_share=women_share(totals[WorkforceFigure.WOMEN], totals[WorkforceFigure.WORKERS]),
        reporting=totals[WorkforceFigure.REPORTING],
        facilities_operational=totals[WorkforceFigure.FACILITIES],
        overdue=totals[WorkforceFigure.OVERDUE],
        without_report=totals[WorkforceFigure.WITHOUT_REPORT],
        launched_this_year=(
            measures.launched_count(programme.pk, this_year) if programme else None
        ),
    )
