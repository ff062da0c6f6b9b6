"""What the tests of XLSX downloads share: the bytes read back by openpyxl, pandas and csv, and
a cell compared with the CSV's cell of the same row and column."""

import csv
import io

import pandas
from django.urls import reverse
from openpyxl import load_workbook

from bench.xlsx import same_cell
from registry.web.csv_writer import FORMULA_PREFIXES

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, name, params=None):
    """Return the response and the whole body of a download, streamed or not."""
    response = client.get(reverse(name), params or {})
    if response.streaming:
        return response, b"".join(response.streaming_content)
    return response, response.content


def sheet(body):
    """Return the first sheet of a workbook's bytes, every cell loaded (not read-only)."""
    return load_workbook(io.BytesIO(body)).worksheets[0]


def sheet_rows(body):
    """Return the sheet's rows as lists of values, the header first."""
    return [list(row) for row in sheet(body).iter_rows(values_only=True)]


def csv_cells(body):
    """Return the rows of a CSV's bytes as lists of text, the header first."""
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def unguarded(text):
    """Return a CSV cell without the formula guard's quote."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_PREFIXES else text


def assert_same_as_csv(client, csv_name, xlsx_name, params=None):
    """Download both files with the same query; assert the same header, rows and values."""
    csv_response, csv_body = download(client, csv_name, params)
    xlsx_response, xlsx_body = download(client, xlsx_name, params)
    assert csv_response.status_code == xlsx_response.status_code == 200
    expected, got = csv_cells(csv_body), sheet_rows(xlsx_body)
    assert got[0] == expected[0]
    assert len(got) == len(expected)
    for csv_row, xlsx_row in zip(expected[1:], got[1:], strict=True):
        assert len(xlsx_row) == len(csv_row)
        mismatched = [
            (header, text, value)
            for header, text, value in zip(expected[0], csv_row, xlsx_row, strict=True)
            if not same_cell(text, value)
        ]
        assert not mismatched, mismatched
    return got


def pandas_frame(body, **options):
    """Return the workbook's first sheet as pandas reads it (with read_excel's options)."""
    return pandas.read_excel(io.BytesIO(body), engine="openpyxl", **options)
