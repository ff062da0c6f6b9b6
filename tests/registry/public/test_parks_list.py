import datetime

from django.urls import reverse

from registry.models import Park, ParkStatus
from tests.factories import (
    CityFactory,
    OperatorFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
    province,
)

URL = reverse("park-list")


def slugs(response):
    return [park.slug for park in response.context["object_list"]]


def test_it_lists_every_park_with_tenants_and_workers(client):
    park = ParkFactory(name="Arfa Software Technology Park")
    ParkFactory(name="Karachi IT Park", status=ParkStatus.UNDER_CONSTRUCTION, opened_on=None)
    TenancyFactory.create_batch(3, facility=park)
    TenancyFactory(facility=park, ended_on=datetime.date(2024, 6, 30))
    ReportFactory(facility=park, workers=2500, women=500)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["paginator"].count == 2
    row = response.context["object_list"][0]
    assert (row.current_tenants, row.latest_workers, row.latest_women) == (3, 2500, 500)
    assert b"2,500" in response.content
    assert b"Under construction" in response.content


def test_operational_on_equals_the_model_count_and_moves_the_figures(client):
    day = datetime.date(2024, 12, 31)
    opened = ParkFactory(opened_on=datetime.date(2020, 1, 1))
    ParkFactory(opened_on=datetime.date(2025, 1, 1))
    ParkFactory(status=ParkStatus.CLOSED, closed_on=datetime.date(2024, 12, 31))
    ParkFactory(status=ParkStatus.PLANNED, opened_on=None)
    ReportFactory(facility=opened, period=datetime.date(2024, 12, 1), workers=70, women=7)
    ReportFactory(facility=opened, period=datetime.date(2025, 1, 1), workers=80, women=8)
    TenancyFactory(facility=opened, started_on=datetime.date(2024, 1, 1))
    TenancyFactory(facility=opened, started_on=datetime.date(2025, 2, 1))

    response = client.get(URL, {"operational_on": day.isoformat()})

    assert response.context["paginator"].count == Park.objects.operational_on(day).count() == 1
    row = response.context["object_list"][0]
    assert (row.latest_workers, row.current_tenants) == (70, 1)
    assert response.context["totals"] == Park.objects.operational_on(day).workforce_totals(day)


def test_province_city_status_and_operator_filters(client):
    sco = OperatorFactory(slug="sco", name="Special Communications Organization", short_name="SCO")
    gilgit = CityFactory(slug="gilgit", name="Gilgit", province=province("GB"))
    match = ParkFactory(operator=sco, city=gilgit)
    ParkFactory(city=gilgit)
    ParkFactory(operator=sco)
    ParkFactory(operator=sco, city=gilgit, status=ParkStatus.PLANNED, opened_on=None)

    response = client.get(
        URL, {"province": "GB", "city": "gilgit", "operator": "sco", "status": "operational"}
    )

    assert slugs(response) == [match.slug]


def test_a_centre_status_is_not_a_park_status(client):
    ParkFactory()

    response = client.get(URL, {"status": "suspended"})

    assert "status" in response.context["filter"].form.errors
    assert list(response.context["object_list"]) == []


def test_sort_by_most_tenants(client):
    quiet = ParkFactory()
    busy = ParkFactory()
    TenancyFactory.create_batch(2, facility=busy)
    TenancyFactory(facility=quiet)

    assert slugs(client.get(URL, {"sort": "-tenants"})) == [busy.slug, quiet.slug]


def test_sort_by_opening_date(client):
    new = ParkFactory(opened_on=datetime.date(2023, 1, 1))
    old = ParkFactory(opened_on=datetime.date(2012, 2, 1))

    assert slugs(client.get(URL, {"sort": "opened_on"})) == [old.slug, new.slug]
    assert slugs(client.get(URL, {"sort": "-opened_on"})) == [new.slug, old.slug]
