"""The list CSVs from COPY equal the csv module's on the demo and on a generated registry."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from centres.public.filters import CentreFilterSet
from centres.public.lists import CENTRES
from registry.public.filters import CityFilterSet, CompanyFilterSet, ParkFilterSet
from registry.public.lists import CITIES, COMPANIES, PARKS
from tests.registry.csv_paths import both_paths

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="COPY is PostgreSQL's; on SQLite every CSV is written by the csv module alone",
)

DEMO_DIR = Path(settings.BASE_DIR) / "registry" / "fixtures" / "demo"
LOADS = {
    "demo": ("import_registry", *sorted(str(path) for path in DEMO_DIR.glob("*.csv"))),
    "generated": ("generate_registry", "--scale", "0.2", "--seed", "4"),
}


def sorts(filterset_class):
    return [{"sort": sort} for sort in filterset_class.base_filters["sort"].orders]


# Every sort of each list; every filter alone, and some together.
CENTRE_PARAMS = sorts(CentreFilterSet) + [
    {},
    {"q": "university"},
    {"q": "lahore centre"},
    {"q": "no-such-centre-anywhere"},
    {"programme": "federal-e-rozgaar"},
    {"province": "PB"},
    {"province": "KP"},
    {"city": "lahore"},
    {"status": "operational"},
    {"status": "closed"},
    {"status": "proposed"},
    {"host_type": "university"},
    {"operator": "pseb"},
    {"planned_fy": "2025"},
    {"launch_fy": "2025"},
    {"operational_on": "2025-06-30"},
    {"province": "PB", "status": "operational", "sort": "-workers"},
    {"operational_on": "2024-12-31", "host_type": "college", "sort": "women_share"},
    {"q": "e-Rozgaar", "launch_fy": "2026", "sort": "-last_report"},
]
PARK_PARAMS = sorts(ParkFilterSet) + [
    {"q": "park"},
    {"province": "PB"},
    {"city": "islamabad"},
    {"status": "operational"},
    {"status": "planned"},
    {"operator": "pseb"},
    {"operational_on": "2022-01-01", "sort": "-tenants"},
]
CITY_PARAMS = sorts(CityFilterSet) + [{"q": "abad"}, {"province": "SD", "sort": "-workers"}]
COMPANY_PARAMS = sorts(CompanyFilterSet) + [
    {},
    {"q": "soft"},
    {"current": "1"},
    {"current": "0"},
    {"sector": "software"},
    {"province": "PB", "current": "1"},
    {"city": "lahore"},
]
CASES = (
    [(CentreFilterSet, CENTRES, params) for params in CENTRE_PARAMS]
    + [(ParkFilterSet, PARKS, params) for params in PARK_PARAMS]
    + [(CityFilterSet, CITIES, params) for params in CITY_PARAMS]
    + [(CompanyFilterSet, COMPANIES, params) for params in COMPANY_PARAMS]
)


@pytest.fixture(scope="module", params=list(LOADS))
def registry(request, django_db_setup, django_db_blocker):
    """Load the demo, or generate a registry, once per module; roll it back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(*LOADS[request.param], stdout=io.StringIO())
        yield request.param
        transaction.set_rollback(True)


@pytest.mark.parametrize(("filterset_class", "table", "params"), CASES)
def test_copy_writes_the_registry_byte_for_byte(registry, filterset_class, table, params):
    via_copy, portable = both_paths(params, filterset_class, table)

    assert via_copy == portable


@pytest.mark.parametrize(
    ("filterset_class", "table"),
    [
        (CentreFilterSet, CENTRES),
        (ParkFilterSet, PARKS),
        (CityFilterSet, CITIES),
        (CompanyFilterSet, COMPANIES),
    ],
)
def test_every_list_has_rows_to_compare(registry, filterset_class, table):
    via_copy, _ = both_paths({}, filterset_class, table)

    assert via_copy.count(b"\r\n") > 10
