import datetime

from django.urls import reverse

from registry.models import Company, Sector, Tenancy, calendar
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    OperatorFactory,
    ParkFactory,
    TenancyFactory,
    province,
)

URL = reverse("company-list")
ENDED = datetime.date(2025, 1, 31)


def slugs(response):
    return [company.slug for company in response.context["object_list"]]


def test_it_lists_companies_with_sectors_and_where_they_rent_today(client):
    company = CompanyFactory(name="Acme Soft")
    company.sectors.set(Sector.objects.filter(code__in=["software", "games"]))
    park = ParkFactory(name="Arfa Software Technology Park")
    TenancyFactory(company=company, facility=park)
    TenancyFactory(company=company, ended_on=ENDED)

    response = client.get(URL)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Acme Soft" in text
    assert "Games, Software development" in text
    row = response.context["object_list"][0]
    assert [tenancy.facility.slug for tenancy in row.current_tenancies] == [park.slug]


def test_current_counts_companies_with_a_current_tenancy(client):
    for _ in range(3):
        TenancyFactory()
    moved_on = CompanyFactory()
    TenancyFactory(company=moved_on, ended_on=ENDED)
    CompanyFactory()
    twice = CompanyFactory()
    TenancyFactory.create_batch(2, company=twice)
    today = calendar.today()
    expected = Company.objects.filter(
        pk__in=Tenancy.objects.current_on(today).values("company")
    ).count()

    response = client.get(URL, {"current": "1"})

    assert response.context["paginator"].count == expected == 4
    assert moved_on.slug not in slugs(response)


def test_not_current_lists_companies_renting_nowhere_today(client):
    TenancyFactory()
    moved_on = CompanyFactory()
    TenancyFactory(company=moved_on, ended_on=ENDED)
    never = CompanyFactory()

    response = client.get(URL, {"current": "false"})

    assert sorted(slugs(response)) == sorted([moved_on.slug, never.slug])


def test_facility_keeps_past_and_present_tenants_and_current_narrows_to_present(client):
    park = ParkFactory(slug="arfa-stp")
    present = TenancyFactory(facility=park).company
    past = TenancyFactory(facility=park, ended_on=ENDED).company
    # Renting today elsewhere does not make a past tenant of this park current here.
    TenancyFactory(company=past)
    TenancyFactory()

    everyone = client.get(URL, {"facility": "arfa-stp"})
    current = client.get(URL, {"facility": "arfa-stp", "current": "1"})

    assert sorted(slugs(everyone)) == sorted([present.slug, past.slug])
    assert slugs(current) == [present.slug]


def test_city_and_province_filters_look_at_where_companies_rent(client):
    karachi = CityFactory(slug="karachi", name="Karachi", province=province("SD"))
    in_karachi = TenancyFactory(facility=CentreFactory(city=karachi)).company
    TenancyFactory(facility=ParkFactory())

    assert slugs(client.get(URL, {"city": "karachi", "current": "1"})) == [in_karachi.slug]
    assert slugs(client.get(URL, {"province": "SD"})) == [in_karachi.slug]


def test_a_place_and_current_must_hold_for_one_tenancy(client):
    karachi = CityFactory(slug="karachi", name="Karachi", province=province("SD"))
    centre = CentreFactory(city=karachi, slug="karachi-centre")
    here_now = TenancyFactory(facility=centre).company
    # Rented in Karachi once and rents elsewhere today: not a current tenant of Karachi.
    here_before = TenancyFactory(facility=centre, ended_on=ENDED).company
    TenancyFactory(company=here_before)

    for place in [{"city": "karachi"}, {"province": "SD"}, {"facility": "karachi-centre"}]:
        assert sorted(slugs(client.get(URL, place))) == sorted([here_now.slug, here_before.slug])
        assert slugs(client.get(URL, {**place, "current": "1"})) == [here_now.slug]
        assert slugs(client.get(URL, {**place, "current": "0"})) == [here_before.slug]


def test_operator_filter_keeps_tenants_of_its_facilities(client):
    sco = OperatorFactory(slug="sco", name="Special Communications Organization", short_name="SCO")
    tenant = TenancyFactory(facility=ParkFactory(operator=sco)).company
    TenancyFactory()

    assert slugs(client.get(URL, {"operator": "sco"})) == [tenant.slug]


def test_sector_filter(client):
    games = CompanyFactory()
    games.sectors.set(["games", "software"])
    CompanyFactory().sectors.set(["software"])

    assert slugs(client.get(URL, {"sector": "games"})) == [games.slug]


def test_search_matches_name_and_registration_number(client):
    acme = CompanyFactory(name="Acme Soft", secp_registration_no="0123456")
    CompanyFactory(name="Other")

    assert slugs(client.get(URL, {"q": "acme"})) == [acme.slug]
    assert slugs(client.get(URL, {"q": "0123456"})) == [acme.slug]


def test_search_ignores_case_and_width_and_matches_slug_and_part_of_the_number(client):
    acme = CompanyFactory(
        name="ＡＣＭＥ Straße Systems", slug="acme-strasse", secp_registration_no="0123456"
    )
    zeta = CompanyFactory(name="Other Name", slug="zeta-labs")
    CompanyFactory(name="Unrelated", secp_registration_no="999")

    assert slugs(client.get(URL, {"q": "acme"})) == [acme.slug]
    assert slugs(client.get(URL, {"q": "STRASSE systems"})) == [acme.slug]
    assert slugs(client.get(URL, {"q": "Zeta"})) == [zeta.slug]
    assert slugs(client.get(URL, {"q": "2345 acme"})) == [acme.slug]
    assert slugs(client.get(URL, {"q": "2345 zeta"})) == []


def test_an_unknown_facility_is_an_error_by_the_field(client):
    TenancyFactory()

    response = client.get(URL, {"facility": "no-such-park"})

    assert response.status_code == 200
    assert "facility" in response.context["filter"].form.errors
    assert list(response.context["object_list"]) == []


def test_sort_by_founding_year(client):
    young = CompanyFactory(founded_year=2020)
    old = CompanyFactory(founded_year=1999)
    unknown = CompanyFactory(founded_year=None)

    assert slugs(client.get(URL, {"sort": "founded_year"})) == [old.slug, young.slug, unknown.slug]
    assert slugs(client.get(URL, {"sort": "-founded_year"})) == [
        young.slug,
        old.slug,
        unknown.slug,
    ]


def test_filter_selects_list_every_choice_and_keep_the_chosen_one(client):
    CityFactory(slug="lahore", name="Lahore")
    CityFactory(slug="multan", name="Multan")

    text = client.get(URL, {"city": "multan"}).content.decode()

    assert '<option value="">All cities</option>' in text
    assert '<option value="lahore">Lahore</option>' in text
    assert '<option value="multan" selected>Multan</option>' in text
    assert '<option value="software">' in text
