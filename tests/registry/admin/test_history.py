"""Change history (SPEC §5): who changed what, when and why, for every record, never editable."""

import datetime
import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from registry.importers import load_files
from registry.models import Park, WorkforceReport, calendar
from tests.factories import CompanyFactory, ParkFactory, ReportFactory
from tests.registry.forms import park_form


@pytest.fixture
def client_for(amna):
    client = Client()
    client.force_login(amna)
    return client


def edit_park(client, park, **changes):
    url = reverse("admin:registry_park_change", args=[park.pk])
    version = client.get(url).context["version"]
    data = {**park_form(Park.objects.get(pk=park.pk)), "_version": version, **changes}
    return client.post(url, data)


def test_an_admin_edit_records_who_what_and_why(client_for, amna):
    park = ParkFactory(name="Arfa", seats=100)

    response = edit_park(client_for, park, seats=250, change_reason="PITB letter of 3 March")

    assert response.status_code == 302
    latest, previous = park.history.all()[:2]
    assert (latest.history_user, latest.history_type) == (amna, "~")
    assert latest.history_change_reason == "PITB letter of 3 March"
    changes = latest.diff_against(previous).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("seats", 100, 250)]


def test_the_reason_also_marks_inline_rows_saved_with_the_record(client_for):
    park = ParkFactory()

    edit_park(
        client_for,
        park,
        change_reason="Monthly return",
        **{
            "reports-TOTAL_FORMS": 1,
            "reports-0-period": "2026-09-01",
            "reports-0-workers": 80,
            "reports-0-women": 20,
        },
    )

    record = WorkforceReport.history.get()
    assert (record.history_change_reason, record.history_type) == ("Monthly return", "+")


def test_the_record_page_shows_its_history_from_and_to(client_for):
    park = ParkFactory(name="Arfa", seats=100)
    edit_park(client_for, park, seats=250, change_reason="PITB letter")

    response = client_for.get(reverse("admin:registry_park_history", args=[park.pk]))

    assert response.status_code == 200
    text = response.text
    assert "amna" in text and "PITB letter" in text
    assert "Seats:</strong>" in text and "100" in text and "250" in text


def test_history_cannot_be_reverted_or_edited(client_for):
    park = ParkFactory(name="Arfa")
    first = park.history.get()
    edit_park(client_for, park, name="Arfa Tower")
    url = reverse("admin:registry_park_simple_history", args=[park.pk, first.history_id])

    looked = client_for.get(url)
    reverted = client_for.post(url, park_form(park, name="Arfa"))

    assert looked.status_code == 200
    assert reverted.status_code == 403
    assert Park.objects.get(pk=park.pk).name == "Arfa Tower"
    assert park.history.count() == 2


def test_no_history_model_is_editable_in_the_admin():
    registered = {model._meta.model_name for model in admin.site._registry}

    assert not [name for name in registered if name.startswith("historical")]


def test_a_company_keeps_the_history_of_its_sectors():
    company = CompanyFactory()

    company.sectors.set(["software", "games"])

    latest = company.history.first()
    assert sorted(s.sector_id for s in latest.sectors.all()) == ["games", "software"]


def rename_in_a_file(tmp_path, park):
    """Write a parks.csv that renames the park to Arfa Tower; return its path."""
    header = "slug,name,operator,city,status,opened_on\n"
    path = tmp_path / "parks.csv"
    path.write_text(
        header + f"arfa,Arfa Tower,{park.operator.slug},{park.city.slug},operational,2020-10-01\n"
    )
    return path


def test_the_command_line_import_records_history_without_a_user(tmp_path):
    park = ParkFactory(slug="arfa", name="Arfa")

    report = load_files([rename_in_a_file(tmp_path, park)], by="import_registry")

    assert report.errors == []
    latest = park.history.first()
    assert (latest.name, latest.history_user) == ("Arfa Tower", None)
    assert latest.history_change_reason == "Loaded from parks.csv by import_registry"


def test_the_record_page_shows_an_import_as_made_on_the_command_line_from_the_file(
    client_for, tmp_path
):
    park = ParkFactory(slug="arfa", name="Arfa")
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1))
    workforce = tmp_path / "workforce.csv"
    workforce.write_text("facility,period,workers,women,source\narfa,2026-10,80,20,PITB\n")
    call_command("import_registry", str(rename_in_a_file(tmp_path, park)), str(workforce))

    response = client_for.get(reverse("admin:registry_park_history", args=[park.pk]))
    loaded = WorkforceReport.objects.get(period=datetime.date(2026, 10, 1))
    reports = client_for.get(reverse("admin:registry_workforcereport_history", args=[loaded.pk]))

    rows = re.findall(r"<tr>.*?</tr>", response.text, flags=re.S)
    renamed = next(row for row in rows if "Loaded from parks.csv by import_registry" in row)
    assert re.search(r"<td>\s*command line\s*</td>", renamed)
    assert "None" not in renamed
    assert "Arfa Tower" in renamed
    assert "Loaded from workforce.csv by import_registry" in reports.text
    assert re.search(r"<td>\s*command line\s*</td>", reports.text)


def test_recent_changes_show_an_import_as_made_on_the_command_line_from_the_file(
    client_for, tmp_path
):
    park = ParkFactory(slug="arfa", name="Arfa")
    call_command("import_registry", str(rename_in_a_file(tmp_path, park)))

    response = client_for.get(reverse("admin:recent_changes"))

    rows = re.findall(r"<tr>.*?</tr>", response.text, flags=re.S)
    renamed = next(row for row in rows if "Loaded from parks.csv by import_registry" in row)
    assert "<td>command line</td>" in renamed
    assert "None" not in renamed
    assert ">changed<" in renamed


# The HQ page of recent changes across the registry.


def test_recent_changes_lists_every_kind_of_record_newest_first(client_for, amna):
    park = ParkFactory(name="Arfa")
    edit_park(client_for, park, seats=40, change_reason="Survey")
    ReportFactory(facility=park, period=datetime.date(2026, 9, 1))

    response = client_for.get(reverse("admin:recent_changes"))

    changes = list(response.context["page"].object_list)
    assert [(c.kind, c.action) for c in changes[:3]] == [
        ("workforce report", "created"),
        ("software technology park", "changed"),
        ("software technology park", "created"),
    ]
    edited = changes[1]
    assert (edited.user, edited.reason) == (amna, "Survey")
    assert [(f["field"], f["old"], f["new"]) for f in edited.fields] == [("Seats", "None", "40")]


def test_recent_changes_filter_by_user_record_kind_and_date(client_for, amna):
    park = ParkFactory(name="Arfa")
    edit_park(client_for, park, seats=40)
    ReportFactory(facility=park)
    today = calendar.today().isoformat()

    by_user = client_for.get(reverse("admin:recent_changes"), {"user": amna.pk})
    by_kind = client_for.get(reverse("admin:recent_changes"), {"model": "registry.workforcereport"})
    by_date = client_for.get(
        reverse("admin:recent_changes"), {"since": "2000-01-01", "until": "2000-12-31"}
    )
    today_parks = client_for.get(
        reverse("admin:recent_changes"),
        {"since": today, "until": today, "model": "registry.park"},
    )

    assert [c.action for c in by_user.context["page"].object_list] == ["changed"]
    assert [c.kind for c in by_kind.context["page"].object_list] == ["workforce report"]
    assert by_date.context["page"].paginator.count == 0
    assert today_parks.context["page"].paginator.count == 2


def test_recent_changes_pages_through_many_changes_with_bounded_queries(
    client_for, django_assert_max_num_queries
):
    for number in range(60):
        ParkFactory(name=f"Park {number}")

    with django_assert_max_num_queries(40):
        first = client_for.get(reverse("admin:recent_changes"))
    second = client_for.get(reverse("admin:recent_changes"), {"p": 2, "model": "registry.park"})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 10
    assert [c.label for c in second.context["page"].object_list][-1] == "Park 0"
