"""LatestReport, each facility's latest report kept by the database: never stale, whoever writes.

Every test compares the kept rows with the latest report worked out from the reports themselves.
"""

import datetime

import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from registry.models import City, Facility, WorkforceReport, calendar
from tests.factories import ParkFactory, ReportFactory
from tests.registry.latest import kept, worked_out
from tests.registry.writers import ANY_WRITES, second_writer_waits, two_writers, write_sequences

AUG, SEP, OCT, NOV = (datetime.date(2026, month, 1) for month in (8, 9, 10, 11))


def test_a_later_report_replaces_the_kept_one_and_an_earlier_one_does_not():
    park = ParkFactory()
    ReportFactory(facility=park, period=SEP, workers=70, women=14)
    ReportFactory(facility=park, period=OCT, workers=80, women=16)
    ReportFactory(facility=park, period=AUG, workers=50, women=5)

    assert kept() == {park.pk: (OCT, 80, 16)}


def test_editing_the_latest_report_or_its_month_is_followed():
    park = ParkFactory()
    ReportFactory(facility=park, period=SEP, workers=70, women=14)
    latest = ReportFactory(facility=park, period=OCT, workers=80, women=16)

    latest.workers, latest.women = 90, 30
    latest.save()
    assert kept() == {park.pk: (OCT, 90, 30)}

    latest.period = AUG
    latest.save()
    assert kept() == {park.pk: (SEP, 70, 14)}


def test_a_report_moved_to_another_facility_moves_the_figures_of_both():
    first, second = ParkFactory(), ParkFactory()
    ReportFactory(facility=first, period=SEP, workers=70, women=14)
    moved = ReportFactory(facility=first, period=OCT, workers=80, women=16)

    moved.facility = second
    moved.save()

    assert kept() == worked_out() == {first.pk: (SEP, 70, 14), second.pk: (OCT, 80, 16)}


def test_deleting_reports_falls_back_to_the_previous_then_to_none():
    park = ParkFactory()
    earlier = ReportFactory(facility=park, period=SEP, workers=70, women=14)
    ReportFactory(facility=park, period=OCT, workers=80, women=16).delete()
    assert kept() == {park.pk: (SEP, 70, 14)}

    earlier.delete()
    assert kept() == {}


def test_writes_that_send_no_signals_are_followed_too():
    parks = ParkFactory.create_batch(3)
    WorkforceReport.objects.bulk_create(
        WorkforceReport(facility=park, period=period, workers=10 * n, women=n)
        for n, (park, period) in enumerate(
            [(park, period) for park in parks for period in (AUG, SEP, OCT)], start=1
        )
    )
    assert kept() == worked_out()

    WorkforceReport.objects.filter(period=OCT, facility=parks[0]).update(workers=999)
    WorkforceReport.objects.filter(period=SEP).update(period=datetime.date(2026, 11, 1))
    assert kept() == worked_out()

    WorkforceReport.objects.filter(facility__in=parks[1:]).exclude(period=AUG).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_workforcereport WHERE facility_id = %s", [parks[2].pk])
    assert kept() == worked_out()
    assert set(kept()) == {parks[0].pk, parks[1].pk}


def test_deleting_a_facility_with_reports_deletes_its_row():
    park, other = ParkFactory(), ParkFactory()
    ReportFactory(facility=park, period=SEP)
    ReportFactory(facility=park, period=OCT)
    ReportFactory(facility=other, period=OCT, workers=5, women=1)

    park.delete()

    assert kept() == {other.pk: (OCT, 5, 1)}


def test_todays_figures_are_read_from_the_kept_rows_not_from_every_report():
    sql = str(Facility.objects.with_latest_report(calendar.today()).query)

    assert "registry_latestreport" in sql
    assert "registry_workforcereport" not in sql


def test_figures_of_a_past_day_are_still_looked_up_in_the_reports():
    park = ParkFactory()
    ReportFactory(facility=park, period=SEP, workers=70, women=14)
    ReportFactory(facility=park, period=OCT, workers=80, women=16)

    row = Facility.objects.with_latest_report(datetime.date(2026, 9, 30)).get()

    assert (row.latest_period, row.latest_workers) == (SEP, 70)


@pytest.mark.parametrize("day", [datetime.date(2026, 9, 30), None], ids=["past", "today"])
def test_city_figures_add_up_the_latest_reports_of_either_day(day):
    park = ParkFactory()
    ParkFactory(city=park.city, opened_on=datetime.date(2026, 10, 15))
    ReportFactory(facility=park, period=SEP, workers=70, women=14)
    ReportFactory(facility=park, period=OCT, workers=80, women=16)

    city = City.objects.with_figures(day).get()

    assert (city.parks, city.workers, city.women) == ((1, 70, 14) if day else (2, 80, 16))


# Random sequences of writes on three facilities' four months, each checked after every write.
MONTHS = [datetime.date(2026, month, 1) for month in (7, 8, 9, 10)]
writes = write_sequences(
    ["save", "update", "move", "delete"],
    st.integers(0, 2),
    st.sampled_from(MONTHS),
    st.integers(0, 500),
)


@pytest.mark.django_db
class TestAnyWrites:
    @pytest.fixture
    def parks(self):
        return ParkFactory.create_batch(3)

    @ANY_WRITES
    @given(writes=writes)
    def test_any_sequence_of_writes_keeps_every_facility_right(self, parks, writes):
        with transaction.atomic():
            for action, which, period, workers in writes:
                park = parks[which]
                reports = WorkforceReport.objects.filter(facility=park, period=period)
                if action == "save":
                    WorkforceReport.objects.update_or_create(
                        facility=park,
                        period=period,
                        defaults={"workers": workers, "women": workers // 5},
                    )
                elif action == "update":
                    reports.update(workers=workers, women=0)
                elif action == "move":
                    target = parks[(which + 1) % 3]
                    if not target.reports.filter(period=period).exists():
                        reports.update(facility=target)
                else:
                    reports.delete()
                assert kept() == worked_out()
            transaction.set_rollback(True)


INSERT = (
    "INSERT INTO registry_workforcereport (facility_id, period, workers, women, source)"
    " VALUES (%(facility)s, %(period)s, %(workers)s, 0, '')"
)
DELETE = (
    "DELETE FROM registry_workforcereport WHERE facility_id = %(facility)s AND period = %(period)s"
)


@two_writers
@pytest.mark.parametrize(
    "first, second",
    [
        ((INSERT, NOV, 90), (INSERT, SEP, 70)),
        ((INSERT, NOV, 90), (DELETE, OCT, None)),
        ((DELETE, OCT, None), (INSERT, NOV, 90)),
    ],
    ids=["insert-insert", "insert-delete", "delete-insert"],
)
def test_two_writers_of_one_facility_take_turns_and_the_second_sees_the_first(first, second):
    park = ParkFactory()
    ReportFactory(facility=park, period=AUG, workers=50, women=0)
    ReportFactory(facility=park, period=OCT, workers=80, women=0)

    def write(statement, period, workers):
        return lambda connection: connection.execute(
            statement, {"facility": park.pk, "period": period, "workers": workers}
        )

    waited, errors = second_writer_waits(write(*first), write(*second))

    assert waited, "the second writer should wait for the first"
    assert errors == []
    assert kept() == worked_out()
