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

    history = HistoricalRecords(m2m_fields=[provinces, facilities])

    class Meta:
        ordering = ["user__username"]

    def __str__(self):
        return str(self.user)
