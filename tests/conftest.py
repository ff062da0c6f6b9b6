import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import translation

from tests import factories

# The day every test stands on unless it says otherwise: the demo data's own day.
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(scope="session", autouse=True)
def _static_files_from_the_code(tmp_path_factory):
    """Name and serve static files as the code holds them, never from a staticfiles/ that
    `make serve` left in the checkout: its manifest and copies are the files as they were then."""
    # override_settings, not an assignment: collection may have built the storage already, and
    # the setting_changed signal makes Django build it again from the new root.
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("staticfiles")):
        yield


@pytest.fixture(autouse=True)
def _enable_db(db):
    """Every test may use the database: the schema from migrations, and the SPEC's fixed lists,
    which post_migrate restores after every migrate and flush (registry/models/fixed_lists.py)."""


@pytest.fixture(autouse=True)
def frozen_today():
    """Stand every test on TODAY, noon in Pakistan, the clock ticking from there; yield the day.

    The application reads today through registry.models.calendar.today(); the clock itself is
    frozen (time-machine), so timestamps, signatures and expiries agree with that day.
    """
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=ZoneInfo("Asia/Karachi"))
    with time_machine.travel(noon, tick=True):
        yield TODAY


@pytest.fixture(autouse=True)
def _default_language():
    """Leave every test in the site's default language: a request for an Urdu page activates
    Urdu in the thread, and the next test would inherit it."""
    yield
    translation.deactivate()


@pytest.fixture
def small_registry():
    """One record of every kind (park, centre, company, tenancy, reports, target); yield them."""
    return factories.small_registry()


@pytest.fixture
def every_page_registry():
    """Records that make every public template render its tables, charts and pages."""
    return factories.every_page_registry()
