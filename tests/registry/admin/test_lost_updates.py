"""No lost updates (SPEC §5): a second editor saving over a changed record is told, not obeyed."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Park, Role, WorkforceReport
from tests.factories import ParkFactory, ReportFactory, staff
from tests.registry.forms import park_form


@pytest.fixture
def park():
    return ParkFactory(name="Arfa Software Technology Park", address="Ferozepur Road")


def editor(name):
    client = Client()
    client.force_login(staff(Role.HQ_EDITOR, username=name))
    return client


def change_url(park):
    return reverse("admin:registry_park_change", args=[park.pk])


def opened_form(client, park):
    """Open the park's change form as an editor does; return the data it would submit."""
    response = client.get(change_url(park))
    return {**park_form(Park.objects.get(pk=park.pk)), "_version": response.context["version"]}


def test_second_editor_saving_over_a_changed_park_saves_nothing(park):
    first, second = editor("amna"), editor("bilal")
    first_form, second_form = opened_form(first, park), opened_form(second, park)

    saved = first.post(change_url(park), {**first_form, "address": "Ferozepur Road, Lahore"})
    refused = second.post(change_url(park), {**second_form, "name": "Arfa Tower"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "Someone else saved this record" in refused.text
    stored = Park.objects.get(pk=park.pk)
    assert (stored.name, stored.address) == (
        "Arfa Software Technology Park",
        "Ferozepur Road, Lahore",
    )


def test_conflict_shows_the_stored_values_next_to_the_editors(park):
    first, second = editor("amna"), editor("bilal")
    first_form, second_form = opened_form(first, park), opened_form(second, park)
    first.post(change_url(park), {**first_form, "address": "Ferozepur Road, Lahore"})

    refused = second.post(change_url(park), {**second_form, "name": "Arfa Tower"})

    rows = {field: (stored, yours) for field, stored, yours in refused.context["conflict"]}
    assert rows["Address"] == ("Ferozepur Road, Lahore", "Ferozepur Road")
    assert rows["Name"] == ("Arfa Software Technology Park", "Arfa Tower")


def test_saving_again_after_the_conflict_keeps_the_second_editors_version(park):
    first, second = editor("amna"), editor("bilal")
    first_form, second_form = opened_form(first, park), opened_form(second, park)
    first.post(change_url(park), {**first_form, "address": "Ferozepur Road, Lahore"})
    refused = second.post(change_url(park), {**second_form, "name": "Arfa Tower"})

    resubmitted = second.post(
        change_url(park),
        {**second_form, "name": "Arfa Tower", "_version": refused.context["version"]},
    )

    assert resubmitted.status_code == 302
    stored = Park.objects.get(pk=park.pk)
    assert (stored.name, stored.address) == ("Arfa Tower", "Ferozepur Road")


def test_a_report_changed_elsewhere_is_not_overwritten_by_the_facility_page(park):
    report = ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=40, women=9)
    first, second = editor("amna"), editor("bilal")
    page = opened_form(second, park)
    page.update(
        {
            "reports-TOTAL_FORMS": 1,
            "reports-INITIAL_FORMS": 1,
            "reports-0-id": report.pk,
            "reports-0-facility": park.pk,
            "reports-0-period": "2026-09-01",
            "reports-0-workers": 40,
            "reports-0-women": 9,
        }
    )
    report_url = reverse("admin:registry_workforcereport_change", args=[report.pk])
    report_form = {
        "facility": park.pk,
        "period": "2026-09-01",
        "workers": 45,
        "women": 9,
        "source": "",
        "_version": first.get(report_url).context["version"],
    }
    first.post(report_url, report_form)

    refused = second.post(change_url(park), {**page, "address": "Ferozepur Road, Lahore"})

    assert refused.status_code == 200
    assert WorkforceReport.objects.get(pk=report.pk).workers == 45
    assert Park.objects.get(pk=park.pk).address == "Ferozepur Road"


def test_a_form_without_its_version_saves_nothing(park):
    client = editor("amna")

    response = client.post(change_url(park), park_form(park, name="Arfa Tower"))

    assert response.status_code == 200
    assert Park.objects.get(pk=park.pk).name == "Arfa Software Technology Park"


def test_an_editor_alone_saves_as_usual(park):
    client = editor("amna")

    response = client.post(change_url(park), {**opened_form(client, park), "name": "Arfa Tower"})

    assert response.status_code == 302
    assert Park.objects.get(pk=park.pk).name == "Arfa Tower"
