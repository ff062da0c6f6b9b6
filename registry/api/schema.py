"""The OpenAPI types of a list's columns, read from its declaration (registry.public.tables).

No column is declared again: a column's value names its SQL kind or the field it reads, and
the field's type is the model's or the annotation's that the list's query computes. Every
column may be null (an empty CSV cell).
"""

from decimal import Decimal

from django.db import models
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

KINDS = {int: models.IntegerField(), str: models.CharField(), Decimal: models.DecimalField()}


def model_field(queryset, key):
    """Return the model or annotation field a `.values()` key of the queryset reads."""
    annotation = queryset.query.annotations.get(key)
    if annotation is not None:
        return annotation.output_field
    model, *path = queryset.model, *key.split("__")
    for part in path[:-1]:
        model = model._meta.get_field(part).related_model
    field = model._meta.get_field(path[-1])
    return field.target_field if field.is_relation else field


def serializer_field(field):
    """Return the serializer field (nullable, read only) whose schema fits a model field."""
    if isinstance(field, models.BooleanField):
        return serializers.BooleanField(allow_null=True)
    if isinstance(field, models.IntegerField | models.AutoField):
        return serializers.IntegerField(allow_null=True)
    if isinstance(field, models.DecimalField | models.FloatField):
        return serializers.FloatField(allow_null=True)
    if isinstance(field, models.DateTimeField):
        return serializers.DateTimeField(allow_null=True)
    if isinstance(field, models.DateField):
        return serializers.DateField(allow_null=True)
    return serializers.CharField(allow_null=True)


def column_fields(table, queryset):
    """Return the serializer fields of the table's downloaded columns, by column name."""
    fields = {}
    for column in table.exported:
        _, keys, kind = column.value.sql
        field = KINDS[kind] if kind is not None else model_field(queryset, keys[0])
        fields[column.name] = serializer_field(field)
    return fields


def row_serializer(name, table, queryset, **extra):
    """Return the serializer class of one row of the list, `extra` fields after its columns."""
    return type(inline_serializer(name, fields=column_fields(table, queryset) | extra))


def nested(name, many=True, **fields):
    """Return a nested object (or list of objects) of the given fields."""
    return inline_serializer(name, fields=fields, many=many)


ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "On a 400: the messages of each invalid parameter, by its name.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}


def error_responses(result, generator, request, public):
    """Add the JSON errors every operation may answer (a postprocessing hook of the schema)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR

    def error(description):
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        return {"description": description, "content": content}

    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            parameters = operation.get("parameters", [])
            responses = operation.setdefault("responses", {})
            for parameter in parameters:
                # An empty parameter is no filter, as an HTML form sends an unset field.
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
            if any(p["in"] == "query" for p in parameters):
                responses["400"] = error("A parameter is invalid; `errors` names it.")
            if any(p["in"] == "path" for p in parameters):
                responses["404"] = error("No record has this slug.")
            responses["429"] = error("Too many requests from this address; see Retry-After.")
    return result
