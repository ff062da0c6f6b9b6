"""The API's OpenAPI 3 schema and its docs page (SPEC §4.4): every list's FilterSet described,
rows typed from the lists' declarations, docs from our own static files under the site's CSP."""

import re

import pytest

from centres.public.filters import CentreFilterSet
from registry.public.filters import CityFilterSet, CompanyFilterSet, ParkFilterSet
from registry.public.lists import PARKS
from tests.factories import ParkFactory

LISTS = {
    "/api/v1/centres/": CentreFilterSet,
    "/api/v1/parks/": ParkFilterSet,
    "/api/v1/companies/": CompanyFilterSet,
    "/api/v1/cities/": CityFilterSet,
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_schema_is_openapi_3_with_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert paths >= {*LISTS, "/api/v1/progress/", "/api/v1/fiscal-years/", "/api/v1/reporting/"}
    assert {"/api/v1/parks/{slug}/", "/api/v1/centres/{slug}/"} <= paths


@pytest.mark.parametrize(("path", "filterset_class"), LISTS.items())
def test_every_filter_of_a_list_is_a_parameter(schema, path, filterset_class):
    operation = schema["paths"][path]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {*filterset_class.base_filters, "limit", "offset"}
    sort = next(p for p in operation["parameters"] if p["name"] == "sort")
    assert sort["schema"]["enum"] == sorted(filterset_class.base_filters["sort"].orders)
    assert {"200", "400", "429"} <= set(operation["responses"])


def test_a_row_is_typed_from_the_list_declaration(schema):
    row = schema["components"]["schemas"]["Park"]["properties"]
    assert list(row) == [column.name for column in PARKS.exported]
    assert row["workers"]["type"] == "integer"
    assert row["opened_on"] == {"type": "string", "format": "date", "nullable": True}
    assert row["latitude"]["type"] == "number"
    assert row["last_report"]["type"] == "string"


@pytest.mark.parametrize(
    ("query", "parameter"), [("sort=oldest", "sort"), ("current=maybe", "current")]
)
def test_what_the_page_reads_leniently_the_api_refuses(client, query, parameter):
    response = client.get(f"/api/v1/companies/?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


def test_the_docs_page_uses_our_static_files_and_no_inline_code(client):
    ParkFactory()
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'<script src="([^"]+)"></script>', html)
    assert len(sources) == 3 and len(re.findall(r"<script", html)) == 3
    assert "<style" not in html and " style=" not in html
    assert all(url.startswith("/") and "//" not in url for url in sources)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert page["Content-Security-Policy"] == client.get("/parks/")["Content-Security-Policy"]
    script = client.get(sources[-1])
    assert script["Content-Type"] == "application/javascript"
    assert "/api/v1/schema/" in script.content.decode()
    assert "csrf" not in script.content.decode().lower()
