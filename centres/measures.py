"""The queries behind the overview and the tracker (SPEC §3.2): each target's metric V(day), its
first launch, and one page's measures, each read once per scope and date.

Decisions where the SPEC is silent:

- Programme on a target narrows only the centre metrics; parks, workers and women's share
  count every facility (narrowed by province when one is set).
- "First launch" for centre metrics is the programme's (every province), as §3.3 says; for the
  other metrics it is the first opening among the facilities the target counts. Only launches
  on or before the date count.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.functional import cached_property

from centres.models import (
    CENTRE_METRICS,
    COUNT_METRICS,
    WORKER_METRICS,
    Centre,
    Metric,
    Programme,
    Target,
)
from centres.progress import PACE_WINDOW_MONTHS, tracked_programmes
from registry.models import (
    Facility,
    FacilityKind,
    Park,
    RolloutFigure,
    WorkforceFigure,
)
from registry.models.calendar import add_months

Span = tuple[datetime.date, datetime.date]
# Which figure of a programme's centres each centre metric counts.
CENTRE_FIGURES = {
    Metric.CENTRES_OPERATIONAL: RolloutFigure.OPERATIONAL,
    Metric.JOBS_AT_CENTRES: RolloutFigure.WORKERS,
}


def target_scope(target: Target) -> QuerySet:
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


def metric_value(*, target: Target, day: datetime.date) -> int | Decimal | None:
    """Return the target's metric V(day): a count, a sum of latest workers, or a share."""
    operational = target_scope(target).operational_on(day)
    if target.metric in COUNT_METRICS:
        return operational.count()
    totals = operational.workforce_totals(day)
    if target.metric in WORKER_METRICS:
        return totals["workers"]
    return totals["women_share"]


def launch_scope(target: Target) -> tuple[str, int | str | None]:
    """Return a key naming the facilities whose first opening starts the target's pace."""
    if target.metric in CENTRE_METRICS:
        return ("programme", target.programme_id)
    if target.metric == Metric.PARKS_OPERATIONAL:
        return ("parks", target.province_id)
    return ("facilities", target.province_id)


def first_launch(*, target: Target, as_of: datetime.date) -> datetime.date | None:
    """Return the first launch on or before the date that starts the target's pace."""
    if target.metric in CENTRE_METRICS:
        rows = Centre.objects.filter(programme_id=target.programme_id)
    else:
        rows = target_scope(target)
    return rows.filter(opened_on__lte=as_of).first_opened()


def all_targets() -> QuerySet:
    """Return every target with its programme and province."""
    return Target.objects.select_related("programme", "province")


class Measures:
    """What one page's targets, series and headline share, measured once per scope and date.

    A programme's centres are measured by province, several dates and spans to a query, always
    with the page's date and the year before it, which every target's pace asks for; national
    figures add the provinces up.
    """

    def __init__(self, as_of: datetime.date) -> None:
        self.as_of = as_of
        self.usual_days = [as_of, add_months(as_of, -PACE_WINDOW_MONTHS)]
        self.launches = {}
        self.values = {}
        self.centres_on = {}
        self.launched = {}

    @cached_property
    def targets(self) -> list[Target]:
        """Return every target, by due year then metric, read once for the page's sections."""
        return list(all_targets())

    @cached_property
    def tracked_programmes(self) -> list[Programme]:
        """Return the programmes with national targets, the tracked one first."""
        return tracked_programmes(self.targets)

    def measure_centres(
        self, programme_id: int, days: Iterable[datetime.date] = (), spans: Iterable[Span] = ()
    ) -> None:
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
                province: {
                    figure: figures[figure][day]
                    for figure in (RolloutFigure.OPERATIONAL, RolloutFigure.WORKERS)
                }
                for province, figures in rollout.items()
            }
        for span in spans:
            self.launched[(programme_id, span)] = sum(
                figures[RolloutFigure.LAUNCHED][span] for figures in rollout.values()
            )

    def centre_figure(
        self,
        programme_id: int,
        figure: RolloutFigure,
        day: datetime.date,
        province_id: str | None = None,
    ) -> int:
        """Return the programme's centres operational on the day (OPERATIONAL) or the jobs at
        them (WORKERS), in the province or, without one, nationally."""
        self.measure_centres(programme_id, [day])
        by_province = self.centres_on[(programme_id, day)]
        if province_id:
            return by_province.get(province_id, {}).get(figure, 0)
        return sum(figures[figure] for figures in by_province.values())

    def launched_count(self, programme_id: int, span: Span) -> int:
        """Return how many of the programme's centres launched in the span (first, last)."""
        self.measure_centres(programme_id, spans=[span])
        return self.launched[(programme_id, span)]

    def value(self, *, target: Target, day: datetime.date) -> int | Decimal | None:
        """Return V(day) of the target's metric."""
        if target.metric in CENTRE_METRICS:
            figure = CENTRE_FIGURES[target.metric]
            return self.centre_figure(target.programme_id, figure, day, target.province_id)
        key = (target.metric, target.province_id, day)
        if key not in self.values:
            self.values[key] = metric_value(target=target, day=day)
        return self.values[key]

    def programme_launch(self, programme_id: int) -> datetime.date | None:
        """Return the programme's first launch on or before the date, as centre targets see it."""
        target = Target(metric=Metric.CENTRES_OPERATIONAL, programme_id=programme_id, value=0)
        return self.first_launch(target=target, as_of=self.as_of)

    def first_launch(self, *, target: Target, as_of: datetime.date) -> datetime.date | None:
        """Return the first launch that starts the target's pace, read once per scope."""
        key = launch_scope(target)
        if key not in self.launches:
            self.launches[key] = first_launch(target=target, as_of=as_of)
        return self.launches[key]

    @cached_property
    def workforce_groups(self) -> dict[tuple, dict[WorkforceFigure, int]]:
        """Return {(province, kind): figures of the facilities operational on the date}."""
        return Facility.objects.operational_on(self.as_of).workforce_by(
            "city__province", "kind", as_of=self.as_of
        )

    def workforce(
        self, *, province_id: str | None = None, kind: FacilityKind | None = None
    ) -> dict[WorkforceFigure, int]:
        """Return the workforce figures of the facilities operational on the date, in the province
        and of the kind when given, added up from one query grouped by both."""
        groups = [
            figures
            for (group_province, group_kind), figures in self.workforce_groups.items()
            if province_id in (None, group_province) and kind in (None, group_kind)
        ]
        return {figure: sum(group[figure] for group in groups) for figure in WorkforceFigure}
