"""The admin site, whose index lists overdue facilities as a to-do list (SPEC §2.4)."""

from django.contrib import admin

from registry.models import Facility


class MarkazAdminSite(admin.AdminSite):
    site_header = "Markaz data entry"
    site_title = "Markaz admin"
    index_title = "Registry"

    def index(self, request, extra_context=None):
        overdue = (
            Facility.objects.overdue().select_related("city").order_by("latest_period", "name")
        )
        extra_context = {**(extra_context or {}), "overdue_facilities": overdue}
        return super().index(request, extra_context)
