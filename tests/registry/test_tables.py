"""The list tables' rows hold the text their cells showed through template filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Company, Park, ParkStatus
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
)


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Forget the language a /ur/ request activated, so later tests reverse English URLs."""
    yield
    translation.deactivate()


def park_row(client, language="en"):
    prefix = "" if language == "en" else f"/{language}"
    return client.get(prefix + reverse("park-list")).context["rows"][0]


def test_a_park_row_names_its_place_status_and_latest_report(client):
    city = CityFactory(name="Lahore", slug="lahore", name_ur="لاہور")
    park = ParkFactory(name="Arfa", slug="arfa", city=city, opened_on=datetime.date(2012, 1, 9))
    TenancyFactory.create_batch(2, facility=park)
    ReportFactory(facility=park, period=datetime.date(2025, 3, 1), workers=1200, women=300)

    row = park_row(client)

    assert row["url"] == "/parks/arfa/"
    assert (row["city"], row["city_url"], row["province"]) == (
        "Lahore",
        "/cities/lahore/",
        "Punjab",
    )
    assert (row["status"], row["status_label"]) == ("operational", "Operational")
    assert (row["opened"], row["last_report"]) == ("9 January 2012", "March 2025")
    assert (row["tenants"], row["workers"], row["women_share"]) == ("2", "1,200", "25.0%")
    assert row["operator"] == "PSEB"


def test_a_park_that_never_reported_or_opened_says_so(client):
    ParkFactory(status=ParkStatus.UNDER_CONSTRUCTION, opened_on=None)

    row = park_row(client)

    assert (row["opened"], row["last_report"]) == ("—", None)
    assert (row["workers"], row["women_share"]) == ("—", "—")


def test_an_urdu_row_has_urdu_names_and_addresses(client):
    ParkFactory(slug="arfa", city=CityFactory(slug="lahore", name_ur="لاہور"))

    row = park_row(client, "ur")

    assert (row["url"], row["city_url"], row["city"]) == (
        "/ur/parks/arfa/",
        "/ur/cities/lahore/",
        "لاہور",
    )
    with translation.override("ur"):
        assert row["status_label"] == str(Park(status="operational").get_status_display())


def test_a_company_row_joins_its_sectors_and_lists_where_it_rents(client):
    company = CompanyFactory(name="Zeta", slug="zeta", founded_year=None)
    TenancyFactory(company=company, facility=ParkFactory(name="Arfa", slug="arfa"))

    row = client.get(reverse("company-list")).context["rows"][0]

    assert (row["url"], row["name"], row["founded"]) == ("/companies/zeta/", "Zeta", "—")
    assert row["sectors"] == ", ".join(s.name for s in Company.objects.get().sectors.all())
    assert row["renting_at"] == [{"url": "/parks/arfa/", "name": "Arfa"}]


def test_a_city_row_has_its_figures_grouped(client):
    CityFactory(name="Lahore", slug="lahore")

    rows = client.get(reverse("city-list")).context["rows"]

    row = next(row for row in rows if row["slug"] == "lahore")
    assert (row["url"], row["name"], row["name_en"]) == ("/cities/lahore/", "Lahore", "Lahore")
    assert (row["parks"], row["workers"], row["women_share"]) == ("0", "0", "—")


def test_a_centre_row_names_its_programme(client):
    CentreFactory(slug="c-1")

    row = client.get(reverse("centre-list")).context["rows"][0]

    assert (row["url"], row["programme"]) == ("/centres/c-1/", "Federal e-Rozgaar centres (2024–)")


def test_tenant_rows_give_the_company_dates_and_seats(client):
    park = ParkFactory(slug="arfa")
    company = CompanyFactory(name="Zeta", slug="zeta")
    TenancyFactory(company=company, facility=park, started_on=datetime.date(2024, 7, 1), seats=1200)
    TenancyFactory(
        facility=park,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 3, 31),
        seats=None,
    )

    context = client.get(reverse("park-detail", args=["arfa"])).context

    [current] = context["current_tenant_rows"]
    assert current == {
        "company_url": "/companies/zeta/",
        "company": "Zeta",
        "started": "1 July 2024",
        "ended": "",
        "seats": "1,200",
    }
    [past] = context["past_tenant_rows"]
    assert (past["started"], past["ended"], past["seats"]) == (
        "1 January 2020",
        "31 March 2021",
        "—",
    )
