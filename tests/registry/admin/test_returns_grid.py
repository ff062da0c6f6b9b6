"""The monthly returns grid (SPEC §2.5, §5): a month's reports for every facility in reach, on one
page, saved all-or-nothing."""

import datetime

from registry.models import CentreStatus, ParkStatus, Role, WorkforceReport
from registry.models.changes import registry_version
from registry.models.plausibility import Review
from tests.factories import CentreFactory, ParkFactory, province
from tests.registry.admin.conftest import OCTOBER, SEPTEMBER

TODAY = datetime.date(2026, 11, 27)


def names(response):
    return [row.facility.name for row in response.context["rows"]]


def test_it_lists_the_facilities_expected_last_month_by_province(two_provinces, login, grid_url):
    city = two_provinces["punjab"][0].city
    CentreFactory(name="Suspended Centre", city=city, status=CentreStatus.SUSPENDED)
    ParkFactory(name="Planned Park", city=city, status=ParkStatus.PLANNED)
    ParkFactory(
        name="Closed Park",
        city=city,
        status=ParkStatus.CLOSED,
        closed_on=datetime.date(2026, 10, 31),
    )

    response = login().get(grid_url)

    assert response.status_code == 200
    assert response.context["month"] == OCTOBER
    assert names(response) == ["Punjab Park 1", "Punjab Park 2", "Punjab Park 3", "Sindh Park"]
    html = response.text
    assert html.index("<h2>Punjab</h2>") < html.index("<h2>Sindh</h2>")
    assert "Suspended Centre" not in html and "Planned Park" not in html
    assert "September 2026: 100 workers, 20 women" in html


def test_a_filed_row_is_prefilled_with_links_to_its_history(two_provinces, login, grid_url):
    filed = two_provinces["filed"]

    response = login().get(grid_url)

    row = response.context["rows"][0]
    assert row.report == filed
    assert row.form["workers"].value() == 110
    assert f'name="r{filed.facility_id}-workers" value="110"' in response.text
    assert f"/admin/registry/workforcereport/{filed.pk}/history/" in response.text


def test_an_officer_sees_only_the_facilities_of_their_province(two_provinces, login, grid_url):
    client = login(Role.PROVINCIAL_OFFICER, provinces=["SD"])

    response = client.get(grid_url)

    assert names(response) == ["Sindh Park"]


def test_another_month_can_be_picked_but_not_one_to_come(two_provinces, login, grid_url):
    client = login()

    september = client.get(grid_url, {"month": "2026-09"})
    future = client.get(grid_url, {"month": "2026-12"})

    assert september.context["month"] == SEPTEMBER
    assert september.context["rows"][0].form["workers"].value() == 100
    assert future.context["month"] == OCTOBER
    assert "Choose this month or an earlier one." in future.text


def test_saving_files_new_rows_and_edits_filed_ones(two_provinces, login, grid_url, grid_post):
    first, second, third = two_provinces["punjab"]
    filed = two_provinces["filed"]
    WorkforceReport.objects.filter(pk=filed.pk).update(received_on=datetime.date(2026, 11, 3))
    client = login(username="amna")
    page = client.get(grid_url)
    data = grid_post(
        page,
        **{
            f"r{first.pk}": {"workers": 120},
            f"r{second.pk}": {"workers": 90, "women": 30, "source": "Letter of 4 Nov"},
        },
    )

    response = client.post(grid_url, data)

    assert response.status_code == 302
    edited = WorkforceReport.objects.get(pk=filed.pk)
    assert (edited.workers, edited.received_on) == (120, datetime.date(2026, 11, 3))
    new = WorkforceReport.objects.get(facility=second, period=OCTOBER)
    assert (new.workers, new.women, new.source, new.received_on) == (
        90,
        30,
        "Letter of 4 Nov",
        TODAY,
    )
    assert not WorkforceReport.objects.filter(facility=third, period=OCTOBER).exists()
    followed = client.get(response["Location"])
    assert "2 report(s) saved for October 2026: 1 new, 1 changed." in followed.text


def test_history_records_who_and_the_grids_reason(two_provinces, login, grid_url, grid_post):
    second = two_provinces["punjab"][1]
    client = login(username="amna")
    data = grid_post(client.get(grid_url), **{f"r{second.pk}": {"workers": 90, "women": 30}})
    data["reason"] = "Phoned in by the park"
    version = registry_version()

    client.post(grid_url, data)

    report = WorkforceReport.objects.get(facility=second, period=OCTOBER)
    (record,) = report.history.all()
    assert record.history_type == "+"
    assert record.history_user.username == "amna"
    assert record.history_change_reason == "Monthly returns grid, 2026-10: Phoned in by the park"
    assert registry_version() == version + 1


def test_rows_left_as_loaded_are_not_written(two_provinces, login, grid_url, grid_post):
    client = login()
    before = WorkforceReport.history.count()

    response = client.post(grid_url, grid_post(client.get(grid_url)))

    assert response.status_code == 302
    assert WorkforceReport.history.count() == before
    assert WorkforceReport.objects.filter(period=OCTOBER).count() == 1


def test_one_invalid_row_saves_nothing_and_is_marked(two_provinces, login, grid_url, grid_post):
    first, second, third = two_provinces["punjab"]
    client = login()
    data = grid_post(
        client.get(grid_url),
        **{
            f"r{first.pk}": {"workers": 130},
            f"r{second.pk}": {"workers": 50, "women": 60},
            f"r{third.pk}": {"workers": 40},
        },
    )

    response = client.post(grid_url, data)

    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    errors = {row.facility.pk: row.form.errors for row in response.context["rows"]}
    assert errors[second.pk]["women"] == ["Women (60) cannot be more than the workers (50)."]
    assert errors[third.pk]["women"] == ["This field is required."]
    assert not errors[first.pk]
    row_html = response.text.split(f'id="row-{second.pk}"')[1].split("</tr>")[0]
    assert "Women (60) cannot be more than the workers (50)." in row_html
    assert f'name="r{first.pk}-workers" value="130"' in response.text
    assert WorkforceReport.objects.get(pk=two_provinces["filed"].pk).workers == 110
    assert WorkforceReport.objects.filter(period=OCTOBER).count() == 1


def test_a_jump_is_saved_and_flagged(two_provinces, login, grid_url, grid_post):
    second = two_provinces["punjab"][1]
    client = login()
    data = grid_post(client.get(grid_url), **{f"r{second.pk}": {"workers": 1000, "women": 200}})

    client.post(grid_url, data)

    report = WorkforceReport.objects.get(facility=second, period=OCTOBER)
    assert report.workers == 1000
    assert report.review == Review.FLAGGED
    assert "Workers went from 100 to 1000" in report.review_note
    assert report.history.get().review == Review.FLAGGED


def test_an_edit_clears_a_flag_it_no_longer_earns(two_provinces, login, grid_url, grid_post):
    filed = two_provinces["filed"]
    WorkforceReport.objects.filter(pk=filed.pk).update(review=Review.FLAGGED, review_note="x")
    client = login()
    data = grid_post(client.get(grid_url), **{f"r{filed.facility_id}": {"workers": 105}})

    client.post(grid_url, data)

    assert WorkforceReport.objects.get(pk=filed.pk).review == ""


def test_a_forged_row_of_another_province_is_refused(two_provinces, login, grid_url, grid_post):
    client = login(Role.PROVINCIAL_OFFICER, provinces=["PB"])
    second, sindh = two_provinces["punjab"][1], two_provinces["sindh"]
    data = grid_post(client.get(grid_url), **{f"r{second.pk}": {"workers": 90, "women": 30}})
    data.update(
        {f"r{sindh.pk}-version": "", f"r{sindh.pk}-workers": "5", f"r{sindh.pk}-women": "1"}
    )

    response = client.post(grid_url, data)

    assert response.status_code == 403
    assert not WorkforceReport.objects.filter(period=OCTOBER, facility__in=[second, sindh])


def test_a_row_of_a_facility_not_expected_is_refused(two_provinces, login, grid_url, grid_post):
    planned = ParkFactory(city=two_provinces["sindh"].city, status=ParkStatus.PLANNED)
    client = login()
    data = grid_post(client.get(grid_url))
    data.update({f"r{planned.pk}-version": "", f"r{planned.pk}-workers": "5"})
    data[f"r{planned.pk}-women"] = "1"

    response = client.post(grid_url, data)

    assert response.status_code == 200
    (row,) = [row for row in response.context["rows"] if row.facility.pk == planned.pk]
    assert f"{planned} is not expected to report October 2026." in row.form.non_field_errors()
    assert not WorkforceReport.objects.filter(facility=planned).exists()


def test_a_viewer_sees_the_grid_but_cannot_save(two_provinces, login, grid_url, grid_post):
    client = login(Role.VIEWER)

    page = client.get(grid_url)
    response = client.post(grid_url, grid_post(page))

    assert page.status_code == 200
    assert 'type="number"' not in page.text and "Save all" not in page.text
    assert response.status_code == 403


def test_an_account_without_a_role_is_refused(two_provinces, grid_url):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.create_user("nobody", is_staff=True))

    assert client.get(grid_url).status_code == 403


def test_the_index_and_the_reports_list_link_to_the_grid(login, grid_url):
    client = login(Role.PROVINCIAL_OFFICER, provinces=["PB"])
    province("PB")

    index = client.get("/admin/")
    reports = client.get("/admin/registry/workforcereport/")

    assert f'href="{grid_url}"' in index.text
    assert f'href="{grid_url}"' in reports.text


def test_malformed_rows_are_refused_without_a_server_error(
    two_provinces, login, grid_url, grid_post
):
    second, third = two_provinces["punjab"][1:]
    client = login()
    data = grid_post(
        client.get(grid_url),
        **{
            f"r{second.pk}": {"workers": "many", "women": "-3", "version": "garbage"},
            f"r{third.pk}": {"workers": "9" * 30, "women": "1"},
        },
    )
    huge = {f"r{'9' * 40}-version": "", f"r{'9' * 40}-workers": "1"}
    missing = {"r987654321-version": "", "r987654321-workers": "1"}

    invalid = client.post(grid_url, data)
    too_long = client.post(grid_url, {**data, **huge})
    unknown = client.post(grid_url, {**data, **missing})
    bad_month = client.get(grid_url, {"month": "2026-13", "province": "XX", "page": "-1"})

    assert invalid.status_code == 200 and "Nothing was saved" in invalid.text
    errors = {row.facility.pk: row.form.errors for row in invalid.context["rows"]}
    assert {"workers", "women"} <= set(errors[second.pk])
    assert set(errors[third.pk]) == {"workers"}
    assert too_long.status_code == 200  # not a row: no facility has such an id
    assert unknown.status_code == 403
    assert bad_month.status_code == 200 and bad_month.context["month"] == OCTOBER
    assert WorkforceReport.objects.filter(period=OCTOBER).count() == 1


def test_a_report_filed_by_another_while_saving_saves_nothing(
    two_provinces, login, grid_url, grid_post, monkeypatch
):
    from django.db import IntegrityError

    def racing(**kwargs):
        raise IntegrityError("report_one_per_facility_month")

    monkeypatch.setattr("registry.admin.returns_grid_view.returns_grid_save", racing)
    second = two_provinces["punjab"][1]
    client = login()
    data = grid_post(client.get(grid_url), **{f"r{second.pk}": {"workers": 9, "women": 1}})

    response = client.post(grid_url, data)

    assert response.status_code == 200
    assert "Someone else filed reports for this month while you saved" in response.text
    assert f'name="r{second.pk}-workers" value="9"' in response.text


def test_a_facility_manager_files_only_their_own_facility(
    two_provinces, login, grid_url, grid_post
):
    mine, other = two_provinces["punjab"][1:]
    client = login(Role.FACILITY_MANAGER, facilities=[mine])
    page = client.get(grid_url)
    data = grid_post(page, **{f"r{mine.pk}": {"workers": 70, "women": 7}})

    saved = client.post(grid_url, data)
    forged = client.post(
        grid_url, {**data, f"r{other.pk}-version": "", f"r{other.pk}-workers": "1"}
    )

    assert names(page) == [mine.name]
    assert saved.status_code == 302
    assert WorkforceReport.objects.get(facility=mine, period=OCTOBER).workers == 70
    assert forged.status_code == 403


def test_a_filed_row_shows_the_day_it_was_received(two_provinces, login, grid_url):
    filed = two_provinces["filed"]
    WorkforceReport.objects.filter(pk=filed.pk).update(received_on=datetime.date(2026, 11, 3))

    response = login().get(grid_url)

    row_html = response.text.split(f'id="row-{filed.facility_id}"')[1].split("</tr>")[0]
    assert "3 Nov 2026" in row_html
