"""The client's address as the reverse proxy reports it (SPEC §5, §6): for login throttling and,
later, per-address limits."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """Return the client's IP address as the trusted reverse proxies report it (django-axes).

    With TRUSTED_PROXY_COUNT proxies in front, the nearest appends the address it saw to
    X-Forwarded-For, the one before it the address it saw, and so on: the client's is that many
    entries from the right, or the leftmost when the list is shorter (an outer proxy was
    bypassed). Entries further left are the client's own claim and never read. No proxy trusted
    (BEHIND_PROXY unset), an absent header or an entry that is not an address: REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if count else ""
    entries = [entry.strip() for entry in forwarded.split(",")] if forwarded else []
    if not entries:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-min(count, len(entries))]))
    except ValueError:
        return remote
