"""e-Rozgaar programmes, centres and the programme's targets (SPEC §2.2, §3.2)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import Facility, FacilityKind, FacilityQuerySet, Operator, Province
from registry.models.calendar import fiscal_year_end, fiscal_year_label


class Programme(models.Model):
    """A programme of e-Rozgaar centres; national targets count only their own programme."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200, unique=True)
    name_ur = models.CharField("Urdu name", max_length=200, blank=True)
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="programmes")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class HostType(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    PUBLIC_BUILDING = "public_building", _("Public building")
    PRIVATE_PARTNER = "private_partner", _("Private partner")


class Centre(Facility):
    """An e-Rozgaar centre. Its launch date is the facility's opening date (opened_on)."""

    KIND = FacilityKind.CENTRE
    HostType = HostType

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="centres")
    host_institution = models.CharField(max_length=200, blank=True)
    host_type = models.CharField(max_length=20, choices=HostType.choices, blank=True, db_index=True)
    planned_fy = models.PositiveSmallIntegerField(
        "planned fiscal year",
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The fiscal year the centre is planned to open in, e.g. 2025 for FY2024-25.",
    )

    objects = FacilityQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "e-Rozgaar centre"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(host_type__in=["", *HostType.values]),
                name="centre_host_type_valid",
                violation_error_message="Unknown host type.",
            ),
        ]

    @property
    def launched_on(self) -> datetime.date | None:
        """Return the centre's launch date: its facility's opening date."""

        return self.opened_on


class Metric(models.TextChoices):
    CENTRES_OPERATIONAL = "centres_operational", _("Centres operational")
    JOBS_AT_CENTRES = "jobs_at_centres", _("Jobs at centres")
    PARKS_OPERATIONAL = "parks_operational", _("Parks operational")
    WORKERS_TOTAL = "workers_total", _("Workers at all facilities")
    WOMEN_SHARE = "women_share", _("Women's share of workers (%)")


# The metrics that count one programme's centres: their targets name the programme.
CENTRE_METRICS = frozenset({Metric.CENTRES_OPERATIONAL, Metric.JOBS_AT_CENTRES})
# The metrics that count facilities, and those that add up workers.
COUNT_METRICS = frozenset({Metric.CENTRES_OPERATIONAL, Metric.PARKS_OPERATIONAL})
WORKER_METRICS = frozenset({Metric.JOBS_AT_CENTRES, Metric.WORKERS_TOTAL})
# What each metric counts, in words: one, many.
METRIC_UNITS = {
    Metric.CENTRES_OPERATIONAL: (_("centre"), _("centres")),
    Metric.JOBS_AT_CENTRES: (_("job"), _("jobs")),
    Metric.PARKS_OPERATIONAL: (_("park"), _("parks")),
    Metric.WORKERS_TOTAL: (_("worker"), _("workers")),
    Metric.WOMEN_SHARE: (_("percentage point"), _("percentage points")),
}


class Target(models.Model):
    """A target set by HQ: a metric's value to reach by the last day of a fiscal year."""

    Metric = Metric

    metric = models.CharField(max_length=30, choices=Metric.choices)
    value = models.PositiveIntegerField(help_text="Women's share targets are whole percentages.")
    fiscal_year = models.PositiveSmallIntegerField(
        "due fiscal year",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="Reached by 30 June of this year, e.g. 2027 for FY2026-27.",
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "metric", "province"]
        constraints = [
            models.UniqueConstraint(
                "metric",
                "fiscal_year",
                Coalesce("programme", 0),
                Coalesce("province", models.Value("")),
                name="target_unique_per_scope",
                violation_error_message=(
                    "There is already a target for this metric, year, programme and province."
                ),
            ),
            models.CheckConstraint(
                condition=Q(metric__in=Metric.values),
                name="target_metric_valid",
                violation_error_message="Unknown metric.",
            ),
        ]

    def __str__(self):
        scope = " – ".join(str(part) for part in (self.programme, self.province) if part)
        label = f"{self.get_metric_display()} {self.value} by {fiscal_year_label(self.fiscal_year)}"
        return f"{label} ({scope})" if scope else label

    @property
    def is_share(self) -> bool:
        """Say whether the metric is a share (a percentage), not a count."""
        return self.metric == Metric.WOMEN_SHARE

    @property
    def units(self) -> tuple[str, str]:
        """Return what the metric counts, in words: one, many."""
        return METRIC_UNITS[self.metric]

    @property
    def deadline(self) -> datetime.date:
        """Return the deadline: the last day of the due fiscal year."""
        return fiscal_year_end(self.fiscal_year)

    @property
    def deadline_label(self) -> str:
        """Return the due fiscal year's label, e.g. "FY2027 (2026-27)"."""
        return fiscal_year_label(self.fiscal_year)

    def clean(self) -> None:
        super().clean()
        if self.is_share and self.value is not None and self.value > 100:
            raise ValidationError({"value": "A share is a percentage: at most 100."})
        if self.metric in CENTRE_METRICS and self.programme_id is None:
            raise ValidationError({"programme": "A target on centres must name its programme."})
