"""Middleware of the public site: replica reads, conditional GETs, the page cache, cut streams."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, has_vary_header, patch_cache_control
from redis.exceptions import RedisError

from registry.models.calendar import today
from registry.models.changes import registry_state, registry_version
from registry.web.routers import public_reads

logger = logging.getLogger(__name__)


def page_etag(registry=None):
    """Return the ETag of a public page: the same while the registry, the day and release are.

    `registry` is the registry's state (registry_state()) when the caller has read it already.
    """
    version = registry_version() if registry is None else registry.number
    state = f"{settings.RELEASE}:{version}:{today().isoformat()}"
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'


def is_public_read(request):
    """Say whether the request reads the public site: a GET or HEAD outside admin and /healthz."""
    return request.method in ("GET", "HEAD") and not request.path_info.startswith(
        (f"/{settings.ADMIN_URL}", "/healthz")
    )


def _reading_replica(content):
    with public_reads():
        yield from content


class ReplicaReadsMiddleware:
    """Route the reads of public pages and CSVs, streamed rows included, to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request):
            return self.get_response(request)
        with public_reads():
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _reading_replica(response.streaming_content)
        return response


class AbortedStreamLogMiddleware:
    """Log a streamed response (a CSV export) that fails after its status and headers went out.

    By then the client and gunicorn's access log have seen a 200; the client sees the transfer
    broken off, and this ERROR line tells the operator the file was cut short, where and why.
    A client that goes away (GeneratorExit) aborts nothing of ours and is not logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _logging_abort(response.streaming_content, request.path)
        return response


def _logging_abort(content, path):
    sent = 0
    try:
        for chunk in content:
            sent += len(chunk)
            yield chunk
    except Exception as exc:
        logger.error(
            "export aborted: %s after %d bytes: %s: %s", path, sent, type(exc).__name__, exc
        )
        raise


class PublicPageCacheMiddleware:
    """Answer an unchanged public page with 304 and keep rendered pages in the shared cache.

    The ETag names the registry version, the day and the release (page_etag),
    so an edit, midnight or a deploy changes it; cached pages are keyed by it, so none outlives
    the registry it was rendered from. Requests with a session (editors) bypass both, and so
    do responses that set cookies, vary on them or state their own Cache-Control.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request) or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        # Kept for the page's footer ("Registry last changed on ..."), so it costs no query of its
        # own; it is the version the ETag and so the cache key name, so a cached page agrees too.
        request.registry_state = registry_state()
        etag = page_etag(request.registry_state)
        response = get_conditional_response(request, etag=etag)
        if response is None:
            response = self._cached_or_rendered(request, etag)
            if response.status_code != 200 or not _is_shareable(response):
                return response
        response.headers["ETag"] = etag
        # Public data, but always revalidated: a 304 costs one query and no figure goes stale.
        patch_cache_control(response, public=True, no_cache=True)
        return response

    def _cached_or_rendered(self, request, etag):
        if not settings.PAGE_CACHE_SECONDS:
            return self.get_response(request)
        # The absolute address: a page names it (og:url), so each host and scheme has its own copy.
        key = "page:" + hashlib.sha256(f"{etag}{request.build_absolute_uri()}".encode()).hexdigest()
        cached = _cache_call(cache.get, key)
        if cached is not None:
            status, headers, content = cached
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and _is_shareable(response)
        ):
            page = (response.status_code, dict(response.headers), response.content)
            _cache_call(cache.set, key, page, settings.PAGE_CACHE_SECONDS)
        return response


def _is_shareable(response):
    return not (
        response.cookies
        or response.has_header("ETag")
        or response.has_header("Cache-Control")
        or has_vary_header(response, "Cookie")
    )


def _cache_call(method, *args):
    # A lost cache server slows pages down; it must not take them down.
    try:
        return method(*args)
    except RedisError:
        logger.warning("Page cache unavailable; serving without it.", exc_info=True)
        return None
