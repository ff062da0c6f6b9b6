"""The lists' query parameters in the schema, read from their FilterSets (django-filter)."""

import django_filters
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework.exceptions import ValidationError

from registry.models import Province, Sector
from registry.models.companies import SECTOR_NAMES
from registry.models.fixed_lists import PROVINCES
from registry.public.filtering import YEAR_RANGE, MonthFilter, SortFilter, YearFilter

MONTH = {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$"}
# Records of the fixed lists (SPEC §2.1, §2.3): their codes are the same in every registry.
FIXED_CHOICES = {
    Province: [code for code, *_ in PROVINCES],
    Sector: list(SECTOR_NAMES),
}


class SchemaFilterBackend(DjangoFilterBackend):
    """Describes a list's FilterSet to the schema; the list filters with the FilterSet itself."""

    def filter_queryset(self, request, queryset, view):
        return queryset


BOOLEANS = ("true", "false", "1", "0")


def check_lenient(filterset_class, params):
    """Refuse what the HTML list reads leniently: an unknown sort key (the page falls back to
    its default order) or a yes/no filter that is neither (the page reads it as "any")."""
    errors = {}
    for name, item in filterset_class.base_filters.items():
        value = params.get(name)
        if not value:
            continue
        if isinstance(item, SortFilter) and value not in item.orders:
            errors[name] = [f"Sort by one of: {', '.join(item.orders)}."]
        elif isinstance(item, django_filters.BooleanFilter) and value not in BOOLEANS:
            errors[name] = ["Write true or false."]
    if errors:
        raise ValidationError(errors)


class FilterSetExtension(DjangoFilterExtension):
    """drf-spectacular's reading of a FilterSet, knowing the lists' own filters.

    A filter that names no model field (the sort, a month, the tenancy filters of companies)
    takes text; a month is YYYY-MM, a fiscal year a whole number within YEAR_RANGE; provinces
    and sectors are their fixed codes.
    """

    target_class = SchemaFilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            if isinstance(filter_field, YearFilter):
                schema.update(minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1])
            queryset = filter_field.extra.get("queryset")
            if queryset is not None and queryset.model in FIXED_CHOICES:
                schema["enum"] = FIXED_CHOICES[queryset.model]
            if isinstance(filter_field, SortFilter):
                parameter["description"] += "\n\nAn unknown key answers 400."
        return parameters

    def _get_model_field(self, filter_field, model):
        if isinstance(filter_field, YearFilter):
            return models.IntegerField()
        return super()._get_model_field(filter_field, model)

    def _get_schema_from_model_field(self, auto_schema, filter_field, model):
        if isinstance(filter_field, MonthFilter):
            return dict(MONTH)
        try:
            return super()._get_schema_from_model_field(auto_schema, filter_field, model)
        except Exception:
            return build_basic_type(OpenApiTypes.STR)
