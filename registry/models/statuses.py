"""The kinds of facility and the statuses each may have (SPEC §2.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
# Parks and centres spell the statuses they share alike: these stand for either kind's.
OPERATIONAL = ParkStatus.OPERATIONAL
CLOSED = ParkStatus.CLOSED
# The statuses of a facility that has opened: its launch/opening date is set exactly then (§2.2).
OPENED_STATUSES = (OPERATIONAL, CentreStatus.SUSPENDED, CLOSED)
