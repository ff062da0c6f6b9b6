import datetime

from django.urls import reverse

from registry.models import City, Company, Facility, Park, ParkStatus, Tenancy, calendar
from tests.factories import (
    CentreFactory,
    CityFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
    province,
)

URL = reverse("city-list")


def test_city_figures_follow_the_model_rules(client):
    today = calendar.today()
    lahore = CityFactory(slug="lahore", name="Lahore")
    park = ParkFactory(city=lahore)
    centre = CentreFactory(city=lahore)
    closed = ParkFactory(city=lahore, status=ParkStatus.CLOSED, closed_on=datetime.date(2023, 1, 1))
    ParkFactory(city=lahore, status=ParkStatus.PLANNED, opened_on=None)
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=900, women=1)
    ReportFactory(facility=park, period=datetime.date(2026, 10, 1), workers=300, women=60)
    ReportFactory(facility=centre, workers=100, women=40)
    ReportFactory(facility=closed, period=datetime.date(2022, 12, 1), workers=555, women=5)
    shared = TenancyFactory(facility=park).company
    TenancyFactory(facility=centre, company=shared)
    TenancyFactory(facility=centre)
    TenancyFactory(facility=park, ended_on=datetime.date(2025, 1, 1))
    CityFactory(slug="quiet", name="Quiet Town")

    response = client.get(URL)

    assert response.status_code == 200
    row = next(city for city in response.context["object_list"] if city.slug == "lahore")
    open_here = Facility.objects.operational_on(today).filter(city=lahore)
    totals = open_here.workforce_totals(today)
    assert row.parks == Park.objects.operational_on(today).filter(city=lahore).count() == 1
    assert row.centres == 1
    assert (row.workers, row.women) == (totals["workers"], totals["women"]) == (400, 100)
    tenants = Company.objects.filter(
        pk__in=Tenancy.objects.current_on(today).filter(facility__city=lahore).values("company")
    )
    assert row.current_tenants == tenants.count() == 2
    assert b"25.0%" in response.content
    quiet = next(city for city in response.context["object_list"] if city.slug == "quiet")
    assert (quiet.parks, quiet.centres, quiet.workers, quiet.current_tenants) == (0, 0, 0, 0)


def test_city_figures_link_to_lists_with_the_same_count(client):
    today = calendar.today().isoformat()
    lahore = CityFactory(slug="lahore", name="Lahore")
    ParkFactory.create_batch(2, city=lahore)
    ParkFactory(city=lahore, status=ParkStatus.PLANNED, opened_on=None)
    TenancyFactory.create_batch(3, facility=CentreFactory(city=lahore))

    page = client.get(URL)
    parks = client.get(reverse("park-list"), {"city": "lahore", "operational_on": today})
    tenants = client.get(reverse("company-list"), {"city": "lahore", "current": "1"})

    row = page.context["object_list"][0]
    assert f"/parks/?city=lahore&amp;operational_on={today}".encode() in page.content
    assert parks.context["paginator"].count == row.parks == 2
    assert tenants.context["paginator"].count == row.current_tenants == 3


def test_province_filter_and_search(client):
    CityFactory(slug="lahore", name="Lahore", name_ur="لاہور")
    CityFactory(slug="karachi", name="Karachi", province=province("SD"))

    by_province = client.get(URL, {"province": "SD"})
    by_urdu = client.get(URL, {"q": "لاہور"})

    assert [c.slug for c in by_province.context["object_list"]] == ["karachi"]
    assert [c.slug for c in by_urdu.context["object_list"]] == ["lahore"]


def test_sort_by_most_workers(client):
    small = ParkFactory(city=CityFactory(slug="small", name="A small city"))
    big = ParkFactory(city=CityFactory(slug="big", name="Z big city"))
    ReportFactory(facility=small, workers=10, women=1)
    ReportFactory(facility=big, workers=1000, women=1)

    response = client.get(URL, {"sort": "-workers"})

    assert [c.slug for c in response.context["object_list"]] == ["big", "small"]


def test_city_list_counts_match_city_count(client):
    CityFactory.create_batch(60)

    response = client.get(URL)

    assert response.context["paginator"].count == City.objects.count() == 60
    assert len(response.context["object_list"]) == 50


def test_each_count_says_what_it_counts_to_screen_readers_in_the_pages_language(client):
    city = CityFactory(slug="ab", name="A&B Town", name_ur="اے بی")
    ParkFactory.create_batch(2, city=city)
    TenancyFactory.create_batch(3, facility=CentreFactory(city=city))

    english = client.get(URL).content.decode()
    urdu = client.get("/ur" + URL).content.decode()

    for count, label in [
        (2, "parks operational in A&amp;B Town"),
        (1, "centres operational in A&amp;B Town"),
        (3, "companies renting in A&amp;B Town"),
    ]:
        assert f'{count}<span class="visually-hidden"> {label}</span></a>' in english
    assert '2<span class="visually-hidden"> اے بی میں فعال پارک</span></a>' in urdu
