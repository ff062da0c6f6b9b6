"""The parks', companies' and cities' `export.xlsx` (SPEC §4.4): the CSV's rows and columns for
the same query, typed cells, never a formula, a frozen bold header, 400 on a bad filter."""

import datetime
from decimal import Decimal

import pandas
import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import ParkStatus, Sector
from tests.factories import (
    CentreFactory,
    CityFactory,
    CompanyFactory,
    ParkFactory,
    ReportFactory,
    TenancyFactory,
    province,
)
from tests.xlsx_files import (
    XLSX_TYPE,
    assert_same_as_csv,
    download,
    pandas_frame,
    sheet,
    sheet_rows,
)

EXPORTS = {
    "park-export": ("park-export-xlsx", "parks"),
    "company-export": ("company-export-xlsx", "companies"),
    "city-export": ("city-export-xlsx", "cities"),
}
HOSTILE_NAME = "=cmd|' /C calc'!A0"


@pytest.fixture
def registry():
    """Two provinces' parks and a centre, with reports, tenants and a hostile company name."""
    lahore = CityFactory(slug="lahore", name="Lahore", province=province("PB"))
    karachi = CityFactory(
        slug="karachi",
        name="Karachi",
        province=province("SD"),
        latitude=Decimal("24.8607"),
        longitude=Decimal("67.0011"),
    )
    arfa = ParkFactory(
        slug="arfa",
        name="Arfa Software Technology Park",
        city=lahore,
        opened_on=datetime.date(2012, 3, 1),
        area_sqft=870000,
        seats=4000,
        latitude=Decimal("31.4750"),
        longitude=Decimal("74.3420"),
    )
    korangi = ParkFactory(slug="korangi", name="Korangi STP", city=karachi, seats=None)
    ParkFactory(slug="quetta-stp", name="- planned park", city=karachi, status=ParkStatus.PLANNED)
    CentreFactory(slug="lahore-centre", city=lahore)
    ReportFactory(facility=arfa, period=datetime.date(2026, 10, 1), workers=1200, women=300)
    ReportFactory(facility=korangi, period=datetime.date(2026, 9, 1), workers=7, women=0)
    hostile = CompanyFactory(
        slug="calc",
        name=HOSTILE_NAME,
        secp_registration_no="0161036",
        founded_year=2015,
        website="https://calc.example.pk",
    )
    hostile.sectors.set(Sector.objects.filter(code__in=["software", "fintech"]))
    other = CompanyFactory(slug="acme", name="Acme Soft", secp_registration_no="0000042")
    CompanyFactory(slug="plus", name="+92 Labs", founded_year=None)
    TenancyFactory(company=hostile, facility=arfa, started_on=datetime.date(2020, 1, 1))
    TenancyFactory(company=other, facility=korangi, started_on=datetime.date(2021, 5, 1))
    TenancyFactory(
        company=other,
        facility=arfa,
        started_on=datetime.date(2019, 1, 1),
        ended_on=datetime.date(2020, 1, 1),
    )


@pytest.mark.parametrize("csv_name", EXPORTS)
def test_an_empty_list_is_a_workbook_of_the_csv_header_with_its_filename(client, csv_name):
    xlsx_name, stem = EXPORTS[csv_name]
    response, body = download(client, xlsx_name)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today}.xlsx"'
    assert body[:2] == b"PK"  # a zip, as every XLSX is
    assert assert_same_as_csv(client, csv_name, xlsx_name)[1:] == []


@pytest.mark.parametrize(
    ("csv_name", "params"),
    [
        ("park-export", {}),
        ("park-export", {"province": "PB"}),
        ("park-export", {"status": "planned"}),
        ("park-export", {"sort": "-workers"}),
        ("park-export", {"operational_on": "2021-01-01", "sort": "city"}),
        ("park-export", {"q": "korangi"}),
        ("company-export", {}),
        ("company-export", {"current": "1"}),
        ("company-export", {"sort": "-founded_year"}),
        ("company-export", {"province": "SD"}),
        ("company-export", {"q": "0161036"}),
        ("city-export", {}),
        ("city-export", {"province": "SD"}),
        ("city-export", {"sort": "-workers"}),
    ],
)
def test_the_workbook_holds_the_csvs_rows_in_order_for_the_same_filters(
    client, registry, csv_name, params
):
    rows = assert_same_as_csv(client, csv_name, EXPORTS[csv_name][0], params)

    assert len(rows) > 1  # each query keeps at least one row to compare


def test_park_cells_are_typed_dates_integers_decimals_and_text(client, registry):
    _, body = download(client, "park-export-xlsx", {"q": "arfa"})
    book_sheet = sheet(body)
    header = [cell.value for cell in book_sheet[1]]
    cells = dict(zip(header, book_sheet[2], strict=True))

    assert cells["slug"].value == "arfa" and cells["slug"].data_type == "s"
    assert cells["opened_on"].value == datetime.datetime(2012, 3, 1)
    assert cells["opened_on"].is_date and cells["opened_on"].number_format == "yyyy-mm-dd"
    assert cells["closed_on"].value is None
    assert cells["workers"].value == 1200 and type(cells["workers"].value) is int
    assert cells["area_sqft"].value == 870000 and cells["area_sqft"].data_type == "n"
    assert cells["women_share_pct"].value == 25.0 and cells["women_share_pct"].data_type == "n"
    assert cells["latitude"].value == 31.475 and cells["latitude"].data_type == "n"
    assert cells["last_report"].value == "2026-10" and cells["last_report"].data_type == "s"


def test_a_registration_number_stays_text_in_pandas_and_openpyxl(client, registry):
    _, body = download(client, "company-export-xlsx", {"sort": "name"})
    # pandas infers numbers from text it is not told to keep (as read_csv does): with
    # dtype=object it keeps each cell's own type, which the CSV cannot give it.
    frame = pandas_frame(body, dtype=object)
    calc = frame[frame["slug"] == "calc"].iloc[0]

    assert calc["secp_registration_no"] == "0161036"
    assert calc["name"] == HOSTILE_NAME
    assert calc["sectors"] == "fintech;software"
    assert calc["founded_year"] == 2015 and isinstance(calc["founded_year"], int)
    typed = pandas_frame(body, dtype={"secp_registration_no": str})
    assert sorted(typed["secp_registration_no"].dropna()) == ["0000042", "0161036"]
    book_sheet = sheet(body)
    header = [cell.value for cell in book_sheet[1]]
    column = header.index("secp_registration_no") + 1
    numbers = [book_sheet.cell(row, column) for row in range(2, book_sheet.max_row + 1)]
    assert {cell.data_type for cell in numbers if cell.value is not None} == {"s"}


def test_pandas_reads_park_dates_as_dates_and_figures_as_numbers(client, registry):
    _, body = download(client, "park-export-xlsx", {"sort": "name"})
    frame = pandas_frame(body)

    assert str(frame["opened_on"].dtype).startswith("datetime64")
    assert frame.loc[frame["slug"] == "arfa", "opened_on"].iloc[0] == pandas.Timestamp("2012-03-01")
    assert frame.loc[frame["slug"] == "arfa", "workers"].iloc[0] == 1200
    assert frame["last_report"].dropna().tolist() == ["2026-10", "2026-09"]
    assert frame["latitude"].dtype.kind == "f"


def test_text_that_looks_like_a_formula_is_a_string_cell_never_a_formula(client, registry):
    _, body = download(client, "company-export-xlsx", {"sort": "name"})
    book_sheet = sheet(body)

    names = {row[1].value: row[1] for row in book_sheet.iter_rows(min_row=2)}
    assert names[HOSTILE_NAME].data_type == "s"
    assert names["+92 Labs"].data_type == "s"
    for row in book_sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)
    # Nothing in the file's XML is a formula element.
    assert b"<f>" not in body_parts(body) and b"<f " not in body_parts(body)


def body_parts(body):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


@pytest.mark.parametrize("csv_name", EXPORTS)
def test_the_header_row_is_bold_frozen_and_the_columns_have_widths(client, registry, csv_name):
    _, body = download(client, EXPORTS[csv_name][0])
    book_sheet = sheet(body)

    assert book_sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in book_sheet[1])
    assert not any(cell.font.b for cell in book_sheet[2])
    widths = [book_sheet.column_dimensions[cell.column_letter].width for cell in book_sheet[1]]
    assert all(6 <= width <= 60 for width in widths)
    assert widths[1] > widths[0] or csv_name == "city-export"  # names are wider than slugs


@pytest.mark.parametrize(
    ("csv_name", "params", "field"),
    [
        ("park-export", {"province": "XX"}, "province"),
        ("park-export", {"operational_on": "2026-13-01"}, "operational_on"),
        ("company-export", {"province": "XX"}, "province"),
        ("city-export", {"province": "nowhere"}, "province"),
    ],
)
def test_an_invalid_filter_answers_400_with_the_csvs_plain_reason(client, csv_name, params, field):
    csv_response, csv_body = download(client, csv_name, params)
    response, body = download(client, EXPORTS[csv_name][0], params)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert body == csv_body
    assert f"\n{field}: ".encode() in body


def test_every_list_page_links_to_its_workbook_with_the_pages_query(client, registry):
    for list_name, xlsx_name in (
        ("park-list", "park-export-xlsx"),
        ("company-list", "company-export-xlsx"),
        ("city-list", "city-export-xlsx"),
        ("centre-list", "centre-export-xlsx"),
    ):
        response = client.get(reverse(list_name), {"province": "PB", "page": "1"})
        html = response.content.decode()
        assert f'href="{reverse(xlsx_name)}?province=PB"' in html, list_name
        assert "Download Excel" in html


def test_the_urdu_page_names_the_excel_link_in_urdu(client, registry):
    html = client.get("/ur/parks/").content.decode()

    assert reverse("park-export-xlsx") in html or "/export.xlsx" in html
    assert "Download Excel" not in html


def test_a_control_character_in_text_is_dropped_not_a_500(client, registry):
    CompanyFactory(slug="bell", name="Bell\x07 Systems")
    response, body = download(client, "company-export-xlsx", {"q": "bell"})

    assert response.status_code == 200
    assert sheet_rows(body)[1][1] == "Bell Systems"


def test_the_workbook_has_the_pages_etag_and_answers_304_when_unchanged(client, registry):
    first = client.get(reverse("company-export-xlsx"))
    again = client.get(reverse("company-export-xlsx"), headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200 and first["ETag"]
    assert again.status_code == 304
