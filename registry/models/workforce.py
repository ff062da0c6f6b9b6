"""Monthly workforce reports and each facility's latest one (SPEC §2.4)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from registry.models.calendar import month_start, today

from .facilities import Facility, report_month_error


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
