"""The registry's endpoints (SPEC §4.4): parks, companies and cities, listed and by slug."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.api.rows import DetailEndpoint, ListEndpoint, documented, schema_rows
from registry.api.schema import nested
from registry.models import Company, Facility, Park
from registry.public.exports.values import month
from registry.public.filters import CityFilterSet, CompanyFilterSet, ParkFilterSet
from registry.public.lists import CITIES, COMPANIES, PARKS


def text(**kwargs):
    return serializers.CharField(allow_null=True, **kwargs)


def day(**kwargs):
    return serializers.DateField(allow_null=True, **kwargs)


def number(**kwargs):
    return serializers.IntegerField(allow_null=True, **kwargs)


REPORT_FIELDS = {
    "period": text(help_text="The month reported, YYYY-MM."),
    "workers": number(),
    "women": number(),
}
TENANCY_FIELDS = {
    "started_on": day(),
    "ended_on": day(),
    "seats": number(),
    "current": serializers.BooleanField(help_text="Renting there today."),
}


def facility_related(slug, on):
    """Return a facility's monthly reports (oldest first) and tenancies (newest first)."""
    facility = Facility.objects.only("pk").get(slug=slug)
    reports = facility.reports.filter(period__lte=on).order_by("period")
    tenancies = facility.tenancies.select_related("company").order_by(
        "-started_on", "company__name", "pk"
    )
    current = set(tenancies.current_on(on).values_list("pk", flat=True))
    return {
        "reports": [
            {"period": month(r.period), "workers": r.workers, "women": r.women} for r in reports
        ],
        "tenancies": [
            {
                "company": t.company.slug,
                "company_name": t.company.name,
                **tenancy_dates(t, current),
            }
            for t in tenancies
        ],
    }


def tenancy_dates(tenancy, current):
    return {
        "started_on": tenancy.started_on,
        "ended_on": tenancy.ended_on,
        "seats": tenancy.seats,
        "current": tenancy.pk in current,
    }


def facility_detail_schema(name, filterset_class, table):
    """Return the serializer of a facility's detail: its row, reports and tenancies."""
    return schema_rows(
        name,
        filterset_class,
        table,
        reports=nested(f"{name}Report", **REPORT_FIELDS),
        tenancies=nested(f"{name}Tenancy", company=text(), company_name=text(), **TENANCY_FIELDS),
    )


@documented("Parks", "parks", "listed")
class ParkList(ListEndpoint):
    filterset_class = ParkFilterSet
    table = PARKS
    row_name = "Park"


@documented("A park", "parks", "detail")
class ParkDetail(DetailEndpoint):
    filterset_class = ParkFilterSet
    table = PARKS
    queryset = Park.objects.all()

    def get_serializer_class(self):
        return facility_detail_schema("ParkDetail", ParkFilterSet, PARKS)

    def related(self, slug, on):
        return facility_related(slug, on)


@documented("Companies", "companies", "listed")
class CompanyList(ListEndpoint):
    filterset_class = CompanyFilterSet
    table = COMPANIES
    row_name = "Company"


@documented("A company", "companies", "detail")
class CompanyDetail(DetailEndpoint):
    filterset_class = CompanyFilterSet
    table = COMPANIES

    def get_serializer_class(self):
        return schema_rows(
            "CompanyDetail",
            CompanyFilterSet,
            COMPANIES,
            tenancies=nested(
                "CompanyTenancy",
                facility=text(),
                facility_name=text(),
                facility_kind=text(),
                **TENANCY_FIELDS,
            ),
        )

    def related(self, slug, on):
        company = Company.objects.only("pk").get(slug=slug)
        tenancies = company.tenancies.select_related("facility").order_by(
            "-started_on", "facility__name", "pk"
        )
        current = set(tenancies.current_on(on).values_list("pk", flat=True))
        return {
            "tenancies": [
                {
                    "facility": t.facility.slug,
                    "facility_name": t.facility.name,
                    "facility_kind": t.facility.kind,
                    **tenancy_dates(t, current),
                }
                for t in tenancies
            ]
        }


@documented("Cities", "cities", "listed")
class CityList(ListEndpoint):
    filterset_class = CityFilterSet
    table = CITIES
    row_name = "City"


@documented("A city", "cities", "detail")
class CityDetail(DetailEndpoint):
    filterset_class = CityFilterSet
    table = CITIES

    def get_serializer_class(self):
        slugs = serializers.ListField(child=serializers.CharField())
        return schema_rows("CityDetail", CityFilterSet, CITIES, parks=slugs, centres=slugs)

    def related(self, slug, on):
        facilities = Facility.objects.filter(city__slug=slug).order_by("kind", "name", "slug")
        kinds = {"park": [], "centre": []}
        for kind, facility in facilities.values_list("kind", "slug"):
            kinds.setdefault(kind, []).append(facility)
        return {"parks": kinds["park"], "centres": kinds["centre"]}


# What /api/v1/ answers: each endpoint's name and its URL name (registry/api/urls.py and
# centres/api/urls.py).
ENDPOINTS = {
    "centres": "api-centre-list",
    "parks": "api-park-list",
    "companies": "api-company-list",
    "cities": "api-city-list",
    "progress": "api-progress",
    "fiscal_years": "api-fiscal-years",
    "reporting": "api-reporting",
    "schema": "api-schema",
    "docs": "api-docs",
}


class ApiRoot(APIView):
    """The API's own address: where each of its endpoints, its schema and its docs page are."""

    @extend_schema(
        summary="The API's endpoints",
        tags=["root"],
        responses=nested("ApiRoot", many=False, **{n: serializers.URLField() for n in ENDPOINTS}),
    )
    def get(self, request):
        return Response(
            {name: request.build_absolute_uri(reverse(url)) for name, url in ENDPOINTS.items()}
        )
