"""Provinces, cities and the operators that run facilities (SPEC §2.1, §2.2)."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Count, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .calendar import today

# Pakistan's bounding box, roughly (SPEC §2.1).
LATITUDE_RANGE = (Decimal("23.5"), Decimal("37.2"))
LONGITUDE_RANGE = (Decimal("60.8"), Decimal("77.9"))
OUTSIDE_PAKISTAN = "The coordinates are outside Pakistan (latitude 23.5–37.2, longitude 60.8–77.9)."


def inside_pakistan(prefix: str = "") -> Q:
    """Return a condition true when the coordinates are unset or inside Pakistan's bounding box."""
    lat, lon = f"{prefix}latitude", f"{prefix}longitude"
    return (Q(**{f"{lat}__isnull": True}) | Q(**{f"{lat}__range": LATITUDE_RANGE})) & (
        Q(**{f"{lon}__isnull": True}) | Q(**{f"{lon}__range": LONGITUDE_RANGE})
    )


class Province(models.Model):
    """A province or territory of the fixed list of SPEC §2.1 (registry/models/fixed_lists.py)."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=64, unique=True)
    name_ur = models.CharField("Urdu name", max_length=64)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CityQuerySet(models.QuerySet):
    def with_figures(self, as_of: datetime.date | None = None) -> "CityQuerySet":
        """Annotate parks, centres, current_tenants, workers, women of facilities open on the date.

        Parks and centres count facilities operational on the date; workers and women add up
        their latest reports (SPEC §2.4); current_tenants counts companies renting on the date
        at any facility of the city, each company once, from TenancyCity (one index range per
        city).
        """
        from .companies import TenancyCity
        from .facilities import FacilityKind
        from .querysets import latest_report_value, operational_condition

        as_of = as_of or today()
        tenants = TenancyCity.objects.current_on(as_of).filter(city=OuterRef("pk"))
        # The facility figures come from one pass over the cities' facilities, grouped by city.
        open_here = operational_condition(as_of, "facilities__")

        def opened(kind):
            return Count("facilities", filter=open_here & Q(facilities__kind=kind))

        def total(field):
            return Coalesce(
                Sum(latest_report_value(field, as_of, "facilities__"), filter=open_here), 0
            )

        return self.annotate(
            parks=opened(FacilityKind.PARK),
            centres=opened(FacilityKind.CENTRE),
            current_tenants=tenants.company_count(),
            workers=total("workers"),
            women=total("women"),
        )


class City(models.Model):
    name = models.CharField(max_length=100)
    name_ur = models.CharField("Urdu name", max_length=100, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="cities")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    objects = CityQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "cities"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"],
                name="city_name_unique_in_province",
                violation_error_message="This province already has a city with this name.",
            ),
            models.CheckConstraint(
                condition=inside_pakistan(),
                name="city_inside_pakistan",
                violation_error_message=OUTSIDE_PAKISTAN,
            ),
        ]

    def __str__(self):
        return self.name


class OperatorKind(models.TextChoices):
    FEDERAL = "federal", _("Federal")
    PROVINCIAL = "provincial", _("Provincial")
    MILITARY = "military", _("Military")
    PRIVATE = "private", _("Private")
    ACADEMIC = "academic", _("Academic")


class Operator(models.Model):
    Kind = OperatorKind

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30)
    kind = models.CharField(max_length=12, choices=OperatorKind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OperatorKind.values),
                name="operator_kind_valid",
                violation_error_message="Unknown kind of operator.",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name
