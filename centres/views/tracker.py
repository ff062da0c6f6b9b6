"""The overview `/` and the rollout tracker `/progress/` (SPEC §3, §4), each as of a date."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from centres.forms import AsOfForm
from centres.selectors import (
    Measures,
    federal_programme,
    fiscal_year_series,
    headline_figures,
    national_progress,
    province_figures,
    province_quotas,
)
from registry.charts import Series, build_chart
from registry.exports import column, csv_response

# Narrower than the shared default: the chart sits beside its table, and its text stays legible.
CHART_WIDTH, CHART_HEIGHT = 480, 300

PROGRESS_COLUMNS = [
    column("fiscal_year"),
    column("centres_launched"),
    column("centres_operational_end"),
    column("jobs_at_centres_end"),
    column("target_centres"),
    column("target_jobs"),
]


def series_charts(series):
    """Return the FY charts of §3.4: centres launched and operational, and jobs, with targets."""
    labels = [
        _("FY%(year)s") % {"year": row.fiscal_year} + ("" if row.complete else "*")
        for row in series
    ]

    def bars(label, values, css):
        return Series(label, values, css, kind="bar")

    def targets(values):
        # Drawn as labelled markers by the template, not as a line: targets exist only some years.
        return Series(_("Target"), values, "goal", kind="line")

    centres = build_chart(
        _("Federal e-Rozgaar centres by fiscal year"),
        labels,
        [
            bars(_("Launched in the year"), [r.centres_launched for r in series], "launched"),
            bars(
                _("Operational at the year's end"),
                [r.centres_operational_end for r in series],
                "operational",
            ),
            targets([r.target_centres for r in series]),
        ],
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )
    jobs = build_chart(
        _("Jobs at federal e-Rozgaar centres by fiscal year"),
        labels,
        [
            bars(_("Jobs at the year's end"), [r.jobs_at_centres_end for r in series], "jobs"),
            targets([r.target_jobs for r in series]),
        ],
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
    )
    return {"centres": centres, "jobs": jobs}


def tracker_context(form):
    """Return the figures both pages show, as of the form's date."""
    as_of = form.cleaned_data["as_of"]
    measures = Measures(as_of)
    programme = federal_programme()
    series = (
        fiscal_year_series(programme=programme, as_of=as_of, measures=measures) if programme else []
    )
    return {
        "as_of": as_of,
        "measures": measures,
        "is_today": form.is_today,
        "programme": programme,
        "national": national_progress(as_of=as_of, measures=measures),
        "quotas": province_quotas(as_of=as_of, measures=measures),
        "series": series,
        "charts": series_charts(series),
    }


def overview(request):
    """Show the headline figures, progress toward every target and figures by province."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "centres/overview.html", {"form": form}, status=400)
    context = tracker_context(form)
    context.update(
        form=form,
        headline=headline_figures(
            as_of=context["as_of"], programme=context["programme"], measures=context["measures"]
        ),
        provinces=province_figures(as_of=context["as_of"], measures=context["measures"]),
    )
    return render(request, "centres/overview.html", context)


def progress(request):
    """Show the tracker in full: every target's progress and the fiscal-year series."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "centres/progress.html", {"form": form}, status=400)
    return render(request, "centres/progress.html", {"form": form, **tracker_context(form)})


def progress_export(request):
    """Stream the federal programme's fiscal-year series as CSV (SPEC §4.1 progress)."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        reasons = "\n".join(f"as_of: {message}" for message in form.errors["as_of"])
        return HttpResponse(
            f"Invalid date.\n{reasons}\n", status=400, content_type="text/plain; charset=utf-8"
        )
    programme = federal_programme()
    as_of = form.cleaned_data["as_of"]
    rows = fiscal_year_series(programme=programme, as_of=as_of) if programme else []
    return csv_response(rows, PROGRESS_COLUMNS, "progress")
