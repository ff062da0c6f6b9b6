import csv
import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Centre, Programme, Target
from registry.importers import CompanyResource
from registry.models import (
    City,
    Company,
    LatestReport,
    Operator,
    Park,
    Tenancy,
    WorkforceReport,
    calendar,
)
from registry.models.calendar import add_months, month_start
from tests.factories import CompanyFactory
from tests.registry.bulk_files import FILES, run, snapshot, write, write_all


@pytest.fixture
def loaded(tmp_path):
    """A registry loaded from the nine files; return the directory they were written to."""
    directory = tmp_path / "loaded"
    directory.mkdir()
    _, _, error = run(*write_all(directory))
    assert error is None
    return directory


def test_it_loads_all_nine_files(tmp_path):
    out, err, error = run(*write_all(tmp_path))

    assert error is None, err
    assert out.splitlines() == [
        "operators.csv: 2 new, 0 updated, 0 unchanged",
        "programmes.csv: 2 new, 0 updated, 0 unchanged",
        "cities.csv: 2 new, 0 updated, 0 unchanged",
        "parks.csv: 2 new, 0 updated, 0 unchanged",
        "centres.csv: 2 new, 0 updated, 0 unchanged",
        "companies.csv: 2 new, 0 updated, 0 unchanged",
        "tenancies.csv: 2 new, 0 updated, 0 unchanged",
        "workforce.csv: 2 new, 0 updated, 0 unchanged",
        "targets.csv: 2 new, 0 updated, 0 unchanged",
    ]
    park = Park.objects.get(slug="stp-islamabad")
    assert park.name == "STP Islamabad, Blue Area"
    assert park.address == "Plot 1,\nBlue Area"
    assert (park.operator.slug, park.city.slug) == ("pseb", "islamabad")
    assert (park.opened_on, park.closed_on) == (datetime.date(2020, 10, 1), None)
    assert (park.area_sqft, park.seats, park.latitude) == (100000, 1200, Decimal("33.7"))
    assert Park.objects.get(slug="arfa").latitude is None
    centre = Centre.objects.get(slug="erc-lahore")
    assert centre.launched_on == datetime.date(2024, 8, 1)
    assert (centre.programme.slug, centre.host_type, centre.planned_fy) == (
        "federal-e-rozgaar",
        "university",
        2025,
    )
    assert City.objects.get(slug="islamabad").province_id == "IS"
    assert City.objects.get(slug="lahore").name_ur == "لاہور"
    acme = Company.objects.get(slug="acme")
    assert sorted(acme.sectors.values_list("code", flat=True)) == ["ites", "software"]
    assert acme.founded_year == 2010
    beta = Company.objects.get(slug="beta")
    assert (beta.name, beta.secp_registration_no, beta.founded_year) == ('Beta "Labs"', None, None)
    tenancy = Tenancy.objects.get(company__slug="beta")
    assert (tenancy.facility.slug, tenancy.ended_on) == ("erc-lahore", datetime.date(2025, 1, 31))
    report = WorkforceReport.objects.get(facility__slug="stp-islamabad")
    assert (report.period, report.workers, report.women) == (datetime.date(2024, 9, 1), 400, 90)
    quota = Target.objects.get(province="PB")
    assert (quota.metric, quota.value, quota.fiscal_year) == ("centres_operational", 149, 2027)
    assert Target.objects.get(province=None).programme.slug == "federal-e-rozgaar"
    assert Programme.objects.get(slug="punjab-e-rozgaar").operator.slug == "pitb"
    assert (
        Programme.objects.get(slug="federal-e-rozgaar").name_ur == "وفاقی ای روزگار سینٹرز (2024–)"
    )
    assert Programme.objects.get(slug="punjab-e-rozgaar").name_ur == ""
    assert Park.objects.get(slug="arfa").name_ur == "ارفع سافٹ ویئر ٹیکنالوجی پارک"
    assert (centre.name_ur, Park.objects.get(slug="stp-islamabad").name_ur) == (
        "ای روزگار سینٹر لاہور",
        "",
    )


def test_running_the_same_files_again_changes_nothing(loaded):
    before = snapshot()

    out, err, error = run(*sorted(str(path) for path in loaded.iterdir()))

    assert error is None, err
    assert len(out.splitlines()) == 9
    assert all(line.endswith(" 0 new, 0 updated, 2 unchanged") for line in out.splitlines())
    assert snapshot() == before


def test_files_load_in_dependency_order_whatever_order_they_are_given_in(tmp_path):
    paths = write_all(tmp_path)

    out, err, error = run(*reversed(paths))

    assert error is None, err
    assert out.splitlines()[0].startswith("operators.csv:")
    assert out.splitlines()[-1].startswith("targets.csv:")
    assert WorkforceReport.objects.count() == 2


def test_a_changed_row_is_updated_and_the_rest_left_alone(tmp_path, loaded):
    workforce = FILES["workforce.csv"].replace("400,90", "410,95")

    out, err, error = run(write(tmp_path, "workforce.csv", workforce))

    assert error is None, err
    assert out == "workforce.csv: 0 new, 1 updated, 1 unchanged\n"
    report = WorkforceReport.objects.get(facility__slug="stp-islamabad")
    assert (report.workers, report.women) == (410, 95)
    assert WorkforceReport.objects.count() == 2


def test_changed_sectors_are_replaced(tmp_path, loaded):
    companies = FILES["companies.csv"].replace("software;ites", "games")

    out, err, error = run(write(tmp_path, "companies.csv", companies))

    assert error is None, err
    assert out == "companies.csv: 0 new, 1 updated, 1 unchanged\n"
    assert list(Company.objects.get(slug="acme").sectors.values_list("code", flat=True)) == [
        "games"
    ]


def test_a_file_with_a_byte_order_mark_loads(tmp_path):
    path = write(tmp_path, "operators.csv", "\ufeff" + FILES["operators.csv"])

    out, err, error = run(path)

    assert error is None, err
    assert out == "operators.csv: 2 new, 0 updated, 0 unchanged\n"
    assert Operator.objects.get(slug="pseb").short_name == "PSEB"


def test_columns_may_come_in_any_order_and_optional_ones_may_be_left_out(tmp_path, loaded):
    path = write(
        tmp_path, "parks.csv", "status,city,slug,operator,name\nplanned,lahore,new,pitb,New\n"
    )

    out, err, error = run(path)

    assert error is None, err
    assert out == "parks.csv: 1 new, 0 updated, 0 unchanged\n"
    park = Park.objects.get(slug="new")
    assert (park.status, park.city.slug, park.address, park.seats) == (
        "planned",
        "lahore",
        "",
        None,
    )


def without_column(text, column):
    """Return a CSV text with one column left out of the header and every row."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    index = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(row[:index] + row[index + 1 :] for row in rows)
    return out.getvalue()


def test_files_without_the_urdu_name_column_keep_the_stored_urdu_names(tmp_path, loaded):
    texts = {
        name: without_column(FILES[name], "name_ur")
        for name in ("programmes.csv", "parks.csv", "centres.csv")
    }
    texts["parks.csv"] = texts["parks.csv"].replace("Arfa Software Technology Park", "Arfa STP")
    paths = [write(tmp_path, name, text) for name, text in texts.items()]

    out, err, error = run(*paths)

    assert error is None, err
    assert "name_ur" not in "".join(texts.values())
    assert out.splitlines() == [
        "programmes.csv: 0 new, 0 updated, 2 unchanged",
        "parks.csv: 0 new, 1 updated, 1 unchanged",
        "centres.csv: 0 new, 0 updated, 2 unchanged",
    ]
    arfa = Park.objects.get(slug="arfa")
    assert (arfa.name, arfa.name_ur) == ("Arfa STP", "ارفع سافٹ ویئر ٹیکنالوجی پارک")
    assert (
        Programme.objects.get(slug="federal-e-rozgaar").name_ur == "وفاقی ای روزگار سینٹرز (2024–)"
    )
    assert Centre.objects.get(slug="erc-lahore").name_ur == "ای روزگار سینٹر لاہور"


def test_an_empty_urdu_name_cell_clears_the_stored_one(tmp_path, loaded):
    programmes = FILES["programmes.csv"].replace("pseb,وفاقی ای روزگار سینٹرز (2024–)", "pseb,")

    out, err, error = run(write(tmp_path, "programmes.csv", programmes))

    assert error is None, err
    assert out == "programmes.csv: 0 new, 1 updated, 1 unchanged\n"
    assert Programme.objects.get(slug="federal-e-rozgaar").name_ur == ""


def test_an_operational_centre_without_a_launch_date_is_reported_under_launched_on(
    tmp_path, loaded
):
    centres = FILES["centres.csv"].replace("operational,2025,2024-08-01", "operational,2025,")
    before = snapshot()

    _, err, error = run(write(tmp_path, "centres.csv", centres))

    assert error is not None
    assert err.splitlines() == [
        "centres.csv:2: launched_on: An operational centre needs its launch date."
    ]
    assert snapshot() == before


def rejected(tmp_path, name, text, encoding="utf-8"):
    """Run one file that must be refused; return its error lines, checking nothing changed."""
    before = snapshot()
    _, err, error = run(write(tmp_path, name, text, encoding))
    assert error is not None
    assert "nothing was saved" in str(error)
    assert snapshot() == before
    return err.splitlines()


def test_women_above_workers_is_refused(tmp_path, loaded):
    lines = rejected(
        tmp_path, "workforce.csv", FILES["workforce.csv"] + "stp-islamabad,2024-10,10,11,\n"
    )

    assert lines == ["workforce.csv:4: women: Women (11) cannot be more than the workers (10)."]


def test_a_report_for_a_future_month_is_refused(tmp_path, loaded):
    future = add_months(month_start(calendar.today()), 2)
    text = f"facility,period,workers,women,source\nstp-islamabad,{future:%Y-%m},10,1,\n"

    lines = rejected(tmp_path, "workforce.csv", text)

    assert lines == [
        "workforce.csv:2: period: A report cannot be for a month that has not started yet."
    ]


def test_unknown_city_and_operator_slugs_are_named(tmp_path, loaded):
    text = "slug,name,operator,city,status\nnew,New,pseeb,karachi,planned\n"

    lines = rejected(tmp_path, "parks.csv", text)

    assert lines == [
        "parks.csv:2: operator: There is no operator with the slug “pseeb”.",
        "parks.csv:2: city: There is no city with the slug “karachi”.",
    ]


def test_an_unknown_facility_slug_is_named(tmp_path, loaded):
    text = "facility,period,workers,women\nstp-isb,2024-09,10,1\n"

    lines = rejected(tmp_path, "workforce.csv", text)

    assert lines == ["workforce.csv:2: facility: There is no facility with the slug “stp-isb”."]


def test_a_malformed_date_is_named(tmp_path, loaded):
    text = "company,facility,started_on\nacme,arfa,2024-31-01\n"

    lines = rejected(tmp_path, "tenancies.csv", text)

    assert lines == [
        "tenancies.csv:2: started_on: “2024-31-01” is not a date; write dates as YYYY-MM-DD, "
        "e.g. 2024-07-01."
    ]


def test_bad_numbers_choices_and_codes_are_named(tmp_path, loaded):
    text = "slug,name,sectors,founded_year\ngamma,Gamma,software;robots,19x5\ndelta,Delta,,1850\n"

    lines = rejected(tmp_path, "companies.csv", text)

    assert lines[0] == (
        "companies.csv:2: sectors: There is no sector with the code “robots”. The codes are: "
        "ecommerce, fintech, freelancing, games, ites, other, software."
    )
    assert lines[1] == "companies.csv:2: founded_year: “19x5” is not a whole number."
    assert lines[2].startswith("companies.csv:3: founded_year: ")
    assert len(lines) == 3


def test_an_unknown_choice_is_named(tmp_path, loaded):
    lines = rejected(tmp_path, "operators.csv", "slug,name,short_name,kind\nx,X Board,X,ngo\n")

    assert lines == ["operators.csv:2: kind: Value 'ngo' is not a valid choice."]


def test_company_names_that_differ_only_in_case_or_width_are_the_same_company(tmp_path, loaded):
    text = (
        "slug,name\n"
        "acme-2,ＡＣＭＥ soft \n"  # the same as the stored "Acme Soft"
        "new-co,New Co\n"
        "new-co-2,NEW CO\n"  # the same as the line above
    )

    lines = rejected(tmp_path, "companies.csv", text)

    assert [line.split(": ")[0:2] for line in lines] == [
        ["companies.csv:2", "name"],
        ["companies.csv:4", "name"],
    ]
    assert "“Acme Soft” (acme)" in lines[0]
    assert "“New Co” (new-co)" in lines[1]


def test_a_full_width_name_in_the_same_file_is_the_same_company(tmp_path):
    text = "slug,name\nacme,Acme Soft\nacme-2,ＡＣＭＥ soft \n"

    lines = rejected(tmp_path, "companies.csv", text)

    assert lines == [
        "companies.csv:3: name: This company is already registered as “Acme Soft” (acme); "
        "names are compared ignoring case, width and surrounding spaces."
    ]
    assert not Company.objects.exists()


def test_the_same_natural_key_twice_in_a_file_is_refused(tmp_path, loaded):
    text = "facility,period,workers,women\nstp-islamabad,2024-09,10,1\nstp-islamabad,2024-09,12,1\n"

    lines = rejected(tmp_path, "workforce.csv", text)

    assert lines == [
        "workforce.csv:3: facility: An earlier row of this file has the same facility and period."
    ]


def test_a_rule_on_several_fields_is_reported_under_the_column_it_names_first(tmp_path, loaded):
    text = "slug,name,province,latitude,longitude\ndushanbe,Dushanbe,GB,38.56,68.77\n"

    lines = rejected(tmp_path, "cities.csv", text)

    assert lines == [
        "cities.csv:2: latitude: The coordinates are outside Pakistan "
        "(latitude 23.5–37.2, longitude 60.8–77.9)."
    ]


def test_rows_after_one_the_database_refused_are_still_judged(tmp_path, loaded):
    # The database judges this rule at the insert; the load goes on to report every row.
    text = (
        "slug,name,province,latitude,longitude\n"
        "dushanbe,Dushanbe,GB,38.56,68.77\n"
        "kabul,Kabul,KP,34.53,58.17\n"
        "gwadar,Gwadar,BA,25.12,\n"
    )

    lines = rejected(tmp_path, "cities.csv", text)

    assert lines == [
        "cities.csv:2: latitude: The coordinates are outside Pakistan "
        "(latitude 23.5–37.2, longitude 60.8–77.9).",
        "cities.csv:3: latitude: The coordinates are outside Pakistan "
        "(latitude 23.5–37.2, longitude 60.8–77.9).",
        "cities.csv:4: longitude: This field cannot be null.",
    ]


def test_a_second_target_for_the_same_scope_is_refused(tmp_path, loaded):
    text = FILES["targets.csv"] + "centres_operational,60,2025,federal-e-rozgaar,,Other source\n"

    lines = rejected(tmp_path, "targets.csv", text)

    assert lines == [
        "targets.csv:4: metric: "
        "An earlier row of this file has the same metric, fiscal_year, programme and province."
    ]


def test_an_error_on_a_derived_field_is_reported_under_its_column():
    error = ValidationError({"name_key": ["Taken."], NON_FIELD_ERRORS: ["Odd."]})

    assert CompanyResource().row_errors(error) == [("name", "Taken."), ("slug", "Odd.")]


def test_a_file_saved_in_a_windows_code_page_is_refused_with_advice(tmp_path, loaded):
    text = "slug,name,province,latitude,longitude,name_ur\nmultan,Multân,PB,30.2,71.5,\n"

    lines = rejected(tmp_path, "cities.csv", text, encoding="cp1252")

    assert lines == [
        "cities.csv:2: name: The file is not UTF-8 text (byte 0xE2 cannot be read); it was "
        "probably saved in a Windows code page. Save it as “CSV UTF-8” and load it again."
    ]
    assert not City.objects.filter(slug="multan").exists()


def test_an_empty_file_is_refused(tmp_path, loaded):
    lines = rejected(tmp_path, "tenancies.csv", "")

    assert lines == ["tenancies.csv:1: The file is empty; it needs a header row of columns."]


def test_a_missing_required_column_is_named(tmp_path, loaded):
    lines = rejected(tmp_path, "tenancies.csv", "company,facility\nacme,arfa\n")

    assert lines == [
        "tenancies.csv:1: started_on: This required column is missing from the header."
    ]


def test_an_unknown_column_is_named(tmp_path, loaded):
    lines = rejected(
        tmp_path, "operators.csv", "slug,name,short_name,kind,colour\nx,X,X,federal,red\n"
    )

    assert lines == [
        "operators.csv:1: colour: Unknown column; the columns are: slug, name, short_name, kind."
    ]


def test_a_duplicate_column_is_named(tmp_path, loaded):
    lines = rejected(tmp_path, "operators.csv", "slug,name,short_name,kind,name\nx,X,X,federal,Y\n")

    assert lines == ["operators.csv:1: name: This column appears more than once in the header."]


def test_an_unknown_file_name_is_refused(tmp_path, loaded):
    lines = rejected(tmp_path, "facilities.csv", "slug\nx\n")

    assert lines[0].startswith("facilities.csv: Unknown file name; expected operators.csv, ")


def test_every_error_in_every_file_is_reported_and_nothing_saved(tmp_path, loaded):
    paths = write_all(
        tmp_path,
        operators_csv=FILES["operators.csv"] + "kpitb,KP IT Board,KPITB,\n",
        parks_csv=FILES["parks.csv"] + "\nnew,New,pitb,lahore,,operational,,,,,,\n",
        workforce_csv=FILES["workforce.csv"].replace("60,20", "60,61").replace("400", "4OO"),
    )
    before = snapshot()

    out, err, error = run(*paths)

    assert error is not None
    assert str(error) == "4 error(s); nothing was saved."
    assert out == ""
    assert err.splitlines() == [
        "operators.csv:4: kind: This field cannot be blank.",
        "parks.csv:6: opened_on: An operational park needs its opening date.",
        "workforce.csv:2: workers: “4OO” is not a whole number.",
        "workforce.csv:3: women: Women (61) cannot be more than the workers (60).",
    ]
    assert snapshot() == before


def test_a_company_already_stored_is_matched_on_its_slug(tmp_path):
    CompanyFactory(slug="acme", name="Acme Soft")

    out, err, error = run(write(tmp_path, "companies.csv", FILES["companies.csv"]))

    assert error is None, err
    assert out == "companies.csv: 1 new, 1 updated, 0 unchanged\n"
    assert Company.objects.get(slug="acme").secp_registration_no == "0012345"


def test_twenty_thousand_reports_load(tmp_path):
    parks = ["slug,name,operator,city,status,opened_on"]
    parks += [f"park-{n},Park {n},pseb,lahore,operational,2015-01-01" for n in range(200)]
    months = [add_months(datetime.date(2016, 1, 1), n) for n in range(100)]
    reports = ["facility,period,workers,women,source"]
    reports += [
        f"park-{n},{month:%Y-%m},{100 + n},{n % 50},census" for n in range(200) for month in months
    ]
    paths = [
        write(tmp_path, "operators.csv", FILES["operators.csv"]),
        write(tmp_path, "cities.csv", FILES["cities.csv"]),
        write(tmp_path, "parks.csv", "\n".join(parks) + "\n"),
        write(tmp_path, "workforce.csv", "\n".join(reports) + "\n"),
    ]
    started = datetime.datetime.now()

    out, err, error = run(*paths)

    print(f"20,000 workforce rows loaded in {datetime.datetime.now() - started}")
    assert error is None, err
    assert "workforce.csv: 20000 new, 0 updated, 0 unchanged" in out.splitlines()
    assert WorkforceReport.objects.count() == 20000
    assert WorkforceReport.history.filter(history_type="+").count() == 20000
    assert set(LatestReport.objects.values_list("facility__slug", "period", "workers")) == {
        (f"park-{n}", months[-1], 100 + n) for n in range(200)
    }


SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def reports_file(tmp_path, count, workers=100):
    """Write workforce.csv with a report of the park "stp-islamabad" for each of `count` months."""
    months = [add_months(datetime.date(2021, 1, 1), n) for n in range(count)]
    rows = ["facility,period,workers,women,source"]
    rows += [f"stp-islamabad,{month:%Y-%m},{workers},10," for month in months]
    return write(tmp_path, "workforce.csv", "\n".join(rows) + "\n")


def queries_of(path):
    """Run a file; return its SQL, leaving out the savepoint import-export wraps each row in."""
    with CaptureQueriesContext(connection) as queries:
        _, err, error = run(path)
    assert error is None, err
    return [query["sql"] for query in queries if not query["sql"].startswith(SAVEPOINTS)]


def test_new_rows_cost_no_query_of_their_own(tmp_path, loaded):
    few = queries_of(reports_file(tmp_path, 10))
    WorkforceReport.objects.filter(facility__slug="stp-islamabad").delete()

    many = queries_of(reports_file(tmp_path, 30))

    # References, stored rows and the natural key's uniqueness are judged from maps read once;
    # the rules that need a query by the database at the bulk insert; history in bulk too.
    assert len(many) == len(few)
    assert statements(many) == statements(few)
    assert WorkforceReport.objects.filter(facility__slug="stp-islamabad").count() == 30


def statements(queries):
    """Count SQL statements by their first word (a batch run as one executemany() counts once)."""
    return Counter(re.sub(r"^\d+ times: ", "", sql).split(maxsplit=1)[0] for sql in queries)


def test_unchanged_rows_cost_no_query_per_row(tmp_path, loaded):
    run(reports_file(tmp_path, 10))
    few = queries_of(reports_file(tmp_path, 10))
    run(reports_file(tmp_path, 30))

    many = queries_of(reports_file(tmp_path, 30))

    assert len(many) == len(few)
