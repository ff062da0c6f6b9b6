"""The federal programme's fiscal-year series (SPEC §3.4), as of a date."""

import datetime

from centres.models import Target
from centres.selectors import fiscal_year_series
from registry.models import CentreStatus
from tests.factories import (
    CentreFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
    province,
)

D = datetime.date
Metric = Target.Metric


def figures(row):
    return (
        row.fiscal_year,
        row.centres_launched,
        row.centres_operational_end,
        row.jobs_at_centres_end,
        row.target_centres,
        row.target_jobs,
    )


def test_a_launch_on_30_june_belongs_to_the_year_ending_that_day():
    programme = ProgrammeFactory()
    CentreFactory(opened_on=D(2025, 6, 30))
    CentreFactory(opened_on=D(2025, 7, 1))

    rows = fiscal_year_series(programme=programme, as_of=D(2025, 12, 31))

    assert [(r.fiscal_year, r.centres_launched) for r in rows] == [(2025, 1), (2026, 1)]
    assert rows[0].centres_operational_end == 1


def test_series_runs_from_the_first_launch_to_the_last_target_year():
    programme = ProgrammeFactory()
    first = CentreFactory(opened_on=D(2024, 2, 6))
    CentreFactory(opened_on=D(2024, 9, 1), status=CentreStatus.SUSPENDED)
    CentreFactory(opened_on=D(2024, 10, 1), closed_on=D(2025, 3, 1), status=CentreStatus.CLOSED)
    late = CentreFactory(opened_on=D(2025, 8, 1))
    ReportFactory(facility=first, period=D(2024, 5, 1), workers=30)
    ReportFactory(facility=first, period=D(2025, 6, 1), workers=60)
    ReportFactory(facility=late, period=D(2025, 9, 1), workers=15, women=5)
    TargetFactory(metric=Metric.CENTRES_OPERATIONAL, value=50, fiscal_year=2025)
    TargetFactory(metric=Metric.CENTRES_OPERATIONAL, value=250, fiscal_year=2027)
    TargetFactory(metric=Metric.JOBS_AT_CENTRES, value=20000, fiscal_year=2027)
    TargetFactory(
        metric=Metric.CENTRES_OPERATIONAL, value=149, fiscal_year=2027, province=province("PB")
    )

    rows = fiscal_year_series(programme=programme, as_of=D(2025, 11, 27))

    assert [figures(row) for row in rows] == [
        (2024, 1, 1, 30, None, None),
        (2025, 2, 2, 60, 50, None),  # the closed centre launched and closed within FY2025
        (2026, 1, 3, 75, None, None),  # so far: as of 27 November 2025
        (2027, None, None, None, 250, 20000),  # not started: nothing invented
    ]
    assert [row.as_of for row in rows] == [
        D(2024, 6, 30),
        D(2025, 6, 30),
        D(2025, 11, 27),
        D(2025, 11, 27),
    ]
    assert [(row.complete, row.started) for row in rows] == [
        (True, True),
        (True, True),
        (False, True),
        (False, False),
    ]


def test_series_looks_back_without_later_records():
    programme = ProgrammeFactory()
    CentreFactory(opened_on=D(2024, 2, 6))
    CentreFactory(opened_on=D(2024, 3, 1))
    CentreFactory(opened_on=D(2025, 1, 1))
    TargetFactory(value=50, fiscal_year=2025)

    rows = fiscal_year_series(programme=programme, as_of=D(2024, 2, 29))

    assert [figures(row) for row in rows] == [
        (2024, 1, 1, 0, None, None),
        (2025, None, None, None, 50, None),
    ]


def test_series_counts_only_the_programmes_own_centres():
    programme = ProgrammeFactory()
    CentreFactory(opened_on=D(2024, 2, 6))
    other = ProgrammeFactory(slug="punjab-e-rozgaar", name="Punjab e-Rozgaar")
    CentreFactory(programme=other, opened_on=D(2017, 5, 1))
    CentreFactory(programme=other, opened_on=D(2024, 3, 1))

    rows = fiscal_year_series(programme=programme, as_of=D(2024, 6, 30))

    assert [figures(row) for row in rows] == [(2024, 1, 1, 0, None, None)]


def test_series_reaches_the_current_year_past_the_last_target():
    programme = ProgrammeFactory()
    CentreFactory(opened_on=D(2024, 2, 6))
    TargetFactory(value=50, fiscal_year=2025)

    rows = fiscal_year_series(programme=programme, as_of=D(2026, 1, 1))

    assert [row.fiscal_year for row in rows] == [2024, 2025, 2026]
