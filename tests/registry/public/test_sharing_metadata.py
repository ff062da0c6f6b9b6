"""Open Graph and Twitter metadata: every public page shares its own title and description."""

import html
import re

import pytest
from django.core.cache import cache

from tests.a11y.pages import PAGE_PATHS, STATUS, localized
from tests.i18n.paths import PUBLIC_PATHS

PROPERTIES = ["og:type", "og:site_name", "og:title", "og:description", "og:url", "og:locale"]
NAMES = ["twitter:card", "twitter:title", "twitter:description", "description"]


def metadata(response):
    """Return the page's <meta> properties and names, unescaped, and its <title>."""
    page = response.content.decode()
    head = page[: page.index("</head>")]
    found = {}
    for key, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head):
        assert key not in found, f"{key} twice"
        found[key] = html.unescape(content)
    found["<title>"] = html.unescape(re.search(r"<title>(.*?)</title>", head, re.S)[1])
    return found


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_public_page_has_its_sharing_metadata(client, every_page_registry, path, language):
    url = localized(language, path)

    response = client.get(url)
    meta = metadata(response)

    assert response.status_code == STATUS.get(path, 200)
    for key in PROPERTIES + NAMES:
        assert meta.get(key, "").strip(), f"{key} missing or empty"
    assert meta["og:title"] == meta["twitter:title"] == meta["<title>"]
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert "<" not in meta["description"]
    assert meta["og:type"] == "website"
    assert meta["twitter:card"] == "summary"
    assert meta["og:url"] == f"http://testserver{url}"
    assert meta["og:locale"] == {"en": "en_PK", "ur": "ur_PK"}[language]


@pytest.mark.parametrize("language", ["en", "ur"])
def test_each_kind_of_page_describes_itself(client, every_page_registry, language):
    descriptions = {
        path: metadata(client.get(localized(language, path)))["og:description"]
        for path in PUBLIC_PATHS
    }

    assert len(set(descriptions.values())) == len(PUBLIC_PATHS), descriptions


def test_a_record_page_names_the_record_in_the_page_language(client, every_page_registry):
    english = metadata(client.get("/cities/lahore/"))
    urdu = metadata(client.get("/ur/cities/lahore/"))

    assert english["og:title"] == "Lahore · Markaz"
    assert english["og:description"].startswith("Lahore, Punjab: ")
    assert urdu["og:title"].startswith("لاہور")
    assert urdu["og:locale"] == "ur_PK"
    assert "لاہور" in urdu["og:description"]


def test_the_address_is_the_one_asked_for_with_its_query(client, every_page_registry):
    meta = metadata(client.get("/centres/?province=PB&sort=name", headers={"host": "localhost"}))

    assert meta["og:url"] == "http://localhost/centres/?province=PB&sort=name"


def test_the_page_cache_keeps_each_hosts_address(client, every_page_registry, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()

    first = metadata(client.get("/parks/", headers={"host": "127.0.0.1"}))
    second = metadata(client.get("/parks/", headers={"host": "localhost"}))
    cache.clear()

    assert first["og:url"] == "http://127.0.0.1/parks/"
    assert second["og:url"] == "http://localhost/parks/"
