"""Reports only within operating months, and dates that match the status (SPEC §2.2, §2.4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from registry.models import CentreStatus, Facility, ParkStatus, WorkforceReport
from registry.models.facilities import operating_months, report_month_error
from tests.factories import CentreFactory, ParkFactory, ReportFactory
from tests.registry.constraints import raises_constraint

D = datetime.date


def clean_errors(record):
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("opened_on", "closed_on", "months"),
    [
        (None, None, (None, None)),
        (D(2024, 2, 6), None, (D(2024, 2, 1), None)),
        # Closed on the first of a month: the last day of operation was in the month before.
        (D(2024, 2, 6), D(2025, 4, 1), (D(2024, 2, 1), D(2025, 3, 1))),
        (D(2024, 2, 6), D(2025, 4, 2), (D(2024, 2, 1), D(2025, 4, 1))),
        # Across a year's end.
        (D(2023, 12, 31), D(2025, 1, 1), (D(2023, 12, 1), D(2024, 12, 1))),
    ],
)
def test_operating_months_run_from_the_opening_month_to_the_month_before_closing(
    opened_on, closed_on, months
):
    assert operating_months(opened_on, closed_on) == months


def test_the_launch_month_may_report_even_when_launched_on_its_last_day():
    centre = CentreFactory.build(opened_on=D(2024, 3, 31))

    assert report_month_error(centre, D(2024, 3, 1)) is None


def test_the_month_before_launch_is_refused_in_a_clerks_words():
    centre = CentreFactory.build(name="Quetta Centre", opened_on=D(2024, 3, 31))

    assert report_month_error(centre, D(2024, 2, 1)) == (
        "Quetta Centre launched on 31 March 2024, so its reports start with March 2024, "
        "not February 2024."
    )


def test_the_month_of_the_day_before_closing_is_the_last_that_may_report():
    park = ParkFactory.build(
        name="Old Park", status=ParkStatus.CLOSED, opened_on=D(2020, 1, 1), closed_on=D(2025, 4, 1)
    )

    assert report_month_error(park, D(2025, 3, 1)) is None
    assert report_month_error(park, D(2025, 4, 1)) == (
        "Old Park closed on 1 April 2025, so its last report is for March 2025, the month of "
        "its last day of operation, not April 2025."
    )


def test_a_facility_without_a_launch_date_cannot_report():
    centre = CentreFactory.build(
        name="New Centre", status=CentreStatus.PROPOSED, opened_on=None, closed_on=None
    )

    assert report_month_error(centre, D(2026, 10, 1)) == (
        "New Centre has no launch date yet, so it cannot report for October 2026: a centre "
        "reports only for months in which it was operational."
    )


def test_a_suspended_centre_may_report():
    centre = CentreFactory(status=CentreStatus.SUSPENDED, opened_on=D(2024, 5, 2))

    ReportFactory.build(facility=centre, period=D(2026, 10, 1)).full_clean()


def test_a_report_for_a_proposed_centre_is_refused_on_save():
    centre = CentreFactory(status=CentreStatus.PROPOSED, opened_on=None)
    report = ReportFactory.build(facility=centre, period=D(2026, 10, 1))

    assert clean_errors(report)["period"] == [report_month_error(centre, D(2026, 10, 1))]


@pytest.mark.parametrize(
    ("status", "opened_on", "message"),
    [
        (CentreStatus.SUSPENDED, None, "A suspended centre needs its launch date."),
        (CentreStatus.CLOSED, None, "A closed centre needs its launch date."),
        (
            CentreStatus.PROPOSED,
            D(2024, 5, 1),
            "A proposed centre has not opened yet: leave the launch date empty until it is "
            "operational.",
        ),
        (
            CentreStatus.SETTING_UP,
            D(2024, 5, 1),
            "A setting up centre has not opened yet: leave the launch date empty until it is "
            "operational.",
        ),
    ],
)
def test_the_launch_date_is_set_exactly_when_the_centre_has_opened(status, opened_on, message):
    centre = CentreFactory.build(status=status, opened_on=opened_on, closed_on=D(2025, 1, 1))

    assert clean_errors(centre)["opened_on"] == [message]


def test_a_planned_park_with_an_opening_date_is_refused():
    park = ParkFactory.build(status=ParkStatus.PLANNED, opened_on=D(2024, 5, 1))

    assert clean_errors(park)["opened_on"] == [
        "A planned park has not opened yet: leave the opening date empty until it is operational."
    ]


def test_the_database_refuses_a_launch_date_that_does_not_match_the_status():
    centre = CentreFactory(status=CentreStatus.PROPOSED, opened_on=None)

    with raises_constraint("facility_opened_on_matches_status"):
        with transaction.atomic():
            Facility.objects.filter(pk=centre.pk).update(opened_on=D(2024, 1, 1))


def test_a_later_launch_date_that_would_strand_reports_is_refused_naming_them():
    centre = CentreFactory(opened_on=D(2024, 2, 6))
    for month in (2, 3, 4):
        ReportFactory(facility=centre, period=D(2024, month, 1))

    centre.opened_on = D(2024, 4, 10)

    assert clean_errors(centre)["opened_on"] == [
        "This would leave 2 workforce report(s) outside the months the centre was operational: "
        "February 2024, March 2024. Correct or delete those reports first."
    ]


def test_an_earlier_closing_date_that_would_strand_reports_is_refused_naming_them():
    park = ParkFactory(opened_on=D(2020, 1, 1))
    ReportFactory(facility=park, period=D(2025, 3, 1))
    ReportFactory(facility=park, period=D(2025, 4, 1))

    park.status, park.closed_on = ParkStatus.CLOSED, D(2025, 4, 1)

    assert clean_errors(park)["closed_on"] == [
        "This would leave 1 workforce report(s) outside the months the park was operational: "
        "April 2025. Correct or delete those reports first."
    ]


def test_going_back_to_proposed_would_strand_every_report():
    centre = CentreFactory(opened_on=D(2024, 2, 6))
    ReportFactory(facility=centre, period=D(2024, 2, 1))

    centre.status, centre.opened_on = CentreStatus.PROPOSED, None

    assert "February 2024" in clean_errors(centre)["opened_on"][0]


def test_unchanged_dates_look_up_no_reports(django_assert_num_queries):
    park = Facility.objects.get(pk=ParkFactory().pk)

    with django_assert_num_queries(0):
        park.stranded_reports_errors()


def test_the_loader_refuses_a_report_outside_operation_with_the_same_message(tmp_path, capsys):
    park = ParkFactory(
        slug="old-park", status=ParkStatus.CLOSED, opened_on=D(2020, 1, 1), closed_on=D(2025, 4, 1)
    )
    path = tmp_path / "workforce.csv"
    path.write_text("facility,period,workers,women\nold-park,2025-03,10,1\nold-park,2025-04,10,1\n")

    with pytest.raises(Exception, match="1 error"):
        call_command("import_registry", str(path))

    message = report_month_error(park, D(2025, 4, 1))
    assert capsys.readouterr().err.strip() == f"workforce.csv:3: period: {message}"
    assert not WorkforceReport.objects.exists()


def test_the_admin_refuses_a_report_outside_operation_with_the_same_message(admin_client):
    centre = CentreFactory(status=CentreStatus.PROPOSED, opened_on=None)

    response = admin_client.post(
        reverse("admin:registry_workforcereport_add"),
        {"facility": centre.pk, "period": "2026-10-01", "workers": 10, "women": 1},
    )

    assert response.status_code == 200
    assert report_month_error(centre, D(2026, 10, 1)) in response.text
    assert not WorkforceReport.objects.exists()


def test_the_admin_import_refuses_a_report_outside_operation_with_the_same_message(admin_client):
    centre = CentreFactory(slug="new-centre", status=CentreStatus.PROPOSED, opened_on=None)
    upload = SimpleUploadedFile(
        "workforce.csv", b"facility,period,workers,women,source\nnew-centre,2026-10,10,1,\n"
    )

    response = admin_client.post(
        reverse("admin:registry_workforcereport_import"), {"import_file": upload, "format": "0"}
    )

    assert report_month_error(centre, D(2026, 10, 1)) in response.text
    assert not WorkforceReport.objects.exists()
