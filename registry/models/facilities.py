"""Facilities (parks and centres alike) and parks: statuses, dates and the rules on them
(SPEC §2.2, §2.4)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.calendar import month_start, today

from .places import OUTSIDE_PAKISTAN, City, Operator, inside_pakistan
from .querysets import FacilityQuerySet
from .statuses import (
    CLOSED,
    OPENED_STATUSES,
    STATUSES_BY_KIND,
    CentreStatus,
    FacilityKind,
    ParkStatus,
)


def operating_months(
    opened_on: datetime.date | None, closed_on: datetime.date | None
) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the first and last month (their first days) a facility with these dates was open.

    A facility is open from its opening date to the day before its closing date (§3.2), so its
    last month is that day's; an open facility has no last month (None), nor does one that
    never opened have a first. A closing date on or before the opening leaves no month at all.
    """
    if opened_on is None:
        return None, None
    last = month_start(closed_on - datetime.timedelta(days=1)) if closed_on else None
    return month_start(opened_on), last


def report_month_error(facility: "Facility", period: datetime.date) -> str | None:
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Read through __dict__: a deferred kind must not cost a query per loaded row.
        if not self.__dict__.get("kind") and self.KIND:
            self.kind = self.KIND

    def __str__(self):
        return self.name

    @property
    def opened_label(self) -> str:
        """Return how this kind of facility names its first day: opening or launch date."""
        return "launch date" if self.kind == FacilityKind.CENTRE else "opening date"

    @property
    def opened_verb(self) -> str:
        """Return how this kind of facility says it opened: "launched" or "opened"."""
        return "launched" if self.kind == FacilityKind.CENTRE else "opened"

    @property
    def kind_label(self) -> str:
        """Return "centre" or "park", in English, for the admin's and the loader's messages."""
        return "centre" if self.kind == FacilityKind.CENTRE else "park"

    @property
    def kind_noun(self) -> str:
        """Return "centre" or "park" in the page's language, for sentences about this facility."""
        return _("centre") if self.kind == FacilityKind.CENTRE else _("park")

    @property
    def location(self) -> tuple[Decimal, Decimal]:
        """Return (latitude, longitude): the facility's own, else its city's."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return self.city.latitude, self.city.longitude

    def clean(self) -> None:
        super().clean()
        errors = {}
        on = today()
        statuses = STATUSES_BY_KIND.get(self.kind)
        if statuses is not None and self.status and self.status not in statuses.values:
            errors["status"] = f"“{self.status}” is not a status a {self.kind_label} can have."
        for field in ("opened_on", "closed_on"):
            day = getattr(self, field)
            if day and day > on:
                errors[field] = f"The date cannot be in the future (today is {date_format(on)})."
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
    def from_db(cls, db: str, field_names: list[str], values: list[object]) -> "Facility":
        instance = super().from_db(db, field_names, values)
        instance._stored_dates = (
            instance.__dict__.get("opened_on"),
            instance.__dict__.get("closed_on"),
        )
        return instance

    def stranded_reports_errors(self) -> dict[str, str]:
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


def listed_months(periods: list[datetime.date], limit: int = 6) -> str:
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
