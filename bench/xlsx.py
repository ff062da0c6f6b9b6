"""Benchmark a list's XLSX export beside its CSV (issue 21 item 7): time, rows/s, peak RSS.

The workbook must hold the CSV's rows and cells (numbers compared as numbers), or nothing
compares. Its time is set beside the CSV's from the same rounds, one export of each in turn;
its peak RSS growth is measured as the CSV's, one export in a fresh process (bench.run).
"""

import datetime
import io
import re
import statistics
from decimal import Decimal

from openpyxl import load_workbook

from registry.web.csv_writer import FORMULA_PREFIXES


def xlsx_cells(body):
    """Return the workbook's first sheet as rows of values, the header first."""
    book = load_workbook(io.BytesIO(body), read_only=True)
    try:
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    # A read-only sheet's rows end at their last cell written: pad them to the header's width.
    width = len(rows[0]) if rows else 0
    return [row + [None] * (width - len(row)) for row in rows]


# How the CSV spells a number: no leading zero (a registration number "0161036" is text).
CSV_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def same_cell(text, value):
    """Say whether a workbook's cell holds the CSV cell's value, of the type it should."""
    if text[:1] == "'" and text[1:2] in FORMULA_PREFIXES:
        text = text[1:]
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text == ("true" if value else "false")
    if isinstance(value, int | float):
        # Numbers as numbers: Excel keeps no scale, so the CSV's 25.0 is the sheet's 25.
        return bool(CSV_NUMBER.fullmatch(text)) and Decimal(text) == Decimal(repr(value))
    if isinstance(value, datetime.datetime):
        return value.time() == datetime.time(0) and value.date().isoformat() == text
    return value == text


def same_rows(csv_rows, xlsx_rows):
    """Say whether the workbook's rows hold the CSV's, cell by cell."""
    if len(csv_rows) != len(xlsx_rows):
        return False
    return all(
        len(csv_row) == len(xlsx_row)
        and all(same_cell(text, value) for text, value in zip(csv_row, xlsx_row, strict=True))
        for csv_row, xlsx_row in zip(csv_rows, xlsx_rows, strict=True)
    )


def measure_xlsx(app, get, parsed, url, csv_url, runs, rows):
    """Return the XLSX export's figures and its time over the CSV's, timed in turns."""
    body = get(app, url, keep=True)
    assert body["status"] == 200, f"{url} answered {body['status']}"
    cells = xlsx_cells(body["body"])
    assert len(cells) - 1 == rows, f"{url} wrote {len(cells) - 1} rows, expected {rows}"
    assert same_rows(parsed(get(app, csv_url, keep=True)["body"]), cells), (
        f"{url} and {csv_url} differ"
    )
    times, csv_times = [], []
    for _ in range(runs):
        times.append(get(app, url)["total"])
        csv_times.append(get(app, csv_url)["total"])
    total = statistics.median(times)
    return {
        "status": 200,
        "median_ms": total * 1000,
        "p95_ms": None,
        "rows_per_s": rows / total,
        "of_csv": total / statistics.median(csv_times),
        "bytes": len(body["body"]),
    }
