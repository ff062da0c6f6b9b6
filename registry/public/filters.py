"""FilterSets of the public lists (SPEC §4): one per list, used by its page and by its CSV export.

Each FilterSet's `qs` is the whole answer: filtered, annotated with the figures the page and the
CSV show (latest report, current tenants, city figures) and ordered by `sort` with the slug as a
tiebreak, so that the page and the CSV list the same rows in the same order. Which columns they
show is each list's declaration (registry.public.lists); the building blocks are in
registry.public.filtering.
"""

import django_filters
from django.db.models import F, FloatField, Prefetch, Q
from django.db.models.functions import Cast, NullIf
from django.utils.translation import gettext_lazy, pgettext_lazy

from registry.models import (
    City,
    Company,
    Facility,
    Operator,
    Park,
    ParkStatus,
    Province,
    Sector,
    Tenancy,
    normalise_company_name,
)
from registry.models.calendar import today
from registry.public.filtering import (
    AnyYesNoWidget,
    DateOnOrBeforeTodayFilter,
    FacilityChoiceFilter,
    ListFilterSet,
    LocalNameChoiceFilter,
    MonthFilter,
    SortFilter,
    ascending,
    date_widget,
    descending,
    search_filter,
    status_filter,
)
from registry.public.widgets import MonthInput


def share_expression():
    """Return women / workers of the latest report as a number SQL can sort on (null if none)."""
    return Cast(F("latest_women"), FloatField()) / NullIf(
        Cast(F("latest_workers"), FloatField()), 0
    )


class FacilityFilterSet(ListFilterSet):
    """Filters parks and centres share; figures stand on `operational_on` when it is given."""

    search_fields = ("name", "name_ur", "slug", "address", "city__name", "city__name_ur")
    field_order = (
        "q",
        "province",
        "city",
        "status",
        "operator",
        "operational_on",
        "missing_report",
    )

    q = search_filter(gettext_lazy("Name, city or address; every word must match."))
    province = LocalNameChoiceFilter(
        field_name="city__province",
        queryset=Province.objects.all(),
        empty_label=gettext_lazy("All provinces"),
        label=gettext_lazy("Province"),
    )
    city = LocalNameChoiceFilter(
        field_name="city",
        to_field_name="slug",
        queryset=City.objects.all(),
        empty_label=gettext_lazy("All cities"),
        label=gettext_lazy("City"),
    )
    operator = django_filters.ModelChoiceFilter(
        field_name="operator",
        to_field_name="slug",
        queryset=Operator.objects.all(),
        empty_label=gettext_lazy("All operators"),
        label=gettext_lazy("Operator"),
    )
    operational_on = DateOnOrBeforeTodayFilter(
        method="filter_operational_on",
        label=gettext_lazy("Operational on"),
        widget=date_widget(),
        help_text=gettext_lazy("Open on this date; workers are then counted as of it."),
    )

    missing_report = MonthFilter(
        method="filter_missing_report",
        label=gettext_lazy("Return missing for"),
        widget=MonthInput(),
        help_text=gettext_lazy(
            "A month, YYYY-MM: the facilities expected to report it whose report is not in."
        ),
    )

    @property
    def as_of(self):
        """Return the date of the figures: the `operational_on` date when valid, else today."""
        day = self.form.cleaned_data.get("operational_on") if self.form.is_valid() else None
        return day or today()

    def filter_operational_on(self, queryset, name, value):
        return queryset.operational_on(value)

    def filter_missing_report(self, queryset, name, value):
        return queryset.missing_report(value)

    def annotate(self, queryset):
        return queryset.with_latest_report(self.as_of)


NAME_ORDERS = {
    "name": (gettext_lazy("Name, A–Z"), [F("name").asc()]),
    "-name": (gettext_lazy("Name, Z–A"), [F("name").desc()]),
}


def facility_orders(opened_key, oldest_first, newest_first):
    """Return the sort choices parks and centres share; they name their first day differently."""
    return NAME_ORDERS | {
        "city": (gettext_lazy("City, A–Z"), [F("city__name").asc(), F("name").asc()]),
        opened_key: (oldest_first, [ascending("opened_on")]),
        f"-{opened_key}": (newest_first, [descending("opened_on")]),
        "-workers": (gettext_lazy("Most workers"), [descending("latest_workers"), F("name").asc()]),
        "workers": (gettext_lazy("Fewest workers"), [ascending("latest_workers"), F("name").asc()]),
        "-women_share": (
            gettext_lazy("Highest women's share"),
            [share_expression().desc(nulls_last=True)],
        ),
        "women_share": (
            gettext_lazy("Lowest women's share"),
            [share_expression().asc(nulls_last=True)],
        ),
        "-last_report": (
            gettext_lazy("Latest report, newest first"),
            [descending("latest_period")],
        ),
        "last_report": (gettext_lazy("Latest report, oldest first"), [ascending("latest_period")]),
    }


PARK_ORDERS = facility_orders(
    "opened_on", gettext_lazy("Opened, oldest first"), gettext_lazy("Opened, newest first")
) | {
    "-tenants": (gettext_lazy("Most tenants"), [F("current_tenants").desc(), F("name").asc()]),
}


class ParkFilterSet(FacilityFilterSet):
    status = status_filter(ParkStatus.choices)
    sort = SortFilter(orders=PARK_ORDERS)

    def base_queryset(self):
        return Park.objects.select_related("city__province", "operator")

    def annotate(self, queryset):
        return super().annotate(queryset).with_current_tenants(self.as_of)


class CompanyFilterSet(ListFilterSet):
    """Companies, by sector and by where they rent space (past or, with `current`, now)."""

    search_fields = ("name", "slug", "secp_registration_no")

    q = search_filter(gettext_lazy("Name or SECP registration number; every word must match."))
    sector = LocalNameChoiceFilter(
        field_name="sectors",
        queryset=Sector.objects.all(),
        empty_label=gettext_lazy("All sectors"),
        label=gettext_lazy("Sector"),
    )
    # A select of names; its values are slugs, so ?facility=<slug> addresses keep working.
    facility = FacilityChoiceFilter(
        method="by_tenancy",
        to_field_name="slug",
        queryset=Facility.objects.only("kind", "slug", "name", "name_ur"),
        empty_label=gettext_lazy("All parks and centres"),
        label=gettext_lazy("Facility"),
    )
    province = LocalNameChoiceFilter(
        method="by_tenancy",
        queryset=Province.objects.all(),
        empty_label=gettext_lazy("All provinces"),
        label=gettext_lazy("Province"),
    )
    city = LocalNameChoiceFilter(
        method="by_tenancy",
        to_field_name="slug",
        queryset=City.objects.all(),
        empty_label=gettext_lazy("All cities"),
        label=gettext_lazy("City"),
    )
    operator = django_filters.ModelChoiceFilter(
        method="by_tenancy",
        to_field_name="slug",
        queryset=Operator.objects.all(),
        empty_label=gettext_lazy("All operators"),
        label=gettext_lazy("Facility operator"),
    )
    current = django_filters.BooleanFilter(
        method="by_tenancy",
        widget=AnyYesNoWidget(),
        label=gettext_lazy("Current tenant"),
        help_text=gettext_lazy("Yes: renting space today (at the facility or place chosen)."),
    )
    sort = SortFilter(
        orders=NAME_ORDERS
        | {
            "founded_year": (gettext_lazy("Founded, oldest first"), [ascending("founded_year")]),
            "-founded_year": (gettext_lazy("Founded, newest first"), [descending("founded_year")]),
        }
    )

    def base_queryset(self):
        return Company.objects.all()

    def search(self, queryset, name, value):
        """Return companies whose name, slug or SECP number contains every word.

        The name is matched on name_key, stored NFKC-casefolded, so no column is case-folded
        per row (three UPPER() scans cost 140 ms of 180 ms at 30,000 companies); slugs are lower
        case and SECP numbers digits only, so a word that cannot occur there is not looked for.
        """
        for word in value.split():
            match = Q(name_key__contains=normalise_company_name(word))
            match |= Q(slug__contains=word.lower())
            if word.isdigit():
                match |= Q(secp_registration_no__contains=word)
            queryset = queryset.filter(match)
        return queryset

    def for_export(self, queryset):
        # Joined in SQL, read as plain rows: a national CSV of 30,000 companies would spend
        # seconds building objects.
        return queryset.with_sector_codes().with_current_facility_slugs(self.as_of)

    def for_page(self, queryset):
        current = Tenancy.objects.current_on(self.as_of).select_related("facility")
        return queryset.prefetch_related(
            "sectors",
            Prefetch(
                "tenancies",
                queryset=current.order_by("facility__name", "facility__slug"),
                to_attr="current_tenancies",
            ),
        )

    def by_tenancy(self, queryset, name, value):
        # Applied together in filter_queryset, so that one tenancy meets every condition.
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return (
            super()
            .filter_queryset(queryset)
            .renting(
                on=self.as_of,
                facility=data.get("facility"),
                province=data.get("province"),
                city=data.get("city"),
                operator=data.get("operator"),
                current=data.get("current"),
            )
        )


class CityFilterSet(ListFilterSet):
    """Cities with the figures of their facilities operational today."""

    search_fields = ("name", "name_ur", "slug")

    q = search_filter(gettext_lazy("City name in English or Urdu."))
    province = LocalNameChoiceFilter(
        field_name="province",
        queryset=Province.objects.all(),
        empty_label=gettext_lazy("All provinces"),
        label=gettext_lazy("Province"),
    )
    sort = SortFilter(
        orders=NAME_ORDERS
        | {
            "province": (
                pgettext_lazy("sort", "Province"),
                [F("province__name").asc(), F("name").asc()],
            ),
            "-parks": (gettext_lazy("Most parks"), [F("parks").desc(), F("name").asc()]),
            "-centres": (gettext_lazy("Most centres"), [F("centres").desc(), F("name").asc()]),
            "-tenants": (
                gettext_lazy("Most current tenants"),
                [F("current_tenants").desc(), F("name").asc()],
            ),
            "-workers": (gettext_lazy("Most workers"), [F("workers").desc(), F("name").asc()]),
        }
    )

    def base_queryset(self):
        return City.objects.select_related("province")

    def annotate(self, queryset):
        return queryset.with_figures(self.as_of)
