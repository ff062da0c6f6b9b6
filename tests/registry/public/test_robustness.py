from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests.factories import CentreFactory, ReportFactory, TenancyFactory

LISTS = ["centre-list", "park-list", "company-list", "city-list"]
EXPORTS = ["centre-export", "park-export", "company-export", "city-export"]

HOSTILE = [
    {"province": "ZZ"},
    {"city": "atlantis"},
    {"status": "exploded"},
    {"operator": "<script>"},
    {"programme": "none"},
    {"host_type": "castle"},
    {"planned_fy": "twenty"},
    {"planned_fy": "99999999999999999999"},
    {"launch_fy": "-5"},
    {"launch_fy": "1e9"},
    {"operational_on": "2026-13-45"},
    {"operational_on": "0000-00-00"},
    {"operational_on": "9999-12-31"},
    {"sector": "mining"},
    {"facility": "' OR 1=1 --"},
    {"current": "maybe"},
    {"sort": "nonsense"},
    {"sort": "-pk; DROP TABLE registry_city"},
    {"page": "0"},
    {"page": "-1"},
    {"page": "999999"},
    {"page": "abc"},
    {"page": "9" * 5000},
    {"q": "x" * 5000},
    {"q": "لاہور ای روزگار 🚀👩‍💻"},
    {"q": "%_\\'\""},
    {"unknown": "parameter"},
]


@pytest.fixture
def some_rows():
    centre = CentreFactory()
    ReportFactory(facility=centre)
    TenancyFactory(facility=centre)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "params", HOSTILE, ids=lambda p: next(iter(p)) + "=" + p[next(iter(p))][:12]
)
def test_list_pages_never_fail_on_bad_input(client, some_rows, name, params):
    response = client.get(reverse(name), params)

    assert response.status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize(
    "params", HOSTILE, ids=lambda p: next(iter(p)) + "=" + p[next(iter(p))][:12]
)
def test_exports_answer_a_file_or_a_plain_400(client, some_rows, name, params):
    response = client.get(reverse(name), params)

    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response["Content-Type"].startswith("text/plain")
        assert b": " in response.content
    else:
        assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbf")


def test_a_long_search_is_an_error_by_the_field(client, some_rows):
    response = client.get(reverse("centre-list"), {"q": "x" * 5000})

    assert "q" in response.context["filter"].form.errors
    assert list(response.context["object_list"]) == []


def test_urdu_and_emoji_search_is_accepted(client, some_rows):
    response = client.get(reverse("centre-list"), {"q": "ای روزگار 🚀"})

    assert not response.context["filter"].form.errors
    assert "ای روزگار 🚀".encode() in response.content


def test_repeated_parameters_use_the_last_value(client):
    centre = CentreFactory(planned_fy=2026)
    CentreFactory(planned_fy=2025)

    response = client.get(reverse("centre-list") + "?planned_fy=2025&planned_fy=2026")

    assert [c.slug for c in response.context["object_list"]] == [centre.slug]


def test_years_outside_the_range_are_refused_not_overflowed(client):
    response = client.get(reverse("centre-list"), {"launch_fy": "99999", "planned_fy": "1"})

    assert set(response.context["filter"].form.errors) == {"launch_fy", "planned_fy"}


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_is_lost(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain"
