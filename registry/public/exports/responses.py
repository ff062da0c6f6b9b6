"""The lists' downloads: the CSV, streamed by COPY where it can write it, else by Python; XLSX."""

from django.db.models import QuerySet
from django.http import HttpResponse

from registry.public.exports.copy import copy_chunks, copy_statement
from registry.web.csv_writer import csv_attachment, csv_rows
from registry.web.xlsx_writer import xlsx_response

ITERATOR_CHUNK_SIZE = 2000


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


def list_csv_response(rows, columns, name):
    """Stream a list's rows as an attachment `<name>-YYYY-MM-DD.csv` (today in Pakistan)."""
    return csv_attachment(csv_chunks(rows, columns), name)


def list_xlsx_response(rows, columns, name):
    """Answer a list's rows as an attachment `<name>-YYYY-MM-DD.xlsx`, the CSV's columns typed."""
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=ITERATOR_CHUNK_SIZE)
    return xlsx_response(rows, columns, name)


def invalid_filters_response(errors):
    """Answer 400 with one plain-text line per invalid filter: `field: message`."""
    lines = [f"{field}: {message}" for field, messages in errors.items() for message in messages]
    return HttpResponse(
        "Invalid filter.\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )
