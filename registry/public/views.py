"""Public pages of the registry (SPEC §4): parks, companies and cities, their CSVs, /healthz."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import Error, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from registry.models import City, Company, CompanyRedirect, Facility, FacilityKind, Park
from registry.models.calendar import today
from registry.public import lists
from registry.public.charts import workforce_chart
from registry.public.exports.geojson import list_geojson_response
from registry.public.exports.responses import (
    invalid_filters_response,
    list_csv_response,
    list_xlsx_response,
)
from registry.public.filters import CityFilterSet, CompanyFilterSet, ParkFilterSet
from registry.public.lists import CITIES, COMPANIES, FACILITIES, PARKS
from registry.public.names import local_name

PAGE_SIZE = 50


def clamp_page(value, num_pages):
    """Return the page number asked for, within 1..num_pages; anything unreadable is page 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


class DeferredPaginator(Paginator):
    """A paginator that picks a page's ids first, then loads and annotates only those rows.

    `WHERE id IN (SELECT id … ORDER BY … LIMIT 50 OFFSET n)`: the inner query reads just the
    sort keys (an index-only scan for the default order of companies), and the figures, joins
    and prefetches of the list are computed for the page's rows alone, not for the n rows
    skipped, so a deep page costs about what the first does. Same rows, same order.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom == 0:
            # Nothing to skip: LIMIT alone is as cheap, and a figure the rows are sorted by is
            # not computed twice (inside and outside the id subquery).
            return self._get_page(rows[:top], number, self)
        return self._get_page(rows.filter(pk__in=rows.values("pk")[bottom:top]), number, self)


class PublicListView(FilterView):
    """A public list: its FilterSet, 50 rows a page (out-of-range pages clamp), a CSV link."""

    paginate_by = PAGE_SIZE
    paginator_class = DeferredPaginator
    export_url_name = None
    # The list's GeoJSON, for lists of places (None: none).
    geojson_url_name = None
    # The list's declaration (registry.public.tables.Table): its page table and its CSV.
    table = None

    def get_filterset_kwargs(self, filterset_class):
        return {"data": self.request.GET, "request": self.request}

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(self.filterset.for_page(queryset), page_size)
        page = paginator.page(clamp_page(self.request.GET.get("page"), paginator.num_pages))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
        context["as_of"] = self.filterset.as_of
        context["table"] = self.table.render(context["object_list"], as_of=context["as_of"])
        context["export_url"] = reverse(self.export_url_name)
        context["xlsx_url"] = reverse(f"{self.export_url_name}-xlsx")
        context["geojson_url"] = self.geojson_url_name and reverse(self.geojson_url_name)
        context["today"] = today()
        return context


class FacilityListView(PublicListView):
    """Parks or centres, with the workforce totals of every listed row (all pages)."""

    def get_paginator(self, queryset, per_page, **kwargs):
        # The totals count the listed rows as they add them up: the paginator takes that count
        # rather than asking the database again.
        self.totals = self.object_list.workforce_totals(self.filterset.as_of)
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.totals["facilities"]
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"totals": self.totals}


def export_view(filterset_class, table, name, respond=list_csv_response):
    """Return a view answering the list's CSV (or `respond`'s format: XLSX, GeoJSON): same
    filters and order as its page, all rows, the same columns."""

    def export(request):
        filterset = filterset_class(request.GET)
        if not filterset.is_valid():
            return invalid_filters_response(filterset.errors)
        rows = table.values(filterset.for_export(filterset.qs))
        return respond(rows, table.csv_columns, name)

    return export


# A facility page shows this many latest monthly reports and past tenancies; ?all=1 shows all.
RECENT_REPORTS = 24
RECENT_PAST_TENANCIES = 24


# A facility page lists this many rows of each tenant table; "Show all" unfolds the rest.
TENANTS_SHOWN = 20


@dataclass(frozen=True)
class Fold:
    """A table's rows split into those listed at once and those folded away beyond them."""

    shown: list
    folded: list

    @property
    def count(self) -> int:
        return len(self.shown) + len(self.folded)

    @property
    def first_folded(self) -> int:
        """Return the position (from 1) of the first folded row."""
        return len(self.shown) + 1


def fold_rows(rows: list, shown: int = TENANTS_SHOWN) -> Fold:
    """Return the rows with all beyond the first `shown` folded away."""
    return Fold(rows[:shown], rows[shown:])


def facility_context(facility, full_history=False):
    """Return a facility page's tenancies (current and past) and workforce history.

    Every current tenant is listed; of the history, the latest RECENT_REPORTS reports and
    RECENT_PAST_TENANCIES past tenancies unless full_history (rendering every report of a
    long-running park cost most of its page). `history_truncated` says whether

    more exist (`more_past_tenancies` of the tenants); one more row of each is fetched to know.
    """
    on = today()
    tenancies = facility.tenancies.select_related("company").order_by(
        "-started_on", "company__name"
    )
    current = list(tenancies.current_on(on))
    past = tenancies.exclude(pk__in=[t.pk for t in current])
    reports = facility.reports.filter(period__lte=on).order_by("-period")
    if not full_history:
        past, reports = past[: RECENT_PAST_TENANCIES + 1], reports[: RECENT_REPORTS + 1]
    past, reports = list(past), list(reports)
    more_past = not full_history and len(past) > RECENT_PAST_TENANCIES
    more_reports = not full_history and len(reports) > RECENT_REPORTS
    if not full_history:
        past, reports = past[:RECENT_PAST_TENANCIES], reports[:RECENT_REPORTS]
    reports.reverse()
    current_rows, past_rows = lists.tenant_rows(current), lists.tenant_rows(past)
    return {
        "today": on,
        "current_tenancies": current,
        "past_tenancies": past,
        "current_tenant_rows": current_rows,
        "past_tenant_rows": past_rows,
        "current_tenant_fold": fold_rows(current_rows),
        "past_tenant_fold": fold_rows(past_rows),
        "reports": reports,
        "full_history": full_history,
        "more_past_tenancies": more_past,
        "history_truncated": more_past or more_reports,
        "recent_reports": RECENT_REPORTS,
        "recent_past_tenancies": RECENT_PAST_TENANCIES,
        "overdue": Facility.objects.filter(pk=facility.pk).overdue(on).exists(),
        "chart": workforce_chart(
            _("Workers and women at %(name)s, by month") % {"name": local_name(facility)}, reports
        ),
    }


def wants_full_history(request):
    return request.GET.get("all") == "1"


class ParkListView(FacilityListView):
    filterset_class = ParkFilterSet
    template_name = "registry/park_list.html"
    export_url_name = "park-export"
    geojson_url_name = "park-export-geojson"
    table = PARKS


class ParkDetailView(DetailView):
    template_name = "registry/park_detail.html"
    context_object_name = "park"

    def get_queryset(self):
        return (
            Park.objects.select_related("city__province", "operator")
            .with_latest_report()
            .with_current_tenants()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | facility_context(
            self.object, wants_full_history(self.request)
        )


class CompanyListView(PublicListView):
    filterset_class = CompanyFilterSet
    template_name = "registry/company_list.html"
    export_url_name = "company-export"
    table = COMPANIES


class CompanyDetailView(DetailView):
    template_name = "registry/company_detail.html"
    context_object_name = "company"
    queryset = Company.objects.prefetch_related("sectors")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A company merged into another: its address leads to that one's page for good.
            redirect = (
                CompanyRedirect.objects.filter(old_slug=kwargs["slug"])
                .select_related("company")
                .first()
            )
            if redirect is None:
                raise
            url = reverse("company-detail", kwargs={"slug": redirect.company.slug})
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    def get_context_data(self, **kwargs):
        on = today()
        tenancies = self.object.tenancies.select_related(
            "facility__city__province", "facility__operator"
        ).order_by("-started_on", "facility__name")
        current = list(tenancies.current_on(on))
        past = list(tenancies.exclude(pk__in=[t.pk for t in current]))
        return super().get_context_data(**kwargs) | {
            "today": on,
            "current_tenancies": current,
            "past_tenancies": past,
        }


class CityListView(PublicListView):
    filterset_class = CityFilterSet
    template_name = "registry/city_list.html"
    export_url_name = "city-export"
    geojson_url_name = "city-export-geojson"
    table = CITIES


class CityDetailView(DetailView):
    template_name = "registry/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return City.objects.select_related("province").with_figures()

    def get_context_data(self, **kwargs):
        facilities = (
            Facility.objects.filter(city=self.object)
            .select_related("operator")
            .with_latest_report()
            .order_by("kind", "name", "slug")
        )
        parks = [f for f in facilities if f.kind == FacilityKind.PARK]
        centres = [f for f in facilities if f.kind == FacilityKind.CENTRE]
        return super().get_context_data(**kwargs) | {
            "today": today(),
            "parks": parks,
            "centres": centres,
            "park_table": FACILITIES.render(parks),
            "centre_table": FACILITIES.render(centres),
        }


park_export = export_view(ParkFilterSet, PARKS, "parks")
company_export = export_view(CompanyFilterSet, COMPANIES, "companies")
city_export = export_view(CityFilterSet, CITIES, "cities")
park_export_xlsx = export_view(ParkFilterSet, PARKS, "parks", list_xlsx_response)
company_export_xlsx = export_view(CompanyFilterSet, COMPANIES, "companies", list_xlsx_response)
city_export_xlsx = export_view(CityFilterSet, CITIES, "cities", list_xlsx_response)
park_geojson = export_view(ParkFilterSet, PARKS, "parks", list_geojson_response)
city_geojson = export_view(CityFilterSet, CITIES, "cities", list_geojson_response)


def healthz(request):
    """Answer 200 "ok" when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
