"""CSV exports (SPEC §4.1): columns declared once as (header, accessor) pairs, one streaming writer.

Every list's export streams the rows of the same FilterSet as its page; `csv_response` turns rows
and columns into a UTF-8 (with BOM), RFC 4180 file, written in chunks so memory stays flat.

On PostgreSQL, when every column's accessor has an SQL twin (`accessor.sql`, set by `in_sql`),
COPY writes the rows instead of Python's csv module (`copy_statement`, `copy_chunks`): the rows'
own query wrapped in a SELECT that formats each cell as `cell()` does, formula guard included.
The bytes are the same; tests compare both paths on PostgreSQL.
"""

import csv
import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import connections, models
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse

from registry.models import women_share
from registry.models.calendar import fiscal_year, today

BOM = "\ufeff"
# Rows written per chunk handed to the server: large enough to keep the overhead per row small.
ROWS_PER_CHUNK = 500
ITERATOR_CHUNK_SIZE = 2000
# A spreadsheet treats a text cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """Return the CSV text of one value: ISO dates, plain numbers, guarded text, empty for null."""
    # Exact types first: most cells are plain text or integers (a national CSV has millions).
    kind = type(value)
    if kind is str:
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def resolve(row, path):
    """Return the value at a dotted path of attributes (or keys), None past a missing link."""
    return _resolve(row, path.split("."))


def _resolve(row, parts):
    value = row
    for part in parts:
        if value is None:
            return None
        # dict first: rows from .values() are dicts, and an ABC check per cell costs.
        if type(value) is dict or isinstance(value, Mapping):
            value = value[part]
        else:
            value = getattr(value, part)
    return value


def in_sql(accessor, template, *keys, kind=None):
    """Give an accessor its SQL twin: the template over the row's keys, of `kind` (a Python type).

    `kind` None means the type of the first key's column. copy_statement() reads it; a column
    whose accessor has no twin, or reads a key the rows lack, is written by Python.
    """
    accessor.sql = (template, keys, kind)
    return accessor


def month(value):
    """Return a month as YYYY-MM, or None."""
    return value.strftime("%Y-%m") if value else None


def fy(value):
    """Return the fiscal year (an integer) a date falls in, or None."""
    return fiscal_year(value) if value else None


def joined(values):
    """Return values joined with ';' in sorted order (multi-valued cells)."""
    return ";".join(sorted(str(value) for value in values))


def resorted(text):
    """Return ';'-joined text (as joined in SQL, in any order) in sorted order; empty for none."""
    return joined(text.split(";")) if text else ""


def sorted_joined(key):
    """Return an accessor of the ';'-joined values of the row's key, in sorted order.

    The values come joined by registry.public.filters.Joined, which sorts them on PostgreSQL,
    the only database COPY writes for: its SQL twin is the value itself. Elsewhere Python sorts
    them.
    """
    return in_sql(lambda row: resorted(row[key]), "{0}", key, kind=str)


def month_of(key):
    """Return an accessor of the month (YYYY-MM) of a date in the row."""
    return in_sql(lambda row: month(row[key]), "to_char({0}, 'YYYY-MM')", key, kind=str)


def fy_of(key):
    """Return an accessor of the fiscal year of a date in the row."""
    return in_sql(
        lambda row: fy(row[key]),
        # fiscal_year(): the calendar year, the next one from July on.
        "(EXTRACT(YEAR FROM {0}) + CASE WHEN EXTRACT(MONTH FROM {0}) >= 7 THEN 1 ELSE 0 END)::int",
        key,
        kind=int,
    )


def share_of(women, workers):
    """Return an accessor of the weighted women's share of the row's women and workers keys."""
    return in_sql(
        lambda row: women_share(row[women], row[workers]),
        # women_share(): women × 100 / workers to one decimal, rounded half up (ROUND on numeric
        # rounds half away from zero: the same for shares, never negative); none for no workers.
        "ROUND(({0})::numeric * 100 / NULLIF({1}, 0), 1)",
        women,
        workers,
        kind=Decimal,
    )


# The share of a row annotated by with_latest_report().
latest_share = share_of("latest_women", "latest_workers")


def column(header, accessor=None):
    """Return (header, function); the accessor is a callable or a dotted path (default: header)."""
    accessor = accessor or header
    if callable(accessor):
        return header, accessor
    parts = accessor.split(".")  # once, not per cell
    return header, in_sql(lambda row: _resolve(row, parts), "{0}", accessor)


class _Lines:
    """A file-like sink for csv.writer that keeps what was written until taken."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text, self.parts = "".join(self.parts), []
        return text.encode("utf-8")


def header_line(columns):
    """Return the encoded BOM and header row."""
    sink = _Lines()
    sink.write(BOM)
    csv.writer(sink).writerow([header for header, _ in columns])
    return sink.take()


def csv_rows(rows, columns):
    """Yield the encoded CSV file: BOM and header, then chunks of ROWS_PER_CHUNK rows."""
    yield header_line(columns)
    sink = _Lines()
    writer = csv.writer(sink)  # the default dialect quotes as RFC 4180 and ends lines with CRLF
    pending = 0
    accessors = [accessor for _, accessor in columns]
    for row in rows:
        writer.writerow([cell(accessor(row)) for accessor in accessors])
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield sink.take()
            pending = 0
    if pending:
        yield sink.take()


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

    The rows must be a .values() queryset on PostgreSQL and every accessor must have an SQL twin
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
    for _, accessor in columns:
        template, keys, kind = getattr(accessor, "sql", (None, (), None))
        if template is None or not set(keys) <= kinds.keys():
            return None
        kind = kind or kinds[keys[0]]
        if kind not in CELL_SQL:
            return None
        value = template.format(*(f"t.{connection.ops.quote_name(key)}" for key in keys))
        cells.append(CELL_SQL[kind].format(value))
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
    pending = []
    with connections[database].cursor() as cursor, cursor.copy(statement) as copy:
        for row in copy:
            pending.append(row[:-1])
            if len(pending) == ROWS_PER_CHUNK:
                yield b"\r\n".join(pending) + b"\r\n"
                pending = []
    if pending:
        yield b"\r\n".join(pending) + b"\r\n"


def csv_chunks(rows, columns, portable=False):
    """Return the CSV file's chunks: from COPY when it can write them, else from csv_rows().

    `portable` forces the csv module's path (tests compare the two).
    """
    copy = None if portable else copy_statement(rows, columns)
    if copy is not None:
        return copy_chunks(*copy, columns)
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=ITERATOR_CHUNK_SIZE)
    return csv_rows(rows, columns)


def csv_response(rows, columns, name):
    """Stream rows as an attachment `<name>-YYYY-MM-DD.csv` (today's date in Pakistan)."""
    response = StreamingHttpResponse(
        csv_chunks(rows, columns), content_type="text/csv; charset=utf-8"
    )
    filename = f"{name}-{today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def invalid_filters_response(errors):
    """Answer 400 with one plain-text line per invalid filter: `field: message`."""
    lines = [f"{field}: {message}" for field, messages in errors.items() for message in messages]
    return HttpResponse(
        "Invalid filter.\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def location(index):
    """Return an accessor of a facility's latitude (0) or longitude (1), its city's when unset.

    A row from .values() carries latitude, longitude, city__latitude and city__longitude and
    follows the same rule as Facility.location: the facility's own only when it has both.
    """
    field = ("latitude", "longitude")[index]

    def accessor(facility):
        own = facility["latitude"] is not None and facility["longitude"] is not None
        return facility[field] if own else facility[f"city__{field}"]

    return in_sql(
        accessor,
        "CASE WHEN {1} IS NOT NULL AND {2} IS NOT NULL THEN {0} ELSE {3} END",
        field,
        "latitude",
        "longitude",
        f"city__{field}",
    )


# Read from plain rows (ParkFilterSet.for_export), as the centres' and companies' are.
PARK_COLUMNS = [
    column("slug"),
    column("name"),
    column("operator", "operator__slug"),
    column("city", "city__slug"),
    column("province", "city__province_id"),
    column("status"),
    column("opened_on"),
    column("closed_on"),
    column("area_sqft"),
    column("seats"),
    column("current_tenants"),
    column("workers", "latest_workers"),
    column("women", "latest_women"),
    column("women_share_pct", latest_share),
    column("last_report", month_of("latest_period")),
    column("latitude", location(0)),
    column("longitude", location(1)),
]
# The fields a facility's figure and location columns read (latest_share, month_of, location).
FACILITY_FIGURE_FIELDS = (
    "latest_workers",
    "latest_women",
    "latest_period",
    "latitude",
    "longitude",
    "city__latitude",
    "city__longitude",
)
PARK_EXPORT_FIELDS = (
    "slug",
    "name",
    "operator__slug",
    "city__slug",
    "city__province_id",
    "status",
    "opened_on",
    "closed_on",
    "area_sqft",
    "seats",
    "current_tenants",
    *FACILITY_FIGURE_FIELDS,
)

# Read from plain rows (CompanyFilterSet.for_export): a Company per row cost more than its CSV.
COMPANY_COLUMNS = [
    column("slug"),
    column("name"),
    column("secp_registration_no"),
    column("sectors", sorted_joined("sector_codes")),
    column("founded_year"),
    column("current_facilities", sorted_joined("current_facility_slugs")),
    column("website"),
]
COMPANY_EXPORT_FIELDS = (
    "slug",
    "name",
    "secp_registration_no",
    "sector_codes",
    "founded_year",
    "current_facility_slugs",
    "website",
)

# Read from plain rows (CityFilterSet.for_export).
CITY_COLUMNS = [
    column("slug"),
    column("name"),
    column("province", "province_id"),
    column("latitude"),
    column("longitude"),
    column("parks"),
    column("centres"),
    column("current_tenants"),
    column("workers"),
    column("women"),
    column("women_share_pct", share_of("women", "workers")),
]
CITY_EXPORT_FIELDS = (
    "slug",
    "name",
    "province_id",
    "latitude",
    "longitude",
    "parks",
    "centres",
    "current_tenants",
    "workers",
    "women",
)
