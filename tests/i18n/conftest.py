import datetime

import pytest

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


@pytest.fixture
def registry():
    """A small registry with one record of each kind, named in both languages."""
    programme = ProgrammeFactory(name_ur="وفاقی ای روزگار سینٹرز (2024–)")
    lahore = CityFactory(name="Lahore", name_ur="لاہور", slug="lahore", province=province("PB"))
    centre = CentreFactory(
        name="e-Rozgaar Centre Lahore",
        name_ur="ای روزگار سینٹر لاہور",
        slug="erc-lahore",
        city=lahore,
        programme=programme,
        opened_on=datetime.date(2024, 2, 6),
    )
    park = ParkFactory(
        name="STP Lahore",
        name_ur="سافٹ ویئر ٹیکنالوجی پارک لاہور",
        slug="stp-lahore",
        city=lahore,
        opened_on=datetime.date(2019, 3, 1),
    )
    company = CompanyFactory(name="Acme Software", slug="acme")
    TenancyFactory(company=company, facility=park, started_on=datetime.date(2023, 1, 1))
    ReportFactory(facility=centre, period=datetime.date(2025, 10, 1), workers=120, women=30)
    ReportFactory(facility=park, period=datetime.date(2025, 10, 1), workers=400, women=90)
    TargetFactory(programme=programme, value=250, fiscal_year=2027)
    return {"centre": centre, "park": park, "company": company, "city": lahore}
