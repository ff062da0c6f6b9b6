"""Staff roles and where each staff member works (SPEC §5); registry.admin.scoping applies them."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .facilities import Facility
from .places import Province


class Role(models.TextChoices):
    """A role is the Django group of this name, kept by registry/models/fixed_lists.py."""

    HQ_EDITOR = "hq_editor", "HQ editor"
    PROVINCIAL_OFFICER = "provincial_officer", "Provincial officer"
    FACILITY_MANAGER = "facility_manager", "Facility manager"
    VIEWER = "viewer", "Viewer"


class StaffAssignment(models.Model):
    """The provinces a provincial officer keeps, or the facilities a facility manager keeps."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment"
    )
    provinces = models.ManyToManyField(
        Province,
        blank=True,
        related_name="staff_assignments",
        help_text="A provincial officer keeps the parks and centres of these provinces.",
    )
    facilities = models.ManyToManyField(
        Facility,
        blank=True,
        related_name="staff_assignments",
        help_text="A facility manager keeps the reports and tenancies of these parks and centres.",
    )

    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the e-mails Markaz sends this person (return reminders).",
    )

    history = HistoricalRecords(m2m_fields=[provinces, facilities])

    class Meta:
        ordering = ["user__username"]

    def __str__(self):
        return str(self.user)


class ReturnReminder(models.Model):
    """A reminder e-mailed to a person about a month's missing returns: at most one per person,
    month and kind (SPEC §5)."""

    class Kind(models.TextChoices):
        DUE = "due", "Before the due day"
        LATE = "late", "After the due day"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="return_reminders"
    )
    month = models.DateField(help_text="The month whose returns were missing; its first day.")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "month", "kind"],
                name="return_reminder_once_per_user_month_kind",
                violation_error_message="This person was already reminded of this month.",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.month:%B %Y} ({self.kind})"
