"""Per-address limits of the API (SPEC §4.4), by the address the reverse proxy reports."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from registry.web.clients import client_address


class AddressRateThrottle(SimpleRateThrottle):
    """At most API_THROTTLE_RATE requests per client address, counted in the default cache.

    The cache is Redis when REDIS_URL is set, so every app server counts together. Answers the
    page cache or a 304 gives never reach a view and are not counted: they cost next to nothing.
    """

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
