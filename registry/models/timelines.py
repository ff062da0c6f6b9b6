"""The steps FacilityQuerySet.timeline() adds up: openings, closings and each report's change
against the facility's report before it, grouped by day in SQL."""

import bisect
import datetime

from django.apps import apps
from django.db import connections, models
from django.db.models import Count, F, Window
from django.db.models.functions import Coalesce, Greatest, Lag


def add_step(steps: dict, start: datetime.date, end: datetime.date | None, amount: int) -> None:
    """Add an amount counted from the start until the day before the end (for ever without)."""
    if not amount or (end is not None and end <= start):
        return
    steps[start] = steps.get(start, 0) + amount
    if end is not None:
        steps[end] = steps.get(end, 0) - amount


def running_totals(steps: dict, days: list[datetime.date]) -> list[int]:
    """Return the sum of the steps on or before each day."""
    order = sorted(steps)
    running, total = [], 0
    for day in order:
        total += steps[day]
        running.append(total)
    return [running[i - 1] if (i := bisect.bisect_right(order, day)) else 0 for day in days]


def timeline_steps(facilities: models.QuerySet) -> list[tuple]:
    """Return the steps of the facilities' timeline, grouped by start and closing day: (start,
    closing, Σ change of workers, Σ change of women, openings).

    Reports start on the later of their month and the facility's opening; openings count the
    facilities opened on the start day and closed on the closing day.
    """
    facilities = facilities.order_by().filter(opened_on__isnull=False)
    openings = facilities.values("opened_on", "closed_on").annotate(openings=Count("pk"))

    def change(field):
        before = Window(Lag(field), partition_by=[F("facility_id")], order_by=F("period").asc())
        return F(field) - Coalesce(before, 0)

    reports = (
        apps.get_model("registry", "WorkforceReport")
        .objects.filter(facility__in=facilities.values("pk"))
        .order_by()
        .annotate(
            start=Greatest("period", "facility__opened_on"),
            closing=F("facility__closed_on"),
            workers_change=change("workers"),
            women_change=change("women"),
        )
        .values("start", "closing", "workers_change", "women_change")
    )
    # Grouping by expressions over a window function needs a query around it, which the ORM
    # does not write: it is written here around the ORM's own SQL, with the openings added.
    reports_sql, reports_params = reports.query.sql_with_params()
    openings_sql, openings_params = openings.query.sql_with_params()
    sql = (
        "SELECT r.start, r.closing, SUM(r.workers_change), SUM(r.women_change), 0 "
        f"FROM ({reports_sql}) r GROUP BY r.start, r.closing UNION ALL "
        f"SELECT o.opened_on, o.closed_on, 0, 0, o.openings FROM ({openings_sql}) o"
    )
    with connections[reports.db].cursor() as cursor:
        cursor.execute(sql, (*reports_params, *openings_params))
        day = models.DateField().to_python
        return [(day(start), day(closing), *figures) for start, closing, *figures in cursor]
