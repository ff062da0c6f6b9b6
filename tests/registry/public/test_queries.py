import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models.calendar import add_months
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
)

N = 6
# Filter-form choices, count, rows, prefetches, totals, demo notice: none grows with the rows.
LIST_BOUND = 12
DETAIL_BOUND = 9
EXPORT_BOUND = 6


def fill(n, city, company):
    """Add n parks and n centres in the city, each with a report and tenants, and n companies."""
    for _ in range(n):
        park, centre = ParkFactory(city=city), CentreFactory(city=city)
        for facility in (park, centre):
            ReportFactory(facility=facility)
            TenancyFactory(facility=facility, company=company)
            TenancyFactory(facility=facility).company.sectors.set(["software", "ites"])
        CityFactory()


LIST_URLS = [
    ("centre-list", {}),
    ("centre-list", {"operational_on": "2025-06-30", "sort": "-workers"}),
    ("park-list", {"sort": "-tenants"}),
    ("company-list", {"current": "1", "city": "lahore"}),
    ("company-list", {}),
    ("company-list", {"q": "company", "page": "2"}),
    ("park-list", {"page": "2"}),
    ("city-list", {"sort": "-workers"}),
]


@pytest.mark.parametrize(("name", "params"), LIST_URLS)
def test_list_pages_issue_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, name, params
):
    city = CityFactory(slug="lahore", name="Lahore")
    company = CompanyFactory()
    fill(N, city, company)
    with django_assert_max_num_queries(LIST_BOUND):
        small = client.get(reverse(name), params)
    fill(9 * N, city, company)
    with django_assert_max_num_queries(LIST_BOUND):
        large = client.get(reverse(name), params)

    assert small.status_code == large.status_code == 200
    assert large.context["paginator"].count > small.context["paginator"].count


@pytest.mark.parametrize(
    ("name", "params", "listed"),
    [
        ("centre-list", {}, 3 * N + 2),
        ("centre-list", {"status": "operational"}, 3 * N),
        ("park-list", {"city": "lahore"}, N),
        ("park-list", {"operational_on": "yesterday"}, 0),  # refused: nothing is listed
    ],
)
def test_a_facility_list_counts_its_rows_with_their_totals(client, name, params, listed):
    fill(N, CityFactory(slug="lahore", name="Lahore"), CompanyFactory())
    fill(2 * N, CityFactory(), CompanyFactory())
    for _ in range(2):
        CentreFactory(status="closed", closed_on=datetime.date(2025, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), params)

    assert response.context["paginator"].count == listed
    assert response.context["totals"]["facilities"] == listed
    # No COUNT query of its own: the paginator took the totals' count.
    assert not [q for q in queries.captured_queries if '"__count"' in q["sql"]]


@pytest.mark.parametrize("name", ["centre-export", "park-export", "company-export", "city-export"])
def test_exports_issue_a_bounded_number_of_queries(client, django_assert_max_num_queries, name):
    city = CityFactory(slug="lahore", name="Lahore")
    company = CompanyFactory()
    fill(N, city, company)
    with django_assert_max_num_queries(EXPORT_BOUND):
        small = b"".join(client.get(reverse(name)).streaming_content)
    fill(9 * N, city, company)
    with django_assert_max_num_queries(EXPORT_BOUND):
        large = b"".join(client.get(reverse(name)).streaming_content)

    assert large.count(b"\r\n") > small.count(b"\r\n")


def grow_facility(facility, n):
    """Give the facility n more monthly reports and n more tenants, current and past."""
    start = add_months(datetime.date(2026, 10, 1), -facility.reports.count() - n)
    for i in range(n):
        ReportFactory(facility=facility, period=add_months(start, i))
        TenancyFactory(facility=facility)
        TenancyFactory(facility=facility, ended_on=datetime.date(2024, 6, 1))


@pytest.mark.parametrize(
    ("factory", "name"), [(ParkFactory, "park-detail"), (CentreFactory, "centre-detail")]
)
def test_facility_pages_issue_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, factory, name
):
    facility = factory()
    url = reverse(name, args=[facility.slug]) + "?all=1"  # the full history: every row
    grow_facility(facility, N)
    with django_assert_max_num_queries(DETAIL_BOUND):
        small = client.get(url)
    grow_facility(facility, 9 * N)
    with django_assert_max_num_queries(DETAIL_BOUND):
        large = client.get(url)

    assert len(large.context["current_tenancies"]) == 10 * N
    assert small.status_code == 200


def test_company_page_issues_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    company = CompanyFactory()
    company.sectors.set(["software", "games"])
    url = reverse("company-detail", args=[company.slug])

    def grow(n):
        for _ in range(n):
            TenancyFactory(company=company, facility=CentreFactory())
            TenancyFactory(company=company, ended_on=datetime.date(2024, 6, 1))

    grow(N)
    with django_assert_max_num_queries(DETAIL_BOUND):
        client.get(url)
    grow(9 * N)
    with django_assert_max_num_queries(DETAIL_BOUND):
        large = client.get(url)

    assert len(large.context["past_tenancies"]) == 10 * N


def test_city_page_issues_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    city = CityFactory(slug="lahore", name="Lahore")
    url = reverse("city-detail", args=["lahore"])
    fill(N, city, CompanyFactory())
    with django_assert_max_num_queries(DETAIL_BOUND):
        client.get(url)
    fill(9 * N, city, CompanyFactory())
    with django_assert_max_num_queries(DETAIL_BOUND):
        large = client.get(url)

    assert len(large.context["parks"]) == 10 * N
