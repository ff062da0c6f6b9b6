"""The centres' endpoints (SPEC §4.4): centres by list and slug, progress, FY series, returns."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.measures import Measures
from centres.progress import PaceBasis, Status
from centres.public.filters import CentreFilterSet
from centres.public.forms import SeriesForm
from centres.public.lists import CENTRES
from centres.public.views.reporting import REPORTING_COLUMNS, reporting_rows
from centres.public.views.tracker import PROGRESS_COLUMNS
from centres.selectors import fiscal_year_series, national_progress, province_target_groups
from registry.api.errors import invalid_parameters
from registry.api.rows import DetailEndpoint, ListEndpoint, documented, json_rows
from registry.api.schema import nested
from registry.api.views import facility_detail_schema, facility_related
from registry.models.returns import monthly_returns
from registry.public.forms import AsOfForm

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="YYYY-MM-DD, today by default: every figure as it stood at the end of that day.",
)


@documented("e-Rozgaar centres", "centres", "listed")
class CentreList(ListEndpoint):
    filterset_class = CentreFilterSet
    table = CENTRES
    row_name = "Centre"


@documented("A centre", "centres", "detail")
class CentreDetail(DetailEndpoint):
    filterset_class = CentreFilterSet
    table = CENTRES

    def get_serializer_class(self):
        return facility_detail_schema("CentreDetail", CentreFilterSet, CENTRES)

    def related(self, slug, on):
        return facility_related(slug, on)


def dated_form(form_class, request):
    """Return the bound form of the request's parameters, or raise a 400 naming the bad ones."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise invalid_parameters(form.errors)
    return form


def number(**kwargs):
    return serializers.FloatField(allow_null=True, **kwargs)


def whole(**kwargs):
    return serializers.IntegerField(allow_null=True, **kwargs)


def text(**kwargs):
    return serializers.CharField(allow_null=True, **kwargs)


PROGRESS_ROW = nested(
    "TargetProgress",
    id=serializers.IntegerField(),
    metric=text(),
    programme=text(help_text="The programme's slug; null for all facilities."),
    province=text(help_text="The province's code; null for a national target."),
    fiscal_year=whole(help_text="The fiscal year the target is due by (its last day)."),
    deadline=serializers.DateField(),
    target=number(),
    source=text(),
    current=number(),
    percent=number(),
    remaining=number(),
    days_left=whole(),
    months_left=number(),
    needed_pace=number(help_text="Per month."),
    actual_pace=number(help_text="Per month."),
    pace_basis=serializers.ChoiceField(choices=[basis.value for basis in PaceBasis]),
    projection=number(),
    value_at_deadline=number(),
    status=serializers.ChoiceField(choices=[status.value for status in Status]),
)


def progress_row(progress):
    """Return one target's §3.3 figures as the API writes them."""
    target = progress.target
    return {
        "id": target.pk,
        "metric": target.metric,
        "programme": target.programme.slug if target.programme_id else None,
        "province": target.province_id,
        "fiscal_year": target.fiscal_year,
        "deadline": progress.deadline,
        "target": target.value,
        "source": target.source or None,
        "current": progress.current,
        "percent": progress.percent,
        "remaining": progress.remaining,
        "days_left": progress.days_left,
        "months_left": progress.months_left,
        "needed_pace": progress.needed_pace,
        "actual_pace": progress.actual_pace,
        "pace_basis": progress.pace_basis.value,
        "projection": progress.projection,
        "value_at_deadline": progress.value_at_deadline,
        "status": progress.status.value,
    }


def dated(name, results):
    """Return a dated answer's schema: its date and its rows."""
    return nested(name, many=False, as_of=serializers.DateField(), results=results)


class ProgressView(APIView):
    """Every target with its progress (SPEC §3.3): national ones, then province ones by group."""

    @extend_schema(
        summary="Progress of every target",
        tags=["progress"],
        parameters=[AS_OF],
        responses=dated("Progress", PROGRESS_ROW),
    )
    def get(self, request):
        as_of = dated_form(AsOfForm, request).cleaned_data["as_of"]
        measures = Measures(as_of)
        national = national_progress(as_of=as_of, measures=measures)
        groups = province_target_groups(as_of=as_of, measures=measures)
        rows = [*national, *(row for group in groups for row in group.rows)]
        return Response({"as_of": as_of, "results": [progress_row(p) for p in rows]})


FISCAL_YEAR_ROW = nested("FiscalYear", **{name: whole() for name, _ in PROGRESS_COLUMNS})
REPORTING_ROW = nested(
    "MonthlyReturns",
    month=text(help_text="YYYY-MM."),
    province=text(help_text="The province's code; null on the national row."),
    expected=whole(),
    received=whole(),
    on_time=whole(),
    completeness_pct=number(),
    timeliness_pct=number(),
)


class FiscalYearsView(APIView):
    """A programme's fiscal-year series (SPEC §3.4), the rows of the progress CSV."""

    @extend_schema(
        summary="Fiscal-year series",
        tags=["progress"],
        parameters=[
            AS_OF,
            OpenApiParameter(
                "programme",
                str,
                description="A programme with national targets (slug); the tracked one by default.",
            ),
        ],
        responses=nested(
            "FiscalYears",
            many=False,
            as_of=serializers.DateField(),
            programme=text(),
            results=FISCAL_YEAR_ROW,
        ),
    )
    def get(self, request):
        form = dated_form(SeriesForm, request)
        programme, as_of = form.cleaned_data["programme"], form.cleaned_data["as_of"]
        rows = fiscal_year_series(programme=programme, as_of=as_of) if programme else []
        return Response(
            {
                "as_of": as_of,
                "programme": programme.slug if programme else None,
                "results": json_rows(rows, PROGRESS_COLUMNS),
            }
        )


class ReportingView(APIView):
    """Monthly returns (SPEC §2.5): the rows of /reporting/export.csv."""

    @extend_schema(
        summary="Monthly returns: completeness and timeliness",
        tags=["reporting"],
        parameters=[AS_OF],
        responses=dated("Reporting", REPORTING_ROW),
    )
    def get(self, request):
        as_of = dated_form(AsOfForm, request).cleaned_data["as_of"]
        rows = reporting_rows(monthly_returns(as_of))
        return Response({"as_of": as_of, "results": json_rows(rows, REPORTING_COLUMNS)})
