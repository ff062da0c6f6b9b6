"""workforce.csv (SPEC §4.2, §2.5): the day a report was received, given or stamped on import, and
the period written as a month or as any day of it, as spreadsheets turn it."""

import datetime

import pytest
from django.core.management import call_command

from registry.models import WorkforceReport
from tests.registry.bulk_files import run, write, write_all

HEADER = "facility,period,workers,women,source"


@pytest.fixture
def loaded(tmp_path):
    directory = tmp_path / "loaded"
    directory.mkdir()
    assert run(*write_all(directory))[2] is None
    return directory


def received(slug, period):
    return WorkforceReport.objects.get(facility__slug=slug, period=period).received_on


def load(tmp_path, text):
    _, err, error = run(write(tmp_path, "workforce.csv", text))
    assert error is None, err
    return err


def test_reports_imported_without_the_column_are_received_on_the_day_of_the_import(
    tmp_path, frozen_today
):
    without = f"{HEADER}\nstp-islamabad,2024-09,400,90,census\nerc-lahore,2024-10,60,20,\n"
    assert run(*write_all(tmp_path, workforce_csv=without))[2] is None

    assert received("stp-islamabad", datetime.date(2024, 9, 1)) == frozen_today
    assert received("erc-lahore", datetime.date(2024, 10, 1)) == frozen_today


def test_a_stored_report_keeps_its_day_when_a_file_without_the_column_edits_it(tmp_path, loaded):
    WorkforceReport.objects.update(received_on=datetime.date(2024, 10, 9))

    load(tmp_path, f"{HEADER}\nstp-islamabad,2024-09,410,90,census\n")

    assert received("stp-islamabad", datetime.date(2024, 9, 1)) == datetime.date(2024, 10, 9)
    report = WorkforceReport.objects.get(facility__slug="stp-islamabad")
    assert report.workers == 410


def test_the_column_sets_the_day_for_historical_returns_and_empty_means_unknown(tmp_path, loaded):
    load(
        tmp_path,
        f"{HEADER},received_on\n"
        "stp-islamabad,2024-09,400,90,census,2024-10-20\n"
        "stp-islamabad,2024-08,380,80,census,\n",
    )

    assert received("stp-islamabad", datetime.date(2024, 9, 1)) == datetime.date(2024, 10, 20)
    assert received("stp-islamabad", datetime.date(2024, 8, 1)) is None


def test_a_bad_day_received_is_named_by_its_column(tmp_path, loaded):
    _, err, error = run(
        write(
            tmp_path,
            "workforce.csv",
            f"{HEADER},received_on\n"
            "stp-islamabad,2024-09,400,90,census,20/10/2024\n"
            "stp-islamabad,2024-08,380,80,census,2024-07-31\n",
        )
    )

    assert error is not None
    assert err.splitlines() == [
        "workforce.csv:2: received_on: “20/10/2024” is not a date; write dates as YYYY-MM-DD, "
        "e.g. 2024-07-01.",
        "workforce.csv:3: received_on: A report cannot be received before the month it reports.",
    ]


def test_the_export_writes_the_day_received_and_leaves_an_unknown_one_empty(tmp_path, loaded):
    out = tmp_path / "out"
    call_command("export_registry", str(out))
    lines = (out / "workforce.csv").read_text(encoding="utf-8-sig").splitlines()

    assert lines[0] == f"{HEADER},received_on"
    assert lines[1:] == [
        "erc-lahore,2024-10,60,20,,",
        "stp-islamabad,2024-09,400,90,census,2024-10-12",
    ]


@pytest.mark.parametrize("period", ["2024-09", "2024-09-01", "2024-09-30", "2024-09-17"])
def test_the_period_may_be_written_as_the_month_or_any_day_of_it(tmp_path, loaded, period):
    load(tmp_path, f"{HEADER}\nstp-islamabad,{period},410,90,census\n")

    report = WorkforceReport.objects.get(facility__slug="stp-islamabad")
    assert (report.period, report.workers) == (datetime.date(2024, 9, 1), 410)


@pytest.mark.parametrize("period", ["Sep-24", "2024-09-31", "2024-13", "09/2024"])
def test_a_period_that_names_no_month_is_refused_with_both_spellings(tmp_path, loaded, period):
    _, err, error = run(
        write(tmp_path, "workforce.csv", f"{HEADER}\nstp-islamabad,{period},410,90,census\n")
    )

    assert error is not None
    assert err.splitlines() == [
        f"workforce.csv:2: period: “{period}” is not a month; write the month as YYYY-MM, "
        "e.g. 2024-07 (a date of any day of the month, YYYY-MM-DD, also names it)."
    ]
