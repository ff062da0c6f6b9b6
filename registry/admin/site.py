"""The admin site: its index lists overdue facilities as a to-do list (SPEC §2.4), and HQ has a
page of recent changes across the registry (SPEC §5)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path

from registry.admin.history import is_tracked, recent_changes
from registry.admin.returns_grid_view import returns_grid_view
from registry.admin.scoping import access_of
from registry.models import Facility, WorkforceReport
from registry.models.plausibility import Review

CHANGES_PER_PAGE = 50
# The index lists this many flagged reports; the reports' list filters them all.
FLAGGED_SHOWN = 20


class RecentChangesForm(forms.Form):
    """The filters of the recent changes page."""

    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        required=False,
        empty_label="Anyone",
    )
    model = forms.ChoiceField(label="Records", required=False)
    since = forms.DateField(label="From", required=False, help_text="YYYY-MM-DD")
    until = forms.DateField(label="To", required=False, help_text="YYYY-MM-DD")

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        choices = sorted((m._meta.label_lower, m._meta.verbose_name_plural) for m in models)
        self.fields["model"].choices = [("", "All records"), *choices]


def filters_query(request):
    """Return the query string of the page's filters, without its page number."""
    query = request.GET.copy()
    query.pop("p", None)
    return query.urlencode()


class MarkazAdminSite(admin.AdminSite):
    site_header = "Markaz data entry"
    site_title = "Markaz admin"
    index_title = "Registry"

    def get_urls(self):
        recent = path(
            "recent-changes/", self.admin_view(self.recent_changes), name="recent_changes"
        )
        grid = path("returns-grid/", self.admin_view(self.returns_grid), name="returns_grid")
        return [recent, grid, *super().get_urls()]

    def returns_grid(self, request):
        """File a month's workforce reports for every facility in the user's reach."""
        return returns_grid_view(self, request)

    def index(self, request, extra_context=None):
        overdue = (
            access_of(request)
            .narrow(Facility.objects.overdue())
            .select_related("city")
            .order_by("latest_period", "name")
        )
        flagged = (
            access_of(request)
            .narrow(WorkforceReport.objects.filter(review=Review.FLAGGED))
            .select_related("facility")
            .order_by("-period", "facility__name")[:FLAGGED_SHOWN]
        )
        extra_context = {
            **(extra_context or {}),
            "overdue_facilities": overdue,
            "flagged_reports": flagged,
            "may_see_recent_changes": access_of(request).is_hq,
            "may_file_returns": self.may_file_returns(request),
        }
        return super().index(request, extra_context)

    def may_file_returns(self, request):
        """Return whether the user may see the monthly returns grid."""
        reports = self._registry.get(WorkforceReport)
        return reports is not None and reports.has_view_permission(request)

    def tracked_models(self):
        return [model for model in self._registry if is_tracked(model)]

    def recent_changes(self, request):
        """List changes to every registry record, newest first (HQ only)."""
        if not access_of(request).is_hq:
            raise PermissionDenied
        models = self.tracked_models()
        form = RecentChangesForm(request.GET or None, models=models)
        filters = form.cleaned_data if form.is_valid() else {}
        feed = recent_changes(models, **filters, site=self.name)
        page = Paginator(feed, CHANGES_PER_PAGE).get_page(request.GET.get("p"))
        context = {
            **self.each_context(request),
            "title": "Recent changes",
            "form": form,
            "page": page,
            "filters": filters_query(request),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/recent_changes.html", context)
