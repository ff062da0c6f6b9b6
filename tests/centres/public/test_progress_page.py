"""The rollout tracker `/progress/` (SPEC §3.3–§3.5): every target in full, the FY series."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.progress import Status
from tests.factories import more_rows


def block(html, heading):
    """Return the HTML of the progress block under the given heading."""
    start = html.index(heading)
    return html[start : html.index("</article>", start)]


def test_tracker_shows_every_target_with_each_figure_explained(client, registry):
    response = client.get("/progress/")

    assert response.status_code == 200
    html = response.content.decode()
    centres = block(html, "250 centres operational by 30 June 2027")
    # 3 centres now (c1, c2, c4) as a year before (c1, c2, c3): no rise, 247 to go in 215 days.
    for text in (
        "3 centres</a>",
        "1.2%",
        "247 centres",
        "215 days (7.1 months)",
        "35.0 centres a month",
        "0.0 centres a month",
        "(Now − 3 on 27 November 2025) ÷ 12",
        "Remaining ÷ months left",
        "Now + actual pace × months left",
        "Off track",
        "suspended centres still count",
    ):
        assert text in centres, text
    jobs = block(html, "20,000 jobs at centres by 30 June 2027")
    # 140 jobs now against 60 a year before: (140 − 60) / 12 = 6.7 a month, 187 by the deadline.
    for text in ("140 jobs", "6.7 jobs a month", "(Now − 60 on 27 November 2025) ÷ 12", "187 jobs"):
        assert text in jobs, text


def test_tracker_shows_each_province_quota_once_in_its_table(client, registry):
    response = client.get("/progress/")

    html = response.content.decode()
    (group,) = response.context["target_groups"]
    punjab, sindh = group.rows
    row = html[html.index(f'<tr id="target-{punjab.target.pk}">') :]
    row = row[: row.index("</tr>")]
    assert "2 centres</a>" in row
    assert "province=PB&amp;operational_on=2026-11-27" in row
    assert "Off track" in row and "At this pace" in row
    assert f'id="target-{sindh.target.pk}"' in html
    assert [p.status for p in group.rows] == [Status.OFF_TRACK] * 2


def test_a_target_is_not_missed_on_its_deadline_but_the_day_after(client, registry):
    on_deadline = client.get("/progress/", {"as_of": "2025-06-30"})
    after = client.get("/progress/", {"as_of": "2025-07-01"})

    def fifty(response):
        return next(p for p in response.context["national"] if p.target.value == 50)

    assert (fifty(on_deadline).current, fifty(on_deadline).status) == (3, Status.OFF_TRACK)
    assert "is the deadline itself" in block(
        on_deadline.content.decode(), "50 centres operational by 30 June 2025"
    )
    assert fifty(after).status == Status.MISSED
    assert "The deadline, 30 June 2025, has passed." in after.content.decode()
    assert "on 30 June 2025 the value was 3." in after.content.decode()


def test_tracker_lists_the_fiscal_year_series_with_its_csv(client, registry):
    response = client.get("/progress/")

    rows = [
        (
            r.fiscal_year,
            r.centres_launched,
            r.centres_operational_end,
            r.jobs_at_centres_end,
            r.target_centres,
            r.target_jobs,
        )
        for r in response.context["series"]
    ]
    assert rows == [
        (2024, 1, 1, 0, None, None),
        (2025, 2, 3, 0, 50, None),
        (2026, 0, 2, 100, None, None),
        (2027, 1, 3, 140, 250, 20000),
    ]
    html = response.content.decode()
    assert 'href="/progress/export.csv?programme=federal-e-rozgaar"' in html
    # Two FY charts, each drawn wide and narrow.
    assert html.count('<figure class="chart fy-chart"') == 2
    assert html.count('class="chart__svg chart__svg--wide"') == 2
    assert "FY2027 (2026-27)* <span" in html


def test_tracker_as_of_a_past_date_links_its_csv_for_that_date(client, registry):
    response = client.get("/progress/", {"as_of": "2025-12-31"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/progress/export.csv?programme=federal-e-rozgaar&amp;as_of=2025-12-31"' in html
    assert "as it stood on <strong>31 December 2025</strong>" in html
    assert re.search(r"FY2027 \(2026-27\) <span class=\"muted\">\(not started\)", html)


@pytest.mark.parametrize(
    ("as_of", "message"),
    [("2027-01-01", "1 January 2027 is in the future"), ("27-11-2026", "YYYY-MM-DD")],
)
def test_tracker_refuses_a_date_it_cannot_show(client, registry, as_of, message):
    response = client.get("/progress/", {"as_of": as_of})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "national" not in response.context


def test_tracker_queries_stay_bounded_as_rows_grow(client, registry, django_assert_max_num_queries):
    more_rows(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/progress/").status_code == 200
    more_rows(30)

    with django_assert_max_num_queries(len(few)):
        assert client.get("/progress/").status_code == 200
    # 16 before the jobs of every fiscal year came from one query, 12 before the province
    # counts of both pace dates did, 11 before the programme's centres were measured in one,
    # 8 before the targets were read once for every section, 7 before the province quotas
    # were taken from those targets too.
    assert len(few) <= 6
