"""CSV files as SPEC §4.1 writes them, for any rows: the public lists, the tracker and the admin.

UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF line ends, ISO dates, plain numbers, an
empty cell for null and the formula guard; streamed in chunks so memory stays flat. A column is
(header, accessor): the accessor returns a row's value, and cell() writes it.
"""

import csv
import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.http import StreamingHttpResponse

from registry.models.calendar import today

BOM = "\ufeff"
# Rows written per chunk handed to the server: large enough to keep the overhead per row small.
ROWS_PER_CHUNK = 500
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
        # dict first: rows are often dicts, and an ABC check per cell costs.
        if type(value) is dict or isinstance(value, Mapping):
            value = value[part]
        else:
            value = getattr(value, part)
    return value


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


def dated_filename(name, extension):
    """Return a download's name, `<name>-YYYY-MM-DD.<extension>` (today in Pakistan, SPEC §4.1)."""
    return f"{name}-{today().isoformat()}.{extension}"


def csv_attachment(chunks, name):
    """Stream encoded chunks as an attachment `<name>-YYYY-MM-DD.csv` (today in Pakistan)."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dated_filename(name, "csv")}"'
    return response


def csv_response(rows, columns, name):
    """Stream rows as an attachment `<name>-YYYY-MM-DD.csv`, written by the csv module."""
    return csv_attachment(csv_rows(rows, columns), name)
