"""The lists' query parameters in the schema, read from their FilterSets (django-filter)."""

from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

from registry.public.filtering import MonthFilter, YearFilter

MONTH = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}$"}


class SchemaFilterBackend(DjangoFilterBackend):
    """Describes a list's FilterSet to the schema; the list filters with the FilterSet itself."""

    def filter_queryset(self, request, queryset, view):
        return queryset


class FilterSetExtension(DjangoFilterExtension):
    """drf-spectacular's reading of a FilterSet, knowing the lists' own filters.

    A filter that names no model field (the sort, a month, the tenancy filters of companies)
    takes text; a month is YYYY-MM, a fiscal year a whole number.
    """

    target_class = SchemaFilterBackend
    priority = 1

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
