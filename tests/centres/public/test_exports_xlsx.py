"""The centres', progress and reporting `export.xlsx` (SPEC §4.4): the CSV's rows and columns for
the same query, typed cells, months as text, 400 on a bad filter, and their links."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from centres.models import HostType, Target
from registry.models import CentreStatus
from tests.factories import (
    CentreFactory,
    CityFactory,
    ReportFactory,
    TargetFactory,
    province,
)
from tests.xlsx_files import XLSX_TYPE, assert_same_as_csv, download, sheet, sheet_rows

OCT = datetime.date(2026, 10, 1)


@pytest.fixture
def registry():
    """Centres in two provinces, launched in two fiscal years, with reports and targets."""
    lahore = CityFactory(slug="lahore", name="Lahore", province=province("PB"))
    karachi = CityFactory(slug="karachi", name="Karachi", province=province("SD"))
    first = CentreFactory(
        slug="lahore-1",
        name="=SUM(A1:A9) centre",
        city=lahore,
        opened_on=datetime.date(2024, 8, 6),
        planned_fy=2025,
        seats=60,
        host_institution="University of the Punjab",
        latitude=Decimal("31.4804"),
        longitude=Decimal("74.3033"),
    )
    second = CentreFactory(slug="karachi-1", city=karachi, opened_on=datetime.date(2025, 9, 1))
    CentreFactory(slug="karachi-2", city=karachi, status=CentreStatus.SUSPENDED)
    CentreFactory(slug="karachi-4", city=karachi)  # operational, never filed
    CentreFactory(
        slug="karachi-3",
        city=karachi,
        status=CentreStatus.APPROVED,
        opened_on=None,
        host_type=HostType.UNIVERSITY,
    )
    ReportFactory(facility=first, period=OCT, workers=40, women=14, received_on=OCT)
    ReportFactory(
        facility=second,
        period=OCT,
        workers=25,
        women=5,
        received_on=datetime.date(2026, 11, 20),
    )
    TargetFactory(value=50, fiscal_year=2025)
    TargetFactory(metric=Target.Metric.JOBS_AT_CENTRES, value=2000, fiscal_year=2026)
    return first


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"province": "SD"},
        {"status": "operational"},
        {"sort": "-workers"},
        {"operational_on": "2025-01-01"},
        {"launch_fy": "2025"},
        {"missing_report": "2026-10"},
        {"host_type": "university"},
    ],
)
def test_the_centres_workbook_holds_the_csvs_rows_for_the_same_filters(client, registry, params):
    rows = assert_same_as_csv(client, "centre-export", "centre-export-xlsx", params)

    assert len(rows) > 1


def test_centre_cells_are_typed_and_a_formula_like_name_is_text(client, registry):
    response, body = download(client, "centre-export-xlsx", {"q": "lahore-1"})
    book_sheet = sheet(body)
    header = [cell.value for cell in book_sheet[1]]
    cells = dict(zip(header, book_sheet[2], strict=True))

    assert response["Content-Type"] == XLSX_TYPE
    assert cells["name"].value == "=SUM(A1:A9) centre" and cells["name"].data_type == "s"
    assert cells["launched_on"].value == datetime.datetime(2024, 8, 6)
    assert cells["launched_on"].number_format == "yyyy-mm-dd"
    assert cells["launch_fy"].value == 2025 and cells["planned_fy"].value == 2025
    assert cells["seats"].value == 60 and cells["workers"].value == 40
    assert cells["women_share_pct"].value == 35 and cells["women_share_pct"].data_type == "n"
    assert cells["last_report"].value == "2026-10" and cells["last_report"].data_type == "s"
    assert cells["closed_on"].value is None


@pytest.mark.parametrize(
    "params", [{}, {"as_of": "2025-12-31"}, {"programme": "federal-e-rozgaar"}]
)
def test_the_progress_workbook_holds_the_csvs_series(client, registry, params):
    rows = assert_same_as_csv(client, "progress-export", "progress-export-xlsx", params)

    assert len(rows) > 1
    assert all(isinstance(row[0], int) for row in rows[1:])  # fiscal years as numbers


@pytest.mark.parametrize("params", [{}, {"as_of": "2026-06-30"}])
def test_the_reporting_workbook_holds_the_csvs_months_with_months_as_text(client, registry, params):
    rows = assert_same_as_csv(client, "reporting-export", "reporting-export-xlsx", params)

    assert len(rows) == 1 + 12 * 8
    _, body = download(client, "reporting-export-xlsx", params)
    months = [row[0] for row in sheet(body).iter_rows(min_row=2)]
    assert {cell.data_type for cell in months} == {"s"}
    october = [row for row in sheet_rows(body)[1:] if row[0] == "2026-10"]
    if not params:
        assert october[0][:5] == ["2026-10", None, 3, 2, 1]  # national: expected, received, on time


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("centre-export", {"launch_fy": "twenty"}, "launch_fy"),
        ("centre-export", {"missing_report": "2026-13"}, "missing_report"),
        ("progress-export", {"as_of": "2026-02-30"}, "as_of"),
        ("reporting-export", {"as_of": "2099-01-01"}, "as_of"),
    ],
)
def test_an_invalid_filter_answers_400_with_the_csvs_plain_reason(client, name, params, field):
    _, csv_body = download(client, name, params)
    response, body = download(client, f"{name}-xlsx", params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert body == csv_body and f"{field}: ".encode() in body


def test_the_tracker_and_reporting_pages_link_to_their_workbooks(client, registry):
    progress = client.get(reverse("progress"), {"as_of": "2026-01-31"}).content.decode()
    reporting = client.get(reverse("reporting"), {"as_of": "2026-01-31"}).content.decode()

    xlsx = reverse("progress-export-xlsx")
    assert f'href="{xlsx}?programme=federal-e-rozgaar&amp;as_of=2026-01-31"' in progress
    assert f'href="{reverse("reporting-export-xlsx")}?as_of=2026-01-31"' in reporting
    assert "Download this table as Excel" in progress
    assert "Download the last 12 months as Excel" in reporting
