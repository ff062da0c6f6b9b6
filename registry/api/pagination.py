"""Limit/offset paging of the API's lists: 50 rows by default, at most MAX_LIMIT a page."""

from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def _count(value, name, minimum):
    """Return the parameter as a whole number of at least `minimum`, else a 400 naming it."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < minimum or str(value).strip() != str(value):
        raise ValidationError({name: [f"Write a whole number of at least {minimum}."]})
    return number


class ListPagination(LimitOffsetPagination):
    """`limit` (1 to MAX_LIMIT; a larger one is read as MAX_LIMIT) and `offset` (from 0).

    An unreadable value answers 400 naming the parameter rather than falling back silently.
    A page past the first picks its rows' ids first (as the HTML lists' DeferredPaginator
    does), so the figures of the rows it skips are not computed.
    """

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        value = request.query_params.get(self.limit_query_param)
        if value is None or value == "":
            return self.default_limit
        return min(_count(value, self.limit_query_param, 1), self.max_limit)

    def get_offset(self, request):
        value = request.query_params.get(self.offset_query_param)
        if value is None or value == "":
            return 0
        return _count(value, self.offset_query_param, 0)

    def paginate_rows(self, rows, request, ids=None, count=None):
        """Return one page of the rows; `ids` is the query their primary keys come from."""
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        self.count = rows.count() if count is None else count
        if self.count == 0 or self.offset >= self.count:
            return []
        end = self.offset + self.limit
        if self.offset == 0 or ids is None or not isinstance(rows, QuerySet):
            return list(rows[self.offset : end])
        return list(rows.filter(pk__in=ids.values("pk")[self.offset : end]))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"] |= {"minimum": 1, "default": DEFAULT_LIMIT}
                parameter["description"] = (
                    f"Rows a page: 1 to {MAX_LIMIT} (a larger limit is read as {MAX_LIMIT})."
                )
            else:
                parameter["schema"] |= {"minimum": 0, "default": 0}
        return parameters
