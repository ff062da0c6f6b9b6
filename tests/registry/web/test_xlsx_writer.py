"""registry.web.xlsx_writer: typed cells, never a formula or an error value, text columns, widths,
and no temporary file left behind when the rows fail."""

import datetime
import glob
import io
import tempfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from registry.web.csv_writer import column
from registry.web.xlsx_writer import xlsx_file


def written(rows, columns, **options):
    file = xlsx_file(rows, columns, "sheet", **options)
    try:
        return load_workbook(io.BytesIO(file.read())).worksheets[0]
    finally:
        file.close()


def test_each_python_type_becomes_its_own_kind_of_cell():
    moment = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=ZoneInfo("UTC"))
    row = {
        "day": datetime.date(2026, 11, 3),
        "count": 12,
        "share": Decimal("33.7"),
        "flag": True,
        "empty": "",
        "none": None,
        "moment": moment,
    }
    cells = written([row], [column(name) for name in row])[2]

    assert cells[0].is_date and cells[0].number_format == "yyyy-mm-dd"
    assert (cells[1].value, cells[1].data_type) == (12, "n")
    assert (cells[2].value, cells[2].data_type) == (33.7, "n")
    assert (cells[3].value, cells[3].data_type) == (True, "b")
    assert cells[4].value is None and cells[5].value is None
    # Excel holds no time zone: a moment is Pakistan's wall-clock time.
    assert cells[6].value == datetime.datetime(2026, 11, 3, 14, 30)


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x")', "#N/A", "#REF!", "=", "@x"])
def test_text_that_a_spreadsheet_would_evaluate_stays_a_string(text):
    cell = written([{"name": text}], [column("name")])["A2"]

    assert (cell.value, cell.data_type) == (text, "s")


def test_control_characters_are_dropped_and_the_rest_kept():
    cell = written([{"name": "a\x00b\x1fc\td"}], [column("name")])["A2"]

    assert cell.value == "abc\td"


def test_text_longer_than_a_cell_holds_is_cut_to_excels_limit():
    cell = written([{"name": "x" * 40000}], [column("name")])["A2"]

    assert len(cell.value) == 32767


def test_a_text_columns_cells_are_strings_whatever_they_start_with():
    rows = [{"source": "=1+1"}, {"source": "bell\x07"}]
    book_sheet = written(rows, [column("source")], text_columns={"source"})

    assert [(c.value, c.data_type) for c in book_sheet["A"][1:]] == [("=1+1", "s"), ("bell", "s")]


def test_text_columns_are_formatted_as_text_even_when_empty():
    rows = [{"period": "2026-11", "n": 1}, {"period": None, "n": None}]
    book_sheet = written(rows, [column("period"), column("n")], text_columns={"period"})

    assert [book_sheet[f"A{line}"].number_format for line in (2, 3)] == ["@", "@"]
    assert book_sheet["A2"].data_type == "s" and book_sheet["B2"].number_format == "General"


def test_columns_are_as_wide_as_their_header_or_first_rows_within_bounds():
    rows = [{"a": "x" * 200, "bb": 1}]
    book_sheet = written(rows, [column("a"), column("bb")])

    assert book_sheet.column_dimensions["A"].width == 60
    assert book_sheet.column_dimensions["B"].width == 6


def test_rows_that_fail_midway_leave_no_temporary_file():
    def rows():
        # Past the rows read ahead for the widths, so the sheet has begun writing.
        yield from ({"a": n} for n in range(500))
        raise RuntimeError("the database went away")

    before = set(glob.glob(f"{tempfile.gettempdir()}/openpyxl.*"))
    with pytest.raises(RuntimeError):
        xlsx_file(rows(), [column("a")], "sheet")

    assert set(glob.glob(f"{tempfile.gettempdir()}/openpyxl.*")) <= before
