"""Factories for tests: each builds a valid record with the fewest fields a test must name."""

import datetime
from datetime import date as D
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from centres.models import Centre, Programme, Target
from registry.models import (
    CentreStatus,
    City,
    Company,
    Operator,
    Park,
    ParkStatus,
    Province,
    Tenancy,
    WorkforceReport,
)
from registry.models.statuses import OPENED_STATUSES
from registry.web.context_processors import DEMO_SOURCE_PREFIX


def province(code="PB"):
    """Return a province of the fixed list."""
    return Province.objects.get(code=code)


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    province = factory.LazyFunction(province)
    latitude = Decimal("31.558")
    longitude = Decimal("74.3507")


class OperatorFactory(DjangoModelFactory):
    class Meta:
        model = Operator
        django_get_or_create = ("slug",)

    slug = "pseb"
    name = "Pakistan Software Export Board"
    short_name = "PSEB"
    kind = Operator.Kind.FEDERAL


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    slug = "federal-e-rozgaar"
    name = "Federal e-Rozgaar centres (2024–)"
    operator = factory.SubFactory(OperatorFactory)


class ParkFactory(DjangoModelFactory):
    class Meta:
        model = Park

    name = factory.Sequence(lambda n: f"Park {n}")
    slug = factory.Sequence(lambda n: f"park-{n}")
    operator = factory.SubFactory(OperatorFactory)
    city = factory.SubFactory(CityFactory)
    status = ParkStatus.OPERATIONAL
    # Set exactly when the status says the facility has opened (SPEC §2.2).
    opened_on = factory.LazyAttribute(
        lambda park: datetime.date(2020, 10, 1) if park.status in OPENED_STATUSES else None
    )


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre {n}")
    slug = factory.Sequence(lambda n: f"centre-{n}")
    programme = factory.SubFactory(ProgrammeFactory)
    operator = factory.SelfAttribute("programme.operator")
    city = factory.SubFactory(CityFactory)
    status = CentreStatus.OPERATIONAL
    opened_on = factory.LazyAttribute(
        lambda centre: datetime.date(2024, 2, 6) if centre.status in OPENED_STATUSES else None
    )
    host_type = Centre.HostType.PRIVATE_PARTNER


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")


class TenancyFactory(DjangoModelFactory):
    class Meta:
        model = Tenancy

    company = factory.SubFactory(CompanyFactory)
    facility = factory.SubFactory(ParkFactory)
    started_on = datetime.date(2024, 1, 1)


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = WorkforceReport

    facility = factory.SubFactory(ParkFactory)
    period = datetime.date(2026, 10, 1)
    workers = 100
    women = 20


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    metric = Target.Metric.CENTRES_OPERATIONAL
    value = 50
    fiscal_year = 2025
    programme = factory.SubFactory(ProgrammeFactory)
    source = "Pakistan Economic Survey 2024-25"


def staff(role, *, username=None, provinces=(), facilities=()):
    """Return a staff user in the role's group, assigned to the provinces and facilities."""
    # Imported here, as the helper is appended to this module and its imports are others'.
    from django.contrib.auth.models import Group, User

    from registry.models import Role, StaffAssignment

    name = username or f"{role}-user"
    user = User.objects.create_user(name, password="Correct-Horse-7", is_staff=True)
    user.groups.add(Group.objects.get(name=Role(role).label))
    if provinces or facilities:
        assignment = StaffAssignment.objects.create(user=user)
        assignment.provinces.set(Province.objects.filter(code__in=provinces))
        assignment.facilities.set(facilities)
    return user


# Registries the tests share: one builder each, the fixtures in the conftest.py files.


def small_registry():
    """A registry with one record of every kind, so every public page has something to show."""
    park = ParkFactory(slug="arfa-stp")
    centre = CentreFactory(slug="e-rozgaar-g9")
    company = CompanyFactory(slug="acme-soft")
    TenancyFactory(company=company, facility=park)
    ReportFactory(facility=park)
    ReportFactory(facility=centre, workers=40, women=12)
    TargetFactory()
    return {"park": park, "centre": centre, "company": company}


def worked_registry():
    """Create a small registry whose overview and progress figures the tests work out by hand."""
    lahore = CityFactory(slug="lahore", name="Lahore")
    karachi = CityFactory(slug="karachi", name="Karachi", province=province("SD"))
    ProgrammeFactory()
    c1 = CentreFactory(slug="c1", city=lahore, opened_on=D(2024, 2, 6))
    c2 = CentreFactory(
        slug="c2", city=karachi, opened_on=D(2025, 3, 1), status=CentreStatus.SUSPENDED
    )
    c3 = CentreFactory(
        slug="c3",
        city=lahore,
        opened_on=D(2024, 9, 1),
        closed_on=D(2026, 1, 15),
        status=CentreStatus.CLOSED,
    )
    c4 = CentreFactory(slug="c4", city=lahore, opened_on=D(2026, 8, 1))
    c5 = CentreFactory(
        slug="c5",
        city=lahore,
        opened_on=D(2020, 5, 1),
        programme=ProgrammeFactory(slug="punjab-e-rozgaar", name="Punjab e-Rozgaar (2017–)"),
    )
    p1 = ParkFactory(slug="p1", city=lahore, opened_on=D(2020, 10, 1))
    p2 = ParkFactory(slug="p2", city=karachi, opened_on=D(2023, 1, 1))
    ParkFactory(slug="p3", city=karachi, status=ParkStatus.PLANNED, opened_on=None)
    for facility, period, workers, women in [
        (c1, D(2025, 11, 1), 60, 10),
        (c1, D(2026, 10, 1), 100, 20),
        (c2, D(2026, 6, 1), 40, 10),
        (c3, D(2025, 12, 1), 30, 5),
        (c5, D(2026, 9, 1), 50, 25),
        (p1, D(2026, 7, 1), 150, 30),
        (p1, D(2026, 11, 1), 200, 40),
        (p2, D(2026, 5, 1), 80, 20),
    ]:
        ReportFactory(facility=facility, period=period, workers=workers, women=women)
    a = CompanyFactory(slug="a")
    TenancyFactory(company=a, facility=p1, started_on=D(2024, 1, 1))
    TenancyFactory(company=a, facility=c1, started_on=D(2025, 1, 1))
    TenancyFactory(
        company=CompanyFactory(slug="b"),
        facility=p2,
        started_on=D(2023, 1, 1),
        ended_on=D(2026, 6, 30),
    )
    TenancyFactory(company=CompanyFactory(slug="c"), facility=c4, started_on=D(2026, 8, 1))
    TargetFactory(metric=Target.Metric.CENTRES_OPERATIONAL, value=50, fiscal_year=2025)
    TargetFactory(metric=Target.Metric.CENTRES_OPERATIONAL, value=250, fiscal_year=2027)
    TargetFactory(metric=Target.Metric.JOBS_AT_CENTRES, value=20000, fiscal_year=2027)
    TargetFactory(value=149, fiscal_year=2027, province=province("PB"))
    TargetFactory(value=51, fiscal_year=2027, province=province("SD"))


def more_rows(n):
    """Add n more centres, parks, companies, tenancies and reports to the registry."""
    city = CityFactory(slug="lahore")
    for i in range(n):
        centre = CentreFactory(city=city, opened_on=D(2025, 1 + i % 12, 1))
        park = ParkFactory(city=city)
        ReportFactory(facility=centre, period=D(2026, 1 + i % 10, 1), workers=10, women=5)
        ReportFactory(facility=park, workers=20, women=5)
        TenancyFactory(facility=park, started_on=D(2025, 1, 1))


def every_page_registry():
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


def logged_in(user):
    """Return a test client signed in as the user."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def varied_registry():
    """Build a small, varied registry: every filter of every list has rows to keep and to drop.

    Two provinces' cities, parks and centres of several statuses, hosts and years, reports
    (one facility with none, one missing the last month), companies with sectors and current
    and past tenancies, a name a spreadsheet would read as a formula, empty optional cells.
    """
    from registry.models import Sector

    lahore = CityFactory(slug="lahore", name="Lahore", province=province("PB"))
    karachi = CityFactory(
        slug="karachi",
        name="Karachi",
        province=province("SD"),
        latitude=Decimal("24.8607"),
        longitude=Decimal("67.0011"),
    )
    other = OperatorFactory(slug="pitb", name="Punjab IT Board", short_name="PITB")
    parks = [
        ParkFactory(slug="arfa", name="Arfa Park", city=lahore, area_sqft=900000, seats=400),
        ParkFactory(slug="karachi-stp", name="=Karachi STP", city=karachi, operator=other),
        ParkFactory(
            slug="old-park",
            name="Old Park",
            city=lahore,
            status=ParkStatus.CLOSED,
            opened_on=datetime.date(2019, 1, 1),
            closed_on=datetime.date(2025, 1, 31),
        ),
        ParkFactory(slug="new-park", name="New Park", city=karachi, status=ParkStatus.PLANNED),
    ]
    centres = [
        CentreFactory(
            slug="lahore-uni",
            name="Lahore University Centre",
            city=lahore,
            host_type=Centre.HostType.UNIVERSITY,
            host_institution="Lahore University",
            planned_fy=2024,
            opened_on=datetime.date(2024, 2, 6),
            latitude=Decimal("31.5"),
            longitude=Decimal("74.3"),
        ),
        CentreFactory(
            slug="karachi-college",
            name="Karachi College Centre",
            city=karachi,
            host_type=Centre.HostType.COLLEGE,
            planned_fy=2025,
            opened_on=datetime.date(2025, 3, 10),
        ),
        CentreFactory(
            slug="lahore-closed",
            name="Lahore Closed Centre",
            city=lahore,
            status=CentreStatus.CLOSED,
            opened_on=datetime.date(2024, 5, 1),
            closed_on=datetime.date(2025, 12, 31),
        ),
        CentreFactory(
            slug="karachi-proposed",
            name="Karachi Proposed Centre",
            city=karachi,
            status=CentreStatus.PROPOSED,
            planned_fy=2027,
        ),
    ]
    for facility, months, workers in [
        (parks[0], 14, 300),
        (parks[1], 3, 40),
        (parks[2], 6, 80),
        (centres[0], 10, 30),
        (centres[1], 2, 12),
    ]:
        for back in range(months):
            # The newest report is October 2026, whose return is due before the tests' today.
            month = datetime.date(2026 - (back + 2) // 12, 12 - (back + 2) % 12, 1)
            if facility.closed_on and month > facility.closed_on:
                continue
            ReportFactory(facility=facility, period=month, workers=workers + back, women=back)
    software, bpo = Sector.objects.get(code="software"), Sector.objects.get(code="ites")
    companies = [
        CompanyFactory(slug="soft-one", name="Soft One", secp_registration_no="0161036"),
        CompanyFactory(slug="soft-two", name="Soft Two (Pvt) Ltd", founded_year=2019),
        CompanyFactory(slug="bpo-co", name="+BPO Company", website="https://bpo.example"),
        CompanyFactory(slug="nowhere-co", name="Nowhere Co", founded_year=2001),
    ]
    companies[0].sectors.set([software])
    companies[1].sectors.set([software, bpo])
    companies[2].sectors.set([bpo])
    TenancyFactory(company=companies[0], facility=parks[0], seats=20)
    TenancyFactory(company=companies[0], facility=centres[0], started_on=datetime.date(2025, 1, 1))
    TenancyFactory(
        company=companies[1],
        facility=parks[1],
        started_on=datetime.date(2023, 1, 1),
        ended_on=datetime.date(2024, 6, 30),
    )
    TenancyFactory(company=companies[2], facility=parks[0], started_on=datetime.date(2022, 5, 1))
    TenancyFactory(company=companies[2], facility=centres[1], seats=4)
    return {"parks": parks, "centres": centres, "companies": companies}
