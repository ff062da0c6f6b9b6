import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from registry.models import CentreStatus
from registry.models.calendar import add_months
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
    province,
)


@pytest.mark.parametrize("name", ["centre-detail", "park-detail", "company-detail", "city-detail"])
def test_unknown_slugs_are_not_found(client, name):
    response = client.get(reverse(name, args=["no-such-thing"]))

    assert response.status_code == 404


def test_a_park_is_not_shown_as_a_centre(client):
    park = ParkFactory()

    assert client.get(reverse("centre-detail", args=[park.slug])).status_code == 404
    assert client.get(reverse("park-detail", args=[park.slug])).status_code == 200


def test_centre_page_shows_its_facts(client):
    city = CityFactory(slug="islamabad", name="Islamabad", province=province("IS"))
    centre = CentreFactory(
        name="e-Rozgaar Centre Islamabad",
        city=city,
        host_institution="Blue Area Partner",
        planned_fy=2024,
        opened_on=datetime.date(2024, 2, 6),
        seats=120,
        address="Jinnah Avenue",
    )

    response = client.get(reverse("centre-detail", args=[centre.slug]))

    assert response.status_code == 200
    text = response.content.decode()
    for fact in (
        "e-Rozgaar Centre Islamabad",
        "Blue Area Partner",
        "private partner",
        "FY2024 (2023-24)",
        "6 February 2024",
        "Federal e-Rozgaar centres (2024–)",
        "Pakistan Software Export Board",
        "Islamabad Capital Territory",
        "Jinnah Avenue",
        "120",
        'href="/cities/islamabad/"',
        'href="/centres/?programme=federal-e-rozgaar"',
    ):
        assert fact in text
    assert response.context["centre"].pk == centre.pk


def test_coordinates_fall_back_to_the_city(client):
    city = CityFactory(latitude=Decimal("33.7215"), longitude=Decimal("73.0433"))
    own = ParkFactory(city=city, latitude=Decimal("33.6000"), longitude=Decimal("73.1000"))
    borrowed = ParkFactory(city=city)

    own_page = client.get(reverse("park-detail", args=[own.slug])).content.decode()
    borrowed_page = client.get(reverse("park-detail", args=[borrowed.slug])).content.decode()

    assert "33.6000, 73.1000" in own_page
    assert "the city's" not in own_page
    assert "33.7215, 73.0433" in borrowed_page
    assert "the city's" in borrowed_page


def test_park_page_lists_current_and_past_tenants(client):
    park = ParkFactory(area_sqft=44000)
    current = TenancyFactory(
        facility=park,
        company=CompanyFactory(name="Still Here"),
        started_on=datetime.date(2023, 5, 1),
    )
    past = TenancyFactory(
        facility=park,
        company=CompanyFactory(name="Moved On"),
        started_on=datetime.date(2021, 1, 1),
        ended_on=datetime.date(2022, 12, 31),
    )

    response = client.get(reverse("park-detail", args=[park.slug]))

    assert response.context["current_tenancies"] == [current]
    assert response.context["past_tenancies"] == [past]
    text = response.content.decode()
    assert "44,000 sq ft" in text
    assert "1 May 2023" in text
    assert "31 December 2022" in text
    assert f'href="/companies/{current.company.slug}/"' in text


def test_workforce_history_is_a_chart_with_its_table_and_a_gap_for_a_missing_month(client):
    park = ParkFactory()
    ReportFactory(facility=park, period=datetime.date(2026, 7, 1), workers=1200, women=300)
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=1500, women=330)

    response = client.get(reverse("park-detail", args=[park.slug]))

    text = response.content.decode()
    assert "Last reported September 2026" in text
    assert "<svg" in text
    workers, women = '<td class="num" data-label="Workers">', '<td class="num" data-label="Women">'
    assert f'<th scope="row">Aug 2026</th>{workers}—</td>' in text
    assert f'<th scope="row">Sep 2026</th>{workers}1,500</td>{women}330</td>' in text
    chart = response.context["chart"]
    assert chart.labels == ["Jul 2026", "Aug 2026", "Sep 2026"]
    assert [s.values for s in chart.series] == [[1200, None, 1500], [300, None, 330]]
    assert len(chart.series[0].segments) == 2
    assert [value for _, value in chart.y_ticks] == [0, 500, 1000, 1500]


def test_a_facility_without_reports_says_no_report(client):
    centre = CentreFactory(status=CentreStatus.APPROVED, opened_on=None)

    response = client.get(reverse("centre-detail", args=[centre.slug]))

    assert b"No report" in response.content
    assert b"<svg" not in response.content
    assert response.context["overdue"] is False


def test_an_operational_facility_with_an_old_report_is_overdue(client):
    park = ParkFactory()
    ReportFactory(facility=park, period=datetime.date(2025, 1, 1))

    response = client.get(reverse("park-detail", args=[park.slug]))

    assert response.context["overdue"] is True
    assert b"Overdue" in response.content


def test_company_page_shows_tenancies_past_and_present(client):
    company = CompanyFactory(
        name="Acme Soft",
        secp_registration_no="0123456",
        founded_year=2015,
        website="https://acme.pk",
    )
    company.sectors.set(["software"])
    park = ParkFactory(name="Arfa Software Technology Park")
    centre = CentreFactory(name="e-Rozgaar Centre Lahore")
    TenancyFactory(company=company, facility=park)
    TenancyFactory(
        company=company,
        facility=centre,
        started_on=datetime.date(2022, 1, 1),
        ended_on=datetime.date(2023, 1, 1),
    )

    response = client.get(reverse("company-detail", args=[company.slug]))

    assert response.status_code == 200
    assert [t.facility_id for t in response.context["current_tenancies"]] == [park.pk]
    assert [t.facility_id for t in response.context["past_tenancies"]] == [centre.pk]
    text = response.content.decode()
    for fact in ("Acme Soft", "0123456", "2015", "https://acme.pk", "Software development"):
        assert fact in text
    assert f'href="/parks/{park.slug}/"' in text
    assert f'href="/centres/{centre.slug}/"' in text
    assert "1 January 2023" in text


def test_city_page_shows_figures_and_its_facilities(client):
    city = CityFactory(slug="lahore", name="Lahore", name_ur="لاہور")
    park = ParkFactory(city=city, name="Arfa Software Technology Park")
    centre = CentreFactory(city=city, name="e-Rozgaar Centre Lahore")
    planned = CentreFactory(city=city, status=CentreStatus.PROPOSED, opened_on=None)
    ReportFactory(facility=park, workers=900, women=200)
    ReportFactory(facility=centre, workers=100, women=50)
    TenancyFactory.create_batch(2, facility=park)

    response = client.get(reverse("city-detail", args=["lahore"]))

    assert response.status_code == 200
    shown = response.context["city"]
    assert (shown.parks, shown.centres, shown.workers, shown.current_tenants) == (1, 1, 1000, 2)
    assert {f.slug for f in response.context["centres"]} == {centre.slug, planned.slug}
    text = response.content.decode()
    assert "لاہور" in text
    assert "25.0%" in text
    assert f'href="/parks/{park.slug}/"' in text
    assert 'href="/companies/?city=lahore&amp;current=1"' in text


def test_a_long_history_shows_the_latest_24_months_and_past_tenants_with_a_link_to_all(client):
    park = ParkFactory()
    months = [add_months(datetime.date(2026, 10, 1), -i) for i in range(30)]
    for i, month in enumerate(months):
        ReportFactory(facility=park, period=month, workers=100 + i, women=i)
        TenancyFactory(
            facility=park,
            started_on=add_months(month, -40),
            ended_on=add_months(month, -1),
        )
    current = TenancyFactory(facility=park, started_on=datetime.date(2020, 1, 1))
    url = reverse("park-detail", args=[park.slug])

    recent = client.get(url)
    full = client.get(url, {"all": "1"})

    assert recent.context["chart"].labels == [m.strftime("%b %Y") for m in reversed(months[:24])]
    assert [r.period for r in recent.context["reports"]] == sorted(months[:24])
    assert [t.ended_on for t in recent.context["past_tenancies"]] == [
        add_months(m, -1) for m in months[:24]
    ]
    assert recent.context["current_tenancies"] == [current]
    assert 'href="?all=1#workforce"' in recent.content.decode()
    assert "Past tenants (the latest 24)" in recent.content.decode()
    assert len(full.context["chart"].labels) == 30
    assert len(full.context["past_tenancies"]) == 30
    assert "?all=1#workforce" not in full.content.decode()
    assert "Past tenants (30)" in full.content.decode()


def test_a_short_history_is_shown_whole_without_a_link(client):
    centre = CentreFactory()
    ReportFactory(facility=centre, period=datetime.date(2026, 9, 1))
    TenancyFactory(facility=centre, ended_on=datetime.date(2025, 1, 1))

    response = client.get(reverse("centre-detail", args=[centre.slug]))

    assert len(response.context["past_tenancies"]) == 1
    assert "?all=1" not in response.content.decode()
