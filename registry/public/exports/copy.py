"""A list's CSV written by PostgreSQL's COPY: the same bytes as the csv module's, much faster.

When the rows are a `.values()` queryset on PostgreSQL and every column's value has an SQL twin
(registry.public.exports.values), copy_statement() wraps the rows' own query in a SELECT that
formats each cell as cell() does, formula guard included, and copy_chunks() streams what COPY
writes. Tests compare both paths on PostgreSQL.
"""

import datetime
from decimal import Decimal

from django.db import connections, models
from django.db.models import QuerySet

from registry.web import csv_writer
from registry.web.csv_writer import FORMULA_PREFIXES, header_line

# What COPY must be given for a value of each kind to write what cell() writes. COPY writes NULL
# as an empty cell but quotes an empty string (the csv module does not): empty text is NULL.
# The formula guard compares the first character's code point (ascii()): no substring, no
# collation, a quarter of the cost of LEFT(…, 1) IN (…).
GUARDED_CODE_POINTS = ", ".join(str(ord(prefix)) for prefix in FORMULA_PREFIXES)
CELL_SQL = {
    str: (
        f"CASE WHEN ascii({{0}}) IN ({GUARDED_CODE_POINTS}) THEN '''' || {{0}} "
        "ELSE NULLIF({0}, '') END"
    ),
    int: "({0})::text",
    Decimal: "({0})::text",  # numeric's text keeps the scale and never has an exponent: as "f"
    datetime.date: "to_char({0}, 'YYYY-MM-DD')",
    bool: "CASE WHEN {0} THEN 'true' WHEN NOT {0} THEN 'false' END",
}


def value_kind(field):
    """Return the Python type of a model field's values if CELL_SQL can format it, else None."""
    while field.is_relation:
        field = field.target_field
    for field_class, kind in (
        (models.BooleanField, bool),
        (models.IntegerField, int),
        (models.DecimalField, Decimal),
        (models.DateTimeField, None),  # a DateField whose values are not dates
        (models.DateField, datetime.date),
        (models.CharField, str),
        (models.TextField, str),
    ):
        if isinstance(field, field_class):
            return kind
    return None


def copy_statement(rows, columns):
    """Return (database, COPY statement) writing the rows as csv_rows() would, or None if it can't.

    The rows must be a .values() queryset on PostgreSQL and every value must have an SQL twin
    over the keys of those rows. The statement wraps the rows' own query (same filters,
    annotations and order) and names its columns by those keys, as Python's dicts do.
    """
    # The csv module writes a row of one empty cell as `""` and COPY a lone `\.` as `"\."`:
    # a file of one column may differ, so it stays with Python.
    if len(columns) < 2 or not isinstance(rows, QuerySet) or rows._fields is None:
        return None
    database = rows.db
    connection = connections[database]
    if connection.vendor != "postgresql":
        return None
    query = rows.query
    # The keys of the rows' dicts, in the order of the columns (as ValuesIterable names them).
    names = list(query.selected or [])
    names = names or [*query.extra_select, *query.values_select, *query.annotation_select]
    compiler = query.get_compiler(using=database)
    inner, inner_params = compiler.as_sql()
    if len(compiler.select) != len(names):
        return None
    selected = zip(names, compiler.select, strict=True)
    kinds = {name: value_kind(expression.output_field) for name, (expression, _, _) in selected}
    cells = []
    for _, value in columns:
        template, keys, kind = getattr(value, "sql", (None, (), None))
        if template is None or not set(keys) <= kinds.keys():
            return None
        kind = kind or kinds[keys[0]]
        if kind not in CELL_SQL:
            return None
        text = template.format(*(f"t.{connection.ops.quote_name(key)}" for key in keys))
        cells.append(CELL_SQL[kind].format(text))
    aliases = ", ".join(connection.ops.quote_name(name) for name in names)
    # A subquery with ORDER BY is planned on its own and scanned in its order.
    select = f"SELECT {', '.join(cells)} FROM ({inner}) AS t ({aliases})"
    # COPY takes no bind parameters: psycopg merges them into the statement, quoted.
    statement = connection.ops.compose_sql(
        f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", inner_params
    )
    return database, statement


def copy_chunks(database, statement, columns):
    """Yield the encoded CSV file from COPY: BOM and header, then chunks of ROWS_PER_CHUNK rows.

    COPY ends rows with LF where the csv module writes CRLF. Each message COPY sends holds
    exactly one row (PostgreSQL's protocol guarantees it), so its last byte is the row's end;
    any other LF is inside a quoted cell, where the csv module writes it as is too.
    """
    yield header_line(columns)
    rows_per_chunk = csv_writer.ROWS_PER_CHUNK
    pending = []
    with connections[database].cursor() as cursor, cursor.copy(statement) as copy:
        for row in copy:
            pending.append(row[:-1])
            if len(pending) == rows_per_chunk:
                yield b"\r\n".join(pending) + b"\r\n"
                pending = []
    if pending:
        yield b"\r\n".join(pending) + b"\r\n"
