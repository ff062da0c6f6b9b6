"""Facilities (parks and centres alike), parks, and monthly workforce reports (SPEC §2.2, §2.4)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.models.calendar import add_months, month_start

from .places import OUTSIDE_PAKISTAN, City, Operator, inside_pakistan

# An operational facility whose latest report is older than this many months is overdue.
OVERDUE_AFTER_MONTHS = 3


def women_share(women, workers):
    """Return Σ women / Σ workers as a percentage with one decimal, or None when nobody works."""
    if not workers:
        return None
    return (Decimal(women) * 100 / Decimal(workers)).quantize(Decimal("0.1"), ROUND_HALF_UP)


class FacilityKind(models.TextChoices):
    PARK = "park", _("Software Technology Park")
    CENTRE = "centre", _("e-Rozgaar centre")


class ParkStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATIONAL = "operational", pgettext_lazy("status", "Operational")
    CLOSED = "closed", pgettext_lazy("status", "Closed")


class CentreStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    SETTING_UP = "setting_up", _("Setting up")
    OPERATIONAL = "operational", pgettext_lazy("status", "Operational")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", pgettext_lazy("status", "Closed")


STATUSES_BY_KIND = {FacilityKind.PARK: ParkStatus, FacilityKind.CENTRE: CentreStatus}
OPERATIONAL = "operational"
CLOSED = "closed"
# The statuses of a facility that has opened: its launch/opening date is set exactly then (§2.2).
OPENED_STATUSES = (OPERATIONAL, CentreStatus.SUSPENDED.value, CLOSED)


def operating_months(opened_on, closed_on):
    """Return the first and last month (their first days) a facility with these dates was open.

    A facility is open from its opening date to the day before its closing date (§3.2), so its
    last month is that day's; an open facility has no last month (None), nor does one that
    never opened have a first. A closing date on or before the opening leaves no month at all.
    """
    if opened_on is None:
        return None, None
    last = month_start(closed_on - datetime.timedelta(days=1)) if closed_on else None
    return month_start(opened_on), last


def report_month_error(facility, period):
    """Return why the facility cannot report for the month (SPEC §2.4), in a clerk's words.

    None when the month is one in which the facility was operational for at least one day. The
    one rule behind every path that writes a report: the model's clean(), so the admin's forms,
    the loader and the admin import alike.
    """
    first, last = operating_months(facility.opened_on, facility.closed_on)
    if first is not None and first <= period and (last is None or period <= last):
        return None
    month = date_format(period, "F Y")
    if first is None:
        return (
            f"{facility} has no {facility.opened_label} yet, so it cannot report for {month}: "
            f"a {facility.kind_label} reports only for months in which it was operational."
        )
    if period < first:
        return (
            f"{facility} {facility.opened_verb} on {date_format(facility.opened_on)}, so its "
            f"reports start with {date_format(first, 'F Y')}, not {month}."
        )
    return (
        f"{facility} closed on {date_format(facility.closed_on)}, so its last report is for "
        f"{date_format(last, 'F Y')}, the month of its last day of operation, not {month}."
    )


def latest_report_value(field, as_of, prefix=""):
    """Return the field of the facility's latest report with a period ≤ as_of (None if none).

    As of today that is the facility's LatestReport, one join away. Before today it is looked
    up in the reports: one index probe per facility. The prefix leads from the query's model
    to the facility ("facilities__" from a city).
    """
    if as_of >= timezone.localdate():
        return F(f"{prefix}latest_report__{field}")
    reports = WorkforceReport.objects.filter(facility=OuterRef(f"{prefix}pk"), period__lte=as_of)
    return Subquery(reports.order_by("-period").values(field)[:1])


def operational_condition(day, prefix=""):
    """Return the condition of a facility open on the date: opened on or before it, not closed.

    The prefix leads from the query's model to the facility ("facilities__" from a city).
    """
    return Q(**{f"{prefix}opened_on__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def overdue_condition(today):
    """Return the condition of an overdue facility, over with_latest_report(today)'s annotations."""
    cutoff = add_months(month_start(today), -OVERDUE_AFTER_MONTHS)
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
        as_of = as_of or timezone.localdate()
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

        as_of = as_of or timezone.localdate()
        tenants = Tenancy.objects.current_on(as_of).filter(facility=OuterRef("pk"))
        return self.annotate(current_tenants=tenants.company_count())

    def workforce_totals(self, as_of=None):
        """Return Σ workers, Σ women, the weighted share, and how many facilities there are, how
        many were operational on the date and how many of those had reported."""
        as_of = as_of or timezone.localdate()
        # One index lookup per facility for its latest report; matching every report against its
        # facility's latest instead takes seconds at national scale (100,000 reports).
        totals = (
            Facility.objects.filter(pk__in=self.values("pk"))
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
        as_of = as_of or timezone.localdate()
        # NOT EXISTS probes the (facility, period) index per facility; NOT IN hashed every
        # report up to the date (120 ms against 15 ms at scale 10 on PostgreSQL).
        return self.exclude(
            Exists(WorkforceReport.objects.filter(facility=OuterRef("pk"), period__lte=as_of))
        )

    def overdue(self, today=None):
        """Return operational facilities whose latest report is over 3 months old, or missing."""
        today = today or timezone.localdate()
        return self.with_latest_report(today).filter(overdue_condition(today))

    def workforce_by(self, *fields, as_of=None):
        """Return {(values of the fields): workforce figures of these facilities} in one grouped
        query.

        Each group's figures: facilities, workers, women and reporting as workforce_totals()
        counts them, overdue as overdue() and without_report as without_report() would.
        """
        as_of = as_of or timezone.localdate()
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


class Facility(models.Model):
    """What parks and centres share: one table of slugs, reports and tenancies for both."""

    KIND = None

    kind = models.CharField(max_length=6, choices=FacilityKind.choices, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    name_ur = models.CharField("Urdu name", max_length=200, blank=True)
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="facilities")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="facilities")
    address = models.TextField(blank=True)
    status = models.CharField(
        max_length=20,
        choices=ParkStatus.choices + [c for c in CentreStatus.choices if c[0] not in ParkStatus],
        db_index=True,
    )
    opened_on = models.DateField(
        null=True, blank=True, db_index=True, help_text="First day of operations."
    )
    closed_on = models.DateField(null=True, blank=True, db_index=True)
    seats = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Leave empty to use the city's.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Leave empty to use the city's.",
    )

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "facilities"
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "status"]), models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=FacilityKind.PARK, status__in=ParkStatus.values)
                | Q(kind=FacilityKind.CENTRE, status__in=CentreStatus.values),
                name="facility_status_valid_for_kind",
                violation_error_message="This status does not apply to this kind of facility.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPENED_STATUSES, opened_on__isnull=False)
                | (~Q(status__in=OPENED_STATUSES) & Q(opened_on__isnull=True)),
                name="facility_opened_on_matches_status",
                violation_error_message=(
                    "The opening (launch) date is set exactly when the facility is operational, "
                    "suspended or closed."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=CLOSED) | Q(closed_on__isnull=False),
                name="facility_closed_has_closing_date",
                violation_error_message="A closed facility needs the date it closed.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gt=F("opened_on")),
                name="facility_closed_after_opened",
                violation_error_message="The closing date must be after the opening date.",
            ),
            models.CheckConstraint(
                condition=inside_pakistan(),
                name="facility_inside_pakistan",
                violation_error_message=OUTSIDE_PAKISTAN,
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read through __dict__: a deferred kind must not cost a query per loaded row.
        if not self.__dict__.get("kind") and self.KIND:
            self.kind = self.KIND

    def __str__(self):
        return self.name

    @property
    def opened_label(self):
        """Return how this kind of facility names its first day: opening or launch date."""
        return "launch date" if self.kind == FacilityKind.CENTRE else "opening date"

    @property
    def opened_verb(self):
        """Return how this kind of facility says it opened: "launched" or "opened"."""
        return "launched" if self.kind == FacilityKind.CENTRE else "opened"

    @property
    def kind_label(self):
        return "centre" if self.kind == FacilityKind.CENTRE else "park"

    @property
    def kind_noun(self):
        """Return "centre" or "park" in the page's language, for sentences about this facility."""
        return _("centre") if self.kind == FacilityKind.CENTRE else _("park")

    @property
    def location(self):
        """Return (latitude, longitude): the facility's own, else its city's."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return self.city.latitude, self.city.longitude

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        statuses = STATUSES_BY_KIND.get(self.kind)
        if statuses is not None and self.status and self.status not in statuses.values:
            errors["status"] = f"“{self.status}” is not a status a {self.kind_label} can have."
        for field in ("opened_on", "closed_on"):
            day = getattr(self, field)
            if day and day > today:
                errors[field] = f"The date cannot be in the future (today is {date_format(today)})."
        status = self.get_status_display().lower() if self.status else ""
        # "An operational park", "A suspended centre".
        a_status = f"{'An' if status[:1] in tuple('aeiou') else 'A'} {status} {self.kind_label}"
        if self.status in OPENED_STATUSES and not self.opened_on:
            errors.setdefault("opened_on", f"{a_status} needs its {self.opened_label}.")
        if self.status and self.status not in OPENED_STATUSES and self.opened_on:
            errors.setdefault(
                "opened_on",
                f"{a_status} has not opened yet: leave the {self.opened_label} empty until it "
                "is operational.",
            )
        if self.status == CLOSED and not self.closed_on:
            errors.setdefault("closed_on", f"A closed {self.kind_label} needs the date it closed.")
        if self.closed_on and self.opened_on and self.closed_on <= self.opened_on:
            errors.setdefault(
                "closed_on",
                f"The closing date must be after the {self.opened_label} "
                f"({date_format(self.opened_on)}).",
            )
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = (
                "Give both latitude and longitude, or neither."
            )
        if not errors:
            errors.update(self.stranded_reports_errors())
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_dates = (
            instance.__dict__.get("opened_on"),
            instance.__dict__.get("closed_on"),
        )
        return instance

    def stranded_reports_errors(self):
        """Return errors naming the stored reports the facility's dates would leave outside its
        operating months (SPEC §2.2), by the date field that leaves them out; {} if none."""
        dates = (self.opened_on, self.closed_on)
        if self.pk is None or dates == getattr(self, "_stored_dates", None):
            return {}
        first, last = operating_months(*dates)
        periods = self.reports.order_by("period").values_list("period", flat=True)
        early = list(periods if first is None else periods.filter(period__lt=first))
        late = list(periods.filter(period__gt=last)) if first and last else []
        errors = {}
        for field, periods in (("opened_on", early), ("closed_on", late)):
            if periods:
                errors[field] = (
                    f"This would leave {len(periods)} workforce report(s) outside the months the "
                    f"{self.kind_label} was operational: {listed_months(periods)}. Correct or "
                    "delete those reports first."
                )
        return errors


def listed_months(periods, limit=6):
    """Return months as "March 2024, April 2024 and 3 more"."""
    names = [date_format(period, "F Y") for period in periods[:limit]]
    if len(periods) > limit:
        return f"{', '.join(names)} and {len(periods) - limit} more"
    return ", ".join(names)


class Park(Facility):
    """A Software Technology Park."""

    KIND = FacilityKind.PARK

    area_sqft = models.PositiveIntegerField("area (sq ft)", null=True, blank=True)

    objects = FacilityQuerySet.as_manager()

    # Parks and centres each record their facility fields too: a facility is saved as one of them.
    history = HistoricalRecords()

    class Meta:
        verbose_name = "software technology park"
        ordering = ["name"]


class WorkforceReport(models.Model):
    """A facility's monthly head count: workers and, of them, women."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(help_text="The month reported; stored as its first day.")
    workers = models.PositiveIntegerField()
    women = models.PositiveIntegerField()
    # Indexed: the demo notice asks on every page whether any source starts with "Demo data".
    source = models.CharField(max_length=200, blank=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["facility", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "period"],
                name="report_one_per_facility_month",
                violation_error_message="This facility already has a report for this month.",
            ),
            models.CheckConstraint(
                condition=Q(women__lte=F("workers")),
                name="report_women_within_workers",
                violation_error_message="Women cannot be more than the workers.",
            ),
            models.CheckConstraint(
                condition=Q(period__day=1),
                name="report_period_first_of_month",
                violation_error_message="The period must be the first day of a month.",
            ),
        ]

    def __str__(self):
        return f"{self.facility} – {self.period:%B %Y}"

    def clean(self):
        super().clean()
        errors = {}
        if self.period:
            self.period = month_start(self.period)
            if self.period > month_start(timezone.localdate()):
                errors["period"] = "A report cannot be for a month that has not started yet."
        if self.women is not None and self.workers is not None and self.women > self.workers:
            errors["women"] = (
                f"Women ({self.women}) cannot be more than the workers ({self.workers})."
            )
        if self.period and "period" not in errors and self.facility_id is not None:
            problem = report_month_error(self.facility, self.period)
            if problem:
                errors["period"] = problem
        if errors:
            raise ValidationError(errors)


class LatestReport(models.Model):
    """A facility's latest workforce report (SPEC §2.4): a copy the database keeps itself.

    Triggers on the reports' table (migration 0010) rewrite a facility's row in the same
    statement as every insert, update or delete of its reports, whoever writes them: the admin,
    the loader, bulk_create(), QuerySet.update(), raw SQL or COPY. It is never stale, and Django
    only reads it. No report is for a month that has not started (SPEC §2.4), so this is also
    the latest report as of today, which every public page shows by default.
    """

    facility = models.OneToOneField(
        Facility, on_delete=models.CASCADE, primary_key=True, related_name="latest_report"
    )
    period = models.DateField()
    workers = models.PositiveIntegerField()
    women = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.facility} – {self.period:%B %Y}"
