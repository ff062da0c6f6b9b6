"""The API's parks, companies and cities lists have their CSV's rows and values (SPEC §4.4).

For every filter of each list's FilterSet (and every sort key), the rows of every API page are
the CSV's rows, in the same order, with the same values: null for an empty cell, no guard.
"""

import pytest

from registry.public.filters import CityFilterSet, CompanyFilterSet, ParkFilterSet
from tests.api_parity import assert_same_rows, filter_cases
from tests.factories import varied_registry

FACILITY_VALUES = {
    "q": ["park", "karachi"],
    "province": ["PB"],
    "city": ["lahore"],
    "operator": ["pitb"],
    "operational_on": ["2025-01-15"],
    "missing_report": ["2025-06"],
}
LISTS = {
    "parks": (ParkFilterSet, FACILITY_VALUES | {"status": ["operational", "closed"]}),
    "companies": (
        CompanyFilterSet,
        {
            "q": ["soft", "0161"],
            "sector": ["software"],
            "facility": ["arfa"],
            "province": ["SD"],
            "city": ["lahore"],
            "operator": ["pseb"],
            "current": ["true", "false"],
        },
    ),
    "cities": (CityFilterSet, {"q": ["lah"], "province": ["SD"]}),
}
CASES = [
    (name, parameter, value)
    for name, (filterset_class, values) in LISTS.items()
    for parameter, value in filter_cases(filterset_class, values)
]


@pytest.fixture
def registry():
    return varied_registry()


@pytest.mark.parametrize(("name", "parameter", "value"), CASES)
def test_every_filter_gives_the_csv_rows(client, registry, name, parameter, value):
    query = f"{parameter}={value}"
    rows = assert_same_rows(client, f"/api/v1/{name}/?{query}", f"/{name}/export.csv?{query}")
    if parameter != "sort":
        # The value narrows the list: the filter was applied, not ignored.
        everything = client.get(f"/api/v1/{name}/").json()["count"]
        assert 0 < len(rows) < everything or parameter == "current", (query, len(rows))


@pytest.mark.parametrize("name", list(LISTS))
def test_unfiltered_list_gives_the_csv_rows(client, registry, name):
    rows = assert_same_rows(client, f"/api/v1/{name}/", f"/{name}/export.csv")
    assert len(rows) >= 2


def test_json_has_no_formula_guard_and_null_for_empty(client, registry):
    parks = {row["slug"]: row for row in client.get("/api/v1/parks/").json()["results"]}
    assert parks["karachi-stp"]["name"] == "=Karachi STP"
    assert parks["new-park"]["opened_on"] is None
    companies = {row["slug"]: row for row in client.get("/api/v1/companies/").json()["results"]}
    assert companies["soft-one"]["secp_registration_no"] == "0161036"
    assert companies["nowhere-co"]["sectors"] is None
    assert companies["nowhere-co"]["website"] is None
    assert companies["bpo-co"]["name"] == "+BPO Company"
