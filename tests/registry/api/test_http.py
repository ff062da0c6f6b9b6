"""The API's HTTP behaviour (SPEC §4.4): paging, JSON errors, ETag and cache, CORS, throttling."""

import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import OperationalError

from registry.api import views
from registry.models import Company
from tests.factories import CompanyFactory, ParkFactory, ReportFactory

REDIS_URL = os.environ.get("API_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def parks():
    return [ParkFactory(slug=f"park-{n:02}", name=f"Park {n:02}") for n in range(7)]


def test_the_api_address_lists_every_endpoint_each_of_which_answers(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    addresses = response.json()
    endpoints = "centres parks companies cities progress fiscal_years reporting schema docs"
    assert set(addresses) == set(endpoints.split())
    assert addresses["centres"] == "http://testserver/api/v1/centres/"
    for address in addresses.values():
        assert client.get(address).status_code == 200, address


def test_a_list_pages_by_limit_and_offset_with_next_and_previous(client, parks):
    body = client.get("/api/v1/parks/?limit=3&offset=3").json()
    assert body["count"] == 7
    assert [row["slug"] for row in body["results"]] == ["park-03", "park-04", "park-05"]
    assert body["next"] == "http://testserver/api/v1/parks/?limit=3&offset=6"
    assert body["previous"] == "http://testserver/api/v1/parks/?limit=3"
    last = client.get(body["next"]).json()
    assert [row["slug"] for row in last["results"]] == ["park-06"]
    assert last["next"] is None


def test_a_list_shows_50_rows_by_default_and_at_most_1000(client):
    Company.objects.bulk_create(
        Company(slug=f"company-{n:04}", name=f"Company {n:04}", name_key=f"company {n:04}")
        for n in range(1003)
    )
    assert len(client.get("/api/v1/companies/").json()["results"]) == 50
    body = client.get("/api/v1/companies/?limit=5000").json()
    # A larger limit is read as 1000 (documented in the schema).
    assert len(body["results"]) == 1000
    assert body["next"] == "http://testserver/api/v1/companies/?limit=1000&offset=1000"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=-5", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("operational_on=2999-01-01", "operational_on"),
        ("operational_on=yesterday", "operational_on"),
        ("missing_report=2026-13", "missing_report"),
        ("province=XX", "province"),
        ("status=open", "status"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_an_invalid_parameter_answers_400_naming_it(client, parks, query, parameter):
    response = client.get(f"/api/v1/parks/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert body["errors"][parameter][0]
    assert body["detail"]


def test_an_unknown_address_or_slug_answers_404_json(client, parks):
    for url in ("/api/v1/nothing/", "/api/v1/parks/no-such-park/", "/api/v1/companies/none/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_answers_405_json(client, parks, method):
    response = getattr(client, method)("/api/v1/parks/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["detail"]


def test_a_crash_answers_500_json_and_a_lost_database_503(client, monkeypatch):
    park = ParkFactory()
    client.raise_request_exception = False

    def crash(slug, on):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "facility_related", crash)
    response = client.get(f"/api/v1/parks/{park.slug}/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}

    def lost(slug, on):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "facility_related", lost)
    response = client.get(f"/api/v1/parks/{park.slug}/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "database" in response.json()["detail"]


def test_an_unchanged_answer_is_304_and_a_change_makes_a_new_etag(client, parks):
    first = client.get("/api/v1/parks/")
    etag = first["ETag"]
    assert etag and "no-cache" in first["Cache-Control"]
    again = client.get("/api/v1/parks/", headers={"if-none-match": etag})
    assert again.status_code == 304
    ReportFactory(facility=parks[0])
    changed = client.get("/api/v1/parks/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert any(row["workers"] == 100 for row in changed.json()["results"])


def test_the_page_cache_serves_an_answer_again_without_its_queries(
    client, settings, parks, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    first = client.get("/api/v1/parks/?limit=2")
    with django_assert_max_num_queries(1):  # the registry's version, for the ETag
        again = client.get("/api/v1/parks/?limit=2")
    assert again.json() == first.json()
    cache.clear()


def test_cors_lets_any_site_read_the_api_without_credentials(client, parks):
    response = client.get("/api/v1/parks/", headers={"origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/parks/",
        headers={"origin": "https://example.org", "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Origin"] == "*"


def test_cors_stays_off_the_html_site(client, parks):
    response = client.get("/parks/", headers={"origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in response
    assert client.options("/parks/").status_code == 405


def test_requests_are_limited_per_client_address_with_retry_after(client, settings, parks):
    settings.API_THROTTLE_RATE = "2/minute"
    settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    cache.clear()
    one = {"x-forwarded-for": "203.0.113.7"}
    assert client.get("/api/v1/parks/", headers=one).status_code == 200
    assert client.get("/api/v1/parks/", headers=one).status_code == 200
    refused = client.get("/api/v1/parks/", headers=one)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    # Another address, as the proxy reports it, has its own count; a forged entry left of it
    # is the client's own claim and changes nothing.
    other = {"x-forwarded-for": "203.0.113.7, 198.51.100.2"}
    assert client.get("/api/v1/parks/", headers=other).status_code == 200
    cache.clear()


def test_the_limit_is_shared_through_redis_when_configured(client, settings, parks):
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"markaz-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.API_THROTTLE_RATE = "1/minute"
    try:
        assert client.get("/api/v1/parks/").status_code == 200
        # The count lives in Redis, where every app server reads it.
        assert [key.decode() for key in server.scan_iter(f"{prefix}:*throttle_api_*")]
        assert client.get("/api/v1/parks/").status_code == 429
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


def test_a_company_detail_lists_its_tenancies(client):
    company = CompanyFactory(slug="soft", name="Soft")
    from tests.factories import TenancyFactory

    TenancyFactory(company=company, facility=ParkFactory(slug="arfa"), seats=5)
    body = client.get("/api/v1/companies/soft/").json()
    assert body["slug"] == "soft"
    assert body["tenancies"] == [
        {
            "facility": "arfa",
            "facility_name": body["tenancies"][0]["facility_name"],
            "facility_kind": "park",
            "started_on": "2024-01-01",
            "ended_on": None,
            "seats": 5,
            "current": True,
        }
    ]


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*"])
def test_the_answer_is_json_whatever_the_client_accepts(client, parks, accept):
    response = client.get("/api/v1/parks/?format=xml", headers={"accept": accept})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 7
