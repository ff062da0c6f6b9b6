"""The footer of every public page says when the registry last changed, from its version."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import RegistryVersion
from tests.factories import ParkFactory, ReportFactory
from tests.i18n.paths import PUBLIC_PATHS

CHANGED = datetime.datetime(2026, 11, 20, 9, 5, tzinfo=datetime.UTC)  # 14:05 in Pakistan


def changed_on(at):
    """Set the time of the last change without another (update() sends no signals)."""
    RegistryVersion.objects.update(changed_at=at)


def footer(response):
    return re.search(r'<footer class="site-footer">.*?</footer>', response.content.decode(), re.S)[
        0
    ]


@pytest.mark.parametrize("path", [*PUBLIC_PATHS, "/no-such-page/"])
def test_every_public_page_says_when_the_registry_last_changed(client, every_page_registry, path):
    changed_on(CHANGED)

    english = footer(client.get(path))
    urdu = footer(client.get(f"/ur{path}"))

    assert (
        'Registry last changed on <time datetime="2026-11-20T14:05:00+05:00">'
        "20 November 2026 at 14:05</time>, Pakistan time."
    ) in english
    assert '<time datetime="2026-11-20T14:05:00+05:00">20 نومبر 2026' in urdu
    assert "14:05" in urdu


def test_a_page_reads_the_version_once_for_its_etag_and_its_footer(client, every_page_registry):
    changed_on(CHANGED)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/parks/")

    assert "20 November 2026 at 14:05" in footer(response)
    reads = [q for q in queries.captured_queries if '"registry_registryversion"' in q["sql"]]
    assert len(reads) == 1


def test_an_editor_signed_in_sees_it_too(admin_client, every_page_registry):
    changed_on(CHANGED)

    assert "20 November 2026 at 14:05" in footer(admin_client.get("/centres/"))


def test_a_registry_never_changed_says_nothing_of_it(client):
    RegistryVersion.objects.all().delete()

    response = client.get("/")

    assert "last changed" not in footer(response)


def test_an_edit_moves_the_date_on_cached_and_revalidated_pages(client, settings, frozen_today):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    park = ParkFactory(slug="arfa-stp")
    changed_on(CHANGED)
    first = client.get("/parks/arfa-stp/")
    assert "20 November 2026" in footer(first)

    ReportFactory(facility=park)  # a change: the version moves on, stamped now
    again = client.get("/parks/arfa-stp/", headers={"if-none-match": first["ETag"]})
    cached = client.get("/parks/arfa-stp/")
    cache.clear()

    assert again.status_code == 200
    today = f"{frozen_today.day} November 2026"
    assert today in footer(again) and today in footer(cached)
    assert "20 November 2026" not in footer(cached)
