"""Login protection (SPEC §5): lockout after five failures, strong passwords, idle sessions end."""

import datetime
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from registry.admin.auth import SEEN
from registry.models import Role
from registry.web.clients import client_address
from tests.factories import staff

PASSWORD = "Correct-Horse-7"
FIFTEEN_MINUTES = datetime.timedelta(minutes=15, seconds=1)
ONE_MINUTE = datetime.timedelta(minutes=1)


def log_in(client, password, username="amna", address="10.0.0.1", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times, **kwargs):
    for _ in range(times):
        log_in(client, "wrong", **kwargs)


def test_a_right_password_logs_in(client, amna):
    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/", ""])
def test_a_login_with_an_unsafe_next_lands_on_the_admin_index(client, amna, unsafe):
    response = client.post(
        reverse("admin:login"), {"username": "amna", "password": PASSWORD, "next": unsafe}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_failed_login_says_so_and_four_do_not_lock(client, amna):
    failed = log_in(client, "wrong")
    fail(client, 3)

    assert failed.status_code == 200
    assert "Please enter the correct username and password" in failed.text
    assert log_in(client, PASSWORD).status_code == 302


def test_five_failures_lock_that_username_from_that_address(client, amna):
    fail(client, 4)

    fifth = log_in(client, "wrong")
    sixth = log_in(client, PASSWORD)

    assert fifth.status_code == sixth.status_code == 429
    assert "Login locked for 15 minutes" in sixth.text
    assert "5 attempts to log in as <strong>amna</strong>" in sixth.text
    assert "_auth_user_id" not in client.session


def test_the_lock_leaves_other_addresses_and_usernames_alone(client, amna):
    staff(Role.VIEWER, username="bilal")
    fail(client, 5)

    elsewhere = log_in(Client(), PASSWORD, address="10.0.0.2")
    other_user = log_in(Client(), PASSWORD, username="bilal")

    assert (elsewhere.status_code, other_user.status_code) == (302, 302)


# Behind the reverse proxy every request comes from the proxy's address (REMOTE_ADDR); the client's
# is the one the proxy appended to X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does.
PROXY = "10.0.0.100"
STRANGER = "203.0.113.5"
OWNER = "198.51.100.7"


def through_proxy(client, password, address, claimed=None, username="amna"):
    """Log in as a client at the address, through one proxy; `claimed` is the client's own XFF."""
    forwarded = f"{claimed}, {address}" if claimed else address
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_behind_the_proxy_a_strangers_failures_never_lock_the_owner_out(behind_proxy, amna):
    stranger = Client()
    for _ in range(12):
        through_proxy(stranger, "wrong", STRANGER)

    owner = through_proxy(Client(), PASSWORD, OWNER)

    assert owner.status_code == 302
    assert through_proxy(stranger, PASSWORD, STRANGER).status_code == 429


def test_behind_the_proxy_the_lock_holds_whatever_address_the_client_claims(behind_proxy, amna):
    client = Client()
    for number in range(5):
        through_proxy(client, "wrong", STRANGER, claimed=f"192.0.2.{number}")

    response = through_proxy(client, PASSWORD, STRANGER, claimed="192.0.2.99")

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


def test_behind_two_proxies_the_client_is_second_from_the_right(settings, amna):
    settings.TRUSTED_PROXY_COUNT = 2
    client = Client()
    for _ in range(5):
        through_proxy(client, "wrong", f"{STRANGER}, 10.0.0.7", claimed=OWNER)

    owner = through_proxy(Client(), PASSWORD, f"{OWNER}, 10.0.0.7")

    assert owner.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


def test_without_a_trusted_proxy_forwarded_for_is_ignored(settings, amna):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    for number in range(5):
        log_in(client, "wrong", address=STRANGER, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    response = log_in(client, PASSWORD, address=STRANGER, HTTP_X_FORWARDED_FOR=OWNER)

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


@pytest.mark.parametrize(
    ("count", "forwarded", "address"),
    [
        (0, "192.0.2.1", PROXY),
        (1, "", PROXY),
        (1, OWNER, OWNER),
        (1, f"192.0.2.1, {OWNER}", OWNER),
        (1, f" 192.0.2.1 ,{OWNER} ", OWNER),
        (2, f"192.0.2.1, {OWNER}, 10.0.0.7", OWNER),
        (2, OWNER, OWNER),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "192.0.2.1, not-an-address", PROXY),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_appended(
    settings, rf, count, forwarded, address
):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == address


def test_the_lock_expires_after_fifteen_minutes(client, amna):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - FIFTEEN_MINUTES)

    response = log_in(client, PASSWORD)

    assert response.status_code == 302


def test_the_lock_still_holds_just_before_fifteen_minutes(client, amna):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - FIFTEEN_MINUTES + ONE_MINUTE
    )

    assert log_in(client, PASSWORD).status_code == 429


def test_weak_passwords_are_refused(amna):
    for weak in ["12345678", "password", "Ab3$x"]:
        with pytest.raises(ValidationError):
            validate_password(weak, amna)
    validate_password(PASSWORD, amna)


# Admin sessions end after 30 minutes without a request.


def logged_in(amna):
    client = Client()
    client.force_login(amna)
    return client


def expire_date(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_idle_session_ends_after_thirty_minutes(amna):
    client = logged_in(amna)
    Session.objects.update(expire_date=datetime.datetime.now(datetime.UTC) - ONE_MINUTE)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_session_expires_thirty_minutes_after_login(amna):
    client = logged_in(amna)

    left = expire_date(client) - datetime.datetime.now(datetime.UTC)

    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_using_the_admin_renews_the_session(amna):
    client = logged_in(amna)
    session = client.session
    session[SEEN] = int(time.time()) - 120
    session.save()
    Session.objects.update(expire_date=datetime.datetime.now(datetime.UTC) + ONE_MINUTE)

    assert client.get(reverse("admin:index")).status_code == 200

    left = expire_date(client) - datetime.datetime.now(datetime.UTC)
    assert left > datetime.timedelta(minutes=29)


def test_the_public_site_leaves_the_session_alone(amna):
    client = logged_in(amna)
    session = client.session
    session[SEEN] = int(time.time()) - 120
    session.save()
    Session.objects.update(expire_date=datetime.datetime.now(datetime.UTC) + ONE_MINUTE)

    client.get("/healthz")

    assert expire_date(client) - datetime.datetime.now(datetime.UTC) < ONE_MINUTE
