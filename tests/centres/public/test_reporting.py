"""/reporting/ and /reporting/export.csv (SPEC §2.5, §4.1), and the lists' missing_report filter,
on a small registry worked by hand."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from registry.models import CentreStatus, ParkStatus
from tests.factories import (
    CentreFactory,
    CityFactory,
    ParkFactory,
    ReportFactory,
    province,
)

SEP, OCT, NOV = (datetime.date(2026, month, 1) for month in (9, 10, 11))
HEADER = [
    "month",
    "province",
    "expected",
    "received",
    "on_time",
    "completeness_pct",
    "timeliness_pct",
]
PROVINCE_ORDER = ["", "PB", "SD", "KP", "BA", "IS", "GB", "AJK"]


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def registry():
    """Punjab: a park filed October on time and a centre late; Sindh: a centre that never filed,
    one suspended and one that launched in November."""
    lahore, karachi = CityFactory(province=province("PB")), CityFactory(province=province("SD"))
    park = ParkFactory(slug="stp-a", city=lahore)
    late = CentreFactory(slug="centre-b", city=lahore)
    silent = CentreFactory(slug="centre-c", city=karachi)
    CentreFactory(slug="centre-d", city=karachi, status=CentreStatus.SUSPENDED)
    CentreFactory(slug="centre-e", city=karachi, opened_on=day("2026-11-03"))
    ParkFactory(slug="stp-f", city=karachi, status=ParkStatus.PLANNED)
    ReportFactory(facility=park, period=OCT, received_on=day("2026-11-15"))
    ReportFactory(facility=late, period=OCT, received_on=day("2026-11-20"))
    ReportFactory(facility=park, period=SEP, received_on=None)
    return {"park": park, "late": late, "silent": silent}


def csv_rows(client, query=None, url_name="reporting-export"):
    response = client.get(reverse(url_name), query or {})
    assert response.status_code == 200, response.content
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_the_contract_columns_and_twelve_months_of_eight_rows_newest_first(
    client, registry
):
    header, *rows = csv_rows(client)

    assert header == HEADER
    assert len(rows) == 12 * 8
    months = [row[0] for row in rows]
    assert months[0] == "2026-10" and months[-1] == "2025-11"
    assert months == sorted(months, reverse=True)
    assert [row[1] for row in rows[:8]] == PROVINCE_ORDER


def test_the_csv_counts_october_by_hand(client, registry):
    october = {row[1]: row[2:] for row in csv_rows(client)[1:] if row[0] == "2026-10"}

    # Expected: the park and the late centre in Punjab, the silent centre in Sindh; not the
    # suspended centre, not the one launched in November, not the planned park.
    assert october[""] == ["3", "2", "1", "66.7", "33.3"]
    assert october["PB"] == ["2", "2", "1", "100.0", "50.0"]
    assert october["SD"] == ["1", "0", "0", "0.0", "0.0"]
    assert october["KP"] == ["0", "0", "0", "", ""]


def test_a_return_received_on_an_unknown_day_is_received_but_not_on_time(client, registry):
    september = {row[1]: row[2:] for row in csv_rows(client)[1:] if row[0] == "2026-09"}

    assert september["PB"] == ["2", "1", "0", "50.0", "0.0"]


@pytest.mark.parametrize(
    ("now", "newest"),
    [
        # October's returns are due on 15 November: shown from the 16th, in progress before.
        ("2026-11-15 12:00", "2026-09"),
        ("2026-11-16 00:30", "2026-10"),
        ("2027-01-01 12:00", "2026-11"),
    ],
)
def test_a_month_is_shown_once_its_due_day_has_passed(client, registry, now, newest):
    with time_machine.travel(datetime.datetime.fromisoformat(f"{now}+05:00"), tick=False):
        rows = csv_rows(client)[1:]
        page = client.get(reverse("reporting"))

    assert rows[0][0] == newest
    in_progress = page.context["months"][0]
    assert in_progress.in_progress
    assert f"{in_progress.month:%Y-%m}" > newest


def test_as_of_a_day_counts_only_the_returns_received_by_then(client, registry):
    as_of = {
        row[1]: row[2:]
        for row in csv_rows(client, {"as_of": "2026-11-18"})[1:]
        if row[0] == "2026-10"
    }

    assert as_of["PB"] == ["2", "1", "1", "50.0", "50.0"]


def test_a_bad_as_of_day_is_refused_by_the_page_and_the_csv(client, registry):
    page = client.get(reverse("reporting"), {"as_of": "soon"})
    export = client.get(reverse("reporting-export"), {"as_of": "soon"})

    assert page.status_code == 400
    assert "YYYY-MM-DD" in page.text
    assert export.status_code == 400
    assert export.content.decode().startswith("Invalid filter.\nas_of: ")


def test_each_cell_links_to_the_facilities_still_missing(client, registry):
    page = client.get(reverse("reporting")).text

    assert '/centres/?missing_report=2026-10&amp;province=SD">1 centre</a>' in page
    assert '/centres/?missing_report=2026-10">1 centre</a>' in page


def test_the_missing_report_filter_lists_exactly_the_facilities_missing(client, registry):
    centres = client.get(reverse("centre-list"), {"missing_report": "2026-10"})
    parks = client.get(reverse("park-list"), {"missing_report": "2026-09"})
    export = csv_rows(client, {"missing_report": "2026-10"}, url_name="centre-export")

    assert [c.slug for c in centres.context["object_list"]] == ["centre-c"]
    assert [p.slug for p in parks.context["object_list"]] == []
    assert [row[0] for row in export[1:]] == ["centre-c"]


@pytest.mark.parametrize("value", ["2026-13", "October", "2026-1", "1800-01"])
def test_a_bad_missing_report_month_is_named_by_its_field(client, registry, value):
    page = client.get(reverse("centre-list"), {"missing_report": value})
    export = client.get(reverse("park-export"), {"missing_report": value})

    assert page.status_code == 200
    assert "Write the month as YYYY-MM" in page.text
    assert export.status_code == 400
    assert "missing_report: Write the month as YYYY-MM" in export.content.decode()


def test_the_page_answers_in_the_same_number_of_queries_whatever_the_size(
    client, django_assert_max_num_queries
):
    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reporting")).status_code == 200
        return len(captured)

    ParkFactory()
    few = queries()
    for _ in range(15):
        ReportFactory(facility=CentreFactory(city=CityFactory(province=province("KP"))))
    assert queries() == few
    with django_assert_max_num_queries(20):
        client.get(reverse("reporting"))


def test_the_page_reads_in_urdu(client, registry):
    page = client.get("/ur/reporting/")

    assert page.status_code == 200
    assert 'lang="ur"' in page.text
    assert "Monthly returns" not in page.text
