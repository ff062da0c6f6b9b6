"""Helpers for the bulk-load tests: a small registry as the nine §4.2 files, and a run wrapper."""

import io

from django.core.management import CommandError, call_command

from centres.models import Centre, Programme, Target
from registry.models import City, Company, Operator, Park, Tenancy, WorkforceReport

# Nine files, one or more rows each, exercising every column (quotes, commas, a multi-line
# address, Urdu names and empty ones, an empty optional cell, decimals, sectors).
FILES = {
    "operators.csv": (
        "slug,name,short_name,kind\n"
        "pseb,Pakistan Software Export Board,PSEB,federal\n"
        "pitb,Punjab Information Technology Board,PITB,provincial\n"
    ),
    "programmes.csv": (
        "slug,name,operator,name_ur\n"
        "federal-e-rozgaar,Federal e-Rozgaar centres (2024–),pseb,وفاقی ای روزگار سینٹرز (2024–)\n"
        "punjab-e-rozgaar,Punjab e-Rozgaar (2017–),pitb,\n"
    ),
    "cities.csv": (
        "slug,name,province,latitude,longitude,name_ur\n"
        "islamabad,Islamabad,IS,33.7215,73.0433,اسلام آباد\n"
        "lahore,Lahore,PB,31.558,74.3507,لاہور\n"
    ),
    "parks.csv": (
        "slug,name,operator,city,address,status,opened_on,closed_on,area_sqft,seats,"
        "latitude,longitude,name_ur\n"
        'stp-islamabad,"STP Islamabad, Blue Area",pseb,islamabad,"Plot 1,\n'
        'Blue Area",operational,2020-10-01,,100000,1200,33.7,73.05,\n'
        "arfa,Arfa Software Technology Park,pitb,lahore,,planned,,,,,,,"
        "ارفع سافٹ ویئر ٹیکنالوجی پارک\n"
    ),
    "centres.csv": (
        "slug,name,programme,operator,city,address,host_institution,host_type,status,"
        "planned_fy,launched_on,closed_on,seats,latitude,longitude,name_ur\n"
        "erc-lahore,e-Rozgaar Lahore,federal-e-rozgaar,pseb,lahore,Mall Road,UET,university,"
        "operational,2025,2024-08-01,,50,,,ای روزگار سینٹر لاہور\n"
        "erc-old,e-Rozgaar Old,punjab-e-rozgaar,pitb,lahore,,,,closed,,2018-01-15,2023-06-30,"
        "30,31.5,74.3,\n"
    ),
    "companies.csv": (
        "slug,name,secp_registration_no,ntn,sectors,founded_year,website\n"
        "acme,Acme Soft,0012345,1234567-8,software;ites,2010,https://acme.pk\n"
        'beta,"Beta ""Labs""",,,,,\n'
    ),
    "tenancies.csv": (
        "company,facility,started_on,ended_on,seats\n"
        "acme,stp-islamabad,2021-01-01,,40\n"
        "beta,erc-lahore,2024-09-01,2025-01-31,5\n"
    ),
    "workforce.csv": (
        "facility,period,workers,women,source,received_on\n"
        "stp-islamabad,2024-09,400,90,census,2024-10-12\n"
        "erc-lahore,2024-10,60,20,,\n"
    ),
    "targets.csv": (
        "metric,value,fiscal_year,programme,province,source\n"
        "centres_operational,50,2025,federal-e-rozgaar,,Pakistan Economic Survey 2024-25\n"
        "centres_operational,149,2027,federal-e-rozgaar,PB,Quota plan of Aug 2024\n"
    ),
}

MODELS = [
    Operator,
    Programme,
    City,
    Park,
    Centre,
    Company,
    Company.sectors.through,
    Tenancy,
    WorkforceReport,
    Target,
]


def write(directory, name, text, encoding="utf-8"):
    """Write a CSV file into the directory and return its path as a string."""
    path = directory / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def write_all(directory, **replaced):
    """Write the nine files (some replaced by keyword, e.g. workforce_csv=...) and return paths."""
    texts = {**FILES, **{key.replace("_csv", ".csv"): text for key, text in replaced.items()}}
    return [write(directory, name, text) for name, text in texts.items()]


def run(*paths):
    """Run import_registry; return (stdout, stderr, error) where error is the CommandError."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_registry", *paths, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def snapshot():
    """Return every row of every bulk-loaded table, to compare the database before and after."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in MODELS}
