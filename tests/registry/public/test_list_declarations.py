"""A list's page table, its CSV and the fields its export selects all come from its declaration."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import conditional_escape

from centres.public.lists import CENTRES
from registry.public import views
from registry.public.exports.values import field
from registry.public.filters import ParkFilterSet
from registry.public.lists import CITIES, COMPANIES, PARKS
from registry.public.tables import Column, Table
from tests.factories import (
    CentreFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
)

HEADER = re.compile(r'<th scope="col"(?: class="num")?>([^<]*)</th>')
LABEL = re.compile(r'<td\b[^>]*data-label="([^"]*)"')


def page_table(html):
    """Return the list table of a page: its markup from <table> to </table>."""
    start = html.index('<table class="data rows">')
    return html[start : html.index("</table>", start)]


def csv_header(body):
    return next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def address_cell(park, page):
    return conditional_escape(park.address)


# PARKS with one more column, downloaded and shown after the park's name.
WITH_ADDRESS = Table(
    *PARKS.columns[:2],
    Column("address", field("address"), "Street address", address_cell),
    *PARKS.columns[2:],
    page=(PARKS.shown[0].name, "address", *(column.name for column in PARKS.shown[1:])),
)


def test_a_column_added_to_a_declaration_reaches_the_page_the_csv_and_the_query(
    client, monkeypatch
):
    park = ParkFactory(address="12 Ferozepur Road, <Lahore>")
    ReportFactory(facility=park, workers=40, women=10)
    monkeypatch.setattr(views.ParkListView, "table", WITH_ADDRESS)

    html = client.get(reverse("park-list")).content.decode()
    table = page_table(html)
    export = views.export_view(ParkFilterSet, WITH_ADDRESS, "parks")
    with CaptureQueriesContext(connection) as queries:
        response = export(RequestFactory().get("/parks/export.csv"))
        body = b"".join(response.streaming_content)

    headers = [str(column.header) for column in WITH_ADDRESS.shown]
    assert HEADER.findall(table) == headers
    assert "Street address" in headers
    assert '<td data-label="Street address">12 Ferozepur Road, &lt;Lahore&gt;</td>' in table
    # Every cell but the row's header is labelled with its column's header.
    assert LABEL.findall(table) == [conditional_escape(h) for h in headers[1:]]
    assert csv_header(body) == [column.name for column in WITH_ADDRESS.exported]
    assert csv_header(body)[2] == "address"
    [row] = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert (row["address"], row["workers"]) == ("12 Ferozepur Road, <Lahore>", "40")
    assert "address" in WITH_ADDRESS.fields
    export_sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"address"' in export_sql
    rows = WITH_ADDRESS.values(ParkFilterSet({}).qs)
    assert tuple(rows[0]) == WITH_ADDRESS.fields


def test_a_column_left_off_the_page_is_still_downloaded():
    without_operator = Table(
        *PARKS.columns, page=tuple(c.name for c in PARKS.shown if c.name != "operator")
    )

    assert "operator" not in [column.name for column in without_operator.shown]
    assert [name for name, _ in without_operator.csv_columns] == [
        name for name, _ in PARKS.csv_columns
    ]
    assert without_operator.fields == PARKS.fields


def test_a_declaration_refuses_a_page_column_without_a_header_or_two_columns_of_one_name():
    with pytest.raises(ValueError, match="slug"):
        Table(*PARKS.columns, page=("slug",))
    with pytest.raises(ValueError, match="share a name"):
        Table(*PARKS.columns, PARKS.columns[0], page=())


@pytest.mark.parametrize(
    ("list_name", "export_name", "table"),
    [
        ("centre-list", "centre-export", CENTRES),
        ("park-list", "park-export", PARKS),
        ("company-list", "company-export", COMPANIES),
        ("city-list", "city-export", CITIES),
    ],
)
def test_each_list_page_and_csv_follow_its_declaration(client, list_name, export_name, table):
    ReportFactory(facility=CentreFactory(), workers=5, women=2)
    park = ParkFactory()
    ReportFactory(facility=park, workers=7, women=3)
    TenancyFactory(company=CompanyFactory(), facility=park)

    html = client.get(reverse(list_name)).content.decode()
    body = b"".join(client.get(reverse(export_name)).streaming_content)

    headers = [str(column.header) for column in table.shown]
    assert HEADER.findall(page_table(html)) == headers
    assert set(LABEL.findall(page_table(html))) == {conditional_escape(h) for h in headers[1:]}
    assert csv_header(body) == [column.name for column in table.exported]
