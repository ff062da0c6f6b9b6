import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from centres.models import Centre, Programme, Target
from registry.models import (
    City,
    Company,
    Facility,
    FacilityKind,
    Operator,
    Park,
    Tenancy,
    WorkforceReport,
)
from registry.models.calendar import month_start
from registry.models.changes import registry_version
from registry.models.facilities import report_month_error
from tests.factories import CompanyFactory
from tests.registry.latest import kept, worked_out

AS_OF = datetime.date(2026, 11, 15)


def generate(*args):
    """Run the command with a fixed as-of date; return what it printed."""
    out = StringIO()
    call_command("generate_registry", "--as-of", AS_OF.isoformat(), *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Return every generated row by natural key, without database ids."""
    centres = {c.pk: c for c in Centre.objects.select_related("programme")}
    parks = {p.pk: p.area_sqft for p in Park.objects.all()}
    return {
        "facilities": [
            (
                *facility,
                parks.get(facility[0]),
                *(
                    (c.programme.slug, c.host_institution, c.host_type, c.planned_fy)
                    if (c := centres.get(facility[0]))
                    else ()
                ),
            )
            for facility in Facility.objects.order_by("slug").values_list(
                "pk",
                "slug",
                "kind",
                "name",
                "name_ur",
                "operator__slug",
                "city__slug",
                "address",
                "status",
                "opened_on",
                "closed_on",
                "seats",
                "latitude",
                "longitude",
            )
        ],
        "companies": list(
            Company.objects.order_by("slug").values_list(
                "slug", "name", "secp_registration_no", "ntn", "website", "founded_year"
            )
        ),
        "sectors": list(
            Company.sectors.through.objects.order_by("company__slug", "sector_id").values_list(
                "company__slug", "sector_id"
            )
        ),
        "tenancies": list(
            Tenancy.objects.order_by("company__slug", "facility__slug", "started_on").values_list(
                "company__slug", "facility__slug", "started_on", "ended_on", "seats"
            )
        ),
        "reports": list(
            WorkforceReport.objects.order_by("facility__slug", "period").values_list(
                "facility__slug", "period", "workers", "women", "source"
            )
        ),
    }


def without_ids(rows):
    return {
        name: [row[1:] if name == "facilities" else row for row in r] for name, r in rows.items()
    }


def test_same_seed_gives_identical_rows():
    generate("--scale", "0.05", "--seed", "7")
    first = without_ids(snapshot())

    generate("--scale", "0.05", "--seed", "7")

    assert without_ids(snapshot()) == first
    assert all(first.values())


def test_different_seed_gives_different_rows():
    generate("--scale", "0.05", "--seed", "7")
    first = without_ids(snapshot())

    generate("--scale", "0.05", "--seed", "8")

    second = without_ids(snapshot())
    for part in ("facilities", "companies", "tenancies", "reports"):
        assert second[part] != first[part], part


def test_it_reports_what_it_generated():
    out = generate("--scale", "0.1", "--seed", "3")

    assert "Generated scale 0.1, seed 3, as of 2026-11-15: 30 facilities, 300 companies" in out
    assert f"{Tenancy.objects.count():,} tenancies" in out
    assert f"{WorkforceReport.objects.count():,} workforce reports" in out


def test_scale_sets_the_number_of_rows_in_proportion():
    generate("--scale", "0.2", "--seed", "1")

    assert Park.objects.count() == 10
    assert Centre.objects.filter(programme__slug="federal-e-rozgaar").count() == 32
    assert Centre.objects.filter(programme__slug="punjab-e-rozgaar").count() == 18
    assert Company.objects.count() == 600
    assert 1.6 <= Tenancy.objects.count() / 600 <= 2.4
    assert 25 <= WorkforceReport.objects.count() / 60 <= 45


def test_distributions_look_like_a_national_registry():
    generate("--scale", "0.5", "--seed", "1")

    totals = Facility.objects.workforce_totals(AS_OF)
    assert 16 <= totals["women_share"] <= 26
    statuses = set(Facility.objects.values_list("kind", "status"))
    assert {("park", "operational"), ("park", "closed"), ("park", "planned")} <= statuses
    assert {("centre", s) for s in ("proposed", "setting_up", "suspended", "closed")} <= statuses
    assert Facility.objects.overdue(AS_OF).exists()
    assert Facility.objects.filter(status="operational").without_report(AS_OF).exists()
    by_city = dict(Facility.objects.values_list("city__slug").annotate(n=Count("pk")))
    assert by_city["lahore"] > by_city.get("chakwal", 0)
    assert by_city["karachi"] > by_city.get("larkana", 0)
    punjab = Centre.objects.filter(programme__slug="punjab-e-rozgaar")
    assert set(punjab.values_list("city__province", flat=True)) == {"PB"}
    launch_years = set(
        Centre.objects.exclude(opened_on=None).values_list("opened_on__year", flat=True)
    )
    assert {2017, 2024, 2025, 2026} <= launch_years


def test_it_creates_the_reference_data_it_needs():
    generate("--scale", "0.05")

    assert City.objects.count() == 44
    assert set(Operator.objects.values_list("slug", flat=True)) == {"pseb", "pitb", "sco", "kpitb"}
    assert set(Programme.objects.values_list("slug", flat=True)) == {
        "federal-e-rozgaar",
        "punjab-e-rozgaar",
    }
    assert (
        Target.objects.get(metric="centres_operational", fiscal_year=2027, province=None).value
        == 250
    )
    assert Target.objects.get(province="PB").value == 149


def test_every_generated_row_passes_model_validation():
    generate("--scale", "0.05", "--seed", "5")

    for model in (
        City,
        Operator,
        Programme,
        Target,
        Park,
        Centre,
        Company,
        Tenancy,
        WorkforceReport,
    ):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            row.full_clean()


def test_parks_and_centres_are_whole_facilities():
    generate("--scale", "0.05")

    assert Facility.objects.filter(kind=FacilityKind.PARK).count() == Park.objects.count()
    assert Facility.objects.filter(kind=FacilityKind.CENTRE).count() == Centre.objects.count()
    centre = Centre.objects.exclude(opened_on=None).first()
    assert centre.launched_on == centre.opened_on
    assert centre.programme.slug in {"federal-e-rozgaar", "punjab-e-rozgaar"}


def test_reports_and_tenancies_keep_to_their_facility_dates():
    generate("--scale", "0.1", "--seed", "2")

    for report in WorkforceReport.objects.select_related("facility"):
        assert report.facility.opened_on is not None
        assert month_start(report.facility.opened_on) <= report.period <= month_start(AS_OF)
        assert report.women <= report.workers
    for tenancy in Tenancy.objects.select_related("facility"):
        assert tenancy.facility.opened_on <= tenancy.started_on <= AS_OF
        if tenancy.facility.closed_on:
            assert tenancy.ended_on is not None
            assert tenancy.ended_on <= tenancy.facility.closed_on


def test_each_facility_keeps_its_latest_report_through_reruns():
    generate("--scale", "0.1", "--seed", "2")
    generate("--scale", "0.1", "--seed", "3")

    assert kept() == worked_out()


def test_names_are_unique_after_normalisation():
    generate("--scale", "0.5", "--seed", "9")

    keys = list(Company.objects.values_list("name_key", flat=True))
    assert len(keys) == len(set(keys)) == 1500
    company = Company.objects.first()
    assert company.name_key == company.name.casefold()


def test_a_rerun_replaces_earlier_generated_rows():
    generate("--scale", "0.05", "--seed", "1")

    generate("--scale", "0.05", "--seed", "2")

    assert Facility.objects.count() == 16  # 3 parks, 8 federal and 5 Punjab centres
    assert Company.objects.count() == 150
    assert set(WorkforceReport.objects.values_list("source", flat=True)) == {
        "Generated (seed 2, scale 0.05)"
    }


def test_a_run_bumps_the_registry_version_for_cached_pages():
    generate("--scale", "0.05", "--seed", "1")
    before = registry_version()

    generate("--scale", "0.05", "--seed", "2")

    assert registry_version() > before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL planner statistics")
def test_it_leaves_postgresql_statistics_of_the_loaded_tables():
    generate("--scale", "0.05")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", ["registry_workforcereport"]
        )
        estimate = cursor.fetchone()[0]
    assert estimate == WorkforceReport.objects.count()


def test_it_refuses_a_database_with_other_data():
    CompanyFactory(name="Acme Soft", slug="acme-soft")

    with pytest.raises(CommandError, match=r"did not generate \(1 companies\).*--force"):
        generate("--scale", "0.05")

    assert not Facility.objects.exists()
    assert list(Company.objects.values_list("slug", flat=True)) == ["acme-soft"]


def test_force_adds_generated_rows_beside_other_data():
    CompanyFactory(name="Acme Soft", slug="acme-soft")

    generate("--scale", "0.05", "--force")

    assert Company.objects.filter(slug="acme-soft").exists()
    assert Company.objects.count() == 151
    assert Facility.objects.count() == 16  # 3 parks, 8 federal and 5 Punjab centres


def test_it_refuses_a_future_as_of_date():
    with pytest.raises(CommandError, match="future"):
        call_command("generate_registry", "--as-of", "2999-01-01", stdout=StringIO())

    assert not Facility.objects.exists()


def test_it_refuses_a_scale_that_is_not_positive():
    with pytest.raises(CommandError, match="scale"):
        call_command("generate_registry", "--scale", "0", stdout=StringIO())


def test_every_generated_report_lies_within_its_facilitys_operating_months():
    generate("--scale", "0.2")

    reports = WorkforceReport.objects.select_related("facility")
    assert reports.count() > 1000
    assert [r for r in reports if report_month_error(r.facility, r.period)] == []
    closed = Facility.objects.filter(status="closed", reports__isnull=False).distinct()
    assert closed.exists()
