"""Requests refused before any view (registry.web.guards): public methods (405), bodies (413)."""

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import translation

MB = 1024 * 1024
REFUSED = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]


def public_patterns(patterns):
    """Yield every URL pattern outside the admin, however deeply included."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from public_patterns(entry.url_patterns)
        else:
            yield entry


def public_urls():
    """Return a URL of every public pattern in both languages, any path argument made up."""
    urls = []
    for pattern in public_patterns(get_resolver().url_patterns):
        kwargs = {
            name: 1 if isinstance(converter, IntConverter) else "x"
            for name, converter in pattern.pattern.converters.items()
        }
        for language in ("en", "ur"):
            with translation.override(language):
                urls.append(reverse(pattern.name, kwargs=kwargs))
    return urls


PUBLIC_URLS = public_urls()


def test_the_walk_finds_every_public_page_in_both_languages():
    assert {"/", "/progress/", "/progress/export.csv", "/ur/", "/ur/progress/"} <= set(PUBLIC_URLS)
    assert {"/parks/x/", "/ur/companies/export.csv", "/healthz", "/ur/healthz"} <= set(PUBLIC_URLS)
    assert not [url for url in PUBLIC_URLS if url.startswith(reverse("admin:index"))]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_url_answers_get_and_head_only(client, url):
    # The JSON API also answers OPTIONS, for CORS preflights (SPEC §4.4).
    api = url.startswith("/api/")
    for method in [m for m in REFUSED if not (api and m == "OPTIONS")]:
        response = client.generic(method, url)

        assert response.status_code == 405, (method, url)
        assert response["Allow"] == ("GET, HEAD, OPTIONS" if api else "GET, HEAD")
        assert "Content-Security-Policy" in response
    for method in ("GET", "HEAD"):
        assert client.generic(method, url).status_code != 405, (method, url)


def test_a_post_to_no_page_at_all_is_refused_too(client):
    response = client.post("/no-such-page/", {"a": "b"})

    assert response.status_code == 405
    assert response.content == b"This address answers GET and HEAD requests only.\n"


def test_the_admin_still_takes_forms(client):
    response = client.post(reverse("admin:login"), {"username": "nobody", "password": "x"})

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text


# Request bodies


def upload(size, name="big.bin"):
    return SimpleUploadedFile(name, b"x" * size)


def test_a_body_over_the_default_cap_is_refused_unread(client):
    response = client.post(
        reverse("admin:login"),
        {"username": "amna", "password": "wrong", "file": upload(6 * MB)},
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "where this address accepts at most 5 MB" in response.text
    assert not AccessAttempt.objects.exists()


def test_a_body_within_the_cap_is_read(client, settings):
    settings.REQUEST_BODY_MAX_MB = 1

    response = client.post(
        reverse("admin:login"),
        {"username": "amna", "password": "wrong", "file": upload(MB // 2)},
    )

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "amna"


def test_an_import_may_send_its_file_beyond_the_ordinary_cap(admin_client, settings):
    settings.REQUEST_BODY_MAX_MB, settings.IMPORT_MAX_UPLOAD_MB = 1, 2
    url = reverse("admin:registry_park_import")

    within = admin_client.post(url, {"format": "0", "import_file": upload(2 * MB, "parks.csv")})
    beyond = admin_client.post(url, {"format": "0", "import_file": upload(3 * MB + 1, "parks.csv")})

    # Within the cap the upload is taken (and handed to its preview); beyond it, refused unread.
    assert within.status_code in (200, 302)
    assert beyond.status_code == 413
    assert "at most 3 MB" in beyond.text


def test_the_import_allowance_is_for_import_pages_only(admin_client, settings):
    settings.REQUEST_BODY_MAX_MB, settings.IMPORT_MAX_UPLOAD_MB = 1, 2

    response = admin_client.post(reverse("admin:registry_park_add"), {"file": upload(2 * MB)})

    assert response.status_code == 413
    assert "at most 1 MB" in response.text
