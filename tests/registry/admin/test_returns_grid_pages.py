"""The monthly returns grid's pages: each POST stays within DATA_UPLOAD_MAX_NUMBER_FIELDS, and a
page costs the same queries whatever its rows (SPEC §5, §6)."""

import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.admin.returns_grid import PAGE_FIELDS, fields_per_row, page_size
from registry.models import Role, WorkforceReport
from tests.factories import CityFactory, ParkFactory, ReportFactory, province
from tests.registry.admin.conftest import OCTOBER, SEPTEMBER

# National scale ×10 (SPEC §6): 3,000 facilities, all of HQ's reach, possibly in one province.
NATIONAL_X10 = 3000


def parks(count, code="PB"):
    city = CityFactory(province=province(code))
    made = [ParkFactory(name=f"{code} Park {n:03}", city=city) for n in range(count)]
    for park in made:
        ReportFactory(facility=park, period=SEPTEMBER, workers=100, women=20)
    return made


def row_inputs(html):
    """Return the names of the row fields in the page's HTML."""
    return re.findall(r'name="(r\d+-[a-z]+)"', html)


def test_the_page_size_comes_from_the_field_limit_and_the_fields_of_a_row(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    assert fields_per_row() == 4
    assert page_size() == (1000 - len(PAGE_FIELDS) - 7) // 4

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 30
    assert page_size() == 5


def test_every_page_of_a_national_x10_registry_posts_within_the_limit(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    pages = math.ceil(NATIONAL_X10 / page_size())
    last = NATIONAL_X10 - (pages - 1) * page_size()

    assert page_size() * fields_per_row() + len(PAGE_FIELDS) <= 1000
    assert 0 < last <= page_size()


def test_a_full_page_posts_within_the_limit_and_more_rows_would_not(
    settings, login, grid_url, grid_post
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 30
    parks(12)
    client = login()

    first = client.get(grid_url)
    last = client.get(grid_url, {"page": 3})

    assert len(first.context["rows"]) == 5 and len(last.context["rows"]) == 2
    assert len(row_inputs(first.text)) == 5 * fields_per_row()
    data = grid_post(
        first,
        **{f"r{row.facility.pk}": {"workers": 7, "women": 1} for row in first.context["rows"]},
    )
    data.update(csrfmiddlewaretoken="x", reason="", _save="Save all")
    assert len(data) <= 30
    saved = client.post(f"{grid_url}?page=1", data)
    assert saved.status_code == 302
    assert WorkforceReport.objects.filter(period=OCTOBER, workers=7).count() == 5
    too_many = {**data, **grid_post(client.get(grid_url, {"page": 2}))}
    assert client.post(grid_url, too_many).status_code == 400


def test_an_officers_whole_province_is_paged(settings, login, grid_url):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 30
    parks(7, "PB")
    parks(3, "SD")
    client = login(Role.PROVINCIAL_OFFICER, provinces=["PB"])

    first, second = client.get(grid_url), client.get(grid_url, {"page": 2})

    assert first.context["page"].paginator.count == 7
    assert len(first.context["rows"]) + len(second.context["rows"]) == 7
    assert "page=2" in first.text


# The queries of opening a page and of saving it, whatever its rows: the session, the user, the
# role and its scope, permissions, the province choices, the counts, the page's rows and reports;
# saving adds the locked reports, the inserts, the updates, their history rows and the version.
OPEN_QUERIES = 14
SAVE_QUERIES = 18


def filing(login, grid_url, grid_post, code, count):
    """Return the responses and queries of a provincial officer opening a province's grid of
    count rows, a third already filed, and saving figures in every row."""
    made = parks(count, code)
    for park in made[: count // 3]:
        ReportFactory(facility=park, period=OCTOBER, workers=90, women=10)
    client = login(Role.PROVINCIAL_OFFICER, username=f"officer-{code}", provinces=[code])
    client.get(grid_url)  # a session's first request reads what later ones keep
    with CaptureQueriesContext(connection) as opened:
        page = client.get(grid_url)
    rows = {f"r{park.pk}": {"workers": 120, "women": 30} for park in made}
    with CaptureQueriesContext(connection) as saved:
        response = client.post(grid_url, grid_post(page, **rows))
    assert len(page.context["rows"]) == count
    assert response.status_code == 302
    stored = WorkforceReport.objects.filter(period=OCTOBER, facility__in=made, workers=120)
    assert stored.count() == count
    return len(opened), len(saved)


@pytest.mark.parametrize("count", [5, 50])
def test_opening_and_saving_a_page_has_a_bounded_number_of_queries(
    count, login, grid_url, grid_post, django_assert_max_num_queries
):
    made = parks(count)
    for park in made[: count // 3]:
        ReportFactory(facility=park, period=OCTOBER, workers=90, women=10)
    client = login()
    client.get(grid_url)

    with django_assert_max_num_queries(OPEN_QUERIES):
        page = client.get(grid_url)
    rows = {f"r{park.pk}": {"workers": 120, "women": 30} for park in made}
    with django_assert_max_num_queries(SAVE_QUERIES):
        response = client.post(grid_url, grid_post(page, **rows))

    assert response.status_code == 302
    assert WorkforceReport.objects.filter(period=OCTOBER, workers=120).count() == count


def test_five_rows_and_fifty_rows_cost_the_same_queries(login, grid_url, grid_post):
    small = filing(login, grid_url, grid_post, "SD", 5)
    large = filing(login, grid_url, grid_post, "PB", 50)

    assert small == large
