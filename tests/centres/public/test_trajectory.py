"""A national target's trajectory (issue 18): the tracker's §3.3 value at every month's end since
the first launch, the straight path to the target at its deadline, the projection at the pace."""

import datetime
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generator import Generator
from centres.models import Target
from centres.public.trajectory import trajectory_chart
from centres.selectors import national_progress, target_progress
from centres.trajectories import Timelines, target_trajectory, trajectory_days
from registry.models.calendar import add_months
from tests.factories import (
    CentreFactory,
    ParkFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
)

D = datetime.date
TODAY = D(2026, 11, 27)
Metric = Target.Metric


def tracker_value(target, day):
    """Return V(day) as the tracker shows it with ?as_of=day."""
    return target_progress(target=target, as_of=day).current


def trajectories(as_of):
    timelines = Timelines()
    return [
        target_trajectory(progress=progress, timelines=timelines)
        for progress in national_progress(as_of=as_of)
    ]


@pytest.fixture
def generated():
    """A small generated registry, with national targets of every metric besides its own."""
    Generator(scale=0.1, seed=7, as_of=TODAY).run()
    for metric, value in [
        (Metric.PARKS_OPERATIONAL, 60),
        (Metric.WORKERS_TOTAL, 9000),
        (Metric.WOMEN_SHARE, 30),
    ]:
        Target.objects.create(metric=metric, value=value, fiscal_year=2028)


def test_the_trajectory_is_the_trackers_value_at_every_months_end(generated):
    found = [trajectory for trajectory in trajectories(TODAY) if trajectory]

    assert {t.progress.target.metric for t in found} == set(Metric.values)
    for trajectory in found:
        days = [day for day, _ in trajectory.points]
        assert days[0] == trajectory.progress.first_launch and days[-1] == TODAY
        month_ends = days[1:-1]
        assert all((day + datetime.timedelta(days=1)).day == 1 for day in month_ends)
        assert len(month_ends) == len(set(month_ends))
        # Centre targets month by month; the others, which start years earlier, every fifth.
        checked = trajectory.points if len(days) < 60 else trajectory.points[::5]
        for day, value in [*checked, trajectory.points[-1]]:
            assert value == tracker_value(trajectory.progress.target, day), (day, trajectory)


@pytest.fixture
def edges():
    """Centres launched on a month's last day, closed on 30 June, launched on 1 July."""
    programme = ProgrammeFactory()
    first = CentreFactory(programme=programme, opened_on=D(2024, 1, 31))
    closed = CentreFactory(
        programme=programme, status="closed", opened_on=D(2024, 7, 1), closed_on=D(2025, 6, 30)
    )
    late = CentreFactory(programme=programme, opened_on=D(2025, 7, 1))
    CentreFactory(programme=programme, status="approved", opened_on=None)
    for facility, period, workers, women in [
        (first, D(2024, 1, 1), 10, 2),
        (first, D(2024, 3, 1), 12, 3),  # no report for February: January's stands
        (first, D(2025, 6, 1), 20, 5),
        (closed, D(2024, 7, 1), 5, 1),
        (closed, D(2025, 6, 1), 7, 2),
        (late, D(2025, 7, 1), 9, 4),
    ]:
        ReportFactory(facility=facility, period=period, workers=workers, women=women)
    ParkFactory(opened_on=D(2023, 12, 31))
    TargetFactory(programme=programme, value=10, fiscal_year=2027)
    TargetFactory(programme=programme, metric=Metric.JOBS_AT_CENTRES, value=100, fiscal_year=2027)
    return programme


@pytest.mark.parametrize(
    "as_of",
    [D(2024, 1, 31), D(2024, 2, 29), D(2025, 6, 30), D(2025, 7, 1), D(2026, 6, 30), TODAY],
)
def test_the_trajectory_is_the_trackers_value_on_edge_dates(edges, as_of):
    centres, jobs = trajectories(as_of)

    for trajectory in (centres, jobs):
        assert [day for day, _ in trajectory.points] == trajectory_days(
            launch=D(2024, 1, 31), as_of=as_of
        )
        for day, value in trajectory.points:
            assert value == tracker_value(trajectory.progress.target, day), (day, as_of)


def test_a_centre_closed_on_30_june_counts_until_the_day_before(edges):
    centres, jobs = trajectories(TODAY)

    on = dict(centres.points)
    assert (on[D(2024, 1, 31)], on[D(2024, 6, 30)], on[D(2024, 7, 31)]) == (1, 1, 2)
    assert (on[D(2025, 5, 31)], on[D(2025, 6, 30)], on[D(2025, 7, 31)]) == (2, 1, 2)
    workers = dict(jobs.points)
    assert workers[D(2024, 2, 29)] == 10  # January's report, February having none
    assert (workers[D(2025, 5, 31)], workers[D(2025, 6, 30)], workers[D(2025, 7, 31)]) == (
        17,
        20,
        29,
    )


def test_on_the_first_launch_itself_the_trajectory_is_one_point(edges):
    centres, _ = trajectories(D(2024, 1, 31))

    assert centres.points == [(D(2024, 1, 31), 1)]
    assert centres.gap_now == centres.needed_now - 1


def test_before_the_first_launch_there_is_no_trajectory(edges):
    assert trajectories(D(2024, 1, 30)) == [None, None]


def test_the_path_runs_from_the_first_launch_to_the_target_on_its_deadline(edges):
    centres, jobs = trajectories(TODAY)

    for trajectory, target in ((centres, 10), (jobs, 100)):
        deadline = D(2027, 6, 30)
        assert trajectory.path_value(deadline) == target
        assert trajectory.path_value(D(2024, 1, 31)) == trajectory.start_value
        chart = trajectory_chart(trajectory)
        (path,) = [line for line in chart.chart.lines if line.css == "path"]
        assert path.points == [(D(2024, 1, 31), float(trajectory.start_value)), (deadline, target)]
        assert chart.rows[-1][0] == "30 Jun 2027" and chart.rows[-1][2] == target
    # Halfway in time, halfway in value: 1 on the first launch, 10 on the deadline.
    middle = D(2024, 1, 31) + (D(2027, 6, 30) - D(2024, 1, 31)) / 2
    assert centres.path_value(middle) == Fraction(11, 2)


def test_the_projection_is_the_trackers_own_at_the_actual_pace(edges):
    centres, jobs = trajectories(TODAY)

    for trajectory in (centres, jobs):
        progress = trajectory.progress
        expected = (
            Fraction(progress.current) + progress.exact_actual_pace * progress.exact_months_left
        )
        assert progress.exact_projection == expected
        chart = trajectory_chart(trajectory)
        (projection,) = [line for line in chart.chart.lines if line.css == "projection"]
        assert projection.points == [
            (TODAY, float(progress.current)),
            (D(2027, 6, 30), float(progress.exact_projection)),
        ]
        texts = [callout.text for callout in chart.chart.callouts]
        assert f"At this pace {progress.projection}" in texts
        assert chart.rows[-1][3] == progress.projection


def test_a_missed_target_is_drawn_to_its_deadline_with_its_shortfall(edges):
    TargetFactory(programme=edges, value=5, fiscal_year=2025)

    missed = next(t for t in trajectories(TODAY) if t.progress.target.fiscal_year == 2025)
    chart = trajectory_chart(missed).chart

    assert [line.css for line in chart.lines] == ["path", "actual"]
    assert chart.bracket.label.text == "4 short on the deadline"  # 1 of 5 on 30 June 2025


def test_trajectories_take_one_query_per_set_of_facilities_whatever_the_months(edges):
    progress = national_progress(as_of=TODAY)
    early = ProgrammeFactory(slug="punjab-e-rozgaar", name="Punjab e-Rozgaar (2017–)")
    CentreFactory(programme=early, opened_on=D(2012, 3, 5))
    TargetFactory(programme=early, value=10, fiscal_year=2027)
    TargetFactory(programme=early, metric=Metric.JOBS_AT_CENTRES, value=9, fiscal_year=2027)
    both = national_progress(as_of=TODAY)

    timelines = Timelines()
    with CaptureQueriesContext(connection) as queries:
        found = [target_trajectory(progress=p, timelines=timelines) for p in both]
    # Two programmes, one query each: the centres and jobs of one share it.
    assert len(queries) == 2
    assert len(progress) == 2 and len(found) == 4
    assert max(len(t.points) for t in found) > 160


@pytest.mark.parametrize("url", ["/", "/progress/"])
def test_pages_with_trajectories_issue_as_many_queries_for_years_of_history(client, url):
    programme = ProgrammeFactory()
    TargetFactory(programme=programme, value=250, fiscal_year=2027)
    TargetFactory(programme=programme, metric=Metric.JOBS_AT_CENTRES, value=900, fiscal_year=2027)
    centre = CentreFactory(programme=programme, opened_on=D(2025, 11, 3))
    ReportFactory(facility=centre, period=D(2026, 10, 1))
    with CaptureQueriesContext(connection) as one_year:
        assert client.get(url).status_code == 200

    for n in range(12):
        old = CentreFactory(programme=programme, opened_on=D(2016, 1 + n, 9))
        for month in range(0, 120, 7):
            ReportFactory(facility=old, period=add_months(D(2016, 1 + n, 1), month))
    with CaptureQueriesContext(connection) as ten_years:
        response = client.get(url)

    assert len(ten_years) == len(one_year)
    html = response.content.decode()
    assert html.count('class="chart trajectory ') == 2
    assert "The path to 250 centres by 30 June 2027" in html
