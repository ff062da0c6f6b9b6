import io
import json
import logging
import os
import re
import secrets
import shlex
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.template import engines
from django.test import Client
from django.urls import reverse

from registry.models import FacilityQuerySet

MANAGE = str(settings.BASE_DIR / "manage.py")


def env_example():
    """Return the variables of .env.example, the production settings the README documents."""
    lines = (settings.BASE_DIR / ".env.example").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line and not line.startswith("#"))
    return {name: value for name, value in pairs}


# What .env.example sets, with a real secret; tests bring their own database.
PRODUCTION = {
    **env_example(),
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def run(*args, env=None, timeout=60):
    """Run a Python command with only the given settings in its environment."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, **(env or {})},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def sqlite(tmp_path):
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}


def public_urls(small_registry):
    park, centre, company = (
        small_registry["park"],
        small_registry["centre"],
        small_registry["company"],
    )
    return [
        reverse("overview"),
        reverse("progress"),
        reverse("map"),
        reverse("centre-list"),
        reverse("centre-detail", args=[centre.slug]),
        reverse("park-list"),
        reverse("park-detail", args=[park.slug]),
        reverse("company-list"),
        reverse("company-detail", args=[company.slug]),
        reverse("city-list"),
        reverse("city-detail", args=[park.city.slug]),
    ]


# Security headers and the Content-Security-Policy


@pytest.mark.parametrize(
    "url",
    ["/parks/", "/parks/export.csv", "/no-such-page/", "/healthz", "/admin/login/"],
)
def test_every_response_carries_the_security_headers_and_a_strict_csp(client, url):
    response = client.get(url)

    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_public_pages_need_no_inline_script_or_style_so_the_csp_breaks_nothing(
    client, small_registry
):
    for url in public_urls(small_registry):
        response = client.get(url)

        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), url


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(
        MANAGE,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, **sqlite(tmp_path)},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_about_development_settings(tmp_path):
    result = run(MANAGE, "check", "--deploy", "--fail-level", "WARNING", env=sqlite(tmp_path))

    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W009" in result.stderr  # the development SECRET_KEY


HTTPS_PROBE = """
import json
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
call_command("migrate", verbosity=0)
client = Client()
login = client.get(reverse("admin:login"), secure=True)
cookie = login.cookies["csrftoken"]
plain = client.get(reverse("admin:login"))
health = client.get("/healthz")
print(json.dumps({
    "hsts": login.get("Strict-Transport-Security"),
    "cookie_secure": bool(cookie["secure"]),
    "cookie_httponly": bool(cookie["httponly"]),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "health_status": health.status_code,
    "forwarded_status": client.get(
        reverse("admin:login"), headers={"x-forwarded-proto": "https"}
    ).status_code,
}))
"""


def test_production_settings_force_https_with_hsts_and_secure_httponly_cookies(tmp_path):
    env = {**PRODUCTION, **sqlite(tmp_path), "ALLOWED_HOSTS": "testserver"}
    result = run(MANAGE, "shell", "-c", HTTPS_PROBE, env=env)
    assert result.returncode == 0, result.stderr

    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert probe["cookie_secure"] and probe["cookie_httponly"]
    assert probe["plain_status"] == 301
    assert probe["plain_location"].startswith("https://")
    # The load balancer probes /healthz over plain HTTP; the proxy's header counts as HTTPS.
    assert probe["health_status"] == 200
    assert probe["forwarded_status"] == 200


def test_the_admin_path_comes_from_the_environment(tmp_path):
    result = run(
        MANAGE,
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        env={**sqlite(tmp_path), "ADMIN_URL": "office-7f3a/"},
    )

    assert result.stdout.strip().splitlines()[-1] == "/office-7f3a/"


@pytest.mark.parametrize(
    ("env", "count"),
    [
        ({}, "0"),
        ({"TRUSTED_PROXY_COUNT": "2"}, "0"),
        ({"BEHIND_PROXY": "1"}, "1"),
        ({"BEHIND_PROXY": "1", "TRUSTED_PROXY_COUNT": "2"}, "2"),
    ],
)
def test_forwarded_for_is_trusted_only_behind_the_proxy(tmp_path, env, count):
    result = run(
        MANAGE,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)",
        env={**sqlite(tmp_path), **env},
    )

    assert result.stdout.strip().splitlines()[-1] == count


def test_behind_the_proxy_no_proxy_counted_stops_the_app_with_a_message(tmp_path):
    env = {**sqlite(tmp_path), "BEHIND_PROXY": "1", "TRUSTED_PROXY_COUNT": "0"}
    result = run(MANAGE, "check", env=env)

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be at least 1" in result.stderr


def test_a_malformed_admin_path_stops_the_app_with_a_message(tmp_path):
    result = run(MANAGE, "check", env={**sqlite(tmp_path), "ADMIN_URL": "/admin"})

    assert result.returncode != 0
    assert "ADMIN_URL must look like" in result.stderr


# Serving: templates, logs, static files


def test_templates_are_cached_when_debug_is_off():
    loaders = engines["django"].engine.template_loaders

    assert [loader.__class__.__module__ for loader in loaders] == ["django.template.loaders.cached"]


def test_logs_go_to_stdout(tmp_path):
    result = run(
        MANAGE,
        "shell",
        "-c",
        "import logging; logging.getLogger('markaz').warning('log line for the test')",
        env=sqlite(tmp_path),
    )

    assert "log line for the test" in result.stdout
    assert "log line for the test" not in result.stderr


def test_collected_static_files_are_hashed_compressed_and_cached_for_a_year(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    # Our own files only: compressing the admin's would take half a minute.
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "registry" / "static"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.contrib.staticfiles.storage import staticfiles_storage

    url = staticfiles_storage.url("markaz/site.css")
    assert re.fullmatch(r"/static/markaz/site\.[0-9a-f]{12}\.css", url)
    assert (settings.STATIC_ROOT / f"{url.removeprefix('/static/')}.br").exists()
    # A file added since collectstatic ran keeps its plain name rather than breaking the page.
    assert staticfiles_storage.url("markaz/added-later.css") == "/static/markaz/added-later.css"

    response = Client().get(url, headers={"accept-encoding": "br, gzip"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def serve_command():
    """Return the gunicorn command `make serve` runs by default, as arguments."""
    tuned = ("FORWARDED_ALLOW_IPS", "GUNICORN_TIMEOUT")
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "serve"],
        env={name: value for name, value in os.environ.items() if name not in tuned},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    words = shlex.split(next(line for line in dry.splitlines() if " registry.wsgi " in line))
    return words[next(i for i, word in enumerate(words) if word.endswith("/gunicorn")) :]


def test_make_serve_bounds_every_request_and_recycles_its_workers(tmp_path):
    command = serve_command()
    flags = {flag: command[command.index(flag) + 1] for flag in command if flag.startswith("--")}

    assert flags["--timeout"] == flags["--graceful-timeout"] == "30"
    assert (flags["--max-requests"], flags["--max-requests-jitter"]) == ("1000", "100")
    assert flags["--limit-request-line"] == "4094"
    assert flags["--limit-request-fields"] == "50"
    assert flags["--limit-request-field_size"] == "8190"
    assert flags["--forwarded-allow-ips"] == "127.0.0.1,::1"
    # gunicorn refuses a flag it does not know, or a value it cannot take.
    check = run("-m", "gunicorn", *command[1:], "--check-config", env=sqlite(tmp_path))
    assert check.returncode == 0, check.stdout + check.stderr


# Friendly error pages that leak nothing


def no_leak(response, *secrets_):
    body = response.content.decode()
    assert "Traceback" not in body
    assert settings.SECRET_KEY not in body
    for secret in secrets_:
        assert secret not in body


def test_a_missing_page_answers_a_friendly_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert reverse("centre-list") in body
    assert 'class="site-nav"' in body


def test_a_bad_host_answers_a_friendly_400(client):
    response = client.get("/parks/", headers={"host": "evil.example"})

    assert response.status_code == 400
    assert "could not understand that request" in response.content.decode()
    no_leak(response, "evil.example")


@pytest.fixture
def security_log(monkeypatch):
    """The lines the django.security loggers write, formatted as in production."""
    handler = logging.getLogger("django.security").handlers[0]
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    return stream


def test_a_bad_host_is_logged_as_one_warning_line(client, security_log):
    client.get("/parks/", headers={"host": "evil.example"})

    assert security_log.getvalue().splitlines() == [
        "WARNING django.security.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'. "
        "You may need to add 'evil.example' to ALLOWED_HOSTS."
    ]


def test_a_nul_in_a_request_is_logged_as_one_warning_line(client, security_log):
    client.get("/parks/", {"q": "\x00"})

    assert security_log.getvalue().splitlines() == [
        "WARNING django.security.NulInRequest: The request contains a NUL character."
    ]


def test_a_forbidden_admin_page_answers_a_friendly_403(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)

    response = client.get(reverse("admin:registry_park_add"))

    assert response.status_code == 403
    assert "not allowed to see this page" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_answers_a_friendly_403():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("admin:login"), {"username": "hq", "password": "pw"})

    assert response.status_code == 403
    assert "This form could not be sent" in response.content.decode()


def test_a_crash_answers_a_friendly_500_without_leaking_anything(monkeypatch, small_registry):
    def crash(*args, **kwargs):
        raise RuntimeError("internal detail: /srv/markaz/settings.py")

    monkeypatch.setattr(FacilityQuerySet, "with_latest_report", crash)

    response = Client(raise_request_exception=False).get(reverse("park-list"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    no_leak(response, "internal detail")


# A lost database: 503, never a stack trace


def test_a_database_lost_during_a_page_answers_503(monkeypatch, small_registry):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(FacilityQuerySet, "with_latest_report", lost)

    response = Client(raise_request_exception=False).get(reverse("park-list"))

    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert "Content-Security-Policy" in response
    no_leak(response, "server closed the connection")


def test_a_database_lost_in_the_middle_of_an_export_is_logged_as_aborted(
    monkeypatch, caplog, small_registry
):
    def cut_short(*args, **kwargs):
        yield b"slug,name\r\n"
        yield b"arfa-stp,Arfa\r\n"
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("registry.public.exports.responses.csv_chunks", cut_short)
    response = Client().get(reverse("park-export"))

    assert response.status_code == 200
    with pytest.raises(OperationalError):
        b"".join(response.streaming_content)
    assert [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("registry")
    ] == [
        (
            "ERROR",
            "export aborted: /parks/export.csv after 26 bytes: "
            "OperationalError: server closed the connection unexpectedly",
        )
    ]


def test_a_database_lost_before_the_page_answers_503(monkeypatch):
    def lost():
        raise OperationalError("connection refused")

    monkeypatch.setattr("registry.web.middleware.registry_state", lost)

    response = Client(raise_request_exception=False).get(reverse("centre-list"))

    assert response.status_code == 503
    no_leak(response, "connection refused")


DEAD_DATABASE_PROBE = """
import json, time
from django.test import Client
client = Client(raise_request_exception=False)
answers = {}
for url in ["/", "/centres/", "/parks/export.csv", "/no-such-page/", "/healthz"]:
    started = time.monotonic()
    response = client.get(url)
    answers[url] = [response.status_code, time.monotonic() - started, response.content.decode()]
print(json.dumps(answers))
"""


def test_an_unreachable_postgresql_answers_503_within_two_seconds(tmp_path):
    # Port 1 refuses connections: the real driver, the real error, no server needed.
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/markaz",
        "ALLOWED_HOSTS": "testserver",
        "CONN_MAX_AGE": "60",
    }
    result = run(MANAGE, "shell", "-c", DEAD_DATABASE_PROBE, env=env)
    assert result.returncode == 0, result.stderr

    answers = json.loads(result.stdout.strip().splitlines()[-1])

    for url, (status, seconds, body) in answers.items():
        assert status == 503, url
        assert seconds < 2, url
        assert "Traceback" not in body
    assert answers["/healthz"][2] != "ok"
    assert "temporarily unavailable" in answers["/centres/"][2]


def test_error_pages_render_without_the_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        for name in ("400.html", "403_csrf.html", "500.html", "503.html"):
            assert "Markaz" in render_to_string(name)


def test_healthz_answers_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
