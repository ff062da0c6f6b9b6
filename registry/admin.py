"""Data entry for the registry: places, operators, parks, companies, tenancies, reports."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from registry.fiscal import add_months, month_start
from registry.models import (
    City,
    Company,
    Facility,
    Operator,
    Park,
    ParkStatus,
    Province,
    Sector,
    Tenancy,
    WorkforceReport,
    women_share,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For fixed lists loaded by migrations: visible, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_ur"]
    search_fields = ["code", "name"]


@admin.register(Sector)
class SectorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ur", "province", "latitude", "longitude"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name", "name_ur", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


class TenancyInline(admin.TabularInline):
    model = Tenancy
    fk_name = "facility"
    fields = ["company", "started_on", "ended_on", "seats"]
    autocomplete_fields = ["company"]
    extra = 0
    show_change_link = True


def last_month():
    """Return the first day of the month before this one: the month a clerk usually files."""
    return add_months(month_start(timezone.localdate()), -1)


class WorkforceReportInline(admin.TabularInline):
    model = WorkforceReport
    fields = ["period", "workers", "women", "source"]
    ordering = ["-period"]
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["period"].initial = last_month
        return formset


class FacilityFiguresMixin:
    """Adds each facility's latest report (SPEC §2.4) to a changelist, computed in SQL."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_report()

    @admin.display(description="workers", ordering="latest_workers")
    def current_workers(self, obj):
        return obj.latest_workers

    @admin.display(description="women", ordering="latest_women")
    def current_women(self, obj):
        return obj.latest_women

    @admin.display(description="women's share")
    def current_women_share(self, obj):
        share = women_share(obj.latest_women, obj.latest_workers)
        return "—" if share is None else f"{share} %"

    @admin.display(description="last report", ordering="latest_period")
    def last_report(self, obj):
        if obj.latest_period is None:
            return "no report"
        return date_format(obj.latest_period, "F Y")


class FacilityAdmin(FacilityFiguresMixin, admin.ModelAdmin):
    """What parks and centres share in the admin; subclasses name their own statuses."""

    statuses = None
    list_display = [
        "name",
        "city",
        "operator",
        "status",
        "opened_on",
        "current_workers",
        "current_women",
        "current_women_share",
        "last_report",
    ]
    list_filter = ["status", "city__province", "operator"]
    list_select_related = ["city", "operator"]
    search_fields = ["name", "name_ur", "slug", "city__name", "address"]
    autocomplete_fields = ["city", "operator"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "opened_on"
    inlines = [TenancyInline, WorkforceReportInline]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and self.statuses is not None:
            kwargs["choices"] = self.statuses.choices
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Facility)
class FacilitySearchAdmin(admin.ModelAdmin):
    """Lets tenancies and reports pick a park or centre by name; edited through their pages."""

    search_fields = ["name", "slug", "city__name"]
    list_display = ["name", "kind", "city", "status"]
    list_select_related = ["city"]

    def get_model_perms(self, request):
        # Hidden from the index: parks and centres have their own pages.
        return {}


@admin.register(Park)
class ParkAdmin(FacilityAdmin):
    statuses = ParkStatus
    fieldsets = [
        (None, {"fields": ["name", "name_ur", "slug", "operator", "status"]}),
        ("Where", {"fields": ["city", "address", "latitude", "longitude"]}),
        ("Dates", {"fields": ["opened_on", "closed_on"]}),
        ("Capacity", {"fields": ["area_sqft", "seats"]}),
    ]


class CompanyTenancyInline(TenancyInline):
    fk_name = "company"
    fields = ["facility", "started_on", "ended_on", "seats"]
    autocomplete_fields = ["facility"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["name", "secp_registration_no", "founded_year", "website"]
    list_filter = ["sectors", "founded_year"]
    search_fields = ["name", "slug", "secp_registration_no", "ntn"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CompanyTenancyInline]


class CurrentTenancyFilter(admin.SimpleListFilter):
    title = "current"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current today"), ("no", "Ended")]

    def queryset(self, request, queryset):
        current = Tenancy.objects.current_on(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


@admin.register(Tenancy)
class TenancyAdmin(admin.ModelAdmin):
    list_display = ["company", "facility", "started_on", "ended_on", "seats"]
    list_filter = [CurrentTenancyFilter, "facility__kind", "facility__city__province"]
    list_select_related = ["company", "facility"]
    search_fields = ["company__name", "facility__name"]
    autocomplete_fields = ["company", "facility"]
    date_hierarchy = "started_on"


@admin.register(WorkforceReport)
class WorkforceReportAdmin(admin.ModelAdmin):
    list_display = ["facility", "month", "workers", "women", "share", "source"]
    list_filter = ["period", "facility__kind", "facility__city__province"]
    list_select_related = ["facility"]
    search_fields = ["facility__name", "facility__slug", "source"]
    autocomplete_fields = ["facility"]
    date_hierarchy = "period"
    formfield_overrides = {models.DateField: {"help_text": "Any day of the month reported."}}

    def get_changeform_initial_data(self, request):
        return {"period": last_month(), **super().get_changeform_initial_data(request)}

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" in request.POST:
            # Filing a month for many facilities: keep the month for the next report.
            separator = "&" if "?" in response["Location"] else "?"
            response["Location"] += f"{separator}period={obj.period.isoformat()}"
        return response

    @admin.display(description="month", ordering="period")
    def month(self, obj):
        return date_format(obj.period, "F Y")

    @admin.display(description="women's share")
    def share(self, obj):
        value = women_share(obj.women, obj.workers)
        return "—" if value is None else f"{value} %"
