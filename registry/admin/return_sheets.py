"""Return sheets (issue 20 item 3): a month's workforce.csv, pre-filled, to fill in and import.

"Download this month's return sheet" on the workforce reports' changelist gives, as CSV or XLSX,
one row per facility the user reaches (their role's scope, registry.admin.scoping) that is
expected to report the month (SPEC §2.5), in the columns of the bulk file workforce.csv
(§4.2): facility, period, workers, women, source. A facility that has filed the month already
shows its figures, so importing the sheet back leaves it unchanged; the others have empty
figures to fill in. The admin's import reads the sheet back as it is, either format.

In the XLSX the period is a text cell formatted as text ("2026-11", which Excel would otherwise
turn into a date) and the figures are numbers. The month is picked on the changelist (default:
the previous calendar month, the one a clerk usually files), at most the current month.
"""

import datetime
import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.urls import path

from registry.admin.scoping import access_of
from registry.models import Facility, WorkforceReport
from registry.models.calendar import add_months, month_start, today
from registry.web.csv_writer import column, csv_response
from registry.web.xlsx_writer import XLSX_CONTENT_TYPE, xlsx_file

# The columns of workforce.csv a clerk fills; received_on is left to the system (§2.5).
SHEET_COLUMNS = [
    column("facility"),
    column("period"),
    column("workers"),
    column("women"),
    column("source"),
]
SHEET_FORMATS = ("csv", "xlsx")
ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def last_month() -> datetime.date:
    """Return the first day of the month before this one: the month a clerk usually files."""
    return add_months(month_start(today()), -1)


class ReturnSheetForm(forms.Form):
    """The month of a return sheet: YYYY-MM, no later than the current month."""

    month = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text="The month to file, YYYY-MM (default: last month).",
    )

    def clean_month(self) -> datetime.date:
        text = self.cleaned_data["month"].strip()
        if not text:
            return last_month()
        match = ISO_MONTH.fullmatch(text)
        try:
            month = datetime.date(int(match[1]), int(match[2]), 1) if match else None
        except ValueError:  # month 13, year 0
            month = None
        if month is None:
            raise forms.ValidationError(f"“{text}” is not a month; write it as YYYY-MM.")
        if month > month_start(today()):
            raise forms.ValidationError(
                f"{text} has not begun; a sheet is for this month or one before."
            )
        return month


def sheet_rows(access, month: datetime.date) -> list[dict]:
    """Return the sheet's rows: each facility within reach expected to report the month."""
    facilities = access.narrow(Facility.objects.expected_to_report(month)).order_by(
        "city__province__code", "city__name", "name", "slug"
    )
    facilities = list(facilities.values("pk", "slug"))
    filed = {
        report["facility"]: report
        for report in WorkforceReport.objects.filter(
            period=month, facility__in=[facility["pk"] for facility in facilities]
        ).values("facility", "workers", "women", "source")
    }
    period = f"{month.year:04d}-{month.month:02d}"
    return [
        {
            "facility": facility["slug"],
            "period": period,
            "workers": filed.get(facility["pk"], {}).get("workers"),
            "women": filed.get(facility["pk"], {}).get("women"),
            "source": filed.get(facility["pk"], {}).get("source", ""),
        }
        for facility in facilities
    ]


def sheet_response(rows: list[dict], month: datetime.date, file_format: str) -> HttpResponse:
    """Answer the rows as `returns-YYYY-MM.csv` or `.xlsx` (the period as a text cell)."""
    name = f"returns-{month.year:04d}-{month.month:02d}"
    if file_format == "csv":
        response = csv_response(rows, SHEET_COLUMNS, name)
    else:
        file = xlsx_file(rows, SHEET_COLUMNS, name, text_columns={"facility", "period", "source"})
        return FileResponse(
            file, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


class ReturnSheetsMixin:
    """Adds the return sheet's downloads to a workforce reports admin, and its form to the
    changelist's object tools."""

    import_export_change_list_template = "admin/markaz/workforcereport_return_sheets.html"

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path(
                f"return-sheet.{file_format}",
                self.admin_site.admin_view(self.return_sheet_view),
                {"file_format": file_format},
                name=f"{prefix}_return_sheet_{file_format}",
            )
            for file_format in SHEET_FORMATS
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        context = {
            "return_sheet_form": ReturnSheetForm(initial={"month": last_month().strftime("%Y-%m")}),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=context)

    def return_sheet_view(self, request, file_format):
        """Download the month's return sheet of the user's expected facilities."""
        # The sheet is for filing: those who may import reports may have it.
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ReturnSheetForm(request.GET)
        if not form.is_valid():
            lines = [
                f"{name}: {message}" for name, errors in form.errors.items() for message in errors
            ]
            return HttpResponse(
                "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
            )
        month = form.cleaned_data["month"]
        return sheet_response(sheet_rows(access_of(request), month), month, file_format)
