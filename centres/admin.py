"""Data entry for e-Rozgaar programmes, centres and targets."""

from django.contrib import admin

from centres.importers import CentreResource, ProgrammeResource, TargetResource
from centres.models import Centre, Programme, Target
from registry.admin.base import BulkRecordAdmin
from registry.admin.registrations import FacilityAdmin
from registry.models import CentreStatus


@admin.register(Programme)
class ProgrammeAdmin(BulkRecordAdmin):
    resource_classes = [ProgrammeResource]
    list_display = ["name", "name_ur", "operator"]
    list_select_related = ["operator"]
    search_fields = ["name", "name_ur", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Centre)
class CentreAdmin(FacilityAdmin):
    resource_classes = [CentreResource]
    statuses = CentreStatus
    list_display = [*FacilityAdmin.list_display[:4], "programme", *FacilityAdmin.list_display[4:]]
    list_filter = ["programme", *FacilityAdmin.list_filter, "host_type", "planned_fy"]
    list_select_related = [*FacilityAdmin.list_select_related, "programme"]
    search_fields = [*FacilityAdmin.search_fields, "host_institution"]
    autocomplete_fields = [*FacilityAdmin.autocomplete_fields, "programme"]
    fieldsets = [
        (None, {"fields": ["name", "name_ur", "slug", "programme", "operator", "status"]}),
        ("Host", {"fields": ["host_institution", "host_type"]}),
        ("Where", {"fields": ["city", "address", "latitude", "longitude"]}),
        ("Dates", {"fields": ["planned_fy", "opened_on", "closed_on"]}),
        ("Capacity", {"fields": ["seats"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # A centre's opening date is its launch date (SPEC §2.2 calls it launched_on).
        kwargs["labels"] = {"opened_on": "Launched on"}
        return super().get_form(request, obj, change, **kwargs)


@admin.register(Target)
class TargetAdmin(BulkRecordAdmin):
    resource_classes = [TargetResource]
    list_display = ["metric", "value", "fiscal_year", "programme", "province", "source"]
    list_filter = ["metric", "fiscal_year", "programme", "province"]
    list_select_related = ["programme", "province"]
    search_fields = ["source"]
