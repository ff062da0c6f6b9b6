import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from registry.models import Facility, WorkforceReport, calendar, women_share
from tests.factories import CentreFactory, ParkFactory, ReportFactory

NOV_2026 = datetime.date(2026, 11, 27)


def test_share_is_weighted_by_workers():
    assert women_share(10 + 10, 100 + 10) == Decimal("18.2")


def test_share_is_none_when_nobody_works():
    assert women_share(0, 0) is None


def test_facility_workforce_is_its_latest_report_not_a_sum():
    park = ParkFactory()
    ReportFactory(facility=park, period=datetime.date(2026, 8, 1), workers=50, women=5)
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=70, women=14)

    row = Facility.objects.with_latest_report(NOV_2026).get()

    assert (row.latest_period, row.latest_workers, row.latest_women) == (
        datetime.date(2026, 9, 1),
        70,
        14,
    )


def test_latest_report_as_of_a_date_ignores_later_reports():
    park = ParkFactory()
    ReportFactory(facility=park, period=datetime.date(2026, 8, 1), workers=50, women=5)
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=70, women=14)

    row = Facility.objects.with_latest_report(datetime.date(2026, 8, 31)).get()

    assert row.latest_workers == 50


def test_facility_without_report_counts_zero():
    ParkFactory()

    row = Facility.objects.with_latest_report(NOV_2026).get()

    assert (row.latest_period, row.latest_workers, row.latest_women) == (None, 0, 0)


def test_totals_add_each_facilitys_latest_report_and_weight_the_share():
    big, small, silent = ParkFactory(), CentreFactory(), ParkFactory()
    ReportFactory(facility=big, period=datetime.date(2026, 7, 1), workers=999, women=999)
    ReportFactory(facility=big, period=datetime.date(2026, 10, 1), workers=100, women=10)
    ReportFactory(facility=small, period=datetime.date(2026, 9, 1), workers=10, women=10)

    totals = Facility.objects.workforce_totals(NOV_2026)

    assert totals == {
        "workers": 110,
        "women": 20,
        "operational": 3,
        "reporting": 2,
        "facilities": 3,
        "women_share": Decimal("18.2"),
    }
    assert list(Facility.objects.without_report(NOV_2026)) == [silent.facility_ptr]


def test_totals_of_a_narrowed_queryset_count_only_its_facilities():
    park, centre = ParkFactory(), CentreFactory()
    ReportFactory(facility=park, workers=100, women=10)
    ReportFactory(facility=centre, workers=40, women=20)

    from centres.models import Centre

    assert Centre.objects.workforce_totals(NOV_2026)["workers"] == 40


def test_rollout_on_several_days_and_spans_equals_each_figure_counted_alone(
    django_assert_num_queries,
):
    from centres.models import Centre

    opened = CentreFactory(opened_on=datetime.date(2024, 1, 10))
    late = CentreFactory(opened_on=datetime.date(2026, 3, 1))
    closed = CentreFactory(
        opened_on=datetime.date(2023, 1, 1), status="closed", closed_on=datetime.date(2025, 6, 1)
    )
    CentreFactory(opened_on=datetime.date(2025, 1, 1))  # never reports
    ParkFactory(opened_on=datetime.date(2020, 1, 1))  # not a centre
    for facility, period, workers in [
        (opened, datetime.date(2024, 2, 1), 30),
        (opened, datetime.date(2025, 8, 1), 45),
        (late, datetime.date(2026, 4, 1), 12),
        (closed, datetime.date(2024, 12, 1), 80),
    ]:
        ReportFactory(facility=facility, period=period, workers=workers, women=1)
    days = [datetime.date(2023, 6, 30), datetime.date(2025, 5, 31), datetime.date(2025, 6, 1)]
    days += [datetime.date(2025, 9, 1), NOV_2026]
    spans = [(datetime.date(2023, 7, 1), datetime.date(2024, 6, 30))]
    spans += [(datetime.date(2024, 7, 1), datetime.date(2025, 6, 30))]

    with django_assert_num_queries(1):
        rollout = Centre.objects.rollout_by("kind", days, spans)

    assert list(rollout) == ["centre"]
    centres = rollout["centre"]
    assert centres["workers"] == {
        day: Centre.objects.operational_on(day).workforce_totals(day)["workers"] for day in days
    }
    assert list(centres["workers"].values()) == [0, 110, 30, 45, 57]
    assert centres["operational"] == {
        day: Centre.objects.operational_on(day).count() for day in days
    }
    assert list(centres["operational"].values()) == [1, 3, 2, 2, 3]
    assert list(centres["launched"].values()) == [1, 1]


def test_overdue_means_latest_report_more_than_three_months_before_this_month():
    fine = ParkFactory(name="Fine")
    late = ParkFactory(name="Late")
    silent = ParkFactory(name="Silent")
    ParkFactory(name="Planned", status="planned", opened_on=None)
    ReportFactory(facility=fine, period=datetime.date(2026, 8, 1))
    ReportFactory(facility=late, period=datetime.date(2026, 7, 1))

    overdue = Facility.objects.overdue(NOV_2026)

    assert sorted(f.name for f in overdue) == ["Late", "Silent"]
    assert {f.name: f.latest_period for f in overdue} == {
        "Late": datetime.date(2026, 7, 1),
        "Silent": None,
    }
    assert fine.pk not in {f.pk for f in overdue} and silent.pk in {f.pk for f in overdue}


def test_report_refuses_more_women_than_workers():
    report = ReportFactory.build(facility=ParkFactory(), workers=5, women=6)

    with pytest.raises(ValidationError) as error:
        report.full_clean()

    assert error.value.message_dict["women"] == ["Women (6) cannot be more than the workers (5)."]


def test_report_refuses_a_month_that_has_not_started(settings):
    next_month = calendar.today().replace(day=28) + datetime.timedelta(days=10)
    report = ReportFactory.build(facility=ParkFactory(), period=next_month)

    with pytest.raises(ValidationError) as error:
        report.full_clean()

    assert "period" in error.value.message_dict


def test_report_period_is_stored_as_first_day_of_month():
    report = ReportFactory.build(facility=ParkFactory(), period=datetime.date(2026, 9, 17))

    report.full_clean()
    report.save()

    assert WorkforceReport.objects.get().period == datetime.date(2026, 9, 1)


def test_second_report_for_the_same_month_is_refused():
    park = ParkFactory()
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1))
    again = ReportFactory.build(facility=park, period=datetime.date(2026, 9, 15))

    with pytest.raises(ValidationError) as error:
        again.full_clean()

    assert "This facility already has a report for this month." in str(error.value)
