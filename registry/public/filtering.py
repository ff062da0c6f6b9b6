"""The building blocks of the public lists' FilterSets (SPEC §4): fields, filters, a base class.

A list's filters are always bound (no parameters means no filter), invalid values are shown by
their field and never raise, sorting falls back to the default order, and the choices of a
select are read by one plain query and named in the page's language.
"""

import copy
import datetime
from collections import Counter

import django_filters
from django import forms
from django.db.models import F, Q
from django.forms.models import ModelChoiceIteratorValue
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from registry.models import FacilityKind
from registry.models.calendar import today
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


class MonthField(forms.CharField):
    """A month written YYYY-MM within YEAR_RANGE, cleaned to its first day."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            month = datetime.date.fromisoformat(f"{value}-01") if len(value) == 7 else None
        except ValueError:
            month = None
        if month is None or not YEAR_RANGE[0] <= month.year <= YEAR_RANGE[1]:
            raise forms.ValidationError(
                _("Write the month as YYYY-MM, for example 2026-10."), code="invalid"
            )
        return month


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """Yes / No / Any select that also reads 1 and 0 from links."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("", pgettext_lazy("filter", "Any")),
            ("true", gettext_lazy("Yes")),
            ("false", gettext_lazy("No")),
        ]


def ascending(field):
    return F(field).asc(nulls_last=True)


def descending(field):
    return F(field).desc(nulls_last=True)


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
        """Return the rows with what only the downloads read (the list's table picks fields)."""
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


def status_filter(choices):
    return django_filters.ChoiceFilter(
        choices=choices, empty_label=gettext_lazy("Any status"), label=gettext_lazy("Status")
    )
