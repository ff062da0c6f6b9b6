"""The figures every public page shows of facilities, as queryset methods (SPEC §2.4, §3.2).

Workers and women come from each facility's latest report as of a date, for the facilities
operational on it; totals, overdue and rollout figures are aggregated in SQL from those.
"""

import bisect
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, Lag
from django.db.models.lookups import LessThan

from registry.models.calendar import add_months, month_start, today

from .statuses import OPERATIONAL

# An operational facility whose latest report is older than this many months is overdue.
OVERDUE_AFTER_MONTHS = 3


def women_share(women, workers):
    """Return Σ women / Σ workers as a percentage with one decimal, or None when nobody works."""
    if not workers:
        return None
    return (Decimal(women) * 100 / Decimal(workers)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def registry_model(name):
    """Return a model of the registry app: these querysets are defined before the models."""
    return apps.get_model("registry", name)


def latest_report_value(field, as_of, prefix=""):
    """Return the field of the facility's latest report with a period ≤ as_of (None if none).

    As of today that is the facility's LatestReport, one join away. Before today it is looked
    up in the reports: one index probe per facility. The prefix leads from the query's model
    to the facility ("facilities__" from a city).
    """
    if as_of >= today():
        return F(f"{prefix}latest_report__{field}")
    reports = registry_model("WorkforceReport").objects.filter(
        facility=OuterRef(f"{prefix}pk"), period__lte=as_of
    )
    return Subquery(reports.order_by("-period").values(field)[:1])


def operational_condition(day, prefix=""):
    """Return the condition of a facility open on the date: opened on or before it, not closed.

    The prefix leads from the query's model to the facility ("facilities__" from a city).
    """
    return Q(**{f"{prefix}opened_on__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def overdue_condition(on):
    """Return the condition of an overdue facility, over with_latest_report(on)'s annotations."""
    cutoff = add_months(month_start(on), -OVERDUE_AFTER_MONTHS)
    # No report reads as the earliest month: one use of the latest-period subquery, not two.
    return Q(status=OPERATIONAL) & Q(
        LessThan(Coalesce("latest_period", Value(datetime.date.min)), cutoff)
    )


class FacilityQuerySet(models.QuerySet):
    def operational_on(self, day):
        """Return facilities open on the date: opened on or before it, not closed by it."""
        return self.filter(operational_condition(day))

    def first_opened(self):
        """Return the earliest opening (launch) date among these facilities, or None."""
        return self.aggregate(first=Min("opened_on"))["first"]

    def with_latest_report(self, as_of=None):
        """Annotate latest_period, latest_workers, latest_women from the latest report ≤ as_of.

        The workforce on the date (SPEC §2.4): an operational facility's latest report, 0 without
        one; none (null) for a facility not operational on the date, which adds 0 to every total
        while latest_period still names the month of its latest report.
        """
        as_of = as_of or today()
        open_then = operational_condition(as_of)

        def while_open(field):
            value = Coalesce(latest_report_value(field, as_of), Value(0))
            return Case(
                When(open_then, then=value), default=None, output_field=models.IntegerField()
            )

        return self.annotate(
            latest_period=latest_report_value("period", as_of),
            latest_workers=while_open("workers"),
            latest_women=while_open("women"),
        )

    def rollout_by(self, field, days, spans=()):
        """Return {value of field: the rollout of these facilities} from one grouped query.

        Each group's rollout: "operational", {day: how many were operational on it};
        "workers", {day: Σ the latest workers of those, as workforce_totals(day) counts them,
        with one index probe per facility and past day}; "launched", {(first, last): how many
        opened in that span}.
        """
        days, spans = list(dict.fromkeys(days)), list(dict.fromkeys(spans))
        figures = {}
        for i, day in enumerate(days):
            operational = operational_condition(day)
            figures[f"o{i}"] = Count("pk", filter=operational)
            workers = Sum(latest_report_value("workers", day), filter=operational)
            figures[f"w{i}"] = Coalesce(workers, 0)
        for i, span in enumerate(spans):
            figures[f"l{i}"] = Count("pk", filter=Q(opened_on__range=span))
        return {
            row[field]: {
                "operational": {day: row[f"o{i}"] for i, day in enumerate(days)},
                "workers": {day: row[f"w{i}"] for i, day in enumerate(days)},
                "launched": {span: row[f"l{i}"] for i, span in enumerate(spans)},
            }
            for row in self.order_by().values(field).annotate(**figures)
        }

    def with_current_tenants(self, as_of=None):
        """Annotate current_tenants: companies with a tenancy current on the date."""
        from .companies import Tenancy

        as_of = as_of or today()
        tenants = Tenancy.objects.current_on(as_of).filter(facility=OuterRef("pk"))
        return self.annotate(current_tenants=tenants.company_count())

    def workforce_totals(self, as_of=None):
        """Return Σ workers, Σ women, the weighted share, and how many facilities there are, how
        many were operational on the date and how many of those had reported."""
        as_of = as_of or today()
        # One index lookup per facility for its latest report; matching every report against its
        # facility's latest instead takes seconds at national scale (100,000 reports).
        totals = (
            registry_model("Facility")
            .objects.filter(pk__in=self.values("pk"))
            .with_latest_report(as_of)
            .aggregate(
                workers=Coalesce(Sum("latest_workers"), 0),
                women=Coalesce(Sum("latest_women"), 0),
                operational=Count("latest_workers"),
                reporting=Count("latest_period", filter=Q(latest_workers__isnull=False)),
                facilities=Count("pk"),
            )
        )
        totals["women_share"] = women_share(totals["women"], totals["workers"])
        return totals

    def without_report(self, as_of=None):
        """Return facilities that had filed no report by the date."""
        as_of = as_of or today()
        # NOT EXISTS probes the (facility, period) index per facility; NOT IN hashed every
        # report up to the date (120 ms against 15 ms at scale 10 on PostgreSQL).
        return self.exclude(
            Exists(
                registry_model("WorkforceReport").objects.filter(
                    facility=OuterRef("pk"), period__lte=as_of
                )
            )
        )

    def overdue(self, on=None):
        """Return operational facilities whose latest report is over 3 months old, or missing."""
        on = on or today()
        return self.with_latest_report(on).filter(overdue_condition(on))

    def workforce_by(self, *fields, as_of=None):
        """Return {(values of the fields): workforce figures of these facilities} in one grouped
        query.

        Each group's figures: facilities, workers, women and reporting as workforce_totals()
        counts them, overdue as overdue() and without_report as without_report() would.
        """
        as_of = as_of or today()
        rows = (
            self.with_latest_report(as_of)
            .order_by()
            .values(*fields)
            .annotate(
                facilities=Count("pk"),
                workers=Coalesce(Sum("latest_workers"), 0),
                women=Coalesce(Sum("latest_women"), 0),
                reporting=Count("latest_period"),
                overdue=Count("pk", filter=overdue_condition(as_of)),
            )
        )
        # Without a report by the date is not reporting: counted so, not by another subquery.
        return {
            tuple(row.pop(field) for field in fields): {
                **row,
                "without_report": row["facilities"] - row["reporting"],
            }
            for row in rows
        }

    def timeline(self, days):
        """Return {day: {"operational", "workers", "women"}} of these facilities, from one query,
        as operational_on(day).count() and workforce_totals(day) count them.

        Each figure is a sum of steps up to the day. An opening adds 1 until the closing. A
        report adds its change from the facility's report before it (a window function over
        the facility's reports by month), from the later of its month and the opening until
        the closing: so on any day an operational facility adds its latest report, and one not
        operational adds nothing. SQL groups the steps by day, whatever the number of days.
        """
        steps = {figure: {} for figure in ("operational", "workers", "women")}
        for start, closing, workers, women, openings in _steps(self):
            _add_step(steps["operational"], start, closing, openings)
            _add_step(steps["workers"], start, closing, workers)
            _add_step(steps["women"], start, closing, women)
        totals = {figure: _running_totals(by_day, days) for figure, by_day in steps.items()}
        return {day: {figure: totals[figure][i] for figure in totals} for i, day in enumerate(days)}


def _add_step(steps, start, end, amount):
    """Add an amount counted from the start until the day before the end (for ever without)."""
    if not amount or (end is not None and end <= start):
        return
    steps[start] = steps.get(start, 0) + amount
    if end is not None:
        steps[end] = steps.get(end, 0) - amount


def _running_totals(steps, days):
    """Return the sum of the steps on or before each day."""
    order = sorted(steps)
    running, total = [], 0
    for day in order:
        total += steps[day]
        running.append(total)
    return [running[i - 1] if (i := bisect.bisect_right(order, day)) else 0 for day in days]


def _steps(facilities):
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
        registry_model("WorkforceReport")
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
