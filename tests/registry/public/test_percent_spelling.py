"""One spelling of a percentage everywhere: "18.2%", no space before the sign."""

import datetime

import pytest
from django.urls import reverse

from registry.public.display import share_of
from tests.factories import ParkFactory, ReportFactory


@pytest.fixture
def hq(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("hq", "hq@example.org", "pw"))
    return client


@pytest.fixture
def report():
    park = ParkFactory(name="Arfa")
    return ReportFactory(facility=park, period=datetime.date(2026, 9, 1), workers=110, women=20)


def test_the_admin_writes_a_share_as_the_public_pages_do(hq, report):
    parks = hq.get(reverse("admin:registry_park_changelist"))
    reports = hq.get(reverse("admin:registry_workforcereport_changelist"))

    assert share_of(20, 110) == "18.2%"
    for response in (parks, reports):
        assert response.status_code == 200
        assert "18.2%" in response.text
        assert "18.2 %" not in response.text


def test_a_park_page_writes_its_share_without_a_space(client, report):
    response = client.get(reverse("park-detail", args=[report.facility.slug]))

    assert response.status_code == 200
    assert "(18.2%)" in response.text
