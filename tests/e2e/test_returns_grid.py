"""Filing a month for 50 facilities in a real browser: the monthly returns grid (one page load,
one save) against the report form, one facility at a time (SPEC §5; issue 20)."""

import re
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from registry.models import Role, WorkforceReport
from registry.models.calendar import add_months, month_start, today
from tests.factories import CityFactory, ParkFactory, ReportFactory, province, staff

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FACILITIES = 50
# The report form costs the same for each facility: timed on the first few, so that 50 of its
# autocompletes do not stretch a test run; 50 cost FACILITIES times as many.
FORM_FACILITIES = 10


class Counted:
    """A page whose fills, clicks and key presses (actions) and page loads are counted."""

    def __init__(self, page):
        self.page, self.actions, self.loads = page, 0, 0
        page.on("load", self.loaded)

    def loaded(self, _page):
        self.loads += 1

    def fill(self, locator, value):
        self.actions += 1
        locator.fill(value)

    def click(self, locator):
        self.actions += 1
        locator.click()


@pytest.fixture
def month():
    return add_months(month_start(today()), -1)


@pytest.fixture
def punjab_parks(month):
    city = CityFactory(name="Lahore", slug="lahore", province=province("PB"))
    parks = [ParkFactory(name=f"Park {n:02}", city=city) for n in range(1, FACILITIES + 1)]
    for park in parks:
        ReportFactory(facility=park, period=add_months(month, -1), workers=100, women=20)
    return parks


@pytest.fixture
def clerk(page, live_server):
    """Sign a Punjab provincial officer in (the session cookie, not counted as actions)."""
    client = Client()
    client.force_login(staff(Role.PROVINCIAL_OFFICER, username="clerk", provinces=["PB"]))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return Counted(page)


def exactly(text):
    return re.compile(f"^{re.escape(text)}$")


def figures(park):
    """Return the workers and women the clerk files for a park."""
    return 100 + park.pk % 7, 20 + park.pk % 5


def filed(parks, month):
    return {
        report.facility_id: (report.workers, report.women)
        for report in WorkforceReport.objects.filter(facility__in=parks, period=month)
    }


def test_the_grid_files_50_facilities_in_one_page_load_and_one_save(clerk, punjab_parks, month):
    page, started = clerk.page, time.monotonic()
    page.goto("/admin/returns-grid/")
    assert page.locator("#returns-grid tbody tr[id^=row-]").count() == FACILITIES

    for park in punjab_parks:
        workers, women = figures(park)
        clerk.fill(page.locator(f"#id_r{park.pk}-workers"), str(workers))
        clerk.fill(page.locator(f"#id_r{park.pk}-women"), str(women))
    with page.expect_navigation():
        clerk.click(page.get_by_role("button", name="Save all"))

    seconds = time.monotonic() - started
    assert f"{FACILITIES} report(s) saved" in page.locator(".messagelist").inner_text()
    assert filed(punjab_parks, month) == {park.pk: figures(park) for park in punjab_parks}
    assert clerk.actions == 2 * FACILITIES + 1
    assert clerk.loads == 2  # the grid, and the grid again after its one save
    print(f"\ngrid: {clerk.actions} actions, {clerk.loads} page loads, {seconds:.1f} s")


# The facility picker sends overlapping autocomplete requests; the live server's threads share the
# test's one in-memory SQLite connection, and such requests once hung a run. PostgreSQL gives
# each thread its own connection.
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="overlapping requests on one in-memory SQLite connection"
)
def test_the_report_form_takes_a_page_load_and_six_actions_a_facility(clerk, punjab_parks, month):
    page, started = clerk.page, time.monotonic()
    page.goto("/admin/registry/workforcereport/add/")
    parks = punjab_parks[:FORM_FACILITIES]
    for park in parks:
        workers, women = figures(park)
        clerk.click(page.locator(".field-facility .select2-selection"))
        search = page.locator(".select2-search__field")
        clerk.fill(search, park.name)
        # The name's words may also match other parks' slugs: pick the park by its exact name.
        option = page.locator(".select2-results__option").filter(has_text=exactly(park.name))
        clerk.click(option)
        clerk.fill(page.get_by_label("Workers:"), str(workers))
        clerk.fill(page.get_by_label("Women:"), str(women))
        with page.expect_navigation():
            clerk.click(page.get_by_role("button", name="Save and add another"))

    seconds = time.monotonic() - started
    assert filed(parks, month) == {park.pk: figures(park) for park in parks}
    assert clerk.actions == 6 * FORM_FACILITIES
    assert clerk.loads == FORM_FACILITIES + 1
    print(
        f"\nreport form, {FORM_FACILITIES} facilities: {clerk.actions} actions, "
        f"{clerk.loads} page loads, {seconds:.1f} s"
    )


def test_the_grid_with_an_error_has_no_wcag_violation(browser, live_server, punjab_parks):
    from tests.a11y.pages import AXE_JS, require_tools

    require_tools(AXE_JS)
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    client = Client()
    client.force_login(staff(Role.HQ_EDITOR, username="hq"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto("/admin/returns-grid/")
    park = punjab_parks[0]
    page.locator(f"#id_r{park.pk}-workers").fill("5")
    page.locator(f"#id_r{park.pk}-women").fill("9")
    with page.expect_navigation():
        page.get_by_role("button", name="Save all").click()
    assert "Nothing was saved" in page.locator("#content-main").inner_text()

    page.add_script_tag(path=str(AXE_JS))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
