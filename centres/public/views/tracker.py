"""The overview `/` and the rollout tracker `/progress/` (SPEC §3, §4), each as of a date."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from centres.measures import Measures
from centres.public.forms import SeriesForm
from centres.public.lists import PROGRESS
from centres.public.map import MapFilters, build_map
from centres.public.trajectory import overview_trajectories, trajectory_charts
from centres.selectors import (
    fiscal_year_series,
    headline_figures,
    national_progress,
    province_figures,
    province_target_groups,
)
from registry.public.charts import Series, build_chart, own_scale
from registry.public.exports.responses import invalid_filters_response
from registry.public.forms import AsOfForm
from registry.public.names import local_name
from registry.web.csv_writer import csv_response
from registry.web.xlsx_writer import xlsx_response

# Narrower than the shared default: the chart sits beside its table, and its text stays legible.
CHART_WIDTH, CHART_HEIGHT = 560, 320
NARROW_CHART = (360, 300)
# Room above the bars for the labels of targets above their scale, below them for the x axis's
# title under its labels (Nastaliq is tall), and the text size.
CHART_TOP, CHART_BOTTOM, CHART_TEXT = 64, 54, 14

PROGRESS_COLUMNS = PROGRESS.csv_columns


def series_charts(programme, series):
    """Return the FY charts of §3.4: centres launched and operational, and jobs, with targets."""
    labels = [
        _("FY%(year)s") % {"year": row.fiscal_year} + ("" if row.complete else "*")
        for row in series
    ]

    def bars(label, values, css):
        return Series(label, values, css, kind="bar")

    def targets(values):
        # Drawn as labelled markers, not as a line: targets exist only some years.
        return Series(_("Target"), values, "goal", kind="line", mark=_("Target %(value)s"))

    def chart(title, y_title, bar_series, goals):
        # The bars at their own scale: a target far above them is drawn off it.
        return build_chart(
            title,
            labels,
            [*bar_series, goals],
            width=CHART_WIDTH,
            height=CHART_HEIGHT,
            narrow=NARROW_CHART,
            scale_to=own_scale([v for s in bar_series for v in s.values], goals.values),
            top=CHART_TOP,
            margin_bottom=CHART_BOTTOM,
            tick_size=CHART_TEXT,
            y_title=y_title,
        )

    name = local_name(programme)
    centres = chart(
        _("Centres of %(programme)s by fiscal year") % {"programme": name},
        _("Centres"),
        [
            bars(_("Launched in the year"), [r.centres_launched for r in series], "launched"),
            bars(
                _("Operational at the year's end"),
                [r.centres_operational_end for r in series],
                "operational",
            ),
        ],
        targets([r.target_centres for r in series]),
    )
    jobs = chart(
        _("Jobs at centres of %(programme)s by fiscal year") % {"programme": name},
        _("Jobs"),
        [bars(_("Jobs at the year's end"), [r.jobs_at_centres_end for r in series], "jobs")],
        targets([r.target_jobs for r in series]),
    )
    return {"centres": centres, "jobs": jobs}


def programme_series(programme, *, as_of, measures):
    """Return a programme's FY series (§3.4) with its charts, as the pages show it."""
    series = fiscal_year_series(programme=programme, as_of=as_of, measures=measures)
    return {"programme": programme, "series": series, "charts": series_charts(programme, series)}


def tracker_context(form, *, every_programme):
    """Return the figures both pages show, as of the form's date.

    The FY series is the tracked programme's (§2.2), or with `every_programme` one for each
    programme with national targets.
    """
    as_of = form.cleaned_data["as_of"]
    measures = Measures(as_of)
    programmes = measures.tracked_programmes
    shown = programmes if every_programme else programmes[:1]
    # The series first: it measures every fiscal year's end in one query, which the targets'
    # deadlines then find measured.
    series_list = [
        programme_series(programme, as_of=as_of, measures=measures) for programme in shown
    ]
    return {
        "as_of": as_of,
        "measures": measures,
        "is_today": form.is_today,
        "programme": programmes[0] if programmes else None,
        "series_list": series_list,
        "national": national_progress(as_of=as_of, measures=measures),
        "target_groups": province_target_groups(as_of=as_of, measures=measures),
    }


def overview(request):
    """Show the headline figures, progress toward every target and figures by province."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "centres/overview.html", {"form": form}, status=400)
    context = tracker_context(form, every_programme=False)
    provinces = province_figures(as_of=context["as_of"], measures=context["measures"])
    context.update(
        form=form,
        headline=headline_figures(
            as_of=context["as_of"], programme=context["programme"], measures=context["measures"]
        ),
        provinces=provinces,
        # Targets still to be met first: the question is whether the programme is on track.
        verdicts=sorted(context["national"], key=lambda progress: progress.deadline_passed),
        map=build_map(
            MapFilters(as_of=context["as_of"]),
            target_groups=context["target_groups"],
            quota_programme=context["programme"],
            provinces=[row.province for row in provinces],
        ),
    )
    context["trajectories"] = overview_trajectories(context["verdicts"], context["programme"])
    return render(request, "centres/overview.html", context)


def progress(request):
    """Show the tracker in full: every target's progress and the fiscal-year series."""
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "centres/progress.html", {"form": form}, status=400)
    context = tracker_context(form, every_programme=True)
    charts = trajectory_charts(context["national"])
    context["national_trajectories"] = [(p, charts[p.target.pk]) for p in context["national"]]
    return render(request, "centres/progress.html", {"form": form, **context})


def progress_export(request, respond=csv_response):
    """Stream a programme's fiscal-year series as CSV (SPEC §4.1 progress): the tracked
    programme's, or with `programme=<slug>` another with national targets; none without one."""
    form = SeriesForm(request.GET)
    if not form.is_valid():
        return invalid_filters_response(form.errors)
    programme = form.cleaned_data["programme"]
    as_of = form.cleaned_data["as_of"]
    rows = fiscal_year_series(programme=programme, as_of=as_of) if programme else []
    return respond(rows, PROGRESS_COLUMNS, "progress")


def progress_export_xlsx(request):
    """Answer the same fiscal-year series as the CSV, as XLSX (SPEC §4.4)."""
    return progress_export(request, respond=xlsx_response)


def method(request):
    """Explain every rule behind every figure, one anchored section each (SPEC §4 /method/)."""
    return render(request, "centres/method.html")
