import datetime

import pytest

from registry.models.calendar import (
    add_months,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_start,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2024, 6, 30), 2024),
        (datetime.date(2024, 7, 1), 2025),
        (datetime.date(2025, 6, 30), 2025),
        (datetime.date(2025, 7, 1), 2026),
        (datetime.date(2025, 1, 1), 2025),
        (datetime.date(2024, 12, 31), 2025),
    ],
)
def test_fiscal_year_turns_on_1_july(day, year):
    assert fiscal_year(day) == year


def test_fiscal_year_2025_runs_july_2024_to_june_2025():
    assert fiscal_year_start(2025) == datetime.date(2024, 7, 1)
    assert fiscal_year_end(2025) == datetime.date(2025, 6, 30)


def test_label_names_both_calendar_years():
    assert fiscal_year_label(2025) == "FY2025 (2024-25)"
    assert fiscal_year_label(2100) == "FY2100 (2099-00)"


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 1), -3) == datetime.date(2026, 8, 1)
    assert add_months(datetime.date(2026, 1, 15), -12) == datetime.date(2025, 1, 15)
    assert add_months(datetime.date(2025, 12, 1), 1) == datetime.date(2026, 1, 1)
