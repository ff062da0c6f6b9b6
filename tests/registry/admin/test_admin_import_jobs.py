"""Admin imports as jobs (SPEC §5, §6): signed uploads kept in the database, caps, the worker."""

import datetime
import io
import zipfile
from unittest import mock

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from registry.admin.import_jobs import TOKEN_SALT
from registry.models import ImportJob, Park, Role
from tests.factories import CityFactory, OperatorFactory, ParkFactory, logged_in, province, staff

HEADER = "slug,name,operator,city,status,opened_on,seats\n"
CSV, XLSX = "0", "1"


@pytest.fixture
def places():
    OperatorFactory(slug="pseb")
    CityFactory(slug="karachi", name="Karachi", province=province("SD"))


def upload(client, data, name="parks.csv", file_format=CSV):
    data = data.encode() if isinstance(data, str) else data
    return client.post(
        reverse("admin:registry_park_import"),
        {"import_file": SimpleUploadedFile(name, data), "format": file_format},
    )


def confirm_with(client, token):
    return client.post(reverse("admin:registry_park_process_import"), {"import_file_name": token})


def token_of(preview):
    return preview.context["confirm_form"]["import_file_name"].value()


def parks(count, start=0):
    rows = [f"park-{n},Park {n},pseb,karachi,planned,," for n in range(start, start + count)]
    return HEADER + "\n".join(rows) + "\n"


def test_the_upload_is_kept_in_the_database_not_on_the_server_disk(hq, places):
    preview = upload(hq, parks(1))

    job = ImportJob.objects.get()
    assert bytes(job.data) == parks(1).encode()
    token = token_of(preview)
    assert signing.loads(token, salt=f"{TOKEN_SALT}:{job.user_id}") == job.pk


@pytest.mark.parametrize("forged", ["../../etc/passwd", "tmpa1b2c3d4", "1", ""])
def test_a_forged_upload_name_is_refused_with_a_message(hq, places, forged):
    upload(hq, parks(1))

    refused = confirm_with(hq, forged)

    assert refused.status_code == 400
    assert "upload the file again" in refused.text
    assert not Park.objects.exists()


def test_another_users_upload_is_refused(hq, places):
    token = token_of(upload(hq, parks(1)))
    other = logged_in(staff(Role.HQ_EDITOR, username="bilal"))

    refused = confirm_with(other, token)

    assert refused.status_code == 400
    assert "not one you made" in refused.text
    assert not Park.objects.exists()
    assert other.get(reverse("admin:registry_park_import_job", args=[token])).status_code == 400


def test_a_second_confirm_is_told_the_file_was_imported(hq, places):
    token = token_of(upload(hq, parks(2)))
    assert confirm_with(hq, token).status_code == 302

    again = confirm_with(hq, token)

    assert again.status_code == 302
    page = hq.get(again["Location"])
    assert "was confirmed already" in page.text
    assert "parks.csv was imported: 2 new" in page.text
    assert Park.objects.count() == 2
    assert Park.history.count() == 2


def test_an_expired_upload_is_refused(hq, places):
    token = token_of(upload(hq, parks(1)))

    with override_settings(IMPORT_UPLOAD_HOURS=0):
        refused = confirm_with(hq, token)

    assert refused.status_code == 400
    assert "expired" in refused.text
    assert not Park.objects.exists()


def test_the_cleanup_deletes_expired_uploads_only(hq, places):
    upload(hq, parks(1))
    upload(hq, parks(1, start=5))
    old = ImportJob.objects.order_by("pk").first()
    ImportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    out = io.StringIO()

    call_command("clear_import_uploads", stdout=out)

    assert out.getvalue() == "Deleted 1 expired import upload(s).\n"
    assert list(ImportJob.objects.values_list("pk", flat=True)) != [old.pk]
    assert ImportJob.objects.count() == 1


@override_settings(IMPORT_MAX_UPLOAD_MB=1)
def test_a_file_over_the_cap_is_refused_clearly(hq, places):
    big = parks(1) + "x" * (1024 * 1024)

    refused = upload(hq, big)

    assert refused.status_code == 400
    assert "files of at most 1 MB can be imported" in refused.text
    assert not ImportJob.objects.exists()


def zip_bomb():
    """An .xlsx-named zip whose one part unpacks to 600 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(600):
                part.write(chunk)
    return buffer.getvalue()


def test_an_xlsx_that_unpacks_past_the_cap_is_refused_unopened(hq, places):
    refused = upload(hq, zip_bomb(), name="parks.xlsx", file_format=XLSX)

    assert refused.status_code == 400
    assert "unpacks to 600 MB, more than the 500 MB" in refused.text
    assert not ImportJob.objects.exists()


def test_the_preview_of_a_big_file_shows_counts_and_the_first_rows_only(hq, places):
    preview = upload(hq, parks(300))

    result = preview.context["result"]
    assert result.totals["new"] == 300
    assert len(list(result.valid_rows())) == 20
    assert "280 more rows are not" in preview.text
    assert preview.text.count('<tr class="new">') == 20


def test_every_problem_of_a_big_file_is_in_the_errors_csv(hq, places):
    bad = HEADER + "\n".join(f"p-{n},P {n},pseb,atlantis,planned,," for n in range(500)) + "\n"

    preview = upload(hq, bad)

    assert preview.context["result"].problem_count == 500
    assert len(preview.context["result"].problems) == 200
    csv = b"".join(hq.get(preview.context["errors_csv_url"]).streaming_content)
    assert len(csv.decode("utf-8-sig").splitlines()) == 501


def run_worker():
    """Run the task worker until the queue is empty, on the test's own connection: the worker
    closes connections between tasks, which would end the test's transaction on PostgreSQL."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@override_settings(IMPORT_INLINE_MAX_KB=0)
def test_a_large_file_is_checked_and_imported_by_the_worker(hq, amna, places):
    queued = upload(hq, parks(50))
    assert queued.status_code == 302
    waiting = hq.get(queued["Location"])
    assert "Waiting for the import worker" in waiting.text
    assert '<meta http-equiv="refresh" content="3">' in waiting.text

    run_worker()
    preview = hq.get(queued["Location"])
    assert preview.context["result"].totals["new"] == 50
    assert not Park.objects.exists()

    started = confirm_with(hq, token_of(preview))
    assert started.status_code == 302
    assert "Importing parks.csv" in hq.get(started["Location"]).text
    run_worker()
    done = hq.get(started["Location"])

    assert "parks.csv was imported: 50 new" in done.text
    assert Park.objects.count() == 50
    history = Park.history.filter(history_type="+")
    assert history.count() == 50
    assert {(h.history_user, h.history_change_reason) for h in history} == {
        (amna, "Imported from parks.csv")
    }


@override_settings(IMPORT_INLINE_MAX_KB=0)
def test_a_background_import_with_problems_saves_nothing_and_lists_them(hq, places):
    queued = upload(hq, parks(3))
    run_worker()
    token = token_of(hq.get(queued["Location"]))
    # Someone registers a park with the third row's slug between preview and confirm.
    ParkFactory(slug="park-2", name="Park Two")

    started = confirm_with(hq, token)
    run_worker()
    done = hq.get(started["Location"])

    assert "Nothing was imported" in done.text
    assert [line for line, _, _ in done.context["result"].problems] == [4]
    assert Park.objects.count() == 1
