"""Factories for tests: each builds a valid record with the fewest fields a test must name."""

import datetime
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
