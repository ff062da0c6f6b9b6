"""A visitor's path through the public site in a real browser."""

import csv
import datetime
import io

import pytest

from tests.factories import (
    CentreFactory,
    CityFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
    province,
)

# Transactional, so the live server's thread sees the rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry():
    programme = ProgrammeFactory()
    lahore = CityFactory(name="Lahore", slug="lahore")
    karachi = CityFactory(name="Karachi", slug="karachi", province=province("SD"))
    first = CentreFactory(
        name="e-Rozgaar Centre Lahore",
        slug="erc-lahore",
        city=lahore,
        programme=programme,
        opened_on=datetime.date(2024, 2, 6),
    )
    CentreFactory(
        name="e-Rozgaar Centre Karachi",
        slug="erc-karachi",
        city=karachi,
        programme=programme,
        opened_on=datetime.date(2025, 9, 1),
    )
    ReportFactory(facility=first, period=datetime.date(2026, 10, 1), workers=120, women=30)
    TargetFactory(programme=programme, value=250, fiscal_year=2027)
    return programme


def test_overview_shows_the_programme_and_switches_date(page, registry):
    page.goto("/")
    assert page.locator("h1").first.is_visible()
    assert "250" in page.locator("main").inner_text()

    page.get_by_label("Figures as of").fill("2025-01-31")
    page.get_by_role("button", name="Show figures").click()

    page.wait_for_url("**as_of=2025-01-31**")
    assert "31 January 2025" in page.locator("main").inner_text()


def test_visitor_filters_centres_opens_one_and_downloads_the_csv(page, registry):
    page.goto("/centres/")
    page.get_by_label("Province").select_option("SD")
    page.get_by_role("button", name="Apply filters").click()

    page.wait_for_url("**province=SD**")
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 1
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("centres-")
    text = open(download.path(), encoding="utf-8-sig").read()
    assert [row["slug"] for row in csv.DictReader(io.StringIO(text))] == ["erc-karachi"]

    page.get_by_role("link", name="e-Rozgaar Centre Karachi").click()
    page.wait_for_url("**/centres/erc-karachi/")
    assert "Karachi" in page.locator("h1").inner_text()


def test_keyboard_reaches_the_main_content_first(page, registry):
    page.goto("/centres/")
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
