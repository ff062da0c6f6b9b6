"""Progress of one target as of a date (SPEC §3.2, §3.3), on small hand-computed fixtures."""

import dataclasses
import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from centres.measures import Measures, metric_value
from centres.models import Target
from centres.progress import PaceBasis, Status
from centres.selectors import (
    headline_figures,
    province_figures,
    province_target_groups,
    target_progress,
)
from registry.models import CentreStatus, Facility, ParkStatus
from tests.factories import (
    CentreFactory,
    CityFactory,
    ParkFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
    TenancyFactory,
    province,
)

Metric = Target.Metric
D = datetime.date


def sindh_city():
    return CityFactory(slug="karachi", name="Karachi", province=province("SD"))


@pytest.fixture
def mixed_centres():
    """Federal centres in every state a count must handle, plus one of another programme."""
    ProgrammeFactory()
    CentreFactory(slug="running", opened_on=D(2024, 2, 6))
    CentreFactory(slug="suspended", opened_on=D(2024, 5, 1), status=CentreStatus.SUSPENDED)
    CentreFactory(
        slug="closed", opened_on=D(2024, 3, 1), closed_on=D(2024, 9, 1), status=CentreStatus.CLOSED
    )
    CentreFactory(slug="later", opened_on=D(2025, 1, 10))
    CentreFactory(slug="karachi-centre", opened_on=D(2024, 4, 1), city=sindh_city())
    CentreFactory(
        slug="punjab-scheme",
        opened_on=D(2024, 1, 1),
        programme=ProgrammeFactory(slug="punjab-e-rozgaar", name="Punjab e-Rozgaar"),
    )


def centres_target(**kwargs):
    return TargetFactory(metric=Metric.CENTRES_OPERATIONAL, **kwargs)


def test_centres_count_launched_not_closed_and_suspended_ones(mixed_centres):
    target = centres_target(value=250, fiscal_year=2027)

    # running, suspended, karachi-centre; closed closed on 1 Sep; later not yet launched.
    assert metric_value(target=target, day=D(2024, 12, 31)) == 3


def test_a_centre_closed_on_the_day_no_longer_counts(mixed_centres):
    target = centres_target(value=250, fiscal_year=2027)

    assert metric_value(target=target, day=D(2024, 8, 31)) == 4
    assert metric_value(target=target, day=D(2024, 9, 1)) == 3


def test_a_centre_counts_from_its_launch_day(mixed_centres):
    target = centres_target(value=250, fiscal_year=2027)

    assert metric_value(target=target, day=D(2025, 1, 9)) == 3
    assert metric_value(target=target, day=D(2025, 1, 10)) == 4


def test_province_narrows_the_count_to_its_cities(mixed_centres):
    target = centres_target(value=51, fiscal_year=2027, province=province("SD"))

    assert metric_value(target=target, day=D(2025, 6, 30)) == 1


def test_jobs_add_each_centres_latest_report_not_the_months(mixed_centres):
    running = Facility.objects.get(slug="running")
    suspended = Facility.objects.get(slug="suspended")
    ReportFactory(facility=running, period=D(2025, 1, 1), workers=100, women=10)
    ReportFactory(facility=running, period=D(2025, 3, 1), workers=120, women=12)
    ReportFactory(facility=suspended, period=D(2025, 2, 1), workers=50, women=5)
    ReportFactory(facility=Facility.objects.get(slug="closed"), period=D(2024, 8, 1), workers=70)
    ReportFactory(facility=Facility.objects.get(slug="punjab-scheme"), period=D(2025, 1, 1))
    target = TargetFactory(metric=Metric.JOBS_AT_CENTRES, value=20000, fiscal_year=2027)

    assert metric_value(target=target, day=D(2025, 2, 28)) == 150
    assert metric_value(target=target, day=D(2025, 3, 1)) == 170
    assert metric_value(target=target, day=D(2024, 12, 31)) == 0


def test_womens_share_is_weighted_by_workers():
    ReportFactory(facility=ParkFactory(), workers=100, women=10)
    ReportFactory(facility=ParkFactory(), workers=10, women=10)
    target = TargetFactory(metric=Metric.WOMEN_SHARE, value=30, programme=None, fiscal_year=2027)

    # 20 / 110 = 18.18 %, not the mean of 10 % and 100 %.
    assert metric_value(target=target, day=D(2026, 11, 27)) == Decimal("18.2")


def test_workers_total_counts_only_facilities_operational_on_the_day():
    ReportFactory(facility=ParkFactory(), workers=100, women=10)
    ReportFactory(facility=CentreFactory(), workers=40, women=10)
    closed = ParkFactory(status=ParkStatus.CLOSED, closed_on=D(2026, 1, 1))
    ReportFactory(facility=closed, period=D(2025, 12, 1), workers=500)
    target = TargetFactory(metric=Metric.WORKERS_TOTAL, value=20000, programme=None)

    assert metric_value(target=target, day=D(2026, 11, 27)) == 140
    assert metric_value(target=target, day=D(2025, 12, 31)) == 500


@pytest.fixture
def rollout():
    """One centre since 6 Feb 2024, six more launched in FY2026 (1 Jul 2025 – 30 Jun 2026)."""
    ProgrammeFactory()
    CentreFactory(opened_on=D(2024, 2, 6))
    for day in (D(2025, 7, 1), D(2025, 9, 1), D(2025, 12, 1), D(2026, 2, 1), D(2026, 4, 1)):
        CentreFactory(opened_on=day)
    CentreFactory(opened_on=D(2026, 6, 30))


ON_30_JUNE_2026 = D(2026, 6, 30)
# 365 days to 30 June 2027; 6 centres more than a year earlier.
MONTHS_LEFT = Fraction(365) / Fraction("30.4375")
PROJECTION = 7 + Fraction(6, 12) * MONTHS_LEFT  # 12.9959


def test_progress_reports_every_figure_of_the_yearly_pace(rollout):
    target = centres_target(value=13, fiscal_year=2027)

    progress = target_progress(target=target, as_of=ON_30_JUNE_2026)

    assert progress.current == 7
    assert progress.value_year_ago == 1
    assert progress.year_ago == D(2025, 6, 30)
    assert progress.percent == Decimal("53.8")
    assert progress.remaining == 6
    assert progress.deadline == D(2027, 6, 30)
    assert progress.days_left == 365
    assert progress.months_left == Decimal("12.0")
    assert progress.pace_basis == PaceBasis.YEAR
    assert progress.exact_actual_pace == Fraction(1, 2)
    assert progress.exact_needed_pace == 6 / MONTHS_LEFT
    assert progress.needed_pace == Decimal("0.5")
    assert progress.exact_projection == PROJECTION
    assert progress.projection == Decimal("12")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (7, Status.ACHIEVED),
        (12, Status.ON_TRACK),
        (13, Status.AT_RISK),  # projection 12.996 falls just short of 13
        (16, Status.AT_RISK),  # 80 % of 16 is 12.8
        (17, Status.OFF_TRACK),  # 80 % of 17 is 13.6
    ],
)
def test_status_compares_the_projection_with_the_target(rollout, value, status):
    target = centres_target(value=value, fiscal_year=2027)

    assert target_progress(target=target, as_of=ON_30_JUNE_2026).status == status


def test_an_unmet_target_is_missed_the_day_after_its_deadline(rollout):
    target = centres_target(value=10, fiscal_year=2026)

    on_deadline = target_progress(target=target, as_of=D(2026, 6, 30))
    after = target_progress(target=target, as_of=D(2026, 7, 1))

    assert on_deadline.status == Status.OFF_TRACK
    assert on_deadline.days_left == 0
    assert on_deadline.exact_needed_pace is None
    assert on_deadline.exact_projection == 7
    assert after.status == Status.MISSED
    assert after.days_left == 0
    assert after.exact_projection is None
    assert after.value_at_deadline == 7


def test_a_target_reached_after_its_deadline_is_achieved(rollout):
    target = centres_target(value=3, fiscal_year=2025)

    progress = target_progress(target=target, as_of=D(2026, 1, 1))

    assert progress.status == Status.ACHIEVED
    assert progress.remaining == 0
    assert progress.exact_needed_pace == 0


def test_pace_runs_from_the_first_launch_when_it_is_under_a_year_ago():
    ProgrammeFactory()
    CentreFactory(opened_on=D(2026, 1, 1))
    CentreFactory(opened_on=D(2026, 3, 1))
    CentreFactory(opened_on=D(2026, 3, 1))
    target = centres_target(value=10, fiscal_year=2027)

    progress = target_progress(target=target, as_of=ON_30_JUNE_2026)

    since = Fraction(180) / Fraction("30.4375")
    assert progress.pace_basis == PaceBasis.SINCE_LAUNCH
    assert progress.first_launch == D(2026, 1, 1)
    assert progress.months_since_launch == since
    assert progress.exact_actual_pace == 3 / since
    assert progress.actual_pace == Decimal("0.5")
    assert progress.exact_projection == 3 + 3 / since * MONTHS_LEFT  # 9.08
    assert progress.status == Status.AT_RISK


def test_province_target_paces_from_the_programmes_first_launch(rollout):
    CentreFactory(opened_on=D(2026, 5, 1), city=sindh_city())
    target = centres_target(value=2, fiscal_year=2027, province=province("SD"))

    progress = target_progress(target=target, as_of=ON_30_JUNE_2026)

    # The programme started in 2024, so Sindh's pace is its rise over the last 12 months.
    assert progress.first_launch == D(2024, 2, 6)
    assert progress.pace_basis == PaceBasis.YEAR
    assert progress.exact_actual_pace == Fraction(1, 12)
    assert progress.current == 1
    assert progress.exact_projection == 1 + MONTHS_LEFT / 12  # 1.9993, short of 2
    assert progress.status == Status.AT_RISK


def test_before_the_first_launch_there_is_no_pace(rollout):
    target = centres_target(value=50, fiscal_year=2025)

    progress = target_progress(target=target, as_of=D(2024, 1, 1))

    assert progress.current == 0
    assert progress.pace_basis == PaceBasis.NOT_STARTED
    assert progress.exact_actual_pace is None
    assert progress.exact_projection == 0
    assert progress.status == Status.OFF_TRACK


def test_on_the_first_launch_day_the_pace_is_not_measurable_yet(rollout):
    target = centres_target(value=50, fiscal_year=2025)

    progress = target_progress(target=target, as_of=D(2024, 2, 6))

    assert progress.current == 1
    assert progress.pace_basis == PaceBasis.LAUNCH_DAY
    assert progress.exact_projection == 1


def test_jobs_pace_compares_latest_reports_twelve_months_apart(rollout):
    first = Facility.objects.order_by("opened_on").first()
    ReportFactory(facility=first, period=D(2025, 6, 1), workers=100, women=0)
    ReportFactory(facility=first, period=D(2026, 6, 1), workers=400, women=0)
    target = TargetFactory(metric=Metric.JOBS_AT_CENTRES, value=20000, fiscal_year=2027)

    progress = target_progress(target=target, as_of=ON_30_JUNE_2026)

    assert progress.value_year_ago == 100
    assert progress.current == 400
    assert progress.exact_actual_pace == 25
    assert progress.status == Status.OFF_TRACK


def test_parks_target_paces_from_the_first_park_opening():
    ParkFactory(opened_on=D(2026, 1, 1))
    ParkFactory(opened_on=D(2026, 4, 1))
    CentreFactory(opened_on=D(2020, 1, 1))
    target = TargetFactory(
        metric=Metric.PARKS_OPERATIONAL, value=4, fiscal_year=2027, programme=None
    )

    progress = target_progress(target=target, as_of=ON_30_JUNE_2026)

    assert progress.current == 2
    assert progress.first_launch == D(2026, 1, 1)
    assert progress.pace_basis == PaceBasis.SINCE_LAUNCH
    assert progress.status == Status.ON_TRACK


def test_province_quota_reports_quota_operational_share_and_status(mixed_centres):
    centres_target(value=2, fiscal_year=2027, province=province("SD"))
    centres_target(value=149, fiscal_year=2027, province=province("PB"))
    centres_target(value=250, fiscal_year=2027)

    (group,) = province_target_groups(as_of=D(2025, 6, 30))
    quotas = group.rows

    assert (group.metric, group.fiscal_year) == (Metric.CENTRES_OPERATIONAL, 2027)
    assert [(q.target.province.code, q.target.value) for q in quotas] == [("PB", 149), ("SD", 2)]
    punjab, sindh = quotas
    # Punjab: running, suspended, later (closed closed in 2024; Karachi is in Sindh).
    assert (punjab.current, punjab.percent, punjab.status) == (3, Decimal("2.0"), Status.OFF_TRACK)
    assert (sindh.current, sindh.percent, sindh.status) == (1, Decimal("50.0"), Status.OFF_TRACK)


def test_province_targets_group_by_year_metric_and_programme_largest_first():
    federal = ProgrammeFactory()
    punjab_programme = ProgrammeFactory(slug="punjab-e-rozgaar", name="Punjab e-Rozgaar")
    centres_target(value=30, fiscal_year=2027, province=province("SD"))
    centres_target(value=30, fiscal_year=2027, province=province("KP"))
    centres_target(value=80, fiscal_year=2027, province=province("PB"), programme=punjab_programme)
    centres_target(value=10, fiscal_year=2026, province=province("PB"), programme=federal)
    centres_target(value=50, fiscal_year=2027, province=province("PB"))
    centres_target(value=250, fiscal_year=2027)  # national: not a quota
    TargetFactory(metric=Metric.JOBS_AT_CENTRES, value=900, province=province("PB"))
    TargetFactory(metric=Metric.PARKS_OPERATIONAL, value=4, province=province("SD"), programme=None)

    groups = province_target_groups(as_of=D(2025, 6, 30))

    assert [
        (
            g.fiscal_year,
            g.metric,
            g.programme and g.programme.slug,
            [r.target.value for r in g.rows],
        )
        for g in groups
    ] == [
        (2025, Metric.JOBS_AT_CENTRES, "federal-e-rozgaar", [900]),
        (2025, Metric.PARKS_OPERATIONAL, None, [4]),
        (2026, Metric.CENTRES_OPERATIONAL, "federal-e-rozgaar", [10]),
        (2027, Metric.CENTRES_OPERATIONAL, "federal-e-rozgaar", [50, 30, 30]),
        (2027, Metric.CENTRES_OPERATIONAL, "punjab-e-rozgaar", [80]),
    ]
    assert [q.target.province.name for q in groups[3].rows[1:]] == ["Khyber Pakhtunkhwa", "Sindh"]


def test_headline_figures_as_they_stood_on_the_date(mixed_centres):
    programme = ProgrammeFactory()
    park = ParkFactory(opened_on=D(2020, 10, 1))
    ParkFactory(opened_on=D(2026, 1, 1))
    ReportFactory(facility=park, period=D(2025, 1, 1), workers=100, women=10)
    ReportFactory(facility=park, period=D(2025, 6, 1), workers=200, women=30)
    running = Facility.objects.get(slug="running")
    ReportFactory(facility=running, period=D(2025, 5, 1), workers=10, women=10)
    ReportFactory(facility=Facility.objects.get(slug="suspended"), period=D(2024, 1, 1))
    TenancyFactory(facility=park, started_on=D(2024, 1, 1))
    company = TenancyFactory(facility=running, started_on=D(2025, 1, 1)).company
    TenancyFactory(company=company, facility=park, started_on=D(2025, 2, 1))
    TenancyFactory(facility=park, started_on=D(2023, 1, 1), ended_on=D(2024, 12, 31))

    figures = headline_figures(as_of=D(2025, 6, 30), programme=programme)

    assert figures.parks_operational == 1
    assert figures.centres_operational == 4  # running, suspended, later, karachi-centre
    assert figures.all_centres_operational == 5  # and the Punjab programme's centre
    assert figures.current_tenants == 2
    assert (figures.workers, figures.women, figures.women_share) == (310, 60, Decimal("19.4"))
    assert figures.facilities_operational == 6
    # Suspended centres are not expected to report: overdue counts operational ones only.
    assert figures.overdue == 3  # later, karachi-centre, punjab-scheme never reported
    assert figures.without_report == 3
    assert figures.launched_this_year == 1  # later, 10 January 2025, in FY2025


def test_figures_by_province_match_the_workforce_totals(mixed_centres):
    ReportFactory(facility=Facility.objects.get(slug="running"), workers=30, women=3)
    ReportFactory(facility=Facility.objects.get(slug="karachi-centre"), workers=20, women=10)
    ReportFactory(facility=ParkFactory(city=sindh_city()), workers=80, women=10)

    rows = {row.province.code: row for row in province_figures(as_of=D(2026, 11, 27))}

    assert len(rows) == 7
    assert (rows["PB"].facilities, rows["PB"].workers, rows["PB"].women_share) == (
        4,
        30,
        Decimal("10.0"),
    )
    assert (rows["SD"].facilities, rows["SD"].workers, rows["SD"].women_share) == (
        2,
        100,
        Decimal("20.0"),
    )
    assert (rows["KP"].facilities, rows["KP"].workers, rows["KP"].women_share) == (0, 0, None)
    for code, row in rows.items():
        totals = (
            Facility.objects.operational_on(D(2026, 11, 27))
            .filter(city__province_id=code)
            .workforce_totals(D(2026, 11, 27))
        )
        assert (row.workers, row.women) == (totals["workers"], totals["women"])


def test_quotas_counted_together_equal_each_target_counted_alone(mixed_centres):
    for code, value in (("PB", 149), ("SD", 51), ("KP", 28)):
        centres_target(value=value, fiscal_year=2027, province=province(code))

    for day in (D(2024, 8, 31), D(2024, 9, 1), D(2025, 6, 30)):
        for quota in province_target_groups(as_of=day)[0].rows:
            assert quota.current == metric_value(target=quota.target, day=day)


def test_centre_targets_measured_together_equal_each_counted_alone(mixed_centres):
    for slug, period, workers in [
        ("running", D(2024, 3, 1), 30),
        ("running", D(2025, 2, 1), 45),
        ("closed", D(2024, 6, 1), 70),
        ("karachi-centre", D(2024, 5, 1), 12),
        ("punjab-scheme", D(2024, 2, 1), 99),
    ]:
        facility = Facility.objects.get(slug=slug)
        ReportFactory(facility=facility, period=period, workers=workers, women=1)
    targets = [
        TargetFactory(metric=metric, value=100, fiscal_year=2027, province=area)
        for metric in (Metric.CENTRES_OPERATIONAL, Metric.JOBS_AT_CENTRES)
        for area in (None, province("PB"), province("SD"), province("KP"))
    ]
    days = [D(2024, 1, 31), D(2024, 8, 31), D(2024, 9, 1), D(2025, 6, 30), D(2026, 11, 27)]

    measures = Measures(D(2026, 11, 27))
    measured = {
        (target.pk, day): measures.value(target=target, day=day)
        for target in targets
        for day in days
    }

    assert measured == {
        (target.pk, day): metric_value(target=target, day=day) for target in targets for day in days
    }
    # Punjab's jobs on 31 August 2024: running's 30 and closed's 70, not the other programme's.
    assert measured[(targets[5].pk, D(2024, 8, 31))] == 100


@pytest.mark.parametrize(
    "as_of, launch",
    [
        (D(2024, 2, 5), None),  # the day before the federal programme's first launch
        (D(2024, 2, 6), D(2024, 2, 6)),
        (D(2026, 11, 27), D(2024, 2, 6)),
    ],
)
def test_a_centre_targets_first_launch_is_its_programmes_first_on_or_before_the_date(
    mixed_centres, as_of, launch
):
    # Punjab's own scheme opened a month earlier: another programme, not this pace's start.
    target = TargetFactory(
        metric=Metric.JOBS_AT_CENTRES, value=100, fiscal_year=2027, province=province("SD")
    )
    federal = target.programme.centres.filter(opened_on__lte=as_of)

    progress = target_progress(target=target, as_of=as_of)

    assert progress.first_launch == launch == federal.first_opened()


@pytest.mark.parametrize(
    ("needed", "actual", "shown"),
    [
        (Fraction(14, 100), Fraction(8, 100), ("0.14", "0.08")),
        (Fraction(225, 100), Fraction(22, 10), ("2.3", "2.2")),
        (Fraction(1234, 10000), Fraction(1239, 10000), ("0.123", "0.124")),
        (Fraction(1, 3), Fraction(1, 3), ("0.3", "0.3")),
        (Fraction(50004, 100000), Fraction(1, 2), ("0.5", "0.5")),
    ],
)
def test_paces_show_as_many_decimals_as_tell_needed_from_actual(rollout, needed, actual, shown):
    progress = target_progress(
        target=centres_target(value=13, fiscal_year=2027), as_of=ON_30_JUNE_2026
    )

    paces = dataclasses.replace(progress, exact_needed_pace=needed, exact_actual_pace=actual)

    assert (str(paces.needed_pace), str(paces.actual_pace)) == shown
