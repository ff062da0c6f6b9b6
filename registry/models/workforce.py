"""Monthly workforce reports and each facility's latest one (SPEC §2.4)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from registry.models.calendar import month_start, today

from .facilities import Facility, report_month_error
from .plausibility import Review, implausibility

# A report is judged again when one of these changes (SPEC §5: an edit judges it again).
JUDGED_FIELDS = {"facility", "facility_id", "period", "workers", "women"}


class WorkforceReport(models.Model):
    """A facility's monthly head count: workers and, of them, women."""

    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(help_text="The month reported; stored as its first day.")
    workers = models.PositiveIntegerField()
    women = models.PositiveIntegerField()
    # Indexed: the demo notice asks on every page whether any source starts with "Demo data".
    source = models.CharField(max_length=200, blank=True, db_index=True)
    # SPEC §2.5: the day the report was first entered. The default stamps a new report whatever
    # writes it (admin, import, grid); an edit keeps the stored day; empty means unknown (a
    # report from before the field existed, or a restore of one): received, not on time.
    received_on = models.DateField(
        "received on",
        null=True,
        blank=True,
        default=today,
        help_text="The day the report was first entered; empty when unknown.",
    )

    # Staff only: figures that jumped against the previous report (plausibility.py). The
    # database's own default lets SQL that names only the figures (COPY, bulk loads) insert.
    review = models.CharField(
        max_length=9, choices=Review.choices, blank=True, default="", db_default="", editable=False
    )
    review_note = models.CharField(
        "why flagged", max_length=300, blank=True, default="", db_default="", editable=False
    )

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

    def save(self, *args: object, **kwargs: object) -> None:
        fields = kwargs.get("update_fields")
        if fields is None or JUDGED_FIELDS & set(fields):
            self.judge()
            if fields is not None:
                kwargs["update_fields"] = {*fields, "review", "review_note"}
        super().save(*args, **kwargs)

    def judge(self) -> None:
        """Flag the report, or clear its flag, by its facility's previous report (SPEC §5)."""
        before = (
            WorkforceReport.objects.filter(facility_id=self.facility_id, period__lt=self.period)
            .order_by("-period")
            .values_list("workers", "women")
            .first()
        )
        self.judge_against(before)

    def judge_against(self, before: tuple[int, int] | None) -> None:
        """Flag the report, or clear its flag, by the previous report's (workers, women), if any."""
        self.review_note = implausibility(self.workers, self.women, *(before or (None, None)))
        self.review = Review.FLAGGED if self.review_note else ""

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.period:
            self.period = month_start(self.period)
            if self.period > month_start(today()):
                errors["period"] = "A report cannot be for a month that has not started yet."
        if self.women is not None and self.workers is not None and self.women > self.workers:
            errors["women"] = (
                f"Women ({self.women}) cannot be more than the workers ({self.workers})."
            )
        if self.received_on and self.period and "period" not in errors:
            if self.received_on < self.period:
                errors["received_on"] = "A report cannot be received before the month it reports."
            elif self.received_on > today():
                errors["received_on"] = "The day received cannot be in the future."
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
