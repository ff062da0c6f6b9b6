"""workforce.csv's period at the edges (issue 20 item 3): a day of the month at either end of it,
across the December→January year edge, as a spreadsheet's date cell, and impossible days."""

import datetime

import pytest

from registry.importers import MonthWidget
from registry.models import WorkforceReport
from tests.registry.bulk_files import run, write, write_all

HEADER = "facility,period,workers,women,source"


@pytest.fixture
def loaded(tmp_path):
    directory = tmp_path / "loaded"
    directory.mkdir()
    assert run(*write_all(directory))[2] is None
    return directory


@pytest.mark.parametrize(
    ("period", "month"),
    [
        ("2025-12-01", datetime.date(2025, 12, 1)),
        ("2025-12-31", datetime.date(2025, 12, 1)),
        ("2026-01-01", datetime.date(2026, 1, 1)),
        ("2026-01-31", datetime.date(2026, 1, 1)),
        ("2024-02-29", datetime.date(2024, 2, 1)),
        ("2025-12", datetime.date(2025, 12, 1)),
    ],
)
def test_a_day_at_either_end_of_a_month_names_that_month_and_year(tmp_path, loaded, period, month):
    _, err, error = run(
        write(tmp_path, "workforce.csv", f"{HEADER}\nstp-islamabad,{period},410,90,census\n")
    )

    assert error is None, err
    assert WorkforceReport.objects.filter(facility__slug="stp-islamabad", period=month).exists()


@pytest.mark.parametrize("period", ["2026-02-29", "2025-12-32", "2026-00-10", "2025-12-1"])
def test_an_impossible_day_is_refused_by_file_line_and_column(tmp_path, loaded, period):
    _, err, error = run(
        write(
            tmp_path,
            "workforce.csv",
            f"{HEADER}\nstp-islamabad,2025-12-31,410,90,census\nstp-islamabad,{period},1,0,x\n",
        )
    )

    assert error is not None
    assert err.splitlines() == [
        f"workforce.csv:3: period: “{period}” is not a month; write the month as YYYY-MM, "
        "e.g. 2024-07 (a date of any day of the month, YYYY-MM-DD, also names it)."
    ]
    assert not WorkforceReport.objects.filter(period=datetime.date(2025, 12, 1)).exists()


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        (datetime.datetime(2025, 12, 31, 0, 0), datetime.date(2025, 12, 1)),
        (datetime.datetime(2026, 1, 1, 0, 0), datetime.date(2026, 1, 1)),
        (datetime.date(2026, 11, 17), datetime.date(2026, 11, 1)),
    ],
)
def test_a_spreadsheets_date_cell_names_its_month(cell, month):
    assert MonthWidget().clean(cell) == month
