"""The API's centres detail, progress, fiscal years and returns (SPEC §4.4, §3.3, §3.4, §2.5)."""

import datetime

import pytest

from centres.models import Target
from centres.progress import Status
from registry.models.calendar import fiscal_year
from tests.api_parity import csv_rows, same_value
from tests.factories import CentreFactory, TargetFactory, TenancyFactory, province, varied_registry


@pytest.fixture
def registry():
    registry = varied_registry()
    TargetFactory(value=3, fiscal_year=2025)
    TargetFactory(value=10, fiscal_year=2027)
    TargetFactory(metric=Target.Metric.JOBS_AT_CENTRES, value=500, fiscal_year=2027)
    TargetFactory(value=2, fiscal_year=2027, province=province("PB"))
    TargetFactory(value=1, fiscal_year=2027, province=province("SD"))
    return registry


def assert_rows_match(results, header, cells):
    assert len(results) == len(cells)
    for row, expected in zip(results, cells, strict=True):
        assert all(
            same_value(row[name], cell) for name, cell in zip(header, expected, strict=True)
        ), (row, expected)


def test_a_centre_detail_has_its_row_reports_and_tenancies(client, registry):
    listed = client.get("/api/v1/centres/?q=lahore+university").json()["results"]
    body = client.get("/api/v1/centres/lahore-uni/").json()
    assert {key: body[key] for key in listed[0]} == listed[0]
    periods = [report["period"] for report in body["reports"]]
    assert periods == sorted(periods) and len(periods) == 10
    assert body["reports"][-1] == {"period": "2026-10", "workers": 30, "women": 0}
    assert [t["company"] for t in body["tenancies"]] == ["soft-one"]
    assert body["tenancies"][0]["current"] is True


def test_a_park_detail_tells_current_tenancies_from_past_ones(client, registry):
    park = registry["parks"][1]
    TenancyFactory(company=registry["companies"][3], facility=park, seats=None)
    body = client.get(f"/api/v1/parks/{park.slug}/").json()
    current = {t["company"]: t["current"] for t in body["tenancies"]}
    assert current == {"soft-two": False, "nowhere-co": True}
    assert body["name"] == "=Karachi STP"


def test_progress_lists_every_target_once_with_its_figures(client, registry):
    body = client.get("/api/v1/progress/").json()
    assert body["as_of"] == "2026-11-27"
    ids = [row["id"] for row in body["results"]]
    assert sorted(ids) == sorted(Target.objects.values_list("pk", flat=True))
    # National targets first, as the tracker shows them.
    provinces = [row["province"] for row in body["results"]]
    assert provinces == sorted(provinces, key=lambda code: code is not None)
    for row in body["results"]:
        assert row["status"] in {status.value for status in Status}
        assert row["deadline"] == f"{row['fiscal_year']}-06-30"
    due_2025 = next(r for r in body["results"] if r["fiscal_year"] == 2025)
    # Three centres were operational on 30 June 2025, two are today (one closed since).
    assert due_2025["value_at_deadline"] == 3 and due_2025["current"] == 2
    assert due_2025["status"] == "missed"
    assert due_2025["target"] == 3 and due_2025["remaining"] == 1


def test_progress_as_of_a_date_and_refuses_a_future_one(client, registry):
    body = client.get("/api/v1/progress/?as_of=2025-01-15").json()
    assert body["as_of"] == "2025-01-15"
    assert next(r for r in body["results"] if r["fiscal_year"] == 2025)["current"] == 2
    future = client.get("/api/v1/progress/?as_of=2030-01-01")
    assert future.status_code == 400
    assert list(future.json()["errors"]) == ["as_of"]


@pytest.mark.parametrize("query", ["", "as_of=2025-12-31", "programme=federal-e-rozgaar"])
def test_fiscal_years_are_the_progress_csv_rows(client, registry, query):
    body = client.get(f"/api/v1/fiscal-years/?{query}").json()
    header, cells = csv_rows(client, f"/progress/export.csv?{query}")
    assert body["programme"] == "federal-e-rozgaar"
    assert_rows_match(body["results"], header, cells)
    assert body["results"][-1]["fiscal_year"] >= fiscal_year(datetime.date(2025, 12, 31))


def test_fiscal_years_refuse_a_programme_without_national_targets(client, registry):
    response = client.get("/api/v1/fiscal-years/?programme=nothing")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["programme"]


@pytest.mark.parametrize("query", ["", "as_of=2026-03-20"])
def test_reporting_is_the_reporting_csv_rows(client, registry, query):
    CentreFactory(slug="late", opened_on=datetime.date(2026, 1, 5))
    body = client.get(f"/api/v1/reporting/?{query}").json()
    header, cells = csv_rows(client, f"/reporting/export.csv?{query}")
    assert len(cells) == 12 * 8
    assert_rows_match(body["results"], header, cells)
    national = body["results"][0]
    assert national["province"] is None and national["expected"] > 0
