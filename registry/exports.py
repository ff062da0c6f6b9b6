"""CSV exports (SPEC §4.1): columns declared once as (header, accessor) pairs, one streaming writer.

Every list's export streams the rows of the same FilterSet as its page; `csv_response` turns rows
and columns into a UTF-8 (with BOM), RFC 4180 file, written in chunks so memory stays flat.
"""

import csv
import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from registry.fiscal import fiscal_year
from registry.models import women_share

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


def latest_share(row):
    """Return the weighted women's share of a row annotated by with_latest_report()."""
    if type(row) is dict:
        return women_share(row["latest_women"], row["latest_workers"])
    return women_share(row.latest_women, row.latest_workers)


def column(header, accessor=None):
    """Return (header, function); the accessor is a callable or a dotted path (default: header)."""
    accessor = accessor or header
    if callable(accessor):
        return header, accessor
    parts = accessor.split(".")  # once, not per cell
    return header, lambda row: _resolve(row, parts)


class _Lines:
    """A file-like sink for csv.writer that keeps what was written until taken."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text, self.parts = "".join(self.parts), []
        return text.encode("utf-8")


def csv_rows(rows, columns):
    """Yield the encoded CSV file: BOM and header, then chunks of ROWS_PER_CHUNK rows."""
    sink = _Lines()
    writer = csv.writer(sink)  # the default dialect quotes as RFC 4180 and ends lines with CRLF
    sink.write(BOM)
    writer.writerow([header for header, _ in columns])
    yield sink.take()
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


def csv_response(rows, columns, name):
    """Stream rows as an attachment `<name>-YYYY-MM-DD.csv` (today's date in Pakistan)."""
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=ITERATOR_CHUNK_SIZE)
    response = StreamingHttpResponse(
        csv_rows(rows, columns), content_type="text/csv; charset=utf-8"
    )
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
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
        if type(facility) is dict:
            own = facility["latitude"] is not None and facility["longitude"] is not None
            return facility[field] if own else facility[f"city__{field}"]
        return facility.location[index]

    return accessor


PARK_COLUMNS = [
    column("slug"),
    column("name"),
    column("operator", "operator.slug"),
    column("city", "city.slug"),
    column("province", "city.province_id"),
    column("status"),
    column("opened_on"),
    column("closed_on"),
    column("area_sqft"),
    column("seats"),
    column("current_tenants"),
    column("workers", "latest_workers"),
    column("women", "latest_women"),
    column("women_share_pct", latest_share),
    column("last_report", lambda park: month(park.latest_period)),
    column("latitude", location(0)),
    column("longitude", location(1)),
]

# Read from plain rows (CompanyFilterSet.for_export): a Company per row cost more than its CSV.
COMPANY_COLUMNS = [
    column("slug"),
    column("name"),
    column("secp_registration_no"),
    column("sectors", lambda company: resorted(company["sector_codes"])),
    column("founded_year"),
    column("current_facilities", lambda company: resorted(company["current_facility_slugs"])),
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
    column("women_share_pct", lambda city: women_share(city.women, city.workers)),
]
