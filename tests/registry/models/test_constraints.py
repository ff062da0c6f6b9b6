"""The database itself refuses what clean() refuses, for writes that bypass validation."""

import datetime

import pytest
from django.apps import apps
from django.db import connection

from registry.models import Company, Facility, Tenancy, WorkforceReport
from tests.factories import CompanyFactory, ParkFactory, ReportFactory, TenancyFactory
from tests.registry.constraints import raises_constraint

D = datetime.date


def test_database_refuses_more_women_than_workers():
    park = ParkFactory()

    with raises_constraint("report_women_within_workers"):
        WorkforceReport.objects.create(facility=park, period=D(2026, 1, 1), workers=1, women=2)


def test_database_refuses_two_reports_for_one_month():
    report = ReportFactory()

    with raises_constraint("report_one_per_facility_month"):
        WorkforceReport.objects.create(
            facility=report.facility, period=report.period, workers=1, women=0
        )


def test_database_refuses_a_period_that_is_not_a_month_start():
    park = ParkFactory()

    with raises_constraint("report_period_first_of_month"):
        WorkforceReport.objects.create(facility=park, period=D(2026, 1, 2), workers=1, women=0)


def test_database_refuses_negative_seats():
    park = ParkFactory()

    with raises_constraint("registry_facility_seats_check"):
        Facility.objects.filter(pk=park.pk).update(seats=-1)


def test_database_refuses_operational_without_opening_date():
    park = ParkFactory()

    with raises_constraint("facility_opened_on_matches_status"):
        Facility.objects.filter(pk=park.pk).update(opened_on=None)


def test_database_refuses_closed_without_closing_date():
    park = ParkFactory()

    with raises_constraint("facility_closed_has_closing_date"):
        Facility.objects.filter(pk=park.pk).update(status="closed")


def test_database_refuses_closing_before_opening():
    park = ParkFactory(opened_on=D(2024, 1, 1))

    with raises_constraint("facility_closed_after_opened"):
        Facility.objects.filter(pk=park.pk).update(status="closed", closed_on=D(2023, 1, 1))


def test_database_refuses_a_centre_status_on_a_park():
    park = ParkFactory()

    with raises_constraint("facility_status_valid_for_kind"):
        Facility.objects.filter(pk=park.pk).update(status="suspended")


def test_database_refuses_coordinates_outside_pakistan():
    park = ParkFactory()

    with raises_constraint("facility_inside_pakistan"):
        Facility.objects.filter(pk=park.pk).update(latitude=10, longitude=70)


def test_database_refuses_overlapping_tenancies_of_one_company_at_one_facility():
    tenancy = TenancyFactory(started_on=D(2024, 1, 1), ended_on=D(2024, 12, 31))

    with raises_constraint("tenancy_no_overlap"):
        Tenancy.objects.create(
            company=tenancy.company, facility=tenancy.facility, started_on=D(2024, 6, 1)
        )


def test_database_refuses_overlap_made_by_an_update():
    first = TenancyFactory(started_on=D(2024, 1, 1), ended_on=D(2024, 6, 30))
    second = TenancyFactory(
        company=first.company, facility=first.facility, started_on=D(2024, 7, 1)
    )

    with raises_constraint("tenancy_no_overlap"):
        Tenancy.objects.filter(pk=second.pk).update(started_on=D(2024, 6, 30))


def test_database_refuses_overlap_of_the_same_pair_only():
    first = TenancyFactory(started_on=D(2024, 1, 1))
    other_company = CompanyFactory()
    other_facility = ParkFactory()

    Tenancy.objects.create(company=other_company, facility=first.facility, started_on=D(2024, 3, 1))
    Tenancy.objects.create(company=first.company, facility=other_facility, started_on=D(2024, 3, 1))
    with raises_constraint("tenancy_no_overlap"):
        Tenancy.objects.create(
            company=first.company, facility=first.facility, started_on=D(2025, 1, 1)
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's exclusion constraint")
def test_overlap_constraint_index_is_keyed_by_no_plain_column():
    # The planner costs a GiST probe on any column as if it led the index; keyed on the pair's
    # text alone, lookups by facility or by company go to the btrees (migration 0013).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.indkey::int2[] FROM pg_constraint constraint_ "
            "JOIN pg_index index ON index.indexrelid = constraint_.conindid "
            "WHERE constraint_.conname = 'tenancy_no_overlap'"
        )
        (keys,) = cursor.fetchone()

    assert keys == [0, 0]  # two expressions: the pair's text and the date range


def test_database_accepts_consecutive_tenancies_and_other_facilities():
    first = TenancyFactory(started_on=D(2024, 1, 1), ended_on=D(2024, 6, 30))

    Tenancy.objects.create(company=first.company, facility=first.facility, started_on=D(2024, 7, 1))
    Tenancy.objects.create(company=first.company, facility=ParkFactory(), started_on=D(2024, 1, 1))

    assert Tenancy.objects.count() == 3


def test_database_refuses_a_tenancy_ending_before_it_starts():
    tenancy = TenancyFactory(started_on=D(2024, 1, 1))

    with raises_constraint("tenancy_ends_after_start"):
        Tenancy.objects.filter(pk=tenancy.pk).update(ended_on=D(2023, 1, 1))


def test_database_refuses_company_names_that_differ_only_in_case_width_or_spaces():
    CompanyFactory(name="Acme Soft")

    with raises_constraint("registry_company_name_key_key"):
        Company.objects.create(name="ＡＣＭＥ soft ", slug="acme-2")


def test_database_refuses_a_repeated_registration_number():
    CompanyFactory(secp_registration_no="0123456")

    with raises_constraint("registry_company_secp_registration_no_key"):
        CompanyFactory(secp_registration_no="0123456")


def test_every_foreign_key_constraint_leads_an_index():
    # Deleting a row makes the database look up the rows that refer to it: without an index
    # leading with the column, a scan per deleted row (150 s to regenerate the registry at ten
    # times national scale, when TenancyCity's company had none).
    unindexed = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            constraints = connection.introspection.get_constraints(cursor, table).values()
            leading = {
                constraint["columns"][0]
                for constraint in constraints
                if constraint["columns"]
                and (constraint["index"] or constraint["primary_key"] or constraint["unique"])
            }
            unindexed += [
                f"{table}.{field.column}"
                for field in model._meta.local_fields
                if field.is_relation and field.db_constraint and field.column not in leading
            ]

    assert unindexed == []
