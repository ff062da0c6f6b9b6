"""Companies found by where they rent, and the ';'-joined lists their CSV reads."""

import datetime

from registry.models import Company
from tests.factories import CityFactory, CompanyFactory, ParkFactory, TenancyFactory, province

ON = datetime.date(2025, 6, 1)


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def test_one_tenancy_must_meet_the_place_and_the_date_together():
    lahore = CityFactory(slug="lahore")
    karachi = CityFactory(slug="karachi", province=province("SD"))
    arfa, karachi_park = ParkFactory(city=lahore), ParkFactory(city=karachi)
    # Rented in Lahore once, rents in Karachi now: not a current tenant in Lahore.
    moved = CompanyFactory(slug="moved")
    TenancyFactory(company=moved, facility=arfa, ended_on=datetime.date(2024, 12, 31))
    TenancyFactory(company=moved, facility=karachi_park, started_on=datetime.date(2025, 1, 1))
    stays = CompanyFactory(slug="stays")
    TenancyFactory(company=stays, facility=arfa)
    CompanyFactory(slug="never")

    companies = Company.objects.all()

    assert slugs(companies.renting(on=ON)) == ["moved", "never", "stays"]
    assert slugs(companies.renting(on=ON, city=lahore)) == ["moved", "stays"]
    assert slugs(companies.renting(on=ON, city=lahore, current=True)) == ["stays"]
    assert slugs(companies.renting(on=ON, city=lahore, current=False)) == ["moved"]
    assert slugs(companies.renting(on=ON, facility=arfa, current=True)) == ["stays"]
    assert slugs(companies.renting(on=ON, province=province("SD"))) == ["moved"]
    assert slugs(companies.renting(on=ON, operator=arfa.operator, current=True)) == [
        "moved",
        "stays",
    ]
    assert slugs(companies.renting(on=ON, current=True)) == ["moved", "stays"]
    assert slugs(companies.renting(on=ON, current=False)) == ["never"]


def test_the_export_lists_are_joined_from_the_sectors_and_the_current_tenancies():
    company = CompanyFactory()
    company.sectors.set(["software", "ites"])
    TenancyFactory(company=company, facility=ParkFactory(slug="b-park"))
    TenancyFactory(company=company, facility=ParkFactory(slug="a-park"))
    TenancyFactory(company=company, facility=ParkFactory(slug="gone"), ended_on=ON)
    TenancyFactory(
        company=company,
        facility=ParkFactory(slug="old"),
        ended_on=ON.replace(day=1) - datetime.timedelta(days=1),
    )

    row = (
        Company.objects.with_sector_codes()
        .with_current_facility_slugs(ON)
        .values("sector_codes", "current_facility_slugs")
        .get()
    )

    assert sorted(row["sector_codes"].split(";")) == ["ites", "software"]
    assert sorted(row["current_facility_slugs"].split(";")) == ["a-park", "b-park", "gone"]
