"""Bulk writes of generated rows in SQL: COPY or bulk_create, deletes in one statement each.

None of these sends signals or calls save().
"""

from collections.abc import Iterable, Iterator
from itertools import chain, islice

from django.db import connection
from django.db.models import Model, QuerySet

BATCH_SIZE = 2000


def insert_rows(model: type[Model], rows: Iterable[dict]) -> int:
    """Insert rows given as {attname: value} dicts with the same keys; return how many.

    PostgreSQL gets COPY, several times faster than INSERT; other databases get bulk_create().
    Neither sends signals nor calls save(), and no primary keys come back.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows, written = chain([first], rows), 0
    if connection.vendor != "postgresql":
        for batch in batches(rows):
            model.objects.bulk_create([model(**row) for row in batch])
            written += len(batch)
        return written
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in first)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(tuple(row.values()))
            written += 1
    return written


def analyse(models: Iterable[type[Model]]) -> None:
    """Refresh PostgreSQL's planner statistics of freshly loaded tables.

    Without them, until autovacuum gets round to it (if it runs at all), the planner takes the
    tables for empty and chooses plans that are orders of magnitude slower.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


def delete_rows(model: type[Model], field_name: str, queryset: QuerySet) -> None:
    """Delete, in one SQL statement, the rows whose field points at a row of the queryset."""
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.get_field(field_name).column
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} IN ({sql})", params)


def insert_child_rows(model: type[Model], objects: Iterable[Model]) -> None:
    """Insert the child-table rows of multi-table-inherited objects whose parent rows exist.

    bulk_create() refuses multi-table inheritance, so this writes the child's own columns
    (including the parent link) with one parameterised INSERT per batch, on any database.
    """
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        for batch in batches(rows):
            cursor.executemany(sql, batch)


def batches(rows: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    """Yield lists of at most size rows from any iterable."""
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch
