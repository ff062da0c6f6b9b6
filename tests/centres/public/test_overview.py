"""The overview `/` (SPEC §3.5, §4): headline figures as of a date, and links to their records."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Target
from centres.progress import Status
from tests.factories import (
    more_rows,
)

D = datetime.date
TODAY = D(2026, 11, 27)
Metric = Target.Metric


def figure(html, name):
    """Return the headline figure shown with the given id, as text."""
    return re.search(rf'id="fig-{name}"[^>]*>([^<]+)<', html).group(1)


def figure_links(html):
    """Return {figure id: href} of the links that list each headline figure's records."""
    return {
        name: unescape(href)
        for name, href in re.findall(
            r'<a class="figure__value" id="fig-([a-z-]+)" href="([^"]+)"', html
        )
    }


def test_overview_shows_each_headline_figure_as_of_today(client, registry):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    shown = {
        name: figure(html, name)
        for name in (
            "centres",
            "all-centres",
            "parks",
            "tenants",
            "workers",
            "women",
            "launched",
            "overdue",
            "no-report",
        )
    }
    # Federal: c1, c2 (suspended still counts), c4; c3 closed in January. All: and c5.
    # Workers: latest reports of c1 100, c2 40, c5 50, p1 200 (not July's 150), p2 80; c4 none.
    assert shown == {
        "centres": "3",
        "all-centres": "4",
        "parks": "2",
        "tenants": "2",
        "workers": "470",
        "women": "24.5%",  # 115 / 470
        "launched": "1",
        "overdue": "2",  # p2 last reported May, c4 never; suspended c2 is not expected to
        "no-report": "1",
    }
    headline = response.context["headline"]
    assert (headline.women, headline.women_share, headline.reporting) == (115, Decimal("24.5"), 5)
    assert "(5 of 6 reported)" in html
    assert 'href="/method/#operational"' in html and 'href="/method/#workforce"' in html


def test_overview_shows_the_figures_as_they_stood_on_a_past_date(client, registry):
    response = client.get("/", {"as_of": "2025-12-31"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "31 December 2025" in html
    # c3 had not closed yet, c4 not launched; only c1 (Nov) and c3 (Dec) had reported.
    assert figure(html, "centres") == "3"
    assert figure(html, "all-centres") == "4"
    assert figure(html, "tenants") == "2"  # a, and b whose tenancy ended in June 2026
    assert figure(html, "workers") == "90"
    assert figure(html, "women") == "16.7%"
    assert 'href="/centres/?programme=federal-e-rozgaar&amp;operational_on=2025-12-31"' in html


def test_each_headline_link_lists_as_many_rows_as_its_figure(client, registry):
    html = client.get("/").content.decode()
    links = figure_links(html)

    assert set(links) == {"centres", "all-centres", "parks", "tenants", "launched"}
    for name, href in links.items():
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert listed.context["paginator"].count == int(figure(html, name)), href


def test_past_links_carry_the_date_and_list_the_same_rows(client, registry):
    html = client.get("/", {"as_of": "2025-12-31"}).content.decode()
    links = figure_links(html)

    # Today's company list cannot show past tenants, nor a year's launches up to a past day.
    assert set(links) == {"centres", "all-centres", "parks"}
    for name, href in links.items():
        assert "operational_on=2025-12-31" in href
        assert client.get(href).context["paginator"].count == int(figure(html, name))


def test_workers_are_the_listed_centres_and_parks_workers_added_up(client, registry):
    day = {"operational_on": "2026-11-27"}

    centres = client.get("/centres/", day).context["totals"]
    parks = client.get("/parks/", day).context["totals"]

    assert centres["workers"] + parks["workers"] == 470
    assert client.get("/").context["headline"].workers == 470


def test_quota_and_series_links_list_as_many_centres_as_shown(client, registry):
    response = client.get("/")
    html = response.content.decode()

    quota_links = re.findall(
        r'<a href="(/centres/\?programme=federal-e-rozgaar&amp;province=[A-Z]+[^"]*)">'
        r"(\d+) centres?</a>",
        html,
    )
    series_links = re.findall(
        r'<a href="(/centres/\?programme=federal-e-rozgaar&amp;'
        r'(?:launch_fy|operational_on)=[^"]+)">(\d+)</a>',
        html,
    )
    assert [count for _, count in quota_links] == ["2", "1"]  # Punjab c1, c4; Sindh c2
    assert len(series_links) == 8  # launched and operational, four years
    for href, count in quota_links + series_links:
        assert client.get(unescape(href)).context["paginator"].count == int(count), href


def test_overview_shows_progress_toward_every_national_target(client, registry):
    response = client.get("/")

    progress = {(p.target.metric, p.target.value): p for p in response.context["national"]}
    assert {key: p.status for key, p in progress.items()} == {
        (Metric.CENTRES_OPERATIONAL, 50): Status.MISSED,
        (Metric.CENTRES_OPERATIONAL, 250): Status.OFF_TRACK,
        (Metric.JOBS_AT_CENTRES, 20000): Status.OFF_TRACK,
    }
    html = response.content.decode()
    verdicts = re.findall(
        r'<a class="verdict__text" href="/progress/#target-(\d+)">(.*?)</a>', html
    )
    text = {int(pk): re.sub(r"<[^>]+>", "", sentence) for pk, sentence in verdicts}
    assert list(text) == [p.target.pk for p in response.context["verdicts"]]
    assert text[progress[(Metric.CENTRES_OPERATIONAL, 250)].target.pk].startswith(
        "3 of 250 centres (1.2%) · off track: at this pace"
    )
    assert text[progress[(Metric.JOBS_AT_CENTRES, 20000)].target.pk].startswith(
        "140 of 20,000 jobs (0.7%) · off track: at this pace 187 by 30 June 2027"
    )
    # Past its deadline, a target is judged by its value on the deadline.
    assert text[progress[(Metric.CENTRES_OPERATIONAL, 50)].target.pk] == (
        "3 of 50 centres by 30 June 2025 · missed; 3 now"
    )


def test_overview_shows_the_province_targets_table(client, registry):
    response = client.get("/")

    (group,) = response.context["target_groups"]
    rows = [
        (p.target.province.code, p.target.value, p.current, p.percent, p.status) for p in group.rows
    ]
    assert rows == [
        ("PB", 149, 2, Decimal("1.3"), Status.OFF_TRACK),
        ("SD", 51, 1, Decimal("1.9"), Status.OFF_TRACK),
    ]
    assert (
        "Centres operational by province, due by the end of FY2027 (2026-27): "
        "Federal e-Rozgaar centres (2024–)</caption>"
    ) in response.content.decode()


def test_overview_shows_figures_by_province(client, registry):
    response = client.get("/")

    rows = {
        row.province.code: (row.facilities, row.workers, row.women_share)
        for row in response.context["provinces"]
    }
    # Punjab: c1 100/20, c4 none, c5 50/25, p1 200/40. Sindh: c2 40/10, p2 80/20.
    assert rows["PB"] == (4, 350, Decimal("24.3"))
    assert rows["SD"] == (2, 120, Decimal("25.0"))
    assert rows["KP"] == (0, 0, None)
    html = response.content.decode()
    assert '<th scope="row">Pakistan</th>' in html


def test_overview_draws_the_fiscal_year_chart_with_a_text_equivalent(client, registry):
    html = client.get("/").content.decode()

    assert 'role="img"' in html
    assert '<title id="fy-centres-federal-e-rozgaar-title">' in html
    assert '<desc id="fy-centres-federal-e-rozgaar-desc">' in html
    assert "Fiscal year (ends 30 June)" in html
    assert "FY2027 (2026-27)*" in html
    assert "<script" not in html and "style=" not in html


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2026-11-28", "28 November 2026 is in the future"),
        ("2026-13-01", "Write the date as YYYY-MM-DD"),
        ("yesterday", "Write the date as YYYY-MM-DD"),
        ("1999-12-31", "Choose a date from 1 January 2000 on"),
    ],
)
def test_a_date_that_cannot_be_shown_is_refused_with_a_message(client, registry, as_of, message):
    response = client.get("/", {"as_of": as_of})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert "headline" not in response.context


def test_today_is_accepted_and_shown_in_the_date_input(client, registry):
    response = client.get("/", {"as_of": "2026-11-27"})

    assert response.status_code == 200
    assert response.context["is_today"] is True
    assert 'value="2026-11-27"' in response.content.decode()


def test_overview_without_national_targets_says_so(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "No programme has national targets yet, so there is no fiscal-year series" in html


def test_overview_queries_stay_bounded_as_rows_grow(
    client, registry, django_assert_max_num_queries
):
    more_rows(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    more_rows(30)

    # The count depends on the targets and fiscal years, never on the number of rows.
    with django_assert_max_num_queries(len(few)):
        assert client.get("/").status_code == 200
    # 20 before the jobs of every fiscal year came from one query, 16 before the province
    # counts of both pace dates did, 15 before the programme's centres were measured in one
    # and 12 before the facilities by kind came with the workforce by province; 11 before the
    # targets were read once for every section, 10 before the province quotas were taken from
    # those targets too; the map adds one, its facilities by city, kind and status.
    assert len(few) <= 10
