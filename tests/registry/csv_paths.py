"""A list's CSV written both ways: by PostgreSQL's COPY and by the csv module."""

from centres.public.filters import CentreFilterSet
from centres.public.lists import CENTRES
from registry.public.exports.copy import copy_statement
from registry.public.exports.responses import csv_chunks


def export_rows(filterset, table=CENTRES):
    """Return the rows a list's CSV reads, as its export view selects them."""
    return table.values(filterset.for_export(filterset.qs))


def both_paths(params, filterset_class=CentreFilterSet, table=CENTRES):
    """Return a list's CSV written by COPY and by the csv module, for the same filters."""
    filterset = filterset_class(params)
    assert filterset.is_valid(), filterset.errors
    rows = export_rows(filterset, table)
    columns = table.csv_columns
    assert copy_statement(rows, columns) is not None  # the COPY path is really taken
    via_copy = b"".join(csv_chunks(rows, columns))
    portable = b"".join(csv_chunks(rows, columns, portable=True))
    return via_copy, portable
