"""On PostgreSQL the list CSVs are written by COPY; their bytes must equal the csv module's."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centres.public.filters import CentreFilterSet
from centres.public.lists import CENTRES
from registry.models import CentreStatus
from registry.public.exports.copy import CELL_SQL, copy_chunks, copy_statement
from registry.public.exports.responses import csv_chunks
from registry.web.csv_writer import column, csv_rows
from tests.factories import CentreFactory, CityFactory, ProgrammeFactory, ReportFactory, province
from tests.registry.csv_paths import both_paths, export_rows

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY is PostgreSQL's; on SQLite every CSV is written by the csv module alone",
)


CENTRE_COLUMNS = CENTRES.csv_columns


TRICKY_TEXTS = [
    '=HYPERLINK("http://x")',
    "+92 300 1234567",
    "-1+2",
    "@SUM(A1)",
    "\tindented",
    "\rcarriage",
    "=",
    "-",
    " =not guarded: a space first",
    'He said "no", twice',
    "a,b",
    '"',
    "line one\nline two",
    "line one\r\nline two",
    "ends with a newline\n",
    "\\.",
    "\\",
    "مرکز برائے روزگار، لاہور",
    "ای روزگار",
    "tab\tinside",
    "\x0bvertical tab",
    "line\u2028separator",
    "emoji 🇵🇰",
    "  spaces around  ",
    "'already quoted",
]


def test_copy_writes_tricky_values_byte_for_byte():
    quetta = CityFactory(
        slug="quetta",
        province=province("BA"),
        latitude=Decimal("30.1798"),
        longitude=Decimal("66.975"),
    )
    islamabad = CityFactory(
        slug="=islamabad",
        province=province("IS"),
        latitude=Decimal("33.7"),
        longitude=Decimal("73"),
    )
    programme = ProgrammeFactory(slug="-minus-programme", name="@ programme")
    for i, text in enumerate(TRICKY_TEXTS):
        CentreFactory(
            slug=f"tricky-{i}",
            name=text,
            host_institution=TRICKY_TEXTS[-1 - i],
            city=(quetta, islamabad)[i % 2],
        )
    CentreFactory(name="empty host", host_institution="", host_type="", planned_fy=None)
    CentreFactory(
        name="own location", latitude=Decimal("33.700000"), longitude=Decimal("73.100000")
    )
    CentreFactory(name="half a location", city=quetta, latitude=Decimal("29.5"), longitude=None)
    CentreFactory(name="other programme", programme=programme, operator=programme.operator)
    CentreFactory(name="proposed", status=CentreStatus.PROPOSED, opened_on=None, planned_fy=2027)
    CentreFactory(
        name="closed",
        status=CentreStatus.CLOSED,
        opened_on=datetime.date(2023, 6, 30),  # the last day of FY2023
        closed_on=datetime.date(2025, 7, 1),  # the first day of FY2026
        seats=0,
    )
    CentreFactory(name="launched 1 July", opened_on=datetime.date(2024, 7, 1), seats=32767)
    # Shares on the rounding edge (6.25 %, 18.25 %, 12.5 %), repeating (33.3…, 66.6…), 0 and 100 %.
    for workers, women in [(16, 1), (400, 73), (8, 1), (3, 1), (3, 2), (5, 0), (7, 7), (0, 0)]:
        centre = CentreFactory(name=f"share {women} of {workers}")
        ReportFactory(
            facility=centre, period=datetime.date(2026, 9, 1), workers=workers, women=women
        )
    old = CentreFactory(name="old report only")
    ReportFactory(facility=old, period=datetime.date(2019, 1, 1), workers=12, women=3)

    for params in [{}, {"sort": "-women_share"}, {"sort": "city"}, {"q": "="}, {"q": "مرکز"}]:
        via_copy, portable = both_paths(params)
        assert via_copy == portable, params

    via_copy, _ = both_paths({})
    assert via_copy.count(b"\r\n") > len(TRICKY_TEXTS)
    assert b'"\'=HYPERLINK(""http://x"")"' in via_copy
    assert b',"\'\rcarriage",' in via_copy or b'"\'\rcarriage"' in via_copy
    assert b"'=islamabad" in via_copy and b"'-minus-programme" in via_copy
    assert b",6.3," in via_copy and b",18.3," in via_copy and b",33.3," in via_copy


@pytest.mark.parametrize(
    ("value", "sql_type", "kind"),
    [
        (None, "text", str),
        ("", "text", str),
        ("plain", "text", str),
        ("=1+1", "text", str),
        ("-3", "text", str),
        ("\tx", "text", str),
        ('a "quoted", value\n', "text", str),
        ("لاہور", "text", str),
        (0, "integer", int),
        (-3, "integer", int),
        (None, "integer", int),
        (2147483647, "integer", int),
        (-9007199254740993, "bigint", int),
        (Decimal("33.700000"), "numeric(9, 6)", Decimal),
        (Decimal("-0.500000"), "numeric(9, 6)", Decimal),
        (Decimal("0.000000"), "numeric(9, 6)", Decimal),
        (Decimal("-73.1"), "numeric", Decimal),
        (Decimal("18.2"), "numeric", Decimal),
        (None, "numeric", Decimal),
        (datetime.date(2024, 2, 6), "date", datetime.date),
        (datetime.date(1999, 12, 31), "date", datetime.date),
        (None, "date", datetime.date),
        (True, "boolean", bool),
        (False, "boolean", bool),
        (None, "boolean", bool),
    ],
)
def test_each_kind_of_value_is_written_as_cell_writes_it(value, sql_type, kind):
    # Two columns: a file of one column is never written by COPY (see copy_statement).
    columns = [column("value"), column("next")]
    select = f"SELECT {CELL_SQL[kind].format('t.v')}, 'x' FROM (SELECT %s::{sql_type}) AS t (v)"
    statement = connection.ops.compose_sql(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", [value])

    via_copy = b"".join(copy_chunks("default", statement, columns))
    portable = b"".join(csv_rows([{"value": value, "next": "x"}], columns))

    assert via_copy == portable
    assert via_copy.endswith(b",x\r\n")


def test_the_export_view_streams_copy_output_equal_to_the_csv_module(client):
    for i, text in enumerate(TRICKY_TEXTS[:8]):
        centre = CentreFactory(name=text, host_institution=f"Host, {i}")
        ReportFactory(facility=centre, workers=10 + i, women=i)
    CentreFactory(name="in Sindh", city=CityFactory(province=province("SD")))
    params = {"province": "PB", "sort": "-women_share"}

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("centre-export"), params)
        body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert any(query["sql"].startswith("COPY (") for query in queries.captured_queries)
    assert body == both_paths(params)[1]
    assert body.count(b"\r\n") == 9
    assert b"in Sindh" not in body


def test_exports_without_sql_for_every_column_stay_with_the_csv_module():
    CentreFactory()
    filterset = CentreFilterSet({})
    assert filterset.is_valid()
    rows = export_rows(filterset)
    longitude = CENTRE_COLUMNS[-1][1]
    # The same value, from an accessor without an SQL twin.
    lambda_column = [*CENTRE_COLUMNS[:-1], ("longitude", lambda row: longitude(row))]

    assert copy_statement(rows, lambda_column) is None
    assert copy_statement(filterset.qs, CENTRE_COLUMNS) is None  # instances, not .values()
    assert copy_statement(rows, CENTRE_COLUMNS[:1]) is None  # one column
    assert copy_statement(rows.values("slug", "name"), CENTRE_COLUMNS) is None  # keys missing
    assert b"".join(csv_chunks(rows, lambda_column)) == b"".join(
        csv_chunks(rows, CENTRE_COLUMNS, portable=True)
    )


@pytest.mark.parametrize("name", ["centre-export", "park-export", "city-export", "company-export"])
def test_list_exports_are_written_by_copy(client, name):
    CentreFactory()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))
        body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert body.startswith(b"\xef\xbb\xbf")
    copies = [query for query in queries.captured_queries if query["sql"].startswith("COPY (")]
    assert len(copies) == 1


def test_a_download_abandoned_midway_leaves_the_connection_usable(monkeypatch):
    from registry.web import csv_writer

    monkeypatch.setattr(csv_writer, "ROWS_PER_CHUNK", 2)
    CentreFactory.create_batch(7)
    filterset = CentreFilterSet({})
    assert filterset.is_valid()
    chunks = csv_chunks(export_rows(filterset), CENTRE_COLUMNS)

    header, first = next(chunks), next(chunks)
    chunks.close()  # the client went away: COPY is cancelled and its rows drained

    assert header.startswith(b"\xef\xbb\xbfslug,")
    assert first.count(b"\r\n") == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert b"".join(csv_chunks(export_rows(filterset), CENTRE_COLUMNS)).count(b"\r\n") == 8
