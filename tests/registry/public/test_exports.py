import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from registry.models import CentreStatus, ParkStatus, calendar
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
    province,
)

HEADERS = {
    "centre-export": (
        "slug,name,programme,operator,city,province,host_institution,host_type,status,"
        "planned_fy,launched_on,launch_fy,closed_on,seats,workers,women,women_share_pct,"
        "last_report,latitude,longitude"
    ),
    "park-export": (
        "slug,name,operator,city,province,status,opened_on,closed_on,area_sqft,seats,"
        "current_tenants,workers,women,women_share_pct,last_report,latitude,longitude"
    ),
    "company-export": (
        "slug,name,secp_registration_no,sectors,founded_year,current_facilities,website"
    ),
    "city-export": (
        "slug,name,province,latitude,longitude,parks,centres,current_tenants,workers,women,"
        "women_share_pct"
    ),
}
STEMS = {
    "centre-export": "centres",
    "park-export": "parks",
    "company-export": "companies",
    "city-export": "cities",
}
LIST_OF = {
    "centre-export": "centre-list",
    "park-export": "park-list",
    "company-export": "company-list",
    "city-export": "city-list",
}


def download(client, name, params=None):
    response = client.get(reverse(name), params or {})
    return response, b"".join(response.streaming_content)


def rows(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", HEADERS)
def test_csv_starts_with_a_bom_and_the_contract_header(client, name):
    response, body = download(client, name)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = calendar.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{STEMS[name]}-{today}.csv"'
    assert body == b"\xef\xbb\xbf" + HEADERS[name].encode() + b"\r\n"


def test_centre_row_has_iso_dates_plain_numbers_and_empty_nulls(client):
    city = CityFactory(
        slug="islamabad",
        province=province("IS"),
        latitude=Decimal("33.7215"),
        longitude=Decimal("73.0433"),
    )
    centre = CentreFactory(
        slug="isb-1",
        name="e-Rozgaar Centre Islamabad",
        city=city,
        host_institution="Partner",
        planned_fy=2024,
        opened_on=datetime.date(2024, 2, 6),
        seats=1500,
    )
    ReportFactory(facility=centre, period=datetime.date(2026, 9, 1), workers=1234, women=225)

    _, body = download(client, "centre-export")

    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[1] == (
        "isb-1,e-Rozgaar Centre Islamabad,federal-e-rozgaar,pseb,islamabad,IS,Partner,"
        "private_partner,operational,2024,2024-02-06,2024,,1500,1234,225,18.2,2026-09,"
        "33.721500,73.043300"
    )
    assert lines[2] == ""


def test_centre_not_launched_has_no_workforce_and_empty_cells(client):
    CentreFactory(status=CentreStatus.PROPOSED, opened_on=None, host_type="")

    (row,) = rows(download(client, "centre-export")[1])

    assert (row["workers"], row["women"]) == ("", "")
    assert row["women_share_pct"] == row["last_report"] == row["launched_on"] == ""
    assert row["launch_fy"] == row["host_type"] == row["planned_fy"] == ""


def test_operational_centre_without_report_counts_zero_workers(client):
    CentreFactory()

    (row,) = rows(download(client, "centre-export")[1])

    assert (row["workers"], row["women"], row["women_share_pct"]) == ("0", "0", "")
    assert row["last_report"] == ""


def test_closed_park_has_no_workforce_but_keeps_its_last_report_month(client):
    park = ParkFactory(status=ParkStatus.CLOSED, closed_on=datetime.date(2025, 4, 1))
    ReportFactory(facility=park, period=datetime.date(2025, 3, 1), workers=80, women=20)

    (row,) = rows(download(client, "park-export")[1])

    assert (row["workers"], row["women"], row["women_share_pct"]) == ("", "", "")
    assert row["last_report"] == "2025-03"


def test_park_row_counts_current_tenants(client):
    park = ParkFactory(
        slug="arfa", area_sqft=300000, status=ParkStatus.CLOSED, closed_on=datetime.date(2026, 1, 5)
    )
    TenancyFactory.create_batch(2, facility=park)
    TenancyFactory(facility=park, ended_on=datetime.date(2024, 5, 1))

    (row,) = rows(download(client, "park-export")[1])

    assert row["current_tenants"] == "2"
    assert row["area_sqft"] == "300000"
    assert (row["opened_on"], row["closed_on"]) == ("2020-10-01", "2026-01-05")
    assert row["status"] == "closed"


def test_company_sectors_and_current_facilities_are_sorted_and_joined(client):
    company = CompanyFactory(slug="acme", founded_year=2015)
    company.sectors.set(["software", "games", "ites"])
    TenancyFactory(company=company, facility=ParkFactory(slug="zeta-park"))
    TenancyFactory(company=company, facility=CentreFactory(slug="alpha-centre"))
    TenancyFactory(
        company=company, facility=ParkFactory(slug="old-park"), ended_on=datetime.date(2024, 2, 1)
    )

    (row,) = rows(download(client, "company-export")[1])

    assert row["sectors"] == "games;ites;software"
    assert row["current_facilities"] == "alpha-centre;zeta-park"
    assert row["founded_year"] == "2015"
    assert row["secp_registration_no"] == ""


def test_joined_cells_sort_by_code_point_whatever_the_database_collation(client):
    # A linguistic collation (en_US) would put "ab" first, ignoring the punctuation.
    company = CompanyFactory()
    for slug in ["ab", "a_d", "a-c"]:
        TenancyFactory(company=company, facility=ParkFactory(slug=slug))

    (row,) = rows(download(client, "company-export")[1])

    assert row["current_facilities"] == "a-c;a_d;ab"


def test_city_row_has_its_figures(client):
    city = CityFactory(slug="lahore", latitude=Decimal("31.558"), longitude=Decimal("74.3507"))
    park = ParkFactory(city=city)
    ReportFactory(facility=park, workers=300, women=61)
    TenancyFactory(facility=park)

    (row,) = rows(download(client, "city-export")[1])

    assert row == {
        "slug": "lahore",
        "name": city.name,
        "province": "PB",
        "latitude": "31.558000",
        "longitude": "74.350700",
        "parks": "1",
        "centres": "0",
        "current_tenants": "1",
        "workers": "300",
        "women": "61",
        "women_share_pct": "20.3",
    }


def test_formula_cells_are_guarded(client):
    CompanyFactory(slug="a", name='=HYPERLINK("x")', website="")
    CompanyFactory(slug="b", name="-1+2")
    CompanyFactory(slug="c", name="@SUM(A1)")
    CompanyFactory(slug="d", name="+44 Ltd")

    _, body = download(client, "company-export", {"sort": "name"})

    names = [row["name"] for row in rows(body)]
    assert sorted(names) == sorted(['\'=HYPERLINK("x")', "'-1+2", "'@SUM(A1)", "'+44 Ltd"])
    assert b'"\'=HYPERLINK(""x"")"' in body


def test_commas_quotes_newlines_and_urdu_round_trip(client):
    CentreFactory(
        slug="tricky",
        name='Centre "One", Lahore',
        name_ur="مرکز",
        host_institution="Line one\nLine two",
    )
    CompanyFactory(slug="urdu", name="پاکستان سافٹ ویئر ہاؤس")

    _, centres = download(client, "centre-export")
    _, companies = download(client, "company-export")

    (centre,) = rows(centres)
    assert centre["name"] == 'Centre "One", Lahore'
    assert centre["host_institution"] == "Line one\nLine two"
    assert b'"Centre ""One"", Lahore"' in centres
    (company,) = rows(companies)
    assert company["name"] == "پاکستان سافٹ ویئر ہاؤس"


@pytest.mark.parametrize(
    ("name", "params", "reason"),
    [
        ("centre-export", {"province": "XX"}, b"province: Select a valid choice."),
        ("centre-export", {"launch_fy": "abc"}, b"launch_fy: Enter a whole number."),
        ("park-export", {"operational_on": "2026-02-30"}, b"operational_on: Enter a valid date."),
        ("company-export", {"facility": "nowhere"}, b"facility: Select a valid choice."),
        ("city-export", {"province": "Punjab"}, b"province: Select a valid choice."),
    ],
)
def test_invalid_filters_answer_400_with_the_reason(client, name, params, reason):
    response = client.get(reverse(name), params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert reason in response.content


def page_slugs(client, list_name, params):
    collected, page = [], 1
    while True:
        response = client.get(reverse(list_name), {**params, "page": page})
        collected += [row.slug for row in response.context["object_list"]]
        if not response.context["page_obj"].has_next():
            return collected
        page += 1


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("centre-export", {"status": "operational", "sort": "-workers"}),
        ("centre-export", {"sort": "city"}),
        ("park-export", {"sort": "-tenants"}),
        ("company-export", {"current": "1", "sort": "-name"}),
        ("city-export", {"sort": "-workers"}),
    ],
)
def test_csv_rows_equal_the_page_rows_across_every_page(client, name, params):
    cities = CityFactory.create_batch(3)
    for i in range(60):
        centre = CentreFactory(city=cities[i % 3])
        park = ParkFactory(city=cities[i % 3])
        ReportFactory(facility=centre, workers=i % 7 * 10 + 3, women=i % 3)
        ReportFactory(facility=park, workers=i % 5 * 10 + 2, women=i % 2)
        TenancyFactory(facility=park, ended_on=None if i % 10 else datetime.date(2025, 1, 1))
    CentreFactory.create_batch(5, status=CentreStatus.PROPOSED, opened_on=None)

    on_pages = page_slugs(client, LIST_OF[name], params)
    _, body = download(client, name, params)

    in_csv = [row["slug"] for row in rows(body)]
    assert in_csv == on_pages
    assert len(in_csv) > 50 or name == "city-export"


# The centres CSV as it was written from Centre instances, before rows came from .values():
# the export must stay byte for byte what these accessors produce.
def _object_columns():
    from registry.models import women_share
    from registry.public.exports.values import fy, month
    from registry.web.csv_writer import column

    return [
        column("slug"),
        column("name"),
        column("programme", "programme.slug"),
        column("operator", "operator.slug"),
        column("city", "city.slug"),
        column("province", "city.province_id"),
        column("host_institution"),
        column("host_type"),
        column("status"),
        column("planned_fy"),
        column("launched_on", "opened_on"),
        column("launch_fy", lambda centre: fy(centre.opened_on)),
        column("closed_on"),
        column("seats"),
        column("workers", "latest_workers"),
        column("women", "latest_women"),
        column("women_share_pct", lambda c: women_share(c.latest_women, c.latest_workers)),
        column("last_report", lambda centre: month(centre.latest_period)),
        column("latitude", lambda centre: centre.location[0]),
        column("longitude", lambda centre: centre.location[1]),
    ]


@pytest.mark.parametrize(
    "params", [{}, {"sort": "-workers"}, {"province": "PB", "operational_on": "2025-01-01"}]
)
def test_centres_csv_equals_the_export_from_model_instances_byte_for_byte(client, params):
    from centres.public.filters import CentreFilterSet
    from registry.web.csv_writer import csv_rows

    lahore = CityFactory(province=province("PB"), latitude=Decimal("31.5204"))
    CentreFactory(city=lahore, latitude=Decimal("31.500001"), longitude=Decimal("74.300002"))
    CentreFactory(city=lahore, latitude=Decimal("31.4"), longitude=None)  # half: the city's
    CentreFactory(city=lahore, name="=cmd|' /C calc'!A0", host_institution='He said "no", twice')
    CentreFactory(status=CentreStatus.PROPOSED, opened_on=None, host_type="", planned_fy=2027)
    closed = CentreFactory(
        city=lahore,
        status=CentreStatus.CLOSED,
        opened_on=datetime.date(2023, 7, 1),
        closed_on=datetime.date(2025, 6, 30),
        seats=40,
        name_ur="مرکز",
    )
    ReportFactory(facility=closed, period=datetime.date(2025, 5, 1), workers=0, women=0)
    for i, centre in enumerate(CentreFactory(city=lahore, seats=i) for i in range(4)):
        ReportFactory(facility=centre, period=datetime.date(2024, 12, 1), workers=90 + i, women=i)
        ReportFactory(facility=centre, period=datetime.date(2026, 9, 1), workers=7 * i, women=i)

    response, body = download(client, "centre-export", params)
    filterset = CentreFilterSet(params)
    assert filterset.is_valid()
    expected = b"".join(csv_rows(filterset.qs.iterator(), _object_columns()))

    assert response.status_code == 200
    assert body.count(b"\r\n") > 2
    assert body == expected


@pytest.mark.parametrize("params", [{}, {"sort": "-founded_year"}, {"current": "1"}])
def test_companies_csv_equals_the_export_from_model_instances_byte_for_byte(client, params):
    from registry.models import Company, Tenancy
    from registry.models.querysets import joined_per_company
    from registry.public.exports.values import resorted
    from registry.public.filters import CompanyFilterSet
    from registry.web.csv_writer import column, csv_rows

    object_columns = [  # the columns as they read Company instances before rows were dicts
        column("slug"),
        column("name"),
        column("secp_registration_no"),
        column("sectors", lambda company: resorted(company.sector_codes)),
        column("founded_year"),
        column("current_facilities", lambda company: resorted(company.current_facility_slugs)),
        column("website"),
    ]
    park, centre = ParkFactory(), CentreFactory()
    for i, name in enumerate(["Zed", "=SUM(1)", 'Quote "Q", Ltd', "پاکستان سافٹ", "Plain"]):
        company = CompanyFactory(
            name=name,
            founded_year=None if i == 2 else 2000 + i,
            secp_registration_no=f"00{i}" if i % 2 else None,
            website="https://example.pk" if i == 1 else "",
        )
        company.sectors.set(["software", "ites"][: i % 3])
        TenancyFactory(company=company, facility=park, started_on=datetime.date(2024, 1, 1))
        if i % 2:
            TenancyFactory(company=company, facility=centre, ended_on=datetime.date(2025, 1, 1))
        else:
            TenancyFactory(company=company, facility=centre, started_on=datetime.date(2025, 2, 1))

    response, body = download(client, "company-export", params)
    filterset = CompanyFilterSet(params)
    assert filterset.is_valid()
    queryset = filterset.qs.annotate(  # as for_export() annotated the instances
        sector_codes=joined_per_company(Company.sectors.through.objects.all(), "sector_id"),
        current_facility_slugs=joined_per_company(
            Tenancy.objects.current_on(filterset.as_of), "facility__slug"
        ),
    )
    expected = b"".join(csv_rows(queryset.iterator(), object_columns))

    assert response.status_code == 200
    assert body.count(b"\r\n") == 6
    assert body == expected


# The parks and cities CSVs as they were written from model instances, before rows came from
# .values(): the exports (through COPY on PostgreSQL) must stay byte for byte what these produce.
def _park_object_columns():
    from registry.models import women_share
    from registry.public.exports.values import month
    from registry.web.csv_writer import column

    return [
        column("slug"),
        column("name"),
        column("operator", "operator.slug"),
        column("city", "city.slug"),
        column("province", "city.province_id"),
        column("status"),
        column("opened_on"),
        column("closed_on"),
        column("area_sqft"),
        column("seats"),
        column("current_tenants"),
        column("workers", "latest_workers"),
        column("women", "latest_women"),
        column("women_share_pct", lambda p: women_share(p.latest_women, p.latest_workers)),
        column("last_report", lambda park: month(park.latest_period)),
        column("latitude", lambda park: park.location[0]),
        column("longitude", lambda park: park.location[1]),
    ]


def _city_object_columns():
    from registry.models import women_share
    from registry.web.csv_writer import column

    return [
        column("slug"),
        column("name"),
        column("province", "province_id"),
        column("latitude"),
        column("longitude"),
        column("parks"),
        column("centres"),
        column("current_tenants"),
        column("workers"),
        column("women"),
        column("women_share_pct", lambda city: women_share(city.women, city.workers)),
    ]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("park-export", {}),
        ("park-export", {"sort": "-tenants"}),
        ("park-export", {"operational_on": "2025-01-01", "sort": "women_share"}),
        ("city-export", {}),
        ("city-export", {"sort": "-workers"}),
    ],
)
def test_parks_and_cities_csv_equal_the_export_from_model_instances_byte_for_byte(
    client, name, params
):
    from registry.public.filters import CityFilterSet, ParkFilterSet
    from registry.web.csv_writer import csv_rows

    karachi = CityFactory(province=province("SD"), latitude=Decimal("24.8607"))
    parks = [
        ParkFactory(city=karachi, latitude=Decimal("24.800001"), longitude=Decimal("67.000002")),
        ParkFactory(city=karachi, latitude=Decimal("24.9"), longitude=None),  # half: the city's
        ParkFactory(name="=cmd|' /C calc'!A0", area_sqft=0),
        ParkFactory(name='Tower "B", Lahore\nBlock 2', status=ParkStatus.PLANNED, opened_on=None),
        ParkFactory(
            city=karachi,
            status=ParkStatus.CLOSED,
            opened_on=datetime.date(2019, 7, 1),
            closed_on=datetime.date(2024, 6, 30),
        ),
    ]
    for i, park in enumerate(parks):
        ReportFactory(facility=park, period=datetime.date(2024, 12, 1), workers=90 + i, women=i)
        ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=16 * i, women=i)
        TenancyFactory.create_batch(i, facility=park)
    CentreFactory(city=karachi)
    CityFactory(name="-Empty City", slug="empty")

    response, body = download(client, name, params)
    filterset_class, columns = {
        "park-export": (ParkFilterSet, _park_object_columns()),
        "city-export": (CityFilterSet, _city_object_columns()),
    }[name]
    filterset = filterset_class(params)
    assert filterset.is_valid()
    expected = b"".join(csv_rows(filterset.qs.iterator(), columns))

    assert response.status_code == 200
    assert body.count(b"\r\n") > 3
    assert body == expected
