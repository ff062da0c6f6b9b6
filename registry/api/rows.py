"""The API's rows: a list's downloaded values (its declaration), null for an empty cell."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from registry.api.errors import invalid_parameters
from registry.api.filters import SchemaFilterBackend, check_lenient
from registry.api.schema import row_serializer


def plain(value):
    """Return a value as JSON writes it: an empty text is null, as an empty CSV cell."""
    return None if value == "" else value


def json_rows(rows, columns):
    """Return the rows as dicts of the (name, value) columns, in order."""
    return [{name: plain(value(row)) for name, value in columns} for row in rows]


def schema_rows(name, filterset_class, table, **extra):
    """Return the serializer of a list's row, its types read from the list's export query."""
    filterset = filterset_class()
    return row_serializer(name, table, table.values(filterset.for_export(filterset.qs)), **extra)


def column_pairs(table):
    """Return the (name, value) pairs of the table's downloaded columns."""
    return [(column.name, column.value) for column in table.exported]


class ListEndpoint(generics.ListAPIView):
    """A public list: the HTML list's FilterSet and sort, the CSV's rows and values, paged."""

    filterset_class = None
    table = None
    # The name of a row's type in the schema.
    row_name = None
    # Only for the schema's query parameters: list() filters with the FilterSet itself.
    filter_backends = [SchemaFilterBackend]

    def get_serializer_class(self):
        return schema_rows(self.row_name, self.filterset_class, self.table)

    def get_queryset(self):
        return self.filterset_class().base_queryset().none()

    def list(self, request, *args, **kwargs):
        check_lenient(self.filterset_class, request.query_params)
        filterset = self.filterset_class(request.query_params)
        if not filterset.is_valid():
            raise invalid_parameters(filterset.errors)
        ids = filterset.qs
        rows = self.table.values(filterset.for_export(ids))
        page = self.paginator.paginate_rows(rows, request, ids=ids)
        return self.paginator.get_paginated_response(json_rows(page, column_pairs(self.table)))


class DetailEndpoint(generics.RetrieveAPIView):
    """One record by slug: its row of the list (as of today) and what its page lists besides."""

    filterset_class = None
    table = None
    lookup_field = "slug"

    def get_queryset(self):
        return self.filterset_class().base_queryset()

    def retrieve(self, request, *args, **kwargs):
        filterset = self.filterset_class()
        ids = filterset.qs.filter(slug=kwargs["slug"])
        rows = list(self.table.values(filterset.for_export(ids))[:1])
        if not rows:
            raise NotFound("No record has this slug.")
        row = json_rows(rows, column_pairs(self.table))[0]
        return Response(row | self.related(kwargs["slug"], filterset.as_of))

    def related(self, slug, on):
        """Return what the record's page lists beside its row (reports, tenancies, ...)."""
        return {}


def documented(summary, name, kind):
    """Describe a list ("listed") or detail endpoint of /<name>/ in the schema."""
    if kind == "listed":
        description = (
            f"The rows of /{name}/export.csv, with the filters and sort of the /{name}/ page; "
            "null for an empty cell and no formula guard. Paged by `limit` and `offset`."
        )
    else:
        description = f"One row of /api/v1/{name}/ by its slug, with what its page lists."
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            description=description,
            tags=[name],
            operation_id=f"{name}_{'list' if kind == 'listed' else 'retrieve'}",
        )
    )
