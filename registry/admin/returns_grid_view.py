"""The monthly returns grid's page (SPEC §5); registry/admin/returns_grid.py holds its rows and
its save."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format

from registry.admin.returns_grid import (
    grid_facilities,
    grid_reason,
    grid_rows,
    page_size,
    posted_rows,
    returns_grid_save,
)
from registry.admin.scoping import access_of
from registry.models import Facility, Province, WorkforceReport
from registry.models.calendar import add_months, month_start, today
from registry.models.returns import due_on, return_counts

TEMPLATE = "admin/markaz/returns_grid.html"


def default_month() -> datetime.date:
    """Return the month a clerk usually files: the previous calendar month."""
    return add_months(month_start(today()), -1)


class GridFilters(forms.Form):
    """The month shown and, optionally, one province of the user's."""

    month = forms.DateField(
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="YYYY-MM",
    )
    province = forms.ModelChoiceField(
        queryset=Province.objects.none(), required=False, empty_label="Every province you keep"
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = access.narrow(Province.objects.all())

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and month_start(month) > month_start(today()):
            raise forms.ValidationError("Choose this month or an earlier one.")
        return month_start(month) if month else None

    def choice(self) -> tuple[datetime.date, Province | None]:
        """Return the month and province asked for, the defaults where not asked or invalid."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        return cleaned.get("month") or default_month(), cleaned.get("province")


def report_admin(site):
    return site._registry[WorkforceReport]


def returns_grid_view(site, request):
    """Show a month's rows for every facility the user keeps; save them all, or none."""
    access, reports = access_of(request), report_admin(site)
    if access.role is None or not reports.has_view_permission(request):
        raise PermissionDenied
    may_file = reports.has_add_permission(request) and reports.has_change_permission(request)
    asked = request.GET.copy()
    asked.setdefault("month", f"{default_month():%Y-%m}")
    filters = GridFilters(asked, access=access)
    month, province = filters.choice()
    context = {"filters": filters, "month": month, "province": province, "may_file": may_file}
    if request.method == "POST":
        if not may_file:
            raise PermissionDenied
        return file_month(site, request, context)
    page = Paginator(grid_facilities(access, month, province), page_size()).get_page(
        request.GET.get("page")
    )
    context.update(page=page, rows=grid_rows(page.object_list, month))
    return render(site, request, context)


def file_month(site, request, context):
    """Save the POST's rows in one transaction, or none with every error beside its row."""
    month, data = context["month"], request.POST.copy()
    try:
        with transaction.atomic():
            rows = posted_rows(data, access_of(request), month)
            if any(row.form.errors for row in rows):
                context.update(rows=rows, error="Nothing was saved: correct the rows marked below.")
                return render(site, request, context)
            new, changed = returns_grid_save(
                rows=rows, user=request.user, reason=grid_reason(month, data.get("reason", ""))
            )
    except IntegrityError:
        context.update(
            rows=rows,
            error="Someone else filed reports for this month while you saved, so nothing was "
            "saved. Save again to see their figures beside yours.",
        )
        return render(site, request, context)
    messages.success(
        request,
        f"{new + changed} report(s) saved for {date_format(month, 'F Y')}: {new} new, "
        f"{changed} changed.",
    )
    return HttpResponseRedirect(request.get_full_path())


def render(site, request, context):
    month, province, access = context["month"], context["province"], access_of(request)
    scope = access.narrow(Facility.objects.all())
    if province is not None:
        scope = scope.filter(city__province=province)
    counts = return_counts(scope, month).get(())
    request.current_app = site.name
    context = {
        **site.each_context(request),
        **context,
        "title": f"Monthly returns for {date_format(month, 'F Y')}",
        "due_on": due_on(month),
        "counts": counts,
        "page_size": page_size(),
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, TEMPLATE, context)
