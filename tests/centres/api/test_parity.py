"""The API's centres list has the centres CSV's rows and values (SPEC §4.4), for every filter."""

import pytest

from centres.public.filters import CentreFilterSet
from tests.api_parity import assert_same_rows, filter_cases
from tests.factories import CentreFactory, OperatorFactory, ProgrammeFactory, varied_registry

VALUES = {
    "q": ["lahore", "university"],
    "programme": ["federal-e-rozgaar"],
    "province": ["SD"],
    "city": ["lahore"],
    "status": ["operational", "closed"],
    "host_type": ["university"],
    "operator": ["pseb"],
    "planned_fy": ["2025"],
    "launch_fy": ["2024"],
    "operational_on": ["2025-01-15"],
    "missing_report": ["2026-01"],
}


@pytest.fixture
def registry():
    registry = varied_registry()
    # Another programme's centre, so that the programme filter narrows the list.
    pitb = OperatorFactory(slug="pitb")
    punjab = ProgrammeFactory(slug="punjab-e-rozgaar", name="Punjab e-Rozgaar", operator=pitb)
    CentreFactory(slug="punjab-centre", programme=punjab)
    return registry


@pytest.mark.parametrize(("parameter", "value"), filter_cases(CentreFilterSet, VALUES))
def test_every_filter_gives_the_csv_rows(client, registry, parameter, value):
    query = f"{parameter}={value}"
    rows = assert_same_rows(client, f"/api/v1/centres/?{query}", f"/centres/export.csv?{query}")
    if parameter != "sort":
        everything = client.get("/api/v1/centres/").json()["count"]
        assert 0 < len(rows) < everything, (query, len(rows))


def test_centre_rows_carry_the_csv_columns(client, registry):
    rows = assert_same_rows(client, "/api/v1/centres/", "/centres/export.csv")
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["lahore-uni"]["launch_fy"] == 2024
    assert by_slug["karachi-proposed"]["launched_on"] is None
    assert by_slug["lahore-uni"]["latitude"] == 31.5
