"""Data entry for the registry: places, operators, parks, companies, tenancies, reports.

Every admin here shares registry/admin/base.py (roles, history, no lost updates, import/export).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format

from registry.admin.base import BulkRecordAdmin, RecordAdmin, RecordForm
from registry.admin.return_sheets import ReturnSheetsMixin
from registry.admin.scoping import ScopedAdminMixin, ScopedInlineMixin, role_named
from registry.importers import (
    CityResource,
    OperatorResource,
    ParkResource,
    TenancyResource,
    WorkforceReportResource,
)
from registry.models import (
    City,
    Facility,
    Operator,
    Park,
    ParkStatus,
    Province,
    Role,
    Sector,
    StaffAssignment,
    Tenancy,
    WorkforceReport,
    women_share,
)
from registry.models.calendar import add_months, month_start, today
from registry.models.plausibility import Review


class ReadOnlyAdmin(ScopedAdminMixin, admin.ModelAdmin):
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
class CityAdmin(BulkRecordAdmin):
    resource_classes = [CityResource]
    list_display = ["name", "name_ur", "province", "latitude", "longitude"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name", "name_ur", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Operator)
class OperatorAdmin(BulkRecordAdmin):
    resource_classes = [OperatorResource]
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


class TenancyInline(ScopedInlineMixin, admin.TabularInline):
    model = Tenancy
    fk_name = "facility"
    fields = ["company", "started_on", "ended_on", "seats"]
    autocomplete_fields = ["company"]
    extra = 0
    show_change_link = True


def last_month():
    """Return the first day of the month before this one: the month a clerk usually files."""
    return add_months(month_start(today()), -1)


class WorkforceReportInline(ScopedInlineMixin, admin.TabularInline):
    model = WorkforceReport
    fields = ["period", "workers", "women", "source", "received_on"]
    readonly_fields = ["received_on"]
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
        return "—" if share is None else f"{share}%"

    @admin.display(description="last report", ordering="latest_period")
    def last_report(self, obj):
        if obj.latest_period is None:
            return "no report"
        return date_format(obj.latest_period, "F Y")


class FacilityAdmin(FacilityFiguresMixin, BulkRecordAdmin):
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
class FacilitySearchAdmin(ReadOnlyAdmin):
    """Lets tenancies and reports pick a park or centre by name; edited through their pages."""

    search_fields = ["name", "slug", "city__name"]
    list_display = ["name", "kind", "city", "status"]
    list_select_related = ["city"]

    def get_model_perms(self, request):
        # Hidden from the index: parks and centres have their own pages.
        return {}


@admin.register(Park)
class ParkAdmin(FacilityAdmin):
    resource_classes = [ParkResource]
    statuses = ParkStatus
    fieldsets = [
        (None, {"fields": ["name", "name_ur", "slug", "operator", "status"]}),
        ("Where", {"fields": ["city", "address", "latitude", "longitude"]}),
        ("Dates", {"fields": ["opened_on", "closed_on"]}),
        ("Capacity", {"fields": ["area_sqft", "seats"]}),
    ]


class CurrentTenancyFilter(admin.SimpleListFilter):
    title = "current"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current today"), ("no", "Ended")]

    def queryset(self, request, queryset):
        current = Tenancy.objects.current_on(today()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


@admin.register(Tenancy)
class TenancyAdmin(BulkRecordAdmin):
    resource_classes = [TenancyResource]
    list_display = ["company", "facility", "started_on", "ended_on", "seats"]
    list_filter = [CurrentTenancyFilter, "facility__kind", "facility__city__province"]
    list_select_related = ["company", "facility"]
    search_fields = ["company__name", "facility__name"]
    autocomplete_fields = ["company", "facility"]
    date_hierarchy = "started_on"


@admin.register(WorkforceReport)
class WorkforceReportAdmin(ReturnSheetsMixin, BulkRecordAdmin):
    resource_classes = [WorkforceReportResource]
    change_list_template = "admin/markaz/workforcereport_change_list.html"
    list_display = [
        "facility",
        "month",
        "workers",
        "women",
        "share",
        "source",
        "received_on",
        "review",
    ]
    list_filter = ["review", "period", "facility__kind", "facility__city__province"]
    readonly_fields = ["received_on", "review", "review_note"]
    actions = ["confirm_reports", "correct_report"]
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
        return "—" if value is None else f"{value}%"

    @admin.action(description="Confirm the figures as reported", permissions=["change"])
    def confirm_reports(self, request, queryset):
        """Clear the flags of the chosen reports, keeping why they were flagged in history."""
        flagged = list(queryset.filter(review=Review.FLAGGED))
        for report in flagged:
            report.review = Review.CONFIRMED
            report._change_reason = f"Confirmed as reported: {report.review_note}"
            report.save(update_fields=["review"])
        self.message_user(request, f"{len(flagged)} flagged report(s) confirmed as reported.")

    @admin.action(description="Correct the figures of a flagged report", permissions=["change"])
    def correct_report(self, request, queryset):
        """Open the chosen report's form: saving corrected figures judges it again."""
        reports = list(queryset[:2])
        if len(reports) != 1:
            self.message_user(
                request, "Choose exactly one report to correct.", level=messages.WARNING
            )
            return None
        url = reverse("admin:registry_workforcereport_change", args=[reports[0].pk])
        return HttpResponseRedirect(url)


class StaffAssignmentForm(RecordForm):
    """An assignment with the user's role, kept as their membership of the role's group."""

    role = forms.ChoiceField(
        choices=Role.choices,
        help_text="HQ editor: every record. Provincial officer: the parks, centres, cities, "
        "reports and tenancies of the provinces below. Facility manager: the reports and "
        "tenancies of the parks and centres below. Viewer: reads everything, changes nothing.",
    )

    class Meta:
        model = StaffAssignment
        fields = ["user", "role", "provinces", "facilities", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = self.fields["user"].queryset.filter(is_staff=True)
        self.fields["user"].help_text = "A staff account; a superuser creates accounts."
        # Left out of a form, the language stays what it was (English for a new assignment).
        self.fields["language"].required = False
        if self.instance.pk:
            groups = self.instance.user.groups.values_list("name", flat=True)
            self.fields["role"].initial = role_named(groups)

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Role.PROVINCIAL_OFFICER and not cleaned.get("provinces"):
            self.add_error("provinces", "A provincial officer needs at least one province.")
        if role == Role.FACILITY_MANAGER and not cleaned.get("facilities"):
            self.add_error("facilities", "A facility manager needs at least one park or centre.")
        return cleaned

    def save_role(self):
        """Put the user in the chosen role's group and in no other role's."""
        groups = self.instance.user.groups
        groups.remove(*Group.objects.filter(name__in=Role.labels))
        groups.add(Group.objects.get(name=Role(self.cleaned_data["role"]).label))


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(RecordAdmin):
    form = StaffAssignmentForm
    list_display = ["user", "role", "province_list", "facility_count"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    filter_horizontal = ["provinces"]
    autocomplete_fields = ["facilities"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("provinces", "user__groups")
        return queryset.annotate(facility_total=Count("facilities"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_role()

    @admin.display(description="role")
    def role(self, obj):
        role = role_named(group.name for group in obj.user.groups.all())
        return "—" if role is None else role.label

    @admin.display(description="provinces")
    def province_list(self, obj):
        return ", ".join(province.code for province in obj.provinces.all()) or "—"

    @admin.display(description="facilities", ordering="facility_total")
    def facility_count(self, obj):
        return obj.facility_total
