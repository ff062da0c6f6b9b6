"""Signing in to the admin: failed logins throttled per account and address (django-axes), and
sessions that end when idle (SPEC §5)."""

import time

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


class LockoutBackend(AxesStandaloneBackend):
    """Counts failed logins and refuses locked-out ones (django-axes), for logins over HTTP.

    A login made without a request (the test client's ``login()``, a management command) is not
    one an attacker can repeat over the network, so it is let through to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# The session key of the last time an admin session's expiry was renewed, in epoch seconds.
SEEN = "markaz_seen"
RENEW_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    """Ends an admin session SESSION_COOKIE_AGE seconds after its last request.

    Saving the session on every request would do the same at one write per request; this
    renews the expiry at most once a minute, so an idle session lasts the age less up to a
    minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.app_name == "admin" and request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SEEN, 0) >= RENEW_EVERY_SECONDS:
                request.session[SEEN] = now
        return response


@receiver(user_logged_in, dispatch_uid="markaz-session-seen")
def mark_session_seen(sender, request, user, **kwargs):
    """Start a new session's idle clock at login (the login saves the session anyway)."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN] = int(time.time())
