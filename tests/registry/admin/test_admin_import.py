"""Admin import and export (SPEC §5): preview, all-or-nothing confirm, errors as a CSV, scope."""

import datetime
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Park, Role, WorkforceReport
from tests.factories import CityFactory, OperatorFactory, ParkFactory, logged_in, province, staff

HEADER = "slug,name,operator,city,status,opened_on,seats\n"
CSV, XLSX = "0", "1"


@pytest.fixture
def places():
    OperatorFactory(slug="pseb")
    return {
        "lahore": CityFactory(slug="lahore", name="Lahore", province=province("PB")),
        "karachi": CityFactory(slug="karachi", name="Karachi", province=province("SD")),
    }


def upload(client, text, name="parks.csv", file_format=CSV, model="park"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse(f"admin:registry_{model}_import"),
        {"import_file": SimpleUploadedFile(name, data), "format": file_format},
    )


def confirm(client, preview, model="park"):
    form = preview.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse(f"admin:registry_{model}_process_import"), data)


def rows(preview):
    return {row.key: row for row in preview.context["result"].valid_rows()}


def test_preview_lists_new_changed_and_unchanged_rows_and_saves_nothing(hq, places):
    ParkFactory(slug="arfa", name="Arfa", city=places["lahore"], seats=100)
    ParkFactory(slug="nstp", name="NSTP", city=places["lahore"], seats=50)
    text = HEADER + (
        "arfa,Arfa,pseb,lahore,operational,2020-10-01,250\n"
        "nstp,NSTP,pseb,lahore,operational,2020-10-01,50\n"
        "new-park,New Park,pseb,karachi,planned,,\n"
    )

    preview = upload(hq, text)

    assert preview.status_code == 200
    shown = rows(preview)
    assert {key: row.import_type for key, row in shown.items()} == {
        "arfa": "update",
        "nstp": "skip",
        "new-park": "new",
    }
    assert shown["arfa"].changes == [("seats", "100", "250")]
    assert "1 new, 1 changed, 1 unchanged" in preview.text
    assert Park.objects.get(slug="arfa").seats == 100
    assert not Park.objects.filter(slug="new-park").exists()


def test_confirm_applies_every_row(hq, places):
    ParkFactory(slug="arfa", name="Arfa", city=places["lahore"], seats=100)
    text = HEADER + (
        "arfa,Arfa,pseb,lahore,operational,2020-10-01,250\n"
        "new-park,New Park,pseb,karachi,planned,,\n"
    )

    done = confirm(hq, upload(hq, text))

    assert done.status_code == 302
    assert Park.objects.get(slug="arfa").seats == 250
    assert Park.objects.get(slug="new-park").city == places["karachi"]


def test_every_row_error_is_listed_at_once_with_its_line_and_column(hq, places):
    text = HEADER + (
        "good,Good Park,pseb,lahore,planned,,\n"
        "bad-city,Bad City,pseb,atlantis,planned,,\n"
        "no-date,No Date,pseb,lahore,operational,,\n"
        "bad-seats,Bad Seats,pseb,lahore,planned,,many\n"
    )

    preview = upload(hq, text)

    problems = preview.context["result"].problems
    assert [(line, column) for line, column, _ in problems] == [
        (3, "city"),
        (4, "opened_on"),
        (5, "seats"),
    ]
    assert "There is no city with the slug “atlantis”." in problems[0][2]
    assert "confirm_form" not in preview.context
    assert not Park.objects.exists()


def test_a_bad_header_is_reported_on_line_one(hq, places):
    preview = upload(hq, "slug,name,operator,colour\nx,X,pseb,red\n")

    problems = preview.context["result"].problems
    assert (1, "colour") in [(line, column) for line, column, _ in problems]
    assert (1, "city") in [(line, column) for line, column, _ in problems]
    assert "confirm_form" not in preview.context


def test_the_errors_download_as_a_csv_a_clerk_can_fix_from(hq, places):
    preview = upload(
        hq, HEADER + "bad-city,Bad City,pseb,atlantis,planned,,\n=cmd,X,pseb,lahore,,,\n"
    )

    response = hq.get(preview.context["errors_csv_url"])

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="park-import-errors-')
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "line,column,message"
    assert lines[1].startswith("2,city,There is no city with the slug")
    assert any(line.startswith("3,status,") for line in lines)


def test_a_file_that_fails_only_at_confirm_saves_nothing(hq, places):
    text = HEADER + (
        "first,First Park,pseb,lahore,planned,,\nsecond,Second Park,pseb,karachi,planned,,\n"
    )
    preview = upload(hq, text)
    # Someone registers a park with the second row's slug between preview and confirm.
    ParkFactory(slug="second", name="Second Park", city=places["lahore"])

    refused = confirm(hq, preview)

    assert refused.status_code == 200
    assert "Nothing was imported" in refused.text
    assert [line for line, _, _ in refused.context["result"].problems] == [3]
    assert not Park.objects.filter(slug="first").exists()


def test_a_row_changed_since_the_preview_is_rechecked_at_confirm(hq, places):
    park = ParkFactory(slug="arfa", name="Arfa", city=places["lahore"], seats=100)
    text = HEADER + (
        "new-park,New Park,pseb,karachi,planned,,\n"
        "arfa,Arfa,pseb,lahore,operational,2020-10-01,250\n"
    )
    preview = upload(hq, text)
    Park.objects.filter(pk=park.pk).update(name="Arfa Tower")

    refused = confirm(hq, preview)

    assert refused.status_code == 200
    problems = refused.context["result"].problems
    assert [(line, column) for line, column, _ in problems] == [(3, "slug")]
    assert "changed (or appeared) after the preview" in problems[0][2]
    assert Park.objects.get(pk=park.pk).seats == 100
    assert not Park.objects.filter(slug="new-park").exists()


def test_an_xlsx_file_imports_like_a_csv(hq, places):
    book = tablib.Dataset(headers=["slug", "name", "operator", "city", "status", "seats"])
    book.append(["sheet-park", "Sheet Park", "pseb", "karachi", "planned", 40])

    preview = upload(hq, book.export("xlsx"), name="parks.xlsx", file_format=XLSX)
    done = confirm(hq, preview)

    assert done.status_code == 302
    assert Park.objects.get(slug="sheet-park").seats == 40


def test_imported_rows_record_history_for_the_importing_user(hq, amna, places):
    park = ParkFactory(slug="arfa", name="Arfa", city=places["lahore"], seats=100)

    confirm(hq, upload(hq, HEADER + "arfa,Arfa,pseb,lahore,operational,2020-10-01,250\n"))

    latest = park.history.first()
    assert (latest.seats, latest.history_user) == (250, amna)
    assert latest.history_change_reason == "Imported from parks.csv"


def test_a_preview_leaves_no_history(hq, places):
    upload(hq, HEADER + "new-park,New Park,pseb,karachi,planned,,\n")

    assert not Park.history.exists()


# Reach: an officer's file may touch only their provinces' records.


def test_an_officers_file_touching_another_province_saves_nothing(places):
    ParkFactory(slug="arfa", name="Arfa", city=places["lahore"])
    officer = logged_in(staff(Role.PROVINCIAL_OFFICER, provinces=["SD"]))
    text = HEADER + (
        "karachi-park,Karachi Park,pseb,karachi,planned,,\n"
        "arfa,Arfa,pseb,lahore,planned,,\n"
        "moved,Moved Park,pseb,lahore,planned,,\n"
    )

    preview = upload(officer, text)

    problems = preview.context["result"].problems
    assert [(line, column) for line, column, _ in problems] == [(3, "city"), (4, "city")]
    assert "outside the provinces or facilities assigned to you" in problems[0][2]
    assert "confirm_form" not in preview.context
    assert Park.objects.count() == 1


def test_a_managers_report_file_may_only_touch_their_facility(places):
    mine = ParkFactory(slug="mine", city=places["karachi"])
    ParkFactory(slug="theirs", city=places["karachi"])
    manager = logged_in(staff(Role.FACILITY_MANAGER, facilities=[mine]))
    text = "facility,period,workers,women\nmine,2026-09,10,3\ntheirs,2026-09,10,3\n"

    preview = upload(manager, text, name="workforce.csv", model="workforcereport")

    problems = preview.context["result"].problems
    assert [(line, column) for line, column, _ in problems] == [(3, "facility")]
    assert not WorkforceReport.objects.exists()


def test_a_managers_own_reports_import(places):
    mine = ParkFactory(slug="mine", city=places["karachi"])
    manager = logged_in(staff(Role.FACILITY_MANAGER, facilities=[mine]))
    preview = upload(
        manager,
        "facility,period,workers,women\nmine,2026-09,10,3\n",
        name="workforce.csv",
        model="workforcereport",
    )

    done = confirm(manager, preview, model="workforcereport")

    assert done.status_code == 302
    assert mine.reports.get().period == datetime.date(2026, 9, 1)


# Export: the bulk file's columns, with the changelist's search and filters.


def export(client, query=""):
    url = reverse("admin:registry_park_export") + query
    response = client.post(url, {"format": CSV})
    assert response.status_code == 200
    return list(tablib.Dataset().load(io.StringIO(response.content.decode("utf-8-sig")), "csv"))


def test_export_keeps_the_changelist_search_and_filters(hq, places):
    ParkFactory(slug="arfa", name="Arfa", city=places["lahore"])
    ParkFactory(slug="nstp", name="NSTP", city=places["lahore"], status="planned", opened_on=None)
    ParkFactory(slug="karachi-stp", name="Karachi STP", city=places["karachi"])

    searched = export(hq, "?q=arfa")
    filtered = export(hq, "?city__province__code__exact=PB&status__exact=operational")

    assert [row[0] for row in searched] == ["arfa"]
    assert [row[0] for row in filtered] == ["arfa"]


def test_an_export_loads_back_unchanged(hq, places):
    ParkFactory(slug="arfa", name="Arfa", city=places["lahore"], seats=100)
    response = hq.post(reverse("admin:registry_park_export"), {"format": CSV})

    preview = upload(hq, response.content.decode("utf-8-sig"))

    assert {row.import_type for row in preview.context["result"].valid_rows()} == {"skip"}
