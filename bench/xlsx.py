"""Benchmark a list's XLSX export beside its CSV (issue 21 item 7): time, rows/s, peak RSS.

The workbook must hold the CSV's rows and cells (numbers compared as numbers), or nothing
compares. Its time is set beside the CSV's from the same rounds, one export of each in turn;
its peak RSS growth is measured as the CSV's, one export in a fresh process (bench.run).
"""

import io
import statistics
from decimal import Decimal

from openpyxl import load_workbook

from registry.web.csv_writer import FORMULA_PREFIXES


def xlsx_cells(body):
    """Return the workbook's first sheet as rows of values, the header first."""
    book = load_workbook(io.BytesIO(body), read_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def spelled(value):
    """Return a cell's value as the CSV spells it (numbers normalised, dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return Decimal(repr(value)).normalize()
    if hasattr(value, "date"):
        return value.date().isoformat()
    return value


def csv_spelled(text):
    """Return a CSV cell comparable with spelled(): the guard's quote dropped, numbers read."""
    if text[:1] == "'" and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    try:
        return Decimal(text).normalize() if text and text[0] in "0123456789-" else text
    except ArithmeticError:
        return text


def same_rows(csv_rows, xlsx_rows):
    """Say whether the workbook's rows hold the CSV's, cell by cell."""
    if len(csv_rows) != len(xlsx_rows):
        return False
    for csv_row, xlsx_row in zip(csv_rows, xlsx_rows, strict=True):
        for text, value in zip(csv_row, xlsx_row, strict=True):
            expected, got = csv_spelled(text), spelled(value)
            # Text that reads as a number in the CSV (a registration number) stays text here.
            if expected != got and not (isinstance(got, str) and got == text):
                return False
    return True


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
