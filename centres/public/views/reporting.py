"""The monthly returns page, its CSV and XLSX (SPEC §2.5, §4 /reporting/, §4.1, §4.4)."""

from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from centres.public.lists import REPORTING
from registry.models.returns import monthly_returns
from registry.public.charts import Series, build_chart
from registry.public.exports.responses import invalid_filters_response
from registry.public.forms import AsOfForm
from registry.web.csv_writer import csv_response
from registry.web.xlsx_writer import xlsx_response

REPORTING_COLUMNS = REPORTING.csv_columns


def completeness_chart(months):
    """Return the chart of national completeness and timeliness, oldest month first."""
    shown = [month for month in reversed(months) if not month.in_progress]
    return build_chart(
        _("Returns received, nationally"),
        [date_format(month.month, "M Y") for month in shown],
        [
            Series(_("Received (%)"), [m.national.counts.completeness for m in shown], "workers"),
            Series(_("On time (%)"), [m.national.counts.timeliness for m in shown], "women"),
        ],
    )


def reporting(request):
    """Show completeness and timeliness of the monthly returns by month and province."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "centres/reporting.html", {"form": form}, status=400)
    as_of = form.cleaned_data["as_of"]
    months = monthly_returns(as_of)
    return render(
        request,
        "centres/reporting.html",
        {
            "form": form,
            "as_of": as_of,
            "is_today": form.is_today,
            "months": months,
            "chart": completeness_chart(months),
        },
    )


def reporting_rows(months):
    """Yield the CSV rows: each month due, newest first, the national row then the provinces."""
    for month in months:
        if month.in_progress:
            continue
        for scope in [month.national, *month.provinces]:
            counts = scope.counts
            yield {
                "month": month.month,
                "province": scope.province.code if scope.province else "",
                "expected": counts.expected,
                "received": counts.received,
                "on_time": counts.on_time,
                "completeness_pct": counts.completeness,
                "timeliness_pct": counts.timeliness,
            }


def reporting_export(request, respond=csv_response):
    """Stream the last 12 months' returns as CSV, national and per province (SPEC §4.1)."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return invalid_filters_response(form.errors)
    months = monthly_returns(form.cleaned_data["as_of"])
    return respond(reporting_rows(months), REPORTING_COLUMNS, "reporting")


def reporting_export_xlsx(request):
    """Answer the same rows as the reporting CSV, as XLSX (SPEC §4.4)."""
    return reporting_export(request, respond=xlsx_response)
