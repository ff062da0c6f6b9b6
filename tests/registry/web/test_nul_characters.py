"""No NUL character reaches the database: PostgreSQL text cannot hold one (a 500), SQLite keeps it.

Requests carrying one anywhere a view reads answer 400 (registry.web.guards); Django drops it from
upload names; bulk files name the cell (registry.importers). Run on PostgreSQL too: there, each
of these was a 500 or a row error worded by the database.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from registry.models import Company, Province
from tests.factories import CompanyFactory, ParkFactory, TenancyFactory

NUL = "a\x00b"
COMPANIES = "slug,name,secp_registration_no,ntn,sectors,founded_year,website\n"


@pytest.fixture
def park():
    park = ParkFactory(slug="arfa-stp")
    TenancyFactory(company=CompanyFactory(slug="acme-soft"), facility=park)
    return park


# (method, path, data): what the admin's clerk, or anyone, can send.
ADMIN_REQUESTS = [
    (
        "get",
        "/admin/autocomplete/",
        {"term": NUL, "app_label": "registry", "model_name": "tenancy", "field_name": "company"},
    ),
    ("get", "/admin/registry/park/", {"q": NUL}),
    ("get", "/admin/registry/park/", {"city__province__code__exact": NUL}),
    ("get", "/admin/registry/park/", {"status__exact": NUL}),
    ("get", "/admin/registry/park/", {NUL: "x"}),
    ("get", "/admin/registry/province/a%00b/change/", {}),
    ("post", "/admin/registry/park/", {"action": "delete_selected", "_selected_action": NUL}),
    ("post", "/admin/registry/province/add/", {"code": NUL, "name": "Nowhere"}),
    ("post", "/admin/registry/company/add/", {"name": NUL, "slug": "x"}),
]
PUBLIC_REQUESTS = [
    ("get", "/parks/", {"q": NUL}),
    ("get", "/parks/", {"city": NUL}),
    ("get", "/companies/", {"facility": NUL}),
    ("get", "/companies/export.csv", {"sector": NUL}),
    ("get", "/progress/", {"as_of": NUL}),
    ("get", "/", {"as_of": NUL}),
    ("get", "/centres/", {"programme": NUL}),
]


def refused(response):
    assert response.status_code == 400
    assert "We could not understand that request" in response.text


@pytest.mark.parametrize(("method", "path", "data"), ADMIN_REQUESTS)
def test_a_nul_anywhere_in_an_admin_request_answers_400(admin_client, park, method, path, data):
    admin_client.raise_request_exception = False

    refused(getattr(admin_client, method)(path, data))

    assert not Province.objects.filter(name="Nowhere").exists()


@pytest.mark.parametrize(("method", "path", "data"), PUBLIC_REQUESTS)
def test_a_nul_in_a_public_query_answers_400(park, method, path, data):
    response = getattr(Client(raise_request_exception=False), method)(path, data)

    refused(response)


def test_the_400_page_speaks_urdu_under_ur():
    response = Client().get("/ur/parks/", {"q": NUL})

    assert response.status_code == 400
    assert 'lang="ur"' in response.text


def test_a_nul_in_a_login_answers_400():
    response = Client().post(reverse("admin:login"), {"username": NUL, "password": "x"})

    assert response.status_code == 400


def test_a_nul_in_a_cookie_answers_400(park):
    # A quoted cookie value's octal escapes are decoded: this session key holds a NUL.
    client = Client(HTTP_COOKIE='sessionid="\\000abcdefghijklmnop"')

    assert client.get(reverse("admin:index")).status_code == 400
    assert client.get(reverse("park-list")).status_code == 400


def test_a_nul_in_a_header_answers_400(admin_client):
    response = admin_client.get(reverse("admin:index"), headers={"user-agent": NUL})

    assert response.status_code == 400


def test_a_nul_in_a_bulk_files_text_cell_is_an_error_by_its_column(tmp_path):
    path = tmp_path / "companies.csv"
    path.write_text(COMPANIES + "acme,Ac\x00me,,,,,\n", encoding="utf-8")
    stderr = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_registry", str(path), stdout=io.StringIO(), stderr=stderr)

    assert stderr.getvalue().splitlines() == [
        "companies.csv:2: name: The cell contains a NUL character (0x00), which text cannot hold."
    ]
    assert not Company.objects.exists()


def test_a_nul_in_an_admin_import_is_an_error_by_its_column(admin_client):
    upload = SimpleUploadedFile("companies.csv", (COMPANIES + "acme,Ac\x00me,,,,,\n").encode())

    preview = admin_client.post(
        reverse("admin:registry_company_import"), {"format": "0", "import_file": upload}
    )

    assert preview.status_code == 200
    assert preview.context["result"].problems == [
        (2, "name", "The cell contains a NUL character (0x00), which text cannot hold.")
    ]
    assert not Company.objects.exists()
