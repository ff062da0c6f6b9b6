"""What the API's parity tests share: every page of a list through `next`, and its CSV's rows.

A helper module (like tests/registry/writers.py), not a test module.
"""

import csv
import io
from decimal import Decimal

from tests.xlsx_files import unguarded

PAGE = 2


def api_rows(client, url):
    """Return the rows of every page of an API list, following `next` from a small page."""
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}limit={PAGE}")
    assert response.status_code == 200, response.content
    body = response.json()
    rows, count, pages = list(body["results"]), body["count"], 1
    while body["next"]:
        response = client.get(body["next"])
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        pages += 1
    assert len(rows) == count
    assert pages == max(1, -(-count // PAGE))
    return rows


def csv_rows(client, url):
    """Return the CSV's header and rows (guards stripped, empty cells None)."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(content))
    return header, [[unguarded(cell) or None for cell in row] for row in rows]


def same_value(json_value, cell):
    """Say whether a JSON value and a CSV cell are the same value: numbers as numbers."""
    if json_value is None or cell is None:
        return json_value is None and cell is None
    if isinstance(json_value, bool):
        return cell == ("true" if json_value else "false")
    if isinstance(json_value, int | float):
        return Decimal(str(json_value)) == Decimal(cell)
    return json_value == cell


def assert_same_rows(client, api_url, csv_url):
    """Assert the API list's rows, all pages, are the CSV's rows, in the same order."""
    header, expected = csv_rows(client, csv_url)
    rows = api_rows(client, api_url)
    assert [list(row) for row in rows[:1]] in ([], [header])
    assert len(rows) == len(expected), (api_url, len(rows), len(expected))
    for row, cells in zip(rows, expected, strict=True):
        values = [row[name] for name in header]
        mismatched = [
            (name, value, cell)
            for name, value, cell in zip(header, values, cells, strict=True)
            if not same_value(value, cell)
        ]
        assert not mismatched, (api_url, row["slug"], mismatched)
    return rows


def filter_cases(filterset_class, values):
    """Return (parameter, value) for every filter of the FilterSet, every sort key included.

    `values` gives each filter's values by name; a filter it leaves out fails the test, so a
    filter added later needs a value here.
    """
    filters = filterset_class.base_filters
    assert set(filters) == set(values) | {"sort"}, set(filters) ^ (set(values) | {"sort"})
    cases = [("sort", key) for key in filters["sort"].orders]
    return cases + [(name, value) for name, each in values.items() for value in each]
