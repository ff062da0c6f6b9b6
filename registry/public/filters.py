"""FilterSets of the public lists (SPEC §4): one per list, used by its page and by its CSV export.

Each FilterSet's `qs` is the whole answer: filtered, annotated with the figures the page and the
CSV show (latest report, current tenants, city figures) and ordered by `sort` with the slug as a
tiebreak, so that the page and the CSV list the same rows in the same order.
"""

import copy
from collections import Counter

import django_filters
from django import forms
from django.db.models import Aggregate, CharField, F, FloatField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Cast, NullIf
from django.forms.models import ModelChoiceIteratorValue
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from registry.models import (
    City,
    Company,
    Facility,
    FacilityKind,
    Operator,
    Park,
    ParkStatus,
    Province,
    Sector,
    Tenancy,
    TenancyCity,
    TenantSpell,
    normalise_company_name,
)
from registry.models.calendar import today
from registry.public.exports import CITY_EXPORT_FIELDS, COMPANY_EXPORT_FIELDS, PARK_EXPORT_FIELDS
from registry.public.names import FSI, PDI, local_name
from registry.public.widgets import IsoDateInput, NumberInput, PlainSelect

# Years a fiscal-year filter accepts; outside them no record can match and dates would overflow.
YEAR_RANGE = (2000, 2100)
SEARCH_MAX_LENGTH = 200


class SortField(forms.ChoiceField):
    """A choice of order that falls back to the default order, without an error, when unknown."""

    def clean(self, value):
        value = self.to_python(value)
        return value if self.valid_value(value) else ""


class SortFilter(django_filters.Filter):
    """Order rows by a whitelisted key (default: the first), then by slug so the order is stable."""

    field_class = SortField

    def __init__(self, *, orders, **kwargs):
        self.orders = orders
        kwargs.setdefault("label", gettext_lazy("Sort by"))
        kwargs.setdefault("required", False)
        super().__init__(choices=[(key, label) for key, (label, _) in orders.items()], **kwargs)

    def filter(self, qs, value):
        key = value if value in self.orders else next(iter(self.orders))
        return qs.order_by(*self.orders[key][1], "slug")

    def __deepcopy__(self, memo):
        # Every FilterSet deep-copies its filters, once a request. The orders are constants
        # (labels and SQL expressions) nobody changes; copying them was three quarters of the
        # copy of a list's filters (~5,000 calls). The copy shares them and copies the rest.
        memo[id(self.orders)] = self.orders
        clone = type(self).__new__(type(self))
        memo[id(self)] = clone
        clone.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return clone


class YearFilter(django_filters.NumberFilter):
    """A fiscal year: a whole number within YEAR_RANGE."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput())
        super().__init__(min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1], **kwargs)


class PastDateField(forms.DateField):
    """An ISO date no later than today (figures cannot be known for the future)."""

    def validate(self, value):
        super().validate(value)
        on = today()
        if value and value > on:
            raise forms.ValidationError(
                _("Choose a date no later than today (%(today)s).") % {"today": date_format(on)},
                code="future",
            )


class DateOnOrBeforeTodayFilter(django_filters.DateFilter):
    field_class = PastDateField


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """Yes / No / Any select that also reads 1 and 0 from links."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("", pgettext_lazy("filter", "Any")),
            ("true", gettext_lazy("Yes")),
            ("false", gettext_lazy("No")),
        ]


class Joined(Aggregate):
    """The values joined with ';': sorted on PostgreSQL, in no particular order on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ';')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # By code point, as Python sorts strings (the C collation's byte order), whatever the
        # database's collation: COPY then writes the cell as the csv module would.
        value, params = compiler.compile(self.get_source_expressions()[0])
        return f"STRING_AGG({value}, ';' ORDER BY {value} COLLATE \"C\")", (*params, *params)


def joined_per_company(queryset, field):
    """Return a subquery of the field's values in the queryset's rows of each company, joined."""
    rows = queryset.filter(company=OuterRef("pk")).order_by().values("company")
    return Subquery(rows.annotate(joined=Joined(field)).values("joined"))


def ascending(field):
    return F(field).asc(nulls_last=True)


def descending(field):
    return F(field).desc(nulls_last=True)


def share_expression():
    """Return women / workers of the latest report as a number SQL can sort on (null if none)."""
    return Cast(F("latest_women"), FloatField()) / NullIf(
        Cast(F("latest_workers"), FloatField()), 0
    )


def date_widget():
    return IsoDateInput()


def search_filter(help_text):
    return django_filters.CharFilter(
        method="search",
        label=gettext_lazy("Search"),
        max_length=SEARCH_MAX_LENGTH,
        help_text=help_text,
        error_messages={
            "max_length": gettext_lazy("Search with at most %(limit_value)d characters.")
        },
    )


class LocalNameChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of records named in the page's language (Urdu names on Urdu pages)."""

    def label_from_instance(self, obj):
        return local_name(obj)


class LocalNameChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LocalNameChoiceField


class ListedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """A select's choices from one plain query.

    Django iterates a ModelChoiceField's queryset with iterator(), a server-side cursor on
    PostgreSQL: DECLARE, FETCH and CLOSE, three round trips for a list of 7 provinces or
    44 cities, four selects on every list page. The choices are few; one query reads them.
    """

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class FacilityChoiceIterator(ListedChoiceIterator):
    """Facilities as two `<optgroup>`s, parks then centres, named in the page's language.

    One query reads them all; each group is sorted by the name shown. Two facilities of a kind
    with the same name are told apart by their slugs, the values the select sends.
    """

    groups = (
        (FacilityKind.PARK, gettext_lazy("Software Technology Parks")),
        (FacilityKind.CENTRE, gettext_lazy("e-Rozgaar centres")),
    )

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        language = get_language()
        named = {kind: [] for kind, _ in self.groups}
        for facility in self.queryset.all():
            named.setdefault(facility.kind, []).append(
                (local_name(facility, language=language), facility)
            )
        for kind, group_label in self.groups:
            rows = sorted(
                named[kind], key=lambda row: (row[0].strip(FSI + PDI).casefold(), row[1].slug)
            )
            repeated = Counter(name for name, _ in rows)
            options = [
                (
                    ModelChoiceIteratorValue(field.prepare_value(facility), facility),
                    name if repeated[name] == 1 else f"{name} ({FSI}{facility.slug}{PDI})",
                )
                for name, facility in rows
            ]
            if options:
                yield (str(group_label), options)


class FacilityChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of park or centre by name, grouped by kind (FacilityChoiceIterator)."""

    @property
    def choices(self):
        # Whatever iterator ListForm hands model choice fields, these keep their groups.
        return FacilityChoiceIterator(self)


class FacilityChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = FacilityChoiceField


class ListForm(forms.Form):
    """A list's filter form: selects by PlainSelect, model choices by ListedChoiceIterator."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = PlainSelect(field.widget.attrs, field.widget.choices)
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoiceIterator
                field.widget.choices = field.choices


class ListFilterSet(django_filters.FilterSet):
    """A public list's filters: always bound (no parameters means no filter), with a base query."""

    search_fields = ()
    # The order of the form's fields; unnamed ones follow.
    field_order = ("q",)

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(
            data if data is not None else {},
            queryset if queryset is not None else self.base_queryset(),
            **kwargs,
        )

    def base_queryset(self):
        raise NotImplementedError

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (ListForm, form_class), {"field_order": self.field_order})

    @property
    def as_of(self):
        """Return the date the list's figures stand on: today."""
        return today()

    def annotate(self, queryset):
        """Return the queryset with what the page and CSV show besides the model's fields."""
        return queryset

    def for_page(self, queryset):
        """Return the rows with what only the page shows (computed for its 50 rows alone)."""
        return queryset

    def for_export(self, queryset):
        """Return the rows with what only the CSV shows."""
        return queryset

    def filter_queryset(self, queryset):
        return super().filter_queryset(self.annotate(queryset))

    def search(self, queryset, name, value):
        """Return rows where any of the search fields contains the words, each word somewhere."""
        for word in value.split():
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset


class FacilityFilterSet(ListFilterSet):
    """Filters parks and centres share; figures stand on `operational_on` when it is given."""

    search_fields = ("name", "name_ur", "slug", "address", "city__name", "city__name_ur")
    field_order = ("q", "province", "city", "status", "operator", "operational_on")

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

    @property
    def as_of(self):
        """Return the date of the figures: the `operational_on` date when valid, else today."""
        day = self.form.cleaned_data.get("operational_on") if self.form.is_valid() else None
        return day or today()

    def filter_operational_on(self, queryset, name, value):
        return queryset.operational_on(value)

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


def status_filter(choices):
    return django_filters.ChoiceFilter(
        choices=choices, empty_label=gettext_lazy("Any status"), label=gettext_lazy("Status")
    )


class ParkFilterSet(FacilityFilterSet):
    status = status_filter(ParkStatus.choices)
    sort = SortFilter(orders=PARK_ORDERS)

    def base_queryset(self):
        return Park.objects.select_related("city__province", "operator")

    def annotate(self, queryset):
        return super().annotate(queryset).with_current_tenants(self.as_of)

    def for_export(self, queryset):
        # Plain rows: the CSV reads fields (and on PostgreSQL, COPY writes them).
        return queryset.values(*PARK_EXPORT_FIELDS)


class CompanyFilterSet(ListFilterSet):
    """Companies, by sector and by where they rent space (past or, with `current`, now)."""

    search_fields = ("name", "slug", "secp_registration_no")
    # One tenancy must match every one of these together (e.g. current AND at that facility).
    tenancy_filters = ("facility", "province", "city", "operator", "current")

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
        return queryset.annotate(
            sector_codes=joined_per_company(Company.sectors.through.objects.all(), "sector_id"),
            current_facility_slugs=joined_per_company(
                Tenancy.objects.current_on(self.as_of), "facility__slug"
            ),
        ).values(*COMPANY_EXPORT_FIELDS)

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
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        # Asked only for a city or province, TenancyCity finds the tenancies by an index on
        # (city, company, dates), without joining every facility: 44-52 ms -> 13 ms to count
        # Punjab's tenants at ten times national scale.
        by_city = data.get("facility") is None and data.get("operator") is None
        tenancies = TenancyCity.objects.all() if by_city else Tenancy.objects.all()
        place = "" if by_city else "facility__"
        scoped = False
        for name, lookup in (
            ("facility", "facility"),
            ("province", f"{place}city__province"),
            ("city", f"{place}city"),
            ("operator", "facility__operator"),
        ):
            if data.get(name) is not None:
                tenancies = tenancies.filter(**{lookup: data[name]})
                scoped = True
        current = data.get("current")
        if not scoped:
            # Any tenancy will do: a company's merged spells say whether it rents now, one row
            # per company rather than one per tenancy (at ten times national scale the 400th
            # page of current tenants took 54 ms through TenancyCity, 42 ms this way).
            tenancies = TenantSpell.objects.all()
        if scoped or current:
            wanted = tenancies.current_on(self.as_of) if current else tenancies
            queryset = queryset.filter(pk__in=wanted.values("company"))
        if current is False:
            queryset = queryset.exclude(pk__in=tenancies.current_on(self.as_of).values("company"))
        return queryset


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

    def for_export(self, queryset):
        # Plain rows: the CSV reads fields (and on PostgreSQL, COPY writes them).
        return queryset.values(*CITY_EXPORT_FIELDS)
