"""Current tenants counted from the tenancies: each company once, on the day's edges."""

import datetime

import pytest

from centres.selectors import headline_figures
from registry.models import City, Company
from tests.factories import CityFactory, CompanyFactory, ParkFactory, TenancyFactory, province

D = datetime.date


def city_tenants(day):
    return {city.slug: city.current_tenants for city in City.objects.with_figures(day)}


def national_tenants(day):
    return headline_figures(as_of=day).current_tenants


def current_slugs(day, **place):
    return sorted(
        Company.objects.renting(on=day, current=True, **place).values_list("slug", flat=True)
    )


@pytest.fixture
def year_end():
    """Two cities: tenancies starting and ending on the last day of a year and the first."""
    lahore = CityFactory(slug="lahore")
    multan = CityFactory(slug="multan")
    arfa, other, far = ParkFactory(city=lahore), ParkFactory(city=lahore), ParkFactory(city=multan)
    both = CompanyFactory(slug="both-parks")  # two facilities of one city: counted once there
    TenancyFactory(company=both, facility=arfa, started_on=D(2024, 1, 1))
    TenancyFactory(company=both, facility=other, started_on=D(2024, 6, 1))
    TenancyFactory(company=both, facility=far, started_on=D(2024, 6, 1))
    TenancyFactory(
        company=CompanyFactory(slug="leaves-dec-31"),
        facility=arfa,
        started_on=D(2024, 1, 1),
        ended_on=D(2025, 12, 31),
    )
    TenancyFactory(
        company=CompanyFactory(slug="comes-jan-1"), facility=far, started_on=D(2026, 1, 1)
    )
    TenancyFactory(
        company=CompanyFactory(slug="left-nov-30"),
        facility=other,
        started_on=D(2024, 1, 1),
        ended_on=D(2025, 11, 30),
    )
    return lahore, multan


def test_a_city_counts_a_company_once_and_the_last_and_first_day_of_a_year(year_end):
    assert city_tenants(D(2025, 11, 30)) == {"lahore": 3, "multan": 1}
    assert city_tenants(D(2025, 12, 1)) == {"lahore": 2, "multan": 1}
    assert city_tenants(D(2025, 12, 31)) == {"lahore": 2, "multan": 1}
    assert city_tenants(D(2026, 1, 1)) == {"lahore": 1, "multan": 2}


def test_the_nation_counts_a_company_in_two_cities_once(year_end):
    assert [
        national_tenants(day)
        for day in (D(2025, 11, 30), D(2025, 12, 1), D(2025, 12, 31), D(2026, 1, 1))
    ] == [3, 2, 2, 2]


def test_the_current_filter_keeps_each_company_once_on_both_edges(year_end):
    lahore, _ = year_end
    assert current_slugs(D(2025, 12, 31)) == ["both-parks", "leaves-dec-31"]
    assert current_slugs(D(2026, 1, 1)) == ["both-parks", "comes-jan-1"]
    assert current_slugs(D(2025, 12, 31), city=lahore) == ["both-parks", "leaves-dec-31"]
    assert current_slugs(D(2026, 1, 1), city=lahore) == ["both-parks"]
    assert current_slugs(D(2026, 1, 1), province=province()) == ["both-parks", "comes-jan-1"]


def test_a_tenancy_ending_today_counts_and_one_ending_yesterday_does_not(frozen_today):
    city = CityFactory(slug="city")
    park = ParkFactory(city=city)
    yesterday = frozen_today - datetime.timedelta(days=1)
    TenancyFactory(company=CompanyFactory(slug="today"), facility=park, ended_on=frozen_today)
    TenancyFactory(company=CompanyFactory(slug="yesterday"), facility=park, ended_on=yesterday)
    TenancyFactory(
        company=CompanyFactory(slug="tomorrow"),
        facility=park,
        started_on=frozen_today + datetime.timedelta(days=1),
    )

    assert City.objects.with_figures().get().current_tenants == 1
    assert national_tenants(frozen_today) == 1
    assert current_slugs(frozen_today) == ["today"]
    assert national_tenants(yesterday) == 2


def test_the_cities_page_and_the_companies_list_show_the_counts(client, year_end):
    # The day every test stands on (tests/conftest.py) is in late 2026: both-parks and
    # comes-jan-1 rent, both-parks in Lahore's two parks and in Multan.
    page = client.get("/companies/?current=1").content.decode()
    assert "both-parks" in page and "comes-jan-1" in page and "leaves-dec-31" not in page
    lahore = client.get("/companies/?city=lahore&current=1").content.decode()
    assert "both-parks" in lahore and "comes-jan-1" not in lahore
