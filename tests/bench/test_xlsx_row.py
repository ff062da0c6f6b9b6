"""The bench's XLSX row (bench/xlsx.py): it checks the workbook against the CSV before timing."""

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from bench.measure import get, parsed
from bench.xlsx import measure_xlsx, same_rows, xlsx_cells
from tests.factories import CompanyFactory


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """Serve through the bare WSGI app as the bench does, but keep the test's transaction open
    (as Django's test client does): its requests must not close the connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def companies():
    CompanyFactory(slug="calc", name="=1+1", secp_registration_no="0161036", founded_year=2015)
    CompanyFactory(slug="plain", name="Plain Soft")


def test_the_row_times_a_workbook_that_holds_the_csvs_cells(companies):
    app = get_wsgi_application()

    figures = measure_xlsx(
        app, get, parsed, "/companies/export.xlsx", "/companies/export.csv", 1, 2
    )

    assert figures["status"] == 200 and figures["rows_per_s"] > 0 and figures["of_csv"] > 0


def test_a_workbook_that_differs_from_the_csv_is_caught(companies):
    app = get_wsgi_application()
    csv_rows = parsed(get(app, "/companies/export.csv", keep=True)["body"])
    cells = xlsx_cells(get(app, "/companies/export.xlsx", keep=True)["body"])

    assert same_rows(csv_rows, cells)
    cells[1][2] = 161036  # a registration number turned into a number
    assert not same_rows(csv_rows, cells)
    assert not same_rows(csv_rows, cells[:-1])
