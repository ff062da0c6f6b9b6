"""SPEC §2.5: every report records the day it was first received; edits keep it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from registry.models import WorkforceReport
from tests.factories import ParkFactory, ReportFactory


@pytest.fixture
def hq(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("hq", "hq@example.org", "pw"))
    return client


def form_data(response):
    """Return the POST data that submits an admin change form as it was shown."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None and not field.disabled:
            data[name] = value
    return data | {"_version": response.context["version"]}


def test_a_report_entered_in_the_admin_is_received_today(hq, frozen_today):
    park = ParkFactory()

    response = hq.post(
        reverse("admin:registry_workforcereport_add"),
        {"facility": park.pk, "period": "2026-10-01", "workers": 40, "women": 9},
    )

    assert response.status_code == 302
    assert WorkforceReport.objects.get().received_on == frozen_today


def test_an_edit_in_the_admin_keeps_the_day_received(hq):
    report = ReportFactory(received_on=datetime.date(2026, 11, 3))
    url = reverse("admin:registry_workforcereport_change", args=[report.pk])
    page = hq.get(url)
    assert "3 November 2026" in page.text or "Nov. 3, 2026" in page.text

    response = hq.post(url, form_data(page) | {"workers": 120})

    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert (report.workers, report.received_on) == (120, datetime.date(2026, 11, 3))


def test_the_day_received_cannot_be_typed_in_the_admin(hq):
    report = ReportFactory(received_on=None)
    url = reverse("admin:registry_workforcereport_change", args=[report.pk])
    page = hq.get(url)

    hq.post(url, form_data(page) | {"received_on": "2026-11-20"})

    report.refresh_from_db()
    assert report.received_on is None


def test_history_records_the_day_received():
    report = ReportFactory(received_on=datetime.date(2026, 11, 3))

    assert report.history.get().received_on == datetime.date(2026, 11, 3)


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        (datetime.date(2026, 9, 30), "before the month it reports"),
        (datetime.date(2026, 11, 28), "cannot be in the future"),
    ],
)
def test_a_day_received_outside_the_month_and_today_is_refused(received_on, message):
    report = ReportFactory.build(
        facility=ParkFactory(), period=datetime.date(2026, 10, 1), received_on=received_on
    )

    with pytest.raises(ValidationError) as refused:
        report.full_clean()

    assert message in " ".join(refused.value.message_dict["received_on"])


def test_a_report_may_be_received_in_the_month_it_reports_and_today(frozen_today):
    report = ReportFactory.build(
        facility=ParkFactory(), period=frozen_today.replace(day=1), received_on=frozen_today
    )

    report.full_clean()


def test_a_row_written_without_the_day_has_none_as_reports_from_before_the_field_do():
    # The migration adds the column with no database default: rows that existed before it, and
    # rows written by SQL that does not name it, are received on an unknown day.
    park = ParkFactory()
    table = WorkforceReport._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (facility_id, period, workers, women, source) "
            "VALUES (%s, %s, 10, 2, '')",
            [park.pk, datetime.date(2026, 10, 1)],
        )

    assert WorkforceReport.objects.get().received_on is None
