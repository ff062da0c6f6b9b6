"""The demo CSVs load with the bulk loader and tell the story of the public figures (FACTS.md)."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max

from centres.models import Centre, Programme, Target
from registry.models import Company, Facility, Park, Tenancy, WorkforceReport, calendar
from registry.models.calendar import fiscal_year_end, month_start
from registry.models.facilities import report_month_error

DEMO_DIR = Path(settings.BASE_DIR) / "registry" / "fixtures" / "demo"
FEDERAL = "federal-e-rozgaar"
SURVEY = "Pakistan Economic Survey 2024-25"
QUOTA = "Quota plan of August 2024"
DEMO_DAY = datetime.date(2026, 11, 27)


def load_demo():
    """Load every demo CSV with the bulk loader."""
    call_command("import_registry", *sorted(str(path) for path in DEMO_DIR.glob("*.csv")))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module; each test's own transaction nests inside this one."""
    # The loader takes seconds, so the module shares one load and rolls it back at the end.
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def fingerprint():
    """Return every row the demo touches, as plain values, to compare two loads."""
    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Facility, Park, Centre, Programme, Company, Tenancy, WorkforceReport, Target)
    ] + [list(Company.sectors.through.objects.order_by("pk").values_list())]


def test_demo_has_about_fifty_facilities_and_350_companies(demo):
    facilities = Park.objects.count() + Centre.objects.count()

    assert 45 <= facilities <= 60
    assert Facility.objects.count() == facilities
    assert Company.objects.count() >= 350
    current = Tenancy.objects.current_on(calendar.today()).values("company").distinct()
    assert current.count() >= 350


def test_demo_workforce_is_about_4600_workers_with_21_percent_women(demo):
    today = calendar.today()

    totals = Facility.objects.operational_on(today).workforce_totals(today)

    assert 4300 <= totals["workers"] <= 4900
    assert 20 <= totals["women_share"] <= 22


def test_demo_latest_reports_are_recent_with_a_few_overdue_and_unreported(demo):
    operational = Facility.objects.filter(status="operational")

    latest = WorkforceReport.objects.aggregate(latest=Max("period"))["latest"]
    # As of the day the demo was made; later, more of it falls overdue.
    overdue = operational.overdue(DEMO_DAY)
    unreported = operational.operational_on(DEMO_DAY).without_report(DEMO_DAY)

    assert latest.strftime("%Y-%m") in {"2026-10", "2026-11"}
    assert 3 <= overdue.count() <= 7
    assert 1 <= unreported.count() <= 2
    assert set(unreported) <= set(overdue)
    assert operational.overdue(calendar.today()).exists()


def test_demo_seeds_the_federal_targets_with_their_sources(demo):
    targets = {
        (t.metric, t.value, t.fiscal_year, t.province_id, t.source)
        for t in Target.objects.filter(programme__slug=FEDERAL)
    }

    quotas = {"PB": 149, "SD": 51, "KP": 28, "IS": 11, "BA": 6, "AJK": 3, "GB": 2}
    assert targets == {
        ("centres_operational", 50, 2025, None, SURVEY),
        ("centres_operational", 250, 2027, None, SURVEY),
        ("jobs_at_centres", 20000, 2027, None, SURVEY),
    } | {("centres_operational", value, 2027, code, QUOTA) for code, value in quotas.items()}
    assert Target.objects.count() == len(targets)


def test_demo_federal_programme_missed_50_by_fy2025_and_trails_250_by_fy2027(demo):
    federal = Centre.objects.filter(programme__slug=FEDERAL)

    by_fy2025 = federal.operational_on(fiscal_year_end(2025)).count()
    now = federal.operational_on(calendar.today()).count()

    assert federal.first_opened() == datetime.date(2024, 2, 6)
    assert 0 < by_fy2025 < 50
    assert by_fy2025 < now < 250 * 0.8
    assert federal.filter(opened_on__isnull=True, planned_fy__isnull=False).exists()


def test_demo_reports_say_demo_data_and_nothing_is_dated_in_the_future(demo):
    today = calendar.today()

    assert not WorkforceReport.objects.exclude(source__startswith="Demo data").exists()
    assert not WorkforceReport.objects.filter(period__gt=month_start(today)).exists()
    assert not Facility.objects.filter(opened_on__gt=today).exists()
    assert not Facility.objects.filter(closed_on__gt=today).exists()
    assert not Tenancy.objects.filter(started_on__gt=today).exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = fingerprint()

    load_demo()

    assert fingerprint() == before


def exported_total(client, url, column):
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    return sum(int(row[column] or 0) for row in csv.DictReader(io.StringIO(text)))


def test_demo_workers_agree_on_every_surface(demo, client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    listed = exported_total(client, "/centres/export.csv", "workers") + exported_total(
        client, "/parks/export.csv", "workers"
    )

    assert listed == exported_total(client, "/cities/export.csv", "workers")
    assert listed == client.get("/").context["headline"].workers
    assert 4400 <= listed <= 4800


def test_every_demo_report_lies_within_its_facilitys_operating_months(demo):
    for report in WorkforceReport.objects.select_related("facility"):
        assert report_month_error(report.facility, report.period) is None, report


def test_the_demo_files_are_written_as_export_registry_writes_them(demo, tmp_path):
    call_command("export_registry", str(tmp_path), stdout=io.StringIO())

    for path in sorted(DEMO_DIR.glob("*.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_demo_programmes_have_urdu_names(demo):
    names = dict(Programme.objects.values_list("slug", "name_ur"))

    assert names == {
        "federal-e-rozgaar": "وفاقی ای روزگار سینٹرز (2024–)",
        "punjab-e-rozgaar": "پنجاب ای روزگار (2017–)",
    }
