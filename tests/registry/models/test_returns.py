"""SPEC §2.5, worked by hand: which months are shown, who is expected, who is received and when."""

import datetime

import pytest

from registry.models import CentreStatus, Facility, ParkStatus
from registry.models.returns import (
    ReturnCounts,
    due_on,
    latest_due_month,
    return_counts,
    shown_months,
)
from tests.factories import CentreFactory, CityFactory, ParkFactory, ReportFactory, province

OCT = datetime.date(2026, 10, 1)


def day(text):
    return datetime.date.fromisoformat(text)


def test_a_return_is_due_on_the_due_day_of_the_next_month(settings):
    assert due_on(OCT) == day("2026-11-15")
    assert due_on(day("2026-12-31")) == day("2027-01-15")
    settings.REPORT_DUE_DAY = 28
    assert due_on(day("2027-01-01")) == day("2027-02-28")


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        # The due day itself is not yet past: October is shown from the 16th of November.
        ("2026-11-15", "2026-09-01"),
        ("2026-11-16", "2026-10-01"),
        ("2026-11-30", "2026-10-01"),
        ("2027-01-01", "2026-11-01"),
        ("2027-01-16", "2026-12-01"),
    ],
)
def test_the_latest_month_shown_is_the_latest_whose_due_day_has_passed(today, latest):
    assert latest_due_month(day(today)) == day(latest)


def test_twelve_months_are_shown_newest_first_across_a_year_end():
    months = shown_months(day("2027-01-20"))

    assert months[0] == day("2026-12-01")
    assert months[-1] == day("2026-01-01")
    assert len(months) == 12


def test_counts_are_percentages_with_one_decimal_and_none_when_nothing_is_expected():
    assert str(ReturnCounts(3, 2, 1).completeness) == "66.7"
    assert str(ReturnCounts(3, 2, 1).timeliness) == "33.3"
    assert ReturnCounts().completeness is None
    assert ReturnCounts(3, 2, 1) + ReturnCounts(1, 1, 1) == ReturnCounts(4, 3, 2)


def national(month, as_of=None):
    return return_counts(Facility.objects.all(), month, as_of=as_of).get((), ReturnCounts())


def test_a_report_received_on_the_due_day_is_on_time_and_the_day_after_is_late():
    on_time, late = ParkFactory(), ParkFactory()
    ReportFactory(facility=on_time, period=OCT, received_on=day("2026-11-15"))
    ReportFactory(facility=late, period=OCT, received_on=day("2026-11-16"))

    assert national(OCT) == ReturnCounts(expected=2, received=2, on_time=1)


def test_a_report_received_on_an_unknown_day_is_received_but_not_on_time():
    ReportFactory(facility=ParkFactory(), period=OCT, received_on=None)

    assert national(OCT) == ReturnCounts(expected=1, received=1, on_time=0)


def test_suspended_planned_and_closed_facilities_are_not_expected():
    ParkFactory()  # expected, no report
    CentreFactory(status=CentreStatus.SUSPENDED)
    ParkFactory(status=ParkStatus.PLANNED)
    ParkFactory(status=ParkStatus.CLOSED, closed_on=day("2026-10-31"))
    ParkFactory(status=ParkStatus.CLOSED, closed_on=day("2026-11-01"))  # open on 31 October

    assert national(OCT) == ReturnCounts(expected=2, received=0, on_time=0)


def test_a_facility_is_expected_from_the_month_it_launched_in():
    CentreFactory(opened_on=day("2026-10-31"))
    CentreFactory(opened_on=day("2026-11-01"))

    assert national(OCT).expected == 1
    assert national(day("2026-11-01")).expected == 2


def test_as_of_a_day_counts_only_reports_received_by_then_or_on_an_unknown_day():
    for received_on in ("2026-11-10", "2026-11-20", None):
        ReportFactory(
            facility=ParkFactory(),
            period=OCT,
            received_on=day(received_on) if received_on else None,
        )

    assert national(OCT, as_of=day("2026-11-12")) == ReturnCounts(3, 2, 1)
    assert national(OCT, as_of=day("2026-11-30")) == ReturnCounts(3, 3, 1)


def test_counts_group_by_province_in_one_query(django_assert_num_queries):
    punjab, sindh = CityFactory(province=province("PB")), CityFactory(province=province("SD"))
    ReportFactory(facility=ParkFactory(city=punjab), period=OCT, received_on=day("2026-11-02"))
    ParkFactory(city=punjab)
    ParkFactory(city=sindh)

    with django_assert_num_queries(1):
        counts = return_counts(Facility.objects.all(), OCT, "city__province")

    assert counts == {("PB",): ReturnCounts(2, 1, 1), ("SD",): ReturnCounts(1, 0, 0)}


def test_missing_report_keeps_the_expected_facilities_without_a_report_for_the_month():
    filed, missing = ParkFactory(), ParkFactory()
    ParkFactory(status=ParkStatus.PLANNED)
    ReportFactory(facility=filed, period=OCT)
    ReportFactory(facility=missing, period=day("2026-09-01"))

    assert list(Facility.objects.missing_report(OCT)) == [missing.facility_ptr]
