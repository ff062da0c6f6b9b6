"""SPEC §2.5 and §4.2: workforce.csv may give the day a report was received; new rows without it
are received on the day of the import, and stored rows keep theirs."""

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
