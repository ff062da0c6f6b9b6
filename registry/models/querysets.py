"""The figures every public page shows of facilities, as queryset methods (SPEC §2.4, §3.2).

Workers and women come from each facility's latest report as of a date, for the facilities
operational on it; totals, overdue and rollout figures are aggregated in SQL from those.
Companies are found by where they rent (CompanyQuerySet.renting), through their tenancies.
"""

import datetime
import enum
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db import models
from django.db.models import (
    Aggregate,
    Case,
    CharField,
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
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan

from registry.models.calendar import add_months, month_start, today

from .statuses import OPERATIONAL
from .timelines import add_step, running_totals, timeline_steps

# An operational facility whose latest report is older than this many months is overdue.
OVERDUE_AFTER_MONTHS = 3


class RolloutFigure(enum.StrEnum):
    """The figures of each group that rollout_by() returns."""

    OPERATIONAL = "operational"
    WORKERS = "workers"
    LAUNCHED = "launched"


class WorkforceFigure(enum.StrEnum):
    """The figures of each group that workforce_by() returns."""

    FACILITIES = "facilities"
    WORKERS = "workers"
    WOMEN = "women"
    REPORTING = "reporting"
    OVERDUE = "overdue"
    WITHOUT_REPORT = "without_report"


def women_share(women: int, workers: int) -> Decimal | None:
    """Return Σ women / Σ workers as a percentage with one decimal, or None when nobody works."""
    if not workers:
        return None
    return (Decimal(women) * 100 / Decimal(workers)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def registry_model(name: str) -> type[models.Model]:
    """Return a model of the registry app: these querysets are defined before the models."""
    return apps.get_model("registry", name)


def latest_report_value(field: str, as_of: datetime.date, prefix: str = "") -> F | Subquery:
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


def operational_condition(day: datetime.date, prefix: str = "") -> Q:
    """Return the condition of a facility open on the date: opened on or before it, not closed.

    The prefix leads from the query's model to the facility ("facilities__" from a city).
    """
    return Q(**{f"{prefix}opened_on__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def overdue_condition(on: datetime.date) -> Q:
    """Return the condition of an overdue facility, over with_latest_report(on)'s annotations."""
    cutoff = add_months(month_start(on), -OVERDUE_AFTER_MONTHS)
    # No report reads as the earliest month: one use of the latest-period subquery, not two.
    return Q(status=OPERATIONAL) & Q(
        LessThan(Coalesce("latest_period", Value(datetime.date.min)), cutoff)
    )


class FacilityQuerySet(models.QuerySet):
    def operational_on(self, day: datetime.date) -> "FacilityQuerySet":
        """Return facilities open on the date: opened on or before it, not closed by it."""
        return self.filter(operational_condition(day))

    def first_opened(self) -> datetime.date | None:
        """Return the earliest opening (launch) date among these facilities, or None."""
        return self.aggregate(first=Min("opened_on"))["first"]

    def with_latest_report(self, as_of: datetime.date | None = None) -> "FacilityQuerySet":
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

    def rollout_by(
        self,
        field: str,
        days: Iterable[datetime.date],
        spans: Iterable[tuple[datetime.date, datetime.date]] = (),
    ) -> dict[object, dict[RolloutFigure, dict]]:
        """Return {value of field: the rollout of these facilities} from one grouped query.

        Each group's rollout, by RolloutFigure: OPERATIONAL, {day: how many were operational on
        it}; WORKERS, {day: Σ the latest workers of those, as workforce_totals(day) counts them,
        with one index probe per facility and past day}; LAUNCHED, {(first, last): how many
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
                RolloutFigure.OPERATIONAL: {day: row[f"o{i}"] for i, day in enumerate(days)},
                RolloutFigure.WORKERS: {day: row[f"w{i}"] for i, day in enumerate(days)},
                RolloutFigure.LAUNCHED: {span: row[f"l{i}"] for i, span in enumerate(spans)},
            }
            for row in self.order_by().values(field).annotate(**figures)
        }

    def with_current_tenants(self, as_of: datetime.date | None = None) -> "FacilityQuerySet":
        """Annotate current_tenants: companies with a tenancy current on the date."""
        from .companies import Tenancy

        as_of = as_of or today()
        tenants = Tenancy.objects.current_on(as_of).filter(facility=OuterRef("pk"))
        return self.annotate(current_tenants=tenants.company_count())

    def workforce_totals(self, as_of: datetime.date | None = None) -> dict[str, object]:
        """Return Σ workers, Σ women, the weighted share, and how many facilities there are, how
        many were operational on the date and how many of those had reported."""
        as_of = as_of or today()
        # One index lookup per facility for its latest report; matching every report against its
        # facility's latest instead grows with all the reports, not with the facilities.
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

    def without_report(self, as_of: datetime.date | None = None) -> "FacilityQuerySet":
        """Return facilities that had filed no report by the date."""
        as_of = as_of or today()
        # NOT EXISTS probes the (facility, period) index per facility; NOT IN hashed every
        # report up to the date.

        return self.exclude(
            Exists(
                registry_model("WorkforceReport").objects.filter(
                    facility=OuterRef("pk"), period__lte=as_of
                )
            )
        )

    def expected_to_report(self, month: datetime.date) -> "FacilityQuerySet":
        """Return facilities expected to report the month (SPEC §2.5)."""
        from .returns import expected_condition

        return self.filter(expected_condition(month))

    def missing_report(
        self, month: datetime.date, as_of: datetime.date | None = None
    ) -> "FacilityQuerySet":
        """Return facilities expected to report the month whose report is not received (as of
        the day, when given)."""
        from .returns import received_condition

        return self.expected_to_report(month).exclude(received_condition(month, as_of))

    def overdue(self, on: datetime.date | None = None) -> "FacilityQuerySet":
        """Return operational facilities whose latest report is over 3 months old, or missing."""
        on = on or today()
        return self.with_latest_report(on).filter(overdue_condition(on))

    def workforce_by(
        self, *fields: str, as_of: datetime.date | None = None
    ) -> dict[tuple, dict[WorkforceFigure, int]]:
        """Return {(values of the fields): workforce figures of these facilities} in one grouped
        query.

        Each group's figures, by WorkforceFigure: facilities, workers, women and reporting as
        workforce_totals() counts them, overdue as overdue() and without_report as
        without_report() would.
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
                WorkforceFigure.FACILITIES: row["facilities"],
                WorkforceFigure.WORKERS: row["workers"],
                WorkforceFigure.WOMEN: row["women"],
                WorkforceFigure.REPORTING: row["reporting"],
                WorkforceFigure.OVERDUE: row["overdue"],
                WorkforceFigure.WITHOUT_REPORT: row["facilities"] - row["reporting"],
            }
            for row in rows
        }

    def timeline(self, days: list[datetime.date]) -> dict[datetime.date, dict[str, int]]:
        """Return {day: {"operational", "workers", "women"}} of these facilities, from one query,
        as operational_on(day).count() and workforce_totals(day) count them.

        Each figure is a sum of steps up to the day. An opening adds 1 until the closing. A
        report adds its change from the facility's report before it (a window function over
        the facility's reports by month), from the later of its month and the opening until
        the closing: so on any day an operational facility adds its latest report, and one not
        operational adds nothing. SQL groups the steps by day, whatever the number of days.
        """
        steps = {figure: {} for figure in ("operational", "workers", "women")}
        for start, closing, workers, women, openings in timeline_steps(self):
            add_step(steps["operational"], start, closing, openings)
            add_step(steps["workers"], start, closing, workers)
            add_step(steps["women"], start, closing, women)
        totals = {figure: running_totals(by_day, days) for figure, by_day in steps.items()}
        return {day: {figure: totals[figure][i] for figure in totals} for i, day in enumerate(days)}


class Joined(Aggregate):
    """The values joined with ';': sorted on PostgreSQL, in no particular order on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ';')"
    output_field = CharField()

    def as_sqlite(
        self, compiler: object, connection: object, **extra_context: object
    ) -> tuple[str, list]:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)

    def as_postgresql(
        self, compiler: object, connection: object, **extra_context: object
    ) -> tuple[str, tuple]:
        # By code point, as Python sorts strings (the C collation's byte order), whatever the
        # database's collation: COPY then writes the cell as the csv module would.
        value, params = compiler.compile(self.get_source_expressions()[0])
        return f"STRING_AGG({value}, ';' ORDER BY {value} COLLATE \"C\")", (*params, *params)


def joined_per_company(queryset: models.QuerySet, field: str) -> Subquery:
    """Return a subquery of the field's values in the queryset's rows of each company, joined."""
    rows = queryset.filter(company=OuterRef("pk")).order_by().values("company")
    return Subquery(rows.annotate(joined=Joined(field)).values("joined"))


class CompanyQuerySet(models.QuerySet):
    def with_sector_codes(self) -> "CompanyQuerySet":
        """Annotate sector_codes: the codes of each company's sectors, joined with ';'."""
        sectors = registry_model("Company").sectors.through.objects.all()
        return self.annotate(sector_codes=joined_per_company(sectors, "sector_id"))

    def with_current_facility_slugs(self, on: datetime.date) -> "CompanyQuerySet":
        """Annotate current_facility_slugs: where each company rents on the date, joined."""
        current = registry_model("Tenancy").objects.current_on(on)
        return self.annotate(current_facility_slugs=joined_per_company(current, "facility__slug"))

    def renting(
        self,
        *,
        on: datetime.date,
        facility: models.Model | None = None,
        province: models.Model | None = None,
        city: models.Model | None = None,
        operator: models.Model | None = None,
        current: bool | None = None,
    ) -> "CompanyQuerySet":
        """Return companies with one tenancy that meets every condition given, together.

        The place (a facility, province, city or facility operator) keeps companies with a
        tenancy there, past or present; `current` True keeps those whose tenancy there runs on
        the date, False those with none running then there (anywhere, without a place).
        """
        tenancies = registry_model("Tenancy").objects.all()
        scoped = False
        for lookup, value in (
            ("facility", facility),
            ("facility__city__province", province),
            ("facility__city", city),
            ("facility__operator", operator),
        ):
            if value is not None:
                tenancies = tenancies.filter(**{lookup: value})
                scoped = True
        queryset = self
        if scoped or current:
            wanted = tenancies.current_on(on) if current else tenancies
            queryset = queryset.filter(pk__in=wanted.values("company"))
        if current is False:
            queryset = queryset.exclude(pk__in=tenancies.current_on(on).values("company"))
        return queryset
