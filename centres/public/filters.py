"""The centres list's FilterSet (SPEC §4), used by its page and by its CSV export."""

import django_filters
from django.utils.translation import gettext_lazy

from centres.models import Centre, HostType, Programme
from registry.models import CentreStatus
from registry.models.calendar import fiscal_year_end, fiscal_year_start
from registry.public.filtering import (
    LocalNameChoiceFilter,
    SortFilter,
    YearFilter,
    search_filter,
    status_filter,
)
from registry.public.filters import FacilityFilterSet, facility_orders


class CentreFilterSet(FacilityFilterSet):
    """e-Rozgaar centres; `launched_on` is the facility's opening date (opened_on)."""

    search_fields = (*FacilityFilterSet.search_fields, "host_institution")
    field_order = (
        "q",
        "programme",
        "province",
        "city",
        "status",
        "host_type",
        "operator",
        "planned_fy",
        "launch_fy",
        "operational_on",
    )

    q = search_filter(
        gettext_lazy("Name, host institution, city or address; every word must match.")
    )
    status = status_filter(CentreStatus.choices)
    programme = LocalNameChoiceFilter(
        to_field_name="slug",
        queryset=Programme.objects.all(),
        empty_label=gettext_lazy("All programmes"),
        label=gettext_lazy("Programme"),
    )
    host_type = django_filters.ChoiceFilter(
        choices=HostType.choices,
        empty_label=gettext_lazy("Any host type"),
        label=gettext_lazy("Host type"),
    )
    planned_fy = YearFilter(
        label=gettext_lazy("Planned fiscal year"),
        help_text=gettext_lazy("e.g. 2025 for FY2025 (2024-25)."),
    )
    launch_fy = YearFilter(
        method="filter_launch_fy",
        label=gettext_lazy("Launched in fiscal year"),
        help_text=gettext_lazy("1 July of the year before to 30 June."),
    )
    sort = SortFilter(
        orders=facility_orders(
            "launched_on",
            gettext_lazy("Launched, oldest first"),
            gettext_lazy("Launched, newest first"),
        )
    )

    def base_queryset(self):
        return Centre.objects.select_related("city__province", "programme")

    def filter_launch_fy(self, queryset, name, value):
        return queryset.filter(opened_on__range=(fiscal_year_start(value), fiscal_year_end(value)))
