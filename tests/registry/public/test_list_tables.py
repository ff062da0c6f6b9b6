"""The list tables' cells hold the HTML their templates wrote, in the page's language."""

import datetime
import re

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

TAG = re.compile(r"<t[dh]\b[^>]*>(.*)</t[dh]>", re.S)


def cells(client, path):
    """Return each row of a list page's table as {header: the HTML inside its cell}."""
    table = client.get(path).context["table"]
    headers = [TAG.fullmatch(header).group(1) for header in table.headers]
    return [
        {header: TAG.fullmatch(cell).group(1) for header, cell in zip(headers, row, strict=True)}
        for row in table.rows
    ]


def test_a_park_row_names_its_place_status_and_latest_report(client):
    city = CityFactory(name="Lahore", slug="lahore", name_ur="لاہور")
    park = ParkFactory(name="Arfa", slug="arfa", city=city, opened_on=datetime.date(2012, 1, 9))
    TenancyFactory.create_batch(2, facility=park)
    ReportFactory(facility=park, period=datetime.date(2025, 3, 1), workers=1200, women=300)

    [row] = cells(client, reverse("park-list"))

    assert row == {
        "Park": '<a href="/parks/arfa/">Arfa</a>',
        "Operator": "PSEB",
        "City": '<a href="/cities/lahore/">Lahore</a><br><span class="muted">Punjab</span>',
        "Status": '<span class="status status--operational">Operational</span>',
        "Opened": "9 January 2012",
        "Current tenants": "2",
        "Workers": "1,200",
        "Women's share": "25.0%",
        "Last report": "March 2025",
    }


def test_a_park_that_never_reported_or_opened_says_so(client):
    ParkFactory(status=ParkStatus.UNDER_CONSTRUCTION, opened_on=None)

    [row] = cells(client, reverse("park-list"))

    assert (row["Opened"], row["Last report"]) == ("—", '<span class="muted">no report</span>')
    assert (row["Workers"], row["Women's share"]) == ("—", "—")


def test_an_urdu_row_has_urdu_names_and_addresses(client):
    ParkFactory(slug="arfa", name="Arfa", city=CityFactory(slug="lahore", name_ur="لاہور"))

    [row] = cells(client, "/ur" + reverse("park-list"))

    with translation.override("ur"):
        label = Park(status="operational").get_status_display()
        park, city, status = (translation.gettext(text) for text in ("Park", "City", "Status"))
    assert row[park] == '<a href="/ur/parks/arfa/">\u2068Arfa\u2069</a>'
    assert row[city].startswith('<a href="/ur/cities/lahore/">لاہور</a>')
    assert row[status] == f'<span class="status status--operational">{label}</span>'
    assert "Park" not in row  # the headers are Urdu too


def test_a_company_row_joins_its_sectors_and_lists_where_it_rents(client):
    company = CompanyFactory(name="Zeta & Co", slug="zeta", founded_year=None)
    TenancyFactory(company=company, facility=ParkFactory(name="Arfa", slug="arfa"))

    [row] = cells(client, reverse("company-list"))

    sectors = ", ".join(s.name for s in Company.objects.get().sectors.all())
    assert row == {
        "Company": '<a href="/companies/zeta/">Zeta &amp; Co</a>',
        "Sectors": sectors or '<span class="muted">—</span>',
        "Renting today at": '<a href="/parks/arfa/">Arfa</a>',
        "Founded": "—",
    }


def test_a_company_renting_nowhere_says_so(client):
    CompanyFactory()

    [row] = cells(client, reverse("company-list"))

    assert row["Renting today at"] == '<span class="muted">nowhere</span>'


def test_a_city_row_links_its_figures_to_the_records_behind_them(client):
    CityFactory(name="Lahore", slug="lahore", name_ur="لاہور")

    rows = cells(client, reverse("city-list"))

    [row] = [row for row in rows if 'href="/cities/lahore/"' in row["City"]]
    assert row["City"] == (
        '<a href="/cities/lahore/">Lahore</a> <span lang="ur" dir="rtl">لاہور</span>'
    )
    assert row["Parks operational"] == (
        '<a href="/parks/?city=lahore&amp;operational_on=2026-11-27">0'
        '<span class="visually-hidden"> parks operational in Lahore</span></a>'
    )
    assert row["Current tenants"].startswith('<a href="/companies/?city=lahore&amp;current=1">0')
    assert (row["Workers"], row["Women's share"]) == ("0", "—")


def test_a_centre_row_names_its_programme(client):
    CentreFactory(slug="c-1")

    [row] = cells(client, reverse("centre-list"))

    assert row["Centre"].startswith('<a href="/centres/c-1/">')
    assert row["Programme"] == "Federal e-Rozgaar centres (2024–)"


def test_a_city_page_lists_its_facilities_with_a_dash_for_no_workforce(client):
    city = CityFactory(slug="lahore")
    ParkFactory(city=city, name="Planned", status=ParkStatus.PLANNED, opened_on=None)

    table = client.get(reverse("city-detail", args=["lahore"])).context["park_table"]

    [row] = table.rows
    assert '<td class="num" data-label="Workers">—</td>' in row


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
