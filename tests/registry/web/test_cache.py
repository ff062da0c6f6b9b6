import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import RegistryVersion, Sector, WorkforceReport
from registry.models.changes import bump_registry_version, registry_version
from tests.factories import CompanyFactory, ParkFactory, ReportFactory


@pytest.fixture
def park():
    park = ParkFactory(slug="arfa-stp")
    ReportFactory(facility=park, workers=4321, women=1000)
    return park


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def detail(client, park, **headers):
    return client.get(reverse("park-detail", args=[park.slug]), headers=headers)


def test_saving_a_record_bumps_the_version(park):
    before = registry_version()

    park.name = "Arfa Software Technology Park"
    park.save()

    assert registry_version() > before


def test_deleting_a_record_bumps_the_version(park):
    before = registry_version()

    WorkforceReport.objects.filter(facility=park).get().delete()

    assert registry_version() > before


def test_changing_a_companys_sectors_bumps_the_version():
    company = CompanyFactory()
    before = registry_version()

    company.sectors.add(Sector.objects.first())

    assert registry_version() > before


def test_a_rolled_back_change_leaves_the_version_alone(park):
    before = registry_version()

    with transaction.atomic():
        park.name = "Never saved"
        park.save()
        transaction.set_rollback(True)

    assert registry_version() == before


def test_a_transaction_bumps_the_version_once_however_many_rows_it_writes():
    before = registry_version()

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        ParkFactory.create_batch(5)

    assert registry_version() == before + 1
    bumps = [q for q in queries if q["sql"].startswith('UPDATE "registry_registryversion"')]
    assert len(bumps) == 1


def test_a_bump_rolled_back_with_its_savepoint_is_made_again_by_the_next_change(park):
    before = registry_version()

    with transaction.atomic():
        with transaction.atomic():
            park.save()
            transaction.set_rollback(True)
        park.name = "Arfa Software Technology Park"
        park.save()

    assert registry_version() == before + 1


def test_importing_files_bumps_the_version(tmp_path):
    operators = tmp_path / "operators.csv"
    operators.write_text("slug,name,short_name,kind\nkpitb,KP IT Board,KPITB,provincial\n")
    before = registry_version()

    call_command("import_registry", str(operators), stdout=io.StringIO())

    assert registry_version() > before


def test_a_missing_version_row_is_recreated_on_the_next_change():
    RegistryVersion.objects.all().delete()

    bump_registry_version()

    assert RegistryVersion.objects.get().number == 1


def test_a_public_page_carries_an_etag_and_asks_to_be_revalidated(client, park):
    response = detail(client, park)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, no-cache"


def test_an_unchanged_page_answers_304_without_rendering(client, park, django_assert_num_queries):
    etag = detail(client, park)["ETag"]

    with django_assert_num_queries(1):
        response = detail(client, park, if_none_match=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_an_edit_changes_the_etag_and_the_old_one_gets_the_new_page(client, park):
    etag = detail(client, park)["ETag"]

    ReportFactory(facility=park, period=datetime.date(2026, 11, 1), workers=5000, women=1200)
    response = detail(client, park, if_none_match=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "5,000" in response.content.decode()


def test_an_unchanged_csv_answers_304(client, park):
    url = reverse("park-export") + "?status=operational"
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304


def test_the_etag_changes_at_midnight_because_today_moves_every_figure(client, park):
    etag = detail(client, park)["ETag"]

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        assert detail(client, park)["ETag"] != etag


def test_a_deploy_changes_the_etag(client, park, settings):
    etag = detail(client, park)["ETag"]

    settings.RELEASE = "next-release"

    assert detail(client, park)["ETag"] != etag


def test_signed_in_editors_get_no_etag_and_no_304(admin_client, park):
    response = detail(admin_client, park)

    assert response.status_code == 200
    assert "ETag" not in response


def test_the_admin_keeps_its_own_no_store_headers(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_missing_page_gets_no_etag(client):
    response = client.get(reverse("park-detail", args=["no-such-park"]))

    assert response.status_code == 404
    assert "ETag" not in response


def test_the_page_cache_serves_a_repeat_visit_with_one_query(
    client, park, page_cache, django_assert_num_queries
):
    first = detail(client, park)

    with django_assert_num_queries(1):
        second = detail(client, park)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_the_page_cache_never_serves_a_stale_figure_after_an_edit(client, park, page_cache):
    assert "4,321" in detail(client, park).content.decode()

    report = WorkforceReport.objects.get(facility=park)
    report.workers = 8765
    report.save()
    response = detail(client, park)

    assert "8,765" in response.content.decode()
    assert "4,321" not in response.content.decode()


def test_the_page_cache_keeps_query_strings_apart(client, park, page_cache):
    url = reverse("park-list")

    everything = client.get(url)
    closed = client.get(url, {"status": "closed"})

    assert park.name in everything.content.decode()
    assert park.name not in closed.content.decode()


def test_the_page_cache_leaves_out_missing_pages(client, page_cache):
    url = reverse("park-detail", args=["arfa-stp"])
    assert client.get(url).status_code == 404

    ParkFactory(slug="arfa-stp")

    assert client.get(url).status_code == 200
