"""The public pages the accessibility and HTML checks visit, and a registry that fills them."""

import datetime
import os
from pathlib import Path

import pytest

from centres.models import Target
from registry.models import CentreStatus, ParkStatus
from registry.web.context_processors import DEMO_SOURCE_PREFIX
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ProgrammeFactory,
    ReportFactory,
    TargetFactory,
    TenancyFactory,
    province,
)
from tests.i18n.conftest import PUBLIC_PATHS

NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "npm ci --prefix tests/a11y"

# Every kind of public page: the i18n suite's list (overview, progress, each list, each detail)
# and the states a visitor can reach from them.
PAGE_PATHS = [
    *PUBLIC_PATHS,
    "/method/",
    "/?as_of=2025-06-30",
    "/progress/?as_of=not-a-date",
    "/centres/?province=PB&status=operational&sort=name",
    "/centres/?planned_fy=1900&launch_fy=soon&operational_on=2999-01-01",
    "/parks/?status=operational&operational_on=yesterday",
    "/map/?as_of=2025-06-30&status=closed",
    "/map/?kind=centre&status=proposed",
    "/centres/erc-karachi/",
    "/parks/stp-karachi/",
    "/companies/?page=2",
    "/no-such-page/",
]
# The error pages that render without the request or the database (a lost database, a crash),
# which no address reaches on demand.
STANDALONE_PAGES = ["400.html", "403_csrf.html", "500.html", "503.html"]
LANGUAGES = {"en": "", "ur": "/ur"}
# Every other page answers 200: a detail page missing its record would only check the 404 page.
STATUS = {"/progress/?as_of=not-a-date": 400, "/no-such-page/": 404}


def missing_tool(message):
    """Skip a test whose tool is missing; fail it instead when CI requires the browser tests."""
    if os.environ.get("MARKAZ_REQUIRE_BROWSER"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tools(*paths):
    """Stop the test (skip, or fail in CI) unless the tools installed in tests/a11y exist."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        missing_tool(f"{', '.join(missing)} missing: run `{INSTALL_HINT}`")


def localized(language, path):
    """Return the path of a public page in the given language (English at the plain paths)."""
    return LANGUAGES[language] + path


def build_registry():
    """Create records that make every public template render its tables, charts and pages."""
    programme = ProgrammeFactory()
    lahore = CityFactory(name="Lahore", name_ur="لاہور", slug="lahore", province=province("PB"))
    karachi = CityFactory(name="Karachi", slug="karachi", province=province("SD"))
    centre = CentreFactory(
        name="e-Rozgaar Centre Lahore",
        name_ur="ای روزگار سینٹر لاہور",
        slug="erc-lahore",
        city=lahore,
        programme=programme,
        opened_on=datetime.date(2024, 2, 6),
    )
    closed = CentreFactory(
        name="e-Rozgaar Centre Karachi",
        slug="erc-karachi",
        city=karachi,
        programme=programme,
        status=CentreStatus.CLOSED,
        opened_on=datetime.date(2024, 9, 1),
        closed_on=datetime.date(2025, 6, 30),
    )
    park = ParkFactory(
        name="STP Lahore",
        name_ur="سافٹ ویئر ٹیکنالوجی پارک لاہور",
        slug="stp-lahore",
        city=lahore,
        opened_on=datetime.date(2019, 3, 1),
    )
    ParkFactory(name="STP Karachi", slug="stp-karachi", city=karachi, status=ParkStatus.PLANNED)
    company = CompanyFactory(name="Acme Software", slug="acme")
    TenancyFactory(company=company, facility=park, started_on=datetime.date(2023, 1, 1))
    # More companies than one page of a list holds, so pagination renders.
    first_day = datetime.date(2024, 1, 1)
    for number in range(55):
        TenancyFactory(facility=park, started_on=first_day + datetime.timedelta(number))
    for month in range(1, 13):
        period = datetime.date(2025, month, 1)
        ReportFactory(facility=centre, period=period, workers=100 + month, women=20 + month)
        ReportFactory(facility=park, period=period, workers=400 + month, women=90 + month)
    ReportFactory(facility=closed, period=datetime.date(2025, 3, 1), workers=40, women=12)
    ReportFactory(
        facility=park,
        period=datetime.date(2026, 1, 1),
        workers=420,
        women=95,
        source=f"{DEMO_SOURCE_PREFIX}: fictional",
    )
    for fiscal_year, value in [(2025, 10), (2026, 25), (2027, 250)]:
        TargetFactory(programme=programme, value=value, fiscal_year=fiscal_year)
    TargetFactory(
        programme=programme, metric=Target.Metric.JOBS_AT_CENTRES, value=5000, fiscal_year=2027
    )
    return {"centre": centre, "park": park, "company": company, "city": lahore}
