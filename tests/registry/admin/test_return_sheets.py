"""Return sheets (issue 20 item 3): a month's workforce.csv pre-filled with the user's expected
facilities, as CSV or XLSX, that the admin's import takes back once the figures are filled in."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import CentreStatus, Role, WorkforceReport
from tests.factories import CentreFactory, CityFactory, ParkFactory, ReportFactory, province, staff

OCT, SEP = datetime.date(2026, 10, 1), datetime.date(2026, 9, 1)
HEADER = ["facility", "period", "workers", "women", "source"]
CSV, XLSX = "0", "1"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def registry():
    """Punjab: a park that filed October, a centre that did not, one suspended, one launched in
    November and one closed in September; Sindh: a centre."""
    lahore = CityFactory(slug="lahore", name="Lahore", province=province("PB"))
    karachi = CityFactory(slug="karachi", name="Karachi", province=province("SD"))
    facilities = {
        "park": ParkFactory(slug="arfa", name="Arfa", city=lahore),
        "centre": CentreFactory(slug="lahore-centre", name="Lahore Centre", city=lahore),
        "sindh": CentreFactory(slug="karachi-centre", name="Karachi Centre", city=karachi),
    }
    CentreFactory(slug="suspended", city=lahore, status=CentreStatus.SUSPENDED)
    CentreFactory(slug="launched-late", city=lahore, opened_on=datetime.date(2026, 11, 3))
    CentreFactory(
        slug="closed-early",
        city=lahore,
        status=CentreStatus.CLOSED,
        closed_on=datetime.date(2026, 9, 20),
    )
    ReportFactory(facility=facilities["park"], period=OCT, workers=120, women=30, source="census")
    return facilities


def logged_in(role, **assignment):
    client = Client()
    client.force_login(staff(role, **assignment))
    return client


@pytest.fixture
def hq():
    return logged_in(Role.HQ_EDITOR)


def sheet(client, file_format, **params):
    response = client.get(
        reverse(f"admin:registry_workforcereport_return_sheet_{file_format}"), params
    )
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def csv_rows(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def upload(client, data, name, file_format):
    return client.post(
        reverse("admin:registry_workforcereport_import"),
        {"import_file": SimpleUploadedFile(name, data), "format": file_format},
    )


def confirm(client, preview):
    assert preview.status_code == 200, preview.content
    assert not preview.context["result"].problems, preview.context["result"].problems
    form = preview.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse("admin:registry_workforcereport_process_import"), data)


def filled_csv(body, figures):
    """Return the CSV sheet with each row's empty figures filled from {slug: (workers, women)}."""
    header, *rows = csv_rows(body)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        if row[0] in figures and not row[2]:
            row[2], row[3] = (str(n) for n in figures[row[0]])
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def reports(month=OCT):
    return {
        report.facility.slug: (report.workers, report.women, report.source)
        for report in WorkforceReport.objects.filter(period=month).select_related("facility")
    }


def test_the_csv_sheet_lists_last_months_expected_facilities_in_the_bulk_files_columns(
    hq, registry
):
    response, body = sheet(hq, "csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="returns-2026-10.csv"'
    assert csv_rows(body) == [
        HEADER,
        ["arfa", "2026-10", "120", "30", "census"],  # filed already: its figures, unchanged
        ["lahore-centre", "2026-10", "", "", ""],
        ["karachi-centre", "2026-10", "", "", ""],
    ]


def test_the_xlsx_sheet_has_the_period_as_text_and_the_figures_as_numbers(hq, registry):
    response, body = sheet(hq, "xlsx", month="2026-10")
    book_sheet = load_workbook(io.BytesIO(body)).worksheets[0]

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="returns-2026-10.xlsx"'
    assert [cell.value for cell in book_sheet[1]] == HEADER
    arfa, centre = book_sheet[2], book_sheet[3]
    assert (arfa[1].value, arfa[1].data_type, arfa[1].number_format) == ("2026-10", "s", "@")
    assert (arfa[2].value, arfa[2].data_type) == (120, "n")
    assert (arfa[3].value, arfa[3].data_type) == (30, "n")
    assert centre[2].value is None and centre[3].value is None
    # An empty period or source cell is formatted as text too, so a typed month stays text.
    assert centre[4].number_format == "@"
    assert book_sheet.freeze_panes == "A2"


def test_a_filled_csv_sheet_imports_back_and_files_the_month(hq, registry):
    _, body = sheet(hq, "csv")
    data = filled_csv(body, {"lahore-centre": (45, 12), "karachi-centre": (30, 9)})

    done = confirm(hq, upload(hq, data, "returns-2026-10.csv", CSV))

    assert done.status_code == 302
    assert reports() == {
        "arfa": (120, 30, "census"),
        "lahore-centre": (45, 12, ""),
        "karachi-centre": (30, 9, ""),
    }
    stamped = WorkforceReport.objects.get(facility__slug="lahore-centre", period=OCT)
    assert stamped.received_on == datetime.date(2026, 11, 27)


def test_a_filled_xlsx_sheet_imports_back_and_its_untouched_row_is_unchanged(hq, registry):
    _, body = sheet(hq, "xlsx")
    book = load_workbook(io.BytesIO(body))
    rows = book.worksheets[0]
    rows["C3"], rows["D3"], rows["E3"] = 45, 12, "clerk"
    rows["C4"], rows["D4"] = 30, 9
    filled = io.BytesIO()
    book.save(filled)

    preview = upload(hq, filled.getvalue(), "returns-2026-10.xlsx", XLSX)
    totals = preview.context["result"].totals
    done = confirm(hq, preview)

    assert (totals["new"], totals["skip"]) == (2, 1)
    assert done.status_code == 302
    assert reports() == {
        "arfa": (120, 30, "census"),
        "lahore-centre": (45, 12, "clerk"),
        "karachi-centre": (30, 9, ""),
    }


def test_a_period_excel_turned_into_a_date_cell_still_names_the_month(hq, registry):
    _, body = sheet(hq, "xlsx")
    book = load_workbook(io.BytesIO(body))
    rows = book.worksheets[0]
    rows.delete_rows(4)  # Karachi files separately
    rows["B3"] = datetime.datetime(2026, 10, 31)  # the last day, as a date cell
    rows["C3"], rows["D3"] = 45, 12
    filled = io.BytesIO()
    book.save(filled)

    confirm(hq, upload(hq, filled.getvalue(), "returns.xlsx", XLSX))

    assert reports()["lahore-centre"] == (45, 12, "")


def test_an_officers_sheet_lists_only_their_provinces_expected_facilities(registry):
    officer = logged_in(Role.PROVINCIAL_OFFICER, username="sindh", provinces=["SD"])

    _, body = sheet(officer, "csv")

    assert [row[0] for row in csv_rows(body)[1:]] == ["karachi-centre"]


def test_a_managers_sheet_lists_only_their_facilities(registry):
    manager = logged_in(Role.FACILITY_MANAGER, username="manager", facilities=[registry["centre"]])

    _, body = sheet(manager, "xlsx")
    book_sheet = load_workbook(io.BytesIO(body)).worksheets[0]

    assert [row[0] for row in book_sheet.iter_rows(min_row=2, values_only=True)] == [
        "lahore-centre"
    ]


def test_an_officer_cannot_import_another_provinces_row_added_to_the_sheet(registry):
    officer = logged_in(Role.PROVINCIAL_OFFICER, username="sindh", provinces=["SD"])
    _, body = sheet(officer, "csv")
    data = filled_csv(body, {"karachi-centre": (30, 9)}) + b"lahore-centre,2026-10,45,12,\r\n"

    preview = upload(officer, data, "returns.csv", CSV)

    assert preview.context["result"].problem_count == 1
    assert not WorkforceReport.objects.filter(period=OCT, facility__slug="karachi-centre")


def test_a_viewer_gets_no_sheet(registry):
    viewer = logged_in(Role.VIEWER, username="viewer")

    assert sheet(viewer, "csv")[0].status_code == 403
    assert sheet(viewer, "xlsx")[0].status_code == 403


def test_the_month_picker_picks_another_month_and_its_expected_facilities(hq, registry):
    _, body = sheet(hq, "csv", month="2026-09")

    rows = csv_rows(body)[1:]
    # September: the centre closed on the 20th was not operational on the 30th; the park has
    # no September report yet.
    assert [row[:3] for row in rows] == [
        ["arfa", "2026-09", ""],
        ["lahore-centre", "2026-09", ""],
        ["karachi-centre", "2026-09", ""],
    ]


@pytest.mark.parametrize(
    ("month", "reason"),
    [
        ("2026-12", "month: 2026-12 has not begun"),
        ("2026-13", "month: “2026-13” is not a month"),
        ("Oct-26", "month: “Oct-26” is not a month"),
        ("0000-01", "month: “0000-01” is not a month"),
    ],
)
def test_a_bad_month_is_refused_in_plain_text(hq, registry, month, reason):
    response, body = sheet(hq, "csv", month=month)

    assert response.status_code == 400
    assert reason in body.decode()


def test_the_current_month_can_be_had_for_those_filing_early(hq, registry):
    _, body = sheet(hq, "xlsx", month="2026-11")

    rows = list(load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {"2026-11"}
    assert "launched-late" in {row[0] for row in rows[1:]}  # operational on 30 November


def test_the_changelist_offers_the_sheet_with_a_month_picker_defaulting_to_last_month(hq):
    html = hq.get(reverse("admin:registry_workforcereport_changelist")).content.decode()

    assert "Download this month's return sheet" in html
    assert 'type="month" name="month" id="return-sheet-month" value="2026-10"' in html
    for file_format in ("csv", "xlsx"):
        url = reverse(f"admin:registry_workforcereport_return_sheet_{file_format}")
        assert f'formaction="{url}"' in html


def test_the_changelist_of_a_viewer_offers_no_sheet(registry):
    viewer = logged_in(Role.VIEWER, username="viewer")

    html = viewer.get(reverse("admin:registry_workforcereport_changelist")).content.decode()

    assert "return sheet" not in html
