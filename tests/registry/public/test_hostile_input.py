"""Arbitrary input never breaks the site: query strings at public URLs, rows at the importer."""

import csv
import io
import string
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.models import ImportJob
from registry.models.changes import registry_version

HOSTILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PARAMETERS = [
    "q", "province", "city", "status", "operator", "programme", "host_type", "planned_fy",
    "launch_fy", "operational_on", "sector", "facility", "current", "sort", "page", "as_of",
]  # fmt: skip
# Values near the edges of what filters parse, beside arbitrary text.
TRICKY = [
    "", " ", "0", "-1", "1e309", "9" * 40, "2025", "2025-02-30", "0001-01-01", "9999-12-31",
    "2099-01-01", "-name", "--", "PB", "pseb", "operational", "true", "null", "\x00", "%00",
    "'; DROP TABLE registry_park; --", "<script>alert(1)</script>", "=1+1", "ＡＣＭＥ", "کراچی",
]  # fmt: skip
values = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40))
query_strings = st.one_of(
    st.dictionaries(
        st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=10)), values, max_size=6
    ).map(urlencode),
    st.lists(st.tuples(st.sampled_from(PARAMETERS), values), max_size=6).map(urlencode),
    st.binary(max_size=60).map(lambda raw: quote(raw, safe="=&")),
)


PUBLIC_URLS = [
    ("overview", []),
    ("progress", []),
    ("progress-export", []),
    ("map", []),
    ("centre-list", []),
    ("centre-export", []),
    ("centre-detail", ["e-rozgaar-g9"]),
    ("park-list", []),
    ("park-export", []),
    ("park-detail", ["arfa-stp"]),
    ("company-list", []),
    ("company-export", []),
    ("company-detail", ["acme-soft"]),
    ("city-list", []),
    ("city-export", []),
    ("reporting", []),
    ("reporting-export", []),
    ("healthz", []),
]


@pytest.mark.parametrize(("name", "args"), PUBLIC_URLS)
def test_no_query_string_makes_a_public_url_fail(client, small_registry, name, args):
    url = reverse(name, args=args)

    @HOSTILE
    @given(query=query_strings)
    def check(query):
        response = client.get(f"{url}?{query}")
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code < 500, query

    check()


# The importer: arbitrary rows in every bulk file (SPEC §4.2)

BULK_FILES = {
    "operators.csv": ["slug", "name", "short_name", "kind"],
    "programmes.csv": ["slug", "name", "operator"],
    "cities.csv": ["slug", "name", "province", "latitude", "longitude", "name_ur"],
    "parks.csv": [
        "slug", "name", "operator", "city", "address", "status", "opened_on", "closed_on",
        "area_sqft", "seats", "latitude", "longitude",
    ],
    "centres.csv": [
        "slug", "name", "programme", "operator", "city", "address", "host_institution",
        "host_type", "status", "planned_fy", "launched_on", "closed_on", "seats", "latitude",
        "longitude",
    ],
    "companies.csv": [
        "slug", "name", "secp_registration_no", "ntn", "sectors", "founded_year", "website",
    ],
    "tenancies.csv": ["company", "facility", "started_on", "ended_on", "seats"],
    "workforce.csv": ["facility", "period", "workers", "women", "source"],
    "targets.csv": ["metric", "value", "fiscal_year", "programme", "province", "source"],
}  # fmt: skip
# Plausible cells (existing slugs, codes, dates, numbers) so rows reach the deeper checks.
PLAUSIBLE = [
    "pseb", "federal-e-rozgaar", "arfa-stp", "e-rozgaar-g9", "acme-soft", "city-0", "PB", "KP",
    "operational", "closed", "planned", "university", "software;ites", "software;bogus",
    "federal", "centres_operational", "jobs_at_centres", "2024-01-01", "2026-10", "2026-13",
    "2099-12-31", "2025-02-30", "31.5", "74.3", "99.9", "-5", "0", "12", "2025", "1e9",
    "https://example.pk", "not a url", "0300-1234567", "12-34 56", "\x00", "=cmd|' /C calc'!A0",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=30),
    st.text(alphabet=string.ascii_lowercase + "-", min_size=1, max_size=12),
)


def csv_text(name, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BULK_FILES[name])
    writer.writerows(rows)
    return out.getvalue()


def bulk_file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(csv_text(name, rows), encoding="utf-8")
    return path


def rows_for(name):
    width = len(BULK_FILES[name])
    return st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=4)


def row_counts():
    """Return the rows of every registry and centres table, but the admin's import uploads."""
    return {
        model._meta.label: model._default_manager.count()
        for config in (apps.get_app_config("registry"), apps.get_app_config("centres"))
        for model in config.get_models()
        if model is not ImportJob
    }


@pytest.mark.parametrize("name", BULK_FILES)
def test_no_row_makes_the_importer_crash_or_save_half(tmp_path, small_registry, name):
    @HOSTILE
    @given(rows=rows_for(name))
    def check(rows):
        path = bulk_file(tmp_path, name, rows)
        counts, version = row_counts(), registry_version()
        try:
            call_command("import_registry", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        except CommandError:
            assert row_counts() == counts
            assert registry_version() == version

    check()


ADMIN_IMPORTS = {
    "operators.csv": "registry_operator",
    "programmes.csv": "centres_programme",
    "cities.csv": "registry_city",
    "parks.csv": "registry_park",
    "centres.csv": "centres_centre",
    "companies.csv": "registry_company",
    "tenancies.csv": "registry_tenancy",
    "workforce.csv": "registry_workforcereport",
    "targets.csv": "centres_target",
}


@pytest.mark.parametrize("name", ADMIN_IMPORTS)
def test_no_row_makes_the_admin_import_fail_or_save_half(admin_client, small_registry, name):
    preview_url = reverse(f"admin:{ADMIN_IMPORTS[name]}_import")
    confirm_url = reverse(f"admin:{ADMIN_IMPORTS[name]}_process_import")

    @settings(HOSTILE, max_examples=15)
    @given(rows=rows_for(name))
    def check(rows):
        upload = SimpleUploadedFile(name, csv_text(name, rows).encode(), "text/csv")
        counts, version = row_counts(), registry_version()

        preview = admin_client.post(preview_url, {"format": "0", "import_file": upload})

        assert preview.status_code < 500
        assert row_counts() == counts and registry_version() == version
        confirm = preview.context and preview.context.get("confirm_form")
        if confirm:
            assert admin_client.post(confirm_url, confirm.initial).status_code < 500

    check()
