import datetime

import pytest
from django.urls import reverse

from centres.models import Centre
from centres.public.filters import CentreFilterSet
from registry.models import CentreStatus, calendar
from tests.factories import (
    CentreFactory,
    CityFactory,
    OperatorFactory,
    ProgrammeFactory,
    ReportFactory,
    province,
)

URL = reverse("centre-list")


def slugs(response):
    return [centre.slug for centre in response.context["object_list"]]


@pytest.fixture
def punjab_programme():
    pitb = OperatorFactory(slug="pitb", name="Punjab IT Board", short_name="PITB")
    return ProgrammeFactory(slug="punjab-e-rozgaar", name="Punjab e-Rozgaar", operator=pitb)


def test_it_lists_every_centre_whatever_its_status(client):
    CentreFactory(name="Alpha Centre")
    CentreFactory(name="Beta Centre", status=CentreStatus.PROPOSED, opened_on=None)
    CentreFactory(
        name="Gamma Centre", status=CentreStatus.CLOSED, closed_on=datetime.date(2025, 1, 1)
    )

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["paginator"].count == 3
    assert b"3 centres" in response.content
    assert [c.name for c in response.context["object_list"]] == [
        "Alpha Centre",
        "Beta Centre",
        "Gamma Centre",
    ]


def test_rows_show_the_latest_report_and_no_report(client):
    reported = CentreFactory(name="Reported")
    CentreFactory(name="Silent")
    ReportFactory(facility=reported, period=datetime.date(2026, 9, 1), workers=90, women=9)
    ReportFactory(facility=reported, period=datetime.date(2026, 10, 1), workers=1234, women=247)

    response = client.get(URL)

    text = response.content.decode()
    assert "1,234" in text
    assert "20.0%" in text
    assert "October 2026" in text
    assert "no report" in text
    assert response.context["totals"]["workers"] == 1234


def test_programme_filter_keeps_its_programme(client, punjab_programme):
    federal = CentreFactory()
    CentreFactory(programme=punjab_programme, operator=punjab_programme.operator)

    response = client.get(URL, {"programme": "federal-e-rozgaar"})

    assert slugs(response) == [federal.slug]


def test_province_city_status_operator_and_host_type_filters(client, punjab_programme):
    karachi = CityFactory(slug="karachi", name="Karachi", province=province("SD"))
    match = CentreFactory(city=karachi, host_type=Centre.HostType.UNIVERSITY)
    CentreFactory(city=karachi, host_type=Centre.HostType.COLLEGE)
    CentreFactory(host_type=Centre.HostType.UNIVERSITY)
    CentreFactory(
        city=karachi,
        host_type=Centre.HostType.UNIVERSITY,
        status=CentreStatus.APPROVED,
        opened_on=None,
    )
    CentreFactory(
        city=karachi,
        host_type=Centre.HostType.UNIVERSITY,
        programme=punjab_programme,
        operator=punjab_programme.operator,
    )

    response = client.get(
        URL,
        {
            "province": "SD",
            "city": "karachi",
            "status": "operational",
            "operator": "pseb",
            "host_type": "university",
        },
    )

    assert slugs(response) == [match.slug]


def test_planned_fy_filter(client):
    planned = CentreFactory(planned_fy=2026, status=CentreStatus.APPROVED, opened_on=None)
    CentreFactory(planned_fy=2027, status=CentreStatus.APPROVED, opened_on=None)

    response = client.get(URL, {"planned_fy": "2026"})

    assert slugs(response) == [planned.slug]


def test_launch_fy_runs_from_1_july_to_30_june(client):
    first_day = CentreFactory(opened_on=datetime.date(2024, 7, 1))
    last_day = CentreFactory(opened_on=datetime.date(2025, 6, 30))
    CentreFactory(opened_on=datetime.date(2024, 6, 30))
    CentreFactory(opened_on=datetime.date(2025, 7, 1))

    response = client.get(URL, {"launch_fy": "2025"})

    assert sorted(slugs(response)) == sorted([first_day.slug, last_day.slug])


def test_operational_on_counts_what_the_model_counts(client):
    day = datetime.date(2025, 3, 1)
    CentreFactory(opened_on=datetime.date(2025, 3, 1))
    CentreFactory(opened_on=datetime.date(2025, 3, 2))
    CentreFactory(status=CentreStatus.CLOSED, closed_on=datetime.date(2025, 3, 1))
    CentreFactory(status=CentreStatus.CLOSED, closed_on=datetime.date(2025, 3, 2))
    CentreFactory(status=CentreStatus.SUSPENDED)
    CentreFactory(status=CentreStatus.PROPOSED, opened_on=None)

    response = client.get(URL, {"operational_on": day.isoformat()})

    assert response.context["paginator"].count == Centre.objects.operational_on(day).count() == 3


def test_drill_down_link_of_the_overview_equals_the_figure(client, punjab_programme):
    day = datetime.date(2026, 6, 30)
    lahore = CityFactory(slug="lahore", name="Lahore")
    karachi = CityFactory(slug="karachi", name="Karachi", province=province("SD"))
    for city in (lahore, lahore, karachi):
        centre = CentreFactory(city=city)
        ReportFactory(facility=centre, period=datetime.date(2026, 5, 1), workers=40, women=10)
        ReportFactory(facility=centre, period=datetime.date(2026, 7, 1), workers=99, women=0)
    CentreFactory(city=lahore, programme=punjab_programme, operator=punjab_programme.operator)
    CentreFactory(city=lahore, opened_on=datetime.date(2026, 7, 1))
    federal_punjab = Centre.objects.filter(
        programme__slug="federal-e-rozgaar", city__province="PB"
    ).operational_on(day)

    response = client.get(
        URL,
        {"programme": "federal-e-rozgaar", "operational_on": day.isoformat(), "province": "PB"},
    )

    assert response.context["paginator"].count == federal_punjab.count() == 2
    assert response.context["totals"] == federal_punjab.workforce_totals(day)
    assert response.context["totals"]["workers"] == 80
    assert response.context["as_of"] == day


def test_search_matches_name_host_institution_and_urdu_name(client):
    by_name = CentreFactory(name="Chakwal Centre")
    by_host = CentreFactory(host_institution="Kallar Kahar College")
    by_urdu = CentreFactory(name_ur="چکوال مرکز")
    CentreFactory(name="Somewhere else")

    assert slugs(client.get(URL, {"q": "chakwal"})) == [by_name.slug]
    assert slugs(client.get(URL, {"q": "kahar college"})) == [by_host.slug]
    assert slugs(client.get(URL, {"q": "چکوال"})) == [by_urdu.slug]


def test_sort_by_most_workers_breaks_ties_by_slug(client):
    few = CentreFactory(slug="c-few")
    many = CentreFactory(slug="c-many")
    tie_b = CentreFactory(slug="c-tie-b", name="Same")
    tie_a = CentreFactory(slug="c-tie-a", name="Same")
    ReportFactory(facility=few, workers=5, women=1)
    ReportFactory(facility=many, workers=500, women=1)
    ReportFactory(facility=tie_a, workers=50, women=1)
    ReportFactory(facility=tie_b, workers=50, women=1)

    response = client.get(URL, {"sort": "-workers"})

    assert slugs(response) == ["c-many", "c-tie-a", "c-tie-b", "c-few"]


def test_sort_by_launch_date_puts_unlaunched_centres_last(client):
    late = CentreFactory(opened_on=datetime.date(2025, 1, 1))
    early = CentreFactory(opened_on=datetime.date(2024, 3, 1))
    unlaunched = CentreFactory(status=CentreStatus.PROPOSED, opened_on=None)

    assert slugs(client.get(URL, {"sort": "launched_on"})) == [
        early.slug,
        late.slug,
        unlaunched.slug,
    ]
    assert slugs(client.get(URL, {"sort": "-launched_on"})) == [
        late.slug,
        early.slug,
        unlaunched.slug,
    ]


def test_sort_by_womens_share_is_weighted_and_puts_no_report_last(client):
    low = CentreFactory()
    high = CentreFactory()
    silent = CentreFactory()
    ReportFactory(facility=low, workers=1000, women=100)
    ReportFactory(facility=high, workers=10, women=5)

    assert slugs(client.get(URL, {"sort": "-women_share"})) == [high.slug, low.slug, silent.slug]


def test_unknown_sort_falls_back_to_name_order_without_error(client):
    CentreFactory(name="Zeta")
    CentreFactory(name="Alpha")

    response = client.get(URL, {"sort": "drop table"})

    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    assert [c.name for c in response.context["object_list"]] == ["Alpha", "Zeta"]


def test_fifty_rows_a_page_with_links_that_keep_the_filters(client):
    CentreFactory.create_batch(120)

    first = client.get(URL, {"status": "operational"})
    last = client.get(URL, {"status": "operational", "page": "3"})

    assert len(first.context["object_list"]) == 50
    assert len(last.context["object_list"]) == 20
    assert b"120 centres" in first.content
    assert b'href="?status=operational&amp;page=2"' in first.content
    all_slugs = set()
    for page in (1, 2, 3):
        all_slugs |= set(slugs(client.get(URL, {"status": "operational", "page": page})))
    assert all_slugs == set(Centre.objects.values_list("slug", flat=True))


@pytest.mark.parametrize(("page", "shown"), [("0", 1), ("-1", 1), ("abc", 1), ("999999", 3)])
def test_out_of_range_pages_show_the_nearest_page(client, page, shown):
    CentreFactory.create_batch(101)

    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


def test_csv_link_keeps_the_query_string_but_not_the_page(client):
    CentreFactory.create_batch(51)

    response = client.get(URL, {"province": "PB", "sort": "-workers", "page": "2"})

    assert b'href="/centres/export.csv?province=PB&amp;sort=-workers"' in response.content


def test_filterset_counts_rows_without_a_request():
    CentreFactory.create_batch(2, planned_fy=2025)
    CentreFactory(planned_fy=2026)

    filterset = CentreFilterSet({"planned_fy": "2025"})

    assert filterset.is_valid()
    assert filterset.qs.count() == 2
    assert CentreFilterSet().qs.count() == 3


def test_invalid_filters_show_errors_by_the_field_and_list_nothing(client):
    CentreFactory()

    response = client.get(URL, {"province": "XX", "launch_fy": "twenty", "operational_on": "soon"})

    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert set(errors) == {"province", "launch_fy", "operational_on"}
    assert list(response.context["object_list"]) == []
    assert b"Select a valid choice" in response.content


def test_a_future_operational_on_date_is_refused(client):
    CentreFactory()
    tomorrow = calendar.today() + datetime.timedelta(days=1)

    response = client.get(URL, {"operational_on": tomorrow.isoformat()})

    assert "operational_on" in response.context["filter"].form.errors
