"""/data/datapackage.json (SPEC §4.4): every CSV of §4.1 described from its list's declaration,
and valid by the `frictionless` validator against real exports."""

import datetime
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import CentreFactory, CityFactory, CompanyFactory, ParkFactory, ReportFactory

CSV_TYPES = {"string", "integer", "number", "date", "year", "yearmonth"}
EXPORTS = {
    "centres": "centre-export",
    "parks": "park-export",
    "companies": "company-export",
    "cities": "city-export",
    "progress": "progress-export",
    "reporting": "reporting-export",
}


def package(client):
    response = client.get(reverse("datapackage"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def csv_body(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def header_of(body):
    return body.decode("utf-8-sig").split("\r\n", 1)[0].split(",")


def test_it_describes_each_csv_of_the_contract_once(client):
    resources = package(client)["resources"]

    assert [r["name"] for r in resources] == list(EXPORTS)
    for resource in resources:
        assert resource["path"] == "http://testserver" + reverse(EXPORTS[resource["name"]])


@pytest.mark.parametrize("name", EXPORTS)
def test_its_fields_are_the_csv_header_each_typed_and_described(client, name):
    (resource,) = [r for r in package(client)["resources"] if r["name"] == name]

    fields = resource["schema"]["fields"]
    assert [f["name"] for f in fields] == header_of(csv_body(client, reverse(EXPORTS[name])))
    for field in fields:
        assert field["type"] in CSV_TYPES, field
        assert field["description"].strip().endswith("."), field
    assert set(resource["schema"]["primaryKey"]) <= {f["name"] for f in fields}
    assert resource["schema"]["missingValues"] == [""]
    assert resource["encoding"] == "utf-8-sig"
    assert resource["dialect"]["lineTerminator"] == "\r\n"


def test_registration_numbers_and_slugs_are_text_and_dates_dates(client):
    fields = {
        (r["name"], f["name"]): f["type"]
        for r in package(client)["resources"]
        for f in r["schema"]["fields"]
    }

    assert fields["companies", "secp_registration_no"] == "string"
    assert fields["companies", "slug"] == "string"
    assert fields["centres", "launched_on"] == "date"
    assert fields["centres", "last_report"] == "yearmonth"
    assert fields["cities", "latitude"] == "number"


def test_it_names_an_open_licence_and_is_english_on_the_urdu_path(client):
    english = package(client)
    urdu = json.loads(client.get("/ur/data/datapackage.json").content)

    assert english["licenses"][0]["name"] == "CC-BY-4.0"
    assert urdu["resources"] == english["resources"]


def frictionless_report(client, directory):
    """Export every CSV into the directory beside a package naming them; return the report."""
    described = package(client)
    for resource in described["resources"]:
        path = directory / f"{resource['name']}.csv"
        path.write_bytes(csv_body(client, reverse(EXPORTS[resource["name"]])))
        resource["path"] = path.name
    (directory / "datapackage.json").write_text(json.dumps(described))
    return validate(directory)


def validate(directory):
    """Return the report of `frictionless validate` on the directory's datapackage.json."""
    command = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert command, "frictionless is a dev dependency (pyproject.toml)"
    run = subprocess.run(
        [command, "validate", "--json", "datapackage.json"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(run.stdout)


def rows_checked(report):
    return {task["name"]: task["stats"]["rows"] for task in report["tasks"]}


def test_frictionless_finds_no_error_in_the_demos_exports(client, tmp_path):
    call_command("load_demo", stdout=io.StringIO())

    report = frictionless_report(client, tmp_path)

    errors = [error["message"] for task in report["tasks"] for error in task["errors"]]
    assert errors == []
    assert report["valid"] is True
    assert all(rows_checked(report)[name] > 0 for name in EXPORTS)


def test_guarded_text_and_leading_zeros_still_validate(client, tmp_path):
    city = CityFactory(name="-Minus City")
    park = ParkFactory(name="=SUM(A1)", city=city, seats=0)
    ReportFactory(facility=park, period=datetime.date(2026, 10, 1), workers=0, women=0)
    CentreFactory(name="+92 centre", city=city, host_institution="@home")
    CompanyFactory(name="@Acme", secp_registration_no="0161036", website="-")

    report = frictionless_report(client, tmp_path)

    errors = [error["message"] for task in report["tasks"] for error in task["errors"]]
    assert errors == []
    assert "'=SUM(A1)" in (tmp_path / "parks.csv").read_text(encoding="utf-8-sig")
    assert ",0161036," in (tmp_path / "companies.csv").read_text(encoding="utf-8-sig")


def test_frictionless_reports_a_number_that_is_not_one(client, tmp_path):
    CityFactory()
    report = frictionless_report(client, tmp_path)
    assert report["valid"] is True

    cities = tmp_path / "cities.csv"
    header, row, end = cities.read_bytes().split(b"\r\n")
    cells = row.split(b",")
    cells[3] = b"north"  # latitude
    cities.write_bytes(b"\r\n".join([header, b",".join(cells), end]))
    report = validate(tmp_path)

    assert [e["type"] for t in report["tasks"] for e in t["errors"]] == ["type-error"]
