import os
import uuid

import pytest
import redis
from django.urls import reverse

from registry.models import WorkforceReport
from tests.factories import ParkFactory, ReportFactory

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_cache(location, prefix):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }


@pytest.fixture
def shared_cache(settings):
    """Point the page cache at the local Redis, under a prefix of this test's own."""
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"markaz-test-{uuid.uuid4().hex}"
    settings.CACHES = redis_cache(REDIS_URL, prefix)
    settings.PAGE_CACHE_SECONDS = 600
    yield lambda: sorted(server.scan_iter(f"{prefix}:*"))
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.fixture
def park():
    park = ParkFactory(slug="arfa-stp")
    ReportFactory(facility=park, workers=4321, women=1000)
    return park


def test_pages_are_shared_through_redis(client, park, shared_cache, django_assert_num_queries):
    url = reverse("park-detail", args=[park.slug])
    first = client.get(url)
    assert len(shared_cache()) == 1

    with django_assert_num_queries(1):
        second = client.get(url)

    assert second.content == first.content


def test_an_edit_is_visible_at_once_despite_the_shared_cache(client, park, shared_cache):
    url = reverse("park-detail", args=[park.slug])
    assert "4,321" in client.get(url).content.decode()

    report = WorkforceReport.objects.get(facility=park)
    report.workers = 8765
    report.save()
    body = client.get(url).content.decode()

    assert "8,765" in body and "4,321" not in body
    assert len(shared_cache()) == 2


def test_the_site_keeps_answering_when_redis_is_down(client, park, settings):
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0", "markaz-test")
    settings.PAGE_CACHE_SECONDS = 600

    response = client.get(reverse("park-detail", args=[park.slug]))

    assert response.status_code == 200
    assert "4,321" in response.content.decode()
